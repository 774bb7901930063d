"""The supervisors' review of possible duplicates: side by side, merge or dismiss; never automatic."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm
from sosteci.access.scoping import jurisdiction_of
from sosteci.registry import selectors
from sosteci.registry.models import DuplicateCandidate
from sosteci.registry.services import duplicate_dismiss, duplicate_merge, duplicate_scan


@requires(Perm.DUPLICATE_REVIEW)
def duplicate_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", DuplicateCandidate.Status.OPEN)
    if status not in DuplicateCandidate.Status.values:
        status = DuplicateCandidate.Status.OPEN
    page = Paginator(selectors.duplicate_candidates(user=request.user, status=status), 20).get_page(
        request.GET.get("page")
    )
    shown = [c for pair in page.object_list for c in (pair.child_a, pair.child_b)]
    selectors.records_seen(user=request.user, records=shown, purpose="duplicate.review")
    return render(
        request,
        "registry/duplicate_list.html",
        {
            "page": page,
            "status": status,
            "statuses": DuplicateCandidate.Status.choices,
            "query": f"status={status}",
        },
    )


def _candidate(request: AuthedRequest, pk: int) -> DuplicateCandidate:
    candidate = selectors.duplicate_candidates(user=request.user, status="").filter(pk=pk).first()
    if candidate is None:
        raise Http404
    return candidate


@require_POST
@requires(Perm.DUPLICATE_REVIEW)
def duplicate_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request, pk)
    decision = request.POST.get("decision")
    try:
        if decision in {"keep_a", "keep_b"}:
            keep = candidate.child_a if decision == "keep_a" else candidate.child_b
            duplicate_merge(by=request.user, candidate=candidate, keep=keep)
            messages.success(request, _("Fiches fusionnées : %(code)s est conservée.") % {"code": keep.code})
        elif decision == "dismiss":
            duplicate_dismiss(by=request.user, candidate=candidate)
            messages.success(request, _("Ces deux enfants sont notés comme différents."))
        else:
            messages.error(request, _("Décision inconnue."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("registry:duplicate-list")


@require_POST
@requires(Perm.DUPLICATE_REVIEW)
def duplicate_search(request: AuthedRequest) -> HttpResponse:
    """Look for new pairs in the reviewer's jurisdiction (sous-préfecture by sous-préfecture)."""
    unit = jurisdiction_of(request.user)
    if unit is None:
        raise Http404
    created = duplicate_scan(unit=unit)
    messages.info(request, _("%(n)s nouveau(x) doublon(s) possible(s) à examiner.") % {"n": created})
    return redirect("registry:duplicate-list")
