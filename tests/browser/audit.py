"""`make audit`: Lighthouse (mobile) on the demo blog's home, index and a post; the scores go to docs/quality.md.

python -m tests.browser.audit --chromium /usr/bin/chromium --output docs/quality.md
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from tests.browser import CHROMIUM_ARGS, LIGHTHOUSE
from tests.browser.demo_server import demo_server

PAGES = [
    ("Home", "/"),
    ("Blog index", "/blog/"),
    ("Post", "/blog/uk-japan-joint-development-air-to-air-missile/"),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def lighthouse_command(url: str, chromium: str, output: str) -> list[str]:
    """Lighthouse's default form factor is the mobile one (Moto G Power, slow 4G throttling)."""
    chrome_flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    return [
        str(LIGHTHOUSE),
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={chrome_flags}",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
    ]


def audit(base_url: str, chromium: str) -> dict[str, dict[str, int]]:
    scores = {}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        for name, path in PAGES:
            url = base_url + path
            with urllib.request.urlopen(url, timeout=30):  # noqa: S310 - warm the page cache first
                pass
            output = f"{folder}/report.json"
            subprocess.run(  # noqa: S603 - our own arguments
                lighthouse_command(url, chromium, output),
                env={**os.environ, "CHROME_PATH": chromium},
                check=True,
            )
            report = json.loads(Path(output).read_text())
            scores[name] = {
                category: round(report["categories"][category]["score"] * 100)
                for category in CATEGORIES
            }
            failing = [
                f"{audit['title']}"
                for audit in report["audits"].values()
                if audit.get("score") is not None
                and audit["score"] < 1
                and audit.get("scoreDisplayMode") in {"binary", "numeric"}
            ]
            scores[name]["_failing"] = failing
            print(name, path, scores[name])  # noqa: T201 - a command-line report
    return scores


def version(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603


def write_report(output: Path, scores: dict, chromium: str) -> None:
    command = lighthouse_command("http://127.0.0.1:8399/", chromium, "report.json")
    command[0] = (
        str(LIGHTHOUSE.relative_to(Path.cwd()))
        if LIGHTHOUSE.is_relative_to(Path.cwd())
        else command[0]
    )
    example = shlex.join(command)
    lines = [
        "# Page quality: Lighthouse",
        "",
        "`make audit` serves the demo blog (`load_demo_content` on a fresh SQLite database, gunicorn",
        "with two workers, development settings so that uploaded images are served) and runs",
        "Lighthouse's mobile audit (emulated Moto G Power, simulated slow 4G, 4x CPU slowdown) on",
        "three pages with Debian's Chromium. Targets: 100 for accessibility, best practices and SEO,",
        "at least 95 for performance.",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with Lighthouse "
        f"{version([str(LIGHTHOUSE), '--version'])} on Node {version(['node', '--version'])} and "
        f"{version([chromium, '--version']).split(' built')[0]}, on a 2-core machine.",
        "",
        "| page | performance | accessibility | best practices | SEO |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for (name, path), result in zip(PAGES, scores.values(), strict=True):
        lines.append(
            f"| {name} (`{path}`) | " + " | ".join(str(result[c]) for c in CATEGORIES) + " |"
        )
    lines += [
        "",
        "Each page was run with (CHROME_PATH set to the same Chromium):",
        "",
        "```sh",
        "make audit",
        f"CHROME_PATH={chromium} {example}",
        "```",
        "",
    ]
    notes = [
        f"- {name}: {', '.join(result['_failing'])}"
        for name, result in scores.items()
        if result["_failing"]
    ]
    if notes:
        lines += ["Audits that did not get full marks:", "", *notes, ""]
    output.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--output", type=Path, default=Path("docs/quality.md"))
    parser.add_argument("--port", type=int, default=8399)
    options = parser.parse_args()
    with demo_server(options.port) as base_url:
        scores = audit(base_url, options.chromium)
    write_report(options.output, scores, options.chromium)
    below = [
        f"{name} {category} {result[category]} < {TARGETS[category]}"
        for name, result in scores.items()
        for category in CATEGORIES
        if result[category] < TARGETS[category]
    ]
    print(f"Wrote {options.output}", *below, sep="\n")  # noqa: T201
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
