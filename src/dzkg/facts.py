"""Consumer: the fact sheet (DESIGN.md §3) — one row per observation mention, from SPARQL over the graph.

Rows are plain dicts with the contract's columns; `write_facts` writes CSV or JSONL atomically.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox

from dzkg import paths
from dzkg.atomic import write_text
from dzkg.sparql import load_query, run

COLUMNS = (
    "doc",
    "iri",
    "quote",
    "start",
    "end",
    "sentence",
    "subject",
    "value",
    "unit",
    "value_base",
    "unit_base",
    "stat_type",
    "period_text",
    "period_start",
    "period_end",
    "rank",
    "rank_scope",
    "change_of",
    "flags",
)


def fact_rows(store: ox.Store) -> list[dict[str, str]]:
    """Rows of the fact sheet, sorted by briefing and offsets; flags `;`-joined and sorted."""
    flags: dict[str, list[str]] = {}
    for row in run(store, load_query(paths.queries_dir() / "export" / "fact-sheet-flags.rq").text).dicts():
        flags.setdefault(row["iri"], []).append(row["flag"])
    rows = []
    seen: set[tuple[str, ...]] = set()
    for row in run(store, load_query(paths.queries_dir() / "export" / "fact-sheet.rq").text).dicts():
        row["flags"] = ";".join(sorted(set(flags.get(row["iri"], []))))
        record = {column: row.get(column, "") for column in COLUMNS}
        identity = tuple(record.values())
        if identity not in seen:
            seen.add(identity)
            rows.append(record)
    rows.sort(key=lambda r: (r["doc"], int(r["start"]), int(r["end"]), r["iri"]))
    return rows


def observation_places(store: ox.Store) -> dict[str, dict[str, str]]:
    """Each observation's place, for `dzkg eval`: {iri: {"area": code, "area_names": its names, `|`-joined}}."""
    names: dict[str, tuple[str, list[str]]] = {}
    for row in run(store, load_query(paths.queries_dir() / "export" / "observation-areas.rq").text).dicts():
        names.setdefault(row["iri"], (row["code"], []))[1].append(row.get("name") or "")
    return {iri: {"area": code, "area_names": "|".join(sorted(found))} for iri, (code, found) in names.items()}


def write_facts(rows: list[dict[str, str]], path: Path, fmt: str) -> None:
    write_text(path, render(rows, fmt))


def render(rows: list[dict[str, str]], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n" for row in rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
