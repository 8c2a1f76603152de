#!/usr/bin/env python3
"""Load test of `kennisbank serve` on loopback: 500 requests at once, mixed as visitors and
programs use it (pages, the static search index, the search API with good and bad input).

    .venv/bin/python bench/load.py                 # builds the site first if needed
    .venv/bin/python bench/load.py --requests 500 --concurrency 500

Prints a table: latency p50/p95/max per kind of request, status codes, and the server's
memory (VmRSS) before and after. A goal lives here, not in a timed test.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
MIX = [
    ("page", "/"),
    ("page", "/instrumenten/housing-first/"),
    ("page", "/steden/tilburg/skaeve-huse/"),
    ("page", "/zoeken/"),
    ("page", "/bestaat-niet/"),
    ("index", "/zoekindex/index.json"),
    ("index", "/zoekindex/t/ho.json"),
    ("index", "/zoekindex/facetten.bin"),
    ("api", "/api/search?q=housing%20first"),
    ("api", "/api/search?q=buurt%20protesteert%20tegen%20opvang"),
    ("api", "/api/search?q=&type=practice&city=tilburg"),
    ("api", "/api/search?q=wbmpg&limit=5"),
    ("api bad input", "/api/search?q=%C3%28"),
    ("api bad input", "/api/search?limit=%C2%B2"),
    ("api bad input", "/api/search?q=" + "woning%20" * 80),
    ("api bad input", "/api/search?kleur=rood"),
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def fire(base: str, requests: int, concurrency: int) -> list[tuple[str, int, float]]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=0)
    results: list[tuple[str, int, float]] = []
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def one(kind: str, path: str) -> None:
            async with gate:
                started = time.perf_counter()
                try:
                    status = (await client.get(path)).status_code
                except httpx.HTTPError:
                    status = 0
                results.append((kind, status, (time.perf_counter() - started) * 1000))

        await asyncio.gather(*(one(kind, path) for kind, path in itertools.islice(itertools.cycle(MIX), requests)))
    return results


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=500)
    args = parser.parse_args()
    kennisbank = [sys.executable, "-m", "generator"]
    if not (ROOT / "build" / "site" / "zoekindex" / "index.json").exists():
        subprocess.run(kennisbank + ["build"], cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    # every simulated visitor comes from 127.0.0.1: the per-client share is lifted to the concurrency
    env = dict(os.environ, KENNISBANK_MAX_PER_CLIENT=str(max(args.concurrency, 32)))
    server = subprocess.Popen(
        kennisbank + ["serve", "--no-build", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/api/openapi.json", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        httpx.get(base + "/api/search?q=housing", timeout=10)  # the index in memory, as after the first visitor
        before = rss_mb(server.pid)
        started = time.perf_counter()
        results = asyncio.run(fire(base, args.requests, args.concurrency))
        wall = time.perf_counter() - started
        after = rss_mb(server.pid)
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=15)
    print(f"{args.requests} requests, {args.concurrency} at once, on loopback: {wall:.1f} s in all\n")
    print("| requests | n | p50 (ms) | p95 (ms) | max (ms) | status codes |")
    print("|---|---:|---:|---:|---:|---|")
    kinds = sorted({k for k, _s, _t in results})
    for kind in kinds + ["all"]:
        rows = [r for r in results if kind == "all" or r[0] == kind]
        times = [t for _k, _s, t in rows]
        codes = sorted({s for _k, s, _t in rows})
        counts = ", ".join(f"{c}: {sum(1 for _k, s, _t in rows if s == c)}" for c in codes)
        print(
            f"| {kind} | {len(rows)} | {statistics.median(times):.0f} | {percentile(times, 95):.0f} | "
            f"{max(times):.0f} | {counts} |"
        )
    print(f"\nserver memory (VmRSS): {before:.0f} MB before, {after:.0f} MB after")
    errors = [s for _k, s, _t in results if s == 0 or s >= 500]
    print(f"server errors or failed connections: {len(errors)}; lines on the server's stderr: {len(err.splitlines())}")


if __name__ == "__main__":
    main()
