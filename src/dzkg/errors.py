"""Errors every stage may raise; the CLI turns them into exit code 2 with the message."""

from __future__ import annotations

from pathlib import Path


class DzkgError(Exception):
    """A problem with the user's input or arguments (CLI exit code 2)."""


class InputError(DzkgError):
    """Bad input file: names the file, the line (1-based) and column when known, and the reason."""

    def __init__(self, path: Path | str, reason: str, *, line: int | None = None, column: int | None = None):
        self.path = Path(path)
        self.reason = reason
        self.line = line
        self.column = column
        where = str(path)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {reason}")
