"""Stage 0, the build manifest: what a built graph was made from, and whether it is stale.

`dzkg build` writes `<graph>.sources.json` (the sources, every briefing text and meta file with its fingerprint,
and the cached blocks of the build); every command that opens a graph asks `stale` first and rebuilds when a
source changed. Reads only file metadata and the manifest, so a query at 1,000 briefings pays ~30 ms for it.
`list_sources` decides which files a build reads, for the build and for that check alike.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from dzkg import paths
from dzkg.atomic import write_text
from dzkg.errors import DzkgError, InputError
from dzkg.fingerprint import Fingerprint, fingerprint


def manifest_path(graph: Path) -> Path:
    return Path(graph).with_suffix(".sources.json")


@dataclass
class Sources:
    """What a build of some sources reads: the briefing texts (sorted), every text and meta file it reads (by
    name, with something to `stat()` it: a directory listing's entry costs no extra call), and the meta files
    without their text, which a build refuses (or lists, with --keep-going)."""

    texts: list[Path] = field(default_factory=list)
    reads: dict[str, os.DirEntry[str] | Path] = field(default_factory=dict)
    orphans: list[Path] = field(default_factory=list)


def list_sources(sources: list[Path]) -> Sources:
    """The briefings named by `sources` (files, or directories listed once, not recursively). The one place
    that decides which files a build reads, so that the freshness check before each query sees the same."""
    found = Sources()
    for source in map(Path, sources):
        if source.is_dir():
            with os.scandir(source) as listing:
                entries = {entry.name: entry for entry in listing}
            for name, entry in sorted(entries.items()):
                if name.endswith(".txt"):
                    found.texts.append(source / name)
                    found.reads[str(source / name)] = entry
                elif name.endswith(".meta.json"):
                    if name.removesuffix(".meta.json") + ".txt" in entries:
                        found.reads[str(source / name)] = entry
                    else:
                        found.orphans.append(source / name)
        elif source.name.endswith(".meta.json") and source.is_file():
            raise InputError(source, "a meta file, not a briefing: give its .txt (the meta file is read with it)")
        elif source.is_file():
            found.texts.append(source)
            found.reads[str(source)] = source
            if (meta := source.with_suffix(".meta.json")).exists():
                found.reads[str(meta)] = meta
        else:
            raise InputError(source, "no such file or directory")
    if not found.texts:
        raise DzkgError(f"no briefings (*.txt) in {', '.join(map(str, sources))}")
    found.texts = sorted(set(found.texts))
    return found


def _fingerprints(sources: list[Path], recorded: dict[str, object] | None = None) -> dict[str, Fingerprint]:
    """The fingerprint of every briefing text and meta file the sources name (what a rebuild would read);
    a file whose size and mtime are those in `recorded` is not read again."""
    recorded = recorded or {}
    reads = list_sources(sources).reads
    return {
        name: fingerprint(Path(name), Fingerprint.from_json(recorded.get(name)), reads[name].stat())
        for name in sorted(reads)
    }


def write_manifest(graph: Path, sources: list[Path], *, blocks: list[Path] | None = None) -> None:
    """What `graph` was built from (sources, as absolute paths so that a command run from another directory
    still sees a change, and their fingerprints) and the cached blocks of its graphs."""
    sources = [Path(os.path.abspath(s)) for s in sources]
    files = {name: print_.as_json() for name, print_ in _fingerprints(sources).items()}
    data = {
        "sources": [str(s) for s in sources],
        "files": files,
        "blocks": [p.name for p in blocks or []],
        "trig_sha256": fingerprint(graph).sha256 if blocks else None,
    }
    write_text(manifest_path(graph), json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def built_from(graph: Path) -> list[Path] | None:
    """The sources `graph` was built from, as its manifest records them; None without a manifest."""
    try:
        data = json.loads(manifest_path(Path(graph)).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return [Path(s) for s in data["sources"]]


def stale(graph: Path) -> list[Path] | None:
    """The sources to rebuild `graph` from when it is missing (default graph only) or its sources changed;
    None when it is up to date (or was not built by `dzkg build`)."""
    graph = Path(graph)
    manifest = manifest_path(graph)
    if not graph.exists():
        return [paths.DEFAULT_SOURCES] if graph == paths.DEFAULT_GRAPH and paths.DEFAULT_SOURCES.is_dir() else None
    if not manifest.exists():
        return None
    data = json.loads(manifest.read_text(encoding="utf-8"))
    sources = [Path(s) for s in data["sources"]]
    recorded = data["files"]
    try:
        current = _fingerprints(sources, recorded)
    except DzkgError:
        return None
    same = current.keys() == recorded.keys() and all(
        print_.sha256 == _digest(recorded[name]) for name, print_ in current.items()
    )
    return None if same else sources


def _digest(recorded: object) -> object:
    """A manifest entry's sha256 (older manifests recorded the bare digest)."""
    found = Fingerprint.from_json(recorded)
    return found.sha256 if found else recorded
