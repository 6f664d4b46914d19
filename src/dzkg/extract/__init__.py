"""Stage 2, extract: `Document` → `Extraction` (plain records; no rdflib).

Runs the quantity extractor and the entity extractors over one document, with the lexicon. Everything it
returns carries spans into the document's text.
"""

from __future__ import annotations

from dzkg import lexicon as lexicon_module
from dzkg.extract import areas, entities, placed
from dzkg.extract.quantities import find_quantities
from dzkg.extract.text import masked as mask_text
from dzkg.extract.text import titles_masked
from dzkg.lexicon import Lexicon
from dzkg.model import Document, Extraction, Span

__all__ = ["extract"]


def extract(doc: Document, lexicon: Lexicon | None = None) -> Extraction:
    lexicon = lexicon or lexicon_module.load()
    masked = mask_text(doc, lexicon)
    city, province = entities.home_places(doc, lexicon)
    whole = areas.whole_city(lexicon, city)  # what 全市 names: a district's city
    quantities = find_quantities(
        doc, masked, titles_masked(doc), lexicon, lead=_lead(doc), province=province, city=whole
    )
    found = entities.find(doc, masked, lexicon, quantities, city=city, province=province)
    areas.assign(doc, found, lexicon, city or province)
    placed.unplace(doc, found, city or province)
    return Extraction(
        document=doc,
        quantities=tuple(found.quantities),
        entities=tuple(found.entities),
        relations=tuple(found.relations),
        parts=tuple(found.parts),
        designations=tuple(found.designations),
        warnings=doc.warnings,
    )


def _lead(doc: Document) -> Span | None:
    """Where headline figures stand: the title line, and the lead paragraphs before the first heading when
    the briefing has headings (without headings there is no lead to tell apart)."""
    if not doc.paragraphs:
        return None
    if not doc.headings:
        return doc.paragraphs[0]
    first_heading = doc.headings[0].span.start
    body = [p for p in doc.paragraphs if p.end <= first_heading]
    return Span(body[0].start, body[-1].end)
