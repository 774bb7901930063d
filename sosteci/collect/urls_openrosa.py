"""OpenRosa URLs (Collect's server URL is http(s)://HOST/openrosa)."""

from django.urls import path

from sosteci.collect import openrosa

app_name = "openrosa"
urlpatterns = [
    path("formList", openrosa.form_list, name="form-list"),
    path("submission", openrosa.submission, name="submission"),
    path("forms/<str:form_id>/<str:version>/form.xml", openrosa.form_xml, name="form-xml"),
    path("forms/<str:form_id>/<str:version>/manifest", openrosa.manifest, name="manifest"),
    path("forms/<str:form_id>/<str:version>/media/<str:filename>", openrosa.media_file, name="media"),
]
