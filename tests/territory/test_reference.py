"""The real territory of Côte d'Ivoire, loaded from the sourced reference files (takes a few seconds)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db.models import Count

from sosteci.access.models import AuditEvent
from sosteci.territory.models import AdminBoundary, AdminUnit, Level, PcodeSource

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_load_territory_loads_the_real_tree_and_a_second_run_changes_nothing(capsys) -> None:
    call_command("load_territory", "--json")
    first = json.loads(capsys.readouterr().out)
    assert first["applied"] is True
    counts = dict(AdminUnit.objects.values_list("level").annotate(n=Count("id")))
    assert counts == {
        Level.PAYS: 1,
        Level.DISTRICT: 14,
        Level.REGION: 33,
        Level.DEPARTEMENT: 111,
        Level.SOUS_PREFECTURE: 510,
        Level.LOCALITE: 8462,
    }
    # The 56 localités whose sous-préfecture could not be matched are reported, with their reason, not guessed.
    assert first["rows"]["reject"] == 56
    rejected = [o for o in first["outcomes"] if o["action"] == "reject"]
    assert len(rejected) == 56
    assert all("absente des limites COD-AB 2018" in o["messages"][0] for o in rejected)
    assert any("NIAKARAMADOUGOU" in o["messages"][0] for o in rejected)

    # Every sous-préfecture, département with a COD-AB code, région and district has an outline.
    with_outline = dict(AdminBoundary.objects.values_list("unit__level").annotate(n=Count("id")))
    assert with_outline == {
        Level.PAYS: 1,
        Level.DISTRICT: 14,
        Level.REGION: 33,
        Level.DEPARTEMENT: 108,
        Level.SOUS_PREFECTURE: 510,
    }

    # Autonomous districts hold their COD-AB ADM1 unit at the région level: no skipped level.
    abidjan = AdminUnit.objects.get(pcode="CI01")
    assert (abidjan.level, abidjan.parent.pcode) == (Level.REGION, "CI-AB")
    assert AdminUnit.objects.get(pcode="CI0101").parent.pcode == "CI01"
    # Départements created after 2018 carry a local code and no sous-préfecture yet.
    bonon = AdminUnit.objects.get(name="Bonon", level=Level.DEPARTEMENT)
    assert (bonon.pcode, bonon.pcode_source, bonon.parent.pcode) == ("CI23X01", PcodeSource.LOCAL, "CI23")
    # COD-AB spellings are kept as alternative names.
    la_me = AdminUnit.objects.get(pcode="CI24")
    assert (la_me.name, la_me.alt_names) == ("La Mé", ["Me"])
    # Localités are real, with census population and the ARTCI code; unmatched ones are not loaded.
    assert not AdminUnit.objects.filter(external_code="C0538").exists()
    village = AdminUnit.objects.get(pcode="CI010105001")
    assert village.name == "Abadji-Bimbresso"
    assert village.population == 2010
    assert village.network_4g is True
    assert village.sous_prefecture.pcode == "CI010105"
    assert village.district.pcode == "CI-AB"
    assert sum(AdminUnit.objects.filter(level=Level.LOCALITE).values_list("population", flat=True)) > 22_000_000
    assert AuditEvent.objects.filter(action="territory.import").count() == 1

    snapshot = AdminUnit.objects.order_by("pk").values_list("pk", "pcode", "parent_id", "lat", "lon", "updated_at")
    before = list(snapshot)
    call_command("load_territory", "--json")
    second = json.loads(capsys.readouterr().out)
    assert second["applied"] is False
    assert second["rows"] == {"create": 0, "update": 0, "unchanged": 9131, "reject": 56}
    assert list(snapshot) == before
    assert AuditEvent.objects.filter(action="territory.import").count() == 1

    # The demo runs on this territory, is deterministic and can be run again.
    call_command("load_forms", "--no-validate")
    call_command("demo", "--seed", "7")
    from sosteci.collect.models import Submission

    sent = Submission.objects.filter(submitted_by__username="agent", source="mobile")
    assert sent.count() == 12 and not sent.exclude(status=Submission.Status.PROCESSED).exists()
    flags = {f["code"] for s in sent for f in s.flags}
    assert {"short_interview", "gps_inaccurate", "gps_missing"} <= flags
    from sosteci.access.models import User
    from sosteci.access.roles import ROLE_LEVELS, Role

    users = {u.username: u for u in User.objects.select_related("jurisdiction")}
    assert {u.role for u in users.values()} == set(Role)
    for user in users.values():
        assert user.jurisdiction.level_enum in ROLE_LEVELS[Role(user.role)]
    assert users["agent"].jurisdiction.is_covered
    assert AdminUnit.objects.covered().filter(level=Level.SOUS_PREFECTURE).count() == 42
    assert AdminUnit.objects.covered().filter(level=Level.LOCALITE).count() == 304
    # Cases at every step in the home sous-préfecture, alerts triaged or waiting, referrals to the provider.
    from sosteci.cases.models import Alert, Case, Referral

    home = Case.objects.filter(locality__parent__pcode="CI260401")
    assert set(home.values_list("status", flat=True)) == set(Case.Status)
    assert home.filter(reopened=1, status=Case.Status.OPEN).exists()
    assert set(Alert.objects.values_list("status", flat=True)) == set(Alert.Status)
    provided = Referral.objects.filter(structure=users["prestataire"].structure)
    assert {"pending", "completed", "declined"} <= set(provided.values_list("status", flat=True))
    cases_before = sorted(Case.objects.values_list("code", "status"))
    names = {u: (users[u].first_name, users[u].last_name) for u in users}
    call_command("demo", "--seed", "7")
    assert sorted(Case.objects.values_list("code", "status")) == cases_before
    assert Alert.objects.count() == 10
    again = {u.username: (u.first_name, u.last_name) for u in User.objects.all()}
    assert again == names
    assert User.objects.count() == 10
    assert Submission.objects.count() == 12
    assert AdminUnit.objects.covered().filter(level=Level.LOCALITE).count() == 304
