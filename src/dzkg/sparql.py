"""Consumer (sparql): named SPARQL questions (`.rq` files) and ad-hoc queries over a built graph.

Every query runs on Oxigraph whose default graph is the merge of all named graphs (dzkg.store), so none needs
GRAPH. Parameters are bound as RDF terms (a VALUES block), never pasted into the query text as text. A query
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
MAX_QUERY_CHARS = 100_000
"""Longer queries are refused before parsing (no named question is a hundredth of that)."""
MAX_NESTING = 64
"""Deeper nesting of { ( [ is refused: Oxigraph overflows its stack on a few thousand nested braces."""
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKENS = re.compile(
    r'(?P<string>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)|(?P<comment>#[^\n]*)'
)
_FORBIDDEN = re.compile(
    r"(?<![\w:?$])(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD|WITH|USING)(?![\w:])", re.I
)
_FROM = re.compile(r"(?<![\w:?$])FROM(?![\w:])\s*(?:NAMED(?![\w:])\s*)?(\S*)", re.I)
_NAMES_GRAPHS = re.compile(r"(?<![\w:?$])(GRAPH|FROM)(?![\w:])", re.I)


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


def unescape(sparql: str) -> str:
    """SPARQL processes \\uXXXX and \\UXXXXXXXX escapes before parsing: so must a guard (SERVICE spelt with them)."""
    return _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), sparql)


def check_safe(sparql: str, graphs: set[str] | frozenset[str] = frozenset()) -> None:
    """Refuse, before anything runs, a query that could reach outside the store, change it, or crash the
    engine: SERVICE in any spelling, LOAD, any update, FROM/FROM NAMED naming anything but one of `graphs`,
    `file:` IRIs, more than MAX_QUERY_CHARS characters or more than MAX_NESTING levels of nesting."""
    if len(sparql) > MAX_QUERY_CHARS:
        raise DzkgError(f"refused: the query has {len(sparql):,} characters (at most {MAX_QUERY_CHARS:,})")
    text = unescape(sparql)
    iris: list[str] = []

    def blank(match: re.Match[str]) -> str:
        if match["iri"]:
            iris.append(match["iri"][1:-1])
            return f"<{len(iris) - 1}>"
        return " " * len(match[0]) if match["comment"] else '""'

    bare = _TOKENS.sub(blank, text)
    depth = deepest = 0
    for ch in bare:
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth -= 1
    if deepest > MAX_NESTING:
        raise DzkgError(f"refused: nesting {deepest} levels deep (at most {MAX_NESTING})")
    keyword = _FORBIDDEN.search(bare)
    if keyword:
        what = keyword[1].upper()
        reason = "federated queries reach the network" if what == "SERVICE" else "the store is read-only"
        raise DzkgError(f"refused: {what} is not allowed ({reason})")
    for match in _FROM.finditer(bare):
        target = match[1]
        named = re.fullmatch(r"<(\d+)>", target)
        if not named or iris[int(named[1])] not in graphs:
            shown = iris[int(named[1])] if named else target or "(nothing)"
            raise DzkgError(f"refused: FROM {shown} is not a graph of this store")
    for iri in iris:
        if iri.lower().startswith("file:"):
            raise DzkgError(f"refused: file: IRIs are not allowed ({iri})")


def names_graphs(sparql: str) -> bool:
    """Whether a query names graphs (GRAPH, FROM, FROM NAMED), outside strings, IRIs and comments: it needs
    the graph store (`dzkg.store`), as the query store holds only their merge."""
    return bool(_NAMES_GRAPHS.search(_TOKENS.sub(lambda m: " " * len(m[0]), unescape(sparql))))


def bind(sparql: str, params: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Bind parameters as RDF terms: a VALUES block opening the outermost WHERE group. Each term is written
    by pyoxigraph in N-Triples syntax (escaped), so a value can never become query text."""
    if not params:
        return sparql
    for name in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise DzkgError(f"bad parameter name {name!r}")
    bare = _TOKENS.sub(lambda m: " " * len(m[0]), unescape(sparql))
    where = re.search(r"(?<![\w:?$])WHERE\s*\{", bare, re.I) or re.search(r"\{", bare)
    if where is None or len(bare) != len(sparql):
        raise DzkgError("cannot bind parameters: no WHERE group found (or \\u escapes in the query)")
    for name in sorted(params):
        if not re.search(rf"[?$]{name}(?!\w)", bare):  # a misspelt name would silently bind nothing
            raise DzkgError(f"parameter ?{name}: the query has no such variable")
    values = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in sorted(params.items()))
    return f"{sparql[: where.end()]} {values} {sparql[where.end() :]}"


def _execute(
    store: ox.Store, sparql: str, params: dict[str, ox.NamedNode | ox.Literal] | None
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    graphs = frozenset(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    if not graphs and names_graphs(sparql):
        raise DzkgError(
            "refused: this query names graphs (GRAPH, FROM), but this store holds only their merge: "
            "open the graph store with dzkg.open_graph(path, named=True)"
        )
    check_safe(sparql, graphs)
    try:
        return store.query(bind(sparql, params or {}))  # the default graph is the merge of all graphs
    except SyntaxError as exc:
        raise DzkgError(f"malformed SPARQL: {exc}") from None


RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


def run_serialized(
    store: ox.Store, sparql: str, params: dict[str, ox.NamedNode | ox.Literal] | None, fmt: str
) -> bytes | Result:
    """Like `run`, the answer of a SELECT or ASK query written by Oxigraph as W3C SPARQL 1.1 results CSV, TSV
    or JSON, without a Python object per term (about 3x cheaper on large answers). A graph answer (CONSTRUCT,
    DESCRIBE) has no such format: it comes back as the `Result` that `run` gives (the query runs once)."""
    answer = _execute(store, sparql, params)
    if isinstance(answer, ox.QueryTriples):
        return _result(answer)
    return answer.serialize(format=RESULT_FORMATS[fmt])


def run(store: ox.Store, sparql: str, params: dict[str, ox.NamedNode | ox.Literal] | None = None) -> Result:
    """Check, then run a query on `store` with parameters bound as RDF terms. The default graph of a dzkg
    store is the merge of all named graphs (see `dzkg.store`); a query naming graphs needs the graph store,
    which holds them too (see `names_graphs`)."""
    return _result(_execute(store, sparql, params))


def _result(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Result:
    if isinstance(answer, ox.QuerySolutions):
        columns = tuple(v.value for v in answer.variables)
        indexes = range(len(columns))
        rows = tuple(tuple(solution[i] for i in indexes) for solution in answer)
        return Result(columns, rows)
    if isinstance(answer, ox.QueryBoolean):
        return Result(("result",), ((ox.Literal(str(bool(answer)).lower()),),))
    triples = tuple((t.subject, t.predicate, t.object) for t in answer)
    return Result(("subject", "predicate", "object"), triples)  # type: ignore[arg-type]
