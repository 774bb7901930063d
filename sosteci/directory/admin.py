"""Django admin for structures (read-mostly: changes go through the pages, which audit them)."""

from django.contrib import admin

from sosteci.directory.models import Structure, StructureImport


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "code", "kind", "admin_unit", "places_free", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "acronym", "code")
    raw_id_fields = ("admin_unit", "coverage")
    readonly_fields = ("code",)


@admin.register(StructureImport)
class StructureImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "uploaded_by", "status", "created_at", "applied_at")
    list_filter = ("status",)
    exclude = ("content",)
    readonly_fields = ("filename", "sha256", "uploaded_by", "status", "report", "applied_at")
