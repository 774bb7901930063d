"""App configuration for the indicators."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "sosteci.indicators"
    label = "indicators"
    verbose_name = _("Indicateurs")

    def ready(self) -> None:
        from sosteci.indicators import receivers  # noqa: F401  (marks deletions and moved localités)
