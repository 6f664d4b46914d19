"""The query store: a cache of the TriG, rebuilt when the TriG or the store format changes, whose default
graph is the merge of all named graphs (each shared triple once)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from dzkg import api, store

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


def test_shared_triples_appear_once_however_many_briefings(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    for i in range(3):
        (folder / f"b{i}.txt").write_text(
            f"標題\n日期:2025-09-0{i + 1}\n山東省新增綠色工廠{i + 5}家。\n", encoding="utf-8"
        )
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


def _contents(trig: Path) -> tuple[list[str], list[str]]:
    """Every quad of the query store as N-Quads lines (the data has no blank nodes), and the default graph."""
    folder = store.open_store(trig)
    lines = sorted(str(q) for q in folder.quads_for_pattern(None, None, None))
    default = sorted(str(q) for q in folder.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return lines, default


def test_an_incremental_build_swaps_only_the_changed_graph_and_equals_a_full_one(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    for i in range(6):
        (folder / f"b{i}.txt").write_text(
            f"標題\n日期:2025-09-0{i + 1}\n德州市新增綠色工廠{i + 5}家,居全省第{i + 1}位。\n", encoding="utf-8"
        )
    out = tmp_path / "g.trig"
    first = api.build([folder], output=out, jobs=1)
    assert (first.converted, first.store) == (6, "reloaded")
    # One briefing changes (a shared place keeps its merged triples), one is removed.
    (folder / "b2.txt").write_text("標題\n日期:2025-09-03\n德州市新增智能工廠9家。\n", encoding="utf-8")
    (folder / "b5.txt").unlink()
    second = api.build([folder], output=out, jobs=1)
    assert (second.converted, second.store) == (1, "updated")
    incremental = _contents(out), out.read_bytes()
    fresh = tmp_path / "fresh" / "g.trig"
    third = api.build([folder], output=fresh, jobs=1)
    assert third.store == "reloaded"
    assert (_contents(fresh), fresh.read_bytes()) == incremental
    assert api.build([folder], output=out, jobs=1).store == "unchanged"
