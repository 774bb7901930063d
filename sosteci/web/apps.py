"""App configuration for the web shell."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sosteci.web"
    label = "web"
