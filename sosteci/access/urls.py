"""URLs for signing in, users and the audit trail."""

from django.urls import path

from sosteci.access import views

app_name = "access"
urlpatterns = [
    path("utilisateurs/", views.user_list, name="user-list"),
    path("utilisateurs/nouveau/", views.user_create, name="user-create"),
    path("utilisateurs/<int:pk>/", views.user_detail, name="user-detail"),
    path("utilisateurs/<int:pk>/mot-de-passe/", views.user_set_password, name="user-set-password"),
    path("utilisateurs/<int:pk>/etat/", views.user_status, name="user-status"),
    path("utilisateurs/<int:pk>/debloquer/", views.user_unlock, name="user-unlock"),
    path("audit/", views.audit_list, name="audit-list"),
]
