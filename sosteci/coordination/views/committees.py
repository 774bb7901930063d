"""Pages of committees: the coordination home, committees and their members, trainings, awareness sessions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.coordination import policy, selectors
from sosteci.coordination.forms.committees import (
    CommitteeFilterForm,
    CommitteeForm,
    MemberForm,
    SessionFilterForm,
    SessionForm,
    TrainingForm,
)
from sosteci.coordination.models import Decision
from sosteci.coordination.services import awareness, committees
from sosteci.coordination.views.common import PAGE_SIZE, attach, form_page, found, query_without_page
from sosteci.web.pagination import CappedPaginator

ANY_COORDINATION = (Perm.COORDINATION_VIEW, Perm.PROGRAMME_VIEW, Perm.EFFORT_VIEW, Perm.AWARENESS_RECORD)
SESSION_READERS = (Perm.COORDINATION_VIEW, Perm.AWARENESS_RECORD)


@requires(ANY_COORDINATION)
def index(request: AuthedRequest) -> HttpResponse:
    """What needs attention: upcoming meetings, overdue decisions, programmes awaiting the user's opinion."""
    user = request.user
    sees_committees = may(user, Perm.COORDINATION_VIEW)
    context: dict[str, Any] = {
        "sees_committees": sees_committees,
        "sees_programmes": may(user, Perm.PROGRAMME_VIEW),
        "sees_reports": may(user, Perm.EFFORT_VIEW),
        "bodies": policy.validating_bodies(user),
        "awaiting": list(selectors.awaiting_decision(user=user)[:10]),
    }
    context["sees_evaluations"] = may(user, Perm.PROGRAMME_VIEW) or sees_committees
    if context["sees_evaluations"]:
        overdue_recommendations = selectors.recommendation_list(user=user, overdue=True)
        context["overdue_recommendations"] = list(overdue_recommendations[:10])
    if sees_committees:
        context["committees"] = selectors.committees_for(user).filter(is_active=True).count()
        context["upcoming"] = selectors.meetings_upcoming(user=user)
        context["overdue"] = list(selectors.decision_list(user=user, overdue=True).select_related("meeting")[:10])
    return render(request, "coordination/index.html", context)


# --- Committees ----------------------------------------------------------------------------------------------------


@requires(Perm.COORDINATION_VIEW)
def committee_list(request: AuthedRequest) -> HttpResponse:
    form = CommitteeFilterForm(request.GET or None)
    rows = selectors.committee_list(user=request.user, **form.filters())
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/committee_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "can_edit": may(request.user, Perm.COORDINATION_EDIT),
        },
    )


@requires(Perm.COORDINATION_VIEW)
def committee_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    committee = found(selectors.committee_get(user=request.user, pk=pk))
    meetings = committee.meetings.prefetch_related("committees").order_by("-held_on", "-pk")[:20]
    decisions = Decision.objects.filter(meeting__committees=committee).select_related("meeting").order_by("due_on")
    return render(
        request,
        "coordination/committee_detail.html",
        {
            "committee": committee,
            "members": selectors.members_of(committee),
            "meetings": meetings,
            "decisions": decisions.exclude(status__in=[Decision.Status.DONE, Decision.Status.ABANDONED])[:20],
            "trainings": committee.trainings.order_by("-held_on")[:20],
            "sessions": committee.awareness_sessions.select_related("locality").order_by("-held_on")[:20],
            "can_edit": policy.may_edit_committee(request.user, committee),
        },
    )


@requires(Perm.COORDINATION_EDIT)
def committee_create(request: AuthedRequest) -> HttpResponse:
    form = CommitteeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            committee = committees.committee_create(by=request.user, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Comité « %(name)s » enregistré.") % {"name": committee.name})
            return redirect("coordination:committee-detail", pk=committee.pk)
    back = reverse("coordination:committee-list")
    return form_page(request, form, title=_("Nouveau comité"), back=back, units=True, wide=("description",))


@requires(Perm.COORDINATION_EDIT)
def committee_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    committee = found(selectors.committee_get(user=request.user, pk=pk))
    if not policy.may_edit_committee(request.user, committee):
        raise PermissionDenied(Perm.COORDINATION_EDIT.value)
    initial = vars(committees.committee_data_from(committee))
    form = CommitteeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            committees.committee_update(by=request.user, committee=committee, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Comité mis à jour."))
            return redirect("coordination:committee-detail", pk=committee.pk)
    back = reverse("coordination:committee-detail", args=[committee.pk])
    return form_page(
        request, form, title=_("Modifier le comité"), back=back, crumbs=[(committee.name, back)], units=True
    )


@requires(Perm.COORDINATION_EDIT)
def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    committee = found(selectors.committee_get(user=request.user, pk=pk))
    if not policy.may_edit_committee(request.user, committee):
        raise PermissionDenied(Perm.COORDINATION_EDIT.value)
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            committees.member_add(by=request.user, committee=committee, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Membre ajouté."))
            return redirect("coordination:committee-detail", pk=committee.pk)
    back = reverse("coordination:committee-detail", args=[committee.pk])
    return form_page(request, form, title=_("Ajouter un membre"), back=back, crumbs=[(committee.name, back)])


@requires(Perm.COORDINATION_EDIT)
def member_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    member = found(selectors.member_get(user=request.user, pk=pk))
    committee = member.committee
    if not policy.may_edit_committee(request.user, committee):
        raise PermissionDenied(Perm.COORDINATION_EDIT.value)
    form = MemberForm(request.POST or None, user=request.user, initial=vars(committees.member_data_from(member)))
    if request.method == "POST" and form.is_valid():
        try:
            committees.member_update(by=request.user, member=member, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Membre mis à jour."))
            return redirect("coordination:committee-detail", pk=committee.pk)
    back = reverse("coordination:committee-detail", args=[committee.pk])
    return form_page(request, form, title=member.full_name, back=back, crumbs=[(committee.name, back)])


# --- Trainings -----------------------------------------------------------------------------------------------------


@requires(Perm.COORDINATION_VIEW)
def training_list(request: AuthedRequest) -> HttpResponse:
    rows = selectors.trainings_for(request.user).select_related("committee").order_by("-held_on", "-pk")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/training_list.html",
        {"page": page, "query": "", "can_edit": may(request.user, Perm.COORDINATION_EDIT)},
    )


@requires(Perm.COORDINATION_EDIT)
def training_create(request: AuthedRequest) -> HttpResponse:
    initial = {"committee": request.GET.get("comite")} if request.GET.get("comite") else None
    form = TrainingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            committees.training_record(by=request.user, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Formation enregistrée."))
            return redirect("coordination:training-list")
    back = reverse("coordination:training-list")
    return form_page(request, form, title=_("Nouvelle formation"), back=back, wide=("notes",))


@requires(Perm.COORDINATION_EDIT)
def training_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    training = found(selectors.training_get(user=request.user, pk=pk))
    if not policy.may_edit_committee(request.user, training.committee):
        raise PermissionDenied(Perm.COORDINATION_EDIT.value)
    initial = vars(committees.training_data_from(training))
    form = TrainingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            committees.training_update(by=request.user, training=training, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Formation mise à jour."))
            return redirect("coordination:training-list")
    back = reverse("coordination:training-list")
    return form_page(request, form, title=training.theme, back=back, wide=("notes",))


# --- Awareness sessions --------------------------------------------------------------------------------------------


@requires(SESSION_READERS)
def session_list(request: AuthedRequest) -> HttpResponse:
    form = SessionFilterForm(request.GET or None)
    rows = selectors.session_list(user=request.user, **form.filters())
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/session_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "can_record": may(request.user, Perm.AWARENESS_RECORD),
        },
    )


@requires(Perm.AWARENESS_RECORD)
def session_create(request: AuthedRequest) -> HttpResponse:
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            awareness.session_record(by=request.user, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Séance de sensibilisation enregistrée."))
            return redirect("coordination:session-list")
    back = reverse("coordination:session-list")
    return form_page(request, form, title=_("Nouvelle séance de sensibilisation"), back=back, units=True)


@requires(Perm.AWARENESS_RECORD)
def session_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    session = found(selectors.session_get(user=request.user, pk=pk))
    if not awareness.may_edit_session(request.user, session):
        raise PermissionDenied(Perm.AWARENESS_RECORD.value)
    initial = vars(awareness.session_data_from(session))
    form = SessionForm(request.POST or None, user=request.user, structure=session.structure, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            awareness.session_update(by=request.user, session=session, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Séance mise à jour."))
            return redirect("coordination:session-list")
    back = reverse("coordination:session-list")
    return form_page(request, form, title=str(session), back=back, units=True)
