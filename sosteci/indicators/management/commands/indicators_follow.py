"""Keep the stored counts current: count again, every N seconds, the sous-préfectures whose counted rows changed."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sosteci.indicators.following import counts_follow


class Command(BaseCommand):
    help = (
        "Tient à jour les comptages stockés : recompte les sous-préfectures dont des données comptées ont changé, "
        "pour chaque période stockée concernée, toutes les N secondes (--once : un seul passage). Le worker "
        "(db_worker) le fait aussi de lui-même après chaque changement."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=float, default=10.0, help="secondes entre deux passages (défaut 10)")
        parser.add_argument("--once", action="store_true", help="un seul passage, puis fin")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["every"] <= 0:
            raise CommandError(_("--every doit être positif."))
        passes = 0
        try:
            while True:
                result = counts_follow()
                passes += 1
                if result.marks or result.failed or options["once"]:
                    self.stdout.write(result.summary())
                if options["once"]:
                    break
                time.sleep(options["every"])
        except KeyboardInterrupt:
            self.stdout.write(_("Arrêt après %(passes)s passages.") % {"passes": passes})
        if options["once"] and result.failed:
            raise CommandError(_("Périodes en échec : %(periods)s.") % {"periods": ", ".join(result.failed)})
