"""Pages for signing in and out, one's own password, managing users, and the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sosteci.access import selectors, services
from sosteci.access.decorators import requires
from sosteci.access.forms import (
    AuditFilterForm,
    OwnPasswordForm,
    SetPasswordForm,
    UserCreateForm,
    UserFilterForm,
    UserForm,
    UserStatusForm,
)
from sosteci.access.http import AuthedRequest
from sosteci.access.models import User
from sosteci.access.permissions import Perm, may_manage_user
from sosteci.access.roles import Role


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "access/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def password_change(request: AuthedRequest) -> HttpResponse:
    form = OwnPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_own_password(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Votre mot de passe a été changé."))
            return redirect("home")
    return render(request, "access/password_change.html", {"form": form})


def _managed_user(request: AuthedRequest, pk: int) -> User:
    target = selectors.user_get(user=request.user, pk=pk)
    if target is None:
        raise Http404
    return target


@requires(Perm.USER_MANAGE)
def user_list(request: AuthedRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    filters = selectors.UserFilters()
    if form.is_valid():
        active = form.cleaned_data["active"]
        filters = selectors.UserFilters(
            q=form.cleaned_data["q"],
            role=form.cleaned_data["role"],
            active=None if active == "" else active == "1",
        )
    users = selectors.user_list(user=request.user, filters=filters)
    page = Paginator(users, 25).get_page(request.GET.get("page"))
    return render(request, "access/user_list.html", {"form": form, "page": page})


@requires(Perm.USER_MANAGE)
def user_create(request: AuthedRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                by=request.user,
                username=data["username"],
                role=Role(data["role"]),
                jurisdiction=data["jurisdiction"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                structure=data["structure"],
            )
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("Utilisateur « %(name)s » créé.") % {"name": user})
            return redirect("access:user-detail", pk=user.pk)
    return render(request, "access/user_form.html", {"form": form, "creating": True})


def _attach_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@requires(Perm.USER_MANAGE)
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _managed_user(request, pk)
    manageable = may_manage_user(request.user, target)
    form = UserForm(request.POST or None, instance=target, manager=request.user)
    if request.method == "POST":
        if not manageable:
            raise PermissionDenied
        if form.is_valid():
            changes = {
                k: form.cleaned_data[k]
                for k in ("first_name", "last_name", "email", "phone", "role", "jurisdiction", "structure")
            }
            try:
                services.user_update(by=request.user, user=User.objects.get(pk=target.pk), **changes)
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("Modifications enregistrées."))
                return redirect("access:user-detail", pk=pk)
    events = selectors.audit_event_list(
        user=request.user, filters=selectors.AuditFilters(object_type="access.user", object_id=str(pk))
    )[:20]
    context = {
        "target": target,
        "form": form,
        "manageable": manageable,
        "events": events,
        "password_form": SetPasswordForm(),
        "status_form": UserStatusForm(initial={"is_active": target.is_active}),
    }
    return render(request, "access/user_detail.html", context)


@require_POST
@requires(Perm.USER_MANAGE)
def user_set_password(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _managed_user(request, pk)
    form = SetPasswordForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_password(by=request.user, user=target, password=form.cleaned_data["password"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Nouveau mot de passe enregistré."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("access:user-detail", pk=pk)


@require_POST
@requires(Perm.USER_MANAGE)
def user_status(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _managed_user(request, pk)
    form = UserStatusForm(request.POST)
    if form.is_valid():
        services.user_update(by=request.user, user=target, is_active=form.cleaned_data["is_active"])
        messages.success(request, _("Compte activé.") if target.is_active else _("Compte désactivé."))
    return redirect("access:user-detail", pk=pk)


@require_POST
@requires(Perm.USER_MANAGE)
def user_unlock(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _managed_user(request, pk)
    services.user_unlock(by=request.user, user=target)
    messages.success(request, _("Blocage levé."))
    return redirect("access:user-detail", pk=pk)


@requires(Perm.AUDIT_VIEW)
def audit_list(request: AuthedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = selectors.AuditFilters()
    if form.is_valid():
        filters = selectors.AuditFilters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    events = selectors.audit_event_list(user=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "access/audit_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            **selectors.audit_choices(user=request.user),
        },
    )
