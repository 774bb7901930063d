"""URLs of the register pages."""

from django.urls import path

from sosteci.registry import views

app_name = "registry"
urlpatterns = [
    path("enfants/", views.child_list, name="child-list"),
    path("enfants/<int:pk>/", views.child_detail, name="child-detail"),
    path("enfants/<int:pk>/modifier/", views.child_edit, name="child-edit"),
    path("enfants/<int:pk>/visite/", views.visit_create, name="visit-create"),
    path("menages/", views.household_list, name="household-list"),
    path("menages/nouveau/", views.household_create, name="household-create"),
    path("menages/<int:pk>/", views.household_detail, name="household-detail"),
    path("menages/<int:pk>/enfant/", views.child_add, name="child-add"),
]
