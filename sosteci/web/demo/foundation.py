"""Demo coverage, structures and users (one per role, each with a real jurisdiction)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from sosteci.access.models import User
from sosteci.access.roles import Role
from sosteci.access.services import user_provision
from sosteci.collect.catalog import TOOLS, may_fill
from sosteci.collect.services import collect_password_set
from sosteci.directory.models import Structure, StructureKind
from sosteci.registry.services.rulesets import ruleset_ensure_shipped
from sosteci.territory.models import AdminUnit, Level
from sosteci.web.demo import cases as demo_cases
from sosteci.web.demo import coordination as demo_coordination
from sosteci.web.demo import diligence as demo_diligence
from sosteci.web.demo import directory as demo_directory
from sosteci.web.demo import plans as demo_plans
from sosteci.web.demo import registry as demo_register
from sosteci.web.demo.names import IvorianNames

DEMO_PASSWORD = "sosteci-demo-2026"  # noqa: S105 — printed on screen, demo data only
ACTOR = "manage.py demo"
# Cocoa-growing régions where the demo coverage lies (COD-AB ADM1 P-codes).
COCOA_REGIONS = [
    "CI26",
    "CI29",
    "CI17",
    "CI18",
    "CI22",
    "CI16",
    "CI07",
    "CI19",
    "CI20",
    "CI24",
    "CI03",
    "CI23",
]
HOME_SP = "CI260401"  # Soubre, département de Soubré, région de la Nawa
HOME_DEPARTEMENT = "CI2604"
HOME_REGION = "CI26"
TARGET_SP, TARGET_LOCALITES = 42, 304  # SOSTECI coverage reported for 2024


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    unit: str | None  # P-code; None = the pays
    structure: str | None = None


STRUCTURES = [
    ("Direction de la lutte contre le travail des enfants", "DLTE", StructureKind.MINISTRY_SERVICE, None),
    ("Centre social de Soubré", "CS Soubré", StructureKind.SOCIAL_CENTRE, HOME_DEPARTEMENT),
    (
        "Centre de transit pour enfants de Soubré (démo)",
        "CTE Soubré",
        StructureKind.SHELTER,
        HOME_DEPARTEMENT,
    ),
    ("Coopérative agricole des planteurs de la Nawa (démo)", "CAPN", StructureKind.COOPERATIVE, HOME_REGION),
    ("ONG Enfance et Avenir (démo)", "EnfAv", StructureKind.NGO, HOME_REGION),
    ("Comptoir d'exportation de cacao de la Nawa (démo)", "CECN", StructureKind.COMPANY, HOME_DEPARTEMENT),
]
USERS = [
    DemoUser("admin", Role.ADMIN, None),
    DemoUser("analyste", Role.ANALYSTE, None),
    # A national analyst of the CNLTP secretariat: with the CIM's analyst, programmes can be validated jointly.
    DemoUser("cnltp", Role.ANALYSTE, None),
    DemoUser("operateur", Role.OPERATEUR, None),
    DemoUser("pointfocal", Role.POINT_FOCAL, HOME_DEPARTEMENT),
    DemoUser("superviseur", Role.SUPERVISEUR, HOME_SP),
    DemoUser("agent", Role.AGENT, "<home-localite>"),
    DemoUser("prestataire", Role.PRESTATAIRE, HOME_DEPARTEMENT, "CS Soubré"),
    DemoUser("partenaire", Role.PARTENAIRE, HOME_REGION, "CAPN"),
    # A cocoa exporter: declares its sourcing (due diligence) and reads suppressed aggregates over it.
    DemoUser("entreprise", Role.PARTENAIRE, HOME_REGION, "CECN"),
]


def _random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _coverage(rng: random.Random) -> tuple[int, int, AdminUnit]:
    """Covered: every département, 42 sous-préfectures (the home one first) and 304 of their localités."""
    if AdminUnit.objects.filter(level=Level.SOUS_PREFECTURE, covered_since__isnull=False).exists():
        home_sp = AdminUnit.objects.get(pcode=HOME_SP)
        home = AdminUnit.objects.filter(parent=home_sp, covered_since__isnull=False).order_by("pcode").first()
        assert home is not None
        return 0, 0, home
    departements = list(AdminUnit.objects.filter(level=Level.DEPARTEMENT).order_by("pcode"))
    for dep in departements:
        dep.covered_since = _random_day(rng, date(2014, 1, 1), date(2019, 12, 31))
    AdminUnit.objects.bulk_update(departements, ["covered_since"])
    candidates = list(
        AdminUnit.objects.filter(level=Level.SOUS_PREFECTURE, region__pcode__in=COCOA_REGIONS)
        .exclude(pcode=HOME_SP)
        .order_by("pcode")
    )
    chosen = [AdminUnit.objects.get(pcode=HOME_SP), *rng.sample(candidates, TARGET_SP - 1)]
    for sp in chosen:
        sp.covered_since = _random_day(rng, date(2018, 1, 1), date(2022, 12, 31))
    home_villages = list(chosen[0].children.order_by("pcode"))[: TARGET_LOCALITES // TARGET_SP]
    pool = list(AdminUnit.objects.filter(parent__in=chosen[1:]).order_by("pcode"))
    localites = home_villages + rng.sample(pool, TARGET_LOCALITES - len(home_villages))
    since: dict[int | None, date] = {sp.pk: sp.covered_since or date(2018, 1, 1) for sp in chosen}
    for village in localites:
        village.covered_since = _random_day(rng, since[village.parent_id], date(2024, 6, 30))
    AdminUnit.objects.bulk_update(chosen + localites, ["covered_since"])
    return len(chosen), len(localites), home_villages[0]


def _structures() -> dict[str, Structure]:
    root = AdminUnit.objects.get(level=Level.PAYS)
    result = {}
    for name, acronym, kind, pcode in STRUCTURES:
        unit = root if pcode is None else AdminUnit.objects.get(pcode=pcode)
        structure, _created = Structure.objects.update_or_create(
            name=name, admin_unit=unit, defaults={"acronym": acronym, "kind": kind}
        )
        result[acronym] = structure
    return result


@transaction.atomic
def build(seed: int = 2026) -> dict[str, object]:
    """Create or refresh the demo content; the same seed gives the same content."""
    rng = random.Random(seed)
    names = IvorianNames(seed)
    covered_sp, covered_loc, home = _coverage(rng)
    structures = _structures()
    directory = demo_directory.build(seed=seed, home_sp=HOME_SP)
    root = AdminUnit.objects.get(level=Level.PAYS)
    accounts = []
    for spec in USERS:
        if spec.unit is None:
            unit = root
        elif spec.unit == "<home-localite>":
            unit = home
        else:
            unit = AdminUnit.objects.get(pcode=spec.unit)
        person = names.person()
        user = user_provision(
            username=spec.username,
            role=spec.role,
            jurisdiction=unit,
            password=DEMO_PASSWORD,
            first_name=person.first_name,
            last_name=person.last_name,
            phone=names.phone(),
            email=f"{spec.username}@demo.sosteci.ci",
            structure=structures[spec.structure] if spec.structure else None,
            actor_label=ACTOR,
        )
        accounts.append(user)
        # ODK Collect signs in with a separate collect password: the demo gives the same one to collectors.
        if any(may_fill(user.role, form_id) for form_id in TOOLS) and not hasattr(user, "collect_credential"):
            collect_password_set(by=user, user=user, password=DEMO_PASSWORD)
    ruleset_ensure_shipped()
    register = demo_register.build(seed=seed, home_sp=HOME_SP)
    cases = demo_cases.build(seed=seed, home_sp=HOME_SP)
    coordination = demo_coordination.build(seed=seed, home_sp=HOME_SP)
    demo_coordination.build_evaluations()
    diligence = demo_diligence.build(home_sp=HOME_SP)
    plans = demo_plans.build(seed=seed)
    return {
        "covered_sp": covered_sp,
        "covered_localites": covered_loc,
        "users": accounts,
        "password": DEMO_PASSWORD,
        "directory": directory,
        "register": register,
        "cases": cases,
        "coordination": coordination,
        "diligence": diligence,
        "plans": plans,
    }


def users() -> list[User]:
    return list(User.objects.filter(username__in=[u.username for u in USERS]).select_related("jurisdiction"))
