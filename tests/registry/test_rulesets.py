"""Administrators edit the rules as data: copy, edit a draft, put it in force, try a re-classification."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from sosteci.access.models import AuditEvent
from sosteci.registry.inputs import VisitInput
from sosteci.registry.models import RuleSetVersion, Visit
from sosteci.registry.rulesets import active_ruleset
from sosteci.registry.services import visit_record
from tests.conftest import Team
from tests.registry.conftest import Register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["admin", "admin_r1", "analyste", "pointfocal", "superviseur", "agent"])
def test_only_a_national_administrator_manages_rules(team: Team, login, role: str) -> None:
    client = login(team.by_role()[role])
    expected = 200 if role == "admin" else 403
    assert client.get(reverse("registry:ruleset-list")).status_code == expected
    assert client.get(reverse("registry:ruleset-detail", args=["2026.1"])).status_code == expected


def _post_lists(client, version: str, *, hours: str = "14", extra_hazard: tuple[str, str, str] | None = None):
    page = client.get(reverse("registry:ruleset-detail", args=[version]))
    data: dict[str, str] = {"note": "essai"}
    for key, value in page.context["ruleset"].data["parameters"].items():
        data[f"param-{key}"] = str(value)
    data["param-light_work_max_hours"] = hours
    for name, _title, _formset in page.context["lists"]:
        items = page.context["ruleset"].data[name]
        rows = [*items, {}]
        if name == "hazardous_tasks" and extra_hazard:
            rows = [*items, {"code": extra_hazard[0], "label_fr": extra_hazard[1], "source": extra_hazard[2]}]
        data[f"{name}-TOTAL_FORMS"] = str(len(rows))
        data[f"{name}-INITIAL_FORMS"] = str(len(items))
        data[f"{name}-MIN_NUM_FORMS"] = "0"
        data[f"{name}-MAX_NUM_FORMS"] = "1000"
        for i, item in enumerate(rows):
            for key in ("code", "label_fr", "label_en", "source", "kind"):
                if item.get(key):
                    data[f"{name}-{i}-{key}"] = item[key]
    return client.post(reverse("registry:ruleset-detail", args=[version]), data)


def test_copy_edit_and_put_in_force(team: Team, register: Register, login) -> None:
    client = login(team.admin)
    client.post(reverse("registry:ruleset-copy", args=["2026.1"]), {"version": "2026.2", "title": "Révision"})
    draft = RuleSetVersion.objects.get(version="2026.2")
    assert draft.status == RuleSetVersion.Status.DRAFT
    response = _post_lists(
        client,
        "2026.2",
        hours="10",
        extra_hazard=("H_TRONCONNEUSE", "Usage de la tronçonneuse", "arrete_2017_dangereux"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["parameters"]["light_work_max_hours"] == 10
    assert "H_TRONCONNEUSE" in {i["code"] for i in draft.data["hazardous_tasks"]}
    assert len(draft.data["activities"]) == len(RuleSetVersion.objects.get(version="2026.1").data["activities"])

    client.post(reverse("registry:ruleset-activate", args=["2026.2"]))
    assert RuleSetVersion.objects.get(version="2026.1").status == RuleSetVersion.Status.RETIRED
    assert active_ruleset().version == "2026.2"
    visit = visit_record(
        by=team.agent,
        child=register.yao,
        data=VisitInput(
            visited_on=date(2026, 4, 1), activities=[{"code": "CACAO", "hours": 2}], hazardous_tasks=["H_TRONCONNEUSE"]
        ),
    )
    assert (visit.ruleset_version, visit.category) == ("2026.2", "hazardous_child_labour")
    actions = set(AuditEvent.objects.filter(object_type="registry.rulesetversion").values_list("action", flat=True))
    assert actions == {"ruleset.create", "ruleset.update", "ruleset.activate"}

    # A version in force can no longer be edited.
    assert _post_lists(client, "2026.2", hours="8").status_code == 200
    assert RuleSetVersion.objects.get(version="2026.2").data["parameters"]["light_work_max_hours"] == 10


def test_bad_items_are_refused_with_the_list_and_code(team: Team, login) -> None:
    client = login(team.admin)
    client.post(reverse("registry:ruleset-copy", args=["2026.1"]), {"version": "2026.3", "title": "x"})
    response = _post_lists(client, "2026.3", extra_hazard=("H_CHARGE", "Doublon", "arrêté"))
    messages = [str(m) for m in response.context["messages"]]
    assert any("le code H_CHARGE existe déjà" in m for m in messages)
    response = _post_lists(client, "2026.3", extra_hazard=("H_SANS_SOURCE", "Sans source", ""))
    assert response.status_code == 200  # the form itself requires a source
    assert "H_SANS_SOURCE" not in {
        i["code"] for i in RuleSetVersion.objects.get(version="2026.3").data["hazardous_tasks"]
    }


def test_reclassify_trial_runs_in_the_background_and_reports(team: Team, register: Register, login) -> None:
    client = login(team.admin)
    client.post(reverse("registry:ruleset-reclassify", args=["2026.1"]))
    report = RuleSetVersion.objects.get(version="2026.1").reclassify_report
    assert report["dry_run"] is True
    assert report["visits"] == Visit.objects.count()
    assert report["changed"] == 0


def test_version_names_are_checked(team: Team, login) -> None:
    client = login(team.admin)
    response = client.post(
        reverse("registry:ruleset-copy", args=["2026.1"]), {"version": "v2", "title": "x"}, follow=True
    )
    assert any("AAAA.N" in str(m) for m in response.context["messages"])
    assert not RuleSetVersion.objects.filter(version="v2").exists()


def test_shipped_rule_set_is_restored_on_an_emptied_database() -> None:
    from sosteci.registry.services.rulesets import ruleset_ensure_shipped

    RuleSetVersion.objects.all().delete()
    ruleset_ensure_shipped()
    assert active_ruleset().version == "2026.1"
    ruleset_ensure_shipped()
    assert RuleSetVersion.objects.count() == 1
