"""Issue 9, item 7: property-based and fuzz tests (hypothesis, derandomised: the same examples on every run).

Numbers, units and periods written out from known values read back to those values; random Unicode and random
mixtures of briefing fragments never crash read → extract → triples, and every span the graph carries re-anchors
in the text (`check.spans`, the same check `dzkg validate` runs). The fragments are written for the tests.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import cn2an
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dzkg import check, lexicon
from dzkg.errors import InputError
from dzkg.extract import extract
from dzkg.extract.periods import find_periods
from dzkg.extract.text import parse_number
from dzkg.model import Extraction, Span
from dzkg.normalize import fold
from dzkg.read import read_briefing
from dzkg.triples import quads

LEXICON = lexicon.load()
FUZZ = settings(
    max_examples=120, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
DASHES = ("-", "—", "–", "―", "−", "－", "～", "~", "〜", "至", "到")
FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz")


def read(folder: Path, body: str | bytes, published: str = "2025-09-03") -> Extraction:
    path = folder / "f.txt"
    head = f"德州市推進高質量發展\n來源:測試 日期:{published}\n".encode()
    path.write_bytes(head + (body.encode("utf-8") if isinstance(body, str) else body))
    return extract(read_briefing(path), LEXICON)


# ---------------------------------------------------------------------------------------------- numbers


@st.composite
def arabic(draw: st.DrawFn) -> tuple[str, Decimal]:
    whole = draw(st.integers(0, 10**13))
    fraction = draw(st.text("0123456789", max_size=4))
    text = f"{whole:,}" if draw(st.booleans()) else str(whole)
    return text + (f".{fraction}" if fraction else ""), Decimal(f"{whole}.{fraction or 0}")


@FUZZ
@given(arabic())
def test_arabic_numbers_round_trip(written: tuple[str, Decimal]) -> None:
    text, value = written
    assert parse_number(text) == value


@FUZZ
@given(st.integers(1, 10**12 - 1), st.booleans())
def test_chinese_numerals_round_trip(value: int, liang: bool) -> None:
    text = cn2an.an2cn(value)
    if liang and text.startswith("二") and text[1:2] in ("千", "万", "亿"):
        text = "两" + text[1:]  # 两千, 两万, 两亿 as often written
    assert parse_number(text) == value, text


UNITS = sorted(u for u, unit in LEXICON.units.items() if unit.base not in ("YR", "MO", "DAY"))
"""Every unit but durations (年, 个月, 天 count only after 连续, 近 …: tested in test_extract)."""


@FUZZ
@given(st.sampled_from(UNITS), st.integers(1, 10**6), st.sampled_from(["", ".5", ".25", ".125"]), st.booleans())
def test_a_number_with_any_unit_reads_back(folder: Path, unit: str, whole: int, fraction: str, wide: bool) -> None:
    written = f"{whole}{fraction}"
    body = f"全市完成{written.translate(FULL_WIDTH) if wide else written}{unit}。"
    (q,) = read(folder, body).quantities
    value = Decimal(written)
    assert (q.value, q.unit_key) == (value, unit), (body, q)
    assert q.value_base == (value * LEXICON.units[unit].multiplier).normalize() or q.value_base == value * (
        LEXICON.units[unit].multiplier
    ), (body, q.value_base)


# ---------------------------------------------------------------------------------------------- periods


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def year_of(first: int, last: int, published: date) -> int:
    """The documented rule (periods.py): months that end after the publication month are last year's, unless
    they start in or after it in a briefing published after February (then they are this year's)."""
    ahead = first >= published.month and published.month > 2
    return published.year if last <= published.month or ahead else published.year - 1


def periods(text: str, published: date) -> list[tuple[date, date, str | None]]:
    return [(p.start, p.end, p.text) for _, p in find_periods(fold(text), 0, len(text), published, text)]


def month_word(month: int, chinese: bool) -> str:
    return cn2an.an2cn(month) if chinese else str(month)


@FUZZ
@given(
    st.integers(1, 12),
    st.integers(1, 12),
    st.sampled_from(DASHES),
    st.sampled_from(["", "份"]),
    st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    st.booleans(),
)
def test_month_ranges_round_trip_and_impossible_ones_are_none(
    first: int, last: int, dash: str, suffix: str, published: date, wide: bool
) -> None:
    text = f"{first}{dash}{last}月{suffix}"
    text = text.translate(FULL_WIDTH) if wide else text
    found = periods(text, published)
    if first > last:
        assert not any(start.month == first for start, _, _ in found), (text, found)  # no range is read
        return
    year = year_of(first, last, published)
    assert found == [(date(year, first, 1), month_end(year, last), text)], text


@FUZZ
@given(
    st.integers(1, 12), st.booleans(), st.sampled_from(["月", "月份"]), st.dates(date(2000, 1, 1), date(2099, 12, 1))
)
def test_single_months_and_first_months_round_trip(month: int, chinese: bool, word: str, published: date) -> None:
    year = year_of(month, month, published)
    written = month_word(month, chinese)
    assert periods(f"{written}{word}", published) == [(date(year, month, 1), month_end(year, month), written + word)]
    first = f"前{cn2an.an2cn(month)}个月"
    year = year_of(1, month, published)
    assert periods(first, published) == [(date(year, 1, 1), month_end(year, month), first)]


@FUZZ
@given(st.integers(1949, 2100), st.integers(0, 10), st.sampled_from(DASHES), st.integers(1, 12), st.integers(1, 12))
def test_year_ranges_and_dated_month_ranges_round_trip(year: int, span: int, dash: str, first: int, last: int) -> None:
    published = date(2025, 9, 3)
    years = f"({year}{dash}{year + span}年)"
    assert periods(years, published) == [(date(year, 1, 1), date(year + span, 12, 31), years)]
    dated = f"{year}年{first}{dash}{last}月"
    expected = [(date(year, first, 1), month_end(year, last), dated)] if first <= last else []
    assert periods(dated, published) == expected, dated


# ---------------------------------------------------------------------------------------------- fuzz


def spans_of(x: Extraction) -> Iterator[Span]:
    for q in x.quantities:
        yield from (q.span, q.clause, q.sentence)
        assert q.sentence.contains(q.span) and q.sentence.contains(q.clause), q
    for entity in x.entities:
        yield from entity.spans
    yield from (r.span for r in x.relations)
    yield from (p.span for p in x.parts)
    yield from (d.span for d in x.designations)


def assert_sound(x: Extraction) -> None:
    """Every record's span lies in the text, and every span of the graph re-anchors: text[start:end] == exact."""
    text = x.document.text
    assert all(0 <= span.start < span.end <= len(text) for span in spans_of(x))
    store = ox.Store()
    store.extend(ox.parse("".join(quads(x, LEXICON)).encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert check.spans(store, {x.document.id: text}) == []


@FUZZ
@given(st.text(max_size=400))
def test_random_unicode_never_crashes_and_spans_reanchor(folder: Path, body: str) -> None:
    try:
        extraction = read(folder, body)
    except InputError:
        return  # refused with a message (binary-looking, mojibake, …): also a clear outcome
    assert_sound(extraction)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_are_read_or_refused_never_crash(folder: Path, body: bytes) -> None:
    try:
        extraction = read(folder, body)
    except InputError as error:
        assert str(error).startswith(str(folder / "f.txt")), error
        return
    assert_sound(extraction)


FRAGMENTS = (
    "1—7月,全市新能源發電量116.8億千瓦時,居全省第3位,較去年同期增加19.1億千瓦時",
    "新能源发电量占全社会用电量比重达到62.8%,居全省第一位",
    "今年以來,全市新增省級綠色工廠12家,同比增長20%",
    "截至5月底,累計完成投資178.1億元,年度投資完成率為85.3%",
    "印發《德州市促進專精特新中小企業高質量發展三年行動方案(2025—2027年)》,落實16項任務43項措施",
    "德州泰鼎新材料科技有限公司入选2024年国家造纸行业水效领跑者企业",
    "PM2.5濃度同比改善20.5%,優良天數同比改善11.2%",
    "锂电、储能细分行业增速分别提升7.7个、15.7个百分点",
    "引進阿里巴巴等12個項目,總投資45億元",
    "規上工業增加值同比增長8.3%,增速居全省第2位",
    "前三季度,氢能产业链产值实现翻番,高端铝产业链营收近千亿",
    "已争取3个“千乡万村驭风行动”省级试点单位",
    "(一)深度對接京津冀",
    "一是扩容量",
    "著力推進工業轉型升級",
    "分别为3、5家",
    "优选1—2个特色产业集群",
    "預計全年可達130億千瓦時",
    "力爭到2027年產值達到500億元",
    "连续四年入选百强",
    "濟寧市(第37位)入選全國百強市",
    "魯政辦字〔2023〕5號",
    "“十四五”期间",
    "1—17月",
    "7—1月",
)
NOISE = ("。", ",", "、", ";", ":", "\n", "\r\n", "?", "？", "\u3000", " ", "！", "——", "“", "”", "《", "》", "(", ")")


@st.composite
def mixtures(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(FRAGMENTS),
                st.sampled_from(FRAGMENTS).map(lambda f: f.translate(FULL_WIDTH)),
                st.sampled_from(FRAGMENTS).map(lambda f: f[: len(f) // 2]),  # half copied
                st.sampled_from(NOISE),
                st.text(max_size=6),
                st.from_regex(r"[0-9０-９一二两三四五六七八九十百千万亿.,、%％]{1,8}", fullmatch=True),
            ),
            max_size=30,
        )
    )
    return "".join(pieces)


@FUZZ
@given(mixtures(), st.dates(date(2018, 1, 1), date(2030, 12, 31)))
def test_mixtures_of_briefing_fragments_never_crash_and_spans_reanchor(
    folder: Path, body: str, published: date
) -> None:
    try:
        extraction = read(folder, body, published.isoformat())
    except InputError:
        return
    assert_sound(extraction)
