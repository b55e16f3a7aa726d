"""Dataset validation, rule by rule (explainer/dataset.py), strict JSON reading (explainer/jsonfile.py) and schema
errors as sentences (explainer/schemas/__init__.py). Fast unit tests: each rule runs on the mini site's good dataset
with one thing changed, and must report exactly the expected (place, message) lines; tests/test_fuzz.py checks that any
input gives one-line problems, these check which problems and where."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from explainer import dataset, jsonfile, schemas
from explainer.dataset import RuleContext

from conftest import MINI, TODAY

GOOD: dict[str, Any] = json.loads((MINI / "charts" / "good-chart.json").read_text(encoding="utf-8"))
LICENCES = frozenset({"OGL-UK-3.0", "CC-BY-4.0"})
CTX = RuleContext("good-chart", TODAY, LICENCES, 4)
SOURCE = GOOD["sources"][0]


def doc(**changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(GOOD)
    out.update(copy.deepcopy(changes))
    return {k: v for k, v in out.items() if v is not None}


def findings(rule: Any, d: dict[str, Any], ctx: RuleContext = CTX) -> list[tuple[tuple[str | int, ...], str]]:
    return list(rule(d, ctx))


def test_the_good_dataset_passes_every_rule() -> None:
    assert [f for rule in dataset.RULES for f in findings(rule, doc())] == []


# -- dates --------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [("2024-02-29", dt.date(2024, 2, 29)), ("2023-02-29", None),
                                                ("2024-13-01", None), ("2024-02", None), ("", None), (None, None)])
def test_a_real_date_is_a_day_that_exists(text: Any, expected: dt.date | None) -> None:
    assert dataset.real_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("2024", dt.date(2024, 1, 1)), ("2024-07", dt.date(2024, 7, 1)),
                                                ("2024-07-15", dt.date(2024, 7, 15)), ("2024-13", None),
                                                ("2024-02-30", None), ("x", None), ("2024-x", None)])
def test_a_partial_date_is_the_first_day_it_can_mean(text: str, expected: dt.date | None) -> None:
    assert dataset.partial_date(text) == expected


@pytest.mark.parametrize(("year", "inside"), [(1899, False), (1900, True), (2100, True), (2101, False)])
def test_years_run_from_1900_to_2100(year: int, inside: bool) -> None:
    assert dataset.in_year_range(year) is inside


# -- the rules ------------------------------------------------------------------------------------------------------------

def test_the_id_must_equal_the_file_name() -> None:
    assert findings(dataset.id_matches_file, doc(id="other")) == [
        (("id",), "id \"other\" must equal the file name 'good-chart'; rename the file or change the id")]


def test_field_names_are_unique_and_source_is_reserved() -> None:
    fields = [*GOOD["fields"], {"name": "year", "type": "integer", "title": "Y"},
              {"name": "source", "type": "string", "title": "S"}]
    assert findings(dataset.field_names, doc(fields=fields)) == [
        (("fields", 2, "name"), "field name 'year' is declared twice"),
        (("fields", 3, "name"), "'source' is reserved for the record's source id; choose another name")]


@pytest.mark.parametrize("spec", [",", ",.1f", ",.0f", ".2f", ",.3~f", ".1~f"])
def test_the_number_formats_the_site_can_show_pass(spec: str) -> None:
    fields = [GOOD["fields"][0], dict(GOOD["fields"][1], format=spec)]
    assert findings(dataset.number_formats, doc(fields=fields)) == []


@pytest.mark.parametrize("spec", [",.1e", "d", ".1%", ",.", "x,.1f", ",.1f "])
def test_other_number_formats_are_refused(spec: str) -> None:
    fields = [GOOD["fields"][0], dict(GOOD["fields"][1], format=spec)]
    assert findings(dataset.number_formats, doc(fields=fields)) == [
        (("fields", 1, "format"), f"{json.dumps(spec)} is not a format the site can show; use ',' (thousands), "
                                  "',.1f' (one decimal place) or ',.0f' (none)")]


def test_only_number_fields_have_a_format() -> None:
    fields = [dict(GOOD["fields"][0], format=","), GOOD["fields"][1],
              {"name": "label", "type": "string", "title": "L", "format": ","},
              {"name": "day", "type": "date", "title": "D", "format": ",.1f"}]
    assert findings(dataset.number_formats, doc(fields=fields)) == [
        (("fields", 2, "format"), "only number fields have a format; field 'label' is string"),
        (("fields", 3, "format"), "only number fields have a format; field 'day' is date")]


def test_a_source_id_is_used_once() -> None:
    sources = [SOURCE, dict(SOURCE, id="ons"), dict(SOURCE), dict(SOURCE, id="ons")]
    assert findings(dataset.source_ids, doc(sources=sources)) == [
        (("sources", 2, "id"), "source id 'ho' is used twice"), (("sources", 3, "id"), "source id 'ons' is used twice")]


@pytest.mark.parametrize(("published", "accessed", "expected"), [
    ("2024-02-29", "2026-11-22", []),
    ("2024", "2024-01-01", []),
    ("2024-02-29", "2024-02-29", []),
    ("2026", "2026-11-28", []),
    ("1900", "2020-01-01", []),
    ("2024-02-30", "2026-11-22", [(("sources", 0, "published"), '"2024-02-30" is not a real date')]),
    ("1899-12-31", "2026-11-22", [(("sources", 0, "published"), "year 1899 is not plausible; check the publication date")]),
    ("2027", "2026-11-22", [(("sources", 0, "published"), "year 2027 is not plausible; check the publication date"),
                            (("sources", 0, "accessed"), "accessed 2026-11-22 is before the publication date 2027")]),
    ("2024-02-29", "2024-02-31", [(("sources", 0, "accessed"), '"2024-02-31" is not a real date')]),
    ("2024-02-29", "2026-11-29", [(("sources", 0, "accessed"), "2026-11-29 is in the future")]),
    ("2024-03-01", "2024-02-29", [(("sources", 0, "accessed"),
                                   "accessed 2024-02-29 is before the publication date 2024-03-01")]),
    ("x", "y", [(("sources", 0, "published"), '"x" is not a real date'), (("sources", 0, "accessed"), '"y" is not a real date')]),
])
def test_source_dates_are_real_plausible_and_in_order(published: str, accessed: str, expected: list[Any]) -> None:
    sources = [dict(SOURCE, published=published, accessed=accessed)]
    assert findings(dataset.source_dates, doc(sources=sources)) == expected


def test_every_source_has_its_dates_checked() -> None:
    sources = [SOURCE, dict(SOURCE, id="b", accessed="2030-01-01")]
    assert findings(dataset.source_dates, doc(sources=sources)) == [
        (("sources", 1, "accessed"), "2030-01-01 is in the future")]


@pytest.mark.parametrize(("reviewed", "next_review", "expected"), [
    ("2026-11-28", "2026-11-29", []),
    ("2026-11-29", "2027-01-01", [(("reviewed",), "2026-11-29 is in the future")]),
    ("2026-02-30", "2027-01-01", [(("reviewed",), '"2026-02-30" is not a real date')]),
    ("2026-11-22", "2027-02-30", [(("next_review",), '"2027-02-30" is not a real date')]),
    ("2026-11-22", "2026-11-22", [(("next_review",), "2026-11-22 must be after the reviewed date 2026-11-22")]),
    ("2026-11-22", "2026-11-21", [(("next_review",), "2026-11-21 must be after the reviewed date 2026-11-22")]),
    ("nope", "2020-01-01", [(("reviewed",), '"nope" is not a real date')]),
])
def test_review_dates_are_real_and_the_next_review_comes_after(reviewed: str, next_review: str,
                                                               expected: list[Any]) -> None:
    assert findings(dataset.review_dates, doc(reviewed=reviewed, next_review=next_review)) == expected


def test_change_dates_are_real_and_not_in_the_future() -> None:
    changes = [{"date": "2026-11-28", "summary": "a"}, {"date": "2026-11-29", "summary": "b"},
               {"date": "2026-02-30", "summary": "c"}]
    assert findings(dataset.change_dates, doc(changes=changes)) == [
        (("changes", 1, "date"), "2026-11-29 is in the future"), (("changes", 2, "date"), '"2026-02-30" is not a real date')]
    assert findings(dataset.change_dates, doc(changes=None)) == []


def test_currency_names_a_source_and_real_dates() -> None:
    block = {"frequency": "annual", "release": "nope", "checked": "2026-11-29", "next_release": "2027-02-30"}
    assert findings(dataset.currency, doc(currency=block)) == [
        (("currency", "release"), '"nope" is not a source id; expected one of: ho'),
        (("currency", "checked"), "2026-11-29 is in the future"),
        (("currency", "next_release"), '"2027-02-30" is not a real date')]
    block = {"frequency": "annual", "release": "ho", "checked": "2026-13-01", "next_release": "2027-02-28"}
    assert findings(dataset.currency, doc(currency=block)) == [(("currency", "checked"), '"2026-13-01" is not a real date')]
    block = {"frequency": "annual", "release": "ho", "checked": "2026-11-28"}
    assert findings(dataset.currency, doc(currency=block)) == []


def test_the_release_must_be_one_of_several_sources() -> None:
    sources = [SOURCE, dict(SOURCE, id="ons")]
    block = {"frequency": "annual", "release": "x", "checked": "2026-11-01"}
    assert findings(dataset.currency, doc(sources=sources, currency=block)) == [
        (("currency", "release"), '"x" is not a source id; expected one of: ho, ons')]
    assert findings(dataset.currency, doc(sources=sources, currency=dict(block, release="ons"))) == []


def test_the_licence_must_be_one_of_the_sites() -> None:
    assert findings(dataset.licence, doc(licence="MIT")) == [
        (("licence",), '"MIT" is not one of the site\'s licences: CC-BY-4.0, OGL-UK-3.0')]
    assert findings(dataset.licence, doc(licence="CC-BY-4.0")) == []


# -- cells -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "spec", "problem"), [
    (None, {"name": "n", "type": "integer"}, "is null but field 'n' is not nullable; give a value or set \"nullable\": true"),
    (None, {"name": "n", "type": "integer", "nullable": True}, None),
    (None, {"name": "n", "type": "integer", "nullable": False}, "is null but field 'n' is not nullable; give a value or "
                                                                "set \"nullable\": true"),
    ("text", {"name": "s", "type": "string"}, None),
    ("  ", {"name": "s", "type": "string"}, 'expected text, got "  "'),
    ("", {"name": "s", "type": "string"}, 'expected text, got ""'),
    (5, {"name": "s", "type": "string"}, "expected text, got 5"),
    ("2024-02-29", {"name": "d", "type": "date"}, None),
    ("2024-02-30", {"name": "d", "type": "date"}, 'expected a date as YYYY-MM-DD, got "2024-02-30"'),
    ("2024-2-9", {"name": "d", "type": "date"}, 'expected a date as YYYY-MM-DD, got "2024-2-9"'),
    ("2024-02", {"name": "d", "type": "date"}, 'expected a date as YYYY-MM-DD, got "2024-02"'),
    (20240229, {"name": "d", "type": "date"}, "expected a date as YYYY-MM-DD, got 20240229"),
    ("1899-12-31", {"name": "d", "type": "date"}, "date 1899-12-31 is outside 1900-2100"),
    ("2101-01-01", {"name": "d", "type": "date"}, "date 2101-01-01 is outside 1900-2100"),
    ("2100-12-31", {"name": "d", "type": "date"}, None),
    ("12", {"name": "n", "type": "integer"}, 'expected a whole number, got "12"'),
    (True, {"name": "n", "type": "number"}, "expected a number, got true"),
    ("x", {"name": "y", "type": "year"}, 'expected a year (whole number), got "x"'),
    ("x", {"name": "p", "type": "percent"}, 'expected a percentage (number 0-100), got "x"'),
    (2.5, {"name": "n", "type": "integer"}, "expected a whole number, got 2.5"),
    (2.0, {"name": "n", "type": "integer"}, None),
    (2020.5, {"name": "y", "type": "year"}, "expected a whole number, got 2020.5"),
    (1899, {"name": "y", "type": "year"}, "year 1899 is outside 1900-2100"),
    (2101, {"name": "y", "type": "year"}, "year 2101 is outside 1900-2100"),
    (2100, {"name": "y", "type": "year"}, None),
    (-0.1, {"name": "p", "type": "percent"}, "percentage -0.1 is outside 0-100"),
    (100.1, {"name": "p", "type": "percent"}, "percentage 100.1 is outside 0-100"),
    (0, {"name": "p", "type": "percent"}, None),
    (100, {"name": "p", "type": "percent"}, None),
    (-5.5, {"name": "n", "type": "number"}, None),
    (1e9, {"name": "n", "type": "integer"}, None),
])
def test_each_cell_is_checked_against_its_field(value: Any, spec: dict[str, Any], problem: str | None) -> None:
    assert dataset.cell_problem(value, spec) == problem  # type: ignore[arg-type]


def records_findings(**changes: Any) -> list[Any]:
    return findings(dataset.record_cells, doc(**changes))


def test_bad_cells_are_reported_at_their_record_and_field() -> None:
    records = [{"year": 2018, "people": 299}, {"year": 1800, "people": "many"}]
    assert records_findings(records=records) == [
        (("records", 1, "year"), "year 1800 is outside 1900-2100"),
        (("records", 1, "people"), 'expected a whole number, got "many"')]


def test_an_undeclared_key_is_named_with_the_field_it_may_mean() -> None:
    records = [{"year": 2018, "people": 299}, {"year": 2022, "peoples": 5}]
    assert records_findings(records=records) == [
        (("records", 1, "peoples"), "'peoples' is not a declared field; did you mean 'people'?")]


def test_an_undeclared_key_unlike_any_field_lists_the_declared_ones() -> None:
    records = [{"year": 2018, "people": 299, "zzz": 1}]
    assert records_findings(records=records) == [
        (("records", 0, "zzz"), "'zzz' is not a declared field; declared: year, people")]


def test_a_missing_field_is_reported_and_a_nullable_one_says_how_to_leave_it_empty() -> None:
    fields = [GOOD["fields"][0], dict(GOOD["fields"][1], nullable=True), {"name": "area", "type": "string", "title": "A"}]
    records = [{"year": 2018, "people": 299, "area": "N"}, {"year": 2022}]
    assert records_findings(fields=fields, records=records) == [
        (("records", 1), "missing field 'people' (use null for no value)"), (("records", 1), "missing field 'area'")]


def test_a_field_no_record_uses_but_every_record_misspells_is_reported_once_on_the_field() -> None:
    records = [{"year": 2018, "peeple": 299}, {"year": 2022, "peeple": 45774}]
    assert records_findings(records=records) == [
        (("fields", 1, "name"), "'people' is used by no record, and every record has 'peeple' instead; "
                                "did you mean 'peeple'?")]
    assert dataset.renamed_fields(doc(records=records)) == {"people": "peeple"}  # type: ignore[arg-type]


def test_a_misspelling_only_some_records_use_is_reported_on_those_records() -> None:
    records = [{"year": 2018, "people": 299}, {"year": 2022, "peeple": 45774}]
    assert dataset.renamed_fields(doc(records=records)) == {}  # type: ignore[arg-type]
    assert records_findings(records=records) == [
        (("records", 1, "peeple"), "'peeple' is not a declared field; did you mean 'people'?")]


def test_no_rename_is_guessed_without_records_or_without_a_close_key() -> None:
    assert dataset.renamed_fields(doc(records=[])) == {}  # type: ignore[arg-type]
    assert dataset.renamed_fields(doc(records=[{"year": 2018, "zzzzzz": 1}])) == {}  # type: ignore[arg-type]
    assert dataset.renamed_fields(doc(records=[{"year": 2018, "source": "ho"}])) == {}  # type: ignore[arg-type]


def test_a_record_source_must_name_a_source() -> None:
    sources = [SOURCE, dict(SOURCE, id="ons")]
    records = [{"year": 2018, "people": 1, "source": "ho"}, {"year": 2019, "people": 2, "source": "bbc"},
               {"year": 2020, "people": 3, "source": 7}, {"year": 2021, "people": 4}]
    assert records_findings(sources=sources, records=records) == [
        (("records", 1, "source"), '"bbc" is not a source id; expected one of: ho, ons'),
        (("records", 2, "source"), "7 is not a source id; expected one of: ho, ons"),
        (("records", 3), "missing 'source': with more than one source, each record names the one that covers it (ho, ons)")]


def test_one_source_needs_no_source_column() -> None:
    assert records_findings() == []
    assert records_findings(records=[{"year": 2018, "people": 1, "source": "ho"}]) == []


# -- encodings -------------------------------------------------------------------------------------------------------

STRING_FIELDS = [{"name": "year", "type": "year", "title": "Year"}, {"name": "area", "type": "string", "title": "Area"},
                 {"name": "people", "type": "integer", "title": "People"}, {"name": "when", "type": "date", "title": "W"}]


def encoding_findings(chart: dict[str, Any], fields: list[dict[str, Any]] = STRING_FIELDS) -> list[Any]:
    return findings(dataset.encodings, doc(fields=fields, chart=chart))


@pytest.mark.parametrize("chart", [
    {"kind": "bar", "x": "year", "y": "people"}, {"kind": "bar", "x": "area", "y": "people"},
    {"kind": "ranked-bar", "x": "people", "y": "area"}, {"kind": "comparison", "x": "people", "y": "area"},
    {"kind": "grouped-bar", "x": "year", "y": "people", "series": "area"},
    {"kind": "stacked-bar", "x": "year", "y": "people", "series": "area"},
    {"kind": "line", "x": "year", "y": "people"}, {"kind": "line", "x": "when", "y": "people", "series": "area"},
    {"kind": "line", "x": "area", "y": "people", "y_zero": False},
    {"kind": "timeline", "x": "when", "y": "area"}, {"kind": "timeline", "x": "year", "y": "area", "series": "area"},
    {"kind": "table"},
])
def test_each_chart_kind_accepts_its_encodings(chart: dict[str, Any]) -> None:
    assert encoding_findings(chart) == []


@pytest.mark.parametrize(("chart", "expected"), [
    ({"kind": "bar", "x": "year"}, [(("chart",), "kind 'bar' needs 'y': the name of a field")]),
    ({"kind": "grouped-bar", "x": "year", "y": "people"}, [(("chart",), "kind 'grouped-bar' needs 'series': the name of a field")]),
    ({"kind": "table", "x": "year"}, [(("chart", "x"), "kind 'table' shows every field; remove this encoding")]),
    ({"kind": "bar", "x": "nope", "y": "people"}, [(("chart", "x"), "'nope' is not a declared field; declared: year, area, people, when")]),
    ({"kind": "bar", "x": "year", "y": "area"}, [(("chart", "y"), "field 'area' has type 'string', but 'y' of a bar chart "
                                                                   "needs one of: integer, number, percent")]),
    ({"kind": "ranked-bar", "x": "people", "y": "year"}, [(("chart", "y"), "field 'year' has type 'year', but 'y' of a "
                                                                            "ranked-bar chart needs one of: string")]),
    ({"kind": "line", "x": "year", "y": "people", "series": "people"},
     [(("chart", "series"), "field 'people' has type 'integer', but 'series' of a line chart needs one of: string")]),
    ({"kind": "bar", "x": "year", "y": "people", "series": "area"}, []),
    ({"kind": "bar", "x": "year", "y": "people", "series": "year"},
     [(("chart", "series"), "field 'year' has type 'year', but 'series' of a bar chart needs one of: string")]),
    ({"kind": "timeline", "x": "people", "y": "area"}, [(("chart", "x"), "field 'people' has type 'integer', but 'x' of "
                                                                          "a timeline chart needs one of: date, year")]),
    ({"kind": "bar", "x": "year", "y": "people", "y_zero": True}, [(("chart", "y_zero"), "y_zero applies to line charts only; remove it")]),
])
def test_wrong_encodings_are_named(chart: dict[str, Any], expected: list[Any]) -> None:
    assert encoding_findings(chart) == expected


def test_an_encoding_of_a_misspelt_field_is_reported_on_the_field_only() -> None:
    d = doc(records=[{"year": 2018, "peeple": 1}], chart={"kind": "bar", "x": "year", "y": "peeple"})
    assert findings(dataset.encodings, d) == []


def test_a_series_shows_at_most_max_series_colours() -> None:
    fields = [GOOD["fields"][0], GOOD["fields"][1], {"name": "area", "type": "string", "title": "Area"}]
    records = [{"year": 2018, "people": i, "area": a} for i, a in enumerate("ABCDE")]
    chart = {"kind": "grouped-bar", "x": "year", "y": "people", "series": "area"}
    assert findings(dataset.series_count, doc(fields=fields, records=records, chart=chart)) == [
        (("chart", "series"), "'area' has 5 different values; a chart shows at most 4 colours (use a table or split "
                              "the chart)")]
    assert findings(dataset.series_count, doc(fields=fields, records=records[:4], chart=chart)) == []
    assert findings(dataset.series_count, doc(fields=fields, records=records, chart=chart),
                    RuleContext("good-chart", TODAY, LICENCES, 5)) == []
    assert findings(dataset.series_count, doc(fields=fields, records=records + records, chart=chart),
                    RuleContext("good-chart", TODAY, LICENCES, 5)) == []
    assert findings(dataset.series_count, doc(fields=fields, records=records, chart=dict(chart, series="nope"))) == []


@pytest.mark.parametrize(("count", "ok"), [(1, False), (2, True), (4, True), (5, False)])
def test_a_comparison_shows_two_to_four_values(count: int, ok: bool) -> None:
    fields = [{"name": "area", "type": "string", "title": "A"}, {"name": "people", "type": "integer", "title": "P"}]
    records = [{"area": str(i), "people": i} for i in range(count)]
    result = findings(dataset.comparison_size, doc(fields=fields, records=records,
                                                   chart={"kind": "comparison", "x": "people", "y": "area"}))
    assert result == ([] if ok else [(("records",), f"a comparison shows 2 to 4 values, got {count}")])
    assert findings(dataset.comparison_size, doc(fields=fields, records=records,
                                                 chart={"kind": "ranked-bar", "x": "people", "y": "area"})) == []


def test_each_point_is_unique() -> None:
    records = [{"year": 2018, "people": 1}, {"year": 2019, "people": 2}, {"year": 2018, "people": 3},
               {"year": 2018, "people": 4}]
    assert findings(dataset.unique_points, doc(records=records)) == [
        (("records", 2), "duplicates records[0] (year=2018); each point must be unique"),
        (("records", 3), "duplicates records[0] (year=2018); each point must be unique")]


def test_points_are_told_apart_by_their_series_and_ranked_bars_by_their_label() -> None:
    fields = [GOOD["fields"][0], GOOD["fields"][1], {"name": "area", "type": "string", "title": "Area"}]
    records = [{"year": 2018, "people": 1, "area": "A"}, {"year": 2018, "people": 1, "area": "B"}]
    grouped = {"kind": "grouped-bar", "x": "year", "y": "people", "series": "area"}
    assert findings(dataset.unique_points, doc(fields=fields, records=records, chart=grouped)) == []
    ranked = {"kind": "ranked-bar", "x": "people", "y": "area"}
    assert findings(dataset.unique_points, doc(fields=fields, records=records, chart=ranked)) == []
    same = [{"year": 2018, "people": 1, "area": "A"}, {"year": 2019, "people": 2, "area": "A"}]
    assert findings(dataset.unique_points, doc(fields=fields, records=same, chart=ranked)) == [
        (("records", 1), 'duplicates records[0] (area="A"); each point must be unique')]
    comparison = {"kind": "comparison", "x": "people", "y": "area"}
    assert findings(dataset.unique_points, doc(fields=fields, records=same, chart=comparison)) == [
        (("records", 1), 'duplicates records[0] (area="A"); each point must be unique')]


def test_tables_and_charts_without_keys_have_no_duplicate_points() -> None:
    records = [{"year": 2018, "people": 1}, {"year": 2018, "people": 1}]
    assert findings(dataset.unique_points, doc(records=records, chart={"kind": "table"})) == []
    assert findings(dataset.unique_points, doc(records=records, chart={"kind": "bar", "x": "nope", "y": "people"})) == []


def test_a_highlight_names_a_field_and_a_value_some_record_has() -> None:
    assert findings(dataset.highlight, doc(chart=dict(GOOD["chart"], highlight={"year": 2022}))) == []
    assert findings(dataset.highlight, doc(chart=dict(GOOD["chart"], highlight={"year": 2021}))) == [
        (("chart", "highlight", "year"), "no record has year = 2021")]
    assert findings(dataset.highlight, doc(chart=dict(GOOD["chart"], highlight={"yeer": 2022}))) == [
        (("chart", "highlight", "yeer"), "'yeer' is not a declared field")]
    assert findings(dataset.highlight, doc(chart={"kind": "bar", "x": "year", "y": "people"})) == []


# -- load and load_all --------------------------------------------------------------------------------------------------

def write(folder: Path, name: str, content: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content, indent=2).encode())
    return path


def test_a_good_file_loads_with_its_bytes_and_no_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "good-chart.json", GOOD)
    ds = dataset.load(path, "charts/good-chart.json", TODAY, LICENCES)
    assert (ds.problems, ds.doc, ds.raw, ds.path) == ([], GOOD, path.read_bytes(), path)


def test_a_file_that_is_not_json_stops_at_the_parser(tmp_path: Path) -> None:
    ds = dataset.load(write(tmp_path, "good-chart.json", b'{"id": "good-chart",}'), "charts/x.json", TODAY, LICENCES)
    assert [str(p) for p in ds.problems] == [
        "charts/x.json: line 1, column 20: invalid JSON: a comma before the closing }; remove it"]
    assert ds.doc == {}


def test_schema_problems_come_before_and_instead_of_the_rules(tmp_path: Path) -> None:
    bad = doc(title=5, licence="MIT")
    ds = dataset.load(write(tmp_path, "good-chart.json", bad), "charts/good-chart.json", TODAY, LICENCES)
    assert [str(p) for p in ds.problems] == ["charts/good-chart.json: title: expected text, got 5"]


def test_rule_problems_are_located_by_json_path(tmp_path: Path) -> None:
    bad = doc(records=[{"year": 2018, "people": 299}, {"year": 2022, "people": -1.5}])
    ds = dataset.load(write(tmp_path, "good-chart.json", bad), "charts/good-chart.json", TODAY, LICENCES)
    assert [str(p) for p in ds.problems] == ["charts/good-chart.json: records[1].people: expected a whole number, got -1.5"]


def test_the_rules_see_the_file_name_the_day_the_licences_and_the_series_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "good-chart.json", doc(licence="CC-BY-4.0"))
    assert [str(p) for p in dataset.load(path, "c", dt.date(2026, 11, 21), frozenset({"OGL-UK-3.0"})).problems] == [
        "c: sources[0].accessed: 2026-11-22 is in the future", "c: reviewed: 2026-11-22 is in the future",
        "c: changes[0].date: 2026-11-22 is in the future", "c: currency.checked: 2026-11-22 is in the future",
        "c: licence: \"CC-BY-4.0\" is not one of the site's licences: OGL-UK-3.0"]
    fields = [GOOD["fields"][0], GOOD["fields"][1], {"name": "area", "type": "string", "title": "Area"}]
    records = [{"year": 2018 + i, "people": i, "area": a} for i, a in enumerate("AB")]
    chart = {"kind": "grouped-bar", "x": "year", "y": "people", "series": "area"}
    path = write(tmp_path, "good-chart.json", doc(fields=fields, records=records, chart=chart))
    assert dataset.load(path, "c", TODAY, LICENCES).problems == []
    assert [p.where for p in dataset.load(path, "c", TODAY, LICENCES, max_series=1).problems] == ["chart.series"]


@pytest.mark.parametrize(("name", "safe"), [("Good Chart.json", "good-chart"), ("my_chart--2.json", "my-chart-2"),
                                            ("---.json", "chart")])
def test_a_file_name_that_is_no_safe_id_is_reported_first_with_a_safe_name(tmp_path: Path, name: str, safe: str) -> None:
    ds = dataset.load(write(tmp_path, name, doc(id=Path(name).stem)), f"charts/{name}", TODAY, LICENCES)
    assert str(ds.problems[0]) == (f"charts/{name}: (file): the file name '{name}' is not a safe id (lower-case "
                                   f"letters, digits, hyphens); rename it, e.g. to '{safe}.json'")


def test_a_file_holding_a_list_is_reported_by_the_schema_with_an_empty_document(tmp_path: Path) -> None:
    ds = dataset.load(write(tmp_path, "good-chart.json", [1, 2]), "c", TODAY, LICENCES)
    assert ds.doc == {} and len(ds.problems) == 1 and ds.problems[0].where == "(top level)"


def test_load_all_reads_every_json_file_in_name_order(tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    for name in ("b-chart", "a-chart"):
        write(charts, f"{name}.json", doc(id=name))
    write(charts, "notes.txt", b"not a dataset")
    datasets, problems = dataset.load_all(charts, TODAY, LICENCES)
    assert [ds.id for ds in datasets] == ["a-chart", "b-chart"] and problems == []


def test_load_all_collects_every_problem_labelled_by_folder_and_file(tmp_path: Path) -> None:
    charts = tmp_path / "data"
    write(charts, "a-chart.json", doc(id="a-chart", licence="MIT"))
    write(charts, "b-chart.json", b"[")
    datasets, problems = dataset.load_all(charts, TODAY, LICENCES)
    assert [str(p) for p in problems] == [
        "data/a-chart.json: licence: \"MIT\" is not one of the site's licences: CC-BY-4.0, OGL-UK-3.0",
        "data/b-chart.json: line 1, column 2: invalid JSON: Expecting value"]
    assert [len(ds.problems) for ds in datasets] == [1, 1]


def test_a_duplicate_id_is_one_line_on_the_copy_naming_the_original(tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    write(charts, "a-copy.json", doc(id="good-chart"))
    write(charts, "good-chart.json", doc())
    write(charts, "z-copy.json", doc(id="good-chart"))
    datasets, problems = dataset.load_all(charts, TODAY, LICENCES)
    assert [str(p) for p in problems] == [
        "charts/a-copy.json: id: 'good-chart' is already the id of charts/good-chart.json; change it to 'a-copy', "
        "this file's name",
        "charts/z-copy.json: id: 'good-chart' is already the id of charts/good-chart.json; change it to 'z-copy', "
        "this file's name"]
    assert [len(ds.problems) for ds in datasets] == [1, 0, 1]


def test_without_a_file_of_its_name_the_first_holder_of_an_id_is_the_original(tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    write(charts, "b-one.json", doc(id="shared"))
    write(charts, "c-two.json", doc(id="shared", licence="MIT"))
    datasets, problems = dataset.load_all(charts, TODAY, LICENCES)
    assert [str(p) for p in datasets[1].problems] == [
        "charts/c-two.json: licence: \"MIT\" is not one of the site's licences: CC-BY-4.0, OGL-UK-3.0",
        "charts/c-two.json: id: 'shared' is already the id of charts/b-one.json; change it to 'c-two', this file's name"]
    assert [str(p) for p in datasets[0].problems] == [
        "charts/b-one.json: id: id \"shared\" must equal the file name 'b-one'; rename the file or change the id"]
    assert len(problems) == 3


# -- jsonfile -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    (b'{"a": 1, "b": [1.5, "x", null, true]}', {"a": 1, "b": [1.5, "x", None, True]}),
    (b"[]", []), (b"-12", -12), ('{"é": "“q”"}'.encode(), {"é": "“q”"}),
])
def test_valid_json_is_read_as_it_is(raw: bytes, expected: Any) -> None:
    assert jsonfile.parse(raw) == (expected, [])


def test_bytes_that_are_not_utf8_are_named_by_offset() -> None:
    assert jsonfile.parse(b'{"a": "\xff"}') == (None, [("(file)", "not valid UTF-8 (byte 0xff at offset 7); save the "
                                                                  "file as UTF-8")])


def test_a_byte_order_mark_is_refused() -> None:
    assert jsonfile.parse("\ufeff{}".encode()) == (None, [("(file)", "starts with a byte-order mark; save as UTF-8 "
                                                                     "without BOM")])


@pytest.mark.parametrize(("text", "where", "message"), [
    ('{"a": 1,}', "line 1, column 8", "invalid JSON: a comma before the closing }; remove it"),
    ('[1, 2,\n  ]', "line 1, column 6", "invalid JSON: a comma before the closing ]; remove it"),
    ('{\n  "a": [1,\n    2,\n  ]\n}', "line 3, column 6", "invalid JSON: a comma before the closing ]; remove it"),
    ('{"a": 1 "b": 2}', "line 1, column 9", "invalid JSON: Expecting ',' delimiter"),
    ('{"a": ,}', "line 1, column 7", "invalid JSON: Expecting value"),
    ("", "line 1, column 1", "invalid JSON: Expecting value"),
])
def test_a_syntax_error_is_located_and_a_trailing_comma_named_where_it_is(text: str, where: str, message: str) -> None:
    assert jsonfile.parse(text.encode()) == (None, [(where, message)])


@pytest.mark.parametrize(("text", "where", "message"), [
    ('{"a": NaN}', "a", "NaN is not allowed in JSON data; use a number or null"),
    ('{"a": [1, -Infinity]}', "a[1]", "-Infinity is not allowed in JSON data; use a number or null"),
    ('{"a": {"b": Infinity}}', "a.b", "Infinity is not allowed in JSON data; use a number or null"),
    ('{"a": 1e999}', "a", "number out of range; use a finite number"),
    ('{"a": -1e999}', "a", "number out of range; use a finite number"),
    ('{"a": ' + "9" * 401 + "}", "a", "number out of range (401 digits); use a finite number"),
    ('{"a": -' + "9" * 401 + "}", "a", "number out of range (401 digits); use a finite number"),
    ('{"a": ' + "9" * 310 + "}", "a", "number out of range (310 digits); use a finite number"),
    ('{"a": 1, "b": 2, "a": 3}', "a", "key 'a' appears more than once in the same object; keep one"),
    ('[{"x": [{"k": 1, "k": 2}]}]', "[0].x[0].k", "key 'k' appears more than once in the same object; keep one"),
])
def test_values_json_allows_but_a_dataset_cannot_use_are_located(text: str, where: str, message: str) -> None:
    _, problems = jsonfile.parse(text.encode())
    assert problems == [(where, message)]


def test_every_bad_value_is_reported_in_document_order() -> None:
    _, problems = jsonfile.parse(b'{"a": NaN, "b": [Infinity, 1, {"c": 1, "c": 2}], "d": 1e400}')
    assert [where for where, _ in problems] == ["a", "b[0]", "b[2].c", "d"]


def test_the_largest_integers_a_float_can_hold_are_numbers() -> None:
    text = "9" * 308
    assert jsonfile.parse(f'{{"a": {text}}}'.encode()) == ({"a": int(text)}, [])
    assert jsonfile.parse(("[" + "9" * 309 + "]").encode())[1] == [
        ("[0]", "number out of range (309 digits); use a finite number")]


def test_integers_are_read_exactly_up_to_the_digit_limit() -> None:
    assert jsonfile.MAX_DIGITS == 400
    document, problems = jsonfile.parse(b"[123456789012345678901234567890]")
    assert document == [123456789012345678901234567890] and problems == []


@pytest.mark.parametrize("depth", [32, 33])  # 33 brackets: the innermost list is 32 levels below the top
def test_nesting_up_to_the_limit_is_read(depth: int) -> None:
    text = "[" * depth + "]" * depth
    document, problems = jsonfile.parse(text.encode())
    assert problems == [] and document is not None


@pytest.mark.parametrize("text", ["[" * 34 + "]" * 34, '{"a":' * 33 + "1" + "}" * 33, "[" * 100000 + "]" * 100000])
def test_nesting_beyond_the_limit_is_refused_without_recursing(text: str) -> None:
    assert jsonfile.parse(text.encode()) == (None, [("(file)", "nested too deeply to read; a dataset is at most a few "
                                                               "levels deep")])


def test_depth_counts_lists_and_objects_and_stops_past_the_limit() -> None:
    assert jsonfile._depth(1) == 0
    assert jsonfile._depth([]) == 0
    assert jsonfile._depth({"a": [1]}) == 2
    assert jsonfile._depth([[1], {"a": {"b": [2]}}]) == 4
    deep: Any = 1
    for _ in range(100):
        deep = [deep]
    assert jsonfile._depth(deep) == jsonfile.MAX_DEPTH + 1


def test_an_object_with_a_repeated_key_keeps_the_last_value_and_names_the_key() -> None:
    obj = jsonfile._object([("a", 1), ("b", 2), ("a", 3), ("a", 4)])
    assert obj == {"a": 4, "b": 2} and obj.duplicates == ["a", "a"]  # type: ignore[attr-defined]
    plain = jsonfile._object([("a", 1)])
    assert type(plain) is dict


# -- schemas --------------------------------------------------------------------------------------------------------

def schema_problems(document: Any) -> list[tuple[str, str]]:
    return list(schemas.problems(schemas.DATASET, document))


def test_the_good_dataset_matches_the_schema() -> None:
    assert schema_problems(GOOD) == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"title": None}, [("(top level)", "missing required field \'title\'; add it (an active title that states the finding, e.g. \'Small-boat arrivals rose from 299 in 2018 to 45,774 in 2022\')")]),
    ({"title": 5}, [("title", "expected text, got 5")]),
    ({"notes": "x"}, [("notes", 'expected a list, got "x"')]),
    ({"extra_key": 1}, [("(top level)", "unknown field 'extra_key'; allowed fields are: changes, chart, currency, "
                                        "description, fields, id, licence, next_review, notes, overlaps, records, "
                                        "reviewed, sources, subtitle, title, topic, unit")]),
    ({"id": "Bad Id"}, [("id", '"Bad Id" is not valid here: expected lower-case letters, digits and single hyphens, '
                               "e.g. arrivals-by-year")]),
    ({"reviewed": "22/11/2026"}, [("reviewed", '"22/11/2026" is not valid here: expected a date as YYYY-MM-DD')]),
])
def test_schema_errors_are_sentences_at_their_place(change: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert schema_problems(doc(**change)) == expected


def test_a_missing_field_of_a_nested_object_is_named() -> None:
    source = {k: v for k, v in SOURCE.items() if k not in ("publisher", "url")}
    assert schema_problems(doc(sources=[source])) == [("sources[0]", "missing required field 'publisher'; add it (who "
                                                                    "published it, e.g. 'Home Office' or 'Office for "
                                                                    "National Statistics')"),
                                                      ("sources[0]", "missing required field 'url'; add it (https address "
                                                                    "of the publication (or the page that states the "
                                                                    "figure))")]


def test_an_enum_error_lists_the_allowed_values() -> None:
    assert schema_problems(doc(chart={"kind": "pie", "x": "year", "y": "people"})) == [
        ("chart.kind", '"pie" is not allowed; expected one of: bar, ranked-bar, grouped-bar, stacked-bar, line, '
                       "comparison, timeline, table")]


def test_errors_come_in_document_order() -> None:
    problems = schema_problems(doc(title=5, unit=6, records="x"))
    assert [where for where, _ in problems] == ["records", "title", "unit"]


class FakeError:
    """Stands in for a jsonschema ValidationError, to reach each sentence directly."""

    def __init__(self, validator: str, instance: Any, validator_value: Any = None, message: str = "",
                 schema: dict[str, Any] | None = None, path: tuple[Any, ...] = ()) -> None:
        self.validator, self.instance, self.validator_value = validator, instance, validator_value
        self.message, self.schema, self.absolute_path = message, schema or {}, list(path)


@pytest.mark.parametrize(("error", "sentence"), [
    (FakeError("required", {"a": 1}, ["a", "b", "c"], "'c' is a required property"), "missing required field 'c'"),
    (FakeError("required", {"a": 1}, ["a", "b"], "odd message"), "missing required field 'b'"),
    (FakeError("required", {}, ["b"], "'b' is a required property",
               {"properties": {"b": {"description": "The start. E.g. the end, i.e. more. Not this."}}}),
     "missing required field 'b'; add it (the start)"),
    (FakeError("required", {}, ["b"], "'b' is a required property",
               {"properties": {"b": {"description": "Counts, e.g. people. Not this."}}}),
     "missing required field 'b'; add it (counts, e.g. people)"),
    (FakeError("required", [1], ["a"], "'a' is a required\nproperty"), "'a' is a required\\nproperty"),
    (FakeError("additionalProperties", {"z": 1, "a": 2, "y": 3}, schema={"properties": {"a": {}, "b": {}}}),
     "unknown field 'y'; allowed fields are: a, b"),
    (FakeError("type", "x", ["number", "null"]), 'expected a number or null, got "x"'),
    (FakeError("type", 1, "string"), "expected text, got 1"),
    (FakeError("type", 1, "whatever"), "expected whatever, got 1"),
    (FakeError("enum", "x", ["a", 1]), '"x" is not allowed; expected one of: a, 1'),
    (FakeError("pattern", "x", "^a$", path=("records", 0, "url")), '"x" is not valid here: expected a web address '
                                                                     "starting with https://"),
    (FakeError("pattern", "x", "^a$", path=("records", 0)), '"x" is not valid here: expected the pattern ^a$'),
    (FakeError("pattern", "x", "^a$", path=("oddkey", 2)), '"x" is not valid here: expected the pattern ^a$'),
    (FakeError("minItems", [1], 2), "needs at least 2 item(s), got 1"),
    (FakeError("maxItems", [1, 2, 3], 2), "allows at most 2 item(s), got 3"),
    (FakeError("minLength", "ab", 3), "too short: needs at least 3 characters, got 2"),
    (FakeError("maxLength", "abcd", 3), "too long: at most 3 characters, got 4"),
    (FakeError("minimum", -1, 0), "-1 is below the minimum of 0"),
    (FakeError("maximum", 101, 100), "101 is above the maximum of 100"),
    (FakeError("minProperties", {}, 1), "needs at least 1 entry"),
    (FakeError("minProperties", {}, 2), "needs at least 2 entries"),
    (FakeError("maxProperties", {"a": 1, "b": 2}, 1), "allows at most 1 entry"),
    (FakeError("maxProperties", {}, 3), "allows at most 3 entries"),
    (FakeError("const", 1, 2, "1 was expected\nto be 2 " + "x" * 300), ("1 was expected\\nto be 2 " + "x" * 300)[:197] + "..."),
])
def test_each_kind_of_schema_error_reads_as_a_sentence(error: FakeError, sentence: str) -> None:
    assert schemas._message(error) == sentence  # type: ignore[arg-type]


@pytest.mark.parametrize(("parts", "path"), [
    ([], "(top level)"), (["records", 3, "people"], "records[3].people"), ([0, "a"], "[0].a"),
    (["a key", "b"], '["a key"].b'), (["é-x_1"], "é-x_1"), (["new\nline"], '["new\\nline"]'),
    (["x" * 80], "x" * 80), (["y " * 40], '["' + "y " * 28 + '...]'), (["ok", "x y", 2], 'ok["x y"][2]'),
])
def test_a_path_reads_like_the_document(parts: list[Any], path: str) -> None:
    assert schemas.json_path(parts) == path


@pytest.mark.parametrize(("value", "shown"), [
    ("text", '"text"'), (5, "5"), (None, "null"), ([1, "a"], '[1, "a"]'), ("line\nbreak\u2028", '"line\\nbreak\\u2028"'),
    ("é", '"é"'), ("x" * 70, '"' + "x" * 56 + "..."), (dt.date(2024, 1, 2), '"2024-01-02"'),
])
def test_a_value_is_shown_as_typed_on_one_line_and_short(value: Any, shown: str) -> None:
    assert schemas.describe(value) == shown


def test_a_value_too_deep_to_show_is_described_by_its_type() -> None:
    deep: Any = []
    for _ in range(100000):
        deep = [deep]
    assert schemas.describe(deep) == "(a list too deeply nested to show)"


@pytest.mark.parametrize(("text", "line"), [
    ("a\nb\rc\td", "a\\nb\\rc\\td"), ("\x00\x1f\x7f\x85", "\\u0000\\u001f\\u007f\\u0085"),
    ("\u2028\u2029", "\\u2028\\u2029"), ("plain é", "plain é"),
])
def test_line_breaks_and_control_characters_are_escaped(text: str, line: str) -> None:
    assert schemas.one_line(text) == line
    assert len(schemas.one_line(text).splitlines()) <= 1


def test_quoted_names_are_one_line_and_at_most_sixty_characters() -> None:
    assert schemas.quoted("people") == "'people'"
    assert schemas.quoted(7) == "'7'"
    assert schemas.quoted("a\nb") == "'a\\nb'"
    assert schemas.quoted("x" * 61) == "'" + "x" * 57 + "...'"
    assert schemas.quoted("x" * 60) == "'" + "x" * 60 + "'"
    assert schemas.shorten("abcdef", 5) == "ab..." and schemas.shorten("abcde", 5) == "abcde"


def test_the_shipped_schemas_are_valid_and_their_validators_cached() -> None:
    assert schemas.validator(schemas.DATASET) is schemas.validator(schemas.DATASET)
    assert schemas.validator(schemas.CONFIG) is not schemas.validator(schemas.DATASET)


# -- what the rules must not confuse ----------------------------------------------------------------------------------

def test_a_declared_field_in_use_is_never_taken_for_a_misspelling() -> None:
    records = [{"year": 2018, "people": 1, "peoples": 2}, {"year": 2019, "people": 3, "peoples": 4}]
    assert dataset.renamed_fields(doc(records=records)) == {}  # type: ignore[arg-type]
    assert records_findings(records=records) == [
        (("records", 0, "peoples"), "'peoples' is not a declared field; declared: year, people"),
        (("records", 1, "peoples"), "'peoples' is not a declared field; declared: year, people")]


def test_a_missing_field_is_reported_even_when_its_name_is_close_to_a_declared_one() -> None:
    fields = [GOOD["fields"][0], GOOD["fields"][1], dict(GOOD["fields"][1], name="peoples")]
    records = [{"year": 2018, "people": 1}]
    assert dataset.renamed_fields(doc(fields=fields, records=records)) == {}  # type: ignore[arg-type]
    assert records_findings(fields=fields, records=records) == [(("records", 0), "missing field 'peoples'")]


def test_the_record_source_column_is_never_taken_for_a_misspelt_field() -> None:
    fields = [GOOD["fields"][0], GOOD["fields"][1], {"name": "sources", "type": "string", "title": "S"}]
    sources = [SOURCE, dict(SOURCE, id="ons")]
    records = [{"year": 2018, "people": 1, "source": "ho"}, {"year": 2019, "people": 2, "source": "ons"}]
    assert records_findings(fields=fields, sources=sources, records=records) == [
        (("records", 0), "missing field 'sources'"), (("records", 1), "missing field 'sources'")]


def test_a_misspelt_key_does_not_hide_the_other_cells_of_its_record() -> None:
    records = [{"peeple": 1, "year": 1800}, {"peeple": 2, "year": 2019}]
    assert records_findings(records=records) == [
        (("fields", 1, "name"), "'people' is used by no record, and every record has 'peeple' instead; "
                                "did you mean 'peeple'?"),
        (("records", 0, "year"), "year 1800 is outside 1900-2100")]


def test_a_missing_field_close_to_a_misspelt_key_does_not_hide_other_missing_fields() -> None:
    fields = [*GOOD["fields"], {"name": "area", "type": "string", "title": "Area"}]
    records = [{"year": 2018, "people": 1, "area": "N"}, {"year": 2019, "peeple": 2}]
    assert records_findings(fields=fields, records=records) == [
        (("records", 1, "peeple"), "'peeple' is not a declared field; did you mean 'people'?"),
        (("records", 1), "missing field 'area'")]


def test_line_and_timeline_charts_still_need_x_and_y() -> None:
    assert encoding_findings({"kind": "line", "x": "year"}) == [(("chart",), "kind 'line' needs 'y': the name of a field")]
    assert encoding_findings({"kind": "timeline", "y": "area"}) == [
        (("chart",), "kind 'timeline' needs 'x': the name of a field")]


@pytest.mark.parametrize(("chart", "expected"), [
    ({"kind": "bar", "y": "area"}, [(("chart",), "kind 'bar' needs 'x': the name of a field"),
                                    (("chart", "y"), "field 'area' has type 'string', but 'y' of a bar chart needs one "
                                                     "of: integer, number, percent")]),
    ({"kind": "table", "x": "year", "y": "people"}, [(("chart", "x"), "kind 'table' shows every field; remove this encoding"),
                                                    (("chart", "y"), "kind 'table' shows every field; remove this encoding")]),
    ({"kind": "bar", "x": "nope", "y": "area"}, [(("chart", "x"), "'nope' is not a declared field; declared: year, area, "
                                                                  "people, when"),
                                                 (("chart", "y"), "field 'area' has type 'string', but 'y' of a bar "
                                                                  "chart needs one of: integer, number, percent")]),
])
def test_every_channel_is_checked_after_a_bad_one(chart: dict[str, Any], expected: list[Any]) -> None:
    assert encoding_findings(chart) == expected


def test_a_table_with_stray_encodings_is_not_checked_for_duplicate_points() -> None:
    records = [{"year": 2018, "people": 1}, {"year": 2018, "people": 1}]
    assert findings(dataset.unique_points, doc(records=records, chart={"kind": "table", "x": "year", "y": "people"})) == []


def test_a_duplicate_point_names_every_key_it_repeats() -> None:
    fields = [GOOD["fields"][0], GOOD["fields"][1], {"name": "area", "type": "string", "title": "Area"}]
    records = [{"year": 2018, "people": 1, "area": "A"}, {"year": 2018, "people": 2, "area": "A"}]
    grouped = {"kind": "grouped-bar", "x": "year", "y": "people", "series": "area"}
    assert findings(dataset.unique_points, doc(fields=fields, records=records, chart=grouped)) == [
        (("records", 1), 'duplicates records[0] (year=2018, area="A"); each point must be unique')]


FIVE_SERIES = {"fields": [GOOD["fields"][0], GOOD["fields"][1], {"name": "area", "type": "string", "title": "Area"}],
               "records": [{"year": 2018, "people": i, "area": a} for i, a in enumerate("ABCDE")],
               "chart": {"kind": "grouped-bar", "x": "year", "y": "people", "series": "area"}}


def test_load_and_load_all_allow_four_series_unless_told_otherwise(tmp_path: Path) -> None:
    path = write(tmp_path / "charts", "good-chart.json", doc(**FIVE_SERIES))
    assert [p.where for p in dataset.load(path, "c", TODAY, LICENCES).problems] == ["chart.series"]
    assert [p.where for p in dataset.load_all(tmp_path / "charts", TODAY, LICENCES)[1]] == ["chart.series"]
    assert dataset.load_all(tmp_path / "charts", TODAY, LICENCES, max_series=5)[1] == []


def test_every_shared_id_is_reported_after_an_id_used_once(tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    write(charts, "a-alone.json", doc(id="a-alone"))
    write(charts, "b-copy.json", doc(id="good-chart"))
    write(charts, "good-chart.json", doc())
    _, problems = dataset.load_all(charts, TODAY, LICENCES)
    assert [str(p) for p in problems] == [
        "charts/b-copy.json: id: 'good-chart' is already the id of charts/good-chart.json; change it to 'b-copy', "
        "this file's name"]


@pytest.mark.parametrize("text", ["[1, X]", "[1, x]", '{"a": 1, b}'])
def test_an_error_after_a_comma_that_is_not_a_closing_bracket_is_reported_as_it_is(text: str) -> None:
    _, problems = jsonfile.parse(text.encode())
    assert len(problems) == 1 and "a comma before the closing" not in problems[0][1]


@pytest.mark.parametrize("text", ["[1,", '{"a": 1,', "[1, 2,   "])
def test_a_file_that_stops_after_a_comma_is_reported_not_crashed_on(text: str) -> None:
    document, problems = jsonfile.parse(text.encode())
    assert document is None and len(problems) == 1


def test_a_bracketed_key_keeps_its_non_ascii_letters() -> None:
    assert schemas.json_path(["é x", 1]) == '["é x"][1]'


def test_unknown_fields_are_named_even_when_the_schema_lists_no_fields() -> None:
    error = FakeError("additionalProperties", {"b": 1, "a": 2})
    assert schemas._message(error) == "unknown field 'a'; allowed fields are: "  # type: ignore[arg-type]


def test_a_pattern_error_at_the_top_of_a_list_uses_the_pattern_itself() -> None:
    error = FakeError("pattern", "x", "^a$", path=(0,))
    assert schemas._message(error) == '"x" is not valid here: expected the pattern ^a$'  # type: ignore[arg-type]


def test_two_errors_at_one_place_come_in_the_order_of_their_rule_names() -> None:
    assert [message.split(":")[0] for _, message in schema_problems(doc(id="A" * 200))] == [
        "too long", '"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA... is not valid here']
