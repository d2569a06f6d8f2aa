"""Break each cache invalidation rule in turn and report which tests fail.

    .venv/bin/python -m tests.core.guarded_rules [--output table.md]

Each rule of core.cache.signals (and each model an app declares shown to readers) is
broken in the source, one at a time, and tests/core/test_invalidation.py is run against
it; the source is restored afterwards, whatever happens. A rule no test notices is printed
as "NOT GUARDED" and makes the command exit with status 1. The table goes to docs/quality.md.
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIGNALS = "core/cache/signals.py"
TESTS = "tests/core/test_invalidation.py"


def no_op(function: str) -> tuple[str, str, str]:
    """A mutation that makes ``function`` in the signals module return at once."""
    pattern = rf"(\ndef {function}\([^)]*\)[^:]*:\n)"
    return SIGNALS, pattern, r"\1    return None\n"


# (rule as docs/quality.md names it, file, regular expression, replacement)
MUTATIONS = [
    ("publish (`page_published`)", *no_op("on_page_published")),
    ("unpublish and delete (`page_unpublished`)", *no_op("on_page_unpublished")),
    ("move (`post_page_move`)", *no_op("on_page_moved")),
    ("page created live (`post_save`, created)", *no_op("on_page_created_live")),
    ("shown row saved (snippets, settings, comments)", *no_op("on_shown_saved")),
    ("shown row deleted", *no_op("on_shown_deleted")),
    ("image or document in use saved", *no_op("on_file_saved")),
    ("image or document in use deleted", *no_op("on_file_deleted")),
    ("bulk action (`after_bulk_action`)", *no_op("on_bulk_action")),
    ("a row's shown state remembered when loaded", *no_op("remember_shown")),
    (
        "in use = referenced (unused files never count)",
        SIGNALS,
        r"return not references_are_current\(\) or ReferenceIndex",
        "return True or ReferenceIndex",
    ),
    (
        "a lagging reference index counts every file as used",
        SIGNALS,
        r"return isinstance\(update_reference_index_task",
        "return True or isinstance(update_reference_index_task",
    ),
    (
        "settings always shown",
        SIGNALS,
        r"return issubclass\(model, \(BaseSiteSetting, BaseGenericSetting\)\), None",
        "return False, None",
    ),
    ("sites shown", SIGNALS, r"\(Site, Locale, ", "(Locale, "),
    ("locales shown", SIGNALS, r"\(Site, Locale, ", "(Site, "),
    (
        "page view restrictions shown",
        SIGNALS,
        r"PageViewRestriction, CollectionViewRestriction\):",
        "CollectionViewRestriction,):",
    ),
    (
        "collection view restrictions shown",
        SIGNALS,
        r"PageViewRestriction, CollectionViewRestriction\):",
        "PageViewRestriction,):",
    ),
    (
        "search promotions shown",
        SIGNALS,
        r"shown_to_readers\(apps.get_model\(\"wagtailsearchpromotions\", \"SearchPromotion\"\)\)",
        "pass",
    ),
    (
        "authors shown (blog)",
        "blog/apps.py",
        r"shown_to_readers\(self.get_model\(\"Author\"\)\)",
        "pass",
    ),
    ("tags shown (blog)", "blog/apps.py", r"shown_to_readers\(self.get_model\(\"Tag\"\)\)", "pass"),
    (
        "comments shown only once approved (comments)",
        "comments/apps.py",
        r"when=lambda comment: comment.status == approved",
        "when=None",
    ),
    (
        "comments shown at all (comments)",
        "comments/apps.py",
        r"shown_to_readers\(comment_model, when=[^\n]*\)",
        "pass",
    ),
]


def run_tests() -> list[str]:
    result = subprocess.run(  # noqa: S603 - our own interpreter and test file
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", "-rf", "--no-header", TESTS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return sorted(
        set(re.findall(r"^FAILED \S+?::(.+?)(?: - |$)", result.stdout, flags=re.MULTILINE))
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="write the Markdown table here")
    args = parser.parse_args()
    rows = []
    unguarded = 0
    for rule, path, pattern, replacement in MUTATIONS:
        source = ROOT / path
        original = source.read_text()
        broken, count = re.subn(pattern, replacement, original)
        if count != 1:
            raise SystemExit(f"{rule}: the pattern matched {count} times in {path}")
        try:
            source.write_text(broken)
            failed = run_tests()
        finally:
            source.write_text(original)
        unguarded += not failed
        names = ", ".join(f"`{name}`" for name in failed) or "**NOT GUARDED**"
        rows.append(f"| {rule} | {names} |")
        print(rows[-1], flush=True)  # noqa: T201 - a command's output
    table = "\n".join(["| rule broken | tests that fail |", "| --- | --- |", *rows])
    if args.output:
        args.output.write_text(table + "\n")
    return 1 if unguarded else 0


if __name__ == "__main__":
    sys.exit(main())
