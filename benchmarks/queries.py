"""Named-question latency at corpus scale, and Oxigraph vs rdflib's in-memory store, side by side.

Builds N synthetic briefings (benchmarks/corpus.py), then for every named question prints the wall time of a
whole `dzkg query NAME` process and of the query in-process on Oxigraph, each the median of --repeat runs, with
the slowest whole-process run beside it (on a shared machine one run can be a third slower than the next). Then
it runs the slowest question on rdflib's memory store (the same SPARQL text, union default graph) side by side:
on the Dezhou graph, where rdflib finishes (an exact ratio), and on the N-briefing graph with a time limit (a
lower bound when rdflib does not finish). Prints figures only.
Questions that ask about one thing (a figure, a place, an indicator, a strategy) are run as they are used, with
a typical value bound (TYPICAL); the others are run whole.

Usage: python benchmarks/queries.py [N=1000] [--rdflib-timeout 600] [--repeat 3] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import generate

from dzkg import api
from dzkg.sparql import NamedQuery, named_queries, run

TYPICAL = {
    "value": "62.8",
    "place": "https://w3id.org/dzkg/id/place/371400",
    "indicator": "新能源發電量",
    "strategy": "https://w3id.org/dzkg/id/strategy/yellow-river",
    "n": "3",
}


def _params(named: NamedQuery, store: object) -> dict[str, str]:
    params = {k: v for k, v in TYPICAL.items() if k in named.parameters}
    if "iri" in named.parameters:
        first = run(store, "SELECT ?o WHERE { ?o a <https://w3id.org/dzkg/ontology#MetricObservation> } LIMIT 1")
        params["iri"] = first.dicts()[0]["o"]
    return params


def _rdflib_worker(trig: str, text: str, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from dzkg.store import dataset

    t0 = time.perf_counter()
    graph = dataset(Path(trig), engine="memory")
    t1 = time.perf_counter()
    rows = len(list(graph.query(text)))
    out.put((t1 - t0, time.perf_counter() - t1, rows))


def _side_by_side_on_dezhou(scratch: Path, name: str) -> None:
    """The slowest question on the Dezhou graph, Oxigraph then rdflib's memory store (each the median of 5), in
    this process."""
    from dzkg.store import dataset

    trig = scratch / "dezhou" / "dzkg.trig"
    api.build([Path(__file__).resolve().parent.parent / "data" / "briefings"], output=trig)
    store = api.open_graph(trig)
    text = named_queries()[name].text
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        rows = len(run(store, text).rows)
        times.append(time.perf_counter() - t0)
    oxigraph = statistics.median(times)
    graph = dataset(trig, engine="memory")
    rdflib_times = []
    for _ in range(5):
        t0 = time.perf_counter()
        same = len(list(graph.query(text)))
        rdflib_times.append(time.perf_counter() - t0)
    rdflib_seconds = statistics.median(rdflib_times)
    print(
        f"Dezhou graph, {name}: Oxigraph {oxigraph * 1000:.1f} ms ({rows} rows), rdflib memory store "
        f"{rdflib_seconds:.2f} s ({same} rows): Oxigraph is {rdflib_seconds / oxigraph:,.0f}x faster"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--rdflib-timeout", type=float, default=600)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each question (default 3; the median counts)")
    parser.add_argument("--workdir", type=Path, help="keep the corpus and its build here (reused when present)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.workdir or Path(scratch)
        sources = folder / "briefings"
        trig = folder / "dzkg.trig"
        if not trig.exists():
            generate(sources, args.count)
            t0 = time.perf_counter()
            report = api.build([sources], output=trig)
            print(f"build {time.perf_counter() - t0:.1f} s, {report.quads:,} quads")
        size = sum(p.stat().st_size for p in sources.glob("*.txt"))
        print(f"corpus: {len(list(sources.glob('*.txt')))} briefings, {size / 1e6:.2f} MB")
        store = api.open_graph(trig)
        print(f"each question {args.repeat} times; a time is the median of its runs, `worst` the slowest run")
        print(f"{'question':<40} {'process s':>9} {'worst':>6} {'in-process s':>12} {'rows':>7}")
        timings = {}
        worst: dict[str, float] = {}
        for name, named in named_queries().items():
            params = _params(named, store)
            bound = [f"--param={k}={v}" for k, v in params.items()]
            command = [sys.executable, "-m", "dzkg", "query", name, "--graph", str(trig), "--format", "csv", *bound]
            inners, wholes = [], []
            for _ in range(args.repeat):  # in-process, then as a whole process, alternately
                t0 = time.perf_counter()
                rows = len(run(store, named.text, {k: api._term(v) for k, v in params.items()}).rows)
                inners.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
                wholes.append(time.perf_counter() - t0)
            timings[name] = (statistics.median(wholes), statistics.median(inners))
            worst[name] = max(wholes)
            whole, inner = timings[name]
            print(f"{name:<40} {whole:>9.2f} {worst[name]:>6.2f} {inner:>12.3f} {rows:>7}  {' '.join(bound)}")
        wholes = [w for w, _ in timings.values()]
        slowest_run = max(worst, key=lambda n: worst[n])
        print(
            f"whole process: median {statistics.median(wholes):.2f} s, max {max(wholes):.2f} s "
            f"(targets: median <= 1 s, max <= 2 s); slowest single run {worst[slowest_run]:.2f} s ({slowest_run})"
        )
        slowest = max(timings, key=lambda n: timings[n][1])
        print(f"slowest in-process on Oxigraph: {slowest} {timings[slowest][1]:.3f} s")
        _side_by_side_on_dezhou(Path(scratch), slowest)
        queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
        worker = multiprocessing.Process(target=_rdflib_worker, args=(str(trig), named_queries()[slowest].text, queue))
        worker.start()
        worker.join(args.rdflib_timeout)
        if worker.is_alive():
            worker.kill()
            print(
                f"rdflib memory store: {slowest} did not finish in {args.rdflib_timeout:.0f} s (load + query): "
                f"ratio >= {args.rdflib_timeout / timings[slowest][1]:,.0f}x"
            )
        else:
            load, seconds, rows = queue.get()
            print(
                f"rdflib memory store: load {load:.1f} s, {slowest} {seconds:.2f} s ({rows} rows): "
                f"Oxigraph is {seconds / timings[slowest][1]:,.0f}x faster on this question"
            )


if __name__ == "__main__":
    main()
