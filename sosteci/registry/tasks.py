"""Background tasks of the register (run by the database worker, `manage.py db_worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sosteci.registry.models import RuleSetVersion
from sosteci.registry.services import reclassify


@task()
def reclassify_in_background(version: str, dry_run: bool, requested_by: str) -> dict[str, object]:
    """Re-classify every visit under `version` and store the summary on the rule set."""
    summary = reclassify(version=version, dry_run=dry_run, actor_label=f"{requested_by} (tâche de fond)")
    report: dict[str, object] = {
        "at": timezone.now().isoformat(),
        "dry_run": dry_run,
        "visits": summary.visits,
        "changed": summary.changed,
        "transitions": [[a, b, n] for (a, b), n in summary.transitions.most_common()],
        "errors": summary.errors[:50],
        "requested_by": requested_by,
    }
    RuleSetVersion.objects.filter(version=version).update(reclassify_report=report)
    return report


@task()
def detect_duplicates(child_id: int) -> int:
    """Look for possible duplicates of a newly registered child in its sous-préfecture."""
    from sosteci.registry.models import Child
    from sosteci.registry.services import duplicates_for_child

    child = Child.objects.filter(pk=child_id, merged_into__isnull=True).first()
    return duplicates_for_child(child=child) if child is not None else 0


@task()
def scan_for_duplicates(sous_prefecture_ids: list[int]) -> int:
    """Look for possible duplicates in the sous-préfectures an import touched."""
    from sosteci.registry.services import duplicate_scan
    from sosteci.territory.models import AdminUnit

    return sum(duplicate_scan(unit=unit) for unit in AdminUnit.objects.filter(pk__in=sous_prefecture_ids))
