from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import seo
from core import views as core_views
from search import views as search_views
from translation import account as translation_account
from translation import views as translation_views

# The 500 page turns a lost database connection into a calm 503 (see core.views).
handler500 = "core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("sitemap.xml", seo.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", seo.sitemap_section, name="sitemap_section"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("django-admin/", admin.site.urls),
    # Wagtail's workflow action, answered first by the project: approving a translation that
    # still holds unchecked machine output asks for confirmation (translation.views).
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        translation_views.workflow_action,
    ),
    # Wagtail's Account page with the names optional (translation/account.py).
    path("admin/account/", translation_account.account_view, name="account"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The same address in every language: it sets the reader's language, then redirects.
    path(
        "language/<str:language_code>/", translation_views.switch_language, name="switch_language"
    ),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# English is served without a prefix, Japanese under /ja/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("", include("comments.urls")),
    path("", include("subscriptions.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
