"""CONTRIBUTING.md stays true: its field tables equal charts/schema.json, and its example messages are what the build prints."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil

import pytest

from conftest import ROOT, run_build
from explainer import cli

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
SCHEMA = json.loads((ROOT / "charts" / "schema.json").read_text(encoding="utf-8"))
PROPS = SCHEMA["properties"]
BAD = ROOT / "tests" / "bad_inputs"
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))

# Each documented table of fields, and the part of the schema it must equal.
FIELD_TABLES = {
    "Top-level fields": SCHEMA,
    "Each column in `fields`": PROPS["fields"]["items"],
    "The `chart` block": PROPS["chart"],
    "Each item of `sources`": PROPS["sources"]["items"],
    "Each item of `changes`": PROPS["changes"]["items"],
}
MESSAGES_HEADING = "What the build's messages mean"
# Every kind of problem the guide must show a real example of: (what, a phrase of the message).
REQUIRED_EXAMPLES = [
    ("malformed JSON with line and column", "invalid JSON"),
    ("a file that is not UTF-8", "not valid UTF-8"),
    ("a missing required field", "missing required field"),
    ("a wrong type", "expected a whole number"),
    ("an unknown field", "unknown field"),
    ("a value not matching its pattern", "is not valid here"),
    ("an encoding naming an undeclared field", "chart.y:"),
    ("a percentage out of range", "is outside 0-100"),
    ("a duplicate id", "duplicate id"),
    ("a record without its source", "missing 'source'"),
    ("an unknown chart id in a page", "unknown chart id"),
    ("front-matter characters", "front matter title"),
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
    """The lines inside fenced code blocks."""
    return [line for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S) for line in block.splitlines()]


def build_messages(*args: str) -> list[str]:
    """Every line build_charts.py printed (stdout and stderr) for these arguments."""
    run = run_build(*args)
    return (run.out + run.err).splitlines()


@pytest.fixture(scope="module")
def real_messages(tmp_path_factory, baseline) -> set[str]:
    """Messages the real build prints: the bad-input corpus, and a run with a page whose front matter has two problems."""
    messages = {line for lines in EXPECTED.values() for line in lines}
    project = tmp_path_factory.mktemp("guide") / "project"
    shutil.copytree(baseline, project)
    (project / "docs" / "threats" / "drugs.md").write_text(
        '---\ntitle: Drugs & guns\ndescription: Where "county lines" run.\n---\n\n# Drugs\n', encoding="utf-8")
    messages.update(build_messages("--check", "--charts", str(project / "charts"), "--docs", str(project / "docs")))
    return messages


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
    """The Chart kinds table lists exactly the schema's chart kinds."""
    documented = [code_name(row[0]) for row in table_rows(section(GUIDE, "Chart kinds"))]
    assert sorted(documented) == sorted(PROPS["chart"]["properties"]["kind"]["enum"])


def test_every_field_type_in_the_schema_is_documented():
    """The Field types table lists exactly the schema's field types."""
    documented = [code_name(row[0]) for row in table_rows(section(GUIDE, "Field types"))]
    assert sorted(documented) == sorted(PROPS["fields"]["items"]["properties"]["type"]["enum"])


def test_every_licence_in_the_schema_is_named():
    """The licence row names each licence the schema accepts."""
    row = next(row for row in table_rows(section(GUIDE, "Top-level fields")) if row[0] == "`licence`")
    assert all(f"`{licence}`" in row[3] for licence in PROPS["licence"]["enum"])


@pytest.mark.parametrize("what, phrase", REQUIRED_EXAMPLES, ids=[what for what, _ in REQUIRED_EXAMPLES])
def test_guide_shows_an_example_of_each_kind_of_problem(what, phrase):
    """The messages section has an example of every kind of problem a maintainer meets."""
    examples = code_blocks(section(GUIDE, MESSAGES_HEADING))
    assert any(phrase in line for line in examples), f"no example of {what}"


def test_example_messages_are_exactly_what_the_build_prints(real_messages):
    """Each example message in the guide is a line the real build prints, word for word."""
    examples = [line for line in code_blocks(section(GUIDE, MESSAGES_HEADING))
                if line.startswith(("charts/", "docs/", "build_charts:"))]
    assert len(examples) >= 15
    assert [line for line in examples if line not in real_messages] == []


def test_freshness_example_has_the_shape_the_build_prints(baseline):
    """The overdue line shown under 'Keeping the data fresh' matches what --check-freshness prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["--check-freshness", "--strict", "--charts", str(baseline / "charts"), "--today", "2100-01-01"], root=ROOT)
    assert code == 1

    def shape(line: str) -> str:
        return re.sub(r"\d{4}-\d{2}-\d{2}", "DATE", re.sub(r"^charts/[a-z0-9-]+\.json", "charts/ID.json", line))

    printed = {shape(line) for line in out.getvalue().splitlines() if line.startswith("charts/")}
    examples = [line for line in code_blocks(section(GUIDE, "Keeping the data fresh")) if line.startswith("charts/")]
    assert examples and {shape(line) for line in examples} <= printed
