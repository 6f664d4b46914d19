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
from dzkg.model import Document, Span, canonical, decimal_text  # noqa: F401 (re-exported)

BLANK = "□"
_TITLE = re.compile(r"《[^《》\n]{1,120}》")
_QUOTED = re.compile(r"“[^“”\n]{1,24}”|「[^「」\n]{1,24}」|『[^『』\n]{1,24}』|\"[^\"\n]{1,24}\"")
_DOCNO = re.compile(r"[\u4e00-\u9fff]{1,6}[〔\[(]\d{4}[〕\])]\s*\d+\s*号")
_ALNUM = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*\d[A-Za-z0-9.+\-]*|\d+[A-Za-z]+(?![A-Za-z])|\d+\+\d+")
_UNIT_LETTERS = re.compile(r"\d+(?:GW|MW|kW|KW|kWh)$")
_CLAUSE_END = re.compile(r"[,;:。!?]")


UNBRACKETED_TITLE = re.compile(
    r"(?:印发|制定|出台|编制|发布|起草|修订)(?:了)?([^,;。《》、:“”]{4,40}?(?:行动方案|实施方案|攻坚方案|工作方案|"
    r"工作要点|实施意见|政策措施|工作台账|合作协议|工作指引|规划|通知|办法|计划|细则|方案|要点|意见|措施|协议|指引))"
    r"(?![\u4e00-\u9fff])"
)


def titles_masked(doc: Document) -> str:
    """Folded text with document titles (《》 and unbracketed) blanked: period words there are names."""
    chars = list(doc.norm)
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
    for match in _ALNUM.finditer(doc.norm):
        if not _UNIT_LETTERS.match(match[0]):
            blank(match.start(), match.end())
    for phrase in lexicon.nonquantities:
        start = doc.norm.find(phrase)
        while start != -1:
            blank(start, start + len(phrase))
            start = doc.norm.find(phrase, start + 1)
    # The source/date line is metadata, not a statement (the title line is read: its numbers are headlines).
    for para in doc.paragraphs[:3]:
        if re.match(r"\s*(来源|日期|发布)", doc.norm[para.start : para.end]):
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
