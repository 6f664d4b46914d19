"""Helpers shared by the extractors: masking non-quantity regions, clauses, decimals (extract stage).

`masked()` returns the folded text with regions that hold numerals but no quantities (《》 titles, short
quoted names, document numbers, alphanumeric names such as PM2.5 or 5G, curated slogans) blanked out with
'□', keeping every offset.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal, localcontext
from functools import lru_cache

import cn2an

from dzkg.lexicon import Lexicon
from dzkg.model import Document, Span, canonical, decimal_text  # noqa: F401 (re-exported)
from dzkg.normalize import MAX_DIGITS

BLANK = "□"
REACH = 200
"""No clause reaches further than this from its number: text without punctuation stays linear to read."""
_TITLE = re.compile(r"《[^《》\n]{1,120}》")
_QUOTED = re.compile(r"“[^“”\n]{1,24}”|「[^「」\n]{1,24}」|『[^『』\n]{1,24}』|\"[^\"\n]{1,24}\"")
_DOCNO = re.compile(r"[\u4e00-\u9fff]{1,6}[〔\[(]\d{4}[〕\])]\s*\d+\s*号")
_ALNUM = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*\d[A-Za-z0-9.+\-]*|\d+[A-Za-z]+(?![A-Za-z])|\d+\+\d+")
_TOKEN = re.compile(r"[A-Za-z0-9.+\-]+")
"""What an `_ALNUM` match never crosses: matched token by token, a token longer than REACH is blanked whole (no
name of that length holds a quantity, and matching inside it would not stay linear)."""
_RUN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[零一二两三四五六七八九十百千万亿]{17,}|[^\S\n]{9,}")
"""Numbers too long for a statistic and long runs of spaces: blanked, so that no pattern backtracks through them."""
_UNIT_LETTERS = re.compile(r"\d+(?:GWh|MWh|GW|MW|kWh|kW|KW)$")
_CLAUSE_END = re.compile(r"[,;:。!?]")


UNBRACKETED_TITLE = re.compile(
    r"(?:印发|制定|出台|编制|发布|起草|修订)(?:了)?([^,;。《》、:“”]{4,40}?(?:行动方案|实施方案|攻坚方案|工作方案|"
    r"工作要点|实施意见|政策措施|工作台账|合作协议|工作指引|规划|通知|办法|计划|细则|方案|要点|意见|措施|协议|指引))"
    r"(?![\u4e00-\u9fff])"
)


def titles_masked(doc: Document) -> str:
    """Folded text with document titles (《》 and unbracketed) blanked: period words there are names; and `_RUN`s."""
    chars = list(doc.norm)
    for match in _RUN.finditer(doc.norm):
        if not match[0][0].isdigit() or too_long(match[0]):
            chars[match.start() : match.end()] = BLANK * (match.end() - match.start())
    for match in _TITLE.finditer(doc.norm):
        chars[match.start() : match.end()] = BLANK * (match.end() - match.start())
    for match in UNBRACKETED_TITLE.finditer(doc.norm):
        chars[match.start(1) : match.end(1)] = BLANK * (match.end(1) - match.start(1))
    return "".join(chars)


def masked(doc: Document, lexicon: Lexicon) -> str:
    chars = list(titles_masked(doc))

    def blank(start: int, end: int) -> None:
        chars[start:end] = BLANK * (end - start)

    for pattern in (_QUOTED, _DOCNO):
        for match in pattern.finditer(doc.norm):
            blank(match.start(), match.end())
    for token in _TOKEN.finditer(doc.norm):
        if token.end() - token.start() > REACH:
            blank(token.start(), token.end())
            continue
        for match in _ALNUM.finditer(doc.norm, token.start(), token.end()):
            if not _UNIT_LETTERS.match(match[0]):
                blank(match.start(), match.end())
    for phrase in lexicon.nonquantities:
        start = doc.norm.find(phrase)
        while start != -1:
            if not doc.norm[start - 1 : start].isdigit():  # 1萬家 is a number and its unit, not the name 萬家
                blank(start, start + len(phrase))
            start = doc.norm.find(phrase, start + 1)
    # The source/date line is metadata, not a statement (the title line is read: its numbers are headlines).
    for para in doc.paragraphs[:3]:
        if re.match(r"\s*(来源|日期|发布)", doc.norm[para.start : para.end]):
            blank(para.start, para.end)
    return "".join(chars)


@lru_cache(maxsize=2)
def _clause_marks(norm: str) -> list[int]:
    """Offsets of every clause mark in a folded text (computed once per document)."""
    return [match.start() for match in _CLAUSE_END.finditer(norm)]


def clause_of(norm: str, sentence: Span, start: int, end: int) -> Span:
    """The clause (between , ; : and sentence ends, at most REACH characters either side) holding norm[start:end]."""
    marks = _clause_marks(norm)
    before = bisect.bisect_left(marks, start)  # the marks before `start`
    left = marks[before - 1] + 1 if before and marks[before - 1] >= sentence.start else sentence.start
    after = bisect.bisect_left(marks, end)  # the first mark at or after `end`
    right = marks[after] if after < len(marks) and marks[after] < sentence.end else sentence.end
    left, right = max(left, start - REACH), min(right, end + REACH)
    while left < start and norm[left] in " \u3000":
        left += 1
    return Span(left, max(right, end))


def parse_number(token: str) -> Decimal:
    """Arabic (with thousands commas) or Chinese numerals → exact Decimal."""
    token = token.replace(",", "")
    if token[0].isdigit():
        return Decimal(token)
    if token[0] in "十百千万亿":
        token = "一" + token
    return Decimal(str(cn2an.cn2an(token, "smart")))  # 一点五 → 1.5


def too_long(token: str) -> bool:
    """More significant digits than a statistic can have (or a run of numeral characters no one writes)."""
    if token[0].isdigit():
        return len(token.replace(",", "").replace(".", "").lstrip("0")) > MAX_DIGITS
    return len(token) > 16


def fits(value: Decimal, multiplier: Decimal) -> bool:
    """Whether `value` and its base value keep every digit within MAX_DIGITS (decimal's default precision, in
    which later stages print them)."""
    with localcontext(prec=4 * MAX_DIGITS):
        return max(_digits(value), _digits(value * multiplier)) <= MAX_DIGITS


def _digits(value: Decimal) -> int:
    _, digits, exponent = value.normalize().as_tuple()
    return len(digits) + max(int(exponent), 0)
