"""Stage 9, CLI (network commands): `dzkg serve` and `dzkg push`, registered by `dzkg.cli`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from dzkg.cli_args import positive

MAX_SECONDS = 86_400
"""The longest --timeout (a day): far longer ones overflow the waits on sockets and worker pipes."""


def port(value: str) -> int:
    """--port: 0 (any free port) to 65535."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"the port must be 0-65535 (0 picks a free one), got {value}")
    return number


def seconds(value: str) -> float:
    """--timeout: more than 0, at most MAX_SECONDS (`nan` and `inf` are refused too)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 < number <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"the timeout must be positive, at most {MAX_SECONDS} s (a day), got {value}")
    return number


def add_parsers(command: Callable[..., argparse.ArgumentParser], graph_option: Callable[..., None]) -> None:
    p = command("serve", "Serve the graph as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/).")
    graph_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=port, default=7878, help="port (default 7878; 0 picks a free one)")
    p.add_argument("--workers", type=positive, default=2, help="query worker processes (default 2)")
    p.add_argument("--timeout", type=seconds, default=30.0, help="seconds a query may run before it is stopped")
    p.add_argument(
        "--max-rows", type=positive, default=100_000, help="rows or triples an answer may have (default 100000)"
    )
    p.add_argument("--quiet", action="store_true", help="do not log requests on standard error")
    p = command("push", "Put every named graph into a triple store (SPARQL 1.1 Graph Store HTTP Protocol, PUT).")
    graph_option(p)
    p.add_argument("--endpoint", required=True, help="Graph Store endpoint, e.g. http://localhost:3030/dzkg/data")
    p.add_argument("--user", help="user for HTTP Basic (or Digest when the server asks for it)")
    p.add_argument("--password", help="password (better: the environment variable DZKG_PUSH_PASSWORD)")
    p.add_argument("--token", help="bearer token instead of a user (or the environment variable DZKG_PUSH_TOKEN)")
    p.add_argument("--timeout", type=seconds, default=300.0, help="seconds each request may take (default 300)")


def cmd_serve(args: argparse.Namespace) -> int:
    import signal

    from dzkg import api
    from dzkg.serve import Endpoint, is_loopback
    from dzkg.store import is_fresh, store_dir

    if not is_fresh(args.graph, named=True):
        print("dzkg serve: loading the graph store first (about a minute per 1,000 briefings)", file=sys.stderr)
    api.open_graph(args.graph, named=True)  # build or refresh the graph store that the workers open
    if not is_loopback(args.host):
        print(f"warning: listening on {args.host}: whoever reaches this machine can query the graph", file=sys.stderr)
    limits = {"workers": args.workers, "timeout": args.timeout, "max_rows": args.max_rows}
    endpoint = Endpoint(store_dir(args.graph, named=True), host=args.host, port=args.port, log=not args.quiet, **limits)

    def ready(url: str) -> None:
        print(
            f"dzkg serve: {url}sparql (query page {url}); {args.workers} workers, time limit {args.timeout:g} s, "
            f"row limit {args.max_rows:,}; Ctrl+C stops",
            flush=True,
        )

    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as Ctrl+C does: workers killed, port freed
    endpoint.run(ready)
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    import os

    from tqdm import tqdm

    from dzkg import api
    from dzkg.push import push
    from dzkg.store import graph_names

    password = args.password or os.environ.get("DZKG_PUSH_PASSWORD")
    if args.user and password is None and sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"password for {args.user}: ")
    auth = {"user": args.user, "password": password, "token": args.token or os.environ.get("DZKG_PUSH_TOKEN")}
    api.open_graph(args.graph)  # rebuilds a stale graph first
    total = len(graph_names(args.graph))
    with tqdm(unit="graph", file=sys.stderr, disable=None) as bar:  # drawn on a terminal only

        def progress(done: int, total: int, graph: str) -> None:
            bar.total, bar.n = total, done
            bar.set_postfix_str(graph.rsplit("/", 1)[-1])

        report = push(args.graph, args.endpoint, total=total, **auth, timeout=args.timeout, progress=progress)
    print(f"pushed {report.graphs} graphs, {report.triples:,} triples to {report.endpoint} in {report.seconds:.1f} s")
    return 0
