"""URLs of the repertoire of structures."""

from django.urls import path

from sosteci.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.structure_list, name="structure-list"),
    path("nouvelle/", views.structure_create_view, name="structure-create"),
    path("carte/", views.structure_map, name="structure-map"),
    path("carte.geojson", views.structure_map_data, name="structure-map-data"),
    path("export/", views.structure_export, name="structure-export"),
    path("<int:pk>/", views.structure_detail, name="structure-detail"),
    path("<int:pk>/modifier/", views.structure_edit, name="structure-edit"),
    path("<int:pk>/places/", views.structure_places, name="structure-places"),
    path("imports/", views.import_list, name="import-list"),
    path("imports/modele.xlsx", views.import_template, name="import-template"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/appliquer/", views.import_confirm, name="import-confirm"),
]
