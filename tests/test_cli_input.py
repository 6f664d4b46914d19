"""What the command line accepts: outputs that would destroy an input or land somewhere odd, parameters that
bind nothing or are not RDF terms, query files that are not UTF-8, and `explain` needles. Each is exit 2 with
the reason, never a traceback, and leaves the files as they were (found by a new-user review of the CLI)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from dzkg import api
from tests.cli_helpers import dzkg, show

from .conftest import DEZHOU_DIR


def _tree(folder: Path) -> dict[str, str]:
    files = (p for p in folder.rglob("*") if p.is_file())
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _refused(result, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == 2 and "Traceback" not in result.stderr, show(result)
    for needle in needles:
        assert needle in result.stderr, show(result)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "有 空格"
    shutil.copytree(DEZHOU_DIR, folder)
    return folder


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("有 空格/dezhou-2025-09-03.txt", "a later build would read it as a briefing"),
        ("有 空格/new.txt", "a later build would read it as a briefing"),
        ("-", "give its path, not -"),
        ("out/", "names a directory"),
        ("/dev/null", "/dev/null: cannot write here: a device"),
    ],
)
def test_a_build_output_that_is_an_input_or_not_a_file_is_refused(
    output: str, reason: str, sources: Path, tmp_path: Path
) -> None:
    before = _tree(tmp_path)
    _refused(dzkg("build", sources, "-o", output, cwd=tmp_path), reason)
    assert _tree(tmp_path) == before


def test_an_input_given_as_the_output_by_another_name_is_refused(sources: Path, tmp_path: Path) -> None:
    text = sources / "notes.md"
    shutil.copy(sources / "dezhou-2025-09-03.txt", text)
    before = _tree(tmp_path)
    _refused(dzkg("build", text, "-o", text, cwd=tmp_path), "would overwrite its input")
    assert _tree(tmp_path) == before


def test_a_meta_file_given_as_a_briefing_says_so(sources: Path, tmp_path: Path) -> None:
    _refused(dzkg("build", sources / "dezhou-2025-09-03.meta.json", "-o", "g.trig", cwd=tmp_path), "a meta file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["有 空格"]


def test_a_failed_build_leaves_no_new_cache(sources: Path, tmp_path: Path) -> None:
    (sources / "gbk.txt").write_bytes("德州市".encode("gb18030"))
    _refused(dzkg("build", sources, "-o", "g.trig", cwd=tmp_path), "gbk.txt:1:1: not valid UTF-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["有 空格"]


def test_jobs_must_be_at_least_one(sources: Path, tmp_path: Path) -> None:
    for jobs in ("0", "-3", "two"):
        _refused(dzkg("build", sources, "-j", jobs, "-o", "g.trig", cwd=tmp_path), "-j/--jobs")


@pytest.mark.parametrize(
    ("param", "reason"),
    [
        ("n=http://x y", "parameter ?n: 'http://x y' is not a valid IRI or literal"),
        ("n=<not an iri>", "parameter ?n:"),
        ('n="a"@en-', "parameter ?n:"),
        ("N=3", "parameter ?N: the query has no such variable"),
        ("zzz=1", "parameter ?zzz: the query has no such variable"),
    ],
)
def test_parameters_that_bind_nothing_or_are_not_terms_are_refused(
    param: str, reason: str, dezhou_graph: Path, tmp_path: Path
) -> None:
    _refused(dzkg("query", "ranks-in-top-n", "--graph", dezhou_graph, "--param", param, cwd=tmp_path), reason)


def test_a_parameter_given_twice_is_refused(dezhou_graph: Path, tmp_path: Path) -> None:
    result = dzkg("query", "ranks-in-top-n", "--graph", dezhou_graph, "--param", "n=3", "--param", "n=5", cwd=tmp_path)
    _refused(result, "--param n is given twice")
    assert dzkg("query", "ranks-in-top-n", "--graph", dezhou_graph, "--param", "n=3", cwd=tmp_path).returncode == 0


def test_a_query_file_that_is_not_utf8_names_its_line(dezhou_graph: Path, tmp_path: Path) -> None:
    query = tmp_path / "問題.rq"
    query.write_bytes("SELECT * WHERE { ?s ?p ?o }\n# 德州\n".encode("gb18030"))
    _refused(dzkg("query", query, "--graph", dezhou_graph, cwd=tmp_path), f"{query}:2: not valid UTF-8")
    query.write_bytes("\ufeffASK { ?s ?p ?o }\n".encode())  # a BOM is not part of the query
    result = dzkg("query", query, "--graph", dezhou_graph, "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == "true", show(result)


def test_explain_looks_in_clauses_first_and_refuses_nothing_or_a_bad_iri(dezhou_graph: Path, tmp_path: Path) -> None:
    rows = api.explain("62.8%", graph=dezhou_graph)
    assert len(rows) == 2 and all("62.8%" in row["quote"] for row in rows), rows
    in_sentences = api.explain("深入貫徹", graph=dezhou_graph)  # in no clause: the facts of its sentence
    assert in_sentences and all("深入貫徹" in row["sentence"] for row in in_sentences), in_sentences
    _refused(dzkg("explain", "", "--graph", dezhou_graph, cwd=tmp_path), "give an IRI, or text")
    _refused(dzkg("explain", "http://x y", "--graph", dezhou_graph, cwd=tmp_path), "is not a valid IRI")


def test_dash_is_standard_output_for_export_and_refused_for_view(dezhou_graph: Path, tmp_path: Path) -> None:
    plain = dzkg("export", "facts", "--graph", dezhou_graph, cwd=tmp_path)
    dash = dzkg("export", "facts", "--graph", dezhou_graph, "-o", "-", cwd=tmp_path)
    assert plain.returncode == dash.returncode == 0 and dash.stdout == plain.stdout and "62.8" in plain.stdout
    _refused(dzkg("view", "--graph", dezhou_graph, "-o", "-", cwd=tmp_path), "give its path, not -")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
