from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path, register_converter
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tickets.views.pages import home

from .access import StaffOfAnyRole
from .converters import IdConverter
from .health import healthz

register_converter(IdConverter, "id")

api_v1 = [
    path("", include("tickets.api.urls")),
    path("sla/", include("sla.api.urls")),
    path("", include("complaints.api.urls")),
    path("reports/", include("reports.api.urls")),
    path("qa/", include("qa.api.urls")),
    path("knowledge/", include("knowledge.api.urls")),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[StaffOfAnyRole]), name="api-schema"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),  # POST only (Django 5)
    path("", home, name="home"),  # LOGIN_REDIRECT_URL; the same view as tickets:home
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include(api_v1)),
    # Swagger UI from local static files; its start-up script is a separate request
    # (?script), so the Content-Security-Policy needs no inline script.
    # A person in a browser: the login page first; then staff of any role (403 otherwise).
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(
        url_name="api-schema", template_name="api_docs.html", permission_classes=[StaffOfAnyRole])),
         name="api-docs"),
    path("sla/", include("sla.urls")),
    path("qa/", include("qa.urls")),
    path("reports/", include("reports.urls")),
    path("complaints/", include("complaints.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("", include("complaints.public_urls")),
    path("", include("tickets.urls")),
]

# A database out of connections answers 503 with Retry-After (slacenter.error_views).
handler500 = "slacenter.error_views.server_error"
