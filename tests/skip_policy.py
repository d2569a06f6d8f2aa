"""A pytest plugin: in CI (the ``CI`` variable set), a skip nobody declared fails the run.

A test that skips because Chromium, Redis or the S3 server is missing looks green; in CI that
must be a failure, or a whole suite can vanish unnoticed. Only the skips listed in
``ALLOWED_SKIPS`` pass: tests that exist for one database engine, skipped on the other.
Loaded by the root ``conftest.py``; it imports nothing of Django, so its own test can run it
in a bare pytest (tests/ci/test_skip_policy.py).
"""

import os
import re

import pytest

# Each entry: a pattern the skip's reason must match in full, and why such a skip is expected.
ALLOWED_SKIPS: dict[str, str] = {
    r"SQLite FTS5 only": "the SQLite search compiler's own tests, on PostgreSQL",
    r"other databases": "the database-search tests for every engine but SQLite, on SQLite",
    r"the suite runs on PostgreSQL; .*": "the SQLite backup test, on PostgreSQL",
}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def skip_reason(report: pytest.TestReport) -> str:
    # A skip's longrepr is (file, line, "Skipped: <reason>").
    longrepr = report.longrepr
    message = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return message.removeprefix("Skipped: ")


def is_allowed(reason: str) -> bool:
    return any(re.fullmatch(pattern, reason) for pattern in ALLOWED_SKIPS)


class SkipPolicy:
    """Collects the skips outside the allowlist; in CI they turn a green run red."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.unexpected: list[tuple[str, str]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # With xdist the controller receives every worker's reports here too.
        if report.skipped and not hasattr(report, "wasxfail"):
            reason = skip_reason(report)
            if not is_allowed(reason):
                self.unexpected.append((report.nodeid, reason))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.unexpected and in_ci() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.unexpected:
            return
        verdict = "fail the run (CI is set)" if in_ci() else "would fail the run in CI"
        terminalreporter.section("skips outside tests/skip_policy.py's ALLOWED_SKIPS", red=True)
        terminalreporter.line(f"{len(self.unexpected)} undeclared skip(s) {verdict}:")
        for nodeid, reason in self.unexpected:
            terminalreporter.line(f"  {nodeid}: {reason}")


def pytest_configure(config: pytest.Config) -> None:
    # An xdist worker leaves the verdict to the controller, which receives all the reports.
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(SkipPolicy(config), "skip-policy")
