"""Where the browser suite finds Debian's Chromium and the npm checkers, and how it starts Chromium."""

import os
import shutil
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"

# Without the background-networking flags Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing_browser_tools() -> str | None:
    """Why the browser suite cannot run here, or None when Chromium, Playwright and the checkers are present."""
    hint = "run `make browsers` to install them"
    if not CHROMIUM.exists():
        return f"browser tests skipped: Chromium not found at {CHROMIUM} ({hint})"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "browser tests skipped: the playwright package is missing (pip install -e '.[dev]')"
    missing = [path.name for path in (AXE_JS, VNU_JAR) if not path.exists()]
    if missing:
        return f"browser tests skipped: {', '.join(missing)} not in {NODE_MODULES} ({hint})"
    if shutil.which("java") is None:
        return f"browser tests skipped: Java is needed for the Nu Html Checker ({hint})"
    return None
