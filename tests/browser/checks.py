"""The two page checkers: axe-core (injected into the page) and the Nu Html Checker (vnu.jar)."""

import json
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from wagtail.admin.userbar import AccessibilityItem

from tests.browser import AXE_JS, VNU_JAR

# Everything WCAG 2.0, 2.1 and 2.2 ask at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@cache
def axe_source() -> str:
    return AXE_JS.read_text()


def axe_violations(page) -> list[str]:
    """Runs axe-core in ``page`` and returns one line per violation (rule, impact, elements).

    Evaluated through the DevTools protocol, so a Content-Security-Policy does not block it
    and does not need relaxing for the tests.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
            }));
        }""",
        WCAG_TAGS,
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}" for v in results]


def wagtail_checker_violations(page) -> list[str]:
    """The rules of Wagtail's own accessibility checker (the editor's userbar), run with axe-core.

    Wagtail's two custom rules (alt-text quality, empty meta description) need its own checks
    and are left out; the rest include axe's experimental ``p-as-heading``, which the WCAG
    tags above do not run.
    """
    custom = {rule["id"] for rule in AccessibilityItem.axe_custom_rules}
    rules = [rule for rule in AccessibilityItem.axe_run_only if rule not in custom]
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        """async (rules) => {
            const results = await axe.run(document, {runOnly: {type: "rule", values: rules}});
            return results.violations.map((v) => ({
                id: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
            }));
        }""",
        rules,
    )
    return [f"{v['id']} at {', '.join(v['targets'])}" for v in results]


def vnu_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Checks HTML documents (URL to markup) with one run of vnu.jar; returns the errors by URL."""
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names = {}
        for number, (url, html) in enumerate(documents.items()):
            path = Path(folder) / f"page{number:03}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = url
        completed = subprocess.run(  # noqa: S603 - our own arguments and files
            [
                shutil.which("java") or "java",
                "-Xss8m",
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                *sorted(map(str, Path(folder).glob("*.html"))),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    report = json.loads(completed.stderr or completed.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        # vnu names each file by a file: URL; the file name leads back to the page's address.
        url = names.get(message.get("url", "?").rsplit("/", 1)[-1], message.get("url", "?"))
        where = f"line {message.get('lastLine', '?')}"
        extract = " ".join(message.get("extract", "").split())[:120]
        errors.setdefault(url, []).append(f"{where}: {message['message']} [{extract}]")
    return errors
