"""The notebooks in notebooks/ run top to bottom, fresh, in the project's environment, and show what they promise.

Each notebook is executed with nbclient on the `python3` kernel (ipykernel of this interpreter: the venv's), with
the notebooks folder as working directory and DZKG_NOTEBOOK_OUT pointing at a temporary folder, so nothing is
written into the repository. Any cell error fails; so does a chart whose Chinese labels would show as boxes
(matplotlib's "Glyph … missing from font" warning). Missing nbclient/ipykernel or the Noto Sans CJK font fail
the run with the way to install them: nothing here is skipped. The stored notebooks are checked to be small,
without outputs, and to call only dzkg's public API.
"""

from __future__ import annotations

import csv
import html
import importlib
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = ["01_build_and_validate", "02_questions", "03_network", "04_provenance_and_quality"]
ANSWERS = ROOT / "tests" / "queries"
CELL_TIMEOUT = 180
"""Seconds one cell may take (the slowest, SHACL validation, takes a few)."""
MAX_BYTES = 30_000
PUBLIC_MODULES = {"network", "notebook", "view"}
"""dzkg's modules a notebook may use besides the functions of `dzkg.__all__` (their public names only)."""
FONT_PROBLEMS = re.compile(r"missing from (?:current )?font|findfont: ", re.I)

Notebook = Any  # nbformat.NotebookNode


def _require(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        pytest.fail(
            f"{module} is not installed: the notebook tests need the notebooks extra "
            "(.venv/bin/pip install -e '.[dev,notebooks,export]', or run `make test`)",
            pytrace=False,
        )


def _require_cjk_font() -> None:
    from matplotlib import font_manager

    if not any("NotoSansCJK" in Path(path).name for path in font_manager.findSystemFonts()):
        pytest.fail(
            "the Noto Sans CJK font is missing: the notebooks' charts label in Chinese. Install the Debian package "
            "fonts-noto-cjk (scripts/check-system-deps does it as root; `make test` runs that script)",
            pytrace=False,
        )


def _execute(path: Path) -> Notebook | str:
    """The executed notebook, or the error as text."""
    nbformat = _require("nbformat")
    nbclient = _require("nbclient")
    _require("ipykernel")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    began = time.monotonic()
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        return f"{path.name} failed:\n{exc}"
    except Exception as exc:  # no kernel, a dead kernel, a timeout: say which notebook
        return f"{path.name} could not be executed: {type(exc).__name__}: {exc}"
    notebook.metadata["seconds"] = round(time.monotonic() - began, 1)
    return notebook


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Notebook]]:
    """`run(stem)`: the notebook executed fresh (once per module run)."""
    _require("nbformat")
    _require("nbclient")
    _require("ipykernel")
    _require_cjk_font()
    out = tmp_path_factory.mktemp("notebook-output")
    done: dict[str, Notebook | str] = {}
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DZKG_NOTEBOOK_OUT", str(out))  # the kernel inherits it: builds go here, not into build/
        env.delenv("MPLBACKEND", raising=False)  # the inline backend draws the PNG outputs

        def run(stem: str) -> Notebook:
            if stem not in done:
                done[stem] = _execute(NOTEBOOK_DIR / f"{stem}.ipynb")
            result = done[stem]
            if isinstance(result, str):
                pytest.fail(result, pytrace=False)
            return result

        yield run


def outputs(notebook: Notebook) -> Iterator[dict[str, Any]]:
    for cell in notebook.cells:
        if cell.cell_type == "code":
            yield from cell.outputs


def html_outputs(notebook: Notebook) -> list[str]:
    return [o["data"]["text/html"] for o in outputs(notebook) if "text/html" in o.get("data", {})]


def stdout(notebook: Notebook) -> str:
    return "".join(o["text"] for o in outputs(notebook) if o["output_type"] == "stream" and o["name"] == "stdout")


def answers(name: str) -> list[dict[str, str]]:
    with (ANSWERS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def in_tables(tables: list[str], text: str) -> bool:
    return any(html.escape(text, quote=False) in table for table in tables)


# ---------------------------------------------------------------------------------------------- stored form


def test_the_numbered_notebooks_are_there() -> None:
    stems = [p.stem for p in NOTEBOOKS]
    assert set(EXPECTED) <= set(stems), stems
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+", stem) for stem in stems), f"number every notebook: {stems}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_small_and_without_outputs(path: Path) -> None:
    size = path.stat().st_size
    assert size < MAX_BYTES, f"{path.name} is {size:,} bytes (limit {MAX_BYTES:,}): strip its outputs"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code, path.name
    for cell in code:
        assert cell["outputs"] == [], f"{path.name}: cell {cell.get('id')} is stored with outputs"
        assert cell["execution_count"] is None, f"{path.name}: cell {cell.get('id')} has an execution count"
    assert any(cell["cell_type"] == "markdown" for cell in notebook["cells"]), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_uses_only_the_public_api(path: Path) -> None:
    import dzkg

    notebook = json.loads(path.read_text(encoding="utf-8"))
    source = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    assert re.search(r"^import dzkg$", source, re.M), f"{path.name} does not import dzkg"
    assert not re.search(r"^\s*from dzkg", source, re.M), f"{path.name}: use `import dzkg` and dzkg.NAME"
    for module in re.findall(r"^\s*import dzkg\.(\w+)", source, re.M):
        assert module in PUBLIC_MODULES, f"{path.name} imports dzkg.{module}"
    used = re.sub(r"^\s*import dzkg.*$", "", source, flags=re.M)
    for name, attribute in re.findall(r"(?<![\w\"'./-])dzkg\.(\w+)(?:\.(\w+))?", used):  # not "dzkg.trig"
        if name in PUBLIC_MODULES:
            assert attribute and not attribute.startswith("_"), f"{path.name}: dzkg.{name}.{attribute}"
        else:
            assert name in dzkg.__all__, f"{path.name} uses dzkg.{name}, which is not in dzkg.__all__"


# ---------------------------------------------------------------------------------------------- executed fresh


@pytest.mark.parametrize("stem", [p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_draws_with_a_chinese_font(stem: str, executed: Callable[[str], Notebook]) -> None:
    before = sorted(p.name for p in NOTEBOOK_DIR.iterdir())
    notebook = executed(stem)
    assert sorted(p.name for p in NOTEBOOK_DIR.iterdir()) == before, "a notebook wrote into notebooks/"
    found = list(outputs(notebook))
    assert not [o for o in found if o["output_type"] == "error"], stem
    pictures = [o["data"]["image/png"] for o in found if "image/png" in o.get("data", {})]
    assert pictures, f"{stem} draws no chart (image/png output)"
    assert all(p.replace("\n", "").startswith("iVBORw0KGgo") for p in pictures), "not a PNG"
    stderr = "".join(o["text"] for o in found if o["output_type"] == "stream" and o["name"] == "stderr")
    assert not FONT_PROBLEMS.search(stderr), f"{stem}: a chart lacks glyphs:\n{stderr[:2000]}"
    assert "Traceback" not in stderr, stderr[:2000]
    print(f"{stem}: {notebook.metadata['seconds']} s, {len(pictures)} charts")


def test_01_shows_size_shacl_report_and_one_figure_with_its_span(executed: Callable[[str], Notebook]) -> None:
    notebook = executed("01_build_and_validate")
    printed = stdout(notebook)
    assert "conforms: True (0 violations" in printed, printed
    assert "text[1514:1523] = 116.8億千瓦時" in printed, printed
    tables = html_outputs(notebook)
    assert in_tables(tables, "MetricObservation") and in_tables(tables, "dz:rankScope"), "no size or figure table"


def test_02_answers_the_named_questions_as_tables(executed: Callable[[str], Notebook]) -> None:
    notebook = executed("02_questions")
    tables = [t for t in html_outputs(notebook) if '<table border="1" class="dataframe' in t]
    assert len(tables) >= 6, f"only {len(tables)} DataFrames shown"
    assert in_tables(tables, "ranks-first-in-province") and in_tables(tables, "investment-completed")
    for row in answers("ranks-first-in-province"):
        assert in_tables(tables, row["quote"]) and in_tables(tables, row["indicator"]), row
    for row in answers("investment-completed"):
        if row["start_date"] == "2025-01-01" and row["end_date"] == "2025-07-31":
            assert in_tables(tables, row["part"]) and in_tables(tables, row["quote"]), row
    assert "total, January–July 2025: 255.51 億元" in stdout(notebook)
    for row in answers("pilots-by-level"):
        assert in_tables(tables, row["programme"]), row
    assert sum("image/png" in o.get("data", {}) for o in outputs(notebook)) >= 4, "a chart per answer"


def test_03_shows_the_view_inline_and_the_network_analysis(executed: Callable[[str], Notebook]) -> None:
    notebook = executed("03_network")
    views = [t for t in html_outputs(notebook) if '<iframe id="dzkg-frame-' in t]
    assert views, "no inline view (dzkg.notebook.show)"
    for view in views:
        assert 'sandbox="allow-scripts"' in view and 'srcdoc="' in view
        assert "vis.Network" in html.unescape(view), "the view's page is not in the iframe"
    tables = html_outputs(notebook)
    assert in_tables(tables, "德州市"), "no centrality table"
    assert in_tables(tables, "地熱能") and in_tables(tables, "新材料"), "no pillar bridges"
    assert "modularity:" in stdout(notebook)


def test_04_traces_figures_and_reports_precision_and_recall(executed: Callable[[str], Notebook]) -> None:
    notebook = executed("04_provenance_and_quality")
    printed = stdout(notebook)
    assert re.search(r"all \d+ quotes are found at their offsets", printed), printed
    scores = {name: float(value) for name, value in re.findall(r"^(precision|recall) ([0-9.]+)$", printed, re.M)}
    assert scores.keys() == {"precision", "recall"}, printed
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.95, scores
    tables = html_outputs(notebook)
    assert in_tables(tables, "全市完成固定資產投資120億元"), "no fact stated twice in the demo briefing"
    assert re.search(r"^\d+ names awaiting review$", printed, re.M) and in_tables(tables, "Indicator"), printed
