"""`dzkg push` into a real `oxigraph serve` started here on loopback (the PyPI package oxigraph, dev extra): every
named graph PUT over the SPARQL 1.1 Graph Store HTTP Protocol, every quad counted back, idempotent; wrong
endpoints exit 2 with the status; Basic, Digest and bearer credentials against a small recording server, and the
password never printed."""

from __future__ import annotations

import base64
import collections
import hashlib
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from dzkg import api
from dzkg.errors import DzkgError
from dzkg.push import graph_url, push
from tests.cli_helpers import dzkg, show

PASSWORD = "s3cr3t-pw"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).is_file():
        pytest.fail("the `oxigraph` server binary is missing: pip install -e '.[dev]' (PyPI package oxigraph 0.5)")
    return found


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port; yields its base URL."""
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = (folder / "server.log").open("wb")
    command = [oxigraph_binary(), "serve", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=1).close()
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph serve did not start: {(folder / 'server.log').read_text(errors='replace')}")
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(10)
    log.close()


def counts_at(base: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(
        base + "/query",
        data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        bindings = json.load(response)["results"]["bindings"]
    return {b["g"]["value"]: int(b["n"]["value"]) for b in bindings}


def ground_triples_at(base: str, graph: str) -> set[ox.Triple]:
    request = urllib.request.Request(graph_url(base + "/store", graph), headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as response:
        triples = ox.parse(response.read(), format=ox.RdfFormat.N_TRIPLES)
    return {
        ox.Triple(t.subject, t.predicate, t.object)
        for t in triples
        if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)
    }


def test_push_puts_every_graph_and_every_quad_comes_back_twice(dezhou_graph: Path, oxigraph: str) -> None:
    quads = set(ox.parse(path=str(dezhou_graph), format=ox.RdfFormat.TRIG))
    expected = collections.Counter(q.graph_name.value for q in quads)
    assert len(expected) == 2 and sum(expected.values()) > 5000
    for _ in range(2):  # PUT replaces: pushing again changes nothing
        result = dzkg("push", "--graph", str(dezhou_graph), "--endpoint", oxigraph + "/store")
        assert result.returncode == 0, result.stderr
        assert f"pushed 2 graphs, {sum(expected.values()):,} triples to {oxigraph}/store" in result.stdout
        assert counts_at(oxigraph) == dict(expected)
    canonical = ox.Store()  # Oxigraph stores xsd:positiveInteger as xsd:integer: compare what it keeps
    canonical.extend(quads)
    for graph in expected:
        ground = {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in canonical.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        }
        assert ground_triples_at(oxigraph, graph) == ground


def test_one_named_graph_per_briefing(synthetic_graph: Path, oxigraph: str) -> None:
    quads = set(ox.parse(path=str(synthetic_graph), format=ox.RdfFormat.TRIG))
    expected = collections.Counter(q.graph_name.value for q in quads)
    seen: list[tuple[int, int]] = []
    report = push(
        synthetic_graph, oxigraph + "/store", total=len(expected), progress=lambda d, t, g: seen.append((d, t))
    )
    assert report.graphs == len(expected) == 15 and report.triples == len(quads)
    assert seen == [(done, 15) for done in range(16)]
    at = counts_at(oxigraph)
    assert {graph: at.get(graph) for graph in expected} == dict(expected)


def test_wrong_endpoints_exit_2_with_the_status(dezhou_graph: Path, oxigraph: str) -> None:
    missing = dzkg("push", "--graph", str(dezhou_graph), "--endpoint", oxigraph + "/no-such-service")
    assert missing.returncode == 2 and "HTTP 404" in missing.stderr and "Traceback" not in missing.stderr
    closed = dzkg("push", "--graph", str(dezhou_graph), "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert closed.returncode == 2 and "cannot reach" in closed.stderr and "Traceback" not in closed.stderr
    bad = dzkg("push", "--graph", str(dezhou_graph), "--endpoint", "ftp://127.0.0.1/store")
    assert bad.returncode == 2 and "http(s) URL" in bad.stderr


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["--endpoint", "http://[::1"], "--endpoint is not a valid URL (Invalid IPv6 URL)"),
        (["--endpoint", "http://127.0.0.1:99999/store"], "--endpoint is not a valid URL (Port out of range"),
        (["--endpoint", "http://127.0.0.1:abc/store"], "--endpoint is not a valid URL"),
        (["--endpoint", "http://exa%20mple/store"], "--endpoint is not a valid URL"),
        (["--endpoint", "http://127.0.0.1:1/store", "--timeout", "-1"], "--timeout: the timeout must be positive"),
        (["--endpoint", "http://127.0.0.1:1/store", "--timeout", "0"], "--timeout: the timeout must be positive"),
        (["--endpoint", "http://127.0.0.1:1/store", "--timeout", "nan"], "--timeout: the timeout must be positive"),
        (["--endpoint", "http://127.0.0.1:1/store", "--timeout", "inf"], "--timeout: the timeout must be positive"),
    ],
)
def test_bad_endpoints_and_timeouts_exit_2_with_the_reason(
    dezhou_graph: Path, arguments: list[str], reason: str
) -> None:
    result = dzkg("push", "--graph", dezhou_graph, "--token", "x", *arguments, timeout=120)
    assert result.returncode == 2 and reason in result.stderr and "Traceback" not in result.stderr, show(result)


@pytest.mark.parametrize("timeout", [0.0, -1.0, float("nan"), float("inf")])
def test_the_api_refuses_a_timeout_that_is_not_positive(dezhou_graph: Path, timeout: float) -> None:
    with pytest.raises(DzkgError, match="timeout must be a positive number"):
        push(dezhou_graph, "http://127.0.0.1:1/store", timeout=timeout)


# ---------------------------------------------------------------------------------------------- credentials


class Recorder(BaseHTTPRequestHandler):
    """Accepts a PUT only with the right credentials (mode: basic, digest or bearer); records what it saw."""

    mode = "basic"
    seen: list[tuple[str, str]] = []  # noqa: RUF012 (shared by the handler instances of one test)

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        auth = self.headers.get("Authorization", "")
        self.seen.append((self.path, auth))
        if self.authorised(auth):
            self.send_response(204)
            self.end_headers()
            return
        self.send_response(401)
        if self.mode == "digest":
            self.send_header("WWW-Authenticate", 'Digest realm="SPARQL", nonce="n0nce", qop="auth", algorithm="MD5"')
        body = b"unauthorised\nsecond line"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    @classmethod
    def authorised(cls, auth: str) -> bool:
        if cls.mode == "bearer":
            return auth == "Bearer t0ken"
        if cls.mode == "basic":
            return auth == "Basic " + base64.b64encode(f"me:{PASSWORD}".encode()).decode()
        if not auth.startswith("Digest "):
            return False
        fields = dict(
            (k.strip(), v.strip().strip('"')) for k, v in (part.split("=", 1) for part in auth[7:].split(","))
        )
        md5 = lambda text: hashlib.md5(text.encode()).hexdigest()  # noqa: E731
        first, second = md5(f"me:SPARQL:{PASSWORD}"), md5(f"PUT:{fields['uri']}")
        expected = md5(f"{first}:n0nce:{fields['nc']}:{fields['cnonce']}:auth:{second}")
        return fields.get("response") == expected

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def recorder() -> Iterator[tuple[str, type[Recorder]]]:
    handler = type("Handler", (Recorder,), {"seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/gsp", handler
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("mode", ["basic", "digest", "bearer"])
def test_credentials_basic_digest_and_bearer(
    dezhou_graph: Path, recorder: tuple[str, type[Recorder]], mode: str
) -> None:
    url, handler = recorder
    handler.mode = mode
    credentials = {"token": "t0ken"} if mode == "bearer" else {"user": "me", "password": PASSWORD}
    report = push(dezhou_graph, url, **credentials)  # type: ignore[arg-type]
    assert report.graphs == 2
    accepted = [path for path, auth in handler.seen if handler.authorised(auth)]
    assert len(accepted) == 2
    assert sorted(urllib.parse.parse_qs(urllib.parse.urlsplit(p).query)["graph"][0] for p in accepted) == sorted(
        g.value for g in api.open_graph(dezhou_graph, named=True).named_graphs()
    )


def test_wrong_password_exits_2_and_is_never_printed(dezhou_graph: Path, recorder: tuple[str, type[Recorder]]) -> None:
    url, _ = recorder
    result = dzkg(
        "push", "--graph", str(dezhou_graph), "--endpoint", url, "--user", "me", env={"DZKG_PUSH_PASSWORD": "nope"}
    )
    assert result.returncode == 2 and "HTTP 401" in result.stderr and "unauthorised" in result.stderr
    assert "nope" not in result.stdout + result.stderr
    good = dzkg(
        "push", "--graph", str(dezhou_graph), "--endpoint", url, "--user", "me", env={"DZKG_PUSH_PASSWORD": PASSWORD}
    )
    assert good.returncode == 0, good.stderr
    assert PASSWORD not in good.stdout + good.stderr


def test_credentials_in_the_url_are_refused(dezhou_graph: Path) -> None:
    with pytest.raises(DzkgError, match="not in the endpoint URL") as caught:
        push(dezhou_graph, f"http://me:{PASSWORD}@127.0.0.1:1/store")
    assert PASSWORD not in str(caught.value)
