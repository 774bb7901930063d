"""Demo households, children and visits in covered localités, with realistic shares of situations.

About 38 % of children in cocoa-growing households in child labour (NORC 2018/19), most of it hazardous
(heavy loads, sharp tools, land clearing, agro-chemicals, burning). Everything goes through the services,
so classification, categories and the audit trail are the real ones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sosteci.access.models import User
from sosteci.collect.catalog import HOUSEHOLD_VISIT
from sosteci.collect.instances import XFormInstance
from sosteci.collect.models import XForm
from sosteci.collect.processing import process
from sosteci.collect.receiving import submission_receive
from sosteci.directory.models import Structure
from sosteci.registry.inputs import ChildInput, HouseholdInput, VisitInput
from sosteci.registry.models import Child, Cooperative, Crop, Farm, Household
from sosteci.registry.services import household_register, visit_record
from sosteci.territory.models import AdminUnit, Level
from sosteci.web.demo.names import FIRST_NAMES, IvorianNames

HAZARD_MIX = {
    "H_CHARGE": 35,
    "H_MACHETTE": 30,
    "H_DEFRICHAGE": 15,
    "H_PRODUITS": 8,
    "H_PULVERISATION": 4,
    "H_BRULAGE": 8,
}
# (scenario, weight in %) for a child of a cocoa-growing household.
SCENARIOS = [
    ("hazardous", 26),
    ("work_too_young", 12),
    ("worst", 1),
    ("out_of_school", 6),
    ("light", 10),
    ("school", 45),
]


@dataclass
class DemoRegisterResult:
    households: int
    children: int
    visits: int
    submissions: int = 0


def _visit_for(rng: random.Random, scenario: str, age: int, day: date) -> VisitInput:
    visit = VisitInput(visited_on=day, attends_school=True)
    if scenario == "hazardous":
        tasks = rng.sample(list(HAZARD_MIX), k=rng.choice([1, 1, 2]), counts=list(HAZARD_MIX.values()))
        visit.activities = [{"code": "CACAO", "hours": rng.choice([6, 8, 12, 16, 20, 24])}]
        visit.hazardous_tasks = sorted(set(tasks))
        visit.works_during_school_hours = rng.random() < 0.3
    elif scenario == "work_too_young" or (scenario == "light" and not 13 <= age <= 15):
        visit.activities = [{"code": rng.choice(["CACAO", "VIVRIER", "COMMERCE"]), "hours": rng.choice([4, 6, 10])}]
    elif scenario == "worst":
        visit.activities = [{"code": "CACAO", "hours": rng.choice([40, 48, 56])}]
        visit.indicators = ["T_DEPLACE_TIERS", rng.choice(["F_NON_PAYE", "F_DETTE"])]
        visit.hazardous_tasks = ["H_MACHETTE", "H_CHARGE"]
        visit.attends_school = False
    elif scenario == "out_of_school":
        visit.attends_school = False
        visit.activities = [{"code": "MENAGE", "hours": rng.choice([6, 10, 14])}]
    elif scenario == "light":
        visit.activities = [{"code": rng.choice(["L_RAMASSAGE", "L_TRI", "L_SECHAGE"]), "hours": rng.choice([3, 5, 8])}]
    else:
        visit.activities = [{"code": "MENAGE", "hours": rng.choice([3, 5, 7])}] if rng.random() < 0.6 else []
    return visit


def _cooperatives(home_sp: str) -> list[Cooperative]:
    """Three cocoa cooperatives of the home sous-préfecture (the value-chain link for due diligence)."""
    sp = AdminUnit.objects.get(pcode=home_sp)
    structure = Structure.objects.filter(acronym="CAPN").first()
    names = [
        ("Coopérative agricole des planteurs de la Nawa (démo)", "CAPN-001"),
        ("Société coopérative Ahoutou de Soubré (démo)", "SCAS-014"),
        ("Coopérative Espoir du Cacao (démo)", "CEC-027"),
    ]
    return [
        Cooperative.objects.get_or_create(name=name, defaults={"code": code, "admin_unit": sp, "structure": structure})[
            0
        ]
        for name, code in names
    ]


def build(*, seed: int, home_sp: str, agent_username: str = "agent", households: int = 320) -> DemoRegisterResult:
    """Create the demo register once (does nothing if households already exist)."""
    if Household.objects.exists():
        return DemoRegisterResult(0, 0, 0)

    rng = random.Random(seed)
    names = IvorianNames(seed + 1)
    agent = User.objects.filter(username=agent_username).first()
    covered = list(AdminUnit.objects.covered().filter(level=Level.LOCALITE).order_by("pcode"))
    cooperatives = _cooperatives(home_sp)
    home = [u for u in covered if u.sous_prefecture is not None and u.sous_prefecture.pcode == home_sp]
    others = [u for u in covered if u not in home]
    today = date.today()
    counts = DemoRegisterResult(0, 0, 0)
    for index in range(households):
        locality = rng.choice(home) if index < households * 0.4 and home else rng.choice(others)
        head = names.person(sex="M" if rng.random() < 0.8 else "F")
        n_children = rng.choice([1, 2, 2, 3, 3, 3, 4, 5])
        children = []
        for _ in range(n_children):
            sex = rng.choice("FM")
            age = rng.randint(5, 17)
            known = rng.random() < 0.6
            birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
            children.append(
                ChildInput(
                    family_name=head.last_name,
                    given_names=rng.choice(FIRST_NAMES[sex]),
                    sex=sex,
                    date_of_birth=birth if known else None,
                    declared_age=None if known else age,
                    birth_certificate=rng.choice(["yes", "yes", "no", "in_progress"]),
                    nationality="CI" if rng.random() < 0.85 else rng.choice(["BF", "ML", "GN"]),
                    lives_with_parents="both" if rng.random() < 0.8 else rng.choice(["mother", "father", "neither"]),
                    schooling="enrolled" if rng.random() < 0.82 else rng.choice(["dropped_out", "never"]),
                    guardian_name=f"{head.last_name} {head.first_name}",
                )
            )
        household = household_register(
            by=None,
            locality=locality,
            household=HouseholdInput(
                head_family_name=head.last_name,
                head_given_names=head.first_name,
                head_sex=head.sex,
                size=n_children + rng.randint(2, 5),
                head_phone=names.phone(),
                main_crops=["cacao"] + (["vivrier"] if rng.random() < 0.5 else []),
            ),
            children=children,
        )
        cooperative = rng.choice(cooperatives) if rng.random() < 0.7 else None
        Household.objects.filter(pk=household.pk).update(cooperative=cooperative)
        for plot in range(rng.choice([1, 1, 2])):
            Farm.objects.create(
                household=household,
                cooperative=cooperative,
                crop=Crop.COCOA,
                name=f"{locality.name} {plot + 1}",
                area_ha=Decimal(rng.randint(5, 60)) / 10,
            )
        counts.households += 1
        for child in Child.objects.filter(household=household):
            counts.children += 1
            scenario = rng.choices([s for s, _ in SCENARIOS], weights=[w for _, w in SCENARIOS])[0]
            if child.schooling != Child.Schooling.ENROLLED and scenario == "school":
                scenario = "out_of_school"
            first = today - timedelta(days=rng.randint(60, 540))
            by = agent if agent is not None and agent.jurisdiction_id == locality.pk else None
            visit_record(by=by, child=child, data=_visit_for(rng, scenario, child.age_on(first), first))
            counts.visits += 1
            if rng.random() < 0.4:
                later = first + timedelta(days=rng.randint(30, 120))
                if later <= today:
                    follow = "school" if rng.random() < 0.5 else scenario
                    data = _visit_for(rng, follow, child.age_on(later), later)
                    data.kind = "follow_up"
                    visit_record(by=by, child=child, data=data)
                    counts.visits += 1
    if agent is not None:
        counts.submissions = _mobile_submissions(rng, names, agent, today)
    return counts


def _yes(value: bool | None) -> str:
    return "yes" if value else "no"


def _week(visit: VisitInput) -> dict[str, Any]:
    return {
        "attends_school": _yes(visit.attends_school),
        "works_during_school_hours": _yes(visit.works_during_school_hours),
        "night_work": _yes(visit.night_work),
        "apprenticeship": _yes(visit.apprenticeship),
        "activity_count": str(len(visit.activities)),
        "activity": [{"code": a["code"], "hours": str(a["hours"])} for a in visit.activities],
        "hazardous_tasks": " ".join(visit.hazardous_tasks),
        "indicators": " ".join(visit.indicators),
        "injured_at_work": "no",
    }


def _mobile_submissions(rng: random.Random, names: IvorianNames, agent: User, today: date, n: int = 12) -> int:
    """Household visits sent from ODK Collect by the demo agent, through the real pipeline, filled in the published
    form (some with what a supervisor should look at: a short interview, an imprecise or missing GPS)."""
    form = XForm.objects.filter(form_id=HOUSEHOLD_VISIT, is_active=True).first()
    if form is None or agent.jurisdiction is None:
        return 0
    instance = XFormInstance(form.xml)
    locality = agent.jurisdiction
    lat, lon = float(locality.lat or 5.78), float(locality.lon or -6.61)
    sent = 0
    for index in range(n):
        day = today - timedelta(days=rng.randint(1, 40))
        minutes = 3 if index % 5 == 1 else rng.randint(18, 45)
        accuracy = 35.0 if index % 5 == 2 else rng.choice([4.0, 6.5, 9.0, 12.0])
        head = names.person(sex="M" if rng.random() < 0.8 else "F")
        children = []
        for _ in range(rng.choice([1, 2, 3])):
            sex = rng.choice("FM")
            age = rng.randint(6, 16)
            scenario = rng.choices([s for s, _ in SCENARIOS], weights=[w for _, w in SCENARIOS])[0]
            children.append(
                {
                    "family_name": head.last_name,
                    "given_names": rng.choice(FIRST_NAMES[sex]),
                    "sex": sex,
                    "dob_known": "no",
                    "declared_age": str(age),
                    "birth_certificate": rng.choice(["yes", "no", "in_progress"]),
                    "nationality": "CI",
                    "lives_with_parents": "both",
                    "relation_to_head": "child",
                    "schooling": "enrolled",
                    "grade": rng.choice(["CE1", "CE2", "CM1", "CM2", "6e"]),
                    "disability": "no",
                    **_week(_visit_for(rng, scenario, age, day)),
                }
            )
        answers: dict[str, Any] = {
            "start": f"{day.isoformat()}T09:00:00.000+00:00",
            "end": f"{day.isoformat()}T09:{minutes:02d}:00.000+00:00",
            "username": agent.username,
            "deviceid": "collect:demo" + str(index % 2),
            "visit_date": day.isoformat(),
            "consent": "yes",
            "locality": locality.pcode,
            "gps": ""
            if index % 5 == 3
            else f"{lat + rng.uniform(-0.01, 0.01):.6f} {lon + rng.uniform(-0.01, 0.01):.6f} 150 {accuracy}",
            "head_family_name": head.last_name,
            "head_given_names": head.first_name,
            "head_sex": head.sex,
            "head_phone": names.phone().replace(" ", "").replace("+225", ""),
            "size": str(len(children) + rng.randint(2, 5)),
            "main_crops": "cacao",
            "children_count": str(len(children)),
            "child": children,
        }
        received = submission_receive(user=agent, xml=instance.fill(answers), uploads=[])
        process(received.submission.pk)
        sent += 1
    return sent
