"""Golden graphs: each case's briefing must build to exactly its expected graph (isomorphic, graph by graph).

Set DZKG_REGENERATE=1 to rewrite the expected files after an intended change (then review the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from dzkg import api

CASES = sorted(p for p in (Path(__file__).parent / "golden").iterdir() if p.is_dir())


def graphs(trig: Path) -> dict[str, Graph]:
    """Named graph IRI → rdflib Graph of its triples (parsed with Oxigraph, compared with rdflib)."""
    out: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        if str(quad.graph_name) == f"<{api.ONTOLOGY_GRAPH}>":
            continue  # the ontology is tested on its own
        out.setdefault(str(quad.graph_name), []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    result = {}
    for name, triples in out.items():
        graph = Graph()
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        result[name] = graph
    return result


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_graph(case: Path, tmp_path: Path) -> None:
    built = tmp_path / "dzkg.trig"
    api.build([case / "briefing.txt"], output=built)
    expected_path = case / "expected.trig"
    if os.environ.get("DZKG_REGENERATE") == "1":
        quads = [
            q
            for q in ox.parse(path=str(built), format=ox.RdfFormat.TRIG)
            if str(q.graph_name) != f"<{api.ONTOLOGY_GRAPH}>"
        ]
        expected_path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    actual, expected = graphs(built), graphs(expected_path)
    assert sorted(actual) == sorted(expected)
    for name in expected:
        if not isomorphic(actual[name], expected[name]):
            _, only_actual, only_expected = graph_diff(to_isomorphic(actual[name]), to_isomorphic(expected[name]))
            pytest.fail(
                f"{case.name} {name}: +{len(only_actual)} -{len(only_expected)} triples\n"
                f"+ {sorted(map(str, only_actual))[:5]}\n- {sorted(map(str, only_expected))[:5]}"
            )


def test_every_case_has_an_expected_graph() -> None:
    assert CASES and all((case / "expected.trig").is_file() for case in CASES)
