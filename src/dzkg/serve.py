"""Consumer (serve, HTTP side): a read-only SPARQL 1.1 Protocol endpoint over the built graph, and a query page.

`dzkg serve` runs an `Endpoint`: a stdlib ThreadingHTTPServer (no framework) answering
  GET/POST /sparql   the SPARQL 1.1 Protocol: `query=` in the URL or in a url-encoded form, or an
                     `application/sparql-query` body; `default-graph-uri` / `named-graph-uri` naming graphs of the
                     store; the answer format by content negotiation (see `dzkg.serve_worker`);
  GET /              a query page (`serve_page.html`, inline script and style allowed by hash only, no outside
                     request) prefilled with the named questions.
Every query passes `dzkg.sparql.check_safe` here, before any worker sees it: SERVICE in any spelling, LOAD,
updates, FROM of outside graphs, `file:` IRIs, deep nesting and huge queries get 403 with the reason. Malformed
SPARQL gets 400 with line:column, a query over the time limit 503 (its worker killed), an answer over the row
limit 422; every response is complete before its first byte is sent. The default graph is the store's: the
merge of all briefings (dzkg.store).
"""

from __future__ import annotations

import base64
import hashlib
import html
import ipaddress
import json
import re
import socket
import sys
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox

from dzkg.errors import DzkgError
from dzkg.serve_worker import GRAPH_TYPES, SOLUTION_TYPES, Answer, Job, Pool, error, negotiate
from dzkg.sparql import MAX_QUERY_CHARS, check_safe, named_queries

MAX_BODY = 10 * MAX_QUERY_CHARS
"""Longer request bodies get 413 (a query of MAX_QUERY_CHARS Chinese characters, url-encoded, fits)."""
PAGE = Path(__file__).with_name("serve_page.html")
_BLOCK = re.compile(r"<(script|style)>(.*?)</\1>", re.S)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Endpoint:
    """The endpoint on the query store in `folder` (a `dzkg.store.store_dir`): `start()` binds and starts the
    workers, `serve_forever()` answers until interrupted, `close()` stops the server and kills the workers."""

    def __init__(
        self,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 7878,
        workers: int = 2,
        timeout: float = 30.0,
        max_rows: int = 100_000,
        log: bool = True,
    ) -> None:
        if not 0 <= port <= 65535:
            raise DzkgError(f"the port must be 0-65535 (0 picks a free one), got {port}")
        self.folder, self.host, self.port, self.log = Path(folder), host, port, log
        self.pool = Pool(self.folder, size=workers, timeout=timeout, max_rows=max_rows)
        try:
            store = ox.Store.read_only(str(self.folder))
        except OSError as exc:
            raise DzkgError(f"{self.folder}: cannot open the query store: {exc}") from None
        self.graphs = frozenset(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        del store
        self.headers = {"X-Dzkg-Row-Limit": str(max_rows), "X-Dzkg-Time-Limit": f"{timeout:g}"}
        self.page, self.csp = _page(max_rows=max_rows, timeout=timeout)
        self._http: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """The base URL (`…/`); the SPARQL endpoint is `url + "sparql"`."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def start(self) -> None:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        server_class = type("Server", (_Server,), {"address_family": family})
        try:
            self._http = server_class((self.host, self.port), _Handler)
        except OSError as exc:
            raise DzkgError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self._http.endpoint = self  # type: ignore[attr-defined]
        self.port = self._http.server_address[1]
        self.pool.start()

    def serve_forever(self) -> None:
        if self._http is None:
            raise DzkgError("start() the endpoint first")
        self._http.serve_forever(poll_interval=0.2)

    def run(self, ready: Callable[[str], None] | None = None) -> None:
        """Start, call `ready(url)`, answer until KeyboardInterrupt, then close (workers killed, port freed)."""
        try:
            self.start()
            if ready:
                ready(self.url)
            self.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self.close()

    def close(self) -> None:
        if self._http is not None:
            self._http.server_close()
        self.pool.close()

    def handle(self, params: dict[str, list[str]], accept: str) -> Answer:
        """A SPARQL Protocol request (its parameters and Accept header) → the complete answer."""
        if "update" in params:
            return error(403, "refused: updates are not allowed (this endpoint is read-only)")
        queries = params.get("query", [])
        if len(queries) != 1:
            return error(400, f"give one query (got {len(queries)}): query=… or an application/sparql-query body")
        default, named = tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", []))
        for graph in default + named:
            if graph not in self.graphs:
                return error(403, f"refused: {graph} is not a graph of this store")
        try:
            check_safe(queries[0], self.graphs)
        except DzkgError as exc:
            return error(403, str(exc))
        if negotiate(accept, [*SOLUTION_TYPES, *GRAPH_TYPES]) is None:
            return error(
                406,
                f"none of the accepted types ({accept}) is offered: {', '.join(SOLUTION_TYPES)}, "
                f"{', '.join(GRAPH_TYPES)}",
            )
        return self.pool.run(Job(queries[0], accept, default, named))


def _page(*, max_rows: int, timeout: float) -> tuple[bytes, str]:
    """The query page with the named questions inside, and its Content-Security-Policy (inline blocks by hash)."""
    questions = [
        {"name": q.name, "question": q.question, "parameters": list(q.parameters), "text": q.text}
        for q in named_queries().values()
    ]
    data = json.dumps(questions, ensure_ascii=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    template = PAGE.read_text(encoding="utf-8")
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for match in _BLOCK.finditer(template):
        digest = hashlib.sha256(match[2].encode("utf-8")).digest()
        hashes[match[1]].append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    text = (
        template.replace("{{QUESTIONS}}", data)
        .replace("{{MAX_ROWS}}", html.escape(f"{max_rows:,}"))
        .replace("{{TIMEOUT}}", html.escape(f"{timeout:g}"))
    )
    csp = (
        f"default-src 'none'; script-src {' '.join(hashes['script'])}; style-src {' '.join(hashes['style'])}; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return text.encode("utf-8"), csp


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up is no error worth a traceback; anything else is."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dzkg"
    sys_version = ""
    timeout = 60  # seconds a client may take to send its request

    @property
    def endpoint(self) -> Endpoint:
        return self.server.endpoint  # type: ignore[attr-defined,no-any-return]

    def do_GET(self) -> None:
        path, _, query_string = self.path.partition("?")
        if path == "/":
            headers = {"Content-Security-Policy": self.endpoint.csp, "Referrer-Policy": "no-referrer"}
            self._send(Answer(200, "text/html; charset=utf-8", self.endpoint.page), headers)
        elif path == "/sparql":
            params = self._params(query_string)
            if params is None:
                return
            if not params and "text/html" in self.headers.get("Accept", ""):
                self._send(error(303, "the query page is at /"), {"Location": "/"})
                return
            self._send(self.endpoint.handle(params, self.headers.get("Accept", "")))
        else:
            self._send(error(404, "not found: the SPARQL endpoint is /sparql, the query page /"))

    def do_POST(self) -> None:
        path, _, query_string = self.path.partition("?")
        if path != "/sparql":
            self._send(error(404, "not found: the SPARQL endpoint is /sparql"), close=True)
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            self._send(error(411, "a POST needs a Content-Length"), close=True)
            return
        if int(length) > MAX_BODY:
            self._drain(int(length))
            too_big = f"refused: the request body has {int(length):,} bytes (at most {MAX_BODY:,})"
            self._send(error(413, too_big), close=True)
            return
        try:
            body = self.rfile.read(int(length)).decode("utf-8")
        except UnicodeDecodeError:
            self._send(error(400, "the request body is not UTF-8"))
            return
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            self._send(error(403, "refused: updates are not allowed (this endpoint is read-only)"))
            return
        if media not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            self._send(error(415, "send application/sparql-query or application/x-www-form-urlencoded"))
            return
        params = self._params(query_string)
        if params is None:
            return
        form = self._params(body) if media == "application/x-www-form-urlencoded" else {"query": [body]}
        if form is None:
            return
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
        self._send(self.endpoint.handle(params, self.headers.get("Accept", "")))

    def _drain(self, length: int) -> None:
        """Read and drop a refused body of up to 16 × MAX_BODY, so the client (still sending) reads the 413."""
        while 0 < length <= 16 * MAX_BODY:
            chunk = self.rfile.read(min(length, 1 << 16))
            if not chunk:
                return
            length -= len(chunk)

    def _params(self, text: str) -> dict[str, list[str]] | None:
        try:
            return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=100)
        except (ValueError, UnicodeDecodeError) as exc:
            self._send(error(400, f"bad request parameters: {exc}"))
            return None

    def _send(self, answer: Answer, headers: dict[str, str] | None = None, *, close: bool = False) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in {**self.endpoint.headers, **(headers or {})}.items():
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(answer.body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (414 URI too long, 501 unsupported method …) as plain text."""
        self.close_connection = True
        try:
            self._send(error(code, message or explain or "error"), close=True)
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:
        if self.endpoint.log:
            sys.stderr.write(f"{self.address_string()} [{self.log_date_time_string()}] {format % args}\n")
