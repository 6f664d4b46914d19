"""Stage 4, store: quads → the build output (TriG) and a persisted Oxigraph store beside it.

`build/dzkg.trig` is the canonical, byte-reproducible output (sorted quads, fixed prefixes). The Oxigraph
store in `build/dzkg.oxigraph/` is a cache for fast SPARQL, rebuilt whenever the TriG's sha256 changes, so
queries never re-parse the graph. Besides the named graphs, the store's default graph holds their RDF merge
(each triple once): queries run on it, so a place or unit described in a thousand briefings does not
multiply every join a thousandfold (Oxigraph's on-the-fly union keeps such duplicates). `rdflib_graph()`
gives the union graph to rdflib-based consumers (SHACL).
"""

from __future__ import annotations

import io
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


def _prefixes() -> dict[str, str]:
    return {k: v for k, v in PREFIXES.items() if k != "dzid"}  # dzid: names would need \/ escapes


def trig_fragment(nquads: str) -> str:
    """One named graph (N-Quads text) in TriG, without the @prefix lines: `write_trig` declares them once."""
    quads = ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    text = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes()).decode("utf-8")
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("@prefix "))


def write_trig(fragments: Iterable[str], path: Path) -> None:
    """The prefixes, then the TriG fragments (one named graph each, in a fixed order), atomically: an error
    while they are produced leaves the previous output untouched."""
    header = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in _prefixes().items())
    with atomic_output(path) as handle:
        handle.write(header.encode("utf-8"))
        for fragment in fragments:
            handle.write(fragment.encode("utf-8"))


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


def _rebuild(trig: Path, folder: Path, print_: Fingerprint, blocks: list[Path] | None = None) -> None:
    """Load the store afresh in a staging folder, then swap it in: from the graphs' N-Quads `blocks` when the
    builder has them, else from the TriG."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    except OSError as exc:
        raise DzkgError(f"{folder}: cannot write the query store: {exc.strerror}") from exc
    try:
        store = ox.Store(str(staging))
        try:
            if blocks is None:
                load(store, trig)
            else:
                load_blocks(store, blocks)
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


def load_blocks(store: ox.Store, blocks: list[Path]) -> None:
    """Like `load`, from N-Quads files of one named graph each, in one bulk load parsed by Oxigraph: each
    block's quads followed by the same lines with the graph name cut off (the merge, as default-graph triples),
    with nothing built in Python per quad."""
    store.bulk_load(_Concatenation(blocks), format=ox.RdfFormat.N_QUADS)


class _Concatenation(io.RawIOBase):
    """The N-Quads files read one after the other, each followed by its lines without their graph name."""

    def __init__(self, blocks: list[Path]) -> None:
        self._chunks = (self._text(path) for path in blocks)
        self._buffer = memoryview(b"")

    @staticmethod
    def _text(path: Path) -> bytes:
        data = path.read_bytes()
        if not data:
            return data
        first = data[: data.index(b"\n") + 1]
        graph = first[first.rindex(b" <", 0, len(first) - 3) :]  # " <graph> .\n", the same on every line
        return data + data.replace(graph, b" .\n")

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = memoryview(chunk)
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]  # a view: no copy of the rest
        return size


def refresh(trig: Path, blocks: list[Path], *, previous: tuple[list[Path], str] | None) -> str:
    """Bring the store of a freshly written `trig` up to date from its graphs' N-Quads `blocks`. When the
    store still holds the previous build (`previous`: its blocks and the sha256 of its TriG) and few graphs
    changed, only those are swapped (named graph out and in, the merge kept exact); otherwise it is reloaded.
    Returns "updated", "reloaded" or "unchanged"."""
    folder = store_dir(trig)
    current = fingerprint(trig)
    stamp = _read_stamp(folder / STAMP)
    old = previous[0] if previous else []
    gone = [p for p in old if p not in set(blocks)]
    new = [p for p in blocks if p not in set(old)]
    in_step = previous is not None and stamp is not None and stamp.sha256 == previous[1]
    if not in_step or len(gone) + len(new) > max(8, len(blocks) // 5):
        _rebuild(trig, folder, current, blocks)
        return "reloaded"
    if gone or new:
        store = ox.Store(str(folder))
        _swap(store, gone, new)
        store.flush()
        del store
    write_text(folder / STAMP, _stamp_text(current))
    return "updated" if gone or new else "unchanged"


def _swap(store: ox.Store, gone: list[Path], new: list[Path]) -> None:
    """Named graphs of `gone` out and of `new` in; a merged triple leaves only when no named graph has it."""
    default = ox.DefaultGraph()
    leaving: set[ox.Triple] = set()
    for path in gone:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
        if quads:
            store.remove_graph(quads[0].graph_name)
        leaving.update(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    for triple in leaving:
        found = store.quads_for_pattern(triple.subject, triple.predicate, triple.object)
        if not any(q.graph_name != default for q in found):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, default))
    for path in new:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
        store.extend(quads)
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)


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
