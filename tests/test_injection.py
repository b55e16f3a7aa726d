"""Strings in a dataset are inert everywhere they appear: snippet, table, SVG, chart page, catalogue, glossary, changes,
embed view, downloads, and the embed code a reader copies and pastes into another site."""

from __future__ import annotations

import csv
import html
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES

pytestmark = pytest.mark.slow
DATASET = json.loads((FIXTURES / "injection" / "charts" / "injection-test.json").read_text(encoding="utf-8"))
PAGES = ["index.html", "topic/index.html", "charts/injection-test/index.html", "data/index.html",
         "changes/index.html", "glossary/index.html"]


class TagAudit(HTMLParser):
    """Every element and attribute the browser would see."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[tuple[str, str, str | None]] = []
        self.bad_urls: list[tuple[str, str, str | None]] = []
        self.images: list[dict[str, str | None]] = []
        self.iframes: list[dict[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "iframe":
            self.iframes.append(dict(attrs))
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name, value))
            if name.lower() in ("href", "src", "xlink:href", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.bad_urls.append((tag, name, value))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def audit(text: str) -> TagAudit:
    parser = TagAudit()
    parser.feed(text)
    return parser


def assert_inert(text: str, site_scripts: bool = False) -> None:
    found = audit(text)
    assert found.handlers == [], found.handlers
    assert found.bad_urls == [], found.bad_urls
    assert found.images == [], found.images
    if site_scripts:
        assert all("__pwned" not in json.dumps(attrs) for attrs in found.scripts)
        assert "<script>window.__pwned" not in text
    else:
        assert found.scripts == []
    visible = "".join(found.text)
    assert "window.__pwned=1" in visible, "the payload should still be shown, as plain text"


def test_figure_snippet_is_inert(injection_site: Path) -> None:
    snippet = injection_site.parent / "build" / "snippets" / "figures" / "injection-test.html"
    assert_inert(snippet.read_text(encoding="utf-8"))
    assert "{{ 7*7 }}" in html.unescape(snippet.read_text(encoding="utf-8")), "template syntax stays literal"


@pytest.mark.parametrize("page", PAGES)
def test_built_pages_are_inert(injection_site: Path, page: str) -> None:
    """Every page that shows dataset text; a page missing from the build is a failure, not a skip."""
    path = injection_site / page
    assert path.is_file(), f"{page} was not built"
    text = path.read_text(encoding="utf-8")
    found = audit(text)
    assert found.handlers == [] and found.bad_urls == [] and found.images == [], page
    assert all("__pwned" not in json.dumps(attrs) for attrs in found.scripts), page
    assert "<script>window.__pwned" not in text, page
    assert "49" not in "".join(found.text).split("7*7")[0][-3:], "template syntax must not be evaluated"


def test_catalogue_glossary_and_changes_show_the_payload_as_text(injection_site: Path) -> None:
    for page, needle in (("data/index.html", "Payload title <script>window.__pwned=1</script>"),
                         ("glossary/index.html", "cross-site <script>window.__pwned=1</script> scripting {{ 7*7 }}"),
                         ("changes/index.html", "Payload change <script>window.__pwned=1</script> {{ 7*7 }}")):
        visible = "".join(audit((injection_site / page).read_text(encoding="utf-8")).text)
        assert needle in visible, page


def test_embed_view_is_inert(injection_site: Path) -> None:
    assert_inert((injection_site / "charts" / "injection-test" / "embed.html").read_text(encoding="utf-8"))


def test_pasted_embed_code_is_one_iframe_with_only_the_expected_attributes(injection_site: Path) -> None:
    """The text a reader copies from the chart page, pasted into someone else's page, is one harmless iframe."""
    page = (injection_site / "charts" / "injection-test" / "index.html").read_text(encoding="utf-8")
    blocks = [b for b in page.split('<pre class="ex-code"')[1:] if "&lt;iframe" in b]
    assert len(blocks) == 1
    shown = blocks[0].split("<code>", 1)[1].split("</code>", 1)[0]
    pasted = html.unescape(shown)  # what the reader sees and copies
    found = audit(pasted)
    assert len(found.iframes) == 1 and found.scripts == [] and found.handlers == [] and found.images == []
    iframe = found.iframes[0]
    assert sorted(iframe) == ["height", "loading", "src", "style", "title", "width"]
    assert iframe["src"] == "https://example.org/test/charts/injection-test/embed.html"
    assert iframe["title"] == DATASET["title"]
    assert pasted.count("<") == 2, pasted  # <iframe ...> and </iframe>


def test_svg_downloads_are_inert(injection_site: Path) -> None:
    svg = (injection_site / "charts" / "injection-test" / "injection-test.svg").read_text(encoding="utf-8")
    found = audit(svg)
    assert found.scripts == [] and found.handlers == [] and found.bad_urls == []
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in svg


def test_theme_pieces_cannot_become_template_code(injection_site: Path) -> None:
    """The citation the theme includes is made by the engine with braces as character references."""
    cite = injection_site.parent / "build" / "theme" / "explainer" / "cite" / "topic" / "index.html"
    assert cite.is_file()
    assert "{" not in cite.read_text(encoding="utf-8")


def test_csv_and_json_downloads_round_trip_the_text_exactly(injection_site: Path) -> None:
    folder = injection_site / "charts" / "injection-test"
    rows = list(csv.DictReader(io.StringIO((folder / "injection-test.csv").read_text(encoding="utf-8"))))
    assert [r["label"] for r in rows] == [r["label"] for r in DATASET["records"]]
    assert json.loads((folder / "injection-test.json").read_text(encoding="utf-8")) == DATASET
