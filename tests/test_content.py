"""The real site's own content: the whole check passes, pages read plainly, no public text talks about how we worked,
every dataset says how current it is, and every number in the prose is bound to data or cited."""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
from collections import defaultdict
from typing import Any

import pytest
from explainer import check, claims, config, numbers
from explainer.pages import hand_written_pages

from conftest import ROOT, TODAY

CONFIG = config.load(ROOT)
LIMITS = CONFIG.readability
PAGES = hand_written_pages(CONFIG.docs_dir)
DATASET_FILES = sorted(CONFIG.charts_dir.glob("*.json"))
FREQUENCIES = json.loads((ROOT / "explainer" / "schemas" / "dataset.schema.json").read_text(encoding="utf-8"))[
    "properties"]["currency"]["properties"]["frequency"]["enum"]


@pytest.fixture(scope="module")
def report() -> check.Report:
    """The whole check of the real site, as `explainer check --no-drawings` runs it, with the pinned clock."""
    return check.run(CONFIG, TODAY)


def test_the_real_site_passes_every_check(report):
    assert [str(p) for p in report.sorted_problems()] == []
    assert len(report.datasets) == len(DATASET_FILES) and len(report.pages) == len(PAGES)


# ---------------------------------------------------------------------------
# Plain English
# ---------------------------------------------------------------------------

MEASURED = [p for p in PAGES if p.section in LIMITS.sections]


def score_of(report: check.Report, file: str) -> Any:
    found = [s for s in report.scores if s.page.file == file]
    assert len(found) == 1, f"{file} has {len(found)} reading scores"
    return found[0]


def test_readability_covers_every_page_of_its_sections(report):
    assert LIMITS.sections == ("threats", "responses", "proposals")
    assert sorted(s.page.file for s in report.scores) == sorted(p.file for p in MEASURED)
    assert len(MEASURED) >= 20


def test_median_reading_grade_is_within_the_limit(report):
    median = statistics.median(s.grade for s in report.scores)
    hardest = ", ".join(f"{s.page.file} ({s.grade})" for s in sorted(report.scores, key=lambda s: -s.grade)[:3])
    assert median <= 8.0, f"median grade {median} is above 8.0; the hardest pages are {hardest}"
    assert LIMITS.median_max == 8.0


@pytest.mark.parametrize("page", MEASURED, ids=lambda p: p.file)
def test_page_reading_grade_is_within_the_limit(report, page):
    score = score_of(report, page.file)
    assert score.grade <= 9.5, f"{page.file} reads at grade {score.grade}, above 9.5"


@pytest.mark.parametrize("page", MEASURED, ids=lambda p: p.file)
def test_in_short_box_reads_within_the_limit(report, page):
    score = score_of(report, page.file)
    assert score.in_short_grade is not None, f"{page.file} has no In short box"
    assert score.in_short_grade <= 8.0, f"{page.file}: the In short box reads at grade {score.in_short_grade}, above 8.0"


# ---------------------------------------------------------------------------
# No public text about how we worked
# ---------------------------------------------------------------------------

WORKING_PHRASES = ("our copy", "text copy", "stored copy", "via search", "search extracts", "did not open",
                   "copy on docslib", "copies we searched", "checked: checked")


def working_phrases(where: str, text: str) -> list[str]:
    lowered = re.sub(r"\s+", " ", text.lower())
    return [f"{where}: {phrase!r}" for phrase in WORKING_PHRASES if phrase in lowered]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file)
def test_page_does_not_mention_our_working_process(page):
    assert working_phrases(page.file, page.text) == []


def public_texts(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Every text a dataset shows to readers, with where it is."""
    texts = [(key, str(doc.get(key, ""))) for key in ("title", "subtitle", "description")]
    texts += [(f"notes[{i}]", note) for i, note in enumerate(doc.get("notes", []))]
    for i, source in enumerate(doc.get("sources", [])):
        texts += [(f"sources[{i}].{key}", str(source[key])) for key in ("title", "checked", "cited_in") if key in source]
    texts += [("currency.note", str(doc.get("currency", {}).get("note", "")))]
    texts += [(f"changes[{i}].summary", c.get("summary", "")) for i, c in enumerate(doc.get("changes", []))]
    texts += [(f"fields[{i}].title", f.get("title", "")) for i, f in enumerate(doc.get("fields", []))]
    return texts


@pytest.mark.parametrize("path", DATASET_FILES, ids=lambda p: p.stem)
def test_dataset_does_not_mention_our_working_process(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    found = [hit for where, text in public_texts(doc) for hit in working_phrases(f"charts/{path.name}: {where}", text)]
    assert found == []


def test_the_phrase_check_finds_a_phrase_in_any_case_and_across_a_line_break():
    assert working_phrases("x", "We read our\nCopy of it.") == ["x: 'our copy'"]
    assert working_phrases("x", "Checked: checked on page 3") == ["x: 'checked: checked'"]


# Wordings the review found shifting a source's meaning, each with what the sources say instead. A page or dataset
# text using one again fails here.
SHIFTED_WORDINGS = {
    "high-value burglary": "the sources say high-harm burglary (or organised burglary)",
    "control orders": "the TBI compares SOC powers with TPIMs, not control orders",
    "the only official estimate": "an earlier official estimate (£24 billion) exists",
    "the government's £11 billion": "the inflation-adjusted £11 billion is the TBI's figure",
    "the government's £3 billion": "the inflation-adjusted £3 billion is the TBI's figure",
}


def shifted_wordings(where: str, text: str) -> list[str]:
    lowered = re.sub(r"\s+", " ", text.lower())
    return [f"{where}: {phrase!r}: {why}" for phrase, why in SHIFTED_WORDINGS.items() if phrase in lowered]


def test_no_page_or_dataset_uses_a_wording_the_review_found_wrong():
    corrections = "docs/about/corrections.md"  # the log of corrections quotes what a page used to say
    found = [hit for page in PAGES if page.file != corrections for hit in shifted_wordings(page.file, page.text)]
    for path in DATASET_FILES:
        doc = json.loads(path.read_text(encoding="utf-8"))
        found += [hit for where, text in public_texts(doc) for hit in shifted_wordings(f"charts/{path.name}: {where}", text)]
    assert found == []


# ---------------------------------------------------------------------------
# Currency
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", DATASET_FILES, ids=lambda p: p.stem)
def test_dataset_says_how_current_it_is(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    label = f"charts/{path.name}"
    block = doc.get("currency")
    assert isinstance(block, dict), f"{label} has no currency block"
    assert block.get("frequency") in FREQUENCIES, f"{label}: currency.frequency {block.get('frequency')!r}"
    source_ids = [s["id"] for s in doc["sources"]]
    assert block.get("release") in source_ids, f"{label}: currency.release {block.get('release')!r} is not a source id"
    checked = dt.date.fromisoformat(block["checked"])
    assert checked <= TODAY, f"{label}: currency.checked {checked} is in the future"
    if "next_release" in block:
        dt.date.fromisoformat(block["next_release"])


# ---------------------------------------------------------------------------
# The claims ledger
# ---------------------------------------------------------------------------

def test_every_number_in_the_prose_is_bound_or_cited(report):
    ledger = report.ledger
    unsupported = [f"{c.file}:{c.line}: {c.text}" for c in ledger.claims if c.status == "unsupported"]
    print(f"\nclaims ledger: {ledger.count('bound')} bound to data, {ledger.count('cited')} cited, "
          f"{len(unsupported)} unsupported")
    assert unsupported == []
    assert ledger.problems == []
    assert ledger.count("bound") >= 100 and ledger.count("cited") >= 100


def bound_uses(report: check.Report) -> dict[str, list[claims.Claim]]:
    uses: dict[str, list[claims.Claim]] = defaultdict(list)
    for claim in report.ledger.claims:
        if claim.status == "bound":
            uses[claim.support].append(claim)
    return uses


def test_a_figure_used_on_two_pages_is_written_as_the_same_number(report):
    """Hedges may differ ("600", "around 600"); the number as written may not ("45,774" on one page, "46,000" on
    another)."""
    differing = []
    for ref, uses in sorted(bound_uses(report).items()):
        if len({c.file for c in uses}) < 2:
            continue
        written = {(c.file, c.text): numbers.numerals(numbers.blank_not_claims(c.text, CONFIG.named_numbers))
                   for c in uses}
        values = {w[0].value if len(w) == 1 else None for w in written.values()}
        if len(values) != 1 or None in values:
            differing.append(f"{ref}: " + "; ".join(f"{file} writes {text!r}" for file, text in sorted(written)))
    assert differing == []


def test_every_bound_figure_states_its_single_dataset_value(report):
    """What the ledger guarantees, re-derived: each reference names one value, and the number agrees with it (exact,
    rounded under a hedge, or on the true side of a directional hedge), with the same unit."""
    docs = {d.id: dict(d.doc) for d in report.valid}
    wrong = []
    for ref, uses in bound_uses(report).items():
        value, why = claims.lookup(ref, docs)
        assert value is not None, f"{uses[0].file}:{uses[0].line}: {why}"
        for claim in uses:
            text = numbers.blank_not_claims(claim.text, CONFIG.named_numbers)
            (written,) = numbers.numerals(text)
            hedge = claims.hedge_before(text, written.start)
            page_text = (CONFIG.docs_dir / claim.file.removeprefix("docs/")).read_text(encoding="utf-8")
            line = page_text.splitlines()[claim.line - 1]
            start = line.find(f"**{claim.text}**")
            assert start >= 0, f"{claim.file}:{claim.line}: **{claim.text}** not found on its line"
            hedge = hedge or claims.hedge_before(line, start)
            problem = claims.agreement(written, value, hedge)
            if problem:
                wrong.append(f"{claim.file}:{claim.line}: {claim.text!r} {problem} ({value.label})")
    assert wrong == []
