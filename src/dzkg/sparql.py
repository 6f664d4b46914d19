"""Consumer (sparql): named SPARQL questions (`.rq` files) and ad-hoc queries over a built graph.

Every query runs on Oxigraph with the union of all named graphs as its default graph, so no question needs
GRAPH. Parameters are bound as RDF terms (Oxigraph substitutions), never pasted into the query text. A query
that could reach outside the store or change it is refused before it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from dzkg import paths
from dzkg.errors import DzkgError

_HEADER = re.compile(r"^#\s?(.*)$")
_PARAM = re.compile(r"Parameters?:\s*(.*)", re.I)
_OUTSIDE = re.compile(r"\b(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD|WITH)\b|\bFROM\b", re.I)
_STRINGS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str
    """The header comment: the question in Chinese and English."""
    parameters: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Result:
    columns: tuple[str, ...]
    rows: tuple[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...], ...]

    def dicts(self) -> list[dict[str, str]]:
        """Rows as {column: plain string} ('' for unbound)."""
        return [{c: plain(v) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def results_json(result: Result) -> dict[str, object]:
    """The W3C SPARQL 1.1 Query Results JSON of a result (IRIs, blank nodes, datatypes and languages kept)."""
    bindings = []
    for row in result.rows:
        binding: dict[str, dict[str, str]] = {}
        for column, term in zip(result.columns, row, strict=True):
            if isinstance(term, ox.NamedNode):
                binding[column] = {"type": "uri", "value": term.value}
            elif isinstance(term, ox.BlankNode):
                binding[column] = {"type": "bnode", "value": term.value}
            elif isinstance(term, ox.Literal):
                value: dict[str, str] = {"type": "literal", "value": term.value}
                if term.language:
                    value["xml:lang"] = term.language
                elif term.datatype.value != _XSD_STRING:
                    value["datatype"] = term.datatype.value
                binding[column] = value
        bindings.append(binding)
    return {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}


def plain(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    return term.value


def named_queries() -> dict[str, NamedQuery]:
    found = {}
    for path in sorted(paths.queries_dir().glob("*.rq")):
        found[path.stem] = load_query(path)
    return found


def load_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            break
        header.append(match[1].strip())
    question = " ".join(header)
    params = _PARAM.search(question)
    names = tuple(re.findall(r"\?(\w+)", params[1])) if params else ()
    return NamedQuery(path.stem, _PARAM.sub("", question).strip(" ."), names, text)


def check_safe(sparql: str) -> None:
    """Refuse queries that could reach outside the store or change it (strings, IRIs and comments ignored)."""
    bare = _STRINGS.sub(" ", sparql)
    match = _OUTSIDE.search(bare)
    if match:
        raise DzkgError(f"refused: {match[1] or 'FROM'} is not allowed (read-only, no remote access)")


def run(store: ox.Store, sparql: str, params: dict[str, ox.NamedNode | ox.Literal] | None = None) -> Result:
    check_safe(sparql)
    try:
        answer = store.query(
            sparql,
            use_default_graph_as_union=True,
            substitutions={ox.Variable(k): v for k, v in (params or {}).items()},
        )
    except SyntaxError as exc:
        raise DzkgError(f"malformed SPARQL: {exc}") from None
    if isinstance(answer, ox.QuerySolutions):
        columns = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(solution[c] for c in columns) for solution in answer)
        return Result(columns, rows)
    if isinstance(answer, ox.QueryBoolean):
        return Result(("result",), ((ox.Literal(str(bool(answer)).lower()),),))
    triples = tuple((t.subject, t.predicate, t.object) for t in answer)
    return Result(("subject", "predicate", "object"), triples)  # type: ignore[arg-type]
