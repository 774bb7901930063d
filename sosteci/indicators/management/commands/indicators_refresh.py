"""Count the heavy bases of the indicators ahead, per sous-préfecture, for standard periods (run it nightly)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from rich.console import Console

from sosteci.indicators.periods import PeriodError, parse_period, recent_periods
from sosteci.indicators.services import counts_refresh
from sosteci.indicators.storage import STORED_BASES


class Command(BaseCommand):
    help = (
        "Compte à l'avance, par sous-préfecture, les bases lourdes des indicateurs (enfants, ménages, orientations) "
        "pour des années, trimestres ou mois ; par défaut l'année, le trimestre et le mois en cours et précédents."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", action="append", default=[], help="2026, 2026Q1 ou 202603 (répétable)")
        parser.add_argument("--base", action="append", default=[], choices=STORED_BASES)

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(stderr=True, highlight=False)
        started = time.perf_counter()
        try:
            periods = [parse_period(text) for text in options["period"]] or recent_periods(timezone.localdate())
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        cells = 0
        for period in periods:
            with console.status(_("Comptage de %(period)s…") % {"period": period.code}):
                try:
                    done = counts_refresh(period=period, bases=options["base"] or None)
                except ValueError as exc:
                    raise CommandError(str(exc)) from exc
            for stored in done:
                cells += stored.cells
                console.print(f"{period.code} {stored.base}: {stored.cells} cellules en {stored.seconds:.1f} s")
        console.print(
            _("%(periods)s périodes comptées, %(cells)s cellules stockées, en %(seconds).1f s.")
            % {"periods": len(periods), "cells": cells, "seconds": time.perf_counter() - started}
        )
