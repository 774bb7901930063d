"""URLs of the reports."""

from django.urls import path

from sosteci.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("apercu/", views.report_preview, name="preview"),
    path("demandes/", views.request_list, name="request-list"),
    path("demandes/<int:pk>/fichier/", views.request_download, name="request-download"),
    path("demandes/<int:pk>/relancer/", views.request_retry, name="request-retry"),
]
