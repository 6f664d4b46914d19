"""dzkg: Chinese government development briefings to an RDF knowledge graph.

The public Python API (names resolved lazily from `dzkg.api`, so `import dzkg` stays cheap). Pipeline,
one direction: read → extract → triples → store → consumers (query, check, view, export, eval); the CLI is
a thin layer over these functions.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "build",
    "diff",
    "evaluate_gold",
    "explain",
    "fact_sheet",
    "open_dataset",
    "open_graph",
    "query",
    "query_frame",
    "query_result",
    "stats",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from dzkg import api

        return getattr(api, name)
    raise AttributeError(f"module 'dzkg' has no attribute {name!r}")
