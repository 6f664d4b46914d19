"""Stage 3, triples: `Extraction` records → RDF quads in one named graph per briefing.

The only stage that mints IRIs (through `dzkg.iri`). Emits pyoxigraph quads in a deterministic order with
deterministic blank-node labels, so the same input always serialises to the same bytes. No text parsing
happens here: everything comes from the records and the lexicon. Shapes follow docs/model.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pyoxigraph as ox

from dzkg import __version__, iri
from dzkg.extract.subjects import indicator_for
from dzkg.extract.text import decimal_text
from dzkg.lexicon import Lexicon, Term
from dzkg.model import Entity, Extraction, Quantity, Span
from dzkg.namespace import DCAT, DCT, DZ, ELI, OA, PROV, QB, QUDT, SCHEMA, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, SKOS, UNIT
from dzkg.normalize import key, to_simplified, to_traditional

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
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


def N(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def lit(value: str, lang: str | None = None) -> ox.Literal:
    clean = "".join(ch if ch >= " " or ch in "\n\t" else " " for ch in value)
    return ox.Literal(clean, language=lang) if lang else ox.Literal(clean)


def typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


def dec(value: Decimal) -> ox.Literal:
    return typed(decimal_text(value), "decimal")


class _Writer:
    def __init__(self, extraction: Extraction, lexicon: Lexicon):
        self.x = extraction
        self.doc = extraction.document
        self.lex = lexicon
        self.graph = ox.NamedNode(iri.graph(self.doc.id))
        self.briefing = ox.NamedNode(iri.briefing(self.doc.id))
        self.quads: list[ox.Quad] = []
        self.spans: dict[tuple[int, int], ox.NamedNode] = {}
        self.entity_iris: dict[tuple[str, str], ox.NamedNode] = {}
        self.described: set[str] = set()

    def add(self, s: ox.NamedNode | ox.BlankNode, p: object, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(s, N(p) if not isinstance(p, ox.NamedNode) else p, o, self.graph))

    def labels(self, node: ox.NamedNode, name: str, en: str | None = None, *, hant: str | None = None) -> None:
        hans = to_simplified(name)
        self.add(node, SKOS.prefLabel, lit(hant or to_traditional(hans), "zh-Hant"))
        self.add(node, SKOS.prefLabel, lit(hans, "zh-Hans"))
        if en:
            self.add(node, SKOS.prefLabel, lit(en, "en"))

    # -- briefing, spans, sections -------------------------------------------------------------------
    def briefing_triples(self) -> None:
        d, b = self.doc, self.briefing
        self.add(b, RDF_TYPE, N(DZ.Briefing))
        self.add(b, ELI.title, lit(d.title, "zh-Hant" if to_traditional(d.title) == d.title else "zh-Hans"))
        self.add(b, DCT.issued, typed(d.published.isoformat(), "date"))
        self.add(b, DCT.identifier, lit(d.id))
        if d.publisher:
            self.add(b, DCT.publisher, lit(d.publisher))
        self.add(b, DZ.sha256, lit(d.sha256))
        self.add(b, DZ.characterCount, typed(len(d.text), "nonNegativeInteger"))
        run = ox.NamedNode(iri.mint("run", d.id))
        self.add(run, RDF_TYPE, N(DZ.BuildActivity))
        self.add(run, PROV.used, b)
        self.add(run, DZ.softwareVersion, lit(__version__))
        self.add(b, PROV.wasGeneratedBy, run)
        for i, heading in enumerate(d.headings):
            node = ox.NamedNode(iri.section(d.id, i))
            self.add(node, RDF_TYPE, N(DZ.Section))
            self.add(
                node,
                RDFS_LABEL,
                lit(heading.text.strip(), "zh-Hant" if to_traditional(heading.text) == heading.text else "zh-Hans"),
            )
            self.add(node, DZ.headingLevel, typed(heading.level, "positiveInteger"))
            self.add(node, DZ.sectionOf, b)
            self.add(node, PROV.wasDerivedFrom, self.span(heading.span, sentence=False))

    def span(self, span: Span, *, sentence: bool = True) -> ox.NamedNode:
        found = self.spans.get((span.start, span.end))
        if found is not None:
            return found
        d = self.doc
        node = ox.NamedNode(iri.span(d.id, span.start, span.end))
        self.spans[(span.start, span.end)] = node
        self.add(node, RDF_TYPE, N(OA.SpecificResource))
        self.add(node, OA.hasSource, self.briefing)
        # Blank-node labels are scoped to the whole TriG file: make them unique per briefing, and stable.
        tag = f"{iri.digest(d.id, length=10)}x{span.start}x{span.end}"
        pos, quote = ox.BlankNode(f"pos{tag}"), ox.BlankNode(f"quote{tag}")
        self.add(node, OA.hasSelector, pos)
        self.add(node, OA.hasSelector, quote)
        self.add(pos, RDF_TYPE, N(OA.TextPositionSelector))
        self.add(pos, OA.start, typed(span.start, "nonNegativeInteger"))
        self.add(pos, OA.end, typed(span.end, "nonNegativeInteger"))
        self.add(quote, RDF_TYPE, N(OA.TextQuoteSelector))
        self.add(quote, OA.exact, lit(d.text[span.start : span.end]))
        self.add(quote, OA.prefix, lit(d.text[max(0, span.start - 16) : span.start]))
        self.add(quote, OA.suffix, lit(d.text[span.end : span.end + 16]))
        if sentence:
            holder = next((s for s in d.sentences if s.span.contains(span)), None)
            if holder is not None and holder.span != span:
                self.add(node, DZ.inSentence, self.span(holder.span, sentence=False))
            if holder is not None and holder.section is not None:
                self.add(node, DZ.inSection, ox.NamedNode(iri.section(d.id, holder.section)))
        return node

    # -- shared individuals ----------------------------------------------------------------------------
    def place(self, slug: str, name: str | None = None, cls: str | None = None) -> ox.NamedNode:
        node = ox.NamedNode(iri.entity("place", slug))
        if str(node) in self.described:
            return node
        self.described.add(str(node))
        term = self.lex.terms.get("place", {}).get(slug)
        self.add(
            node,
            RDF_TYPE,
            N(
                getattr(DZ, (term.cls if term else cls) or "Place")
                if ((term.cls if term else cls) in _PLACE_CLASS)
                else DZ.Place
            ),
        )
        if term:
            self.labels(node, term.name, term.en, hant=term.name)
            self.add(node, DCT.identifier, lit(term.slug))
            if term.parent:
                self.add(node, SCHEMA.containedInPlace, self.place(term.parent))
        else:
            self.labels(node, name or slug)
        return node

    def period(self, start: date, end: date) -> ox.NamedNode:
        node = ox.NamedNode(iri.period(start.isoformat(), end.isoformat()))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF_TYPE, N(DZ.Period))
            self.add(node, DCAT.startDate, typed(start.isoformat(), "date"))
            self.add(node, DCAT.endDate, typed(end.isoformat(), "date"))
            self.add(node, RDFS_LABEL, lit(f"{start.isoformat()}/{end.isoformat()}"))
        return node

    def unit(self, unit_key: str) -> ox.NamedNode:
        unit = self.lex.units[unit_key]
        node = ox.NamedNode(iri.mint("unit", unit.slug))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF_TYPE, N(QUDT.Unit))
            self.add(node, RDFS_LABEL, lit(to_traditional(unit.text), "zh-Hant"))
            self.add(node, RDFS_LABEL, lit(unit.text, "zh-Hans"))
            if unit.en:
                self.add(node, RDFS_LABEL, lit(unit.en, "en"))
            self.add(node, QUDT.conversionMultiplier, dec(unit.multiplier))
            self.add(node, QUDT.ucumCode, lit(unit.ucum))
            self.add(node, DZ.baseUnit, self.base_unit(unit.base))
        return node

    def base_unit(self, name: str) -> ox.NamedNode:
        if name in _LOCAL_BASE:
            node = ox.NamedNode(iri.mint("unit", "base", _LOCAL_BASE[name]))
            if str(node) not in self.described:
                self.described.add(str(node))
                self.add(node, RDF_TYPE, N(QUDT.Unit))
                self.add(node, RDFS_LABEL, lit(_LOCAL_BASE[name].replace("-", " "), "en"))
            return node
        return N(UNIT[name])

    def indicator(self, subject: str, qualifier: str | None = None) -> ox.NamedNode:
        """The curated indicator the subject names, else one minted from the (qualified) subject."""
        term = None if qualifier else indicator_for(subject, self.lex)
        name = (qualifier or "") + subject
        node = ox.NamedNode(iri.entity("indicator", term.slug if term else key(name)))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF_TYPE, N(DZ.Indicator))
            self.add(node, RDF_TYPE, N(SKOS.Concept))
            self.add(node, SKOS.inScheme, N(DZ.IndicatorScheme))
            if term:
                self.labels(node, term.name, term.en, hant=term.name)
                if term.cls in _POLARITY:
                    self.add(node, DZ.polarity, N(_POLARITY[term.cls]))
            else:
                self.labels(node, name)
        return node

    def entity(self, kind: str, ekey: str) -> ox.NamedNode:
        found = self.entity_iris.get((kind, ekey))
        if found is not None:
            return found
        if kind == "place":
            node = self.place(ekey, self._entity_name(kind, ekey), self._entity_attr(kind, ekey, "cls"))
        else:
            node = ox.NamedNode(iri.entity(_KIND_PATH.get(kind, kind), ekey))
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
        self.add(node, DZ.mentionedIn, self.briefing)
        for span in entity.spans:
            self.add(node, PROV.wasDerivedFrom, self.span(span))
        if entity.kind == "place":
            return
        term = self._term(entity)
        self.add(node, RDF_TYPE, N(_KIND_CLASS[entity.kind]))
        if entity.kind in ("industry", "strategy"):
            self.add(node, RDF_TYPE, N(SKOS.Concept))
            self.add(node, SKOS.inScheme, N(DZ.IndustryScheme if entity.kind == "industry" else DZ.StrategyScheme))
            if term and term.parent:
                self.add(node, SKOS.broader, ox.NamedNode(iri.entity("industry", term.parent)))
        if term:
            self.labels(node, term.name, term.en, hant=term.name)
        else:
            self.labels(node, entity.name)
        if entity.kind == "document":
            self.add(node, ELI.title, lit(to_traditional(to_simplified(entity.name)), "zh-Hant"))
            self.add(node, ELI.type_document, N(getattr(DZ, entity.attr("doc_type") or "DocOther")))
            if entity.attr("period"):
                start, end = (entity.attr("period") or "").split("/")
                self.add(node, DCT.temporal, self.period(date.fromisoformat(start), date.fromisoformat(end)))
        if entity.kind == "programme":
            if entity.attr("level"):
                self.add(node, DZ.level, N(getattr(DZ, entity.attr("level") or "")))
            if entity.attr("category"):
                self.add(node, DZ.category, N(getattr(DZ, entity.attr("category") or "")))
        if entity.kind in ("org", "enterprise") and term and term.parent:
            self.add(node, DZ.locatedIn, self.place(term.parent))

    def _term(self, entity: Entity) -> Term | None:
        kind = "org" if entity.kind == "enterprise" else entity.kind
        return self.lex.terms.get(kind, {}).get(entity.key)

    # -- observations ------------------------------------------------------------------------------------
    def area(self, q: Quantity) -> ox.NamedNode:
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
        nodes: list[ox.NamedNode] = []
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
            node = ox.NamedNode(iri.observation(self.doc.id, *dimension))
            nodes.append(node)
            self.add(node, PROV.wasDerivedFrom, self.span(q.span))
            if q.clause != q.span:
                self.add(self.span(q.span), DZ.inClause, self.span(q.clause))
            if str(node) in self.described:
                continue  # a fact stated twice: one observation, one more span
            self.described.add(str(node))
            self.add(node, RDF_TYPE, N(DZ.MetricObservation))
            self.add(node, RDF_TYPE, N(QB.Observation))
            self.add(node, DZ.indicator, indicator)
            self.add(node, SDMX_DIM.refArea, area)
            self.add(node, SDMX_DIM.refPeriod, period_node)
            self.add(node, DZ.statType, N(_STAT[q.stat_type]))
            self.add(node, SDMX_MEASURE.obsValue, dec(q.value))
            self.add(node, SDMX_ATTR.unitMeasure, self.unit(q.unit_key))
            self.add(node, DZ.valueInBaseUnit, dec(q.value_base))
            self.add(node, DZ.baseUnit, self.base_unit(q.base_unit))
            self.add(node, DZ.subjectText, lit(q.subject, _script(q.subject)))
            if q.period is not None and q.period.text:
                self.add(node, DZ.periodText, lit(q.period.text))
            if q.value_max is not None:
                self.add(node, DZ.valueMax, dec(q.value_max))
            if q.rank is not None and q.rank_scope:
                self.add(node, DZ.rank, typed(q.rank, "positiveInteger"))
                self.add(node, DZ.rankScope, self._scope(q.rank_scope))
            for flag in sorted(q.flags):
                self.add(node, DZ.flag, N(_FLAG[flag]))
            if q.programme:
                programme = ox.NamedNode(iri.entity("programme", key(q.programme)))
                self.add(node, DZ.programme, programme)
                self.add(programme, RDF_TYPE, N(DZ.Programme))
                self.labels(programme, q.programme)
                self.add(programme, DZ.mentionedIn, self.briefing)
            if q.level:
                self.add(node, DZ.level, N(getattr(DZ, q.level)))
            if q.category:
                self.add(node, DZ.category, N(getattr(DZ, q.category)))
        for q, node in zip(qs, nodes, strict=True):
            if q.change_of is not None:
                self.add(node, DZ.changeOf, nodes[q.change_of])

    def _scope(self, scope: str) -> ox.NamedNode:
        if scope in self.lex.terms.get("place", {}):
            return self.place(scope)
        if scope == "world":
            node = ox.NamedNode(iri.entity("place", "world"))
            if str(node) not in self.described:
                self.described.add(str(node))
                self.add(node, RDF_TYPE, N(DZ.Place))
                self.labels(node, "全球", "World")
            return node
        node = ox.NamedNode(iri.entity("programme", key(scope)))
        if str(node) not in self.described:
            self.described.add(str(node))
            self.add(node, RDF_TYPE, N(DZ.Programme))
            self.labels(node, scope)
            self.add(node, DZ.mentionedIn, self.briefing)
        return node

    # -- relations, parts, designations ----------------------------------------------------------------
    def links(self) -> None:
        for r in self.x.relations:
            subject = self.entity(*r.subject)
            self.add(subject, N(_RELATION[r.predicate]), self.entity(*r.object))
        for i, part in enumerate(self.x.parts):
            document = self.entity("document", part.document)
            node = ox.NamedNode(iri.mint("part", self.doc.id, str(part.span.start)))
            self.add(document, DZ.hasPart, node)
            self.add(node, RDF_TYPE, N(DZ.DocumentPart))
            self.add(node, DZ.partType, lit(part.part_type, _script(part.part_type)))
            self.add(node, DZ.count, typed(part.count, "nonNegativeInteger"))
            self.add(node, PROV.wasDerivedFrom, self.span(part.span))
            del i
        for d in self.x.designations:
            node = ox.NamedNode(iri.mint("designation", self.doc.id, f"{d.span.start}-{d.span.end}"))
            self.add(node, RDF_TYPE, N(DZ.Designation))
            self.add(node, DZ.holder, self.entity(*d.holder))
            self.add(node, DZ.programme, self.entity("programme", d.programme))
            if d.level:
                self.add(node, DZ.level, N(getattr(DZ, d.level)))
            if d.category:
                self.add(node, DZ.category, N(getattr(DZ, d.category)))
            if d.year:
                self.add(node, DZ.year, typed(d.year, "gYear"))
            self.add(node, PROV.wasDerivedFrom, self.span(d.span))
            self.add(node, DZ.mentionedIn, self.briefing)
        city, province = self._home()
        home = city or province
        if home:
            self.add(self.briefing, DZ.aboutPlace, self.place(home))


def _script(text: str) -> str:
    return "zh-Hans" if to_simplified(text) == text and to_traditional(text) != text else "zh-Hant"


def _implicit(published: date):  # type: ignore[no-untyped-def]
    """The period of a number whose text names none: the year up to the publication date (no period text)."""
    from dzkg.model import Period

    return Period(date(published.year, 1, 1), published, None)


def quads(extraction: Extraction, lexicon: Lexicon) -> list[ox.Quad]:
    """All quads of one briefing's named graph, deduplicated and sorted (deterministic output)."""
    writer = _Writer(extraction, lexicon)
    writer.briefing_triples()
    for entity in sorted(extraction.entities, key=lambda e: (e.kind, e.key)):
        writer.entity_triples(entity)
    writer.observations()
    writer.links()
    return sorted(set(writer.quads), key=_sort_key)


def _sort_key(quad: ox.Quad) -> tuple[str, str, str]:
    return (str(quad.subject), str(quad.predicate), str(quad.object))


def iter_quads(extractions: list[Extraction], lexicon: Lexicon) -> Iterator[ox.Quad]:
    for extraction in sorted(extractions, key=lambda x: x.document.id):
        yield from quads(extraction, lexicon)
