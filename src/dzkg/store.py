"""Stage 4, store: quads → the build output (TriG) and a persisted Oxigraph store beside it.

`build/dzkg.trig` is the canonical, byte-reproducible output (sorted quads, fixed prefixes). The Oxigraph
store in `build/dzkg.oxigraph/` is a cache for fast SPARQL, rebuilt whenever the TriG's sha256 changes, so
queries never re-parse the graph. Besides the named graphs, the store's default graph holds their RDF merge
(each triple once): queries run on it, so a place or unit described in a thousand briefings does not
multiply every join a thousandfold (Oxigraph's on-the-fly union keeps such duplicates). `rdflib_graph()`
gives the union graph to rdflib-based consumers (SHACL).
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from dzkg.atomic import atomic_output, write_text
from dzkg.errors import DzkgError, InputError
from dzkg.fingerprint import Fingerprint, fingerprint
from dzkg.namespace import PREFIXES

STAMP = "source.sha256"
STORE_FORMAT = "4"
"""Bumped whenever what the store holds changes (2: the default graph holds the merge; 3: compacted after the
load; 4: the stamp records the TriG's size and mtime too), so old caches rebuild."""


def write_trig(graphs: Iterable[str], path: Path) -> None:
    """Stream N-Quads blocks (one named graph each, in a fixed order) into TriG, atomically: an error while
    streaming leaves the previous output untouched."""
    prefixes = {k: v for k, v in PREFIXES.items() if k != "dzid"}  # dzid: names would need \/ escapes
    quads = itertools.chain.from_iterable(
        ox.parse(block.encode("utf-8"), format=ox.RdfFormat.N_QUADS) for block in graphs
    )
    with atomic_output(path) as handle:
        ox.serialize(quads, handle, format=ox.RdfFormat.TRIG, prefixes=prefixes)


def store_dir(trig: Path) -> Path:
    return trig.with_suffix(".oxigraph")


def open_store(trig: Path) -> ox.Store:
    """A read-only Oxigraph store holding `trig`, (re)built when the TriG changed since the last load."""
    trig = Path(trig)
    if not trig.is_file():
        raise InputError(trig, "no built graph here; run `dzkg build` first (or pass --graph)")
    folder = store_dir(trig)
    recorded = _read_stamp(folder / STAMP)
    current = fingerprint(trig, recorded)
    if recorded is None or current.sha256 != recorded.sha256:
        _rebuild(trig, folder, current)
    elif current != recorded:  # touched, same content: remember the new mtime (best effort)
        try:
            write_text(folder / STAMP, _stamp_text(current))
        except OSError:
            pass
    return ox.Store.read_only(str(folder))


def _stamp_text(print_: Fingerprint) -> str:
    return f"{STORE_FORMAT} {print_.sha256} {print_.size} {print_.mtime_ns}\n"


def _read_stamp(stamp: Path) -> Fingerprint | None:
    """The TriG fingerprint the store was loaded from, or None (no store, another store format)."""
    try:
        fields = stamp.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return None
    if len(fields) != 4 or fields[0] != STORE_FORMAT or not fields[2].isdigit() or not fields[3].isdigit():
        return None
    return Fingerprint(fields[1], int(fields[2]), int(fields[3]))


def _rebuild(trig: Path, folder: Path, print_: Fingerprint) -> None:
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    except OSError as exc:
        raise DzkgError(f"{folder}: cannot write the query store: {exc.strerror}") from exc
    try:
        store = ox.Store(str(staging))
        try:
            load(store, trig)
        except SyntaxError as exc:
            raise InputError(trig, f"not valid TriG: {exc}") from None
        # Bulk loading leaves many overlapping files; compacting them makes each index lookup ~6x cheaper.
        store.optimize()
        store.flush()
        del store
        write_text(staging / STAMP, _stamp_text(print_))
        old = folder.with_name(folder.name + ".old")
        if folder.exists():
            shutil.rmtree(old, ignore_errors=True)
            folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def load(store: ox.Store, trig: Path) -> None:
    """The named graphs of `trig`, and their merge as the default graph (the union that queries see)."""
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    merged = (ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    store.bulk_extend(merged)


def memory_store(trig: Path) -> ox.Store:
    """An in-memory Oxigraph store (no cache on disk), for tests and one-off reads."""
    store = ox.Store()
    load(store, trig)
    return store


def rdflib_graph(trig: Path):  # type: ignore[no-untyped-def]
    """The union of all named graphs as one rdflib Graph (for pySHACL and other rdflib consumers)."""
    import rdflib

    quads = ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)
    triples = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.parse(data=triples, format="nt")
    return graph


def dataset(trig: Path, *, engine: str = "oxigraph"):  # type: ignore[no-untyped-def]
    """The built graph under the rdflib API, as an rdflib `Dataset` whose default graph is the union of all
    briefings. engine="oxigraph" (default): backed by the persisted Oxigraph store through oxrdflib, so
    rdflib's `query()` runs on Oxigraph; engine="memory": rdflib's own in-memory store (for comparison)."""
    import rdflib

    if engine == "oxigraph":
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=open_store(trig)))  # its default graph is the merge
    if engine == "memory":
        graph = rdflib.Dataset(default_union=True)
        graph.parse(str(trig), format="trig")
        return graph
    raise DzkgError(f"unknown engine {engine!r} (oxigraph or memory)")
