"""subjects: the phrase a number measures, read from its clause (extract stage). Each case is a short synthetic
text written for the test from GENRE.md, in the script the case names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dzkg import lexicon
from dzkg.extract import extract
from dzkg.model import Extraction
from dzkg.read import read_briefing

LEXICON = lexicon.load()


def extracted(tmp_path: Path, body: str) -> Extraction:
    """`body` as a Dezhou briefing of 2025-10-20, extracted."""
    path = tmp_path / "t.txt"
    path.write_text(f"測試簡報\n來源:測試 日期:2025-10-20\n{body}\n", encoding="utf-8")
    meta = {"id": "t", "published": "2025-10-20", "place": "德州市, 山東省"}
    (tmp_path / "t.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return extract(read_briefing(path), LEXICON)


def subjects(tmp_path: Path, body: str) -> list[tuple[str, str]]:
    return [(format(q.value, "f"), q.subject) for q in extracted(tmp_path, body).quantities]


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
        (  # a generic measure is of the group counted before it
            "新引進過億元京津冀項目7個、總投資45億元。",
            [("7", "新引進過億元京津冀項目"), ("45", "新引進過億元京津冀項目總投資")],
        ),
        (  # 于 and a date end what a count counts
            "锂电正极材料等8个项目于9月份集中开工,总投资63.5亿元。",
            [("8", "项目"), ("63.5", "项目总投资")],
        ),
        (  # 省、市重點項目開工率分別…: the short item takes the last item's shared words
            "今年以來,省、市重點項目開工率分別為96.8%、93.5%。",
            [("96.8", "省重點項目開工率"), ("93.5", "市重點項目開工率")],
        ),
        (  # a clause with no words of its own before its number measures what the figure before it measures
            "德州瑞通生物科技股份有限公司營業收入突破30億元,預計全年可達45億元左右。",
            [("30", "德州瑞通生物科技股份有限公司營業收入"), ("45", "德州瑞通生物科技股份有限公司營業收入")],
        ),
        (  # M个X中有N个…: the N are the X that did what follows
            "上半年全市41个工业大类行业中有29个实现增长。",
            [("41", "工业大类行业"), ("29", "实现增长的工业大类行业")],
        ),
        (  # a count of listed places counts what they did
            "德城區、陵城區2個區入選全省首批縣域商業領跑縣。",
            [("2", "區入選全省首批縣域商業領跑縣")],
        ),
        (  # 分别有: the members of a list of places are figures of the measure stated before
            "全市新增省级晨星工厂企业12家,其中德城区、陵城区分别有4家、3家。",
            [("12", "新增省级晨星工厂企业"), ("4", "新增省级晨星工厂企业"), ("3", "新增省级晨星工厂企业")],
        ),
        (  # a threshold naming a class of places (过千亿元的县区) is part of the subject, not a figure
            "力争到2027年,地区生产总值过千亿元的县区达到2个。",
            [("2", "地区生产总值过千亿元的县区")],
        ),
        ("全市68个项目列入省重点项目名单。", [("68", "项目列入省重点项目名单")]),  # 列入 is not a rank's 列
        (  # a verb before the next count ends the first count's noun
            "围绕产业强县等8个方面推进24项重点任务。",
            [("8", "方面"), ("24", "重点任务")],
        ),
        (  # changes after a list of places' levels measure what the levels measure
            "德城區、陵城區分別完成進出口231.7億元、86.2億元,分別增長6.8%、12.4%。",
            [("231.7", "完成進出口"), ("86.2", "完成進出口"), ("6.8", "完成進出口"), ("12.4", "完成進出口")],
        ),
        (  # an increment right before its number (…企業新增1380家) and the total after it measure the same
            "截至10月底,全市高新技術企業新增1380家、總數達到7215家。",
            [("1380", "高新技術企業"), ("7215", "高新技術企業")],
        ),
        ("全市新能源汽车产量2.46万辆,为上年同期的2.3倍。", [("2.46", "新能源汽车产量"), ("2.3", "新能源汽车产量")]),
        ("德州經濟技術開發區營業收入力爭達到一千二百億元。", [("1200", "營業收入")]),  # 力爭 is not measured
        (  # 分別完成 names no measure: the places' figures are of the one stated before
            "全市節能量10.5萬噸標準煤,其中德城區、陵城區分別完成7.4萬噸標準煤、3.1萬噸標準煤。",
            [("10.5", "節能量"), ("7.4", "節能量"), ("3.1", "節能量")],
        ),
        (  # 到位資金 is a generic measure of the group counted before it (到 here is not a period's 到)
            "全市引進省會經濟圈項目26個,到位資金86.4億元。",
            [("26", "引進省會經濟圈項目"), ("86.4", "引進省會經濟圈項目到位資金")],
        ),
        (  # towns of a breakdown measure what the total before them measures, even the total of another place
            "壽光市設施蔬菜面積達到60.3萬畝,其中稻田鎮12.6萬畝、古城街道8.2萬畝。",
            [("60.3", "設施蔬菜面積"), ("12.6", "設施蔬菜面積"), ("8.2", "設施蔬菜面積")],
        ),
        (  # a second list of places' changes measures what the first list's levels measure
            "德城區、陵城區地區生產總值分別達到712.5億元、686.3億元,分別增長6.3%、6.0%;禹城市、樂陵市分別增長5.9%、5.6%。",
            [(v, "地區生產總值") for v in ("712.5", "686.3", "6.3", "6", "5.9", "5.6")],
        ),
        (  # a breakdown in the next sentence (分區看) measures the figure before it, and so does its change
            "全市港口貨物吞吐量2.43億噸。分區看,德城區完成1.38億噸、同比增長2.0%。",
            [("2.43", "港口貨物吞吐量"), ("1.38", "港口貨物吞吐量"), ("2", "港口貨物吞吐量")],
        ),
        (  # the verb before X等N個 names what is counted; 、總投資 after the count is its own measure
            "其中德城區開工建設精品板材、物流園等23個項目、總投資218億元。",
            [("23", "開工建設項目"), ("218", "開工建設項目總投資")],
        ),
        (  # 该集团 points back to the firm named before it; it is not a firm of its own
            "德州文旅发展集团有限公司运营的湿地公园入选国家级夜间文旅消费集聚区。该集团前三季度实现营业收入12.6亿元。",
            [("12.6", "德州文旅发展集团有限公司营业收入")],
        ),
        (  # a place that opens the subject is the figure's area, not part of what it measures
            "禹城市1—8月完成固定資產投資86.7億元,同比增長12.5%。",
            [("86.7", "完成固定資產投資"), ("12.5", "完成固定資產投資")],
        ),
        (  # a place named after the number is part of what is counted (a provincial programme's name)
            "今年以來,已爭取1個山東省綠電產業試點園區。",
            [("1", "山東省綠電產業試點園區")],
        ),
        (  # a segment that names only its place counts what the total counts
            "全市新开工项目160个,其中德城区58个、陵城区41个。",
            [("160", "新开工项目"), ("58", "新开工项目"), ("41", "新开工项目")],
        ),
        (  # a duration measures what follows it, not the place before it
            "禹城市連續五年入選全國綜合實力百強縣。",
            [("5", "入選全國綜合實力百強縣")],
        ),
        (  # a 分别 list of one measure: every member measures it, without the other members' numbers
            "1—10月,德城區、陵城區、禹城市優良天數分別為243天、229天、238天。",
            [("243", "優良天數"), ("229", "優良天數"), ("238", "優良天數")],
        ),
        (  # a share of a place's figure is the share of the measure the place's figure is of
            "省会经济圈地区生产总值合计达到38652.7亿元,其中济南市完成10985.3亿元,占全圈比重为28.4%。",
            [
                ("38652.7", "省会经济圈地区生产总值"),
                ("10985.3", "省会经济圈地区生产总值"),
                ("28.4", "省会经济圈地区生产总值占全圈比重"),
            ],
        ),
    ],
)
def test_the_phrase_a_number_measures(tmp_path: Path, body: str, expected: list[tuple[str, str]]) -> None:
    assert subjects(tmp_path, body) == expected


def read(tmp_path: Path, body: str) -> list[tuple[str, str, str | None]]:
    return [(format(q.value, "f"), q.subject, q.qualifier) for q in extracted(tmp_path, body).quantities]


def test_members_of_a_list_without_names_measure_the_groups_counted_before_them(tmp_path: Path) -> None:
    body = "今年以來,全市列入省重點項目38個、市重點項目216個,開工率分別為100%、94.4%。"
    assert read(tmp_path, body)[2:] == [("100", "開工率", "列入省重點項目"), ("94.4", "開工率", "市重點項目")]


def test_changes_after_a_list_of_levels_take_the_levels_subjects(tmp_path: Path) -> None:
    body = "1—9月,高端裝備、新材料集群分別實現營業收入1268億元、935億元,同比分別增長9.4%、12.1%。"
    rows = read(tmp_path, body)
    assert [r[1] for r in rows[2:]] == [rows[0][1], rows[1][1]]
    assert [r[2] for r in rows[2:]] == [rows[0][2], rows[1][2]]


def test_members_nothing_names_apart_are_the_first_and_the_second(tmp_path: Path) -> None:
    body = "城鄉低保標準分別提高至每人每月1080元、890元。"
    assert [r[:2] for r in read(tmp_path, body)] == [("1080", "城鄉低保標準(其一)"), ("890", "城鄉低保標準(其二)")]


def test_a_firm_said_again_as_gaijituan_is_not_a_new_firm(tmp_path: Path) -> None:
    body = "德州文旅发展集团有限公司运营的湿地公园入选国家级夜间文旅消费集聚区。该集团前三季度实现营业收入12.6亿元。"
    firms = [e.name for e in extracted(tmp_path, body).entities if e.kind == "enterprise"]
    assert firms == ["德州文旅发展集团有限公司"]
