"""`make audit` (tests/browser/audit.py): which pages it measures, and how it treats a Lighthouse
run that Lighthouse itself aborts. A stand-in "lighthouse" script writes the reports."""

import json
import sys
from pathlib import Path

import pytest

from tests.browser import audit

pytestmark = pytest.mark.database_independent

REPORT = {
    "categories": {name: {"score": 1} for name in audit.CATEGORIES},
    "audits": {
        "tbt": {"title": "Total Blocking Time", "score": 0.5, "scoreDisplayMode": "numeric"}
    },
}
ABORTED = {**REPORT, "runtimeError": {"code": "NO_NAVSTART", "message": "run it again"}}


def fake_lighthouse(tmp_path: Path, reports: list[dict | None], exits: list[int]):
    """A command that writes the next report (None: none at all) and exits with the next code."""
    script = tmp_path / "lighthouse.py"
    script.write_text(
        "import json, sys\n"
        "from pathlib import Path\n"
        f"state = Path({str(tmp_path / 'calls')!r})\n"
        "call = int(state.read_text()) if state.exists() else 0\n"
        "state.write_text(str(call + 1))\n"
        f"reports, exits = {json.dumps(reports)}, {exits!r}\n"
        "output = sys.argv[1]\n"
        "if reports[call] is not None:\n"
        "    Path(output).write_text(json.dumps(reports[call]))\n"
        "sys.exit(exits[call])\n"
    )

    def command(url: str, chromium: str, output: str) -> list[str]:
        return [sys.executable, str(script), output]

    return command


def calls(tmp_path: Path) -> int:
    return int((tmp_path / "calls").read_text())


def test_both_languages_home_index_and_post_are_audited():
    paths = [path for _name, path in audit.PAGES]
    assert paths[:3] == ["/", "/blog/", "/blog/uk-japan-joint-development-air-to-air-missile/"]
    assert paths[3:] == ["/ja/", "/ja/blog/", "/ja/blog/shin-nichiei-domei/"]


def test_a_run_lighthouse_aborts_with_no_navstart_is_run_again(tmp_path, monkeypatch):
    monkeypatch.setattr(
        audit, "lighthouse_command", fake_lighthouse(tmp_path, [ABORTED, REPORT], [1, 0])
    )
    result = audit.run_lighthouse("http://127.0.0.1/", "chromium", str(tmp_path))
    assert calls(tmp_path) == 2
    assert result == {
        "performance": 100,
        "accessibility": 100,
        "best-practices": 100,
        "seo": 100,
        "_failing": ["Total Blocking Time"],
    }


def test_it_gives_up_after_three_aborted_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(
        audit, "lighthouse_command", fake_lighthouse(tmp_path, [ABORTED] * 3, [1, 1, 1])
    )
    with pytest.raises(RuntimeError, match="NO_NAVSTART"):
        audit.run_lighthouse("http://127.0.0.1/", "chromium", str(tmp_path))
    assert calls(tmp_path) == 3


@pytest.mark.parametrize(
    ("report", "code", "reason"),
    [
        (None, 1, "MISSING"),  # Lighthouse crashed before writing anything
        ({**REPORT, "runtimeError": {"code": "ERRORED_DOCUMENT_REQUEST"}}, 1, "ERRORED_DOCUMENT"),
        (REPORT, 2, "exit 2"),  # a report, but Lighthouse said it failed
    ],
)
def test_other_failures_stop_the_audit_at_once(tmp_path, monkeypatch, report, code, reason):
    monkeypatch.setattr(audit, "lighthouse_command", fake_lighthouse(tmp_path, [report], [code]))
    with pytest.raises(RuntimeError, match=reason):
        audit.run_lighthouse("http://127.0.0.1/", "chromium", str(tmp_path))
    assert calls(tmp_path) == 1
