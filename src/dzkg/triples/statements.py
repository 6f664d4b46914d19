"""The statements of a briefing's graph: observations (with their spans, ranks, changes and flags), the
relations between named things, document parts and designations (triples stage; see writer.py)."""

from __future__ import annotations

from datetime import date

from dzkg import iri
from dzkg.model import Period, Quantity, decimal_text
from dzkg.normalize import key
from dzkg.rdfterms import (
    RDF_TYPE,
    T_DZ,
    T_PROV,
    T_QB,
    T_SDMX_ATTR,
    T_SDMX_DIM,
    T_SDMX_MEASURE,
    N,
    Node,
    dec,
    lit,
    node_of,
    typed,
)
from dzkg.triples.writer import _FLAG, _RELATION, _STAT, Writer, script_of


def area(w: Writer, q: Quantity) -> Node:
    """The place the figure is of: the one the extractor read (`Quantity.area`), else the briefing's own."""
    if q.area:  # a lexicon place (370100, CN) or a zone, subdistrict or town the extractor found
        return w.entity("place", q.area)
    city, province = w.home
    return w.place(city or province or "CN")


def observations(w: Writer) -> None:
    qs = w.x.quantities
    nodes: list[Node] = []
    ranked: set[str] = set()  # observations given a rank (one rank each, from the first mention that states one)
    stated: dict[tuple[str, ...], Quantity] = {}  # the first quantity stated under each key (value left out)
    for q in qs:
        where = area(w, q)
        period = q.period or _implicit(w.doc.published)
        period_node = w.period(period.start, period.end)
        indicator = w.indicator(q.subject, q.qualifier)
        rest = (
            str(where),
            str(period_node),
            q.stat_type,
            q.base_unit,
            q.programme or "",
            "target" * ("target" in q.flags),
        )
        first = stated.setdefault((str(indicator), *rest), q)
        if first.value != q.value and q.qualifier is None:
            # 出口3862.7亿元 … 机电产品出口1725.6亿元: a later, different figure under another subject is a
            # narrower measure (its own indicator, broader the first), not a second value for the same key; under
            # the same subject, one an enterprise named before it in its sentence states (链主企业X…营业收入412亿元)
            holder = _enterprise_before(w, q) if key(first.subject) == key(q.subject) else q.subject
            indicator = w.indicator(q.subject, holder) if holder else indicator
        dimension = (str(indicator), *rest, decimal_text(q.value))
        node = node_of(iri.observation(w.doc.id, *dimension))
        nodes.append(node)
        w.add(node, T_PROV.wasDerivedFrom, w.clause(w.span(q.span), q.clause))
        if str(node) in w.described:  # a fact stated twice: one observation, one more span, and what it adds
            if q.rank is not None and q.rank_scope and str(node) not in ranked:
                ranked.add(str(node))
                w.add(node, T_DZ.rank, typed(q.rank, "positiveInteger"))
                w.add(node, T_DZ.rankScope, scope(w, q.rank_scope))
            for flag in sorted(q.flags - {"headline"}):
                w.add(node, T_DZ.flag, N(_FLAG[flag]))
            continue
        w.described.add(str(node))
        w.add(node, RDF_TYPE, N(T_DZ.MetricObservation))
        w.add(node, RDF_TYPE, N(T_QB.Observation))
        w.add(node, T_DZ.indicator, indicator)
        w.add(node, T_SDMX_DIM.refArea, where)
        w.add(node, T_SDMX_DIM.refPeriod, period_node)
        w.add(node, T_DZ.statType, N(_STAT[q.stat_type]))
        w.add(node, T_SDMX_MEASURE.obsValue, dec(q.value))
        w.add(node, T_SDMX_ATTR.unitMeasure, w.unit(q.unit_key))
        w.add(node, T_DZ.valueInBaseUnit, dec(q.value_base))
        w.add(node, T_DZ.baseUnit, w.base_unit(q.base_unit))
        w.add(node, T_DZ.subjectText, lit(q.subject, script_of(q.subject)))
        if q.period is not None and q.period.text:
            w.add(node, T_DZ.periodText, lit(q.period.text))
        if q.value_max is not None:
            w.add(node, T_DZ.valueMax, dec(q.value_max))
        if q.rank is not None and q.rank_scope:
            ranked.add(str(node))
            w.add(node, T_DZ.rank, typed(q.rank, "positiveInteger"))
            w.add(node, T_DZ.rankScope, scope(w, q.rank_scope))
        for flag in sorted(q.flags):
            w.add(node, T_DZ.flag, N(_FLAG[flag]))
        if q.programme:
            programme = node_of(iri.entity("programme", key(q.programme)))
            w.add(node, T_DZ.programme, programme)
            w.add(programme, RDF_TYPE, N(T_DZ.Programme))
            w.labels(programme, q.programme)
            w.add(programme, T_DZ.mentionedIn, w.briefing)
        if q.level:
            w.add(node, T_DZ.level, N(getattr(T_DZ, q.level)))
        if q.category:
            w.add(node, T_DZ.category, N(getattr(T_DZ, q.category)))
    for q, node in zip(qs, nodes, strict=True):
        if q.change_of is not None:
            w.add(node, T_DZ.changeOf, nodes[q.change_of])


def _enterprise_before(w: Writer, q: Quantity) -> str | None:
    """The enterprise named before q in its sentence, not as the first of a list (X等2家企业)."""
    for entity in w.x.entities:
        if entity.kind == "enterprise":
            for span in entity.spans:
                named = q.sentence.start <= span.start and span.end <= q.span.start
                if named and w.doc.norm[span.end : span.end + 1] != "等":
                    return entity.name
    return None


def scope(w: Writer, scope: str) -> Node:
    if scope in w.lex.terms.get("place", {}):
        return w.place(scope)
    if scope == "world":
        node = node_of(iri.entity("place", "world"))
        if str(node) not in w.described:
            w.described.add(str(node))
            w.add(node, RDF_TYPE, N(T_DZ.Place))
            w.labels(node, "全球", "World")
        return node
    node = node_of(iri.entity("programme", key(scope)))
    if str(node) not in w.described:
        w.described.add(str(node))
        w.add(node, RDF_TYPE, N(T_DZ.Programme))
        w.labels(node, scope)
        w.add(node, T_DZ.mentionedIn, w.briefing)
    return node


# -- relations, parts, designations ----------------------------------------------------------------
def links(w: Writer) -> None:
    for r in w.x.relations:
        subject = w.entity(*r.subject)
        w.add(subject, N(_RELATION[r.predicate]), w.entity(*r.object))
    for part in w.x.parts:
        document = w.entity("document", part.document)
        node = node_of(iri.mint("part", w.doc.id, str(part.span.start)))
        w.add(document, T_DZ.hasPart, node)
        w.add(node, RDF_TYPE, N(T_DZ.DocumentPart))
        w.add(node, T_DZ.partType, lit(part.part_type, script_of(part.part_type)))
        w.add(node, T_DZ.count, typed(part.count, "nonNegativeInteger"))
        w.add(node, T_PROV.wasDerivedFrom, w.span(part.span))
    for d in w.x.designations:
        node = node_of(iri.mint("designation", w.doc.id, f"{d.span.start}-{d.span.end}"))
        w.add(node, RDF_TYPE, N(T_DZ.Designation))
        w.add(node, T_DZ.holder, w.entity(*d.holder))
        w.add(node, T_DZ.programme, w.entity("programme", d.programme))
        if d.level:
            w.add(node, T_DZ.level, N(getattr(T_DZ, d.level)))
        if d.category:
            w.add(node, T_DZ.category, N(getattr(T_DZ, d.category)))
        if d.year:
            w.add(node, T_DZ.year, typed(d.year, "gYear"))
        w.add(node, T_PROV.wasDerivedFrom, w.span(d.span))
        w.add(node, T_DZ.mentionedIn, w.briefing)
    city, province = w.home
    home = city or province
    if home:
        w.add(w.briefing, T_DZ.aboutPlace, w.place(home))


def _implicit(published: date) -> Period:
    """The period of a number whose text names none: the year up to the publication date (no period text)."""
    return Period(date(published.year, 1, 1), published, None)
