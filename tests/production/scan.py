"""``make scan``: Debian's wapiti and sqlmap against ``make serve`` on a fresh demo database.

Starts the production server (gunicorn, production settings) on its own port with its own
SQLite file and media folder, runs wapiti over the public site and sqlmap against the search
and the comment form, all on 127.0.0.1 and each bounded in time, then reads the server's
JSON access log. Fails when either scanner reports anything above "info" or the server
answered any request with a 5xx during the scans. Prints the figures docs/quality.md records.

Run before each release: ``make scan`` (``SCAN_MINUTES`` bounds wapiti; sqlmap is bounded
by its own options and a timeout).
"""

import argparse
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The scan stands where a reader does: behind the TLS proxy, which tells the app the request
# came over HTTPS (settings/production.py trusts X-Forwarded-Proto), so HSTS and secure
# cookies are what wapiti sees.
PROXY_HEADER = "X-Forwarded-Proto: https"
# Findings that are decisions, not faults, each with its reason (docs/quality.md). Nothing
# else above "info" passes.
ACCEPTED = {
    # Browsers dropped the XSS auditor this header switched on (it could itself be abused);
    # OWASP and MDN advise against "1". The strict Content-Security-Policy does its work.
    "X-XSS-Protection is not set",
}
# wapiti's default modules plus CRLF (header injection); "csrf" is left out on purpose: the
# comment form carries no token by design and is checked by Origin/Sec-Fetch-Site instead
# (blog/comments/forgery.py, tests/comments/test_forgery.py), which wapiti cannot see.
WAPITI_MODULES = (
    "blindsql,cookieflags,csp,exec,file,http_headers,permanentxss,redirect,sql,ssrf,xss,crlf"
)
INJECTABLE = re.compile(
    r"identified the following injection point|is vulnerable|appears to be .*injectable", re.I
)


def say(*parts) -> None:
    print(*parts, flush=True)  # noqa: T201 - a command-line report


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(2)
    raise SystemExit(f"The server did not answer {url} within {seconds:.0f} s")


def access_lines(log: Path, start: int) -> list[dict]:
    """The gunicorn access-log entries written after byte ``start`` of the server's output."""
    entries = []
    with log.open("rb") as handle:
        handle.seek(start)
        for line in handle.read().decode(errors="replace").splitlines():
            if '"gunicorn.access"' not in line:
                continue
            try:
                entries.append(json.loads(line[line.index("{") :]))
            except ValueError:
                continue
    return entries


def run(command: list[str], seconds: float, output: Path) -> int:
    """Run a scanner, its output to ``output``; stopped after ``seconds``."""
    say("$", " ".join(command))
    with output.open("w") as handle:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            return process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            say(f"  stopped after {seconds:.0f} s (bounded)")
            return -1


def wapiti_findings(report: Path) -> tuple[list[str], int]:
    """Findings above "info" (every vulnerability and anomaly) and the count of info items."""
    if not report.exists():
        return ["wapiti wrote no report"], 0
    data = json.loads(report.read_text())
    findings = []
    for section in ("vulnerabilities", "anomalies"):
        for category, items in (data.get(section) or {}).items():
            for item in items:
                if item.get("info") in ACCEPTED:
                    say(f"accepted (docs/quality.md): {category}: {item.get('info')}")
                    continue
                findings.append(
                    f"wapiti {section[:-1]}: {category}: {item.get('method')} "
                    f"{item.get('path')} {item.get('parameter', '')} {item.get('info', '')}"
                )
    infos = sum(len(items) for items in (data.get("additionals") or {}).values())
    return findings, infos


def comment_form(base: str) -> tuple[str, dict]:
    """A demo post's comment form: its address and its fields as a reader sends them."""
    with urllib.request.urlopen(f"{base}/blog/", timeout=30) as response:  # noqa: S310
        index = response.read().decode()
    for post_path in re.findall(r'<h[23][^>]*><a href="(/blog/[^"]+/)"', index):
        with urllib.request.urlopen(base + post_path, timeout=30) as response:  # noqa: S310
            page = response.read().decode()
        action = re.search(r'action="(/comments/post/\d+/)[^"]*"', page)
        timestamp = re.search(r'name="timestamp" value="([^"]+)"', page)
        if action and timestamp:
            break
    else:
        raise SystemExit("No demo post on /blog/ shows a comment form")
    fields = {
        "author_name": "Scanner",
        "author_email": "scanner@example.com",
        "author_url": "",
        "body": "A remark about the alliance.",
        "parent": "",
        "timestamp": html.unescape(timestamp.group(1)),
        "subject": "",
    }
    return base + action.group(1), fields


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--minutes", type=float, default=3.0, help="wapiti's time limit")
    parser.add_argument("--sqlmap-minutes", type=float, default=2.0, help="per sqlmap run")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    for tool in ("wapiti", "sqlmap"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (apt-get install wapiti sqlmap)")

    work = Path(tempfile.mkdtemp(prefix="blog-scan-"))
    base = f"http://127.0.0.1:{args.port}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'scan.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "HOST": "127.0.0.1",
        "PORT": str(args.port),
        "WEB_CONCURRENCY": "2",
        "REDIS_URL": "",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    log = work / "server.log"
    say(f"Work folder {work}; starting make serve on {base} (fresh demo database)")
    with log.open("wb") as handle:
        server = subprocess.Popen(
            ["make", "serve"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(f"{base}/healthz", 900)
        start = log.stat().st_size
        figures: dict[str, int] = {}
        findings: list[str] = []

        report = work / "wapiti.json"
        run(
            [
                "wapiti",
                "-u",
                f"{base}/",
                "--scope",
                "folder",
                "-m",
                WAPITI_MODULES,
                # No -x: wapiti 3.0.4's wildcard exclusions fail on Python 3.11, and no public
                # page links the admin.
                "--max-scan-time",
                str(args.minutes * 60),
                "--max-attack-time",
                str(args.minutes * 60 / 4),
                "--max-links-per-page",
                "30",
                "-d",
                "3",
                "-t",
                "15",
                "--flush-session",
                "--store-session",
                str(work / "wapiti-session"),
                "--store-config",
                str(work / "wapiti-config"),
                "--no-bugreport",
                "-H",
                PROXY_HEADER,
                "-f",
                "json",
                "-o",
                str(report),
            ],
            # wapiti's own limits bound it; this only stops a hung run (it writes no report).
            args.minutes * 60 * 3 + 300,
            work / "wapiti.out",
        )
        wapiti_found, infos = wapiti_findings(report)
        findings += wapiti_found
        figures["wapiti requests"] = len(access_lines(log, start))
        figures["wapiti info items"] = infos
        after_wapiti = log.stat().st_size

        sqlmap_common = [
            "--batch",
            "--level",
            "2",
            "--risk",
            "1",
            "--timeout",
            "15",
            "--retries",
            "0",
            "--time-sec",
            "2",
            "--flush-session",
            "--disable-coloring",
            "--output-dir",
            str(work / "sqlmap"),
        ]
        run(
            [
                "sqlmap",
                "-u",
                f"{base}/search/?query=alliance",
                "-p",
                "query",
                "--headers",
                PROXY_HEADER,
                *sqlmap_common,
            ],
            args.sqlmap_minutes * 60,
            work / "sqlmap-search.out",
        )
        action, fields = comment_form(base)
        time.sleep(4)  # the form's minimum time before it may be sent
        run(
            [
                "sqlmap",
                "-u",
                action,
                "--data",
                urllib.parse.urlencode(fields),
                "-p",
                "author_name,author_email,body,parent",
                "--headers",
                f"Origin: https://127.0.0.1:{args.port}\n{PROXY_HEADER}",
                *sqlmap_common,
            ],
            args.sqlmap_minutes * 60,
            work / "sqlmap-comment.out",
        )
        for name in ("sqlmap-search.out", "sqlmap-comment.out"):
            text = (work / name).read_text(errors="replace")
            findings += [f"{name}: {line}" for line in text.splitlines() if INJECTABLE.search(line)]
        figures["sqlmap requests"] = len(access_lines(log, after_wapiti))

        entries = access_lines(log, start)
        errors = [entry for entry in entries if str(entry.get("status", "")).startswith("5")]
        figures["requests"] = len(entries)
        figures["findings above info"] = len(findings)
        figures["5xx responses"] = len(errors)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

    say()
    for name, value in figures.items():
        say(f"{name}: {value}")
    for finding in findings:
        say("FINDING", finding)
    for entry in errors[:20]:
        say("5xx", entry.get("status"), entry.get("method"), entry.get("path"), entry.get("query"))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        say(f"Reports kept in {work}")
    return 1 if findings or errors else 0


if __name__ == "__main__":
    sys.exit(main())
