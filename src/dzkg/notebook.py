"""Consumer: the network view inline in a notebook (JupyterLab, Jupyter Notebook, VS Code).

Where it sits: after the view (DESIGN.md §1): `show()` renders the same self-contained page as `dzkg view`
(`dzkg.view`) and wraps it in an <iframe srcdoc="…"> whose markup is attribute-escaped, sandboxed to scripts
only (no access to the notebook page) and carries unique element ids, so several views can share a notebook.
It opens a built graph through `dzkg.store` (no rebuild: run `dzkg build` or `dzkg.build()` first).
"""

from __future__ import annotations

import html
import uuid
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from dzkg.store import open_store
from dzkg.view import network, render, select, vis_data


def iframe(page: str, *, height: int = 640, uid: str | None = None) -> str:
    """`page` (a whole HTML document) as an <iframe srcdoc> with the id `dzkg-frame-<uid>`, in a <div> (IPython
    warns about HTML output that starts with an iframe)."""
    uid = uid or uuid.uuid4().hex[:12]
    return (
        f'<div class="dzkg-view"><iframe id="dzkg-frame-{uid}" class="dzkg-frame" title="dzkg network view" '
        'sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" srcdoc="{html.escape(page, quote=True)}">'
        "</iframe></div>"
    )


def markup(
    graph_or_store: ox.Store | nx.MultiDiGraph | str | Path,
    *,
    lang: str = "zh-Hant",
    focus: str | None = None,
    depth: int = 1,
    classes: list[str] | None = None,
    height: int = 640,
) -> str:
    """The iframe markup for a built graph: a TriG path, its Oxigraph store, or `dzkg.view.network()`'s graph."""
    if isinstance(graph_or_store, nx.MultiDiGraph):
        graph = graph_or_store
    else:
        store = graph_or_store if isinstance(graph_or_store, ox.Store) else open_store(Path(graph_or_store))
        graph = network(store)
    uid = uuid.uuid4().hex[:12]
    data = vis_data(select(graph, focus=focus, depth=depth, classes=classes))
    return iframe(render(data, lang=lang, prefix=f"dzkg-{uid}"), height=height, uid=uid)


def show(
    graph_or_store: ox.Store | nx.MultiDiGraph | str | Path,
    *,
    lang: str = "zh-Hant",
    focus: str | None = None,
    depth: int = 1,
    classes: list[str] | None = None,
    height: int = 640,
) -> Any:
    """Display the network view inline: an `IPython.display.HTML` object when IPython is importable (the last
    expression of a cell shows it), else the iframe markup as a string. Options as for `dzkg view`."""
    text = markup(graph_or_store, lang=lang, focus=focus, depth=depth, classes=classes, height=height)
    try:
        from IPython.display import HTML
    except ImportError:
        return text
    return HTML(text)
