"""Pages of evaluations: list with filters, detail with recommendations and their follow-up, forms, the report file
(served only to those who see the evaluation, each download audited), the overdue recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.audit import audit_record
from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.models import AuditEvent, User
from sosteci.access.permissions import Perm
from sosteci.coordination import policy, selectors
from sosteci.coordination.forms.committees import FollowUpForm
from sosteci.coordination.forms.evaluations import (
    EvaluationFilterForm,
    EvaluationForm,
    RecommendationFilterForm,
    RecommendationForm,
)
from sosteci.coordination.models import Evaluation
from sosteci.coordination.services import evaluations
from sosteci.coordination.services.common import allowed_moves
from sosteci.coordination.views.common import PAGE_SIZE, attach, fail, form_page, found, query_without_page
from sosteci.core.documents import DOCUMENT_TYPES, download_name
from sosteci.web.pagination import CappedPaginator

READERS = (Perm.PROGRAMME_VIEW, Perm.COORDINATION_VIEW)


@requires(READERS)
def evaluation_list(request: AuthedRequest) -> HttpResponse:
    form = EvaluationFilterForm(request.GET or None)
    rows = selectors.evaluation_list(user=request.user, **form.filters())
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    overdue = selectors.recommendation_list(user=request.user, overdue=True).count()
    return render(
        request,
        "coordination/evaluation_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "can_create": policy.may_record_evaluation(request.user),
            "overdue": overdue,
        },
    )


@requires(READERS)
def evaluation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = found(selectors.evaluation_get(user=request.user, pk=pk))
    can_edit = policy.may_edit_evaluation(request.user, evaluation)
    recommendations = list(evaluation.recommendations.order_by("due_on", "pk"))
    return render(
        request,
        "coordination/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "units": list(evaluation.units.all()),
            "recommendations": [(r, allowed_moves(r)) for r in recommendations],
            "can_edit": can_edit,
            "recommendation_form": RecommendationForm() if can_edit else None,
        },
    )


def _form_page(request: AuthedRequest, form: EvaluationForm, title: str, back: str) -> HttpResponse:
    return render(request, "coordination/evaluation_form.html", {"form": form, "title": title, "back": back})


@requires(Perm.EVALUATION_EDIT)
def evaluation_create(request: AuthedRequest) -> HttpResponse:
    initial = {"programme": request.GET["programme"]} if request.GET.get("programme", "").isdigit() else None
    form = EvaluationForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = evaluations.evaluation_create(
                by=request.user, data=form.to_data(), report=form.cleaned_data.get("report")
            )
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Évaluation enregistrée."))
            return redirect("coordination:evaluation-detail", pk=evaluation.pk)
    return _form_page(request, form, _("Nouvelle évaluation"), reverse("coordination:evaluation-list"))


@requires(Perm.EVALUATION_EDIT)
def evaluation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = found(selectors.evaluation_get(user=request.user, pk=pk))
    if not policy.may_edit_evaluation(request.user, evaluation):
        raise PermissionDenied(Perm.EVALUATION_EDIT.value)
    initial = vars(evaluations.evaluation_data_from(evaluation))
    form = EvaluationForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            evaluations.evaluation_update(
                by=request.user, evaluation=evaluation, data=form.to_data(), report=form.cleaned_data.get("report")
            )
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Évaluation mise à jour."))
            return redirect("coordination:evaluation-detail", pk=evaluation.pk)
    back = reverse("coordination:evaluation-detail", args=[evaluation.pk])
    return _form_page(request, form, _("Modifier l'évaluation"), back)


def report_response(user: User, evaluation: Evaluation) -> FileResponse:
    """The report file of an evaluation the user sees, as a download; the read is written to the audit trail."""
    if not evaluation.report:
        raise Http404
    try:
        handle = evaluation.report.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit_record(
        actor=user,
        kind=AuditEvent.Kind.READ,
        action="evaluation.report_download",
        obj=evaluation,
        after={"file": evaluation.report_name},
    )
    extension = (evaluation.report.name or "").rsplit(".", 1)[-1].lower()
    kind = DOCUMENT_TYPES.get(extension)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(evaluation.report_name, f"evaluation-{evaluation.pk}.{extension}"),
        content_type=kind.content_type if kind else "application/octet-stream",
    )


@requires(READERS)
def evaluation_report(request: AuthedRequest, pk: int) -> FileResponse:
    evaluation = found(selectors.evaluation_get(user=request.user, pk=pk))
    return report_response(request.user, evaluation)


# --- Recommendations ---------------------------------------------------------------------------------------------


@require_POST
@requires(Perm.EVALUATION_EDIT)
def recommendation_add(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = found(selectors.evaluation_get(user=request.user, pk=pk))
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            evaluations.recommendation_add(by=request.user, evaluation=evaluation, data=form.to_data())
        except (ValidationError, PermissionDenied) as exc:
            fail(request, exc)
        else:
            messages.success(request, _("Recommandation enregistrée."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"« {label} » : {error}" if label else str(error))
    return redirect("coordination:evaluation-detail", pk=evaluation.pk)


@requires(Perm.EVALUATION_EDIT)
def recommendation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    recommendation = found(selectors.recommendation_get(user=request.user, pk=pk))
    if not policy.may_edit_evaluation(request.user, recommendation.evaluation):
        raise PermissionDenied(Perm.EVALUATION_EDIT.value)
    initial = {"text": recommendation.text, "owner": recommendation.owner, "due_on": recommendation.due_on}
    form = RecommendationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            evaluations.recommendation_update(by=request.user, recommendation=recommendation, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Recommandation mise à jour."))
            return redirect("coordination:evaluation-detail", pk=recommendation.evaluation_id)
    back = reverse("coordination:evaluation-detail", args=[recommendation.evaluation_id])
    return form_page(request, form, title=_("Modifier la recommandation"), back=back, wide=("text",))


@require_POST
@requires(Perm.EVALUATION_EDIT)
def recommendation_follow_up(request: AuthedRequest, pk: int) -> HttpResponse:
    recommendation = found(selectors.recommendation_get(user=request.user, pk=pk))
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            evaluations.recommendation_follow_up(by=request.user, recommendation=recommendation, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            fail(request, exc)
        else:
            messages.success(request, _("Suivi de la recommandation enregistré."))
    else:
        messages.error(request, _("Suivi illisible : choisissez un état."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("coordination:evaluation-detail", pk=recommendation.evaluation_id)


@requires(READERS)
def recommendation_list(request: AuthedRequest) -> HttpResponse:
    form = RecommendationFilterForm(request.GET or None)
    rows = selectors.recommendation_list(user=request.user, **form.filters()).prefetch_related("evaluation__units")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    editable = (
        {r.pk for r in page if policy.may_edit_evaluation(request.user, r.evaluation)}
        if policy.may_record_evaluation(request.user)
        else set()
    )
    return render(
        request,
        "coordination/recommendation_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "today": timezone.localdate(),
            "editable": editable,
            "moves": {r.pk: allowed_moves(r) for r in page},
        },
    )
