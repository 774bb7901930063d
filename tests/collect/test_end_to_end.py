"""End to end with the real forms: XLSForm → XForm (pyxform) → formList and manifest read as Collect reads them →
a household visit built from the XForm's own instance, sent as Collect sends it (HEAD, then a multipart POST with
Digest authentication) → register rows and classification → a follow-up of that child picked from the manifest's
children file. Also: publishing new versions, and submissions of an older version still processed."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date, timedelta
from typing import Any

import pytest
from defusedxml import ElementTree
from django.core.management import call_command

from sosteci.collect import compiling
from sosteci.collect.catalog import ALERT, FOLLOW_UP, HOUSEHOLD_VISIT, PARTNER_REPORT
from sosteci.collect.compiling import CompiledForm, compile_xlsform, iter_xlsforms
from sosteci.collect.instances import XFormInstance
from sosteci.collect.models import Submission, XForm
from sosteci.collect.services import VersionChanged, collect_password_set, xforms_publish
from sosteci.registry.models import Child, Household, Visit
from tests.collect.openrosa_client import CollectClient
from tests.conftest import Team

PASSWORD = "mot-de-passe-collecte-26"
FORM_LIST = "{http://openrosa.org/xforms/xformsList}"
MANIFEST = "{http://openrosa.org/xforms/xformsManifest}"
OPENROSA = "{http://openrosa.org/http/response}"
TODAY = date.today()


@pytest.fixture(scope="module")
def compiled() -> list[CompiledForm]:
    return [compile_xlsform(path) for path in iter_xlsforms()]


@pytest.fixture
def published(db: None, compiled: list[CompiledForm]) -> None:
    report = xforms_publish(by=None, forms=compiled)
    assert len(report.published) == len(compiled) == 6


@pytest.fixture
def agent(team: Team, published: None) -> CollectClient:
    collect_password_set(by=team.agent, user=team.agent, password=PASSWORD)
    return CollectClient(team.agent.username, PASSWORD)


# --- Reading the server as Collect does ----------------------------------------------------------------------------


def _path(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[-1].join(["/", ""])


def form_list(client: CollectClient) -> dict[str, dict[str, str]]:
    response = client.get("/openrosa/formList")
    assert response.status_code == 200
    assert response["X-OpenRosa-Version"] == "1.0"
    root = ElementTree.fromstring(response.content)
    return {
        item.findtext(f"{FORM_LIST}formID"): {_local(e.tag): (e.text or "") for e in item}
        for item in root.iter(f"{FORM_LIST}xform")
    }


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def download_form(client: CollectClient, entry: dict[str, str]) -> tuple[bytes, dict[str, bytes]]:
    """The form and its media files, each checked against the hash the server announced."""
    response = client.get(_path(entry["downloadUrl"]))
    assert response.status_code == 200
    assert compiling.md5(response.content.decode()) == entry["hash"]
    manifest = client.get(_path(entry["manifestUrl"]))
    assert manifest.status_code == 200 and manifest["X-OpenRosa-Version"] == "1.0"
    files = {}
    for media in ElementTree.fromstring(manifest.content).iter(f"{MANIFEST}mediaFile"):
        content = client.get(_path(media.findtext(f"{MANIFEST}downloadUrl"))).content
        assert compiling.md5(content.decode()) == media.findtext(f"{MANIFEST}hash")
        files[media.findtext(f"{MANIFEST}filename")] = content
    return response.content, files


def rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def send(client: CollectClient, xml: bytes) -> Any:
    """HEAD first (Collect asks the accepted size), then the multipart POST; the answer is OpenRosa XML."""
    head = client.head("/openrosa/submission")
    assert head.status_code == 204 and int(head["X-OpenRosa-Accept-Content-Length"]) > len(xml)
    response = client.request("POST", "/openrosa/submission", data={"xml_submission_file": _upload(xml)})
    assert response["X-OpenRosa-Version"] == "1.0"
    assert ElementTree.fromstring(response.content).tag == f"{OPENROSA}OpenRosaResponse"
    return response


def _upload(xml: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("submission.xml", xml, content_type="text/xml")


# --- Answers ---------------------------------------------------------------------------------------------------------

WEEK = {"attends_school": "yes", "works_during_school_hours": "no", "night_work": "no", "apprenticeship": "no"}


def household_answers(locality: str) -> dict[str, Any]:
    start = f"{TODAY.isoformat()}T09:00:00.000+00:00"
    return {
        "start": start,
        "end": f"{TODAY.isoformat()}T09:40:00.000+00:00",
        "username": "agent",
        "deviceid": "collect:Xk3fT9bQ2m",
        "visit_date": TODAY.isoformat(),
        "consent": "yes",
        "locality": locality,
        "gps": "5.781234 -6.612345 121.5 6.0",
        "head_family_name": "KOUASSI",
        "head_given_names": "Jean",
        "head_sex": "M",
        "head_phone": "0707123456",
        "size": "7",
        "main_crops": "cacao vivrier",
        "children_count": "3",
        "child": [
            {
                "family_name": "KOUASSI",
                "given_names": "Aya",
                "sex": "F",
                "dob_known": "yes",
                "date_of_birth": "2014-03-01",
                "birth_certificate": "yes",
                "nationality": "CI",
                "lives_with_parents": "both",
                "relation_to_head": "child",
                "schooling": "enrolled",
                "grade": "CM2",
                "disability": "no",
                **WEEK,
                "activity_count": "1",
                "activity": [{"code": "CACAO", "hours": "10"}],
                "hazardous_tasks": "H_MACHETTE",
                "indicators": "",
                "injured_at_work": "no",
            },
            {
                "family_name": "KOUASSI",
                "given_names": "Koffi",
                "sex": "M",
                "dob_known": "no",
                "declared_age": "16",
                "birth_certificate": "in_progress",
                "nationality": "other",
                "nationality_other": "SN",
                "place_of_origin": "Kaolack, Sénégal",
                "arrived_on": "2025-09-01",
                "lives_with_parents": "neither",
                "relation_to_head": "nephew",
                "schooling": "enrolled",
                "grade": "3e",
                "disability": "no",
                "guardian_name": "KOUASSI Jean",
                **WEEK,
                "activity_count": "0",
                "hazardous_tasks": "",
                "indicators": "",
                "injured_at_work": "no",
            },
            {
                "family_name": "KOUASSI",
                "given_names": "Awa",
                "sex": "F",
                "dob_known": "yes",
                "date_of_birth": "2018-06-10",
                "birth_certificate": "no",
                "nationality": "CI",
                "lives_with_parents": "both",
                "relation_to_head": "child",
                "schooling": "enrolled",
                "grade": "CE1",
                "disability": "no",
                **WEEK,
                "activity_count": "1",
                "activity": [{"code": "CACAO", "hours": "6"}],
                "hazardous_tasks": "",
                "indicators": "",
                "injured_at_work": "no",
            },
            # Collect keeps an instance past a lowered count and sends it empty.
            {},
        ],
        "notes": "Visite menée avec le chef de ménage.",
    }


def follow_up_answers(locality: str, child_code: str) -> dict[str, Any]:
    return {
        "start": f"{TODAY.isoformat()}T10:00:00.000+00:00",
        "end": f"{TODAY.isoformat()}T10:15:00.000+00:00",
        "username": "agent",
        "deviceid": "collect:Xk3fT9bQ2m",
        "visit_date": TODAY.isoformat(),
        "locality": locality,
        "child": child_code,
        **WEEK,
        "activity_count": "0",
        "hazardous_tasks": "",
        "indicators": "",
        "injured_at_work": "no",
        "still_working": "no",
        "services_received": "school_kit birth_certificate",
    }


# --- The journey -------------------------------------------------------------------------------------------------


def test_from_the_xlsform_to_the_register_and_a_follow_up(
    agent: CollectClient, team: Team, django_capture_on_commit_callbacks
) -> None:
    forms = form_list(agent)
    assert set(forms) == {
        "sosteci_fiche_localite",
        "sosteci_visite_menage",
        "sosteci_suivi_enfant",
        "sosteci_seance_sensibilisation",
        "sosteci_signalement",
    }, "an agent gets the field tools, not the partners' report"
    assert forms[HOUSEHOLD_VISIT]["version"] == "2026112301"
    assert forms[HOUSEHOLD_VISIT]["name"] == "Visite ménage"

    # The household visit, downloaded with its list of localités; the answer is picked from that list.
    xform, media = download_form(agent, forms[HOUSEHOLD_VISIT])
    localities = rows(media["localites.csv"])
    badayo = next(row for row in localities if row["label"].startswith("Badayo"))
    instance = XFormInstance(xform)
    assert (instance.form_id, instance.version) == (HOUSEHOLD_VISIT, "2026112301")
    xml = instance.fill(household_answers(badayo["name"]), instance_id="uuid:6f1c2d9e-household-1")

    with django_capture_on_commit_callbacks(execute=True):
        response = send(agent, xml)
    assert response.status_code == 201, response.content.decode()
    submission = Submission.objects.get(instance_id="uuid:6f1c2d9e-household-1")
    assert submission.status == Submission.Status.PROCESSED, submission.error
    assert (submission.form_id, submission.form_version) == (HOUSEHOLD_VISIT, "2026112301")
    assert submission.flags == []

    household = Household.objects.get(pk=submission.result["household"])
    assert (household.locality, household.head_family_name, household.size) == (team.agent.jurisdiction, "KOUASSI", 7)
    assert household.main_crops == ["cacao", "vivrier"] and household.gps_accuracy_m == 6
    children = {c.given_names: c for c in household.children.all()}
    assert set(children) == {"Aya", "Koffi", "Awa"}, "the empty instance past the count is not a child"
    assert children["Aya"].category == "hazardous_child_labour"
    assert children["Awa"].category == "child_labour"
    assert children["Koffi"].category == "at_risk", "lives with neither parent (rule RK_SEPARATED)"
    assert (children["Koffi"].nationality, children["Koffi"].declared_age) == ("SN", 16)
    aya_visit = Visit.objects.get(child=children["Aya"])
    assert aya_visit.activities == [{"code": "CACAO", "hours": 10.0}]
    assert (aya_visit.source, aya_visit.submission) == (Visit.Source.MOBILE, submission)

    # The follow-up form: its children file now lists Aya, under her localité; the hash announced changed.
    forms_after = form_list(agent)
    xform, media = download_form(agent, forms_after[FOLLOW_UP])
    listed = [row for row in rows(media["enfants.csv"]) if row["locality"] == badayo["name"]]
    aya = next(row for row in listed if "Aya" in row["label"])
    assert aya["name"] == children["Aya"].code and aya["label"].startswith("KOUASSI Aya")
    follow_up = XFormInstance(xform).fill(follow_up_answers(badayo["name"], aya["name"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = send(agent, follow_up)
    assert response.status_code == 201, response.content.decode()
    done = Submission.objects.get(form_id=FOLLOW_UP)
    assert done.status == Submission.Status.PROCESSED, done.error
    assert done.result["services"] == ["school_kit", "birth_certificate"]
    visit = Visit.objects.get(pk=done.result["visits"][0])
    assert (visit.child_id, visit.kind, visit.category) == (children["Aya"].pk, Visit.Kind.FOLLOW_UP, "not_working")
    assert Child.objects.get(pk=children["Aya"].pk).visits.count() == 2


def test_children_file_hash_is_stable_and_follows_the_register(agent: CollectClient, register) -> None:
    def announced() -> str:
        manifest = agent.get(f"/openrosa/forms/{FOLLOW_UP}/2026112301/manifest")
        files = {
            m.findtext(f"{MANIFEST}filename"): m.findtext(f"{MANIFEST}hash")
            for m in ElementTree.fromstring(manifest.content).iter(f"{MANIFEST}mediaFile")
        }
        return files["enfants.csv"]

    first = announced()
    assert announced() == first, "same register, same hash: Collect downloads nothing again"
    Child.objects.filter(pk=register.aya.pk).update(given_names="Aya Marie")
    assert announced() != first


def test_an_edit_sent_from_collect_corrects_the_household(
    agent: CollectClient, django_capture_on_commit_callbacks
) -> None:
    instance = XFormInstance(download_form(agent, form_list(agent)[HOUSEHOLD_VISIT])[0])
    answers = household_answers("CI260401001")
    with django_capture_on_commit_callbacks(execute=True):
        assert send(agent, instance.fill(answers, instance_id="uuid:first")).status_code == 201
        edited = {**answers, "head_phone": "0505123456", "size": "8"}
        assert (
            send(agent, instance.fill(edited, instance_id="uuid:second", deprecated_id="uuid:first")).status_code == 201
        )
    assert Household.objects.count() == 1
    household = Household.objects.get()
    assert (household.head_phone, household.size, household.children.count()) == ("+2250505123456", 8, 3)
    assert Submission.objects.get(instance_id="uuid:first").status == Submission.Status.SUPERSEDED


def alert_answers(locality: str) -> dict[str, Any]:
    return {
        "start": f"{TODAY.isoformat()}T11:00:00.000+00:00",
        "end": f"{TODAY.isoformat()}T11:08:00.000+00:00",
        "username": "agent",
        "deviceid": "collect:Xk3fT9bQ2m",
        "source": "community_relay",
        "urgency": "high",
        "locality": locality,
        "place_detail": "Campement au bord de la piste",
        "observed_at": f"{TODAY.isoformat()}T07:30:00.000+00:00",
        "situation": "trafficking",
        "description": "Trois garçons arrivés la nuit avec un intermédiaire, sans leurs parents.",
        "children_count": "3",
        "child_known": "no",
        "child_age": "12",
        "child_sex": "M",
        "reporter_name": "Relais de Badayo",
        "reporter_phone": "0707000001",
    }


def test_a_report_sent_from_collect_becomes_an_alert_to_triage(
    agent: CollectClient, team: Team, django_capture_on_commit_callbacks
) -> None:
    from sosteci.cases.models import Alert

    instance = XFormInstance(download_form(agent, form_list(agent)[ALERT])[0])
    answers = alert_answers("CI260401001")
    with django_capture_on_commit_callbacks(execute=True):
        assert send(agent, instance.fill(answers, instance_id="uuid:alert-1")).status_code == 201
    submission = Submission.objects.get(instance_id="uuid:alert-1")
    assert submission.status == Submission.Status.PROCESSED, submission.error
    alert = Alert.objects.get(pk=submission.result["alert"])
    assert (alert.source, alert.situation, alert.urgency, alert.children_count) == (
        "community_relay",
        "trafficking",
        "high",
        3,
    )
    assert (alert.locality.pcode, alert.child_name, alert.child_age, alert.reporter_phone) == (
        "CI260401001",
        "",
        12,
        "+2250707000001",
    )
    # Trafficking: triaged within 24 h of the server's reception, whatever the processing delay.
    assert alert.triage_due_at - submission.received_at == timedelta(hours=24)
    assert (alert.status, alert.created_by, alert.submission) == (Alert.Status.NEW, team.agent, submission)

    # Corrected from the phone before triage: the same alert changes, no second one.
    edited = {**answers, "children_count": "2", "situation": "child_labour"}
    with django_capture_on_commit_callbacks(execute=True):
        send(agent, instance.fill(edited, instance_id="uuid:alert-2", deprecated_id="uuid:alert-1"))
    alert.refresh_from_db()
    assert (Alert.objects.count(), alert.children_count, alert.situation) == (1, 2, "child_labour")
    assert alert.triage_due_at - alert.received_at == timedelta(hours=72)

    # A localité the server does not know: refused at once, so the phone keeps the form and says why.
    refused = send(agent, instance.fill({**answers, "locality": "CI999999999"}, instance_id="uuid:alert-3"))
    assert refused.status_code == 400 and "CI999999999" in refused.content.decode()
    # A number the form should have stopped: stored, failed with the field named, nothing created.
    with django_capture_on_commit_callbacks(execute=True):
        send(agent, instance.fill({**answers, "reporter_phone": "12"}, instance_id="uuid:alert-4"))
    failed = Submission.objects.get(instance_id="uuid:alert-4")
    assert failed.status == Submission.Status.FAILED and "reporter_phone" in failed.error
    assert Alert.objects.count() == 1


# --- Versions ------------------------------------------------------------------------------------------------------


def _new_version(form: CompiledForm, version: str, title: str) -> CompiledForm:
    xml = form.xml.replace(f'version="{form.version}"', f'version="{version}"').replace(form.title, title)
    return dataclasses.replace(form, version=version, title=title, xml=xml, md5=compiling.md5(xml))


def test_a_new_version_is_served_and_the_older_one_still_processes(
    agent: CollectClient, compiled: list[CompiledForm], django_capture_on_commit_callbacks
) -> None:
    old = next(f for f in compiled if f.form_id == HOUSEHOLD_VISIT)
    old_xform, _media = download_form(agent, form_list(agent)[HOUSEHOLD_VISIT])
    report = xforms_publish(by=None, forms=[*compiled, _new_version(old, "2026112401", "Visite ménage (v2)")])
    assert report.published == [f"{HOUSEHOLD_VISIT} 2026112401"] and len(report.unchanged) == 6
    entry = form_list(agent)[HOUSEHOLD_VISIT]
    assert (entry["version"], entry["name"]) == ("2026112401", "Visite ménage (v2)")
    assert list(XForm.objects.filter(form_id=HOUSEHOLD_VISIT).values_list("version", "is_active")) == [
        ("2026112401", True),
        ("2026112301", False),
    ]
    # A phone that has not refreshed its forms still sends the older version: stored and processed.
    with django_capture_on_commit_callbacks(execute=True):
        response = send(agent, XFormInstance(old_xform).fill(household_answers("CI260401001")))
    assert response.status_code == 201
    assert Submission.objects.get().status == Submission.Status.PROCESSED


def test_a_published_version_cannot_change_nor_go_back(compiled: list[CompiledForm], published: None) -> None:
    form = next(f for f in compiled if f.form_id == PARTNER_REPORT)
    changed = dataclasses.replace(form, xml=form.xml + " ", md5=compiling.md5(form.xml + " "))
    with pytest.raises(VersionChanged, match="augmentez la version"):
        xforms_publish(by=None, forms=[changed])
    older = _new_version(form, "2026010101", "Ancien")
    with pytest.raises(VersionChanged, match="plus ancienne"):
        xforms_publish(by=None, forms=[older])
    assert XForm.objects.filter(form_id=PARTNER_REPORT).count() == 1


def test_load_forms_publishes_once(db: None, capsys) -> None:
    call_command("load_forms", "--no-validate")
    assert XForm.objects.filter(is_active=True).count() == 6
    call_command("load_forms", "--no-validate")
    assert "0 publié(s), 6 inchangé(s)" in capsys.readouterr().out
    assert XForm.objects.count() == 6


def test_the_builder_writes_only_questions_the_form_has(compiled: list[CompiledForm]) -> None:
    form = next(f for f in compiled if f.form_id == FOLLOW_UP)
    xml = XFormInstance(form.xml).fill(follow_up_answers("CI260401001", "E-XXXXXXXX")).decode()
    assert "<child>E-XXXXXXXX</child>" in xml and "template" not in xml and "<activity>" not in xml
    with pytest.raises(KeyError, match="no_such_question"):
        XFormInstance(form.xml).fill({"no_such_question": "1"})
