"""URLs of coordination: committees, meetings, decisions, trainings, sessions, programmes, outil 4."""

from django.urls import path

from sosteci.coordination.views import committees, efforts, meetings, programmes

app_name = "coordination"
urlpatterns = [
    path("", committees.index, name="index"),
    path("comites/", committees.committee_list, name="committee-list"),
    path("comites/nouveau/", committees.committee_create, name="committee-create"),
    path("comites/<int:pk>/", committees.committee_detail, name="committee-detail"),
    path("comites/<int:pk>/modifier/", committees.committee_edit, name="committee-edit"),
    path("comites/<int:pk>/membres/ajouter/", committees.member_add, name="member-add"),
    path("membres/<int:pk>/modifier/", committees.member_edit, name="member-edit"),
    path("reunions/", meetings.meeting_calendar, name="meeting-calendar"),
    path("reunions/nouvelle/", meetings.meeting_create, name="meeting-create"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting-edit"),
    path("reunions/<int:pk>/decisions/", meetings.decision_add, name="decision-add"),
    path("decisions/", meetings.decision_list, name="decision-list"),
    path("decisions/<int:pk>/modifier/", meetings.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/suivi/", meetings.decision_follow_up, name="decision-follow-up"),
    path("formations/", committees.training_list, name="training-list"),
    path("formations/nouvelle/", committees.training_create, name="training-create"),
    path("formations/<int:pk>/modifier/", committees.training_edit, name="training-edit"),
    path("sensibilisation/", committees.session_list, name="session-list"),
    path("sensibilisation/nouvelle/", committees.session_create, name="session-create"),
    path("sensibilisation/<int:pk>/modifier/", committees.session_edit, name="session-edit"),
    path("programmes/", programmes.programme_list, name="programme-list"),
    path("programmes/nouveau/", programmes.programme_create, name="programme-create"),
    path("programmes/repertoire/", programmes.repertoire, name="repertoire"),
    path("programmes/repertoire.xlsx", programmes.repertoire_export, name="repertoire-export"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/modifier/", programmes.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/soumettre/", programmes.programme_submit, name="programme-submit"),
    path("programmes/<int:pk>/avis/", programmes.programme_decide, name="programme-decide"),
    path("outil4/", efforts.report_list, name="report-list"),
    path("outil4/nouveau/", efforts.report_create, name="report-create"),
    path("outil4/consolidation/", efforts.consolidation_view, name="consolidation"),
    path("outil4/<int:pk>/", efforts.report_detail, name="report-detail"),
    path("outil4/<int:pk>/modifier/", efforts.report_edit, name="report-edit"),
]
