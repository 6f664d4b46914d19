"""Named questions over HTTP through `dzkg serve`, and the time a runaway query is allowed before it is stopped.

Builds the Dezhou graph into a temporary folder, starts `dzkg serve` on a free loopback port and runs every named
question N times over HTTP (POST application/sparql-query, SPARQL JSON results; the questions that ask about one
thing get the typical value of benchmarks/queries.py TYPICAL bound as an RDF term). Prints p50 and p95 per question
and the overall p50. Then it sends a runaway query (a three-way cartesian product of the graph) to a server with
--timeout 2 and to one with the default time limit (30 s), and prints the allowed and the measured time until the
503, and how fast a question sent meanwhile was answered. Prints figures only.

Usage: python benchmarks/serve.py [N=20] [--skip-default-timeout]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from queries import TYPICAL

from dzkg import api
from dzkg.sparql import bind, named_queries

ROOT = Path(__file__).resolve().parent.parent
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@contextmanager
def serving(trig: Path, *options: str) -> Iterator[str]:
    """`dzkg serve` on a free port; yields the SPARQL endpoint URL."""
    command = [sys.executable, "-m", "dzkg", "serve", "--graph", str(trig), "--port", "0", "--quiet", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        match = re.search(r"(http://127\.0\.0\.1:\d+/sparql)", process.stdout.readline())
        if not match:
            raise SystemExit("dzkg serve did not start")
        yield match[1]
    finally:
        process.terminate()
        process.wait(30)


def ask(endpoint: str, query: str) -> tuple[int, bytes, float]:
    """POST a query; (status, body, seconds)."""
    request = urllib.request.Request(
        endpoint,
        data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read(), time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.perf_counter() - started


def bound_questions(endpoint: str) -> dict[str, str]:
    """Every named question as the text sent, with TYPICAL values bound (as in benchmarks/queries.py)."""
    first = "SELECT ?o WHERE { ?o a <https://w3id.org/dzkg/ontology#MetricObservation> } ORDER BY ?o LIMIT 1"
    iri = json.loads(ask(endpoint, first)[1])["results"]["bindings"][0]["o"]["value"]
    texts = {}
    for name, named in named_queries().items():
        params = {k: v for k, v in {**TYPICAL, "iri": iri}.items() if k in named.parameters}
        texts[name] = bind(named.text, {k: api._term(v) for k, v in params.items()})
    return texts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def runaway(trig: Path, timeout: float | None) -> None:
    options = ["--timeout", f"{timeout:g}"] if timeout else []
    allowed = timeout or 30.0
    with serving(trig, *options) as endpoint:
        meanwhile: list[float] = []

        def other() -> None:
            time.sleep(0.5)
            meanwhile.append(ask(endpoint, named_queries()["ranks-first-in-province"].text)[2])

        thread = threading.Thread(target=other)
        thread.start()
        status, body, seconds = ask(endpoint, RUNAWAY)
        thread.join()
        print(
            f"runaway query, --timeout {'default ' if timeout is None else ''}{allowed:g} s: allowed {allowed:.1f} s, "
            f"stopped after {seconds:.2f} s (HTTP {status}: {body.decode('utf-8').strip()[:60]}…); "
            f"a named question sent meanwhile answered in {meanwhile[0] * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", type=int, nargs="?", default=20, help="runs of each question (default 20)")
    parser.add_argument("--skip-default-timeout", action="store_true", help="do not wait 30 s for the default limit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        trig = Path(scratch) / "dzkg.trig"
        report = api.build([ROOT / "data" / "briefings"], output=trig)
        print(f"Dezhou graph: {report.quads:,} quads; {args.runs} runs per question over HTTP (loopback, 2 workers)")
        with serving(trig) as endpoint:
            texts = bound_questions(endpoint)
            for text in texts.values():  # warm-up: one run each
                ask(endpoint, text)
            print(f"{'question':<40} {'p50 ms':>8} {'p95 ms':>8} {'rows':>6}")
            everything: list[float] = []
            for name, text in texts.items():
                times = []
                for _ in range(args.runs):
                    status, body, seconds = ask(endpoint, text)
                    if status != 200:
                        raise SystemExit(f"{name}: HTTP {status}: {body[:200]!r}")
                    times.append(seconds)
                rows = len(json.loads(body)["results"]["bindings"])
                everything += times
                p50, p95 = statistics.median(times) * 1000, percentile(times, 0.95) * 1000
                print(f"{name:<40} {p50:>8.1f} {p95:>8.1f} {rows:>6}")
            print(
                f"all {len(texts)} questions: p50 {statistics.median(everything) * 1000:.1f} ms, "
                f"p95 {percentile(everything, 0.95) * 1000:.1f} ms, max {max(everything) * 1000:.1f} ms"
            )
        runaway(trig, 2.0)
        if not args.skip_default_timeout:
            runaway(trig, None)


if __name__ == "__main__":
    main()
