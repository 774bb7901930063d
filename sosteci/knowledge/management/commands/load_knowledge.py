"""Load the knowledge base's starting content: the source documents and the reference figures they state."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from sosteci.knowledge.loading import load_reference
from sosteci.territory.models import AdminUnit, Level


class Command(BaseCommand):
    help = (
        "Charge la base de connaissances de départ : les documents sources du projet, l'enquête NORC 2018/19 et les "
        "chiffres de référence qu'ils publient, avec leur emplacement. Relançable : rien n'est créé deux fois."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not AdminUnit.objects.filter(level=Level.PAYS).exists():
            raise CommandError("Le territoire n'est pas chargé : lancez d'abord « manage.py load_territory ».")
        console = Console(highlight=False)
        with console.status("Base de connaissances…"):
            result = load_reference()
        console.print(
            f"Base de connaissances : {result.documents} documents, {result.series} séries et "
            f"{result.values} valeurs de référence ajoutés."
        )
