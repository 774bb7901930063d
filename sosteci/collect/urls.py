"""URLs of the collection pages."""

from django.urls import path

from sosteci.collect import views

app_name = "collect"
urlpatterns = [
    path("", views.submission_list, name="submission-list"),
    path("<int:pk>/", views.submission_detail, name="submission-detail"),
    path("<int:pk>/decision/", views.submission_decide, name="submission-decide"),
    path("<int:pk>/retraiter/", views.submission_reprocess, name="submission-reprocess"),
]
