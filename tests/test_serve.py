"""`dzkg serve` as a real server on loopback (one subprocess for the module, Dezhou graph, --timeout 2): the SPARQL
1.1 Protocol through SPARQLWrapper and plain HTTP with Chinese literals, content negotiation, every refusal of the
guard (a loopback listener proves nothing went out), malformed queries, the runaway query stopped in time while
another is answered, the row limit, and the query page."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import select
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, URLENCODED, XML, SPARQLWrapper

from dzkg import api, cli
from dzkg.errors import DzkgError
from dzkg.serve import Endpoint, is_loopback
from dzkg.sparql import MAX_NESTING, named_queries

from .cli_helpers import dzkg, show
from .test_sparql_safety import REFUSED, Listener

DEZHOU_GRAPH = "https://w3id.org/dzkg/id/graph/dezhou-2025-09-03"
LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?l WHERE { ?s skos:prefLabel ?l FILTER(CONTAINS(?l, "德州")) } ORDER BY ?s ?l"""
CONSTRUCT = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l FILTER(CONTAINS(?l, "德州")) }"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 2.0
MAX_ROWS = 1000


@dataclass
class Server:
    process: subprocess.Popen[str]
    base: str
    log: Path

    @property
    def sparql(self) -> str:
        return self.base + "sparql"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@pytest.fixture(scope="module")
def server(dezhou_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("serve") / "requests.log"
    command = [sys.executable, "-m", "dzkg", "serve", "--graph", str(dezhou_graph), "--port", "0"]
    command += ["--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS)]
    env = {**os.environ, "PYTHONUTF8": "1"}
    with log.open("wb") as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 90)
    banner = process.stdout.readline() if ready else ""
    match = re.search(r"(http://127\.0\.0\.1:\d+/)sparql", banner)
    if not match:
        process.kill()
        pytest.fail(f"dzkg serve did not start: {banner!r}\n{log.read_text(errors='replace')}")
    running = Server(process, match[1], log)
    assert request(running.base).status == 200  # it answers
    yield running
    process.terminate()
    assert process.wait(15) == 0, "dzkg serve should stop cleanly on SIGTERM"


def request(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 30
) -> Reply:
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=data, headers=headers or {}), timeout=timeout
        ) as r:
            return Reply(r.status, dict(r.headers), r.read())
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, dict(exc.headers), exc.read())


def post(server: Server, query: str, accept: str = "application/sparql-results+json") -> Reply:
    headers = {"Content-Type": "application/sparql-query", "Accept": accept}
    return request(server.sparql, data=query.encode("utf-8"), headers=headers)


def get(server: Server, query: str, accept: str = "application/sparql-results+json", **extra: str) -> Reply:
    url = server.sparql + "?" + urllib.parse.urlencode({"query": query, **extra})
    return request(url, headers={"Accept": accept})


@pytest.fixture()
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


# ---------------------------------------------------------------------------------------------- answers


def expected_labels(graph: Path) -> list[tuple[str, str]]:
    return [(row["s"], row["l"]) for row in api.query(LABELS, graph=graph)]


@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
def test_sparqlwrapper_json_with_a_chinese_literal(server: Server, dezhou_graph: Path, method: str) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(LABELS)
    client.setReturnFormat(JSON)
    if method != "GET":
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED if method == "POST-form" else POSTDIRECTLY)
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    found = [(b["s"]["value"], b["l"]["value"]) for b in bindings]
    assert found == expected_labels(dezhou_graph)
    assert "德州市" in {label for _, label in found}
    assert all(b["l"]["xml:lang"].startswith("zh") for b in bindings if "xml:lang" in b["l"])


def test_sparqlwrapper_xml_with_a_chinese_literal(server: Server, dezhou_graph: Path) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(LABELS)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    assert isinstance(document, Document)
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]  # type: ignore[union-attr]
    assert literals == [label for _, label in expected_labels(dezhou_graph)]


def test_csv_and_tsv_by_accept(server: Server, dezhou_graph: Path) -> None:
    expected = expected_labels(dezhou_graph)
    reply = post(server, LABELS, accept="text/csv")
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(reply.text)))
    assert rows[0] == ["s", "l"] and [tuple(r) for r in rows[1:]] == expected
    reply = post(server, LABELS, accept="text/tab-separated-values")
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/tab-separated-values")
    solutions = ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.TSV)
    assert [(s["s"].value, s["l"].value) for s in solutions] == expected  # type: ignore[union-attr]


def test_get_and_both_posts_give_the_same_bytes(server: Server) -> None:
    form = urllib.parse.urlencode({"query": LABELS}).encode("ascii")
    by_form = request(server.sparql, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    answers = {get(server, LABELS).body, post(server, LABELS).body, by_form.body}
    assert len(answers) == 1 and by_form.status == 200


def test_construct_as_turtle_n_triples_and_json_ld_parse_back(server: Server) -> None:
    graphs = {}
    for accept, fmt in [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ]:
        reply = get(server, CONSTRUCT, accept=accept)
        assert reply.status == 200 and reply.headers["Content-Type"].startswith(accept), reply
        graphs[accept] = set(ox.parse(reply.body, format=fmt))
    assert graphs["text/turtle"] == graphs["application/n-triples"] == graphs["application/ld+json"]
    assert any(t.object.value == "德州市" for t in graphs["text/turtle"])


def test_ask_and_the_protocol_dataset(server: Server) -> None:
    assert json.loads(post(server, 'ASK { ?s ?p "德州市"@zh-Hant }').body) == {"head": {}, "boolean": True}
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    whole = json.loads(get(server, count).body)["results"]["bindings"][0]["n"]["value"]
    one = json.loads(get(server, count, **{"default-graph-uri": DEZHOU_GRAPH}).body)
    assert 0 < int(one["results"]["bindings"][0]["n"]["value"]) < int(whole)


def test_unacceptable_type_unknown_path_and_media_type(server: Server) -> None:
    assert post(server, LABELS, accept="image/png").status == 406
    assert post(server, CONSTRUCT, accept="text/csv").status == 406  # CSV is for SELECT answers
    assert request(server.base + "nothing-here").status == 404
    odd = request(server.sparql, data=b"query=x", headers={"Content-Type": "text/plain"})
    assert odd.status == 415


# ---------------------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("template", REFUSED)
def test_refused_with_403_and_a_reason_before_anything_runs(server: Server, listener: Listener, template: str) -> None:
    query = template.replace("{port}", str(listener.port))
    for reply in (post(server, query), get(server, query)):
        assert reply.status == 403, (reply.status, reply.text)
        assert reply.text.startswith("refused: ") and "\n" in reply.text
    time.sleep(0.05)
    assert listener.hits == 0


def test_updates_in_every_protocol_form_are_refused(server: Server, listener: Listener) -> None:
    update = f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"
    form = urllib.parse.urlencode({"update": update}).encode("ascii")
    by_form = request(server.sparql, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    direct = request(server.sparql, data=update.encode(), headers={"Content-Type": "application/sparql-update"})
    for reply in (by_form, direct):
        assert reply.status == 403 and "read-only" in reply.text
    outside = get(server, "SELECT * WHERE { ?s ?p ?o }", **{"named-graph-uri": f"http://127.0.0.1:{listener.port}/g"})
    assert outside.status == 403 and "not a graph of this store" in outside.text
    assert listener.hits == 0


def test_deep_nesting_and_huge_queries_are_refused(server: Server) -> None:
    deep = post(server, "SELECT * WHERE " + "{" * 5000 + "}" * 5000)
    assert deep.status == 403 and "nesting 5000 levels" in deep.text
    fine = "SELECT * WHERE " + "{" * (MAX_NESTING - 1) + " ?s ?p ?o " + "}" * (MAX_NESTING - 1) + " LIMIT 1"
    assert post(server, fine).status == 200
    huge = post(server, "SELECT * WHERE { ?s ?p ?o } #" + "德" * 200_000)
    assert huge.status == 403 and "characters" in huge.text
    body = request(server.sparql, data=b"x" * 2_000_000, headers={"Content-Type": "application/sparql-query"})
    assert body.status == 413
    long_url = get(server, "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000)
    assert long_url.status == 414


def test_malformed_sparql_gets_400_with_line_and_column(server: Server) -> None:
    reply = post(server, "SELECT *\nWHERE {\n  ?s ?p . }")
    assert reply.status == 400
    assert re.match(r"malformed SPARQL: error at 3:\d+", reply.text), reply.text


# ---------------------------------------------------------------------------------------------- limits


def test_a_runaway_query_is_stopped_in_time_while_another_is_answered(server: Server) -> None:
    slow: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        slow["reply"] = post(server, RUNAWAY)
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    fast = post(server, LABELS)
    fast_seconds = time.monotonic() - started
    thread.join(30)
    reply, seconds = slow["reply"], slow["seconds"]
    assert isinstance(reply, Reply) and isinstance(seconds, float)
    assert reply.status == 503 and "time limit of 2 s" in reply.text, reply.text
    assert TIMEOUT <= seconds < TIMEOUT + 2, f"the runaway query was answered after {seconds:.2f} s"
    assert fast.status == 200 and fast_seconds < 1.5, f"a fast query waited {fast_seconds:.2f} s"
    for _ in range(3):  # the killed worker is replaced: the pool keeps answering
        assert post(server, LABELS).status == 200


def test_row_limit_is_announced_and_enforced(server: Server) -> None:
    capped = post(server, "SELECT * WHERE { ?s ?p ?o }")
    assert capped.status == 422 and "1,000 rows" in capped.text
    fits = post(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert fits.status == 200 and len(json.loads(fits.body)["results"]["bindings"]) == MAX_ROWS
    for reply in (capped, fits, post(server, "ASK {}", accept="text/csv")):
        assert reply.headers["X-Dzkg-Row-Limit"] == str(MAX_ROWS)
        assert reply.headers["X-Dzkg-Time-Limit"] == "2"


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--port", "99999", "--port: the port must be 0-65535"),
        ("--port", "-1", "--port: the port must be 0-65535"),
        ("--timeout", "0", "--timeout: the timeout must be positive"),
        ("--workers", "0", "--workers: must be at least 1"),
        ("--max-rows", "-5", "--max-rows: must be at least 1"),
    ],
)
def test_out_of_range_options_exit_2_with_the_reason(dezhou_graph: Path, option: str, value: str, reason: str) -> None:
    result = dzkg("serve", "--graph", dezhou_graph, option, value, timeout=120)
    assert result.returncode == 2 and reason in result.stderr and "Traceback" not in result.stderr, show(result)


def test_the_api_refuses_a_port_out_of_range(tmp_path: Path) -> None:
    with pytest.raises(DzkgError, match="port must be 0-65535"):
        Endpoint(tmp_path, port=65536)


# ---------------------------------------------------------------------------------------------- page, host


def test_query_page_is_local_with_a_strict_csp_and_every_named_question(server: Server) -> None:
    page = request(server.base)
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "unsafe" not in csp
    assert not re.search(r"\b(src|href)\s*=", page.text), "the page must load nothing"
    script = re.search(r"<script>(.*?)</script>", page.text, re.S)
    assert script, "no inline script"
    digest = base64.b64encode(hashlib.sha256(script[1].encode("utf-8")).digest()).decode("ascii")
    assert f"'sha256-{digest}'" in csp, "the CSP must allow exactly the page's script"
    data = re.search(r'<script type="application/json" id="questions">(.*?)</script>', page.text, re.S)
    assert data and "</" not in data[1]
    questions = json.loads(data[1])
    assert [q["name"] for q in questions] == list(named_queries())
    assert questions[0]["text"] == next(iter(named_queries().values())).text


def test_binds_to_loopback_unless_told_otherwise(server: Server) -> None:
    assert server.base.startswith("http://127.0.0.1:")
    assert cli._parser().parse_args(["serve"]).host == "127.0.0.1"
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.org")
