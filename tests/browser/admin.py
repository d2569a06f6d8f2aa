"""Steps in Wagtail's admin as a person takes them: log in, add StreamField blocks, type rich text."""

import io
import random
import re

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


def type_rich_text(page, input_id: str, text: str) -> None:
    """Types into the Draftail editor that stores its value in the hidden input ``input_id``."""
    page.locator(f"div:has(> #{input_id}) .public-DraftEditor-content").first.click()
    page.keyboard.type(text)


def type_tags(page, field_name: str, tags: list[str]) -> None:
    """Types tags into Wagtail's tag field ``field_name``, each ended with Enter as a person does."""
    box = (
        page.locator(f"input[name='{field_name}']").locator("xpath=..").locator(".tagit-new input")
    )
    for tag in tags:
        box.click()
        page.keyboard.type(tag)
        page.keyboard.press("Enter")


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


# Visible labels: what a person reads as the interface, not the content they edit.
LABELS = (
    "button, a, h1, h2, h3, h4, th, label, legend, summary, [role=menuitem], [role=tab], "
    ".w-status, .status-tag, .help, .w-dropdown__content a, p"
)


def english_labels(page, allowed: set[str] = frozenset()) -> list[str]:
    """Visible labels of ``page`` that hold English words: English left in a Japanese admin.

    A label is an element's visible text (or, for an icon button, its accessible name), line
    by line. It fails when, once the ``allowed`` phrases are taken out, a word of two or more
    Latin letters is left: a label all in English ("Download PO file") and a sentence that
    mixes both ("英語 to 日本語 translation") alike. ``allowed`` lists what is meant to stay as
    it is: content being translated, people's names, proper nouns. Numbers, dates, URLs and
    e-mail addresses have no such words and pass.
    """
    texts = page.evaluate(
        """(selector) => {
            const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
                && getComputedStyle(el).visibility !== "hidden";
            return [...document.querySelectorAll(selector)].filter(visible).map((el) => {
                const own = (el.innerText || "").trim();
                return own || (el.getAttribute("aria-label") || "").trim();
            });
        }""",
        LABELS,
    )
    found = []
    for text in texts:
        for line in text.splitlines():
            rest = line.strip()
            for part in sorted(allowed, key=len, reverse=True):
                rest = rest.replace(part, " ")
            words = [
                w for w in rest.split() if "@" not in w and "://" not in w and not w.startswith("/")
            ]
            if any(re.search("[A-Za-z]{2,}", word) for word in words):
                found.append(line.strip())
    return sorted(set(found))
