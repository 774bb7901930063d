"""Export indicators for DHIS2 (dataValueSets JSON or DHIS2 CSV) or as tidy rows (CSV), for a unit and a period."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sosteci.indicators import dhis2
from sosteci.indicators.computing import IndicatorRequestError, compute
from sosteci.indicators.periods import PeriodError, parse_period
from sosteci.indicators.suppression import suppress
from sosteci.territory.models import AdminUnit, Level


def _listed(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class Command(BaseCommand):
    help = (
        "Exporte les indicateurs d'une zone et de ses sous-unités pour une période : dataValueSets JSON (dhis2), "
        "CSV de valeurs DHIS2 (csv) ou lignes détaillées (rows)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="CI", help="P-code de la zone (par défaut : CI, le pays)")
        parser.add_argument("--level", choices=Level.values, help="Niveau des sous-unités (par défaut : le suivant)")
        parser.add_argument("--period", required=True, help="2026, 2026Q1, 202603, 2026-01-15..2026-02-10")
        parser.add_argument("--format", choices=["dhis2", "csv", "rows"], default="dhis2")
        parser.add_argument("--indicators", default="", help="Codes séparés par des virgules (par défaut : tous)")
        parser.add_argument("--disaggregation", default="", help="sex, age_band, category, séparés par virgule")
        parser.add_argument("--suppress", action="store_true", help="Masquer les cellules de moins de 5 (public)")
        parser.add_argument("--mapping", type=Path, help="Fichier JSON des identifiants DHIS2 (UID)")
        parser.add_argument("--output", type=Path, help="Fichier de sortie (par défaut : la sortie standard)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        unit = AdminUnit.objects.filter(pcode=options["unit"]).first()
        if unit is None:
            raise CommandError(_("Zone inconnue : « %(pcode)s ».") % {"pcode": options["unit"]})
        try:
            period = parse_period(options["period"])
            rows = compute(
                unit=unit,
                level=Level(options["level"]) if options["level"] else None,
                period=period,
                indicators=_listed(options["indicators"]) or None,
                dimensions=_listed(options["disaggregation"]),
            )
        except (PeriodError, IndicatorRequestError) as exc:
            raise CommandError(str(exc)) from exc
        if options["suppress"]:
            rows = suppress(rows)
        mapping = dhis2.Dhis2Mapping.load(options["mapping"]) if options["mapping"] else None
        if options["format"] in {"dhis2", "csv"} and period.dhis2 is None:
            raise CommandError(
                _("DHIS2 n'a pas de période « %(period)s » : choisissez une année, un trimestre ou un mois.")
                % {"period": period.code}
            )
        if options["format"] == "dhis2":
            payload = dhis2.data_value_set(rows, mapping)
            text, values = json.dumps(payload, ensure_ascii=False, indent=2) + "\n", len(payload["dataValues"])
        elif options["format"] == "csv":
            text = dhis2.dhis2_csv(rows, mapping)
            values = text.count("\n") - 1
        else:
            text, values = dhis2.rows_csv(rows), len(rows)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        hidden = sum(row.suppressed for row in rows)
        self.stderr.write(
            _(
                "%(values)s valeurs exportées (%(format)s) pour %(unit)s, période %(period)s, %(hidden)s lignes "
                "masquées, en %(seconds).1f s."
            )
            % {
                "values": values,
                "format": options["format"],
                "unit": unit.pcode,
                "period": period.code,
                "hidden": hidden,
                "seconds": time.perf_counter() - started,
            }
        )
