"""The generated tree (explainer/generate.py and its Jinja2 templates): which files one chart and the site-wide steps
write, that every dataset string is escaped wherever it appears, the embed code a reader pastes, the catalogue, the
changes page and feed, citations and BibTeX. The Generator writes into tmp_path with the mini site's configuration;
the mini site's one chart is drawn once, when this module loads, and no site is built."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markupsafe
import pytest
from explainer import cards, formats, generate, theme
from explainer import config as site_config
from explainer.generate import Generator, inert_braces, markdown_text, no_blank_lines, responsive_svg
from explainer.model import Dataset
from explainer.pages import Page
from mkdocs.utils.meta import get_data

from conftest import MINI, TODAY

GOOD = json.loads((MINI / "charts" / "good-chart.json").read_text(encoding="utf-8"))


def drawn(chart_id: str) -> dict[str, bytes]:
    """The files the engine draws for one of the mini site's datasets, as the chart step would cache them."""
    from explainer import build, dataset, render

    mini = site_config.load(MINI)
    ds = dataset.load(MINI / "charts" / f"{chart_id}.json", f"charts/{chart_id}.json", TODAY, frozenset(mini.licences))
    assert ds.problems == []
    return render.render(ds, build.settings(mini))  # type: ignore[arg-type]


ART = drawn("good-chart")
TABLE_ART = {"card.png": ART["card.png"]}
PAYLOAD = "<i class=\"p\" onclick='x()'>&amp; {{ 7*7 }} {% if 1 %}j{% endif %}</i>"
ATOM = "{http://www.w3.org/2005/Atom}"


# -- helpers ----------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def config() -> site_config.SiteConfig:
    return site_config.load(MINI)


@pytest.fixture()
def gen(config: site_config.SiteConfig, tmp_path: Path) -> Generator:
    return Generator(config, tmp_path / "out", TODAY)


def dataset(**changes: Any) -> Dataset:
    doc = copy.deepcopy(GOOD)
    doc.update(copy.deepcopy(changes))
    doc = {k: v for k, v in doc.items() if v is not None}
    return Dataset(Path(f"charts/{doc['id']}.json"), json.dumps(doc, indent=2).encode(), doc)  # type: ignore[arg-type]


def payload_dataset() -> Dataset:
    """A dataset whose every reader-visible string carries markup, an entity and template syntax, each labelled."""
    def p(label: str) -> str:
        return f"{label} {PAYLOAD}"
    src = {"id": "s1", "publisher": p("publisher one"), "title": p("source title one"),
           "url": "https://example.org/r?a=1&b=\"2\"", "published": "2024-01-01", "accessed": "2026-11-22",
           "cited_in": p("cited in"), "checked": p("how checked")}
    src2 = {"id": "s2", "publisher": p("publisher two"), "title": p("source title two"),
            "url": "https://example.org/two", "published": "2023-06-01", "accessed": "2026-11-22"}
    return dataset(
        id="pay-load", title=p("the title"), subtitle=p("the subtitle"), description=p("the description"),
        unit=p("the unit"),
        fields=[{"name": "label", "type": "string", "title": p("label column")},
                {"name": "value", "type": "number", "title": p("value column"), "unit": p("value unit"),
                 "prefix": "<b>", "suffix": "</b>&"}],
        records=[{"label": p("record one"), "value": 10, "source": "s1"},
                 {"label": p("record two"), "value": 20, "source": "s2"}],
        chart={"kind": "bar", "x": "label", "y": "value", "exceptions": {"some-rule": p("exception reason")}},
        sources=[src, src2], notes=[p("note one"), p("note two")],
        currency={"frequency": "annual", "release": "s1", "checked": "2026-11-22", "note": p("currency note")},
        changes=[{"date": "2026-11-22", "summary": p("change summary")}])


class Audit(HTMLParser):
    """The elements a browser would build and the text it would show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def attr_values(self) -> list[str]:
        return [value or "" for _, attrs in self.tags for value in attrs.values()]


def audit(text: str) -> Audit:
    parser = Audit()
    parser.feed(text)
    parser.close()
    return parser


def read(gen: Generator, relative: str) -> str:
    return (gen.out / relative).read_text(encoding="utf-8")


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def page(path: str, title: str, **meta: Any) -> Page:
    return Page(Path(path), "", {"title": title, **meta}, f"# {title}\n", 1)


def split_page(text: str) -> tuple[dict[str, Any], str]:
    """Front matter and body exactly as MkDocs reads them."""
    body, meta = get_data(text)
    assert text.startswith("---\ntitle: "), text[:40]
    return meta, body


# -- small pieces -----------------------------------------------------------------------------------------------------

def test_blank_lines_are_removed_so_markdown_keeps_the_html_block_whole() -> None:
    assert no_blank_lines("\n\n<div>\n\n  \n<p>a</p>\n \t\n</div>\n\n\n") == "<div>\n<p>a</p>\n</div>\n"
    assert no_blank_lines("a\nb") == "a\nb\n"


def test_braces_become_character_references() -> None:
    assert inert_braces("{{ x }} {% y %}") == "&#123;&#123; x &#125;&#125; &#123;% y %&#125;"


@pytest.mark.parametrize(("text", "escaped"), [
    ("A *b* _c_ `d`", r"A \*b\* \_c\_ \`d\`"), ("[x](y) {z} #1 +2 -3 4. !", r"\[x\]\(y\) \{z\} \#1 \+2 \-3 4\. \!"),
    ("back\\slash", "back\\\\slash"), ("plain words", "plain words"),
])
def test_markdown_punctuation_is_backslash_escaped(text: str, escaped: str) -> None:
    assert markdown_text(text) == escaped


def test_a_chart_is_shown_wide_or_narrow_by_screen_width() -> None:
    assert responsive_svg({"inline.svg": b"<svg>W</svg>", "inline-narrow.svg": b"<svg>N</svg>"}) == \
        '<div class="ex-chart ex-chart--wide"><svg>W</svg></div><div class="ex-chart ex-chart--narrow"><svg>N</svg></div>'


def test_a_table_has_no_drawing_to_show() -> None:
    assert responsive_svg(TABLE_ART) is None


def test_the_environment_escapes_every_template_and_string(config: site_config.SiteConfig) -> None:
    env = generate.environment({"k": "<v>"})
    assert env.from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"
    assert env.get_template("embed_code.html.j2").render(src="a\"b", title="<t>") == \
        '<iframe src="a&#34;b" title="&lt;t&gt;" width="100%" height="560" style="border:0" loading="lazy"></iframe>\n'
    assert env.from_string("{{ t.k }}").render() == "&lt;v&gt;"
    assert env.filters["meta_text"]("<a href=\"'\">") == "&lt;a href=&quot;&#x27;&quot;&gt;"
    assert env.filters["nice_date"]("2024-02-29") == "29 February 2024"
    assert env.filters["cell"](1234, {"type": "integer"}) == "1,234"
    assert env.filters["markdown_text"]("*x*") == r"\*x\*"
    assert env.globals["numeric"] == frozenset({"integer", "number", "percent", "year"})


def test_undefined_template_values_are_errors_not_blanks() -> None:
    env = generate.environment({})
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ nothing }}").render()


def test_templates_keep_their_final_newline_and_trim_block_lines() -> None:
    env = generate.environment({})
    assert env.from_string("{% if 1 %}\n  a\n{% endif %}\n").render() == "  a\n"


def test_templates_strip_the_indentation_before_block_tags() -> None:
    env = generate.environment({})
    assert env.from_string("  {% if 1 %}\na\n  {% endif %}\nb\n").render() == "a\nb\n"


def test_compiled_templates_are_cached_in_the_bytecode_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "templates"
    env = generate.environment({}, folder)
    env.get_template("embed_code.html.j2")
    assert folder.is_dir() and any(folder.iterdir())
    again = generate.environment({}, folder)  # the next build finds the folder there already
    assert again.get_template("embed_code.html.j2").render(src="s", title="t").startswith("<iframe")


def test_the_generator_caches_its_compiled_templates_where_it_is_told(config: site_config.SiteConfig,
                                                                      tmp_path: Path) -> None:
    folder = tmp_path / "build" / "cache" / "templates"
    gen = Generator(config, tmp_path / "out", TODAY, folder)
    gen.theme_pieces([])
    assert folder.is_dir() and any(folder.iterdir())


def test_publisher_of_a_record_is_the_publisher_of_its_source() -> None:
    env = generate.environment({})
    ds = payload_dataset()
    assert env.globals["publisher_of"](ds, {"source": "s2"}) == ds.doc["sources"][1]["publisher"]


def test_write_creates_folders_and_writes_text_as_utf8_and_bytes_as_they_are(gen: Generator) -> None:
    gen.write("a/b/c.txt", "naïve – £")
    gen.write(Path("x") / "y.bin", b"\x00\xff")
    assert (gen.out / "a" / "b" / "c.txt").read_bytes() == "naïve – £".encode()
    assert (gen.out / "x" / "y.bin").read_bytes() == b"\x00\xff"


def test_copy_tree_merges_into_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "src" / "d").mkdir(parents=True)
    (tmp_path / "src" / "d" / "f.txt").write_text("new", encoding="utf-8")
    (tmp_path / "dst").mkdir()
    (tmp_path / "dst" / "keep.txt").write_text("old", encoding="utf-8")
    generate.copy_tree(tmp_path / "src", tmp_path / "dst")
    assert files_under(tmp_path / "dst") == {"d/f.txt", "keep.txt"}


# -- one chart: the files ---------------------------------------------------------------------------------------------

CHART_FILES = {"build/snippets/figures/good-chart.html", "docs/charts/good-chart.md", "docs/charts/good-chart/embed.html",
               "docs/charts/good-chart/good-chart.csv", "docs/charts/good-chart/good-chart.json",
               "docs/charts/good-chart/good-chart-card.png", "docs/charts/good-chart/good-chart.svg",
               "docs/charts/good-chart/good-chart.png", "docs/charts/good-chart/good-chart.vl.json"}


def test_a_drawn_chart_writes_its_snippet_page_embed_and_downloads(gen: Generator) -> None:
    ds = dataset()
    gen.chart(ds, ART, [], None)
    assert files_under(gen.out) == CHART_FILES
    folder = gen.out / "docs" / "charts" / "good-chart"
    assert (folder / "good-chart.svg").read_bytes() == ART["chart.svg"]
    assert (folder / "good-chart.png").read_bytes() == ART["chart.png"]
    assert (folder / "good-chart.vl.json").read_bytes() == ART["chart.vl.json"]
    assert (folder / "good-chart-card.png").read_bytes() == ART["card.png"]
    assert (folder / "good-chart.json").read_bytes() == ds.raw
    assert (folder / "good-chart.csv").read_text(encoding="utf-8") == formats.dataset_csv(ds)


def test_a_table_writes_no_drawing_downloads(gen: Generator) -> None:
    gen.chart(dataset(chart={"kind": "table"}), TABLE_ART, [], None)
    assert files_under(gen.out) == CHART_FILES - {"docs/charts/good-chart/good-chart.svg",
                                                 "docs/charts/good-chart/good-chart.png",
                                                 "docs/charts/good-chart/good-chart.vl.json"}
    snippet = read(gen, "build/snippets/figures/good-chart.html")
    assert "<svg" not in snippet and "ex-figure__chart" not in snippet
    assert '<div data-search-exclude><div class="ex-table-scroll"' in snippet and "<details" not in snippet
    assert "aria-label=\"Table: Arrivals rose" in snippet
    page_text = read(gen, "docs/charts/good-chart.md")
    assert "good-chart.png" not in page_text and "good-chart.svg" not in page_text
    assert "good-chart.csv" in page_text and "good-chart.json" in page_text


def test_the_figure_snippet_shows_the_chart_its_data_sources_and_links(gen: Generator) -> None:
    gen.chart(dataset(), ART, [], None)
    snippet = read(gen, "build/snippets/figures/good-chart.html")
    assert snippet == no_blank_lines(snippet)
    assert snippet.startswith('<figure class="ex-figure" id="chart-good-chart" aria-labelledby="chart-good-chart-caption">')
    assert responsive_svg(ART) in snippet
    found = audit(snippet)
    assert "Show the data: Arrivals rose from 299 in 2018 to 45,774 in 2022" in found.text
    assert "Source: Home Office, Irregular migration to the UK, year ending December 2023 (29 February 2024)." \
        in found.text
    assert ("a", {"href": "/test/charts/good-chart/"}) in found.tags
    assert ("a", {"href": "#chart-good-chart"}) in found.tags
    rows = re.findall(r"<tr>(.*?)</tr>", snippet)
    assert rows[1:] == ['<th scope="row">2018</th><td class="ex-num">299</td>',
                        '<th scope="row">2022</th><td class="ex-num">45,774</td>']
    assert '<th scope="col">People</th>' in rows[0]  # the unit is in the title already: not repeated


def test_the_chart_page_front_matter_is_what_the_theme_needs(gen: Generator) -> None:
    gen.chart(dataset(), ART, [], None)
    meta, body = split_page(read(gen, "docs/charts/good-chart.md"))
    assert meta == {"title": GOOD["title"], "description": GOOD["subtitle"],
                    "image": "charts/good-chart/good-chart-card.png", "chart_id": "good-chart",
                    "reviewed": "2026-11-22", "hide": ["navigation", "toc"]}
    assert body.startswith("# Arrivals rose from 299 in 2018 to 45,774 in 2022 { #chart-good-chart }\n<div")
    assert body == no_blank_lines(body)


def test_the_chart_page_shows_data_sources_licence_downloads_embed_citation_and_uses(gen: Generator) -> None:
    used = [page("topic/index.md", "Arrivals"), page("other.md", "Other page")]
    gen.chart(dataset(), ART, used, page("ignored/index.md", "Not shown when pages use it"))
    _, body = split_page(read(gen, "docs/charts/good-chart.md"))
    found = audit(body)
    text = found.text
    assert "What the chart shows: Bar chart. 299 people arrived in 2018 and 45,774 in 2022." in text
    assert ("Licence: Open Government Licence v3.0. Last reviewed 22 November 2026; next review due by 22 May 2027."
            in text)
    assert "overdue for review" not in text
    assert "Accessed 22 November 2026." in text
    assert ("How current this is. Latest release used: Irregular migration to the UK, year ending December 2023 "
            "(Home Office, 29 February 2024). We last looked for a newer release on 22 November 2026. A newer release "
            "was expected by 28 May 2024.") in text
    hrefs = [attrs.get("href") for tag, attrs in found.tags if tag == "a"]
    assert hrefs == [GOOD["sources"][0]["url"], "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
                     "/test/charts/good-chart/good-chart.png", "/test/charts/good-chart/good-chart.svg",
                     "/test/charts/good-chart/good-chart.csv", "/test/charts/good-chart/good-chart.json",
                     "/test/charts/good-chart/embed.html", "/test/topic/#chart-good-chart",
                     "/test/other/#chart-good-chart", "/test/data/"]
    assert "Not shown" not in body
    config = gen.config
    assert html.escape(formats.citation(config, GOOD["title"], "https://example.org/test/charts/good-chart/",
                                        "2026-11-22", "Home Office"), quote=True) in body
    assert html.escape(formats.bibtex(config, "good-chart", GOOD["title"], "https://example.org/test/charts/good-chart/",
                                      "2026-11-22"), quote=True) in body


def test_the_chart_page_shows_the_drawing_wide_and_narrow(gen: Generator) -> None:
    gen.chart(dataset(), ART, [], None)
    _, body = split_page(read(gen, "docs/charts/good-chart.md"))
    assert f'<div class="ex-figure__chart" data-search-exclude>{responsive_svg(ART)}</div>' in body


def test_a_dataset_text_holding_a_markdown_rule_line_leaves_the_front_matter_whole(gen: Generator) -> None:
    gen.chart(dataset(description="Above.\n\n---\nBelow.", notes=["One.\n---\nTwo.\n---\nThree."]), ART, [], None)
    meta, body = split_page(read(gen, "docs/charts/good-chart.md"))
    assert meta["title"] == GOOD["title"] and meta["chart_id"] == "good-chart"
    assert "Above.\n---\nBelow." in body and "One.\n---\nTwo.\n---\nThree." in body
    assert body == no_blank_lines(body), "blank lines are removed from the whole body, before the rule lines too"
    after_front_matter = read(gen, "docs/charts/good-chart.md").split("\n---\n", 1)[1]
    assert not after_front_matter.startswith("\n") and "\n\n" not in after_front_matter


def test_a_chart_used_on_no_page_lists_its_topic_page(gen: Generator) -> None:
    gen.chart(dataset(), ART, [], page("topic/index.md", "Arrivals"))
    hrefs = [a.get("href") for tag, a in audit(read(gen, "docs/charts/good-chart.md")).tags if tag == "a"]
    assert "/test/topic/#chart-good-chart" in hrefs


def test_a_chart_used_nowhere_and_without_a_topic_page_lists_no_page(gen: Generator) -> None:
    gen.chart(dataset(), ART, [], None)
    assert '<h2 id="used-on">Where this chart is used</h2>\n<ul></ul>' in read(gen, "docs/charts/good-chart.md")


def test_an_overdue_review_and_a_due_release_are_shown_on_the_chart_page(gen: Generator) -> None:
    gen.chart(dataset(reviewed="2026-05-01", next_review="2026-11-27",
                      currency={"frequency": "annual", "release": "ho", "checked": "2026-11-22",
                                "next_release": "2026-11-28"}), ART, [], None)
    text = audit(read(gen, "docs/charts/good-chart.md")).text
    assert "next review due by 27 November 2026 (overdue for review)." in text
    assert "A newer release was expected by 28 November 2026." in text


def test_a_release_not_yet_due_and_a_review_not_yet_due_are_not_flagged(gen: Generator) -> None:
    gen.chart(dataset(next_review="2026-11-28",
                      currency={"frequency": "annual", "release": "ho", "checked": "2026-11-22",
                                "next_release": "2026-11-29"}), ART, [], None)
    text = audit(read(gen, "docs/charts/good-chart.md")).text
    assert "overdue" not in text and "was expected by" not in text
    assert "We last looked for a newer release on 22 November 2026." in text


def test_the_json_ld_block_is_the_dataset_metadata_and_cannot_end_its_script(gen: Generator) -> None:
    ds = payload_dataset()
    gen.chart(ds, ART, [], None)
    text = read(gen, "docs/charts/pay-load.md")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0] and ">" not in blocks[0] and "&" not in blocks[0]
    assert json.loads(blocks[0]) == formats.dataset_jsonld(ds, gen.config, "https://example.org/test/charts/pay-load/")


def test_the_embed_view_is_a_standalone_page_with_a_strict_policy(gen: Generator) -> None:
    gen.chart(dataset(), ART, [], None)
    text = read(gen, "docs/charts/good-chart/embed.html")
    found = audit(text)
    assert text.startswith("<!doctype html>\n<html lang=\"en-GB\">")
    assert ("meta", {"http-equiv": "Content-Security-Policy",
                     "content": "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
                                "form-action 'none'"}) in found.tags
    assert ("link", {"rel": "canonical", "href": "https://example.org/test/charts/good-chart/"}) in found.tags
    assert ("link", {"rel": "stylesheet", "href": "/test/assets/explainer/embed.css"}) in found.tags
    assert not any(tag == "script" for tag, _ in found.tags)
    assert f"<title>{html.escape(GOOD['title'])} – Test explainer</title>" in text
    assert "Source: Home Office. See the data and sources: " in found.text
    assert responsive_svg(ART) in text


def test_the_embed_view_of_a_table_shows_the_table(gen: Generator) -> None:
    gen.chart(dataset(chart={"kind": "table"}), TABLE_ART, [], None)
    text = read(gen, "docs/charts/good-chart/embed.html")
    assert 'aria-label="Table: Arrivals rose' in text and "<svg" not in text


# -- one chart: every string escaped ----------------------------------------------------------------------------------

LABELS = ["the title", "the subtitle", "the description", "label column", "value column", "value unit", "record one",
          "record two", "publisher one", "publisher two", "source title one", "source title two", "cited in",
          "how checked", "note one", "note two", "exception reason", "currency note"]


def assert_inert(text: str, labels: list[str]) -> Audit:
    found = audit(text)
    assert [tag for tag, _ in found.tags if tag in ("i", "b", "script")] == []
    assert not any(name.startswith("on") for _, attrs in found.tags for name in attrs)
    for label in labels:
        assert f"{label} {PAYLOAD}" in found.text + "".join(found.attr_values()), label
    return found


def test_every_dataset_string_is_inert_text_in_the_figure_snippet(gen: Generator) -> None:
    gen.chart(payload_dataset(), ART, [], None)
    snippet = read(gen, "build/snippets/figures/pay-load.html")
    found = assert_inert(snippet, [lb for lb in LABELS if lb not in ("the description", "how checked", "currency note")])
    assert "<b>10</b>&" in found.text  # prefix and suffix shown as text


def test_every_dataset_string_is_inert_text_on_the_chart_page(gen: Generator) -> None:
    gen.chart(payload_dataset(), ART, [], None)
    meta, body = split_page(read(gen, "docs/charts/pay-load.md"))
    title = f"the title {PAYLOAD}"
    assert meta["title"] == html.escape(title, quote=True)
    assert meta["description"] == html.escape(f"the subtitle {PAYLOAD}", quote=True)
    heading, rest = body.split("\n", 1)
    assert heading == f"# {markupsafe.escape(markdown_text(title))} {{ #chart-pay-load }}"
    found = assert_inert(rest.split('<script type="application/ld+json">')[0], LABELS)
    assert ("a", {"href": "https://example.org/r?a=1&b=\"2\""}) in found.tags


def test_every_dataset_string_is_inert_text_in_the_embed_view(gen: Generator) -> None:
    gen.chart(payload_dataset(), ART, [], None)
    assert_inert(read(gen, "docs/charts/pay-load/embed.html"), ["the title", "the subtitle", "publisher one",
                                                                "publisher two"])
    table = dataset(**{k: v for k, v in payload_dataset().doc.items() if k != "chart"}, chart={"kind": "table"})
    gen.chart(table, TABLE_ART, [], None)
    assert_inert(read(gen, "docs/charts/pay-load/embed.html"), ["the title", "label column", "record one"])


def test_the_pasted_embed_code_is_one_iframe_with_the_title_as_plain_text(gen: Generator) -> None:
    ds = payload_dataset()
    gen.chart(ds, ART, [], None)
    text = read(gen, "docs/charts/pay-load.md")
    blocks = [b for b in text.split('<pre class="ex-code"')[1:] if "&lt;iframe" in b]
    assert len(blocks) == 1
    shown = blocks[0].split("<code>", 1)[1].split("</code>", 1)[0]
    pasted = html.unescape(shown)  # what the reader sees and copies
    found = audit(pasted)
    assert [tag for tag, _ in found.tags] == ["iframe"]
    assert found.tags[0][1] == {"src": "https://example.org/test/charts/pay-load/embed.html", "title": ds.doc["title"],
                                "width": "100%", "height": "560", "style": "border:0", "loading": "lazy"}
    assert pasted.count("<") == 2 and pasted.endswith("></iframe>")


def test_bibtex_on_the_chart_page_escapes_the_title_for_latex_and_html(gen: Generator) -> None:
    gen.chart(dataset(title="Costs {per} 100% & more_"), ART, [], None)
    text = read(gen, "docs/charts/good-chart.md")
    assert "  title = {Costs \\{per\\} 100\\% \\&amp; more\\_},\n" in text
    assert html.unescape(text).count("@misc{test-explainer-good-chart,") == 1


# -- site-wide: catalogue ---------------------------------------------------------------------------------------------

def test_the_catalogue_lists_datasets_by_topic_then_title(gen: Generator) -> None:
    sets = [dataset(id="b", topic="zeta", title="Alpha"), dataset(id="c", topic="alpha", title="Zulu"),
            dataset(id="a", topic="alpha", title="Mike")]
    gen.catalogue(sets, {"alpha": page("alpha/index.md", "Alpha topic")})
    text = read(gen, "build/snippets/catalogue.html")
    assert text == no_blank_lines(text)
    found = audit(text)
    row_links = [a["href"] for tag, a in found.tags if tag == "a" and a.get("href", "").endswith("/")
                 and "/charts/" in (a.get("href") or "")]
    assert row_links == ["/test/charts/a/", "/test/charts/c/", "/test/charts/b/"]
    topic_links = [a["href"] for tag, a in found.tags if tag == "a" and a.get("href") in ("/test/alpha/", "/test/")]
    assert topic_links == ["/test/alpha/", "/test/alpha/", "/test/"]
    assert "Alpha topic" in found.text and "zeta" in found.text  # a topic without a page is named by its id
    assert "3 datasets, sorted by section and title." in found.text
    assert "overdue" not in found.text.lower()


def test_the_catalogue_row_shows_period_unit_publishers_licence_dates_and_downloads(gen: Generator) -> None:
    gen.catalogue([dataset(sources=[GOOD["sources"][0], dict(GOOD["sources"][0], id="b", publisher="ONS")])], {})
    row = re.findall(r"<tr[ >].*?</tr>", read(gen, "build/snippets/catalogue.html"))[1]
    cells = [audit(cell).text for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
    assert cells == [GOOD["title"], "topic", "2018–2022", "people", "Home Office; ONS", "OGL-UK-3.0", "22 November 2026",
                     "22 May 2027", "PNG SVG CSV JSON"]


def test_a_table_in_the_catalogue_offers_only_csv_and_json(gen: Generator) -> None:
    gen.catalogue([dataset(chart={"kind": "table"})], {})
    text = read(gen, "build/snippets/catalogue.html")
    assert ".png" not in text and ".svg" not in text and "good-chart.csv" in text


def test_overdue_datasets_are_marked_and_counted_in_the_catalogue(gen: Generator) -> None:
    sets = [dataset(id="a", reviewed="2026-01-01", next_review="2026-06-01"),
            dataset(id="b", reviewed="2026-01-01", next_review="2026-11-27"), dataset(id="c")]
    gen.catalogue(sets, {})
    text = read(gen, "build/snippets/catalogue.html")
    assert text.count('<tr class="ex-overdue-row">') == 2
    assert text.count('<strong class="ex-overdue">Overdue</strong>') == 2
    assert "3 datasets, sorted by section and title. 2 overdue for review.</caption>" in text


def test_the_catalogue_writes_the_data_package(gen: Generator) -> None:
    sets = [dataset(id="b"), dataset(id="a")]
    gen.catalogue(sets, {})
    text = read(gen, "docs/datapackage.json")
    assert json.loads(text) == formats.data_package(sets, gen.config)
    assert text == json.dumps(formats.data_package(sets, gen.config), indent=2, ensure_ascii=False) + "\n"


def test_catalogue_text_is_escaped(gen: Generator) -> None:
    gen.catalogue([payload_dataset()], {"topic": page("topic/index.md", f"topic page {PAYLOAD}")})
    assert_inert(read(gen, "build/snippets/catalogue.html"), ["the title", "the unit", "publisher one", "topic page"])
    assert "the title <i class" in read(gen, "docs/datapackage.json")


def test_the_data_package_keeps_non_ascii_text_readable(gen: Generator) -> None:
    gen.catalogue([dataset(title="Costs – £3.5 bn, naïve “estimate”")], {})
    assert "Costs – £3.5 bn, naïve “estimate”" in read(gen, "docs/datapackage.json")


# -- site-wide: glossary ----------------------------------------------------------------------------------------------

def test_the_glossary_lists_terms_alphabetically_whatever_their_case(gen: Generator, tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "includes").mkdir(parents=True)
    (root / "includes" / "abbreviations.md").write_text(
        "*[UK]: United Kingdom\n*[aka]: also known as\n*[NCA]: National Crime Agency\n*[XSS]: cross-site " + PAYLOAD,
        encoding="utf-8")
    gen.config = dataclasses.replace(gen.config, root=root)
    gen.glossary()
    text = read(gen, "build/snippets/glossary.html")
    assert re.findall(r'<dt id="([^"]+)">', text) == ["term-aka", "term-nca", "term-uk", "term-xss"]
    assert '<dt id="term-nca"><abbr title="National Crime Agency">NCA</abbr></dt><dd>National Crime Agency</dd>' in text
    found = assert_inert(text, [])
    assert f"cross-site {PAYLOAD}" in found.text
    assert ("abbr", {"title": f"cross-site {PAYLOAD}"}) in found.tags


def test_the_glossary_is_read_as_utf8_whatever_the_locale(gen: Generator, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "site"
    (root / "includes").mkdir(parents=True)
    (root / "includes" / "abbreviations.md").write_text("*[ONS]: Office for National Statistics – naïve “café”\n",
                                                         encoding="utf-8")
    gen.config = dataclasses.replace(gen.config, root=root)
    monkeypatch.setattr(io, "text_encoding", lambda encoding, stacklevel=2: encoding or "latin-1")
    gen.glossary()
    monkeypatch.undo()
    assert "<dd>Office for National Statistics – naïve “café”</dd>" in read(gen, "build/snippets/glossary.html")


def test_a_site_without_a_glossary_file_gets_an_empty_list(gen: Generator, tmp_path: Path) -> None:
    gen.config = dataclasses.replace(gen.config, root=tmp_path / "nothing")
    gen.glossary()
    assert read(gen, "build/snippets/glossary.html") == '<dl class="ex-glossary">\n</dl>\n'


# -- site-wide: changes and feed --------------------------------------------------------------------------------------

def test_changes_of_datasets_and_pages_are_listed_newest_first(gen: Generator) -> None:
    sets = [dataset(id="a", title="Chart A", changes=[{"date": "2026-01-05", "summary": "First."},
                                                      {"date": "2026-03-01", "summary": "Corrected."}]),
            dataset(id="b", title="Chart B", changes=None)]
    pages = [page("topic/index.md", "Topic page", changes=[{"date": dt.date(2026, 2, 1), "summary": "Rewritten."}]),
             page("other.md", "Other", changes=None), page("x.md", "No changes key")]
    gen.changes(sets, pages)
    text = read(gen, "build/snippets/changes.html")
    assert text == no_blank_lines(text)
    items = re.findall(r"<li>(.*?)</li>", text)
    assert items == [
        '<time datetime="2026-03-01">1 March 2026</time>: <a href="/test/charts/a/">Chart A</a>. Corrected.',
        '<time datetime="2026-02-01">1 February 2026</time>: <a href="/test/topic/">Topic page</a>. Rewritten.',
        '<time datetime="2026-01-05">5 January 2026</time>: <a href="/test/charts/a/">Chart A</a>. First.']
    assert '<p><a href="/test/feed.xml">Subscribe to these updates (Atom feed)</a></p>' in text


def test_changes_on_the_same_day_are_ordered_by_title(gen: Generator) -> None:
    sets = [dataset(id=i, title=t, changes=[{"date": "2026-01-05", "summary": "S."}]) for i, t in
            (("a", "Beta"), ("b", "Alpha"), ("c", "Gamma"))]
    gen.changes(sets, [])
    titles = re.findall(r'">([A-Za-z]+)</a>', read(gen, "build/snippets/changes.html"))
    assert titles == ["Gamma", "Beta", "Alpha"]


def test_the_latest_changes_list_holds_the_five_newest(gen: Generator) -> None:
    changes = [{"date": f"2026-01-{day:02d}", "summary": f"Change {day}."} for day in range(1, 8)]
    gen.changes([dataset(changes=changes)], [])
    latest = re.findall(r'datetime="([^"]+)"', read(gen, "build/snippets/changes-latest.html"))
    everything = re.findall(r'datetime="([^"]+)"', read(gen, "build/snippets/changes.html"))
    assert latest == [f"2026-01-{day:02d}" for day in (7, 6, 5, 4, 3)]
    hrefs = re.findall(r'href="([^"]+)"', read(gen, "build/snippets/changes-latest.html"))
    assert hrefs == ["/test/charts/good-chart/"] * 5 + ["/test/feed.xml"]
    assert len(everything) == 7
    assert generate.LATEST_CHANGES == 5


def test_the_feed_carries_every_change(gen: Generator) -> None:
    sets = [dataset(changes=[{"date": "2026-01-05", "summary": "First."}, {"date": "2026-03-01", "summary": "Fixed."}])]
    pages = [page("topic/index.md", "Topic page", changes=[{"date": dt.date(2026, 2, 1), "summary": "Rewritten."}])]
    gen.changes(sets, pages)
    feed = ET.fromstring(read(gen, "docs/feed.xml").encode("utf-8"))
    entries = [(e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}summary")) for e in feed.findall(f"{ATOM}entry")]
    assert entries == [("https://example.org/test/charts/good-chart/#2026-03-01", "Fixed."),
                       ("https://example.org/test/topic/#2026-02-01", "Rewritten."),
                       ("https://example.org/test/charts/good-chart/#2026-01-05", "First.")]
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == "https://example.org/test/changes/"


@pytest.mark.parametrize(("reviews", "page_reviews", "updated"), [
    (["2026-11-22", "2025-01-01"], [], "2026-11-22"),
    (["2026-11-22"], [dt.date(2026, 11, 25), None], "2026-11-25"),
    ([], [dt.date(2024, 3, 1)], "2024-03-01"),
    ([], [], "2000-01-01"),
])
def test_a_feed_without_entries_is_as_new_as_the_newest_review(gen: Generator, reviews: list[str],
                                                                 page_reviews: list[Any], updated: str) -> None:
    sets = [dataset(id=f"d{i}", reviewed=r, changes=None) for i, r in enumerate(reviews)]
    pages = [page(f"p{i}.md", f"P{i}", **({"reviewed": r} if r else {})) for i, r in enumerate(page_reviews)]
    gen.changes(sets, pages)
    feed = ET.fromstring(read(gen, "docs/feed.xml").encode("utf-8"))
    assert feed.findtext(f"{ATOM}updated") == f"{updated}T00:00:00+00:00"


def test_change_text_is_escaped(gen: Generator) -> None:
    gen.changes([payload_dataset()], [page("t.md", f"page title {PAYLOAD}",
                                           changes=[{"date": "2026-01-01", "summary": f"page change {PAYLOAD}"}])])
    for name in ("changes.html", "changes-latest.html"):
        assert_inert(read(gen, f"build/snippets/{name}"), ["the title", "change summary", "page title", "page change"])
    feed = ET.fromstring(read(gen, "docs/feed.xml").encode("utf-8"))
    assert {e.findtext(f"{ATOM}summary") for e in feed.findall(f"{ATOM}entry")} == \
        {f"change summary {PAYLOAD}", f"page change {PAYLOAD}"}


# -- site-wide: social cards ------------------------------------------------------------------------------------------

def test_each_page_gets_a_card_drawn_once_and_reused_from_the_cache(gen: Generator, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[str, str, str]] = []

    def fake_card(title: str, section: str, site: str, palette: object) -> bytes:
        assert palette is gen.config.palette
        drawn.append((title, section, site))
        return f"{title}|{section}|{site}".encode()

    monkeypatch.setattr(cards, "text_card", fake_card)
    pages = [page("index.md", "Home"), page("topic/index.md", "Arrivals"), page("topic/more.md", "More")]
    cache = tmp_path / "build" / "cache" / "cards"  # on a fresh checkout none of these folders exists
    gen.page_cards(pages, cache)
    assert drawn == [("Home", "Home", "Test explainer"), ("Arrivals", "Topic", "Test explainer"),
                     ("More", "Topic", "Test explainer")]
    assert (gen.out / "docs/cards/card.png").read_bytes() == b"Home|Home|Test explainer"
    assert (gen.out / "docs/cards/topic/card.png").read_bytes() == b"Arrivals|Topic|Test explainer"
    assert (gen.out / "docs/cards/topic/more/card.png").read_bytes() == b"More|Topic|Test explainer"
    assert len(list(cache.glob("*.png"))) == 3
    gen.page_cards(pages, cache)
    assert len(drawn) == 3, "a card whose title, section, site and design are unchanged is not drawn again"


def test_a_card_is_drawn_again_when_its_title_site_or_palette_changes(gen: Generator, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    monkeypatch.setattr(cards, "text_card", lambda title, section, site, palette: drawn.append(title) or b"png")
    cache = tmp_path / "cards-cache"
    gen.page_cards([page("topic/index.md", "Arrivals")], cache)
    gen.page_cards([page("topic/index.md", "Arrivals, again")], cache)
    gen.config = dataclasses.replace(gen.config, name="Another site")
    gen.page_cards([page("topic/index.md", "Arrivals")], cache)
    palette = dataclasses.replace(gen.config.palette, highlight="#000000")
    gen.config = dataclasses.replace(gen.config, palette=palette)
    gen.page_cards([page("topic/index.md", "Arrivals")], cache)
    gen.page_cards([page("data/index.md", "Arrivals")], cache)
    assert drawn == ["Arrivals", "Arrivals, again", "Arrivals", "Arrivals", "Arrivals"]


# -- site-wide: theme pieces, citations, styles, placeholders ---------------------------------------------------------

def test_the_theme_overrides_and_the_feed_link_are_written(gen: Generator) -> None:
    gen.theme_pieces([])
    assert files_under(gen.out / "build" / "theme") == {"main.html", "partials/search.html", "explainer/head.html"}
    assert (gen.out / "build/theme/main.html").read_bytes() == (generate.THEME / "main.html").read_bytes()
    assert read(gen, "build/theme/explainer/head.html") == (
        '<link rel="alternate" type="application/atom+xml" title="Test explainer: What&#39;s changed" '
        'href="/test/feed.xml">\n')


def test_each_reviewed_page_gets_its_citation_for_the_theme(gen: Generator) -> None:
    pages = [page("draft.md", "Draft"), page("index.md", "Home", reviewed=dt.date(2026, 11, 22)),
             page("topic/sub/index.md", "Sub", reviewed="2026-10-01"), page("annex/annex-X.md", "X", reviewed="2026-10-01")]
    gen.theme_pieces(pages)
    cites = files_under(gen.out / "build" / "theme" / "explainer" / "cite")
    assert cites == {"index.html", "topic/sub/index.html", "annex/annex-X/index.html"}
    assert "@misc&#123;test-explainer-annex-annex-X," in read(gen, "build/theme/explainer/cite/annex/annex-X/index.html")
    home = read(gen, "build/theme/explainer/cite/index.html")
    assert "@misc&#123;test-explainer-home," in home
    assert html.unescape(home.replace("&#123;", "{").replace("&#125;", "}")).count(
        "Test explainer, “Home”, https://example.org/test/ (last reviewed 22 November 2026).") == 1
    sub = read(gen, "build/theme/explainer/cite/topic/sub/index.html")
    assert "@misc&#123;test-explainer-topic-sub," in sub
    assert "howpublished = &#123;\\url&#123;https://example.org/test/topic/sub/&#125;&#125;," in sub
    assert "year = &#123;2026&#125;" in sub


def test_citation_text_in_the_theme_is_escaped_and_cannot_become_template_code(gen: Generator) -> None:
    gen.theme_pieces([page("t.md", "A {{ 7*7 }} {% x %} " + PAYLOAD, reviewed="2026-11-22")])
    text = read(gen, "build/theme/explainer/cite/t/index.html")
    assert "{" not in text and "}" not in text
    assert_inert(text, [])
    gen.config = dataclasses.replace(gen.config, name="Site {{ 7*7 }}")
    gen.theme_pieces([])
    assert "{" not in read(gen, "build/theme/explainer/head.html")


def test_the_stylesheets_carry_the_dark_chart_colours(gen: Generator) -> None:
    gen.stylesheets()
    dark = theme.dark_css(gen.config.palette)
    assert read(gen, "docs/assets/explainer/explainer.css") == \
        (generate.ASSETS / "explainer.css").read_text(encoding="utf-8") + "\n" + dark
    embed = read(gen, "docs/assets/explainer/embed.css")
    assert embed.endswith((generate.ASSETS / "embed.css").read_text(encoding="utf-8")
                          + "\n@media (prefers-color-scheme: dark) {\n"
                          + dark.replace('[data-md-color-scheme="slate"] ', "") + "}\n")
    assert "data-md-color-scheme" not in embed and ".ex-chart-svg [fill=" in embed


def test_the_stylesheets_are_read_as_utf8_whatever_the_locale(gen: Generator, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    for name in ("explainer.css", "embed.css"):
        (assets / name).write_text(f"/* {name} – naïve */ .q::before {{ content: \"“\"; }}\n", encoding="utf-8")
    monkeypatch.setattr(generate, "ASSETS", assets)
    monkeypatch.setattr(io, "text_encoding", lambda encoding, stacklevel=2: encoding or "latin-1")
    gen.stylesheets()
    monkeypatch.undo()
    assert read(gen, "docs/assets/explainer/explainer.css").startswith(
        '/* explainer.css – naïve */ .q::before { content: "“"; }')
    assert '/* embed.css – naïve */ .q::before { content: "“"; }' in read(gen, "docs/assets/explainer/embed.css")


def test_placeholders_fill_an_empty_staging_folder(gen: Generator) -> None:
    gen.placeholders()
    assert files_under(gen.out) == {"docs/datapackage.json", "docs/feed.xml"}
    assert sorted(p.relative_to(gen.out).as_posix() for p in gen.out.rglob("*") if p.is_dir()) == [
        "build", "build/snippets", "build/theme", "docs", "docs/assets", "docs/assets/explainer", "docs/cards",
        "docs/charts"]


def test_placeholders_make_every_output_exist_without_touching_what_is_there(gen: Generator) -> None:
    gen.write("docs/feed.xml", "<feed/>")
    gen.write("build/snippets/x.html", "x")
    gen.placeholders()
    for name in generate.OUTPUTS:
        assert (gen.out / name).exists(), name
    assert (gen.out / "docs" / "datapackage.json").is_file()
    assert read(gen, "docs/datapackage.json") == ""
    assert read(gen, "docs/feed.xml") == "<feed/>"
    assert (gen.out / "docs" / "cards").is_dir() and (gen.out / "build" / "theme").is_dir()
    assert read(gen, "build/snippets/x.html") == "x"
