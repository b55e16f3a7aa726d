"""The built site: every chart present, nothing from other hosts, every internal link and anchor resolves."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from conftest import ROOT, run_build, tree_digest
from sitecrawl import broken_references, pages, scan, third_party_requests
from explainer import dataset
from explainer import pages as site_pages

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
OWN_HOST = urlsplit(CONFIG["site_url"]).netloc
DATASETS, _ = dataset.load_all(ROOT / "charts")


def test_every_dataset_has_a_chart_page_with_its_figure(built_site):
    for ds in DATASETS:
        page = built_site / "charts" / ds.id / "index.html"
        assert page.is_file(), ds.id
        assert f'id="chart-{ds.id}"' in page.read_text(encoding="utf-8")


def test_every_chart_included_in_a_page_is_in_the_built_page(built_site):
    for page in site_pages.hand_written_pages(ROOT / "docs"):
        html = (built_site / page.url / "index.html").read_text(encoding="utf-8")
        for _, chart_id in page.figures:
            assert f'<figure class="soc-figure" id="chart-{chart_id}"' in html, (page.path, chart_id)
            assert re.search(rf'id="chart-{chart_id}".*?<svg[^>]*role="img"|id="chart-{chart_id}".*?<table', html, re.S), chart_id


def test_no_reference_to_a_third_party_host(built_site):
    assert third_party_requests(built_site, OWN_HOST) == []


def test_every_internal_link_anchor_and_asset_resolves(built_site):
    assert broken_references(built_site, OWN_HOST) == []


def test_every_page_has_a_content_security_policy(built_site):
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy"' in html, page
        policy = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[-1].split(";")[0]


def test_two_builds_of_the_same_input_are_identical(tmp_path):
    digests = []
    for name in ("first", "second"):
        out = tmp_path / name
        run = run_build("--out", str(out), "--jobs", "2")
        assert run.code == 0, run.err
        digests.append(tree_digest(out / "docs") | {f"snippets/{k}": v for k, v in tree_digest(out / "build" / "snippets").items()})
    assert digests[0] == digests[1]
    assert len(digests[0]) > 5 * len(DATASETS)
