#!/usr/bin/env python3
"""Benchmark: build, validation and search at today's content, 1,000 and 10,000 entries,
with a plain-MkDocs baseline of the same number of pages in the same run.

    .venv/bin/python bench/run.py                 # today, 1000, 10000 (under 10 minutes)
    .venv/bin/python bench/run.py --sizes today,200   # a quick run

Each size runs in its own process so peak memory is measured per size. Targets are
printed next to the figures; they are goals, not tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))  # the practitioner queries (tests/relevance.py)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(size: str, work: Path) -> dict:
    """Run the whole pipeline on one corpus; called in a child process."""
    from generator import pipeline
    from generator.site import mkdocs_build

    steps: dict[str, float] = {}  # where the benchmark's own time goes, beside the build
    t = time.perf_counter()
    if size == "today":
        content = ROOT / "content"
    else:
        import corpus

        corpus.write(work, int(size))
        content = work / "content"
    steps["corpus"] = time.perf_counter() - t
    project = pipeline.Project(root=ROOT, content=content, docs_dir=work / "docs", site_dir=work / "site")
    out: dict = {"size": size, "steps": steps}
    t = time.perf_counter()
    g, problems = pipeline.validate(project)
    out["validate_s"] = time.perf_counter() - t
    assert not problems.errors, [str(p) for p in problems.errors[:5]]
    out["entries"] = sum(len(v) for v in g.content.records.values())
    from generator.search.documents import documents

    # the full build exactly as `kennisbank build` runs it: the index is written in a second
    # process while related entries, Markdown and the MkDocs site are made
    t = time.perf_counter()
    docs = documents(g)
    writer = pipeline.IndexInBackground(project, g, docs, export=True)  # with the static export, as a build
    related = pipeline.related(g, docs)
    out["related_s"] = time.perf_counter() - t
    t = time.perf_counter()
    stats = pipeline.write_docs(project, g, related)
    out["generate_s"] = time.perf_counter() - t
    out["pages"] = stats["pages"]
    md = [f.stat().st_size for f in project.docs.rglob("*.md")]
    out["md_bytes_avg"] = sum(md) / len(md)
    t = time.perf_counter()
    mkdocs_build.build(ROOT / "mkdocs.yml", project.docs, project.site)
    out["mkdocs_s"] = time.perf_counter() - t
    t = time.perf_counter()
    writer.wait()
    out["index_wait_s"] = time.perf_counter() - t
    out["index_s"] = writer.seconds  # measured inside the second process
    out["static_export_bg_s"] = writer.export_seconds  # the static export, written there after the index
    from generator.search import static

    t = time.perf_counter()
    static.export(project.index, project.site, use_prepared=True)  # moved into the site, as `kennisbank build` does
    out["static_export_s"] = time.perf_counter() - t
    out["total_s"] = (
        out["validate_s"] + out["related_s"] + out["generate_s"] + out["mkdocs_s"] + out["index_wait_s"] + out["static_export_s"]
    )
    t = time.perf_counter()
    out["site_bytes"] = _size(project.site)
    out["static_index_bytes"] = _size(project.site / static.FOLDER)
    out["static_index_files"] = sum(1 for _ in (project.site / static.FOLDER).rglob("*.json"))
    steps["sizes"] = time.perf_counter() - t
    t = time.perf_counter()
    out.update(static_search_payload(project.site))
    steps["static search in Chromium"] = time.perf_counter() - t
    # incremental: one edit, regenerate, count rewritten files (the live preview's work). Skipped at
    # 10,000 entries to keep the command short: the preview target is for today's content.
    t = time.perf_counter()
    if int(out["entries"]) <= INCREMENTAL_MAX:
        out.update(incremental(project, content, related))
    else:
        out["incremental_s"] = out["incremental_written"] = float("nan")
    steps["incremental"] = time.perf_counter() - t
    out["peak_mb"] = _peak_mb_of_this_process()  # the build's process
    t = time.perf_counter()
    out.update(queries_in_a_fresh_process(project, docs, work))
    steps["queries and API"] = time.perf_counter() - t
    t = time.perf_counter()
    out["preview_s"] = preview_latency(content, work) if size == "today" else float("nan")
    steps["preview"] = time.perf_counter() - t
    return out


def static_search_payload(site_dir: Path) -> dict:
    """Bytes a visitor downloads per query and keystroke-to-results time (bench/payload.py)."""
    import payload
    from relevance import CLASS_QUERIES, QUERIES

    if not payload.available():
        return dict.fromkeys(PAYLOAD_KEYS, float("nan"))
    queries = [q for q, _ in QUERIES[::11]]  # a dozen kinds of question, names, English, typos, compounds
    queries += [q for q, _ in CLASS_QUERIES[::6]]  # and issue 20's classes, long descriptions among them
    return payload.measure(site_dir, queries)


PAYLOAD_KEYS = (
    "header_first_bytes",
    "header_first_gzip",
    "header_next_median_bytes",
    "header_next_max_bytes",
    "header_next_max_gzip",
    "keystroke_ms_median",
    "keystroke_ms_max",
    "page_first_bytes",
    "page_next_median_bytes",
    "page_next_max_bytes",
)
INCREMENTAL_MAX = 2000
PREVIEW_EDITS = 3


def incremental(project, content: Path, related: dict) -> dict:
    from generator import pipeline

    out = {}
    first = sorted((content / "barriers").glob("*.yaml"))[0]
    original = first.read_text(encoding="utf-8")
    try:
        import yaml

        data = yaml.safe_load(original)
        data["summary"] = "Bijgewerkt. " + data["summary"]
        first.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        t = time.perf_counter()
        session = pipeline.BuildSession(project, pipeline.Caches(related=related))  # what the live preview does
        inc = pipeline.generate(session, write_index=False)
        out["incremental_s"] = time.perf_counter() - t
        out["incremental_written"] = inc.docs["written"]
    finally:
        first.write_text(original, encoding="utf-8")
    return out


def queries_in_a_fresh_process(project, docs: list, work: Path) -> dict:
    """Query latency and API bytes measured as the search server meets them: in a process
    that holds only the index, not the build's graph (whose heap would slow Python's GC)."""
    rnd = random.Random(7)
    titles = [d.title for d in docs]
    queries = []
    for _ in range(150):
        title = rnd.choice(titles)
        words = title.split()
        kind = rnd.random()
        if kind < 0.4:
            queries.append(title)
        elif kind < 0.7:
            queries.append(rnd.choice(words))
        else:
            w = rnd.choice(words)
            queries.append(w[:2] + w[3:2:-1] + w[2] + w[4:] if len(w) > 4 else w)  # a transposition typo
    spec = work / "queries.json"
    spec.write_text(json.dumps({"index": str(project.index), "site": str(project.site), "queries": queries}))
    return _run_self("--queries", str(spec))


def _run_self(*args: str, env: dict | None = None) -> dict:
    """Run this script in a fresh process and return the JSON its last line prints."""
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_queries(spec_file: str) -> dict:
    from starlette.testclient import TestClient

    from generator.search.engines import open_engine
    from generator.app.server import create_app

    spec = json.loads(Path(spec_file).read_text())
    queries = spec["queries"]
    out = {}
    # the API's engine (whoosh), and the other engine it could read: the site's static tables, read in
    # Python (search/static.py), over the same queries
    for name, eng in (
        ("query", open_engine(Path(spec["index"]))),
        ("static", open_engine(Path(spec["site"]) / "zoekindex", "static")),
    ):
        for q in queries[:10]:
            eng.search(q)  # warm up
        latencies = []
        for q in queries:
            t = time.perf_counter()
            eng.search(q, limit=10)
            latencies.append((time.perf_counter() - t) * 1000)
        eng.close()
        latencies.sort()
        out[f"{name}_p50_ms"] = statistics.median(latencies)
        out[f"{name}_p95_ms"] = latencies[int(len(latencies) * 0.95) - 1]
    # bytes a visitor downloads per query from the API
    with TestClient(create_app(Path(spec["site"]), Path(spec["index"]))) as client:
        sizes = [len(client.get("/api/search", params={"q": q, "limit": 10}).content) for q in queries[:50]]
    out["api_bytes_per_query"] = statistics.mean(sizes)
    out["api_bytes_max"] = max(sizes)
    out["search_mb"] = _peak_mb_of_this_process()
    return out


def _peak_mb_of_this_process() -> float:
    """VmHWM: the peak of this process image. (ru_maxrss would keep the parent's peak across exec.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def preview_latency(content: Path, work: Path) -> float:
    """Seconds from saving a YAML edit until the live preview serves the changed page."""
    import socket
    import urllib.request

    import yaml

    copy = work / "preview" / "content"
    shutil.copytree(content, copy)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "preview",
            "--port",
            str(port),
            "--content",
            str(copy),
            "--docs-dir",
            str(work / "preview" / "docs"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        target = sorted((copy / "barriers").glob("*.yaml"))[0]
        url = f"http://127.0.0.1:{port}/belemmeringen/{target.stem}/"

        def page() -> str:
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    return r.read().decode("utf-8")
            except OSError:
                return ""

        deadline = time.monotonic() + 180
        while not page() and time.monotonic() < deadline:
            time.sleep(0.2)
        original = yaml.safe_load(target.read_text(encoding="utf-8"))
        seconds = []
        for attempt in range(PREVIEW_EDITS):  # the median of a few edits, each a new text
            time.sleep(1.0)  # let the watcher settle
            marker = f"Voorbeeldwijziging-{attempt}-{int(time.time())}"
            data = dict(original, summary=marker + " " + original["summary"])
            started = time.monotonic()
            target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            while marker not in page():
                if time.monotonic() - started > 60:
                    return float("nan")
                time.sleep(0.05)
            seconds.append(time.monotonic() - started)
        print("preview, edit -> page (s): " + ", ".join(f"{s:.2f}" for s in seconds), file=sys.stderr)
        return statistics.median(seconds)
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def baseline(pages: int, work: Path, page_bytes: float, steps: dict) -> dict:
    """Plain MkDocs: the same number of plain Markdown pages, of the same average size,
    with the same theme and nav layout (overviews in the nav, leaf pages not)."""
    import corpus

    started = time.perf_counter()
    w = corpus.Writer(seed=5)
    docs = work / "docs"
    sections = ["instrumenten", "steden", "belemmeringen", "organisaties", "achtergrond"]
    for s in sections:
        (docs / s).mkdir(parents=True, exist_ok=True)
        (docs / s / "index.md").write_text(f"# {s}\n\n{w.markdown(1)}", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\n" + w.markdown(2), encoding="utf-8")
    for i in range(max(0, pages - len(sections) - 1)):
        s = sections[i % len(sections)]
        text = f"# {w.name(3)}\n\n{w.sentence(16)}\n"
        section = 0
        while len(text.encode("utf-8")) < page_bytes:
            section += 1
            text += f"\n## Paragraaf {section}\n\n{w.markdown(2)}"
        (docs / s / f"pagina-{i:05d}.md").write_text(text, encoding="utf-8")
    import yaml

    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = dict(ours["theme"], custom_dir=str(ROOT / ours["theme"]["custom_dir"]))
    config = {  # the same theme, plugins, Markdown extensions and validation as the real site
        "site_name": "Baseline",
        "docs_dir": str(docs),
        "site_dir": str(work / "site"),
        "theme": theme,
        "plugins": ours["plugins"],
        "markdown_extensions": ours["markdown_extensions"],
        "validation": ours["validation"],
        "extra": ours.get("extra", {}),  # the footer names the licence
        "nav": [{"Home": "index.md"}] + [{s.capitalize(): f"{s}/index.md"} for s in sections],
        "not_in_nav": "\n".join(f"/{s}/*.md" for s in sections),
    }
    steps["baseline pages"] = time.perf_counter() - started
    cfg = work / "mkdocs.yml"
    cfg.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], check=True, cwd=work)
    return {"baseline_s": time.perf_counter() - t, "baseline_pages": pages}


def _scratch() -> str | None:
    """Work folders in memory (tmpfs) when the machine has room there: the benchmark is about
    computing, and both our build and the baseline then write their sites to the same place."""
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and shutil.disk_usage(shm).free > 4 * 1024**3:
            return str(shm)
    except OSError:
        pass
    return None


def child(size: str) -> dict:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"bench-{size}-", dir=_scratch()) as tmp:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        data = _run_self("--one", size, "--work", tmp, env=env)
        t = time.perf_counter()
    data["steps"]["clean up"] = time.perf_counter() - t
    with tempfile.TemporaryDirectory(prefix=f"bench-base-{size}-", dir=_scratch()) as tmp:
        data.update(baseline(data["pages"], Path(tmp), data["md_bytes_avg"], data["steps"]))
    data["steps"]["all"] = time.perf_counter() - started
    return data


ROWS = [
    ("entries", "entries", "{:.0f}"),
    ("pages", "pages", "{:.0f}"),
    ("validate_s", "validate (s)", "{:.2f}"),
    ("related_s", "related entries (s)", "{:.2f}"),
    ("generate_s", "generate Markdown (s)", "{:.2f}"),
    ("mkdocs_s", "MkDocs build (s)", "{:.2f}"),
    ("index_s", "whoosh index build, in its own process (s)", "{:.2f}"),
    ("index_wait_s", "waiting for the index after MkDocs (s)", "{:.2f}"),
    ("static_export_bg_s", "static search index export, in the index's process (s)", "{:.2f}"),
    ("static_export_s", "static search index moved into the site (s)", "{:.2f}"),
    ("total_s", "full build, wall (s)", "{:.2f}"),
    ("ms_per_entry", "full build per entry (ms)", "{:.2f}"),
    ("baseline_s", "plain MkDocs, same pages (s)", "{:.2f}"),
    ("ratio", "ratio full build / plain MkDocs", "{:.2f}"),
    ("ratio_mkdocs", "ratio our MkDocs stage / plain MkDocs", "{:.2f}"),
    ("peak_mb", "peak memory of the build (MB)", "{:.0f}"),
    ("search_mb", "memory of the search process (MB)", "{:.0f}"),
    ("site_mb", "site size (MB)", "{:.1f}"),
    ("static_index_kb", "static search index on disk (KB)", "{:.0f}"),
    ("static_index_files", "static search index files", "{:.0f}"),
    ("header_first_kb", "search box: first query incl. library (KB)", "{:.1f}"),
    ("header_first_gzip_kb", "search box: first query, gzip (KB)", "{:.1f}"),
    ("header_next_median_kb", "search box: next query, median (KB)", "{:.1f}"),
    ("header_next_max_kb", "search box: next query, max (KB)", "{:.1f}"),
    ("header_next_max_gzip_kb", "search box: next query, max, gzip (KB)", "{:.1f}"),
    ("page_first_kb", "search page: open + first query incl. facets (KB)", "{:.1f}"),
    ("page_next_max_kb", "search page: next query, max (KB)", "{:.1f}"),
    ("keystroke_ms_median", "keystroke → results, median (ms)", "{:.0f}"),
    ("keystroke_ms_max", "keystroke → results, max (ms)", "{:.0f}"),
    ("query_p50_ms", "query p50 (ms)", "{:.1f}"),
    ("query_p95_ms", "query p95 (ms)", "{:.1f}"),
    ("static_p50_ms", "static tables read in Python: query p50 (ms)", "{:.1f}"),
    ("static_p95_ms", "static tables read in Python: query p95 (ms)", "{:.1f}"),
    ("api_bytes_per_query", "API bytes per query (mean)", "{:.0f}"),
    ("api_bytes_max", "API bytes per query (max)", "{:.0f}"),
    ("incremental_s", "preview: regenerate after one edit (s)", "{:.2f}"),
    ("incremental_written", "Markdown files rewritten", "{:.0f}"),
    ("preview_s", "preview: edit saved → page served, median of 3 (s)", "{:.2f}"),
]


def table(results: list[dict]) -> str:
    for r in results:
        r["ms_per_entry"] = r["total_s"] / r["entries"] * 1000
        r["ratio"] = r["total_s"] / r["baseline_s"]
        r["ratio_mkdocs"] = r["mkdocs_s"] / r["baseline_s"]
        r["site_mb"] = r["site_bytes"] / 1e6
        r["static_index_kb"] = r["static_index_bytes"] / 1000
        for key in (
            "header_first",
            "header_first_gzip",
            "header_next_median",
            "header_next_max",
            "header_next_max_gzip",
            "page_first",
            "page_next_max",
        ):
            value = r.get(key + "_bytes", r.get(key, float("nan")))
            r[key + "_kb"] = value / 1000
    head = "| measure | " + " | ".join(str(r["size"]) for r in results) + " |"
    lines = [head, "|---|" + "---:|" * len(results)]
    for key, label, fmt in ROWS:
        lines.append(f"| {label} | " + " | ".join("–" if r[key] != r[key] else fmt.format(r[key]) for r in results) + " |")
    return "\n".join(lines)


def targets(results: list[dict]) -> str:
    by = {str(r["size"]): r for r in results}
    out = []

    def line(ok, text):
        out.append(f"- [{'x' if ok else ' '}] {text}")

    if "1000" in by and "10000" in by:
        growth = by["10000"]["ms_per_entry"] / by["1000"]["ms_per_entry"]
        line(growth <= 1.5, f"linear: cost per entry at 10,000 is {growth:.2f}x that at 1,000 (target ≤ 1.5)")
    if "10000" in by:
        line(by["10000"]["total_s"] < 60, f"full build of 10,000 entries: {by['10000']['total_s']:.1f} s (target < 60 s)")
        line(by["10000"]["query_p95_ms"] < 20, f"query p95 at 10,000: {by['10000']['query_p95_ms']:.1f} ms (target < 20 ms)")
    worst_ratio = max(r["ratio"] for r in results)
    line(worst_ratio <= 1.3, f"ratio to plain MkDocs: worst {worst_ratio:.2f} (target ≤ 1.3)")
    worst_api = max(r["api_bytes_max"] for r in results)
    line(worst_api < 20_000, f"API payload: largest {worst_api / 1000:.1f} KB (target < 20 KB)")
    biggest = max(results, key=lambda r: r["entries"])
    if biggest["header_first_kb"] == biggest["header_first_kb"]:
        line(
            biggest["header_first_kb"] < 300 and biggest["page_first_kb"] < 300,
            f"static search, first query at {biggest['size']}: box {biggest['header_first_kb']:.0f} KB, "
            f"search page {biggest['page_first_kb']:.0f} KB (target < 300 KB)",
        )
        line(
            max(biggest["header_next_max_kb"], biggest["page_next_max_kb"]) < 50,
            f"static search, next query at {biggest['size']}: "
            f"max {max(biggest['header_next_max_kb'], biggest['page_next_max_kb']):.1f} KB (target < 50 KB)",
        )
    if "today" in by and by["today"]["keystroke_ms_max"] == by["today"]["keystroke_ms_max"]:
        line(
            by["today"]["keystroke_ms_max"] < 300,
            f"keystroke → results today: median {by['today']['keystroke_ms_median']:.0f} ms, "
            f"worst {by['today']['keystroke_ms_max']:.0f} ms (target < 300 ms)",
        )
    worst_mem = max(r["peak_mb"] for r in results)
    line(worst_mem < 2048, f"peak memory: {worst_mem:.0f} MB (target < 2 GB)")
    if "today" in by:
        t = by["today"]
        line(
            t["incremental_written"] < t["pages"] / 4,
            f"one edit rewrites only the Markdown that changed (today): {t['incremental_written']:.0f} of {t['pages']:.0f} files",
        )
        line(by["today"]["preview_s"] < 2, f"live preview shows an edit (today): {by['today']['preview_s']:.2f} s (target < 2 s)")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="today,1000,10000")
    parser.add_argument("--one")
    parser.add_argument("--work")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--queries", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, Path(args.work))))
        return
    if args.queries:
        print(json.dumps(run_queries(args.queries)))
        return
    results = []
    command_started = time.perf_counter()
    for size in args.sizes.split(","):
        started = time.perf_counter()
        print(f"… {size}", file=sys.stderr, flush=True)
        results.append(child(size))
        steps = results[-1]["steps"]
        build = results[-1]["total_s"] + results[-1]["baseline_s"]
        print(
            f"  {size}: {time.perf_counter() - started:.0f} s: builds {build:.0f} s, "
            + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items() if k != "all"),
            file=sys.stderr,
            flush=True,
        )
    print(table(results))
    print()
    print(targets(results))
    minutes = (time.perf_counter() - command_started) / 60
    full = {"today", "1000", "10000"} <= {str(r["size"]) for r in results}
    if full:
        print(f"- [{'x' if minutes < 10 else ' '}] the whole command: {minutes:.1f} min (target < 10 min)")
    else:
        print(f"- the whole command: {minutes:.1f} min")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
