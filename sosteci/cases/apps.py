"""App configuration for alerts, cases and referrals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sosteci.cases"
    label = "cases"
    verbose_name = _("Alertes, dossiers et orientations")

    def ready(self) -> None:
        from sosteci.cases import receivers  # noqa: F401  (opens cases and counts follow-ups from the register)
