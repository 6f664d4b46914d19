"""Shared machinery of the named-thing extractors (extract stage, no rdflib): the `Found` accumulator,
alias scanning, and finding where a name that ends in a known suffix begins."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from dzkg.lexicon import Lexicon
from dzkg.model import Designation, Document, DocumentPart, Entity, Quantity, Relation, Span

BOUNDARY = re.compile(
    r"[,;。:、“”《》\s□\d]|\d*月份?|引进|新引进|入选|获批|获评|认定|列入|成功争取|争取|评为|荣获|成立|组建|"
    r"推动|支持|依托|联合|发挥|持续完善|完善|加快|搭建|建立|深入|被|由|和|与|及|对|在|为|向|将|把|打造|培育|实施|全市|其中|"
    r"预计|力争|有望"
)
# a zone named in full: development zones, parks, bonded zones, free trade zone areas, scenic areas
PARK = re.compile(
    r"(?:中国[—\-])?[\u4e00-\u9fff]{2,12}?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|新区|产业园区|工业园区|示范区|港区"
    r"|综合保税区|保税区|产业园(?!区)|自贸试验区[\u4e00-\u9fff]{2,4}?片区|景区)"
)
TRIGGER = re.compile(r"(入选|获批|获评|认定为|认定|列入|成功争取|被评为|荣获|评为|获得)")


@dataclass
class Found:
    quantities: list[Quantity]
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    parts: list[DocumentPart] = field(default_factory=list)
    designations: list[Designation] = field(default_factory=list)
    _by_key: dict[tuple[str, str], int] = field(default_factory=dict)
    _spans: dict[int, set[Span]] = field(default_factory=dict)
    _ends: dict[int, list[tuple[int, Span]]] = field(default_factory=dict)
    """Every entity span by its end offset, as (entity index, span): names just before a position."""
    _related: set[Relation] = field(default_factory=set)

    def add(self, kind: str, ekey: str, name: str, span: Span, **attrs: str) -> tuple[str, str]:
        ident = (kind, ekey)
        i = self._by_key.get(ident)
        if i is None:
            i = self._by_key[ident] = len(self.entities)
            clean = tuple(sorted((k, v) for k, v in attrs.items() if v))
            self.entities.append(Entity(kind, ekey, name, (span,), clean))
            self._spans[i] = {span}
        elif span not in self._spans[i]:
            old = self.entities[i]
            merged = dict(old.attrs)
            merged.update({k: v for k, v in attrs.items() if v})
            self.entities[i] = replace(old, spans=(*old.spans, span), attrs=tuple(sorted(merged.items())))
            self._spans[i].add(span)
        else:
            return ident
        self._ends.setdefault(span.end, []).append((i, span))
        return ident

    def ending_at(self, end: int) -> list[tuple[int, Span]]:
        """(entity index, span) of every entity span ending at `end`."""
        return self._ends.get(end, [])

    def relate(self, subject: tuple[str, str], predicate: str, obj: tuple[str, str], span: Span) -> None:
        relation = Relation(subject, predicate, obj, span)
        if subject != obj and relation not in self._related:
            self._related.add(relation)
            self.relations.append(relation)


def scan(norm: str, aliases: list[str]) -> list[tuple[int, int, str]]:
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


def body_start(doc: Document) -> int:
    return doc.paragraphs[1].end if len(doc.paragraphs) > 2 else 0


def trim_left(norm: str, start: int, end: int) -> int | None:
    """Start of the name ending at `end`: after the last boundary word or mark inside norm[start:end]."""
    cut = start
    for match in BOUNDARY.finditer(norm, max(0, start), end - 2):
        cut = match.end()
    return cut if end - cut >= 3 else None


def walk_left(norm: str, suffix_start: int, limit: int = 24) -> int:
    lo = max(0, suffix_start - limit)
    cut = lo
    for match in BOUNDARY.finditer(norm, lo, suffix_start):
        cut = match.end()
    return cut


def located_in_named_place(doc: Document, lexicon: Lexicon, found: Found, ident: tuple[str, str], span: Span) -> None:
    name = doc.norm[span.start : span.end]
    for alias in lexicon.aliases_longest_first("place"):
        if (len(alias) >= 2 and name.startswith(alias)) or (len(alias) >= 2 and f"({alias})" in name):
            found.relate(ident, "located_in", ("place", lexicon.index["place"][alias]), span)
            return
