"""Stage 4, store: quads → the build output (TriG) and a persisted Oxigraph store beside it.

`build/dzkg.trig` is the canonical, byte-reproducible output (sorted quads, fixed prefixes). Two Oxigraph
stores beside it are caches for fast SPARQL, each rebuilt whenever the TriG's sha256 changes, so queries never
re-parse the graph:

- the query store `build/dzkg.oxigraph/` holds the RDF merge of all named graphs (each triple once) as its
  default graph, and nothing else. Every named question runs on it. It is made by `dzkg build` and kept up to
  date graph by graph. One triple costs 3 index entries here, a quad in a named graph 6: holding only the merge
  makes the store about 3x cheaper to load than one with the named graphs too.
- the graph store `build/dzkg.graphs.oxigraph/` holds the named graphs as well (and the same merge as default
  graph). It is made on first use, for queries that name graphs (`GRAPH`, `FROM`, `FROM NAMED`) and for
  `dzkg serve`.

Queries run on the merge rather than on Oxigraph's on-the-fly union, which keeps duplicates: a place or unit
described in a thousand briefings would multiply every join a thousandfold. `rdflib_graph()` gives the union
graph to rdflib-based consumers (SHACL).
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from dzkg import iri
from dzkg.atomic import atomic_output, write_text
from dzkg.errors import DzkgError, InputError
from dzkg.fingerprint import Fingerprint, fingerprint

STAMP = "source.sha256"
GRAPH_NAMES = "graphs.txt"
STORE_FORMAT = "5"
"""Bumped whenever what the store holds changes (2: the default graph holds the merge; 3: compacted after the
load; 4: the stamp records the TriG's size and mtime too; 5: the query store holds the merge only), so old
caches rebuild."""


def _prefixes() -> dict[str, str]:
    from dzkg.namespace import PREFIXES  # imports rdflib: not needed by a query

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


def store_dir(trig: Path, *, named: bool = False) -> Path:
    """The query store's folder (the merge), or with `named` the graph store's (named graphs and merge)."""
    return trig.with_suffix(".graphs.oxigraph" if named else ".oxigraph")


def open_store(trig: Path, *, named: bool = False) -> ox.Store:
    """A read-only Oxigraph store of `trig`: the query store (its default graph the merge of all named graphs),
    or with `named` the graph store (the named graphs too); (re)built when the TriG changed since its load."""
    trig = Path(trig)
    if not trig.is_file():
        raise InputError(trig, "no built graph here; run `dzkg build` first (or pass --graph)")
    folder = store_dir(trig, named=named)
    recorded = _read_stamp(folder / STAMP)
    current = fingerprint(trig, recorded)
    if not _holds(recorded, current):
        _rebuild(trig, folder, current, named=named)
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


def is_fresh(trig: Path, *, named: bool = False) -> bool:
    """Whether the query store (or with `named` the graph store) of `trig` holds it already, so that opening it
    loads nothing (False for a missing TriG)."""
    trig = Path(trig)
    recorded = _read_stamp(store_dir(trig, named=named) / STAMP)
    return trig.is_file() and _holds(recorded, fingerprint(trig, recorded))


def _holds(recorded: Fingerprint | None, current: Fingerprint) -> bool:
    """Whether a store stamped `recorded` was loaded from the TriG whose fingerprint is now `current`."""
    return recorded is not None and current.sha256 == recorded.sha256


def graph_names(trig: Path) -> frozenset[str]:
    """The IRIs of the named graphs of `trig`, as recorded by its query store (build or open it first)."""
    try:
        return _read_names(store_dir(Path(trig)))
    except OSError as exc:
        raise DzkgError(f"{trig}: its query store lists no graphs ({exc.strerror}); run `dzkg build`") from None


def _read_names(folder: Path) -> frozenset[str]:
    return frozenset((folder / GRAPH_NAMES).read_text(encoding="utf-8").split())


def _write_names(folder: Path, names: Iterable[str]) -> None:
    write_text(folder / GRAPH_NAMES, "".join(f"{name}\n" for name in sorted(names)))


def _rebuild(
    trig: Path, folder: Path, print_: Fingerprint, blocks: list[Path] | None = None, *, named: bool = False
) -> None:
    """Load the store afresh in a staging folder, then swap it in: the query store from the graphs' N-Quads
    `blocks` when the builder has them, else (and the graph store always) from the TriG."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    except OSError as exc:
        raise DzkgError(f"{folder}: cannot write the query store: {exc.strerror}") from exc
    try:
        store = ox.Store(str(staging))
        try:
            if named:
                load(store, trig)
            else:
                names = load_merge(store, blocks) if blocks is not None else _load_merge_of_trig(store, trig)
                _write_names(staging, names)
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


def load_merge(store: ox.Store, blocks: list[Path]) -> set[str]:
    """The merge of the named graphs in N-Quads `blocks` (one graph each) as the default graph of `store`, in
    one bulk load parsed by Oxigraph (each block's lines with the graph name cut off; nothing is built in Python
    per quad). Returns the graphs' names."""
    lines = _Concatenation(blocks)
    store.bulk_load(lines, format=ox.RdfFormat.N_QUADS)
    return lines.graphs


def _load_merge_of_trig(store: ox.Store, trig: Path) -> set[str]:
    """Like `load_merge`, from the TriG (a graph copied without its cache: each quad passes through Python)."""
    names: set[str] = set()

    def triples() -> Iterable[ox.Quad]:
        for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
            if isinstance(quad.graph_name, ox.NamedNode):
                names.add(quad.graph_name.value)
            yield ox.Quad(quad.subject, quad.predicate, quad.object)

    store.bulk_extend(triples())
    return names


def _graph_line(data: bytes) -> bytes:
    """The end of every line of one graph's N-Quads: b" <graph> .\n"."""
    first = data[: data.index(b"\n") + 1]
    return first[first.rindex(b" <", 0, len(first) - 3) :]


class _Concatenation(io.RawIOBase):
    """The N-Quads files read one after the other, each without its graph name; `graphs` collects the names."""

    def __init__(self, blocks: list[Path]) -> None:
        self.graphs: set[str] = set()
        self._chunks = (self._text(path) for path in blocks)
        self._buffer = memoryview(b"")

    def _text(self, path: Path) -> bytes:
        data = path.read_bytes()
        if not data:
            return data
        graph = _graph_line(data)
        self.graphs.add(graph[2:-4].decode("utf-8"))
        return data.replace(graph, b" .\n")

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
    """Bring the query store of a freshly written `trig` up to date from its graphs' N-Quads `blocks`. When the
    store still holds the previous build (`previous`: its blocks and the sha256 of its TriG) and few graphs
    changed, only their triples are swapped in the merge; otherwise it is reloaded. The graph store is not
    touched: it is rebuilt when next opened. Returns "updated", "reloaded" or "unchanged"."""
    folder = store_dir(trig)
    current = fingerprint(trig)
    stamp = _read_stamp(folder / STAMP)
    old = previous[0] if previous else []
    now, old_set = set(blocks), set(old)
    gone = [p for p in old if p not in now]
    new = [p for p in blocks if p not in old_set]
    in_step = previous is not None and stamp is not None and stamp.sha256 == previous[1]
    if not in_step or len(gone) + len(new) > max(8, len(blocks) // 5):
        _rebuild(trig, folder, current, blocks)
        return "reloaded"
    if gone or new:
        store = ox.Store(str(folder))
        left, came = _swap(store, gone, new, kept=[p for p in blocks if p in old_set])
        store.flush()
        del store
        _write_names(folder, (_read_names(folder) - left) | came)
    write_text(folder / STAMP, _stamp_text(current))
    return "updated" if gone or new else "unchanged"


def _lines(path: Path) -> tuple[str, set[bytes]]:
    """One graph's N-Quads file → its name and its lines as triples (b"<s> <p> <o> .\n")."""
    data = path.read_bytes()
    if not data:
        return "", set()
    graph = _graph_line(data)
    return graph[2:-4].decode("utf-8"), set(data.replace(graph, b" .\n").splitlines(keepends=True))


def _swap(store: ox.Store, gone: list[Path], new: list[Path], *, kept: list[Path]) -> tuple[set[str], set[str]]:
    """The merge without the triples of `gone` that no other graph states, and with those of `new`. A triple
    about an individual of a gone briefing (`iri.scoped_to`) is stated by no other graph; any other leaving
    triple is looked for in the `kept` graphs. Returns the names of the gone and the new graphs."""
    dropped: dict[str, set[bytes]] = {}
    added: dict[str, set[bytes]] = {}
    for path in gone:
        name, lines = _lines(path)
        dropped[name] = lines
    for path in new:
        name, lines = _lines(path)
        added[name] = lines
    entering = set().union(*added.values())
    leaving: set[bytes] = set()
    unsure: set[bytes] = set()
    for name, lines in dropped.items():
        for line in lines - entering:
            subject = line[1 : line.index(b">")].decode("utf-8") if line.startswith(b"<") else ""
            (leaving if iri.scoped_to(subject, name) else unsure).add(line)
    for path in kept:
        if not unsure:
            break
        data = b"\n" + path.read_bytes()
        unsure = {line for line in unsure if b"\n" + line[:-2] + b"<" not in data}  # line[:-2]: "<s> <p> <o> "
    leaving |= unsure
    for quad in ox.parse(b"".join(sorted(leaving)), format=ox.RdfFormat.N_QUADS):
        store.remove(quad)
    store.load(b"".join(sorted(entering)), format=ox.RdfFormat.N_QUADS)
    return set(dropped), set(added)


def memory_store(trig: Path) -> ox.Store:
    """An in-memory Oxigraph store (no cache on disk), for tests and one-off reads."""
    store = ox.Store()
    load(store, trig)
    return store


def rdflib_graph(trig: Path):  # type: ignore[no-untyped-def]
    """The union of all named graphs as one rdflib Graph (for pySHACL and other rdflib consumers)."""
    import rdflib

    from dzkg.namespace import PREFIXES

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

        return rdflib.Dataset(store=OxigraphStore(store=open_store(trig, named=True)))  # default graph: the merge
    if engine == "memory":
        graph = rdflib.Dataset(default_union=True)
        graph.parse(str(trig), format="trig")
        return graph
    raise DzkgError(f"unknown engine {engine!r} (oxigraph or memory)")
