"""Import an action plan from its document (text export) or from its parsed JSON, in one transaction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from sosteci.plans.document import Amount
from sosteci.plans.loading import read_plan_file
from sosteci.plans.parsing import PlanParseError
from sosteci.plans.reconcile import reconcile
from sosteci.plans.services import STEPS, plan_import


class Command(BaseCommand):
    help = (
        "Importe un plan d'action (texte du document, tableaux séparés par des tabulations, ou son JSON) : axes, "
        "objectifs, actions, activités et budgets, totaux déclarés, cadre de performance. Tout ou rien ; une "
        "nouvelle importation du même document ne change rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--code", default="", help="Code du plan (par défaut : sigle et période du document).")
        parser.add_argument("--json", action="store_true", help="Imprime le résultat en JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            document = read_plan_file(path, code=options["code"])
        except PlanParseError as exc:
            raise CommandError(f"{path.name} : {exc}") from exc
        activities = list(document.activities())
        console = Console(highlight=False, stderr=options["json"])
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=options["json"],
        ) as progress:
            task = progress.add_task(f"Import de {document.code}", total=len(STEPS))

            def advance(step: str) -> None:
                progress.update(task, advance=1, description=f"Import de {document.code} : {step}")

            result = plan_import(
                document=document, by=None, actor_label=f"manage.py import_plan {path.name}", progress=advance
            )
        counts = {kind: c.as_dict() for kind, c in result.counts.items()}
        check = reconcile(document)
        computed = sum(a.budget.total.figure for a in activities)
        stated = document.stated.budget.total if document.stated else Amount()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "plan": document.code,
                        "created": result.plan_created,
                        "changed": result.changed,
                        "counts": counts,
                        "kind": document.kind,
                        "activities": len(activities),
                        "to_be_defined": sum(1 for a in activities if a.budget.total.tbd),
                        "stated_total": stated.to_json(),
                        "computed_total": computed,
                        "disagreements": len(check.disagreements),
                        "notes": document.notes,
                    },
                    ensure_ascii=False,
                )
            )
            return
        for note in document.notes:
            console.print(note, style="dim", soft_wrap=True, markup=False)
        activity = result.counts["activities"]
        state = "créé" if result.plan_created else ("mis à jour" if result.changed else "inchangé")
        head = (
            f"{document.code} {state} : {len(document.axes)} axes, {sum(1 for _ in document.objectives())} objectifs, "
            f"{sum(1 for _ in document.actions())} actions, {len(activities)} activités (créées {activity.created}, "
            f"modifiées {activity.updated}, supprimées {activity.deleted}), {len(document.indicators)} indicateurs ; "
        )
        if document.stated is None:
            to_define = sum(1 for a in activities if a.budget.total.tbd)
            tail = f"coût à définir pour {to_define} activités, somme des montants connus {Amount(computed)} F CFA."
        else:
            tail = (
                f"total déclaré {stated} F CFA, somme des activités {Amount(computed)} F CFA, "
                f"{len(check.disagreements)} écarts (manage.py reconcile_plan {document.code})."
            )
        console.print(head + tail, soft_wrap=True)
