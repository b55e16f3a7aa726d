"""The claims checks' building blocks (explainer/numbers.py and the helpers of explainer/claims.py): how a written
number is read, which numbers are not claims, how a dataset's values are scaled and looked up, how a page is cut into
units and sentences. tests/test_claims.py checks the rules through whole pages; these pin the pieces."""

from __future__ import annotations

import pytest
from explainer import claims, numbers


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
                                              (2.5e15, "2,500,000,000,000,000"), (1.5e15 + 0.5, "1500000000000000.5"), (1.5e16 + 1, "15,000,000,000,000,000")])
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
