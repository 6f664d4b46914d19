"""Period expressions in folded text → `Period` (extract stage, no rdflib).

The year comes from the publication date when the text omits it; a month range that ends after the
publication month belongs to the previous year (a January briefing speaking of 1—11月), unless it lies wholly
ahead of the publication month after February (下半年 in a June briefing). Comparators such as 较去年同期 or 比上年
are not periods.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Iterator
from datetime import date, timedelta

from dzkg.model import Period, Span

_CN = "零一二两三四五六七八九十"
_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}
_M = r"(\d{1,2}|[一二两三四五六七八九十]{1,3})"
_Y = r"(\d{4})"
_D = r"(\d{1,2})\s*月\s*(\d{1,2})\s*日"  # a month and day

# Order matters: longer, more specific expressions first; one alternation, scanned left to right.
_PATTERNS: list[tuple[str, str]] = [
    ("dates", rf"{_Y}\s*年\s*{_D}\s*(?:-|至|到)\s*(?:{_Y}\s*年\s*)?{_D}"),
    ("years", rf"\(?{_Y}\s*年?\s*(?:-|至|到)\s*{_Y}\s*年\)?"),
    ("plan", r"“?(十[一二三四五六七八九]五)”?(?:期间|时期|规划期)"),
    ("plan_so_far", r"“?(十[一二三四五六七八九]五)”?以来"),
    ("until_year_end", rf"(?:(?:截至|截止)\s*)?{_Y}\s*年(?:底|末)(?!\s*(?:前|以前))"),
    ("by_year", rf"(?:到|至|截至|截止)\s*{_Y}\s*年(?:底|末)?"),
    ("ym_range", rf"{_Y}\s*年\s*{_M}\s*(?:-|至|到)\s*{_M}\s*月(?:份)?"),
    ("days", r"(\d{1,2})月(\d{1,2})日\s*(?:-|至|到)\s*(\d{1,2})月(\d{1,2})日"),
    ("days_in_month", r"(\d{1,2})月(\d{1,2})日\s*(?:-|至|到)\s*(\d{1,2})日"),  # 国庆假期(10月1日—8日)
    ("until_ym", rf"截至\s*{_Y}\s*年\s*{_M}\s*月(?:底|末)"),
    ("ym", rf"{_Y}\s*年\s*{_M}\s*月(?:份)?(?:底|末)?(?!\s*\d)"),  # not a date (2025年7月15日)
    ("m_range", rf"(?<![\d.]){_M}\s*(?:-|至|到)\s*{_M}\s*月(?:份)?"),
    ("first_months", rf"(?:今年|本年)?前\s*{_M}\s*个月"),
    ("quarters", r"(?:今年)?前三季度|(?:今年)?前两季度"),
    ("quarter", r"(?:今年)?(?:第)?([一二三四1-4])季度"),
    ("half", r"(?:今年)?(上|下)半年"),
    ("until_month", rf"(?:截至\s*)?(?<![\d.\-到])(?<![^截]至){_M}\s*月(?:底|末)"),  # 截至5月底, 8月末
    ("month", rf"(?<![\d.\-至到]){_M}\s*月(?:份)?(?:当月)?(?![\d])"),
    ("ytd", r"今年以来|年初以来"),
    ("now", r"截至目前|截至当前|截至发稿|目前|当前"),
    ("year", rf"(?<![\d.]){_Y}\s*年(?:度|全年)?(?![\d]*月)"),
    ("last_year", r"(?<![较比同])(?:去年一年|过去一年|去年全年|上一年度|去年)(?!同期)"),
    ("this_year", r"全年|本年度|本年|今年(?!以来)"),
]
_REGEX = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS))
_COMPARATOR = re.compile(r"(?:较|比|与)(?:去年|上年|上年度)(?:同期)?|同比|环比")


def _num(token: str) -> int:
    if token.isdigit():
        return int(token)
    if len(token) == 1:
        return _CN_VALUE[token]
    if token.startswith("十"):
        return 10 + (_CN_VALUE[token[1]] if len(token) > 1 else 0)
    tens, _, ones = token.partition("十")
    return _CN_VALUE[tens] * 10 + (_CN_VALUE[ones] if ones else 0)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year_for(month_end: int, published: date, month_start: int = 1) -> int:
    """The year of months given without one: the publication year, but last year for months that end after
    the publication month (a January briefing's 1—11月), unless they start in it or after it in a briefing
    published after February (下半年 in a June briefing is this year's, a plan)."""
    if month_end <= published.month or (month_start >= published.month and published.month > 2):
        return published.year
    return published.year - 1


def find_periods(norm: str, start: int, end: int, published: date, text: str) -> Iterator[tuple[Span, Period]]:
    """Every period expression in norm[start:end]; spans and `Period.text` refer to the source `text`."""
    for match in _REGEX.finditer(norm, start, end):
        if norm[match.start() - 1 : match.start()] in ("较", "比", "与") and match.start() > 0:
            continue  # 较5月份加快, 降幅比1-5月份收窄: the comparison base, not the period
        period = _period(match, published)
        if period is None:
            continue
        span = Span(match.start(), match.end())
        yield span, Period(period[0], period[1], text[span.start : span.end])


_DURING = re.compile(r"(?:假期|节日|节假日|黄金周|活动)期间")


def during(norm: str, start: int, end: int, text: str, spell: Period | None) -> list[tuple[Span, Period]]:
    """假期期间 in norm[start:end] as the dated spell named before it (国庆假期(10月1日至8日)…。假期期间,…), or []."""
    if spell is None:
        return []
    found = _DURING.finditer(norm, start, end)
    return [(Span(m.start(), m.end()), Period(spell.start, spell.end, text[m.start() : m.end()])) for m in found]


def spell_of(periods: list[tuple[Span, Period]], last: Period | None) -> Period | None:
    """The last dated spell of a few days or weeks among `periods` (a holiday, a campaign), else `last`."""
    spells = [p for _, p in periods if p.start < p.end <= p.start + timedelta(days=61) and not _whole_months(p)]
    return spells[-1] if spells else last


def _whole_months(period: Period) -> bool:
    return period.start.day == 1 and period.end == _month_end(period.end.year, period.end.month)


def _period(match: re.Match[str], published: date) -> tuple[date, date] | None:
    kind = match.lastgroup
    groups = [g for g in match.groups()[match.re.groupindex[kind] :] if g is not None] if kind else []
    year = published.year
    try:
        if kind == "dates":  # 冬防期间(2024年11月15日至2025年3月15日)
            y1, m1, d1, *rest = (int(g) for g in groups)
            y2, m2, d2 = rest if len(rest) == 3 else (y1, *rest)
            first, last = date(y1, m1, d1), date(y2, m2, d2)
            return (first, last) if first <= last else None
        if kind == "years":
            first, last = int(groups[0]), int(groups[1])
            return (date(first, 1, 1), date(last, 12, 31)) if first <= last else None
        if kind in ("plan", "plan_so_far"):
            number = 10 + _num(groups[0][1])  # 十四五 → the 14th five-year plan
            first = 1966 + 5 * (number - 3)  # the 3rd plan began in 1966 after the 1963–65 adjustment
            last = date(first + 4, 12, 31) if kind == "plan" else min(published, date(first + 4, 12, 31))
            return date(first, 1, 1), last
        if kind in ("by_year", "year"):
            y = int(groups[0])
            return (date(y, 1, 1), date(y, 12, 31)) if 1949 <= y <= 2100 else None
        if kind == "ym_range":
            y, m1, m2 = int(groups[0]), _num(groups[1]), _num(groups[2])
            return (date(y, m1, 1), _month_end(y, m2)) if m1 <= m2 <= 12 else None
        if kind == "ym":
            y, m = int(groups[0]), _num(groups[1])
            return date(y, m, 1), _month_end(y, m)
        if kind == "m_range":
            m1, m2 = _num(groups[0]), _num(groups[1])
            if not 1 <= m1 <= m2 <= 12:
                return None
            y = _year_for(m2, published, m1)
            return date(y, m1, 1), _month_end(y, m2)
        if kind == "first_months":
            m = _num(groups[0])
            y = _year_for(m, published)
            return (date(y, 1, 1), _month_end(y, m)) if 1 <= m <= 12 else None
        if kind == "quarters":
            m = 9 if "三" in match[0] else 6
            y = _year_for(m, published)
            return date(y, 1, 1), _month_end(y, m)
        if kind == "quarter":
            q = _num(groups[0]) if not groups[0].isdigit() else int(groups[0])
            y = _year_for(q * 3, published, q * 3 - 2)
            return date(y, q * 3 - 2, 1), _month_end(y, q * 3)
        if kind == "half":
            if groups[0] == "上":
                y = _year_for(6, published)
                return date(y, 1, 1), date(y, 6, 30)
            y = _year_for(12, published, 7)
            return date(y, 7, 1), date(y, 12, 31)
        if kind == "until_month":  # a stock at a moment: 截至5月底 → 5-31..5-31
            m = _num(groups[0])
            y = _year_for(m, published, m)
            return _month_end(y, m), _month_end(y, m)
        if kind == "until_ym":
            end_day = _month_end(int(groups[0]), _num(groups[1]))
            return end_day, end_day
        if kind == "until_year_end":
            return date(int(groups[0]), 12, 31), date(int(groups[0]), 12, 31)
        if kind == "now":
            return published, published
        if kind in ("days", "days_in_month"):
            numbers = [int(g) for g in groups[:4]]
            m1, d1, m2, d2 = numbers if kind == "days" else (numbers[0], numbers[1], numbers[0], numbers[2])
            y = _year_for(m2, published, m1)
            first, last = date(y, m1, d1), date(y, m2, d2)
            return (first, last) if first <= last else None
        if kind == "month":
            m = _num(groups[0])
            if not 1 <= m <= 12:
                return None
            y = _year_for(m, published, m)
            return date(y, m, 1), _month_end(y, m)
        if kind == "ytd":
            return date(year, 1, 1), published
        if kind == "last_year":
            return date(year - 1, 1, 1), date(year - 1, 12, 31)
        if kind == "this_year":  # a January or February briefing's 全年 is the year just ended
            y = year - 1 if match[0] == "全年" and published.month <= 2 else year
            return date(y, 1, 1), date(y, 12, 31)
    except (ValueError, KeyError, IndexError):
        return None
    return None


def is_comparator(norm: str, start: int) -> bool:
    """True when a comparator (较去年同期, 同比 …) starts at `start`."""
    return _COMPARATOR.match(norm, start) is not None


def target_period(period: Period, published: date) -> Period:
    """A target's period that names no year lies ahead or is under way (力争上半年… in an April briefing is this
    year's first half), never in the year before the briefing."""
    if period.end.year >= published.year or not period.text or re.search(r"\d{4}|去年|上年", period.text):
        return period
    try:
        return Period(period.start.replace(year=published.year), period.end.replace(year=published.year), period.text)
    except ValueError:  # 29 February
        return period


def period_for(
    position: int, periods: list[tuple[Span, Period]], previous: Period | None, published: date
) -> Period | None:
    """The period of a number: the nearest period words before it in its sentence, else the first after it in
    the sentence (遴选38个项目,总投资426.8亿元,1—9月累计完成…), else the sentence before's (tests/gold/README.md)."""
    before = bisect.bisect_right(periods, position, key=lambda found: found[0].end)  # periods are in text order
    if before:
        return periods[before - 1][1]
    return periods[0][1] if periods else previous
