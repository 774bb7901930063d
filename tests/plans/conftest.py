"""Plans fixtures: the reference plan as parsed once per session, and imported into the test database."""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache

import pytest

from sosteci.plans.document import (
    PM,
    ActionDoc,
    ActivityDoc,
    Amount,
    AxisDoc,
    Budget,
    IndicatorDoc,
    IndicatorValue,
    ObjectiveDoc,
    PlanDoc,
    StatedRow,
)
from sosteci.plans.loading import REFERENCE_TEXT
from sosteci.plans.models import Plan
from sosteci.plans.parsing import parse_plan
from sosteci.plans.services import plan_import


@cache
def _parsed() -> PlanDoc:
    return parse_plan(REFERENCE_TEXT.read_text(encoding="utf-8"), source_name=REFERENCE_TEXT.name)


@pytest.fixture
def document() -> PlanDoc:
    """The national plan against trafficking 2016-2020, parsed from the seed (a copy each test may change)."""
    return copy.deepcopy(_parsed())


@pytest.fixture
def plan(db: None, document: PlanDoc) -> Plan:
    return plan_import(document=document, by=None, actor_label="tests").plan


def small_document(code: str = "PT-2020-2022", start: int = 2020, end: int = 2022) -> PlanDoc:
    """A hand-built plan: axis I (A-1 with 100 + 200 over two years, A-2 in PM), axis II (B-1, 300 in the last
    year); the State's part 150 and the partners' 450 as its summary table would state them."""
    years = list(range(start, end + 1))

    def budget(*cells: int | None) -> Budget:
        amounts = {y: Amount(c) for y, c in zip(years, cells, strict=False) if c is not None}
        return Budget(total=Amount(sum(a.figure for a in amounts.values())), years=amounts)

    def activity(code: str, title: str, responsible: str, partners: str, b: Budget) -> ActivityDoc:
        return ActivityDoc(code=code, title=title, responsible=responsible, partners=partners, budget=b, line=1)

    axis_one = AxisDoc(code="I", title="Prévention", line=1)
    axis_one.objectives.append(ObjectiveDoc(code="I.1", title="Connaître", line=1))
    action = ActionDoc(code="I.1.1", title="Étudier", line=1)
    action.activities += [
        activity("I-1.1.1", "Étude nationale", "Comité national (CNLTdP)", "ONUDC, OIM", budget(100, 200)),
        activity("I-1.1.2", "Base de données", "Ministère de la Solidarité", "Unicef", Budget(total=PM)),
    ]
    axis_one.objectives[0].actions.append(action)
    axis_two = AxisDoc(code="II", title="Protection", line=2)
    axis_two.objectives.append(ObjectiveDoc(code="II.1", title="Protéger", line=2))
    action_two = ActionDoc(code="II.1.1", title="Accueillir", line=2)
    action_two.activities.append(
        activity(
            "II-1.1.1", "Centres d'accueil", "Ministère de la Solidarité", "Société civile", budget(None, None, 300)
        )
    )
    axis_two.objectives[0].actions.append(action_two)

    def indicator(level: str, code: str, kind: str, texts: list[str], name: str) -> IndicatorDoc:
        values = {}
        for y, text in zip(years, texts, strict=True):
            digits = text.rstrip("%").strip()
            values[y] = IndicatorValue(text=text, number=Decimal(digits) if digits.isdigit() else None)
        return IndicatorDoc(
            level=level,
            code=code,
            code_as_written=code,
            result=f"Résultat {code}",
            name=name,
            kind=kind,
            values=values,
            baseline_year=start,
            responsible="CNLTdP",
            source="Rapport",
            line=20,
        )

    indicators = [
        indicator("effect", "I.1", "scale", ["Faible", "Moyen", "Bon"], "Niveau de connaissance"),
        indicator("product", "I.1.1", "number", ["0", "5", "6"], "Nombre de cas signalés"),
        indicator("effect", "II.1", "stage", ["Non", "démarrage", "En cours"], "Système opérationnel"),
        indicator("product", "II.1.1", "percentage", ["90%", "80%", "70%"], "Part des personnes exposées"),
    ]
    return PlanDoc(
        code=code,
        title=f"Plan de test {start}-{end}",
        indicators=indicators,
        start_year=start,
        end_year=end,
        axes=[axis_one, axis_two],
        state_share=StatedRow(label="Part de l'État : 25%", line=9, budget=Budget(total=Amount(150))),
        partner_share=StatedRow(label="Partenaires : 75%", line=10, budget=Budget(total=Amount(450))),
    )


@pytest.fixture
def small_plan(db: None) -> Plan:
    return plan_import(document=small_document(), by=None, actor_label="tests").plan
