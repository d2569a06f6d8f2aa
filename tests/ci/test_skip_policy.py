"""The skip policy (tests/skip_policy.py): in CI, a skip nobody declared fails the run."""

import os
import subprocess
import sys
import textwrap

import pytest

from tests.production.servers import PROJECT

pytestmark = pytest.mark.database_independent

SUITE = """
    import pytest

    def test_runs():
        pass

    @pytest.mark.skipif(True, reason="SQLite FTS5 only")
    def test_for_one_engine():
        pass
"""
UNDECLARED = """
    def test_needs_redis():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
"""


def run_pytest(tmp_path, source: str, *args: str, ci: bool) -> subprocess.CompletedProcess:
    """A bare pytest (no Django settings) over ``source`` with only the skip policy loaded."""
    (tmp_path / "test_sample.py").write_text(textwrap.dedent(source))
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["PYTHONPATH"] = str(PROJECT)
    if ci:
        env["CI"] = "1"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-p", "tests.skip_policy", "-p", "no:cacheprovider"]
        + ["-p", "no:django", "-rs", *args, "test_sample.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_undeclared_skip_fails_the_run_in_ci(tmp_path):
    result = run_pytest(tmp_path, SUITE + UNDECLARED, ci=True)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "1 undeclared skip(s) fail the run (CI is set):" in result.stdout
    assert (
        "test_sample.py::test_needs_redis: Redis is not running on 127.0.0.1:6379" in result.stdout
    )
    # The declared skip is not listed among the undeclared ones.
    assert "test_for_one_engine:" not in result.stdout


def test_declared_skips_pass_in_ci(tmp_path):
    result = run_pytest(tmp_path, SUITE, ci=True)
    assert result.returncode == pytest.ExitCode.OK, result.stdout
    assert "1 passed, 1 skipped" in result.stdout
    assert "undeclared" not in result.stdout


def test_outside_ci_an_undeclared_skip_is_named_but_passes(tmp_path):
    result = run_pytest(tmp_path, SUITE + UNDECLARED, ci=False)
    assert result.returncode == pytest.ExitCode.OK, result.stdout
    assert "1 undeclared skip(s) would fail the run in CI:" in result.stdout


def test_skips_in_xdist_workers_fail_the_run_too(tmp_path):
    result = run_pytest(tmp_path, SUITE + UNDECLARED, "-n", "2", ci=True)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "test_sample.py::test_needs_redis: Redis is not running" in result.stdout


def test_a_failing_run_keeps_its_own_exit_status(tmp_path):
    failing = UNDECLARED + "\n    def test_fails():\n        assert False\n"
    result = run_pytest(tmp_path, SUITE + failing, ci=True)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "1 failed" in result.stdout
