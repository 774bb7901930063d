"""App configuration for the directory of structures."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "sosteci.directory"
    label = "directory"
    verbose_name = _("Répertoire des structures")
