"""App configuration for due diligence."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiligenceConfig(AppConfig):
    name = "sosteci.diligence"
    label = "diligence"
    verbose_name = _("Diligence raisonnable")
