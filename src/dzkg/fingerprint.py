"""Stage 0, fingerprints: a file's sha256, with its size and modification time as a shortcut.

Used by the build manifest and the query store's stamp to tell whether an input changed. Re-hashing a 350 MB
TriG or a thousand briefings on every `dzkg query` would cost more than the query, so a file whose size and
mtime are those recorded keeps its recorded digest; any other file is hashed again (a touched but unchanged
file therefore still counts as unchanged).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int
    mtime_ns: int

    def as_json(self) -> dict[str, object]:
        return {"sha256": self.sha256, "size": self.size, "mtime_ns": self.mtime_ns}

    @classmethod
    def from_json(cls, data: object) -> Fingerprint | None:
        """A recorded fingerprint, or None when `data` is not one (an older manifest's bare digest)."""
        if isinstance(data, dict) and {"sha256", "size", "mtime_ns"} <= data.keys():
            return cls(str(data["sha256"]), int(data["size"]), int(data["mtime_ns"]))
        return None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(path: Path, recorded: Fingerprint | None = None, info: os.stat_result | None = None) -> Fingerprint:
    """The fingerprint of `path` (whose `info` the caller may have); when its size and mtime equal `recorded`'s,
    the recorded digest is reused."""
    info = Path(path).stat() if info is None else info
    if recorded is not None and (recorded.size, recorded.mtime_ns) == (info.st_size, info.st_mtime_ns):
        return recorded
    return Fingerprint(sha256_file(path), info.st_size, info.st_mtime_ns)
