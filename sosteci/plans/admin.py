"""Django admin for action plans (read-mostly: plans change by importing their document, which audits it)."""

from django.contrib import admin

from sosteci.plans.models import Activity, Indicator, Plan, StatedTotal


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "start_year", "end_year", "source_name", "imported_at")
    search_fields = ("code", "title")
    readonly_fields = ("source_sha256", "notes", "imported_at")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "responsible", "total_cost", "total_cost_pm")
    list_filter = ("action__objective__axis__plan", "total_cost_pm")
    search_fields = ("code", "title", "responsible", "partners")
    raw_id_fields = ("action",)


@admin.register(StatedTotal)
class StatedTotalAdmin(admin.ModelAdmin):
    list_display = ("label", "scope", "source", "subject", "line", "total_amount", "total_pm")
    list_filter = ("plan", "scope", "source")
    raw_id_fields = ("axis", "objective", "action")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "level", "name", "kind", "responsible", "source")
    list_filter = ("plan", "level", "kind")
    search_fields = ("code", "name", "result")
    raw_id_fields = ("objective", "action")
