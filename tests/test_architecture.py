"""Keep the design honest (DESIGN.md §1, STYLE.md) by reading the source with `ast`, without importing it:
stage order of every `dzkg.*` import, records-only stages, module hygiene, safe query files, `__all__`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "dzkg"
MAX_LINES = 420

# DESIGN.md §1: one direction. Rank 0 is shared by every stage and imports only rank 0 (plus stdlib/third party).
RANKS = {
    "errors": 0,
    "model": 0,
    "paths": 0,
    "normalize": 0,
    "namespace": 0,
    "iri": 0,
    "atomic": 0,
    "rdfterms": 0,
    "fingerprint": 0,
    "manifest": 0,
    "lexicon": 1,
    "read": 1,
    "extract": 2,
    "triples": 3,
    "store": 4,
    "sparql": 5,
    "facts": 6,
    "check": 6,
    "evaluate": 6,
    "view": 6,
    "ontodoc": 6,
    "export": 7,
    "builder": 7,
    "changes": 7,
    "network": 7,
    "notebook": 7,
    "push": 7,
    "serve_worker": 7,
    "api": 8,
    "serve": 8,
    "cli": 10,
    "cli_net": 9,
    "cli_args": 8,
    "cli_diff": 9,
    "__main__": 10,
}
RECORD_ONLY_FORBIDDEN = ("rdflib", "pyoxigraph", "oxrdflib", "pyshacl")
# `python -m dzkg` is the console script by another name: the one same-rank import outside a stage package.
ENTRY_POINT = ("dzkg.__main__", "dzkg.cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for name, path in MODULES.items()}


def rank(module: str) -> int | None:
    """The stage rank of `dzkg.X…`; the package itself counts as rank 0 (it only holds `__version__`)."""
    parts = module.split(".")
    if parts == ["dzkg"]:
        return 0
    return RANKS.get(parts[1])


STAGE_PACKAGES = ("dzkg.extract", "dzkg.triples")


def same_stage_package(module: str, target: str) -> bool:
    """Both inside one stage package (dzkg.extract or dzkg.triples): its modules may import each other."""
    return any(inside(module, p) and inside(target, p) for p in STAGE_PACKAGES)


def inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def is_package(module: str) -> bool:
    return MODULES.get(module, Path()).name == "__init__.py"


def imports(module: str, tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Every module `module` imports (at any depth, including inside functions), with its line.

    `from dzkg import paths` yields `dzkg.paths` (a submodule); `from dzkg import __version__` yields `dzkg`.
    Relative imports are resolved against `module`.
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = module.split(".") if is_package(module) else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            targets = {f"{base}.{alias.name}" for alias in node.names}
            for target in sorted({t if t in MODULES else base for t in targets}):
                yield target, node.lineno


def stage_violations(module: str, tree: ast.AST) -> list[str]:
    own = rank(module)
    problems = []
    for target, line in imports(module, tree):
        if target != "dzkg" and not target.startswith("dzkg."):
            continue
        theirs = rank(target)
        where = f"{MODULES.get(module, module)}:{line}: {module} (rank {own}) imports {target}"
        if own is None or theirs is None:
            problems.append(f"{where}: unranked module, add it to RANKS in tests/test_architecture.py")
        elif theirs > own:
            problems.append(f"{where} (rank {theirs}): a stage may import only stages above it (DESIGN.md §1)")
        elif (module, target) == ENTRY_POINT:
            continue
        elif theirs == own and own != 0 and not same_stage_package(module, target):
            problems.append(f"{where} (rank {theirs}): same-rank imports only inside one stage package or to rank 0")
    return problems


# ---------------------------------------------------------------------------------------------- stage order


def test_every_module_has_a_rank() -> None:
    unranked = [name for name in MODULES if rank(name) is None]
    assert not unranked, f"modules without a stage rank (add them to RANKS): {unranked}"


def test_the_checker_catches_upward_sideways_and_nested_imports() -> None:
    upward = ast.parse("def f():\n    from dzkg.triples import quads\n")
    assert stage_violations("dzkg.read", upward), "an import inside a function went unseen"
    assert "same-rank" in " ".join(stage_violations("dzkg.view", ast.parse("from dzkg import facts\n")))
    assert stage_violations("dzkg.model", ast.parse("import dzkg.lexicon\n")), "rank 0 imported rank 1"
    assert stage_violations("dzkg.extract.ranks", ast.parse("from . import text\nfrom ..model import Span\n")) == []
    assert stage_violations("dzkg.read", ast.parse("from dzkg.model import Span\nimport re\n")) == []
    assert stage_violations("dzkg.triples", ast.parse("from dzkg import __version__\n")) == []


@pytest.mark.parametrize("module", [m for m in MODULES if m != "dzkg"])
def test_imports_follow_the_stage_order(module: str) -> None:
    problems = stage_violations(module, TREES[module])
    assert not problems, "\n".join(problems)


def test_package_init_imports_the_api_lazily_only() -> None:
    """`import dzkg` stays cheap: its only dzkg import is `dzkg.api`, inside a function (the lazy facade)."""
    tree = TREES["dzkg"]
    owners = enclosing_functions(tree)
    found = [
        (target, node.lineno, owners[id(node)])
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for target, _ in imports("dzkg", node)
        if target.startswith("dzkg")
    ]
    assert {target for target, _, _ in found} <= {"dzkg.api"}, found
    eager = [line for _, line, functions in found if not functions]
    assert not eager, f"src/dzkg/__init__.py imports dzkg modules at import time (lines {eager})"


# ---------------------------------------------------------------------------------------------- records only


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m == "dzkg.read" or m.startswith("dzkg.extract")))
def test_read_and_extract_never_import_rdf_libraries(module: str) -> None:
    bad = [
        f"{MODULES[module]}:{line}: import {target}"
        for target, line in imports(module, TREES[module])
        if target.split(".")[0] in RECORD_ONLY_FORBIDDEN
    ]
    assert not bad, f"{module} builds records only, no RDF:\n" + "\n".join(bad)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if inside(m, "dzkg.triples")))
def test_triples_does_no_text_parsing(module: str) -> None:
    direct = {target for target, _ in imports(module, TREES[module])}
    assert "re" not in direct, f"{module} imports re: text parsing belongs to read/extract"
    assert "dzkg.read" not in direct, f"{module} imports dzkg.read: it maps records, it does not read text"


# ---------------------------------------------------------------------------------------------- hygiene


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_has_a_docstring(module: str) -> None:
    assert ast.get_docstring(TREES[module]), f"{MODULES[module]} has no module docstring"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines < MAX_LINES, f"{MODULES[module]} has {lines} lines (limit {MAX_LINES}): split it by stage"


def enclosing_functions(tree: ast.AST) -> dict[int, list[str]]:
    """For each node id, the names of the functions it sits in (outermost first)."""
    owners: dict[int, list[str]] = {}

    def visit(node: ast.AST, stack: list[str]) -> None:
        owners[id(node)] = stack
        inner = [*stack, node.name] if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else stack
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, [])
    return owners


def calls(tree: ast.AST) -> Iterator[tuple[str, ast.Call]]:
    """Every call as (dotted name, node): `print`, `sys.exit`, `builtins.eval` …"""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func, parts = node.func, []
            while isinstance(func, ast.Attribute):
                parts.append(func.attr)
                func = func.value
            if isinstance(func, ast.Name):
                parts.append(func.id)
                yield ".".join(reversed(parts)), node


def output_allowed(module: str, functions: list[str]) -> bool:
    return module in ("dzkg.cli", "dzkg.cli_net", "dzkg.cli_diff", "dzkg.__main__") or (
        module == "dzkg.ontodoc" and "main" in functions[:1]
    )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_print_or_exit_outside_the_cli(module: str) -> None:
    tree = TREES[module]
    owners = enclosing_functions(tree)
    bad = [
        f"{MODULES[module]}:{node.lineno}: {name}(…)"
        for name, node in calls(tree)
        if name in ("print", "sys.exit", "exit", "quit", "os._exit") and not output_allowed(module, owners[id(node)])
    ]
    assert not bad, "library code must return values, not print or exit:\n" + "\n".join(bad)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_eval_exec_or_star_imports(module: str) -> None:
    tree = TREES[module]
    bad = [
        f"{MODULES[module]}:{node.lineno}: {name}(…)"
        for name, node in calls(tree)
        if name in ("eval", "exec", "builtins.eval", "builtins.exec")
    ]
    bad += [
        f"{MODULES[module]}:{node.lineno}: from {node.module} import *"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)
    ]
    assert not bad, "\n".join(bad)


def test_output_rule_sees_prints_in_library_code() -> None:
    tree = ast.parse("def main():\n    print(1)\ndef helper():\n    print(2)\n")
    owners = enclosing_functions(tree)
    found = {node.lineno: output_allowed("dzkg.ontodoc", owners[id(node)]) for name, node in calls(tree)}
    assert found == {2: True, 4: False}
    assert not output_allowed("dzkg.view", [])


# ---------------------------------------------------------------------------------------------- query files


QUERY_FILES = sorted([*(PACKAGE / "queries").rglob("*.rq"), *(ROOT / "ontology" / "qc").glob("*.rq")])
_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)
_FORBIDDEN = re.compile(r"\bSERVICE\b|\bLOAD\b|\bFROM\s*(?:NAMED\s*)?<", re.I)


def without_comments_and_strings(sparql: str) -> str:
    """Blank comments and string literals; keep IRIs (a `#` inside <…#> is not a comment)."""
    return _TOKENS.sub(lambda m: m[0] if m[0].startswith("<") else " ", sparql)


def test_there_are_query_files() -> None:
    names = {p.stem for p in QUERY_FILES}
    assert {"fact-sheet", "ranks-first-in-province"} <= names
    assert any(name.endswith("-violation") for name in names)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_query_file_is_documented_and_local(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), f"{path} must start with a '#' comment line saying what question it answers"
    found = _FORBIDDEN.findall(without_comments_and_strings(text))
    assert not found, f"{path} uses {found}: queries stay inside the local store"


def test_query_file_check_ignores_comments_but_not_code() -> None:
    assert not _FORBIDDEN.search(without_comments_and_strings("# no SERVICE here\nPREFIX a: <http://x#>\n"))
    assert _FORBIDDEN.search(without_comments_and_strings("SELECT * FROM <http://x#g> WHERE { ?s ?p ?o }"))
    assert _FORBIDDEN.search(without_comments_and_strings("SELECT * { service <http://x> { ?s ?p ?o } }"))


# ---------------------------------------------------------------------------------------------- public API


def test_all_names_are_public_api_functions() -> None:
    import dzkg
    from dzkg import api

    assert dzkg.__all__, "dzkg.__all__ is empty"
    for name in dzkg.__all__:
        value = getattr(dzkg, name)
        if name == "__version__":
            assert isinstance(value, str) and re.fullmatch(r"\d+\.\d+\.\d+\S*", value)
            continue
        assert not name.startswith("_"), name
        assert callable(value), f"dzkg.{name} is not a function"
        assert value is getattr(api, name), f"dzkg.{name} is not the one in dzkg.api"
    with pytest.raises(AttributeError):
        _ = dzkg.no_such_name  # type: ignore[attr-defined]
