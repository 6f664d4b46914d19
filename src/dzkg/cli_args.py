"""Stage 8, CLI helpers (what the command line accepts): argparse types for outputs and counts, and query files.

Shared by `dzkg.cli`'s commands; a bad value is a usage error (exit 2) with the reason, never a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dzkg.errors import InputError


def positive(value: str) -> int:
    """A count such as --jobs, --workers or --max-rows: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return number


def file_output(value: str) -> Path:
    """An output file named on the command line: not `-` and not a directory path (`out/`)."""
    if value == "-":
        raise argparse.ArgumentTypeError("this command writes a file: give its path, not -")
    if value.endswith(("/", "\\")):
        raise argparse.ArgumentTypeError(f"{value}: names a directory; give a file in it")
    return Path(value)


def stdout_or_file(value: str) -> Path | None:
    """`-` (standard output, as with no -o) or an output file."""
    return None if value == "-" else file_output(value)


def graph_output(value: str) -> Path:
    """The TriG a build writes: a file whose name a later build would not read as a briefing."""
    path = file_output(value)
    if path.name.endswith((".txt", ".meta.json")):
        raise argparse.ArgumentTypeError(f"{value}: a later build would read it as a briefing; name it .trig")
    return path


def query_file(path: Path) -> str:
    """A SPARQL file's text: UTF-8 (a leading BOM dropped), else exit 2 with the line of the first bad byte."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read it: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path, f"not valid UTF-8 (byte {data[exc.start]:#04x}); save the query as UTF-8", line=line
        ) from None
