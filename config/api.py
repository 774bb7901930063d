"""The REST API's routes (version 1) and its OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from sosteci.cases.api import AlertViewSet, CaseViewSet, ReferralViewSet
from sosteci.directory.api import StructureViewSet
from sosteci.registry.api import ChildViewSet, HouseholdViewSet

router = DefaultRouter()
router.register("alerts", AlertViewSet, basename="alert")
router.register("cases", CaseViewSet, basename="case")
router.register("children", ChildViewSet, basename="child")
router.register("households", HouseholdViewSet, basename="household")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("structures", StructureViewSet, basename="structure")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
__all__ = ["SpectacularSwaggerView", "urlpatterns"]
