"""Serving a page without reading its ancestors' view restrictions when the site has none."""

from django.db.models import QuerySet

from wagtail.models import PageViewRestriction

from core.cache.values import any_view_restriction


class ViewRestrictionsFromMemory:
    """Page mixin: Wagtail's privacy check on each view, without its two queries when no page
    is restricted (known once per content generation; adding a restriction starts a new one).
    """

    def get_view_restrictions(self) -> QuerySet:
        if not any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
