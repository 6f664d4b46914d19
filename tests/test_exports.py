"""Exports re-read: RDF formats are isomorphic to the build, the network formats hold the view's network,
the workbook has one sheet per fact family with its sentences; and the Python API for notebooks."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from dzkg import api, export
from dzkg.view import network


def canonical(data: bytes, fmt: ox.RdfFormat, *, union: bool = False) -> set[ox.Quad]:
    """The quads of `data` with blank nodes canonicalised (RDFC), so two serialisations compare as sets."""
    quads = ox.parse(data, format=fmt)
    if union:
        quads = (ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_quad_exports_reread_to_the_same_dataset(fmt: str, dezhou_graph: Path) -> None:
    data = export.rdf_bytes(dezhou_graph, fmt)
    parsed = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    built = canonical(dezhou_graph.read_bytes(), ox.RdfFormat.TRIG)
    assert len(built) > 6000 and canonical(data, parsed) == built
    if fmt == "jsonld":
        assert b"@context" not in data  # nothing to fetch


def test_turtle_export_is_the_union_of_all_graphs(dezhou_graph: Path) -> None:
    data = export.rdf_bytes(dezhou_graph, "ttl")
    assert canonical(data, ox.RdfFormat.TURTLE) == canonical(dezhou_graph.read_bytes(), ox.RdfFormat.TRIG, union=True)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_hold_the_entity_network(fmt: str, dezhou_graph: Path) -> None:
    store = api.open_graph(dezhou_graph)
    data = export.network_bytes(store, fmt)
    graph = nx.read_graphml(io.BytesIO(data)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(data))
    expected = network(store)
    assert graph.number_of_nodes() == expected.number_of_nodes() > 100
    assert graph.number_of_edges() == expected.number_of_edges()
    labels = {d.get("label") for _, d in graph.nodes(data=True)}
    assert "德州市" in labels and "德州泰鼎新材料科技有限公司" in labels


def test_workbook_has_a_sheet_per_fact_family_with_sentences(dezhou_graph: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "dzkg.xlsx"
    export.export(dezhou_graph, api.open_graph(dezhou_graph), "xlsx", out)
    book = load_workbook(out)
    assert book.sheetnames == ["observations", "documents", "designations", "entities"]
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        assert "sentence" in header, sheet.title
        assert sheet.max_row > 3, sheet.title
    observations = book["observations"]
    header = [c.value for c in observations[1]]
    values = [row[header.index("value")] for row in observations.iter_rows(min_row=2, values_only=True)]
    assert 62.8 in values and 178.1 in values  # numbers stay numbers


def test_python_api_rows_frames_and_both_engines_agree(dezhou_graph: Path) -> None:
    rows = api.query("ranks-first-in-province", graph=dezhou_graph)
    frame = api.query_frame("ranks-first-in-province", graph=dezhou_graph)
    assert list(frame.columns) == list(rows[0]) and len(frame) == len(rows) >= 3
    count = "SELECT (COUNT(?o) AS ?n) WHERE { ?o a <https://w3id.org/dzkg/ontology#MetricObservation> }"
    answers = [
        int(next(iter(api.open_dataset(dezhou_graph, engine=e).query(count)))[0]) for e in ("oxigraph", "memory")
    ]
    assert answers[0] == answers[1] == int(api.query(count, graph=dezhou_graph)[0]["n"]) >= 55
