"""Write-then-rename for every output file (shared by store, view, export): a failed or interrupted write
never leaves a half-written file, and the previous output stays byte-identical.

A destination that is a symbolic link gets its target replaced (the link stays); one that is a device or a pipe
(`-o /dev/stdout`, a FIFO) is written in place, never replaced by a file; a directory is refused. Every failure
to write is a `DzkgError` naming the destination (CLI exit 2), never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from dzkg.errors import DzkgError


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """Yield a binary file in `path`'s directory; on success it replaces `path`, on error it is removed."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode  # follows symbolic links
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _error(path, exc) from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise DzkgError(f"{path}: cannot write here: it is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        with _in_place(path) as handle:
            yield handle
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False)
    except OSError as exc:
        raise _error(path, exc) from exc
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        if isinstance(exc, OSError) and exc.filename in (None, handle.name):  # writing failed (disk full …)
            raise _error(path, exc) from exc
        raise


@contextlib.contextmanager
def _in_place(path: Path) -> Iterator[IO[bytes]]:
    """A device or pipe: nothing to replace, so write straight into it."""
    try:
        with open(path, "wb") as handle:
            yield handle
    except OSError as exc:
        if exc.filename not in (None, str(path)):
            raise
        raise _error(path, exc) from exc


def _error(path: Path, exc: OSError) -> DzkgError:
    return DzkgError(f"{path}: cannot write here: {exc.strerror or exc}")


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_output(path) as handle:
        handle.write(data)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
