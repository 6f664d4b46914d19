"""Consumer: quality gates on a built graph — SHACL shapes (pySHACL), QC queries, span re-anchoring.

`validate()` returns plain `Problem` records; the CLI turns them into exit code 1 when any has severity
Violation. Shapes and QC queries are read from the ontology directory (`ontology/shapes.ttl`,
`ontology/qc/*-violation.rq`), and figures two briefings state differently are Warnings (the named question
conflicting-values); the data graph is the union of all briefings plus the ontology.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from dzkg import paths
from dzkg.sparql import load_query, named_queries, run

if TYPE_CHECKING:
    import rdflib

_SEVERITY = {"Violation": 3, "Warning": 2, "Info": 1}


@dataclass(frozen=True, slots=True)
class Problem:
    severity: str
    """Violation, Warning or Info."""
    check: str
    """The shape or QC query that found it."""
    focus: str
    message: str


def shacl(trig: Path) -> list[Problem]:
    import pyshacl
    import rdflib

    from dzkg.store import rdflib_graph

    data = rdflib_graph(trig)
    shapes = rdflib.Graph().parse(paths.shapes_file(), format="turtle")
    ontology = rdflib.Graph().parse(paths.ontology_file(), format="turtle")
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=True
    )
    problems = []
    query = """
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?severity ?shape ?focus ?message WHERE {
          ?r a sh:ValidationResult ; sh:resultSeverity ?severity ; sh:focusNode ?focus .
          OPTIONAL { ?r sh:sourceShape ?shape } OPTIONAL { ?r sh:resultMessage ?message } }"""
    for row in report.query(query):
        severity = str(row.severity).rsplit("#", 1)[-1]
        problems.append(Problem(severity, _shape_name(shapes, row.shape), str(row.focus), str(row.message or "")))
    return sorted(problems, key=lambda p: (-_SEVERITY.get(p.severity, 0), p.check, p.focus, p.message))


def _shape_name(shapes: rdflib.Graph, shape: rdflib.term.Node | None) -> str:
    """A shape as `dz:IndicatorShape`, or a property shape (a blank node, whose id changes from run to run) as
    its node shape and path: `dz:IndicatorShape/dz:polarity`."""
    import rdflib

    name = shapes.namespace_manager.normalizeUri
    if shape is None:
        return ""
    if not isinstance(shape, rdflib.BNode):
        return name(shape)
    parent = shapes.value(predicate=rdflib.SH.property, object=shape)
    path = shapes.value(shape, rdflib.SH.path)
    where = name(parent) if isinstance(parent, rdflib.URIRef) else ""
    return f"{where}/{name(path)}" if isinstance(path, rdflib.URIRef) else where


def qc(store: ox.Store) -> list[Problem]:
    problems = []
    for path in sorted(paths.qc_dir().glob("*.rq")):
        named = load_query(path)
        severity = "Violation" if path.stem.endswith("-violation") else "Info"
        result = run(store, named.text)
        for row in result.dicts():
            focus = next(iter(row.values()), "")
            problems.append(Problem(severity, path.stem, focus, "; ".join(f"{k}={v}" for k, v in row.items())))
    return problems + conflicts(store)


def conflicts(store: ox.Store) -> list[Problem]:
    """Two briefings that state different values for one key (indicator, place, period, statistic type …) are
    a Warning: the graph keeps both, each with its sentence, and neither is wrong as a reading of its text. One
    briefing doing so is a Violation (`duplicate-observation-key-violation.rq`): a key too coarse to tell two of
    its facts apart."""
    problems = []
    for row in run(store, named_queries()["conflicting-values"].text).dicts():
        if int(row["briefings"]) > 1:
            where = f"{row['indicator_label']}, {row['place_label']}, {row['start_date']}..{row['end_date']}"
            a, b = (f"{row['value_' + x]} {row['unit_' + x]} ({row['doc_' + x]})" for x in "ab")
            values = f"{a} vs {b}"
            problems.append(Problem("Warning", "conflicting-values", row["indicator_iri"], f"{where}: {values}"))
    return problems


def spans(store: ox.Store, texts: dict[str, str]) -> list[Problem]:
    """Every span's quote, and every number's clause, equals the text between its offsets in the briefing it
    points at. A briefing whose text is not in `texts` fails too: its spans could not be re-anchored."""
    query = """
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX dz: <https://w3id.org/dzkg/ontology#>
        SELECT ?span ?doc ?start ?end ?exact WHERE {
          ?span oa:hasSource/dct:identifier ?doc .
          { ?span oa:hasSelector ?p, ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }
          UNION { ?span dz:clauseStart ?start ; dz:clauseEnd ?end ; dz:clauseText ?exact } }"""
    problems = []
    unchecked: dict[str, int] = {}
    for row in run(store, query).dicts():
        text = texts.get(row["doc"])
        if text is None:
            unchecked[row["doc"]] = unchecked.get(row["doc"], 0) + 1
            continue
        start, end = int(row["start"]), int(row["end"])
        if text[start:end] != row["exact"]:
            problems.append(
                Problem(
                    "Violation",
                    "span-reanchor",
                    row["span"],
                    f"text[{start}:{end}] is {text[start:end]!r}, the quote says {row['exact']!r}",
                )
            )
    for doc, count in sorted(unchecked.items()):
        message = f"{count} span(s) not re-anchored: no text for this briefing among the sources (see --sources)"
        problems.append(Problem("Violation", "span-source-missing", doc, message))
    return problems


def conforms(problems: list[Problem]) -> bool:
    return not any(p.severity == "Violation" for p in problems)
