"""URLs of the indicator dashboards (the public statistics are at /statistiques/, config/urls.py)."""

from django.urls import path

from sosteci.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard_home, name="home"),
    path("<str:pcode>/", views.dashboard, name="dashboard"),
    path("<str:pcode>/<str:code>/", views.indicator_detail, name="indicator"),
    path("<str:pcode>/<str:code>/csv/", views.indicator_csv, name="indicator-csv"),
]
