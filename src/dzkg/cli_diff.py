"""Stage 9, CLI (corpus commands): `dzkg diff A B`, registered by `dzkg.cli` (which passes its table renderer)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

Renderer = Callable[[list[dict[str, str]], str], str]

TITLES = {
    "new_observations": "new observations",
    "changed_observations": "changed observations",
    "dropped_observations": "dropped observations",
    "new_entities": "new entities",
    "dropped_entities": "dropped entities",
}


def add_parsers(command: Callable[..., argparse.ArgumentParser]) -> None:
    p = command(
        "diff",
        "What changed from A to B (each a built graph .trig, or a briefing file or directory, built first): new, "
        "changed and dropped observations, matched by indicator, place, period, statistic type and unit, and new "
        "and dropped entities, each with its clause and sentence. Exit 0 whatever the differences.",
    )
    p.add_argument("a", type=Path, help="the earlier graph (.trig) or briefings (.txt file or directory)")
    p.add_argument("b", type=Path, help="the later graph (.trig) or briefings (.txt file or directory)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="aligned tables or one JSON object")


def _period(item: dict[str, object]) -> str:
    return f"{item['period_start']}…{item['period_end']}"


def _first(mentions: object) -> dict[str, object]:
    found = list(mentions) if isinstance(mentions, list) else []
    return found[0] if found else {"doc": "", "quote": "", "sentence": ""}


def _values(values: list[dict[str, object]]) -> str:
    return "; ".join(f"{v['value']}{v['unit']}" for v in values)


def _observation_row(item: dict[str, object]) -> dict[str, str]:
    mention = _first(item["mentions"])
    extra = len(item["mentions"]) - 1  # type: ignore[arg-type]
    return {
        "indicator": str(item["indicator_label"]),
        "place": str(item["place_label"]),
        "period": _period(item),
        "stat_type": str(item["stat_type"]) + (" (target)" if item["target"] else ""),
        "value": f"{item['value']}{item['unit']}",
        "doc": str(mention["doc"]) + (f" (+{extra})" if extra > 0 else ""),
        "quote": str(mention["quote"]),
    }


def _changed_row(item: dict[str, object]) -> dict[str, str]:
    before: list[dict[str, object]] = item["before"]  # type: ignore[assignment]
    after: list[dict[str, object]] = item["after"]  # type: ignore[assignment]
    was, now = _first(before[0]["mentions"]), _first(after[0]["mentions"])
    return {
        "indicator": str(item["indicator_label"]),
        "place": str(item["place_label"]),
        "period": _period(item),
        "stat_type": str(item["stat_type"]) + (" (target)" if item["target"] else ""),
        "before": _values(before),
        "after": _values(after),
        "doc_before": str(was["doc"]),
        "quote_before": str(was["quote"]),
        "doc_after": str(now["doc"]),
        "quote_after": str(now["quote"]),
    }


def _entity_row(item: dict[str, object]) -> dict[str, str]:
    mention = _first(item["mentions"])
    return {
        "class": str(item["class"]),
        "label": str(item["label"]),
        "doc": str(mention["doc"]),
        "quote": str(mention["quote"]),
        "iri": str(item["iri"]),
    }


def table(result: dict[str, object], render: Renderer) -> str:
    """The diff as one aligned table per list, each under its title and count (first mention shown)."""
    rows = {
        "new_observations": _observation_row,
        "changed_observations": _changed_row,
        "dropped_observations": _observation_row,
        "new_entities": _entity_row,
        "dropped_entities": _entity_row,
    }
    parts = [f"dzkg diff {result['a']} → {result['b']}\n"]
    for name, title in TITLES.items():
        items: list[dict[str, object]] = result[name]  # type: ignore[assignment]
        parts.append(f"\n{title} ({len(items)})\n")
        parts.append(render([rows[name](item) for item in items], "table"))
    return "".join(parts)


def cmd_diff(args: argparse.Namespace, *, render: Renderer) -> int:
    from dzkg import api

    result = api.diff(args.a, args.b)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(table(result, render), end="")
    return 0
