"""Consumer (push): the built graph into an external triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Every named graph of the built TriG (one per briefing, and the ontology's) is read in turn and sent as one
`PUT {endpoint}?graph={iri}` (indirect graph identification) with its triples as N-Triples in UTF-8. PUT replaces
the graph, so pushing again leaves the same data. The merge that the local query store keeps as its default graph
is not sent: at the other end a union default graph (Fuseki's `unionDefaultGraph`, `oxigraph serve
--union-default-graph`, the defaults of GraphDB and Virtuoso) gives queries the same view. Authentication: HTTP
Basic (sent with the first request), Digest when the server asks for it, or a bearer token. Nothing here prints:
the caller gets progress through a callback and a `PushReport`.
"""

from __future__ import annotations

import http.client
import math
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from dzkg.errors import DzkgError

CONTENT_TYPE = "application/n-triples"
OK = (200, 201, 204)


@dataclass(frozen=True)
class PushReport:
    endpoint: str
    graphs: int
    triples: int
    seconds: float


def graph_url(endpoint: str, graph: str | None) -> str:
    """`endpoint?graph=IRI` (`?default` for the default graph; `&` when the endpoint has a query string)."""
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}{urllib.parse.urlencode({'graph': graph}) if graph else 'default'}"


def graphs(trig: Path) -> Iterator[tuple[str | None, list[ox.Triple]]]:
    """The graphs of a TriG file in file order, one at a time, as (IRI or None for the default graph, triples).
    Read from the TriG, not the query store: Oxigraph's store turns xsd:positiveInteger into xsd:integer."""
    current: str | None = None
    triples: list[ox.Triple] = []
    done: set[str | None] = set()
    for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
        if name != current or not triples:
            if triples:
                yield current, triples
            if name in done:
                raise DzkgError(f"{trig}: graph {name or '(default)'} appears twice; `dzkg build` writes each once")
            done.add(name)
            current, triples = name, []
        triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    if triples:
        yield current, triples


def push(
    trig: Path,
    endpoint: str,
    *,
    total: int = 0,
    user: str | None = None,
    password: str | None = None,
    token: str | None = None,
    timeout: float = 300.0,
    progress: Callable[[int, int, str], None] | None = None,
) -> PushReport:
    """PUT every graph of the TriG file `trig` to the Graph Store endpoint. `progress(done, total, graph)` is called
    before the first request (done 0) and after each graph, with `total` as given (e.g. the number of named graphs
    of the query store). Raises DzkgError naming the graph, the HTTP status and the start of the server's answer
    when a request fails (the graphs before it stay pushed)."""
    if not 0 < timeout < math.inf:
        raise DzkgError(f"the timeout must be a positive number of seconds, got {timeout}")
    opener = _opener(endpoint, user=user, password=password, token=token)
    started = time.perf_counter()
    count = triples = 0
    if progress:
        progress(0, total, "")
    for name, batch in graphs(Path(trig)):
        body = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)
        _put(opener, graph_url(endpoint, name), body, timeout=timeout, token=token, graph=name or "(default)")
        count, triples = count + 1, triples + len(batch)
        if progress:
            progress(count, max(total, count), name or "(default)")
    return PushReport(endpoint, count, triples, time.perf_counter() - started)


def _opener(
    endpoint: str, *, user: str | None, password: str | None, token: str | None
) -> urllib.request.OpenerDirector:
    try:
        parts = urllib.parse.urlsplit(endpoint)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number 0-65535)
    except ValueError as exc:
        raise DzkgError(f"--endpoint is not a valid URL ({exc}): {_safe(endpoint)!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DzkgError(f"--endpoint must be an http(s) URL, got {_safe(endpoint)!r}")
    if parts.username or parts.password:
        raise DzkgError("put credentials in --user/--password (or DZKG_PUSH_PASSWORD), not in the endpoint URL")
    if token and (user or password):
        raise DzkgError("give --token or --user/--password, not both")
    if password and not user:
        raise DzkgError("a password needs --user")
    handlers: list[urllib.request.BaseHandler] = []
    if user:
        if password is None:
            raise DzkgError("--user needs a password: --password or the environment variable DZKG_PUSH_PASSWORD")
        basic = urllib.request.HTTPPasswordMgrWithPriorAuth()
        basic.add_password(None, endpoint, user, password, is_authenticated=True)  # Basic on the first request
        digest = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        digest.add_password(None, endpoint, user, password)  # Digest when the server challenges (Virtuoso)
        handlers += [urllib.request.HTTPBasicAuthHandler(basic), urllib.request.HTTPDigestAuthHandler(digest)]
    return urllib.request.build_opener(*handlers)


def _put(
    opener: urllib.request.OpenerDirector, url: str, body: bytes, *, timeout: float, token: str | None, graph: str
) -> None:
    request = urllib.request.Request(url, data=body, method="PUT")
    request.add_header("Content-Type", CONTENT_TYPE)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        detail = _first_lines(exc.read())
        raise DzkgError(f"PUT {_safe(url)} (graph {graph}): HTTP {exc.code} {exc.reason}{detail}") from None
    except http.client.InvalidURL as exc:  # a host urllib only rejects when it connects
        raise DzkgError(f"--endpoint is not a valid URL: {exc}") from None
    except urllib.error.URLError as exc:
        raise DzkgError(f"cannot reach {_safe(url)}: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise DzkgError(f"PUT {_safe(url)} (graph {graph}) failed: {exc}") from None
    except UnicodeEncodeError:  # urllib's Digest needs ASCII credentials
        raise DzkgError("Digest authentication needs a user and password in ASCII") from None
    if status not in OK:
        raise DzkgError(f"PUT {_safe(url)} (graph {graph}): unexpected HTTP {status}")


def _first_lines(body: bytes, lines: int = 5) -> str:
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return ""
    shown = text.splitlines()[:lines]
    return "\n  " + "\n  ".join(line[:300] for line in shown)


def _safe(url: str) -> str:
    """The URL without any user:password@ part (never shown)."""
    return re.sub(r"//[^/@]*@", "//", url, count=1)
