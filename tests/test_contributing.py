"""CONTRIBUTING.md stays true: its field tables equal the dataset schema, every example message in it is a line the
engine prints (collected by running the bad-input corpora and the configuration cases), its chart rules section
documents every chart rule, and the commands it names exist."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from explainer import chart_rules, dataset
from explainer.schemas import DATASET

from conftest import MINI, ROOT, TODAY, copy_site, run
from test_check import (
    DATASETS,
    INCLUDE,
    MESSAGES,
    MISTAKES,
    MKDOCS_LINE,
    NOT_IN_NAV,
    PAGES,
    SAFE_ID,
    TOPIC,
    add_to_nav,
    apply,
    replace_once,
)
from test_config import CASES as CONFIG_CASES
from test_config import site_with

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
SCHEMA = json.loads(DATASET.read_text(encoding="utf-8"))
PROPS = SCHEMA["properties"]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")

# Each documented table of fields, and the part of the schema it must equal.
FIELD_TABLES = {
    "Top-level fields": SCHEMA,
    "Each column in `fields`": PROPS["fields"]["items"],
    "The `chart` block": PROPS["chart"],
    "Each item of `sources`": PROPS["sources"]["items"],
    "The `currency` block": PROPS["currency"],
    "Each item of `changes`": PROPS["changes"]["items"],
}
MESSAGES_HEADING = "What the messages mean"
RULES_HEADING = "The chart rules"
# A line shaped as the engine's: a file (or mkdocs.yml, or docs/ for a section's pages) and a colon, or explainer:
MESSAGE = re.compile(r"^(?:(?:charts|docs)/[\w./-]*|mkdocs\.yml)(?::\d+)?: |^explainer: ")
# Every kind of message the guide must show a real example of: (what, a phrase of the message).
REQUIRED_EXAMPLES = [
    ("a configuration that is not valid YAML", "mkdocs.yml:2: is not valid YAML"),
    ("a missing site address", "site_url: missing"),
    ("an unknown configuration key", "extra.explainer: unknown field"),
    ("a configuration value of the wrong type", "median_max: expected a number"),
    ("a section whose folder does not exist", "there is no folder docs/"),
    ("a licence that is not defined", "site_licence: 'MIT' is not one of the licences"),
    ("a bad colour", "expected a colour"),
    ("malformed JSON with line and column", "invalid JSON"),
    ("a file that is not UTF-8", "not valid UTF-8"),
    ("a byte-order mark", "byte-order mark"),
    ("a key given twice", "appears more than once"),
    ("NaN or Infinity", "is not allowed in JSON data"),
    ("a missing required field", "missing required field"),
    ("a wrong type", "expected a whole number"),
    ("an unknown field", "unknown field 'colour'"),
    ("a value not matching its pattern", "is not valid here"),
    ("a value outside a fixed list", "is not allowed; expected one of"),
    ("a text too long", "too long"),
    ("an unsafe file name", "is not a safe id"),
    ("an encoding naming an undeclared field", "chart.y: 'peple' is not a declared field"),
    ("a record key that is not declared", "'boats' is not a declared field"),
    ("a record without a field", "missing field 'people'"),
    ("a null where none is allowed", "is not nullable"),
    ("a percentage out of range", "is outside 0-100"),
    ("a year out of range", "is outside 1900-2100"),
    ("two records for one point", "each point must be unique"),
    ("a field declared twice", "is declared twice"),
    ("a number format the site cannot show", "is not a format the site can show"),
    ("an encoding of the wrong type", "of a line chart needs one of"),
    ("a chart kind without a needed encoding", "needs 'series'"),
    ("a table with encodings", "kind 'table' shows every field"),
    ("y_zero on a chart that is not a line", "y_zero applies to line charts only"),
    ("too many series", "a chart shows at most 4 colours"),
    ("a comparison of too many values", "a comparison shows 2 to 4 values"),
    ("a highlight no record has", "no record has year"),
    ("a record without its source", "missing 'source'"),
    ("a record naming an unknown source", "is not a source id"),
    ("a source id used twice", "is used twice"),
    ("a licence the site does not define", "is not one of the site's licences"),
    ("a date in the future", "is in the future"),
    ("an access date before publication", "is before the publication date"),
    ("a date that is not real", "is not a real date"),
    ("a next review before the review", "must be after the reviewed date"),
    ("a number in a dataset's text not in its records", "is not a value in the records"),
    ("an acronym in a dataset", "(text): 'NCA' is not in the glossary"),
    ("words copied into a dataset", "notes[0]: copies a source word for word"),
    ("a duplicate id", "is already the id of"),
    ("a trailing comma", "a comma before the closing"),
    ("a misspelt field name", "is used by no record"),
    ("an id that differs from the file name", "must equal the file name"),
    ("two datasets with the same values", "repeats 2 values"),
    ("a dataset on no page", "is shown on no page"),
    ("front matter that is not YAML", "front matter is not valid YAML"),
    ("front matter without a title", "front matter has no title"),
    ("front-matter characters", "contains one of < > \" &"),
    ("a description of the wrong length", "front matter description is 17 characters"),
    ("a reviewed date that is not a date", "is not a date; write it as YYYY-MM-DD"),
    ("a page's change without a summary", "needs a date and a summary"),
    ("two top-level headings", "top-level headings"),
    ("no In short box", "has no \"In short\" box"),
    ("an In short box with the wrong number of bullets", "box has 4 bullets"),
    ("no Sources section", "has no '## Sources' section"),
    ("a review line that disagrees", "but the front matter says reviewed"),
    ("required sections missing", "needs the section(s)"),
    ("required sections out of order", "has its sections out of order"),
    ("no closing box", "has no \"Report it or get help\" box"),
    ("a misspelt chart id", "did you mean 'good-chart'?"),
    ("an unknown chart id in a page", "unknown chart id 'no-such-chart'"),
    ("an unclosed include", "include is not closed"),
    ("an include that is not a chart", "unknown snippet"),
    ("a link to a chart page that does not exist", "links to the chart page"),
    ("a page not in the navigation", "is not in the navigation"),
    ("a navigation entry with a typo", "mkdocs.yml: nav: names"),
    ("an acronym in a page", "docs/topic/index.md:19: 'NCA' is not in the glossary"),
    ("words copied into a page", "put it in your own words"),
    ("a page too hard to read", "(Flesch-Kincaid), above the limit"),
    ("a section too hard to read", "the median reading grade"),
    ("an unsupported number", "is neither bound to a dataset nor cited"),
    ("a bound number that does not match", "does not match good-chart 2022"),
    ("a rounded number without a hedge", "is rounded"),
    ("a hedge that is not true", "which is not true"),
    ("a data-figure with a key the records lack", "no record in good-chart"),
    ("a data-figure naming a missing chart", "data-figure names chart"),
    ("a citation out of range", "cites [2], but the Sources list has 1"),
    ("a number in a heading", "in a heading is not stated"),
    ("a cited number that differs from the data", "differs from good-chart 2022"),
    ("an unknown chart rule in exceptions", "is not a chart rule"),
    ("a failed MkDocs step", "(MkDocs, strict)"),
    ("the closing count of check", "nothing was written."),
    ("the closing count of charts and site", "the previous output is unchanged."),
    ("the closing count for the configuration", "fix the configuration first."),
]


def section(markdown: str, heading: str) -> str:
    """The text under a heading (any level), up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", markdown, re.M)
    assert match, f"CONTRIBUTING.md has no heading {heading!r}"
    level = len(match.group(1))
    rest = markdown[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the first Markdown table in the text, as lists of stripped cells."""
    lines = [line.strip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def code_name(cell: str) -> str:
    """The name in a cell written as `name`."""
    match = re.fullmatch(r"`([^`]+)`", cell)
    assert match, f"expected a `name` in the first column, got {cell!r}"
    return match.group(1)


def code_blocks(text: str) -> list[str]:
    """The lines inside fenced code blocks (the markers may be indented, as in a numbered list)."""
    return [line.strip() for block in re.findall(r"^\s*```[^\n]*\n(.*?)^\s*```", text, re.M | re.S)
            for line in block.splitlines()]


def example_lines(text: str) -> list[str]:
    """The example messages: lines of code blocks that start as the engine's lines do."""
    return [line for line in code_blocks(text) if MESSAGE.match(line)]


# ---------------------------------------------------------------------------
# What the engine prints, collected by running the corpora
# ---------------------------------------------------------------------------

def svg(*labels: tuple[str, float, float, float], width: int = 400, height: int = 200) -> str:
    texts = "".join(f'<text x="{x}" y="{y}" font-size="{size}px">{text}</text>' for text, x, y, size in labels)
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">{texts}</svg>'


# One drawing that breaks each drawing rule once (the linter reads vl-convert's SVG; these are the same shape).
BAD_DRAWINGS = {
    "no-ellipsis": svg(("Organised immigration cri…", 10, 50, 12)),
    "readable-text": svg(("2018", 10, 50, 9)),
    "true-minus": svg(("-5", 10, 50, 12)),
    "inside-drawing": svg(("People arriving in the United Kingdom by small boat", 300, 50, 12)),
    "no-overlap": svg(("2018", 10, 50, 12), ("2019", 20, 52, 12)),
}


def drawing_lines() -> dict[str, list[str]]:
    """What the drawing rules print for each bad drawing, for the small site's chart."""
    ds = dataset.load(MINI / "charts" / "good-chart.json", "charts/good-chart.json", TODAY,
                      frozenset({"OGL-UK-3.0", "CC-BY-4.0"}))
    return {rule: [str(p) for p in chart_rules.drawing_problems(ds, "charts/good-chart.json", {"page width": drawing})]
            for rule, drawing in BAD_DRAWINGS.items()}


def printed_lines(result_err: str, result_out: str = "") -> set[str]:
    return {line for line in (result_err + "\n" + result_out).splitlines() if line.strip()}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every line the engine prints for the corpora, the configuration cases, the drawing rules and freshness."""
    found: set[str] = set()
    count = iter(range(10_000))

    def fresh() -> Path:
        return copy_site(MINI, tmp_path_factory.mktemp("guide") / f"site-{next(count)}")

    for path in DATASETS:
        site = fresh()
        shutil.copyfile(path, site / "charts" / path.name)
        if SAFE_ID.match(path.stem):
            replace_once(site / TOPIC, INCLUDE, f'{INCLUDE}\n--8<-- "figures/{path.stem}.html"\n')
        found |= printed_lines(run("check", "--no-drawings", root=site).err)
    for path in PAGES:
        site = fresh()
        shutil.copyfile(path, site / "docs" / path.name)
        if path.name != NOT_IN_NAV:
            add_to_nav(site, path.name)
        found |= printed_lines(run("check", "--no-drawings", root=site).err)
    for case in (*MISTAKES, *MESSAGES):
        site = fresh()
        apply(site, case["edits"])
        found |= printed_lines(run("check", "--no-drawings", root=site).err)
    for _, old, new, _ in CONFIG_CASES:
        found |= printed_lines(run("check", "--no-drawings", root=site_with(tmp_path_factory.mktemp("cfg"), old, new)).err)
    site = fresh()
    apply(site, next(case for case in MISTAKES if case["id"] == "number-as-text")["edits"])
    found |= printed_lines(run("charts", root=site).err)
    result = run("freshness", root=fresh(), today=dt.date(2027, 9, 1))
    found |= printed_lines(result.err, result.out)
    found |= {line for lines in drawing_lines().values() for line in lines}
    # The failed MkDocs step needs a whole build; tests/test_check.py runs it and checks these two lines exactly.
    found |= {MKDOCS_LINE, "explainer: MkDocs stopped the build (above); site/ is unchanged."}
    return found


# ---------------------------------------------------------------------------
# The field tables
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("heading", FIELD_TABLES)
def test_field_table_documents_exactly_the_schema_properties(heading):
    """Every property the schema allows at this level is documented, and nothing else."""
    rows = table_rows(section(GUIDE, heading))
    documented = [code_name(row[0]) for row in rows]
    assert len(documented) == len(set(documented)), "a field is documented twice"
    assert set(documented) == set(FIELD_TABLES[heading]["properties"])


@pytest.mark.parametrize("heading", FIELD_TABLES)
def test_field_table_says_which_fields_are_required_as_the_schema_does(heading):
    """The Required column is 'yes' exactly for the schema's required fields, and every row has a type and a meaning."""
    required = set(FIELD_TABLES[heading].get("required", []))
    for name, kind, needed, meaning in (row[:4] for row in table_rows(section(GUIDE, heading))):
        assert needed in ("yes", "no"), name
        assert (needed == "yes") == (code_name(name) in required), name
        assert kind and len(meaning) >= 10, name


def test_every_chart_kind_in_the_schema_is_documented():
    documented = [code_name(row[0]) for row in table_rows(section(GUIDE, "Chart kinds"))]
    assert sorted(documented) == sorted(PROPS["chart"]["properties"]["kind"]["enum"])


def test_every_field_type_in_the_schema_is_documented():
    documented = [code_name(row[0]) for row in table_rows(section(GUIDE, "Field types"))]
    assert sorted(documented) == sorted(PROPS["fields"]["items"]["properties"]["type"]["enum"])


def test_every_currency_frequency_is_named():
    row = next(row for row in table_rows(section(GUIDE, "The `currency` block")) if row[0] == "`frequency`")
    named = re.findall(r"`([a-z-]+)`", row[3])
    assert named == PROPS["currency"]["properties"]["frequency"]["enum"]


def test_maps_are_explained_with_an_example():
    """overlaps and chart.exceptions are maps from a name to a reason: each row shows one."""
    top = {code_name(row[0]): row[3] for row in table_rows(section(GUIDE, "Top-level fields"))}
    chart = {code_name(row[0]): row[3] for row in table_rows(section(GUIDE, "The `chart` block"))}
    assert re.search(r'`\{"[a-z0-9-]+": "[^"]{10,}"\}`', top["overlaps"])
    assert re.search(r'`\{"[a-z-]+": "[^"]{10,}"\}`', chart["exceptions"])


# ---------------------------------------------------------------------------
# The example messages
# ---------------------------------------------------------------------------

def test_example_messages_are_exactly_what_the_engine_prints(printed):
    """Each example message anywhere in the guide is a line the engine prints, word for word."""
    examples = example_lines(GUIDE)
    assert len(examples) >= 100
    assert [line for line in examples if line not in printed] == []


@pytest.mark.parametrize(("what", "phrase"), REQUIRED_EXAMPLES, ids=[what for what, _ in REQUIRED_EXAMPLES])
def test_guide_shows_an_example_of_each_kind_of_message(what, phrase):
    examples = example_lines(section(GUIDE, MESSAGES_HEADING)) + example_lines(section(GUIDE, RULES_HEADING))
    assert any(phrase in line for line in examples), f"no example of {what}"


def test_duplicate_id_example_is_both_lines_about_the_copy():
    case = next(case for case in MISTAKES if case["id"] == "duplicate-id")
    examples = example_lines(section(GUIDE, MESSAGES_HEADING))
    assert all(line in examples for line in case["expected"])


def test_freshness_examples_are_what_freshness_prints(printed):
    examples = example_lines(section(GUIDE, "Keeping the data fresh"))
    assert any(": next_review: overdue since " in line for line in examples)
    assert any(": currency: a newer release than " in line for line in examples)
    assert [line for line in examples if line not in printed] == []


# ---------------------------------------------------------------------------
# The chart rules
# ---------------------------------------------------------------------------

def rule_names_printed() -> set[str]:
    """The rule names the engine's lines end with, from the corpora's and the drawings' lines."""
    lines = [line for case in MESSAGES for line in case["expected"]]
    lines += [line for found in drawing_lines().values() for line in found]
    return set(re.findall(r"\(chart rule '([a-z-]+)'\)$", "\n".join(lines), re.M))


def test_each_bad_drawing_breaks_its_rule_once():
    assert {rule: [re.search(r"chart rule '([a-z-]+)'", line).group(1) for line in lines]
            for rule, lines in drawing_lines().items()} == {rule: [rule] for rule in BAD_DRAWINGS}


def test_chart_rules_section_documents_every_rule():
    """Every rule in chart_rules, by the name exceptions take and by the name its line prints, has its own heading
    in the chart rules section, with an example line."""
    documented = section(GUIDE, RULES_HEADING)
    headings = re.findall(r"^#{3,4} (.+)$", documented, re.M)
    named = {name for heading in headings for name in re.findall(r"`([a-z-]+)`", heading)}
    accepted = {rule.__name__.replace("_", "-") for rule in chart_rules.DATASET_RULES} | set(chart_rules.DRAWING_RULES)
    printed = rule_names_printed()
    assert set(chart_rules.DRAWING_RULES) <= printed, "a drawing rule has no example here"
    assert len(chart_rules.DATASET_RULES) == 3 and len(chart_rules.DRAWING_RULES) == 5
    assert accepted | printed <= named
    examples = "\n".join(example_lines(documented))
    for name in printed:
        assert f"(chart rule '{name}')" in examples, f"no example line for {name}"


def test_exceptions_example_names_a_real_rule():
    block = next(b for b in re.findall(r"```json\n(.*?)```", section(GUIDE, RULES_HEADING), re.S) if "exceptions" in b)
    names = re.findall(r'"exceptions": \{"([a-z-]+)"', block)
    assert names and set(names) <= set(chart_rules.DRAWING_RULES) | {
        rule.__name__.replace("_", "-") for rule in chart_rules.DATASET_RULES}


# ---------------------------------------------------------------------------
# The commands
# ---------------------------------------------------------------------------

def test_every_make_target_the_guide_names_exists():
    named = set(re.findall(r"`make ([a-z-]+)", GUIDE))
    targets = set(re.findall(r"^([a-z-]+):", MAKEFILE, re.M))
    assert {"check", "test-fast", "test", "site", "serve", "diff", "freshness", "readability"} <= named
    assert named <= targets


def test_maintainers_loop_is_in_order():
    rows = table_rows(section(GUIDE, "The maintainer's loop"))
    assert [row[1] for row in rows[:3]] == ["`make check`", "`make test-fast`", "`make test`"]
    assert "`make diff BASE=origin/main`" in [row[1] for row in rows]


def test_each_dataset_rule_prints_the_name_its_exception_takes():
    """The name at the end of a rule's line is the name `exceptions` accepts, so a maintainer can copy it."""
    accepted = {rule.__name__.replace("_", "-") for rule in chart_rules.DATASET_RULES}
    printed = {name for name in rule_names_printed() if name not in chart_rules.DRAWING_RULES}
    assert printed == accepted
