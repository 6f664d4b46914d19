"""Which place each figure is of (extract stage, no rdflib): `Quantity.area`, a place key, or None for the
briefing's own place.

A place that opens a clause (東阿縣規模以上工業增加值增長11.3%; 1—8月,聊城經濟技術開發區完成投資…; 馬尚街道…) is
the place of that clause's figures and of the clauses after it in the sentence, until another place or a whole
(全市, 全省, 全區) opens a clause. Such a place is one inside the briefing's own: a county or district of its city, a
city or county of its province, a development zone, a subdistrict or town (街道, 鎮). Lists of places (濟南、青島
分別…) and benchmarks (高於全國(6.4%)) were given their places when their subjects were read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dzkg.extract.names import Found
from dzkg.lexicon import Lexicon, Term
from dzkg.model import Document, Span
from dzkg.normalize import key

_WHOLE = re.compile(r"(?:其中)?(?:全市|全省|全区|全县|全国|我市|我省|我区|我县|全域)")
_LEAD = re.compile(r"(?:其中|同时|另外|此外)?[\d年月份底末上下半季度前以来今截至日,\s—\-~]*")
_TOWN = re.compile(r"[\u4e00-\u9fff]{2,3}(?:街道|镇)(?!区|域)")
_NOT_TOWN = re.compile(r"^(?:全|各|城|乡|我|本|小)|城镇$")
_WITHIN = ("County", "District", "CountyLevelCity", "City", "Park")
_LISTING = set("、等和及与")
_COUNTED = re.compile(r"^[两二三四五六七八九十\d]+个?(?:市|县|区|地|县\(市\)|县\(市、区\))")
_COMPARED = re.compile(r"(?:同比|环比)$")


def list_places(lexicon: Lexicon, items: list[str]) -> tuple[list[str], str] | None:
    """The places a 分别 list names, as keys, and the words after the last one, which the members share
    (济南、青岛 → [370100, 370200], ""; 烟台、威海两市 → …, ""; 鄄城县、成武县新开工项目数同比 → …, "新开工项目数"),
    or None when an item is not a place (folded text)."""
    keys: list[str] = []
    rest = ""
    for n, item in enumerate(items):
        found = _place(lexicon, item)
        if found is None and n == len(items) - 1:
            aliases = lexicon.aliases_longest_first("place")
            prefix = next((a for a in aliases if item.startswith(a) and len(a) >= 2), None)
            town = _TOWN.match(item)
            name = prefix or (town[0] if town else None)
            if name is not None:
                found, rest = _place(lexicon, name), _COMPARED.sub("", _COUNTED.sub("", item[len(name) :]))
        if found is None:
            return None
        keys.append(found)
    return keys, rest


def _place(lexicon: Lexicon, name: str) -> str | None:
    term = lexicon.lookup("place", name)
    if term is not None:
        return term.slug if term.cls not in ("Country",) else None
    return key(name) if _TOWN.fullmatch(name) and not _NOT_TOWN.search(name) else None


def whole_city(lexicon: Lexicon, home: str | None) -> str | None:
    """The place 全市 names in a briefing about `home`: a district's or county's city, else `home` itself."""
    term = lexicon.terms.get("place", {}).get(home or "")
    if term is not None and term.cls in ("District", "County") and term.parent:
        return term.parent
    return home


def assign(doc: Document, found: Found, lexicon: Lexicon, home: str | None) -> None:
    """Give found.quantities the place that opens their clause or an earlier clause of their sentence."""
    openers = _openers(doc, found, lexicon, home)
    found_places = {span.start for e in found.entities if e.kind == "place" for span in e.spans}
    current: str | None = None
    sentence = None
    for i, q in enumerate(found.quantities):
        if q.sentence != sentence:
            sentence, current = q.sentence, None
        lead = _LEAD.match(doc.norm, q.clause.start, q.span.start)
        start = lead.end() if lead else q.clause.start
        if start in openers and openers[start][1] <= q.span.start:
            current = openers[start][0]
        elif _WHOLE.match(doc.norm, start) or start in found_places:
            current = None  # 全市…, or a group of places (東阿縣、臨清市等四個縣)
        if current is not None and q.area is None:
            found.quantities[i] = replace(q, area=current)
    places = lexicon.terms.get("place", {})
    for q in found.quantities:  # a town named in a list (和平街道、车站街道分别…) is a place of its own
        if q.area and q.area not in places and q.area not in ("CN", "world"):
            at = doc.norm.find(q.area, q.sentence.start, q.sentence.end)
            if at != -1:
                found.add("place", q.area, doc.text[at : at + len(q.area)], Span(at, at + len(q.area)), cls="Place")


def _openers(doc: Document, found: Found, lexicon: Lexicon, home: str | None) -> dict[int, tuple[str, int]]:
    """Where a place inside the briefing's own starts → (its key, where its name ends)."""
    places = lexicon.terms.get("place", {})
    out: dict[int, tuple[str, int]] = {}
    for entity in found.entities:
        if entity.kind != "place" or entity.key == home:
            continue
        term = places.get(entity.key)
        inside = _inside(places, entity.key, home) if term else entity.attr("cls") == "Park"
        if inside:
            for span in entity.spans:
                if doc.norm[span.end : span.end + 1] not in _LISTING:  # 東阿縣、臨清市等四個縣: a group, no place
                    out.setdefault(span.start, (entity.key, span.end))
    for q in found.quantities:  # subdistricts and towns are in no lexicon: read where a clause opens with one
        lead = _LEAD.match(doc.norm, q.clause.start, q.span.start)
        start = lead.end() if lead else q.clause.start
        town = _TOWN.match(doc.norm, start, q.span.start)
        listing = doc.norm[town.end() : town.end() + 1] in _LISTING if town else True
        if town and start not in out and not listing and not _NOT_TOWN.search(town[0]):
            span = Span(town.start(), town.end())
            ident = found.add("place", key(town[0]), doc.text[span.start : span.end], span, cls="Place")
            out[start] = (ident[1], town.end())
    return out


def _inside(places: dict[str, Term], slug: str, home: str | None) -> bool:
    """True when the lexicon place `slug` lies within `home` (a county of the city, a city of the province)."""
    term = places.get(slug)
    if term is None or term.cls not in _WITHIN or home is None:
        return False
    seen = 0
    while term is not None and term.parent and seen < 5:
        if term.parent == home:
            return True
        term, seen = places.get(term.parent), seen + 1
    return False
