#!/usr/bin/env python3
"""kanwu's benchmarks: one table of throughput, scaling, start-up and editor latency.

    python benchmarks/run.py                      # 20 MB corpus, everything
    python benchmarks/run.py --mb 5 --runs 3      # quicker
    python benchmarks/run.py --scaling 5 20 80    # cost against corpus size
    python benchmarks/run.py --json out.json      # also write the table as JSON

Measured (medians of --runs runs, warm caches, on this machine):
- baseline: read every file and run one compiled regex over it (the floor for any linter);
- autocorrect: autocorrect-py's lint_for on every file (pip install autocorrect-py), if installed;
- kanwu --jobs 1 / --jobs 2: the real CLI, default rules, JSON to /dev/null; peak RSS of the run;
- start-up: `kanwu check` on one 10 KB seed page;
- LSP: from a didChange of a 50 KB page to its publishDiagnostics (debounce included).

Timings are never asserted in tests; this script is where they live.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from corpus import generate  # noqa: E402

KANWU = [sys.executable, "-m", "kanwu"]


def corpus_dir(mb: float, seed: int) -> Path:
    out = HERE / "out" / f"corpus-{mb:g}mb-seed{seed}"
    if not (out / ".done").exists():
        generate(out, mb=mb, seed=seed)
        (out / ".done").write_text("ok")
    return out


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.txt"))


def size_mb(files: list[Path]) -> float:
    return sum(p.stat().st_size for p in files) / 1e6


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def baseline(files: list[Path]) -> None:
    pattern = re.compile(r"[,;:()?!]")
    for p in files:
        sum(1 for _ in pattern.finditer(p.read_text(encoding="utf-8")))


def autocorrect(files: list[Path]):
    try:
        import autocorrect_py
    except ImportError:
        return None

    def go():
        for p in files:
            autocorrect_py.lint_for(p.read_text(encoding="utf-8"), str(p))
    return go


_MEASURE = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t0
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": p.returncode, "wall": wall, "cpu": u.ru_utime + u.ru_stime, "rss": u.ru_maxrss,
                  "err": p.stderr.decode(errors="replace")[-500:]}))
"""


def run_cli_rss(args: list[str]) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system of kanwu and its workers) and peak RSS (KiB) of one run.

    A fresh wrapper process runs kanwu, so the kernel's maximum RSS over its children covers
    this run only (the largest single process: the main one or a worker)."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *KANWU, *args], capture_output=True, check=True)
    m = json.loads(out.stdout)
    if m["code"] not in (0, 1):
        raise SystemExit(f"kanwu {' '.join(args)} failed: {m['err']}")
    return m["wall"], m["cpu"], m["rss"]


def kanwu_run(folder: Path, jobs: int, runs: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds over ``runs`` runs, and the largest peak RSS (KiB).

    The peak RSS reported by the kernel for children is the largest single process (the main
    process or one worker), not the sum over the pool."""
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        wall, cpu, peak = run_cli_rss(["check", "--jobs", str(jobs), "--output-format", "json", "--exit-zero",
                                       str(folder)])
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
    return statistics.median(walls), statistics.median(cpus), max(peaks)


def startup(runs: int) -> float:
    page = ROOT / "seeds" / "000_a99d6f3a8a207d3f.txt"
    run_cli_rss(["check", "--exit-zero", str(page)])  # warm caches
    return statistics.median(run_cli_rss(["check", "--exit-zero", str(page)])[0] for _ in range(runs))


def lsp_latency(runs: int) -> float | None:
    try:
        import asyncio

        from lsprotocol import types
        from pygls.lsp.client import LanguageClient
    except ImportError:
        return None
    text = ""
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        text += p.read_text(encoding="utf-8")
    text = text[: 50_000 // 3]  # ~50 KB of UTF-8

    async def session() -> float:
        client = LanguageClient("bench", "1")
        got = asyncio.Event()

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _diags(params):
            got.set()

        await client.start_io(*KANWU, "server")
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())
        uri = "file:///tmp/kanwu-bench.txt"
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
        await got.wait()
        samples = []
        for v in range(2, 2 + runs):
            got.clear()
            t0 = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=v),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text + "," * v)]))
            await got.wait()
            samples.append(time.perf_counter() - t0)
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
        return statistics.median(samples)

    return asyncio.run(session())


def machine() -> str:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node() or 'host'}: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scaling", type=float, nargs="*", help="also run --jobs 1 on corpora of these sizes (MB)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["autocorrect", "jobs2", "startup", "lsp"])
    ap.add_argument("--json", metavar="FILE")
    a = ap.parse_args()

    folder = corpus_dir(a.mb, a.seed)
    files = files_of(folder)
    mb = size_mb(files)
    rows: list[dict] = []

    def row(name: str, seconds: float, rss_kib: int | None = None, note: str = "", cpu: float | None = None) -> None:
        rows.append({"name": name, "seconds": round(seconds, 3), "mb_per_s": round(mb / seconds, 2) if seconds else None,
                     "cpu_seconds": round(cpu, 3) if cpu else None,
                     "mb_per_cpu_s": round(mb / cpu, 2) if cpu else None,
                     "peak_rss_mb": round(rss_kib / 1024, 1) if rss_kib else None, "note": note})

    row("baseline: read + one regex pass", median_time(lambda: baseline(files), a.runs))
    ac = None if "autocorrect" in a.skip else autocorrect(files)
    if ac is not None:
        row("autocorrect-py lint_for", median_time(ac, a.runs))
    wall, cpu, rss = kanwu_run(folder, 1, a.runs)
    row("kanwu check --jobs 1", wall, rss, cpu=cpu)
    if "jobs2" not in a.skip:
        wall2, cpu2, rss2 = kanwu_run(folder, 2, a.runs)
        row("kanwu check --jobs 2", wall2, rss2, f"{wall / wall2:.2f}x --jobs 1 (wall)", cpu=cpu2)
    scaling = []
    for size in a.scaling or []:
        f = corpus_dir(size, a.seed)
        w, c, r = kanwu_run(f, 1, 1)
        scaling.append({"mb": round(size_mb(files_of(f)), 1), "seconds": round(w, 2), "cpu_seconds": round(c, 2),
                        "mb_per_cpu_s": round(size_mb(files_of(f)) / c, 2), "peak_rss_mb": round(r / 1024, 1)})
    extra = {}
    if "startup" not in a.skip:
        extra["startup_seconds_one_10kb_page"] = round(startup(max(5, a.runs)), 3)
    if "lsp" not in a.skip:
        lat = lsp_latency(max(5, a.runs))
        if lat is not None:
            extra["lsp_change_to_diagnostics_seconds_50kb"] = round(lat, 3)

    base = next(r for r in rows if r["name"].startswith("baseline"))["mb_per_s"]
    acr = next((r["mb_per_s"] for r in rows if r["name"].startswith("autocorrect")), None)
    print(f"machine: {machine()}")
    print(f"corpus: {len(files)} files, {mb:.1f} MB ({folder.relative_to(ROOT)})\n")
    print(f"{'':32s} {'wall s':>7s} {'MB/s':>7s} {'cpu s':>7s} {'MB/cpu-s':>9s} {'vs autocorrect':>15s} "
          f"{'vs baseline':>12s} {'peak RSS':>9s}")
    for r in rows:
        vs_ac = f"{r['mb_per_s'] / acr:.2f}x" if acr else "-"
        cpu = f"{r['cpu_seconds']:7.2f}" if r["cpu_seconds"] else "      -"
        per_cpu = f"{r['mb_per_cpu_s']:9.2f}" if r["mb_per_cpu_s"] else "        -"
        rss = f"{r['peak_rss_mb']}M" if r["peak_rss_mb"] else "-"
        print(f"{r['name']:32s} {r['seconds']:7.2f} {r['mb_per_s']:7.2f} {cpu} {per_cpu} {vs_ac:>15s} "
              f"{r['mb_per_s'] / base:11.3f}x {rss:>9s} {r['note']}")
    for s in scaling:
        print(f"scaling: {s['mb']:6.1f} MB in {s['seconds']:7.2f}s wall, {s['cpu_seconds']:7.2f}s cpu = "
              f"{s['mb_per_cpu_s']:.2f} MB/cpu-s, peak RSS {s['peak_rss_mb']} MB")
    for k, v in extra.items():
        print(f"{k}: {v}")
    if a.json:
        Path(a.json).write_text(json.dumps({"machine": machine(), "files": len(files), "mb": round(mb, 2),
                                            "rows": rows, "scaling": scaling, **extra}, indent=2) + "\n")


if __name__ == "__main__":
    main()
