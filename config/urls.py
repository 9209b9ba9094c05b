from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.views import language_switch
from core.health import healthz

urlpatterns = [
    # For load balancers: database and search index readable (core/health.py).
    path("healthz", healthz, name="healthz"),
    # Staff log in through the site's form, which counts failed attempts (accounts.views).
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    # Django's set_language, which also remembers a member's language for their mail.
    path("i18n/setlang/", language_switch, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("mod/", include("moderation.urls")),
    # The notification list was the FAQ's before the notifications app.
    path(
        "faq/notifications/",
        RedirectView.as_view(pattern_name="notifications:list", permanent=True),
    ),
    path("faq/", include("faq.urls")),
    path("notifications/", include("notifications.urls")),
    path("uploads/", include("uploads.urls")),
    path("", include("forum.search_urls")),
    path("", include("forum.urls")),
]
# Uploaded images from MEDIA_ROOT, for the demo and development only: static() adds nothing
# unless DEBUG is on. In production the reverse proxy (or S3/CDN) serves them
# (docs/operations.md).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
