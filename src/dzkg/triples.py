"""Stage 3, triples: `Extraction` records → RDF quads in one named graph per briefing.

The only stage that mints IRIs (through `dzkg.iri`). Emits pyoxigraph quads in a deterministic order with
deterministic blank-node labels, so the same input always serialises to the same bytes. No text parsing
happens here: everything comes from the records and the lexicon. Shapes follow docs/model.md.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from dzkg import __version__, iri
from dzkg.extract.subjects import indicator_for
from dzkg.extract.text import decimal_text
from dzkg.lexicon import Lexicon, Term
from dzkg.model import Entity, Extraction, Quantity, Span
from dzkg.namespace import DCAT, DCT, DZ, ELI, OA, PROV, QB, QUDT, SCHEMA, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, SKOS, UNIT
from dzkg.normalize import key, to_simplified, to_traditional

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
_LOCAL_BASE = {"PERCENT_POINT": "percent-point", "MU": "mu", "TIMES": "times", "TCE": "tonne-coal-equivalent"}
_STAT = {
    "level": DZ.StatLevel,
    "count": DZ.StatCount,
    "share": DZ.StatShare,
    "completion_rate": DZ.StatCompletionRate,
    "change_abs": DZ.StatChangeAbsolute,
    "change_rel": DZ.StatChangeRelative,
    "change_pp": DZ.StatChangePoints,
    "rank_only": DZ.StatRankOnly,
}
_FLAG = {
    "target": DZ.FlagTarget,
    "estimate": DZ.FlagEstimate,
    "approx": DZ.FlagApprox,
    "lower_bound": DZ.FlagLowerBound,
    "range": DZ.FlagRange,
    "duration": DZ.FlagDuration,
    "ordinal": DZ.FlagOrdinal,
    "chinese_numeral": DZ.FlagChineseNumeral,
    "rank_only": DZ.FlagRankOnly,
    "headline": DZ.FlagHeadline,
}
_POLARITY = {"higher": DZ.HigherIsBetter, "lower": DZ.LowerIsBetter, "neutral": DZ.Neutral}
_PLACE_CLASS = {"Country", "Province", "City", "County", "District", "CountyLevelCity", "Park"}
_KIND_CLASS = {
    "org": DZ.Organization,
    "enterprise": DZ.Enterprise,
    "document": DZ.PolicyDocument,
    "project": DZ.Project,
    "industry": DZ.Industry,
    "chain": DZ.IndustryChain,
    "cluster": DZ.IndustryCluster,
    "strategy": DZ.Strategy,
    "programme": DZ.Programme,
}
_KIND_PATH = {"document": "doc", "enterprise": "org"}
_RELATION = {
    "about": ELI.is_about,
    "located_in": DZ.locatedIn,
    "serves_strategy": DZ.servesStrategy,
    "in_industry": DZ.inIndustry,
    "chain_of": DZ.chainOf,
    "issued_by": ELI.passed_by,
}


# Terms are N-Quads text ("<iri>", "_:label", '"literal"@lang'): building strings is several times faster
# than building pyoxigraph objects one by one, and the store parses the result in bulk.
Node = str
_NODES: dict[str, Node] = {}
_CONTROL = {code: " " for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def node_of(iri_text: str) -> Node:
    return f"<{iri_text}>"


def N(term: object) -> Node:
    """The N-Quads form of a vocabulary IRI (cached: the same few hundred terms recur constantly)."""
    text = str(term)
    node = _NODES.get(text)
    if node is None:
        node = _NODES[text] = text if text.startswith("<") else f"<{text}>"
    return node


def lit(value: str, lang: str | None = None) -> Node:
    """A literal with control characters (other than tab and newline) replaced, so every format round-trips."""
    clean = value.translate(_CONTROL).translate(_ESCAPE)
    return f'"{clean}"@{lang}' if lang else f'"{clean}"'


def typed(value: object, datatype: str) -> Node:
    return f'"{value}"^^<{XSD}{datatype}>'


def dec(value: Decimal) -> Node:
    return typed(decimal_text(value), "decimal")


class _Terms:
    """`T_DZ.indicator` → "<https://w3id.org/dzkg/ontology#indicator>": resolved once through the namespace
    (the closed DZ namespace still rejects unknown terms), then a plain attribute."""

    def __init__(self, namespace: object):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = f"<{getattr(self._namespace, name)}>"
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return self.__getattr__(name)


T_DCAT = _Terms(DCAT)
T_DCT = _Terms(DCT)
T_DZ = _Terms(DZ)
T_ELI = _Terms(ELI)
T_OA = _Terms(OA)
T_PROV = _Terms(PROV)
T_QB = _Terms(QB)
T_QUDT = _Terms(QUDT)
T_SCHEMA = _Terms(SCHEMA)
T_SDMX_ATTR = _Terms(SDMX_ATTR)
T_SDMX_DIM = _Terms(SDMX_DIM)
T_SDMX_MEASURE = _Terms(SDMX_MEASURE)
T_SKOS = _Terms(SKOS)
T_UNIT = _Terms(UNIT)


class _Writer:
    def __init__(self, extraction: Extraction, lexicon: Lexicon):
        self.x = extraction
        self.doc = extraction.document
        self.lex = lexicon
        self.graph = node_of(iri.graph(self.doc.id))
        self.briefing = node_of(iri.briefing(self.doc.id))
        self.quads: list[Node] = []
        self.spans: dict[tuple[int, int], Node] = {}
        self.entity_iris: dict[tuple[str, str], Node] = {}
        self.described: set[str] = set()
        self.sentence_starts = [s.span.start for s in self.doc.sentences]

    def add(self, s: Node, p: object, o: Node) -> None:
        self.quads.append(f"{s} {N(p)} {o} {self.graph} .\n")

    def labels(self, node: Node, name: str, en: str | None = None, *, hant: str | None = None) -> None:
        hans = to_simplified(name)
        self.add(node, T_SKOS.prefLabel, lit(hant or to_traditional(hans), "zh-Hant"))
        self.add(node, T_SKOS.prefLabel, lit(hans, "zh-Hans"))
        if en:
            self.add(node, T_SKOS.prefLabel, lit(en, "en"))

    # -- briefing, spans, sections -------------------------------------------------------------------
    def briefing_triples(self) -> None:
        d, b = self.doc, self.briefing
        self.add(b, RDF_TYPE, N(T_DZ.Briefing))
        self.add(b, T_ELI.title, lit(d.title, "zh-Hant" if to_traditional(d.title) == d.title else "zh-Hans"))
        self.add(b, T_DCT.issued, typed(d.published.isoformat(), "date"))
        self.add(b, T_DCT.identifier, lit(d.id))
        if d.publisher:
            self.add(b, T_DCT.publisher, lit(d.publisher))
        self.add(b, T_DZ.sha256, lit(d.sha256))
        self.add(b, T_DZ.characterCount, typed(len(d.text), "nonNegativeInteger"))
        run = node_of(iri.mint("run", d.id))
        self.add(run, RDF_TYPE, N(T_DZ.BuildActivity))
        self.add(run, T_PROV.used, b)
        self.add(run, T_DZ.softwareVersion, lit(__version__))
        self.add(b, T_PROV.wasGeneratedBy, run)
        for i, heading in enumerate(d.headings):
            node = node_of(iri.section(d.id, i))
            self.add(node, RDF_TYPE, N(T_DZ.Section))
            self.add(
                node,
                RDFS_LABEL,
                lit(heading.text.strip(), "zh-Hant" if to_traditional(heading.text) == heading.text else "zh-Hans"),
            )
            self.add(node, T_DZ.headingLevel, typed(heading.level, "positiveInteger"))
            self.add(node, T_DZ.sectionOf, b)
            self.add(node, T_PROV.wasDerivedFrom, self.span(heading.span, sentence=False))

    def span(self, span: Span, *, sentence: bool = True) -> Node:
        found = self.spans.get((span.start, span.end))
        if found is not None:
            return found
        d = self.doc
        node = node_of(iri.span(d.id, span.start, span.end))
        self.spans[(span.start, span.end)] = node
        self.add(node, RDF_TYPE, N(T_OA.SpecificResource))
        self.add(node, T_OA.hasSource, self.briefing)
        # Blank-node labels are scoped to the whole TriG file: make them unique per briefing, and stable.
        tag = f"{iri.digest(d.id, length=10)}x{span.start}x{span.end}"
        pos, quote = f"_:pos{tag}", f"_:quote{tag}"
        self.add(node, T_OA.hasSelector, pos)
        self.add(node, T_OA.hasSelector, quote)
        self.add(pos, RDF_TYPE, N(T_OA.TextPositionSelector))
        self.add(pos, T_OA.start, typed(span.start, "nonNegativeInteger"))
        self.add(pos, T_OA.end, typed(span.end, "nonNegativeInteger"))
        self.add(quote, RDF_TYPE, N(T_OA.TextQuoteSelector))
        self.add(quote, T_OA.exact, lit(d.text[span.start : span.end]))
        self.add(quote, T_OA.prefix, lit(d.text[max(0, span.start - 16) : span.start]))
        self.add(quote, T_OA.suffix, lit(d.text[span.end : span.end + 16]))
        if sentence:
            index = bisect.bisect_right(self.sentence_starts, span.start) - 1
            holder = d.sentences[index] if index >= 0 and d.sentences[index].span.contains(span) else None
            if holder is not None and holder.span != span:
                self.add(node, T_DZ.inSentence, self.span(holder.span, sentence=False))
            if holder is not None and holder.section is not None:
                self.add(node, T_DZ.inSection, node_of(iri.section(d.id, holder.section)))
        return node

    # -- shared individuals ----------------------------------------------------------------------------
    def place(self, slug: str, name: str | None = None, cls: str | None = None) -> Node:
        node = node_of(iri.entity("place", slug))
        if str(node) in self.described:
            return node
        self.described.add(str(node))
        term = self.lex.terms.get("place", {}).get(slug)
        self.add(
            node,
            RDF_TYPE,
            N(
                getattr(T_DZ, (term.cls if term else cls) or "Place")
                if ((term.cls if term else cls) in _PLACE_CLASS)
                else T_DZ.Place
            ),
        )
        if term:
            self.labels(node, term.name, term.en, hant=term.name)
            self.add(node, T_DCT.identifier, lit(term.slug))
            if term.parent:
                self.add(node, T_SCHEMA.containedInPlace, self.place(term.parent))
        else:
            self.labels(node, name or slug)
        return node

    def period(self, start: date, end: date) -> Node:
        node = node_of(iri.period(start.isoformat(), end.isoformat()))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF_TYPE, N(T_DZ.Period))
            self.add(node, T_DCAT.startDate, typed(start.isoformat(), "date"))
            self.add(node, T_DCAT.endDate, typed(end.isoformat(), "date"))
            self.add(node, RDFS_LABEL, lit(f"{start.isoformat()}/{end.isoformat()}"))
        return node

    def unit(self, unit_key: str) -> Node:
        unit = self.lex.units[unit_key]
        node = node_of(iri.mint("unit", unit.slug))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF_TYPE, N(T_QUDT.Unit))
            self.add(node, RDFS_LABEL, lit(to_traditional(unit.text), "zh-Hant"))
            self.add(node, RDFS_LABEL, lit(unit.text, "zh-Hans"))
            if unit.en:
                self.add(node, RDFS_LABEL, lit(unit.en, "en"))
            self.add(node, T_QUDT.conversionMultiplier, dec(unit.multiplier))
            self.add(node, T_QUDT.ucumCode, lit(unit.ucum))
            self.add(node, T_DZ.baseUnit, self.base_unit(unit.base))
        return node

    def base_unit(self, name: str) -> Node:
        if name in _LOCAL_BASE:
            node = node_of(iri.mint("unit", "base", _LOCAL_BASE[name]))
            if str(node) not in self.described:
                self.described.add(str(node))
                self.add(node, RDF_TYPE, N(T_QUDT.Unit))
                self.add(node, RDFS_LABEL, lit(_LOCAL_BASE[name].replace("-", " "), "en"))
            return node
        return N(T_UNIT[name])

    def indicator(self, subject: str, qualifier: str | None = None) -> Node:
        """The curated indicator the subject names, else one minted from the (qualified) subject."""
        term = None if qualifier else indicator_for(subject, self.lex)
        name = (qualifier or "") + subject
        node = node_of(iri.entity("indicator", term.slug if term else key(name)))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF_TYPE, N(T_DZ.Indicator))
            self.add(node, RDF_TYPE, N(T_SKOS.Concept))
            self.add(node, T_SKOS.inScheme, N(T_DZ.IndicatorScheme))
            if term:
                self.labels(node, term.name, term.en, hant=term.name)
                if term.cls in _POLARITY:
                    self.add(node, T_DZ.polarity, N(_POLARITY[term.cls]))
            else:
                self.labels(node, name)
        return node

    def entity(self, kind: str, ekey: str) -> Node:
        found = self.entity_iris.get((kind, ekey))
        if found is not None:
            return found
        if kind == "place":
            node = self.place(ekey, self._entity_name(kind, ekey), self._entity_attr(kind, ekey, "cls"))
        else:
            node = node_of(iri.entity(_KIND_PATH.get(kind, kind), ekey))
        self.entity_iris[(kind, ekey)] = node
        return node

    def _entity_name(self, kind: str, ekey: str) -> str | None:
        entity = next((e for e in self.x.entities if e.kind == kind and e.key == ekey), None)
        return entity.name if entity else None

    def _entity_attr(self, kind: str, ekey: str, name: str) -> str | None:
        entity = next((e for e in self.x.entities if e.kind == kind and e.key == ekey), None)
        return entity.attr(name) if entity else None

    def entity_triples(self, entity: Entity) -> None:
        node = self.entity(entity.kind, entity.key)
        self.add(node, T_DZ.mentionedIn, self.briefing)
        for span in entity.spans:
            self.add(node, T_PROV.wasDerivedFrom, self.span(span))
        if entity.kind == "place":
            return
        term = self._term(entity)
        self.add(node, RDF_TYPE, N(_KIND_CLASS[entity.kind]))
        if entity.kind in ("industry", "strategy"):
            self.add(node, RDF_TYPE, N(T_SKOS.Concept))
            self.add(
                node, T_SKOS.inScheme, N(T_DZ.IndustryScheme if entity.kind == "industry" else T_DZ.StrategyScheme)
            )
            if term and term.parent:
                self.add(node, T_SKOS.broader, node_of(iri.entity("industry", term.parent)))
        if term:
            self.labels(node, term.name, term.en, hant=term.name)
        else:
            self.labels(node, entity.name)
        if entity.kind == "document":
            self.add(node, T_ELI.title, lit(to_traditional(to_simplified(entity.name)), "zh-Hant"))
            self.add(node, T_ELI.type_document, N(getattr(T_DZ, entity.attr("doc_type") or "DocOther")))
            if entity.attr("period"):
                start, end = (entity.attr("period") or "").split("/")
                self.add(node, T_DCT.temporal, self.period(date.fromisoformat(start), date.fromisoformat(end)))
        if entity.kind == "programme":
            if entity.attr("level"):
                self.add(node, T_DZ.level, N(getattr(T_DZ, entity.attr("level") or "")))
            if entity.attr("category"):
                self.add(node, T_DZ.category, N(getattr(T_DZ, entity.attr("category") or "")))
        if entity.kind in ("org", "enterprise") and term and term.parent:
            self.add(node, T_DZ.locatedIn, self.place(term.parent))

    def _term(self, entity: Entity) -> Term | None:
        kind = "org" if entity.kind == "enterprise" else entity.kind
        return self.lex.terms.get(kind, {}).get(entity.key)

    # -- observations ------------------------------------------------------------------------------------
    def area(self, q: Quantity) -> Node:
        city, province = self._home()
        for entity in self.x.entities:
            if entity.kind != "place":
                continue
            term = self.lex.terms.get("place", {}).get(entity.key)
            if term is None or term.parent != city:
                continue
            if any(s.start == q.clause.start and s.end <= q.span.start for s in entity.spans):
                return self.entity("place", entity.key)
        home = city or province or "CN"
        return self.place(home)

    def _home(self) -> tuple[str | None, str | None]:
        from dzkg.extract.entities import home_places

        if not hasattr(self, "_home_cache"):
            self._home_cache = home_places(self.doc, self.lex)
        return self._home_cache

    def observations(self) -> None:
        qs = self.x.quantities
        nodes: list[Node] = []
        for q in qs:
            indicator = self.indicator(q.subject, q.qualifier)
            area = self.area(q)
            period = q.period or _implicit(self.doc.published)
            period_node = self.period(period.start, period.end)
            dimension = (
                str(indicator),
                str(area),
                str(period_node),
                q.stat_type,
                q.base_unit,
                q.programme or "",
                "target" if "target" in q.flags else "",
                decimal_text(q.value),
            )
            node = node_of(iri.observation(self.doc.id, *dimension))
            nodes.append(node)
            self.add(node, T_PROV.wasDerivedFrom, self.span(q.span))
            if q.clause != q.span:
                self.add(self.span(q.span), T_DZ.inClause, self.span(q.clause))
            if str(node) in self.described:
                continue  # a fact stated twice: one observation, one more span
            self.described.add(str(node))
            self.add(node, RDF_TYPE, N(T_DZ.MetricObservation))
            self.add(node, RDF_TYPE, N(T_QB.Observation))
            self.add(node, T_DZ.indicator, indicator)
            self.add(node, T_SDMX_DIM.refArea, area)
            self.add(node, T_SDMX_DIM.refPeriod, period_node)
            self.add(node, T_DZ.statType, N(_STAT[q.stat_type]))
            self.add(node, T_SDMX_MEASURE.obsValue, dec(q.value))
            self.add(node, T_SDMX_ATTR.unitMeasure, self.unit(q.unit_key))
            self.add(node, T_DZ.valueInBaseUnit, dec(q.value_base))
            self.add(node, T_DZ.baseUnit, self.base_unit(q.base_unit))
            self.add(node, T_DZ.subjectText, lit(q.subject, _script(q.subject)))
            if q.period is not None and q.period.text:
                self.add(node, T_DZ.periodText, lit(q.period.text))
            if q.value_max is not None:
                self.add(node, T_DZ.valueMax, dec(q.value_max))
            if q.rank is not None and q.rank_scope:
                self.add(node, T_DZ.rank, typed(q.rank, "positiveInteger"))
                self.add(node, T_DZ.rankScope, self._scope(q.rank_scope))
            for flag in sorted(q.flags):
                self.add(node, T_DZ.flag, N(_FLAG[flag]))
            if q.programme:
                programme = node_of(iri.entity("programme", key(q.programme)))
                self.add(node, T_DZ.programme, programme)
                self.add(programme, RDF_TYPE, N(T_DZ.Programme))
                self.labels(programme, q.programme)
                self.add(programme, T_DZ.mentionedIn, self.briefing)
            if q.level:
                self.add(node, T_DZ.level, N(getattr(T_DZ, q.level)))
            if q.category:
                self.add(node, T_DZ.category, N(getattr(T_DZ, q.category)))
        for q, node in zip(qs, nodes, strict=True):
            if q.change_of is not None:
                self.add(node, T_DZ.changeOf, nodes[q.change_of])

    def _scope(self, scope: str) -> Node:
        if scope in self.lex.terms.get("place", {}):
            return self.place(scope)
        if scope == "world":
            node = node_of(iri.entity("place", "world"))
            if str(node) not in self.described:
                self.described.add(str(node))
                self.add(node, RDF_TYPE, N(T_DZ.Place))
                self.labels(node, "全球", "World")
            return node
        node = node_of(iri.entity("programme", key(scope)))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF_TYPE, N(T_DZ.Programme))
            self.labels(node, scope)
            self.add(node, T_DZ.mentionedIn, self.briefing)
        return node

    # -- relations, parts, designations ----------------------------------------------------------------
    def links(self) -> None:
        for r in self.x.relations:
            subject = self.entity(*r.subject)
            self.add(subject, N(_RELATION[r.predicate]), self.entity(*r.object))
        for i, part in enumerate(self.x.parts):
            document = self.entity("document", part.document)
            node = node_of(iri.mint("part", self.doc.id, str(part.span.start)))
            self.add(document, T_DZ.hasPart, node)
            self.add(node, RDF_TYPE, N(T_DZ.DocumentPart))
            self.add(node, T_DZ.partType, lit(part.part_type, _script(part.part_type)))
            self.add(node, T_DZ.count, typed(part.count, "nonNegativeInteger"))
            self.add(node, T_PROV.wasDerivedFrom, self.span(part.span))
            del i
        for d in self.x.designations:
            node = node_of(iri.mint("designation", self.doc.id, f"{d.span.start}-{d.span.end}"))
            self.add(node, RDF_TYPE, N(T_DZ.Designation))
            self.add(node, T_DZ.holder, self.entity(*d.holder))
            self.add(node, T_DZ.programme, self.entity("programme", d.programme))
            if d.level:
                self.add(node, T_DZ.level, N(getattr(T_DZ, d.level)))
            if d.category:
                self.add(node, T_DZ.category, N(getattr(T_DZ, d.category)))
            if d.year:
                self.add(node, T_DZ.year, typed(d.year, "gYear"))
            self.add(node, T_PROV.wasDerivedFrom, self.span(d.span))
            self.add(node, T_DZ.mentionedIn, self.briefing)
        city, province = self._home()
        home = city or province
        if home:
            self.add(self.briefing, T_DZ.aboutPlace, self.place(home))


def _script(text: str) -> str:
    return "zh-Hans" if to_simplified(text) == text and to_traditional(text) != text else "zh-Hant"


def _implicit(published: date):  # type: ignore[no-untyped-def]
    """The period of a number whose text names none: the year up to the publication date (no period text)."""
    from dzkg.model import Period

    return Period(date(published.year, 1, 1), published, None)


def quads(extraction: Extraction, lexicon: Lexicon) -> list[str]:
    """All quads of one briefing's named graph as N-Quads lines, deduplicated, in a deterministic order."""
    writer = _Writer(extraction, lexicon)
    writer.briefing_triples()
    for entity in sorted(extraction.entities, key=lambda e: (e.kind, e.key)):
        writer.entity_triples(entity)
    writer.observations()
    writer.links()
    return list(dict.fromkeys(writer.quads))  # deterministic order; the store sorts when it writes


def iter_quads(extractions: list[Extraction], lexicon: Lexicon) -> Iterator[str]:
    for extraction in sorted(extractions, key=lambda x: x.document.id):
        yield from quads(extraction, lexicon)
