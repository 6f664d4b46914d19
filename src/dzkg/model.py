"""Plain records passed between the text stages and the RDF stage.

`read` produces a `Document`; `extract` produces an `Extraction` of frozen records; `triples` maps them
to RDF. Nothing here imports rdflib. Offsets are code points into `Document.text` (BOM removed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path


def canonical(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (17810000000.0 → 17810000000)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def decimal_text(value: Decimal) -> str:
    return format(canonical(value), "f")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open code-point range [start, end) of the decoded text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Heading:
    span: Span
    level: int
    """1 = 著力… pillar, 2 = (一) section, 3 = (1) or 一是… sub-point."""
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    paragraph: int
    """Index into Document.paragraphs."""
    section: int | None
    """Index into Document.headings of the nearest heading above, if any."""


@dataclass(frozen=True)
class Document:
    """A decoded briefing with its structure; `norm` is the same length as `text`, for matching only."""

    id: str
    path: Path
    text: str
    norm: str
    sha256: str
    published: date
    title: str
    publisher: str | None
    place: str | None
    paragraphs: tuple[Span, ...]
    headings: tuple[Heading, ...]
    sentences: tuple[Sentence, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    text: str | None
    """The words in the text the period came from; None when implied by the briefing date."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """One stated number with everything the text says about it."""

    span: Span
    """The number with its unit (and qualifiers attached to it)."""
    clause: Span
    sentence: Span
    section: int | None
    value: Decimal
    """As printed, signed for changes (PM2.5 同比改善20.5% → -20.5)."""
    unit: str
    """The unit as printed, in the text's script."""
    unit_key: str
    """Key into the unit lexicon (simplified form)."""
    value_base: Decimal
    base_unit: str
    """QUDT local name of the base unit (CCY_CNY, KiloW-HR, NUM, PERCENT …)."""
    stat_type: str
    """level | count | share | completion_rate | change_abs | change_rel | change_pp | rank_only"""
    subject: str
    """The indicator as written in the text."""
    period: Period | None
    value_max: Decimal | None = None
    rank: int | None = None
    rank_scope: str | None = None
    """Place key (GB/T 2260 code or slug) or a list name."""
    change_of: int | None = None
    """Index of the level quantity this change refers to."""
    flags: frozenset[str] = frozenset()
    programme: str | None = None
    level: str | None = None
    category: str | None = None
    qualifier: str | None = None
    """The counted group a generic subject refers to (市級重點技改項目 for 完成投資); part of the indicator."""
    area: str | None = None
    """Place key when the text gives the figure to a place other than the briefing's own (dzkg.extract.areas): a
    place opening its clause (東阿縣…), a member of a list of places (濟南、青島分別增長… → 370100), a benchmark
    (高於全國(6.4%) → CN)."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A named thing: kind is one of place, org, enterprise, document, project, industry, chain, cluster,
    strategy, programme, platform."""

    kind: str
    key: str
    """Script-independent identity key (lexicon id or normalised simplified name)."""
    name: str
    """As first written in the text."""
    spans: tuple[Span, ...]
    attrs: tuple[tuple[str, str], ...] = ()
    """Extra facts as (name, value) pairs: doc_type, period, issuer, code, located_in, parent …"""

    def attr(self, name: str) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Relation:
    subject: tuple[str, str]
    """(kind, key) of an Entity."""
    predicate: str
    """about | located_in | serves_strategy | in_industry | chain_of | issued_by | part_of"""
    object: tuple[str, str]
    span: Span


@dataclass(frozen=True, slots=True)
class DocumentPart:
    document: str
    """Entity key of the policy document."""
    part_type: str
    count: int
    span: Span


@dataclass(frozen=True, slots=True)
class Designation:
    holder: tuple[str, str]
    programme: str
    level: str | None
    year: int | None
    category: str | None
    span: Span


@dataclass(frozen=True)
class Extraction:
    document: Document
    quantities: tuple[Quantity, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...] = ()
    parts: tuple[DocumentPart, ...] = ()
    designations: tuple[Designation, ...] = ()
    warnings: tuple[str, ...] = field(default=())
