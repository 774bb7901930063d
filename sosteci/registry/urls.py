"""URLs of the register pages."""

from django.urls import path

from sosteci.registry import duplicate_views, excel_views, ruleset_views, views

app_name = "registry"
urlpatterns = [
    path("enfants/", views.child_list, name="child-list"),
    path("enfants/export/", excel_views.child_export, name="child-export"),
    path("enfants/<int:pk>/", views.child_detail, name="child-detail"),
    path("enfants/<int:pk>/modifier/", views.child_edit, name="child-edit"),
    path("enfants/<int:pk>/visite/", views.visit_create, name="visit-create"),
    path("menages/", views.household_list, name="household-list"),
    path("menages/nouveau/", views.household_create, name="household-create"),
    path("menages/<int:pk>/", views.household_detail, name="household-detail"),
    path("menages/<int:pk>/enfant/", views.child_add, name="child-add"),
    path("imports/", excel_views.import_list, name="import-list"),
    path("imports/modele.xlsx", excel_views.import_template, name="import-template"),
    path("imports/<int:pk>/", excel_views.import_detail, name="import-detail"),
    path("imports/<int:pk>/appliquer/", excel_views.import_confirm, name="import-confirm"),
    path("doublons/", duplicate_views.duplicate_list, name="duplicate-list"),
    path("doublons/rechercher/", duplicate_views.duplicate_search, name="duplicate-search"),
    path("doublons/<int:pk>/decider/", duplicate_views.duplicate_decide, name="duplicate-decide"),
    path("regles/", ruleset_views.ruleset_list, name="ruleset-list"),
    path("regles/<str:version>/", ruleset_views.ruleset_detail, name="ruleset-detail"),
    path("regles/<str:version>/copier/", ruleset_views.ruleset_copy, name="ruleset-copy"),
    path("regles/<str:version>/en-vigueur/", ruleset_views.ruleset_put_in_force, name="ruleset-activate"),
    path("regles/<str:version>/reclasser/", ruleset_views.ruleset_reclassify, name="ruleset-reclassify"),
]
