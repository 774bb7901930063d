"""Pages of the joint matrix (linked activities of different plans) and the XLSX matrices."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access.decorators import requires
from sosteci.access.http import AuthedRequest
from sosteci.access.permissions import Perm, may
from sosteci.plans import selectors
from sosteci.plans.excel.matrix import write_joint_matrix, write_plan_matrix
from sosteci.plans.forms import JointLinkForm, attach
from sosteci.plans.models import JointLink
from sosteci.plans.selectors.joint import joint_matrix
from sosteci.plans.services.joint import joint_link_create, joint_link_delete
from sosteci.plans.views.execution import XLSX, plan_or_404


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(Perm.PLAN_VIEW)
def plan_matrix_xlsx(request: AuthedRequest, code: str) -> HttpResponse:
    plan = plan_or_404(request, code)
    stream = io.BytesIO()
    write_plan_matrix(selectors.plan_document(plan=plan), stream)
    return _xlsx(stream.getvalue(), f"matrice-{plan.code}.xlsx")


@requires(Perm.PLAN_VIEW)
def joint_page(request: AuthedRequest) -> HttpResponse:
    can_edit = may(request.user, Perm.PLAN_EDIT)
    plans = selectors.plans_for(request.user)
    form = JointLinkForm(request.POST or None, plans=plans) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(Perm.PLAN_EDIT.value)
        if form.is_valid():
            data = form.cleaned_data
            try:
                joint_link_create(by=request.user, activity=data["found_a"], other=data["found_b"], note=data["note"])
            except ValidationError as exc:
                attach(form, exc)
            else:
                messages.success(request, _("Activités liées dans la matrice conjointe."))
                return redirect("plans:joint")
    return render(
        request,
        "plans/joint.html",
        {"matrix": joint_matrix(), "form": form, "can_edit": can_edit, "plans": plans},
    )


@requires(Perm.PLAN_VIEW)
def joint_xlsx(request: AuthedRequest) -> HttpResponse:
    stream = io.BytesIO()
    write_joint_matrix(joint_matrix(), stream)
    return _xlsx(stream.getvalue(), "matrice-conjointe.xlsx")


@require_POST
@requires(Perm.PLAN_EDIT)
def joint_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    link = JointLink.objects.filter(pk=pk).first()
    if link is None:
        raise Http404
    joint_link_delete(by=request.user, link=link)
    messages.success(request, _("Lien supprimé de la matrice conjointe."))
    return redirect("plans:joint")
