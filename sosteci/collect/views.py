"""Collection pages: my collect password and Collect settings, the submissions list, review and re-processing."""

from __future__ import annotations

from xml.dom import minidom

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.collect import selectors
from sosteci.collect.catalog import TOOLS
from sosteci.collect.models import CollectCredential, Submission
from sosteci.collect.processing import process
from sosteci.collect.services import collect_password_set, submission_review


class CollectPasswordForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Mot de passe de collecte"), widget=forms.PasswordInput)
    confirm = forms.CharField(label=gettext_lazy("Confirmer"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") != data.get("confirm"):
            raise forms.ValidationError(gettext_lazy("Les deux mots de passe ne concordent pas."))
        return data


def collect_settings(request: AuthedRequest) -> HttpResponse:
    """The user's own collect password and the settings to type into ODK Collect."""
    form = CollectPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collect_password_set(by=request.user, user=request.user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            messages.success(request, _("Mot de passe de collecte enregistré : saisissez-le dans ODK Collect."))
            return redirect("collect-settings")
    credential = CollectCredential.objects.filter(user=request.user).first()
    return render(
        request,
        "collect/settings.html",
        {
            "form": form,
            "credential": credential,
            "server_url": request.build_absolute_uri("/openrosa"),
            "forms": [t for t in TOOLS.values() if request.user.role in t.roles],
        },
    )


def submission_list(request: AuthedRequest) -> HttpResponse:
    filters = selectors.SubmissionFilters(
        status=request.GET.get("status", ""),
        review=request.GET.get("review", ""),
        form_id=request.GET.get("form", ""),
        flagged=request.GET.get("flagged") == "1",
    )
    page = Paginator(selectors.submission_list(user=request.user, filters=filters), 30).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "collect/submission_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": Submission.Status.choices,
            "reviews": Submission.Review.choices,
            "forms": sorted(TOOLS),
            "query": query.urlencode(),
        },
    )


def _submission(request: AuthedRequest, pk: int) -> Submission:
    submission = selectors.submission_get(user=request.user, pk=pk)
    if submission is None:
        raise Http404
    return submission


def _pretty(xml: str) -> str:
    try:
        return minidom.parseString(xml.encode()).toprettyxml(indent="  ")  # noqa: S318 — stored after defusedxml
    except Exception:
        return xml


def submission_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    can_review = submission.locality is not None and may(request.user, Perm.SUBMISSION_REVIEW, submission.locality)
    can_reprocess = can_review or may(request.user, Perm.SUBMISSION_ADMIN)
    return render(
        request,
        "collect/submission_detail.html",
        {
            "submission": submission,
            "xml": _pretty(submission.xml),
            "attachments": submission.attachments.all(),
            "can_review": can_review,
            "can_reprocess": can_reprocess,
            "visits": submission.visits.select_related("child") if submission.result else [],
        },
    )


@require_POST
def submission_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    try:
        submission_review(
            by=request.user,
            submission=submission,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Décision enregistrée."))
    return redirect("collect:submission-detail", pk=pk)


@require_POST
def submission_reprocess(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    allowed = may(request.user, Perm.SUBMISSION_ADMIN) or (
        submission.locality is not None and may(request.user, Perm.SUBMISSION_REVIEW, submission.locality)
    )
    if not allowed:
        raise PermissionDenied
    if submission.status not in {Submission.Status.FAILED, Submission.Status.HELD, Submission.Status.RECEIVED}:
        messages.error(request, _("Cette soumission est déjà traitée."))
    else:
        result = process(submission.pk)
        messages.info(request, _("Nouveau traitement : %(status)s.") % {"status": result.get_status_display()})
    return redirect("collect:submission-detail", pk=pk)
