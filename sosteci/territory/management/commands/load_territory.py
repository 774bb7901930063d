"""Load the reference territory of Côte d'Ivoire (districts down to localités, with boundaries)."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console

from sosteci.territory.importing import build_plan
from sosteci.territory.importing.console import print_plan, summary_line
from sosteci.territory.reference import CODAB_SOURCE, reference_rows
from sosteci.territory.services import territory_import_apply


class Command(BaseCommand):
    help = "Charge le territoire de référence (COD-AB 2018 + localités RGPH 2014). Relancer ne change rien."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Montre ce qui changerait sans rien écrire.")
        parser.add_argument("--no-localites", action="store_true", help="S'arrête aux sous-préfectures.")
        parser.add_argument("--verbose-rows", action="store_true", help="Liste aussi les lignes créées.")
        parser.add_argument("--json", action="store_true", help="Imprime le résultat en JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(stderr=options["json"], highlight=False)
        started = time.perf_counter()
        with console.status("Lecture des fichiers de référence…"):
            rows = reference_rows(localites=not options["no_localites"])
        with console.status(f"Comparaison de {len(rows)} lignes avec le territoire enregistré…"):
            plan = build_plan(rows)
        applied = not options["dry_run"] and plan.has_changes
        if applied:
            with console.status("Écriture (une seule transaction)…"):
                territory_import_apply(
                    plan=plan,
                    by=None,
                    filename="reference territory",
                    boundary_source=CODAB_SOURCE,
                    actor_label="manage.py load_territory",
                )
        elapsed = time.perf_counter() - started
        if options["json"]:
            report = plan.as_report(max_rows=0)
            report["applied"] = applied
            report["seconds"] = round(elapsed, 2)
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        # Rejected rows are listed when something changes or on request; an unchanged reload stays short.
        show_rejects = applied or options["dry_run"] or options["verbose_rows"]
        print_plan(console, plan, verbose=options["verbose_rows"], rejects=show_rejects)
        line = summary_line(plan, applied=applied)
        console.print(f"Territoire de référence — {line} ({elapsed:.1f} s)")
