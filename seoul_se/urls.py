from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from seoul_se.core import views as core_views

# Each app exposes ``urls.py`` (pages, namespaced) and ``api.py`` (a DRF router under /api/v1/).
api_v1 = [
    path("", include("seoul_se.accounts.api")),
    path("", include("seoul_se.audit.api")),
    path("", include("seoul_se.notifications.api")),
    path("", include("seoul_se.reference.api")),
    path("", include("enterprises.api")),
    path("", include("programs.api")),
    path("", include("funds.api")),
    path("", include("kpis.api")),
    path("", include("reports.api")),
]

urlpatterns = [
    path("", include("seoul_se.core.urls")),
    path("accounts/", include("seoul_se.accounts.urls")),
    path("audit/", include("seoul_se.audit.urls")),
    path("inbox/", include("seoul_se.notifications.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("programs/", include("programs.urls")),
    path("funds/", include("funds.urls")),
    path("kpis/", include("kpis.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/schema/swagger/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger"),
    path("api/schema/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("admin/", admin.site.urls),
]

handler403 = "seoul_se.core.views.permission_denied"
handler404 = "seoul_se.core.views.page_not_found"
