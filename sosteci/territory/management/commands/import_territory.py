"""Import a COD-AB style table (CSV/XLSX) or GeoJSON boundaries into the territory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console

from sosteci.territory.importing import ImportFileError, build_plan, read_units
from sosteci.territory.importing.console import print_plan, summary_line
from sosteci.territory.services import territory_import_apply


class Command(BaseCommand):
    help = (
        "Importe un tableau COD-AB (ADM1_FR, ADM1_PCODE … ADM4_PCODE, lat/lon facultatifs) en CSV ou XLSX, "
        "un tableau « level, pcode, name, parent_pcode », ou des limites GeoJSON. Une seule transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Rapport ligne par ligne, rien n'est écrit.")
        parser.add_argument("--verbose-rows", action="store_true", help="Liste toutes les lignes.")
        parser.add_argument("--json", action="store_true", help="Imprime le rapport en JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            rows = read_units(path.name, path.read_bytes())
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        plan = build_plan(rows)
        applied = not options["dry_run"] and plan.has_changes
        if applied:
            territory_import_apply(
                plan=plan, by=None, filename=path.name, actor_label=f"manage.py import_territory {path.name}"
            )
        if options["json"]:
            report = plan.as_report()
            report["applied"] = applied
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        console = Console(highlight=False)
        print_plan(console, plan, verbose=options["verbose_rows"] or options["dry_run"])
        console.print(f"{path.name} — {summary_line(plan, applied=applied)}")
