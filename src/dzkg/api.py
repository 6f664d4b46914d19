"""The public Python API: build, open, query, validate, explain (the CLI and the notebooks call these).

Orchestrates the stages in their one direction: read → extract → triples → store, then the consumers.
Functions take keyword-only options and return plain values; nothing here prints or exits.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from dzkg import paths
from dzkg.atomic import write_text
from dzkg.errors import DzkgError, InputError
from dzkg.manifest import list_sources, manifest_path, stale, write_manifest

if TYPE_CHECKING:
    from dzkg.sparql import Result

ONTOLOGY_GRAPH = "https://w3id.org/dzkg/ontology"


@dataclass
class BuildReport:
    output: Path
    briefings: list[str] = field(default_factory=list)
    quads: int = 0
    errors: list[str] = field(default_factory=list)
    """One message per bad input (with --keep-going); without it the first error is raised."""
    warnings: list[str] = field(default_factory=list)
    converted: int = 0
    """Briefings converted in this build (the others came from the cache)."""
    store: str = ""
    """What happened to the query store: "reloaded", "updated" (only changed graphs swapped) or "unchanged"."""


def briefing_files(sources: list[Path], *, problems: list[str] | None = None) -> list[Path]:
    """The `.txt` briefings named by `sources` (files, or directories searched non-recursively), sorted. A meta
    file without its text is an error, or, when a `problems` list is given, noted there (--keep-going)."""
    found = list_sources(sources)
    for meta in found.orphans:
        orphan = InputError(meta, "a meta file without its briefing text (.txt)")
        if problems is None:
            raise orphan
        problems.append(str(orphan))
    return found.texts


def build(
    sources: list[Path] | None = None,
    *,
    output: Path = paths.DEFAULT_GRAPH,
    keep_going: bool = False,
    jobs: int | None = None,
    progress: bool = False,
) -> BuildReport:
    """Read, extract and convert every briefing (in `jobs` processes, default one per core; briefings whose
    text, meta and dzkg version are unchanged come from the cache beside the output), write the TriG (to a
    temporary file, then renamed), then bring the query store up to date, swapping only the graphs that
    changed when it can. A bad file raises `InputError`, unless `keep_going`: then it is listed in
    `report.errors` and the rest is built. When no briefing could be read, the previous output is kept."""
    from dzkg import builder, store

    report = BuildReport(Path(output))
    chosen = list(sources or [paths.DEFAULT_SOURCES])
    orphans: list[str] = []
    files = briefing_files(chosen, problems=orphans if keep_going else None)
    if report.output.is_char_device() or report.output.is_block_device():
        raise InputError(report.output, "cannot write here: a device (the store and cache go beside the TriG)")
    written = {report.output.resolve(), manifest_path(report.output).resolve()}
    for text in files:
        if overwritten := {text.resolve(), text.with_suffix(".meta.json").resolve()} & written:
            raise InputError(report.output, f"the build would overwrite its input {min(overwritten)}")
    cache = builder.cache_dir(report.output)
    new_cache = not cache.exists()
    outcome = builder.convert(files, report.output, jobs=jobs, progress=progress)
    if outcome.errors and not keep_going:
        if new_cache:  # nothing is left behind by a build that wrote nothing
            shutil.rmtree(cache, ignore_errors=True)
        raise DzkgError(outcome.errors[0])
    report.errors = orphans + outcome.errors
    if not outcome.graphs:
        return report
    ontology = "".join(sorted(ontology_quads()))
    fragments = itertools.chain(
        ((cache / f"{g.key}.trig").read_text(encoding="utf-8") for g in outcome.graphs),
        [store.trig_fragment(ontology)],
    )
    previous = _previous_build(report.output)
    store.write_trig(fragments, report.output)
    report.briefings = [g.id for g in outcome.graphs]
    report.warnings = [w for g in outcome.graphs for w in g.warnings]
    report.quads = sum(g.quads for g in outcome.graphs) + ontology.count("\n")
    report.converted = outcome.converted
    blocks = [cache / f"{g.key}.nq" for g in outcome.graphs]
    ontology_block = cache / f"ontology-{hashlib.sha256(ontology.encode()).hexdigest()[:16]}.nq"
    if not ontology_block.exists():
        write_text(ontology_block, ontology)
    report.store = store.refresh(report.output, [*blocks, ontology_block], previous=previous)
    write_manifest(report.output, chosen, blocks=[*blocks, ontology_block])
    builder.prune(cache, keep={p.name for p in [*blocks, ontology_block]})
    return report


def _previous_build(graph: Path) -> tuple[list[Path], str] | None:
    """The cached blocks of the graph's previous build and the sha256 of the TriG it wrote (None when unknown
    or no longer cached)."""
    import json

    from dzkg.builder import cache_dir

    try:
        data = json.loads(manifest_path(graph).read_text(encoding="utf-8"))
        names, digest = data["blocks"], data["trig_sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    blocks = [cache_dir(graph) / name for name in names]
    return (blocks, digest) if blocks and all(p.is_file() for p in blocks) else None


def ontology_quads() -> list[str]:
    """The ontology as N-Quads lines in its own named graph (queries can read labels and notations)."""
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    quads = (
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE)
    )
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines(keepends=True)


def open_graph(graph: Path = paths.DEFAULT_GRAPH, *, refresh: bool = True, named: bool = False) -> ox.Store:
    """The query store of a built graph (an Oxigraph store cached next to the TriG, whose default graph is the
    merge of all briefings), or with `named` the graph store (the briefings' named graphs too; made on first
    use). With `refresh`, a graph that is missing (the default one) or whose source files changed since
    `dzkg build` is rebuilt first."""
    from dzkg.store import open_store

    graph = paths.graph_file(graph)
    sources = stale(graph) if refresh else None
    if sources is not None:
        build(sources, output=graph)
    return open_store(graph, named=named)


def query(
    name_or_sparql: str, *, graph: Path = paths.DEFAULT_GRAPH, params: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """Run a named question (or SPARQL text) and return rows as {column: string}."""
    return query_result(name_or_sparql, graph=graph, params=params).dicts()


def query_result(
    name_or_sparql: str,
    *,
    graph: Path = paths.DEFAULT_GRAPH,
    params: dict[str, str] | None = None,
    on_wait: Callable[[], None] | None = None,
) -> Result:
    """Like `query`, but the `dzkg.sparql.Result` with RDF terms (for W3C JSON and typed values). `on_wait` is
    called before a query that names graphs waits for the graph store to be made."""
    from dzkg.sparql import run

    return run(*_prepared(name_or_sparql, graph, params, on_wait))


def query_serialized(
    name_or_sparql: str,
    fmt: str,
    *,
    graph: Path = paths.DEFAULT_GRAPH,
    params: dict[str, str] | None = None,
    on_wait: Callable[[], None] | None = None,
) -> bytes | Result:
    """The answer as W3C SPARQL 1.1 results CSV, TSV or JSON bytes (`fmt`), written by Oxigraph; a graph answer
    (CONSTRUCT, DESCRIBE), which has no such format, as the `Result` of `query_result`."""
    from dzkg.sparql import run_serialized

    return run_serialized(*_prepared(name_or_sparql, graph, params, on_wait), fmt)


def _prepared(
    name_or_sparql: str, graph: Path, params: dict[str, str] | None, on_wait: Callable[[], None] | None = None
) -> tuple[ox.Store, str, dict[str, ox.NamedNode | ox.Literal]]:
    """The store to ask (the graph store when the query names graphs), the query text and its bound terms."""
    from dzkg.sparql import check_safe, named_queries, names_graphs
    from dzkg.store import graph_names, is_fresh

    named = named_queries()
    text = named[name_or_sparql].text if name_or_sparql in named else name_or_sparql
    bound = {}
    for key, value in (params or {}).items():
        try:
            bound[key] = _term(value)
        except ValueError as exc:  # pyoxigraph's reason: a bad IRI code point, an empty language subtag
            raise DzkgError(f"parameter ?{key}: {value!r} is not a valid IRI or literal: {exc}") from None
    store = open_graph(graph)
    if names_graphs(text):  # refused or not before the graph store is made
        check_safe(text, graph_names(paths.graph_file(graph)))
        if on_wait is not None and not is_fresh(paths.graph_file(graph), named=True):
            on_wait()
        store = open_graph(graph, refresh=False, named=True)
    return store, text, bound


def query_frame(name_or_sparql: str, *, graph: Path = paths.DEFAULT_GRAPH, params: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Like `query`, as a pandas DataFrame (needs the `notebooks` extra: pip install 'dzkg[notebooks]')."""
    try:
        import pandas
    except ImportError:
        raise DzkgError("pandas is not installed: pip install 'dzkg[notebooks]'") from None
    result = query_result(name_or_sparql, graph=graph, params=params)
    return pandas.DataFrame(result.dicts(), columns=list(result.columns))


def open_dataset(graph: Path = paths.DEFAULT_GRAPH, *, engine: str = "oxigraph"):  # type: ignore[no-untyped-def]
    """The built graph as an rdflib Dataset (union default graph): Oxigraph-backed, or rdflib's memory store."""
    from dzkg.store import dataset

    return dataset(paths.graph_file(graph), engine=engine)


def _term(value: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term: <iri> or http(s)/urn IRIs as IRIs; anything else a plain literal."""
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if value.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(value)
    if "@" in value and value.rsplit("@", 1)[1].replace("-", "").isalpha() and value.startswith('"'):
        text, lang = value.rsplit("@", 1)
        return ox.Literal(text.strip('"'), language=lang)
    return ox.Literal(value)


def fact_sheet(*, graph: Path = paths.DEFAULT_GRAPH) -> list[dict[str, str]]:
    from dzkg.facts import fact_rows

    return fact_rows(open_graph(graph))


def validate(*, graph: Path = paths.DEFAULT_GRAPH, sources: list[Path] | None = None) -> list:  # type: ignore[type-arg]
    """SHACL, QC queries and span re-anchoring; returns `check.Problem`s (Violations fail)."""
    from dzkg import check

    store = open_graph(graph)
    texts = briefing_texts(graph, sources)
    return check.shacl(paths.graph_file(graph)) + check.qc(store) + check.spans(store, texts)


def briefing_texts(graph: Path, sources: list[Path] | None = None) -> dict[str, str]:
    """The decoded texts, by briefing id, of the briefings `sources` names; without `sources`, of those the
    graph was built from (its manifest), or else of the project's briefings."""
    from dzkg.manifest import built_from
    from dzkg.read import read_briefing

    if sources is not None:
        chosen = list(sources)
        if not chosen:
            raise DzkgError("no sources: name the briefing files or directories the graph was built from")
    else:
        chosen = built_from(paths.graph_file(graph)) or [paths.DEFAULT_SOURCES]
        for gone in (path for path in chosen if not path.exists()):
            raise InputError(gone, "the graph was built from it and it is gone; name the briefings with --sources")
    return {document.id: document.text for document in map(read_briefing, briefing_files(chosen))}


def stats(*, graph: Path = paths.DEFAULT_GRAPH) -> dict[str, object]:
    from dzkg.sparql import run

    store = open_graph(graph)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    triples = int(run(store, count).dicts()[0]["n"])
    by_class = run(
        store,
        """
        PREFIX dz: <https://w3id.org/dzkg/ontology#>
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(dz:)))
          FILTER(STRSTARTS(STR(?s), "https://w3id.org/dzkg/id/")) }
        GROUP BY ?class ORDER BY DESC(?n) ?class""",
    ).dicts()
    briefings = run(
        store, "PREFIX dz: <https://w3id.org/dzkg/ontology#> SELECT (COUNT(?b) AS ?n) WHERE { ?b a dz:Briefing }"
    ).dicts()[0]["n"]
    return {
        "triples": triples,
        "briefings": int(briefings),
        "classes": {row["class"].rsplit("#", 1)[-1]: int(row["n"]) for row in by_class},
    }


def explain(needle: str, *, graph: Path = paths.DEFAULT_GRAPH) -> list[dict[str, str]]:
    """The sentence behind a fact: by observation/entity IRI, or every fact whose clause holds TEXT (when no
    clause does, every fact whose sentence does)."""
    from dzkg.sparql import load_query, run

    if not needle.strip():
        raise DzkgError("give an IRI, or text to look for in the clauses")
    text = load_query(paths.queries_dir() / "source-of-a-figure.rq").text
    if needle.startswith(("http://", "https://", "<")):
        try:
            iri = ox.NamedNode(needle.strip("<>"))
        except ValueError as exc:
            raise DzkgError(f"{needle!r} is not a valid IRI: {exc}") from None
        return run(open_graph(graph), text, {"iri": iri}).dicts()
    rows = run(open_graph(graph), text).dicts()
    return [row for row in rows if needle in row["quote"]] or [row for row in rows if needle in row["sentence"]]


class Evaluation(dict[str, float | int]):
    """What `evaluate` returns: the summary as a dict (gold, rows, precision, recall, f1, one
    `<field>_accuracy` per field of `dzkg.evaluate.FIELDS`, and `area_accuracy` with `area_scored` when the gold
    names places), with the findings behind it as lists of lines:
    `misses` (gold facts not found), `extras` (rows matching no gold fact) and `wrong` (fields that differ)."""

    def __init__(self, summary: dict[str, float | int], *, misses: list[str], extras: list[str], wrong: list[str]):
        super().__init__(summary)
        self.misses = misses
        self.extras = extras
        self.wrong = wrong


def evaluate_gold(
    gold: list[Path], *, graph: Path = paths.DEFAULT_GRAPH, sources: list[Path] | None = None
) -> Evaluation:
    """Precision, recall, F1 and field accuracies of the built graph's fact sheet against gold JSONL files, each
    named `<briefing-id>.jsonl` after a briefing among `sources` (default: those the graph was built from)."""
    from dzkg.evaluate import evaluate, read_gold_files, rows_by_doc, summary
    from dzkg.facts import fact_rows, observation_places
    from dzkg.sparql import named_queries, run

    gold_files = read_gold_files(gold)  # first: a missing, unreadable or repeated gold file is named before any build
    if sources is not None and not list(sources):
        raise DzkgError("no sources: name the briefing files or directories the gold files annotate")
    store = open_graph(graph)
    texts = briefing_texts(graph, sources)
    places = observation_places(store)
    by_doc = rows_by_doc([row | places[row["iri"]] for row in fact_rows(store)])
    held = {row["doc"] for row in run(store, named_queries()["briefings"].text).dicts()}  # the graph's briefings
    total = evaluate(gold_files, texts, by_doc, held, graph=paths.graph_file(graph))
    return Evaluation(summary(total), misses=total.misses, extras=total.extras, wrong=total.wrong)


def diff(a: Path, b: Path) -> dict[str, object]:
    """What changed from `a` to `b`, each a built graph (a .trig, used as built: it is not rebuilt) or briefings
    (a .txt file or a directory, built into a temporary directory first): new, changed and dropped observations,
    matched by key (indicator, place, period, statistic type, base unit; programme, target), and new and dropped
    entities, matched by IRI, each with its mentions and sentences. See `dzkg.changes.compare` for the lists; `a`
    and `b` are returned as given. A missing or unusable path raises `InputError` naming it."""
    import tempfile

    from dzkg.changes import compare
    from dzkg.store import open_store

    def side(path: Path, work: Path) -> ox.Store:
        if not path.exists():
            raise InputError(path, "no such file or directory")
        if path.is_file() and path.suffix == ".trig":
            return open_store(path)
        if path.is_dir() or path.suffix == ".txt":
            output = work / "dzkg.trig"
            build([path], output=output)
            return open_store(output)
        raise InputError(path, "neither a built graph (.trig) nor briefings (a .txt file or a directory)")

    a, b = Path(a), Path(b)
    with tempfile.TemporaryDirectory(prefix="dzkg-diff-") as tmp:
        first = side(a, Path(tmp) / "a")
        second = first if a.resolve() == b.resolve() else side(b, Path(tmp) / "b")
        lists = compare(first, second)
        del first, second  # close both stores before their temporary directory goes
    return {"a": str(a), "b": str(b), **lists}
