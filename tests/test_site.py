"""The built site: every chart drawn where it is included, nothing from other hosts, every link and anchor resolves,
a Content Security Policy on every page, and two builds of the same input are identical."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from explainer import config, dataset
from explainer import pages as site_pages

from conftest import ROOT, TODAY, copy_site, run, tree_digest
from sitecrawl import broken_references, pages, third_party_requests

pytestmark = pytest.mark.slow
CONFIG = config.load(ROOT)
OWN_HOST = urlsplit(CONFIG.url).netloc
DATASETS, _ = dataset.load_all(CONFIG.charts_dir, TODAY, frozenset(CONFIG.licences))
DRAWN = [d for d in DATASETS if d.kind != "table"]
FIGURE = re.compile(r'<figure class="ex-figure" id="chart-(?P<id>[^"]+)"[^>]*>(?P<body>.*?)</figure>', re.S)


def figures(html: str) -> dict[str, str]:
    return {m.group("id"): m.group("body") for m in FIGURE.finditer(html)}


def test_every_dataset_has_a_chart_page_with_its_chart(built_site: Path) -> None:
    for ds in DATASETS:
        page = built_site / "charts" / ds.id / "index.html"
        html = page.read_text(encoding="utf-8")
        assert f'id="chart-{ds.id}"' in html, ds.id
        if ds.kind != "table":
            assert html.count('<svg class="ex-chart-svg"') == 2 or html.count('class="ex-chart-svg"') == 2, ds.id


@pytest.mark.parametrize("page", site_pages.hand_written_pages(CONFIG.docs_dir), ids=lambda p: p.file)
def test_every_chart_included_in_a_page_is_drawn_there(built_site: Path, page: site_pages.Page) -> None:
    """A figure of a drawn chart holds its drawing twice (page width and phone width) as well as its data table;
    a table-kind figure holds its table. A figure that lost its picture fails here."""
    html = (built_site / page.url / "index.html").read_text(encoding="utf-8")
    shown = figures(html)
    kinds = {d.id: d.kind for d in DATASETS}
    for _, chart_id in page.figures:
        assert chart_id in shown, f"{page.file}: no figure for {chart_id}"
        body = shown[chart_id]
        if kinds[chart_id] == "table":
            assert "<table" in body and "<svg" not in body
        else:
            drawings = re.findall(r'<svg[^>]*class="ex-chart-svg"[^>]*role="img"|<svg[^>]*role="img"[^>]*class="ex-chart-svg"', body)
            assert len(drawings) == 2, f"{page.file}: {chart_id} has {len(drawings)} drawings, not 2"
            assert "ex-chart--wide" in body and "ex-chart--narrow" in body
            assert "<table" in body


def test_no_reference_to_a_third_party_host(built_site: Path) -> None:
    assert third_party_requests(built_site, OWN_HOST) == []


def test_every_internal_link_anchor_and_asset_resolves(built_site: Path) -> None:
    assert broken_references(built_site, OWN_HOST) == []


def test_every_page_has_a_content_security_policy_without_unsafe_inline_scripts(built_site: Path) -> None:
    checked = 0
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert match, page
        script_src = match.group(1).split("script-src", 1)[-1].split(";")[0]
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, page
        checked += 1
    assert checked > 100


def test_home_page_is_a_front_door(built_site: Path) -> None:
    """The home page: lead with the bound headline number, the three sections, a headline chart, latest changes,
    and the way to report a crime or get help."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    lead = re.search(r'<p class="home-lead">(.*?)</p>', html, re.S)
    assert lead and "£47 billion" in lead.group(1)
    sections = re.search(r'<nav[^>]*class="home-sections"[^>]*>(.*?)</nav>', html, re.S)
    assert sections and all(f'href="{name}/"' in sections.group(1) for name in ("threats", "responses", "proposals"))
    assert len(figures(html)) == 1
    assert '<ul class="ex-changes">' in html and 'href="get-help/"' in html


def test_two_builds_of_the_same_input_are_identical(tmp_path: Path) -> None:
    """The chart step is reproducible: same datasets and pages, same bytes (drawn twice from an empty cache)."""
    digests = []
    for name in ("first", "second"):
        project = copy_site(ROOT, tmp_path / name)
        result = run("charts", root=project)
        assert result.code == 0, result.err[-2000:]
        digests.append(tree_digest(project / "docs" / "charts") | tree_digest(project / "build" / "snippets"))
    assert digests[0] == digests[1]
    assert len(digests[0]) > 5 * len(DATASETS)
