"""URLs of the action plans."""

from django.urls import path

from sosteci.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("<str:code>/", views.plan_detail, name="plan-detail"),
    path("<str:code>/cadre-de-performance/", views.plan_indicators, name="plan-indicators"),
    path("<str:code>/rapprochement/", views.plan_reconcile, name="plan-reconcile"),
]
