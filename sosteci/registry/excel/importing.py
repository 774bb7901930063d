"""Register imports from Excel or CSV: store the upload with its dry-run report, then apply it on confirmation."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sosteci.access.models import User
from sosteci.access.permissions import Perm, may
from sosteci.registry.excel.checking import RegisterPlan, check_sheet
from sosteci.registry.excel.reading import ImportFileError, read_sheet
from sosteci.registry.models import RegisterImport
from sosteci.registry.services.bulk import BulkResult, bulk_register

MAX_REPORTED_CODES = 5000


def plan_file(*, by: User | None, filename: str, content: bytes) -> RegisterPlan:
    """Read and check a file (nothing is written); raises ImportFileError when it is not the template."""
    return check_sheet(read_sheet(filename, content), by=by)


def _earlier_imports(record: RegisterImport) -> list[str]:
    earlier = (
        RegisterImport.objects.filter(sha256=record.sha256, status=RegisterImport.Status.APPLIED)
        .exclude(pk=record.pk)
        .order_by("-applied_at")
        .values_list("applied_at", flat=True)[:1]
    )
    return [
        _("Ce fichier a déjà été importé le %(date)s : l'importer de nouveau créerait des doublons.")
        % {"date": f"{timezone.localtime(applied):%d/%m/%Y à %H:%M}"}
        for applied in earlier
        if applied is not None
    ]


def register_import_check(*, by: User, filename: str, content: bytes) -> RegisterImport:
    """Store an uploaded file and its dry-run report (nothing in the register changes).

    A file that cannot be read is stored too, in the "failed" status, with the French reason in
    `report["error"]`.
    """
    if not may(by, Perm.CHILD_IMPORT):
        raise PermissionDenied(Perm.CHILD_IMPORT.value)
    record = RegisterImport(
        filename=filename[:255], content=content, sha256=hashlib.sha256(content).hexdigest(), uploaded_by=by
    )
    try:
        plan = plan_file(by=by, filename=filename, content=content)
    except ImportFileError as exc:
        record.status = RegisterImport.Status.FAILED
        record.report = {"error": str(exc)}
    else:
        plan.warnings.extend(_earlier_imports(record))
        record.report = plan.as_report()
    record.save()
    return record


def _applied(result: BulkResult, plan: RegisterPlan) -> dict[str, Any]:
    refs = [entry.ref for entry in plan.valid_entries()]
    pairs = list(zip(refs, result.household_codes, strict=True))
    return {
        "households": result.households,
        "children": result.children,
        "visits": result.visits,
        "categories": result.categories,
        "household_codes": dict(pairs[:MAX_REPORTED_CODES]),  # menage_ref -> code given
        "codes_truncated": len(pairs) > MAX_REPORTED_CODES,
    }


@transaction.atomic
def register_import_confirm(*, by: User, record: RegisterImport) -> BulkResult:
    """Apply a checked upload: the file is read and checked again against the register as it is now, and its
    valid households are written in one transaction (rejected ones stay in the report only)."""
    if not may(by, Perm.CHILD_IMPORT):
        raise PermissionDenied(Perm.CHILD_IMPORT.value)
    locked = RegisterImport.objects.select_for_update().get(pk=record.pk)
    if locked.status != RegisterImport.Status.CHECKED:
        raise ValidationError(
            _("Cet import n'attend pas de confirmation (état : %(status)s).") % {"status": locked.get_status_display()}
        )
    try:
        plan = plan_file(by=by, filename=locked.filename, content=bytes(locked.content))
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from exc
    entries = plan.valid_entries()
    if not entries:
        raise ValidationError(_("Aucun ménage valide à importer : corrigez le fichier puis déposez-le de nouveau."))
    result = bulk_register(by=by, households=entries, filename=locked.filename, record_id=locked.pk)
    applied = _applied(result, plan)
    locked.status = RegisterImport.Status.APPLIED
    locked.applied_at = timezone.now()
    locked.report = {**plan.as_report(), "applied": applied}
    locked.save(update_fields=["status", "applied_at", "report", "updated_at"])
    record.status, record.applied_at, record.report = locked.status, locked.applied_at, locked.report
    return result
