"""Every mistake is stopped in seconds by one line naming the file, the place and the fix, and nothing is written.

Four corpora, each case a copy of the built small site (`mini`) with one thing broken:
- tests/bad_inputs/datasets/: a bad dataset dropped into charts/ (and included on the topic page, when its file name
  can be an id); expected lines in expected.json.
- tests/bad_inputs/pages/: a bad page dropped into docs/ (and put in the navigation, except the page that is about
  being left out of it); expected lines in expected.json.
- tests/bad_inputs/mistakes.json: the eighteen mistakes maintainers make most, each an edit of the small site.
- tests/bad_inputs/messages.json: one case for every other kind of message the check prints (CONTRIBUTING.md shows
  them), in the same form as the mistakes.
`explainer check --no-drawings` must print exactly the expected lines; for the first three corpora `charts` and
`site` must also refuse, leaving every generated file and site/ as they were. A failed MkDocs step leaves site/ as
it was too, and the real site passes the check.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from explainer import copying
from explainer.generate import OUTPUTS

from conftest import ROOT, TESTS, run, tree_digest

BAD = TESTS / "bad_inputs"
DATASETS = sorted(p for p in (BAD / "datasets").glob("*.json") if p.name != "expected.json")
DATASET_LINES: dict[str, list[str]] = json.loads((BAD / "datasets" / "expected.json").read_text(encoding="utf-8"))
PAGES = sorted((BAD / "pages").glob("*.md"))
PAGE_LINES: dict[str, list[str]] = json.loads((BAD / "pages" / "expected.json").read_text(encoding="utf-8"))
NOT_IN_NAV = "not-in-nav.md"  # the page case that is about a page left out of the navigation
MISTAKES: list[dict[str, Any]] = json.loads((BAD / "mistakes.json").read_text(encoding="utf-8"))
MESSAGES: list[dict[str, Any]] = json.loads((BAD / "messages.json").read_text(encoding="utf-8"))
SAFE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# file:line: message, or file: where: message (where is a JSON path, (file), (top level), nav, or a line and column);
# or, for the pages of a section as a whole (their median reading grade), docs/: message
LINE_SHAPE = re.compile(r"^(?:(?P<file>(?:charts|docs)/[\w./-]+|mkdocs\.yml)(?::(?P<line>\d+): |: (?P<where>[^:]+): )"
                        r"|docs/: the median )(?P<message>\S.*)$")
TOPIC = Path("docs/topic/index.md")
MKDOCS_LINE = ("docs/index.md:15: has a link 'nope.md', but the target is not found among documentation files; "
               "correct the link (MkDocs, strict)")
INCLUDE = '--8<-- "figures/good-chart.html"\n'


def every_expected_line() -> list[str]:
    return [line for lines in (*DATASET_LINES.values(), *PAGE_LINES.values()) for line in lines] + \
        [line for case in (*MISTAKES, *MESSAGES) for line in case["expected"]]


def outputs(site: Path) -> dict[str, dict[str, str]]:
    """The digest of every generated folder and file of a site, and of site/."""
    found = {}
    for name in (*OUTPUTS, "site"):
        path = site / name
        assert path.exists(), f"the built small site has no {name}"
        found[name] = tree_digest(path) if path.is_dir() else {name: hashlib.sha256(path.read_bytes()).hexdigest()}
    return found


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def add_to_nav(site: Path, page: str) -> None:
    replace_once(site / "mkdocs.yml", "  - Glossary: glossary.md\n", f"  - Glossary: glossary.md\n  - {page}\n")


def apply(site: Path, edits: list[dict[str, Any]]) -> None:
    """One case's edits, in order: text replaced once in a file ({"file", "replace", "with"}), a file copied
    ({"copy", "to"}), a new file written ({"write", "text"} or {"write", "json"}), or a copying fingerprint made from
    a source's words ({"fingerprint", "to"})."""
    for edit in edits:
        if "copy" in edit:
            assert not (site / edit["to"]).exists()
            shutil.copyfile(site / edit["copy"], site / edit["to"])
        elif "write" in edit:
            assert not (site / edit["write"]).exists()
            text = edit["text"] if "text" in edit else json.dumps(edit["json"], indent=2, ensure_ascii=False) + "\n"
            (site / edit["write"]).write_text(text, encoding="utf-8")
        elif "fingerprint" in edit:
            (site / edit["to"]).write_text("\n".join(sorted(copying.fingerprint_of([edit["fingerprint"]]))) + "\n",
                                           encoding="utf-8")
        else:
            replace_once(site / edit["file"], edit["replace"], edit["with"])


def assert_nothing_written(site: Path, before: dict[str, dict[str, str]]) -> None:
    """`charts` and `site` refuse the broken site, and every generated file and site/ stay as they were."""
    for command in ("charts", "site"):
        result = run(command, root=site)
        assert result.code == 1, result.err
        assert result.err.splitlines()[-1].endswith("nothing was written, the previous output is unchanged.")
        assert outputs(site) == before, f"`explainer {command}` changed the generated files"


# ---------------------------------------------------------------------------
# The corpora are complete, and their lines have the promised shape
# ---------------------------------------------------------------------------

def test_every_bad_file_has_its_expected_lines():
    assert sorted(DATASET_LINES) == [p.name for p in DATASETS]
    assert sorted(PAGE_LINES) == [p.name for p in PAGES]
    assert len(DATASETS) >= 32 and len(PAGES) >= 9 and len(MISTAKES) == 18


def test_every_expected_line_names_the_file_and_the_place():
    lines = every_expected_line()
    assert [line for line in lines if not LINE_SHAPE.match(line)] == []
    assert all(lines for lines in (*DATASET_LINES.values(), *PAGE_LINES.values()))
    assert all(case["expected"] for case in (*MISTAKES, *MESSAGES))


def test_cases_are_named_once_each():
    ids = [case["id"] for case in (*MISTAKES, *MESSAGES)]
    assert len(ids) == len(set(ids)) and all(SAFE_ID.match(i) for i in ids)
    assert all(len(case["mistake"]) >= 10 and case["edits"] for case in (*MISTAKES, *MESSAGES))


# ---------------------------------------------------------------------------
# Bad datasets
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", DATASETS, ids=lambda p: p.stem)
def test_bad_dataset_is_reported_in_its_own_lines_and_nothing_is_written(mini: Path, path: Path):
    before = outputs(mini)
    shutil.copyfile(path, mini / "charts" / path.name)
    if SAFE_ID.match(path.stem):  # a page that includes the broken dataset says nothing about it
        replace_once(mini / TOPIC, INCLUDE, f'{INCLUDE}\n--8<-- "figures/{path.stem}.html"\n')
    result = run("check", "--no-drawings", root=mini)
    expected = DATASET_LINES[path.name]
    assert result.code == 1
    assert result.problems == expected
    assert all(line.startswith(f"charts/{path.name}: ") for line in result.problems)
    assert result.err.splitlines()[-1] == f"explainer: {len(expected)} problem(s) in 1 file(s); nothing was written."
    assert_nothing_written(mini, before)


# ---------------------------------------------------------------------------
# Bad pages
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_bad_page_is_reported_at_its_line_and_site_is_untouched(mini: Path, path: Path):
    before = outputs(mini)
    shutil.copyfile(path, mini / "docs" / path.name)
    if path.name != NOT_IN_NAV:
        add_to_nav(mini, path.name)
    result = run("check", "--no-drawings", root=mini)
    assert result.code == 1
    assert result.problems == PAGE_LINES[path.name]
    assert all(re.match(rf"docs/{re.escape(path.name)}:\d+: ", line) for line in result.problems)
    assert_nothing_written(mini, before)


def test_a_good_page_dropped_in_the_same_way_passes(mini: Path):
    """The page cases differ from a valid page only by their mistake: the same page, fixed, passes."""
    text = (BAD / "pages" / "unknown-chart.md").read_text(encoding="utf-8")
    (mini / "docs" / "fixed.md").write_text(text.replace("figures/no-such-chart.html", "figures/good-chart.html"),
                                            encoding="utf-8")
    add_to_nav(mini, "fixed.md")
    result = run("check", "--no-drawings", root=mini)
    assert result.code == 0, result.err


# ---------------------------------------------------------------------------
# The eighteen common mistakes
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", MISTAKES, ids=[case["id"] for case in MISTAKES])
def test_common_mistake_is_stopped_with_its_lines(mini: Path, case: dict[str, Any]):
    before = outputs(mini)
    apply(mini, case["edits"])
    result = run("check", "--no-drawings", root=mini)
    assert result.code == 1
    assert result.problems == case["expected"]
    assert_nothing_written(mini, before)


@pytest.mark.parametrize("case", MESSAGES, ids=[case["id"] for case in MESSAGES])
def test_every_other_message_is_printed_as_expected(mini: Path, case: dict[str, Any]):
    apply(mini, case["edits"])
    result = run("check", "--no-drawings", root=mini)
    assert result.code == 1
    assert result.problems == case["expected"]


def test_duplicate_id_lines_are_about_the_copy_and_name_the_original():
    case = next(case for case in MISTAKES if case["id"] == "duplicate-id")
    copy, original = case["edits"][0]["to"], case["edits"][0]["copy"]
    assert len(case["expected"]) == 1
    assert case["expected"][0].startswith(f"{copy}: id: ") and original in case["expected"][0]


def test_the_small_site_is_valid_before_each_mistake(mini: Path):
    """So each mistake's lines are the mistake's doing."""
    result = run("check", "--no-drawings", root=mini)
    assert result.code == 0, result.err


# ---------------------------------------------------------------------------
# MkDocs' own step, and the real site
# ---------------------------------------------------------------------------

def test_failed_mkdocs_step_leaves_site_as_it_was(mini: Path):
    """A link to a page that does not exist passes the check but not MkDocs' strict mode: site/ is untouched and no
    staging folder is left behind."""
    site_before = tree_digest(mini / "site")
    replace_once(mini / "docs" / "index.md", "See [the topic]", "See [the overview](nope.md) and [the topic]")
    result = run("site", root=mini)
    assert result.code == 1
    assert result.problems == [MKDOCS_LINE]
    assert result.err.splitlines()[-1] == "explainer: MkDocs stopped the build (above); site/ is unchanged."
    assert tree_digest(mini / "site") == site_before
    assert sorted(p.name for p in mini.iterdir()) == ["build", "charts", "docs", "includes", "mkdocs.yml", "site"]
    assert [p.name for p in (mini / "build").iterdir() if "staging" in p.name] == []


def test_real_site_passes_the_check():
    result = run("check", "--no-drawings", root=ROOT)
    assert result.code == 0, result.err[-4000:]
    assert result.problems == []
    assert re.match(r"explainer: \d+ dataset\(s\) and \d+ page\(s\) are valid; ", result.out)
