"""Consumer: score a fact sheet against gold annotations (DESIGN.md §3, `dzkg eval`).

A gold fact is found when a fact-sheet row of the same briefing overlaps its quote and states the same value
(or, for a change, the change's value; sign-insensitive). A gold change is found in a row overlapping the quote
or in a row whose `change_of` is the matched level (分别增长3.5%、15.8% stated after the levels). Among matched
facts, the accuracy of value_base, unit, period, rank (with scope), change and subject is reported, and of area
among the facts whose gold names one (optional). Subjects match at character-bigram Dice >= 0.5, each read
without a leading name of the figure's place when the row has the gold's place. Rows are plain dicts with the
fact-sheet columns, plus `area` (the place's code) and `area_names` (its names, `|`-joined) when the area is
scored; nothing here knows RDF.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dzkg.errors import InputError
from dzkg.normalize import key
from dzkg.read import decode

_SCOPES = {"山东省": "370000", "中国": "CN", "全国": "CN", "全省": None}


@dataclass
class Score:
    gold: int = 0
    rows: int = 0
    matched_gold: int = 0
    matched_rows: int = 0
    correct: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    """How many matched facts an optional field was scored on (area: only where the gold names one)."""

    @property
    def precision(self) -> float:
        return self.matched_rows / self.rows if self.rows else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        scored = self.checked.get(name, 0) if name in OPTIONAL else self.matched_gold
        return self.correct.get(name, 0) / scored if scored else 0.0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.rows += other.rows
        self.matched_gold += other.matched_gold
        self.matched_rows += other.matched_rows
        for name, count in other.correct.items():
            self.correct[name] = self.correct.get(name, 0) + count
        for name, count in other.checked.items():
            self.checked[name] = self.checked.get(name, 0) + count
        self.misses += other.misses
        self.extras += other.extras
        self.wrong += other.wrong


FIELDS = ("value_base", "unit", "period", "rank", "change", "subject")
OPTIONAL = ("area",)


@dataclass
class GoldFile:
    """One gold file: the briefing it annotates (its name without `.jsonl`), its facts and the line of each."""

    path: Path
    doc: str
    facts: list[dict[str, object]]
    lines: list[int]


def read_gold(path: Path) -> list[dict[str, object]]:
    """The facts of one gold JSONL file; anything unusable is an `InputError` naming the file, line and reason."""
    return read_gold_file(path).facts


def read_gold_file(path: Path) -> GoldFile:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory; name the gold files in it (e.g. DIR/*.jsonl)") from None
    except OSError as exc:
        raise InputError(path, f"cannot read it: {exc.strerror or exc}") from None
    facts, lines = [], []
    for number, line in enumerate(decode(raw, path).splitlines(), 1):  # UTF-8 only, as briefings (read.decode)
        if not line.strip():
            continue
        try:
            fact = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON: {exc.msg}", line=number, column=exc.colno) from None
        except RecursionError:
            raise InputError(path, "invalid JSON: nested too deeply", line=number) from None
        _check_fact(fact, path, number)
        facts.append(fact)
        lines.append(number)
    if not facts:
        raise InputError(path, "no gold facts: the file is empty (one JSON object per line, see docs/model.md)")
    return GoldFile(path, path.name.removesuffix(".jsonl"), facts, lines)


def _check_fact(fact: object, path: Path, line: int) -> None:
    """A gold object as DESIGN.md §3 describes it; the first field that is not is named."""

    def refuse(reason: str) -> InputError:
        return InputError(path, reason, line=line)

    if not isinstance(fact, dict):
        raise refuse(f"expected a JSON object, found {type(fact).__name__} (one object per line)")
    for required in ("quote", "value", "unit"):
        if required not in fact:
            raise refuse(f"missing field {required!r}")
    if not isinstance(fact["quote"], str) or not fact["quote"]:
        raise refuse(f"'quote' must be a non-empty string, not {fact['quote']!r}")
    if not isinstance(fact["unit"], str):
        raise refuse(f"'unit' must be a string, not {fact['unit']!r}")
    for name in ("value", "value_base"):
        if (name == "value" or fact.get(name) not in (None, "")) and not _number(fact[name]):
            raise refuse(f"{name!r} must be a decimal number, not {fact[name]!r}")
    start = fact.get("start")
    if start is not None and (isinstance(start, bool) or not isinstance(start, int) or start < 0):
        raise refuse(f"'start' must be an offset (an integer >= 0), not {start!r}")
    period = fact.get("period")
    if period and not (isinstance(period, list) and len(period) == 2 and all(isinstance(d, str) for d in period)):
        raise refuse(f"'period' must be null or [start, end] (ISO dates), not {period!r}")
    change = fact.get("change")
    if change and not (isinstance(change, dict) and _number(change.get("value"))):
        raise refuse(f"'change' must be null or an object with a decimal 'value', not {change!r}")
    if fact.get("area") is not None and not (isinstance(fact["area"], str) and fact["area"]):
        raise refuse(f"'area' must be null or a place name, not {fact['area']!r}")


def _number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float, str)) and _dec(value) is not None


def read_gold_files(paths: Iterable[Path]) -> list[GoldFile]:
    """Every gold file, read and checked before anything is built or scored. One gold file per briefing: the
    same file named twice, or two files for one briefing, is refused (each would be counted again)."""
    files: dict[str, GoldFile] = {}
    for path in map(Path, paths):
        gold = read_gold_file(path)
        first = files.get(gold.doc)
        if first is not None:
            if first.path.resolve() == path.resolve():
                raise InputError(path, "named twice; each gold file is scored once, name it once")
            raise InputError(path, f"a second gold file for briefing {gold.doc!r} (the first: {first.path})")
        files[gold.doc] = gold
    return list(files.values())


def evaluate(
    gold: Iterable[GoldFile],
    texts: Mapping[str, str],
    rows: Mapping[str, list[Mapping[str, str]]],
    held: Collection[str],
    *,
    graph: Path,
) -> Score:
    """Score every gold file against the rows (`rows_by_doc`) of the graph holding the briefings `held`, with
    `texts` the briefings' texts by id. A briefing missing from the sources or from the graph, or a gold quote
    that is not where it says in the text, is an `InputError`: it would otherwise score as silent zeros."""
    total = Score()
    for file in gold:
        if file.doc not in texts:
            raise InputError(file.path, f"no briefing {file.doc!r} among the sources (see --sources)")
        text = texts[file.doc]
        for fact, line in zip(file.facts, file.lines, strict=True):
            quote, start = str(fact["quote"]), fact.get("start")
            if start is None and quote not in text:
                raise InputError(file.path, f"the quote {quote!r} is not in briefing {file.doc!r}", line=line)
            if isinstance(start, int) and text[start : start + len(quote)] != quote:
                raise InputError(
                    file.path, f"the quote {quote!r} is not at offset {start} of briefing {file.doc!r}", line=line
                )
        if file.doc not in held:
            raise InputError(
                graph,
                f"the graph holds no briefing {file.doc!r} (gold file {file.path}); build it from that briefing "
                "or name the graph that holds it with --graph",
            )
        total.add(score(file.facts, rows.get(file.doc, []), text))
    return total


def _dec(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _bigrams(text: str) -> list[str]:
    folded = key(text)
    return [folded[i : i + 2] for i in range(len(folded) - 1)] or [folded]


def dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    pool = list(y)
    common = 0
    for gram in x:
        if gram in pool:
            pool.remove(gram)
            common += 1
    return 2 * common / (len(x) + len(y)) if x and y else 0.0


def score(gold: list[Mapping[str, object]], rows: list[Mapping[str, str]], text: str) -> Score:
    """Score one briefing's rows (fact-sheet dicts) against its gold facts."""
    result = Score(gold=len(gold), rows=len(rows))
    used: set[int] = set()
    for fact in gold:
        quote = str(fact["quote"])
        start = int(fact["start"]) if fact.get("start") is not None else text.find(quote)  # type: ignore[arg-type]
        end = start + len(quote)
        overlapping = [i for i, r in enumerate(rows) if int(r["start"]) < end and start < int(r["end"])]
        # 寧陽縣2個、東平縣2個 in one clause: each gold fact its own row, the one of its place when they tie
        area = str(fact.get("area") or "")
        overlapping.sort(key=lambda i: (i in used, bool(area) and not _area_ok(area, rows[i])))
        value = _dec(fact["value"])
        change = fact.get("change") or None
        change_value = _dec(change.get("value")) if isinstance(change, dict) else None
        level = next((i for i in overlapping if _same(rows[i]["value"], value) and not _is_change(rows[i])), None)
        if level is None:
            level = next((i for i in overlapping if _same(rows[i]["value"], value)), None)
        delta = next((i for i in overlapping if _is_change(rows[i]) and _same(rows[i]["value"], change_value)), None)
        if delta is None and level is not None and change_value is not None:  # a change stated apart, linked to it
            linked = (i for i, r in enumerate(rows) if r.get("change_of") and r["change_of"] == rows[level]["iri"])
            delta = next((i for i in linked if _same(rows[i]["value"], change_value)), None)
        if level is None and delta is None:
            result.misses.append(f"{quote} [{fact['value']} {fact['unit']}]")
            continue
        result.matched_gold += 1
        for i in (level, delta):
            if i is not None:
                used.add(i)
        row = rows[level if level is not None else delta]  # type: ignore[index]
        checks = {
            "value_base": _dec(fact.get("value_base")) is None
            or _same(row["value_base"], _dec(fact.get("value_base")))
            or (delta is not None and level is None),
            "unit": key(str(fact["unit"])) == key(row["unit"]) or (level is None and delta is not None),
            "period": _period_ok(fact.get("period"), row),
            "rank": _rank_ok(fact, row) or (delta is not None and _rank_ok(fact, rows[delta])),
            "change": _change_ok(change_value, rows[delta] if delta is not None else None, row),
            "subject": _subject_ok(fact, row),
        }
        if fact.get("area"):
            result.checked["area"] = result.checked.get("area", 0) + 1
            checks["area"] = _area_ok(str(fact["area"]), row)
        for name, ok in checks.items():
            if ok:
                result.correct[name] = result.correct.get(name, 0) + 1
            else:
                result.wrong.append(f"{name}: {quote} → gold {_show(fact, name)} / row {_show_row(row, name)}")
    result.matched_rows = len(used) + sum(
        1 for i, r in enumerate(rows) if i not in used and _duplicate_of_used(r, rows, used)
    )
    result.extras = [
        f"{r['quote']} [{r['value']} {r['unit']}]"
        for i, r in enumerate(rows)
        if i not in used and not _duplicate_of_used(r, rows, used)
    ]
    return result


def _duplicate_of_used(row: Mapping[str, str], rows: list[Mapping[str, str]], used: set[int]) -> bool:
    """A second row for the same mention (same span and value) is not a false positive."""
    return any(rows[i]["start"] == row["start"] and rows[i]["end"] == row["end"] for i in used)


def _is_change(row: Mapping[str, str]) -> bool:
    return row.get("stat_type", "").startswith("change")


def _same(printed: str | None, value: Decimal | None) -> bool:
    mine = _dec(printed)
    return mine is not None and value is not None and abs(mine) == abs(value)


def _period_ok(period: object, row: Mapping[str, str]) -> bool:
    if not period:
        return not row.get("period_text")
    start, end = period  # type: ignore[misc]
    return row.get("period_start") == start and row.get("period_end") == end


def _rank_ok(fact: Mapping[str, object], row: Mapping[str, str]) -> bool:
    rank = fact.get("rank")
    if rank in (None, ""):
        return not row.get("rank")
    if str(rank) != str(row.get("rank")):
        return False
    scope = str(fact.get("rank_scope") or "")
    mine = row.get("rank_scope", "")
    return not scope or key(scope) == key(mine) or _SCOPES.get(key(scope)) == mine or scope == mine


def _subject_ok(fact: Mapping[str, object], row: Mapping[str, str]) -> bool:
    """Bigram Dice >= 0.5 between the gold's subject and the row's, each read without a leading name of the
    figure's place when the row has the gold's place, or the gold names none (潍坊综合保税区进出口值 and 进出口值
    of 潍坊综合保税区 are one reading): writers differ on repeating the place in a subject, and `area` scores it."""
    gold, mine = str(fact.get("subject") or ""), row.get("subject", "")
    if not gold:
        return True
    area = str(fact.get("area") or "")
    if not area or _area_ok(area, row):  # a gold that names no place: the row's
        names = {key(name) for name in [area, *row.get("area_names", "").split("|")] if name}
        gold, mine = _without_place(gold, names), _without_place(mine, names)
    return dice(gold, mine) >= 0.5


def _without_place(subject: str, names: set[str]) -> str:
    folded = key(subject)
    name = max((n for n in names if folded.startswith(n) and len(folded) > len(n)), key=len, default="")
    return folded[len(name) :]


def _area_ok(area: str, row: Mapping[str, str]) -> bool:
    """The gold's place name is one of the row's place's names, or its code (中國 → CN, 山東省 → 370000)."""
    names = {key(name) for name in row.get("area_names", "").split("|") if name}
    code = row.get("area")
    return key(area) in names or (bool(code) and (_SCOPES.get(key(area)) == code or area == code))


def _change_ok(expected: Decimal | None, delta_row: Mapping[str, str] | None, row: Mapping[str, str]) -> bool:
    if expected is None:
        return not _is_change(row) or row is delta_row
    if delta_row is None:
        return False
    mine = _dec(delta_row["value"])
    return mine == expected


def _show(fact: Mapping[str, object], name: str) -> str:
    return {
        "period": str(fact.get("period")),
        "rank": f"{fact.get('rank')}@{fact.get('rank_scope')}",
        "change": str(fact.get("change")),
        "subject": str(fact.get("subject")),
        "unit": str(fact.get("unit")),
        "value_base": str(fact.get("value_base")),
        "area": str(fact.get("area")),
    }[name]


def _show_row(row: Mapping[str, str], name: str) -> str:
    return {
        "period": f"{row.get('period_start')}..{row.get('period_end')} ({row.get('period_text')})",
        "rank": f"{row.get('rank')}@{row.get('rank_scope')}",
        "change": f"{row.get('stat_type')} {row.get('value')}",
        "subject": row.get("subject", ""),
        "unit": row.get("unit", ""),
        "value_base": row.get("value_base", ""),
        "area": f"{row.get('area')} ({row.get('area_names', '')})",
    }[name]


def summary(result: Score) -> dict[str, float | int]:
    out: dict[str, float | int] = {
        "gold": result.gold,
        "rows": result.rows,
        "precision": round(result.precision, 4),
        "recall": round(result.recall, 4),
        "f1": round(result.f1, 4),
    }
    for name in FIELDS:
        out[f"{name}_accuracy"] = round(result.accuracy(name), 4)
    for name in OPTIONAL:
        if result.checked.get(name):
            out[f"{name}_accuracy"] = round(result.accuracy(name), 4)
            out[f"{name}_scored"] = result.checked[name]
    return out


def rows_by_doc(rows: Iterable[Mapping[str, str]]) -> dict[str, list[Mapping[str, str]]]:
    out: dict[str, list[Mapping[str, str]]] = {}
    for row in rows:
        out.setdefault(row["doc"], []).append(row)
    return out
