"""App configuration for the register."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sosteci.registry"
    label = "registry"
    verbose_name = _("Registre des ménages et des enfants")

    def ready(self) -> None:
        from sosteci.registry import signals  # noqa: F401  (keeps children's territory copies in step)
