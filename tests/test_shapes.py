"""Every SHACL shape and every QC query has a good fixture it passes and broken fixtures it catches.

Fixtures live in tests/fixtures/shapes/: `common.ttl` is a small valid slice of a built graph that is read
with every fixture; `<Shape>.good.ttl` / `<query-stem>.good.ttl` must be clean against all shapes and all
QC queries; each `<name>.broken*.ttl` must be caught by its own shape (and by no other shape) or return
rows from its own query. A broken fixture whose first line says `severity: Warning` must yield warnings.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS

from dzkg import paths

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
SHAPES_NS = "https://w3id.org/dzkg/shapes#"
DZ_NS = "https://w3id.org/dzkg/ontology#"
QC_FILES = sorted(paths.qc_dir().glob("*.rq"))


@cache
def ontology() -> Graph:
    return Graph().parse(paths.ontology_file(), format="turtle")


@cache
def shapes() -> Graph:
    return Graph().parse(paths.shapes_file(), format="turtle")


def named_shapes() -> list[str]:
    named = [s for s in shapes().subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)]
    return sorted(str(s)[len(SHAPES_NS) :] for s in named)


def fixture_names(kind: str) -> set[str]:
    return {p.name.split(".")[0] for p in FIXTURES.glob(f"*.{kind}*.ttl")}


def broken_fixtures(name: str) -> list[Path]:
    return sorted(FIXTURES.glob(f"{name}.broken*.ttl"))


def data_graph(fixture: Path) -> Graph:
    graph = Graph()
    graph.parse(FIXTURES / "common.ttl", format="turtle")
    graph.parse(fixture, format="turtle")
    return graph


def validate(data: Graph) -> tuple[bool, Graph]:
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes(), ont_graph=ontology(), inference="none", advanced=True
    )
    assert isinstance(results, Graph), results
    return bool(conforms), results


def owning_shape(source: object) -> str:
    """The named node shape a result comes from (property shapes hang off it with sh:property)."""
    node = source
    while not (isinstance(node, URIRef) and str(node).startswith(SHAPES_NS)):
        parent = shapes().value(predicate=SH.property, object=node)
        assert parent is not None, f"result from a shape with no named parent: {source}"
        node = parent
    return str(node)[len(SHAPES_NS) :]


def findings(results: Graph) -> list[tuple[str, str, str]]:
    """(shape, severity, message) of every validation result."""
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        out.append(
            (
                owning_shape(results.value(result, SH.sourceShape)),
                severity,
                str(results.value(result, SH.resultMessage)),
            )
        )
    return sorted(out)


def qc_rows(query: Path, data: Graph) -> list[tuple[object, ...]]:
    graph = Graph()
    for triple in data:
        graph.add(triple)
    for triple in ontology():
        graph.add(triple)
    return [tuple(row) for row in graph.query(query.read_text(encoding="utf-8"))]


def expected_severity(fixture: Path) -> str:
    first = fixture.read_text(encoding="utf-8").splitlines()[0]
    found = re.search(r"severity:\s*(Violation|Warning|Info)", first)
    return found.group(1) if found else "Violation"


def assert_clean(fixture: Path) -> None:
    data = data_graph(fixture)
    conforms, results = validate(data)
    assert conforms, f"{fixture.name}: {findings(results)}"
    for query in QC_FILES:
        assert qc_rows(query, data) == [], f"{fixture.name} returns rows from {query.name}"


# ---------------------------------------------------------------- coverage


def test_every_shape_and_query_has_good_and_broken_fixtures() -> None:
    names = set(named_shapes()) | {q.stem for q in QC_FILES}
    assert named_shapes() and QC_FILES
    assert len(names) == len(named_shapes()) + len(QC_FILES) == len(list(FIXTURES.glob("*.good.ttl")))
    assert fixture_names("good") == names
    assert fixture_names("broken") == names
    assert {p.name for p in FIXTURES.glob("*.ttl")} - {f"{n}.good.ttl" for n in names} - {
        p.name for n in names for p in broken_fixtures(n)
    } == {"common.ttl"}


def test_common_fixture_is_clean() -> None:
    data = Graph().parse(FIXTURES / "common.ttl", format="turtle")
    conforms, results = validate(data)
    assert conforms, findings(results)
    for query in QC_FILES:
        assert qc_rows(query, data) == [], query.name


def test_common_fixture_survives_an_oxigraph_round_trip() -> None:
    """Oxigraph stores integer-derived datatypes as xsd:integer; the shapes must accept what it returns."""
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURES / "common.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    dumped = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    data = Graph().parse(data=dumped.decode("utf-8"), format="nt")
    non_negative = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
    assert non_negative not in {o.datatype for o in data.objects() if isinstance(o, Literal)}
    conforms, results = validate(data)
    assert conforms, findings(results)


# ---------------------------------------------------------------- one test per shape


@pytest.mark.parametrize("shape", named_shapes())
def test_shape_passes_good_and_catches_broken(shape: str) -> None:
    assert_clean(FIXTURES / f"{shape}.good.ttl")
    for fixture in broken_fixtures(shape):
        conforms, results = validate(data_graph(fixture))
        found = findings(results)
        assert not conforms and found, f"{fixture.name} was not caught"
        assert {f[0] for f in found} == {shape}, f"{fixture.name} caught by other shapes: {found}"
        assert {f[1] for f in found} == {expected_severity(fixture)}, f"{fixture.name}: {found}"


# ---------------------------------------------------------------- one test per QC query


@pytest.mark.parametrize("query", QC_FILES, ids=lambda p: p.stem)
def test_qc_query_passes_good_and_catches_broken(query: Path) -> None:
    assert_clean(FIXTURES / f"{query.stem}.good.ttl")
    for fixture in broken_fixtures(query.stem):
        assert qc_rows(query, data_graph(fixture)), f"{query.name} finds nothing in {fixture.name}"


@pytest.mark.parametrize("query", QC_FILES, ids=lambda p: p.stem)
def test_qc_query_gives_same_verdicts_on_oxigraph(query: Path) -> None:
    """The built graph is queried with Oxigraph: the verdict on every fixture must match rdflib's."""
    pyoxigraph = pytest.importorskip("pyoxigraph")
    for fixture in [FIXTURES / f"{query.stem}.good.ttl", *broken_fixtures(query.stem)]:
        store = pyoxigraph.Store()
        for source in (paths.ontology_file(), FIXTURES / "common.ttl", fixture):
            store.load(path=str(source), format=pyoxigraph.RdfFormat.TURTLE)
        found = len(list(store.query(query.read_text(encoding="utf-8"))))
        assert bool(found) == bool(qc_rows(query, data_graph(fixture))), fixture.name


@pytest.mark.parametrize("query", QC_FILES, ids=lambda p: p.stem)
def test_qc_query_is_a_plain_documented_select(query: Path) -> None:
    text = query.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("# ") and comments
    assert re.search(r"[A-Za-z]{4}", comments[0]), "first comment line is English"
    assert any(re.search(r"[\u4e00-\u9fff]", line) for line in comments), "a Chinese comment line"
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    body = re.sub(r'"[^"\n]*"', '""', body)
    for keyword in ("SERVICE", "FROM", "LOAD", "GRAPH"):
        assert not re.search(rf"\b{keyword}\b", body, re.IGNORECASE), keyword
    assert re.search(r"^\s*SELECT\b", body, re.IGNORECASE | re.MULTILINE)
    assert query.stem.endswith("-violation")


# ---------------------------------------------------------------- shapes file hygiene


def test_every_shape_has_an_english_label_or_message() -> None:
    graph = shapes()
    for shape in graph.subjects(RDF.type, SH.NodeShape):
        if isinstance(shape, URIRef):
            assert any(lbl.language == "en" for lbl in graph.objects(shape, RDFS.label)), shape
    for _, prop in graph.subject_objects(SH.property):
        messages = list(graph.objects(prop, SH.message))
        inside_or = any(graph.subjects(RDF.first, p) for p in graph.subjects(SH.property, prop))
        assert inside_or or any(isinstance(m, Literal) and m.language == "en" for m in messages), prop


SCHEME_OF_PATH = {
    DZ_NS + "statType": "StatTypeScheme",
    DZ_NS + "flag": "FlagScheme",
    DZ_NS + "level": "LevelScheme",
    DZ_NS + "category": "DesignationCategoryScheme",
    DZ_NS + "polarity": "PolarityScheme",
    "http://data.europa.eu/eli/ontology#type_document": "DocumentTypeScheme",
}


def test_every_sh_in_list_equals_its_scheme() -> None:
    graph = shapes()
    checked = 0
    for prop, head in graph.subject_objects(SH["in"]):
        path = str(graph.value(prop, SH.path))
        scheme = URIRef(DZ_NS + SCHEME_OF_PATH[path])
        members = set(ontology().subjects(SKOS.inScheme, scheme))
        assert set(Collection(graph, head)) == members, (path, scheme)
        checked += 1
    assert checked >= 8


def test_rank_scope_or_alternatives_are_anonymous() -> None:
    """sh:or members are blank nodes, so they are not counted as shapes that need fixtures."""
    graph = shapes()
    for head in graph.objects(None, SH["or"]):
        assert all(isinstance(member, BNode) for member in Collection(graph, head))


def test_validate_names_each_check_by_its_shape_and_path_the_same_every_run(dezhou_graph: Path) -> None:
    """A property shape is a blank node whose id changes from run to run: it is named `dzsh:Shape/path`."""
    from dzkg import check

    first, second = check.shacl(dezhou_graph), check.shacl(dezhou_graph)
    assert first == second and first, "the Dezhou graph has warnings (indicators without a polarity)"
    assert {p.check for p in first} >= {"dzsh:IndicatorShape/dz:polarity"}, {p.check for p in first}
    assert all(re.fullmatch(r"[\w-]+:\w+(/[\w-]+:\w+)?", p.check) for p in first), {p.check for p in first}
