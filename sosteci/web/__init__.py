"""The web shell: base templates, navigation by role, the home page, health check."""
