"""Performance framework: values read by kind, status by rank or number (and direction), entries refused naming
the indicator and year, links to computed indicators, the refresh on a hand-built set of alerts, suppression."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from sosteci.access.models import AuditEvent
from sosteci.cases import services as cases
from sosteci.plans.models import Indicator, IndicatorActual, Plan
from sosteci.plans.performance import (
    NO_DATA,
    NOT_REACHED,
    REACHED,
    Value,
    ValueKindError,
    decreasing,
    read_value,
    status,
)
from sosteci.plans.selectors.performance import framework
from sosteci.plans.services.performance import indicator_actual_record, indicator_link, plan_indicators_refresh
from tests.conftest import MiniTerritory, Team


@pytest.mark.parametrize(
    ("kind", "raw", "text", "number", "rank"),
    [
        ("number", "12", "12", Decimal(12), None),
        ("number", "1 200", "1200", Decimal(1200), None),
        ("percentage", "35 %", "35 %", Decimal(35), None),
        ("percentage", "12,5", "12.5 %", Decimal("12.5"), None),
        ("scale", "elevé", "Elevé", None, 3),
        ("scale", "BON", "Bon", None, 2),
        ("stage", "en cours", "En cours", None, 2),
        ("stage", "Démarrage", "démarrage", None, 1),
    ],
)
def test_values_are_read_by_kind(kind: str, raw: str, text: str, number: Decimal | None, rank: int | None) -> None:
    value = read_value(kind, raw)
    assert (value.text, value.number, value.rank) == (text, number, rank)


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("number", "Bon", "« Bon » n'est pas un nombre positif ou nul"),
        ("number", "-3", "n'est pas un nombre positif ou nul"),
        ("percentage", "120 %", "n'est pas un pourcentage de 0 à 100"),
        ("scale", "En cours", "n'est pas une valeur de l'échelle (Faible / Moyen / Bon / Elevé)"),
        ("stage", "Bon", "(Non / démarrage / En cours / Opérationnel)"),
        ("scale", " ", "une valeur est attendue"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused(kind: str, raw: str, message: str) -> None:
    with pytest.raises(ValueKindError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_value(kind, raw)


def test_status_compares_by_rank_and_direction() -> None:
    bon, moyen = read_value("scale", "Bon"), read_value("scale", "Moyen")
    assert status(bon, moyen, lower_is_better=False) == REACHED
    assert status(moyen, bon, lower_is_better=False) == NOT_REACHED
    assert status(None, bon, lower_is_better=False) == NO_DATA
    assert status(bon, None, lower_is_better=False) == NO_DATA
    # A share of people exposed to a risk: targets go down, 75 % beats a target of 80 %.
    targets = [Value("90", Decimal(90)), Value("80", Decimal(80))]
    assert decreasing(Value("95", Decimal(95)), targets)
    assert not decreasing(Value("0", Decimal(0)), [Value("2", Decimal(2))])
    assert status(Value("75", Decimal(75)), targets[1], lower_is_better=True) == REACHED
    assert status(Value("85", Decimal(85)), targets[1], lower_is_better=True) == NOT_REACHED


@pytest.mark.django_db
def test_entered_actuals_give_the_status_per_year(small_plan: Plan, team: Team) -> None:
    by_code = {i.code: i for i in Indicator.objects.filter(plan=small_plan)}
    indicator_actual_record(by=team.analyste, indicator=by_code["I.1"], year=2021, value="bon")
    indicator_actual_record(by=team.analyste, indicator=by_code["I.1"], year=2022, value="Moyen")
    indicator_actual_record(by=None, indicator=by_code["II.1"], year=2021, value="En cours")
    indicator_actual_record(by=None, indicator=by_code["II.1.1"], year=2021, value="85 %")
    indicator_actual_record(by=None, indicator=by_code["II.1.1"], year=2022, value="65")
    rows = {r.code: r for r in framework(plan=small_plan, user=team.analyste)}
    assert [(c.year, c.target, c.actual, c.status) for c in rows["I.1"].years] == [
        (2021, "Moyen", "Bon", REACHED),
        (2022, "Bon", "Moyen", NOT_REACHED),
    ]
    assert [(c.year, c.status) for c in rows["II.1"].years] == [(2021, REACHED), (2022, NO_DATA)]
    assert rows["II.1.1"].lower_is_better
    assert [(c.actual, c.status) for c in rows["II.1.1"].years] == [("85 %", NOT_REACHED), ("65 %", REACHED)]
    assert [c.status for c in rows["I.1.1"].years] == [NO_DATA, NO_DATA]
    event = AuditEvent.objects.filter(action="plans.indicator.actual").order_by("pk").first()
    assert event is not None and event.after["indicator"] == "Effet I.1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "year", "value", "field", "message"),
    [
        ("I.1", 2021, "12", "value", "Effet I.1, 2021 : « 12 » n'est pas une valeur de l'échelle"),
        ("II.1", 2022, "Bon", "value", "Effet II.1, 2022 : « Bon » n'est pas une valeur de l'échelle (Non /"),
        ("I.1.1", 2021, "Elevé", "value", "Produit I.1.1, 2021 : « Elevé » n'est pas un nombre positif ou nul."),
        ("II.1.1", 2021, "150", "value", "Produit II.1.1, 2021 : « 150 » n'est pas un pourcentage de 0 à 100."),
        ("II.1.1", 2025, "50", "year", "« année » : 2025 est hors de la période du plan (2020-2022)."),
    ],
)
def test_a_wrong_value_names_the_indicator_and_year(
    small_plan: Plan, code: str, year: int, value: str, field: str, message: str
) -> None:
    indicator = Indicator.objects.get(plan=small_plan, code=code)
    with pytest.raises(ValidationError) as error:
        indicator_actual_record(by=None, indicator=indicator, year=year, value=value)
    assert any(text.startswith(message) for text in error.value.message_dict[field]), error.value.message_dict
    assert not IndicatorActual.objects.exists()


@pytest.mark.django_db
def test_a_link_must_fit_the_kind(small_plan: Plan) -> None:
    scale = Indicator.objects.get(plan=small_plan, code="I.1")
    with pytest.raises(ValidationError, match="Échelle"):
        indicator_link(by=None, indicator=scale, code="AL_RECEIVED")
    with pytest.raises(ValidationError, match="inconnu"):
        indicator_link(by=None, indicator=scale, code="NOPE")
    number = Indicator.objects.get(plan=small_plan, code="I.1.1")
    indicator_link(by=None, indicator=number, code="AL_RECEIVED")
    with pytest.raises(ValidationError, match="calculées par SOSTECI"):
        indicator_actual_record(by=None, indicator=number, year=2021, value="3")


def _alerts(team: Team, territory: MiniTerritory, year: int, count: int) -> None:
    for n in range(count):
        data = cases.AlertInput(
            source="green_line", situation="trafficking", locality=territory.l1, description=f"Alerte {year}-{n}"
        )
        cases.alert_create(by=team.operateur, data=data, received_at=datetime(year, 3, 1 + n, 9, tzinfo=UTC))


@pytest.mark.django_db
def test_linked_indicators_are_filled_from_the_alerts(
    small_plan: Plan, team: Team, territory: MiniTerritory, login
) -> None:
    _alerts(team, territory, 2021, 6)
    _alerts(team, territory, 2022, 2)
    number = Indicator.objects.get(plan=small_plan, code="I.1.1")
    indicator_link(by=team.analyste, indicator=number, code="AL_RECEIVED")
    result = plan_indicators_refresh(as_of=datetime(2023, 1, 15, tzinfo=UTC))
    assert (result.indicators, result.written) == (1, 3)
    assert list(IndicatorActual.objects.order_by("year").values_list("year", "text", "origin")) == [
        (2020, "0", "computed"),
        (2021, "6", "computed"),
        (2022, "2", "computed"),
    ]
    again = plan_indicators_refresh(as_of=datetime(2023, 1, 15, tzinfo=UTC))
    assert (again.written, again.unchanged) == (0, 3)
    analyst = {c.year: c for c in framework(plan=small_plan, user=team.analyste)[1].years}
    assert [(analyst[y].actual, analyst[y].status) for y in (2021, 2022)] == [("6", REACHED), ("2", NOT_REACHED)]
    # Partners see counts of 1 to 4 suppressed; 6 is published.
    partner = {c.year: c for c in framework(plan=small_plan, user=team.partenaire)[1].years}
    assert (partner[2021].actual, partner[2021].suppressed) == ("6", False)
    assert (partner[2022].actual, partner[2022].suppressed, partner[2022].status) == ("", True, NO_DATA)
    page = login(team.partenaire).get(reverse("plans:plan-indicators", args=[small_plan.code])).content.decode()
    assert "&lt; 5" in page
    # Unlinking removes the computed values.
    indicator_link(by=None, indicator=number, code="")
    assert not IndicatorActual.objects.exists()


@pytest.mark.django_db
def test_refresh_command(small_plan: Plan, territory: MiniTerritory, capsys) -> None:
    indicator_link(by=None, indicator=Indicator.objects.get(plan=small_plan, code="I.1.1"), code="AL_RECEIVED")
    call_command("plan_indicators_refresh", "--plan", small_plan.code)
    # No alert at all: each year of the plan counts 0, which is a value (not "no data").
    assert "1 indicateurs reliés : 3 valeurs écrites, 0 inchangées" in capsys.readouterr().out
    assert set(IndicatorActual.objects.values_list("text", flat=True)) == {"0"}
    with pytest.raises(CommandError, match="Plan inconnu"):
        call_command("plan_indicators_refresh", "--plan", "XYZ")


@pytest.mark.django_db
def test_the_indicator_page_enters_values(small_plan: Plan, team: Team, login) -> None:
    indicator = Indicator.objects.get(plan=small_plan, code="I.1")
    url = reverse("plans:indicator", args=[small_plan.code, indicator.pk])
    client = login(team.analyste)
    response = client.post(url, {"form": "actual", "actual-year": 2021, "actual-value": "Excellent"})
    assert response.status_code == 200
    assert "« Excellent » n&#x27;est pas une valeur de l&#x27;échelle" in response.content.decode()
    assert client.post(url, {"form": "actual", "actual-year": 2021, "actual-value": "Bon"}).status_code == 302
    assert IndicatorActual.objects.get().text == "Bon"
    refused = login(team.partenaire).post(url, {"form": "actual", "actual-year": 2021, "actual-value": "Bon"})
    assert refused.status_code == 403
    assert login(team.partenaire).get(url).status_code == 200
