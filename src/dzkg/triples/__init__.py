"""Stage 3, triples: `Extraction` records → RDF quads (N-Quads lines) in one named graph per briefing.

The only stage that mints IRIs (through `dzkg.iri`). Output order and blank-node labels are deterministic, so
the same input always serialises to the same bytes. No text parsing happens here: everything comes from the
records and the lexicon. Shapes follow docs/model.md.
"""

from __future__ import annotations

from dzkg.lexicon import Lexicon
from dzkg.model import Extraction
from dzkg.triples import statements
from dzkg.triples.writer import Writer

__all__ = ["quads"]


def quads(extraction: Extraction, lexicon: Lexicon) -> list[str]:
    """All quads of one briefing's named graph as N-Quads lines, deduplicated, in a deterministic order."""
    writer = Writer(extraction, lexicon)
    writer.briefing_triples()
    for entity in sorted(extraction.entities, key=lambda e: (e.kind, e.key)):
        writer.entity_triples(entity)
    statements.observations(writer)
    statements.links(writer)
    return list(dict.fromkeys(writer.quads))  # deterministic order; the store sorts when it writes
