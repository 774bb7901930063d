"""Register pages: children and households lists, a child's page, desk entry of households, children, visits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.collect.desk import desk_submit, household_instance, visit_instance
from sosteci.registry import selectors
from sosteci.registry.forms import (
    ActivityFormSet,
    ChildFilterForm,
    ChildForm,
    ChildFormSet,
    HouseholdForm,
    VisitForm,
    activities_from,
)
from sosteci.registry.models import Child, Household, Visit
from sosteci.registry.rulesets import active_ruleset
from sosteci.registry.services import child_register, child_update
from sosteci.registry.services.households import child_input_from
from sosteci.web.pagination import CappedPaginator

PAGE_SIZE = 25


def _attach(form: Any, errors: dict[str, list[str]]) -> None:
    for field, messages_ in errors.items():
        form.add_error(field if field in form.fields else None, messages_)


def _desk_household(request: AuthedRequest, locality: Any, household: Any, children: list[Any]) -> Household:
    """A desk household entry goes through the collection pipeline (stored as a desk submission)."""
    _submission, outcome = desk_submit(
        by=request.user, xml=household_instance(locality=locality, household=household, children=children)
    )
    return Household.objects.get(pk=outcome.result["household"])


def _desk_visit(request: AuthedRequest, child: Child, data: Any) -> Visit:
    _submission, outcome = desk_submit(by=request.user, xml=visit_instance(child=child, visit=data))
    return Visit.objects.get(pk=outcome.result["visits"][0])


@requires(Perm.CHILD_VIEW)
def child_list(request: AuthedRequest) -> HttpResponse:
    form = ChildFilterForm(request.GET or None)
    filters = selectors.ChildFilters()
    if form.is_valid():
        filters = selectors.ChildFilters(**form.cleaned_data)
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {"form": form, "query": query.urlencode(), "searching": bool(filters.q)}
    if filters.q:
        results = selectors.child_search(user=request.user, filters=filters)
        shown = [child for child, _score in results]
        context["results"] = results
    else:
        page = CappedPaginator(selectors.child_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        shown = list(page.object_list)
        context["page"] = page
    selectors.records_seen(user=request.user, records=shown, purpose="child.list")
    context["children"] = shown
    context["can_edit"] = may(request.user, Perm.CHILD_EDIT)
    context["can_export"] = may(request.user, Perm.CHILD_EXPORT)
    return render(request, "registry/child_list.html", context)


def _child(request: AuthedRequest, pk: int, purpose: str = "child.view") -> Child:
    child = selectors.child_get(user=request.user, pk=pk, purpose=purpose)
    if child is None:
        raise Http404
    return child


@requires(Perm.CHILD_VIEW)
def child_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    child = _child(request, pk)
    visits = list(selectors.child_visits(child))
    return render(
        request,
        "registry/child_detail.html",
        {
            "child": child,
            "visits": visits,
            "can_edit": may(request.user, Perm.CHILD_EDIT, child.locality),
            "siblings": child.household.children.filter(merged_into__isnull=True).exclude(pk=child.pk),
        },
    )


@requires(Perm.CHILD_EDIT)
def child_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    child = _child(request, pk, purpose="child.edit")
    form = ChildForm(request.POST or None, initial=vars(child_input_from(child)))
    if request.method == "POST" and form.is_valid():
        try:
            child_update(by=request.user, child=child, data=form.to_input())
        except ValidationError as exc:
            _attach(form, exc.message_dict)
        else:
            messages.success(request, _("Fiche de l'enfant mise à jour."))
            return redirect("registry:child-detail", pk=child.pk)
    return render(request, "registry/child_form.html", {"form": form, "child": child, "household": child.household})


@requires(Perm.CHILD_EDIT)
def visit_create(request: AuthedRequest, pk: int) -> HttpResponse:
    child = _child(request, pk, purpose="visit.create")
    ruleset = active_ruleset()
    data = request.POST if request.method == "POST" else None
    form = VisitForm(data, ruleset=ruleset)
    activities = ActivityFormSet(data, prefix="act", form_kwargs={"ruleset": ruleset})
    if data is not None and form.is_valid() and activities.is_valid():
        try:
            visit = _desk_visit(request, child, form.to_input(activities_from(activities)))
        except ValidationError as exc:
            _attach(form, exc.message_dict)
        else:
            messages.success(
                request, _("Visite enregistrée : %(category)s.") % {"category": visit.get_category_display()}
            )
            return redirect("registry:child-detail", pk=child.pk)
    return render(
        request,
        "registry/visit_form.html",
        {"form": form, "activities": activities, "child": child, "ruleset": ruleset},
    )


@requires(Perm.CHILD_VIEW)
def household_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.household_list(user=request.user, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.records_seen(user=request.user, records=list(page.object_list), purpose="household.list")
    return render(
        request,
        "registry/household_list.html",
        {
            "page": page,
            "q": q,
            "query": f"q={q}" if q else "",
            "can_edit": may(request.user, Perm.CHILD_EDIT),
        },
    )


def _household(request: AuthedRequest, pk: int) -> Household:
    household = selectors.household_get(user=request.user, pk=pk)
    if household is None:
        raise Http404
    return household


@requires(Perm.CHILD_VIEW)
def household_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    children = list(household.children.filter(merged_into__isnull=True).order_by("estimated_birth_date"))
    selectors.records_seen(user=request.user, records=children, purpose="household.view")
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "children": children,
            "can_edit": may(request.user, Perm.CHILD_EDIT, household.locality),
        },
    )


@requires(Perm.CHILD_EDIT)
def household_create(request: AuthedRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = HouseholdForm(data, user=request.user)
    children = ChildFormSet(data, prefix="child")
    if data is not None and form.is_valid() and children.is_valid():
        inputs = [f.to_input() for f in children.forms if f.has_changed() and f.cleaned_data]
        try:
            household = _desk_household(request, form.cleaned_data["locality"], form.to_input(), inputs)
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                if key.startswith("children["):
                    index, field = int(key[9 : key.index("]")]), key.split(".", 1)[1]
                    changed = [f for f in children.forms if f.has_changed() and f.cleaned_data]
                    changed[index].add_error(field if field in changed[index].fields else None, errors)
                else:
                    form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Ménage %(code)s enregistré avec %(n)s enfant(s).") % {"code": household.code, "n": len(inputs)},
            )
            return redirect("registry:household-detail", pk=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "children": children})


@requires(Perm.CHILD_EDIT)
def child_add(request: AuthedRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = child_register(by=request.user, household=household, data=form.to_input())
        except ValidationError as exc:
            _attach(form, exc.message_dict)
        else:
            messages.success(request, _("Enfant ajouté au ménage."))
            return redirect("registry:child-detail", pk=child.pk)
    return render(request, "registry/child_form.html", {"form": form, "household": household})
