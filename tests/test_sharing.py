"""Sharing and reuse: chart pages, embeds, downloads, social cards, citations, the data package and stable URLs."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from PIL import Image

from conftest import ROOT
from sitecrawl import pages, scan, target_file
from explainer import dataset, registry

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL = CONFIG["site_url"]
DATASETS, _ = dataset.load_all(ROOT / "charts")


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.id)
def test_chart_has_page_embed_and_downloads(built_site, ds):
    folder = built_site / "charts" / ds.id
    names = [f"{ds.id}.csv", f"{ds.id}.json", "embed.html", "../" + ds.id + "/index.html"]
    if ds.doc["chart"]["kind"] != "table":
        names += [f"{ds.id}.png", f"{ds.id}.svg"]
    for name in names:
        path = folder / name
        assert path.is_file() and path.stat().st_size > 0, name
    page = (folder / "index.html").read_text(encoding="utf-8")
    for needle in ("Cite this chart", "@misc{", "Embed this chart", "&lt;iframe", "Where this chart is used", "Last reviewed"):
        assert needle in page, needle


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.id)
def test_csv_download_parses_back_to_the_records(built_site, ds):
    text = (built_site / "charts" / ds.id / f"{ds.id}.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    types = {f["name"]: f["type"] for f in ds.doc["fields"]}

    def parse(name, value):
        if value == "":
            return None
        if types.get(name) in ("year", "integer"):
            return int(value)
        if types.get(name) in ("number", "percent"):
            number = float(value)
            return int(number) if number.is_integer() and "." not in value else number
        return value
    assert [{k: parse(k, v) for k, v in row.items()} for row in rows] == ds.doc["records"]


@pytest.mark.parametrize("ds", [d for d in DATASETS if d.doc["chart"]["kind"] != "table"], ids=lambda d: d.id)
def test_png_download_is_twice_the_svg_size(built_site, ds):
    folder = built_site / "charts" / ds.id
    svg = (folder / f"{ds.id}.svg").read_text(encoding="utf-8")
    width, height = (float(v) for v in re.search(r'<svg[^>]*width="([\d.]+)" height="([\d.]+)"', svg).groups())
    png = Image.open(folder / f"{ds.id}.png")
    assert png.format == "PNG" and png.size == (round(2 * width), round(2 * height))
    card = Image.open(folder / f"{ds.id}-card.png")
    assert card.size == (1200, 630)


def test_every_page_has_social_card_metadata_pointing_to_a_real_image(built_site):
    checked = 0
    for page in pages(built_site):
        if page.name == "embed.html" or "Redirecting..." in page.read_text(encoding="utf-8")[:600]:
            continue
        meta = scan(page).meta
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card", "twitter:image", "description"):
            assert meta.get(key), f"{page}: {key}"
        image = urlsplit(meta["og:image"])
        assert meta["og:image"].startswith(SITE_URL)
        target = target_file(built_site, image.path)
        assert target is not None, f"{page}: og:image {meta['og:image']} does not exist"
        assert Image.open(target).size == (1200, 630)
        checked += 1
    assert checked >= 40


def test_chart_pages_carry_schema_org_dataset_metadata(built_site):
    for ds in DATASETS:
        html = (built_site / "charts" / ds.id / "index.html").read_text(encoding="utf-8")
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(block.group(1))
        assert data["@type"] == "Dataset" and data["name"] == ds.doc["title"]
        assert data["distribution"][0]["contentUrl"].endswith(f"/charts/{ds.id}/{ds.id}.csv")


def test_explainer_pages_offer_a_citation(built_site):
    for name in ("threats/fraud/index.html", "proposals/debate/index.html", "index.html"):
        html = (built_site / name).read_text(encoding="utf-8")
        assert "Cite this page" in html and "@misc{soc-explainer-" in html and "last reviewed 2026-11-22" in html


def test_embed_view_is_standalone(built_site):
    for ds in DATASETS[:5]:
        html = (built_site / "charts" / ds.id / "embed.html").read_text(encoding="utf-8")
        assert "md-header" not in html and "<script" not in html
        assert f'href="{SITE_URL}charts/{ds.id}/"' in html


def test_data_package_validates_with_frictionless(built_site):
    from frictionless import Package
    package = Package(str(built_site / "datapackage.json"), basepath=str(built_site))
    report = package.validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:20]
    assert len(package.resources) == len(DATASETS)


def test_every_registered_url_resolves(built_site):
    missing = [u for u in registry.read(ROOT / "urls.txt") if target_file(built_site, u) is None]
    assert missing == []


def test_every_published_url_is_registered(built_site):
    unregistered = sorted(registry.published_urls(built_site) - set(registry.read(ROOT / "urls.txt")))
    assert unregistered == [], "run `make register` and commit urls.txt"


def test_renamed_pages_redirect_to_their_new_place(built_site):
    for old, new in CONFIG["plugins"][1]["redirects"]["redirect_maps"].items():
        html = (built_site / old.replace(".md", "") / "index.html").read_text(encoding="utf-8")
        assert "http-equiv=\"refresh\"" in html
        assert target_file(built_site, "/" + new.replace("index.md", "")) is not None
