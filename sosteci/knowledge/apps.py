"""Application configuration of the knowledge base."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "sosteci.knowledge"
    label = "knowledge"
    verbose_name = _("Base de connaissances")
