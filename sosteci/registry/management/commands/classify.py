"""Read child profiles as JSON lines on stdin, print one JSON result per line (a tool to check the rules)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sosteci.classification import Profile, ProfileError, classify
from sosteci.registry.rulesets import active_ruleset, ruleset_for


class Command(BaseCommand):
    help = (
        "Lit des profils d'enfants (une ligne JSON chacun : visit_date, date_of_birth ou declared_age, "
        "activities [{code, hours}], hazardous_tasks, indicators, night_work…) et imprime un résultat JSON par "
        "ligne : catégorie, motifs, version des règles."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ruleset", help="Version des règles (par défaut : celle en vigueur).")

    def handle(self, *args: Any, **options: Any) -> None:
        ruleset = ruleset_for(options["ruleset"]) if options["ruleset"] else active_ruleset()
        failures = 0
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    raise ValueError("objet JSON attendu")
                result = classify(Profile.from_dict(data), ruleset)
            except ProfileError as exc:
                failures += 1
                output: dict[str, Any] = {"line": number, "error": exc.message, "field": exc.field}
            except ValueError as exc:
                failures += 1
                output = {"line": number, "error": f"JSON illisible : {exc}"}
            else:
                output = {"line": number, **result.as_dict()}
            self.stdout.write(json.dumps(output, ensure_ascii=False))
        if failures:
            self.stderr.write(f"{failures} ligne(s) en erreur.")
