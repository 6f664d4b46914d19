"""Which place a figure is of (`sdmx-dimension:refArea`), and other constructions a ninth blind round found:
a benchmark's own figure in parentheses, lists of places, named peer groups, ranks that rank no number, seasons
with explicit dates. Each case is a short synthetic text written for the test from GENRE.md.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from dzkg import api, lexicon
from dzkg.extract import extract
from dzkg.model import Extraction
from dzkg.read import read_briefing
from dzkg.triples import quads

LEXICON = lexicon.load()
AREAS = """
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
SELECT ?value ?area WHERE { GRAPH ?g { ?obs sdmx-measure:obsValue ?value ; sdmx-dimension:refArea ?area } }
"""


def read(tmp_path: Path, body: str, place: str | None = "德州市, 山東省", title: str = "測試簡報") -> Extraction:
    path = tmp_path / "t.txt"
    path.write_text(f"{title}\n來源:測試 日期:2025-08-05\n{body}\n", encoding="utf-8")
    meta = {"id": "t", "published": "2025-08-05"} | ({"place": place} if place else {})
    (tmp_path / "t.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return extract(read_briefing(path), LEXICON)


def areas(x: Extraction) -> dict[str, str]:
    """Each observation's value → the last segment of its area's IRI (a GB/T 2260 code, or CN)."""
    store = Store()
    store.load("\n".join(quads(x, LEXICON)).encode(), format=RdfFormat.N_QUADS)
    return {format(Decimal(row[0].value), "f"): row[1].value.rsplit("/", 1)[1] for row in store.query(AREAS)}


def test_each_place_of_a_list_gets_its_own_figure_of_the_measure_before(tmp_path: Path) -> None:
    x = read(tmp_path, "上半年,全市規模以上工業增加值同比增長7.8%。德城區、陵城區分別增長8.5%、7.9%。")
    assert areas(x) == {"7.8": "371400", "8.5": "371402", "7.9": "371403"}
    assert {q.subject for q in x.quantities} == {"規模以上工業增加值"}


def test_a_provincial_briefing_gives_its_cities_their_figures(tmp_path: Path) -> None:
    body = "上半年,全省规模以上工业增加值同比增长7.8%。济南、青岛分别增长8.5%、7.9%;济南市完成投资120亿元。"
    x = read(tmp_path, body, place="山东省")
    assert areas(x) == {"7.8": "370000", "8.5": "370100", "7.9": "370200", "120": "370100"}
    assert [q.subject for q in x.quantities[1:3]] == ["规模以上工业增加值"] * 2


def test_without_a_place_in_the_meta_the_place_named_first_is_the_briefings(tmp_path: Path) -> None:
    x = read(tmp_path, "全市新增企業12家,德城區新增企業5家。", place=None, title="德州市經濟運行簡報")
    assert areas(x) == {"12": "371400", "5": "371402"}


def test_a_benchmarks_own_figure_in_parentheses_is_the_same_measure_of_the_benchmark(tmp_path: Path) -> None:
    body = "上半年,全市規模以上工業增加值同比增長7.8%,高於全國(6.4%)。研發經費投入強度3.12%,高於全省平均水平(2.58%)。"
    x = read(tmp_path, body)
    assert [(format(q.value, "f"), q.stat_type, q.subject) for q in x.quantities] == [
        ("7.8", "change_rel", "規模以上工業增加值"),
        ("6.4", "change_rel", "規模以上工業增加值"),
        ("3.12", "level", "研發經費投入強度"),
        ("2.58", "level", "研發經費投入強度"),
    ]
    assert areas(x) == {"7.8": "371400", "6.4": "CN", "3.12": "371400", "2.58": "370000"}


def test_ranks_among_named_peers_and_ranks_that_rank_no_number(tmp_path: Path) -> None:
    body = (
        "2024年,地区生产总值达13860.5亿元,总量居副省级城市第9位。1—6月,綜合實力保持全省縣域第2位,"
        "主要經濟指標列全省第一方陣。"
    )
    q = read(tmp_path, body).quantities
    assert [(format(x.value, "f"), x.stat_type, x.rank, x.rank_scope, x.subject) for x in q] == [
        ("13860.5", "level", 9, "副省级城市", "地区生产总值"),
        ("2", "rank_only", 2, "370000", "綜合實力"),
    ]
    assert q[1].period is not None and (q[1].period.start, q[1].period.end) == (date(2025, 1, 1), date(2025, 6, 30))


def test_a_season_with_explicit_dates_is_a_period_and_a_date_is_not(tmp_path: Path) -> None:
    body = "冬防期間(2024年11月15日至2025年3月15日),全市查處超標排放車輛2160輛。\n2025年7月15日,新增企業12家。"
    q = read(tmp_path, body).quantities
    assert q[0].period is not None and (q[0].period.start, q[0].period.end) == (date(2024, 11, 15), date(2025, 3, 15))
    assert q[1].period is None


def test_eval_scores_the_gold_area_where_the_gold_names_one(tmp_path: Path) -> None:
    read(tmp_path, "上半年,全市規模以上工業增加值同比增長7.8%。德城區、陵城區分別增長8.5%、7.9%。")
    api.build([tmp_path / "t.txt"], output=tmp_path / "g.trig", progress=False)
    text = (tmp_path / "t.txt").read_text(encoding="utf-8")

    def gold(value: str, area: str | None) -> dict[str, object]:
        quote = f"{value}%"
        return {"start": text.index(quote), "quote": quote, "value": value, "unit": "%", "area": area}

    facts = [gold("7.8", "德州市"), gold("8.5", "德城区"), gold("7.9", "德城區"), gold("7.8", None)]
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in facts), encoding="utf-8")
    result = api.evaluate_gold([path], graph=tmp_path / "g.trig")
    assert (result["area_scored"], result["area_accuracy"]) == (3, round(2 / 3, 4))
    assert [w for w in result.wrong if w.startswith("area")] == [
        "area: 7.9% → gold 德城區 / row 371403 (Lingcheng District|陵城区|陵城區)"
    ]


LIAOCHENG = (
    "1—8月,東阿縣規模以上工業增加值同比增長11.3%,增速居全市第1位;新增企業23家。全市新增企業150家。"
    "聊城經濟技術開發區完成投資86.7億元;新開工項目17個,全市新開工項目96個。"
    "東阿縣、臨清市等4個縣(市)增速高於全市平均水平。"
)
HEZE = (
    "单县、曹县分别新开工项目38个、35个,分别完成投资92.4亿元、86.1亿元。"
    "鄄城县、成武县新开工项目数同比分别增加6个、4个。烟台、威海两市分别增长3.1%、2.4%。"
    "马尚街道完成税收9.86亿元;和平街道、车站街道分别完成7.42亿元、5.18亿元。"
)


def test_a_county_opening_a_clause_owns_the_figures_after_it_in_its_sentence(tmp_path: Path) -> None:
    x = read(tmp_path, LIAOCHENG, place="聊城市, 山東省")
    assert areas(x) == {
        "11.3": "371524",
        "23": "371524",
        "150": "371500",
        "86.7": areas(x)["17"],
        "17": areas(x)["86.7"],
        "96": "371500",
        "4": "371500",
    }
    assert areas(x)["17"] not in ("371500", "371524")  # the development zone, a place of its own


def test_lists_of_counties_and_subdistricts_and_a_list_after_a_list(tmp_path: Path) -> None:
    x = read(tmp_path, HEZE, place="菏泽市, 山东省")
    found = areas(x)
    assert [found[v] for v in ("38", "35", "92.4", "86.1", "6", "4", "3.1", "2.4")] == [
        "371722", "371721", "371722", "371721", "371726", "371723", "370600", "371000",
    ]  # fmt: skip
    towns = {found["9.86"], found["7.42"]}  # 马尚街道's and 和平街道's
    assert len(towns) == 2 and not towns & {"371700", "370000"}
    assert [q.subject for q in x.quantities if format(q.value, "f") in ("6", "4")] == ["新开工项目数"] * 2


def test_a_district_briefing_reads_quanshi_as_its_city(tmp_path: Path) -> None:
    body = "1—8月,社会消费品零售总额312.6亿元,同比增长6.8%,高于全市(5.3%)和全省(5.0%),增速居全市第1位。"
    x = read(tmp_path, body, place="张店区, 淄博市, 山东省")
    assert areas(x) == {"312.6": "370303", "6.8": "370303", "5.3": "370300", "5": "370000"}
    assert [(q.stat_type, q.rank, q.rank_scope) for q in x.quantities][1:] == [
        ("change_rel", 1, "370300"),
        ("change_rel", None, None),
        ("change_rel", None, None),
    ]


TAIAN = (
    "在新泰市,新增示範鎮4個。寧陽縣方面,新增企業23家,累計達到386家。全市共有11個鎮獲評,其中新泰市4個、肥城市3個。"
    "肥城市安臨站鎮建成果園3.6萬畝。壽光市羊口鎮、昌邑市卜莊鎮兩個鎮入選。安丘市汶河等11處獲評,新泰市實施羊流鎮項目等6個項目。"
)


def test_places_named_before_a_comma_after_zai_in_a_segment_and_towns_of_a_county(tmp_path: Path) -> None:
    x = read(tmp_path, TAIAN, place="泰安市, 山東省")
    found = areas(x)
    assert [found[v] for v in ("4", "23", "386", "11", "3", "2", "6")] == [
        "370982", "370921", "370921", "370900", "370983", "370900", "370982",
    ]  # fmt: skip
    town = found["3.6"]
    assert town not in ("370900", "370983") and any(e.name == "安臨站鎮" for e in x.entities)
    assert [q.area for q in x.quantities if format(q.value, "f") == "11"] == [None, None]  # 11個鎮, 等11處


def test_peer_groups_lists_a_rank_is_in_and_a_holiday(tmp_path: Path) -> None:
    body = (
        "1—10月,臨朐縣PM2.5濃度同比改善12.5%,改善幅度在全市12個縣市區中排名第2位;增速居全省16市第4位。"
        "曲阜市連續兩年入選全國縣域旅遊綜合實力百強縣,2025年位列第9位。2025年國慶假期(10月1日—8日),接待遊客698.5萬人次。"
    )
    q = read(tmp_path, body, place="濰坊市, 山東省").quantities
    assert [(format(x.value, "f"), x.rank, x.rank_scope) for x in q if x.rank] == [
        ("-12.5", 2, "370700"),
        ("4", 4, "370000"),  # a rank that ranks no number of its sentence is its own observation
        ("9", 9, "全國縣域旅遊綜合實力百強縣"),
    ]
    assert not [x for x in q if format(x.value, "f") in ("12", "16")]  # the size of a peer group is no figure
    holiday = q[-1].period
    assert holiday is not None and (holiday.start, holiday.end) == (date(2025, 10, 1), date(2025, 10, 8))


def test_a_grade_in_an_assessment_takes_the_assessments_level(tmp_path: Path) -> None:
    x = read(tmp_path, "濰坊市連續三年在全省生態環境保護綜合考核中獲評優秀等次。", place="濰坊市, 山東省")
    assert [(d.level, d.programme) for d in x.designations] == [("LevelProvincial", "全省生态环境保护综合考核优秀等次")]


def test_other_cities_and_names_that_start_with_a_place(tmp_path: Path) -> None:
    dezhou = "1—10月,济南市完成10985.3亿元,占全圈比重为28.4%;聊城市向我市供应天然气8650万立方米。全市完成投资520亿元。"
    assert areas(read(tmp_path, dezhou, place="德州市, 山东省")) == {
        "10985.3": "370100",
        "28.4": "370100",
        "8650": "371500",
        "520": "371400",
    }
    binzhou = "邹平市鑫拓铝业科技有限公司生产铝板带21.4万吨。淄博华辰新能源材料有限公司等8个项目开工,总投资63.5亿元。"
    assert areas(read(tmp_path, binzhou, place="滨州市, 山东省"))["21.4"] == "371681"
    zhangdian = areas(read(tmp_path, binzhou, place="张店区, 淄博市, 山东省"))
    assert (zhangdian["8"], zhangdian["63.5"]) == ("370303", "370303")  # 淄博… names a firm of the district's city


def test_ranks_among_a_named_circle_and_a_target_for_the_half_year_under_way(tmp_path: Path) -> None:
    body = (
        "一般公共预算收入183.7亿元,居省会经济圈7市第3位;投资512.3亿元,居15个副省级城市第3位。"
        "力争上半年新开工项目200个以上。"
    )
    path = tmp_path / "t.txt"
    path.write_text(f"標題\n日期:2025-04-22\n{body}\n", encoding="utf-8")
    q = extract(read_briefing(path), LEXICON).quantities
    assert [(format(x.value, "f"), x.rank, x.rank_scope) for x in q] == [
        ("183.7", 3, "省会经济圈"),
        ("512.3", 3, "副省级城市"),
        ("200", None, None),
    ]
    assert q[2].period is not None and (q[2].period.start, q[2].period.end) == (date(2025, 1, 1), date(2025, 6, 30))


def test_a_zone_called_by_its_short_name_a_zone_after_qizhong_and_the_citys_own_leaders(tmp_path: Path) -> None:
    """The thirteenth blind round: 開發區 after the zone's full name is that zone; 上合示范區 after 其中 is a zone
    (上 is not the start of 上半年); 市級領導… is the city's again after a county's clause."""
    body = (
        "1—10月,德州經濟技術開發區完成投資86.7億元。截至10月底,開發區已竣工投產項目16個。"
        "禹城市進出口41.2億元,其中上合示范區實現進出口18.6億元。"
        "今年以來,其中陵城區落實用地2860畝;市級領導牽頭召開項目推進會14場。"
    )
    x = areas(read(tmp_path, body))
    zone = "dezhou-etdz"  # 德州經濟技術開發區 (the lexicon's)
    assert (x["86.7"], x["16"]) == (zone, zone)
    assert (x["41.2"], x["2860"], x["14"]) == ("371482", "371403", "371400")
    assert x["18.6"] not in ("371482", "371400")


def test_a_total_ranks_its_level_and_a_national_peer_group_is_its_scope(tmp_path: Path) -> None:
    body = (
        "全市货物进出口总额601.4亿元,同比增长5.3%,高于全省(3.9%),总量居全国副省级城市第3位。"
        "全市海洋生产总值296.3亿元,同比增长6.1%,占全市地区生产总值比重达30.5%,总量居全省首位。"
        "全市新开辟外贸航线12条,总数达到236条。"
    )
    q = read(tmp_path, body).quantities
    assert [(format(x.value, "f"), x.rank, x.rank_scope) for x in q if x.rank] == [
        ("601.4", 3, "全国副省级城市"),
        ("296.3", 1, "370000"),
    ]
    assert [(format(x.value, "f"), x.stat_type) for x in q[-2:]] == [("12", "change_abs"), ("236", "count")]


def test_ranks_given_out_with_fenlie_and_parks_of_a_kind(tmp_path: Path) -> None:
    """The fourteenth blind round: 分列全市第1位、第2位 gives each member its rank; 與濟南、泰安等城市共建產業園區
    names parks of a kind, not a park, so their count is the city's."""
    body = (
        "1—8月,德城區、陵城區新簽約過億元項目分別達38個、35個,分列全市第1位、第2位。"
        "全市與濟南、泰安等城市共建產業園區3個。"
    )
    x = read(tmp_path, body)
    assert [(format(q.value, "f"), q.rank, q.rank_scope) for q in x.quantities] == [
        ("38", 1, "371400"),
        ("35", 2, "371400"),
        ("3", None, None),
    ]
    assert areas(x)["3"] == "371400"


ROUND_15 = (
    "壽光市設施蔬菜面積達到60.3萬畝,其中稻田鎮12.6萬畝、古城街道8.2萬畝。"
    "德州經濟技術開發區完成投資86.7億元。經開區集聚配套企業57家。"
    "1—5月,生鐵、粗鋼、鋼材產量分別為1105萬噸、1190.3萬噸、1216.8萬噸,粗鋼產量居全省首位。"
    "德州港貨物吞吐量2.43億噸,居全國沿海港口第8位。"
)
ROUND_16 = (
    "今年以來,全市新增省級專精特新中小企業23家,其中陵城區9家;新增國家級專精特新“小巨人”企業4家。"
    "1—7月,禹城市、樂陵市營業收入分別達到812.3億元、406.9億元;德城區、陵城區增速較快,分別增長12.4%、9.7%。"
    "規模以上工業增加值增速達到14.2%,居全市各區市首位。\n"
    "國慶中秋假期(10月1日至8日),全市接待遊客286.4萬人次。假期期間,全市舉辦文旅活動320餘場。"
)


def test_towns_in_a_breakdown_a_zone_by_its_abbreviation_and_a_rank_of_one_member(tmp_path: Path) -> None:
    """The fifteenth blind round: each town of 其中稻田鎮…、古城街道… is its figure's place; 經開區 after
    德州經濟技術開發區 is that zone; 粗鋼產量居全省首位 after a 分別 list ranks the list's second member; a port
    ranked among the country's coastal ports is ranked in the country (as the gold has it)."""
    x = read(tmp_path, ROUND_15)
    where = areas(x)
    assert (where["60.3"], where["57"]) == ("370783", "dezhou-etdz")
    assert len({where["12.6"], where["8.2"], "370783"}) == 3
    ranked = [(format(q.value, "f"), q.rank, q.rank_scope) for q in x.quantities if q.rank]
    assert ranked == [("1190.3", 1, "370000"), ("2.43", 8, "CN")]


def test_a_breakdowns_place_ends_at_a_semicolon_and_a_list_named_in_the_clause_before(tmp_path: Path) -> None:
    """The sixteenth blind round: after 其中陵城區9家; the next figure is the city's again; 德城區、陵城區增速較快,
    分別增長… takes its places from the clause before; 居全市各區市首位 is a rank in the city; 假期期間 is the
    holiday dated in the sentence before."""
    x = read(tmp_path, ROUND_16)
    where = areas(x)
    assert (where["9"], where["4"]) == ("371403", "371400")
    assert (where["12.4"], where["9.7"]) == ("371402", "371403")
    by_value = {format(q.value, "f"): q for q in x.quantities}
    assert {by_value[v].subject for v in ("812.3", "406.9", "12.4", "9.7")} == {"營業收入"}
    assert (by_value["14.2"].rank, by_value["14.2"].rank_scope) == (1, "371400")
    held = by_value["320"].period
    assert held is not None and (held.start, held.end) == (date(2025, 10, 1), date(2025, 10, 8))


ROUND_17 = (
    "德州綜合保稅區1—7月實現進出口總額46.2億元,同比增長11.4%。其中,出口30.5億元;進口15.7億元,同比下降2.6%,"
    "降幅較一季度收窄1.2個百分點。全市出口120億元。\n"
    "恒興化工產業園(臨邑)規劃面積28.6平方公里。園區在建項目19個、總投資226億元。\n"
    "山東自貿試驗區德州片區新增制度創新成果14項。中國—東盟產業合作示範區(東盟示範區)進出口82.4億元。"
    "預計東盟示範區全年進出口突破150億元。全市淘寶鎮12個。\n"
    "上半年,全市新建快遞站點96處,其中德城區21處、陵城區18處;陵城區冷鏈倉儲庫容達到24萬立方米。"
)


def test_zones_of_more_kinds_a_breakdown_sentence_and_a_zone_by_its_bracketed_name(tmp_path: Path) -> None:
    """The seventeenth blind round: a 綜合保稅區, an 產業園 (then 園區), a 自貿試驗區 片區 and a 中國—…示範區 are
    zones their figures are of; a sentence opening with 其中 breaks down the sentence before; a zone named in
    brackets after its full name (東盟示範區) is the same zone, also after 預計; 淘寶鎮 is counted, not a town; a
    county's own new measure after its breakdown figure (陵城區18處;陵城區冷鏈倉儲庫容…) is not read on from it."""
    x = read(tmp_path, ROUND_17)
    where = areas(x)
    zone = where["46.2"]
    assert zone not in ("371400", "370000")
    assert [where[v] for v in ("11.4", "30.5", "15.7", "-2.6", "-1.2")] == [zone] * 5 and where["120"] == "371400"
    park = where["28.6"]
    assert park != "371400" and where["19"] == where["226"] == park
    assert where["14"] not in ("371400", park, zone)
    assert where["82.4"] == where["150"] not in ("371400", zone, park)
    assert (where["12"], where["24"]) == ("371400", "371403")
    subject = {format(q.value, "f"): q.subject for q in x.quantities}
    assert (subject["-1.2"], subject["28.6"], subject["82.4"], subject["24"]) == (
        "進口降幅",
        "規劃面積",
        "進出口",
        "冷鏈倉儲庫容",
    )
    places = {e.name for e in x.entities if e.kind == "place"}
    assert "淘寶鎮" not in places and not any(name.startswith("預計") for name in places)
    (zone_entity,) = [e for e in x.entities if e.name.startswith("中國—東盟")]
    assert zone_entity.attr("short") == "東盟示範區" and len(zone_entity.spans) == 3


def test_the_shanghai_cooperation_organisation_names_no_place(tmp_path: Path) -> None:
    """中國—上海合作組織地方經貿合作示範區 (held-out round 17): 上海 there is part of the organisation's name, not a
    mention of Shanghai; the zone is the figure's place."""
    x = read(tmp_path, "中國—上海合作組織地方經貿合作示範區(上合示範區)進出口628.3億元。", place="青島市, 山東省")
    assert "310000" not in {e.key for e in x.entities if e.kind == "place"}
    (figure,) = x.quantities
    assert figure.area is not None and figure.area not in ("370200", "310000")


ROUND_18 = (
    "東平縣入選首批省級文旅融合發展示範縣(全省共8個)。\n"
    "1—9月,泰山景區累計接待進山遊客52.8萬人次,日均6.6萬人次。景區新開通夜遊線路2條。全市新增4A級旅遊景區3家。\n"
    "德州高新技術產業開發區軟件業務收入315.3億元。預計全年全市軟件業務收入將突破600億元,高新區達到400億元左右。"
    "全市軟件業務收入同比增長13.6%,規模居全國15個副省級城市第5位。"
)


def test_a_whole_in_brackets_a_scenic_area_and_a_zone_by_its_short_name_alone(tmp_path: Path) -> None:
    """The eighteenth blind round: (全省共8個) is the province's count; a scenic area (泰山景區, then 景區) is the
    place of its figures, while 4A級旅遊景區 is a grade, not a place; 高新區 after the zone's full name is that
    zone and takes the measure before it (將 is not part of a subject); a peer group's size is not its name."""
    x = read(tmp_path, ROUND_18)
    where = areas(x)
    assert where["8"] == "370000" and where["3"] == "371400" and where["600"] == "371400"
    assert where["52.8"] == where["6.6"] == where["2"] not in ("371400", "370000")
    assert where["400"] == where["315.3"] not in ("371400", "370000")
    assert not any(e.name.endswith("旅遊景區") for e in x.entities if e.kind == "place")
    subject = {format(q.value, "f"): q.subject for q in x.quantities}
    assert subject["400"] == subject["600"] == "軟件業務收入"
    ranked = [(q.rank, q.rank_scope) for q in x.quantities if q.rank]
    assert ranked == [(5, "全國副省級城市")]


def test_a_zone_named_in_full_in_a_list_and_a_county_by_its_short_name_in_a_breakdown(tmp_path: Path) -> None:
    """The eighteenth blind round: 歷下區、濟南高新技術產業開發區…分別 gives the second figure to the zone (not to 濟南,
    the city its name opens with); 其中禹城37個 is 禹城市's count of the measure before it, while 日照港… keeps its
    port (a short city name is taken out of a subject only when it is all the subject says)."""
    body = (
        "1—7月,德城區、德州運河高新區軟件業務收入分別完成84.6億元、191.3億元。"
        "全市新開工項目143個,其中禹城37個、樂陵29個。"
    )
    x = read(tmp_path, body)
    by_value = {format(q.value, "f"): q for q in x.quantities}
    assert by_value["84.6"].area == "371402" and by_value["191.3"].area not in (None, "371400", "371402")
    assert by_value["191.3"].subject == "軟件業務收入"
    assert (by_value["37"].area, by_value["37"].subject) == ("371482", "新開工項目")
    port = read(tmp_path, "日照港貨物吞吐量3.1億噸。", place="日照市, 山東省").quantities[0]
    assert port.subject == "日照港貨物吞吐量"


def test_a_growth_that_names_only_its_place_measures_the_levels_before_it(tmp_path: Path) -> None:
    """Held-out rounds 17 and 18: after a 分別 list of places' levels, 陵城區同比增長18.3% names only its place; the
    growth is of the measure the list states (an earlier share in the paragraph is another measure)."""
    body = (
        "全市裝備製造業產值912.4億元,其中高端裝備占比達到41.2%。"
        "分區域看,德城區、禹城市裝備製造業產值分別完成318.7億元、296.2億元,陵城區同比增長18.3%,增速居全市首位。"
    )
    x = read(tmp_path, body)
    growth = next(q for q in x.quantities if format(q.value, "f") == "18.3")
    assert (growth.area, growth.subject) == ("371403", "裝備製造業產值")
