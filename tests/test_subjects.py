"""subjects: the phrase a number measures, read from its clause (extract stage). Each case is a short synthetic
text written for the test from GENRE.md, in the script the case names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dzkg import lexicon
from dzkg.extract import extract
from dzkg.read import read_briefing

LEXICON = lexicon.load()


def subjects(tmp_path: Path, body: str) -> list[tuple[str, str]]:
    path = tmp_path / "t.txt"
    path.write_text(f"測試簡報\n來源:測試 日期:2025-10-20\n{body}\n", encoding="utf-8")
    meta = {"id": "t", "published": "2025-10-20", "place": "德州市, 山東省"}
    (tmp_path / "t.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return [(format(q.value, "f"), q.subject) for q in extract(read_briefing(path), LEXICON).quantities]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # a share names whose share it is
            "全市新能源裝機達到286萬千瓦,占總裝機比重為52.7%。",
            [("286", "新能源裝機"), ("52.7", "新能源裝機占總裝機比重")],
        ),
        (
            "全市过亿元项目达到126个,占比26.7%。",
            [("126", "过亿元项目"), ("26.7", "过亿元项目占比")],
        ),
        (  # 左右 belongs to the number before it; the change takes the level's subject
            "前三季度,全市海洋生產總值完成2310億元左右,同比增長7.1%。",
            [("2310", "海洋生產總值"), ("7.1", "海洋生產總值")],
        ),
        (  # 實現 (achieve) and a condition (達產後可) are not part of what is measured
            "全市規上工業企業實現營業收入5320億元;項目達產後可實現年產值120億元。",
            [("5320", "規上工業企業營業收入"), ("120", "項目年產值")],
        ),
        ("全链条实现产值1026.5亿元。", [("1026.5", "全链条产值")]),
    ],
)
def test_the_phrase_a_number_measures(tmp_path: Path, body: str, expected: list[tuple[str, str]]) -> None:
    assert subjects(tmp_path, body) == expected
