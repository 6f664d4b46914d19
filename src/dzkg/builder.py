"""Stage 7, builder: briefings → named graphs, in parallel and incrementally, for `dzkg build`.

Each briefing runs read → extract → triples in a worker process; its named graph is kept in a cache beside the
output (`<output>.cache/<key>.nq` and `.trig`), keyed by the sha256 of its text, its meta file and dzkg's own
code and data (so a new lexicon or extractor invalidates every entry). A rebuild only converts briefings whose
key is not cached; the TriG is the ordered concatenation of the cached fragments, so a full and an incremental
build give the same bytes. `dzkg.store` then updates the query store with only the graphs that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from dzkg import paths
from dzkg.atomic import write_text
from dzkg.errors import DzkgError, InputError
from dzkg.store import trig_fragment

CACHE_FORMAT = "1"
PARALLEL_FROM = 8
"""Fewer briefings to convert than this are converted in this process (starting workers costs ~1 s)."""


@dataclass(frozen=True)
class Graph:
    """One briefing's named graph, as cached: its key, briefing id, quads and warnings."""

    key: str
    id: str
    quads: int
    warnings: tuple[str, ...] = ()


@dataclass
class Outcome:
    graphs: list[Graph] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    converted: int = 0
    """How many briefings were converted (the others came from the cache)."""


def cache_dir(output: Path) -> Path:
    return Path(output).with_suffix(".cache")


def code_key() -> str:
    """sha256 over dzkg's code, lexicon and ontology: what a cached graph was made with."""
    digest = hashlib.sha256(f"dzkg-cache {CACHE_FORMAT}\n".encode())
    for path in paths.code_files():
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def briefing_key(text: Path, code: str) -> str:
    digest = hashlib.sha256(code.encode())
    for path in (text, text.with_suffix(".meta.json")):
        digest.update(b"\0")
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def convert(files: list[Path], output: Path, *, jobs: int | None, progress: bool) -> Outcome:
    """The named graph of every file (cached or converted now), in file order. Bad files are listed in
    `errors` (the caller decides whether that stops the build); a briefing id used twice is an error."""
    cache = cache_dir(output)
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DzkgError(f"{output}: cannot write here (its cache {cache.name}): {exc.strerror}") from exc
    code = code_key()
    keys = [briefing_key(path, code) for path in files]
    known = {key: _cached(cache, key) for key in set(keys)}
    todo = [(path, key) for path, key in zip(files, keys, strict=True) if known[key] is None]
    outcome = Outcome()
    for (_path, key), result in zip(todo, _run(todo, cache, jobs=jobs, progress=progress), strict=True):
        known[key] = result if isinstance(result, Graph) else None
        if isinstance(result, str):
            outcome.errors.append(result)
        else:
            outcome.converted += 1
    seen: dict[str, Path] = {}
    for path, key in zip(files, keys, strict=True):
        graph = known[key]
        if graph is None:
            continue
        if graph.id in seen:
            outcome.errors.append(str(InputError(path, f"briefing id {graph.id!r} is also used by {seen[graph.id]}")))
            continue
        seen[graph.id] = path
        outcome.graphs.append(graph)
    return outcome


def _cached(cache: Path, key: str) -> Graph | None:
    try:
        data = json.loads((cache / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not ((cache / f"{key}.nq").is_file() and (cache / f"{key}.trig").is_file()):
        return None
    return Graph(key, data["id"], data["quads"], tuple(data["warnings"]))


def _run(todo: list[tuple[Path, str]], cache: Path, *, jobs: int | None, progress: bool) -> Iterator[Graph | str]:
    """Convert `todo` (in order), in worker processes when there are enough of them; a bar on stderr."""
    if not todo:
        return
    workers = jobs or os.cpu_count() or 1
    bar = _bar(len(todo), progress)
    try:
        if workers == 1 or len(todo) < PARALLEL_FROM:
            _init_worker()
            results: Iterator[Graph | str] = (_convert_one(path, key, cache) for path, key in todo)
            for result in results:
                bar.update(1)
                yield result
            return
        paths_, keys = zip(*todo, strict=True)
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
            for result in pool.map(_convert_one, paths_, keys, [cache] * len(todo), chunksize=4):
                bar.update(1)
                yield result
    finally:
        bar.close()


def _bar(total: int, progress: bool):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, unit="briefing", disable=not progress, file=sys.stderr, mininterval=0.5)


_LEXICON = None


def _init_worker() -> None:
    global _LEXICON
    if _LEXICON is None:
        from dzkg import lexicon

        _LEXICON = lexicon.load()


def _convert_one(path: Path, key: str, cache: Path) -> Graph | str:
    """read → extract → triples for one file; its graph goes into the cache (N-Quads and a TriG fragment).
    Returns the cached graph, or the error message of a bad input."""
    from dzkg.extract import extract
    from dzkg.read import read_briefing
    from dzkg.triples import quads

    try:
        document = read_briefing(path)
        lines = sorted(quads(extract(document, _LEXICON), _LEXICON))
    except InputError as exc:
        return str(exc)
    nquads = "".join(lines)
    write_text(cache / f"{key}.nq", nquads)
    write_text(cache / f"{key}.trig", trig_fragment(nquads))
    graph = Graph(key, document.id, len(lines), tuple(document.warnings))
    meta = {"id": graph.id, "quads": graph.quads, "warnings": list(graph.warnings)}
    write_text(cache / f"{key}.json", json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n")
    return graph


def prune(cache: Path, *, keep: set[str]) -> None:
    """Remove cached graphs no longer used by the build (keeping those named in `keep`)."""
    kept_keys = {name.split(".", 1)[0] for name in keep}
    for path in cache.iterdir():
        if path.name.split(".", 1)[0] not in kept_keys:
            path.unlink(missing_ok=True)
