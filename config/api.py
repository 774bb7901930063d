"""The REST API's routes (version 1) and its OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from sosteci.cases.api import AlertViewSet, CaseViewSet, ReferralViewSet
from sosteci.coordination.api import (
    AwarenessSessionViewSet,
    CommitteeMemberViewSet,
    CommitteeViewSet,
    DecisionViewSet,
    EvaluationViewSet,
    MeetingViewSet,
    PartnerReportViewSet,
    ProgrammeViewSet,
    RecommendationViewSet,
    TrainingViewSet,
)
from sosteci.directory.api import StructureViewSet
from sosteci.indicators.api import IndicatorViewSet
from sosteci.knowledge.api import DocumentViewSet, ReferenceSeriesViewSet
from sosteci.plans.api import PlanActivityViewSet, PlanIndicatorViewSet, PlanViewSet
from sosteci.registry.api import ChildViewSet, HouseholdViewSet

router = DefaultRouter()
router.register("alerts", AlertViewSet, basename="alert")
router.register("awareness-sessions", AwarenessSessionViewSet, basename="awareness-session")
router.register("cases", CaseViewSet, basename="case")
router.register("children", ChildViewSet, basename="child")
router.register("committee-members", CommitteeMemberViewSet, basename="committee-member")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("households", HouseholdViewSet, basename="household")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("knowledge-documents", DocumentViewSet, basename="knowledge-document")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("partner-reports", PartnerReportViewSet, basename="partner-report")
router.register("plan-activities", PlanActivityViewSet, basename="plan-activity")
router.register("plan-indicators", PlanIndicatorViewSet, basename="plan-indicator")
router.register("plans", PlanViewSet, basename="plan")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("reference-series", ReferenceSeriesViewSet, basename="reference-series")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("structures", StructureViewSet, basename="structure")
router.register("trainings", TrainingViewSet, basename="training")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
__all__ = ["SpectacularSwaggerView", "urlpatterns"]
