"""Reference series: values validated (level, percentage, confidence interval), set idempotently, and shown beside
the routine indicator SOSTECI computes for the same unit, year and breakdown, within the user's jurisdiction and
suppressed under 5 for those who may not read children's records; the seed content and its loader."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from sosteci.access.models import AuditEvent
from sosteci.knowledge import selectors, services
from sosteci.knowledge.data.reference import PAN_FILE
from sosteci.knowledge.models import Document, ReferenceSeries, SeriesValue
from sosteci.knowledge.selectors import Comparison
from tests.conftest import MiniTerritory, Team
from tests.indicators.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def labour(territory: MiniTerritory, library: dict[str, Document]) -> ReferenceSeries:
    """A survey's share of children in child labour, compared with CH_LABOUR_PCT: nation 2026 (girls too), Nawa."""
    series = services.series_create(
        by=None,
        data=services.SeriesData(
            code="enquete-travail-enfants",
            name="Part des enfants en situation de travail des enfants",
            document=library["survey"],
            unit="percent",
            indicator_code="ch_labour_pct",
        ),
    )
    for unit, sex, value, low, high in [
        (territory.pays, "", "38", "35", "41"),
        (territory.pays, "F", "30", None, None),
        (territory.r1, "", "40", None, None),
    ]:
        services.value_set(
            by=None,
            series=series,
            data=services.ValueData(
                year=2026,
                admin_unit=unit,
                sex=sex,
                value=Decimal(value),
                ci_low=Decimal(low) if low else None,
                ci_high=Decimal(high) if high else None,
                source_location="p. 12, tableau 3",
            ),
        )
    return series


def by_place(comparisons: list[Comparison]) -> dict[tuple[str, str], Comparison]:
    return {(c.value.admin_unit.pcode, c.value.sex): c for c in comparisons}


def test_the_analyst_sees_each_survey_value_beside_the_routine_one(
    team: Team, world: World, labour: ReferenceSeries
) -> None:
    indicator, rows = selectors.series_comparison(user=team.analyste, series=labour)
    assert indicator is not None and indicator.code == "CH_LABOUR_PCT"
    found = by_place(rows)
    # Nation 2026: Bakary, Gaston, Lassina out of the 8 monitored = 37.5 % (survey: 38 %, gap -0.5 point).
    nation = found[("CI", "")]
    assert (nation.routine, nation.numerator, nation.denominator) == (37.5, 3, 8)
    assert nation.gap == Decimal("-0.5")
    # Girls: Awa, Chantal, Djeneba, Fatou, Kadi monitored, none in child labour at their latest visit = 0 %.
    girls = found[("CI", "F")]
    assert (girls.routine, girls.numerator, girls.denominator) == (0.0, 0, 5)
    # The Nawa: Awa, Bakary, Chantal, Djeneba, Fatou, Gaston monitored; Bakary and Gaston in labour = 33.3 %.
    nawa = found[("CI26", "")]
    assert (nawa.routine, nawa.numerator, nawa.denominator) == (33.3, 2, 6)


def test_outside_the_jurisdiction_and_for_partners_the_routine_value_is_withheld(
    team: Team, world: World, labour: ReferenceSeries
) -> None:
    _indicator, rows = selectors.series_comparison(user=team.pointfocal, series=labour)
    assert {c.unavailable for c in rows} == {"Hors de votre ressort territorial."}
    assert all(c.routine is None for c in rows)
    # The partner answers for the Nawa: its figure is computed but suppressed (2 children, under 5).
    _indicator, rows = selectors.series_comparison(user=team.partenaire, series=labour)
    nawa = by_place(rows)[("CI26", "")]
    assert nawa.suppressed and nawa.routine is None
    assert by_place(rows)[("CI", "")].unavailable == "Hors de votre ressort territorial."


def test_a_series_without_indicator_shows_its_values_only(team: Team, library: dict[str, Document], territory) -> None:
    series = services.series_create(
        by=None,
        data=services.SeriesData(
            code="cap-traite", name="Connaissance de la traite", document=library["survey"], unit="percent"
        ),
    )
    services.value_set(
        by=None, series=series, data=services.ValueData(year=2016, admin_unit=territory.pays, value=Decimal("2"))
    )
    indicator, rows = selectors.series_comparison(user=team.analyste, series=series)
    assert indicator is None and [c.value.value for c in rows] == [Decimal("2.00")]


def test_bad_values_are_refused_with_their_field_and_nothing_is_saved(
    territory: MiniTerritory, labour: ReferenceSeries
) -> None:
    cases: list[tuple[dict[str, object], str, str]] = [
        ({"admin_unit": territory.dep1}, "admin_unit", "porte sur le pays ou une région"),
        ({"value": Decimal("120")}, "value", "Un pourcentage est compris entre 0 et 100."),
        ({"ci_low": Decimal("50"), "ci_high": Decimal("40")}, "ci_high", "inférieure à la borne basse"),
        (
            {"value": Decimal("20"), "ci_low": Decimal("30"), "ci_high": Decimal("40")},
            "value",
            "hors de son intervalle",
        ),
    ]
    before = SeriesValue.objects.count()
    for changes, field, message in cases:
        values = {"year": 2020, "admin_unit": territory.pays, "value": Decimal("10"), **changes}
        with pytest.raises(ValidationError) as refused:
            services.value_set(by=None, series=labour, data=services.ValueData(**values))
        assert message in " ".join(refused.value.message_dict[field])
    assert SeriesValue.objects.count() == before
    with pytest.raises(ValidationError) as unknown:
        services.series_create(
            by=None,
            data=services.SeriesData(
                code="x", name="X", document=labour.document, unit="number", indicator_code="NOPE"
            ),
        )
    assert unknown.value.message_dict["indicator_code"] == ["Indicateur SOSTECI inconnu : « NOPE »."]


def test_setting_a_value_again_corrects_it(territory: MiniTerritory, labour: ReferenceSeries) -> None:
    data = services.ValueData(year=2026, admin_unit=territory.pays, value=Decimal("39"))
    services.value_set(by=None, series=labour, data=data)
    assert labour.values.get(admin_unit=territory.pays, sex="").value == Decimal("39")
    assert labour.values.count() == 3
    assert AuditEvent.objects.filter(action="series.value_update").count() == 1


def test_load_knowledge_seeds_the_documents_and_the_stated_figures_once(territory: MiniTerritory) -> None:
    call_command("load_knowledge")
    assert Document.objects.count() == 4
    pan = ReferenceSeries.objects.get(code="pan-tdp-cas-signales")
    value = pan.values.get()
    assert (value.year, value.value, value.admin_unit) == (2016, Decimal("40.00"), territory.pays)
    assert pan.indicator_code == "CH_WORST"
    # Each value of the plan names the line it is read from; the line says it.
    lines = (settings.BASE_DIR / PAN_FILE).read_text(encoding="utf-8").splitlines()
    for series in ReferenceSeries.objects.filter(document__year=2016).prefetch_related("values"):
        for stored in series.values.all():
            number = int(stored.source_location.split("ligne ")[1].split(" ")[0])
            cells = lines[number - 1].split("\t")
            assert cells[0].startswith(("Produit", "Effet"))  # a row of the performance framework (annex 2)
            assert cells[2].strip().rstrip("%").strip() == f"{stored.value.normalize():f}"
    call_command("load_knowledge")
    assert Document.objects.count() == 4 and SeriesValue.objects.count() == 7 + 3


def test_load_knowledge_seeds_the_norc_survey_beside_the_routine_indicators(territory: MiniTerritory) -> None:
    call_command("load_knowledge")
    call_command("load_knowledge")
    norc = Document.objects.get(year=2020)
    assert norc.title.startswith("NORC Final Report: Assessing Progress in Reducing Child Labor in Cocoa")
    assert (norc.kind, norc.scope, norc.language) == ("survey", "international", "en")
    assert "NORC at the University of Chicago" in norc.publisher
    figures = {
        s.code: (s.unit, s.indicator_code, [(v.year, v.period, v.value, v.admin_unit.pcode) for v in s.values.all()])
        for s in ReferenceSeries.objects.filter(document=norc).prefetch_related("values__admin_unit")
    }
    assert figures == {
        "norc-travail-enfants-cacao": ("percent", "CH_LABOUR_PCT", [(2019, "2018/19", Decimal("38.00"), "CI")]),
        "norc-travail-dangereux-cacao": ("percent", "CH_HAZARDOUS_PCT", [(2019, "2018/19", Decimal("37.00"), "CI")]),
        "norc-enfants-travail-cacao": ("number", "", [(2019, "2018/19", Decimal("790000.00"), "CI")]),
    }
    labour = ReferenceSeries.objects.get(code="norc-travail-enfants-cacao")
    # The note says that the populations differ; each value says where it is stated.
    assert "ménages agricoles des zones de production de cacao" in labour.methodology
    assert "ne mesurent pas la même population" in labour.methodology
    assert all(
        v.source_location.startswith("Résumé analytique") for v in SeriesValue.objects.filter(series__document=norc)
    )


def test_the_survey_series_page_shows_the_routine_indicator_beside_it(team: Team, login) -> None:
    call_command("load_knowledge")
    series = ReferenceSeries.objects.get(code="norc-travail-dangereux-cacao")
    page = login(team.analyste).get(reverse("knowledge:series-detail", args=[series.pk]))
    assert page.status_code == 200
    assert page.context["indicator"].code == "CH_HAZARDOUS_PCT"
    [row] = page.context["comparisons"]
    assert (row.value.period, row.value.value) == ("2018/19", Decimal("37.00"))
    html = page.content.decode()
    assert "CH_HAZARDOUS_PCT" in html and "2018/19" in html and "ne mesurent pas la même population" in html
