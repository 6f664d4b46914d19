"""The `dzkg` command line driven as a real subprocess (DESIGN.md §3, CLI contract): help and examples,
build and its input errors (exit 2, file and line named, previous output untouched), validate, stats,
queries, query formats and refusals, fact-sheet export, explain, eval, the offline view, --version.

Every command runs with its working directory in a tmp dir, so default paths never write into the repo.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import io
import json
import re
import shlex
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from dzkg import cli
from dzkg.read import read_briefing
from tests.cli_helpers import dzkg, show

from .conftest import DEZHOU, DEZHOU_DIR, GOLD_DIR, SYNTHETIC_DIR

FACT_COLUMNS = (
    "doc,iri,quote,start,end,sentence,subject,value,unit,value_base,unit_base,stat_type,"
    "period_text,period_start,period_end,rank,rank_scope,change_of,flags"
)
DEZHOU_ID = "dezhou-2025-09-03"


def _subcommands() -> list[str]:
    parser = cli._parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1, "dzkg's parser should have exactly one set of subcommands"
    return sorted(actions[0].choices)


SUBCOMMANDS = _subcommands()


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def explain_records(stdout: str) -> list[tuple[str, str, int, int, str, str]]:
    """`dzkg explain` output as (iri, doc, start, end, quote, sentence) records."""
    lines = stdout.splitlines()
    records = []
    for index, line in enumerate(lines):
        match = re.fullmatch(r"  (\S+) \[(\d+):(\d+)\] (.*)", line)
        if match:
            sentence = lines[index + 1].removeprefix("  ") if index + 1 < len(lines) else ""
            records.append(
                (lines[index - 1], match[1], int(match[2]), int(match[3]), match[4], sentence)  # iri line above
            )
    return records


# ---------------------------------------------------------------------------------------------- help


def test_help_lists_every_subcommand(tmp_path: Path) -> None:
    result = dzkg("--help", cwd=tmp_path)
    assert result.returncode == 0, show(result)
    listed = {m[1] for m in re.finditer(r"^\s{2,}([a-z][a-z-]*)\s", result.stdout, re.M)}
    missing = [name for name in SUBCOMMANDS if name not in listed]
    assert not missing, f"`dzkg --help` does not list {missing}:\n{result.stdout}"
    assert len(SUBCOMMANDS) >= 9, SUBCOMMANDS


@pytest.mark.parametrize("sub", SUBCOMMANDS)
def test_every_subcommand_help_ends_with_a_runnable_example(sub: str, tmp_path: Path) -> None:
    result = dzkg(sub, "--help", cwd=tmp_path)
    assert result.returncode == 0, show(result)
    last = result.stdout.rstrip("\n").splitlines()[-1]
    assert last.startswith("Example:"), f"`dzkg {sub} --help` must end with an 'Example:' line, ends with {last!r}"
    words = shlex.split(last.removeprefix("Example:"))
    assert words[:2] == ["dzkg", sub], f"the example of {sub!r} should run `dzkg {sub} …`: {last!r}"
    try:
        parsed = cli._parser().parse_args(words[1:])
    except SystemExit as exc:  # argparse rejected the documented example
        pytest.fail(f"the documented example does not parse ({exc}): {last!r}")
    assert parsed.command == sub


def test_version_matches_the_installed_distribution(tmp_path: Path) -> None:
    result = dzkg("--version", cwd=tmp_path)
    assert result.returncode == 0, show(result)
    assert result.stdout.strip() == f"dzkg {importlib.metadata.version('dzkg')}", show(result)


# ---------------------------------------------------------------------------------------------- build


def test_build_writes_trig_prints_quad_count_and_is_byte_identical(tmp_path: Path) -> None:
    sources = tmp_path / "briefings"
    shutil.copytree(DEZHOU_DIR, sources)
    outputs = [tmp_path / "one" / "dzkg.trig", tmp_path / "two" / "dzkg.trig"]
    stdouts = []
    for output in outputs:
        result = dzkg("build", sources, "-o", output, cwd=tmp_path)
        assert result.returncode == 0, show(result)
        assert output.is_file()
        stdouts.append(result.stdout.replace(str(output), "OUT"))
        printed = re.search(r"(\d+) quads", result.stdout)
        assert printed, f"no quad count printed: {show(result)}"
        quads = set(ox.parse(path=str(output), format=ox.RdfFormat.TRIG))
        assert int(printed[1]) == len(quads) > 5000, (printed[0], len(quads))
        assert f"<https://w3id.org/dzkg/id/briefing/{DEZHOU_ID}>" in output.read_text(encoding="utf-8")
    assert outputs[0].read_bytes() == outputs[1].read_bytes(), "two builds of the same input differ"
    assert stdouts[0] == stdouts[1]
    again = dzkg("build", sources, "-o", outputs[0], cwd=tmp_path)
    assert again.returncode == 0, show(again)
    assert outputs[0].read_bytes() == outputs[1].read_bytes(), "rebuilding in place changed the TriG"


def _gbk(folder: Path) -> Path:
    body = (SYNTHETIC_DIR / "syn-02-binzhou-hans.txt").read_text(encoding="utf-8")
    (folder / "gbk.txt").write_bytes(b"DZ briefing\n" + body.encode("gb18030"))
    return folder


def _empty(folder: Path) -> Path:
    (folder / "empty.txt").write_bytes(b"")
    return folder


def _bad_meta(folder: Path) -> Path:
    shutil.copy(SYNTHETIC_DIR / "syn-02-binzhou-hans.txt", folder / "badmeta.txt")
    (folder / "badmeta.meta.json").write_text('{\n  "id": "badmeta",\n  "published": 2025-10-20\n}\n', encoding="utf-8")
    return folder


def _no_date(folder: Path) -> Path:
    (folder / "nodate.txt").write_text(
        "德州市推進工業轉型\n來源:測試\n今年以來,全市新增省級綠色工廠12家,同比增長20%。\n", encoding="utf-8"
    )
    return folder


def _orphan_meta(folder: Path) -> Path:
    shutil.copy(SYNTHETIC_DIR / "syn-03-weifang-hant.txt", folder)
    shutil.copy(SYNTHETIC_DIR / "syn-02-binzhou-hans.meta.json", folder / "orphan.meta.json")
    return folder


def _missing(folder: Path) -> Path:
    return folder / "does-not-exist"


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "gbk": (_gbk, ("gbk.txt:2:", "GBK")),
    "empty": (_empty, ("empty.txt",)),
    "invalid-meta-json": (_bad_meta, ("badmeta.meta.json:3",)),
    "no-date-no-meta": (_no_date, ("nodate.txt",)),
    "meta-without-txt": (_orphan_meta, ("orphan.meta.json",)),
    "nonexistent-source": (_missing, ("does-not-exist",)),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_names_the_file_and_keeps_the_previous_output(
    case: str, tmp_path: Path, dezhou_graph: Path
) -> None:
    make, expected = BAD_INPUTS[case]
    folder = tmp_path / "in"
    folder.mkdir()
    source = make(folder)
    output = tmp_path / "out" / "dzkg.trig"
    output.parent.mkdir()
    shutil.copy(dezhou_graph, output)
    before = output.read_bytes()
    result = dzkg("build", source, "-o", output, cwd=tmp_path)
    assert result.returncode == 2, show(result)
    assert "Traceback" not in result.stderr, show(result)
    for needle in expected:
        assert needle in result.stderr, f"{needle!r} not named on stderr: {show(result)}"
    assert output.read_bytes() == before, "a failed build changed the previous output"


@pytest.mark.parametrize("where", ["proc", "under-a-regular-file"])
def test_unwritable_destination_exits_2_without_traceback(where: str, tmp_path: Path) -> None:
    plain = tmp_path / "plain-file"
    plain.write_text("not a directory\n", encoding="utf-8")
    output = Path("/proc/dzkg.trig") if where == "proc" else plain / "dzkg.trig"
    result = dzkg("build", DEZHOU_DIR, "-o", output, cwd=tmp_path)
    assert result.returncode == 2, show(result)
    assert "Traceback" not in result.stderr, show(result)
    assert str(output) in result.stderr, show(result)
    assert plain.read_text(encoding="utf-8") == "not a directory\n"


def test_keep_going_builds_the_good_and_lists_the_bad(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SYNTHETIC_DIR / "syn-03-weifang-hant.txt", folder)
    (folder / "broken.txt").write_bytes("標題\n日期:2025-05-12\n".encode("gb18030"))
    output = tmp_path / "out" / "dzkg.trig"
    result = dzkg("build", folder, "-o", output, "--keep-going", cwd=tmp_path)
    assert result.returncode == 1, show(result)
    assert "broken.txt" in result.stderr, show(result)
    assert "Traceback" not in result.stderr
    trig = output.read_text(encoding="utf-8")
    assert "syn-03-weifang-hant" in trig
    assert "/briefing/broken" not in trig


# ---------------------------------------------------------------------------------------------- validate


def test_validate_conforms_on_the_dezhou_graph(dezhou_graph: Path, tmp_path: Path) -> None:
    result = dzkg("validate", "--graph", dezhou_graph, "--sources", DEZHOU_DIR, cwd=tmp_path)
    assert result.returncode == 0, show(result)
    assert re.search(r"^conforms\b", result.stdout + result.stderr, re.M), show(result)
    assert "Violation" not in result.stdout, show(result)


def test_validate_and_eval_read_the_briefings_the_graph_was_built_from(synthetic_graph: Path, tmp_path: Path) -> None:
    # No --sources, run from another directory: the texts are those the graph's manifest names.
    result = dzkg("validate", "--graph", synthetic_graph, cwd=tmp_path)
    assert result.returncode == 0 and "Violation" not in result.stdout, show(result)
    gold = sorted((GOLD_DIR / "synthetic").glob("*.jsonl"))
    result = dzkg("eval", *gold, "--graph", synthetic_graph, "--json", cwd=tmp_path)
    assert result.returncode == 0, show(result)
    assert json.loads(result.stdout)["gold"] == sum(len(g.read_text(encoding="utf-8").splitlines()) for g in gold)
    # Texts that are not the graph's: every briefing whose spans could not be re-anchored is a violation.
    result = dzkg("validate", "--graph", synthetic_graph, "--sources", DEZHOU_DIR, cwd=tmp_path)
    missing = [line.split("\t")[2] for line in result.stdout.splitlines() if "\tspan-source-missing\t" in line]
    assert result.returncode == 1 and missing == sorted(p.stem for p in SYNTHETIC_DIR.glob("*.txt")), show(result)


def test_validate_names_the_sources_of_the_build_when_they_are_gone(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    shutil.copytree(DEZHOU_DIR, folder)
    assert dzkg("build", "texts", "-o", "out/g.trig", cwd=tmp_path).returncode == 0
    folder.rename(tmp_path / "moved")
    result = dzkg("validate", "--graph", "out/g.trig", cwd=tmp_path)
    assert result.returncode == 2 and str(folder) in result.stderr and "--sources" in result.stderr, show(result)


def _shift_an_end_offset(trig: str) -> tuple[str, list[str]]:
    match = re.search(r'oa:end "(\d+)"\^\^xsd:nonNegativeInteger ;\s*oa:start "(\d+)"', trig)
    assert match, "no oa:end/oa:start pair found in the TriG"
    end, start = int(match[1]), int(match[2])
    broken = trig[: match.start(1)] + str(end + 1) + trig[match.end(1) :]
    return broken, [str(start), str(end + 1)]


def _reword_a_clause(trig: str) -> tuple[str, list[str]]:
    """A number's clause whose text no longer matches the briefing (same length: only re-anchoring sees it)."""
    match = re.search(r'dz:clauseText "(.)', trig)
    assert match, "no dz:clauseText found in the TriG"
    subject = re.findall(r"^\t<([^>]+)>", trig[: match.start()], re.M)[-1]
    assert "/span/" in subject, subject
    other = "乙" if match[1] != "乙" else "丙"
    return trig[: match.start(1)] + other + trig[match.end(1) :], [subject, "span-reanchor"]


def _move_a_clause_past_its_number(trig: str) -> tuple[str, list[str]]:
    """A clause that starts after the number it should hold (its text shortened to match its offsets)."""
    match = re.search(r'dz:clauseEnd "(\d+)"\^\^xsd:nonNegativeInteger ;\s*dz:clauseStart "(\d+)"', trig)
    assert match, "no dz:clauseEnd/dz:clauseStart pair found in the TriG"
    subject = re.findall(r"^\t<([^>]+)>", trig[: match.start()], re.M)[-1]
    number_end = int(subject.rsplit("-", 1)[1])
    start = number_end - 1  # after the number's first character whatever its length
    broken = trig[: match.start(2)] + str(start) + trig[match.end(2) :]
    return broken, [subject, "clause-offsets-violation"]


def _drop_an_obs_value(trig: str) -> tuple[str, list[str]]:
    match = re.search(r"^\t+sdmx-measure:obsValue [^\n]* ;\n", trig, re.M)
    assert match, "no obsValue line (followed by more predicates) found in the TriG"
    subject = re.findall(r"^\t<([^>]+)>", trig[: match.start()], re.M)[-1]
    assert "/obs/" in subject, subject
    return trig[: match.start()] + trig[match.end() :], [subject]


@pytest.mark.parametrize(
    "breakage",
    [_shift_an_end_offset, _drop_an_obs_value, _reword_a_clause, _move_a_clause_past_its_number],
    ids=["end-offset", "no-obsValue", "clause-text", "clause-start"],
)
def test_validate_fails_on_a_broken_copy_and_lists_the_problem(
    breakage: Callable[[str], tuple[str, list[str]]], dezhou_graph: Path, tmp_path: Path
) -> None:
    broken, needles = breakage(dezhou_graph.read_text(encoding="utf-8"))
    copy = tmp_path / "broken.trig"
    copy.write_text(broken, encoding="utf-8")
    result = dzkg("validate", "--graph", copy, "--sources", DEZHOU_DIR, cwd=tmp_path)
    assert result.returncode == 1, show(result)
    violations = [line for line in result.stdout.splitlines() if line.startswith("Violation")]
    assert any(all(n in line for n in needles) for line in violations), (needles, show(result))
    assert "does not conform" in result.stderr, show(result)


# ---------------------------------------------------------------------------------------------- stats, queries


def test_stats_json(dezhou_graph: Path, tmp_path: Path) -> None:
    result = dzkg("stats", "--json", "--graph", dezhou_graph, cwd=tmp_path)
    assert result.returncode == 0, show(result)
    stats = json.loads(result.stdout)
    assert stats["triples"] > 5000
    assert stats["briefings"] == 1
    assert stats["classes"]["MetricObservation"] >= 55
    assert stats["classes"]["City"] >= 1


def test_queries_lists_name_tab_question(tmp_path: Path) -> None:
    result = dzkg("queries", cwd=tmp_path)
    assert result.returncode == 0, show(result)
    listed = {}
    for line in result.stdout.splitlines():
        name, tab, question = line.partition("\t")
        assert tab and name and question.strip(), f"not NAME<TAB>question: {line!r}"
        listed[name] = question
    assert {"source-of-a-figure", "ranks-first-in-province"} <= set(listed) and "fact-sheet" not in listed, listed
    assert "居全省第一" in listed["ranks-first-in-province"]


# ---------------------------------------------------------------------------------------------- query


def test_query_csv_has_the_628_row(dezhou_graph: Path, tmp_path: Path) -> None:
    result = dzkg("query", "ranks-first-in-province", "--graph", dezhou_graph, "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, show(result)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows, show(result)
    hits = [row for row in rows if "62.8" in row.values()]
    assert hits, rows
    assert all(row["place"] == "德州市" and row["unit"] == "%" for row in hits), hits


def test_graph_may_be_named_by_its_directory(dezhou_graph: Path, tmp_path: Path) -> None:
    """`--graph build` means build/dzkg.trig and `--graph .` ./dzkg.trig; a directory without one is exit 2."""
    question = ("query", "ranks-first-in-province", "--format", "csv", "--graph")
    by_file = dzkg(*question, dezhou_graph, cwd=tmp_path)
    by_directory = dzkg(*question, dezhou_graph.parent, cwd=tmp_path)
    here = dzkg(*question, ".", cwd=dezhou_graph.parent)
    assert by_file.returncode == by_directory.returncode == here.returncode == 0, show(here)
    assert "62.8" in by_file.stdout and by_directory.stdout == here.stdout == by_file.stdout
    empty = dzkg("stats", "--graph", tmp_path, cwd=tmp_path)
    assert empty.returncode == 2 and "Traceback" not in empty.stderr, show(empty)
    assert f"{tmp_path / 'dzkg.trig'}: no built graph here" in empty.stderr, show(empty)


def test_query_json_is_sparql_results_json(dezhou_graph: Path, tmp_path: Path) -> None:
    as_csv = dzkg("query", "ranks-first-in-province", "--graph", dezhou_graph, "--format", "csv", cwd=tmp_path)
    as_json = dzkg("query", "ranks-first-in-province", "--graph", dezhou_graph, "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 0, show(as_json)
    data = json.loads(as_json.stdout)
    header, *rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert data["head"]["vars"] == header
    bindings = data["results"]["bindings"]
    assert len(bindings) == len(rows)
    for binding in bindings:
        assert set(binding) <= set(header)
        for term in binding.values():
            assert term["type"] in ("uri", "literal", "bnode") and isinstance(term["value"], str), term
    assert any(b.get("value", {}).get("value") == "62.8" for b in bindings), bindings


def test_query_json_keeps_iris_and_datatypes(dezhou_graph: Path, tmp_path: Path) -> None:
    """W3C SPARQL 1.1 results JSON: an IRI is {"type": "uri"}, a typed literal carries its "datatype"."""
    sparql = (
        "PREFIX dz: <https://w3id.org/dzkg/ontology#> "
        "PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#> "
        "SELECT ?obs ?value WHERE { ?obs a dz:MetricObservation ; sdmx-measure:obsValue ?value } "
        "ORDER BY ?obs LIMIT 3"
    )
    result = dzkg("query", "-e", sparql, "--graph", dezhou_graph, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, show(result)
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert len(bindings) == 3
    for binding in bindings:
        assert binding["obs"]["type"] == "uri", f"an IRI reported as {binding['obs']}"
        assert binding["value"]["type"] == "literal"
        assert binding["value"].get("datatype") == "http://www.w3.org/2001/XMLSchema#decimal", binding["value"]


def test_query_table_aligns_chinese_columns(dezhou_graph: Path, tmp_path: Path) -> None:
    result = dzkg("query", "ranks-first-in-province", "--graph", dezhou_graph, "--format", "table", cwd=tmp_path)
    assert result.returncode == 0, show(result)
    lines = result.stdout.rstrip("\n").split("\n")
    assert len(lines) >= 3 and "德州市" in result.stdout, show(result)
    widths = {display_width(line) for line in lines}
    assert len(widths) == 1, [(display_width(line), line) for line in lines]
    # columns line up: every column of the header starts at the same display offset as the dashes under it
    dash_starts = [m.start() for m in re.finditer(r"-+", lines[1])]
    for line in lines[2:]:
        for start in dash_starts[1:]:
            assert display_width(line[: _index_at_width(line, start)]) == start, line


def _index_at_width(line: str, width: int) -> int:
    total = 0
    for index, ch in enumerate(line):
        if total >= width:
            return index
        total += display_width(ch)
    return len(line)


@pytest.mark.parametrize(
    ("sparql", "needle"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "refused"),
        ("INSERT DATA { <a:b> <a:c> <a:d> }", ""),
        ("SELECT * WHERE { ?s ?p ", ""),
    ],
    ids=["service", "insert", "malformed"],
)
def test_query_refuses_remote_updates_and_malformed_sparql(
    sparql: str, needle: str, dezhou_graph: Path, tmp_path: Path
) -> None:
    before = dezhou_graph.read_bytes()
    result = dzkg("query", "-e", sparql, "--graph", dezhou_graph, cwd=tmp_path)
    assert result.returncode == 2, show(result)
    assert "Traceback" not in result.stderr, show(result)
    assert result.stderr.strip(), "no message on stderr"
    assert needle in result.stderr, show(result)
    assert result.stdout == ""
    assert dezhou_graph.read_bytes() == before
    count = dzkg("query", "-e", "ASK { <a:b> <a:c> <a:d> }", "--graph", dezhou_graph, "--format", "csv", cwd=tmp_path)
    assert count.stdout.splitlines()[-1] == "false", show(count)


# ---------------------------------------------------------------------------------------------- export, explain, eval


def test_export_facts_csv_quotes_anchor_and_jsonl_matches(dezhou_graph: Path, tmp_path: Path) -> None:
    out_csv, out_jsonl = tmp_path / "facts.csv", tmp_path / "facts.jsonl"
    result = dzkg("export", "facts", "--format", "csv", "-o", out_csv, "--graph", dezhou_graph, cwd=tmp_path)
    assert result.returncode == 0, show(result)
    text = out_csv.read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == FACT_COLUMNS
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) >= 55
    briefing = read_briefing(DEZHOU).text
    for row in rows:
        assert row["doc"] == DEZHOU_ID
        start, end = int(row["start"]), int(row["end"])
        assert briefing[start:end] == row["quote"], (row["iri"], start, end, row["quote"], briefing[start:end])
    result = dzkg("export", "facts", "--format", "jsonl", "-o", out_jsonl, "--graph", dezhou_graph, cwd=tmp_path)
    assert result.returncode == 0, show(result)
    records = [json.loads(line) for line in out_jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(rows)
    assert [r["iri"] for r in records] == [r["iri"] for r in rows]
    assert list(records[0]) == FACT_COLUMNS.split(",")


def test_explain_text_prints_the_sentence(dezhou_graph: Path, tmp_path: Path) -> None:
    result = dzkg("explain", "62.8%", "--graph", dezhou_graph, cwd=tmp_path)
    assert result.returncode == 0, show(result)
    records = explain_records(result.stdout)
    assert records, show(result)
    hits = [r for r in records if r[4] == "62.8%"]
    assert hits, records
    assert all("62.8%" in sentence and sentence.endswith("。") for *_, sentence in hits), hits


def test_explain_iri_from_the_fact_sheet_prints_its_quote(dezhou_graph: Path, tmp_path: Path) -> None:
    sheet = dzkg("export", "facts", "--graph", dezhou_graph, "--format", "csv", cwd=tmp_path)
    assert sheet.returncode == 0, show(sheet)
    row = next(r for r in csv.DictReader(io.StringIO(sheet.stdout)) if r["rank"] == "1")
    result = dzkg("explain", row["iri"], "--graph", dezhou_graph, cwd=tmp_path)
    assert result.returncode == 0, show(result)
    assert row["quote"] in result.stdout
    records = explain_records(result.stdout)
    assert records and all(r[0] == row["iri"] for r in records), result.stdout
    text = read_briefing(DEZHOU).text
    for _iri, doc, start, end, quote, sentence in records:
        assert doc == DEZHOU_ID
        assert text[start:end] == quote
        assert int(row["start"]) <= start and end <= int(row["end"]), (row, start, end)
        assert row["quote"] in sentence


def test_eval_on_gold_reaches_the_targets(dezhou_graph: Path, tmp_path: Path) -> None:
    gold = GOLD_DIR / f"{DEZHOU_ID}.jsonl"
    result = dzkg("eval", gold, "--graph", dezhou_graph, "--sources", DEZHOU_DIR, "--json", cwd=tmp_path)
    assert result.returncode == 0, show(result)
    scores = json.loads(result.stdout)
    assert scores["gold"] >= 55
    assert scores["precision"] >= 0.97 and scores["recall"] >= 0.97, scores


# ---------------------------------------------------------------------------------------------- view


EXTERNAL_ATTR = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//", re.I)
EXTERNAL_CSS = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)


def assert_offline(html: str) -> None:
    assert not EXTERNAL_ATTR.findall(html), EXTERNAL_ATTR.findall(html)[:5]
    assert not EXTERNAL_LINK.findall(html), EXTERNAL_LINK.findall(html)[:5]
    assert not EXTERNAL_CSS.findall(html), EXTERNAL_CSS.findall(html)[:5]
    assert "vis.Network" in html


def test_view_writes_one_offline_html(dezhou_graph: Path, tmp_path: Path) -> None:
    output = tmp_path / "view" / "OUT.html"
    result = dzkg("view", "--graph", dezhou_graph, "-o", output, cwd=tmp_path)
    assert result.returncode == 0, show(result)
    assert [p.name for p in output.parent.iterdir()] == ["OUT.html"]
    html = output.read_text(encoding="utf-8")
    assert_offline(html)
    data = re.search(r'<script type="application/json" id="dzkg-data">(.*?)</script>', html, re.S)
    assert data, "no embedded JSON data block"
    nodes = json.loads(data[1])["nodes"]
    assert any(node["hant"] == "德州市" for node in nodes), "the Dezhou node is missing from the embedded JSON"


def test_view_escapes_hostile_briefing_strings(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil-2025-09-01.txt").write_text(
        "德州市推進產業發展\n來源:測試 日期:2025-09-01\n"
        "近日,德州市印發《<script>alert(1)</script>》,全市新增省級綠色工廠12家。\n"
        "<img src=x onerror=alert(1)>有限公司入選2024年國家水效領跑者,1—7月全市規上工業增加值同比增長8.5%。\n",
        encoding="utf-8",
    )
    hostile = "</script><script>alert(2)</script>"
    meta = {"id": "evil-2025-09-01", "title": hostile, "published": "2025-09-01", "publisher": hostile}
    (folder / "evil-2025-09-01.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    graph = tmp_path / "out" / "dzkg.trig"
    built = dzkg("build", folder, "-o", graph, cwd=tmp_path)
    assert built.returncode == 0, show(built)
    output = tmp_path / "view.html"
    result = dzkg("view", "--graph", graph, "-o", output, cwd=tmp_path)
    assert result.returncode == 0, show(result)
    html = output.read_text(encoding="utf-8")
    assert "alert(1)" in html, "the hostile strings never reached the page, so the test proves nothing"
    for raw in ("<script>alert", "</script><script>", "<img src=x"):
        assert raw not in html, f"unescaped {raw!r} in the view"
    assert_offline(html)
