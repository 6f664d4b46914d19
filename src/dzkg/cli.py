"""The `dzkg` command line: a thin layer over `dzkg.api` (parse arguments, print, exit codes).

Exit codes: 0 ok · 1 checks failed (validate, eval below target) · 2 usage or input error (the message names
the file, line and reason). Heavy libraries are imported by the commands that need them only.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from dzkg import __version__, cli_args, cli_diff, cli_net, paths
from dzkg.errors import DzkgError

EXAMPLES = {
    "build": "dzkg build data/briefings -o build/dzkg.trig",
    "validate": "dzkg validate --graph build/dzkg.trig",
    "stats": "dzkg stats",
    "explain": "dzkg explain 62.8%",
    "query": "dzkg query ranks-in-top-n --param n=3 --format csv",
    "queries": "dzkg queries",
    "export": "dzkg export xlsx -o build/dzkg.xlsx",
    "eval": "dzkg eval tests/gold/dezhou-2025-09-03.jsonl",
    "view": "dzkg view -o build/view.html --lang en",
    "serve": "dzkg serve --graph build/dzkg.trig --port 7878",
    "push": "dzkg push --endpoint http://localhost:3030/dzkg/data --user admin",
    "diff": "dzkg diff tests/briefings/series/series-liaocheng-2025-05.txt "
    "tests/briefings/series/series-liaocheng-2025-08.txt",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dzkg",
        description="Chinese government development briefings → an RDF knowledge graph where every number "
        "carries its unit, period, rank and the exact sentence it came from.",
        epilog="Exit codes: 0 ok, 1 checks failed, 2 usage or input error.\nExample: dzkg build && dzkg stats",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dzkg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"Example: {EXAMPLES[name]}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    def graph_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--graph",
            type=paths.graph_file,
            default=paths.DEFAULT_GRAPH,
            help=f"the built graph: its .trig file, or the directory holding {paths.DEFAULT_GRAPH.name} "
            f"(default {paths.DEFAULT_GRAPH})",
        )

    p = command("build", "Build the graph from briefings (<id>.txt + optional <id>.meta.json).")
    p.add_argument(
        "sources",
        nargs="*",
        type=Path,
        default=[paths.DEFAULT_SOURCES],
        help=f"briefing files or directories (default {paths.DEFAULT_SOURCES})",
    )
    p.add_argument("-o", "--output", type=cli_args.graph_output, default=paths.DEFAULT_GRAPH, help="TriG output file")
    p.add_argument("--keep-going", action="store_true", help="build the good briefings, list the bad ones, exit 1")
    p.add_argument("-j", "--jobs", type=cli_args.positive, help="worker processes (default: one per core)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, help="progress bar (default: on a terminal)")

    p = command("validate", "Check the graph: SHACL shapes, QC queries, every span re-anchored in its text.")
    graph_option(p)
    p.add_argument(
        "--sources",
        nargs="+",
        type=Path,
        help="the briefings to re-anchor the spans in (default: those the graph was built from)",
    )
    p.add_argument("--warnings", action="store_true", help="also list warnings")

    p = command("stats", "Size of the graph: triples, briefings, entities by class.")
    graph_option(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--network",
        action="store_true",
        help="add network analytics: degree and betweenness centrality, communities, entities linking the pillars",
    )

    p = command(
        "explain", "The sentence behind a fact: an observation/entity IRI, or text inside its clause (else sentence)."
    )
    p.add_argument("needle", help="an IRI or a piece of text such as 62.8%% or 新能源發電量")
    graph_option(p)

    p = command("query", "Run a named question or SPARQL (union of all briefings as the default graph).")
    p.add_argument("name", nargs="?", help="a named question (see `dzkg queries`) or a .rq file")
    p.add_argument("-e", "--expression", help="SPARQL text instead of a name")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="bind ?K to V (an IRI or literal)")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    graph_option(p)

    command("queries", "List the named questions: NAME<TAB>question.")

    p = command(
        "export",
        "Export the graph: the fact sheet (facts: CSV or JSONL, one row per observation mention), RDF "
        "(ttl, nq, trig, jsonld), the entity network (graphml, gexf) or a workbook (xlsx).",
    )
    p.add_argument("what", choices=("facts", "ttl", "nq", "trig", "jsonld", "graphml", "gexf", "xlsx"))
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="for facts")
    p.add_argument(
        "-o",
        "--output",
        type=cli_args.stdout_or_file,
        help="file to write (default or -: standard output; xlsx needs a file)",
    )
    graph_option(p)

    p = command("eval", "Score the graph's fact sheet against gold annotations (precision, recall, accuracies).")
    p.add_argument("gold", nargs="+", type=Path, help="gold JSONL files named <briefing-id>.jsonl")
    p.add_argument(
        "--sources", nargs="+", type=Path, help="the annotated briefings (default: those the graph was built from)"
    )
    p.add_argument("--verbose", "-v", action="store_true", help="list misses, extras and wrong fields")
    p.add_argument("--json", action="store_true", help="print JSON")
    graph_option(p)

    p = command(
        "view",
        "Write the interactive network view: one self-contained HTML file that opens offline (entities as nodes, "
        "their figures and source sentences in the side panel).",
    )
    p.add_argument(
        "-o", "--output", type=cli_args.file_output, default=Path("build/view.html"), help="HTML file to write"
    )
    p.add_argument("--focus", metavar="IRI", help="draw only this entity (an IRI or exact label) and its neighbourhood")
    p.add_argument("--depth", type=int, default=1, metavar="N", help="with --focus: relations to follow (default 1)")
    p.add_argument(
        "--class", dest="classes", nargs="+", metavar="CLASS", help="draw only these classes (e.g. City Enterprise)"
    )
    p.add_argument("--lang", choices=("zh-Hant", "zh-Hans", "en"), default="zh-Hant", help="label language")
    graph_option(p)
    cli_net.add_parsers(command, graph_option)
    cli_diff.add_parsers(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = globals()[f"_cmd_{args.command}"]
    try:
        return handler(args)
    except DzkgError as exc:
        print(f"dzkg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from dzkg import api

    progress = sys.stderr.isatty() if args.progress is None else args.progress
    report = api.build(args.sources, output=args.output, keep_going=args.keep_going, jobs=args.jobs, progress=progress)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.briefings:
        print(
            f"built {args.output}: {len(report.briefings)} briefing(s), {report.quads} quads "
            f"({report.converted} converted, {len(report.briefings) - report.converted} cached; store {report.store})"
        )
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    if report.errors:
        print(f"{len(report.errors)} bad file(s) skipped", file=sys.stderr)
        return 1 if report.briefings else 2
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from dzkg import api, check

    problems = api.validate(graph=args.graph, sources=args.sources)
    shown = [p for p in problems if args.warnings or p.severity == "Violation"]
    for p in shown:
        print(f"{p.severity}\t{p.check}\t{p.focus}\t{p.message}")
    violations = sum(p.severity == "Violation" for p in problems)
    warnings = sum(p.severity == "Warning" for p in problems)
    print(
        f"{'conforms' if check.conforms(problems) else 'does not conform'}: "
        f"{violations} violation(s), {warnings} warning(s)",
        file=sys.stderr,
    )
    return 0 if check.conforms(problems) else 1


def _cmd_stats(args: argparse.Namespace) -> int:
    from dzkg import api

    result = api.stats(graph=args.graph)
    if args.network:
        from dzkg import network

        result["network"] = network.analyse(api.open_graph(args.graph))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"triples\t{result['triples']}\nbriefings\t{result['briefings']}")
    for name, count in result["classes"].items():  # type: ignore[union-attr]
        print(f"{name}\t{count}")
    if args.network:
        print("\n".join(network.report(result["network"])))  # type: ignore[arg-type]
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from dzkg import api

    rows = api.explain(args.needle, graph=args.graph)
    if not rows:
        print(f"nothing found for {args.needle!r}", file=sys.stderr)
        return 1
    for row in rows:
        print(f"{row['iri']}\n  {row['doc']} [{row['start']}:{row['end']}] {row['quote']}\n  {row['sentence']}")
    return 0


def _cmd_queries(args: argparse.Namespace) -> int:
    from dzkg.sparql import named_queries

    for name, named in named_queries().items():
        print(f"{name}\t{named.question}")
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from dzkg import api
    from dzkg.sparql import named_queries

    if bool(args.name) == bool(args.expression):
        raise DzkgError("give a query NAME or FILE, or -e SPARQL (one of them)")
    text = args.expression
    if args.name:
        named = named_queries()
        if args.name in named:
            text = named[args.name].text
        elif Path(args.name).is_file():
            text = cli_args.query_file(Path(args.name))
        else:
            raise DzkgError(f"no named query or file {args.name!r} (see `dzkg queries`)")
    params = {}
    for pair in args.param:
        key, sep, value = pair.partition("=")
        if not sep:
            raise DzkgError(f"--param wants K=V, got {pair!r}")
        if key.lstrip("?") in params:
            raise DzkgError(f"--param {key.lstrip('?')} is given twice")
        params[key.lstrip("?")] = value

    def waiting() -> None:
        print("dzkg query: this query names graphs; loading the graph store first, once per build", file=sys.stderr)

    if args.format in ("csv", "tsv", "json"):  # W3C SPARQL 1.1 results, written by Oxigraph
        answer = api.query_serialized(text, args.format, graph=args.graph, params=params, on_wait=waiting)
        if isinstance(answer, bytes):
            sys.stdout.buffer.write(answer if answer.endswith(b"\n") else answer + b"\n")
            return 0
        result = answer  # a graph answer
    else:
        result = api.query_result(text, graph=args.graph, params=params, on_wait=waiting)
    if args.format == "json":
        from dzkg.sparql import results_json

        print(json.dumps(results_json(result), ensure_ascii=False))
    elif args.format == "tsv":  # W3C SPARQL results TSV: ?var headers, terms in N-Triples/Turtle syntax
        print("\t".join(f"?{c}" for c in result.columns))
        for row in result.rows:
            print("\t".join("" if term is None else str(term) for term in row))
    else:
        print(_render(result.dicts(), args.format), end="")
    return 0


def _render(rows: list[dict[str, str]], fmt: str) -> str:
    if fmt in ("csv", "tsv"):
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        if rows:
            writer.writerow(rows[0].keys())
            writer.writerows(row.values() for row in rows)
        return buffer.getvalue()
    if not rows:
        return "(no rows)\n"
    columns = list(rows[0])
    widths = {c: max(_width(c), *(_width(r[c]) for r in rows)) for c in columns}
    lines = ["  ".join(_pad(c, widths[c]) for c in columns), "  ".join("-" * widths[c] for c in columns)]
    lines += ["  ".join(_pad(r[c], widths[c]) for c in columns) for r in rows]
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _cmd_export(args: argparse.Namespace) -> int:
    from dzkg import api

    if args.what == "facts":
        from dzkg.facts import render, write_facts

        rows = api.fact_sheet(graph=args.graph)
        if args.output:
            write_facts(rows, args.output, args.format)
            print(f"wrote {args.output}: {len(rows)} rows", file=sys.stderr)
        else:
            sys.stdout.write(render(rows, args.format))
        return 0
    from dzkg import export

    store = api.open_graph(args.graph)
    if args.output is None:
        if args.what == "xlsx":
            raise DzkgError("xlsx is a binary workbook: give -o FILE.xlsx")
        data = (
            export.rdf_bytes(args.graph, args.what)
            if args.what in export.RDF_FORMATS
            else export.network_bytes(store, args.what)
        )
        sys.stdout.buffer.write(data)
        return 0
    export.export(args.graph, store, args.what, args.output)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from dzkg import api

    result = api.evaluate_gold(args.gold, graph=args.graph, sources=args.sources)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for name, value in result.items():
            print(f"{name}\t{value}")
    if args.verbose:
        for line in result.misses:
            print(f"miss\t{line}")
        for line in result.extras:
            print(f"extra\t{line}")
        for line in result.wrong:
            print(f"wrong\t{line}")
    return 0


def _cmd_view(args: argparse.Namespace) -> int:
    from dzkg import api
    from dzkg.view import write_view

    store = api.open_graph(args.graph)
    summary = write_view(store, args.output, lang=args.lang, focus=args.focus, depth=args.depth, classes=args.classes)
    print(f"wrote {args.output}: {summary['nodes']} nodes, {summary['edges']} edges", file=sys.stderr)
    return 0


_cmd_serve = cli_net.cmd_serve
_cmd_push = cli_net.cmd_push


def _cmd_diff(args: argparse.Namespace) -> int:
    return cli_diff.cmd_diff(args, render=_render)
