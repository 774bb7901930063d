"""Reports made in the background: pending → running → done (with the file) or failed (with the reason), the
polling page, the download kept to its requester and audited, the removal of old files."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sosteci.access.models import AuditEvent
from sosteci.reports import builders, services
from sosteci.reports.builders import Params
from sosteci.reports.models import ReportRequest


def _ask(user, kind="annual", unit="CI", period="2026", fmt="xlsx", capture=None) -> ReportRequest:
    params = Params(unit=unit, period=period)
    if capture is None:
        return services.report_request_create(user=user, kind=kind, params=params, fmt=fmt)
    with capture(execute=True):
        made = services.report_request_create(user=user, kind=kind, params=params, fmt=fmt)
    made.refresh_from_db()
    return made


def test_a_request_waits_then_runs_to_done(world, team, territory, monkeypatch) -> None:
    made = _ask(team.analyste)
    assert made.status == ReportRequest.Status.PENDING and made.progress == 0 and not made.file
    seen: list[tuple[str, int]] = []
    real = builders.BUILDERS["annual"].build

    def watching(*, progress, **kwargs):
        def recorded(percent: int) -> None:
            progress(percent)
            current = ReportRequest.objects.get(pk=made.pk)
            seen.append((current.status, current.progress))

        return real(progress=recorded, **kwargs)

    monkeypatch.setitem(builders.BUILDERS, "annual", replace(builders.BUILDERS["annual"], build=watching))
    done = services.report_run(request_id=made.pk)
    assert {status for status, _percent in seen} == {"running"}
    assert [percent for _status, percent in seen] == sorted(percent for _status, percent in seen)
    assert done.status == ReportRequest.Status.DONE and done.progress == 100
    assert done.file and done.size and done.finished_at and done.expires_at
    assert done.expires_at > done.finished_at
    book = load_workbook(BytesIO(done.file.read()), read_only=True)
    assert "Enfants par zone" in book.sheetnames
    actions = list(
        AuditEvent.objects.filter(object_type="reports.reportrequest", object_id=str(made.pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["report.done", "report.request", "report.running"]


def test_the_task_runs_once_the_request_is_saved(world, team, django_capture_on_commit_callbacks) -> None:
    made = _ask(team.analyste, fmt="pdf", capture=django_capture_on_commit_callbacks)
    assert made.status == ReportRequest.Status.DONE
    assert made.file.read(4) == b"%PDF"


def test_a_request_out_of_jurisdiction_fails_with_its_reason(world, team, django_capture_on_commit_callbacks) -> None:
    made = _ask(team.pointfocal, unit="CI27", capture=django_capture_on_commit_callbacks)
    assert made.status == ReportRequest.Status.FAILED
    assert "ressort" in made.error
    assert not made.file


def test_an_unexpected_error_fails_without_details(world, team, monkeypatch) -> None:
    made = _ask(team.analyste)

    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setitem(builders.BUILDERS, "annual", replace(builders.BUILDERS["annual"], build=broken))
    failed = services.report_run(request_id=made.pk)
    assert failed.status == ReportRequest.Status.FAILED
    assert "secret" not in failed.error and "inattendue" in failed.error


def test_a_finished_request_is_not_run_again(world, team, django_capture_on_commit_callbacks) -> None:
    made = _ask(team.analyste, capture=django_capture_on_commit_callbacks)
    name = made.file.name
    again = services.report_run(request_id=made.pk)
    assert again.status == ReportRequest.Status.DONE and again.file.name == name
    with pytest.raises(ValidationError):
        services.report_retry(user=team.analyste, request=again)  # done → pending is not a transition


def test_a_failed_request_may_be_asked_again(world, team, django_capture_on_commit_callbacks) -> None:
    made = _ask(team.pointfocal, unit="CI27", capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        services.report_retry(user=team.pointfocal, request=made)
    made.refresh_from_db()
    assert made.status == ReportRequest.Status.PENDING and made.error == ""


def test_too_many_waiting_requests_are_refused(world, team) -> None:
    for _ in range(services.MAX_PENDING):
        _ask(team.analyste)
    with pytest.raises(ValidationError, match="en préparation"):
        _ask(team.analyste)


def test_list_polls_while_waiting_and_links_when_ready(world, team, login, django_capture_on_commit_callbacks) -> None:
    client = login(team.analyste)
    waiting = _ask(team.analyste)
    page = client.get(reverse("reports:request-list")).content.decode()
    assert 'http-equiv="refresh"' in page
    assert 'data-status="pending"' in page
    services.report_run(request_id=waiting.pk)
    page = client.get(reverse("reports:request-list")).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert reverse("reports:request-download", args=[waiting.pk]) in page


def test_download_is_the_requester_s_alone_and_audited(world, team, login, django_capture_on_commit_callbacks) -> None:
    made = _ask(team.analyste, capture=django_capture_on_commit_callbacks)
    url = reverse("reports:request-download", args=[made.pk])
    other = login(team.admin)
    assert other.get(url).status_code == 404
    owner = login(team.analyste)
    response = owner.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a zip: the workbook
    event = AuditEvent.objects.get(action="report.download")
    assert event.actor == team.analyste and event.kind == AuditEvent.Kind.READ and event.object_id == str(made.pk)
    made.refresh_from_db()
    assert made.downloads == 1


def test_download_of_a_failed_request_is_refused(world, team, login, django_capture_on_commit_callbacks) -> None:
    made = _ask(team.pointfocal, unit="CI27", capture=django_capture_on_commit_callbacks)
    response = login(team.pointfocal).get(reverse("reports:request-download", args=[made.pk]))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="report.download").exists()


def test_old_files_are_removed_by_the_command(world, team, django_capture_on_commit_callbacks) -> None:
    old = _ask(team.analyste, capture=django_capture_on_commit_callbacks)
    recent = _ask(team.analyste, period="2025", capture=django_capture_on_commit_callbacks)
    ReportRequest.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=10))
    out = StringIO()
    call_command("reports_clean", "--days", "7", stdout=out)
    assert "1 fichier" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and old.status == ReportRequest.Status.DONE
    assert recent.file
    assert AuditEvent.objects.filter(action="report.clean", object_id=str(old.pk)).exists()
