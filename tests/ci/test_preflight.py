"""CI's preflight (.ci/preflight): a machine without Redis, Chromium, the npm checkers, Java,
moto or PostgreSQL fails CI with a message naming what is missing, instead of skipping tests.

Each test starts from a machine where everything is present, as stand-ins the script cannot
tell from the real things (an executable Chromium, checkers' files, a server answering Redis's
PING on a loopback port, a PostgreSQL readiness check that succeeds), and takes one away.
"""

import os
import shutil
import socket
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.production.servers import PROJECT, free_port

pytestmark = pytest.mark.database_independent

PREFLIGHT = PROJECT / ".ci" / "preflight"
CHECKERS = ["axe-core/axe.min.js", "vnu-jar/build/dist/vnu.jar", ".bin/lighthouse"]


class PongHandler(socketserver.StreamRequestHandler):
    """Answers every Redis command with +PONG, as a live Redis answers PING."""

    def handle(self) -> None:
        while self.rfile.readline():
            self.wfile.write(b"+PONG\r\n")


@pytest.fixture
def fake_redis():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), PongHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def executable(path: Path, script: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def machine(tmp_path, fake_redis) -> dict[str, str]:
    """The environment of a machine that has everything CI needs."""
    tools = tmp_path / "bin"
    executable(tools / "pg_isready", "exit 0")
    executable(tools / "java", "exit 0")
    for name in ("redis-cli", "dirname", "bash", "timeout"):
        found = shutil.which(name)
        assert found, f"{name} is needed to run .ci/preflight (Debian: redis-tools, coreutils)"
        (tools / name).symlink_to(found)
    for checker in CHECKERS:
        path = tmp_path / "node_modules" / checker
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    return {
        "PATH": str(tools),
        "CHROMIUM": str(executable(tmp_path / "chromium", "exit 0")),
        "NODE_MODULES": str(tmp_path / "node_modules"),
        "PYTHON": sys.executable,
        "REDIS_PORT": str(fake_redis),
        "PG_PORT": "5432",
    }


def preflight(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [shutil.which("bash"), str(PREFLIGHT)],
        env={"HOME": os.environ.get("HOME", "/tmp"), **env},  # noqa: S108
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_fails_naming(result: subprocess.CompletedProcess, *messages: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CI preflight FAILED" in result.stderr
    for message in messages:
        assert message in result.stderr, result.stderr


def test_a_machine_with_everything_passes(machine):
    result = preflight(machine)
    assert result.returncode == 0, result.stderr
    assert "CI preflight: PostgreSQL, Redis, Chromium" in result.stdout
    assert result.stderr == ""


def test_no_chromium_fails(machine, tmp_path):
    result = preflight({**machine, "CHROMIUM": str(tmp_path / "no-chromium")})
    assert_fails_naming(result, f"Chromium: {tmp_path / 'no-chromium'} is not an executable")
    assert "1 missing" in result.stderr


def test_no_redis_server_fails(machine):
    closed = free_port()
    result = preflight({**machine, "REDIS_PORT": str(closed)})
    assert_fails_naming(result, f"Redis: nothing answers PING on 127.0.0.1:{closed}")


def test_another_service_on_the_redis_port_fails(machine):
    # Something listens, but it is not Redis: it closes without answering PONG.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = preflight({**machine, "REDIS_PORT": str(port)})
    assert_fails_naming(result, f"Redis: nothing answers PING on 127.0.0.1:{port}")


def test_no_redis_client_fails(machine, tmp_path):
    (tmp_path / "bin" / "redis-cli").unlink()
    assert_fails_naming(preflight(machine), "Redis: redis-cli is not installed")


def test_missing_npm_checkers_fail(machine, tmp_path):
    (tmp_path / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar").unlink()
    assert_fails_naming(
        preflight(machine), "npm checkers: ", "vnu-jar/build/dist/vnu.jar is missing"
    )


def test_no_java_fails(machine, tmp_path):
    (tmp_path / "bin" / "java").unlink()
    assert_fails_naming(preflight(machine), "Java: needed by the Nu Html Checker")


def test_no_moto_fails(machine, tmp_path):
    # An interpreter that cannot import moto.server (or anything else).
    python = executable(tmp_path / "python", "exit 1")
    assert_fails_naming(
        preflight({**machine, "PYTHON": str(python)}), "moto's S3 server or Playwright"
    )


def test_no_postgresql_fails(machine, tmp_path):
    executable(tmp_path / "bin" / "pg_isready", "exit 2")
    assert_fails_naming(preflight(machine), "PostgreSQL: nothing answers on 127.0.0.1:5432")


def test_every_missing_piece_is_listed_at_once(machine, tmp_path):
    (tmp_path / "bin" / "java").unlink()
    result = preflight(
        {**machine, "CHROMIUM": str(tmp_path / "none"), "REDIS_PORT": str(free_port())}
    )
    assert_fails_naming(result, "3 missing", "Chromium:", "Redis:", "Java:")


def test_ci_run_calls_the_preflight_before_the_tests():
    script = (PROJECT / ".ci" / "run").read_text()
    assert script.index(".ci/preflight") < script.index("make lint") < script.index("make test")
    # Redis is started without "|| true": a server that cannot start stops CI here.
    assert "|| true" not in script
