"""The site's URLs plus /bench/trivial/: the least a Django view can do under the same stack."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from settings.urls import urlpatterns as site_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world.\n", content_type="text/plain")


handler500 = "core.views.server_error"
urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]
