from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import seo
from home import views as home_views
from home.translation import views as translation_views
from search import views as search_views

# The 500 page turns a lost database connection into a calm 503 (see home.views).
handler500 = "home.views.server_error"

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("sitemap.xml", seo.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", seo.sitemap_section, name="sitemap_section"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The same address in every language: it sets the reader's language, then redirects.
    path(
        "language/<str:language_code>/", translation_views.switch_language, name="switch_language"
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# English is served without a prefix, Japanese under /ja/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("", include("blog.comments.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
