"""Parse a plan document and write its JSON (by default the reference plan into sosteci/plans/data/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sosteci.plans.loading import REFERENCE_JSON, REFERENCE_TEXT, document_json, read_plan_file
from sosteci.plans.parsing import PlanParseError


class Command(BaseCommand):
    help = "Lit un plan d'action (texte) et écrit le plan lu en JSON ; --check compare sans écrire."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, nargs="?", default=REFERENCE_TEXT)
        parser.add_argument("--output", type=Path, default=REFERENCE_JSON)
        parser.add_argument("--check", action="store_true", help="Échoue si le JSON existant diffère.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        output: Path = options["output"]
        try:
            text = document_json(read_plan_file(path))
        except (OSError, PlanParseError) as exc:
            raise CommandError(f"{path.name} : {exc}") from exc
        if options["check"]:
            if not output.is_file() or output.read_text(encoding="utf-8") != text:
                raise CommandError(f"{output} n'est pas à jour : relancez manage.py write_plan_fixture.")
            self.stdout.write(f"{output.name} est à jour.")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"{output.name} écrit ({len(text.encode('utf-8'))} octets) depuis {path.name}.")
