"""Network analytics (dzkg.network, `dzkg stats --network`) and the view's data without a browser: centralities,
communities, the briefing's pillars and the entities that connect them; focus and class selection, aggregation
of large views, deterministic output, and the notebook display helper (dzkg.notebook)."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from dzkg import api, network, notebook, view
from dzkg.errors import DzkgError
from dzkg.sparql import run
from tests.cli_helpers import dzkg

DEZHOU_CITY = "https://w3id.org/dzkg/id/place/371400"


@pytest.fixture(scope="module")
def dezhou(dezhou_graph: Path) -> ox.Store:
    return api.open_graph(dezhou_graph)


@pytest.fixture(scope="module")
def analysis(dezhou: ox.Store) -> dict[str, object]:
    return network.analyse(dezhou)


# ---------------------------------------------------------------------------------------------- centralities


@pytest.mark.parametrize("kind", ["degree", "betweenness"])
def test_top_ten_centralities_are_labelled_and_ranked(analysis: dict[str, object], kind: str) -> None:
    top: list[dict[str, object]] = analysis[kind]  # type: ignore[assignment]
    assert len(top) == 10
    assert top[0]["label"] == "德州市" and top[0]["iri"] == DEZHOU_CITY, top[0]
    scores = [float(e["score"]) for e in top]  # type: ignore[arg-type]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1] >= 0
    assert all(e["label"] and e["class"] in view.ENTITY_CLASSES for e in top), top


def test_centralities_match_networkx_on_the_view_network(dezhou: ox.Store, analysis: dict[str, object]) -> None:
    graph = network.undirected(view.network(dezhou))
    assert analysis["nodes"] == graph.number_of_nodes() and analysis["edges"] == graph.number_of_edges()
    expected = nx.betweenness_centrality(graph)
    for entry in analysis["betweenness"]:  # type: ignore[attr-defined]
        assert entry["score"] == pytest.approx(expected[entry["iri"]], abs=1e-6)


def test_communities_are_deterministic_disjoint_and_modular(dezhou: ox.Store) -> None:
    graph = network.undirected(view.network(dezhou))
    first, second = network.communities(graph), network.communities(graph)
    assert first == second
    groups: list[dict[str, object]] = first["communities"]  # type: ignore[assignment]
    sizes = [g["size"] for g in groups]
    assert sizes == sorted(sizes, reverse=True) and min(sizes) >= 2 and len(groups) >= 5  # type: ignore[type-var]
    members = [m for g in groups for m in g["members"]]  # type: ignore[attr-defined]
    assert len(members) == len(set(members))
    assert first["modularity"] > 0.3  # type: ignore[operator]
    assert "德州市" in groups[0]["top"]  # type: ignore[operator]


# ---------------------------------------------------------------------------------------------- pillars


def test_dezhou_has_three_pillars_each_a_title_with_its_subtitle(dezhou: ox.Store) -> None:
    pillars = network.pillars(dezhou)["dezhou-2025-09-03"]
    assert [p["index"] for p in pillars] == [1, 2, 3]
    for pillar in pillars:
        title, _, subtitle = str(pillar["label"]).partition(" · ")
        assert title.startswith("著力推進") and subtitle, pillar["label"]
        assert len(pillar["sections"]) >= 4, pillar  # title, subtitle and its numbered sections  # type: ignore[arg-type]
    sections = [s for p in pillars for s in p["sections"]]  # type: ignore[attr-defined]
    assert len(sections) == len(set(sections)) == 15


def test_entities_connecting_pillars(dezhou: ox.Store, analysis: dict[str, object]) -> None:
    bridges: dict[str, object] = analysis["pillar_bridges"]  # type: ignore[assignment]
    entities: list[dict[str, object]] = bridges["entities"]  # type: ignore[assignment]
    city = [e for e in entities if e["iri"] == DEZHOU_CITY]
    assert city and city[0]["pillars"] == [1, 2, 3] and city[0]["label"] == "德州市"
    assert all(len(e["pillars"]) >= 2 for e in entities)  # type: ignore[arg-type]
    where = {s: p["index"] for p in network.pillars(dezhou)["dezhou-2025-09-03"] for s in p["sections"]}  # type: ignore[attr-defined]
    for entity in entities:  # every bridge, re-derived from its own spans' sections
        sparql = f"""PREFIX dz: <https://w3id.org/dzkg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT DISTINCT ?sec WHERE {{ <{entity["iri"]}> dz:mentionedIn ?b ;
              prov:wasDerivedFrom/dz:inSection ?sec }}"""
        found = sorted({where[r["sec"]] for r in run(dezhou, sparql).dicts() if r["sec"] in where})
        assert found == entity["pillars"], entity
    not_bridges = {"地熱能", "新材料"} - {e["label"] for e in entities}
    assert len(not_bridges) < 2, "expected industries named under two pillars"


_SECTIONS_TTL = """
@prefix dz: <https://w3id.org/dzkg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/dzkg/id/> .
id:b dct:identifier "b" .
"""


def _section(name: str, level: int, start: int, spans: int) -> str:
    text = f'id:{name} a dz:Section ; dz:sectionOf id:b ; dz:headingLevel {level} ; rdfs:label "{name}" ; '
    text += f"prov:wasDerivedFrom [ oa:hasSelector [ oa:start {start} ] ] .\n"
    return text + "".join(f"id:{name}-span{i} dz:inSection id:{name} .\n" for i in range(spans))


def test_pillar_rule_joins_a_bare_title_to_its_subtitle_only() -> None:
    """Level 1 with no text then level 1 again = one pillar (title · subtitle); a level-1 section with text of
    its own followed by another level 1 = two pillars; sections before the first level 1 belong to none."""
    turtle = _SECTIONS_TTL + "".join(
        [
            _section("intro", 2, 0, 3),
            _section("t1", 1, 10, 0),
            _section("s1", 1, 20, 0),
            _section("a", 2, 30, 4),
            _section("t2", 1, 40, 2),
            _section("t3", 1, 50, 1),
            _section("c", 2, 60, 1),
        ]
    )
    store = ox.Store()
    store.load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    pillars = network.pillars(store)["b"]
    assert [(p["index"], p["label"]) for p in pillars] == [(1, "t1 · s1"), (2, "t2"), (3, "t3")]
    assert [len(p["sections"]) for p in pillars] == [3, 1, 2]  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------- CLI


def test_stats_network_prints_centralities_communities_and_bridges(dezhou_graph: Path, tmp_path: Path) -> None:
    text = dzkg("stats", "--network", "--graph", dezhou_graph, cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    for heading in (
        "== degree centrality (top 10) ==",
        "== betweenness centrality",
        "== communities (louvain",
        "== pillars: 1 briefing(s)",
        "dezhou-2025-09-03\t1\t著力推進產業體系現代化 · 強化高質量發展核心支撐",
        "== entities connecting two or more pillars: ",
    ):
        assert heading in text.stdout, (heading, text.stdout)
    assert re.search(r"^1,2,3\t德州市\tCity\tdezhou-2025-09-03$", text.stdout, re.M), text.stdout
    as_json = dzkg("stats", "--network", "--json", "--graph", dezhou_graph, cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    result = json.loads(as_json.stdout)
    assert result["classes"]["City"] >= 1 and result["network"]["degree"][0]["label"] == "德州市"
    assert result["network"]["pillar_bridges"]["entities"][0]["pillars"] == [1, 2, 3]


# ---------------------------------------------------------------------------------------------- view data


def test_focus_depth_and_class_selection(dezhou: ox.Store) -> None:
    whole = view.network(dezhou)
    near = view.select(whole, focus=DEZHOU_CITY, depth=1)
    assert set(near) == {DEZHOU_CITY, *whole.successors(DEZHOU_CITY), *whole.predecessors(DEZHOU_CITY)}
    assert set(view.select(whole, focus="德州市", depth=0)) == {DEZHOU_CITY}
    assert view.select(whole, focus="Dezhou", depth=1).graph["focus"] == DEZHOU_CITY
    cities = view.select(whole, classes=["city", "County"])
    assert {d["cls"] for _, d in cities.nodes(data=True)} == {"City", "County"}
    with pytest.raises(DzkgError, match="unknown class Town"):
        view.select(whole, classes=["Town"])
    with pytest.raises(DzkgError, match="no entity"):
        view.select(whole, focus="https://w3id.org/dzkg/id/place/nowhere")
    data = view.vis_data(near)
    assert data["focus"] == DEZHOU_CITY and len(data["nodes"]) == len(near)  # type: ignore[arg-type]


def test_cli_view_rejects_unknown_class_and_focus(dezhou_graph: Path, tmp_path: Path) -> None:
    for args in (["--class", "Town"], ["--focus", "nowhere"], ["--focus", "德州市", "--depth", "-1"]):
        result = dzkg("view", "--graph", dezhou_graph, "-o", tmp_path / "v.html", *args, cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (args, result.stderr)
    result = dzkg("view", "--graph", dezhou_graph, "-o", tmp_path / "v.html", "--focus", DEZHOU_CITY,
                  "--class", "City", "Indicator", "--lang", "en", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.search(r"wrote .*: (\d+) nodes", result.stderr)


def test_large_views_start_with_the_most_central_entities(dezhou: ox.Store) -> None:
    graph = view.network(dezhou)
    data = view.vis_data(graph, aggregate_above=50, initial_top=20)
    nodes: list[dict[str, object]] = data["nodes"]  # type: ignore[assignment]
    assert len(nodes) == len(graph) and len(data["initial"]) == 20  # type: ignore[arg-type]
    ranked = sorted(nodes, key=lambda n: -float(n["centrality"]))  # type: ignore[arg-type]
    assert DEZHOU_CITY in data["initial"] and ranked[0]["id"] == DEZHOU_CITY  # type: ignore[operator]
    assert view.vis_data(graph)["initial"] is None


def test_observations_are_facts_not_nodes_with_the_number_located(dezhou: ox.Store) -> None:
    data = view.vis_data(view.network(dezhou))
    assert not any("/obs/" in n["id"] for n in data["nodes"])  # type: ignore[attr-defined]
    sentences: list[str] = data["sentences"]  # type: ignore[assignment]
    for fact in data["facts"]:  # type: ignore[attr-defined]
        index, a, b, _doc = fact["at"]
        marked = sentences[index][a:b]
        assert 0 <= a < b <= len(sentences[index]), fact
        digits = fact["value"].lstrip("-").split(".")[0]  # 四年 is 4, 改善20.5% is -20.5: digits where printed
        assert digits in marked.replace(",", "") or not re.search(r"[0-9]", marked), (fact, marked)
    share = next(f for f in data["facts"] if f["value"] == "62.8")  # type: ignore[attr-defined]
    assert (share["unit"], share["rank"], share["scope"]) == ("%", "1", "山東省")
    level = next(f for f in data["facts"] if f["value"] == "116.8")  # type: ignore[attr-defined]
    assert level["changes"] and "19.1" in level["changes"][0]


def test_view_output_is_byte_identical(dezhou: ox.Store, tmp_path: Path) -> None:
    one, two = tmp_path / "one.html", tmp_path / "two.html"
    view.write_view(dezhou, one)
    view.write_view(dezhou, two)
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes().decode("utf-8").count('http-equiv="Content-Security-Policy"') == 1


# ---------------------------------------------------------------------------------------------- notebook


def test_notebook_show_is_an_escaped_iframe_with_unique_ids(dezhou: ox.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = notebook.show(dezhou)
    assert type(shown).__name__ == "HTML" and type(shown).__module__.startswith("IPython")
    first, second = notebook.markup(dezhou), notebook.markup(view.network(dezhou))
    ids = [re.search(r'<iframe id="([^"]+)"', m)[1] for m in (first, second)]  # type: ignore[index]
    assert ids[0] != ids[1]
    srcdoc = re.search(r'srcdoc="([^"]*)"', first)
    assert srcdoc and "<" not in srcdoc[1] and 'sandbox="allow-scripts"' in first
    page = html.unescape(srcdoc[1])
    assert page.startswith("<!DOCTYPE html>") and 'http-equiv="Content-Security-Policy"' in page
    prefix = re.search(r'id="(dzkg-[0-9a-f]+)-data"', page)
    assert prefix and f'id="{prefix[1]}-net"' in page
    monkeypatch.setitem(sys.modules, "IPython.display", None)  # IPython not importable
    assert isinstance(notebook.show(dezhou), str)
