"""The two coordination forms sent from ODK Collect: instances filled in the published XForms, sent over OpenRosa
as Collect sends them, processed into outil 4 reports and awareness sessions (no longer kept "held")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sosteci.access.models import AuditEvent, User
from sosteci.collect.catalog import AWARENESS, PARTNER_REPORT
from sosteci.collect.compiling import FORMS_DIR, CompiledForm, compile_xlsform
from sosteci.collect.instances import XFormInstance
from sosteci.collect.models import Submission
from sosteci.collect.services import collect_password_set, xforms_publish
from sosteci.coordination.models import AwarenessSession, PartnerEffort, PartnerReport
from sosteci.directory.models import Structure
from tests.collect.openrosa_client import CollectClient
from tests.conftest import Team
from tests.coordination.conftest import Coordination

pytestmark = pytest.mark.django_db
PASSWORD = "mot-de-passe-collecte-26"


@pytest.fixture(scope="module")
def compiled() -> dict[str, CompiledForm]:
    return {form_id: compile_xlsform(FORMS_DIR / f"{form_id}.xlsx") for form_id in (PARTNER_REPORT, AWARENESS)}


@pytest.fixture
def phone(db: None, compiled: dict[str, CompiledForm]) -> Callable[[User], CollectClient]:
    xforms_publish(by=None, forms=list(compiled.values()))

    def _client(user: User) -> CollectClient:
        collect_password_set(by=user, user=user, password=PASSWORD)
        return CollectClient(user.username, PASSWORD)

    return _client


@pytest.fixture
def send(django_capture_on_commit_callbacks) -> Callable[[CollectClient, bytes], Submission]:
    def _send(client: CollectClient, xml: bytes) -> Submission:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.submit(xml)
        assert response.status_code == 201, response.content.decode()
        submission = Submission.objects.order_by("-pk").first()
        assert submission is not None
        return submission

    return _send


def action(locality: str, kind: str, amount: str, **counts: str) -> dict[str, str]:
    values = {"locality": locality, "activity_type": kind, "amount_spent": amount}
    for name in ("boys_5_11", "boys_12_14", "boys_15_17", "girls_5_11", "girls_12_14", "girls_15_17"):
        values[name] = counts.get(name, "0")
    values["adult_men"], values["adult_women"] = counts.get("adult_men", "0"), counts.get("adult_women", "0")
    return values


def report_answers(code: str, actions: list[dict[str, str]], **overrides: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "start": "2026-04-02T09:00:00.000+00:00",
        "end": "2026-04-02T09:20:00.000+00:00",
        "structure_code": code,
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "effort_count": str(len(actions)),
        "victims_identified_boys": "2",
        "victims_identified_girls": "1",
        "victims_identified_adults": "0",
        "victims_assisted": "3",
        "victims_referred": "2",
        "victims_repatriated": "1",
        "prosecutions_reported": "0",
        "notes": "Trimestre 1",
    }
    if actions:
        answers["effort"] = actions
    answers.update(overrides)
    return answers


def report_xml(compiled: dict[str, CompiledForm], answers: dict[str, Any], **ids: str) -> bytes:
    return XFormInstance(compiled[PARTNER_REPORT].xml).fill(answers, **ids)


# --- Partner reports (outil 4) --------------------------------------------------------------------------------------


def test_a_partner_report_from_the_phone_becomes_a_report(phone, send, compiled, team: Team) -> None:
    actions = [
        action("CI260401001", "school_kits", "1500000", boys_5_11="12", girls_5_11="9"),
        action("CI260401002", "awareness", "250000", adult_men="30", adult_women="41", girls_15_17="4"),
    ]
    submission = send(
        phone(team.partenaire),
        report_xml(compiled, report_answers(team.structure.code, actions), instance_id="uuid:r1"),
    )
    assert submission.status == Submission.Status.PROCESSED, submission.error
    report = PartnerReport.objects.get()
    assert submission.result == {"partner_report": report.pk, "efforts": 2, "structure": team.structure.code}
    assert (report.structure, report.source, report.submission, report.recorded_by) == (
        team.structure,
        PartnerReport.Source.MOBILE,
        submission,
        team.partenaire,
    )
    assert (report.victims_identified, report.victims_assisted, report.notes) == (3, 3, "Trimestre 1")
    rows = list(report.efforts.order_by("pk").values_list("locality__pcode", "activity_type", "amount_spent"))
    assert rows == [("CI260401001", "school_kits", 1_500_000), ("CI260401002", "awareness", 250_000)]
    assert report.zone.pcode == "CI260401"
    assert AuditEvent.objects.filter(action="partner_report.create", actor=team.partenaire).count() == 1


def test_an_edited_report_corrects_the_first_one(phone, send, compiled, team: Team) -> None:
    client = phone(team.partenaire)
    first = [action("CI260401001", "school_kits", "100000", boys_5_11="1")]
    send(client, report_xml(compiled, report_answers(team.structure.code, first), instance_id="uuid:r1"))
    fixed = [action("CI260401001", "school_kits", "120000", boys_5_11="2"), action("CI260401002", "training", "5000")]
    edit = send(
        client,
        report_xml(
            compiled, report_answers(team.structure.code, fixed), instance_id="uuid:r2", deprecated_id="uuid:r1"
        ),
    )
    assert edit.status == Submission.Status.PROCESSED, edit.error
    assert Submission.objects.get(instance_id="uuid:r1").status == Submission.Status.SUPERSEDED
    report = PartnerReport.objects.get()
    assert report.submission == edit
    assert sorted(report.efforts.values_list("amount_spent", flat=True)) == [5_000, 120_000]


def test_a_report_named_by_its_acronym_and_one_without_actions(phone, send, compiled, team: Team) -> None:
    Structure.objects.filter(pk=team.structure.pk).update(acronym="CS Soubré")
    submission = send(phone(team.partenaire), report_xml(compiled, report_answers("cs soubré", [])))
    assert submission.status == Submission.Status.PROCESSED, submission.error
    assert [f["code"] for f in submission.flags] == ["no_efforts"]
    assert PartnerReport.objects.get().efforts.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"effort": [action("CI260401001", "school_kits", "douze mille")]},
            "efforts : Action 1, « Montant dépensé (FCFA) » : montant illisible « douze mille »",
        ),
        (
            {"period_end": "2025-12-31"},
            "period_end : La fin de la période (31/12/2025) précède son début (01/01/2026).",
        ),
        ({"structure_code": "INCONNUE"}, "structure_code : « Code de la structure » : aucune structure « INCONNUE »."),
        (
            {"effort": [action("CI260401001", "other", "1000")]},
            "efforts : Action 1, « autre type » : Précisez le type d'action.",
        ),
    ],
)
def test_bad_reports_fail_with_the_field_named_and_create_nothing(
    phone, send, compiled, team: Team, overrides, message
) -> None:
    answers = report_answers(team.structure.code, [action("CI260401001", "school_kits", "1000")], **overrides)
    submission = send(phone(team.partenaire), report_xml(compiled, answers))
    assert submission.status == Submission.Status.FAILED
    assert message in submission.error, submission.error
    assert not PartnerReport.objects.exists() and not PartnerEffort.objects.exists()


def test_a_partner_cannot_report_for_another_structure(phone, send, compiled, team: Team, coord: Coordination) -> None:
    answers = report_answers(coord.other_ngo.code, [action("CI260401001", "school_kits", "1000")])
    submission = send(phone(team.partenaire), report_xml(compiled, answers))
    assert submission.status == Submission.Status.FAILED
    assert "Vous ne pouvez rendre compte que des efforts de votre structure (Centre social de Soubré)." in (
        submission.error
    )
    # A focal point types the other NGO's paper report.
    typed = send(phone(team.pointfocal), report_xml(compiled, answers))
    assert typed.status == Submission.Status.PROCESSED, typed.error
    assert PartnerReport.objects.get().structure == coord.other_ngo


# --- Awareness sessions --------------------------------------------------------------------------------------------


def session_xml(compiled: dict[str, CompiledForm], locality: str = "CI260401001", **overrides: str) -> bytes:
    answers = {
        "locality": locality,
        "session_date": "2026-03-05",
        "theme": "trafficking",
        "facilitator": "Adjoua Kouamé",
        "men": "12",
        "women": "20",
        "boys": "7",
        "girls": "9",
    }
    answers.update(overrides)
    instance_id = answers.pop("instance_id", None)
    deprecated = answers.pop("deprecated_id", "")
    return XFormInstance(compiled[AWARENESS].xml).fill(answers, instance_id=instance_id, deprecated_id=deprecated)


def test_an_agent_session_is_the_village_committee(phone, send, compiled, team: Team, coord: Coordination) -> None:
    submission = send(phone(team.agent), session_xml(compiled, instance_id="uuid:s1"))
    assert submission.status == Submission.Status.PROCESSED, submission.error
    session = AwarenessSession.objects.get()
    assert submission.result == {"awareness_session": session.pk}
    assert (session.committee, session.structure, session.audience, session.theme) == (
        coord.village,
        None,
        48,
        "trafficking",
    )
    assert (session.recorded_by, session.submission) == (team.agent, submission)
    edit = send(phone(team.agent), session_xml(compiled, girls="10", instance_id="uuid:s2", deprecated_id="uuid:s1"))
    assert edit.status == Submission.Status.PROCESSED, edit.error
    session.refresh_from_db()
    assert (AwarenessSession.objects.count(), session.girls, session.submission) == (1, 10, edit)


def test_a_session_without_village_committee_is_flagged(phone, send, compiled, team: Team) -> None:
    submission = send(phone(team.agent), session_xml(compiled))
    assert submission.status == Submission.Status.PROCESSED, submission.error
    assert [f["code"] for f in submission.flags] == ["no_committee"]


def test_a_partner_session_is_its_structure(phone, send, compiled, team: Team) -> None:
    submission = send(phone(team.partenaire), session_xml(compiled, "CI260401002", theme="birth_registration"))
    assert submission.status == Submission.Status.PROCESSED, submission.error
    session = AwarenessSession.objects.get()
    assert (session.structure, session.committee) == (team.structure, None)


def test_a_bad_session_fails_with_the_field_named(phone, send, compiled, team: Team) -> None:
    submission = send(phone(team.agent), session_xml(compiled, men="0", women="0", boys="0", girls="0"))
    assert submission.status == Submission.Status.FAILED
    assert "girls : Indiquez au moins un participant." in submission.error
    assert not AwarenessSession.objects.exists()
