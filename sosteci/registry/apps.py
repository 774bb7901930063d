"""App configuration for the register."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sosteci.registry"
    label = "registry"
    verbose_name = _("Registre des ménages et des enfants")
