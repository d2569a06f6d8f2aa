"""`make bench`: load every page with wrk against gunicorn (production settings), uncached,
cached in the application, and through Varnish; beside a trivial Django view (the Python
ceiling) and nginx serving a saved copy of the post page (the physical limit).

    python bench/run.py [--posts 1000] [--databases sqlite,postgres] [--runs 3] [--duration 5]

Each database is filled once by bench/generate.py (kept for the next run while the post count
matches). Results go to bench/results/*.json, and docs/benchmarks.md is written from them.
"""

import argparse
import contextlib
import gzip
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PYTHON = (
    str(ROOT / ".venv" / "bin" / "python")
    if (ROOT / ".venv" / "bin" / "python").exists()
    else sys.executable
)
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
DATABASES = {
    "sqlite": "sqlite:////tmp/bench.sqlite3",
    "postgres": "postgres://postgres@127.0.0.1:5432/bench_db",
}
PORTS = {"uncached": 8210, "cached": 8211, "cold": 8212, "front": 8280, "static": 8290}
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def environment(database: str, **extra: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=DATABASES[database],
        MEDIA_ROOT=f"/tmp/bench-media-{database}",
        PAGE_CACHE_GENERATION_FILE=f"/tmp/bench-page-cache-generation-{database}",
        WEB_CONCURRENCY="2",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


# Data ----------------------------------------------------------------------------------------


def prepare_database(database: str, posts: int) -> None:
    env = environment(database)
    marker = Path(f"/tmp/bench-{database}.posts")
    if marker.exists() and marker.read_text().strip() == str(posts):
        log(f"{database}: reusing the database with {posts} posts")
        return
    log(f"{database}: creating a database with {posts} posts")
    marker.unlink(missing_ok=True)
    shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)
    if database == "sqlite":
        Path("/tmp/bench.sqlite3").unlink(missing_ok=True)
    else:
        run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-qc",
                "DROP DATABASE IF EXISTS bench_db",
            ],
            env,
        )
        run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "CREATE DATABASE bench_db"], env)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    started = time.monotonic()
    run([PYTHON, "-m", "bench.generate", "--posts", str(posts)], env)
    log(f"{database}: generated in {time.monotonic() - started:.0f} s")
    if database == "sqlite":
        run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from django.db import connection; connection.cursor().execute('ANALYZE')",
            ],
            env,
        )
    else:
        run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "bench_db",
                "-qc",
                "VACUUM ANALYZE",
            ],
            env,
        )
    marker.write_text(str(posts))


# Servers ---------------------------------------------------------------------------------------


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


class Gunicorn:
    def __init__(
        self,
        database: str,
        port: int,
        cached: bool,
        front_cache_url: str = "",
        cold: bool = False,
    ) -> None:
        self.port = port
        env = environment(
            database,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            PAGE_CACHE_ENABLED="true" if cached else "false",
            FRONTEND_CACHE_URL=front_cache_url,
            # Every cache layer off (bench/settings.py): each request renders from the database.
            BENCH_COLD="true" if cold else "false",
        )
        self.log = open(f"/tmp/bench-gunicorn-{port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [GUNICORN, "-c", str(BENCH / "gunicorn.conf.py"), "settings.wsgi"],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/bench/trivial/")
        except RuntimeError:
            self.stop()
            raise

    def cpu_seconds(self) -> float:
        """User and system time of the master and its workers so far."""
        total = 0.0
        pids = {self.process.pid}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.add(int(entry.name))
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
        return total

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Varnish:
    def __init__(self, backend_port: int, port: int) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="bench-varnish-"))
        self.workdir.chmod(0o755)  # varnishd reads the VCL as its own unprivileged user
        vcl = (BENCH / "varnish.vcl").read_text().replace("BACKEND_PORT", str(backend_port))
        (self.workdir / "bench.vcl").write_text(vcl)
        self.process = subprocess.Popen(
            [
                "varnishd",
                "-F",
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(self.workdir / "bench.vcl"),
                "-s",
                "malloc,256m",
                "-n",
                str(self.workdir / "state"),
                "-p",
                "thread_pool_min=20",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/bench/trivial/")
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.workdir, ignore_errors=True)


class Nginx:
    def __init__(self, html: bytes, port: int) -> None:
        self.prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.prefix.chmod(0o755)  # nginx's workers read the page as an unprivileged user
        (self.prefix / "www").mkdir(mode=0o755)
        (self.prefix / "www" / "post.html").write_bytes(html)
        # Served as is to clients accepting gzip (gzip_static), as Varnish serves its copies.
        (self.prefix / "www" / "post.html.gz").write_bytes(gzip.compress(html, 6))
        config = (
            (BENCH / "nginx.conf")
            .read_text()
            .replace("PREFIX", str(self.prefix))
            .replace("PORT", str(port))
        )
        (self.prefix / "nginx.conf").write_text(config)
        self.process = subprocess.Popen(
            ["nginx", "-c", str(self.prefix / "nginx.conf"), "-p", str(self.prefix)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/post.html")
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.prefix, ignore_errors=True)


# Load --------------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, connections: int, duration: int, paths_file: str | None = None) -> dict:
    # With a file of paths, wrk asks for each in turn (bench/every_post.lua) instead of one URL.
    script = ["--script", str(BENCH / "every_post.lua")] if paths_file else []
    output = subprocess.run(
        [
            "wrk",
            *script,
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "10s",
            # As every browser and crawler: shared caches and nginx then send gzipped bytes.
            "--header",
            "Accept-Encoding: gzip",
            url,
            *(["--", paths_file] if paths_file else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    for percentile in ("50", "99"):
        value, unit = re.search(rf"\s{percentile}%\s+([\d.]+)(us|ms|s)", output).groups()
        result[f"p{percentile}_ms"] = float(value) * UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    result["errors"] = int(errors.group(1)) if errors else 0
    if socket_errors:
        result["socket_errors"] = socket_errors.group(1)
    return result


def drain(url: str, connections: int) -> None:
    """Wait until requests left queued by the last run are served, so none spill into the next."""

    def fetch() -> None:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=120).read()

    threads = [threading.Thread(target=fetch) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def measure(
    url: str,
    runs: int,
    duration: int,
    connections: int,
    server: Gunicorn | None,
    paths_file: str | None = None,
) -> dict:
    samples = []
    for _ in range(runs):
        if server:
            drain(f"http://127.0.0.1:{server.port}/bench/trivial/", connections)
        before = server.cpu_seconds() if server else 0.0
        sample = wrk(url, connections, duration, paths_file)
        if server:
            sample["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / max(sample["requests"], 1)
        samples.append(sample)
    summary = {
        key: statistics.median(s[key] for s in samples) for key in ("rps", "p50_ms", "p99_ms")
    }
    if server:
        summary["cpu_ms"] = statistics.median(s["cpu_ms"] for s in samples)
    summary["errors"] = sum(s["errors"] for s in samples)
    summary["runs"] = [round(s["rps"], 1) for s in samples]
    return summary


def warm(base: str, urls: dict, times: int = 6) -> None:
    for url in urls.values():
        for _ in range(times):
            with urllib.request.urlopen(base + url, timeout=60) as response:
                response.read()


def header(url: str, name: str) -> str | None:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.headers.get(name)


def bench_database(database: str, args: argparse.Namespace) -> dict:
    prepare_database(database, args.posts)
    env = environment(database)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    pages = json.loads(
        run([PYTHON, "-m", "bench.pages"], env, capture_output=True, text=True).stdout
    )
    every_post = pages.pop("every post")
    paths_file = f"/tmp/bench-post-paths-{database}.txt"
    Path(paths_file).write_text("\n".join(every_post["paths"]) + "\n")
    urls = {name: info["url"] for name, info in pages.items()}
    # The trivial view first, before any slow page can leave requests queued behind it.
    targets = {"trivial": "/bench/trivial/", **urls}
    result = {"database": database, "posts": args.posts, "pages": pages, "modes": {}}

    log(f"{database}: uncached")
    server = Gunicorn(database, PORTS["uncached"], cached=False)
    try:
        base = f"http://127.0.0.1:{PORTS['uncached']}"
        warm(base, targets, 3)
        result["post_html"] = urllib.request.urlopen(base + urls["post"]).read().decode()
        result["modes"]["uncached"] = {
            name: measure(base + url, args.runs, args.duration, args.connections, server)
            for name, url in targets.items()
        }
        # A crowd reading different posts: each post's own parts are made on its first
        # reading in this content generation, as for the long tail of an archive.
        result["modes"]["uncached_every_post"] = {
            "post": measure(
                base + "/", args.runs, args.duration, args.connections, server, paths_file
            )
        }
        result["every_post_paths"] = len(every_post["paths"])
        # One reader at a time: the search target is a reader's wait, not a queue's.
        result["modes"]["uncached_c1"] = {
            "search": measure(base + urls["search"], args.runs, args.duration, 1, server)
        }
    finally:
        server.stop()

    log(f"{database}: cold, in-process (bench/cold.py)")
    result["cold"] = json.loads(
        run(
            [PYTHON, "-m", "bench.cold", "--json", "--posts", str(min(args.posts, 1000))],
            env,
            capture_output=True,
            text=True,
        ).stdout
    )
    log(f"{database}: cold, every cache layer off, under wrk")
    server = Gunicorn(database, PORTS["cold"], cached=False, cold=True)
    try:
        base = f"http://127.0.0.1:{PORTS['cold']}"
        warm(base, targets, 1)
        result["modes"]["cold"] = {
            name: measure(base + url, args.runs, args.duration, args.connections, server)
            for name, url in targets.items()
        }
        result["modes"]["cold_every_post"] = {
            "post": measure(
                base + "/", args.runs, args.duration, args.connections, server, paths_file
            )
        }
    finally:
        server.stop()

    log(f"{database}: cached in the application, and through Varnish")
    front_url = f"http://127.0.0.1:{PORTS['front']}"
    server = Gunicorn(database, PORTS["cached"], cached=True, front_cache_url=front_url)
    varnish = None
    try:
        varnish = Varnish(PORTS["cached"], PORTS["front"])
        base = f"http://127.0.0.1:{PORTS['cached']}"
        warm(base, targets)
        result["modes"]["cached"] = {
            name: measure(base + url, args.runs, args.duration, args.connections, server)
            for name, url in targets.items()
        }
        result["modes"]["cached_c16"] = {
            name: measure(base + url, 1, args.duration, 16, server) for name, url in urls.items()
        }
        warm(front_url, urls)
        result["front_cache_status"] = {
            name: header(front_url + url, "X-Front-Cache") for name, url in urls.items()
        }
        result["modes"]["front"] = {
            name: measure(front_url + url, args.runs, args.duration, args.connections, server)
            for name, url in urls.items()
        }
        result["modes"]["front_c16"] = {
            name: measure(front_url + url, 1, args.duration, 16, server)
            for name, url in urls.items()
        }
        result["purge_check"] = purge_check(database, front_url, urls["post"], urls["index"])
    finally:
        if varnish is not None:
            varnish.stop()
        server.stop()
    return result


def purge_check(database: str, front_url: str, post_url: str, index_url: str) -> dict:
    """Publish a new title for the newest post; the proxy and the app must show it at once."""
    title = f"Purge check {int(time.time())}"
    script = (
        "from blog.models import BlogPostPage\n"
        f"post = BlogPostPage.objects.get(url_path__endswith={post_url.rstrip('/').rsplit('/', 1)[-1] + '/'!r}, locale__language_code='en')\n"
        f"post.title = {title!r}\n"
        "post.save_revision().publish()\n"
    )
    env = environment(database, FRONTEND_CACHE_URL=front_url)
    run([PYTHON, "manage.py", "shell", "--no-imports", "-c", script], env)
    body = urllib.request.urlopen(front_url + index_url).read().decode()
    return {"title": title, "index_shows_new_title": title in body}


def bench_static(html: str, args: argparse.Namespace) -> dict:
    nginx = Nginx(html.encode(), PORTS["static"])
    try:
        url = f"http://127.0.0.1:{PORTS['static']}/post.html"
        return {
            "c8": measure(url, args.runs, args.duration, args.connections, None),
            "c16": measure(url, 1, args.duration, 16, None),
        }
    finally:
        nginx.stop()


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load = os.getloadavg()
    versions = {}
    for name, command in {
        "python": [PYTHON, "--version"],
        "gunicorn": [GUNICORN, "--version"],
        "wrk": ["wrk", "--version"],
        "nginx": ["nginx", "-v"],
        "varnish": ["varnishd", "-V"],
        "sqlite": [PYTHON, "-c", "import sqlite3; print(sqlite3.sqlite_version)"],
        "postgres": ["psql", "--version"],
    }.items():
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
            versions[name] = (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            versions[name] = "?"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "load_before": load,
        "versions": versions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the blog; see docs/benchmarks.md.")
    parser.add_argument("--posts", type=int, default=int(os.environ.get("BENCH_POSTS", 1000)))
    parser.add_argument("--databases", default=os.environ.get("BENCH_DATABASES", "sqlite,postgres"))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 3)))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 5)))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--no-report", action="store_true", help="do not rewrite docs/benchmarks.md"
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx", "varnishd", GUNICORN):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: `make bench` installs it")

    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    report = {"started": started, "machine": machine(), "args": vars(args), "databases": {}}
    for database in args.databases.split(","):
        report["databases"][database] = bench_database(database.strip(), args)
    first = next(iter(report["databases"].values()))
    log("static copy of the post page under nginx")
    report["static"] = bench_static(first["post_html"], args)
    report["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    report["load_after"] = os.getloadavg()
    for result in report["databases"].values():
        result.pop("post_html", None)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{started.replace(':', '')}-{args.posts}.json"
    path.write_text(json.dumps(report, indent=1))
    log(f"results in {path.relative_to(ROOT)}")
    if not args.no_report:
        from bench.report import write_report

        write_report()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
