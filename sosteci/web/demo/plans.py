"""Demo action plans: the national plan against trafficking 2016-2020 and the Alliance 8.7 task force's roadmap,
imported from their documents kept in sosteci/plans/data; then, through the real services, some execution of
the plan's first years, financing by the State and the demo funders, actual values of the performance framework
(one indicator tied to SOSTECI's alerts and refreshed), and joint activities between the roadmap and the plan.

Importing is idempotent; the rest is written once (nothing happens when the plan already has execution).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from sosteci.directory.models import Structure
from sosteci.plans.loading import REFERENCE_TEXT, ROADMAP_TEXT, read_plan_file
from sosteci.plans.models import Activity, ActivityExecution, ActivityYear, Indicator, Plan
from sosteci.plans.services import plan_import
from sosteci.plans.services.execution import execution_record, financing_record
from sosteci.plans.services.joint import joint_link_create
from sosteci.plans.services.performance import indicator_actual_record, indicator_link, plan_indicators_refresh

ACTOR = "manage.py demo"
EXECUTED_YEARS = (2016, 2017, 2018)
# (indicator code, {year: value}) entered by the plan's monitoring; II.1.1 is tied to the alerts instead.
ACTUALS = {
    "I.1": {2017: "Moyen", 2018: "Moyen"},
    "I.1.1": {2017: "1", 2018: "3"},
    "I.1.2": {2017: "démarrage", 2018: "En cours"},
    "I.2": {2017: "92 %", 2018: "84 %"},
    "V.3.1": {2017: "9", 2018: "15"},
}
COMPUTED = {"II.1.1": "AL_RECEIVED"}
# (roadmap activity, plan activity, note): what the CIM and the CNLTP would plan together.
JOINT = [
    ("I-1.1.1", "V-3.1.3", "Consultations pour la matrice d'activités conjointes, lors de la revue annuelle."),
    ("II-1.1.1", "I-1.2.1", "Indicateurs de traite dans l'outil 4 et le SIG sur la traite des personnes."),
    ("II-1.5.3", "V-1.2.2", "Formation des comités SOSTECI avec le programme national de renforcement des capacités."),
    ("IV-1.4.1", "V-4.1.2", "Tables rondes des bailleurs et plan de mobilisation des ressources."),
]


@dataclass
class DemoPlansResult:
    plans: int = 0
    executions: int = 0
    financings: int = 0
    actuals: int = 0
    joint_links: int = 0


def _activity(plan: Plan, code: str) -> Activity | None:
    return (
        Activity.objects.filter(action__objective__axis__plan=plan, code=code)
        .select_related("action__objective__axis__plan")
        .first()
    )


@transaction.atomic
def build(*, seed: int) -> DemoPlansResult:
    rng = random.Random(seed)
    result = DemoPlansResult()
    plan = plan_import(document=read_plan_file(REFERENCE_TEXT), by=None, actor_label=ACTOR).plan
    roadmap = plan_import(document=read_plan_file(ROADMAP_TEXT), by=None, actor_label=ACTOR).plan
    result.plans = 2
    if ActivityExecution.objects.filter(activity__action__objective__axis__plan=plan).exists():
        return result
    cells = ActivityYear.objects.filter(
        activity__action__objective__axis__plan=plan, year__in=EXECUTED_YEARS, amount__gt=0
    ).select_related("activity__action__objective__axis__plan")
    for cell in cells.order_by("activity__line", "year"):
        if rng.random() < 0.35:
            continue
        budget = cell.amount or 0
        finished = cell.year < EXECUTED_YEARS[-1] and rng.random() < 0.6
        committed = int(budget * rng.uniform(0.5, 1.0)) // 1000 * 1000
        spent = committed if finished else int(committed * rng.uniform(0.2, 0.9)) // 1000 * 1000
        status = "done" if finished else rng.choice(["under_way", "under_way", "abandoned"])
        progress = 100 if finished else (rng.randint(10, 90) if status == "under_way" else rng.randint(0, 40))
        execution_record(
            by=None,
            activity=cell.activity,
            year=cell.year,
            status=status,
            progress=progress,
            committed=committed,
            spent=spent,
            actor_label=ACTOR,
        )
        result.executions += 1
    funders = list(Structure.objects.filter(acronym__in=["UNICEF (démo)", "FICE (démo)"]).order_by("acronym"))
    for year in EXECUTED_YEARS:
        financing_record(
            by=None, plan=plan, year=year, source="state", amount=rng.randint(250, 400) * 1_000_000, actor_label=ACTOR
        )
        result.financings += 1
        for funder in funders:
            activity = _activity(plan, rng.choice(["I-1.1.1", "II-1.1.1", "V-1.2.2", "I-2.1.2"]))
            financing_record(
                by=None,
                plan=plan,
                year=year,
                source="partner",
                funder=funder,
                activity=activity,
                amount=rng.randint(300, 900) * 1_000_000,
                actor_label=ACTOR,
            )
            result.financings += 1
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan, level=Indicator.Level.PRODUCT)}
    effects = {i.code: i for i in Indicator.objects.filter(plan=plan, level=Indicator.Level.EFFECT)}
    for code, values in ACTUALS.items():
        indicator = indicators.get(code) if code.count(".") == 2 else effects.get(code)
        if indicator is None:
            continue
        for year, value in values.items():
            indicator_actual_record(by=None, indicator=indicator, year=year, value=value, actor_label=ACTOR)
            result.actuals += 1
    for code, computed in COMPUTED.items():
        if code in indicators:
            indicator_link(by=None, indicator=indicators[code], code=computed, actor_label=ACTOR)
    result.actuals += plan_indicators_refresh(plans=[plan], actor_label=ACTOR).written
    for roadmap_code, plan_code, note in JOINT:
        first, second = _activity(roadmap, roadmap_code), _activity(plan, plan_code)
        if first is not None and second is not None:
            joint_link_create(by=None, activity=first, other=second, note=note, actor_label=ACTOR)
            result.joint_links += 1
    return result
