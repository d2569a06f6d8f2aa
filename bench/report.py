"""Write docs/benchmarks.md from the latest bench/results/*.json (one per post count).

Only the part between the ``bench:begin`` and ``bench:end`` markers is rewritten, so other
sections of the page (the importer's timings) stay as their authors left them.
"""

import json
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PAGES = ["home", "index", "category", "post", "feed", "sitemap", "sitemap page", "search"]


def latest_results() -> dict[int, dict]:
    found: dict[int, dict] = {}
    for path in sorted(RESULTS.glob("*.json")):
        report = json.loads(path.read_text())
        report["file"] = path.name
        found[report["args"]["posts"]] = report
    return found


def pct(value: float, reference: float) -> str:
    return f"{100 * value / reference:.1f}%" if reference else "–"


def num(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def ms(value: float) -> str:
    return f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def database_section(name: str, result: dict, static_rps: float) -> list[str]:
    modes = result["modes"]
    trivial_uncached = modes["uncached"]["trivial"]["rps"]
    trivial_cached = modes["cached"]["trivial"]["rps"]
    lines = [
        f"#### {name}: {result['posts']:,} posts",
        "",
        f"Python ceiling (trivial view): **{num(trivial_uncached)} req/s** beside the uncached pages, "
        f"{num(trivial_cached)} req/s beside the cached ones; CPU "
        f"{ms(modes['uncached']['trivial']['cpu_ms'])} ms/request. Static limit (nginx): **{num(static_rps)} req/s**.",
        "",
        "Uncached (page cache off: every request routes the URL, reads the page's row and renders",
        "the page around the parts kept for the content generation: a post's article and the",
        "comment section anonymous readers see, each page of a listing, counts, the site and a",
        "page's language versions; docs/architecture.md):",
        "",
        "| page | SQL queries | req/s | of trivial | CPU ms/req | p50 ms | p99 ms | render ms, warm / cold |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in PAGES:
        m = modes["uncached"][page]
        info = result["pages"][page]
        renders = f"{ms(info['warm_ms'])} / {ms(info['cold_ms'])}" if "cold_ms" in info else "–"
        lines.append(
            f"| {page} | {info['queries']} | {num(m['rps'])} | {pct(m['rps'], trivial_uncached)} "
            f"| {ms(m['cpu_ms'])} | {ms(m['p50_ms'])} | {ms(m['p99_ms'])} | {renders} |"
        )
    lines += [
        "",
        "Render ms: CPU time of one in-process render (`bench/pages.py`, median of 15). Warm, as",
        "under wrk: fragments and memos made by earlier requests are reused. Cold: the content",
        "generation is bumped before each render, as right after a publish, so nothing is reused.",
    ]
    every = modes.get("uncached_every_post")
    if every:
        m = every["post"]
        lines += [
            "",
            f"Every post in turn (wrk walks the newest {num(result['every_post_paths'])} posts, so nearly every "
            f"request is for a post whose own parts are not made yet), uncached: "
            f"**{num(m['rps'])} req/s** ({pct(m['rps'], trivial_uncached)} of trivial), "
            f"CPU {ms(m['cpu_ms'])} ms/request, p50 {ms(m['p50_ms'])} ms, p99 {ms(m['p99_ms'])} ms.",
        ]
    alone = modes.get("uncached_c1", {}).get("search")
    if alone:
        lines += [
            "",
            f"Search with one reader at a time (wrk -c1), uncached: p50 {ms(alone['p50_ms'])} ms, "
            f"p99 {ms(alone['p99_ms'])} ms, {num(alone['rps'])} req/s.",
        ]
    lines += cold_section(result, trivial_uncached)
    lines += [
        "",
        "Cached in the application (0 SQL queries on a hit) and through Varnish in front:",
        "",
        "| page | app req/s | of trivial | CPU ms/req | p50 ms | p99 ms | p99 ms at 16 conn. | Varnish req/s | of static | p99 ms at 16 conn. |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in PAGES:
        m, c16 = modes["cached"][page], modes["cached_c16"][page]
        f, f16 = modes["front"][page], modes["front_c16"][page]
        status = result.get("front_cache_status", {}).get(page)
        note = "" if status == "hit" else " (passed to the app)"
        lines.append(
            f"| {page} | {num(m['rps'])} | {pct(m['rps'], trivial_cached)} | {ms(m['cpu_ms'])} | {ms(m['p50_ms'])} "
            f"| {ms(m['p99_ms'])} | {ms(c16['p99_ms'])} | {num(f['rps'])}{note} | {pct(f['rps'], static_rps)} | {ms(f16['p99_ms'])} |"
        )
    errors = sum(m["errors"] for mode in modes.values() for m in mode.values())
    purge = result.get("purge_check", {})
    lines += [
        "",
        f"Non-2xx responses during the runs: {errors}. Purge check (a title published while Varnish "
        f"held the index): {'the new title was served at once' if purge.get('index_shows_new_title') else 'STALE'}.",
        "",
    ]
    return lines


COLD_PAGES = ["post", "index", "category", "home", "feed", "sitemap page"]


def cold_section(result: dict, trivial: float) -> list[str]:
    """The cold table: every cache layer off, in-process (bench/cold.py) and under wrk."""
    cold, modes = result.get("cold"), result["modes"]
    if not cold or "cold" not in modes:
        return []
    lines = [
        "",
        "Cold (every cache layer off: Django's caches are dummies, so the page cache, fragments,",
        "cached values and Wagtail's cached site root paths and renditions keep nothing, and the",
        "per-process memos start empty on every request; `bench/cold.py`, `BENCH_COLD` in",
        "`bench/settings.py`). SQL queries and CPU ms in-process are medians of single renders:",
        f"each of the newest {num(cold['pages']['post']['renders'])} posts once, each other page "
        f"{cold['pages']['home']['renders']} times; the target is issue 15's. The other columns are wrk at "
        f"{result.get('connections', 8)} connections against a gunicorn with every cache off:",
        "",
        "| page | SQL queries | CPU ms in-process | target (queries / ms) | req/s | of trivial | CPU ms/req | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in COLD_PAGES:
        info, m = cold["pages"].get(page), modes["cold"].get(page)
        if not info or not m:
            continue
        query_target, ms_target = cold["targets"].get(page, (None, None))
        target = f"{query_target or '–'} / {ms_target or '–'}"
        lines.append(
            f"| {page} | {info['queries']:g} | {ms(info['cpu_ms'])} | {target} | {num(m['rps'])} "
            f"| {pct(m['rps'], trivial)} | {ms(m['cpu_ms'])} | {ms(m['p50_ms'])} | {ms(m['p99_ms'])} |"
        )
    every = modes.get("cold_every_post", {}).get("post")
    if every:
        lines += [
            "",
            f"Every post in turn, cold: **{num(every['rps'])} req/s** ({pct(every['rps'], trivial)} of trivial), "
            f"CPU {ms(every['cpu_ms'])} ms/request, p50 {ms(every['p50_ms'])} ms, p99 {ms(every['p99_ms'])} ms.",
        ]
    return lines


def cold_targets(name: str, result: dict) -> list[str]:
    """Issue 15's targets for cold renders, where the run measured them."""
    cold, modes = result.get("cold"), result["modes"]
    if not cold or "cold" not in modes:
        return [f"| cold renders ({name}) | not measured in this run | – |"]
    lines = []
    for page, (query_target, ms_target) in cold["targets"].items():
        info = cold["pages"].get(page)
        if not info:
            continue
        met = info["cpu_ms"] <= ms_target and (
            query_target is None or info["queries"] <= query_target
        )
        wanted = f"≤ {query_target} queries, " if query_target else ""
        lines.append(
            f"| {page} cold {wanted}≤ {ms_target} ms CPU ({name}) | {info['queries']:g} queries, "
            f"{ms(info['cpu_ms'])} ms | {'yes' if met else 'no'} |"
        )
    trivial = modes["uncached"]["trivial"]["rps"] or float("nan")
    every = modes.get("uncached_every_post", {}).get("post")
    if every:
        share = every["rps"] / trivial
        lines.append(
            f"| every post in turn ≥ 8% of trivial ({name}) | {100 * share:.1f}% | {'yes' if share >= 0.08 else 'no'} |"
        )
    worst = max(modes["cold"], key=lambda page: modes["cold"][page]["p99_ms"])
    p99 = modes["cold"][worst]["p99_ms"]
    lines.append(
        f"| cold p99 < 100 ms at 8 connections ({name}) | highest: {worst} {p99:.0f} ms | {'yes' if p99 < 100 else 'no'} |"
    )
    return lines


def targets(results: dict[int, dict]) -> list[str]:
    lines = ["### Targets", "", "| target | measured | met |", "| --- | --- | --- |"]
    small = results.get(1000) or results[min(results)]
    for name, result in small["databases"].items():
        modes = result["modes"]
        trivial = modes["uncached"]["trivial"]["rps"] or float("nan")
        static = small["static"]["c8"]["rps"]
        post = modes["uncached"]["post"]["rps"] / trivial
        index = modes["uncached"]["index"]["rps"] / trivial
        lines.append(
            f"| post uncached ≥ 10% of trivial ({name}) | {100 * post:.1f}% | {'yes' if post >= 0.10 else 'no'} |"
        )
        lines.append(
            f"| index uncached ≥ 8% of trivial ({name}) | {100 * index:.1f}% | {'yes' if index >= 0.08 else 'no'} |"
        )
        cached_trivial = modes["cached"]["trivial"]["rps"] or float("nan")
        worst = min(PAGES, key=lambda page: modes["cached"][page]["rps"])
        ratio = modes["cached"][worst]["rps"] / cached_trivial
        lines.append(
            f"| every page app-cached ≥ 60% of trivial ({name}) | lowest: {worst} {100 * ratio:.0f}% | {'yes' if ratio >= 0.6 else 'no'} |"
        )
        shared = [page for page in PAGES if result.get("front_cache_status", {}).get(page) == "hit"]
        if shared:
            worst_front = min(shared, key=lambda page: modes["front"][page]["rps"])
            front_ratio = modes["front"][worst_front]["rps"] / static
            lines.append(
                f"| through the front cache ≥ 50% of static ({name}) | lowest shared page: {worst_front} {100 * front_ratio:.0f}%"
                f"{'; not shared: ' + ', '.join(sorted(set(PAGES) - set(shared))) if set(PAGES) - set(shared) else ''} "
                f"| {'yes' if front_ratio >= 0.5 and len(shared) == len(PAGES) else 'no' if front_ratio < 0.5 else 'shared pages only'} |"
            )
        worst_p99 = max(PAGES, key=lambda page: modes["cached_c16"][page]["p99_ms"])
        p99 = modes["cached_c16"][worst_p99]["p99_ms"]
        lines.append(
            f"| p99 < 100 ms at 16 connections, cached ({name}) | highest: {worst_p99} {p99:.0f} ms | {'yes' if p99 < 100 else 'no'} |"
        )
        lines += cold_targets(name, result)
    if 100000 in results and 1000 in results:
        for name, result in results[100000]["databases"].items():
            base = results[1000]["databases"].get(name)
            if not base:
                continue
            worst = max(
                PAGES,
                key=lambda page: (
                    result["modes"]["uncached"][page]["p50_ms"]
                    / base["modes"]["uncached"][page]["p50_ms"]
                ),
            )
            growth = (
                result["modes"]["uncached"][worst]["p50_ms"]
                / base["modes"]["uncached"][worst]["p50_ms"]
            )
            lines.append(
                f"| 100,000 posts within 1.5× the 1,000-post uncached p50 ({name}) | worst: {worst} {growth:.2f}× | {'yes' if growth <= 1.5 else 'no'} |"
            )
            alone = result["modes"].get("uncached_c1", {}).get("search")
            if alone:
                search = alone["p50_ms"]
                lines.append(
                    f"| search under 200 ms at 100,000 posts, one reader, uncached ({name}) | p50 {search:.0f} ms, p99 {alone['p99_ms']:.0f} ms | {'yes' if search < 200 else 'no'} |"
                )
    else:
        lines.append(
            "| 100,000 posts within 1.5× of 1,000; search < 200 ms | not measured in this run | – |"
        )
    return lines + [""]


def render(results: dict[int, dict]) -> str:
    newest = results[max(results, key=lambda posts: results[posts]["started"])]
    machine = newest["machine"]
    versions = machine["versions"]
    lines = [
        BEGIN,
        "## Page speed (`make bench`)",
        "",
        "Written by `bench/report.py` from `bench/results/`; rerun `make bench` to refresh it.",
        "",
        "### How it is measured",
        "",
        "```sh",
        "make bench                                   # 1,000 posts, SQLite and PostgreSQL",
        "make bench BENCH_POSTS=100000 BENCH_DATABASES=sqlite",
        "make bench BENCH_RUNS=5 BENCH_DURATION=10    # more, longer runs",
        "```",
        "",
        "- Data: `bench/generate.py` fills a fresh database with N English posts (every block type: paragraphs,",
        "  headings, quote, both lists, image, embed, excerpt break), one in five with a published Japanese",
        "  translation, 2 categories and 3 tags each, 3 approved comments each, 8 images, 20 authors.",
        "- Server: gunicorn 2 sync workers, `settings.production` (through `bench/settings.py`, which adds",
        "  only `/bench/trivial/` and turns off the HTTPS redirect), `bench/gunicorn.conf.py` (the project's",
        "  gunicorn config without access log or worker recycling), on 127.0.0.1. Local-memory cache per worker.",
        "- Load: `wrk -t2 -c8 -d{d}s --latency -H 'Accept-Encoding: gzip'` (as browsers send), {r} runs per page, the median reported; one more run at 16",
        "  connections for the cached p99. CPU ms/request is the user+system time of the gunicorn master and",
        "  workers over the run divided by the requests served. SQL queries are counted in-process on a",
        "  rendered (uncached) request after one warm-up (`bench/pages.py`).",
        "- Cold: a third gunicorn with every cache layer off (`BENCH_COLD=true`, `bench/settings.py`) under the",
        "  same wrk runs, and `bench/cold.py` in-process: SQL queries and CPU time (`time.process_time`) of",
        "  single cold renders, medians over the newest 1,000 posts and 30 renders of each other page.",
        "- Python ceiling: `/bench/trivial/` (a view returning a short text) under the same server and",
        "  middleware. Physical limit: nginx serving a saved copy of the post page from disk, gzipped",
        "  (`bench/nginx.conf`, `gzip_static`, keep-alive on). Front cache: Varnish 7 with `bench/varnish.vcl`",
        "  (stores pages gzipped), purged by the application (`FRONTEND_CACHE_URL`).",
        "",
        "### Machine",
        "",
        f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB; {versions['python']}, {versions['gunicorn']}, "
        f"SQLite {versions['sqlite']}, {versions['postgres']}, {versions['wrk'].split(' Copyright')[0]}, {versions['nginx']}, "
        f"{versions['varnish'].split(' revision')[0]}).",
        "",
        f"Run {newest['started']} to {newest['finished']}. Load average before: "
        f"{', '.join(f'{value:.1f}' for value in machine['load_before'])}; after: "
        f"{', '.join(f'{value:.1f}' for value in newest['load_after'])}. "
        + (
            "**Other work shared the two cores during the run**, so absolute figures are lower and noisier than on "
            "an idle machine; the ratios within one run (page against trivial view, front cache against nginx) are "
            "the fairer comparison."
            if machine["load_before"][0] > 1.5
            else "Nothing else ran on the machine; wrk itself shares its two cores with the servers."
        ),
        "",
        "For scale, the official Wagtail demo on this kind of machine: blog post 96 req/s (SQLite) / 72",
        "(PostgreSQL), index 71 / 48, 22-40 SQL queries and 20-28 ms CPU per page; trivial view about",
        "5,500 req/s; nginx 82-87k req/s.",
        "",
    ]
    lines = [
        line.replace("{d}", str(newest["args"]["duration"])).replace(
            "{r}", str(newest["args"]["runs"])
        )
        for line in lines
    ]
    lines += targets(results)
    for posts in sorted(results):
        report = results[posts]
        lines += [
            f"### Results with {posts:,} posts",
            "",
            f"From `bench/results/{report['file']}`.",
            "",
        ]
        static_rps = report["static"]["c8"]["rps"]
        for name, result in report["databases"].items():
            lines += database_section(
                {"sqlite": "SQLite", "postgres": "PostgreSQL"}.get(name, name), result, static_rps
            )
        weight = next(iter(report["databases"].values()))["pages"]["post"].get("weight")
        if weight:
            parts = ", ".join(
                f"{key} {value / 1024:.1f} KB"
                for key, value in weight.items()
                if key not in ("total", "html_raw")
            )
            lines += [
                f"Post page weight, gzipped: **{weight['total'] / 1024:.1f} KB** ({parts}; the HTML is "
                f"{weight['html_raw'] / 1024:.1f} KB uncompressed). Budget: 50 KB.",
                "",
            ]
        runs = [
            m["runs"]
            for result in report["databases"].values()
            for mode in result["modes"].values()
            for m in mode.values()
            if len(m["runs"]) > 1
        ]
        if runs:
            spread = statistics.median(
                (max(r) - min(r)) / statistics.median(r) for r in runs if statistics.median(r)
            )
            lines += [
                f"Median spread between runs of one page: {100 * spread:.0f}% of the median.",
                "",
            ]
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_report() -> None:
    results = latest_results()
    if not results:
        raise SystemExit("No results in bench/results/: run `make bench` first.")
    section = render(results)
    if DOC.exists():
        text = DOC.read_text()
        if BEGIN in text and END in text:
            before, rest = text.split(BEGIN, 1)
            after = rest.split(END, 1)[1]
            DOC.write_text(before + section.rstrip("\n") + after)
            return
        DOC.write_text(text.rstrip("\n") + "\n\n" + section)
        return
    DOC.write_text("# Benchmarks\n\n" + section)


if __name__ == "__main__":
    write_report()
