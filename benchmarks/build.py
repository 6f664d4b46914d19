"""Build benchmark at corpus scale (issue 8): for each corpus size, a full build, Oxigraph loading the resulting
TriG on its own, and an incremental rebuild after one briefing changed, side by side. Prints figures only.

For each N: generates N synthetic briefings (benchmarks/corpus.py, both scripts), then prints the build's wall
time, text MB/s, quads/s, the peak RSS of its largest process, the store's size on disk, the time Oxigraph takes
just to bulk-load the TriG into an empty store (and the build's multiple of it), and the incremental rebuild's
wall time and share of the full build. `make bench` runs it for 100 and 1,000 briefings, then
benchmarks/queries.py for the named questions' latency and the rdflib comparison.

Usage: python benchmarks/build.py [N ...] [--workdir DIR] [--jobs J]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from corpus import generate

_PEAK = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
)


def _build(sources: Path, trig: Path, jobs: int | None) -> tuple[float, int, int]:
    """Wall seconds, the peak RSS (KiB) of the largest process and the quads of one `dzkg build`."""
    command = [sys.executable, "-m", "dzkg", "build", str(sources), "-o", str(trig), "--no-progress"]
    if jobs:
        command += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    quads = int(re.search(r"(\d+) quads", done.stdout)[1])  # type: ignore[index]
    return seconds, int(done.stdout.split()[-1]), quads


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench(count: int, folder: Path, jobs: int | None) -> None:
    sources, trig = folder / "briefings", folder / "dzkg.trig"
    if not sources.is_dir():
        generate(sources, count)
    for stale in (trig, trig.with_suffix(".oxigraph"), trig.with_suffix(".cache"), trig.with_suffix(".sources.json")):
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
    text = sum(p.stat().st_size for p in sources.glob("*.txt")) / 1e6
    full, rss, quads = _build(sources, trig, jobs)
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        store = ox.Store(scratch)
        t0 = time.perf_counter()
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        store.flush()
        load = time.perf_counter() - t0
        del store
    changed = sorted(sources.glob("*.txt"))[count // 2]
    changed.write_text(changed.read_text(encoding="utf-8") + "全市新增綠色工廠3家。\n", encoding="utf-8")
    incremental, rss_incremental, _ = _build(sources, trig, jobs)
    print(
        f"{count} briefings ({text:.2f} MB of text, {quads:,} quads): build {full:.1f} s wall = "
        f"{text / full:.3f} MB/s, "
        f"{quads / full:,.0f} quads/s; peak RSS {rss / 1024:,.0f} MiB (largest process); store "
        f"{_size(trig.with_suffix('.oxigraph')) / 1e6:,.0f} MB, TriG {trig.stat().st_size / 1e6:,.0f} MB\n"
        f"  Oxigraph bulk-loading the TriG alone: {load:.1f} s -> the build takes {full / load:.1f}x that\n"
        f"  incremental rebuild after changing {changed.name}: {incremental:.1f} s = "
        f"{100 * incremental / full:.1f} % of the full build (peak RSS {rss_incremental / 1024:,.0f} MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("counts", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--workdir", type=Path, help="keep corpora and builds here (DIR/N/); default a temp dir")
    parser.add_argument("--jobs", type=int, help="worker processes for dzkg build (default one per core)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.workdir or Path(scratch)
        for count in args.counts:
            bench(count, root / str(count), args.jobs)


if __name__ == "__main__":
    main()
