"""The one place individuals' IRIs are minted (used only by `triples`).

IRIs are ASCII and deterministic: curated things use their lexicon slug or GB/T 2260 code; everything else
a short SHA-1 of its script-independent key (`normalize.key`), so 生物製造 and 生物制造 share one IRI.
"""

from __future__ import annotations

import hashlib
import re

DZID = "https://w3id.org/dzkg/id/"
_SAFE = re.compile(r"^[A-Za-z0-9._~\-]+$")


SCOPED = ("briefing", "run", "section", "span", "obs", "part", "designation")
"""Kinds whose individuals belong to one briefing, dzid:<kind>/<briefing>[/…|#…]: only that briefing's graph
describes them (the store relies on this to update its merge graph by graph)."""


def scoped_to(subject: str, graph_iri: str) -> bool:
    """Whether `subject` is an individual of the briefing whose graph is `graph_iri` (see SCOPED)."""
    own = graph_iri.removeprefix(DZID + "graph/")
    if own == graph_iri:
        return False
    for kind in SCOPED:
        base = f"{DZID}{kind}/{own}"
        if subject.startswith(base) and (len(subject) == len(base) or subject[len(base)] in "/#"):
            return True
    return False


def digest(*parts: str, length: int = 12) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def slug(text: str) -> str:
    """`text` when it is already a safe ASCII path segment, else a digest of it."""
    return text if _SAFE.match(text) else "h" + digest(text)


def mint(kind: str, *parts: str) -> str:
    """dzid:<kind>/<part>/<part>…; every part made ASCII-safe."""
    return DZID + "/".join([kind, *(slug(p) if p else "_" for p in parts)])


def briefing(doc_id: str) -> str:
    return mint("briefing", doc_id)


def graph(doc_id: str) -> str:
    return mint("graph", doc_id)


def span(doc_id: str, start: int, end: int) -> str:
    return mint("span", doc_id, f"{start}-{end}")


def section(doc_id: str, index: int) -> str:
    return mint("section", doc_id, str(index))


def period(start: str, end: str) -> str:
    return mint("period", f"{start}_{end}")


def observation(doc_id: str, *key: str) -> str:
    return DZID + "obs/" + slug(doc_id) + "/" + digest(*key, length=16)


def entity(kind: str, key: str) -> str:
    return mint(kind, key)
