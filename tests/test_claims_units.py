"""The claims checks' building blocks (explainer/numbers.py and the helpers of explainer/claims.py): how a written
number is read, which numbers are not claims, how a dataset's values are scaled and looked up, how a page is cut into
units and sentences. tests/test_claims.py checks the rules through whole pages; these pin the pieces."""

from __future__ import annotations

from pathlib import Path

import pytest
from explainer import claims, numbers, pages
from explainer.problems import Problem


def written(text: str) -> numbers.Written:
    (found,) = numbers.numerals(text)
    return found


@pytest.mark.parametrize(("text", "value", "decimals", "scale", "kind", "shown"), [
    ("45,774", 45774, 0, 1.0, "count", "45,774"),
    ("3.9", 3.9, 1, 1.0, "count", "3.9"),
    ("38%", 38, 0, 1.0, "percent", "38%"),
    ("38 %", 38, 0, 1.0, "percent", "38 %"),
    ("12.5 per cent", 12.5, 1, 1.0, "percent", "12.5 per cent"),
    ("3 percentage points", 3, 0, 1.0, "percent", "3 percentage points"),
    ("£3.9 billion", 3.9e9, 1, 1e9, "money", "£3.9 billion"),
    ("£2.46bn", 2.46e9, 2, 1e9, "money", "£2.46bn"),
    ("$5m", 5e6, 0, 1e6, "money", "$5m"),
    ("€7 thousand", 7000, 0, 1e3, "money", "€7 thousand"),
    ("12k", 12000, 0, 1e3, "count", "12k"),
    ("1.5 trillion", 1.5e12, 1, 1e12, "count", "1.5 trillion"),
    ("4 million", 4e6, 0, 1e6, "count", "4 million"),
    ("£3.9 Billion", 3.9e9, 1, 1e9, "money", "£3.9 Billion"),   # a capital in a heading or a quotation
    ("4 MILLION", 4e6, 0, 1e6, "count", "4 MILLION"),
])
def test_a_numeral_is_read_with_its_value_precision_scale_and_kind(text: str, value: float, decimals: int, scale: float,
                                                                   kind: str, shown: str) -> None:
    w = written(f"It was {text} in all.")
    assert (w.value, w.decimals, w.scale, w.kind, w.text) == (pytest.approx(value), decimals, scale, kind, shown)
    assert (w.start, w.end) == (7, 7 + len(text))


def test_a_numeral_broken_over_two_lines_is_shown_on_one() -> None:
    assert written("It was 12\nper cent.").text == "12 per cent"


@pytest.mark.parametrize("text", ["v1.2.3", "1,23", "12ab3", "a1", "#12", "/12", "1.2.3"])
def test_numbers_inside_other_tokens_are_not_numerals(text: str) -> None:
    assert all(w.text != text for w in numbers.numerals(text))


@pytest.mark.parametrize(("text", "zeros"), [("17,000", 3), ("17,004", 0), ("17,000.5", 0), ("2,000 million", 3),
                                             ("0", 0), ("100", 2), ("£3bn", 0), ("1,000,000", 6)])
def test_trailing_zeros_show_the_rounding_a_whole_number_may_carry(text: str, zeros: int) -> None:
    assert written(text).trailing_zeros == zeros


@pytest.mark.parametrize(("text", "digits"), [("17,000", 2), ("17,004", 5), ("3.90", 3), ("0.05", 1), ("100", 1),
                                              ("£3.9bn", 2), ("7", 1)])
def test_significant_digits_are_counted_as_written(text: str, digits: int) -> None:
    assert written(text).significant_digits == digits


def test_in_own_scale_is_the_number_as_written() -> None:
    assert written("£3.9bn").in_own_scale == pytest.approx(3.9)


@pytest.mark.parametrize(("text", "value", "equal"), [
    ("3.9", 3.94, True), ("3.9", 3.96, False), ("17,004", 17004, True), ("17,004", 17004.4, True),
    ("17,004", 17005, False), ("£3.9bn", 3.9e9, True), ("£3.9bn", 3.95e9 + 1, False), ("38%", 38.4, True),
])
def test_a_value_equals_a_number_rounded_as_the_text_rounds_it(text: str, value: float, equal: bool) -> None:
    assert numbers.equal_as_written(written(text), value) is equal


@pytest.mark.parametrize(("text", "value", "rounded"), [
    ("17,000", 17004, True), ("17,000", 17600, False), ("17,000", 16600, True), ("16,000", 16500, True), ("17,004", 17004, False),
    ("20,000", 19500, True), ("2,000 million", 1.9996e9, True), ("3.9", 3.9, False),
])
def test_a_round_number_states_a_value_to_the_zeros_it_shows(text: str, value: float, rounded: bool) -> None:
    assert numbers.rounded_as_written(written(text), value) is rounded


@pytest.mark.parametrize(("value", "plain"), [(17004.0, "17,004"), (3.9, "3.9"), (0.125, "0.125"), (-2.0, "-2"),
                                              (1234567.891, "1,234,567.891"), (2e15, "2,000,000,000,000,000"),
                                              (2.5e15, "2,500,000,000,000,000"), (1.5e15 + 0.5, "1500000000000000.5"), (1e15 + 0.5, "1000000000000000.5"), (1.5e16 + 1, "15,000,000,000,000,000")])
def test_values_in_messages_have_separators_and_no_needless_decimals(value: float, plain: str) -> None:
    assert numbers.format_plain(value) == plain


def test_blank_keeps_every_position_and_line_break() -> None:
    assert numbers.blank("ab\ncd ef", 1, 6) == "a \n   ef"
    assert numbers.blank_matches("x 12 y\n34", __import__("re").compile(r"\d+")) == "x    y\n  "


@pytest.mark.parametrize("text", ["22 November 2026", "November 22, 2026", "November 2026", "2015-16", "2015 to 2019",
                                  "2015–2019", "the 1990s", "in 2023", "Q3", "quarter 2", "the 3rd", "10:30", "6pm",
                                  "9.30 am", "24/7", "Schedule 7", "Parts 2 and 3", "section 4.1", "pages 3-5",
                                  "WCAG 2.2", "version 1.2", "COVID-19", "MI5", "G7", "4G"])
def test_dates_periods_ordinals_times_and_names_are_not_claims(text: str) -> None:
    assert numbers.numerals(numbers.blank_not_claims(f"See {text} here.")) == []


@pytest.mark.parametrize("text", ["45,774 people", "£3.9 billion", "38%", "2023 %", "2020 million", "the figure 45,774",
                                  "Schedule 7 and 8%", "£2020"])
def test_quantities_survive_the_not_claims_blanking(text: str) -> None:
    assert numbers.numerals(numbers.blank_not_claims(text)) != []


def test_named_numbers_are_blanked_longest_first_and_only_standing_alone() -> None:
    text = "Operation 1010 began; 1010 people joined Operation 101."
    blanked = numbers.blank_not_claims(text, ("Operation 101", "Operation 1010"))
    assert [w.text for w in numbers.numerals(blanked)] == ["1010"] and len(blanked) == len(text)
    assert "Operation" not in blanked
    partial = numbers.blank_not_claims(text, ("Operation 101",))
    assert [w.text for w in numbers.numerals(partial)] == ["1010", "1010"]
    assert numbers.names_pattern(()) is None
    assert numbers.names_pattern(("a", "a")) is numbers.names_pattern(("a", "a"))


@pytest.mark.parametrize(("text", "word"), [("ten times", "ten"), ("half of them", "half"), ("thousands of", "thousands"),
                                            ("it doubled", "doubled"), ("two-thirds", "two-thirds"),
                                            ("three quarters", "three quarters"), ("Twice", "Twice")])
def test_spelled_out_quantities_are_found(text: str, word: str) -> None:
    assert [m.group(0) for m in numbers.WORD_QUANTITY.finditer(text)] == [word]


# -- claims helpers ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("spec", "scale"), [
    ({"unit": "£ billion"}, 1e9), ({"unit": "people"}, 1.0), ({"suffix": " bn"}, 1e9), ({"unit": "million"}, 1e6),
    ({"unit": "Thousand people"}, 1e3), ({"unit": "trillion"}, 1e12), ({"unit": "per million people"}, 1.0),
    ({"unit": "millions"}, 1.0), ({}, 1.0), ({"unit": "people", "suffix": "m"}, 1.0),
])
def test_a_fields_unit_sets_its_scale(spec: dict[str, str], scale: float) -> None:
    assert claims.field_scale(spec) == scale


@pytest.mark.parametrize(("spec", "kind"), [
    ({"type": "percent"}, "percent"), ({"type": "number", "suffix": "%"}, "percent"),
    ({"type": "number", "unit": "per cent of adults"}, "percent"), ({"type": "number", "prefix": "£"}, "money"),
    ({"type": "number", "unit": "£ million"}, "money"), ({"type": "integer", "unit": "people"}, "count"),
])
def test_a_fields_kind_is_percent_money_or_count(spec: dict[str, str], kind: str) -> None:
    assert claims.field_kind(spec) == kind


@pytest.mark.parametrize(("chart", "keys"), [
    ({"kind": "table"}, (None, None, None)), ({"kind": "bar", "x": "year", "y": "n"}, ("year", "n", None)),
    ({"kind": "line", "x": "year", "y": "n", "series": "s"}, ("year", "n", "s")),
    ({"kind": "ranked-bar", "x": "n", "y": "area"}, ("area", "n", None)),
    ({"kind": "comparison", "x": "n", "y": "area", "series": "s"}, ("area", "n", "s")),
    ({"kind": "timeline", "x": "year", "y": "event"}, ("event", None, None)),
])
def test_the_key_value_and_series_fields_follow_the_chart_kind(chart: dict[str, str], keys: tuple[str | None, ...]) -> None:
    assert claims.key_fields({"chart": chart}) == keys


DOC = {"id": "cost", "chart": {"kind": "grouped-bar", "x": "year", "y": "value", "series": "sex"},
       "fields": [{"name": "year", "type": "year", "title": "Y"}, {"name": "sex", "type": "string", "title": "S"},
                  {"name": "value", "type": "number", "title": "V", "unit": "£ million"},
                  {"name": "share", "type": "percent", "title": "P"}, {"name": "n", "type": "integer", "title": "N"}],
       "records": [{"year": 2023, "sex": "men", "value": 1.5, "share": 40, "n": True},
                   {"year": 2023, "sex": "women", "value": None, "share": 60.5, "n": 7}]}


def test_every_numeric_value_of_a_dataset_is_indexed_in_absolute_units() -> None:
    assert claims.dataset_values("cost", DOC) == [
        claims.Value("cost", "2023", "men", 1.5e6, "money"), claims.Value("cost", "2023", "men", 40.0, "percent"),
        claims.Value("cost", "2023", "women", 60.5, "percent"), claims.Value("cost", "2023", "women", 7.0, "count")]


def test_a_table_is_indexed_without_keys() -> None:
    doc = dict(DOC, chart={"kind": "table"})
    assert claims.dataset_values("t", doc)[0] == claims.Value("t", "", "", 1.5e6, "money")


def test_a_value_label_names_chart_key_and_series_on_one_line() -> None:
    assert claims.Value("c", "2023", "men", 1.0, "count").label == "c 2023 (men)"
    assert claims.Value("c", "a\nb", "", 1.0, "count").label == "c a\\nb"


@pytest.mark.parametrize(("ref", "found"), [
    ("cost/2023/men", claims.Value("cost", "2023", "men", 1.5e6, "money")),
])
def test_a_reference_finds_its_record(ref: str, found: claims.Value) -> None:
    assert claims.lookup(ref, {"cost": DOC}) == (found, "")


@pytest.mark.parametrize(("ref", "why"), [
    ("cost", 'data-figure="cost" should be "<chart id>/<key>" or "<chart id>/<key>/<series>"'),
    ("cost/2023/men/x", 'data-figure="cost/2023/men/x" should be "<chart id>/<key>" or "<chart id>/<key>/<series>"'),
    ("cost//men", 'data-figure="cost//men" should be "<chart id>/<key>" or "<chart id>/<key>/<series>"'),
    ("nope/2023", "data-figure names chart 'nope', which does not exist or has errors"),
    ("cost/2024/men", "data-figure=\"cost/2024/men\": no record in cost has year = '2024' and sex = 'men'; keys are: 2023"),
    ("cost/2023", "data-figure=\"cost/2023\": 2 records in cost have year = '2023'; add the series: cost/2023/<series> "
                  "(one of: men, women)"),
    ("cost/2023/women", 'data-figure="cost/2023/women": the record has no value'),
])
def test_a_reference_that_names_no_single_value_says_why(ref: str, why: str) -> None:
    assert claims.lookup(ref, {"cost": DOC}) == (None, why)


def test_a_series_reference_to_a_chart_without_series_and_a_table_are_refused() -> None:
    plain = dict(DOC, chart={"kind": "bar", "x": "year", "y": "value"}, records=[DOC["records"][0]])
    assert claims.lookup("p/2023/men", {"p": plain}) == (
        None, "data-figure=\"p/2023/men\": chart 'p' has no series; write p/<key>")
    assert claims.lookup("p/2023", {"p": plain}) == (claims.Value("p", "2023", "", 1.5e6, "money"), "")
    table = dict(DOC, chart={"kind": "table"})
    assert claims.lookup("t/2023", {"t": table}) == (
        None, "chart 't' has no values to bind to (kind 'table'); cite it instead")


@pytest.mark.parametrize(("text", "hedge"), [("It was about ", "about"), ("It was More than ", "more than"),
                                             ("just under ", "just under"), ("the total ", None),
                                             ("about the total ", None), ("x" * 30 + " nearly ", "nearly")])
def test_the_hedge_just_before_a_number_is_found(text: str, hedge: str | None) -> None:
    assert claims.hedge_before(text + "17,000", len(text)) == hedge


def value(v: float, kind: str = "count") -> claims.Value:
    return claims.Value("c", "k", "", v, kind)


@pytest.mark.parametrize(("text", "val", "hedge", "wrong"), [
    ("38%", value(38), None, "is a percentage, but the value is not"),
    ("38", value(38, "percent"), None, "is missing its % (the value is a percentage)"),
    ("3.9", value(3.9, "money"), None, "is missing its £ (the value is money)"),
    ("17,004", value(17004), "more than", ""),
    ("17,000", value(17004), "more than", ""),
    ("17,000", value(17000.4), "over", ""),
    ("17,000", value(16990), "over", 'says "over 17,000", which is not true'),
    ("17,000", value(16990), "up to", ""),
    ("17,000", value(17001), "up to", 'says "up to 17,000", which is not true'),
    ("17,000", value(17001), "at least", ""),
    ("17,000", value(16999), "at least", 'says "at least 17,000", which is not true'),
    ("17,000", value(16990), "almost", ""),
    ("17,000", value(17004), "about", ""),
    ("17,000", value(17004), None, claims.UNHEDGED),
    ("17,000", value(18004), "about", claims.MISMATCH),
    ("17,004", value(17005), None, claims.MISMATCH),
])
def test_a_written_number_agrees_with_a_value_only_when_it_truly_states_it(text: str, val: claims.Value,
                                                                           hedge: str | None, wrong: str) -> None:
    assert claims.agreement(written(text), val, hedge) == wrong


@pytest.mark.parametrize(("text", "spans"), [
    ("One. Two.", [(0, 5), (5, 9)]),
    ("It rose, e.g. by 5. Then fell.", [(0, 20), (20, 30)]),
    ("Mr Smith said 5. No 10 agreed.", [(0, 17), (17, 30)]),
    ("It was 5.", [(0, 9)]),
    ("It was “5.” Then 6.", [(0, 12), (12, 19)]),
    ("Is it? Yes! 12 said so.", [(0, 7), (7, 12), (12, 23)]),
    ("Ends in U.S. Then", [(0, 17)]),
])
def test_sentences_end_at_a_full_stop_before_a_capital_or_a_number(text: str, spans: list[tuple[int, int]]) -> None:
    assert claims.sentence_spans(text) == spans


# -- pages into units ------------------------------------------------------------------------------------------------

def page_of(body: str, meta: dict[str, object] | None = None, text: str | None = None) -> pages.Page:
    return pages.Page(Path("topic/p.md"), text if text is not None else body, meta or {}, body, 1)


def unit_list(body: str) -> list[tuple[str, list[tuple[int, str]], int]]:
    return [(u.kind, u.lines, u.table) for u in claims.units(page_of(body), "Sources", "Last reviewed")]


def test_a_page_is_cut_into_paragraphs_items_rows_and_headings() -> None:
    body = "\n".join([
        "# Title 1",                      # 1 heading
        "First line",                     # 2 paragraph
        "second line.",                   # 3
        "",                               # 4
        "- item one",                     # 5 item
        "  goes on",                      # 6
        "2. item two",                    # 7 item
        "---",                            # 8 rule ends the unit
        "| a | b |",                      # 9 header of table 0
        "| --- | --- |",                  # 10 separator
        "| 1 | 2 |",                      # 11 row of table 0
        "",                               # 12
        "| c |",                          # 13 row of table 1 (no separator follows)
        "Last words",                     # 14 paragraph
    ])
    assert unit_list(body) == [
        ("heading", [(1, " Title 1")], -1),
        ("paragraph", [(2, "First line"), (3, "second line.")], -1),
        ("item", [(5, "  item one"), (6, "goes on")], -1),
        ("item", [(7, "   item two")], -1),
        ("header", [(9, "| a | b |")], 0),
        ("row", [(11, "| 1 | 2 |")], 0),
        ("row", [(13, "| c |")], 1),
        ("paragraph", [(14, "Last words")], -1),
    ]


def test_code_includes_abbreviations_the_sources_and_the_review_line_are_skipped() -> None:
    body = "\n".join([
        "Before 1.",                      # 1
        "```",                            # 2
        "code 2",                         # 3
        "```",                            # 4
        "After 3.",                       # 5
        '--8<-- "figures/x.html"',        # 6
        "*[UK]: United Kingdom",          # 7
        "*Last reviewed: 22 November 2026*",  # 8
        "Then 4.",                        # 9
        "## Sources",                     # 10
        "1. Source 5.",                   # 11
        "### Sources",                    # 12 not a level-2 heading: still the Sources section
        "## Next",                        # 13
        "Text 6.",                        # 14
    ])
    kinds = [(kind, [n for n, _ in lines]) for kind, lines, _ in unit_list(body)]
    assert kinds == [("paragraph", [1]), ("paragraph", [5]), ("paragraph", [9]), ("heading", [13]), ("paragraph", [14])]


def test_a_unit_before_a_skipped_line_ends_there() -> None:
    body = "One\n```\ncode\n```\nTwo\n--8<-- \"x.html\"\nThree\n## Sources\n1. S.\n"
    assert [lines for _, lines, _ in unit_list(body)] == [[(1, "One")], [(5, "Two")], [(7, "Three")]]


def test_rows_of_two_tables_are_numbered_by_table() -> None:
    body = "| h |\n| --- |\n| r |\n\n| h2 |\n| --- |\n| r2 |\nText\n| r3 |"
    assert [(kind, table) for kind, _, table in unit_list(body)] == [
        ("header", 0), ("row", 0), ("header", 1), ("row", 1), ("paragraph", -1), ("row", 2)]


def test_a_heading_after_a_paragraph_ends_it_and_a_row_as_the_last_line_is_a_row() -> None:
    body = "Text\n## Heading 2\n| last |"
    assert unit_list(body) == [("paragraph", [(1, "Text")], -1), ("heading", [(2, " Heading 2")], -1),
                               ("row", [(3, "| last |")], 0)]


def test_line_at_maps_an_offset_to_its_file_line() -> None:
    unit = claims.Unit("paragraph", [(10, "abc"), (11, "de"), (12, "f")])
    assert [unit.line_at(i) for i in (0, 3, 4, 6, 7, 8, 50)] == [10, 10, 11, 11, 12, 12, 12]


def test_markdown_syntax_is_blanked_keeping_positions() -> None:
    line = ('A `code 1` ![img 2](a.png) [link](https://x.org/3) <https://y.org/4> <b>5</b> { .c6 } 7 [x](p.md?n=8) '
            'https://x.org/?q=9 <span title="10"> { width=11 }')
    cleaned = claims._clean(line)
    assert len(cleaned) == len(line)
    assert [w.text for w in numbers.numerals(cleaned)] == ["5", "7"]
    assert claims._clean('**5**{ data-figure="a/b" }') == '**5**{ data-figure="a/b" }'
    assert claims._clean("!!! note 8").strip() == "8"


def test_sources_are_counted_from_the_numbered_list_under_the_heading() -> None:
    body = "Text\n\n## Sources\n\n1. A\n2. B\n- not numbered\n10. C\n\n## After\n\n3. D\n"
    assert claims.sources_count(page_of(body), "Sources") == 3
    assert claims.sources_count(page_of("No list"), "Sources") == 0


def test_a_front_matter_key_is_found_on_its_line() -> None:
    text = "---\ntitle: T\ndiffers: x\nnot_claims: 5\n---\n\nBody differs: here\n"
    page = page_of("\nBody differs: here\n", {"title": "T", "differs": "x", "not_claims": 5}, text)
    result = claims.PageClaims(page, {}, [], (), "Sources", "Last reviewed").run()
    assert [str(p) for p in result.problems] == [
        "docs/topic/p.md:4: front matter not_claims: should be a list of the exact numbers that are not claims",
        "docs/topic/p.md:3: front matter differs: should be the numbers that differ from a dataset on purpose, "
        "each with the reason (\"17,004\": why)"]


def test_a_front_matter_key_that_cannot_be_found_is_placed_on_the_first_line() -> None:
    page = page_of("Text", {"differs": ["x"]}, "---\ntitle: T\n---\nText")
    result = claims.PageClaims(page, {}, [], (), "Sources", "Last reviewed").run()
    assert [p.where for p in result.problems] == [1]


def test_blank_and_non_scalar_not_claims_entries_are_ignored() -> None:
    page = page_of("It was 12 and 7.", {"not_claims": ["", " ", None, ["12"], 12]})
    result = claims.PageClaims(page, {}, [], (), "Sources", "Last reviewed")
    assert result.names == ("12",)
    assert [c.text for c in result.run().claims] == ["7"]


def test_the_ledger_counts_claims_by_status() -> None:
    ledger = claims.Ledger([claims.Claim("f", 1, "1", "bound"), claims.Claim("f", 2, "2", "cited"),
                            claims.Claim("f", 3, "3", "cited")])
    assert (ledger.count("bound"), ledger.count("cited"), ledger.count("unsupported")) == (1, 2, 0)


# -- numbers in a dataset's own texts --------------------------------------------------------------------------------

TEXT_DOC = {"id": "arrivals", "chart": {"kind": "bar", "x": "year", "y": "people"},
            "fields": [{"name": "year", "type": "year", "title": "Y"}, {"name": "people", "type": "integer", "title": "P"},
                       {"name": "share", "type": "percent", "title": "S"}],
            "records": [{"year": 2018, "people": 299, "share": 12.5}, {"year": 2022, "people": -45774, "share": 40}],
            "title": "T", "subtitle": "S", "description": "D"}


def text_problems(**texts: str) -> list[str]:
    return [str(p) for p in claims.dataset_text_problems("charts/arrivals.json", dict(TEXT_DOC, **texts))]


def test_record_values_and_their_sizes_may_be_written_in_the_texts() -> None:
    assert text_problems(title="299 in 2018", subtitle="a fall of 45,774", description="about 300; 12.5% then 40%") == []


def test_a_number_that_is_no_record_value_names_the_closest_one() -> None:
    assert text_problems(title="Arrivals: 301", subtitle="S", description="It fell 45,000 and 13%") == [
        'charts/arrivals.json: title: "301" is not a value in the records (closest: 299 for 2018); correct the text '
        "or the record, or move the number to notes with its source",
        'charts/arrivals.json: description: "45,000" is not a value in the records (closest: 45,774 for 2022); correct '
        "the text or the record, or move the number to notes with its source",
        'charts/arrivals.json: description: "13%" is not a value in the records (closest: 12.5 for 2018); correct the '
        "text or the record, or move the number to notes with its source"]


def test_a_percentage_must_match_a_percentage_value() -> None:
    assert text_problems(title="299%")[0].startswith('charts/arrivals.json: title: "299%" is not a value in the records '
                                                     "(closest: 40 for 2022)")


def test_a_text_number_of_a_dataset_without_values_has_no_hint() -> None:
    doc = dict(TEXT_DOC, chart={"kind": "table"}, records=[{"year": 2018}], title="12 things")
    assert [p.message for p in claims.dataset_text_problems("c", doc)] == [
        '"12 things"'.replace(" things", "") + " is not a value in the records; correct the text or the record, or "
        "move the number to notes with its source"]


def test_every_number_of_every_text_is_checked() -> None:
    assert [p.where for p in claims.dataset_text_problems("c", dict(TEXT_DOC, title="1 and 299 and 2",
                                                                    description="3"))] == ["title", "title", "description"]


# -- agreement, lookup and the ledger: the edges -----------------------------------------------------------------------

def test_a_percentage_agrees_with_a_percentage_value() -> None:
    assert claims.agreement(written("38%"), value(38, "percent"), None) == ""
    assert claims.agreement(written("£3.9bn"), value(3.9e9, "money"), None) == ""


def test_a_timeline_has_no_values_to_bind_to_and_keeps_its_series() -> None:
    timeline = dict(DOC, chart={"kind": "timeline", "x": "year", "y": "sex", "series": "sex"})
    assert claims.key_fields(timeline) == ("sex", None, "sex")
    assert claims.lookup("t/men", {"t": timeline}) == (
        None, "chart 't' has no values to bind to (kind 'timeline'); cite it instead")


def test_two_records_of_one_key_without_a_series_field_ask_for_nothing_more() -> None:
    plain = dict(DOC, chart={"kind": "bar", "x": "year", "y": "value"})
    assert claims.lookup("p/2023", {"p": plain}) == (
        None, "data-figure=\"p/2023\": 2 records in p have year = '2023'; add the series: p/2023/<series>")


def test_long_references_keys_and_series_are_shortened_in_messages() -> None:
    ref = "x" * 130
    assert claims.lookup(ref, {}) == (
        None, f'data-figure="{"x" * 117}..." should be "<chart id>/<key>" or "<chart id>/<key>/<series>"')
    many = dict(DOC, chart={"kind": "bar", "x": "year", "y": "value"},
                records=[{"year": 1000 + i, "value": 1} for i in range(100)])
    _, why = claims.lookup("m/3000", {"m": many})
    keys = ", ".join(str(1000 + i) for i in range(100))
    assert why == f"data-figure=\"m/3000\": no record in m has year = '3000'; keys are: {keys[:397]}..."
    series = dict(DOC, records=[{"year": 2023, "sex": f"group {i:03d}", "value": 1} for i in range(60)])
    _, why = claims.lookup("s/2023", {"s": series})
    names = ", ".join(f"group {i:03d}" for i in range(60))
    assert why.endswith(f"(one of: {names[:397]}...)")


def page_ledger(body: str, docs: dict[str, dict[str, object]] | None = None, sources: int = 2,
                meta: dict[str, object] | None = None) -> claims.Ledger:
    items = "".join(f"{n}. Source {n}.\n" for n in range(1, sources + 1))
    page = page_of(f"{body}\n\n## Sources\n\n{items}")
    if meta:
        page.meta.update(meta)
    index = [v for cid, d in (docs or {}).items() for v in claims.dataset_values(cid, d)]
    return claims.PageClaims(page, docs or {}, index, (), "Sources", "Last reviewed").run()


def test_claims_record_their_page_line_text_status_and_support() -> None:
    result = page_ledger("First line.\nIt was 12 [2]. Then 7.\n\nTen came [1].")
    assert result.claims == [claims.Claim("docs/topic/p.md", 2, "12", "cited", "2"),
                             claims.Claim("docs/topic/p.md", 2, "7", "unsupported"),
                             claims.Claim("docs/topic/p.md", 4, "Ten", "cited", "1")]


def test_a_citation_right_after_a_full_stop_cites_the_sentence_it_starts() -> None:
    result = page_ledger("It was 5. [1] Then 6.")
    assert [(c.text, c.status) for c in result.claims] == [("5", "unsupported"), ("6", "cited")]


def test_a_citation_alone_after_the_only_full_stop_covers_the_paragraph() -> None:
    result = page_ledger("It was 5. [1]")
    assert [(c.text, c.status) for c in result.claims] == [("5", "cited")]


def test_a_number_opening_a_sentence_is_counted_once() -> None:
    result = page_ledger("It was 5. 12 more came. Ten more came [1].")
    assert [c.text for c in result.claims] == ["5", "12", "Ten"]
    assert [c.status for c in result.claims] == ["unsupported", "unsupported", "cited"]


def test_a_number_right_after_a_citation_stays_in_its_own_sentence() -> None:
    result = page_ledger("One [1]. 12345 came.")
    assert [(c.text, c.status) for c in result.claims] == [("12345", "unsupported")]


def test_a_spelled_out_quantity_after_a_numeral_is_still_found() -> None:
    result = page_ledger("It was 12 or ten times more [1].")
    assert [c.text for c in result.claims] == ["12", "ten"]


def test_a_table_without_a_header_row_is_checked_row_by_row() -> None:
    result = page_ledger("| 12 [1] |\n| 13 |")
    assert [(c.text, c.status) for c in result.claims] == [("12", "cited"), ("13", "unsupported")]


def test_an_unsupported_number_does_not_state_a_heading_number() -> None:
    result = page_ledger("## 12 people\n\n12 people came.")
    assert ('"12" in a heading is not stated, bound or cited in the text below it; state it there with its source'
            in [p.message for p in result.problems])


def test_two_bad_citation_numbers_are_listed_together() -> None:
    result = page_ledger("It was 12 [5, 6].")
    assert [p.message for p in result.problems] == [
        "cites [5, 6], but the Sources list has 2 numbered item(s); number the sources 1, 2, 3 and cite those"]


def test_the_review_line_is_not_read_for_claims() -> None:
    result = page_ledger("Text.\n\n*Last reviewed: 22 November 2026, after 12 checks*")
    assert result.claims == []


def test_check_pages_keeps_every_pages_claims_and_skips_unreadable_pages() -> None:
    bad = page_of("It was 99.")
    bad.problems.append(Problem("docs/topic/p.md", 1, "unreadable"))
    good = [page_of("It was 12 [1].\n\n## Sources\n\n1. S.\n"),
            page_of("It was 13 [1].\n\n*Last reviewed: 22 November 2026, after 14 checks*\n\n## Sources\n\n1. S.\n")]
    ledger = claims.check_pages([bad, *good], {}, (), "Sources", "Last reviewed")
    assert [c.text for c in ledger.claims] == ["12", "13"]


# -- the stale check on cited numbers ----------------------------------------------------------------------------------

STALE = {"referrals": {"id": "referrals", "chart": {"kind": "bar", "x": "year", "y": "value"},
                       "fields": [{"name": "year", "type": "year", "title": "Y"},
                                  {"name": "value", "type": "integer", "title": "P"}],
                       "records": [{"year": 2023, "value": 10000}, {"year": 2024, "value": 19125}]},
         "cost": {"id": "cost", "chart": {"kind": "bar", "x": "year", "y": "value"},
                  "fields": [{"name": "year", "type": "year", "title": "Y"},
                             {"name": "value", "type": "number", "title": "C", "unit": "£ billion"}],
                  "records": [{"year": 2022, "value": 3.9}]}}


def stale(text: str) -> list[str]:
    return [p.message for p in page_ledger(text, STALE).problems]


def test_a_cited_number_exactly_two_per_cent_off_is_flagged() -> None:
    assert stale("In 2023 there were 10,200 referrals [1].") == [
        '"10,200" differs from referrals 2023 (10,000); bind it to the dataset or correct it (if both are right, say '
        "why on the page and list it under differs: in the front matter)"]


def test_a_cited_number_further_off_is_another_figure_not_a_stale_one() -> None:
    assert stale("In 2023 there were 15,000 referrals [1].") == []


def test_a_three_digit_number_is_checked_and_a_two_digit_one_is_not() -> None:
    docs = {"small": dict(STALE["referrals"], id="small", records=[{"year": 2023, "value": 1000}])}
    assert len(page_ledger("In 2023 there were 1,010 cases [1].", docs).problems) == 1
    docs = {"tiny": dict(STALE["referrals"], id="tiny", records=[{"year": 2023, "value": 100}])}
    assert page_ledger("In 2023 there were 101 cases [1].", docs).problems != []
    docs = {"two": dict(STALE["referrals"], id="two", records=[{"year": 2023, "value": 50}])}
    assert page_ledger("In 2023 there were 51 cases [1].", docs).problems == []


def test_money_is_compared_in_its_own_scale() -> None:
    assert stale("In 2022 it cost £3.95bn [1].") == [
        '"£3.95bn" differs from cost 2022 (3.9); bind it to the dataset or correct it (if both are right, say why on '
        "the page and list it under differs: in the front matter)"]


def test_every_value_is_tried_until_one_is_close() -> None:
    docs = {"a": dict(STALE["referrals"], id="a", records=[{"year": 2023, "value": 50000}, {"year": 2024, "value": 10000}])}
    assert len(page_ledger("In 2023 and 2024 there were 10,100 [1].", docs).problems) == 1


def test_values_without_a_key_or_of_zero_are_never_compared() -> None:
    docs = {"z": dict(STALE["referrals"], id="z", records=[{"year": 2023, "value": 0}])}
    assert page_ledger("In 2023 there were 0.001 [1].", docs).problems == []


# -- datasets that repeat each other -----------------------------------------------------------------------------------

def dup_doc(doc_id: str, values: list[float | None], sources: list[tuple[str, str]], source: str | None = None,
            kind: str = "bar") -> tuple[str, dict[str, object]]:
    records = [{"year": 2000 + i, "value": v, **({"source": source} if source else {})} for i, v in enumerate(values)]
    chart = {"kind": kind, "x": "year", "y": "value"} if kind != "table" else {"kind": "table"}
    return f"charts/{doc_id}.json", {"id": doc_id, "chart": chart, "records": records,
                                     "fields": [{"name": "year", "type": "year", "title": "Y"},
                                                {"name": "value", "type": "integer", "title": "V"}],
                                     "sources": [{"id": i, "url": u} for i, u in sources]}


def dups(*datasets: tuple[str, dict[str, object]]) -> list[str]:
    return [str(p) for p in claims.duplicate_dataset_problems(list(datasets))]


def test_a_table_does_not_stop_the_duplicate_check() -> None:
    assert dups(dup_doc("t", [1, 2], [("s", "u")], kind="table"), dup_doc("a", [1, 2], [("s", "u")]),
                dup_doc("b", [1, 2], [("s", "u")])) == [
        "charts/b.json: records: repeats 2 values of charts/a.json from the same source (2000: 1; 2001: 2); keep one "
        "dataset, or say why both exist under \"overlaps\": {\"a\": \"...\"}"]


def test_empty_values_are_skipped_without_stopping_the_check() -> None:
    assert len(dups(dup_doc("a", [None, 1, 2], [("s", "u")]), dup_doc("b", [None, 1, 2], [("s", "u")]))) == 1


def test_the_records_own_source_decides_where_a_value_comes_from() -> None:
    two = dup_doc("a", [1, 2], [("first", "u1"), ("second", "u2")], source="second")
    assert len(dups(two, dup_doc("b", [1, 2], [("s", "u2")]))) == 1
    assert dups(two, dup_doc("c", [1, 2], [("s", "u1")])) == []


def test_a_repeat_message_shows_at_most_three_values() -> None:
    result = dups(dup_doc("a", [1, 2, 3, 4], [("s", "u")]), dup_doc("b", [1, 2, 3, 4], [("s", "u")]))
    assert result == ["charts/b.json: records: repeats 4 values of charts/a.json from the same source (2000: 1; 2001: "
                      "2; 2002: 3); keep one dataset, or say why both exist under \"overlaps\": {\"a\": \"...\"}"]


def test_one_repeated_value_is_a_coincidence() -> None:
    assert dups(dup_doc("a", [1, 2], [("s", "u")]), dup_doc("b", [1, 3], [("s", "u")])) == []


def test_large_numbers_are_equal_only_to_the_last_digit() -> None:
    assert numbers.equal_as_written(written("1,000,000,000,001"), 1e12) is False
    assert numbers.equal_as_written(written("1,000,000,000,000"), 1e12) is True


def test_a_hedge_more_than_twenty_characters_back_does_not_count() -> None:
    text = "about" + " " * 16 + "17,000"
    assert claims.hedge_before(text, 21) is None
    assert claims.hedge_before("about" + " " * 15 + "17,000", 20) == "about"


def test_a_header_row_followed_by_its_separator_at_the_end_of_a_page_is_a_header() -> None:
    assert [kind for kind, _, _ in unit_list("Text\n\n| h 12 |\n| --- |")] == ["paragraph", "header"]


def test_a_bound_number_may_sit_beside_a_named_number() -> None:
    page = page_of('In **Operation 101: 299**{ data-figure="arrivals/2018" } people came.')
    result = claims.PageClaims(page, {"arrivals": TEXT_DOC}, [], ("Operation 101",), "Sources", "Last reviewed").run()
    assert result.problems == []
    assert result.claims == [claims.Claim("docs/topic/p.md", 1, "Operation 101: 299", "bound", "arrivals/2018")]


def test_a_bound_text_without_exactly_one_number_names_its_reference_shortened() -> None:
    chart_id = "c" * 130
    page = page_of(f'It was **12 and 13**{{ data-figure="{chart_id}/2018" }}.')
    result = claims.PageClaims(page, {chart_id: TEXT_DOC}, [], (), "Sources", "Last reviewed").run()
    assert [p.message for p in result.problems] == [
        f"**12 and 13** should hold exactly one number to bind to {chart_id[:117]}..."]


def test_the_closest_value_offered_for_a_count_may_be_of_any_kind() -> None:
    assert text_problems(title="13 things")[0].startswith(
        'charts/arrivals.json: title: "13" is not a value in the records (closest: 12.5 for 2018)')


def test_a_fall_may_be_written_as_a_positive_percentage() -> None:
    doc = dict(TEXT_DOC, records=[{"year": 2018, "people": 299, "share": -5}], title="Down 5%")
    assert list(claims.dataset_text_problems("c", doc)) == []


def test_a_number_matching_a_negative_value_does_not_stop_the_check_of_the_next() -> None:
    assert [p.message.split(" is not")[0] for p in claims.dataset_text_problems(
        "c", dict(TEXT_DOC, title="A fall of 45,774 and then 301"))] == ['"301"']


def test_a_hedged_round_number_may_state_the_size_of_a_fall() -> None:
    assert text_problems(title="A fall of about 45,800") == []


def test_a_value_of_zero_is_never_compared_for_staleness() -> None:
    docs = {"z": dict(STALE["referrals"], id="z", records=[{"year": 2023, "value": 0}])}
    assert page_ledger("In 2023 there were 1,234 [1].", docs).problems == []


def test_a_cited_number_is_only_compared_with_values_of_its_own_kind() -> None:
    docs = {"share": {"id": "share", "chart": {"kind": "bar", "x": "year", "y": "value"},
                      "fields": [{"name": "year", "type": "year", "title": "Y"},
                                 {"name": "value", "type": "percent", "title": "S"}],
                      "records": [{"year": 2023, "value": 38.2}]}}
    assert page_ledger("In 2023 it was 38.5 [1].", docs).problems == []
    assert len(page_ledger("In 2023 it was 38.5% [1].", docs).problems) == 1


def test_a_three_digit_number_far_from_the_value_is_not_called_stale() -> None:
    assert stale("In 2023 there were 15,500 referrals [1].") == []


def test_a_front_matter_key_is_looked_for_in_the_front_matter_only() -> None:
    text = "---\ntitle: T\n---\ndiffers: no\n\n---\n\nText\n"
    page = page_of("differs: no\n\n---\n\nText\n", {"title": "T", "differs": "no"}, text)
    result = claims.PageClaims(page, {}, [], (), "Sources", "Last reviewed").run()
    assert [p.where for p in result.problems] == [1]
