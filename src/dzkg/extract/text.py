"""Helpers shared by the extractors: masking non-quantity regions, clauses, decimals (extract stage).

`masked()` returns the folded text with regions that hold numerals but no quantities (《》 titles, short
quoted names, document numbers, alphanumeric names such as PM2.5 or 5G, curated slogans) blanked out with
'□', keeping every offset.
"""

from __future__ import annotations

import re
from decimal import Decimal

import cn2an

from dzkg.lexicon import Lexicon
from dzkg.model import Document, Span

BLANK = "□"
_TITLE = re.compile(r"《[^《》\n]{1,120}》")
_QUOTED = re.compile(r"“[^“”\n]{1,24}”|「[^「」\n]{1,24}」|『[^『』\n]{1,24}』|\"[^\"\n]{1,24}\"")
_DOCNO = re.compile(r"[\u4e00-\u9fff]{1,6}[〔\[(]\d{4}[〕\])]\s*\d+\s*号")
_ALNUM = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*\d[A-Za-z0-9.+\-]*|\d+[A-Za-z]+(?![A-Za-z])|\d+\+\d+")
_UNIT_LETTERS = re.compile(r"\d+(?:GW|MW|kW|KW|kWh)$")
_CLAUSE_END = re.compile(r"[,;:。!?]")


def masked(doc: Document, lexicon: Lexicon) -> str:
    chars = list(doc.norm)

    def blank(start: int, end: int) -> None:
        chars[start:end] = BLANK * (end - start)

    for pattern in (_TITLE, _QUOTED, _DOCNO):
        for match in pattern.finditer(doc.norm):
            blank(match.start(), match.end())
    for match in _ALNUM.finditer(doc.norm):
        if not _UNIT_LETTERS.match(match[0]):
            blank(match.start(), match.end())
    for phrase in lexicon.nonquantities:
        start = doc.norm.find(phrase)
        while start != -1:
            blank(start, start + len(phrase))
            start = doc.norm.find(phrase, start + 1)
    # The title line and the source/date line are metadata, not statements.
    for para in doc.paragraphs[:2]:
        if para.start < 200:
            line = doc.norm[para.start : para.end]
            if para == doc.paragraphs[0] or re.match(r"\s*(来源|日期|发布)", line):
                blank(para.start, para.end)
    return "".join(chars)


def clause_of(norm: str, sentence: Span, start: int, end: int) -> Span:
    """The clause (between , ; : and sentence ends) holding norm[start:end]."""
    left = sentence.start
    for match in _CLAUSE_END.finditer(norm, sentence.start, start):
        left = match.end()
    right_match = _CLAUSE_END.search(norm, end, sentence.end)
    right = right_match.start() if right_match else sentence.end
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
    return Decimal(int(cn2an.cn2an(token, "smart")))


def canonical(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (17810000000.0 → 17810000000)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def decimal_text(value: Decimal) -> str:
    return format(canonical(value), "f")


def trim_span(norm: str, start: int, end: int) -> Span:
    while start < end and norm[start] in " \u3000,;:、":
        start += 1
    while end > start and norm[end - 1] in " \u3000,;:、":
        end -= 1
    return Span(start, end)
