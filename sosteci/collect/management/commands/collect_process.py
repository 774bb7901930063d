"""Process stored submissions again: those never processed (e.g. after a crash), failed or held ones."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console

from sosteci.collect.models import Submission
from sosteci.collect.processing import process


class Command(BaseCommand):
    help = (
        "Traite les soumissions stockées : reçues mais jamais traitées (par défaut), en échec (--failed) ou "
        "en attente d'un module (--held). Rien n'est jamais perdu : relancer est sans risque."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--failed", action="store_true", help="Reprend aussi les soumissions en échec.")
        parser.add_argument("--held", action="store_true", help="Reprend aussi les soumissions en attente.")
        parser.add_argument("--id", type=int, action="append", help="Une soumission précise (répétable).")

    def handle(self, *args: Any, **options: Any) -> None:
        statuses = [Submission.Status.RECEIVED]
        if options["failed"]:
            statuses.append(Submission.Status.FAILED)
        if options["held"]:
            statuses.append(Submission.Status.HELD)
        qs = Submission.objects.filter(status__in=statuses).order_by("received_at", "id")
        if options["id"]:
            qs = Submission.objects.filter(pk__in=options["id"])
        counts: Counter[str] = Counter()
        console = Console(highlight=False)
        ids = list(qs.values_list("pk", flat=True))
        with console.status(f"{len(ids)} soumission(s) à traiter…"):
            for pk in ids:
                counts[process(pk).get_status_display()] += 1
        summary = ", ".join(f"{n} {label.lower()}" for label, n in counts.items()) or "rien à traiter"
        console.print(f"Soumissions : {summary}.")
