"""Remove the files of reports generated more than N days ago (default: REPORTS_KEEP_DAYS, 7)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sosteci.reports.services import KEEP_DAYS, reports_clean


class Command(BaseCommand):
    help = "Supprime les fichiers des rapports terminés depuis plus de N jours (les demandes restent listées)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=KEEP_DAYS, help=f"Âge en jours (défaut : {KEEP_DAYS}).")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 0:
            self.stderr.write("--days doit être positif ou nul.")
            raise SystemExit(2)
        removed = reports_clean(days=days)
        self.stdout.write(f"{removed} fichier(s) de rapport supprimé(s) (terminés depuis plus de {days} jours).")
