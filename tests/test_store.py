"""The query store: a cache of the TriG, rebuilt when the TriG or the store format changes, holding the merge of
all named graphs (each shared triple once) as its default graph; and the graph store, with the named graphs too,
made when a query names graphs."""

from __future__ import annotations

import collections
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from dzkg import api, iri, sparql, store
from dzkg.errors import DzkgError
from tests.cli_helpers import dzkg, show

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/dzkg/id/place/370000> ?p ?o }"


def test_stale_or_old_format_caches_are_rebuilt(dezhou_graph: Path, tmp_path: Path) -> None:
    trig = tmp_path / "g.trig"
    shutil.copy(dezhou_graph, trig)
    first = api.query(COUNT, graph=trig)
    stamp = store.store_dir(trig) / store.STAMP
    assert stamp.read_text().startswith(store.STORE_FORMAT + " ")
    stamp.write_text("1 " + stamp.read_text().split()[1] + "\n")  # a cache written by an older dzkg
    shutil.rmtree(store.store_dir(trig))
    store.store_dir(trig).mkdir()
    (store.store_dir(trig) / store.STAMP).write_text("1 stale\n")
    assert api.query(COUNT, graph=trig) == first


def _briefing(folder: Path, index: int, sentence: str) -> None:
    """A small briefing `b<index>.txt` dated 2025-09-0<index + 1>, saying `sentence`."""
    folder.mkdir(exist_ok=True)
    (folder / f"b{index}.txt").write_text(f"標題\n日期:2025-09-0{index + 1}\n{sentence}\n", encoding="utf-8")


def test_shared_triples_appear_once_however_many_briefings(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    for i in range(3):
        _briefing(folder, i, f"山東省新增綠色工廠{i + 5}家。")
    out = tmp_path / "g.trig"
    api.build([folder], output=out)
    labels = api.query(
        "SELECT ?l WHERE { <https://w3id.org/dzkg/id/place/370000> "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }",
        graph=out,
    )
    assert sorted(r["l"] for r in labels) == ["Shandong", "山东省", "山東省"]


def test_a_changed_trig_is_reloaded_and_a_touched_one_is_not(dezhou_graph: Path, tmp_path: Path) -> None:
    trig = tmp_path / "g.trig"
    shutil.copy(dezhou_graph, trig)
    first = api.query(COUNT, graph=trig)
    folder = store.store_dir(trig)
    loaded = (folder / "CURRENT").stat().st_ino
    # Touched, same bytes: the recorded digest still matches, so the store is kept (and the stamp notes the mtime).
    os.utime(trig, ns=(1_000_000_000, 1_000_000_000))
    assert api.query(COUNT, graph=trig) == first
    assert (folder / "CURRENT").stat().st_ino == loaded
    assert (folder / store.STAMP).read_text().split()[3] == "1000000000"
    # Same size and mtime but other bytes would fool the shortcut; a different size is always noticed.
    text = trig.read_text(encoding="utf-8")
    trig.write_text(text.replace('"山東省"@zh-hant', '"山東"@zh-hant'), encoding="utf-8")
    labels = api.query(
        "SELECT ?l WHERE { <https://w3id.org/dzkg/id/place/370000> "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(lang(?l) = 'zh-hant') }",
        graph=trig,
    )
    assert [r["l"] for r in labels] == ["山東"]


def _contents(trig: Path) -> list[str]:
    """Every quad of the query store (all in its default graph) as N-Quads lines (the data has no blank nodes)."""
    return sorted(str(q) for q in store.open_store(trig).quads_for_pattern(None, None, None))


def test_an_incremental_build_swaps_only_the_changed_graph_and_equals_a_full_one(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    _briefing(folder, 0, "德州市新增綠色工廠5家,居全省第1位。德州市新建5G基站1234個。")
    for i in range(1, 6):
        _briefing(folder, i, f"德州市新增綠色工廠{i + 5}家,居全省第{i + 1}位。")
    out = tmp_path / "g.trig"
    first = api.build([folder], output=out, jobs=1)
    assert (first.converted, first.store) == (6, "reloaded")
    unique = "SELECT DISTINCT ?i WHERE { ?o <https://w3id.org/dzkg/ontology#indicator> ?i ; ?value 1234.0 }"
    [indicator] = [row["i"] for row in api.query(unique, graph=out)]
    # One briefing changes (a shared place keeps its merged triples), one is removed.
    _briefing(folder, 2, "德州市新增智能工廠9家。")
    (folder / "b5.txt").unlink()
    # And one drops its only mention of an indicator no other briefing has: those merged triples must leave.
    _briefing(folder, 0, "德州市新增綠色工廠5家,居全省第1位。")
    second = api.build([folder], output=out, jobs=1)
    assert (second.converted, second.store) == (2, "updated")
    incremental = _contents(out), out.read_bytes()
    assert not api.query(f"SELECT * WHERE {{ <{indicator}> ?p ?o }}", graph=out)
    fresh = tmp_path / "fresh" / "g.trig"
    third = api.build([folder], output=fresh, jobs=1)
    assert third.store == "reloaded"
    assert (_contents(fresh), fresh.read_bytes()) == incremental
    assert api.build([folder], output=out, jobs=1).store == "unchanged"


def test_the_query_store_holds_the_merge_and_the_graph_store_the_named_graphs_too(
    dezhou_graph: Path, tmp_path: Path
) -> None:
    trig = tmp_path / "g.trig"
    shutil.copy(dezhou_graph, trig)
    merge = store.open_store(trig)
    assert list(merge.named_graphs()) == []
    assert not store.store_dir(trig, named=True).exists()
    expected = collections.Counter(q.graph_name.value for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    rows = api.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", graph=trig)
    assert {r["g"]: int(r["n"]) for r in rows} == dict(expected)
    assert store.graph_names(trig) == frozenset(expected)
    graphs = store.open_store(trig, named=True)
    default = sorted(str(q) for q in graphs.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert default == sorted(str(q) for q in merge.quads_for_pattern(None, None, None))


def test_a_query_naming_graphs_is_checked_before_the_graph_store_is_made(dezhou_graph: Path, tmp_path: Path) -> None:
    trig = tmp_path / "g.trig"
    shutil.copy(dezhou_graph, trig)
    with pytest.raises(DzkgError, match="not a graph of this store"):
        api.query("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", graph=trig)
    assert not store.store_dir(trig, named=True).exists()
    with pytest.raises(DzkgError, match="holds only their merge"):
        sparql.run(store.open_store(trig), "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")
    assert not sparql.names_graphs('SELECT * WHERE { ?s ?p "GRAPH" } # FROM <x>')
    assert sparql.names_graphs("SELECT * WHERE { \\u0047RAPH ?g { ?s ?p ?o } }")


def test_individuals_of_a_briefing_are_described_in_its_graph_only(synthetic_graph: Path) -> None:
    """The invariant `store._swap` relies on (see `iri.scoped_to`), on the fourteen synthetic briefings."""
    scoped = collections.defaultdict(set)
    for quad in ox.parse(path=str(synthetic_graph), format=ox.RdfFormat.TRIG):
        if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(iri.DZID):
            scoped[quad.subject.value].add(quad.graph_name.value)
    owned = {s: g for s, g in scoped.items() if any(iri.scoped_to(s, one) for one in g)}
    assert len(owned) > 1000
    assert all(len(graphs) == 1 and iri.scoped_to(s, next(iter(graphs))) for s, graphs in owned.items())
    assert not iri.scoped_to(iri.entity("place", "dezhou"), iri.graph("dezhou"))
    assert iri.scoped_to(iri.span("a-1", 3, 5) + "#quote", iri.graph("a-1"))
    assert not iri.scoped_to(iri.span("a-10", 3, 5), iri.graph("a-1"))


def test_the_cli_says_when_a_query_waits_for_the_graph_store(dezhou_graph: Path, tmp_path: Path) -> None:
    trig = tmp_path / "g.trig"
    shutil.copy(dezhou_graph, trig)
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    foreign = dzkg("query", "-e", "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "--graph", trig)
    assert foreign.returncode == 2 and "loading" not in foreign.stderr, show(foreign)  # refused before any wait
    assert "is not a graph of this store" in foreign.stderr and not store.is_fresh(trig, named=True)
    first = dzkg("query", "-e", count, "--graph", trig, "--format", "csv")
    again = dzkg("query", "-e", count, "--graph", trig, "--format", "csv")
    assert first.returncode == again.returncode == 0, show(first) + show(again)
    assert "loading the graph store" in first.stderr and again.stderr == ""
    assert first.stdout.split() == again.stdout.split() == ["n", "2"]  # the briefing's graph and the ontology's
    plain = dzkg("query", "-e", "ASK { ?s ?p ?o }", "--graph", trig, "--format", "csv")
    assert plain.stderr == "" and plain.stdout.strip() == "true"
