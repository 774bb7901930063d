"""URLs of alerts, cases and referrals."""

from django.urls import path

from sosteci.cases import views

app_name = "cases"
urlpatterns = [
    path("taches/", views.task_list, name="task-list"),
    path("alertes/", views.alert_list, name="alert-list"),
    path("alertes/nouvelle/", views.alert_create, name="alert-create"),
    path("alertes/<int:pk>/", views.alert_detail, name="alert-detail"),
    path("dossiers/", views.case_list, name="case-list"),
    path("dossiers/export.xlsx", views.case_export, name="case-export"),
    path("dossiers/<int:pk>/", views.case_detail, name="case-detail"),
    path("dossiers/<int:pk>/etape/", views.case_step, name="case-step"),
    path("dossiers/<int:pk>/confier/", views.case_assign, name="case-assign"),
    path("dossiers/<int:pk>/orienter/", views.referral_create, name="referral-create"),
    path("dossiers/<int:pk>/service/", views.service_create, name="service-create"),
    path("orientations/", views.referral_list, name="referral-list"),
    path("orientations/<int:pk>/repondre/", views.referral_respond, name="referral-respond"),
]
