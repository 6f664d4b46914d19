"""Queries never reach out and never change the store: every refusal happens before the engine runs, and a
loopback listener proves that no request went out."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dzkg import api
from dzkg.errors import DzkgError
from dzkg.sparql import MAX_NESTING, check_safe


class Listener:
    """A TCP listener on loopback that records whether anything connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(1)
        self.sock.close()


@pytest.fixture()
def listener() -> Listener:
    server = Listener()
    yield server
    server.close()


REFUSED = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE <http://127.0.0.1:{port}/x> { ?s ?p ?o } } # comment",
    "SELECT * FROM <http://127.0.0.1:{port}/g> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX ex: <http://127.0.0.1:{port}/> SELECT * FROM ex:g WHERE { ?s ?p ?o }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { GRAPH <file:///etc/passwd> { ?s ?p ?o } }",
    "LOAD <http://127.0.0.1:{port}/data.ttl>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/dzkg/id/graph/dezhou-2025-09-03>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("template", REFUSED)
def test_refused_through_the_api_before_anything_runs(template: str, dezhou_graph: Path, listener: Listener) -> None:
    with pytest.raises(DzkgError, match="refused"):
        api.query(template.replace("{port}", str(listener.port)), graph=dezhou_graph)
    assert listener.hits == 0


@pytest.mark.parametrize("template", REFUSED[:3] + REFUSED[9:11])
def test_refused_by_the_cli_with_exit_2(template: str, dezhou_graph: Path, listener: Listener) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dzkg",
            "query",
            "-e",
            template.replace("{port}", str(listener.port)),
            "--graph",
            str(dezhou_graph),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "refused" in result.stderr and "Traceback" not in result.stderr
    assert listener.hits == 0


def test_words_inside_strings_comments_iris_and_names_are_not_keywords(dezhou_graph: Path) -> None:
    rows = api.query(
        "PREFIX ex: <http://example.org/SERVICE#> SELECT ?service WHERE { "
        'BIND("SERVICE <http://x> LOAD INSERT" AS ?service) } # SERVICE DROP',
        graph=dezhou_graph,
    )
    assert rows == [{"service": "SERVICE <http://x> LOAD INSERT"}]


def test_from_a_graph_of_the_store_is_allowed(dezhou_graph: Path) -> None:
    rows = api.query(
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/dzkg/id/graph/dezhou-2025-09-03> "
        "WHERE { ?s a <https://w3id.org/dzkg/ontology#MetricObservation> }",
        graph=dezhou_graph,
    )
    assert int(rows[0]["n"]) >= 55


def test_malformed_sparql_names_line_and_column(dezhou_graph: Path) -> None:
    with pytest.raises(DzkgError, match=r"malformed SPARQL: error at 3:\d+"):
        api.query("SELECT *\nWHERE {\n  ?s ?p . }", graph=dezhou_graph)


def test_absurd_nesting_and_size_are_refused_before_the_engine(dezhou_graph: Path) -> None:
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    with pytest.raises(DzkgError, match="nesting 5000 levels"):
        api.query(deep, graph=dezhou_graph)
    ok = "SELECT * WHERE " + "{" * (MAX_NESTING - 1) + " ?s ?p ?o " + "}" * (MAX_NESTING - 1) + " LIMIT 1"
    assert len(api.query(ok, graph=dezhou_graph)) == 1
    with pytest.raises(DzkgError, match="characters"):
        check_safe("SELECT * WHERE { ?s ?p ?o }" + " " * 200_000)


def test_parameters_are_bound_as_terms_not_pasted(dezhou_graph: Path) -> None:
    query = "PREFIX dz: <https://w3id.org/dzkg/ontology#> SELECT ?o WHERE { ?o dz:subjectText ?subject } ORDER BY ?o"
    everything = api.query(query, graph=dezhou_graph)
    assert len(everything) >= 55
    hostile = api.query(query, graph=dezhou_graph, params={"subject": '"} UNION { ?o ?p ?x'})
    assert hostile == []
