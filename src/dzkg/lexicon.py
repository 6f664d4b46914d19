"""The curated lexicon (data, not code): units, places, indicators, organisations, non-quantities,
and the industry and strategy concept schemes read from the ontology.

Used by `extract` (matching, by folded key) and `triples` (labels, codes, IRIs). Loaded once per process.
Every name is indexed by `normalize.key`, so traditional, simplified and full-width spellings all hit.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from dzkg import paths
from dzkg.normalize import fold, key


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    """As matched in folded text (simplified)."""
    base: str
    multiplier: Decimal
    ucum: str
    slug: str
    en: str


@dataclass(frozen=True, slots=True)
class Term:
    """A curated named thing: place, indicator, organisation, industry or strategy."""

    kind: str
    slug: str
    name: str
    en: str | None = None
    aliases: tuple[str, ...] = ()
    cls: str | None = None
    """Place class (City, County …), org kind (enterprise, org, platform), polarity for indicators."""
    parent: str | None = None
    """Parent place code, or broader concept slug."""


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, Unit]
    terms: dict[str, dict[str, Term]]
    """kind → slug → Term."""
    index: dict[str, dict[str, str]]
    """kind → folded alias key → slug."""
    nonquantities: tuple[str, ...]
    """Folded phrases that contain numerals but state no quantity."""
    _sorted: dict[str, list[str]] = field(default_factory=dict)

    def lookup(self, kind: str, name: str) -> Term | None:
        slug = self.index.get(kind, {}).get(key(name))
        return self.terms[kind][slug] if slug else None

    def aliases_longest_first(self, kind: str) -> list[str]:
        """Folded alias keys of a kind, longest first (for scanning text)."""
        if kind not in self._sorted:
            self._sorted[kind] = sorted(self.index.get(kind, {}), key=lambda a: (-len(a), a))
        return self._sorted[kind]


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]


def _cell(row: list[str], i: int) -> str:
    return row[i].strip() if i < len(row) else ""


def _split(cell: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in cell.split("|") if a.strip())


@lru_cache(maxsize=1)
def load() -> Lexicon:
    folder = paths.lexicon_dir()
    units: dict[str, Unit] = {}
    for row in _rows(folder / "units.tsv"):
        units[fold(row[0])] = Unit(fold(row[0]), row[1], Decimal(row[2]), row[3], row[4], _cell(row, 5))
    for unit in list(units.values()):  # 萬/億 before any plain unit: 1.2万个, 2.3萬台, 3万余户
        if unit.multiplier == 1 and unit.base not in ("PERCENT", "PERCENT_POINT", "TIMES", "YR", "MO", "DAY", "HR"):
            for prefix, factor, code in (("万", 10**4, "10*4"), ("亿", 10**8, "10*8")):
                units.setdefault(
                    prefix + unit.text,
                    Unit(
                        prefix + unit.text,
                        unit.base,
                        unit.multiplier * factor,
                        f"{code}.{unit.ucum}",
                        f"{code.replace('10*', '1e')}-{unit.slug}",
                        f"{factor:,} {unit.en}".strip(),
                    ),
                )
    terms: dict[str, dict[str, Term]] = {}
    for row in _rows(folder / "places.tsv"):
        _add(
            terms,
            Term("place", row[0], row[1], _cell(row, 4) or None, _split(_cell(row, 5)), row[2], _cell(row, 3) or None),
        )
    for row in _rows(folder / "indicators.tsv"):
        _add(terms, Term("indicator", row[0], row[1], _cell(row, 3) or None, _split(_cell(row, 4)), row[2]))
    for row in _rows(folder / "organizations.tsv"):
        _add(
            terms,
            Term("org", row[0], row[1], _cell(row, 3) or None, _split(_cell(row, 4)), row[2], _cell(row, 5) or None),
        )
    for term in _schemes():
        _add(terms, term)
    index: dict[str, dict[str, str]] = {}
    for kind, by_slug in terms.items():
        names = index.setdefault(kind, {})
        for term in by_slug.values():
            for alias in (term.name, *term.aliases):
                names.setdefault(key(alias), term.slug)
    nonq = tuple(sorted({fold(row[0]) for row in _rows(folder / "nonquantities.tsv")}, key=len, reverse=True))
    return Lexicon(units, terms, index, nonq)


def _add(terms: dict[str, dict[str, Term]], term: Term) -> None:
    terms.setdefault(term.kind, {})[term.slug] = term


_SCHEME_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dz: <https://w3id.org/dzkg/ontology#>
SELECT ?c ?scheme ?hant ?en ?alt ?broader WHERE {
  VALUES ?scheme { dz:IndustryScheme dz:StrategyScheme }
  ?c skos:inScheme ?scheme ; skos:prefLabel ?hant .
  FILTER(langMatches(lang(?hant), "zh-Hant"))
  OPTIONAL { ?c skos:prefLabel ?en . FILTER(langMatches(lang(?en), "en")) }
  OPTIONAL { ?c skos:altLabel ?alt }
  OPTIONAL { ?c skos:broader ?broader }
}"""


def _schemes() -> list[Term]:
    """Industry and strategy concepts, curated in the ontology's SKOS schemes."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(paths.ontology_file(), format="turtle")
    found: dict[tuple[str, str], dict[str, object]] = {}
    for row in graph.query(_SCHEME_QUERY):
        kind = "industry" if str(row.scheme).endswith("IndustryScheme") else "strategy"
        slug = str(row.c).rsplit("/", 1)[-1]
        entry = found.setdefault((kind, slug), {"name": str(row.hant), "en": None, "alt": set(), "broader": None})
        if row.en is not None:
            entry["en"] = str(row.en)
        if row.alt is not None:
            entry["alt"].add(str(row.alt))  # type: ignore[union-attr]
        if row.broader is not None:
            entry["broader"] = str(row.broader).rsplit("/", 1)[-1]
    return [
        Term(kind, slug, str(e["name"]), e["en"], tuple(sorted(e["alt"])), None, e["broader"])  # type: ignore[arg-type]
        for (kind, slug), e in sorted(found.items())
    ]
