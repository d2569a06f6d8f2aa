"""An empty install gets what an imported blog needs to be served, and nothing else.

Run against a freshly migrated database, the import creates the English home page and blog
index (named from the export's channel: site title and tagline), their Japanese
translations, and the Site record with the old blog's host name, so that the site answers
under its old address once the name points here. An install that already has an English
blog index is left as it is. The demo content is never loaded: see ``load_demo_content
--if-empty``, which leaves any site with a home page alone.
"""

from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import override

from wagtail.models import Locale, Page, Site

from blog.models import BlogIndexPage
from home.models import HomePage

from .parser import WxrSite


def channel_address(site: WxrSite) -> tuple[str, int] | None:
    """The host name and port of the old blog, from its channel's base URL."""
    for url in (site.base_blog_url, site.base_site_url, site.link):
        parts = urlsplit(url.strip())
        if parts.scheme in {"http", "https"} and parts.hostname:
            return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    return None


def build_site(site: WxrSite, english: Locale) -> list[str]:
    """Creates the English home page, blog index and Site record when there is no blog index.

    Returns what it created, for the report.
    """
    if BlogIndexPage.objects.filter(locale=english).exists():
        return []
    created: list[str] = []
    address = channel_address(site)
    title = site.title.strip() or (address[0] if address else _("My blog"))
    home = HomePage.objects.filter(locale=english).order_by("path").first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's migration leaves a "Welcome" page at the root: the imported home replaces it.
        welcome = root.get_children().filter(content_type__model="page", slug="home", numchild=0)
        for page in welcome:
            page.delete()
        home = HomePage(
            title=title[:255], slug="home", locale=english, tagline=site.description.strip()[:200]
        )
        root.add_child(instance=home)
        home.save_revision(log_action=False).publish(log_action=False)
        created.append(f"HomePage “{home.title}” (en)")
    with override("en"):
        blog_title = _("Blog")
    blog = BlogIndexPage(title=blog_title, slug="blog", locale=english)
    home.add_child(instance=blog)
    blog.save_revision(log_action=False).publish(log_action=False)
    created.append(f"BlogIndexPage “{blog.title}” (en)")

    record = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if record.root_page_id != home.pk:
        hostname, port = address or ("localhost", 80)
        record.hostname, record.port = hostname, port
        record.root_page = home
        record.site_name = title[:255]
        record.save()
        created.append(f"Site {hostname}:{port}")
    return created
