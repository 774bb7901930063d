"""App configuration for action plans (budgets, stated totals, performance framework)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "sosteci.plans"
    label = "plans"
    verbose_name = _("Plans d'action")
