"""App configuration for coordination (committees, programmes and their joint validation, outil 4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "sosteci.coordination"
    label = "coordination"
    verbose_name = _("Coordination")
