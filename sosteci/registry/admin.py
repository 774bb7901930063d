"""Django admin for the value-chain reference (cooperatives) only.

Children, households and visits are personal data: they are read through the scoped, audited pages and
API, never through the Django admin.
"""

from django.contrib import admin

from sosteci.registry.models import Cooperative


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "admin_unit", "structure")
    search_fields = ("name", "code")
    raw_id_fields = ("admin_unit", "structure")
