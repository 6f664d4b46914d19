"""Named things and the relations between them (extract stage, no rdflib).

Places (lexicon, with GB/T 2260 codes, and development zones by suffix), organisations and enterprises
(lexicon, registered-name suffixes, agency/platform suffixes), strategies and industries (the ontology's SKOS
schemes, plus "X、Y等產業" lists), chains, clusters and projects; then documents and designations (their own
modules). Counts of pilots stay quantities, with programme, level and category.
"""

from __future__ import annotations

import bisect
import re

from dzkg.extract import designations, documents
from dzkg.extract.names import (
    PARK,
    TRIGGER,
    Found,
    body_start,
    located_in_named_place,
    scan,
    trim_left,
    walk_left,
)
from dzkg.extract.text import BLANK, REACH
from dzkg.lexicon import Lexicon
from dzkg.model import Document, Quantity, Span
from dzkg.normalize import key

_ENTERPRISE = re.compile(r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司)|集团(?!股份|有限)")
_ORG = re.compile(
    r"(?:服务商联盟|联盟|专家服务团|服务团|专家组|委员会|办公室|研究院|研究所|协会|商会|人民政府|"
    r"管委会|发改委|(?:工信|发改|生态环境|统计|商务|科技|财政|住建|交通运输|农业农村|自然资源|水利|"
    r"市场监管|能源|大数据|审批服务|工业和信息化|应急管理|人社)局|中心|平台|产业大脑)(?![\u4e00-\u9fff])"
)
_INDUSTRY_VERBS = r"围绕|增加|培育|巩固提升|深耕|发展|聚焦|布局|壮大|推动|引进"
_INDUSTRY_LIST = re.compile(
    rf"(?:{_INDUSTRY_VERBS})([\u4e00-\u9fff、]{{2,60}}?)等(?:重点|优势|未来|新兴|特色)?(?:产业|行业)"
)
_CHAIN = re.compile(r"(?:新增|整合组建|组建|打造|培育|延伸|建设)([\u4e00-\u9fff]{2,10}?)产业链(?!群)")
_CLUSTER = re.compile(r"(?:培育|打造|建设|壮大)([\u4e00-\u9fff、]{2,30}?)产业集群")
_PROJECT_LIST = re.compile(
    r"(?:引进|落地|新引进|新落地|推进|实施)?([^,;。、等:]{2,24}?)等\d+(?:个|家|项)([\u4e00-\u9fff]{0,8}?项目)"
)
_PROJECT_ONE = re.compile(r"(?:引进|落地|签约|开工|建设)([\u4e00-\u9fff]{4,24}?项目)")


_CALLED = re.compile(r"\(([\u4e00-\u9fff]{2,10})\)")


def home_places(doc: Document, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """(city, province) slugs of the briefing: from the meta `place`, else the first city in title/text."""
    names = [p.strip() for p in re.split(r"[,,、;]", doc.place or "") if p.strip()]
    terms = [t for n in names if (t := lexicon.lookup("place", n))]
    if not terms:  # the place named first (the title's), the longest name where two start together
        head = doc.norm[:400]
        named = [
            (head.find(alias), -len(alias), alias)
            for alias in lexicon.aliases_longest_first("place")
            if len(alias) >= 2 and alias in head
        ]
        for _, _, alias in sorted(named):
            term = lexicon.terms["place"][lexicon.index["place"][alias]]
            if term.cls in ("City", "County", "CountyLevelCity", "District"):
                terms.append(term)
                break
    city = next((t for t in terms if t.cls != "Province" and t.cls != "Country"), None)
    province = next((t for t in terms if t.cls == "Province"), None)
    ancestor = city
    while province is None and ancestor is not None and ancestor.parent:  # a district's province is two up
        ancestor = lexicon.terms["place"].get(ancestor.parent)
        province = ancestor if ancestor and ancestor.cls == "Province" else None
    return (city.slug if city else None, province.slug if province else None)


def find(
    doc: Document, masked: str, lexicon: Lexicon, quantities: list[Quantity], *, city: str | None, province: str | None
) -> Found:
    found = Found(list(quantities))
    _places(doc, lexicon, found)
    _organisations(doc, masked, lexicon, found)
    _strategies_and_industries(doc, lexicon, found)
    documents.find(doc, lexicon, found)
    _clusters_chains_projects(doc, lexicon, found)
    designations.find(doc, masked, found)
    return found


def _places(doc: Document, lexicon: Lexicon, found: Found) -> None:
    aliases = [a for a in lexicon.aliases_longest_first("place") if not a.startswith(("全", "我"))]
    for start, end, alias in scan(doc.norm, aliases):
        if start < body_start(doc) or doc.norm.startswith("合作组织", end):
            continue  # 上海合作组织 (the SCO) names no place
        term = lexicon.terms["place"][lexicon.index["place"][alias]]
        found.add("place", term.slug, doc.text[start:end], Span(start, end))
    short: dict[str, str] = {}  # 中国—上海合作组织地方经贸合作示范区(上合示范区): the short name → the zone's key
    for match in PARK.finditer(doc.norm):
        name = trim_left(doc.norm, match.start(), match.end())
        if name is None or lexicon.lookup("place", doc.norm[name : match.end()]):
            continue
        if doc.norm[name : match.end()] in short:
            found.add(
                "place", short[doc.norm[name : match.end()]], doc.text[name : match.end()], Span(name, match.end())
            )
            continue
        if re.match(r"[A-Za-z\d]", doc.norm[name - 1 : name]) or doc.norm.startswith(("级", "类"), name):
            continue  # 4A级旅游景区: a grade of a kind, not one named
        if "等" in doc.norm[name : match.end()]:
            continue  # 與濟南、泰安等城市共建產業園區: parks of a kind, not one named
        if re.match(r"[个家项座处]?(?:[年\d]|国家|省级|市级|全国|全省)", doc.norm[name:]):
            continue  # (1个)国家级绿色工业园区: the name of a programme, not of a park
        if TRIGGER.search(doc.norm, max(0, name - 12), name):
            continue  # a programme (入选…工业园区), not a place
        called = _CALLED.match(doc.norm, match.end())
        called = called if called and PARK.fullmatch(called[1]) else None
        if called:
            short[called[1]] = key(doc.norm[name : match.end()])
        found.add(
            "place",
            key(doc.norm[name : match.end()]),
            doc.text[name : match.end()],
            Span(name, match.end()),
            cls="Park",
            short=doc.text[called.start(1) : called.end(1)] if called else "",
        )


def _organisations(doc: Document, masked: str, lexicon: Lexicon, found: Found) -> None:
    body = body_start(doc)
    aliases = lexicon.aliases_longest_first("org")
    covered = bytearray(len(doc.norm))  # 1 where a name was already found
    for start, end, alias in scan(doc.norm, aliases):
        if start < body:
            continue
        term = lexicon.terms["org"][lexicon.index["org"][alias]]
        kind = "enterprise" if term.cls == "enterprise" else "org"
        found.add(
            kind, term.slug, doc.text[start:end], Span(start, end), org_kind=term.cls or "", place=term.parent or ""
        )
        covered[start:end] = b"\x01" * (end - start)
    for pattern, kind in ((_ENTERPRISE, "enterprise"), (_ORG, "org")):
        for match in pattern.finditer(doc.norm, body):
            if BLANK in masked[match.start() : match.end()]:
                continue  # inside a title or a quoted name
            start = walk_left(doc.norm, match.start())
            span = Span(start, match.end()) if match.end() - start >= 3 else None
            if span is None or any(covered[span.start : span.end]) or start == match.start():
                continue
            if doc.norm[start : match.start()] in ("该", "本", "此"):
                continue  # 该集团, 该公司: a name said before, not a new one
            reach = max(0, match.start() - REACH)
            clause_start = max(reach, *(doc.norm.rfind(mark, reach, match.start()) + 1 for mark in ",;。:"))
            if TRIGGER.search(doc.norm, clause_start, match.start()):
                continue  # the name of a programme after 入选, not an organisation
            name = doc.text[span.start : span.end]
            org_kind = "platform" if re.search(r"中心|平台|产业大脑", match[0]) else ""
            ident = found.add(kind, key(name), name, span, org_kind=org_kind)
            located_in_named_place(doc, lexicon, found, ident, span)
            covered[span.start : span.end] = b"\x01" * (span.end - span.start)


def _strategies_and_industries(doc: Document, lexicon: Lexicon, found: Found) -> None:
    body = body_start(doc)
    for kind in ("strategy", "industry"):
        for start, end, alias in scan(doc.norm, lexicon.aliases_longest_first(kind)):
            if start >= body:
                found.add(kind, lexicon.index[kind][alias], doc.text[start:end], Span(start, end))
    for match in _INDUSTRY_LIST.finditer(doc.norm, body):
        offset = match.start(1)
        items = re.split(_INDUSTRY_VERBS, match[1])[-1]
        offset = match.end(1) - len(items)
        for item in items.split("、"):
            start = doc.norm.index(item, offset)
            offset = start + len(item)
            if 2 <= len(item) <= 12 and not lexicon.lookup("industry", item) and BLANK not in item:
                found.add("industry", key(item), doc.text[start : start + len(item)], Span(start, start + len(item)))


def _clusters_chains_projects(doc: Document, lexicon: Lexicon, found: Found) -> None:
    body = body_start(doc)
    for match in _CHAIN.finditer(doc.norm, body):
        name_span = Span(match.start(1), match.end())
        ident = found.add(
            "chain",
            key(doc.norm[name_span.start : name_span.end]),
            doc.text[name_span.start : name_span.end],
            name_span,
        )
        name = doc.norm[match.start(1) : match.end(1)]
        for industry in _industries_in(name, lexicon):  # 轻工纺织产业链 → 轻工 and 纺织
            found.relate(ident, "chain_of", ("industry", industry), name_span)
    for match in _CLUSTER.finditer(doc.norm, body):
        offset = match.start(1)
        for item in match[1].split("、"):
            start = doc.norm.index(item, offset)
            offset = start + len(item)
            if len(item) < 2 or item in ("特色", "优势", "重点"):
                continue
            span = Span(start, start + len(item))
            name = doc.text[span.start : span.end] + doc.text[match.end() - 4 : match.end()]
            ident = found.add("cluster", key(name), name, span)
            located_in_named_place(doc, lexicon, found, ident, span)
            for alias in lexicon.aliases_longest_first("industry"):
                if alias in item:
                    found.relate(ident, "in_industry", ("industry", lexicon.index["industry"][alias]), span)
                    break
    sections = _section_strategies(doc, lexicon)
    heading_starts = [h.span.start for h in doc.headings]
    for pattern in (_PROJECT_LIST, _PROJECT_ONE):
        for match in pattern.finditer(doc.norm, body):
            named = match[1]
            if BLANK in named or "、" in named or lexicon.lookup("org", named) or len(named) < 2:
                continue
            if pattern is _PROJECT_ONE and re.match(r"\s*\d", doc.norm[match.end() : match.end() + 2]):
                continue  # 引进过亿元项目7个: a counted class of projects, not a named one
            if pattern is _PROJECT_LIST:
                span = Span(match.start(1), match.end(1))
                suffix = match[2] if not named.endswith("项目") else ""
                label = doc.text[span.start : span.end] + (
                    doc.text[match.end(2) - len(suffix) : match.end(2)] if suffix else ""
                )
            else:
                span = Span(match.start(1), match.end(1))
                label = doc.text[span.start : span.end]
            ident = found.add("project", key(label), label, span)
            strategy = sections.get(_section_at(heading_starts, span.start))
            if strategy:
                found.relate(ident, "serves_strategy", ("strategy", strategy), span)


def _industries_in(name: str, lexicon: Lexicon) -> list[str]:
    """Curated industries named inside `name`, longest first, without overlaps."""
    return sorted(
        {lexicon.index["industry"][alias] for _, _, alias in scan(name, lexicon.aliases_longest_first("industry"))}
    )


def _section_at(heading_starts: list[int], position: int) -> int | None:
    """The index of the last heading at or before `position` (headings are in text order)."""
    above = bisect.bisect_right(heading_starts, position)
    return above - 1 if above else None


def _section_strategies(doc: Document, lexicon: Lexicon) -> dict[int | None, str]:
    out: dict[int | None, str] = {}
    for i, heading in enumerate(doc.headings):
        folded = doc.norm[heading.span.start : heading.span.end]
        for alias in lexicon.aliases_longest_first("strategy"):
            if alias in folded:
                out[i] = lexicon.index["strategy"][alias]
                break
    return out
