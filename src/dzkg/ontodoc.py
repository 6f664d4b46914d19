"""Offline documentation page for the dzkg ontology (ontology/dzkg.ttl → one self-contained HTML file).

A consumer of the ontology only (no instance data): lists classes, properties and concept schemes with
their zh-Hant, zh-Hans and English labels, definition, superclasses or superproperties, domain and range.
The page has inline CSS only and no scripts, fonts or images, so it opens with the network cable pulled;
every text from the graph goes through `html.escape`, and ordering is by IRI so output is deterministic.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

__all__ = ["render_ontology_html", "write_ontology_html"]

_DZ = "https://w3id.org/dzkg/ontology#"
_LANGS = ("zh-Hant", "zh-Hans", "en")
_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2rem auto;max-width:60rem;
padding:0 1rem;color:#222;line-height:1.5}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ccc;margin-top:2.5rem}
section.term{border-left:4px solid #8ab;padding:.2rem .8rem;margin:1rem 0}
section.term h3{margin:.2rem 0;font-family:monospace}
table{border-collapse:collapse}td,th{text-align:left;vertical-align:top;padding:.1rem .6rem .1rem 0}
th{color:#555;font-weight:normal;white-space:nowrap}code{font-size:.95em}
ul.concepts{columns:2}nav a{margin-right:1rem}
"""


# rows shown for a term: (row name, predicate, read the predicate backwards?)
_CLASS_ROWS = (("subclass of", RDFS.subClassOf, False), ("subclasses", RDFS.subClassOf, True))
_PROPERTY_ROWS = (("subproperty of", RDFS.subPropertyOf, False), ("domain", RDFS.domain, False),
                  ("range", RDFS.range, False))  # fmt: skip
_SECTIONS = (
    ("classes", "Classes", OWL.Class, _CLASS_ROWS),
    ("object-properties", "Object properties", OWL.ObjectProperty, _PROPERTY_ROWS),
    ("datatype-properties", "Datatype properties", OWL.DatatypeProperty, _PROPERTY_ROWS),
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _curie(graph: Graph, node: Node) -> str:
    """prefix:rest with the longest bound namespace (local parts may hold "/"), else the full IRI."""
    iri = str(node)
    if isinstance(node, URIRef):
        bound = [(str(ns), prefix) for prefix, ns in graph.namespaces() if prefix and iri.startswith(str(ns))]
        if bound:
            ns, prefix = max(bound, key=lambda pair: (len(pair[0]), pair[1]))
            if len(ns) < len(iri):
                return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _ref(graph: Graph, node: Node) -> str:
    """A link to the term's own section for dz: terms, plain code for everything else."""
    text = _e(_curie(graph, node))
    if isinstance(node, URIRef) and str(node).startswith(_DZ):
        return f'<a href="#{_e(str(node)[len(_DZ) :])}"><code>{text}</code></a>'
    return f"<code>{text}</code>"


def _anchor(node: URIRef) -> str:
    iri = str(node)
    return iri[len(_DZ) :] if iri.startswith(_DZ) else iri.rsplit("/", 2)[-2] + "-" + iri.rsplit("/", 1)[-1]


def _labels(graph: Graph, node: URIRef) -> dict[str, str]:
    found: dict[str, str] = {}
    for predicate in (SKOS.prefLabel, RDFS.label):
        for label in sorted(graph.objects(node, predicate)):
            if isinstance(label, Literal) and label.language:
                for lang in _LANGS:
                    if label.language.lower() == lang.lower():
                        found.setdefault(lang, str(label))
    return found


def _definition(graph: Graph, node: URIRef) -> str:
    texts = sorted(graph.objects(node, SKOS.definition), key=lambda x: (getattr(x, "language", "") != "en", x))
    return str(texts[0]) if texts else ""


def _term(graph: Graph, node: URIRef, rows: list[tuple[str, list[Node]]], extra: str = "") -> str:
    labels = _labels(graph, node)
    shown = " · ".join(_e(labels[lang]) for lang in _LANGS if lang in labels)
    out = [
        f'<section class="term" id="{_e(_anchor(node))}"><h3>{_e(_curie(graph, node))}</h3>',
        f"<p>{shown}</p>",
        "<table>",
        f"<tr><th>IRI</th><td><code>{_e(node)}</code></td></tr>",
    ]
    definition = _definition(graph, node)
    if definition:
        out.append(f"<tr><th>definition</th><td>{_e(definition)}</td></tr>")
    for name, values in rows:
        if values:
            out.append(f"<tr><th>{_e(name)}</th><td>{', '.join(_ref(graph, v) for v in sorted(values))}</td></tr>")
    out.append(f"</table>{extra}</section>")
    return "\n".join(out)


def _subjects(graph: Graph, rdf_type: URIRef, prefix: str = _DZ) -> list[URIRef]:
    found = {s for s in graph.subjects(RDF.type, rdf_type) if isinstance(s, URIRef) and str(s).startswith(prefix)}
    return sorted(found)


def render_ontology_html(ttl_path: Path) -> str:
    """Render the ontology in `ttl_path` as one self-contained HTML page (no external requests)."""
    graph = Graph()
    graph.parse(ttl_path, format="turtle")
    graph.bind("dzid", "https://w3id.org/dzkg/id/")
    onto = next(iter(sorted(graph.subjects(RDF.type, OWL.Ontology))), None)

    def meta(predicate: URIRef) -> str:
        if onto is None:
            return ""
        values = sorted(graph.objects(onto, predicate), key=lambda x: (getattr(x, "language", "") != "en", x))
        return str(values[0]) if values else ""

    title = meta(DCTERMS.title) or "Ontology"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p><code>{_e(onto or '')}</code> · version {_e(meta(OWL.versionInfo))} · "
        f"license <code>{_e(meta(DCTERMS.license))}</code></p>",
        f"<p>{_e(meta(DCTERMS.description))}</p>",
        "<nav>"
        + "".join(f'<a href="#{anchor}">{heading}</a>' for anchor, heading, _, _ in _SECTIONS)
        + '<a href="#schemes">Concept schemes</a></nav>',
    ]
    for anchor, heading, kind, rows in _SECTIONS:
        parts.append(f'<h2 id="{anchor}">{heading}</h2>')
        for node in _subjects(graph, kind):
            values = [
                (name, list(graph.subjects(pred, node) if inverse else graph.objects(node, pred)))
                for name, pred, inverse in rows
            ]
            parts.append(_term(graph, node, values))
    parts.append('<h2 id="schemes">Concept schemes</h2>')
    for scheme in _subjects(graph, SKOS.ConceptScheme):
        items = []
        for concept in sorted(c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)):
            labels = _labels(graph, concept)
            notation = " ".join(f"<code>{_e(n)}</code>" for n in sorted(graph.objects(concept, SKOS.notation)))
            broader = ", ".join(_e(_curie(graph, b)) for b in sorted(graph.objects(concept, SKOS.broader)))
            definition = _definition(graph, concept)
            items.append(
                f'<li id="{_e(_anchor(concept))}"><code>{_e(_curie(graph, concept))}</code> '
                + " · ".join(_e(labels[lang]) for lang in _LANGS if lang in labels)
                + (f" {notation}" if notation else "")
                + (f" <small>(broader: {broader})</small>" if broader else "")
                + (f"<br><small>{_e(definition)}</small>" if definition else "")
                + "</li>"
            )
        listing = f'<ul class="concepts">{"".join(items)}</ul>' if items else "<p>(filled by the loader)</p>"
        parts.append(_term(graph, scheme, [], listing))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_ontology_html(ttl_path: Path, out_path: Path) -> Path:
    """Write the page for `ttl_path` to `out_path` as UTF-8, atomically (temp file + os.replace)."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    text = render_ontology_html(Path(ttl_path))
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the page is meant to be shared
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out_path


def main(argv: list[str] | None = None) -> int:
    """`python -m dzkg.ontodoc [ONTOLOGY.ttl] [OUT.html]`: write the ontology documentation page."""
    import sys

    from dzkg import paths

    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else paths.ontology_file()
    out = Path(args[1]) if len(args) > 1 else Path("build/ontology.html")
    write_ontology_html(source, out)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
