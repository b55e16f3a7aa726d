"""Generated inputs against the validators: whatever a maintainer (or a broken editor) writes, the engine answers with
one-line problems that name the file, and never with a traceback.

Two Hypothesis profiles: "default" (a few hundred examples in all, derandomized, for `make test-fast`) and "fuzz"
(many thousands, random, with an example database under build/; `make fuzz` selects it with HYPOTHESIS_PROFILE=fuzz).
Every failing example found is kept in tests/fuzz_regressions/ (datasets as .json, pages as .md) and run below.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from explainer import claims, config, copying, dataset, page_rules, pages, readability
from explainer.problems import Problem
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.database import DirectoryBasedExampleDatabase

from conftest import ROOT, TESTS, TODAY

settings.register_profile(
    "default", max_examples=60, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, print_blob=True,
    database=DirectoryBasedExampleDatabase(str(ROOT / "build" / "hypothesis")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REGRESSIONS = TESTS / "fuzz_regressions"
REAL_DATASETS = sorted((ROOT / "charts").glob("*.json"))
SITE = config.load(ROOT)
LICENCES = frozenset(SITE.licences)
MAX_SERIES = len(SITE.palette.categorical)
NAME = "fuzzed"  # every generated dataset is charts/fuzzed.json, every generated page docs/<section>/fuzzed.md


# ---------------------------------------------------------------------------
# What every answer must look like
# ---------------------------------------------------------------------------

def assert_one_line(problem: object, file: str, pattern: str) -> None:
    """A Problem whose text is one line (for every reader of lines, U+2028 and form feeds included), names the file
    first, and has the shape pattern gives (with {file} for the file)."""
    assert isinstance(problem, Problem), repr(problem)
    text = str(problem)
    assert len(text.splitlines()) == 1 and "\n" not in text and "\r" not in text, repr(text)
    assert "Traceback" not in text, text
    assert problem.file == file, text
    assert re.fullmatch(pattern.format(file=re.escape(file)), text), text


DATASET_LINE = r"^{file}: .+: .+$|^{file}: .+$"   # charts/x.json: records[3].people: message (or no where)
PAGE_LINE = r"^{file}:\d+: .+$|^{file}: .+$"      # docs/threats/x.md:12: message (or no line)


def check_dataset_file(path: Path) -> list[Problem]:
    """Load one dataset as the engine does; if it is valid, run the ledger's dataset rules on it too (its texts, and
    a twin of it under another name, which repeats its values). Returns every problem found."""
    label = f"charts/{path.name}"
    ds = dataset.load(path, label, TODAY, LICENCES, MAX_SERIES)
    if currently_in_test_context():  # the share of valid documents, in --hypothesis-show-statistics
        event("valid dataset" if not ds.problems else "invalid dataset")
    for problem in ds.problems:
        assert_one_line(problem, label, DATASET_LINE)
    if ds.problems:
        return ds.problems
    doc = dict(ds.doc)
    found = list(claims.dataset_text_problems(label, doc, SITE.named_numbers))
    for problem in found:
        assert_one_line(problem, label, DATASET_LINE)
    twin = "charts/twin.json"
    repeats = list(claims.duplicate_dataset_problems([(label, doc), (twin, {**doc, "id": "twin"})]))
    for problem in repeats:
        assert_one_line(problem, twin, DATASET_LINE)
    return found + repeats


# ---------------------------------------------------------------------------
# Datasets: arbitrary JSON, arbitrary bytes, and mutations of every real dataset
# ---------------------------------------------------------------------------

def repeated(text: str, low: int, high: int) -> st.SearchStrategy[str]:
    """text repeated low to high times (a strategy whose description stays short in Hypothesis' statistics)."""
    return st.integers(low, high).map(lambda n: text * n)


TEXTS = st.one_of(
    st.text(max_size=30), repeated("é", 100, 300), repeated("x", 1000, 6000),
    st.sampled_from(["", " ", "a\nb", "\u2028", "🙂", "\x00", "2026-02-30", "2026-11-28",
                     "0000", "9999-99-99", "https://example.org/x", "good-chart", "year", "people", "OGL-UK-3.0",
                     "NaN", "1e999", "records", "source", "bar", "table", "line", "percent", "£ billion"]),
)
HUGE_INTEGERS = st.tuples(st.integers(18, 400), st.sampled_from([1, -1])).map(lambda t: t[1] * (10 ** t[0] + 7))
NUMBERS = st.one_of(
    st.integers(), HUGE_INTEGERS, st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 2022, 1899, 2101, 100, 100.5, -0.0, 1e-300, 5e-324, 1e308, 2**63, -(2**63), 10**20]),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXTS)
JSON = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=6),
                                                     st.dictionaries(TEXTS, inner, max_size=6)), max_leaves=25)


def write(tmp_path: Path, raw: bytes | str, name: str = NAME) -> Path:
    folder = tmp_path / "charts"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.json"
    path.write_bytes(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    return path


@given(value=JSON)
def test_any_json_value_gives_one_line_problems(tmp_path_factory, value):
    path = write(tmp_path_factory.mktemp("json"), json.dumps(value, ensure_ascii=False))
    assert check_dataset_file(path), "an arbitrary JSON value is not a dataset"


@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_bytes_give_one_line_problems(tmp_path_factory, raw):
    path = write(tmp_path_factory.mktemp("bytes"), raw)
    check_dataset_file(path)


def paths_in(document: Any, depth: int = 8) -> list[tuple[Any, ...]]:
    """Paths to the values inside a JSON document, down to a depth (the document itself is the empty path)."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(document, ())]
    while stack:
        value, prefix = stack.pop()
        found.append(prefix)
        if len(prefix) >= depth:
            continue
        if isinstance(value, dict):
            stack.extend((item, (*prefix, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*prefix, i)) for i, item in enumerate(value))
    return sorted(found, key=lambda p: (len(p), json.dumps(p, default=str)))


def swapped(value: Any) -> list[Any]:
    """The same value in other JSON types."""
    return [str(value), [value], {"value": value}, None, True, 0, -1, 1.5, "", json.dumps(value, default=str)]


@st.composite
def mutated_dataset(draw: st.DrawFn) -> str:
    """A real dataset with a few of its values replaced, removed, added, retyped, stretched or nested, as JSON text,
    sometimes with a number written as NaN, Infinity or a very long numeral."""
    doc = json.loads(draw(st.sampled_from(REAL_DATASETS)).read_text(encoding="utf-8"))
    doc["id"] = NAME
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths_in(doc)))
        if not path:
            continue
        *parents, last = path
        holder = doc
        for part in parents:
            holder = holder[part]
        current = holder[last]
        op = draw(st.sampled_from(["replace", "drop", "add", "swap", "huge", "tiny", "long", "unicode", "deep",
                                   "duplicate"]))
        if op == "drop":
            del holder[last]
        elif op == "add" and isinstance(holder, dict):
            holder[draw(TEXTS)] = draw(JSON)
        elif op == "add":
            holder.append(draw(JSON))
        elif op == "swap":
            holder[last] = draw(st.sampled_from(swapped(current)))
        elif op == "huge":
            holder[last] = draw(HUGE_INTEGERS | st.sampled_from([1e308, -1e308, 2**64, 10**20 + 0.5, 9007199254740993]))
        elif op == "tiny":
            holder[last] = draw(st.sampled_from([5e-324, -5e-324, 1e-300, 0.1 + 0.2, -0.0, 0.5]))
        elif op == "long":
            holder[last] = draw(repeated("x", 5_000, 20_000) | repeated("word ", 500, 3_000)
                                | repeated(str(current)[:100], 20, 60))
        elif op == "unicode":
            holder[last] = draw(st.text(alphabet=st.characters(min_codepoint=0x80), min_size=1, max_size=40))
        elif op == "deep":
            nested: Any = current
            for _ in range(draw(st.integers(2, 60))):  # deeper nesting goes in as raw text below
                nested = [nested]
            holder[last] = nested
        elif op == "duplicate" and isinstance(holder, list):
            holder.append(json.loads(json.dumps(current)))
        else:
            holder[last] = draw(JSON)
    try:
        text = json.dumps(doc, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    except RecursionError:
        text = json.dumps({"id": NAME, "deep": "[" * 5000 + "]" * 5000})
    raw = draw(st.one_of(
        st.sampled_from([None, None, "NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1.0e-400"]),
        repeated("1", 300, 6000), repeated("0", 300, 500).map(lambda z: f"0.{z}1"),
        st.integers(30, 5000).map(lambda n: "[" * n + "]" * n)))
    numerals = list(re.finditer(r"(?<=: )-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?=[,\n}\]])", text))
    if raw and numerals:
        match = draw(st.sampled_from(numerals))
        text = text[: match.start()] + raw + text[match.end():]
    return text


@given(text=mutated_dataset())
def test_mutated_real_datasets_give_one_line_problems(tmp_path_factory, text):
    path = write(tmp_path_factory.mktemp("mutated"), text)
    check_dataset_file(path)


NUMBER_TEXT = st.lists(st.one_of(
    st.sampled_from(["299", "45,774", "about 46,000", "more than 70%", "£3.9 billion", "2.5 million", "17 per cent",
                     "in 2022", "2015-16", "ten times", "half", "COVID-19", "0800 555 111", "1e400", "-3", "\u2028",
                     "\n", "999999999999999999999999", "0.000000001%", "£", "%", "per cent"]),
    st.text(max_size=15)), min_size=1, max_size=20).map(" ".join)


@st.composite
def dataset_with_new_texts(draw: st.DrawFn) -> str:
    """A real dataset, still valid more often than not, with new numbers in its title, subtitle and description
    and odd text in its records' labels: the ledger's dataset rules see it."""
    doc = json.loads(draw(st.sampled_from(REAL_DATASETS)).read_text(encoding="utf-8"))
    doc["id"] = NAME
    for key, low, high in (("title", 10, 160), ("subtitle", 5, 200), ("description", 20, 2000)):
        if draw(st.booleans()):
            doc[key] = (draw(NUMBER_TEXT) + " " * low)[:high]
    strings = [f["name"] for f in doc["fields"] if f["type"] == "string"]
    for record in doc["records"]:
        if strings and draw(st.integers(0, 3)) == 0:
            record[draw(st.sampled_from(strings))] = "x" + draw(st.text(min_size=1, max_size=20))
    return json.dumps(doc, ensure_ascii=draw(st.booleans()))


@given(text=dataset_with_new_texts())
def test_real_datasets_with_new_texts_give_one_line_problems(tmp_path_factory, text):
    path = write(tmp_path_factory.mktemp("texts"), text)
    check_dataset_file(path)


@pytest.mark.parametrize("path", REAL_DATASETS, ids=lambda p: p.stem)
def test_real_datasets_are_valid_as_the_fuzzer_loads_them(path):
    """The mutations start from valid documents (so what they find is the mutation's doing)."""
    assert dataset.load(path, f"charts/{path.name}", TODAY, LICENCES, MAX_SERIES).problems == []


# ---------------------------------------------------------------------------
# Pages: front matter, includes, bound and cited numbers, tables, boxes, through every page rule and the ledger
# ---------------------------------------------------------------------------

MINI_DOC = json.loads((ROOT / "tests" / "fixtures" / "mini" / "charts" / "good-chart.json").read_text(encoding="utf-8"))
DOCS = {"good-chart": MINI_DOC}
CONTEXT = page_rules.Context(
    SITE, frozenset(DOCS), frozenset({"broken-chart"}), {"UK": "United Kingdom", "NCA": "National Crime Agency"},
    frozenset(copying.fingerprint_of(["the quick brown fox jumps over the lazy dog and runs away again"])), TODAY)
FRAGMENTS = st.sampled_from([
    '--8<-- "figures/good-chart.html"', '--8<-- "figures/', '--8<-- "figures/unknown.html"', '--8<-- "catalogue.html"',
    '--8<-- "figures/Bad Name.html"', '  --8<-- "x"', "--8<--", '**45,774**{ data-figure="good-chart/2022" }',
    '**about 46,000**{ data-figure="good-chart/2022" }', '**299**{ data-figure="good-chart/2018/x" }',
    '**1**{ data-figure="" }', '**1 2**{ data-figure="good-chart/2022" }', '**x**{ data-figure="nope/1" }',
    '**99999999999999999999999999**{ data-figure="good-chart/2022" }', "99999999999999999999999999", "1e400",
    "[1]", "[2]", "[0]", "[1, 2]", "[99999999999999999999]", "## Sources", "## Sources\n\n1. A source.",
    "1. A source.", "| a | b |", "| --- | --- |", "| 38% [1] |", '!!! abstract "In short"', "    - x 12%",
    "```", "# Title", "## 45% heading", "*Last reviewed: 22 November 2026*", "*Last reviewed: 31 February 2026*",
    "about", "more than", "almost", "£3.9 billion", "17,000", "38%", "3.2 million", "17 per cent", "ten times",
    "half", "22 November 2026", "2015-16", "COVID-19", "Schedule 7", "The UK and the NCA.", "*[UK]: x",
    "the quick brown fox jumps over the lazy dog and runs away again", "<span>1</span>", "[link](https://x/1)",
    "`code 12`", "{ .class }", "£", "%", "*", "**", "|", "\t", "\u2028", "\x0c", "\r", "\x00", "é", "🙂",
    '!!! info "Report it or get help"', "## Who proposes it", "## Status", "    ",
])
LONG_NUMERALS = st.one_of(repeated("9", 300, 600), repeated("0", 300, 400).map(lambda z: f"1{z}"),
                         repeated("9", 300, 600).map(lambda n: f'**{n}**{{ data-figure="good-chart/2022" }}'))
PROSE = st.lists(st.one_of(FRAGMENTS, LONG_NUMERALS, st.text(max_size=20)), max_size=25).flatmap(
    lambda parts: st.lists(st.sampled_from([" ", "\n", "\n\n", ". ", ""]), min_size=len(parts), max_size=len(parts))
    .map(lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True))))
META_VALUES = st.one_of(JSON, st.dates().map(str), st.datetimes().map(str), st.sampled_from(["2026-13-45", "2026-02-30"]),
                        st.lists(st.one_of(TEXTS, NUMBERS), max_size=4))
META = st.dictionaries(st.sampled_from(["title", "description", "reviewed", "not_claims", "differs", "hide"]) | TEXTS,
                       META_VALUES, max_size=6)


def dump_yaml(meta: dict[str, Any]) -> str:
    try:
        return yaml.safe_dump(meta, allow_unicode=True)
    except (yaml.YAMLError, ValueError, RecursionError):
        return "title: x\n"


FRONT_MATTER = st.one_of(
    st.just(""),
    META.map(lambda m: f"---\n{dump_yaml(m)}---\n"),
    st.text(max_size=80).map(lambda t: f"---\n{t}\n---\n"),
    st.sampled_from(["---\ntitle: [unclosed\n---\n", "---\n- a list\n---\n", "---\nreviewed: 2026-13-45\n---\n",
                     "---\nreviewed: 2026-11-22 10:00:00\n---\n", "---\nnot_claims: 5\n---\n",
                     "---\nnot_claims: [45,774]\n---\n", "---\ndiffers: {17,004: why}\n---\n", "---\n---\n",
                     "---\ntitle: 'a\n\n  b'\n---\n", "---\n&a [*a]\n---\n", "---\n!!python/object:os.system x\n---\n"]),
)
SECTIONS = st.sampled_from(["threats", "proposals", "responses", "data", "about", ""])


def page_answers(docs_dir: Path, path: Path) -> tuple[str, list[Problem]]:
    """Read a page and run every page rule, the claims ledger and the reading scores on it, as check.run does."""
    page = pages.read_page(docs_dir, path)
    found = list(page_rules.page_problems([page], CONTEXT))
    ledger = claims.check_pages([page], DOCS, SITE.named_numbers, SITE.pages.sources_heading, SITE.pages.reviewed_line)
    found += ledger.problems
    for claim in ledger.claims:
        assert claim.status in ("bound", "cited", "unsupported") and claim.file == page.file
    scores = readability.scores([page], SITE.readability, SITE.pages.in_short_title, SITE.pages.sources_heading,
                                SITE.pages.reviewed_line)
    found += readability.problems(scores, SITE.readability)
    return page.file, found


def assert_page_answers(docs_dir: Path, path: Path) -> None:
    file, found = page_answers(docs_dir, path)
    for problem in found:
        if problem.file == "docs/":  # the median grade of the section: it names the page in its message
            assert file in problem.message, str(problem)
            assert_one_line(problem, "docs/", PAGE_LINE)
            continue
        assert_one_line(problem, file, PAGE_LINE)


def write_page(tmp_path: Path, section: str, content: bytes) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    folder = docs / section if section else docs
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{NAME}.md"
    path.write_bytes(content)
    return docs, path


@given(section=SECTIONS, front=FRONT_MATTER, body=PROSE)
def test_any_page_gives_one_line_problems_naming_it(tmp_path_factory, section, front, body):
    docs, path = write_page(tmp_path_factory.mktemp("page"), section, (front + body).encode("utf-8", "surrogatepass"))
    assert_page_answers(docs, path)


@given(section=SECTIONS, raw=st.binary(max_size=300))
def test_any_page_bytes_give_one_line_problems(tmp_path_factory, section, raw):
    docs, path = write_page(tmp_path_factory.mktemp("pagebytes"), section, raw)
    assert_page_answers(docs, path)


# ---------------------------------------------------------------------------
# Every example the fuzzer found, kept
# ---------------------------------------------------------------------------

REGRESSION_FILES = sorted(p for p in REGRESSIONS.iterdir() if p.suffix in (".json", ".md"))
DATASET_EXAMPLES = [p for p in REGRESSION_FILES if p.suffix == ".json"]
PAGE_EXAMPLES = [p for p in REGRESSION_FILES if p.suffix == ".md"]


def test_there_are_regression_examples():
    assert DATASET_EXAMPLES and PAGE_EXAMPLES
    assert {p.name for p in REGRESSIONS.iterdir()} == {p.name for p in REGRESSION_FILES}, "only .json and .md here"


@pytest.mark.parametrize("source", DATASET_EXAMPLES, ids=lambda p: p.name)
def test_dataset_regression_example(tmp_path, source):
    """Each kept dataset is loaded as charts/fuzzed.json: still reported (each has a mistake), in one-line problems."""
    path = write(tmp_path, source.read_bytes())
    assert check_dataset_file(path), f"{source.name} is kept because it has a mistake; it must still be reported"


@pytest.mark.parametrize("source", PAGE_EXAMPLES, ids=lambda p: p.name)
def test_page_regression_example(tmp_path, source):
    """Each kept page is read as docs/threats/fuzzed.md through every page rule, the ledger and the reading scores."""
    docs, path = write_page(tmp_path, "threats", source.read_bytes())
    assert_page_answers(docs, path)


@pytest.mark.parametrize("text", ["b\nc", "b\u2028c", "b\x0cc", "b\rc"])
def test_the_one_line_check_rejects_a_problem_that_breaks_a_line(text):
    with pytest.raises(AssertionError):
        assert_one_line(Problem("charts/x.json", "records[0]", text), "charts/x.json", DATASET_LINE)


def test_the_one_line_check_rejects_a_problem_naming_another_file():
    with pytest.raises(AssertionError):
        assert_one_line(Problem("docs/other.md", 3, "message"), "docs/x.md", PAGE_LINE)
