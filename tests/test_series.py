"""Lining briefings up (issue 8): the same indicator, place and period from different briefings, over time.

`tests/briefings/series/` holds four synthetic briefings: 聊城市 on 2025-05-20 (1—4月), 2025-08-18 (1—7月,
simplified script) and 2025-11-16 (1—10月, plus a target for the whole year and a restated 1—7月 figure that
contradicts the August one), and 濱州市 on 2025-08-22 (1—7月). The expected answers of the three corpus
questions (`tests/queries/series/*.csv`) were written by hand from those texts.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dzkg import api

from .conftest import ROOT

SERIES_DIR = ROOT / "tests" / "briefings" / "series"
EXPECTED_DIR = ROOT / "tests" / "queries" / "series"
QUESTIONS = ("indicator-time-series", "latest-value-per-city", "conflicting-values")
LIAOCHENG = "https://w3id.org/dzkg/id/place/371500"
VALUE_ADDED = "https://w3id.org/dzkg/id/indicator/industrial-value-added"


@pytest.fixture(scope="module")
def series_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("series") / "dzkg.trig"
    api.build([SERIES_DIR], output=out)
    return out


def read_expected(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        columns = next(reader)
        return columns, [dict(zip(columns, row, strict=True)) for row in reader]


@pytest.mark.parametrize("name", QUESTIONS)
def test_answers_as_written_by_hand(name: str, series_graph: Path) -> None:
    result = api.query_result(name, graph=series_graph)
    columns, expected = read_expected(EXPECTED_DIR / f"{name}.csv")
    assert list(result.columns) == columns
    rows = result.dicts()
    missing = [r for r in expected if r not in rows]
    extra = [r for r in rows if r not in expected]
    assert rows == expected, f"{name}\nmissing: {missing}\nunexpected: {extra}"


def test_time_series_of_one_indicator_and_place_in_any_script(series_graph: Path) -> None:
    rows = api.query("indicator-time-series", graph=series_graph, params={"indicator": "工业增加值", "place": "聊城"})
    assert [(r["end_date"], r["value"], r["kind"], r["doc"]) for r in rows] == [
        ("2025-04-30", "7.9", "", "series-liaocheng-2025-05"),
        ("2025-07-31", "8.3", "", "series-liaocheng-2025-08"),
        ("2025-10-31", "8.6", "", "series-liaocheng-2025-11"),
        ("2025-12-31", "9", "target", "series-liaocheng-2025-11"),
    ]
    assert [r["rank"] for r in rows] == ["5", "3", "2", ""]
    assert {r["indicator_iri"] for r in rows} == {VALUE_ADDED} and {r["place_iri"] for r in rows} == {LIAOCHENG}
    by_iri = api.query(
        "indicator-time-series", graph=series_graph, params={"indicator": VALUE_ADDED, "place": LIAOCHENG}
    )
    assert by_iri == [{**r, "indicator": VALUE_ADDED, "place": LIAOCHENG} for r in rows]


def test_time_series_parameters_filter(series_graph: Path) -> None:
    everything = api.query("indicator-time-series", graph=series_graph)
    shares = api.query("indicator-time-series", graph=series_graph, params={"stat_type": "share"})
    assert len(shares) == 4 and {r["stat_type"] for r in shares} == {"share"}
    assert [r for r in everything if r["stat_type"] == "share"] == [{**r, "stat_type": "share"} for r in shares]
    assert api.query("indicator-time-series", graph=series_graph, params={"indicator": "沒有這個指標"}) == []
    english = api.query("indicator-time-series", graph=series_graph, params={"indicator": VALUE_ADDED, "lang": "en"})
    assert {(r["indicator_label"], r["place_label"]) for r in english} == {
        ("Value added of industry above designated size", "Liaocheng"),
        ("Value added of industry above designated size", "Binzhou"),
    }


def test_latest_value_ignores_targets_and_prefers_the_period_ending_last(series_graph: Path) -> None:
    rows = api.query("latest-value-per-city", graph=series_graph, params={"indicator": "規模以上工業增加值"})
    assert [(r["place_label"], r["end_date"], r["value"], r["doc"]) for r in rows] == [
        ("濱州市", "2025-07-31", "7.6", "series-binzhou-2025-08"),
        ("聊城市", "2025-10-31", "8.6", "series-liaocheng-2025-11"),
    ]


def test_conflict_names_both_values_briefings_and_quotes(series_graph: Path) -> None:
    rows = api.query("conflicting-values", graph=series_graph, params={"indicator": "工業投資"})
    assert len(rows) == 1
    row = rows[0]
    assert (row["value_a"], row["doc_a"], row["quote_a"]) == (
        "12.6",
        "series-liaocheng-2025-08",
        "工业投资同比增长12.6%",
    )
    assert (row["value_b"], row["doc_b"], row["quote_b"]) == (
        "13.1",
        "series-liaocheng-2025-11",
        "全市工業投資同比增長13.1%",
    )
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SERIES_DIR.glob("*.txt")}
    for side in "ab":
        assert texts[row[f"doc_{side}"]][int(row[f"start_{side}"]) : int(row[f"end_{side}"])] == row[f"quote_{side}"]
    assert api.query("conflicting-values", graph=series_graph, params={"indicator": "新能源發電量"}) == []


@pytest.mark.parametrize("name", QUESTIONS)
def test_sparql_in_a_parameter_matches_nothing(name: str, series_graph: Path) -> None:
    hostile = '"} UNION { ?s ?p ?o'
    assert api.query(name, graph=series_graph, params={"indicator": hostile}) == []


def test_validate_reports_two_briefings_that_disagree_as_a_warning(series_graph: Path) -> None:
    """The August and November briefings give 聊城's 1—7月 工業投資 growth as 12.6% and 13.1%: a Warning naming
    both, not a Violation (each figure is a right reading of its own text)."""
    problems = api.validate(graph=series_graph)
    found = [p for p in problems if p.check == "conflicting-values"]
    assert [(p.severity, p.focus) for p in found] == [
        ("Warning", "https://w3id.org/dzkg/id/indicator/industrial-investment")
    ]
    assert "12.6 % (series-liaocheng-2025-08) vs 13.1 % (series-liaocheng-2025-11)" in found[0].message
    assert not [p for p in problems if p.severity == "Violation"]
