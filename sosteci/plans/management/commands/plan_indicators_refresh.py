"""Fill the plan indicators linked to SOSTECI's computed indicators with their national yearly values."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sosteci.plans.models import Plan
from sosteci.plans.services.performance import plan_indicators_refresh


class Command(BaseCommand):
    help = (
        "Calcule, pour chaque indicateur de plan relié à un indicateur SOSTECI, sa valeur nationale de chaque année "
        "du plan jusqu'à l'année en cours, et l'enregistre comme valeur constatée."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", default="", help="Code du plan (par défaut : tous les plans).")

    def handle(self, *args: Any, **options: Any) -> None:
        plans = None
        if options["plan"]:
            plans = list(Plan.objects.filter(code=options["plan"]))
            if not plans:
                raise CommandError(f"Plan inconnu : « {options['plan']} ».")
        result = plan_indicators_refresh(plans=plans, actor_label="manage.py plan_indicators_refresh")
        self.stdout.write(
            f"{result.indicators} indicateurs reliés : {result.written} valeurs écrites, "
            f"{result.unchanged} inchangées, {result.skipped} années sans valeur."
        )
