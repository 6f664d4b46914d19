"""The triples writer: one briefing's named graph under construction — the briefing and its run, spans and
sections, and the shared individuals (places, periods, units, indicators, named things) described once each.
"""

from __future__ import annotations

import bisect
from datetime import date

from dzkg import __version__, iri
from dzkg.extract.entities import home_places
from dzkg.extract.subjects import indicator_for
from dzkg.lexicon import Lexicon, Term
from dzkg.model import Entity, Extraction, Span
from dzkg.namespace import DZ, ELI
from dzkg.normalize import key, to_simplified, to_traditional
from dzkg.rdfterms import (
    RDF_TYPE,
    RDFS_LABEL,
    T_DCAT,
    T_DCT,
    T_DZ,
    T_ELI,
    T_OA,
    T_PROV,
    T_QUDT,
    T_SCHEMA,
    T_SKOS,
    T_UNIT,
    N,
    Node,
    dec,
    lit,
    node_of,
    typed,
)

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


class Writer:
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
        self.home = home_places(self.doc, self.lex)

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
        self.add(b, T_ELI.title, lit(d.title, script_of(d.title)))
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
                lit(heading.text.strip(), script_of(heading.text)),
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
        # Selectors are named after their span (no blank nodes: the store's merge of all briefings and
        # incremental swaps of one briefing's graph can then match every triple exactly).
        pos, quote = f"{node[:-1]}#position>", f"{node[:-1]}#quote>"
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

    def clause(self, node: Node, clause: Span) -> Node:
        """A number's span carries the minimal clause holding it, as offsets and text on the span itself: the
        quote every question shows is then one hop from a figure, not three (span, clause, selector)."""
        self.add(node, T_DZ.clauseStart, typed(clause.start, "nonNegativeInteger"))
        self.add(node, T_DZ.clauseEnd, typed(clause.end, "nonNegativeInteger"))
        self.add(node, T_DZ.clauseText, lit(self.doc.text[clause.start : clause.end]))
        return node

    # -- shared individuals ----------------------------------------------------------------------------
    def place(self, slug: str, name: str | None = None, cls: str | None = None, short: str | None = None) -> Node:
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
        if short:  # 上合示範區: the name the text gives a zone in brackets after its full one
            self.add(node, T_SKOS.altLabel, lit(to_traditional(to_simplified(short)), "zh-Hant"))
            self.add(node, T_SKOS.altLabel, lit(to_simplified(short), "zh-Hans"))
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
        """The curated indicator the subject names, else one minted from the (qualified) subject. A qualified
        indicator (新材料集群营业收入, 市级重点技改项目完成投资) is `skos:broader` the curated one its subject
        names and takes its polarity."""
        named = indicator_for(subject, self.lex)
        if named and not qualifier:
            return self._curated_indicator(named)
        name = subject if qualifier and key(subject).startswith(key(qualifier)) else (qualifier or "") + subject
        node = node_of(iri.entity("indicator", key(name)))
        if self._new_indicator(node):
            self.labels(node, name)
            if named:
                self.add(node, T_SKOS.broader, self._curated_indicator(named))
                if named.cls in _POLARITY:
                    self.add(node, T_DZ.polarity, N(_POLARITY[named.cls]))
        return node

    def _curated_indicator(self, term: Term) -> Node:
        node = node_of(iri.entity("indicator", term.slug))
        if self._new_indicator(node):
            self.labels(node, term.name, term.en, hant=term.name)
            if term.cls in _POLARITY:
                self.add(node, T_DZ.polarity, N(_POLARITY[term.cls]))
        return node

    def _new_indicator(self, node: Node) -> bool:
        """Types an indicator the first time it is met; False when it was described before."""
        if str(node) in self.described:
            return False
        self.described.add(str(node))
        self.add(node, RDF_TYPE, N(T_DZ.Indicator))
        self.add(node, RDF_TYPE, N(T_SKOS.Concept))
        self.add(node, T_SKOS.inScheme, N(T_DZ.IndicatorScheme))
        return True

    def entity(self, kind: str, ekey: str) -> Node:
        found = self.entity_iris.get((kind, ekey))
        if found is not None:
            return found
        if kind == "place":
            entity = next((e for e in self.x.entities if e.kind == kind and e.key == ekey), None)
            if entity is None:
                node = self.place(ekey)
            else:
                node = self.place(ekey, entity.name, entity.attr("cls"), entity.attr("short"))
        else:
            node = node_of(iri.entity(_KIND_PATH.get(kind, kind), ekey))
        self.entity_iris[(kind, ekey)] = node
        return node

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


def script_of(text: str) -> str:
    """zh-Hant when the text has any traditional-only character (converted traditional keeps 并, 制造 …)."""
    return "zh-Hant" if to_simplified(text) != text else "zh-Hans" if to_traditional(text) != text else "zh-Hant"
