"""Refresh nightly what the dashboards read: stored counts, plan indicators, old report files (cron at 2 a.m.)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sosteci.indicators.nightly import StepResult, nightly_run
from sosteci.indicators.periods import PeriodError, parse_period
from sosteci.reports.services import KEEP_DAYS


class Command(BaseCommand):
    help = (
        "Actualisation de nuit : compte à l'avance les périodes que montrent par défaut les tableaux de bord et les "
        "pages d'accueil (années, trimestres et mois récents), recalcule les indicateurs de plan reliés à SOSTECI et "
        "supprime les fichiers de rapport anciens. Une étape en échec n'arrête pas les suivantes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", action="append", default=[], help="2026, 2026Q1 ou 202603 (répétable ; remplace le défaut)"
        )
        parser.add_argument(
            "--days", type=int, default=KEEP_DAYS, help=f"âge des rapports supprimés (défaut {KEEP_DAYS})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError(_("--days doit être positif ou nul."))
        try:
            periods = [parse_period(text) for text in options["period"]] or None
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc

        def show(step: StepResult) -> None:
            mark = self.style.SUCCESS("✓") if step.ok else self.style.ERROR("✗")
            self.stdout.write(f"{mark} {step.name} : {step.detail} ({step.seconds:.1f} s)")

        result = nightly_run(periods=periods, keep_days=options["days"], actor_label="manage.py nightly", on_step=show)
        self.stdout.write(result.summary())
        if result.failed:
            raise CommandError(
                _("Étapes en échec : %(steps)s.") % {"steps": ", ".join(step.name for step in result.failed)}
            )
