"""Places and firms said in subjects (extract stage, no rdflib): after `dzkg.extract.areas` has given each figure
its place, a place that opens the figure's subject leaves it (the area says where), a subject that was only a place
takes the measure it belongs to, and 该集团 / 该公司 become the firm named before them.

Runs once per document, last in `dzkg.extract.extract`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dzkg.extract.names import Found
from dzkg.extract.subjects import GENERIC_MEASURE, LEAD, PERIODISH, following
from dzkg.model import Document, Quantity, Span
from dzkg.normalize import fold


def without_place(subject: str, place: str) -> str:
    """`subject` without the place name it opens with (`place`, folded) and the period and lead words after it
    (聊城經濟技術開發區1—8月完成固定資產投資 → 完成固定資產投資); "" when nothing else is left."""
    folded = fold(subject)
    at = len(place)
    for _ in range(2):
        for pattern in (PERIODISH, LEAD, _LINK_HEAD):
            match = pattern.match(folded, at)
            at = match.end() if match else at
    return subject[at:].strip(" ,、")


_LINK_HEAD = re.compile(r"(?:连续|分别|共计|合计|累计|已|的|\([^()]{1,12}\))+")  # 齐兴化工产业园(临淄)规划面积


_SAID_BEFORE = re.compile(r"(?:该|本)(?:集团|公司|企业)")
_PLACE_END = re.compile(r"(?:市|县|区|省|镇|街道|乡|产业园|工业园)$")
_BARE = re.compile(r"(?:完成|实现|达到|达|有|共)?")
_BUILT_ON = re.compile(rf"$|占|比重|同比|比上年|增速|增长|增幅|{GENERIC_MEASURE.pattern}")


def unplace(doc: Document, found: Found, home: str | None) -> None:
    """A place that opens a figure's subject is where the figure is, not what it measures: 聊城經濟技術開發區1—8月
    完成固定資產投資 → 完成固定資產投資, when the figure's area (or, without one, the briefing's place `home`) is
    that place. A subject that was only a place (其中黃島區58個) takes the measure of the figure it is part of, the
    last one before it in its sentence in the same base unit; a duration's (張店區連續五年入選…) is the phrase
    after it. A name after the number (1個山東省綠電產業試點園區) is what is counted, and is left whole."""
    names: dict[str, str] = {}  # a place's name as written (folded) → its key
    for e in found.entities:
        for span in e.spans if e.kind == "place" else ():
            name = fold(doc.text[span.start : span.end])
            if len(name) >= 2 and (_PLACE_END.search(name) or e.key.isdigit()):  # 诸城, a county by its code
                names.setdefault(name, e.key)
    longest_first = sorted(names, key=len, reverse=True)
    openings = {name[:2] for name in names}
    firms = [fold(e.name) for e in found.entities if e.kind in ("enterprise", "org")]
    quantities = found.quantities
    renamed: dict[tuple[Span, str], str] = {}  # (sentence, old subject) → new, for the shares built on one
    for i, q in enumerate(quantities):
        built_on = next((old for s, old in renamed if s == q.sentence and _reads_on(q.subject, old)), None)
        if built_on:  # 濟南市…,占全圈比重28.4%: the share of the measure; 東港區…、同比增長2.0%: its change
            quantities[i] = replace(q, subject=renamed[q.sentence, built_on] + q.subject[len(built_on) :])
            continue
        folded = fold(q.subject)
        said = _SAID_BEFORE.match(folded)
        firm = _firm_before(found, q.span.start) if said else None
        if said and firm is not None:  # 该集团前三季度实现营业收入: the firm named last before it
            rest = without_place(q.subject, said[0])
            named = doc.text[firm.start : firm.end] + rest
            quantities[i] = replace(q, subject=following(doc, q) or named if "duration" in q.flags else named)
            continue
        if "、" in folded and all(_only_places(item, longest_first) for item in folded.split("、")):
            quantities[i] = replace(q, subject=following(doc, q) or q.subject)  # 曹县、单县3个县入选…: what they did
            continue
        listed = "、" in folded or "分别" in doc.norm[q.clause.start : q.clause.end]  # items keep their names
        after = doc.text.find(q.subject, q.span.end) == q.span.end  # 1個山東省綠電產業試點園區: what is counted
        if listed or after or any(folded.startswith(firm) for firm in firms):
            continue
        if folded[:2] not in openings:
            continue  # (most subjects open with no place: a cheap test first)
        rest, chain = q.subject, []  # the places the subject opens with (肥城市安臨站鎮…)
        while rest:
            bare = fold(rest)
            place = next((n for n in longest_first if bare.startswith(n)), None)
            if place is None or (not _PLACE_END.search(place) and not _BARE.fullmatch(bare[len(place) :])):
                break  # a short name (诸城) only when it is all the subject says: 日照港 is a port
            chain.append(names[place])
            rest = without_place(rest, place)
        if (q.area or home) not in chain:
            continue
        if _BARE.fullmatch(fold(rest)):  # 其中黃島區58個; 濟南市完成10985.3億元
            if "duration" in q.flags:
                rest = following(doc, q)
            else:
                rest = _level_before(quantities, i) or _measure_before(doc, quantities, i)
        if len(rest) >= 2:
            renamed[q.sentence, q.subject] = rest
            quantities[i] = replace(q, subject=rest)


def _reads_on(subject: str, old: str) -> bool:
    """`subject` is `old` (a subject renamed in its sentence) and what reads on from it: a share, a change, the
    generic measure of its group (胶州市18个、总投资…), not a measure of its own (兰陵县31处;兰陵县冷链仓储库容…)."""
    return subject.startswith(old) and bool(_BUILT_ON.match(fold(subject[len(old) :])))


def _firm_before(found: Found, at: int) -> Span | None:
    """The span of the enterprise named last before `at` (what 该集团 or 该公司 points back to), or None."""
    spans = (s for e in found.entities if e.kind == "enterprise" for s in e.spans if s.end <= at)
    return max(spans, key=lambda s: s.end, default=None)


def _only_places(text: str, names: list[str]) -> bool:
    """`text` (folded) is nothing but place names (榮成市石島鎮)."""
    while text and (name := next((n for n in names if text.startswith(n)), None) or _town_name(text)):
        text = text[len(name) :]
    return not text


def _town_name(text: str) -> str | None:
    town = re.match(r"[\u4e00-\u9fff]{2,3}?(?:镇|乡|街道)", text)
    return town[0] if town else None


def _level_before(quantities: list[Quantity], i: int) -> str:
    """For a change that names only its place (…产值分别完成…,潍城区同比增长18.3%), the measure of the levels before
    it in its sentence: that place's own level first, else the nearest; "" for a figure that is not a change."""
    q = quantities[i]
    if not q.stat_type.startswith("change_"):
        return ""
    levels = [o for o in reversed(quantities[:i]) if o.sentence == q.sentence and o.stat_type == "level" and o.subject]
    return next((o.subject for o in levels if o.area == q.area), levels[0].subject if levels else "")


def _measure_before(doc: Document, quantities: list[Quantity], i: int) -> str:
    """The subject of the last figure before quantities[i] in the same base unit: in its sentence, else earlier in
    its paragraph (日照港完成貨物吞吐量2.43億噸。分區看,東港區完成1.38億噸); of the briefing's own place if there
    is one, else of any (壽光市設施蔬菜面積60.3萬畝,其中稻田鎮12.6萬畝)."""
    q = quantities[i]
    opened = max((p.start for p in doc.paragraphs if p.start <= q.span.start), default=0)
    before = [o for o in reversed(quantities[:i]) if o.span.start >= opened and o.base_unit == q.base_unit]
    named = [o for o in before if o.subject and "、" not in o.subject and o.area != q.area]
    named.sort(key=lambda o: o.sentence != q.sentence)  # stable: the sentence's own first, nearest first
    return next((o.subject for o in named if o.area is None), named[0].subject if named else "")
