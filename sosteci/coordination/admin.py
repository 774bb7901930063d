"""Django admin for coordination (read-mostly: changes go through the pages and the API, which audit them)."""

from django.contrib import admin

from sosteci.coordination.models import (
    AwarenessSession,
    Committee,
    CommitteeMember,
    Decision,
    Evaluation,
    Meeting,
    PartnerEffort,
    PartnerReport,
    Programme,
    ProgrammeDecision,
    Recommendation,
    Training,
)


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ("organisation", "user")


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "admin_unit", "national_body", "act_number", "is_active")
    list_filter = ("level", "national_body", "is_active")
    search_fields = ("name", "act_number")
    raw_id_fields = ("admin_unit",)
    inlines = [MemberInline]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("held_on", "title", "status")
    list_filter = ("status",)
    search_fields = ("title",)
    filter_horizontal = ("committees",)
    inlines = [DecisionInline]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("held_on", "theme", "committee", "participants_men", "participants_women")
    raw_id_fields = ("committee",)


@admin.register(AwarenessSession)
class AwarenessSessionAdmin(admin.ModelAdmin):
    list_display = ("held_on", "theme", "locality", "men", "women", "boys", "girls")
    list_filter = ("theme",)
    raw_id_fields = ("locality", "committee", "structure", "recorded_by", "submission")


class ProgrammeDecisionInline(admin.TabularInline):
    model = ProgrammeDecision
    extra = 0
    readonly_fields = ("body", "round", "verdict", "reason", "decided_by", "decided_at")
    can_delete = False


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "structure", "period_start", "period_end", "budget", "status")
    list_filter = ("status",)
    search_fields = ("code", "title")
    raw_id_fields = ("structure", "funders", "zones", "created_by")
    readonly_fields = ("code", "status", "round", "submitted_at", "decided_at")
    inlines = [ProgrammeDecisionInline]


class EffortInline(admin.TabularInline):
    model = PartnerEffort
    extra = 0
    raw_id_fields = ("locality",)


@admin.register(PartnerReport)
class PartnerReportAdmin(admin.ModelAdmin):
    list_display = ("structure", "period_start", "period_end", "zone", "source")
    list_filter = ("source",)
    raw_id_fields = ("structure", "zone", "programme", "recorded_by", "submission")
    inlines = [EffortInline]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """The report file is not offered here: it is served only by the evaluation's page, which audits each read."""

    list_display = ("evaluated_on", "title", "kind", "stage", "programme", "evaluator")
    list_filter = ("kind", "stage")
    search_fields = ("title", "evaluator")
    raw_id_fields = ("programme", "units", "recorded_by")
    exclude = ("report",)
    readonly_fields = ("report_name", "report_size")
    inlines = [RecommendationInline]
