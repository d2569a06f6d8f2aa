"""Wagtail's SnippetViewSet with its breadcrumbs in the editor's language.

Wagtail 8.0.1 builds a snippet viewset's first breadcrumbs ("Home", and "Snippets" when the
snippets index is shown) with ``gettext`` when the viewset is registered at start-up, so every
snippet screen shows them in the server's language whatever the editor chose. The same labels
made lazy are translated for each request.
"""

from django.utils.translation import gettext, gettext_lazy

from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet

# Wagtail's own msgids, through variables: Wagtail's catalogues translate them, and a literal
# here would be extracted into the project's catalogue.
HOME, SNIPPETS = "Home", "Snippets"


class SnippetViewSet(WagtailSnippetViewSet):
    """A snippet viewset whose breadcrumbs "Home" and "Snippets" follow the editor's language."""

    @property
    def breadcrumbs_items(self) -> list[dict]:
        # Wagtail's labels are translated in the language active now, so they match these.
        # The URLs stay lazy: this runs while the URLconf is being built.
        lazy_labels = {
            gettext(HOME): gettext_lazy(HOME),
            gettext(SNIPPETS): gettext_lazy(SNIPPETS),
        }
        return [
            {**item, "label": lazy_labels.get(item["label"], item["label"])}
            for item in super().breadcrumbs_items
        ]
