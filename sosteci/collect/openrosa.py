"""The OpenRosa 1.0 server ODK Collect talks to: formList, form and manifest download, media, submission.

Collect's server URL is http(s)://HOST/openrosa; it appends /formList and /submission. Every answer carries
X-OpenRosa-Version, Date and, for submissions, X-OpenRosa-Accept-Content-Length.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from xml.sax.saxutils import escape

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from sosteci.access.audit import audit_record
from sosteci.access.models import AuditEvent, User
from sosteci.collect import auth, media
from sosteci.collect.catalog import may_fill
from sosteci.collect.models import XForm
from sosteci.collect.receiving import MAX_SUBMISSION_BYTES, SubmissionRefused, Upload, submission_receive

XML = "text/xml; charset=utf-8"


def _headers(response: HttpResponse) -> HttpResponse:
    response["X-OpenRosa-Version"] = "1.0"
    response["X-OpenRosa-Accept-Content-Length"] = str(MAX_SUBMISSION_BYTES)
    response["Date"] = http_date()
    return response


def openrosa_message(text: str, status: int, nature: str = "") -> HttpResponse:
    attribute = f' nature="{nature}"' if nature else ""
    body = (
        f'<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f"<message{attribute}>{escape(text)}</message></OpenRosaResponse>"
    )
    return _headers(HttpResponse(body, status=status, content_type=XML))


def _unauthorized(stale: bool) -> HttpResponse:
    response = openrosa_message("Identifiants de collecte requis.", 401)
    response["WWW-Authenticate"] = auth.challenge(stale=stale)
    return response


View = Callable[..., HttpResponse]


def openrosa_view(view: Callable[..., HttpResponse]) -> View:
    """No session or CSRF (Collect has neither); Digest/Basic authentication on collect credentials instead."""

    @login_not_required
    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user, stale = auth.authenticate(request)
        if user is None:
            return _unauthorized(stale)
        return _headers(view(request, user, *args, **kwargs))

    return wrapped


def _forms_for(user: User) -> list[XForm]:
    return [
        f
        for f in XForm.objects.filter(is_active=True).defer("xml").order_by("form_id")
        if may_fill(user.role, f.form_id)
    ]


def _absolute(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return escape(request.build_absolute_uri(reverse(name, kwargs=kwargs)))


@openrosa_view
def form_list(request: HttpRequest, user: User) -> HttpResponse:
    if request.method != "GET":
        return openrosa_message("Méthode non permise.", 405)
    items = []
    for form in _forms_for(user):
        keys = {"form_id": form.form_id, "version": form.version}
        manifest = ""
        if form.media:
            manifest = f"<manifestUrl>{_absolute(request, 'openrosa:manifest', **keys)}</manifestUrl>"
        items.append(
            f"<xform><formID>{escape(form.form_id)}</formID><name>{escape(form.title)}</name>"
            f"<version>{escape(form.version)}</version><hash>{form.md5}</hash>"
            f"<downloadUrl>{_absolute(request, 'openrosa:form-xml', **keys)}</downloadUrl>"
            f"{manifest}</xform>"
        )
    body = '<?xml version="1.0" encoding="UTF-8"?><xforms xmlns="http://openrosa.org/xforms/xformsList">'
    return HttpResponse(body + "".join(items) + "</xforms>", content_type=XML)


def _form(user: User, form_id: str, version: str) -> XForm:
    form = XForm.objects.filter(form_id=form_id, version=version).first()
    if form is None or not may_fill(user.role, form_id):
        raise Http404
    return form


@openrosa_view
def form_xml(request: HttpRequest, user: User, form_id: str, version: str) -> HttpResponse:
    return HttpResponse(_form(user, form_id, version).xml, content_type=XML)


@openrosa_view
def manifest(request: HttpRequest, user: User, form_id: str, version: str) -> HttpResponse:
    form = _form(user, form_id, version)
    files = []
    for name in form.media:
        content = media.render(name, user)
        url = _absolute(request, "openrosa:media", form_id=form_id, version=version, filename=name)
        files.append(
            f"<mediaFile><filename>{escape(name)}</filename><hash>{media.md5(content)}</hash>"
            f"<downloadUrl>{url}</downloadUrl></mediaFile>"
        )
    body = '<?xml version="1.0" encoding="UTF-8"?><manifest xmlns="http://openrosa.org/xforms/xformsManifest">'
    return HttpResponse(body + "".join(files) + "</manifest>", content_type=XML)


@openrosa_view
def media_file(request: HttpRequest, user: User, form_id: str, version: str, filename: str) -> HttpResponse:
    form = _form(user, form_id, version)
    if filename not in form.media:
        raise Http404
    content = media.render(filename, user)
    if filename == media.CHILDREN:  # a list of children's names leaves the server: logged like any read
        with transaction.atomic():
            audit_record(
                actor=user,
                kind=AuditEvent.Kind.READ,
                action="collect.children_file",
                object_type="registry.child",
                object_repr=filename,
                after={"form": form_id, "rows": max(0, content.count("\n") - 1)},
            )
    return HttpResponse(content, content_type="text/csv; charset=utf-8")


@openrosa_view
def submission(request: HttpRequest, user: User) -> HttpResponse:
    if request.method == "HEAD":
        return HttpResponse(status=204)
    if request.method != "POST":
        return openrosa_message("Méthode non permise.", 405)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > MAX_SUBMISSION_BYTES + 64 * 1024:
        return openrosa_message("Soumission trop volumineuse (maximum 10 Mo).", 413)
    main = request.FILES.get("xml_submission_file")
    if main is None:
        return openrosa_message("Fichier xml_submission_file manquant dans la requête multipart.", 400)
    uploads = [
        Upload(name=f.name or key, content=f.read(), content_type=f.content_type or "")
        for key, files in request.FILES.lists()
        if key != "xml_submission_file"
        for f in files
    ]
    try:
        received = submission_receive(user=user, xml=main.read(), uploads=uploads)
    except SubmissionRefused as exc:
        return openrosa_message(exc.message, exc.status, "submit_failure" if exc.status != 409 else "")
    if not received.created:
        return openrosa_message("Soumission déjà reçue.", 202, "submit_success")
    return openrosa_message("Soumission reçue, merci.", 201, "submit_success")
