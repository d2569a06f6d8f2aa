"""Old WordPress query links (``/?p=123``, ``/?page_id=4``) answered with their redirect.

Wagtail's redirect middleware only looks for a redirect when a request finds nothing, but
``/?p=123`` finds the home page, so those links would quietly land on the front page.
"""

from django.http import HttpRequest, HttpResponsePermanentRedirect, HttpResponseRedirect

from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

# Only the query links the importer makes redirects for: other parameters cost nothing.
WORDPRESS_QUERY_KEYS = {"p", "page_id", "attachment_id", "feed"}


@hooks.register("before_serve_page")
def redirect_wordpress_query_links(page: Page, request: HttpRequest, serve_args, serve_kwargs):
    # Each name asked for by itself: the page cache keys a page on the parameters it reads.
    asked = [key for key in sorted(WORDPRESS_QUERY_KEYS) if key in request.GET]
    if request.method not in ("GET", "HEAD") or not asked:
        return None
    path = Redirect.normalise_path(request.get_full_path())
    redirect = Redirect.get_for_site(Site.find_for_request(request)).filter(old_path=path).first()
    if redirect is None or redirect.link is None:
        return None
    response_class = (
        HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
    )
    return response_class(redirect.link)
