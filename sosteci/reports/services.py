"""Writes of the reports: asking for one in the background, running it (pending → running → done or failed), the
audited download, and the removal of old files. A report made while the user waits is audited here too."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sosteci.access.audit import audit_record
from sosteci.access.models import AuditEvent, User
from sosteci.reports.builders import BUILDERS, Params, ReportError, build_report
from sosteci.reports.document import Report
from sosteci.reports.models import ReportFormat, ReportKind, ReportRequest
from sosteci.reports.rendering import PDF, XLSX, render_pdf, write_xlsx

log = logging.getLogger(__name__)
# How many days a generated file is kept (then `manage.py reports_clean` removes it).
KEEP_DAYS: int = getattr(settings, "REPORTS_KEEP_DAYS", 7)
# How many reports one user may have waiting or running at once.
MAX_PENDING = 5


@dataclass(frozen=True)
class RenderedReport:
    filename: str
    content_type: str
    path: Path  # a temporary file; the caller streams then deletes it


def report_filename(kind: str, params: Params, fmt: str) -> str:
    day = timezone.localdate()
    scope = params.plan or params.unit or "ressort"
    parts = ["sosteci", str(kind), scope, params.period, day.isoformat()]
    return "-".join(slugify(p) for p in parts if p) + f".{fmt}"


def _render(report: Report, fmt: str, target: Path) -> None:
    if fmt == ReportFormat.PDF:
        target.write_bytes(render_pdf(report))
    else:
        write_xlsx(report, str(target))


def report_render(*, user: User, kind: str, params: Params, fmt: str) -> RenderedReport:
    """Make a report while the user waits (small scopes); audited as a read of aggregates."""
    report = build_report(kind=kind, user=user, params=params)
    handle = tempfile.NamedTemporaryFile(suffix=f".{fmt}", delete=False)  # noqa: SIM115 — the view deletes it
    handle.close()
    path = Path(handle.name)
    _render(report, fmt, path)
    with transaction.atomic():
        audit_record(
            actor=user,
            kind=AuditEvent.Kind.READ,
            action="report.export",
            object_type="reports.report",
            object_id=str(kind),
            object_repr=f"{report.title} — {report.subtitle}"[:300],
            after={"params": params.to_json(), "format": fmt, "suppressed": report.suppressed},
        )
    content_type = PDF if fmt == ReportFormat.PDF else XLSX
    return RenderedReport(filename=report_filename(kind, params, fmt), content_type=content_type, path=path)


def _title(kind: str, params: Params) -> str:
    label = str(ReportKind(kind).label)
    where = params.plan or params.unit or _("mon ressort")
    return f"{label} — {where}" + (f" — {params.period}" if params.period else "")


@transaction.atomic
def report_request_create(*, user: User, kind: str, params: Params, fmt: str) -> ReportRequest:
    """Ask for a report in the background; the task starts once the request is saved."""
    if kind not in BUILDERS:
        raise ValidationError({"kind": _("Rapport inconnu : « %(kind)s ».") % {"kind": kind}})
    if fmt not in ReportFormat.values:
        raise ValidationError({"format": _("Format inconnu : « %(format)s ».") % {"format": fmt}})
    waiting = ReportRequest.objects.filter(
        requested_by=user, status__in=[ReportRequest.Status.PENDING, ReportRequest.Status.RUNNING]
    ).count()
    if waiting >= MAX_PENDING:
        raise ValidationError(
            _("Vous avez déjà %(n)s rapports en préparation : attendez qu'ils soient prêts.") % {"n": waiting}
        )
    request = ReportRequest(
        requested_by=user, kind=kind, format=fmt, params=params.to_json(), title=_title(kind, params)[:300]
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=user, action="report.request", obj=request, after={"kind": kind, "format": fmt, **params.to_json()}
    )
    transaction.on_commit(lambda: _enqueue(request.pk))
    return request


def _enqueue(request_id: int) -> None:
    from sosteci.reports.tasks import generate_report

    generate_report.enqueue(request_id)


def _move(request: ReportRequest, status: str, **fields: object) -> None:
    if not request.may_become(status):
        raise ValidationError(
            _("Une demande « %(from)s » ne peut passer à « %(to)s ».")
            % {"from": request.get_status_display(), "to": ReportRequest.Status(status).label}
        )
    before = request.status
    request.status = status
    for name, value in fields.items():
        setattr(request, name, value)
    request.save()
    audit_record(
        actor=None,
        actor_label="reports",
        action=f"report.{status}",
        obj=request,
        before={"status": before},
        after={"status": status, **({"error": request.error} if request.error else {})},
    )


def report_progress(*, request_id: int, percent: int) -> None:
    """Record how far the worker is (no audit row: a figure of progress is not a change of state)."""
    ReportRequest.objects.filter(pk=request_id, status=ReportRequest.Status.RUNNING).update(
        progress=max(0, min(100, percent))
    )


def report_run(*, request_id: int) -> ReportRequest:
    """Make the report of a pending request with its requester's rights as they are now; the request ends done
    (its file attached) or failed (with the reason shown to the user)."""
    with transaction.atomic():
        request = ReportRequest.objects.select_for_update().select_related("requested_by").get(pk=request_id)
        if request.status != ReportRequest.Status.PENDING:
            return request  # already taken by another worker, or finished
        _move(request, ReportRequest.Status.RUNNING, started_at=timezone.now(), progress=1, error="")
    user = request.requested_by
    params = Params.from_json(request.params)
    try:
        report = build_report(
            kind=request.kind,
            user=user,
            params=params,
            progress=lambda percent: report_progress(request_id=request.pk, percent=percent),
        )
        report_progress(request_id=request.pk, percent=85)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / report_filename(request.kind, params, request.format)
            _render(report, request.format, path)
            with transaction.atomic(), path.open("rb") as handle:
                request.refresh_from_db()
                request.file.save(path.name, File(handle), save=False)
                _move(
                    request,
                    ReportRequest.Status.DONE,
                    progress=100,
                    size=path.stat().st_size,
                    finished_at=timezone.now(),
                    expires_at=timezone.now() + timedelta(days=KEEP_DAYS),
                )
    except (ReportError, PermissionDenied, ValidationError) as exc:
        _fail(request.pk, str(exc) or _("Accès refusé."))
    except Exception:
        log.exception("report %s failed", request.pk)
        _fail(request.pk, _("Erreur inattendue pendant la préparation du rapport ; l'équipe technique est prévenue."))
    request.refresh_from_db()
    return request


def _fail(request_id: int, message: str) -> None:
    with transaction.atomic():
        request = ReportRequest.objects.select_for_update().get(pk=request_id)
        if request.file:
            request.file.delete(save=False)
        _move(request, ReportRequest.Status.FAILED, error=message[:2000], finished_at=timezone.now(), file="")


@transaction.atomic
def report_retry(*, user: User, request: ReportRequest) -> ReportRequest:
    """Ask again for a report that failed."""
    if request.requested_by_id != user.pk:
        raise PermissionDenied(_("Cette demande n'est pas la vôtre."))
    _move(request, ReportRequest.Status.PENDING, progress=0, error="", started_at=None, finished_at=None)
    transaction.on_commit(lambda: _enqueue(request.pk))
    return request


@transaction.atomic
def report_download(*, user: User, request: ReportRequest) -> ReportRequest:
    """Record that the requester downloads the file (the view streams it)."""
    if request.requested_by_id != user.pk:
        raise PermissionDenied(_("Cette demande n'est pas la vôtre."))
    if request.status != ReportRequest.Status.DONE or not request.file:
        raise ValidationError(_("Ce rapport n'est pas prêt ou a été supprimé."))
    ReportRequest.objects.filter(pk=request.pk).update(downloads=request.downloads + 1)
    audit_record(
        actor=user,
        kind=AuditEvent.Kind.READ,
        action="report.download",
        obj=request,
        after={"file": request.file.name, "size": request.size},
    )
    return request


def reports_clean(*, days: int = KEEP_DAYS, now: datetime | None = None) -> int:
    """Remove the files of reports finished more than `days` days ago (the requests stay, as a history); returns how
    many files were removed."""
    limit = (now or timezone.now()) - timedelta(days=days)
    removed = 0
    old = ReportRequest.objects.filter(finished_at__lt=limit).exclude(file="")
    for request in old.iterator():
        with transaction.atomic():
            request.file.delete(save=False)
            request.file = ""
            request.save(update_fields=["file", "updated_at"])
            audit_record(actor=None, actor_label="reports_clean", action="report.clean", obj=request)
        removed += 1
    return removed
