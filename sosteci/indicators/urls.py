"""URLs of the indicator dashboards (the public statistics are at /statistiques/, config/urls.py)."""

from django.urls import path

from sosteci.indicators import refresh_views, views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard_home, name="home"),
    path("actualisation/", refresh_views.refresh_page, name="refresh"),
    path("actualisation/lancer/", refresh_views.refresh_run, name="refresh-run"),
    path("<str:pcode>/", views.dashboard, name="dashboard"),
    path("<str:pcode>/<str:code>/", views.indicator_detail, name="indicator"),
    path("<str:pcode>/<str:code>/csv/", views.indicator_csv, name="indicator-csv"),
]
