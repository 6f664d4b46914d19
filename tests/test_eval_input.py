"""Bad input to `dzkg eval` (docs/bad-input.md): gold files that are missing, directories, not UTF-8, malformed or
named twice, a graph without the briefing, `--sources` without a value. Each is refused with exit 2 and a message
naming the file (and line), never a traceback or silent zero scores."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dzkg import api
from dzkg.errors import DzkgError, InputError
from dzkg.evaluate import read_gold

from .cli_helpers import dzkg, show
from .conftest import DEZHOU_DIR, GOLD_DIR

DEZHOU_ID = "dezhou-2025-09-03"
GOLD = GOLD_DIR / f"{DEZHOU_ID}.jsonl"
FIRST = GOLD.read_text(encoding="utf-8").splitlines()[0]


def refused(args: list[object], cwd: Path) -> str:
    """Run `dzkg eval ARGS` (on the real briefings) and return its standard error, checking it refused cleanly."""
    result = dzkg("eval", *args, "--sources", DEZHOU_DIR, cwd=cwd)
    assert result.returncode == 2, show(result)
    assert "Traceback" not in result.stderr, show(result)
    assert result.stdout == "", show(result)
    assert result.stderr.startswith("dzkg eval: error: "), show(result)
    return result.stderr


def gold_with(tmp_path: Path, second_line: str) -> Path:
    """A gold file named after the real briefing: its first real line, then `second_line`."""
    path = tmp_path / "g" / f"{DEZHOU_ID}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{FIRST}\n{second_line}\n", encoding="utf-8")
    return path


def fact(**changes: object) -> str:
    return json.dumps({**json.loads(FIRST), **changes}, ensure_ascii=False)


def make_missing_named_like_gold(tmp_path: Path) -> Path:
    return tmp_path / "nowhere" / f"{DEZHOU_ID}.jsonl"


def make_missing(tmp_path: Path) -> Path:
    return tmp_path / "nonexist.jsonl"


def make_directory_named_like_gold(tmp_path: Path) -> Path:
    path = tmp_path / "dd" / f"{DEZHOU_ID}.jsonl"
    path.mkdir(parents=True)
    return path


def make_gold_directory(tmp_path: Path) -> Path:
    return GOLD_DIR


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (make_missing_named_like_gold, "no such file"),
        (make_missing, "no such file"),
        (make_directory_named_like_gold, "is a directory"),
        (make_gold_directory, "is a directory"),
    ],
)
def test_a_missing_gold_file_or_a_directory_is_named(
    make: Callable[[Path], Path], reason: str, tmp_path: Path, dezhou_graph: Path
) -> None:
    path = make(tmp_path)
    stderr = refused([path, "--graph", dezhou_graph], tmp_path)
    assert f"{path}: {reason}" in stderr
    assert "no briefing" not in stderr


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (b"\xb5\xc2", ":1:1: not valid UTF-8 at byte 0"),
        (GOLD.read_text(encoding="utf-8").encode("gb18030"), ":1:"),
        ((FIRST + "\n").encode("utf-8") + FIRST.encode("gb18030"), ":2:"),
        (GOLD.read_text(encoding="utf-8").encode("utf-16"), ":1:1: the file is UTF-16"),
    ],
    ids=["two-bytes", "gb18030", "gb18030-on-line-2", "utf16"],
)
def test_a_gold_file_that_is_not_utf8_is_refused_with_its_line(
    raw: bytes, needle: str, tmp_path: Path, dezhou_graph: Path
) -> None:
    path = tmp_path / "g" / f"{DEZHOU_ID}.jsonl"
    path.parent.mkdir()
    path.write_bytes(raw)
    stderr = refused([path, "--graph", dezhou_graph], tmp_path)
    assert f"{path}{needle}" in stderr
    assert "UTF" in stderr


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "expected a JSON object, found list"),
        ("42", "expected a JSON object, found int"),
        ('{"quote": "x"', "invalid JSON"),
        (fact(value="abc"), "'value' must be a decimal number"),
        (fact(value=""), "'value' must be a decimal number"),
        (fact(value_base="1e"), "'value_base' must be a decimal number"),
        (fact(start="x"), "'start' must be an offset"),
        (fact(start=-3), "'start' must be an offset"),
        (fact(period="2025"), "'period' must be null or [start, end]"),
        (fact(change={"kind": "rel"}), "'change' must be null or an object with a decimal 'value'"),
        (fact(quote=""), "'quote' must be a non-empty string"),
        (fact(start=0), "is not at offset 0 of briefing 'dezhou-2025-09-03'"),
        (fact(start=None, quote="這句話不在簡報裡"), "is not in briefing 'dezhou-2025-09-03'"),
    ],
)
def test_a_malformed_gold_line_is_refused_with_its_line(
    line: str, reason: str, tmp_path: Path, dezhou_graph: Path
) -> None:
    path = gold_with(tmp_path, line)
    stderr = refused([path, "--graph", dezhou_graph], tmp_path)
    assert f"{path}:2" in stderr and reason in stderr


def test_an_empty_gold_file_is_refused(tmp_path: Path, dezhou_graph: Path) -> None:
    path = tmp_path / f"{DEZHOU_ID}.jsonl"
    path.write_text("\n  \n", encoding="utf-8")
    assert f"{path}: no gold facts" in refused([path, "--graph", dezhou_graph], tmp_path)


def test_the_same_gold_file_twice_or_two_for_one_briefing_is_refused(tmp_path: Path) -> None:
    """Each would be counted again (gold 116 instead of 58): refused, naming the file."""
    stderr = refused([GOLD, GOLD], tmp_path)
    assert f"{GOLD}: named twice" in stderr
    other = GOLD_DIR / ".." / "gold" / GOLD.name  # the same file, spelled otherwise
    assert f"{other}: named twice" in refused([GOLD, other], tmp_path)
    copy = tmp_path / "copy" / GOLD.name
    copy.parent.mkdir()
    copy.write_bytes(GOLD.read_bytes())
    stderr = refused([GOLD, copy], tmp_path)
    assert f"{copy}: a second gold file for briefing '{DEZHOU_ID}' (the first: {GOLD})" in stderr


def test_a_graph_without_the_briefing_is_refused_not_scored_zero(synthetic_graph: Path, tmp_path: Path) -> None:
    stderr = refused([GOLD, "--graph", synthetic_graph], tmp_path)
    assert f"{synthetic_graph}: the graph holds no briefing '{DEZHOU_ID}'" in stderr
    assert str(GOLD) in stderr


def test_sources_without_a_value_is_a_usage_error(tmp_path: Path) -> None:
    result = dzkg("eval", GOLD, "--sources", cwd=tmp_path)
    assert result.returncode == 2, show(result)
    assert "Traceback" not in result.stderr
    assert "--sources: expected at least one argument" in result.stderr, show(result)


def test_the_api_names_bad_gold_before_building_and_refuses_empty_sources(tmp_path: Path) -> None:
    graph = tmp_path / "never" / "dzkg.trig"
    with pytest.raises(InputError, match="no such file") as caught:
        api.evaluate_gold([tmp_path / f"{DEZHOU_ID}.jsonl"], graph=graph, sources=[DEZHOU_DIR])
    assert caught.value.path == tmp_path / f"{DEZHOU_ID}.jsonl"
    assert not graph.parent.exists()  # nothing was built for a gold file that is not there
    with pytest.raises(DzkgError, match="no sources"):
        api.evaluate_gold([GOLD], graph=graph, sources=[])
    assert not graph.parent.exists()


def test_read_gold_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_gold(tmp_path)
    assert len(read_gold(GOLD)) >= 55  # the real gold still reads
