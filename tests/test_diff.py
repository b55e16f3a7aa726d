"""`explainer diff`: one edited record lists exactly its chart page, its downloads and the pages that include it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from explainer import diff

from conftest import MINI, copy_site, run

pytestmark = pytest.mark.slow


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"})


def set_2020(site: Path, people: int) -> None:
    path = site / "charts" / "good-chart.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["records"] = [r for r in doc["records"] if r["year"] != 2020] + [{"year": 2020, "people": people}]
    doc["records"].sort(key=lambda r: r["year"])
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A git repository of the small site with a 2020 record, then that one record edited in the working tree."""
    site = copy_site(MINI, tmp_path_factory.mktemp("diff") / "site")
    (site / ".gitignore").write_text("build/\nsite/\ndocs/charts/\ndocs/cards/\ndocs/assets/explainer/\n"
                                     "docs/datapackage.json\ndocs/feed.xml\n")
    set_2020(site, 1000)
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "base")
    set_2020(site, 1200)
    return site, run("diff", "--base", "HEAD", root=site)


def test_diff_lists_exactly_the_chart_page_its_downloads_and_the_page_that_includes_it(changed_site):
    _, result = changed_site
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if not line.startswith("explainer:")]
    assert lines == [
        "changed: /charts/good-chart/ (chart page)",
        "changed: /charts/good-chart/embed.html (chart page)",
        "changed: /charts/good-chart/good-chart.csv (download)",
        "changed: /charts/good-chart/good-chart.json (download)",
        "changed: /charts/good-chart/good-chart.png (download)",
        "changed: /charts/good-chart/good-chart.svg (download)",
        "changed: /charts/good-chart/good-chart.vl.json (download)",
        "changed: /topic/ (page)",
    ]


def test_diff_writes_a_report_and_before_and_after_pictures(changed_site):
    site, _ = changed_site
    out = site / "build" / "diff"
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Chart pages (2)" in report and "## Downloads (5)" in report and "- changed: `/topic/`" in report
    before, after = out / "good-chart-before.png", out / "good-chart-after.png"
    assert before.is_file() and after.is_file() and before.read_bytes() != after.read_bytes()


def test_build_timestamps_are_not_changes(tmp_path):
    for name, stamp in (("a", "2026-01-01"), ("b", "2026-02-02")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "sitemap.xml").write_text(f"<url><lastmod>{stamp}</lastmod></url>")
        (tmp_path / name / "index.html").write_text("<p>same</p>")
    assert diff.compare(tmp_path / "a", tmp_path / "b") == []
    (tmp_path / "b" / "index.html").write_text("<p>different</p>")
    assert [str(c) for c in diff.compare(tmp_path / "a", tmp_path / "b")] == ["changed: / (page)"]
