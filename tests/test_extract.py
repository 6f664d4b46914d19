"""extract: quantities, units, idioms, lists, qualifiers, periods, ranks, changes and entities, in both scripts.

Each case is a short synthetic text written for the test from GENRE.md; none needs RDF.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dzkg.extract import extract
from dzkg.model import Extraction
from dzkg.normalize import to_simplified
from dzkg.read import read_briefing


def run(tmp_path: Path, body: str, published: str = "2025-09-03") -> Extraction:
    path = tmp_path / "t.txt"
    path.write_text(f"測試簡報\n來源:測試 日期:{published}\n{body}\n", encoding="utf-8")
    (tmp_path / "t.meta.json").write_text(
        f'{{"id": "t", "published": "{published}", "place": "德州市, 山東省"}}', encoding="utf-8"
    )
    return extract(read_briefing(path))


def values(x: Extraction) -> list[tuple[str, str]]:
    return [(format(q.value, "f"), q.unit) for q in x.quantities]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("1—7月完成投資178.1億元。", [("178.1", "億元")]),
        ("1-7月完成投资178.1亿元。", [("178.1", "亿元")]),
        ("發電量116.8億千瓦時,裝機186萬千瓦,光伏4.2GW。", [("116.8", "億千瓦時"), ("186", "萬千瓦"), ("4.2", "GW")]),
        ("新增綠地12萬平方米、高標準農田3.5萬畝。", [("12", "萬平方米"), ("3.5", "萬畝")]),
        ("PM2.5濃度為38微克/立方米。", [("38", "微克/立方米")]),
        ("帶動農戶3萬余戶,新建5G基站1.2萬個。", [("3", "萬戶"), ("1.2", "萬個")]),
        ("營收近千億。", [("1000", "億")]),
        ("總投資超千億元,服務企業近千家次。", [("1000", "億元"), ("1000", "家次")]),
        ("总投资超千亿元,服务企业近千家次。", [("1000", "亿元"), ("1000", "家次")]),
        ("裝機三千萬千瓦,千家萬戶受益,千方百計推進。", [("3000", "萬千瓦")]),
        ("連續四年入選百強。", [("4", "年")]),
        ("新泰市、肥城市兩個縣級市。", [("2", "個")]),
        ("提高0.7個百分點,占比62.8%。", [("0.7", "個百分點"), ("62.8", "%")]),
        ("堅持“一縣一業一策”,組建“一起益企”服務團,融入“一張網”,“十四五”規劃。", []),
        ("魯政辦字〔2023〕5號文件,首批第二批名單,PM2.5和5G。", []),
        ("新引進過億元項目7個,落地千噸級項目。", [("7", "個")]),
        ("實施500萬元以上工業技改項目412個。", [("412", "個")]),
    ],
)
def test_numbers_and_units(tmp_path: Path, body: str, expected: list[tuple[str, str]]) -> None:
    assert values(run(tmp_path, body)) == expected


def test_base_values_use_exact_decimals(tmp_path: Path) -> None:
    q = run(tmp_path, "完成投資178.1億元,發電量0.35萬千瓦時。").quantities
    assert q[0].value_base == Decimal("17810000000") and q[0].base_unit == "CCY_CNY"
    assert q[1].value_base == Decimal("3500") and q[1].base_unit == "KiloW-HR"


def test_fenbie_lists_share_unit_subject_and_change(tmp_path: Path) -> None:
    q = run(tmp_path, "鋰電、儲能細分行業增速分別提升7.7個、15.7個百分點。").quantities
    assert [(format(x.value, "f"), x.base_unit, x.stat_type) for x in q] == [
        ("7.7", "PERCENT_POINT", "change_pp"),
        ("15.7", "PERCENT_POINT", "change_pp"),
    ]
    q = run(tmp_path, "PM10、二氧化氮、二氧化硫、一氧化碳濃度分別改善8.7%、6.3%、12.5%、4.8%。").quantities
    assert [format(x.value, "f") for x in q] == ["-8.7", "-6.3", "-12.5", "-4.8"]
    assert q[1].subject == "二氧化氮濃度"


@pytest.mark.parametrize(
    ("body", "flags"),
    [
        ("入駐企業逾300家。", {"lower_bound"}),
        ("增長10%以上。", {"lower_bound"}),
        ("引進項目約120個。", {"approx"}),
        ("排放下降5%左右。", {"approx"}),
        ("力爭到2027年產值達到500億元。", {"target"}),
        ("預計可貢獻稅收3億元。", {"estimate"}),
        ("優選1—2個特色產業集群。", {"range"}),
    ],
)
def test_qualifiers_become_flags(tmp_path: Path, body: str, flags: set[str]) -> None:
    quantity = run(tmp_path, body).quantities[0]
    assert flags <= quantity.flags


@pytest.mark.parametrize(
    ("body", "published", "start", "end"),
    [
        ("1—7月完成投資10億元。", "2025-09-03", "2025-01-01", "2025-07-31"),
        ("1至7月完成投資10億元。", "2025-09-03", "2025-01-01", "2025-07-31"),
        ("今年以來完成投資10億元。", "2025-09-03", "2025-01-01", "2025-09-03"),
        ("前三季度完成投資10億元。", "2025-11-18", "2025-01-01", "2025-09-30"),
        ("9月份完成投資10億元。", "2025-11-18", "2025-09-01", "2025-09-30"),
        ("“十四五”期間完成投資10億元。", "2025-11-18", "2021-01-01", "2025-12-31"),
        ("1-11月完成投資10億元。", "2026-01-10", "2025-01-01", "2025-11-30"),
        ("全年完成投資10億元。", "2026-01-10", "2025-01-01", "2025-12-31"),
        ("截至5月底累計投資10億元。", "2025-06-18", "2025-05-31", "2025-05-31"),
    ],
)
def test_periods_are_anchored_on_the_publication_date(
    tmp_path: Path, body: str, published: str, start: str, end: str
) -> None:
    period = run(tmp_path, body, published).quantities[0].period
    assert period is not None and (period.start.isoformat(), period.end.isoformat()) == (start, end)


def test_comparison_base_is_not_a_period(tmp_path: Path) -> None:
    q = run(tmp_path, "6月份增速為5%,較5月份加快1.5個百分點。", "2025-07-20").quantities
    assert [x.period.text for x in q if x.period] == ["6月份", "6月份"]


def test_ranks_attach_to_what_they_rank_with_scope(tmp_path: Path) -> None:
    q = run(tmp_path, "新能源發電量116.8億千瓦時,居全省第3位,較去年同期增加19.1億千瓦時。").quantities
    level, change = q
    assert (level.rank, level.rank_scope) == (3, "370000")
    assert change.stat_type == "change_abs" and change.change_of == 0 and change.value == Decimal("19.1")
    q = run(tmp_path, "工業增加值增長8.3%,增速居全國首位;179家企業入選、數量居全省第2。").quantities
    assert (q[0].rank, q[0].rank_scope, q[0].stat_type) == (1, "CN", "change_rel")
    assert (q[1].rank, q[1].rank_scope) == (2, "370000")


@pytest.mark.parametrize(
    "body",
    [
        "新增省級專精特新中小企業218家、創新型中小企業436家,數量分別居全省第3位、第2位。",
        "新增省级专精特新中小企业218家、创新型中小企业436家,数量分别居全省第三位、第二位。",
    ],
)
def test_ranks_listed_after_fenbie_go_one_to_each_number(tmp_path: Path, body: str) -> None:
    q = run(tmp_path, body).quantities
    assert [(x.value, x.rank, x.rank_scope) for x in q] == [(218, 3, "370000"), (436, 2, "370000")]


@pytest.mark.parametrize("convert", [str, to_simplified], ids=["hant", "hans"])
def test_a_rank_held_for_months_ranks_the_rate_not_the_streak(tmp_path: Path, convert: Callable[[str], str]) -> None:
    rate, streak = run(tmp_path, convert("規模以上工業增加值同比增長9.6%,增速連續4個月居全省首位。")).quantities
    assert (rate.value, rate.stat_type, rate.rank, rate.rank_scope) == (Decimal("9.6"), "change_rel", 1, "370000")
    assert "duration" in streak.flags and streak.rank is None


def test_parts_counted_after_a_verb_belong_to_the_document_and_its_period(tmp_path: Path) -> None:
    x = run(
        tmp_path,
        "印發《濟南市擴大有效投資三年行動方案(2025—2027年)》,從7個方面提出30項重點任務。"
        "印發《濟南市2025年技改工作要點》,確定十二項重點任務,推出18條具體舉措。",
    )
    assert [(p.part_type, p.count) for p in x.parts] == [
        ("方面", 7),
        ("重點任務", 30),
        ("重點任務", 12),
        ("具體舉措", 18),
    ]
    periods = [(q.period.start.isoformat(), q.period.end.isoformat()) for q in x.quantities if q.period]
    assert periods == [("2025-01-01", "2027-12-31")] * 2 + [("2025-01-01", "2025-12-31")] * 2


def test_list_members_of_one_indicator_are_told_apart_by_their_item(tmp_path: Path) -> None:
    q = run(tmp_path, "1—9月,高端裝備、新材料集群分別實現營業收入1268億元、935億元。").quantities
    assert [(x.subject, x.qualifier) for x in q] == [
        ("高端裝備集群營業收入", "高端裝備集群"),
        ("新材料集群營業收入", "新材料集群"),
    ]
    q = run(tmp_path, "PM10、二氧化氮濃度分別改善8.7%、6.3%。").quantities  # two curated indicators: no qualifier
    assert [(x.subject, x.qualifier) for x in q] == [("PM10濃度", None), ("二氧化氮濃度", None)]


@pytest.mark.parametrize("script", ["hant", "hans"])
def test_a_gap_to_a_benchmark_and_a_bare_rate_name_the_rate_they_measure(tmp_path: Path, script: str) -> None:
    body = "前三季度,規模以上工業增加值同比增長8.7%,高於全省1.4個百分點;完成投資增長11.3%,增速較一季度加快2.1個百分點。"
    if script == "hans":
        body = to_simplified(body)
    q = run(tmp_path, body).quantities
    gap, faster = q[1], q[3]
    expected = ("規模以上工業增加值增速高於全省", "完成投資增速")
    if script == "hans":
        expected = tuple(to_simplified(x) for x in expected)
    assert gap.subject == expected[0] and gap.qualifier == gap.subject  # its own indicator, not the value added
    assert faster.subject == expected[1] and faster.qualifier == faster.subject and faster.stat_type == "change_pp"


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("前兩個月,工業投資增長12.4%。", "2025-03-18", ("2025-01-01", "2025-02-28")),
        ("2024年末,經營主體總量突破98萬戶。", "2025-01-22", ("2024-12-31", "2024-12-31")),
        ("2024年全年,旅遊總收入突破500億元。", "2025-06-20", ("2024-01-01", "2024-12-31")),
        ("“十四五”以來,單項冠軍企業累計達到57家。", "2025-01-22", ("2021-01-01", "2025-01-22")),
        ("下半年,力爭新培育專精特新企業5家。", "2025-07-28", ("2025-07-01", "2025-12-31")),
        ("下半年以來,新增綠色工廠5家。", "2025-01-22", ("2024-07-01", "2024-12-31")),
    ],
)
def test_more_period_expressions(tmp_path: Path, body: str, published: str, expected: tuple[str, str]) -> None:
    (q,) = run(tmp_path, body, published).quantities
    assert q.period is not None and (q.period.start.isoformat(), q.period.end.isoformat()) == expected


@pytest.mark.parametrize(
    "body",
    [
        "全年新增國家級專精特新“小巨人”企業15家、總數達到68家,數量居全省第3位。",
        "2024年新建5G基站2860個、累計達到15260個。",
    ],
)
def test_an_increment_is_the_change_of_the_total_after_it(tmp_path: Path, body: str) -> None:
    step, total = run(tmp_path, body).quantities
    assert step.stat_type == "change_abs" and step.change_of is not None and total.stat_type != "change_abs"
    assert (
        step.subject == total.subject and "總數" not in total.subject and not total.subject.startswith(("新增", "新建"))
    )
    assert step.rank is None


def test_a_place_in_a_named_list_and_its_change(tmp_path: Path) -> None:
    q = run(tmp_path, "在2024年全國先進製造業百強市榜單中,煙台列第21位,較上年前進3位。").quantities
    place, change = q
    assert (place.stat_type, place.value, place.rank, place.rank_scope) == ("rank_only", 21, 21, "全國先進製造業百強市")
    assert place.period is not None and place.period.start.year == place.period.end.year == 2024
    assert (change.stat_type, change.value, change.subject) == ("change_abs", -3, place.subject)


def test_dollars_are_not_yuan(tmp_path: Path) -> None:
    q = run(tmp_path, "進出口總額865.3億美元,市場採購貿易出口4860萬美元。").quantities
    assert [(x.value_base, x.base_unit, x.unit) for x in q] == [
        (Decimal("86530000000"), "CCY_USD", "億美元"),
        (Decimal("48600000"), "CCY_USD", "萬美元"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("其中進口增速為-2.3%。", ("-2.3", "change_rel")),
        ("汽車類零售額同比負增長1.6%。", ("-1.6", "change_rel")),
        ("汽车类零售额同比负增长1.6%。", ("-1.6", "change_rel")),
        ("網上零售額同比增長近兩成。", ("2", "change_rel")),
    ],
)
def test_signs_and_tenths(tmp_path: Path, body: str, expected: tuple[str, str]) -> None:
    (q,) = run(tmp_path, body).quantities
    assert (format(q.value, "f"), q.stat_type) == expected
    if q.unit == "成":
        assert (q.value_base, q.base_unit, "approx" in q.flags) == (Decimal("20"), "PERCENT", True)


def test_no_change_is_a_change_of_zero(tmp_path: Path) -> None:
    level, flat = run(tmp_path, "前三季度,進口2355.7億元,與上年同期持平。").quantities
    assert (flat.stat_type, flat.value, flat.change_of, flat.subject) == ("change_rel", 0, 0, level.subject)


def test_a_peer_group_is_a_rank_scope_not_a_number(tmp_path: Path) -> None:
    q = run(
        tmp_path, "固定資產投資同比增長6.4%,增速在全省16市中居第3位;稅收占比73.8%,在膠東經濟圈5市中居第2位。"
    ).quantities
    assert [(x.value, x.rank, x.rank_scope) for x in q] == [
        (Decimal("6.4"), 3, "370000"),
        (Decimal("73.8"), 2, "膠東經濟圈"),
    ]


def test_an_increment_to_a_total_built(tmp_path: Path) -> None:
    step, total = run(tmp_path, "去年新建高標準農田42.5萬畝,累計建成589.1萬畝。", "2026-01-09").quantities
    assert (step.stat_type, step.change_of, total.value) == ("change_abs", 1, Decimal("589.1"))


def test_increments_listed_with_fenbie_go_to_their_totals(tmp_path: Path) -> None:
    q = run(tmp_path, "2025年新增國家級綠色工廠5家、省級綠色工廠18家,累計分別達到21家、73家。").quantities
    assert [(x.value, x.stat_type, x.change_of, x.subject) for x in q] == [
        (5, "change_abs", 2, "國家級綠色工廠"),
        (18, "change_abs", 3, "省級綠色工廠"),
        (21, "count", None, "國家級綠色工廠"),
        (73, "count", None, "省級綠色工廠"),
    ]


def test_a_capacity_in_a_project_name_is_not_a_statistic(tmp_path: Path) -> None:
    q = run(tmp_path, "菏澤凱翔年產20萬噸鋰電池負極材料項目建成投產,全市年產原油120萬噸。").quantities
    assert [(x.value, x.unit) for x in q] == [(120, "萬噸")]


def test_a_number_before_the_period_words_of_its_sentence_takes_them(tmp_path: Path) -> None:
    q = run(tmp_path, "遴選38個重點項目,總投資426.8億元,1—9月累計完成投資187.2億元。", "2025-10-20").quantities
    assert {(x.period.start.isoformat(), x.period.end.isoformat()) for x in q if x.period} == {
        ("2025-01-01", "2025-09-30")
    }
    assert all(x.period for x in q)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("形成診斷報告186份,動力電池年產能達到20GWh。", [("186", "份", "NUM"), ("20000000", "GWh", "KiloW-HR")]),
        ("推動10個以上重大項目竣工投產,實施500萬元以上技改項目。", [("10", "個", "NUM")]),
        ("過百億元企業達到四家,比上年同期增加一家。", [("4", "家", "NUM"), ("1", "家", "NUM")]),
    ],
)
def test_counts_capacities_and_reports(tmp_path: Path, body: str, expected: list[tuple[str, str, str]]) -> None:
    q = run(tmp_path, body).quantities
    assert [(format(x.value_base, "f"), x.unit, x.base_unit) for x in q] == expected


def test_an_increment_after_a_comparator_is_the_change_of_the_level_before(tmp_path: Path) -> None:
    level, step = run(tmp_path, "全區規上工業企業達到318家,較年初新增入庫27家,數量居全市第2位。").quantities
    assert (step.stat_type, step.change_of, level.rank) == ("change_abs", 0, 2)


@pytest.mark.parametrize(
    ("body", "scope"),
    [
        ("年度計劃投資完成率達91.2%,居全市各區縣首位。", "371400"),
        ("省級以上研發平台達到58個,居全省經濟開發區第4位。", "370000"),
        ("出口整車2.3萬輛,出口量居全國同類企業第8位。", "CN"),
    ],
)
def test_ranks_among_peers_of_a_scope(tmp_path: Path, body: str, scope: str) -> None:
    (q,) = run(tmp_path, body).quantities
    assert q.rank is not None and q.rank_scope == scope


def test_a_fenbie_list_of_changes_pairs_with_the_fenbie_list_of_levels_before(tmp_path: Path) -> None:
    q = run(
        tmp_path, "鋼鐵、汽車零部件、新材料產業分別實現產值615億元、238億元、176億元,分別增長3.5%、15.8%、22.4%。"
    ).quantities
    assert [(x.value, x.change_of) for x in q[3:]] == [(Decimal("3.5"), 0), (Decimal("15.8"), 1), (Decimal("22.4"), 2)]
    assert [x.subject for x in q[3:]] == [x.subject for x in q[:3]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("出口增長百分之十二點五。", [("12.5", "%", "change_rel")]),
        (
            "高新技術產業產值占比達58.6%,同比提高一點五個百分點。",
            [("58.6", "%", "share"), ("1.5", "個百分點", "change_pp")],
        ),
        (
            "居民消費價格同比上漲0.3%,增速較上半年回升0.8個百分點。",
            [("0.3", "%", "change_rel"), ("0.8", "個百分點", "change_pp")],
        ),
        ("開行中歐班列312列。", [("312", "列", "count")]),
    ],
)
def test_numbers_in_words_and_more_change_verbs(
    tmp_path: Path, body: str, expected: list[tuple[str, str, str]]
) -> None:
    q = run(tmp_path, body).quantities
    assert [(format(x.value, "f"), x.unit, x.stat_type) for x in q] == expected


def test_first_among_the_provinces_cities_and_a_month_end(tmp_path: Path) -> None:
    q = run(tmp_path, "8月末,存款餘額12563.8億元;進出口總值3210.7億元,總量居16市之首。", "2025-09-18").quantities
    assert [(x.value, x.rank, x.rank_scope) for x in q] == [
        (Decimal("12563.8"), None, None),
        (Decimal("3210.7"), 1, "370000"),
    ]
    assert q[0].period is not None and q[0].period.start == q[0].period.end == date(2025, 8, 31)


def test_beds_and_a_ranking_that_ranks_no_number(tmp_path: Path) -> None:
    q = run(
        tmp_path, "區域創新能力綜合排名居全省第5位。全市醫療衛生機構床位達到2.86萬張,新增養老床位1260張。"
    ).quantities
    assert [(x.stat_type, format(x.value_base, "f"), x.rank, x.rank_scope) for x in q] == [
        ("rank_only", "5", 5, "370000"),
        ("count", "28600", None, None),
        ("count", "1260", None, None),
    ]
    assert q[0].subject == "區域創新能力綜合排名"


def test_ports_desalination_vessels_and_shortened_times(tmp_path: Path) -> None:
    body = "貨物吞吐量41280萬噸,居全省沿海港口第2位;海水淡化規模達到12.5萬噸/日;遠洋漁船186艘;辦理時限壓縮55%。"
    q = run(tmp_path, body).quantities
    assert [(format(x.value, "f"), x.unit, x.base_unit, x.rank) for x in q] == [
        ("41280", "萬噸", "TONNE", 2),
        ("12.5", "萬噸/日", "TONNE-PER-DAY", None),
        ("186", "艘", "NUM", None),
        ("-55", "%", "PERCENT", None),
    ]


def test_fenbie_changes_after_levels_that_are_no_run_and_parts_after_a_focus(tmp_path: Path) -> None:
    x = run(
        tmp_path, "1—10月,全市接待遊客9865.2萬人次、實現旅遊收入1326.4億元,分別增長7.3%、9.8%;集裝箱吞吐量436萬標箱。"
    )
    q = x.quantities
    assert [(x.change_of, x.subject) for x in q[2:4]] == [(0, q[0].subject), (1, q[1].subject)]
    assert (q[4].value_base, q[4].base_unit) == (Decimal("4360000"), "NUM")
    parts = run(tmp_path, "深入落實《煙臺市建設海洋強市行動方案(2024—2026年)》,聚焦9個方面、32項重點任務。").parts
    assert [(p.part_type, p.count) for p in parts] == [("方面", 9), ("重點任務", 32)]


def test_improvement_is_signed_by_polarity(tmp_path: Path) -> None:
    q = run(tmp_path, "PM2.5濃度同比改善20.5%,優良天數同比改善11.2%,事故起數同比減少3起。").quantities
    assert [format(x.value, "f") for x in q] == ["-20.5", "11.2", "-3"]
    q = run(tmp_path, "環境空氣質量綜合指數同比改善8.1%。").quantities
    assert [format(x.value, "f") for x in q] == ["-8.1"]


def test_pilot_counts_are_count_observations_not_individuals(tmp_path: Path) -> None:
    x = run(tmp_path, "今年以來,已爭取3個“千鄉萬村馭風行動”省級試點單位。")
    (q,) = x.quantities
    assert q.stat_type == "count" and q.level == "LevelProvincial" and q.category == "CatPilot"
    assert not x.designations


def test_named_designations_documents_and_places(tmp_path: Path) -> None:
    x = run(
        tmp_path,
        "德州泰鼎新材料科技有限公司入選2024年國家造紙行業水效領跑者企業。"
        "印發《德州市促進專精特新中小企業高質量發展三年行動方案(2025—2027年)》,落實16項任務43項措施。",
    )
    (designation,) = x.designations
    assert designation.holder == ("enterprise", "taiding") and designation.year == 2024
    assert designation.level == "LevelNational" and designation.category == "CatFrontrunner"
    documents = [e for e in x.entities if e.kind == "document"]
    assert documents[0].attr("doc_type") == "DocActionPlan"
    assert documents[0].attr("period") == "2025-01-01/2027-12-31"
    assert [(p.part_type, p.count) for p in x.parts] == [("任務", 16), ("措施", 43)]


def test_spans_reanchor_in_both_scripts(tmp_path: Path) -> None:
    for body in (
        "新能源發電量占全社會用電量比重達到62.8%,居全省第一位。",
        "新能源发电量占全社会用电量比重达到62.8%,居全省第一位。",
    ):
        x = run(tmp_path, body)
        (q,) = x.quantities
        assert x.document.text[q.span.start : q.span.end] == "62.8%"
        assert q.rank == 1 and q.subject in ("新能源發電量占全社會用電量比重", "新能源发电量占全社会用电量比重")


# ---------------------------------------------------------------------------------------------- issue 9: odd text

DASHES = ("-", "—", "–", "‒", "―", "−", "－", "～", "~", "〜", "﹣", "⸺", "至", "到", " — ", "－ ")


@pytest.mark.parametrize("dash", DASHES, ids=[f"U+{ord(d.strip()):04X}" for d in DASHES])
def test_every_dash_in_month_and_value_ranges_and_full_width_digits(tmp_path: Path, dash: str) -> None:
    level, ranged = run(tmp_path, f"1{dash}7月完成投資１７８．１億元,優選1{dash}2個特色產業集群。").quantities
    assert level.value == Decimal("178.1") and level.value_base == Decimal("17810000000")
    assert level.period is not None and (level.period.start, level.period.end) == (date(2025, 1, 1), date(2025, 7, 31))
    assert (ranged.value, ranged.value_max, "range" in ranged.flags) == (1, 2, True)


@pytest.mark.parametrize(
    ("written", "named"),
    [("1—17月", "1—17月"), ("7—1月", "7—1月"), ("0-7月", "0-7月"), ("13月", "13月"), ("2025年7—1月", "7—1月")],
)
def test_impossible_months_are_no_period_and_a_warning(tmp_path: Path, written: str, named: str) -> None:
    x = run(tmp_path, f"{written}完成投資10億元。")
    (q,) = x.quantities
    assert q.period is None, q.period  # not read as a period: no period is invented from it
    assert any(f":3:{1 + written.index(named)}: {named!r} is no month" in w for w in x.warnings), x.warnings


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("落實十六項任務,連續四年增長,新建五個產業園,新增兩家上市公司,建設兩百個基站。", ["16", "4", "5", "2", "200"]),
        ("一心一意謀發展,萬眾一心,千家萬戶,五湖四海,一帶一路,百花齊放,七上八下,十萬火急。", []),
        ("入選全國十強縣,聚焦兩大任務,推進九大事項,一批項目,一系列政策,一站式服務,第一批試點。", []),
        ("實現“四個一”目標,開展“三提三爭”活動,推動“一縣一業一策”。", []),
    ],
    ids=["numerals", "idioms", "names-and-ordinals", "slogans"],
)
def test_chinese_numerals_and_idioms(tmp_path: Path, body: str, expected: list[str]) -> None:
    assert [format(q.value, "f") for q in run(tmp_path, body).quantities] == expected


def test_numbers_too_long_for_a_statistic_are_warned_not_crashed(tmp_path: Path) -> None:
    x = run(tmp_path, f"完成投資{'9' * 40}億元,{'1' * 5000}家,2.{'3' * 30}%,{'8' * 28}萬億元,增長5%。")
    assert [format(q.value, "f") for q in x.quantities] == ["5"]
    assert sum("is no statistic" in w for w in x.warnings) == 3, x.warnings


def test_windows_line_endings_read_like_unix_ones(tmp_path: Path) -> None:
    body = "1—7月,全市新能源發電量116.8億千瓦時,居全省第3位。\n(一)推進升級。新增綠色工廠12家,同比增長20%。\n"
    body += "截至5月底投資9億元。"
    unix = run(tmp_path, body)
    path = tmp_path / "t.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    crlf = extract(read_briefing(path))
    assert [(q.value, q.unit, q.subject, q.period, q.rank) for q in crlf.quantities] == [
        (q.value, q.unit, q.subject, q.period, q.rank) for q in unix.quantities
    ]
    assert len(unix.quantities) == 4 and [len(d.headings) for d in (unix.document, crlf.document)] == [1, 1]
