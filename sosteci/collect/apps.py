"""App configuration for mobile collection."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectConfig(AppConfig):
    name = "sosteci.collect"
    label = "collect"
    verbose_name = _("Collecte mobile")
