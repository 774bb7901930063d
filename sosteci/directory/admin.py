"""Django admin for structures."""

from django.contrib import admin

from sosteci.directory.models import Structure


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "kind", "admin_unit", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "acronym")
    raw_id_fields = ("admin_unit",)
