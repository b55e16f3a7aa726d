"""Every bad input is rejected with its exact file-and-path message, and the previous output is left untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_build, tree_digest

BAD = ROOT / "tests" / "bad_inputs"
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
DATASET_CASES = sorted(name for name in EXPECTED if name.endswith(".json"))


def test_corpus_has_at_least_25_bad_inputs():
    files = [p for p in BAD.rglob("*") if p.is_file() and p.name != "expected.json"]
    assert len(files) >= 25
    assert sorted(p.relative_to(BAD).as_posix() for p in files) == sorted(EXPECTED)


@pytest.mark.parametrize("name", DATASET_CASES)
def test_bad_dataset_is_rejected_with_exact_message_and_output_kept(name, project_copy):
    before = tree_digest(project_copy)
    shutil.copy(BAD / name, project_copy / "charts" / name)
    run = run_build("--charts", str(project_copy / "charts"), "--docs", str(project_copy / "docs"), "--out", str(project_copy))
    assert run.code == 1
    assert run.problems == EXPECTED[name]
    (project_copy / "charts" / name).unlink()
    assert tree_digest(project_copy) == before, "a failed build changed earlier output"


def test_page_with_unknown_chart_id_fails_naming_page_and_id(project_copy):
    before = tree_digest(project_copy)
    shutil.copy(BAD / "pages" / "unknown-chart.md", project_copy / "docs" / "unknown-chart.md")
    run = run_build("--charts", str(project_copy / "charts"), "--docs", str(project_copy / "docs"), "--out", str(project_copy))
    assert run.code == 1
    assert run.problems == EXPECTED["pages/unknown-chart.md"]
    (project_copy / "docs" / "unknown-chart.md").unlink()
    assert tree_digest(project_copy) == before


def test_all_problems_in_all_files_are_reported_in_one_run(project_copy):
    for name in ("wrong-type.json", "nan-value.json", "malformed-json.json"):
        shutil.copy(BAD / name, project_copy / "charts" / name)
    run = run_build("--check", "--charts", str(project_copy / "charts"), "--docs", str(project_copy / "docs"))
    assert run.code == 1
    assert sorted(run.problems) == sorted(EXPECTED["wrong-type.json"] + EXPECTED["nan-value.json"] + EXPECTED["malformed-json.json"])


def test_good_input_builds(baseline):
    assert (baseline / "docs" / "charts" / "good-chart.md").is_file()
    assert (baseline / "build" / "snippets" / "figures" / "good-chart.html").is_file()
