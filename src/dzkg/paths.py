"""Where dzkg finds its shipped files (ontology, shapes, QC queries, lexicon, named queries).

Shared by every stage; the only module that knows the on-disk layout. In a wheel the ontology and the
lexicon are copied inside the package (`dzkg/ontology`, `dzkg/lexicon`); in a source checkout or an
editable install they are read from the repository's top-level `ontology/` and `data/lexicon/`.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = PACKAGE_DIR.parent.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"none of these directories exists: {', '.join(map(str, candidates))}")


def ontology_dir() -> Path:
    """The directory holding dzkg.ttl, shapes.ttl and qc/."""
    return _first_existing(PACKAGE_DIR / "ontology", _REPO_DIR / "ontology")


def lexicon_dir() -> Path:
    """The directory holding the curated lexicon tables."""
    return _first_existing(PACKAGE_DIR / "lexicon", _REPO_DIR / "data" / "lexicon")


def ontology_file() -> Path:
    return ontology_dir() / "dzkg.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def qc_dir() -> Path:
    return ontology_dir() / "qc"


def queries_dir() -> Path:
    """Named SPARQL questions shipped inside the package."""
    return PACKAGE_DIR / "queries"


DEFAULT_SOURCES = Path("data/briefings")
DEFAULT_GRAPH = Path("build/dzkg.trig")


def graph_file(graph: Path | str) -> Path:
    """A built graph named by its TriG file, or by the directory that holds it under the default name
    (`--graph build` is `build/dzkg.trig`, `--graph .` is `./dzkg.trig`)."""
    path = Path(graph)
    return path / DEFAULT_GRAPH.name if path.is_dir() else path


def code_files() -> list[Path]:
    """What a briefing's graph is made with: dzkg's modules, the lexicon tables and the ontology (the build
    cache is keyed on them)."""
    found = [*PACKAGE_DIR.rglob("*.py"), *lexicon_dir().glob("*.tsv"), ontology_file()]
    return sorted(p for p in found if "__pycache__" not in p.parts)
