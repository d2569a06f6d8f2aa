"""The house keeps one direction: apps import downwards only, and imports sit at the top.

The layers themselves are declared once, in pyproject.toml ([tool.importlinter]), and drawn in
docs/architecture.md; import-linter checks every import, direct or through another module.
"""

import ast
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import pytest

ROOT = Path(settings.BASE_DIR)
APPS = [
    "core",
    "blog",
    "comments",
    "subscriptions",
    "translation",
    "search",
    "home",
    "wordpress_import",
    "demo",
]


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(  # noqa: S603 (the venv's own lint-imports, fixed arguments)
        [str(command), "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_apps_import_downwards_only():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_contract_catches_an_upward_import(tmp_path):
    """The contract is live: an upward import (core importing blog) breaks it."""
    config = tmp_path / "contract.toml"
    config.write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    probe = ROOT / "core" / "_architecture_probe.py"
    probe.write_text("import blog.models  # noqa: F401\n", encoding="utf-8")
    try:
        result = lint_imports("--config", str(config))
    finally:
        probe.unlink()
    assert result.returncode == 1
    assert "core._architecture_probe -> blog.models" in result.stdout


def function_level_imports(path: Path) -> list[tuple[int, str]]:
    """Imports inside a function body of ``path`` with no comment just above saying why."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for child in ast.walk(node):
            if not isinstance(child, ast.Import | ast.ImportFrom):
                continue
            above = lines[child.lineno - 2].strip() if child.lineno > 1 else ""
            # A run of imports shares the comment above the first of them.
            row = child.lineno - 2
            while above.startswith(("from ", "import ")) and row > 0:
                row -= 1
                above = lines[row - 1].strip() if row > 0 else ""
            if not above.startswith("#"):
                found.append((child.lineno, lines[child.lineno - 1].strip()))
    return found


@pytest.mark.parametrize("app", APPS)
def test_imports_inside_functions_say_why(app):
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line, text in function_level_imports(path)
    ]
    assert offenders == []


def test_the_function_import_check_finds_an_unexplained_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "def explained():\n"
        "    # Django's app loading: models exist only once apps are ready.\n"
        "    from blog import models\n"
        "\n"
        "\n"
        "def unexplained():\n"
        "    from blog import models\n",
        encoding="utf-8",
    )
    assert function_level_imports(module) == [(7, "from blog import models")]
