"""`make screenshots`: the home page, a post and an archive in both languages, at phone and desktop width.

python -m tests.browser.screenshots --chromium /usr/bin/chromium --output docs/screenshots
"""

import argparse
import io
import sys
from pathlib import Path

from PIL import Image

from tests.browser import CHROMIUM_ARGS
from tests.browser.demo_server import demo_server

PAGES = {
    "home": {"en": "/", "ja": "/ja/"},
    "post": {
        "en": "/blog/uk-japan-joint-development-air-to-air-missile/",
        "ja": "/ja/blog/shin-nichiei-domei/",
    },
    "archive": {"en": "/blog/defence-cooperation/", "ja": "/ja/blog/defence-cooperation/"},
}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def save_small(png: bytes, path: Path) -> None:
    """Keeps the pictures small for the repository: 128 colours, optimised PNG."""
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    picture.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--output", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--port", type=int, default=8398)
    options = parser.parse_args()
    options.output.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with demo_server(options.port) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=options.chromium, args=CHROMIUM_ARGS)
        for viewport_name, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, base_url=base_url)
            page = context.new_page()
            for page_name, paths in PAGES.items():
                for language, path in paths.items():
                    response = page.goto(path)
                    if not response.ok:
                        raise RuntimeError(f"{path} answered {response.status}")
                    page.evaluate("document.fonts.ready")
                    target = options.output / f"{page_name}-{language}-{viewport_name}.png"
                    save_small(page.screenshot(), target)
                    print(target)  # noqa: T201 - a command-line report
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
