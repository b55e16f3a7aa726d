"""The claims ledger, rule by rule: what is a number that needs support, how a bound number must agree with its
dataset, what a citation covers, and the checks on headings, stale figures and the datasets' own texts.

Each test writes a small page into tmp_path, reads it with explainer.pages.read_page and runs
explainer.claims.check_pages with small dataset dictionaries; the corpus in tests/bad_inputs/claims/ goes through the
real command on a copy of the mini site.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from explainer import claims, numbers, pages

from conftest import MINI, TESTS, copy_site, run

SOURCES = "Sources"
REVIEWED = "Last reviewed"


def chart(chart_id: str, fields: list[dict[str, Any]], records: list[dict[str, Any]], kind: str = "bar",
          x: str = "year", y: str = "value", series: str | None = None, **extra: Any) -> dict[str, Any]:
    doc = {"id": chart_id, "title": f"The {chart_id} chart", "subtitle": "By year", "description": "A chart.",
           "fields": [{"name": "year", "type": "year", "title": "Year"}, *fields], "records": records,
           "chart": {"kind": kind, "x": x, "y": y, **({"series": series} if series else {})},
           "sources": [{"id": "src", "url": f"https://example.org/{chart_id}"}]}
    doc.update(extra)
    return doc


DATASETS = {
    "referrals": chart("referrals", [{"name": "value", "type": "integer", "title": "People"}],
                       [{"year": 2023, "value": 16990}, {"year": 2024, "value": 19125}]),
    "share": chart("share", [{"name": "value", "type": "percent", "title": "Share"}], [{"year": 2023, "value": 38.2}]),
    "cost": chart("cost", [{"name": "value", "type": "number", "title": "Cost", "unit": "£ billion"}],
                  [{"year": 2023, "value": 3.9}]),
    "by-sex": chart("by-sex", [{"name": "sex", "type": "string", "title": "Sex"},
                               {"name": "value", "type": "integer", "title": "People"}],
                    [{"year": 2023, "sex": "men", "value": 10}, {"year": 2023, "sex": "women", "value": 20}],
                    kind="grouped-bar", series="sex"),
    "events": chart("events", [{"name": "event", "type": "string", "title": "Event"}],
                    [{"year": 2023, "event": "Strategy"}], kind="table", x=None, y=None),
}
for _doc in DATASETS.values():
    _doc["chart"] = {k: v for k, v in _doc["chart"].items() if v is not None}


def write_page(tmp_path: Path, body: str, front: str = "title: A page\n", sources: int = 2) -> pages.Page:
    """docs/topic/page.md with front matter, the body and a numbered Sources list; read as the engine reads it."""
    docs = tmp_path / "docs"
    (docs / "topic").mkdir(parents=True, exist_ok=True)
    path = docs / "topic" / "page.md"
    items = "".join(f"{n}. Publisher {n}, [A report](https://example.org/{n}), 2024.\n" for n in range(1, sources + 1))
    path.write_text(f"---\n{front}---\n\n# A page\n\n{body}\n\n## {SOURCES}\n\n{items}\n*{REVIEWED}: 22 November 2026*\n",
                    encoding="utf-8")
    page = pages.read_page(docs, path)
    assert page.problems == []
    return page


def ledger(tmp_path: Path, body: str, front: str = "title: A page\n", names: tuple[str, ...] = (),
           docs: dict[str, dict[str, Any]] | None = None, sources: int = 2) -> claims.Ledger:
    page = write_page(tmp_path, body, front, sources)
    return claims.check_pages([page], DATASETS if docs is None else docs, names, SOURCES, REVIEWED)


def statuses(result: claims.Ledger) -> list[tuple[str, str]]:
    return [(c.text, c.status) for c in result.claims]


def messages(result: claims.Ledger) -> list[str]:
    return [str(p) for p in result.problems]


BODY_LINE = 7  # write_page puts the body on this line of the file (with the default one-line front matter)


# ---------------------------------------------------------------------------
# What is not a claim
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "In 2023 the law changed.",
    "The figures cover 2015-16 and 2015 to 2019.",
    "It was published on 22 November 2026.",
    "It came into force in November 2026.",
    "It was the 3rd report and the 21st meeting.",
    "The line opens at 10:30 and closes at 6pm.",
    "Police use Schedule 7 powers.",
    "Part 2 of the Act covers confiscation.",
    "The COVID-19 pandemic changed crime.",
    "MI5 and GCHQ work with the police.",
    "Pages meet WCAG 2.2 at level AA.",
    "Crime fell in the 1990s.",
    "Figures for Q3 are due.",
    "The helpline is open 24/7.",
    "Criminals use 4G phones.",
    "See Section 7.2 and Sections 3, 4 and 5.",
])
def test_recognised_non_claims_need_no_support(tmp_path, text):
    result = ledger(tmp_path, text)
    assert result.claims == [] and result.problems == [], messages(result)


def test_named_numbers_from_the_site_config_are_not_claims(tmp_path):
    body = "Call 0800 555 111 or 999."
    assert ledger(tmp_path / "both", body, names=("0800 555 111", "999")).claims == []
    assert statuses(ledger(tmp_path / "one", body, names=("0800 555 111",))) == [("999", "unsupported")]
    assert [t for t, _ in statuses(ledger(tmp_path / "none", body))] == ["0800", "555", "111", "999"]


def test_not_claims_in_front_matter_are_not_claims(tmp_path):
    body = "Text 7726 to report a scam call."
    assert statuses(ledger(tmp_path / "a", body)) == [("7726", "unsupported")]
    assert ledger(tmp_path / "b", body, front='title: A page\nnot_claims: ["7726"]\n').claims == []


def test_not_claims_that_is_not_a_list_is_reported(tmp_path):
    result = ledger(tmp_path, "Text 7726 to report it.", front="title: A page\nnot_claims: 7726\n")
    assert "docs/topic/page.md:3: front matter not_claims: should be a list of the exact numbers that are not claims" \
        in messages(result)


def test_a_number_after_a_lower_case_name_is_still_a_claim(tmp_path):
    """'the figure 45,774' is a quantity; only 'figure 3' is a name."""
    assert statuses(ledger(tmp_path, "The figure 45,774 is the highest.")) == [("45,774", "unsupported")]


# ---------------------------------------------------------------------------
# What is a claim
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "kind"), [
    ("£3.9 billion", 3.9e9, "money"),
    ("38%", 38, "percent"),
    ("45,774", 45774, "count"),
    ("3.2 million", 3.2e6, "count"),
    ("17 per cent", 17, "percent"),
    ("£2.46bn", 2.46e9, "money"),
])
def test_numerals_are_claims_with_their_value_and_kind(tmp_path, text, value, kind):
    found = numbers.numerals(f"It was {text} that year.")
    assert [(w.text, w.kind) for w in found] == [(text, kind)]
    assert found[0].value == pytest.approx(value)
    result = ledger(tmp_path, f"It was {text} that year.")
    assert statuses(result) == [(text, "unsupported")]
    assert messages(result) == [
        f'docs/topic/page.md:{BODY_LINE}: "{text}" is neither bound to a dataset nor cited; end its sentence with the '
        f'number of its source, e.g. [1], or bind it: **{text}**{{ data-figure="<chart id>/<key>" }}']


@pytest.mark.parametrize(("text", "word"), [
    ("Losses were ten times higher.", "ten"),
    ("Almost half of the victims were children.", "half"),
    ("Thousands of people were referred.", "Thousands"),
    ("Seizures doubled in a year.", "doubled"),
])
def test_spelled_out_quantities_are_claims(tmp_path, text, word):
    assert statuses(ledger(tmp_path, text)) == [(word, "unsupported")]


# ---------------------------------------------------------------------------
# Bound numbers
# ---------------------------------------------------------------------------

def bound(text: str, ref: str = "referrals/2023", before: str = "") -> str:
    return f'In 2023 there were {before}**{text}**{{ data-figure="{ref}" }} referrals.'


def test_a_bound_number_with_the_exact_value_passes(tmp_path):
    result = ledger(tmp_path, bound("16,990"))
    assert statuses(result) == [("16,990", "bound")] and result.problems == []
    assert result.claims[0].support == "referrals/2023"


@pytest.mark.parametrize("text", ["£3.9 billion", "£3.9bn", "£3,900 million"])
def test_money_in_any_scale_matches(tmp_path, text):
    result = ledger(tmp_path, bound(text, "cost/2023"))
    assert result.problems == [], messages(result)


def test_rounded_with_a_hedge_passes(tmp_path):
    for n, body in enumerate([bound("17,000", before="about "), bound("about 17,000"), bound("around 17,000")]):
        result = ledger(tmp_path / str(n), body)
        assert result.problems == [], (body, messages(result))


def test_rounded_without_a_hedge_fails(tmp_path):
    result = ledger(tmp_path, bound("17,000"))
    assert messages(result) == [
        f'docs/topic/page.md:{BODY_LINE}: "17,000" is rounded, but nothing says so: referrals 2023 is 16,990; say so '
        'with a word such as "about", or write the exact value']


def test_a_wrong_value_fails(tmp_path):
    result = ledger(tmp_path, bound("16,909"))
    assert messages(result) == [
        f'docs/topic/page.md:{BODY_LINE}: "16,909" does not match referrals 2023 (16,990); write the dataset\'s value, '
        "or correct the dataset"]


@pytest.mark.parametrize(("hedge", "text", "true"), [
    ("more than", "16,000", True), ("more than", "17,000", False),
    ("over", "16,900", True), ("over", "17,000", False),
    ("almost", "17,000", True), ("almost", "16,000", False),
    ("nearly", "17,000", True), ("nearly", "16,900", False),
    ("under", "17,000", True), ("under", "16,000", False),
    ("fewer than", "17,000", True), ("fewer than", "16,900", False),
    ("at least", "16,990", True), ("at least", "17,000", False),
])
def test_directional_hedges_must_be_true(tmp_path, hedge, text, true):
    result = ledger(tmp_path, bound(text, before=f"{hedge} "))
    if true:
        assert result.problems == [], messages(result)
    else:
        assert messages(result) == [
            f'docs/topic/page.md:{BODY_LINE}: "{text}" says "{hedge} {text}", which is not true: referrals 2023 is '
            "16,990; write the dataset's value, or correct the dataset"]


@pytest.mark.parametrize(("text", "ref", "wrong"), [
    ("38%", "referrals/2023", '"38%" is a percentage, but the value is not: referrals 2023 is 16,990'),
    ("38.2", "share/2023", '"38.2" is missing its % (the value is a percentage): share 2023 is 38.2'),
    ("3.9 billion", "cost/2023", '"3.9 billion" is missing its £ (the value is money): cost 2023 is 3.9 × 1,000,000,000'),
])
def test_unit_mismatches_fail(tmp_path, text, ref, wrong):
    result = ledger(tmp_path, bound(text, ref))
    assert messages(result) == [f"docs/topic/page.md:{BODY_LINE}: {wrong}; write the dataset's value, or correct the "
                                "dataset"]


@pytest.mark.parametrize(("ref", "message"), [
    ("missing/2023", "data-figure names chart 'missing', which does not exist or has errors"),
    ("referrals/2019", "data-figure=\"referrals/2019\": no record in referrals has year = '2019'; keys are: 2023, 2024"),
    ("by-sex/2023", "data-figure=\"by-sex/2023\": 2 records in by-sex have year = '2023'; add the series: "
                    "by-sex/2023/<series> (one of: men, women)"),
    ("by-sex/2023/children", "data-figure=\"by-sex/2023/children\": no record in by-sex has year = '2023' and sex = "
                             "'children'; keys are: 2023"),
    ("referrals", 'data-figure="referrals" should be "<chart id>/<key>" or "<chart id>/<key>/<series>"'),
    ("referrals/2023/men", "data-figure=\"referrals/2023/men\": chart 'referrals' has no series; write referrals/<key>"),
    ("events/2023", "chart 'events' has no values to bind to (kind 'table'); cite it instead"),
])
def test_references_that_name_no_single_value_fail(tmp_path, ref, message):
    result = ledger(tmp_path, bound("10", ref))
    assert messages(result) == [f"docs/topic/page.md:{BODY_LINE}: {message}"]
    assert result.claims == []


def test_a_series_picks_one_of_two_records(tmp_path):
    result = ledger(tmp_path, bound("20", "by-sex/2023/women"))
    assert statuses(result) == [("20", "bound")] and result.problems == []


def test_a_bound_text_holds_exactly_one_number(tmp_path):
    result = ledger(tmp_path, bound("16,990 or 17,000"))
    assert messages(result) == [f"docs/topic/page.md:{BODY_LINE}: **16,990 or 17,000** should hold exactly one number "
                                "to bind to referrals/2023"]


# ---------------------------------------------------------------------------
# Citations: what a [n] covers
# ---------------------------------------------------------------------------

def test_a_citation_before_the_full_stop_covers_its_sentence_only(tmp_path):
    result = ledger(tmp_path, "First it was 38% [1]. Then it was 45%.")
    assert statuses(result) == [("38%", "cited"), ("45%", "unsupported")]


def test_a_citation_inside_the_last_sentence_does_not_cover_the_paragraph(tmp_path):
    result = ledger(tmp_path, "First it was 38%. Then it was 45% [1].")
    assert statuses(result) == [("38%", "unsupported"), ("45%", "cited")]


def test_a_citation_after_the_last_full_stop_covers_the_paragraph(tmp_path):
    result = ledger(tmp_path, "First it was 38%.\nThen it was 45%. [1, 2]")
    assert statuses(result) == [("38%", "cited"), ("45%", "cited")] and result.problems == []
    assert {c.support for c in result.claims} == {"1,2"}


def test_a_paragraph_citation_does_not_reach_the_next_paragraph(tmp_path):
    result = ledger(tmp_path, "First it was 38%. Then 45%. [1]\n\nLater it was 50%.")
    assert statuses(result) == [("38%", "cited"), ("45%", "cited"), ("50%", "unsupported")]


def test_a_citation_in_a_list_item_covers_that_item(tmp_path):
    result = ledger(tmp_path, "- It was 38% in 2023. [1]\n- It was 45% in 2024.")
    assert statuses(result) == [("38%", "cited"), ("45%", "unsupported")]
    assert [p.where for p in result.problems] == [BODY_LINE + 1]


def test_a_citation_in_a_table_row_covers_that_row(tmp_path):
    table = "| Year | Share |\n| --- | --- |\n| 2023 | 38% [2] |\n| 2024 | 45% |"
    result = ledger(tmp_path, table)
    assert statuses(result) == [("38%", "cited"), ("45%", "unsupported")]
    assert [p.where for p in result.problems] == [BODY_LINE + 3]


def test_a_citation_in_a_table_header_covers_the_table(tmp_path):
    table = "| Year | Share [1] |\n| --- | --- |\n| 2023 | 38% |\n| 2024 | 45% |"
    result = ledger(tmp_path, table)
    assert statuses(result) == [("38%", "cited"), ("45%", "cited")] and result.problems == []


def test_a_header_citation_covers_only_its_own_table(tmp_path):
    tables = ("| Year | Share [1] |\n| --- | --- |\n| 2023 | 38% |\n\n"
              "| Year | Share |\n| --- | --- |\n| 2024 | 45% |")
    assert statuses(ledger(tmp_path, tables)) == [("38%", "cited"), ("45%", "unsupported")]


def test_a_citation_beyond_the_sources_list_fails(tmp_path):
    result = ledger(tmp_path, "It was 38% [3].")
    assert messages(result) == [f"docs/topic/page.md:{BODY_LINE}: cites [3], but the Sources list has 2 numbered "
                                "item(s); number the sources 1, 2, 3 and cite those"]


def test_a_link_is_not_a_citation(tmp_path):
    result = ledger(tmp_path, "It was 38% [in the report](https://example.org/1).")
    assert statuses(result) == [("38%", "unsupported")]


def test_numbers_in_code_links_and_the_sources_section_are_not_claims(tmp_path):
    body = "Run `explainer check 12` or see [the 2024 report](https://example.org/report-99)."
    result = ledger(tmp_path, body)
    assert result.claims == [] and result.problems == []


# ---------------------------------------------------------------------------
# Headings, stale numbers and differs:
# ---------------------------------------------------------------------------

def test_a_number_in_a_heading_must_be_stated_in_the_text(tmp_path):
    result = ledger(tmp_path, "## A 45% rise\n\nIt rose a lot [1].")
    assert messages(result) == [f'docs/topic/page.md:{BODY_LINE}: "45%" in a heading is not stated, bound or cited in '
                                "the text below it; state it there with its source"]


def test_a_heading_number_stated_and_cited_below_passes(tmp_path):
    result = ledger(tmp_path, "## A 45% rise\n\nIt rose by 45% [1].")
    assert result.problems == [] and statuses(result) == [("45%", "cited")]


STALE = "In 2023 the Home Office counted 17,004 referrals [1]."


def test_a_cited_number_close_to_a_dataset_value_for_the_same_key_is_flagged(tmp_path):
    result = ledger(tmp_path, STALE)
    assert messages(result) == [
        f'docs/topic/page.md:{BODY_LINE}: "17,004" differs from referrals 2023 (16,990); bind it to the dataset or '
        "correct it (if both are right, say why on the page and list it under differs: in the front matter)"]


def test_the_stale_check_needs_the_same_key_in_the_sentence(tmp_path):
    assert ledger(tmp_path, "The Home Office counted 17,004 referrals [1].").problems == []


def test_differs_in_front_matter_silences_the_stale_check(tmp_path):
    front = 'title: A page\ndiffers: {"17,004": "the first published figure, since revised"}\n'
    result = ledger(tmp_path, STALE, front=front)
    assert result.problems == [] and statuses(result) == [("17,004", "cited")]


def test_a_cited_number_equal_or_rounded_to_the_dataset_is_not_stale(tmp_path):
    assert ledger(tmp_path / "a", "In 2023 there were 16,990 referrals [1].").problems == []
    assert ledger(tmp_path / "b", "In 2023 there were about 17,000 referrals [1].").problems == []


# ---------------------------------------------------------------------------
# Datasets' own texts, and datasets that repeat each other
# ---------------------------------------------------------------------------

def text_doc(**texts: str) -> dict[str, Any]:
    doc = chart("arrivals", [{"name": "value", "type": "integer", "title": "People"}],
                [{"year": 2018, "value": 299}, {"year": 2022, "value": 45774}])
    doc.update(texts)
    return doc


def test_numbers_in_dataset_texts_that_are_record_values_pass():
    doc = text_doc(title="Arrivals rose from 299 in 2018 to 45,774 in 2022", subtitle="People, by year",
                   description="Bar chart. About 46,000 people arrived in 2022.")
    assert list(claims.dataset_text_problems("charts/arrivals.json", doc)) == []


@pytest.mark.parametrize("key", ["title", "subtitle", "description"])
def test_a_number_in_a_dataset_text_that_is_no_record_value_fails(key):
    doc = text_doc(**{key: "Arrivals reached 46,000 in 2022"})
    assert [str(p) for p in claims.dataset_text_problems("charts/arrivals.json", doc)] == [
        f'charts/arrivals.json: {key}: "46,000" is not a value in the records (closest: 45,774 for 2022); correct '
        "the text or the record, or move the number to notes with its source"]


def test_named_numbers_in_dataset_texts_are_not_claims():
    doc = text_doc(description="Bar chart. Call 0800 555 111 to report it; 299 people arrived in 2018.")
    assert list(claims.dataset_text_problems("charts/arrivals.json", doc, ("0800 555 111",))) == []


def twin(chart_id: str, **extra: Any) -> dict[str, Any]:
    doc = text_doc(id=chart_id, **extra)
    doc["sources"] = [{"id": "src", "url": "https://example.org/same"}]
    return doc


def test_two_datasets_charting_the_same_values_from_the_same_source_are_flagged():
    found = [str(p) for p in claims.duplicate_dataset_problems(
        [("charts/first.json", twin("first")), ("charts/second.json", twin("second"))])]
    assert found == ['charts/second.json: records: repeats 2 values of charts/first.json from the same source '
                     '(2018: 299; 2022: 45,774); keep one dataset, or say why both exist under "overlaps": '
                     '{"first": "..."}']


def test_overlaps_silences_the_duplicate_check():
    second = twin("second", overlaps={"first": "the same figures, shown per year and in total"})
    assert list(claims.duplicate_dataset_problems([("charts/first.json", twin("first")),
                                                   ("charts/second.json", second)])) == []


def test_the_same_values_from_another_source_are_not_duplicates():
    other = twin("second")
    other["sources"] = [{"id": "src", "url": "https://example.org/another"}]
    assert list(claims.duplicate_dataset_problems([("charts/first.json", twin("first")),
                                                   ("charts/second.json", other)])) == []


# ---------------------------------------------------------------------------
# Bad pages through the real command
# ---------------------------------------------------------------------------

BAD = TESTS / "bad_inputs" / "claims"
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
BAD_PAGES = sorted(p.name for p in BAD.glob("*.md"))


def test_every_bad_page_has_its_expected_lines_and_every_expectation_a_page():
    assert sorted(EXPECTED) == BAD_PAGES
    assert len(BAD_PAGES) >= 4


@pytest.fixture(scope="module")
def mini_source(tmp_path_factory):
    """The mini site's sources (not built: check --no-drawings needs no output)."""
    return copy_site(MINI, tmp_path_factory.mktemp("claims") / "mini")


def site_with(page: str, source: Path, target: Path) -> Path:
    """A copy of the mini site with one more page in docs/topic/, listed in the nav."""
    shutil.copytree(source, target)
    shutil.copy(BAD / page, target / "docs" / "topic" / page)
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      - topic/index.md\n" in text
    config.write_text(text.replace("      - topic/index.md\n", f"      - topic/index.md\n      - topic/{page}\n"),
                      encoding="utf-8")
    return target


def test_the_mini_site_passes_before_a_bad_page_is_added(mini_source):
    result = run("check", "--no-drawings", root=mini_source)
    assert result.code == 0, result.err


@pytest.mark.parametrize("page", BAD_PAGES)
def test_bad_page_fails_the_check_with_exactly_its_lines(mini_source, tmp_path, page):
    site = site_with(page, mini_source, tmp_path / "site")
    result = run("check", "--no-drawings", root=site)
    assert result.code == 1
    assert result.problems == EXPECTED[page]
    assert "nothing was written" in result.err.splitlines()[-1]


def test_an_unbound_number_fails_the_command_with_exactly_this_line(mini_source, tmp_path):
    site = site_with("unbound-number.md", mini_source, tmp_path / "site")
    result = run("check", "--no-drawings", root=site)
    assert result.code == 1
    assert result.problems == [
        'docs/topic/unbound-number.md:17: "£3.9 billion" is neither bound to a dataset nor cited; end its sentence '
        'with the number of its source, e.g. [1], or bind it: **£3.9 billion**{ data-figure="<chart id>/<key>" }']
