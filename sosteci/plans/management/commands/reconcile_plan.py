"""List every stated subtotal and total of a plan that its lines do not add up to (stated vs computed)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from sosteci.plans.document import Amount
from sosteci.plans.models import Plan
from sosteci.plans.presentation import check_subject, column_label
from sosteci.plans.selectors import plan_reconciliation


class Command(BaseCommand):
    help = (
        "Rapproche chaque sous-total et total déclaré du plan (action, objectif, axe, plan ; par année et au total) "
        "de la somme de ses lignes, et liste les écarts : montant déclaré, somme calculée."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", help="Code du plan (par exemple PANLTdP-2016-2020).")
        parser.add_argument("--json", action="store_true", help="Imprime le rapprochement en JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(code=options["plan"]).first()
        if plan is None:
            known = ", ".join(Plan.objects.values_list("code", flat=True)) or "aucun"
            raise CommandError(f"Plan inconnu : « {options['plan']} » (plans importés : {known}).")
        result = plan_reconciliation(plan=plan)
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
            return
        console = Console(highlight=False)
        if result.disagreements:
            table = Table(title=f"Écarts du plan {plan.code}")
            table.add_column("ligne", justify="right")
            table.add_column("montant déclaré", overflow="fold")
            table.add_column("colonne")
            for heading in ("déclaré", "calculé", "écart"):
                table.add_column(heading, justify="right", no_wrap=True)
            for check in result.disagreements:
                table.add_row(
                    str(check.line),
                    check_subject(check),
                    str(column_label(check.column)),
                    str(check.stated) or "—",
                    str(Amount(check.computed)),
                    f"{check.difference:+,}".replace(",", "\u202f"),
                )
            console.print(table)
        console.print(
            f"{plan.code} : {len(result.checks)} montants déclarés contrôlés, "
            f"{len(result.checks) - len(result.disagreements)} concordent, {len(result.disagreements)} écarts.",
            soft_wrap=True,
        )
