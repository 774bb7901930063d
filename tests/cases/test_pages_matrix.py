"""Each role × page × jurisdiction for alerts, cases, referrals and the repertoire of structures: who gets the page,
who is refused (403), for whom the object does not exist (404), and what the provider sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sosteci.cases import services
from sosteci.cases.models import Alert, Case, Referral
from tests.conftest import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(aya_case: Case, team: Team, centre) -> Referral:
    Case.objects.filter(pk=aya_case.pk).update(status=Case.Status.PLAN)
    case = Case.objects.get(pk=aya_case.pk)
    return services.referral_create(
        by=team.agent,
        case=case,
        version=case.version,
        structure=centre,
        service="school_kit",
        consent_child=True,
        consent_guardian=True,
    )


@pytest.fixture
def alert(team: Team, territory) -> Alert:
    return services.alert_create(
        by=team.operateur,
        data=services.AlertInput(
            source=Alert.Source.GREEN_LINE,
            situation=Alert.Situation.CHILD_LABOUR,
            locality=territory.l1,
            description="Enfant au champ pendant la classe.",
        ),
    )


# tasks, alerts, alert, cases, case, referrals, structures, structure, export
PAGES = {
    "admin": (200, 403, 403, 403, 403, 403, 200, 200, 403),
    "admin_r1": (200, 403, 403, 403, 403, 403, 200, 200, 403),
    "analyste": (200, 200, 200, 200, 200, 200, 200, 200, 403),
    "operateur": (200, 200, 200, 403, 403, 403, 200, 200, 403),
    "pointfocal": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "superviseur": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "agent": (200, 200, 200, 200, 200, 200, 200, 200, 403),
    "prestataire": (200, 403, 403, 200, 200, 200, 200, 200, 403),
    "partenaire": (200, 403, 403, 403, 403, 403, 200, 200, 403),
    "agent_sp2": (200, 200, 404, 200, 404, 200, 200, 200, 403),
    "superviseur_sp2": (200, 200, 404, 200, 404, 200, 200, 200, 200),
}


@pytest.mark.parametrize("who", list(PAGES))
def test_each_role_on_each_page(referred: Referral, alert: Alert, team: Team, login, who: str) -> None:
    user = {**team.by_role(), "agent_sp2": team.agent_sp2, "superviseur_sp2": team.superviseur_sp2}[who]
    client = login(user)
    urls = [
        reverse("cases:task-list"),
        reverse("cases:alert-list"),
        reverse("cases:alert-detail", args=[alert.pk]),
        reverse("cases:case-list"),
        reverse("cases:case-detail", args=[referred.case_id]),
        reverse("cases:referral-list"),
        reverse("directory:structure-list"),
        reverse("directory:structure-detail", args=[referred.structure_id]),
        reverse("cases:case-export"),
    ]
    assert tuple(client.get(url).status_code for url in urls) == PAGES[who]


@pytest.mark.parametrize("who", ["superviseur", "agent", "pointfocal", "analyste", "prestataire"])
def test_who_sees_the_case_in_the_lists(referred: Referral, team: Team, login, who: str) -> None:
    client = login(team.by_role()[who])
    code = referred.case.code
    assert code in client.get(reverse("cases:case-list"), {"status": ""}).content.decode()
    assert code in client.get(reverse("cases:referral-list")).content.decode()


def test_other_jurisdictions_do_not_see_it_listed(referred: Referral, team: Team, login) -> None:
    client = login(team.superviseur_sp2)
    code = referred.case.code
    assert code not in client.get(reverse("cases:case-list"), {"status": ""}).content.decode()
    assert code not in client.get(reverse("cases:referral-list")).content.decode()


def test_a_provider_acts_only_on_what_was_referred_to_it(referred: Referral, team: Team, login) -> None:
    client = login(team.prestataire)
    case = referred.case
    # It cannot move the case's steps nor refer elsewhere: the services refuse, nothing changes.
    client.post(
        reverse("cases:case-step", args=[case.pk]),
        {"name": "request_closure", "version": case.version, "reason": "other"},
    )
    assert Case.objects.get(pk=case.pk).status == Case.Status.SERVICES
    # It answers the referral made to its structure.
    response = client.post(reverse("cases:referral-respond", args=[referred.pk]), {"decision": "accept"}, follow=True)
    assert response.status_code == 200
    assert Referral.objects.get(pk=referred.pk).status == Referral.Status.ACCEPTED
    # A case worker cannot answer in the provider's place.
    other = login(team.agent)
    assert other.post(reverse("cases:referral-respond", args=[referred.pk]), {"decision": "decline"}).status_code == 403


def test_trafficking_cases_are_masked_on_the_pages_outside_their_team(referred: Referral, team: Team, login) -> None:
    Case.objects.filter(pk=referred.case_id).update(is_sensitive=True)
    url = reverse("cases:case-detail", args=[referred.case_id])
    assert "KOUASSI" in login(team.superviseur).get(url).content.decode()
    for outsider in (team.pointfocal, team.prestataire):
        page = login(outsider).get(url).content.decode()
        assert "KOUASSI" not in page and "A. K." in page
        listed = login(outsider).get(reverse("cases:referral-list")).content.decode()
        assert "KOUASSI" not in listed
