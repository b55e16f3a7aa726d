"""How numbers, dates and sources are written (explainer/formatting.py), the formats a dataset or page travels in
(explainer/formats.py: CSV, data package, JSON-LD, citation, BibTeX, Atom) and the registry of published URLs
(explainer/registry.py). Fast unit tests on small datasets written here and the mini site's configuration."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from explainer import config as site_config
from explainer import formats, registry
from explainer.formatting import MINUS, format_date, format_number, format_value, period, source_line
from explainer.model import Dataset

from conftest import MINI

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def config() -> site_config.SiteConfig:
    return site_config.load(MINI)


def source(sid: str, publisher: str, published: str = "2024-02-29", **extra: str) -> dict[str, str]:
    return {"id": sid, "publisher": publisher, "title": f"Report {sid}", "url": f"https://example.org/{sid}",
            "published": published, "accessed": "2026-11-22", **extra}


def make(doc_id: str = "arrivals", **changes: Any) -> Dataset:
    doc: dict[str, Any] = {
        "id": doc_id, "title": "Arrivals by year", "subtitle": "People arriving", "description": "Bar chart.",
        "topic": "topic", "unit": "people",
        "fields": [{"name": "year", "type": "year", "title": "Year"},
                   {"name": "people", "type": "integer", "title": "People", "unit": "people"}],
        "records": [{"year": 2018, "people": 299}, {"year": 2022, "people": 45774}],
        "chart": {"kind": "bar", "x": "year", "y": "people"},
        "sources": [source("ho", "Home Office")], "notes": [], "licence": "OGL-UK-3.0",
        "reviewed": "2026-11-22", "next_review": "2027-05-22",
    }
    doc.update(copy.deepcopy(changes))
    return Dataset(Path(f"charts/{doc_id}.json"), json.dumps(doc).encode(), doc)  # type: ignore[arg-type]


# -- formatting: numbers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (1234567, "1,234,567"), (1234.0, "1,234"), (1234.5, "1,234.5"), (0, "0"), (-5, MINUS + "5"),
    (-1234.25, MINUS + "1,234.25"), (-0.5, MINUS + "0.5"), (12.0, "12"),
])
def test_numbers_get_thousands_separators_and_a_true_minus(value: float, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize("spec", [",", ""])
def test_a_bare_comma_spec_is_the_default_format(spec: str) -> None:
    assert format_number(1234.0, spec) == "1,234"
    assert format_number(2.5, spec) == "2.5"


@pytest.mark.parametrize(("value", "spec", "expected"), [
    (1234.5, ",.1f", "1,234.5"), (2.5, ",.2f", "2.50"), (3.1, ",.2~f", "3.1"), (3.0, ",.2~f", "3"),
    (1200, ",.0~f", "1,200"), (1200.0, ",.1~f", "1,200"), (-7.25, ",.1f", MINUS + "7.2"), (0.125, ".3~f", "0.125"),
    (1500, ".0f", "1500"),
])
def test_a_d3_spec_is_honoured_and_tilde_trims_trailing_zeros(value: float, spec: str, expected: str) -> None:
    assert format_number(value, spec) == expected


@pytest.mark.parametrize(("value", "spec", "expected"), [
    (-0.04, ",.1f", "0.0"), (-0.001, ",.2~f", "0"), (-0.4, ".0f", "0"), (-0.0, ",.1f", "0.0"), (-0.05, ",.1f", MINUS + "0.1"),
    (-0.0, None, "0"),
])
def test_a_negative_number_that_rounds_to_zero_has_no_minus_sign(value: float, spec: str | None, expected: str) -> None:
    """As d3-format writes the chart axes: '−0.0' in a table next to '0.0' on the axis would read as a different value."""
    assert format_number(value, spec) == expected


# -- formatting: cells, dates, sources, period ----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "field", "expected"), [
    (None, {"type": "integer"}, "–"),
    (None, {"type": "string"}, "–"),
    (2022, {"type": "year"}, "2022"),
    (20221, {"type": "year", "format": ",.1f"}, "20221"),
    ("2024-02-29", {"type": "date"}, "29 February 2024"),
    ("A <b>", {"type": "string", "prefix": "£"}, "A <b>"),
    (1234, {"type": "integer"}, "1,234"),
    (1234.5, {"type": "number", "format": ",.2f"}, "1,234.50"),
    (12.5, {"type": "percent"}, "12.5%"),
    (12.5, {"type": "percent", "suffix": " pp"}, "12.5 pp"),
    (3.5, {"type": "number", "prefix": "£", "suffix": " bn"}, "£3.5 bn"),
    (-3, {"type": "integer", "prefix": "£"}, "£" + MINUS + "3"),
    (7, {"type": "number", "suffix": ""}, "7"),
])
def test_a_cell_is_written_with_its_prefix_number_and_suffix(value: Any, field: dict[str, Any], expected: str) -> None:
    assert format_value(value, field) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-02-29", "29 February 2024"), ("2024-03-05", "5 March 2024"), ("2024-12", "December 2024"),
    ("2024-01", "January 2024"), ("2024", "2024"),
])
def test_dates_are_written_in_words(text: str, expected: str) -> None:
    assert format_date(text) == expected


def test_one_publisher_is_a_source_and_several_are_sources() -> None:
    assert source_line([{"publisher": "Home Office"}]) == "Source: Home Office"
    assert source_line([{"publisher": "Home Office"}, {"publisher": "Home Office"}]) == "Source: Home Office"
    assert source_line([{"publisher": "ONS"}, {"publisher": "Home Office"}, {"publisher": "ONS"}]) == \
        "Sources: ONS; Home Office"


def test_the_period_spans_the_years_of_the_records() -> None:
    doc = make(records=[{"year": 2021, "people": 1}, {"year": 2018, "people": 2}, {"year": 2023, "people": 3}]).doc
    assert period(dict(doc)) == "2018–2023"


def test_a_single_year_is_a_period_of_its_own() -> None:
    assert period(dict(make(records=[{"year": 2020, "people": 1}, {"year": 2020, "people": 2}]).doc)) == "2020"
    assert period(dict(make(records=[{"year": 2021, "people": 1}]).doc)) == "2021"


def test_the_period_runs_from_the_first_to_the_last_year_even_when_years_repeat() -> None:
    records = [{"year": 2018, "people": 1}, {"year": 2018, "people": 2}, {"year": 2020, "people": 3}]
    assert period(dict(make(records=records).doc)) == "2018–2020"


def test_the_period_of_dates_uses_their_years_and_skips_empty_cells() -> None:
    doc = make(fields=[{"name": "when", "type": "date", "title": "When"}, {"name": "day", "type": "date", "title": "D"},
                       {"name": "people", "type": "integer", "title": "People"}],
               records=[{"when": "2019-05-01", "day": "2001-01-01", "people": 1}, {"when": None, "day": None, "people": 2},
                        {"when": "2016-12", "day": "2030-01-01", "people": 3}]).doc
    assert period(dict(doc)) == "2016–2019"


def test_without_years_in_the_records_the_period_is_the_sources_publication_years() -> None:
    fields = [{"name": "area", "type": "string", "title": "Area"}, {"name": "people", "type": "integer", "title": "P"}]
    records = [{"area": "North", "people": 1}]
    one = make(fields=fields, records=records, sources=[source("a", "A", "2024-02-29")]).doc
    two = make(fields=fields, records=records, sources=[source("a", "A", "2024-02-29"), source("b", "B", "2019-01-01"),
                                                         source("c", "C", "2021-06-30")]).doc
    assert period(dict(one)) == "2024"
    assert period(dict(two)) == "2019–2024"


def test_a_year_field_with_no_values_falls_back_to_the_sources() -> None:
    doc = make(records=[{"year": None, "people": 1}], sources=[source("a", "A", "2015-01-01"),
                                                               source("b", "B", "2016-01-01")]).doc
    assert period(dict(doc)) == "2015–2016"


# -- formats: publishers and CSV ------------------------------------------------------------------------------------

def test_publishers_are_listed_once_each_in_source_order() -> None:
    ds = make(sources=[source("a", "ONS"), source("b", "Home Office"), source("c", "ONS")])
    assert formats.publishers(ds) == "ONS; Home Office"


def test_csv_has_one_column_per_field_and_empty_cells_for_no_value() -> None:
    ds = make(records=[{"year": 2018, "people": 299}, {"year": 2019, "people": None}, {"year": 2020}])
    assert formats.dataset_csv(ds) == "year,people\n2018,299\n2019,\n2020,\n"


def test_csv_adds_the_source_column_only_when_there_are_several_sources() -> None:
    ds = make(sources=[source("a", "A"), source("b", "B")],
              records=[{"year": 2018, "people": 1, "source": "a"}, {"year": 2019, "people": 2, "source": "b"}])
    assert formats.dataset_csv(ds) == "year,people,source\n2018,1,a\n2019,2,b\n"


def test_csv_quotes_text_so_it_reads_back_exactly() -> None:
    label = 'A, "quoted" <b>label</b>\nwith a new line'
    ds = make(fields=[{"name": "label", "type": "string", "title": "L"}, {"name": "n", "type": "number", "title": "N"}],
              records=[{"label": label, "n": 1.5}])
    rows = list(csv.reader(io.StringIO(formats.dataset_csv(ds))))
    assert rows == [["label", "n"], [label, "1.5"]]


# -- formats: data package -------------------------------------------------------------------------------------------

def test_the_data_package_describes_the_site(config: site_config.SiteConfig) -> None:
    package = formats.data_package([], config)
    assert package == {
        "name": "test-explainer-datasets", "title": "Test explainer: datasets",
        "homepage": "https://example.org/test/data/", "profile": "data-package",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": []}


def test_each_dataset_is_a_resource_with_typed_fields_units_sources_and_licence(config: site_config.SiteConfig) -> None:
    ds = make(fields=[{"name": "year", "type": "year", "title": "Year"},
                      {"name": "when", "type": "date", "title": "When"},
                      {"name": "people", "type": "integer", "title": "People", "unit": "people"},
                      {"name": "rate", "type": "number", "title": "Rate", "unit": ""},
                      {"name": "share", "type": "percent", "title": "Share", "unit": "per cent"},
                      {"name": "area", "type": "string", "title": "Area"}],
              records=[{"year": 2018, "when": "2018-01-01", "people": 1, "rate": 1.5, "share": 2.5, "area": "N"}])
    (resource,) = formats.data_package([ds], config)["resources"]
    assert resource == {
        "name": "arrivals", "path": "charts/arrivals/arrivals.csv", "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "title": "Arrivals by year", "description": "Bar chart.",
        "schema": {"fields": [
            {"name": "year", "type": "year", "title": "Year"},
            {"name": "when", "type": "date", "title": "When"},
            {"name": "people", "type": "integer", "title": "People", "description": "Unit: people"},
            {"name": "rate", "type": "number", "title": "Rate"},
            {"name": "share", "type": "number", "title": "Share", "description": "Unit: per cent"},
            {"name": "area", "type": "string", "title": "Area"}]},
        "sources": [{"title": "Home Office: Report ho", "path": "https://example.org/ho"}],
        "licenses": [{"name": "OGL-UK-3.0",
                      "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
                      "title": "Open Government Licence v3.0"}],
    }


def test_a_resource_of_several_sources_has_the_source_column(config: site_config.SiteConfig) -> None:
    ds = make(sources=[source("a", "A"), source("b", "B")], licence="CC-BY-4.0")
    (resource,) = formats.data_package([ds], config)["resources"]
    assert resource["schema"]["fields"][-1] == {"name": "source", "type": "string", "title": "Source id (see sources)"}
    assert [s["title"] for s in resource["sources"]] == ["A: Report a", "B: Report b"]
    assert resource["licenses"][0]["name"] == "CC-BY-4.0"


def test_resources_are_sorted_by_dataset_id(config: site_config.SiteConfig) -> None:
    package = formats.data_package([make("zebra"), make("alpha"), make("mid")], config)
    assert [r["name"] for r in package["resources"]] == ["alpha", "mid", "zebra"]


@pytest.mark.parametrize(("path", "url"), [("index.md", ""), ("data/index.md", "data/"), ("changes.md", "changes/"),
                                           ("about/changes.md", "about/changes/"), ("a/b/index.md", "a/b/"),
                                           ("reindex.md", "reindex/"), ("index.md.md", "index.md/")])
def test_a_page_path_becomes_its_directory_url(path: str, url: str) -> None:
    assert formats.page_url(path) == url


def test_the_catalogue_url_comes_from_the_configured_path(config: site_config.SiteConfig) -> None:
    assert formats.catalogue_url(config) == "data/"
    other = dataclasses.replace(config, paths=dataclasses.replace(config.paths, catalogue="about/datasets.md"))
    assert formats.catalogue_url(other) == "about/datasets/"


# -- formats: JSON-LD -------------------------------------------------------------------------------------------------

def test_json_ld_describes_the_dataset_for_search_engines(config: site_config.SiteConfig) -> None:
    ds = make(sources=[source("a", "A"), source("b", "B")], subtitle="By year", description="Bar chart.")
    page = "https://example.org/test/charts/arrivals/"
    assert formats.dataset_jsonld(ds, config, page) == {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": "Arrivals by year", "description": "By year. Bar chart.",
        "url": page, "identifier": page,
        "license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "dateModified": "2026-11-22", "temporalCoverage": "2018–2022",
        "creator": {"@type": "Organization", "name": "Test explainer", "url": "https://example.org/test/"},
        "isBasedOn": ["https://example.org/a", "https://example.org/b"],
        "variableMeasured": ["Year", "People"],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv",
             "contentUrl": "https://example.org/test/charts/arrivals/arrivals.csv"},
            {"@type": "DataDownload", "encodingFormat": "application/json",
             "contentUrl": "https://example.org/test/charts/arrivals/arrivals.json"},
        ],
    }


# -- formats: citation and BibTeX ------------------------------------------------------------------------------------

def test_a_page_citation_names_site_title_url_and_review_date(config: site_config.SiteConfig) -> None:
    assert formats.citation(config, "Arrivals", "https://example.org/test/topic/", "2026-11-22") == \
        "Test explainer, “Arrivals”, https://example.org/test/topic/ (last reviewed 22 November 2026)."


def test_a_chart_citation_also_says_chart_and_data_and_whose_data(config: site_config.SiteConfig) -> None:
    text = formats.citation(config, "Arrivals", "https://example.org/test/charts/a/", "2026-01-05", "ONS; Home Office")
    assert text == ("Test explainer, “Arrivals”, chart and data, https://example.org/test/charts/a/ "
                    "(last reviewed 5 January 2026). Data: ONS; Home Office.")


def test_citation_words_come_from_the_site_strings(config: site_config.SiteConfig) -> None:
    strings = dict(config.strings, chart_and_data="Grafik", last_reviewed="Zuletzt GEPRÜFT", data_from="Daten")
    other = dataclasses.replace(config, strings=strings)
    assert formats.citation(other, "T", "u", "2026-11-22", "X") == \
        "Test explainer, “T”, Grafik, u (zuletzt geprüft 22 November 2026). Daten: X."


@pytest.mark.parametrize(("text", "escaped"), [
    ("{a}", r"\{a\}"), ("50% & $5", r"50\% \& \$5"), ("#1_a^b~c", r"\#1\_a\^b\~c"), ("back\\slash", r"back\\slash"),
    ("plain text", "plain text"),
])
def test_bibtex_special_characters_are_escaped(text: str, escaped: str) -> None:
    assert formats.bibtex_escape(text) == escaped


def test_a_bibtex_entry_is_a_misc_entry_keyed_by_prefix_and_name(config: site_config.SiteConfig) -> None:
    entry = formats.bibtex(config, "arrivals", "Arrivals {by} year: 50%", "https://example.org/test/charts/arrivals/",
                           "2026-11-22")
    assert entry == ("@misc{test-explainer-arrivals,\n"
                     "  title = {Arrivals \\{by\\} year: 50\\%},\n"
                     "  author = {{Test explainer}},\n"
                     "  year = {2026},\n"
                     "  howpublished = {\\url{https://example.org/test/charts/arrivals/}},\n"
                     "  note = {Last reviewed 2026-11-22}\n"
                     "}")


def test_the_bibtex_author_is_the_escaped_site_name(config: site_config.SiteConfig) -> None:
    entry = formats.bibtex(dataclasses.replace(config, name="Crime & Co_op {UK}"), "k", "T", "u", "2025-01-01")
    assert "  author = {{Crime \\& Co\\_op \\{UK\\}}},\n" in entry


# -- formats: Atom feed ----------------------------------------------------------------------------------------------

def feed_of(config: site_config.SiteConfig, entries: list[dict[str, str]], fallback: str = "2020-01-01") -> ET.Element:
    return ET.fromstring(formats.atom_feed(entries, config, "changes/", fallback).encode("utf-8"))


ENTRIES = [
    {"date": "2026-01-02", "title": "B chart", "summary": "Added <b>.", "url": "charts/b/"},
    {"date": "2026-03-04", "title": "A page", "summary": "Rewritten.", "url": "topic/"},
    {"date": "2026-01-02", "title": "C chart", "summary": "Fixed & checked.", "url": "charts/c/"},
]


def test_the_feed_names_the_site_and_links_to_itself_and_the_changes_page(config: site_config.SiteConfig) -> None:
    feed = feed_of(config, ENTRIES)
    assert feed.findtext(f"{ATOM}id") == "https://example.org/test/feed.xml"
    assert feed.findtext(f"{ATOM}title") == "Test explainer: What's changed"
    assert feed.findtext(f"{ATOM}subtitle") == "A small site used by the tests of the explainer engine."
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Test explainer"
    assert feed.findtext(f"{ATOM}author/{ATOM}uri") == "https://example.org/test/"
    links = {(link.get("rel"), link.get("href")) for link in feed.findall(f"{ATOM}link")}
    assert links == {("alternate", "https://example.org/test/changes/"), ("self", "https://example.org/test/feed.xml")}
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    assert feed.find(f"{ATOM}generator") is None


def test_a_site_without_a_description_is_subtitled_with_its_name(config: site_config.SiteConfig) -> None:
    feed = feed_of(dataclasses.replace(config, description=""), ENTRIES)
    assert feed.findtext(f"{ATOM}subtitle") == "Test explainer"


def test_feed_entries_are_newest_first_then_by_title_descending(config: site_config.SiteConfig) -> None:
    feed = feed_of(config, ENTRIES)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["A page", "C chart", "B chart"]
    first = entries[0]
    assert first.findtext(f"{ATOM}id") == "https://example.org/test/topic/#2026-03-04"
    assert first.find(f"{ATOM}link").get("href") == "https://example.org/test/topic/"  # type: ignore[union-attr]
    assert first.findtext(f"{ATOM}updated") == "2026-03-04T00:00:00+00:00"
    assert first.findtext(f"{ATOM}summary") == "Rewritten."
    assert entries[2].findtext(f"{ATOM}summary") == "Added <b>."


def test_the_feed_is_as_new_as_its_newest_entry(config: site_config.SiteConfig) -> None:
    assert feed_of(config, ENTRIES, fallback="2027-01-01").findtext(f"{ATOM}updated") == "2026-03-04T00:00:00+00:00"


def test_an_empty_feed_is_as_new_as_the_fallback_date(config: site_config.SiteConfig) -> None:
    feed = feed_of(config, [], fallback="2025-06-30")
    assert feed.findtext(f"{ATOM}updated") == "2025-06-30T00:00:00+00:00"
    assert feed.findall(f"{ATOM}entry") == []


def test_the_feed_text_is_pretty_printed_xml_without_a_generator_line(config: site_config.SiteConfig) -> None:
    text = formats.atom_feed(ENTRIES, config, "changes/", "2020-01-01")
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<feed")
    assert "\n  <entry>" in text
    assert "generator" not in text
    assert "Added &lt;b&gt;." in text
    feed = ET.fromstring(text.encode("utf-8"))
    assert (feed.text or "").strip() == "" and all((child.tail or "").strip() == "" for child in feed), \
        "nothing is left where the generator line was"


# -- registry --------------------------------------------------------------------------------------------------------

def touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")


def test_the_published_urls_are_pages_downloads_embeds_package_and_feed(tmp_path: Path) -> None:
    touch(tmp_path, "index.html", "topic/index.html", "404.html", "charts/a/index.html", "charts/a/embed.html",
          "charts/a/a.png", "charts/a/a.svg", "charts/a/a.csv", "charts/a/a.json", "charts/a/a.vl.json",
          "charts/a/a-card.png", "charts/a/notes.txt", "datapackage.json", "feed.xml", "sitemap.xml",
          "other.json", "assets/x.html", "search/search_index.json", "search/worker.html", "cards/topic/card.png",
          "cards/topic/index.html", "img.png")
    (tmp_path / "empty-dir").mkdir()
    assert registry.published_urls(tmp_path) == {
        "/", "/topic/", "/404.html", "/charts/a/", "/charts/a/embed.html", "/charts/a/a.png", "/charts/a/a.svg",
        "/charts/a/a.csv", "/charts/a/a.json", "/charts/a/a.vl.json", "/datapackage.json", "/feed.xml"}


def test_a_folder_named_like_a_page_is_not_a_url(tmp_path: Path) -> None:
    (tmp_path / "charts" / "x.png").mkdir(parents=True)
    (tmp_path / "odd.html").mkdir()
    assert registry.published_urls(tmp_path) == set()


def test_the_registry_is_read_without_comments_blank_lines_or_spaces(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("# header\n/\n\n  /topic/  \n# /old/\n/charts/a/\n", encoding="utf-8")
    assert registry.read(path) == ["/", "/topic/", "/charts/a/"]


def test_the_registry_is_written_sorted_under_its_header(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    registry.write(path, {"/topic/", "/", "/charts/a/"})
    assert path.read_text(encoding="utf-8") == registry.HEADER + "/\n/charts/a/\n/topic/\n"
    assert registry.HEADER.startswith("# Every URL this site has published")


def test_registering_adds_new_urls_keeps_old_ones_and_counts_the_new(tmp_path: Path) -> None:
    site, path = tmp_path / "site", tmp_path / "urls.txt"
    touch(site, "index.html", "topic/index.html")
    registry.write(path, {"/", "/old/"})
    assert registry.register(site, path) == 1
    assert registry.read(path) == ["/", "/old/", "/topic/"]
    assert registry.register(site, path) == 0


def test_the_registry_is_utf8_whatever_the_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page path with a non-ASCII letter round-trips even where text files default to another encoding."""
    path = tmp_path / "urls.txt"
    monkeypatch.setattr(io, "text_encoding", lambda encoding, stacklevel=2: encoding or "latin-1")
    registry.write(path, {"/café/", "/"})
    assert registry.read(path) == ["/", "/café/"]
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8").endswith("/\n/café/\n")


def test_registering_creates_the_registry_when_there_is_none(tmp_path: Path) -> None:
    site, path = tmp_path / "site", tmp_path / "urls.txt"
    touch(site, "index.html", "feed.xml")
    assert registry.register(site, path) == 2
    assert registry.read(path) == ["/", "/feed.xml"]


def test_two_changes_of_one_page_on_one_day_are_two_feed_entries_with_their_own_ids(
        config: site_config.SiteConfig) -> None:
    """Atom readers treat entries with one id (and one updated time) as one entry: the second change would vanish."""
    entries = [{"date": "2026-01-02", "title": "B chart", "summary": "First published.", "url": "charts/b/"},
               {"date": "2026-01-02", "title": "B chart", "summary": "Corrected a label.", "url": "charts/b/"},
               {"date": "2026-01-01", "title": "B chart", "summary": "Drafted.", "url": "charts/b/"}]
    feed = feed_of(config, entries)
    ids = [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)) == 3
    assert ids[0] == "https://example.org/test/charts/b/#2026-01-02"
    assert ids[1] == "https://example.org/test/charts/b/#2026-01-02-2"
    assert ids[2] == "https://example.org/test/charts/b/#2026-01-01"
