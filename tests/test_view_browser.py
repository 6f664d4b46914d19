"""The network view in a real browser (Playwright driving Debian's chromium, headless): it opens offline with no
request outside the file and no page error, draws every entity, shows a node's or an edge's sentence with the
number marked, finds nodes in either script, switches labels and classes, keeps a hostile briefing inert on
load, hover and click, renders inside a notebook iframe, and gets ready fast (Dezhou and a 2,000-entity corpus).

Readiness figures are printed (`pytest -s` shows them); the asserted bounds are generous so CI is not flaky.
Without chromium or the `playwright` package the tests are skipped, except in CI (CI set) or as root on Debian,
where they fail naming what is missing (scripts/check-system-deps installs chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dzkg import api, notebook, view
from dzkg.normalize import to_simplified
from dzkg.sparql import run

from .conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL = ("file:", "data:", "blob:", "about:")
DEZHOU_CITY = "https://w3id.org/dzkg/id/place/371400"
READY_DEZHOU_S, READY_LARGE_S = 2.0, 5.0
"""The targets (printed next to the measured seconds); the tests assert only GENEROUS_S."""
GENEROUS_S = 15.0
CORPUS_BRIEFINGS = 200
"""benchmarks/corpus.py: 200 briefings give 2,141 entities (180 gave 2,074 before the extraction fixes of
2026-11-27, and 1,998 after them)."""


def _missing(what: str) -> None:
    on_debian_as_root = os.geteuid() == 0 and Path("/etc/debian_version").exists()
    if os.environ.get("CI") or on_debian_as_root:
        pytest.fail(f"browser tests need {what} (scripts/check-system-deps; pip install -e '.[dev]')", pytrace=False)
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the Python package playwright")
    if not Path(CHROMIUM).is_file():
        _missing(f"chromium ({CHROMIUM}; Debian package chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@dataclass
class Opened:
    page: Any
    seconds: float
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: object = None) -> Any:
        return self.page.evaluate(expression, arg)


def open_view(browser: Any, html: Path, *, width: int = 1280, height: int = 800) -> Opened:
    """Load `html` offline, every request routed: anything not file:/data:/blob:/about: is counted and aborted."""
    context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
    page = context.new_page()
    opened = Opened(page, 0.0)
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else opened.outside.append(r.url))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL) else route.abort())
    start = time.perf_counter()
    page.goto(html.resolve().as_uri())
    page.wait_for_function("window.dzkgReady === true", timeout=60_000)
    opened.seconds = time.perf_counter() - start
    return opened


def entity_count(graph: Path) -> int:
    classes = " ".join(f"dz:{c}" for c in view.ENTITY_CLASSES)
    sparql = (
        "PREFIX dz: <https://w3id.org/dzkg/ontology#> SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { "
        f'VALUES ?class {{ {classes} }} ?x a ?class . FILTER(STRSTARTS(STR(?x), "https://w3id.org/dzkg/id/")) }}'
    )
    return int(run(api.open_graph(graph), sparql).dicts()[0]["n"])


def write_view(graph: Path, output: Path, *extra: str) -> Path:
    """`dzkg view` as a subprocess (the command a user runs)."""
    env = {**os.environ, "PYTHONUTF8": "1"}
    command = [sys.executable, "-m", "dzkg", "view", "--graph", str(graph), "-o", str(output), *extra]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def dezhou_view(dezhou_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_view(dezhou_graph, tmp_path_factory.mktemp("view") / "view.html")


def assert_clean(opened: Opened) -> None:
    assert opened.outside == [], f"requests outside the file: {opened.outside[:5]}"
    assert opened.errors == [], f"page errors: {opened.errors[:5]}"
    assert opened.dialogs == [], f"dialogs fired: {opened.dialogs}"


def click_node(opened: Opened, node: str) -> None:
    """A real mouse click on the node: bring it to the middle, then click where the canvas draws it."""
    opened.js("id => window.dzkgNetwork.focus(id, {scale: 1.6, animation: false})", node)
    opened.page.wait_for_timeout(50)
    point = opened.js("id => window.dzkgNetwork.canvasToDOM(window.dzkgNetwork.getPosition(id))", node)
    assert opened.js("p => window.dzkgNetwork.getNodeAt(p)", point) == node, "another node covers it"
    box = opened.page.locator("#dzkg-net canvas").bounding_box()
    opened.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def detail(opened: Opened) -> dict[str, Any]:
    return opened.js(
        "() => { const d = document.getElementById('dzkg-detail');"
        " return {text: d.textContent, marks: [...d.querySelectorAll('mark')].map(m => m.textContent),"
        " title: (d.querySelector('h3') || {}).textContent}; }"
    )


# ---------------------------------------------------------------------------------------------- Dezhou


def test_dezhou_view_loads_offline_complete_and_fast(browser: Any, dezhou_view: Path, dezhou_graph: Path) -> None:
    opened = open_view(browser, dezhou_view)
    print(f"\nDezhou view ready in {opened.seconds:.2f} s (target {READY_DEZHOU_S} s); "
          f"in-page {opened.js('window.dzkgReadyMs'):.0f} ms after navigation start")  # fmt: skip
    assert_clean(opened)
    drawn = opened.js("window.dzkgNetwork.body.data.nodes.length")
    assert drawn == entity_count(dezhou_graph) == len(opened.js("window.dzkgData.nodes")) > 100
    assert opened.js("window.dzkgNetwork.body.data.nodes.get({filter: n => n.hidden}).length") == 0
    assert opened.js("window.dzkgNetwork.physics.options.enabled") is False, "positions must be precomputed"
    assert opened.seconds < GENEROUS_S
    positions = opened.js("Object.values(window.dzkgNetwork.getPositions())")
    assert len({(round(p["x"]), round(p["y"])) for p in positions}) > 0.95 * drawn, "nodes stacked on each other"


def test_clicking_a_node_shows_its_sentence_with_the_number_marked(browser: Any, dezhou_view: Path) -> None:
    opened = open_view(browser, dezhou_view)
    node = opened.js(
        "() => { const d = window.dzkgData; const i = d.facts.findIndex(f => f.value === '62.8');"
        " return d.nodes.find(n => n.cls === 'Indicator' && n.facts.includes(i)).id; }"
    )
    click_node(opened, node)
    shown = detail(opened)
    assert "新能源發電量占全社會用電量比重" in shown["text"] and "居全省第一位" in shown["text"], shown
    assert "62.8%" in shown["marks"], shown["marks"]
    assert "山東省" in shown["text"] and "#1" in shown["text"]  # the rank and its scope
    click_node(opened, DEZHOU_CITY)
    shown = detail(opened)
    assert shown["title"] == "德州市" and "62.8%" in shown["marks"] and "德州" in shown["marks"], shown["marks"][:9]
    assert_clean(opened)


def test_clicking_an_edge_shows_both_ends_and_their_sentence(browser: Any, dezhou_view: Path) -> None:
    opened = open_view(browser, dezhou_view)
    found = opened.js(
        """city => { const net = window.dzkgNetwork, d = window.dzkgData;
          for (let i = 0; i < d.edges.length; i++) { const e = d.edges[i];
            if (e.label !== 'measured in' || e.to !== city) continue;
            net.focus(e.from, {scale: 1.2, animation: false});
            const a = net.getPosition(e.from), b = net.getPosition(e.to);
            const p = net.canvasToDOM({x: a.x + (b.x - a.x) * 0.3, y: a.y + (b.y - a.y) * 0.3});
            if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === i) return {i, p}; }
          return null; }""",
        DEZHOU_CITY,
    )
    assert found, "no clickable 'measured in' edge"
    box = opened.page.locator("#dzkg-net canvas").bounding_box()
    opened.page.mouse.click(box["x"] + found["p"]["x"], box["y"] + found["p"]["y"])
    shown = detail(opened)
    assert "measured in" in shown["text"] or "測量地區" in shown["text"], shown
    assert "德州市" in shown["text"] and shown["marks"], shown
    assert_clean(opened)


@pytest.mark.parametrize("query", ["德州市", to_simplified("德州市"), "齐河县", "齊河縣", "齐河縣", "Dezhou", "qihe"])
def test_search_finds_nodes_by_traditional_simplified_or_english_label(
    browser: Any, dezhou_view: Path, query: str
) -> None:
    opened = open_view(browser, dezhou_view)
    opened.page.fill("#dzkg-search", query)
    results = opened.js("[...document.querySelectorAll('#dzkg-results button')].map(b => b.textContent)")
    expected = "齊河縣" if query.lower() in ("齐河县", "齊河縣", "齐河縣", "qihe") else "德州市"
    assert any(r.startswith(expected) for r in results), (query, results)
    opened.page.press("#dzkg-search", "Enter")
    assert detail(opened)["title"] == expected
    assert_clean(opened)


def test_a_figure_and_its_sentence_in_two_steps(browser: Any, dezhou_view: Path) -> None:
    """Type 62.8 in the search box, press Enter: the panel shows the sentence with 62.8% marked."""
    opened = open_view(browser, dezhou_view)
    opened.page.fill("#dzkg-search", "62.8")
    opened.page.press("#dzkg-search", "Enter")
    shown = detail(opened)
    assert shown["title"] == "新能源發電量占全社會用電量比重" and "62.8%" in shown["marks"], shown
    assert "居全省第一位" in shown["text"]
    assert_clean(opened)


def test_language_switch_and_class_filters(browser: Any, dezhou_view: Path) -> None:
    opened = open_view(browser, dezhou_view)
    label = "id => window.dzkgNetwork.body.data.nodes.get(id).label"
    assert opened.js(label, DEZHOU_CITY) == "德州市"
    opened.page.select_option("#dzkg-lang", "en")
    assert opened.js(label, DEZHOU_CITY) == "Dezhou"
    opened.page.select_option("#dzkg-lang", "zh-Hans")
    assert opened.js(label, DEZHOU_CITY) == "德州市"
    hidden = "cls => window.dzkgNetwork.body.data.nodes.get({filter: n => n.hidden}).length"
    indicators = opened.js("window.dzkgData.nodes.filter(n => n.cls === 'Indicator').length")
    opened.page.locator("#dzkg-legend label", has_text="Indicator").locator("input").uncheck()
    assert opened.js(hidden, None) == indicators > 10
    opened.page.locator("#dzkg-legend label", has_text="Indicator").locator("input").check()
    assert opened.js(hidden, None) == 0
    assert_clean(opened)


# ---------------------------------------------------------------------------------------------- hostile input


HOSTILE = "</script><script>alert(2)</script>"


@pytest.fixture(scope="module")
def hostile_view(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("evil")
    (folder / "evil-2025-09-01.txt").write_text(
        "德州市推進產業發展\n來源:測試 日期:2025-09-01\n"
        "近日,德州市印發《<script>alert(1)</script>》,全市新增省級綠色工廠12家。\n"
        "<img src=x onerror=alert(1)>有限公司入選2024年國家水效領跑者,1—7月全市規上工業增加值同比增長8.5%。\n",
        encoding="utf-8",
    )
    meta = {"id": "evil-2025-09-01", "title": HOSTILE, "published": "2025-09-01", "publisher": HOSTILE}
    (folder / "evil-2025-09-01.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    graph = folder / "out" / "dzkg.trig"
    api.build([folder], output=graph)
    return write_view(graph, folder / "view.html")


def test_hostile_briefing_stays_inert_on_load_hover_and_click(browser: Any, hostile_view: Path) -> None:
    opened = open_view(browser, hostile_view)
    nodes = opened.js("window.dzkgData.nodes.map(n => n.id)")
    hostile = opened.js("window.dzkgData.nodes.filter(n => /[<>]/.test(n.hant || '')).map(n => n.id)")
    assert hostile, "the payload never became a node label, so this test proves nothing"
    box = opened.page.locator("#dzkg-net canvas").bounding_box()
    for node in nodes:
        opened.js("id => window.dzkgNetwork.focus(id, {scale: 1.5, animation: false})", node)
        point = opened.js("id => window.dzkgNetwork.canvasToDOM(window.dzkgNetwork.getPosition(id))", node)
        opened.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])  # hover
        opened.page.wait_for_timeout(30)
        opened.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        opened.js("id => window.dzkgSelect(id)", node)
    opened.page.locator("#dzkg-sources").click()  # open the briefings list (meta title and publisher)
    opened.page.fill("#dzkg-search", "<script")
    opened.page.press("#dzkg-search", "Enter")
    page_text = opened.js("document.body.innerText")
    assert "alert(1)" in page_text and "alert(2)" in page_text, "the payload is shown as text"
    assert opened.js("document.querySelectorAll('img').length") == 0
    assert opened.js("document.querySelectorAll('[onerror]').length") == 0
    scripts = opened.js("[...document.scripts].map(s => s.textContent.slice(0, 40))")
    assert len(scripts) == 3 and not any("alert" in s for s in scripts), scripts
    assert opened.js("typeof window.alert") == "function"
    assert_clean(opened)


# ---------------------------------------------------------------------------------------------- notebook


def test_notebook_iframes_render_side_by_side(browser: Any, dezhou_graph: Path, tmp_path: Path) -> None:
    store = api.open_graph(dezhou_graph)
    first, second = notebook.markup(store, height=400), notebook.markup(store, lang="en", height=400)
    html = tmp_path / "notebook.html"
    html.write_text(f"<!DOCTYPE html><html><body>{first}{second}</body></html>", encoding="utf-8")
    context = browser.new_context(offline=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html.as_uri())
    frames = page.locator("iframe.dzkg-frame")
    assert frames.count() == 2
    ids = [frames.nth(i).get_attribute("id") for i in range(2)]
    assert len(set(ids)) == 2, ids
    for index, frame in enumerate(page.frames[1:]):
        frame.wait_for_function("window.dzkgReady === true", timeout=30_000)
        assert frame.evaluate("window.dzkgNetwork.body.data.nodes.length") > 100
        city = frame.evaluate("id => window.dzkgNetwork.body.data.nodes.get(id).label", DEZHOU_CITY)
        assert city == ("德州市" if index == 0 else "Dezhou")
    assert errors == []


# ---------------------------------------------------------------------------------------------- scale


@pytest.mark.slow
def test_a_2000_entity_view_starts_aggregated_and_ready_fast(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("corpus")
    generate(folder / "briefings", CORPUS_BRIEFINGS)
    graph = folder / "dzkg.trig"
    api.build([folder / "briefings"], output=graph)
    entities = entity_count(graph)
    assert entities >= 2000, f"{CORPUS_BRIEFINGS} briefings give only {entities} entities"
    start = time.perf_counter()
    html = write_view(graph, folder / "view.html")
    written = time.perf_counter() - start
    opened = open_view(browser, html)
    shown = opened.js("window.dzkgNetwork.body.data.nodes.get({filter: n => !n.hidden}).length")
    print(f"\n{entities}-entity view ({html.stat().st_size / 1e6:.1f} MB, written in {written:.1f} s) ready in "
          f"{opened.seconds:.2f} s (target {READY_LARGE_S} s), showing {shown} nodes first")  # fmt: skip
    assert_clean(opened)
    assert opened.js("window.dzkgNetwork.body.data.nodes.length") == entities
    assert shown == len(opened.js("window.dzkgData.initial")) < entities
    assert opened.seconds < GENEROUS_S
    start = time.perf_counter()
    opened.page.get_by_role("button", name="Show all").click()
    opened.page.wait_for_function("window.dzkgNetwork.body.data.nodes.get({filter: n => n.hidden}).length === 0")
    print(f"all {entities} entities shown in {time.perf_counter() - start:.2f} s")
    assert opened.js("window.dzkgSelect(window.dzkgSearch('德州市')[0])") is True
