"""Django admin for admin units (technical staff; the territory pages are the normal way)."""

from django.contrib import admin

from sosteci.territory.models import AdminUnit


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "pcode", "parent", "covered_since")
    list_filter = ("level",)
    search_fields = ("name", "pcode", "external_code")
    raw_id_fields = ("parent",)
    readonly_fields = ("district", "region", "departement", "sous_prefecture")
