"""Named things and the relations between them (extract stage, no rdflib).

Places (lexicon, with GB/T 2260 codes, and development zones by suffix), organisations and enterprises
(lexicon, registered-name suffixes, agency/platform suffixes), policy documents (《》 and unbracketed titles
ending in a document type; issuer, period, part counts), strategies and industries (the ontology's SKOS
schemes, plus "X、Y等產業" lists), chains, clusters, projects, and designations (入選/獲批/獲評/認定/列入 with
level, programme, year and holder). Counts of pilots stay quantities, with programme, level and category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from dzkg.extract.periods import find_periods
from dzkg.extract.text import BLANK
from dzkg.lexicon import Lexicon
from dzkg.model import Designation, Document, DocumentPart, Entity, Quantity, Relation, Span
from dzkg.normalize import key

_DOC_TYPES = [
    ("行动方案", "DocActionPlan"), ("实施方案", "DocActionPlan"), ("工作方案", "DocActionPlan"),
    ("攻坚方案", "DocCampaignPlan"), ("工作要点", "DocWorkPoints"), ("要点", "DocWorkPoints"),
    ("实施意见", "DocImplementationOpinion"), ("意见", "DocImplementationOpinion"),
    ("政策措施", "DocPolicyMeasures"), ("措施", "DocPolicyMeasures"), ("工作台账", "DocWorkLedger"),
    ("台账", "DocWorkLedger"), ("合作协议", "DocCooperationAgreement"), ("协议", "DocCooperationAgreement"),
    ("工作指引", "DocWorkGuideline"), ("指引", "DocWorkGuideline"), ("规划", "DocPlan"), ("计划", "DocPlan"),
    ("通知", "DocNotice"), ("工作简报", "DocBriefing"), ("简报", "DocBriefing"), ("方案", "DocActionPlan"),
    ("办法", "DocOther"), ("细则", "DocOther"),
]
_DOC_SUFFIX = "|".join(sorted({s for s, _ in _DOC_TYPES}, key=len, reverse=True))
_TITLE = re.compile(r"《([^《》\n]{2,120})》")
_UNBRACKETED = re.compile(rf"(?:印发|制定|出台|编制|发布|起草|修订|实施)(?:了)?([^,;。《》、:“”]{{4,40}}?(?:{_DOC_SUFFIX}))(?![\u4e00-\u9fff])")
_ISSUE_VERB = re.compile(r"(印发|制定|出台|编制|发布)$")
_PART_NOUNS = re.compile(r"^(?:[\u4e00-\u9fff]{0,6})(任务|措施|方面|举措|事项|条|政策|条措施|项政策)$")
_ENTERPRISE = re.compile(r"股份有限公司|有限责任公司|有限公司|集团")
_ORG = re.compile(r"(?:服务商联盟|联盟|专家服务团|服务团|专家组|委员会|办公室|研究院|研究所|协会|商会|人民政府|"
                  r"管委会|发改委|(?:工信|发改|生态环境|统计|商务|科技|财政|住建|交通运输|农业农村|自然资源|水利|"
                  r"市场监管|能源|大数据|审批服务|工业和信息化|应急管理|人社)局|中心|平台|产业大脑)(?![\u4e00-\u9fff])")
_BOUNDARY = re.compile(r"[,;。:、“”《》\s□]|引进|新引进|入选|获批|获评|认定|列入|成立|组建|推动|支持|依托|联合|"
                       r"发挥|持续完善|完善|加快|搭建|建立|深入|被|由|和|与|及|对|在|为|向|将|把|打造|培育|实施")
_TRIGGER = re.compile(r"(入选|获批|获评|认定为|认定|列入|成功争取|被评为|荣获|评为|获得)")
_LEVELS = [("国家级", "LevelNational"), ("国家", "LevelNational"), ("全国", "LevelNational"),
           ("省级", "LevelProvincial"), ("全省", "LevelProvincial"), ("山东省", "LevelProvincial"),
           ("省", "LevelProvincial"), ("市级", "LevelMunicipal"), ("县级", "LevelCounty")]
_CATEGORIES = [("试点", "CatPilot"), ("示范", "CatDemonstration"), ("领跑者", "CatFrontrunner"),
               ("优秀案例", "CatExcellentCase"), ("典型", "CatModel"), ("标杆", "CatModel"),
               ("攻关项目", "CatKeyProject"), ("重点项目", "CatKeyProject"), ("晨星工厂", "CatCertification"),
               ("智能工厂", "CatCertification"), ("绿色工厂", "CatCertification"), ("专精特新", "CatCertification")]
_INDUSTRY_VERBS = r"围绕|增加|培育|巩固提升|深耕|发展|聚焦|布局|壮大|推动|引进"
_INDUSTRY_LIST = re.compile(rf"(?:{_INDUSTRY_VERBS})([\u4e00-\u9fff、]{{2,60}}?)等(?:重点|优势|未来|新兴|特色)?(?:产业|行业)")
_CHAIN = re.compile(r"(?:新增|整合组建|组建|打造|培育|延伸|建设)([\u4e00-\u9fff]{2,10}?)产业链(?!群)")
_CLUSTER = re.compile(r"(?:培育|打造|建设|壮大)([\u4e00-\u9fff、]{2,30}?)产业集群")
_PROJECT_LIST = re.compile(r"(?:引进|落地|新引进|新落地|推进|实施)?([^,;。、等:]{2,24}?)等\d+(?:个|家|项)([\u4e00-\u9fff]{0,8}?项目)")
_PROJECT_ONE = re.compile(r"(?:引进|落地|签约|开工|建设)([\u4e00-\u9fff]{4,24}?项目)")
_PARK = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|新区|产业园区|工业园区)")


@dataclass
class Found:
    quantities: list[Quantity]
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    parts: list[DocumentPart] = field(default_factory=list)
    designations: list[Designation] = field(default_factory=list)
    _by_key: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, kind: str, ekey: str, name: str, span: Span, **attrs: str) -> tuple[str, str]:
        ident = (kind, ekey)
        if ident in self._by_key:
            i = self._by_key[ident]
            old = self.entities[i]
            if span not in old.spans:
                merged = dict(old.attrs)
                merged.update({k: v for k, v in attrs.items() if v})
                self.entities[i] = replace(old, spans=(*old.spans, span), attrs=tuple(sorted(merged.items())))
        else:
            self._by_key[ident] = len(self.entities)
            clean = tuple(sorted((k, v) for k, v in attrs.items() if v))
            self.entities.append(Entity(kind, ekey, name, (span,), clean))
        return ident

    def relate(self, subject: tuple[str, str], predicate: str, obj: tuple[str, str], span: Span) -> None:
        relation = Relation(subject, predicate, obj, span)
        if subject != obj and relation not in self.relations:
            self.relations.append(relation)


def home_places(doc: Document, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """(city, province) slugs of the briefing: from the meta `place`, else the first city in title/text."""
    names = [p.strip() for p in re.split(r"[,,、;]", doc.place or "") if p.strip()]
    terms = [t for n in names if (t := lexicon.lookup("place", n))]
    if not terms:
        head = doc.norm[:400]
        for alias in lexicon.aliases_longest_first("place"):
            if len(alias) >= 2 and alias in head:
                term = lexicon.terms["place"][lexicon.index["place"][alias]]
                if term.cls in ("City", "County", "CountyLevelCity", "District"):
                    terms.append(term)
                    break
    city = next((t for t in terms if t.cls != "Province" and t.cls != "Country"), None)
    province = next((t for t in terms if t.cls == "Province"), None)
    if province is None and city is not None and city.parent:
        parent = lexicon.terms["place"].get(city.parent)
        province = parent if parent and parent.cls == "Province" else None
    return (city.slug if city else None, province.slug if province else None)


def find(doc: Document, masked: str, lexicon: Lexicon, quantities: list[Quantity], *,
         city: str | None, province: str | None) -> Found:
    found = Found(list(quantities))
    for slug in (city, province):
        if slug:
            _place_closure(found, lexicon, slug, Span(0, 1) if False else None)
    _places(doc, lexicon, found)
    _organisations(doc, masked, lexicon, found)
    _strategies_and_industries(doc, lexicon, found)
    _documents(doc, lexicon, found, city)
    _clusters_chains_projects(doc, lexicon, found)
    _designations(doc, masked, found)
    return found


def _scan(norm: str, aliases: list[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping occurrences of folded aliases, longest first."""
    taken = [False] * len(norm)
    hits = []
    for alias in aliases:
        if len(alias) < 2:
            continue
        start = norm.find(alias)
        while start != -1:
            end = start + len(alias)
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                hits.append((start, end, alias))
            start = norm.find(alias, start + 1)
    return sorted(hits)


def _place_closure(found: Found, lexicon: Lexicon, slug: str, span: Span | None) -> None:
    del found, lexicon, slug, span  # home places are added when mentioned; nothing to do without a span


def _body_start(doc: Document) -> int:
    return doc.paragraphs[1].end if len(doc.paragraphs) > 2 else 0


def _places(doc: Document, lexicon: Lexicon, found: Found) -> None:
    aliases = [a for a in lexicon.aliases_longest_first("place") if not a.startswith(("全", "我"))]
    for start, end, alias in _scan(doc.norm, aliases):
        if start < _body_start(doc):
            continue
        term = lexicon.terms["place"][lexicon.index["place"][alias]]
        found.add("place", term.slug, doc.text[start:end], Span(start, end))
    for match in _PARK.finditer(doc.norm):
        name = _trim_left(doc.norm, match.start(), match.end())
        if name is None or lexicon.lookup("place", doc.norm[name:match.end()]) or re.match(r"[年\d]", doc.norm[name]):
            continue
        if _TRIGGER.search(doc.norm, max(0, name - 12), name):
            continue  # a programme (入选…工业园区), not a place
        found.add("place", key(doc.norm[name : match.end()]), doc.text[name : match.end()], Span(name, match.end()),
                  cls="Park")


def _trim_left(norm: str, start: int, end: int) -> int | None:
    """Start of the name ending at `end`: after the last boundary word or mark inside norm[start:end]."""
    cut = start
    for match in _BOUNDARY.finditer(norm, max(0, start), end - 2):
        cut = match.end()
    return cut if end - cut >= 3 else None


def _walk_left(norm: str, suffix_start: int, limit: int = 24) -> int:
    lo = max(0, suffix_start - limit)
    cut = lo
    for match in _BOUNDARY.finditer(norm, lo, suffix_start):
        cut = match.end()
    return cut


def _organisations(doc: Document, masked: str, lexicon: Lexicon, found: Found) -> None:
    body = _body_start(doc)
    aliases = lexicon.aliases_longest_first("org")
    covered: list[Span] = []
    for start, end, alias in _scan(doc.norm, aliases):
        if start < body:
            continue
        term = lexicon.terms["org"][lexicon.index["org"][alias]]
        kind = "enterprise" if term.cls == "enterprise" else "org"
        found.add(kind, term.slug, doc.text[start:end], Span(start, end), org_kind=term.cls or "", place=term.parent or "")
        covered.append(Span(start, end))
    for pattern, kind in ((_ENTERPRISE, "enterprise"), (_ORG, "org")):
        for match in pattern.finditer(doc.norm, body):
            if BLANK in masked[match.start() : match.end()]:
                continue  # inside a title or a quoted name
            start = _walk_left(doc.norm, match.start())
            span = Span(start, match.end()) if match.end() - start >= 3 else None
            if span is None or any(c.overlaps(span) for c in covered) or start == match.start():
                continue
            clause_start = max((m.end() for m in re.finditer(r"[,;。:]", doc.norm[:match.start()])), default=0)
            if _TRIGGER.search(doc.norm, clause_start, match.start()):
                continue  # the name of a programme after 入选, not an organisation
            name = doc.text[span.start : span.end]
            org_kind = "platform" if re.search(r"中心|平台|产业大脑", match[0]) else ""
            ident = found.add(kind, key(name), name, span, org_kind=org_kind)
            _located_in_named_place(doc, lexicon, found, ident, span)
            covered.append(span)


def _located_in_named_place(doc: Document, lexicon: Lexicon, found: Found, ident: tuple[str, str], span: Span) -> None:
    name = doc.norm[span.start : span.end]
    for alias in lexicon.aliases_longest_first("place"):
        if len(alias) >= 2 and name.startswith(alias) or (len(alias) >= 2 and f"({alias})" in name):
            found.relate(ident, "located_in", ("place", lexicon.index["place"][alias]), span)
            return


def _strategies_and_industries(doc: Document, lexicon: Lexicon, found: Found) -> None:
    body = _body_start(doc)
    for kind in ("strategy", "industry"):
        for start, end, alias in _scan(doc.norm, lexicon.aliases_longest_first(kind)):
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


def _documents(doc: Document, lexicon: Lexicon, found: Found, city: str | None) -> None:
    body = _body_start(doc)
    mentions: list[tuple[Span, tuple[str, str], str]] = []
    for match in _TITLE.finditer(doc.norm, body):
        mentions.append(_document(doc, lexicon, found, Span(match.start(1), match.end(1)), Span(match.start(), match.end())))
    for match in _UNBRACKETED.finditer(doc.norm, body):
        span = Span(match.start(1), match.end(1))
        if any(m[0].overlaps(span) for m in mentions):
            continue
        mentions.append(_document(doc, lexicon, found, span, span))
    for sentence in doc.sentences:
        in_sentence = [m for m in mentions if sentence.span.contains(m[0])]
        if not in_sentence:
            continue
        _parts(doc, found, sentence.span, in_sentence)


def _document(doc: Document, lexicon: Lexicon, found: Found, title: Span, mention: Span) -> tuple[Span, tuple[str, str], str]:
    folded = doc.norm[title.start : title.end]
    doc_type = next((t for suffix, t in _DOC_TYPES if re.search(rf"{suffix}(?:\([^()]*\))?$", folded)), "DocOther")
    periods = list(find_periods(doc.norm, title.start, title.end, doc.published, doc.text))
    period = f"{periods[-1][1].start.isoformat()}/{periods[-1][1].end.isoformat()}" if periods else ""
    ident = found.add("document", key(folded), doc.text[title.start : title.end], mention, doc_type=doc_type,
                      period=period)
    before = doc.norm[max(0, mention.start - 30) : mention.start]
    issuer = None
    verb = re.search(r"([\u4e00-\u9fff()]{2,20}?)(?:印发|制定|出台|编制|发布)(?:了)?$", before)
    if verb:
        for entity in found.entities:
            if entity.kind in ("org", "enterprise") and any(doc.norm[s.start : s.end].endswith(verb[1][-3:]) for s in entity.spans):
                issuer = (entity.kind, entity.key)
    if issuer is None:
        for alias in lexicon.aliases_longest_first("place"):
            if len(alias) >= 2 and folded.startswith(alias):
                issuer = ("place", lexicon.index["place"][alias])
                found.add("place", issuer[1], doc.text[title.start : title.start + len(alias)],
                          Span(title.start, title.start + len(alias)))
                break
    if issuer:
        found.relate(ident, "issued_by", issuer, mention)
    for kind in ("strategy", "industry"):
        for alias in lexicon.aliases_longest_first(kind):
            if len(alias) >= 2 and alias in folded:
                found.relate(ident, "about", (kind, lexicon.index[kind][alias]), mention)
    return title, ident, period


def _parts(doc: Document, found: Found, sentence: Span, docs: list[tuple[Span, tuple[str, str], str]]) -> None:
    for i, q in enumerate(found.quantities):
        if not sentence.contains(q.span) or q.base_unit != "NUM":
            continue
        noun = key(q.subject)
        after_doc = [d for d in docs if d[0].end <= q.span.start]
        listed_in = [d for d in docs if d[0].start > q.span.end and re.search(r"列入《?$", doc.norm[q.span.end : d[0].start - 1][-4:])]
        target = listed_in[0] if listed_in else (after_doc[-1] if after_doc else None)
        if target is None or not (_PART_NOUNS.match(noun) or listed_in):
            continue
        found.parts.append(DocumentPart(target[1][1], q.subject, int(q.value), q.span))
        if target[2] and (q.period is None or q.period.text is None or listed_in or True):
            from dzkg.model import Period

            start, end = target[2].split("/")
            found.quantities[i] = replace(q, period=Period(date.fromisoformat(start), date.fromisoformat(end),
                                                           doc.text[target[0].start : target[0].end]))


def _clusters_chains_projects(doc: Document, lexicon: Lexicon, found: Found) -> None:
    body = _body_start(doc)
    for match in _CHAIN.finditer(doc.norm, body):
        name_span = Span(match.start(1), match.end())
        ident = found.add("chain", key(doc.norm[name_span.start : name_span.end]), doc.text[name_span.start : name_span.end], name_span)
        industry = lexicon.lookup("industry", match[1])
        if industry:
            found.relate(ident, "chain_of", ("industry", industry.slug), name_span)
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
            _located_in_named_place(doc, lexicon, found, ident, span)
            for alias in lexicon.aliases_longest_first("industry"):
                if alias in item:
                    found.relate(ident, "in_industry", ("industry", lexicon.index["industry"][alias]), span)
                    break
    sections = _section_strategies(doc, lexicon)
    for pattern in (_PROJECT_LIST, _PROJECT_ONE):
        for match in pattern.finditer(doc.norm, body):
            named = match[1]
            if BLANK in named or "、" in named or lexicon.lookup("org", named) or len(named) < 2:
                continue
            if pattern is _PROJECT_ONE and re.match(r"\s*\d", doc.norm[match.end() : match.end() + 2]):
                continue  # 引进过亿元项目7个: a counted class of projects, not a named one
            if pattern is _PROJECT_LIST:
                start = match.start(1)
                named_start = _trim_left(doc.norm, start - 1, match.end(1)) if False else start
                name = doc.text[named_start : match.end(1)]
                suffix = match[2] if not named.endswith("项目") else ""
                label = name + (doc.text[match.start(2) : match.end(2)][-len(suffix):] if suffix else "")
                span = Span(named_start, match.end(1))
            else:
                span = Span(match.start(1), match.end(1))
                label = doc.text[span.start : span.end]
            ident = found.add("project", key(label), label, span)
            strategy = sections.get(_section_at(doc, span.start))
            if strategy:
                found.relate(ident, "serves_strategy", ("strategy", strategy), span)


def _section_at(doc: Document, position: int) -> int | None:
    above = [i for i, h in enumerate(doc.headings) if h.span.start <= position]
    return above[-1] if above else None


def _section_strategies(doc: Document, lexicon: Lexicon) -> dict[int | None, str]:
    out: dict[int | None, str] = {}
    for i, heading in enumerate(doc.headings):
        folded = doc.norm[heading.span.start : heading.span.end]
        for alias in lexicon.aliases_longest_first("strategy"):
            if alias in folded:
                out[i] = lexicon.index["strategy"][alias]
                break
    return out


def _level(text: str) -> str | None:
    return next((level for word, level in _LEVELS if word in text), None)


def _category(text: str) -> str | None:
    return next((cat for word, cat in _CATEGORIES if word in text), None)


def _designations(doc: Document, masked: str, found: Found) -> None:
    body = _body_start(doc)
    for match in _TRIGGER.finditer(doc.norm, body):
        sentence = next((s.span for s in doc.sentences if s.span.start <= match.start() < s.span.end), None)
        if sentence is None:
            continue
        clause_end = re.compile(r"[,;。、]").search(doc.norm, match.end(), sentence.end)
        stop = clause_end.start() if clause_end else sentence.end
        programme_text = doc.norm[match.end() : stop]
        programme_text = re.sub(r"^\d{4}年度?", "", programme_text)
        programme_src = doc.text[stop - len(programme_text) : stop]
        programme_src = re.sub(r"全省首批|首批|第[一二三四五六七八九十\d]+批", "", programme_src)
        programme_text = re.sub(r"全省首批|首批|第[一二三四五六七八九十\d]+批", "", programme_text)
        year_match = re.search(r"(\d{4})年", doc.norm[match.end() : stop])
        level = _level(programme_text)
        category = _category(programme_text)
        near = [i for i, q in enumerate(found.quantities) if q.span.end <= match.start() and
                match.start() - q.span.end <= 8 and sentence.contains(q.span)]
        counts = [i for i in near if found.quantities[i].base_unit == "NUM"]
        if near and not counts:
            continue  # 连续四年入选…: a duration, not a holder
        if counts:
            i = counts[-1]
            found.quantities[i] = replace(found.quantities[i], programme=programme_src, level=level, category=category)
            continue
        holder = None
        for entity in found.entities:
            if entity.kind in ("document", "strategy", "industry"):
                continue
            for span in entity.spans:
                if 0 <= match.start() - span.end <= 1 and span.start >= sentence.start:
                    holder = (entity.kind, entity.key)
        if holder is None:
            start = _walk_left(doc.norm, match.start(), 20)
            if match.start() - start < 2 or BLANK in masked[start : match.start()]:
                continue
            name = doc.text[start : match.start()]
            kind = "place" if re.search(r"[河湖段园区]\)?$", doc.norm[start : match.start()]) else "org"
            holder = found.add(kind, key(name), name, Span(start, match.start()),
                               org_kind="platform" if re.search(r"平台|大脑|中心", name) else "")
        if not programme_src.strip():
            continue
        pkey = key(re.sub(r"\(.*?\)", "", programme_text))
        found.add("programme", pkey, re.sub(r"\(.*?\)$", "", programme_src), Span(match.end(), stop),
                  level=level or "", category=category or "")
        found.designations.append(Designation(holder, pkey, level, int(year_match[1]) if year_match else None,
                                              category, Span(max(0, match.start() - 1) if False else _holder_start(found, holder, match.start()), stop)))
        for q_index, q in enumerate(found.quantities):
            if sentence.contains(q.span) and q.programme is None and q.base_unit == "NUM" and _category(key(q.subject)):
                found.quantities[q_index] = replace(q, programme=q.subject, level=_level(key(q.subject)),
                                                    category=_category(key(q.subject)))
    for i, q in enumerate(found.quantities):
        subject = key(q.subject)
        if q.programme is None and q.base_unit == "NUM" and _category(subject) and _level(subject):
            found.quantities[i] = replace(q, programme=q.subject, level=_level(subject), category=_category(subject))


def _holder_start(found: Found, holder: tuple[str, str], trigger: int) -> int:
    entity = found.entities[found._by_key[holder]]
    spans = [s for s in entity.spans if s.end <= trigger]
    return spans[-1].start if spans else trigger
