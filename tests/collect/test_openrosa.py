"""The OpenRosa server as ODK Collect uses it: authentication, formList, manifest and media, submissions."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sosteci.access.models import AuditEvent
from sosteci.collect.models import Submission
from sosteci.registry.models import Child, Household, Visit
from tests.collect.conftest import COLLECT_PASSWORD, follow_up_xml, household_xml
from tests.collect.openrosa_client import CollectClient
from tests.conftest import Team

pytestmark = pytest.mark.django_db


def test_every_answer_asks_for_digest_credentials_first(client, xforms) -> None:
    response = client.get("/openrosa/formList")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith('Digest realm="SOSTECI", qop="auth"')
    assert response["X-OpenRosa-Version"] == "1.0"


def test_wrong_password_is_refused(collect, team: Team) -> None:
    collect("agent")
    intruder = CollectClient("agent", "pas-le-bon")
    assert intruder.get("/openrosa/formList").status_code == 401
    assert CollectClient("inconnu", COLLECT_PASSWORD).get("/openrosa/formList").status_code == 401


def test_basic_authentication_is_accepted(collect, client) -> None:
    import base64

    collect("agent")
    token = base64.b64encode(f"agent:{COLLECT_PASSWORD}".encode()).decode()
    assert client.get("/openrosa/formList", HTTP_AUTHORIZATION=f"Basic {token}").status_code == 200


def test_form_list_shows_the_forms_of_the_role(collect) -> None:
    body = collect("agent").get("/openrosa/formList").content.decode()
    assert "<formID>sosteci_visite_menage</formID>" in body
    assert "<formID>sosteci_suivi_enfant</formID>" in body
    assert "sosteci_rapport_partenaire" not in body
    assert "<hash>md5:" in body and "<manifestUrl>" in body
    partner = collect("partenaire").get("/openrosa/formList").content.decode()
    assert "sosteci_rapport_partenaire" in partner and "sosteci_visite_menage" not in partner


def test_manifest_and_media_files_are_the_users_own(collect, register, team: Team) -> None:
    agent = collect("agent")
    manifest = agent.get("/openrosa/forms/sosteci_suivi_enfant/2026112301/manifest").content.decode()
    assert "<filename>enfants.csv</filename>" in manifest
    media = agent.get("/openrosa/forms/sosteci_suivi_enfant/2026112301/media/enfants.csv").content.decode()
    assert register.aya.code in media and register.moussa.code not in media
    assert AuditEvent.objects.filter(action="collect.children_file", actor=team.agent).exists()
    localities = agent.get("/openrosa/forms/sosteci_visite_menage/2026112301/media/localites.csv").content.decode()
    assert localities.splitlines() == ["name,label,sous_prefecture", "CI260401001,Badayo (Soubre),Soubre"]
    # The hash follows the register.
    Child.objects.filter(pk=register.yao.pk).update(given_names="Yao Bernard")
    again = agent.get("/openrosa/forms/sosteci_suivi_enfant/2026112301/manifest").content.decode()
    assert again != manifest


def test_head_then_post_stores_processes_and_acknowledges(
    collect, team: Team, django_capture_on_commit_callbacks
) -> None:
    agent = collect("agent")
    head = agent.head("/openrosa/submission")
    assert head.status_code == 204
    assert head["X-OpenRosa-Accept-Content-Length"] == str(10 * 1024 * 1024)
    with django_capture_on_commit_callbacks(execute=True):
        response = agent.submit(household_xml(instance="uuid:one"), attachments={"photo.jpg": b"\xff\xd8jpeg"})
    assert response.status_code == 201
    assert 'nature="submit_success"' in response.content.decode()
    submission = Submission.objects.get(instance_id="uuid:one")
    assert submission.status == Submission.Status.PROCESSED, submission.error
    assert submission.attachments.get().sha256
    household = Household.objects.get(pk=submission.result["household"])
    assert household.submission == submission
    aya = household.children.get(given_names="Aya")
    assert aya.category == "hazardous_child_labour"
    assert Visit.objects.get(child=aya).source == Visit.Source.MOBILE
    assert submission.flags == []


def test_resent_submission_is_not_duplicated(collect, django_capture_on_commit_callbacks) -> None:
    agent = collect("agent")
    xml = household_xml(instance="uuid:twice")
    with django_capture_on_commit_callbacks(execute=True):
        assert agent.submit(xml).status_code == 201
        assert agent.submit(xml).status_code == 202
    assert Submission.objects.count() == 1
    assert Household.objects.count() == 1
    assert agent.submit(household_xml(instance="uuid:twice", head="Autre")).status_code == 409


@pytest.mark.parametrize(
    ("xml", "status", "message"),
    [
        ("<data id='sosteci_visite_menage'><oops></data>", 400, "XML mal formé"),
        ('<!DOCTYPE x [<!ENTITY a "b">]><data id="x">&a;</data>', 400, "interdites"),
        (household_xml(form_id="inconnu"), 404, "inconnu du serveur"),
        (household_xml(version="1999010101"), 404, "Version « 1999010101 »"),
        (household_xml(instance="X").replace("<instanceID>X</instanceID>", ""), 400, "instanceID"),
        (household_xml(locality="CI270101001"), 403, "hors de votre ressort"),
        (household_xml(locality="CI999"), 400, "Localité inconnue"),
    ],
)
def test_bad_submissions_get_the_right_status_and_nothing_is_stored(
    collect, xml: str, status: int, message: str
) -> None:
    response = collect("agent").submit(xml)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Submission.objects.exists()


def test_missing_xml_file_and_oversized_body(collect) -> None:
    agent = collect("agent")
    assert agent.submit(household_xml(), field="autre_nom").status_code == 400
    response = agent.submit(household_xml(), attachments={"big.jpg": b"0" * (10 * 1024 * 1024 + 1)})
    assert response.status_code == 413
    assert not Submission.objects.exists()


def test_a_role_that_may_not_fill_the_form_is_refused(collect) -> None:
    response = collect("partenaire").submit(household_xml())
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_a_crash_before_processing_loses_nothing(collect) -> None:
    # The request stores and answers; the background processing never runs (worker down).
    assert collect("agent").submit(household_xml(instance="uuid:crash")).status_code == 201
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.RECEIVED
    assert not Household.objects.exists()
    call_command("collect_process")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PROCESSED
    assert Household.objects.count() == 1
    call_command("collect_process")
    assert Household.objects.count() == 1


def test_an_edit_corrects_what_the_original_created(collect, django_capture_on_commit_callbacks) -> None:
    agent = collect("agent")
    with django_capture_on_commit_callbacks(execute=True):
        agent.submit(household_xml(instance="uuid:v1"))
        children = [
            {
                "family": "KOUASSI",
                "given": "Aya",
                "sex": "F",
                "dob": "2012-03-01",
                "activities": "L_TRI:4",
                "hazards": "",
            },
            {"family": "KOUASSI", "given": "Yao", "sex": "M", "dob": "2016-07-09", "activities": "", "hazards": ""},
            {"family": "KOUASSI", "given": "Ama", "sex": "F", "dob": "2014-01-02", "activities": "", "hazards": ""},
        ]
        response = agent.submit(
            household_xml(instance="uuid:v2", deprecated="uuid:v1", head="Kouassy", children=children)
        )
    assert response.status_code == 201
    original, edit = Submission.objects.get(instance_id="uuid:v1"), Submission.objects.get(instance_id="uuid:v2")
    assert (original.status, edit.status) == (Submission.Status.SUPERSEDED, Submission.Status.PROCESSED)
    assert Household.objects.count() == 1
    household = Household.objects.get()
    assert household.head_family_name == "KOUASSY"
    aya = household.children.get(given_names="Aya")
    assert aya.category == "permitted_work"  # 14, light work only: the machete of v1 was a mistake
    assert Visit.objects.filter(child=aya).count() == 1
    assert household.children.count() == 3


def test_a_failure_is_kept_with_its_reason_and_processed_after_a_fix(
    collect, team: Team, territory, django_capture_on_commit_callbacks
) -> None:
    agent = collect("agent")
    bad = household_xml(instance="uuid:bad", size=1)  # two children in a household of one
    with django_capture_on_commit_callbacks(execute=True):
        assert agent.submit(bad).status_code == 201
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.FAILED
    assert "size" in submission.error
    call_command("collect_process", "--failed")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.FAILED and submission.attempts == 2


def test_follow_up_of_a_child_picked_from_the_manifest(collect, register, django_capture_on_commit_callbacks) -> None:
    agent = collect("agent")
    media = agent.get("/openrosa/forms/sosteci_suivi_enfant/2026112301/media/enfants.csv").content.decode()
    code = next(line.split(",")[0] for line in media.splitlines()[1:] if "Aya" in line)
    with django_capture_on_commit_callbacks(execute=True):
        assert agent.submit(follow_up_xml(child_code=code)).status_code == 201
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.PROCESSED, submission.error
    visit = Visit.objects.get(pk=submission.result["visits"][0])
    assert (visit.child_id, visit.kind) == (register.aya.pk, Visit.Kind.FOLLOW_UP)


def test_forms_of_modules_to_come_are_held_not_lost(collect, django_capture_on_commit_callbacks) -> None:
    xml = (
        '<data id="sosteci_fiche_localite" version="2026112301"><locality>CI260401001</locality>'
        "<meta><instanceID>uuid:p1</instanceID></meta></data>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert collect("agent").submit(xml).status_code == 201
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.HELD
    assert "coordination" in submission.error


def test_quality_flags(collect, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        collect("agent").submit(household_xml(instance="uuid:q", gps="", minutes=2))
    flags = {f["code"] for f in Submission.objects.get().flags}
    assert flags == {"short_interview", "gps_missing"}
