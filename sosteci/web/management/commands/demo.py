"""Create the deterministic demo content and print the demo accounts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from sosteci.territory.models import AdminUnit, Level
from sosteci.web.demo import foundation


class Command(BaseCommand):
    help = "Crée les données de démonstration (couverture, structures, un utilisateur par rôle). Relançable."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Graine : même graine, mêmes données.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not AdminUnit.objects.filter(level=Level.SOUS_PREFECTURE).exists():
            raise CommandError("Le territoire n'est pas chargé : lancez d'abord « manage.py load_territory ».")
        console = Console(highlight=False)
        with console.status("Données de démonstration…"):
            result = foundation.build(seed=options["seed"])
        table = Table(title="Comptes de démonstration (http://127.0.0.1:8000)")
        for column in ("identifiant", "mot de passe", "rôle", "ressort"):
            table.add_column(column)
        for user in result["users"]:  # type: ignore[attr-defined]
            unit = user.jurisdiction
            table.add_row(
                user.username,
                str(result["password"]),
                str(user.get_role_display()),
                f"{unit.name} ({unit.get_level_display()}, {unit.pcode})",
            )
        console.print(table)
        console.print(
            f"Démo prête : {len(result['users'])} comptes, "  # type: ignore[arg-type]
            f"{result['covered_sp']} sous-préfectures et {result['covered_localites']} localités "
            "nouvellement couvertes."
        )
        console.print(
            "ODK Collect : serveur http://<adresse de cette machine>:8000/openrosa, mêmes identifiants et mot de "
            "passe pour les comptes de terrain."
        )
        register = result["register"]
        console.print(
            f"Registre : {register.households} ménages, {register.children} enfants, "  # type: ignore[attr-defined]
            f"{register.visits} visites créés, "  # type: ignore[attr-defined]
            f"{register.submissions} soumissions mobiles à vérifier."  # type: ignore[attr-defined]
        )
        plans = result["plans"]
        console.print(
            f"Plans : {plans.plans} plans importés, {plans.executions} exécutions, "  # type: ignore[attr-defined]
            f"{plans.financings} financements, {plans.actuals} valeurs constatées, "  # type: ignore[attr-defined]
            f"{plans.joint_links} activités conjointes."  # type: ignore[attr-defined]
        )
        cases = result["cases"]
        if cases.cases_moved:  # type: ignore[attr-defined]
            console.print(
                f"Suivi : {cases.alerts} alertes, {cases.cases_moved} dossiers menés à toutes les étapes, "  # type: ignore[attr-defined]
                f"{cases.referrals} orientations, {cases.services} services rendus, "  # type: ignore[attr-defined]
                f"{cases.follow_ups} visites de suivi."  # type: ignore[attr-defined]
            )
