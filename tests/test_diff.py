"""`dzkg diff A B` (issue 8): new, changed and dropped observations (by key) and entities (by IRI), with quotes.

The two series briefings of 聊城市 for 1—7月 (2025-08-18, simplified) and 1—10月 (2025-11-16) share one key:
工業投資 for 1—7月, stated as 12.6% in August and 13.1% in November (changed); the three 1—7月 figures the
November briefing does not repeat are dropped, its four 1—10月/whole-year figures are new; 省會經濟圈 is named in
August only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dzkg import api
from tests.cli_helpers import dzkg

from .conftest import ROOT

SERIES_DIR = ROOT / "tests" / "briefings" / "series"
AUGUST = SERIES_DIR / "series-liaocheng-2025-08.txt"
NOVEMBER = SERIES_DIR / "series-liaocheng-2025-11.txt"
LISTS = ("new_observations", "changed_observations", "dropped_observations", "new_entities", "dropped_entities")


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("diff")
    api.build([AUGUST], output=folder / "august.trig")
    api.build([NOVEMBER], output=folder / "november.trig")
    return folder / "august.trig", folder / "november.trig"


@pytest.fixture(scope="module")
def result(graphs: tuple[Path, Path]) -> dict[str, object]:
    return api.diff(*graphs)


def summary(items: object) -> list[tuple[str, str, str, str]]:
    assert isinstance(items, list)
    return [(i["indicator_label"], i["period_end"], i["value"], i["mentions"][0]["quote"]) for i in items]


def test_changed_observation_has_both_values_and_sentences(result: dict[str, object]) -> None:
    changed = result["changed_observations"]
    assert isinstance(changed, list) and len(changed) == 1
    item = changed[0]
    assert (item["indicator_label"], item["place_label"], item["period_start"], item["period_end"]) == (
        "工業投資",
        "聊城市",
        "2025-01-01",
        "2025-07-31",
    )
    assert [(v["value"], v["unit"]) for v in item["before"]] == [("12.6", "%")]
    assert [(v["value"], v["unit"]) for v in item["after"]] == [("13.1", "%")]
    was, now = item["before"][0]["mentions"][0], item["after"][0]["mentions"][0]
    assert (was["doc"], was["quote"]) == ("series-liaocheng-2025-08", "工业投资同比增长12.6%")
    assert was["sentence"] == "1—7月,全市规上工业增加值同比增长8.3%,增速居全省第3位;工业投资同比增长12.6%。"
    assert (now["doc"], now["quote"]) == ("series-liaocheng-2025-11", "全市工業投資同比增長13.1%")
    assert now["sentence"] == "據統計部門核實,1—7月,全市工業投資同比增長13.1%。"
    text = NOVEMBER.read_text(encoding="utf-8")
    assert text[now["start"] : now["end"]] == now["quote"]


def test_new_and_dropped_observations(result: dict[str, object]) -> None:
    assert summary(result["new_observations"]) == [
        ("新能源發電量", "2025-10-31", "85.2", "全市新能源發電量85.2億千瓦時"),
        ("新能源發電量占全社會用電量比重", "2025-10-31", "33", "新能源發電量占全社會用電量比重達到33.0%"),
        ("規模以上工業增加值", "2025-10-31", "8.6", "全市規上工業增加值同比增長8.6%"),
        ("規模以上工業增加值", "2025-12-31", "9", "力爭全年規上工業增加值同比增長9%以上"),
    ]
    assert [i["target"] for i in result["new_observations"]] == ["", "", "", "target"]  # type: ignore[index]
    assert summary(result["dropped_observations"]) == [
        ("新能源發電量", "2025-07-31", "58.6", "全市新能源发电量58.6亿千瓦时"),
        ("新能源發電量占全社會用電量比重", "2025-07-31", "31.2", "新能源发电量占全社会用电量比重达到31.2%"),
        ("規模以上工業增加值", "2025-07-31", "8.3", "全市规上工业增加值同比增长8.3%"),
    ]


def test_entities_by_iri(result: dict[str, object]) -> None:
    assert result["new_entities"] == []
    dropped = result["dropped_entities"]
    assert [(e["class"], e["label"], e["mentions"][0]["quote"]) for e in dropped] == [  # type: ignore[union-attr]
        ("Strategy", "省會經濟圈一體化發展", "省会经济圈")
    ]
    assert dropped[0]["mentions"][0]["sentence"].startswith("今年以来,聊城市主动融入省会经济圈建设")  # type: ignore[index]


def test_briefings_are_built_first_and_give_the_same_answer(result: dict[str, object]) -> None:
    from_texts = api.diff(AUGUST, NOVEMBER)
    assert (from_texts["a"], from_texts["b"]) == (str(AUGUST), str(NOVEMBER))
    assert {name: from_texts[name] for name in LISTS} == {name: result[name] for name in LISTS}


def test_a_graph_against_itself_has_no_differences(graphs: tuple[Path, Path]) -> None:
    same = api.diff(graphs[0], graphs[0])
    assert {name: same[name] for name in LISTS} == {name: [] for name in LISTS}


def test_cli_table_and_json(graphs: tuple[Path, Path], tmp_path: Path) -> None:
    table = dzkg("diff", *graphs, cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    out = table.stdout
    for title, count in [("new observations", 4), ("changed observations", 1), ("dropped observations", 3)]:
        assert f"\n{title} ({count})\n" in out
    assert "new entities (0)\n(no rows)" in out and "dropped entities (1)" in out
    changed = out.split("changed observations (1)\n", 1)[1].split("\n\n", 1)[0].splitlines()
    header = "indicator place period stat_type before after doc_before quote_before doc_after quote_after"
    assert changed[0].split() == header.split()
    after_stat = (
        "12.6% 13.1% series-liaocheng-2025-08 工业投资同比增长12.6% series-liaocheng-2025-11 全市工業投資同比增長13.1%"
    )
    assert changed[2].split()[4:] == after_stat.split()
    as_json = dzkg("diff", *graphs, "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert (data["a"], data["b"]) == tuple(map(str, graphs))
    assert {name: len(data[name]) for name in LISTS} == {
        "new_observations": 4,
        "changed_observations": 1,
        "dropped_observations": 3,
        "new_entities": 0,
        "dropped_entities": 1,
    }


def test_a_bad_path_exits_2_naming_it(graphs: tuple[Path, Path], tmp_path: Path) -> None:
    missing = tmp_path / "no-such-build.trig"
    result = dzkg("diff", graphs[0], missing, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert str(missing) in result.stderr and "no such file" in result.stderr
    neither = tmp_path / "notes.md"
    neither.write_text("not a graph\n", encoding="utf-8")
    result = dzkg("diff", neither, graphs[1], cwd=tmp_path)
    assert result.returncode == 2 and str(neither) in result.stderr
