"""Case management pages: the user's tasks, alerts and their triage, cases with their steps, referrals."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.audit import audit_record
from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.models import AuditEvent, User
from sosteci.access.permissions import Perm, may
from sosteci.access.roles import Role
from sosteci.cases import policy, selectors, services
from sosteci.cases.exporting import export_cases_xlsx
from sosteci.cases.forms import (
    AlertForm,
    AssignForm,
    ReferralForm,
    RespondForm,
    ServiceForm,
    TransitionForm,
    TriageForm,
)
from sosteci.cases.models import Alert, Case, Referral
from sosteci.cases.workflow import available
from sosteci.directory.models import Structure
from sosteci.registry.selectors import children_for
from sosteci.web.pagination import CappedPaginator

PAGE_SIZE = 25
# Who may open the alert pages, the case pages (providers: the cases referred to them) and the referrals.
ALERT_READERS = (Perm.ALERT_CREATE, Perm.ALERT_TRIAGE, Perm.CASE_VIEW)
CASE_READERS = (Perm.CASE_VIEW, Perm.REFERRAL_RESPOND)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(exc: ValidationError) -> list[str]:
    return [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages


def _fail(request: AuthedRequest, exc: ValidationError | PermissionDenied) -> None:
    for message in _errors(exc) if isinstance(exc, ValidationError) else [str(exc) or _("Action refusée.")]:
        messages.error(request, message)


def task_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "cases/task_list.html", {"tasks": selectors.tasks_for(request.user), "now": timezone.now()})


# --- Alerts ----------------------------------------------------------------------------------------------------------


@requires(ALERT_READERS)
def alert_list(request: AuthedRequest) -> HttpResponse:
    qs = selectors.alerts_for(request.user).select_related("locality")
    status = request.GET.get("status", "")
    if status == "overdue":
        qs = services.alerts_overdue(qs)
    elif status:
        qs = qs.filter(status=status)
    page = CappedPaginator(qs.order_by("-received_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/alert_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Alert.Status.choices,
            "can_create": may(request.user, Perm.ALERT_CREATE),
            "query": f"status={status}" if status else "",
        },
    )


@requires(Perm.ALERT_CREATE)
def alert_create(request: AuthedRequest) -> HttpResponse:
    form = AlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = services.AlertInput(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
        try:
            alert = services.alert_create(by=request.user, data=data)
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Alerte %(code)s enregistrée.") % {"code": alert.code})
            return redirect("cases:alert-detail", pk=alert.pk)
    return render(request, "cases/alert_form.html", {"form": form})


@requires(ALERT_READERS)
def alert_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_get(user=request.user, pk=pk)
    if alert is None:
        raise Http404
    form = TriageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        code = data["child_code"].strip().upper()
        child = children_for(request.user).filter(code=code).first() if code else None
        case = (
            selectors.cases_for(request.user).filter(code=data["case_code"].strip().upper()).first()
            if data["case_code"]
            else None
        )
        try:
            services.alert_triage(
                by=request.user, alert=alert, decision=data["decision"], note=data["note"], child=child, case=case
            )
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Alerte triée."))
            return redirect("cases:alert-detail", pk=alert.pk)
    can_triage = alert.status == Alert.Status.NEW and may(request.user, Perm.ALERT_TRIAGE, alert.locality)
    return render(request, "cases/alert_detail.html", {"alert": alert, "form": form, "can_triage": can_triage})


# --- Cases -----------------------------------------------------------------------------------------------------------


@requires(CASE_READERS)
def case_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "active")
    q = request.GET.get("q", "").strip()
    mine = request.GET.get("mine") == "1"
    qs = selectors.case_list(user=request.user, status=status, q=q, mine=mine)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(case, policy.display_name(request.user, case, scoped=True)) for case in page.object_list]
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "q": q,
            "mine": mine,
            "statuses": Case.Status.choices,
            "query": f"status={status}&q={q}" + ("&mine=1" if mine else ""),
            "can_export": may(request.user, Perm.CASE_EXPORT),
        },
    )


@requires(Perm.CASE_EXPORT)
def case_export(request: AuthedRequest) -> HttpResponseBase:
    """The filtered case list as XLSX (names masked as on the page); one audit row per export."""
    status = request.GET.get("status", "active")
    q = request.GET.get("q", "").strip()
    qs = selectors.case_list(user=request.user, status=status, q=q, mine=request.GET.get("mine") == "1")
    count = qs.count()
    with transaction.atomic():
        audit_record(
            actor=request.user,
            kind=AuditEvent.Kind.READ,
            action="case.export",
            object_type="cases.case",
            object_repr=_("%(n)s dossiers") % {"n": count},
            after={"filters": {"status": status, "q": q, "mine": request.GET.get("mine") == "1"}, "count": count},
        )
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — closed by FileResponse
    export_cases_xlsx(user=request.user, cases=qs, path_or_file=spool)
    spool.seek(0)
    name = f"sosteci-dossiers-{timezone.localdate().isoformat()}.xlsx"
    return FileResponse(spool, as_attachment=True, filename=name, content_type=XLSX)


def referral_structures(case: Case) -> Any:
    """The structures a child of the case's place may be referred to: active and serving that place (located at it
    or above it, or covering it), by name."""
    return Structure.objects.active().serving(case.locality).order_by("name")


def _case(request: AuthedRequest, pk: int) -> Case:
    case = selectors.case_get(user=request.user, pk=pk)
    if case is None:
        raise Http404
    return case


@requires(CASE_READERS)
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    user = request.user
    referrals = selectors.case_referrals(user, case)
    can_edit = policy.may_act(user, case, Perm.CASE_EDIT)
    structures = referral_structures(case)
    can_assign = policy.may_act(user, case, Perm.CASE_SUPERVISE) and case.is_active
    context: dict[str, Any] = {
        "case": case,
        "name": policy.display_name(user, case),
        "identity": policy.sees_identity(user, case),
        "transitions": [t for t in available(case) if policy.may_act(user, case, t.perm)],
        "transition_form": TransitionForm(),
        "referrals": referrals,
        "services_done": case.services.select_related("provider"),
        "follow_ups": services.follow_ups(case),
        "events": case.events.select_related("by"),
        "can_edit": can_edit and case.is_active,
        "can_assign": can_assign,
        # The workers the case may be entrusted to are looked up only for those who may entrust it.
        "assign_form": AssignForm(initial={"version": case.version}, case=case) if can_assign else None,
        # A provider records the service it gave on a referral made to its structure that it accepted.
        "provider_referrals": [r for r in referrals if r.status == Referral.Status.ACCEPTED]
        if user.role == Role.PRESTATAIRE
        else [],
        "referral_form": ReferralForm(initial={"version": case.version}, structures=structures),
        "service_form": ServiceForm(),
    }
    return render(request, "cases/case_detail.html", context)


@require_POST
@requires(CASE_READERS)
def case_step(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_transition(
                by=request.user,
                case=case,
                name=data["name"],
                version=data["version"],
                note=data["note"],
                text=data["text"],
                reason=data["reason"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Dossier mis à jour."))
    return redirect("cases:case-detail", pk=case.pk)


@require_POST
@requires(CASE_READERS)
def case_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = AssignForm(request.POST, case=case)
    if form.is_valid():
        worker = User.objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        try:
            if worker is None:
                raise ValidationError(_("Intervenant inconnu."))
            services.case_assign(by=request.user, case=case, version=form.cleaned_data["version"], assigned_to=worker)
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Dossier confié."))
    return redirect("cases:case-detail", pk=case.pk)


@require_POST
@requires(CASE_READERS)
def referral_create(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = ReferralForm(request.POST, structures=referral_structures(case))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_create(
                by=request.user,
                case=case,
                version=data["version"],
                structure=data["structure"],
                service=data["service"],
                consent_child=data["consent_child"],
                consent_guardian=data["consent_guardian"],
                consent_note=data["consent_note"],
                note=data["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Orientation envoyée."))
    else:
        messages.error(request, _("Orientation incomplète : choisissez le service et la structure."))
    return redirect("cases:case-detail", pk=case.pk)


@require_POST
@requires(CASE_READERS)
def service_create(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = ServiceForm(request.POST)
    referral = None
    if request.POST.get("referral"):
        referral = case.referrals.filter(pk=request.POST["referral"]).first()
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.service_record(
                by=request.user,
                case=case,
                service=data["service"],
                delivered_on=data["delivered_on"],
                cost=data["cost"],
                provider_name=data["provider_name"],
                referral=referral,
                note=data["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Service enregistré."))
    else:
        messages.error(request, _("Service incomplet : indiquez le service et la date."))
    return redirect("cases:case-detail", pk=case.pk)


# --- Providers -------------------------------------------------------------------------------------------------------


@requires(CASE_READERS)
def referral_list(request: AuthedRequest) -> HttpResponse:
    referrals = selectors.referrals_for(request.user)
    page = CappedPaginator(referrals.order_by("-referred_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(r, policy.display_name(request.user, r.case, scoped=True)) for r in page.object_list]
    return render(request, "cases/referral_list.html", {"page": page, "rows": rows, "form": RespondForm()})


@require_POST
@requires(Perm.REFERRAL_RESPOND)
def referral_respond(request: AuthedRequest, pk: int) -> HttpResponse:
    referral = selectors.referrals_for_provider(request.user).filter(pk=pk).first()
    if referral is None:
        raise Http404
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            services.referral_respond(
                by=request.user,
                referral=referral,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Réponse enregistrée."))
    # Answered from the case page, the provider goes back to it (to record the service once accepted).
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("cases:referral-list")
