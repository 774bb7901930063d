"""URLs of due diligence."""

from django.urls import path

from sosteci.diligence import views

app_name = "diligence"
urlpatterns = [
    path("", views.declaration_list, name="declaration-list"),
    path("nouvelle/", views.declaration_create, name="declaration-create"),
    path("<int:pk>/", views.declaration_detail, name="declaration-detail"),
    path("<int:pk>/modifier/", views.declaration_edit, name="declaration-edit"),
    path("<int:pk>/transmettre/", views.declaration_submit, name="declaration-submit"),
    path("<int:pk>/supprimer/", views.declaration_delete, name="declaration-delete"),
    path("<int:pk>/rapport.pdf", views.declaration_pdf, name="declaration-pdf"),
]
