"""Stage 7, changes: what changed between two built graphs (two builds, or two briefings built on their own).

Reads each store through SPARQL files in `queries/export/` (observation-keys, entity-mentions,
briefing-sentences) and compares them in Python. Observation IRIs carry their briefing, so observations are
matched by key: indicator, place, period, statistic type and base unit (and programme and target flag, the
rest of what an observation IRI is minted from). A key stated in B only is new, in A only dropped, in both with
another set of values (in base units) changed. Entities are matched by IRI: new or dropped. Every reported
observation and entity carries its mentions: briefing, offsets, the clause (or the name as written) and the
sentence holding it when the graph has that sentence. `dzkg.api.diff` opens the stores and `dzkg diff` prints.
(Not named `diff`: importing a module `dzkg.diff` would shadow the public function `dzkg.diff`.)
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from dzkg import paths
from dzkg.sparql import load_query, run

KEY = ("indicator", "place", "period_start", "period_end", "stat_type", "unit_base", "programme", "target")
"""An observation's key: what its IRI is minted from, less the briefing and the value."""
LABELS = ("indicator_label", "place_label")
LISTS = ("new_observations", "changed_observations", "dropped_observations", "new_entities", "dropped_entities")

Key = tuple[str, ...]
Mention = dict[str, object]


def _export_query(name: str) -> str:
    return load_query(paths.queries_dir() / "export" / f"{name}.rq").text


def _number(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


class _Side:
    """One graph's observations (by key, then by value in base units) and entities (by IRI), as read."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.observations: dict[Key, dict[Decimal | str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
        self.labels: dict[Key, dict[str, str]] = {}
        for row in run(store, _export_query("observation-keys")).dicts():
            key = tuple(row[k] for k in KEY)
            self.observations[key][_number(row["value_base"])].append(row)
            self.labels.setdefault(key, {k: row[k] for k in LABELS})
        self.entities: dict[str, dict[str, object]] = {}
        for row in run(store, _export_query("entity-mentions")).dicts():
            entity = self.entities.setdefault(
                row["entity"], {"iri": row["entity"], "classes": set(), "label": row["label"], "spans": set()}
            )
            if row["class"]:
                entity["classes"].add(row["class"])  # type: ignore[attr-defined]
            if row["doc"]:
                entity["spans"].add((row["doc"], int(row["start"]), int(row["end"]), row["quote"]))  # type: ignore[attr-defined]
        self._sentences: dict[str, tuple[list[int], list[tuple[int, int, str]]]] = {}

    def sentence(self, doc: str, start: int, end: int) -> str:
        """The sentence of `doc` holding [start, end), when the graph has it (sentences holding a number)."""
        if doc not in self._sentences:
            found = [
                (int(r["start"]), int(r["end"]), r["sentence"])
                for r in run(self.store, _export_query("briefing-sentences"), {"doc": ox.Literal(doc)}).dicts()
            ]
            self._sentences[doc] = ([s for s, _, _ in found], found)
        starts, sentences = self._sentences[doc]
        index = bisect.bisect_right(starts, start) - 1
        if index >= 0 and sentences[index][1] >= end:
            return sentences[index][2]
        return ""

    def mentions(self, rows: list[dict[str, str]]) -> list[Mention]:
        found = {(r["doc"], int(r["start"]), int(r["end"]), r["quote"]) for r in rows}
        return [
            {"doc": doc, "start": start, "end": end, "quote": quote, "sentence": self.sentence(doc, start, end)}
            for doc, start, end, quote in sorted(found)
        ]

    def values(self, key: Key) -> list[dict[str, object]]:
        """The values stated for `key`, lowest first, each with its printed value, unit and mentions."""
        return [
            {
                "value": rows[0]["value"],
                "unit": rows[0]["unit"],
                "value_base": rows[0]["value_base"],
                "mentions": self.mentions(rows),
            }
            for _, rows in sorted(self.observations[key].items(), key=lambda item: _order(item[0]))
        ]

    def entity(self, iri: str) -> dict[str, object]:
        entity = self.entities[iri]
        mentions = [
            {"doc": doc, "start": start, "end": end, "quote": quote, "sentence": self.sentence(doc, start, end)}
            for doc, start, end, quote in sorted(entity["spans"])  # type: ignore[call-overload]
        ]
        classes = ";".join(sorted(entity["classes"]))  # type: ignore[call-overload]
        return {"iri": iri, "class": classes, "label": entity["label"], "mentions": mentions}


def _order(value: Decimal | str) -> tuple[int, Decimal, str]:
    return (0, value, "") if isinstance(value, Decimal) else (1, Decimal(0), value)


def _key_fields(key: Key, labels: dict[str, str]) -> dict[str, object]:
    fields: dict[str, object] = dict(zip(KEY, key, strict=True))
    fields.update(labels)
    return fields


def _sort_key(key: Key, labels: dict[str, str]) -> tuple[str, ...]:
    return (labels["indicator_label"], key[0], labels["place_label"], *key[1:])


def compare(a: ox.Store, b: ox.Store) -> dict[str, list[dict[str, object]]]:
    """New, changed and dropped observations (by key) and new and dropped entities (by IRI) from `a` to `b`.

    Returns one list per name in `LISTS`. A new or dropped observation is one value of one key (a key stated with
    two values gives two); a changed one has `before` and `after`, the values of its key in `a` and in `b`."""
    before = _Side(a)
    after = before if b is a else _Side(b)
    result: dict[str, list[dict[str, object]]] = {name: [] for name in LISTS}
    labels = {**before.labels, **after.labels}
    for key in sorted(before.observations.keys() | after.observations.keys(), key=lambda k: _sort_key(k, labels[k])):
        fields = _key_fields(key, labels[key])
        if key not in before.observations:
            result["new_observations"] += [{**fields, **value} for value in after.values(key)]
        elif key not in after.observations:
            result["dropped_observations"] += [{**fields, **value} for value in before.values(key)]
        elif before.observations[key].keys() != after.observations[key].keys():
            result["changed_observations"].append({**fields, "before": before.values(key), "after": after.values(key)})

    def by_label(iri: str, side: _Side) -> tuple[str, str]:
        return (str(side.entities[iri]["label"]), iri)

    new = sorted(after.entities.keys() - before.entities.keys(), key=lambda iri: by_label(iri, after))
    dropped = sorted(before.entities.keys() - after.entities.keys(), key=lambda iri: by_label(iri, before))
    result["new_entities"] = [after.entity(iri) for iri in new]
    result["dropped_entities"] = [before.entity(iri) for iri in dropped]
    return result
