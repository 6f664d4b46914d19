"""Named questions (`src/dzkg/queries/*.rq`) answer correctly on the real Dezhou briefing.

Every named query's rows are compared with `tests/queries/<name>.csv` (columns and rows, in order). The
expected files were written by running the queries and then checked by hand against the briefing text; where
the graph is wrong because of an extraction bug, the expected file holds the *correct* answer, so that test
fails until the bug is fixed (see KNOWN_EXTRACTION_BUGS and tests/queries/README.md).

Set DZKG_REGENERATE=1 to rewrite the expected files after an intended change (then review the diff). Files
listed in KNOWN_EXTRACTION_BUGS are left alone: they hold hand-corrected answers; remove a file's entry once
its bug is fixed, then regenerate it.

Also checked: headers (a Chinese line, an English line, a Parameters line), parameter binding (a bound
parameter filters, an unbound one means "all"), parameters passed as terms and never pasted into the text,
language switching without extra rows, no duplicate rows on the fourteen-briefing synthetic set, and speed.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

import dzkg.sparql
from dzkg import api
from dzkg.sparql import named_queries

EXPECTED_DIR = Path(__file__).parent / "queries"
QUERIES = named_queries()
NAMES = sorted(QUERIES)
REGENERATE = os.environ.get("DZKG_REGENERATE") == "1"

DEZHOU_PLACE = "https://w3id.org/dzkg/id/place/371400"
QIHE_COUNTY = "https://w3id.org/dzkg/id/place/371425"
YELLOW_RIVER = "https://w3id.org/dzkg/id/strategy/yellow-river"
HOSTILE = '"} UNION { ?s ?p ?o'

KNOWN_EXTRACTION_BUGS: dict[str, str] = {}  # expected file -> the bug that makes today's answer wrong


def expected_path(name: str) -> Path:
    return EXPECTED_DIR / f"{name}.csv"


def as_csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[c] for c in columns])
    return buffer.getvalue()


def read_expected(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        columns = next(reader)
        return columns, [dict(zip(columns, row, strict=True)) for row in reader]


def header_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return lines


def run(name: str, graph: Path, **params: str) -> list[dict[str, str]]:
    return api.query(name, graph=graph, params=params or None)


# ---------------------------------------------------------------------------------------------- expected answers


@pytest.mark.parametrize("name", NAMES)
def test_named_query_answers_as_expected(name: str, dezhou_graph: Path) -> None:
    result = api.query_result(name, graph=dezhou_graph)
    rows = result.dicts()
    path = expected_path(name)
    if REGENERATE and name not in KNOWN_EXTRACTION_BUGS:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(as_csv(result.columns, rows), encoding="utf-8")
    assert path.is_file(), f"no expected answer {path}: run with DZKG_REGENERATE=1, then check it by hand"
    columns, expected = read_expected(path)
    assert list(result.columns) == columns
    if rows != expected:
        bug = KNOWN_EXTRACTION_BUGS.get(name, "")
        missing = [r for r in expected if r not in rows]
        extra = [r for r in rows if r not in expected]
        pytest.fail(
            f"{name}: {len(rows)} rows, expected {len(expected)}"
            + (f" (known extraction bug: {bug})" if bug else "")
            + f"\nmissing: {missing[:3]}\nunexpected: {extra[:3]}"
        )


def test_every_expected_file_belongs_to_a_named_query() -> None:
    files = {p.stem for p in EXPECTED_DIR.glob("*.csv")}
    assert files == set(NAMES), (files - set(NAMES), set(NAMES) - files)
    assert set(KNOWN_EXTRACTION_BUGS) <= set(NAMES)


def test_spot_checks_against_the_briefing_text(dezhou_graph: Path) -> None:
    """The figures the brief names, read off the real graph (whatever the expected files say)."""
    first = run("ranks-first-in-province", dezhou_graph)
    assert [r["value"] for r in first if r["value"] == "62.8"] == ["62.8", "62.8"]
    assert any(r["value"] == "30" and "先進級省級智能工廠" in r["quote"] for r in first)
    parts = {r["value"] for r in run("investment-completed", dezhou_graph) if r["start_date"] == "2025-01-01"}
    assert {"178.1", "25.4", "52.01"} <= parts
    holders = {r["holder"] for r in run("national-designation-holders", dezhou_graph)}
    assert {"德州泰鼎新材料科技有限公司", "德州市陵城區經濟開發區"} <= holders
    counts = {(r["part_type"], r["count"]) for r in run("documents-with-part-counts", dezhou_graph)}
    assert {("任務", "16"), ("措施", "43")} <= counts


# ---------------------------------------------------------------------------------------------- the files


def test_there_are_at_least_27_named_queries() -> None:
    assert len(QUERIES) >= 27, sorted(QUERIES)


@pytest.mark.parametrize("name", NAMES)
def test_header_has_chinese_english_and_parameters_lines(name: str) -> None:
    query = QUERIES[name]
    lines = header_lines(query.text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), "file names are kebab-case"
    assert len(lines) >= 3, lines
    assert re.search(r"[\u4e00-\u9fff]", lines[0]), f"first header line should ask the question in Chinese: {lines[0]}"
    english = lines[1]
    assert re.search(r"[A-Za-z]{3,}", english) and not re.search(r"[\u4e00-\u9fff]{4,}", english[:20]), english
    assert lines[-1].startswith("Parameters:"), f"last header line should be 'Parameters: ...': {lines[-1]}"
    assert not re.search(r"Parameters?:", " ".join(lines[:-1]), re.I), "only the last header line declares parameters"
    assert query.question and not re.search(r"Parameters?:", query.question, re.I)
    body = query.text[len("\n".join(query.text.splitlines()[: len(lines)])) :]
    if lines[-1] == "Parameters: none.":
        assert query.parameters == ()
    for parameter in query.parameters:
        assert re.search(rf"\?{parameter}\b", body), f"?{parameter} is declared but never used"


@pytest.mark.parametrize("name", NAMES)
def test_query_is_local_ordered_and_declares_its_prefixes(name: str) -> None:
    text = QUERIES[name].text
    code = re.sub(r'"(?:[^"\\\n]|\\.)*"|<[^<>\s]*>', '""', text)  # strings and IRIs out of the way
    code = re.sub(r"#[^\n]*", "", code)  # then comments
    for word in ("GRAPH", "SERVICE", "LOAD"):
        assert not re.search(rf"\b{word}\b", code), f"{name} uses {word}"
    assert not re.search(r"(?<![?$\w])FROM\b", code, re.I), f"{name} uses FROM"
    assert re.search(r"^ORDER BY ", text, re.M), f"{name} has no ORDER BY: its rows would come in any order"
    used = set(re.findall(r"(?<![\w?$:-])([a-z][\w-]*):[A-Za-z_]", code.split("WHERE", 1)[-1]))
    declared = set(re.findall(r"^PREFIX ([\w-]+):", text, re.M))
    assert used <= declared, f"{name}: undeclared prefixes {used - declared}"


# ---------------------------------------------------------------------------------------------- parameters


def test_ranks_in_top_n_binds_n(dezhou_graph: Path) -> None:
    top1 = run("ranks-in-top-n", dezhou_graph, n="1")
    top3 = run("ranks-in-top-n", dezhou_graph, n="3")
    default = run("ranks-in-top-n", dezhou_graph)
    assert 0 < len(top1) < len(top3)
    assert {r["rank"] for r in top1} == {"1"}
    assert {r["rank"] for r in top3} == {"1", "2", "3"}
    assert [{**r, "n": ""} for r in top3] == default, "unbound ?n means the top 3"
    assert run("ranks-in-top-n", dezhou_graph, n="three") == [], "a malformed ?n matches nothing"


def test_facts_of_a_place_binds_place(dezhou_graph: Path) -> None:
    everything = run("facts-of-a-place", dezhou_graph)
    dezhou = run("facts-of-a-place", dezhou_graph, place=DEZHOU_PLACE)
    county = run("facts-of-a-place", dezhou_graph, place=QIHE_COUNTY)
    assert 0 < len(county) < len(dezhou) < len(everything)
    assert {r["place"] for r in dezhou} == {DEZHOU_PLACE} and {r["place"] for r in county} == {QIHE_COUNTY}
    assert {r["place_label"] for r in dezhou} == {"德州市"}
    assert sum(r["relation"] == "observation" for r in dezhou) == 59, "every mention of a Dezhou observation"
    assert [r["what"] for r in county] == ["齊河生命健康產業集群"]


def test_figure_by_value_matches_numbers_not_text(dezhou_graph: Path) -> None:
    rows = run("figure-by-value", dezhou_graph, value="62.8")
    assert [(r["start"], r["end"]) for r in rows] == [("235", "257"), ("1562", "1583")]
    assert all("62.8%" in r["quote"] and "62.8%" in r["sentence"] for r in rows)
    in_yuan = run("figure-by-value", dezhou_graph, value="17810000000")
    assert [r["quote"] for r in in_yuan] == ["1—7月完成投資178.1億元"]
    printed = run("figure-by-value", dezhou_graph, value="178.1億元")
    assert [{**r, "value": ""} for r in printed] == [{**r, "value": ""} for r in in_yuan]
    assert [r["figure"] for r in run("figure-by-value", dezhou_graph, value="20.5")] == ["-20.5"]


def test_indicator_value_change_rank_binds_indicator_and_period(dezhou_graph: Path) -> None:
    by_iri = run(
        "indicator-value-change-rank",
        dezhou_graph,
        indicator="https://w3id.org/dzkg/id/indicator/new-energy-generation",
    )
    assert [(r["value"], r["rank"], r["change"]) for r in by_iri] == [("116.8", "3", "19.1")]
    by_text = run("indicator-value-change-rank", dezhou_graph, indicator="新能源发电量占")  # simplified script
    assert {r["indicator_label"] for r in by_text} == {"新能源發電量占全社會用電量比重"} and len(by_text) == 2
    jan_jul = run("indicator-value-change-rank", dezhou_graph, indicator="新能源发电量占", period_end="2025-07-31")
    assert [r["start"] for r in jan_jul] == ["1562"]
    assert run("indicator-value-change-rank", dezhou_graph, period_start="2025-02-01") == []


def test_documents_by_strategy_binds_strategy(dezhou_graph: Path) -> None:
    yellow = run("documents-by-strategy", dezhou_graph, strategy=YELLOW_RIVER)
    assert len(yellow) == 3 and {r["strategy"] for r in yellow} == {YELLOW_RIVER}
    assert len(run("documents-by-strategy", dezhou_graph)) > len(yellow)


def test_investment_completed_binds_the_period(dezhou_graph: Path) -> None:
    rows = run("investment-completed", dezhou_graph, period_start="2025-01-01", period_end="2025-07-31")
    assert {r["total_100m_yuan"] for r in rows} == {"255.51"} and len(rows) == 3
    assert run("investment-completed", dezhou_graph, period_end="2025-12-31") == []


@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ("figure-by-value", "value"),
        ("indicator-value-change-rank", "indicator"),
        ("indicator-value-change-rank", "period_start"),
        ("facts-of-a-place", "place"),
        ("ranks-in-top-n", "n"),
        ("documents-by-strategy", "strategy"),
        ("investment-completed", "period_end"),
        ("source-of-a-figure", "iri"),
    ],
)
def test_a_parameter_is_a_term_never_query_text(
    name: str, parameter: str, dezhou_graph: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, dict[str, ox.NamedNode | ox.Literal]]] = []
    real_run = dzkg.sparql.run

    def spy(store: ox.Store, sparql: str, params: dict[str, ox.NamedNode | ox.Literal] | None = None):  # type: ignore[no-untyped-def]
        calls.append((sparql, dict(params or {})))
        return real_run(store, sparql, params)

    monkeypatch.setattr(dzkg.sparql, "run", spy)
    assert run(name, dezhou_graph, **{parameter: HOSTILE}) == [], "SPARQL syntax in a value must simply match nothing"
    assert len(calls) == 1
    text, params = calls[0]
    assert text == QUERIES[name].text, "the query text reaches dzkg.sparql.run unchanged"
    assert params == {parameter: ox.Literal(HOSTILE)}


@pytest.mark.parametrize("name", [n for n in NAMES if "lang" in QUERIES[n].parameters])
def test_lang_changes_labels_not_rows(name: str, dezhou_graph: Path) -> None:
    default = run(name, dezhou_graph)
    english = run(name, dezhou_graph, lang="en")
    simplified = run(name, dezhou_graph, lang="zh-Hans")
    assert len(english) == len(default) == len(simplified)
    assert {r["lang"] for r in english} <= {"en"}


def test_lang_gives_english_labels_where_curated(dezhou_graph: Path) -> None:
    holders = {r["holder"] for r in run("national-designation-holders", dezhou_graph, lang="en")}
    assert "Dezhou Taiding New Materials Technology Co., Ltd." in holders
    levels = {r["level"] for r in run("pilots-by-level", dezhou_graph, lang="en")}
    assert {"National", "Provincial", "Municipal"} <= levels


@pytest.fixture(scope="module")
def simplified_dezhou_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Dezhou briefing converted to simplified script (OpenCC), built on its own."""
    from dzkg.normalize import to_simplified

    from .conftest import DEZHOU

    folder = tmp_path_factory.mktemp("dezhou-hans")
    (folder / DEZHOU.name).write_text(to_simplified(DEZHOU.read_text(encoding="utf-8")), encoding="utf-8")
    meta = DEZHOU.with_suffix(".meta.json")
    (folder / meta.name).write_text(to_simplified(meta.read_text(encoding="utf-8")), encoding="utf-8")
    api.build([folder], output=folder / "dzkg.trig")
    return folder / "dzkg.trig"


@pytest.mark.parametrize("name", NAMES)
def test_a_simplified_briefing_answers_like_its_traditional_original(
    name: str, dezhou_graph: Path, simplified_dezhou_graph: Path
) -> None:
    """The script of the text must not decide whether a fact is listed (a filter on a label's language that
    holds only for traditional text would drop every simplified briefing's rows)."""
    traditional, simplified = run(name, dezhou_graph), run(name, simplified_dezhou_graph)
    assert len(simplified) == len(traditional), f"{name}: {len(simplified)} rows, {len(traditional)} in traditional"


# ---------------------------------------------------------------------------------------------- scale


@pytest.mark.parametrize("name", NAMES)
def test_no_duplicate_rows_across_many_briefings(name: str, synthetic_graph: Path) -> None:
    """Fourteen briefings repeat places, units and periods in every graph: no join may multiply rows."""
    rows = [tuple(r.values()) for r in run(name, synthetic_graph)]
    assert len(rows) == len(set(rows)), f"{name}: {len(rows) - len(set(rows))} duplicate rows"


@pytest.mark.parametrize("name", NAMES)
def test_query_is_fast(name: str, dezhou_graph: Path) -> None:
    run(name, dezhou_graph)  # the store is open and warm
    best = min(_timed(name, dezhou_graph) for _ in range(2))
    assert best < 1.0, f"{name} took {best:.2f} s"


def _timed(name: str, graph: Path) -> float:
    started = time.perf_counter()
    run(name, graph)
    return time.perf_counter() - started


def test_facts_stated_more_than_once_lists_each_mention_next_to_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "twice.txt").write_text(
        "標題\n日期:2025-09-03\n一、概況\n德州市新增綠色工廠12家。\n二、其他\n德州市新增綠色工廠12家,"
        "德州市新增智能工廠3家。\n",
        encoding="utf-8",
    )
    graph = tmp_path / "g.trig"
    api.build([folder], output=graph)
    rows = api.query("facts-stated-more-than-once", graph=graph)
    assert [(r["value"], r["mentions"], r["quote"]) for r in rows] == [("12", "2", "德州市新增綠色工廠12家")] * 2
    assert rows[0]["obs"] == rows[1]["obs"] and int(rows[0]["start"]) < int(rows[1]["start"])
