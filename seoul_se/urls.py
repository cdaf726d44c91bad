from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from seoul_se.core import views as core_views

# Each app exposes ``urls.py`` (pages, namespaced) and ``api.py`` (a DRF router under /api/v1/).
api_v1 = [
    path("", include("seoul_se.accounts.api")),
    path("", include("seoul_se.audit.api")),
    path("", include("seoul_se.notifications.api")),
    path("", include("seoul_se.reference.api")),
    path("", include("enterprises.api")),
    path("", include("programs.api")),
    path("", include("districts.api")),
    path("", include("funds.api")),
    path("", include("kpis.api")),
    path("", include("reports.api")),
    path("", include("consulting.api")),
    path("", include("education.api")),
    path("", include("markets.api")),
    path("", include("procurement.api")),
    path("", include("impact_bonds.api")),
]

# Swagger UI and Redoc style their pages with inline styles and Redoc searches in a blob:
# worker; their scripts are still only our own files (the split view serves Swagger's
# start-up script from a URL instead of inline).
API_DOCS_CSP = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})

urlpatterns = [
    path("", include("seoul_se.core.urls")),
    path("accounts/", include("seoul_se.accounts.urls")),
    path("audit/", include("seoul_se.audit.urls")),
    path("inbox/", include("seoul_se.notifications.urls")),
    path("imports/", include("seoul_se.core.imports.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("programs/", include("programs.urls")),
    path("districts/", include("districts.urls")),
    path("funds/", include("funds.urls")),
    path("kpis/", include("kpis.urls")),
    path("reports/", include("reports.urls")),
    path("consulting/", include("consulting.urls")),
    path("education/", include("education.urls")),
    path("markets/", include("markets.urls")),
    path("procurement/", include("procurement.urls")),
    path("impact-bonds/", include("impact_bonds.urls")),
    path("open-data/", include("opendata.urls")),
    path("integrity/", include("integrity.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/schema/swagger/",
        API_DOCS_CSP(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="swagger",
    ),
    path(
        "api/schema/redoc/",
        API_DOCS_CSP(SpectacularRedocView.as_view(url_name="schema")),
        name="redoc",
    ),
    path("admin/", admin.site.urls),
]

handler403 = "seoul_se.core.views.permission_denied"
handler404 = "seoul_se.core.views.page_not_found"
handler500 = "seoul_se.core.views.server_error"
