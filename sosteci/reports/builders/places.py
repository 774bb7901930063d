"""Reading a report's parameters: the unit (within the reader's jurisdiction) and the period."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.access.scoping import jurisdiction_of
from sosteci.indicators.periods import Period, PeriodError, parse_period, year
from sosteci.reports.builders.common import Params, ReportError
from sosteci.territory.models import AdminUnit


def unit_of(user: User, params: Params, perm: Perm = Perm.INDICATOR_VIEW) -> AdminUnit:
    """The unit asked (the user's jurisdiction when none), which must lie within the user's jurisdiction."""
    if params.unit:
        unit = AdminUnit.objects.filter(pcode__iexact=params.unit.strip()).first()
        if unit is None:
            raise ReportError(_("P-code inconnu : « %(pcode)s ».") % {"pcode": params.unit})
    else:
        unit = jurisdiction_of(user)
        if unit is None:
            raise PermissionDenied(_("Cette zone n'est pas dans votre ressort."))
    if not may(user, perm, unit):
        raise PermissionDenied(_("Cette zone n'est pas dans votre ressort."))
    return unit


def period_of(params: Params) -> Period:
    if not params.period:
        return year(timezone.localdate().year)
    try:
        return parse_period(params.period)
    except PeriodError as exc:
        raise ReportError(str(exc)) from exc
