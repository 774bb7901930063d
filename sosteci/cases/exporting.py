"""Case lists as XLSX (XlsxWriter, constant memory), with the same masking of sensitive cases as the pages.

The caller (a view) checks Perm.CASE_EXPORT, passes a queryset already scoped by the selectors and audits the
export; this module only writes what it is given, one chunk of cases at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.cases import policy
from sosteci.cases.models import Case, Referral, ServiceDelivery
from sosteci.registry.models import CategoryChoices, Sex, Visit

CHUNK_SIZE = 2000


def headers() -> list[str]:
    return [
        _("Dossier"),
        _("Étape"),
        _("Catégorie à l'ouverture"),
        _("Traite ou pire forme"),
        _("Code de l'enfant"),
        _("Enfant"),
        _("Sexe"),
        _("Localité"),
        _("P-code de la localité"),
        _("Intervenant"),
        _("Ouvert le"),
        _("Orientations"),
        _("Services rendus"),
        _("Dernier suivi"),
        _("Clos le"),
        _("Motif de clôture"),
        _("Réouvertures"),
    ]


def _count(model: type[Referral] | type[ServiceDelivery]) -> Coalesce:
    counted = model.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _annotated(cases: QuerySet[Case]) -> QuerySet[Case]:
    last_follow_up = (
        Visit.objects.filter(child=OuterRef("child_id"), kind=Visit.Kind.FOLLOW_UP)
        .order_by()
        .values("child")
        .annotate(last=Max("visited_on"))
        .values("last")
    )
    return cases.select_related("child", "locality", "assigned_to").annotate(
        n_referrals=_count(Referral),
        n_services=_count(ServiceDelivery),
        last_follow_up=Subquery(last_follow_up),
    )


def _rows(user: User, cases: QuerySet[Case]) -> Iterator[list[Any]]:
    statuses, reasons = dict(Case.Status.choices), dict(Case.ClosureReason.choices)
    categories, sexes = dict(CategoryChoices.choices), dict(Sex.choices)
    yes, no = _("Oui"), _("Non")
    for case in _annotated(cases).iterator(chunk_size=CHUNK_SIZE):
        worker = case.assigned_to
        yield [
            case.code,
            str(statuses.get(case.status, case.status)),
            str(categories.get(case.category, case.category)) if case.category else "",
            yes if case.is_sensitive else no,
            case.child.code,
            policy.display_name(user, case, scoped=True),
            str(sexes.get(case.child.sex, case.child.sex)),
            case.locality.name,
            case.locality.pcode,
            (worker.get_full_name() or worker.username) if worker else "",
            timezone.localtime(case.opened_at).date(),
            case.n_referrals,  # type: ignore[attr-defined]
            case.n_services,  # type: ignore[attr-defined]
            case.last_follow_up,  # type: ignore[attr-defined]
            timezone.localtime(case.closed_at).date() if case.closed_at else None,
            str(reasons.get(case.closure_reason, case.closure_reason)) if case.closure_reason else "",
            case.reopened,
        ]


def export_cases_xlsx(*, user: User, cases: QuerySet[Case], path_or_file: str | IO[bytes]) -> int:
    """Write the cases to an XLSX file; names of sensitive cases outside the user's team are initials."""
    workbook = xlsxwriter.Workbook(path_or_file, {"constant_memory": True})
    sheet = workbook.add_worksheet(_("Dossiers"))
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    widths = [12, 22, 26, 10, 12, 24, 8, 20, 14, 20, 12, 10, 10, 12, 12, 30, 8]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    for col, title in enumerate(headers()):
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, values in enumerate(_rows(user, cases), start=1):
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, date | datetime):
                sheet.write_datetime(count, col, value, day)
            elif isinstance(value, int):
                sheet.write_number(count, col, value)
            else:
                sheet.write_string(count, col, str(value))
    sheet.autofilter(0, 0, max(count, 1), len(widths) - 1)
    workbook.close()
    return count
