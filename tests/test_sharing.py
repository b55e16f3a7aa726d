"""Sharing and reuse: chart pages, embeds, downloads, social cards, citations, the feed, the data package and stable
URLs."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from explainer import config, dataset, registry
from PIL import Image

from conftest import ROOT, TODAY
from sitecrawl import pages, scan, target_file

pytestmark = pytest.mark.slow
CONFIG = config.load(ROOT)
DATASETS, _ = dataset.load_all(CONFIG.charts_dir, TODAY, frozenset(CONFIG.licences))
DRAWN = [d for d in DATASETS if d.kind != "table"]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.id)
def test_chart_has_page_embed_and_downloads(built_site: Path, ds: dataset.Dataset) -> None:
    folder = built_site / "charts" / ds.id
    names = [f"{ds.id}.csv", f"{ds.id}.json", "embed.html", "index.html"] + (
        [f"{ds.id}.png", f"{ds.id}.svg", f"{ds.id}.vl.json"] if ds.kind != "table" else [])
    for name in names:
        path = folder / name
        assert path.is_file() and path.stat().st_size > 0, name
    page = (folder / "index.html").read_text(encoding="utf-8")
    for needle in ("Cite this chart", f"@misc{{{CONFIG.citation_prefix}-{ds.id},", "Embed this chart", "&lt;iframe",
                   "Where this chart is used", "Last reviewed", "How current this is."):
        assert needle in page, needle


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.id)
def test_csv_download_parses_back_to_the_records(built_site: Path, ds: dataset.Dataset) -> None:
    text = (built_site / "charts" / ds.id / f"{ds.id}.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    types = {f["name"]: f["type"] for f in ds.doc["fields"]}

    def parse(name: str, value: str) -> object:
        if value == "":
            return None
        if types.get(name) in ("year", "integer"):
            return int(value)
        if types.get(name) in ("number", "percent"):
            number = float(value)
            return int(number) if number.is_integer() and "." not in value else number
        return value
    assert [{k: parse(k, v) for k, v in row.items()} for row in rows] == ds.doc["records"]


@pytest.mark.parametrize("ds", DRAWN, ids=lambda d: d.id)
def test_png_download_is_twice_the_svg_and_the_card_is_1200_by_630(built_site: Path, ds: dataset.Dataset) -> None:
    folder = built_site / "charts" / ds.id
    svg = ET.parse(folder / f"{ds.id}.svg").getroot()
    width, height = float(svg.get("width", "0")), float(svg.get("height", "0"))
    png = Image.open(folder / f"{ds.id}.png")
    assert png.format == "PNG" and png.size == (round(2 * width), round(2 * height))
    assert Image.open(folder / f"{ds.id}-card.png").size == (1200, 630)


@pytest.mark.parametrize("ds", DRAWN, ids=lambda d: d.id)
def test_downloaded_svg_carries_title_subtitle_and_source_and_true_minus_signs(built_site: Path, ds: dataset.Dataset) -> None:
    svg = (built_site / "charts" / ds.id / f"{ds.id}.svg").read_text(encoding="utf-8")
    texts = " ".join(t.strip() for t in re.findall(r">([^<>]+)<", svg))
    assert ds.doc["title"].split()[0] in texts and ("Source:" in texts or "Sources:" in texts)
    assert not re.search(r"(?<![\w−])-\d", " ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S))), \
        "numbers in the drawing use the minus sign −, not a hyphen"


def test_every_page_has_social_card_metadata_pointing_to_a_real_image(built_site: Path) -> None:
    checked = 0
    for page in pages(built_site):
        if page.name == "embed.html" or "Redirecting..." in page.read_text(encoding="utf-8")[:600]:
            continue
        meta = scan(page).meta
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card", "twitter:image", "description"):
            assert meta.get(key), f"{page}: {key}"
        assert meta["og:image"].startswith(CONFIG.url)
        target = target_file(built_site, urlsplit(meta["og:image"]).path)
        assert target is not None, f"{page}: og:image {meta['og:image']} does not exist"
        assert Image.open(target).size == (1200, 630)
        checked += 1
    assert checked >= 40


def test_chart_pages_carry_schema_org_dataset_metadata(built_site: Path) -> None:
    for ds in DATASETS:
        html = (built_site / "charts" / ds.id / "index.html").read_text(encoding="utf-8")
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert block, ds.id
        data = json.loads(block.group(1))
        assert data["@type"] == "Dataset" and data["name"] == ds.doc["title"]
        assert data["distribution"][0]["contentUrl"].endswith(f"/charts/{ds.id}/{ds.id}.csv")


def test_explainer_pages_offer_a_citation_with_the_site_prefix(built_site: Path) -> None:
    for name in ("threats/fraud/index.html", "proposals/debate/index.html", "index.html"):
        html = (built_site / name).read_text(encoding="utf-8")
        key = name.replace("/index.html", "").replace("/", "-").replace("index.html", "home")
        assert "Cite this page" in html and f"@misc&#123;{CONFIG.citation_prefix}-{key}," in html, name
        reviewed = re.search(r"reviewed: (\d{4}-\d{2}-\d{2})", (ROOT / "docs" / name.replace("/index.html", ".md")
                                                             .replace("index.html", "index.md")).read_text(encoding="utf-8"))
        assert reviewed and f"last reviewed {int(reviewed.group(1)[8:])} " in html


def test_embed_view_is_standalone(built_site: Path) -> None:
    for ds in DATASETS[:5]:
        html = (built_site / "charts" / ds.id / "embed.html").read_text(encoding="utf-8")
        assert "md-header" not in html and "<script" not in html
        assert f'href="{CONFIG.url}charts/{ds.id}/"' in html


def test_feed_is_valid_atom_with_the_required_elements(built_site: Path) -> None:
    """feedparser reads it without complaint, and RFC 4287's required elements are there (feed: id, title, updated,
    author; each entry: id, title, updated)."""
    import feedparser
    raw = (built_site / "feed.xml").read_bytes()
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.entries
    root = ET.fromstring(raw)
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None, name
    updated = [e.findtext(f"{ATOM}updated") for e in root.findall(f"{ATOM}entry")]
    assert root.findtext(f"{ATOM}updated") == max(updated), "the feed is as new as its newest entry"


def test_data_package_validates_with_frictionless(built_site: Path) -> None:
    from frictionless import Package
    package = Package(str(built_site / "datapackage.json"), basepath=str(built_site))
    report = package.validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:20]
    assert len(package.resources) == len(DATASETS)
    assert package.name == CONFIG.data_package_name


def test_every_registered_url_resolves(built_site: Path) -> None:
    missing = [u for u in registry.read(ROOT / "urls.txt") if target_file(built_site, u) is None]
    assert missing == []


def test_every_published_url_is_registered(built_site: Path) -> None:
    unregistered = sorted(registry.published_urls(built_site) - set(registry.read(ROOT / "urls.txt")))
    assert unregistered == [], "run `make register` and commit urls.txt"


def test_renamed_pages_redirect_to_their_new_place(built_site: Path) -> None:
    assert CONFIG.redirects
    for old, new in CONFIG.redirects.items():
        html = (built_site / old.replace(".md", "") / "index.html").read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' in html
        assert target_file(built_site, "/" + new.replace("index.md", "").replace(".md", "/")) is not None
