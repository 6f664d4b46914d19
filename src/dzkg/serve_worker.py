"""Consumer (serve, engine side): the worker processes that answer SPARQL for `dzkg.serve`.

Each worker is a process of its own (spawn start method) holding the persisted Oxigraph store open read-only.
It answers one query at a time: run it, apply the row limit, serialise the complete answer in the negotiated
format, and only then send it back, so a client never receives half an answer. `Pool` hands each query to an
idle worker and waits at most the time limit; a worker still busy then is killed (the only way to stop Oxigraph
in the middle of a query) and replaced, and the caller gets a 503. The guard (`dzkg.sparql.check_safe`) runs in
the HTTP process before a query gets here.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from dzkg.errors import DzkgError
from dzkg.namespace import PREFIXES
from dzkg.sparql import Result, results_json

TEXT = "text/plain; charset=utf-8"
SOLUTION_TYPES = {  # SELECT and ASK answers, in the order preferred when a client accepts several
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {  # CONSTRUCT and DESCRIBE answers
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_TEXTUAL = ("text/", "application/n-triples")
_PREFIXES = {k: str(v) for k, v in PREFIXES.items() if k != "dzid"}  # as in the TriG: dzid: names need escapes


@dataclass(frozen=True)
class Job:
    """One query for a worker: the SPARQL text (already checked), the client's Accept header and the
    protocol dataset (default-graph-uri / named-graph-uri, graphs of the store; empty: the store's own)."""

    query: str
    accept: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A complete HTTP answer: status, content type and the whole body."""

    status: int
    content_type: str
    body: bytes
    rows: int = 0


def error(status: int, message: str) -> Answer:
    return Answer(status, TEXT, (message.rstrip("\n") + "\n").encode("utf-8"))


def negotiate(accept: str, offers: list[str]) -> str | None:
    """The offer the Accept header prefers (q-values; exact type over type/* over */*; ties go to the order of
    `offers`), the first offer when there is no Accept header, None when nothing offered is acceptable."""
    ranges = []
    for part in accept.split(","):
        fields = part.split(";")
        media = fields[0].strip().lower()
        if not media:
            continue
        quality = 1.0
        for field in fields[1:]:
            key, _, value = field.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality))
    if not ranges:
        return offers[0] if offers else None
    best, best_quality = None, 0.0
    for offer in offers:
        kind = offer.split("/")[0] + "/*"
        matches = [(3 if m == offer else 2 if m == kind else 1, q) for m, q in ranges if m in (offer, kind, "*/*")]
        quality = max(matches)[1] if matches else 0.0
        if quality > best_quality:
            best, best_quality = offer, quality
    return best


def answer(store: ox.Store, job: Job, max_rows: int) -> Answer:
    """Run `job` on `store` and serialise the whole answer (or an error answer): never raises."""
    dataset: dict[str, Any] = {}
    if job.default_graphs or job.named_graphs:  # SPARQL Protocol: the given graphs are the whole dataset
        dataset["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        dataset["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.query, **dataset)
        if isinstance(result, ox.QueryTriples):
            return _graph(result, job.accept, max_rows)
        return _solutions(result, job.accept, max_rows)
    except SyntaxError as exc:
        return error(400, f"malformed SPARQL: {exc}")
    except Exception as exc:  # an evaluation error: the client gets the reason, the worker lives on
        return error(500, f"the query failed: {type(exc).__name__}: {exc}")


def _not_acceptable(accept: str, offers: dict[str, object]) -> Answer:
    return error(406, f"none of the accepted types ({accept}) fits this answer; it can be: {', '.join(offers)}")


def _too_many(max_rows: int) -> Answer:
    return error(
        422,
        f"refused: the answer has more than {max_rows:,} rows, the row limit of this endpoint "
        "(header X-Dzkg-Row-Limit); add LIMIT and OFFSET to fetch it in pages",
    )


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith(_TEXTUAL) else media


def _solutions(result: ox.QuerySolutions | ox.QueryBoolean, accept: str, max_rows: int) -> Answer:
    media = negotiate(accept, list(SOLUTION_TYPES))
    if media is None:
        return _not_acceptable(accept, SOLUTION_TYPES)
    wanted = SOLUTION_TYPES[media]
    if isinstance(result, ox.QueryBoolean):
        return Answer(200, _content_type(media), result.serialize(format=wanted), 1)
    columns = tuple(v.value for v in result.variables)
    rows = []
    for solution in result:
        if len(rows) == max_rows:
            return _too_many(max_rows)
        rows.append(tuple(solution[c] for c in columns))
    body = json.dumps(results_json(Result(columns, tuple(rows))), ensure_ascii=False).encode("utf-8")
    if wanted != ox.QueryResultsFormat.JSON:  # the W3C writers of Oxigraph for XML, CSV and TSV
        body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=wanted)
    return Answer(200, _content_type(media), body, len(rows))


def _graph(result: ox.QueryTriples, accept: str, max_rows: int) -> Answer:
    media = negotiate(accept, list(GRAPH_TYPES))
    if media is None:
        return _not_acceptable(accept, GRAPH_TYPES)
    triples = []
    for triple in result:
        if len(triples) == max_rows:
            return _too_many(max_rows)
        triples.append(triple)
    wanted = GRAPH_TYPES[media]
    prefixes = _PREFIXES if wanted in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return Answer(200, _content_type(media), ox.serialize(triples, format=wanted, prefixes=prefixes), len(triples))


def _work(folder: str, max_rows: int, parent: int, conn: Connection) -> None:
    """A worker's life: open the store, say "ready", then answer jobs until the pipe closes."""
    threading.Thread(target=_die_with, args=(parent,), daemon=True).start()
    try:
        store = ox.Store.read_only(folder)
    except OSError as exc:
        conn.send(f"cannot open the query store {folder}: {exc}")
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, job, max_rows))


def _die_with(parent: int) -> None:
    """An orphaned worker (its server was killed) stops at once, even in the middle of a query."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection


class Pool:
    """`size` worker processes on the store in `folder`. `run` answers one job: it waits at most `timeout`
    seconds for an idle worker (503 "busy" after that), then at most `timeout` seconds for the answer; a worker
    over the limit is killed and replaced in the background, and the caller gets a complete 503."""

    def __init__(self, folder: Path, *, size: int = 2, timeout: float = 30.0, max_rows: int = 100_000) -> None:
        if size < 1 or timeout <= 0 or max_rows < 1:
            raise DzkgError("workers, timeout and max-rows must be positive")
        self.folder, self.size, self.timeout, self.max_rows = Path(folder), size, timeout, max_rows
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: dict[int, _Worker] = {}
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start every worker and wait until each holds the store open."""
        starting = [self._spawn() for _ in range(self.size)]
        for worker in starting:
            self._await_ready(worker)
            self._idle.put(worker)

    def run(self, job: Job) -> Answer:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return error(503, f"busy: all {self.size} query workers stayed busy for {self.timeout:g} s; try again")
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                result: Answer = worker.conn.recv()
                self._idle.put(worker)
                return result
        except (EOFError, OSError):
            self._replace(worker)
            return error(500, "the query engine stopped while answering (its worker was replaced)")
        self._replace(worker)
        return error(
            503,
            f"stopped: the query ran longer than the time limit of {self.timeout:g} s (header X-Dzkg-Time-Limit); "
            "narrow it or add LIMIT",
        )

    def close(self) -> None:
        """Kill every worker (a query still running is abandoned)."""
        with self._lock:
            self._closed = True
            workers = list(self._workers.values())
        for worker in workers:
            self._kill(worker)

    def _spawn(self) -> _Worker:
        parent_end, child_end = self._context.Pipe()
        args = (str(self.folder), self.max_rows, os.getpid(), child_end)
        process = self._context.Process(target=_work, args=args, name="dzkg-query-worker", daemon=True)
        with self._lock:
            if self._closed:
                raise DzkgError("the pool is closed")
            process.start()
            worker = _Worker(process, parent_end)
            self._workers[id(worker)] = worker
        child_end.close()
        return worker

    def _await_ready(self, worker: _Worker, limit: float = 120.0) -> None:
        message: object = f"no answer in {limit:g} s"
        try:
            if worker.conn.poll(limit):
                message = worker.conn.recv()
        except (EOFError, OSError):
            message = f"it exited with code {worker.process.exitcode}"
        if message != "ready":
            self._kill(worker)
            raise DzkgError(f"a query worker did not start: {message}")

    def _kill(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.pop(id(worker), None)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def _replace(self, worker: _Worker) -> None:
        self._kill(worker)
        threading.Thread(target=self._restart, daemon=True, name="dzkg-worker-restart").start()

    def _restart(self) -> None:
        for attempt in range(5):
            try:
                worker = self._spawn()
                self._await_ready(worker)
            except DzkgError:
                if self._closed:
                    return
                time.sleep(1 + attempt)
                continue
            self._idle.put(worker)
            return
