"""URLs of the maps."""

from django.urls import path

from sosteci.maps import views

app_name = "maps"
urlpatterns = [
    path("", views.map_page, name="map"),
    path("donnees/indicateur.geojson", views.indicator_data, name="indicator-data"),
    path("donnees/fond.geojson", views.background_data, name="background-data"),
    path("donnees/structures.geojson", views.structure_data, name="structure-data"),
    path("donnees/dossiers.geojson", views.case_data, name="case-data"),
]
