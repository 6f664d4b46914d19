"""The wheel carries the ontology, shapes, QC queries, named queries and lexicon, and the paths module finds
them inside the installed package (not in the source tree)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_wheel_ships_ontology_lexicon_and_queries(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("dzkg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "dzkg/ontology/dzkg.ttl",
        "dzkg/ontology/shapes.ttl",
        "dzkg/lexicon/units.tsv",
        "dzkg/lexicon/places.tsv",
        "dzkg/queries/export/fact-sheet.rq",
        "dzkg/serve_page.html",
        "dzkg/view_page.html",
        "dzkg/cli.py",
    ):
        assert required in names, required
    assert {n for n in names if n.startswith("dzkg/ontology/qc/")} == {
        f"dzkg/ontology/qc/{p.name}" for p in (ROOT / "ontology" / "qc").glob("*.rq")
    }
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = (
        "from dzkg import paths, lexicon; "
        "print(paths.ontology_file()); print(paths.lexicon_dir()); print(len(lexicon.load().units))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    assert out[0] == str(unpacked / "dzkg" / "ontology" / "dzkg.ttl")
    assert out[1] == str(unpacked / "dzkg" / "lexicon")
    assert int(out[2]) > 45
