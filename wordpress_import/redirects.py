"""Permanent redirects from every address the old blog answered to, so old links keep working.

Posts answer at ``/yyyy/mm/dd/slug/``, ``/yyyy/mm/slug/``, ``/slug/`` and ``/?p=ID``
(whichever permalink setting the blog used, links elsewhere may use another), pages at
their path and ``/?page_id=ID``, and archives at ``/category/…/``, ``/tag/…/``,
``/author/…/`` and ``/feed/``. Archive redirects point at the blog index with a route
path, so they resolve once the archive exists and fall back to the blog until then.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.utils.translation import gettext as _

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site


@dataclass
class Target:
    page: Page | None = None
    route: str = ""
    link: str = ""

    def same_as(self, redirect: Redirect) -> bool:
        if self.page is not None:
            return (
                redirect.redirect_page_id == self.page.pk
                and (redirect.redirect_page_route_path or "") == self.route
            )
        return redirect.redirect_link == self.link


def path_of(url: str) -> str:
    """The path (and query) of an absolute URL, as the redirect middleware compares it."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


class RedirectPlanner:
    """Collects old paths and their targets; ``write()`` stores them in one go."""

    def __init__(self, report, base_path: str = "") -> None:
        self.report = report
        self.base_path = base_path.rstrip("/")
        self.planned: dict[str, tuple[Target, str]] = {}

    def add(self, old_path: str, target: Target, item: str = "") -> None:
        if not old_path or old_path.startswith(("http://", "https://")):
            old_path = path_of(old_path)
        normalised = Redirect.normalise_path(old_path)
        if normalised in ("", "/") or len(normalised) > 255:
            return
        if normalised in self.planned:
            return  # the first claim wins, as it did in WordPress (pages before posts)
        self.planned[normalised] = (target, item)

    def prefixed(self, path: str) -> str:
        return f"{self.base_path}{path}"

    def for_post(
        self,
        post_id: str,
        slug: str,
        raw_slug: str,
        post_date: str,
        link: str,
        page: Page,
        item: str,
    ) -> None:
        target = Target(page=page)
        if link:
            self.add(path_of(link), target, item)
        slugs = {raw_slug or quote(slug), quote(slug)} if slug else set()
        year, month, day = post_date[:4], post_date[5:7], post_date[8:10]
        for encoded in sorted(slugs):
            if year.isdigit() and month.isdigit() and day.isdigit():
                self.add(self.prefixed(f"/{year}/{month}/{day}/{encoded}/"), target, item)
                self.add(self.prefixed(f"/{year}/{month}/{encoded}/"), target, item)
            self.add(self.prefixed(f"/{encoded}/"), target, item)
        self.add(self.prefixed(f"/?p={post_id}"), target, item)

    def for_date_archive(self, post_date: str, blog: Page) -> None:
        """``/yyyy/`` and ``/yyyy/mm/`` to the blog's year and month archives."""
        year, month = post_date[:4], post_date[5:7]
        if year.isdigit() and month.isdigit():
            self.add(self.prefixed(f"/{year}/"), Target(page=blog, route=f"/{year}/"))
            self.add(
                self.prefixed(f"/{year}/{month}/"), Target(page=blog, route=f"/{year}/{month}/")
            )

    def for_page(self, post_id: str, link: str, page: Page, item: str) -> None:
        target = Target(page=page)
        if link:
            self.add(path_of(link), target, item)
        self.add(self.prefixed(f"/?page_id={post_id}"), target, item)

    def for_attachment(self, post_id: str, link: str, url: str, file_url: str, item: str) -> None:
        target = Target(link=file_url)
        if link:
            self.add(path_of(link), target, item)
        if url:
            self.add(path_of(url), target, item)
        self.add(self.prefixed(f"/?attachment_id={post_id}"), target, item)

    def for_category(self, path: str, slug: str, page: Page) -> None:
        target = Target(page=page)
        feed = Target(page=page, route="/feed/")
        for old in {path, slug}:
            self.add(self.prefixed(f"/category/{quote(old)}/"), target)
            self.add(self.prefixed(f"/category/{quote(old)}/feed/"), feed)

    def for_archive(self, kind: str, old_slug: str, new_slug: str, blog: Page) -> None:
        """``/tag/slug/`` or ``/author/login/`` to the blog's archive route for the new slug."""
        route = f"/{kind}/{new_slug}/"
        self.add(self.prefixed(f"/{kind}/{quote(old_slug)}/"), Target(page=blog, route=route))
        self.add(
            self.prefixed(f"/{kind}/{quote(old_slug)}/feed/"),
            Target(page=blog, route=f"{route}feed/"),
        )

    def for_feed(self, blog: Page) -> None:
        for old in ("/feed/", "/feed/rss2/", "/?feed=rss2"):
            self.add(self.prefixed(old), Target(page=blog, route="/feed/"))
        for old in ("/feed/atom/", "/?feed=atom"):
            self.add(self.prefixed(old), Target(page=blog, route="/feed/atom/"))

    def write(self, site: Site | None) -> None:
        existing = {
            redirect.old_path: redirect
            for redirect in Redirect.objects.filter(
                site=site, old_path__in=list(self.planned)
            ).only("old_path", "redirect_page_id", "redirect_page_route_path", "redirect_link")
        }
        new = []
        for old_path, (target, item) in self.planned.items():
            current = existing.get(old_path)
            if current is not None:
                if target.same_as(current):
                    self.report.skipped["redirect"] += 1
                else:
                    self.report.warn(
                        item,
                        _(
                            "A redirect from %(path)s already exists and points elsewhere; left as it is."
                        )
                        % {"path": old_path},
                    )
                    self.report.skipped["redirect"] += 1
                continue
            new.append(
                Redirect(
                    old_path=old_path,
                    site=site,
                    is_permanent=True,
                    redirect_page=target.page,
                    redirect_page_route_path=target.route,
                    redirect_link=target.link,
                )
            )
        if new:
            Redirect.objects.bulk_create(new, batch_size=500)
            self.report.created["redirect"] += len(new)
