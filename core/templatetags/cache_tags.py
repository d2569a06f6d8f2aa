"""``{% fragment_cache %}``: a rendered piece of a page, kept until the site's content changes."""

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from core.cache.values import cached_for_generation, reader_key

register = template.Library()


class FragmentCacheNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList, vary_on: list) -> None:
        self.name = name
        self.nodelist = nodelist
        self.vary_on = vary_on

    def key(self, context: template.Context) -> str:
        values = [value.resolve(context) for value in self.vary_on]
        return "fragment:" + reader_key(context.get("request"), self.name, *values)

    def render(self, context: template.Context) -> SafeString:
        request = context.get("request")
        # A preview shows a draft under the live page's id: never cached, never served from cache.
        if not getattr(settings, "PAGE_CACHE_FRAGMENTS", True) or getattr(
            request, "is_preview", False
        ):
            return self.nodelist.render(context)
        html = cached_for_generation(
            self.key(context),
            lambda: str(self.nodelist.render(context)),
            timeout=getattr(settings, "PAGE_CACHE_TIMEOUT", 3600),
        )
        return mark_safe(html)  # noqa: S308 - rendered by our own templates, escaped there


@register.tag
def fragment_cache(parser: template.base.Parser, token: template.base.Token) -> FragmentCacheNode:
    """Cache what lies between ``{% fragment_cache "name" key... %}`` and ``{% endfragment_cache %}``.

    The key holds the language, the scheme and host and the values given; the fragment is kept
    for one content generation, so it is never served once anything readers see has changed
    (see core.cache).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fragment_cache needs a name")
    nodelist = parser.parse(("endfragment_cache",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return FragmentCacheNode(name, nodelist, [parser.compile_filter(bit) for bit in bits[2:]])
