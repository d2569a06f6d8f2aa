"""Steps in Wagtail's admin as a person takes them: log in, add StreamField blocks, type rich text."""

import io
import random

from PIL import Image as PILImage


def log_in(page, username: str, password: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    # The dashboard itself must render: its panels come from several apps.
    assert page.goto("/admin/").ok, "the admin dashboard failed after logging in"


def add_block(page, label: str) -> None:
    """Adds a block of type ``label`` at the end of the body, through the block picker."""
    page.locator("button.c-sf-add-button").last.click()
    page.get_by_role("option", name=label, exact=True).click()


def add_list_item(page) -> None:
    """Adds an item to the list block that ends the body (its own last "+" button)."""
    page.locator("button.c-sf-add-button").nth(-2).click()


def type_rich_text(page, input_id: str, text: str) -> None:
    """Types into the Draftail editor that stores its value in the hidden input ``input_id``."""
    page.locator(f"div:has(> #{input_id}) .public-DraftEditor-content").first.click()
    page.keyboard.type(text)


def picture_file(width: int = 800, height: int = 450) -> dict:
    """A PNG to upload, with a random colour: Wagtail would otherwise ask about a duplicate."""
    colour = tuple(random.randrange(256) for _ in range(3))
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return {"name": "harbour.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def choose_page(page, button_name: str, path: list[str], title: str) -> None:
    """Opens a page chooser, walks down ``path`` (page titles) and picks ``title``."""
    page.get_by_role("button", name=button_name).click()
    modal = page.locator(".modal")
    target = modal.get_by_role("link", name=title, exact=True)
    modal.locator("table, .listing").first.wait_for()
    # The chooser opens near the page being edited; walk down only where the target is not shown.
    for step in path:
        if target.count():
            break
        explore = modal.locator(f"a.navigate-pages[title*=\"'{step}'\"]")
        if explore.count():
            explore.click()
            modal.locator("table, .listing").first.wait_for()
    target.click()
    modal.wait_for(state="hidden")


def publish(page) -> None:
    """Opens the action menu next to "Save draft" and publishes."""
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("button[name='action-publish']").click()
