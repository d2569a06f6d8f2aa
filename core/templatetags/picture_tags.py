"""``{% picture %}`` as Wagtail's, with its filter specs parsed once per template.

Wagtail's tag makes a new ``Filter`` for each spec at every render, and each new filter looks
up the registered image operations and parses its spec again: 45 times on a post page of
five pictures. Here the filters are made when the template is compiled and kept by the node
(a ``Filter`` holds only its spec and its parsed operations, the same for every image).
Templates load it instead of ``wagtailimages_tags``.
"""

from django import template
from django.utils.functional import cached_property

from wagtail.images.models import Filter
from wagtail.images.templatetags import wagtailimages_tags

register = template.Library()


class PictureNode(wagtailimages_tags.PictureNode):
    @cached_property
    def filters(self) -> list[Filter]:
        return super().get_filters()

    def get_filters(self) -> list[Filter]:
        return self.filters


@register.tag
def picture(parser: template.base.Parser, token: template.base.Token) -> PictureNode:
    """``{% picture image format-{avif,jpeg} width-{400,800} sizes="…" alt="" %}``."""
    # Wagtail's own parsing and checks, then the same arguments in the node above.
    node = wagtailimages_tags.image(parser, token)
    return PictureNode(
        node.image_expr, node.filter_specs, attrs=node.attrs, output_var_name=node.output_var_name
    )
