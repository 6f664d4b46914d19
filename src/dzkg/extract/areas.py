"""Which place each figure is of (extract stage, no rdflib): `Quantity.area`, a place key, or None for the
briefing's own place.

A place that opens a clause (東阿縣規模以上工業增加值增長11.3%; 1—8月,聊城經濟技術開發區完成投資…; 馬尚街道…;
濟南市完成…) is the place of that clause's figures and of the clauses after it in the sentence, until another place
or a whole (全市, 全省, 全區) opens a clause. Such a place is a city, county or district (the briefing's own
counties, or another city in a section on cooperation), a development zone, a subdistrict or a town (街道, 鎮), but
never the briefing's place or one containing it (淄博… in a 张店区 briefing). A place opened after 其中 (a
breakdown) ends at the next ;. A zone called by its short name after its full one (開發區, 經開區) is that zone, and a
town heading a 、-segment (其中稻田鎮…、古城街道…) owns it. Lists of places (濟南、青島分別…) and benchmarks
(高於全國(6.4%)) were given their places when their subjects were read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dzkg.extract.names import PARK, Found
from dzkg.lexicon import Lexicon
from dzkg.model import Document, Span
from dzkg.normalize import key

_WHOLE = re.compile(r"(?:其中)?(?:全市|全省|全区|全县|全国|我市|我省|我区|我县|全域|市级领导|市领导|市委|市政府)")
_LEAD = re.compile(  # 在, 其中 and period words (上半年 as a word: 上合示范区 is a place)
    r"(?:在|其中|同时|另外|此外|预计|力争|有望)?(?:[\d年月份底末日,\s—\-~]|[上下]半年|前?[一二三四]季度|前[一二三四五六七八九十]个月|以来|今年|截至)*"
)
_CLAUSE = re.compile(r"[,;:]")
_GROUP = re.compile(r"等\s*$")
_EXAMPLE = re.compile(r"[^,;:。]*?等\s*[\d一二两三四五六七八九十]")  # from a place to 等N: its example
_ACTS = re.compile(  # a place that acts (新泰市实施…等6个项目) owns the count; one that names the example does not
    r"实施|建成|新建|培育|新增|引进|推进|开工|签约|入选|获评|共有|累计|落地|打造|创建|认定|建设|完成|举办|实现|有"
)
_GROUP_COUNT = re.compile(r"(?:个)?(?:镇|县|市|区|乡|村|街道)")
_TOWN = re.compile(r"[\u4e00-\u9fff]{2,3}(?:街道|镇)(?!区|域)")
_NOT_TOWN = re.compile(r"^(?:全|各|城|乡|我|本|小|淘宝)|城镇$")  # 淘宝镇: a kind of town, counted
_SHORT_PARK = re.compile(
    r"(?:经济技术开发区|经济开发区|开发区|经开区|高新区|园区|景区)(?=[^\u4e00-\u9fff]|[已共新累完实集在达])"
)
_SHORTENED = {
    "经开区": ("经济技术开发区", "经济开发区"),
    "高新区": ("高新技术产业开发区", "高新区"),
    "园区": ("园区", "产业园", "工业园"),  # 齊興化工產業園…。園區實現工業產值…
}
_OPENS = ("County", "District", "CountyLevelCity", "City", "Park")
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
            zone = PARK.match(item)  # 济南高新技术产业开发区软件业务收入: the zone, not 济南
            name = zone[0] if zone and len(zone[0]) > len(name or "") else name
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
    if PARK.fullmatch(name) and not name.startswith(("级", "类")):  # a zone named in full
        return key(name)
    return key(name) if _TOWN.fullmatch(name) and not _NOT_TOWN.search(name) else None


def whole_city(lexicon: Lexicon, home: str | None) -> str | None:
    """The place 全市 names in a briefing about `home`: a district's or county's city, else `home` itself."""
    term = lexicon.terms.get("place", {}).get(home or "")
    if term is not None and term.cls in ("District", "County") and term.parent:
        return term.parent
    return home


def assign(doc: Document, found: Found, lexicon: Lexicon, home: str | None) -> None:
    """Give found.quantities the place that opens their clause or an earlier clause of their sentence, or that
    heads their 、-segment (其中新泰市4個、肥城市3個)."""
    norm = doc.norm
    openers = _openers(doc, found, lexicon, home)
    named = {span.start for e in found.entities if e.kind == "place" for span in e.spans}
    by_sentence: dict[Span, list[int]] = {}
    for i, q in enumerate(found.quantities):
        by_sentence.setdefault(q.sentence, []).append(i)
    wider = _wider(lexicon, home)
    before: tuple[int, str | None] = (-1, None)  # where the last sentence ended, and the place it ended with
    for sentence, indices in by_sentence.items():
        starts = [sentence.start, *(m.end() for m in _CLAUSE.finditer(norm, sentence.start, sentence.end))]
        indices.sort(key=lambda i: found.quantities[i].span.start)
        current: str | None = None
        if norm.startswith("其中", sentence.start) and 0 <= before[0] and not norm[before[0] : sentence.start].strip():
            current = before[1]  # …綜合保稅區…增長12.7%。其中,出口…: a breakdown of the sentence before
        broken: tuple[str | None] | None = None  # the place before a 其中 breakdown's, until the next ;
        k = 0  # the next quantity of the sentence: clauses and quantities are walked together, once
        for n, clause in enumerate(starts):
            stop = starts[n + 1] if n + 1 < len(starts) else sentence.end
            at = _start(norm, clause, min(stop, clause + 24))
            example = _EXAMPLE.match(norm, openers[at][1], min(stop, at + 60)) if at in openers else None
            if broken is not None and norm[clause - 1 : clause] == ";":
                current, broken = broken[0], None  # 其中廣饒縣9家;新增…4家: a breakdown's place ends at ;
            if at in openers and "其中" in norm[clause:at] and broken is None:
                broken = (current,)
            if at in openers and not (example and not _ACTS.search(example[0])):
                current = openers[at][0]
            elif whole := _WHOLE.match(norm, at):
                current = wider.get(whole[0])  # 全市… is the briefing's own; 全省… in a city's briefing the province's
            elif at in named or at in openers:
                current = None  # a group of places (東阿縣、臨清市等四個縣); 牡丹区X产业园等12个项目
            while k < len(indices) and found.quantities[indices[k]].span.start < stop:
                i, k = indices[k], k + 1
                q = found.quantities[i]
                if q.area is not None:
                    continue
                near = max(clause, q.span.start - 40)
                segment = _start(norm, max(near, norm.rfind("、", near, q.span.start) + 1), q.span.start)
                listed = "、" in norm[clause : q.span.start] and _GROUP_COUNT.match(norm, q.span.end)
                if listed or (current is None and _GROUP.search(norm, max(0, q.span.start - 2), q.span.start)):
                    continue  # 羊口鎮、卜莊鎮兩個鎮; 王府街道、九山鎮等5個鎮: a count of the briefing's own place
                area = openers[segment][0] if segment > clause and segment in openers else current
                if area is not None:
                    found.quantities[i] = replace(q, area=area)
        before = (sentence.end, current)
    for i, q in enumerate(found.quantities):  # 東平縣入選…示範縣(全省共8個): a whole named in brackets
        opened = norm.rfind("(", q.sentence.start, q.span.start)
        whole = _WHOLE.match(norm, opened + 1) if opened != -1 and ")" not in norm[opened : q.span.start] else None
        if whole and whole[0] in wider:
            found.quantities[i] = replace(q, area=wider[whole[0]])
    places = lexicon.terms.get("place", {})
    for q in found.quantities:  # a town named in a list (和平街道、车站街道分别…) is a place of its own
        if q.area and q.area not in places and q.area not in ("CN", "world"):
            at = norm.find(q.area, q.sentence.start, q.sentence.end)
            if at != -1:
                found.add("place", q.area, doc.text[at : at + len(q.area)], Span(at, at + len(q.area)), cls="Place")


def _wider(lexicon: Lexicon, home: str | None) -> dict[str, str]:
    """全省 and 全国 → the province and the country, when they are wider than the briefing's place `home`."""
    places = lexicon.terms.get("place", {})
    term, out = places.get(home or ""), {}
    while term is not None and term.parent:
        term = places.get(term.parent)
        if term is not None and term.cls == "Province":
            out["全省"] = term.slug
    if home != "CN":
        out["全国"] = "CN"
    return out


def _start(norm: str, start: int, stop: int) -> int:
    """Where a clause's own words begin, after 在, 其中 and period words."""
    lead = _LEAD.match(norm, start, stop)
    return lead.end() if lead else start


def _openers(doc: Document, found: Found, lexicon: Lexicon, home: str | None) -> dict[int, tuple[str, int]]:
    """Where a place inside the briefing's own starts → (its key, where its name ends). A county followed by one
    of its towns (肥城市安臨站鎮) opens with the town."""
    places = lexicon.terms.get("place", {})
    norm = doc.norm
    out: dict[int, tuple[str, int]] = {}
    around = set()  # home and the places that contain it (淄博 for 张店区): a name starting with one stays home
    place = places.get(home or "")
    while place is not None and place.slug not in around:
        around.add(place.slug)
        place = places.get(place.parent or "")
    for entity in found.entities:
        if entity.kind != "place" or entity.key == home or entity.key in around:
            continue
        term = places.get(entity.key)
        opens = term.cls in _OPENS if term else entity.attr("cls") == "Park"
        for span in entity.spans if opens else ():
            if norm[span.end : span.end + 1] in _LISTING:
                continue  # 東阿縣、臨清市等四個縣: a group, not a place
            town = _town(doc, found, span.end)
            out.setdefault(span.start, town or (entity.key, span.end))
    parks = sorted(  # (start, key, name) of every zone named, in the lexicon or not
        (s.start, e.key, norm[s.start : s.end])
        for e in found.entities
        if e.kind == "place" and (e.attr("cls") == "Park" or getattr(places.get(e.key), "cls", None) == "Park")
        for s in e.spans
    )
    clauses = [m.end() for m in _CLAUSE.finditer(norm)] + [s.span.start for s in doc.sentences]
    for opened in clauses:  # subdistricts and towns are in no lexicon: read where a clause opens with one
        at = _start(norm, opened, min(len(norm), opened + 24))
        if at not in out and (town := _town(doc, found, at)):
            out[at] = town
        short = _SHORT_PARK.match(norm, at)
        ends = _SHORTENED.get(short[0], (short[0],)) if short else ()
        named = [(ekey, name) for start, ekey, name in parks if start < at and name.endswith(ends)]
        if short and at not in out and named and named[-1][0] != home:  # 東營經濟技術開發區…; 開發區已竣工…
            out[at] = (named[-1][0], short.end())  # the zone named last, and a mention of it
            found.add("place", named[-1][0], doc.text[at : short.end()], Span(at, short.end()))
    for m in re.finditer("、", norm):  # 其中稻田鎮12.6萬畝、古城街道8.2萬畝: a town heading a segment
        if m.end() not in out and (town := _town(doc, found, m.end())):
            out[m.end()] = town
    return out


def _town(doc: Document, found: Found, at: int) -> tuple[str, int] | None:
    """A subdistrict or town named at `at` (馬尚街道, 安臨站鎮), added as a place, or None."""
    town = _TOWN.match(doc.norm, at)
    if town is None or _NOT_TOWN.search(town[0]) or doc.norm[town.end() : town.end() + 1] in _LISTING:
        return None
    span = Span(town.start(), town.end())
    ident = found.add("place", key(town[0]), doc.text[span.start : span.end], span, cls="Place")
    return ident[1], town.end()
