"""URLs of the territory pages."""

from django.urls import path

from sosteci.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.unit_root, name="unit-root"),
    path("recherche/", views.unit_search, name="unit-search"),
    path("<int:pk>/", views.unit_detail, name="unit-detail"),
    path("<int:pk>/carte.geojson", views.unit_map, name="unit-map"),
    path("<int:pk>/couverture/", views.unit_coverage, name="unit-coverage"),
    path("imports/", views.import_list, name="import-list"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/appliquer/", views.import_confirm, name="import-confirm"),
]
