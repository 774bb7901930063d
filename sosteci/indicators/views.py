"""Pages of the indicators: a dashboard per unit (nation down to a locality) with drill-down, a page per indicator
with its definition, table and CSV, and the public statistics (no login, always suppressed, cached)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of
from sosteci.indicators import selectors
from sosteci.indicators.bases.plans import first_plan_year
from sosteci.indicators.charts import Bar, bar_chart
from sosteci.indicators.computing import IndicatorRequestError
from sosteci.indicators.definitions import BY_CODE, DIMENSIONS, INDICATORS, VERSION, Dimension
from sosteci.indicators.dhis2 import rows_csv
from sosteci.indicators.periods import Period, PeriodError, PeriodKind, month, parse_period, quarter, year
from sosteci.indicators.presentation import (
    DIMENSION_LABELS,
    UNIT_LABELS,
    RowIndex,
    build_dashboard,
    figure_text,
    period_label,
    unit_table,
)
from sosteci.territory import selectors as territory
from sosteci.territory.models import AdminUnit, Level

TRENDS = {"mois": PeriodKind.MONTH, "trimestre": PeriodKind.QUARTER, "annee": PeriodKind.YEAR}
PUBLIC_CACHE_SECONDS = 15 * 60


def _period(request: HttpRequest) -> tuple[Period, str]:
    """The period asked (?periode=), or this year; with the French message when it cannot be read."""
    text = request.GET.get("periode", "").strip()
    this_year = year(timezone.localdate().year)
    if not text:
        return this_year, ""
    try:
        return parse_period(text), ""
    except PeriodError as exc:
        return this_year, str(exc)


def period_choices(
    chosen: Period, today: date, first_year: int | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods offered by the selector: the last five years (back to `first_year` when given, and to the chosen
    year), the quarters and months of the chosen year."""
    shown = chosen.start.year
    oldest = min(today.year - 4, shown, first_year or today.year)
    years = [year(number) for number in range(today.year, oldest - 1, -1)]
    quarters = [quarter(shown, q) for q in range(1, 5)]
    months = [month(shown, m) for m in range(1, 13)]
    return [
        (_("Années"), [(p.code, period_label(p)) for p in years]),
        (_("Trimestres"), [(p.code, period_label(p)) for p in quarters if p.start <= today]),
        (_("Mois"), [(p.code, period_label(p)) for p in months if p.start <= today]),
    ]


def _unit(request: AuthedRequest, pcode: str) -> AdminUnit:
    unit = selectors.unit_for(user=request.user, pcode=pcode)
    if unit is None:
        raise Http404
    return unit


def _breadcrumb(request: AuthedRequest, unit: AdminUnit, name: str) -> list[tuple[str, str | None]]:
    """The unit's ancestors, each linked to its dashboard when within the user's reach (a supervisor cannot go above
    its sous-préfecture)."""
    query = request.GET.urlencode()
    crumbs: list[tuple[str, str | None]] = []
    for ancestor in territory.unit_ancestors(unit):
        href = None
        if may(request.user, Perm.INDICATOR_VIEW, ancestor):
            href = reverse(name, args=[ancestor.pcode]) + (f"?{query}" if query else "")
        crumbs.append((ancestor.name, href))
    return crumbs


@requires(Perm.INDICATOR_VIEW)
def dashboard_home(request: AuthedRequest) -> HttpResponse:
    unit = jurisdiction_of(request.user)
    if unit is None:
        raise Http404
    query = request.GET.urlencode()
    return redirect(reverse("indicators:dashboard", args=[unit.pcode]) + (f"?{query}" if query else ""))


@requires(Perm.INDICATOR_VIEW)
def dashboard(request: AuthedRequest, pcode: str) -> HttpResponse:
    unit = _unit(request, pcode)
    period, error = _period(request)
    trend_name = request.GET.get("tendance", "mois")
    kind = TRENDS.get(trend_name, PeriodKind.MONTH)
    data = selectors.dashboard_for(
        user=request.user, unit=unit, period=period, trend=selectors.trend_periods(kind, period.end)
    )
    query = urlencode({"periode": period.code, "tendance": trend_name})

    def link(code: str) -> str | None:
        return reverse("indicators:dashboard", args=[code]) + f"?{query}"

    board = build_dashboard(
        rows=data.rows,
        unit=unit.pcode,
        period=period,
        trend=data.trend,
        sub_units=data.sub_units,
        key=selectors.KEY_INDICATORS,
        link=link,
        breakdown=selectors.BREAKDOWN_INDICATORS,
    )
    return render(
        request,
        "indicators/dashboard.html",
        {
            "unit": unit,
            "data": data,
            "board": board,
            "period": period,
            "period_label": period_label(period),
            "period_error": error,
            "period_choices": period_choices(period, timezone.localdate()),
            "trend_name": trend_name,
            "breadcrumb": _breadcrumb(request, unit, "indicators:dashboard"),
            "sub_level": data.level,
            "indicators": [i for i in INDICATORS if unit.level_enum == Level.PAYS or not i.national_only],
            "query": urlencode({"periode": period.code}),
        },
    )


def _dimension(request: HttpRequest, indicator_dims: frozenset[Dimension]) -> Dimension | None:
    try:
        chosen = Dimension(request.GET.get("ventilation", ""))
    except ValueError:
        return None
    return chosen if chosen in indicator_dims else None


def _indicator_table(
    request: AuthedRequest, pcode: str, code: str
) -> tuple[AdminUnit, Period, str, selectors.IndicatorTable]:
    unit = _unit(request, pcode)
    indicator = BY_CODE.get(code.upper())
    if indicator is None or (indicator.national_only and unit.level_enum != Level.PAYS):
        raise Http404
    period, error = _period(request)
    dimension = _dimension(request, indicator.disaggregations)
    table = selectors.indicator_table(
        user=request.user,
        unit=unit,
        level=unit.level_enum if indicator.national_only else selectors.dashboard_level(unit),
        period=period,
        indicators=[indicator.code],
        dimensions=[dimension.value] if dimension else [],
    )
    return unit, period, error, table


@requires(Perm.INDICATOR_VIEW)
def indicator_detail(request: AuthedRequest, pcode: str, code: str) -> HttpResponse:
    unit, period, error, table = _indicator_table(request, pcode, code)
    indicator = BY_CODE[code.upper()]
    dimension = _dimension(request, indicator.disaggregations)
    rows = table.rows
    index = RowIndex(rows)
    units = list(dict.fromkeys((r.unit, r.unit_name) for r in rows))
    header, lines = unit_table(index, indicator, dimension, period.code, units)
    sub_units = units[1:]
    chart = None
    if sub_units:
        query = urlencode({"periode": period.code, **({"ventilation": dimension.value} if dimension else {})})
        bars = []
        for pcode_, name in sub_units:
            row = index.get(indicator.code, pcode_, period.code)
            value = None if row is None or row.suppressed else row.value
            href = reverse("indicators:indicator", args=[pcode_, indicator.code]) + f"?{query}"
            bars.append(Bar(name, value, figure_text(row), href))
        chart = bar_chart(
            _("%(indicator)s par sous-unité") % {"indicator": indicator.name}, bars, value_label=indicator.name
        )
    return render(
        request,
        "indicators/indicator.html",
        {
            "unit": unit,
            "indicator": indicator,
            "unit_label": UNIT_LABELS[indicator.unit],
            "dimensions": [(d, DIMENSION_LABELS[d]) for d in DIMENSIONS if d in indicator.disaggregations],
            "dimension": dimension,
            "header": header,
            "lines": lines,
            "chart": chart,
            "table": table,
            "period": period,
            "period_label": period_label(period),
            "period_error": error,
            "period_choices": period_choices(
                period, timezone.localdate(), first_plan_year() if indicator.national_only else None
            ),
            "breadcrumb": _breadcrumb(request, unit, "indicators:dashboard"),
            "version": VERSION,
            "csv_query": request.GET.urlencode(),
            "english": request.LANGUAGE_CODE.startswith("en"),
        },
    )


@requires(Perm.INDICATOR_VIEW)
def indicator_csv(request: AuthedRequest, pcode: str, code: str) -> HttpResponse:
    unit, period, _error, table = _indicator_table(request, pcode, code)
    response = HttpResponse(rows_csv(table.rows), content_type="text/csv; charset=utf-8")
    filename = f"{code.upper()}_{unit.pcode}_{period.code}.csv".replace("..", "_")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Public statistics -------------------------------------------------------------------------------------------


def public_rows_cached(unit: AdminUnit, period: Period) -> selectors.DashboardRows:
    """The public figures of a unit and year, computed once per quarter of an hour (the rows do not depend on the
    language; the page's labels do)."""
    key = f"indicators:public:{unit.pcode}:{period.code}"
    found = cache.get(key)
    if found is None:
        found = selectors.public_rows(unit=unit, period=period)
        cache.set(key, found, PUBLIC_CACHE_SECONDS)
    return found


@login_not_required
def public_statistics(request: HttpRequest) -> HttpResponse:
    """National and regional aggregates for everyone: cells under 5 and those that would reveal them hidden."""
    country = AdminUnit.objects.filter(level=Level.PAYS).first()
    if country is None:
        raise Http404
    regions = list(AdminUnit.objects.filter(level=Level.REGION).order_by("name").values_list("pcode", "name"))
    unit = country
    pcode = request.GET.get("region", "").strip()
    if pcode:
        unit = AdminUnit.objects.filter(level=Level.REGION, pcode=pcode).first() or country
    today = timezone.localdate()
    years = [today.year - k for k in range(selectors.PUBLIC_YEARS)]
    try:
        chosen = int(request.GET.get("annee", today.year))
    except ValueError:
        chosen = today.year
    period = year(chosen if chosen in years else today.year)
    try:
        data = public_rows_cached(unit, period)
    except IndicatorRequestError as exc:  # pragma: no cover - the unit and period are chosen above
        raise Http404 from exc

    def link(code: str) -> str | None:
        return reverse("public-statistics") + "?" + urlencode({"region": code, "annee": str(period.start.year)})

    board = build_dashboard(
        rows=data.rows,
        unit=unit.pcode,
        period=period,
        trend=data.trend,
        sub_units=data.sub_units,
        key=selectors.PUBLIC_INDICATORS,
        link=link,
        breakdown=selectors.PUBLIC_BREAKDOWN,
    )
    return render(
        request,
        "indicators/public.html",
        {
            "unit": unit,
            "country": country,
            "regions": regions,
            "years": years,
            "period": period,
            "board": board,
            "data": data,
        },
    )
