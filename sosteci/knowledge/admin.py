"""Django admin for the knowledge base (read-mostly: changes go through the pages, which audit them)."""

from django.contrib import admin

from sosteci.knowledge.models import Document, ReferenceSeries, SeriesValue


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """The file is not offered here: it is served only by the document's page, which audits each download."""

    list_display = ("title", "year", "kind", "publisher")
    list_filter = ("kind", "scope", "language")
    search_fields = ("title", "authors", "publisher")
    raw_id_fields = ("units", "recorded_by")
    exclude = ("file",)
    readonly_fields = ("file_name", "file_size")


class ValueInline(admin.TabularInline):
    model = SeriesValue
    extra = 0
    raw_id_fields = ("admin_unit",)


@admin.register(ReferenceSeries)
class ReferenceSeriesAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "indicator_code", "document")
    search_fields = ("code", "name")
    raw_id_fields = ("document",)
    inlines = [ValueInline]
