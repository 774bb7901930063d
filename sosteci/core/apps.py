"""App configuration for the shared core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sosteci.core"
    label = "core"
    verbose_name = "Core"
