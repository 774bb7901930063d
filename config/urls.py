"""Root URL configuration."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from sosteci.access import views as access_views
from sosteci.collect import views as collect_views
from sosteci.indicators import views as indicator_views
from sosteci.web import views as web_views

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("i18n/setlang/", web_views.login_not_required_set_language(set_language), name="set_language"),
    path("", web_views.home, name="home"),
    path("connexion/", access_views.LoginView.as_view(), name="login"),
    path("deconnexion/", access_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", access_views.password_change, name="password-change"),
    path("", include("sosteci.access.urls")),
    path("territoire/", include("sosteci.territory.urls")),
    path("registre/", include("sosteci.registry.urls")),
    path("structures/", include("sosteci.directory.urls")),
    path("suivi/", include("sosteci.cases.urls")),
    path("coordination/", include("sosteci.coordination.urls")),
    path("plans/", include("sosteci.plans.urls")),
    path("indicateurs/", include("sosteci.indicators.urls")),
    path("statistiques/", indicator_views.public_statistics, name="public-statistics"),
    path("connaissances/", include("sosteci.knowledge.urls")),
    path("cartes/", include("sosteci.maps.urls")),
    path("rapports/", include("sosteci.reports.urls")),
    path("diligence/", include("sosteci.diligence.urls")),
    path("api/", include("config.api")),
    path("openrosa/", include("sosteci.collect.urls_openrosa")),
    path("collecte/", include("sosteci.collect.urls")),
    path("collecte/identifiants/", collect_views.collect_settings, name="collect-settings"),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
