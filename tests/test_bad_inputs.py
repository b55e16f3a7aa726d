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


def test_check_freshness_lists_overdue_datasets_and_strict_fails(baseline):
    import contextlib, io
    from conftest import cli, ROOT as root
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        lenient = cli.main(["--check-freshness", "--charts", str(baseline / "charts"), "--today", "2027-06-01"], root=root)
        strict = cli.main(["--check-freshness", "--strict", "--charts", str(baseline / "charts"), "--today", "2027-06-01"], root=root)
        fresh = cli.main(["--check-freshness", "--strict", "--charts", str(baseline / "charts"), "--today", "2027-01-01"], root=root)
    assert (lenient, strict, fresh) == (0, 1, 0)
    assert "charts/good-chart.json: next_review: overdue since 2027-05-22" in out.getvalue()


def test_catalogue_and_chart_page_show_overdue_datasets_plainly(project_copy):
    import contextlib, io
    from conftest import cli, ROOT as root
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--charts", str(project_copy / "charts"), "--docs", str(project_copy / "docs"),
                         "--out", str(project_copy), "--today", "2027-06-01"], root=root)
    assert code == 0
    assert "1 overdue for review" in (project_copy / "build" / "snippets" / "catalogue.html").read_text(encoding="utf-8")
    assert "overdue for review" in (project_copy / "docs" / "charts" / "good-chart.md").read_text(encoding="utf-8")
