"""Quantities written without digits (extract stage, no rdflib): 翻番 (+1 times), 同比持平 (a change of 0%) and
percentages in words (百分之十二点五). Called by `quantities.find_quantities` for each sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from dzkg.extract import subjects
from dzkg.extract.periods import period_for
from dzkg.extract.text import clause_of, parse_number
from dzkg.lexicon import Lexicon, Unit
from dzkg.model import Document, Period, Quantity, Sentence, Span

_WORDLESS = re.compile(
    r"(?P<double>翻(?:一)?番)|(?P<flat>(?:同比|与上年同期|与去年同期|较上年同期|比上年同期|与上年|较上年)持平)"
    r"|百分之(?P<percent>[零一二两三四五六七八九十百]+(?:点[零一二三四五六七八九]+)?)"
)


def find(
    doc: Document,
    masked: str,
    sentence: Sentence,
    periods: list[tuple[Span, Period]],
    previous: Period | None,
    lexicon: Lexicon,
    *,
    stat_type: Callable[[Unit, str, str | None, str], str],
) -> list[Quantity]:
    """翻番 is +1 times (the same as 提高1倍); 同比持平 is a change of 0%; 百分之十二点五 is 12.5%, typed like a
    printed percentage by `stat_type`."""
    out = []
    for match in _WORDLESS.finditer(masked, sentence.span.start, sentence.span.end):
        clause = clause_of(doc.norm, sentence.span, match.start(), match.end())
        kind, flags = "change_rel", frozenset({"chinese_numeral"})
        if match["double"]:
            subject = subjects.subject(doc, clause, match.start(), match.end(), "翻")
            value, unit, base = Decimal(1), "倍", "TIMES"
        elif match["flat"]:  # 进口2355.7亿元,与上年同期持平: the subject of the level before (see subjects.complete)
            subject = doc.text[clause.start : match.start()].strip(" ,、")
            value, unit, base, flags = Decimal(0), "%", "PERCENT", frozenset()
        else:
            before = doc.norm[clause.start : match.start()]
            change = subjects.change_words(before)
            subject = subjects.subject(doc, clause, match.start(), match.end(), change)
            value, unit, base = parse_number(match["percent"]), "%", "PERCENT"
            kind = stat_type(lexicon.units["%"], subject, change, before)
        out.append(
            Quantity(
                span=Span(match.start(), match.end()),
                clause=clause,
                sentence=sentence.span,
                section=sentence.section,
                value=value,
                unit=unit,
                unit_key=unit,
                value_base=value,
                base_unit=base,
                stat_type=kind,
                subject=subject,
                period=period_for(match.start(), periods, previous, doc.published),
                flags=flags,
            )
        )
    return out
