"""RDF terms as N-Quads text, for the `triples` stage: IRIs, literals (control characters cleaned, escaped),
typed literals, and `T_*` accessors that resolve vocabulary terms once (through the closed DZ namespace)."""

from __future__ import annotations

from decimal import Decimal

from dzkg.model import decimal_text
from dzkg.namespace import DCAT, DCT, DZ, ELI, OA, PROV, QB, QUDT, SCHEMA, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, SKOS, UNIT

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
# Terms are N-Quads text ("<iri>", "_:label", '"literal"@lang'): building strings is several times faster
# than building pyoxigraph objects one by one, and the store parses the result in bulk.
Node = str
_NODES: dict[str, Node] = {}
_CONTROL = {code: " " for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def node_of(iri_text: str) -> Node:
    return f"<{iri_text}>"


def N(term: object) -> Node:
    """The N-Quads form of a vocabulary IRI (cached: the same few hundred terms recur constantly)."""
    text = str(term)
    node = _NODES.get(text)
    if node is None:
        node = _NODES[text] = text if text.startswith("<") else f"<{text}>"
    return node


def lit(value: str, lang: str | None = None) -> Node:
    """A literal with control characters (other than tab and newline) replaced, so every format round-trips."""
    clean = value.translate(_CONTROL).translate(_ESCAPE)
    return f'"{clean}"@{lang}' if lang else f'"{clean}"'


def typed(value: object, datatype: str) -> Node:
    return f'"{value}"^^<{XSD}{datatype}>'


def dec(value: Decimal) -> Node:
    return typed(decimal_text(value), "decimal")


class _Terms:
    """`T_DZ.indicator` → "<https://w3id.org/dzkg/ontology#indicator>": resolved once through the namespace
    (the closed DZ namespace still rejects unknown terms), then a plain attribute."""

    def __init__(self, namespace: object):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = f"<{getattr(self._namespace, name)}>"
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return self.__getattr__(name)


T_DCAT = _Terms(DCAT)
T_DCT = _Terms(DCT)
T_DZ = _Terms(DZ)
T_ELI = _Terms(ELI)
T_OA = _Terms(OA)
T_PROV = _Terms(PROV)
T_QB = _Terms(QB)
T_QUDT = _Terms(QUDT)
T_SCHEMA = _Terms(SCHEMA)
T_SDMX_ATTR = _Terms(SDMX_ATTR)
T_SDMX_DIM = _Terms(SDMX_DIM)
T_SDMX_MEASURE = _Terms(SDMX_MEASURE)
T_SKOS = _Terms(SKOS)
T_UNIT = _Terms(UNIT)
