"""Pages of programmes: list, detail with the CIM and CNLTP opinions, drafting, submission, the prefect's repertoire."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.audit import audit_record
from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.models import AuditEvent
from sosteci.access.permissions import Perm
from sosteci.coordination import policy, selectors
from sosteci.coordination.exporting import export_repertoire_xlsx
from sosteci.coordination.forms.programmes import (
    ProgrammeDecisionForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    RepertoireForm,
)
from sosteci.coordination.models import VALIDATING_BODIES, Programme
from sosteci.coordination.services import programmes
from sosteci.coordination.views.common import PAGE_SIZE, XLSX, attach, fail, found, query_without_page
from sosteci.web.pagination import CappedPaginator


@requires(Perm.PROGRAMME_VIEW)
def programme_list(request: AuthedRequest) -> HttpResponse:
    form = ProgrammeFilterForm(request.GET or None)
    rows = selectors.programme_list(user=request.user, **form.filters())
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/programme_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "can_create": policy.may_create_programme(request.user),
            "awaiting": selectors.awaiting_decision(user=request.user).count(),
        },
    )


@requires(Perm.PROGRAMME_VIEW)
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The programme, the CIM's and CNLTP's opinions of the current round, and the form for a committee member
    whose committee has not yet given its own."""
    programme = found(selectors.programme_get(user=request.user, pk=pk))
    decisions = selectors.programme_decisions(programme)
    current = {d.body: d for d in decisions if d.round == programme.round}
    open_bodies = [b for b in policy.validating_bodies(request.user) if b not in current]
    awaiting = programme.status == Programme.Status.SUBMITTED and bool(open_bodies)
    reports = selectors.reports_for(request.user).filter(programme=programme).select_related("structure")
    return render(
        request,
        "coordination/programme_detail.html",
        {
            "programme": programme,
            "zones": list(programme.zones.all()),
            "funders": list(programme.funders.all()),
            "decisions": decisions,
            "current": current,
            "can_edit": programme.is_editable and policy.may_edit_programme(request.user, programme),
            "decision_form": ProgrammeDecisionForm(bodies=open_bodies) if awaiting else None,
            "reports": list(reports.order_by("-period_end")[:10]),
            "evaluations": list(selectors.evaluation_list(user=request.user, programme=programme)[:10]),
            "can_evaluate": policy.may_record_evaluation(request.user),
        },
    )


@requires(Perm.PROGRAMME_EDIT)
def programme_create(request: AuthedRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programmes.programme_create(by=request.user, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Programme %(code)s enregistré comme brouillon.") % {"code": programme.code})
            return redirect("coordination:programme-detail", pk=programme.pk)
    return render(request, "coordination/programme_form.html", {"form": form})


@requires(Perm.PROGRAMME_EDIT)
def programme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = found(selectors.programme_get(user=request.user, pk=pk))
    if not policy.may_edit_programme(request.user, programme):
        raise PermissionDenied(Perm.PROGRAMME_EDIT.value)
    initial = vars(programmes.programme_data_from(programme))
    form = ProgrammeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programmes.programme_update(by=request.user, programme=programme, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Programme mis à jour."))
            return redirect("coordination:programme-detail", pk=programme.pk)
    return render(request, "coordination/programme_form.html", {"form": form, "programme": programme})


@require_POST
@requires(Perm.PROGRAMME_EDIT)
def programme_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = found(selectors.programme_get(user=request.user, pk=pk))
    try:
        programmes.programme_submit(by=request.user, programme=programme)
    except (ValidationError, PermissionDenied) as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Programme soumis à la validation conjointe du CIM et du CNLTP."))
    return redirect("coordination:programme-detail", pk=programme.pk)


@require_POST
@requires(Perm.PROGRAMME_VALIDATE)
def programme_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    """The CIM's or the CNLTP's opinion; the service refuses users who are not members of either."""
    programme = found(selectors.programme_get(user=request.user, pk=pk))
    form = ProgrammeDecisionForm(request.POST, bodies=[b.value for b in VALIDATING_BODIES])
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"« {label} » : {error}" if label else str(error))
        return redirect("coordination:programme-detail", pk=programme.pk)
    try:
        programmes.programme_decide(by=request.user, programme=programme, **form.cleaned_data)
    except ValidationError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Avis enregistré."))
    return redirect("coordination:programme-detail", pk=programme.pk)


@requires(Perm.PROGRAMME_VIEW)
def repertoire(request: AuthedRequest) -> HttpResponse:
    """The repertoire for the prefect: validated programmes in force in a département on a date."""
    form = RepertoireForm(request.GET or None, user=request.user)
    rows = None
    if form.is_bound and form.is_valid():
        rows = list(
            selectors.repertoire(
                user=request.user, departement=form.cleaned_data["departement"], on=form.cleaned_data["on"]
            )
        )
    return render(
        request,
        "coordination/repertoire.html",
        {"form": form, "rows": rows, "query": request.GET.urlencode(), "today": timezone.localdate()},
    )


@requires(Perm.PROGRAMME_VIEW)
def repertoire_export(request: AuthedRequest) -> HttpResponse:
    form = RepertoireForm(request.GET or None, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choisissez un département de votre ressort et une date."))
        return redirect("coordination:repertoire")
    departement, on = form.cleaned_data["departement"], form.cleaned_data["on"]
    buffer = io.BytesIO()
    count = export_repertoire_xlsx(
        selectors.repertoire(user=request.user, departement=departement, on=on), departement, on, buffer
    )
    audit_record(
        actor=request.user,
        kind=AuditEvent.Kind.READ,
        action="programme.repertoire_export",
        object_type="territory.adminunit",
        object_id=departement.pk,
        object_repr=departement.name,
        after={"on": on.isoformat(), "programmes": count},
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="sosteci-programmes-{departement.pcode}-{on.isoformat()}.xlsx"'
    )
    return response
