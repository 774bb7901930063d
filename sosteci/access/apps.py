"""App configuration for access control and audit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "sosteci.access"
    label = "access"
    verbose_name = _("Accès et journal d'audit")

    def ready(self) -> None:
        from sosteci.access import signals  # noqa: F401  (connects the audit receivers)
