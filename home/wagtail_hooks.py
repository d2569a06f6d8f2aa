"""The home page read with the site (core.sites.read_sites), which every request reads first."""

from wagtail import hooks


@hooks.register("site_related")
def home_page_with_the_site() -> list[str]:
    """Every page's header shows the home page's tagline: its row comes joined to the site's."""
    return ["root_page__homepage"]
