"""Consumer: exports of a built graph — RDF (Turtle, N-Quads, TriG, JSON-LD), the entity network (GraphML and
GEXF, for Gephi and Cytoscape) and a workbook (XLSX: one sheet per fact family, each with its sentence).

Every file is written atomically. JSON-LD is written expanded, with no @context to fetch. XML formats (GraphML,
GEXF, the workbook) get no character XML cannot hold; GEXF gets no date and the workbook no save time (its ZIP
entries carry the ZIP epoch), so every export is reproducible byte for byte.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from dzkg.atomic import write_bytes
from dzkg.errors import DzkgError
from dzkg.namespace import PREFIXES
from dzkg.sparql import run

RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS, "xlsx")
_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "dzid"}


def rdf_bytes(trig: Path, fmt: str) -> bytes:
    """Read from the built TriG itself (the store normalises some datatypes, e.g. xsd:positiveInteger to
    xsd:integer). Turtle holds the union of all graphs (graph names dropped); the quad formats keep them."""
    quads = list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    if fmt == "ttl":
        triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES)
    if fmt == "trig":
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_PREFIXES)
    return ox.serialize(quads, format=RDF_FORMATS[fmt])


def network_bytes(store: ox.Store, fmt: str) -> bytes:
    from dzkg.view import network

    graph = nx.MultiDiGraph()
    for node, data in network(store).nodes(data=True):
        graph.add_node(
            _xml(node),
            cls=data["cls"],
            label=_xml(data["hant"] or node),
            label_hans=_xml(data["hans"] or ""),
            label_en=_xml(data["en"] or ""),
            facts=len(data["facts"]),
        )
    for source, target, data in network(store).edges(data=True):
        graph.add_edge(_xml(source), _xml(target), label=_xml(data["label"]))
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8")
        return buffer.getvalue()
    nx.write_gexf(graph, buffer, encoding="utf-8")
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)  # today's date: not reproducible


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """Characters XML 1.0 cannot hold become spaces (read cleans briefings already; this guards other graphs)."""
    return _NOT_XML.sub(" ", text)


_SHEETS = {
    "documents": """
PREFIX dz: <https://w3id.org/dzkg/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dct: <http://purl.org/dc/terms/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?doc ?iri ?title ?type ?period ?quote ?sentence WHERE {
  ?iri a dz:PolicyDocument ; eli:title ?title ; eli:type_document ?type_iri ; prov:wasDerivedFrom ?span .
  BIND(STRAFTER(STR(?type_iri), "#") AS ?type)
  ?span oa:hasSource/dct:identifier ?doc ; oa:hasSelector/oa:exact ?quote .
  OPTIONAL { ?iri dct:temporal/rdfs:label ?period }
  OPTIONAL { ?span dz:inSentence/oa:hasSelector/oa:exact ?sentence }
} ORDER BY ?doc ?iri ?quote""",
    "designations": """
PREFIX dz: <https://w3id.org/dzkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?doc ?iri ?holder ?programme ?level ?year ?quote ?sentence WHERE {
  ?iri a dz:Designation ; dz:holder/skos:prefLabel ?holder ; dz:programme/skos:prefLabel ?programme ;
       prov:wasDerivedFrom ?span .
  FILTER(langMatches(lang(?holder), "zh-Hant") && langMatches(lang(?programme), "zh-Hant"))
  ?span oa:hasSource/dct:identifier ?doc ; oa:hasSelector/oa:exact ?quote .
  OPTIONAL { ?iri dz:level ?level_iri } OPTIONAL { ?iri dz:year ?year }
  BIND(STRAFTER(STR(?level_iri), "#") AS ?level)
  OPTIONAL { ?span dz:inSentence/oa:hasSelector/oa:exact ?sentence }
} ORDER BY ?doc ?iri""",
    "entities": """
PREFIX dz: <https://w3id.org/dzkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?doc ?iri ?class ?label ?quote ?sentence WHERE {
  ?iri dz:mentionedIn ?b ; a ?cls ; skos:prefLabel ?label ; prov:wasDerivedFrom ?span .
  FILTER(STRSTARTS(STR(?cls), STR(dz:)) && langMatches(lang(?label), "zh-Hant"))
  BIND(STRAFTER(STR(?cls), "#") AS ?class)
  ?span oa:hasSource/dct:identifier ?doc ; oa:hasSelector/oa:exact ?quote .
  OPTIONAL { ?span dz:inSentence/oa:hasSelector/oa:exact ?sentence }
} ORDER BY ?doc ?class ?iri ?quote""",
}


def xlsx_bytes(store: ox.Store) -> bytes:
    try:
        from openpyxl import Workbook
    except ImportError:
        raise DzkgError("openpyxl is not installed: pip install 'dzkg[export]'") from None
    from dzkg.facts import COLUMNS, fact_rows

    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(list(COLUMNS))
    for row in fact_rows(store):
        sheet.append([_cell(row[c]) for c in COLUMNS])
    for name, query in _SHEETS.items():
        result = run(store, query)
        sheet = book.create_sheet(name)
        sheet.append(list(result.columns))
        for row in result.dicts():
            sheet.append([_cell(row[c]) for c in result.columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return _without_save_time(buffer.getvalue())


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_SAVE_TIME = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def _without_save_time(workbook: bytes) -> bytes:
    """The workbook with nothing that records when it was saved: openpyxl writes the time into
    docProps/core.xml (dcterms:created and modified, both optional in OPC) and into every ZIP entry; the entries
    are rewritten in the same order with the ZIP epoch, and the two dates are left out rather than invented."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":
                data = _SAVE_TIME.sub(b"", data)
            target.writestr(zipfile.ZipInfo(entry.filename, date_time=_ZIP_EPOCH), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _cell(value: str) -> str | float:
    """Numbers as numbers (so a spreadsheet can sum them), text as text; a leading = never becomes a formula."""
    value = _xml(value)
    if value.startswith(("=", "+", "-", "@")) and not _is_number(value):
        return "'" + value
    return float(value) if _is_number(value) and len(value) < 16 else value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return value.strip() == value and value.lower() not in ("nan", "inf", "-inf", "infinity")


def export(trig: Path, store: ox.Store, fmt: str, output: Path) -> None:
    if fmt in RDF_FORMATS:
        data = rdf_bytes(trig, fmt)
    elif fmt in NETWORK_FORMATS:
        data = network_bytes(store, fmt)
    elif fmt == "xlsx":
        data = xlsx_bytes(store)
    else:
        raise DzkgError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)}, facts)")
    write_bytes(Path(output), data)
