"""Pages of meetings: one calendar across committees, a meeting with its decisions, the decisions' follow-up."""

from __future__ import annotations

import calendar
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.coordination import policy, selectors
from sosteci.coordination.forms.committees import DecisionFilterForm, DecisionForm, FollowUpForm, MeetingForm
from sosteci.coordination.services import meetings
from sosteci.coordination.views.common import PAGE_SIZE, attach, fail, form_page, found, query_without_page
from sosteci.web.pagination import CappedPaginator


def _month(value: str) -> date:
    """The first day of the month asked as "2026-11"; this month when absent or unreadable."""
    try:
        year, month = (int(part) for part in value.split("-")[:2])
        return date(year, month, 1)
    except (ValueError, TypeError):
        today = timezone.localdate()
        return today.replace(day=1)


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@requires(Perm.COORDINATION_VIEW)
def meeting_calendar(request: AuthedRequest) -> HttpResponse:
    """A month of meetings across every committee the user sees (weeks from Monday), or of one committee."""
    first = _month(request.GET.get("mois", ""))
    committee = None
    if request.GET.get("comite", "").isdigit():
        committee = selectors.committee_get(user=request.user, pk=int(request.GET["comite"]))
    rows = selectors.meeting_month(user=request.user, year=first.year, month=first.month, committee=committee)
    by_day: dict[date, list[object]] = {}
    for meeting in rows:
        by_day.setdefault(meeting.held_on, []).append(meeting)
    weeks = [
        [(day, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    suffix = f"&comite={committee.pk}" if committee else ""
    return render(
        request,
        "coordination/meeting_calendar.html",
        {
            "first": first,
            "weeks": weeks,
            "meetings": rows,
            "committee": committee,
            "previous": f"?mois={_shift(first, -1):%Y-%m}{suffix}",
            "next": f"?mois={_shift(first, 1):%Y-%m}{suffix}",
            "today": timezone.localdate(),
            "can_edit": may(request.user, Perm.COORDINATION_EDIT),
        },
    )


@requires(Perm.COORDINATION_VIEW)
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = found(selectors.meeting_get(user=request.user, pk=pk))
    can_edit = policy.may_edit_meeting(request.user, meeting)
    decisions = list(meeting.decisions.order_by("due_on", "pk"))
    return render(
        request,
        "coordination/meeting_detail.html",
        {
            "meeting": meeting,
            "committees": list(meeting.committees.all()),
            "decisions": [(d, meetings.allowed_moves(d)) for d in decisions],
            "can_edit": can_edit,
            "decision_form": DecisionForm() if can_edit else None,
        },
    )


@requires(Perm.COORDINATION_EDIT)
def meeting_create(request: AuthedRequest) -> HttpResponse:
    initial = {"committees": [request.GET["comite"]]} if request.GET.get("comite", "").isdigit() else None
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.meeting_create(by=request.user, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Réunion enregistrée."))
            return redirect("coordination:meeting-detail", pk=meeting.pk)
    back = reverse("coordination:meeting-calendar")
    return form_page(request, form, title=_("Nouvelle réunion"), back=back, wide=("committees", "agenda", "minutes"))


@requires(Perm.COORDINATION_EDIT)
def meeting_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = found(selectors.meeting_get(user=request.user, pk=pk))
    if not policy.may_edit_meeting(request.user, meeting):
        raise PermissionDenied(Perm.COORDINATION_EDIT.value)
    initial = vars(meetings.meeting_data_from(meeting))
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_update(by=request.user, meeting=meeting, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Réunion mise à jour."))
            return redirect("coordination:meeting-detail", pk=meeting.pk)
    back = reverse("coordination:meeting-detail", args=[meeting.pk])
    return form_page(
        request,
        form,
        title=_("Modifier la réunion"),
        back=back,
        crumbs=[(str(meeting), back)],
        wide=("committees", "agenda", "minutes"),
    )


@require_POST
@requires(Perm.COORDINATION_EDIT)
def decision_add(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = found(selectors.meeting_get(user=request.user, pk=pk))
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            meetings.decision_add(by=request.user, meeting=meeting, data=form.to_data())
        except (ValidationError, PermissionDenied) as exc:
            fail(request, exc)
        else:
            messages.success(request, _("Décision enregistrée."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"« {label} » : {error}" if label else str(error))
    return redirect("coordination:meeting-detail", pk=meeting.pk)


@requires(Perm.COORDINATION_EDIT)
def decision_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = found(selectors.decision_get(user=request.user, pk=pk))
    if not policy.may_edit_meeting(request.user, decision.meeting):
        raise PermissionDenied(Perm.COORDINATION_EDIT.value)
    initial = {"text": decision.text, "owner": decision.owner, "due_on": decision.due_on}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.decision_update(by=request.user, decision=decision, data=form.to_data())
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("Décision mise à jour."))
            return redirect("coordination:meeting-detail", pk=decision.meeting_id)
    back = reverse("coordination:meeting-detail", args=[decision.meeting_id])
    return form_page(request, form, title=_("Modifier la décision"), back=back, wide=("text",))


@require_POST
@requires(Perm.COORDINATION_EDIT)
def decision_follow_up(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = found(selectors.decision_get(user=request.user, pk=pk))
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            meetings.decision_follow_up(by=request.user, decision=decision, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            fail(request, exc)
        else:
            messages.success(request, _("Suivi de la décision enregistré."))
    else:
        messages.error(request, _("Suivi illisible : choisissez un état."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("coordination:meeting-detail", pk=decision.meeting_id)


@requires(Perm.COORDINATION_VIEW)
def decision_list(request: AuthedRequest) -> HttpResponse:
    form = DecisionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = (
        selectors.decision_list(user=request.user, **filters)
        .select_related("meeting")
        .prefetch_related("meeting__committees")
    )
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/decision_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "today": timezone.localdate(),
            "can_edit": may(request.user, Perm.COORDINATION_EDIT),
            "moves": {d.pk: meetings.allowed_moves(d) for d in page},
        },
    )
