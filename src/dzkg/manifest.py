"""Stage 0, the build manifest: what a built graph was made from, and whether it is stale.

`dzkg build` writes `<graph>.sources.json` (the sources, every briefing text and meta file with its fingerprint,
and the cached blocks of the build); every command that opens a graph asks `stale` first and rebuilds when a
source changed. Reads only file metadata and the manifest, so a query at 1,000 briefings pays ~30 ms for it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dzkg import paths
from dzkg.atomic import write_text
from dzkg.errors import DzkgError, InputError
from dzkg.fingerprint import Fingerprint, fingerprint


def manifest_path(graph: Path) -> Path:
    return Path(graph).with_suffix(".sources.json")


def _fingerprints(sources: list[Path], recorded: dict[str, object] | None = None) -> dict[str, Fingerprint]:
    """The fingerprint of every briefing text and meta file the sources name (what a rebuild would read);
    a file whose size and mtime are those in `recorded` is not read again. Runs before every query, so a
    directory is listed once (`os.scandir`, whose entries carry their file type) instead of globbed and probed."""
    recorded = recorded or {}
    files: dict[str, Fingerprint] = {}
    for name, info in sorted(_briefing_stats(sources).items()):
        files[name] = fingerprint(Path(name), Fingerprint.from_json(recorded.get(name)), info)
    return files


def _briefing_stats(sources: list[Path]) -> dict[str, os.stat_result]:
    """The texts `api.briefing_files` finds and their meta files, with their stat (an orphan meta file is not read
    by a build, so it is left out)."""
    found: dict[str, os.stat_result] = {}
    for source in map(Path, sources):
        if source.is_dir():
            with os.scandir(source) as listing:
                entries = {entry.name: entry for entry in listing}
            for name, entry in entries.items():
                text = name.removesuffix(".meta.json") + ".txt" if name.endswith(".meta.json") else name
                if text.endswith(".txt") and text in entries:
                    found[str(source / name)] = entry.stat()
        elif source.is_file():
            found[str(source)] = source.stat()
            meta = source.with_suffix(".meta.json")
            if meta.exists():
                found[str(meta)] = meta.stat()
        else:
            raise InputError(source, "no such file or directory")
    if not any(name.endswith(".txt") for name in found):
        raise DzkgError(f"no briefings (*.txt) in {', '.join(map(str, sources))}")
    return found


def write_manifest(graph: Path, sources: list[Path], *, blocks: list[Path] | None = None) -> None:
    """What `graph` was built from (sources and their fingerprints) and the cached blocks of its graphs."""
    files = {name: print_.as_json() for name, print_ in _fingerprints(sources).items()}
    data = {
        "sources": [str(s) for s in sources],
        "files": files,
        "blocks": [p.name for p in blocks or []],
        "trig_sha256": fingerprint(graph).sha256 if blocks else None,
    }
    write_text(manifest_path(graph), json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


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
