"""Classify every visit again under a rule set version; show what changes, then apply unless --dry-run."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from sosteci.registry.models import CategoryChoices, RuleSetVersion
from sosteci.registry.services import reclassify


class Command(BaseCommand):
    help = "Reclasse toutes les visites selon une version des règles ; --dry-run montre les changements sans écrire."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ruleset", required=True, help="Version des règles, par ex. 2026.1")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        version = options["ruleset"]
        if not RuleSetVersion.objects.filter(version=version).exists():
            known = ", ".join(RuleSetVersion.objects.values_list("version", flat=True))
            raise CommandError(f"Version de règles inconnue : {version} (connues : {known}).")
        console = Console(highlight=False)
        with console.status(f"Reclassement selon {version}…"):
            summary = reclassify(
                version=version, dry_run=options["dry_run"], actor_label=f"manage.py reclassify --ruleset {version}"
            )
        labels = dict(CategoryChoices.choices)
        if summary.transitions:
            table = Table(title="Changements de catégorie")
            for column in ("avant", "après", "visites"):
                table.add_column(column)
            for (before, after), count in summary.transitions.most_common():
                table.add_row(str(labels.get(before, before)), str(labels.get(after, after)), str(count))
            console.print(table)
        for visit_id, message in summary.errors[:20]:
            console.print(f"[red]visite {visit_id} : {message}[/red]")
        verb = "appliqué" if summary.applied else "essai à blanc, rien n'est écrit"
        console.print(
            f"Reclassement {version} — {verb} : {summary.visits} visites lues, {summary.changed} changent "
            f"de catégorie, {len(summary.errors)} en erreur."
        )
