"""URLs of the action plans."""

from django.urls import path

from sosteci.plans import views
from sosteci.plans.views import execution, joint, performance

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("matrice-conjointe/", joint.joint_page, name="joint"),
    path("matrice-conjointe.xlsx", joint.joint_xlsx, name="joint-xlsx"),
    path("matrice-conjointe/<int:pk>/supprimer/", joint.joint_remove, name="joint-delete"),
    path("<str:code>/", views.plan_detail, name="plan-detail"),
    path("<str:code>/matrice.xlsx", joint.plan_matrix_xlsx, name="plan-matrix-xlsx"),
    path("<str:code>/cadre-de-performance/", performance.plan_indicators, name="plan-indicators"),
    path("<str:code>/cadre-de-performance/<int:pk>/", performance.indicator_detail, name="indicator"),
    path("<str:code>/rapprochement/", views.plan_reconcile, name="plan-reconcile"),
    path("<str:code>/execution/", execution.execution_dashboard, name="execution"),
    path("<str:code>/execution/saisie/", execution.execution_entry, name="execution-entry"),
    path("<str:code>/execution/import/", execution.execution_import_page, name="execution-import"),
    path("<str:code>/execution/classeur.xlsx", execution.execution_sheet, name="execution-sheet"),
    path("<str:code>/financement/", execution.financing_page, name="financing"),
    path("<str:code>/financement/<int:pk>/supprimer/", execution.financing_remove, name="financing-delete"),
    path("<str:code>/financement/import/", execution.financing_import_page, name="financing-import"),
    path("<str:code>/financement/classeur.xlsx", execution.financing_sheet, name="financing-sheet"),
]
