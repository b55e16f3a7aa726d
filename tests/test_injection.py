"""Strings in a dataset are inert everywhere they appear: snippet, table, SVG, chart page, embed, downloads."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

from conftest import FIXTURES

DATASET = json.loads((FIXTURES / "injection" / "injection-test.json").read_text(encoding="utf-8"))


class TagAudit(HTMLParser):
    """Collects every element and attribute the browser would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.bad_urls, self.images, self.text = [], [], [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag == "img":
            self.images.append(dict(attrs))
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name, value))
            if name.lower() in ("href", "src", "xlink:href", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.bad_urls.append((tag, name, value))

    def handle_data(self, data):
        self.text.append(data)


def audit(html: str) -> TagAudit:
    parser = TagAudit()
    parser.feed(html)
    return parser


def assert_inert(html: str, allow_site_scripts: bool = False):
    found = audit(html)
    assert found.handlers == [], found.handlers
    assert found.bad_urls == [], found.bad_urls
    assert found.images == [], found.images
    if allow_site_scripts:
        # Only the theme's own scripts: external files from the site, or known inline theme code.
        for attrs in found.scripts:
            assert "window.__pwned" not in json.dumps(attrs)
        assert "<script>window.__pwned" not in html
    else:
        assert found.scripts == []
    text = "".join(found.text)
    assert "window.__pwned=1" in text, "the payload should still be visible as plain text"
    assert "{{ 7*7 }}" in text and "{% if true %}" in text, "template syntax must appear literally, not be evaluated"


def test_figure_snippet_is_inert(injection_site):
    snippet = injection_site.parent / "project" / "build" / "snippets" / "figures" / "injection-test.html"
    assert_inert(snippet.read_text(encoding="utf-8"))


def test_embed_view_is_inert(injection_site):
    assert_inert((injection_site / "charts" / "injection-test" / "embed.html").read_text(encoding="utf-8"))


def test_built_pages_are_inert(injection_site):
    for page in ("index.html", "charts/injection-test/index.html", "data/index.html"):
        path = injection_site / page
        if path.exists():
            assert_inert(path.read_text(encoding="utf-8"), allow_site_scripts=True)


def test_svg_downloads_are_inert(injection_site):
    for name in ("injection-test.svg",):
        svg = (injection_site / "charts" / "injection-test" / name).read_text(encoding="utf-8")
        found = audit(svg)
        assert found.scripts == [] and found.handlers == [] and found.bad_urls == []
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in svg


def test_csv_and_json_downloads_round_trip_the_text_exactly(injection_site):
    folder = injection_site / "charts" / "injection-test"
    rows = list(csv.DictReader(io.StringIO((folder / "injection-test.csv").read_text(encoding="utf-8"))))
    assert [r["label"] for r in rows] == [r["label"] for r in DATASET["records"]]
    assert json.loads((folder / "injection-test.json").read_text(encoding="utf-8")) == DATASET
