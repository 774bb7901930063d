"""URLs of the knowledge base: search, documents, reference series."""

from django.urls import path

from sosteci.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.search, name="search"),
    path("documents/nouveau/", views.document_create, name="document-create"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/modifier/", views.document_edit, name="document-edit"),
    path("documents/<int:pk>/fichier/", views.document_download, name="document-download"),
    path("series/", views.series_list, name="series-list"),
    path("series/nouvelle/", views.series_create, name="series-create"),
    path("series/<int:pk>/", views.series_detail, name="series-detail"),
    path("series/<int:pk>/modifier/", views.series_edit, name="series-edit"),
    path("series/<int:pk>/valeurs/", views.value_add, name="value-add"),
    path("valeurs/<int:pk>/supprimer/", views.value_remove, name="value-remove"),
]
