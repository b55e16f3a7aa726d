"""The explainer's content rules: page shape, sources, acronyms, concerns on proposals, own words, numbers that agree."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from explainer import dataset, pages
from explainer.generate import parse_abbreviations

DOCS = ROOT / "docs"
SOURCES = ROOT.parent / "shared" / "sources"
PAGES = pages.hand_written_pages(DOCS)
DATASETS, _ = dataset.load_all(ROOT / "charts")
BY_ID = {d.id: d for d in DATASETS}
TERMS = parse_abbreviations((ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8"))
ROMAN_NUMERALS = re.compile(r"^(?=[MDCLXVI]+$)M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
PROPOSAL_SECTIONS = ["Who proposes it", "The problem", "The proposal", "The evidence", "Concerns raised", "Status"]
NGRAM = 8


def body(page: pages.Page) -> str:
    return pages.split_front_matter((DOCS / page.path).read_text(encoding="utf-8"))[1]


def section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def prose(text: str) -> str:
    """Readable words only: no code, includes, URLs, link targets, HTML tags or attribute lists."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"^--8<--.*$", " ", text, flags=re.M)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<https?://[^>]+>|https?://\S+", " ", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path.as_posix())
def test_page_has_in_short_box_sources_reviewed_date_and_description(page):
    text = body(page)
    box = re.search(r'^!!! abstract "In short"\s*\n((?:\s*\n|    .*\n)+)', text, re.M)
    assert box, "needs an '!!! abstract \"In short\"' box"
    assert len(re.findall(r"^    - \S", box.group(1), re.M)) == 3, "the In short box has exactly three bullets"
    assert re.search(r"^## Sources\s*$", text, re.M), "needs a '## Sources' section"
    assert re.search(r"^\*Last reviewed: \d{1,2} [A-Z][a-z]+ \d{4}\*\s*$", text, re.M), "needs '*Last reviewed: 22 November 2026*'"
    assert 50 <= len(page.description) <= 170, "front matter description of 50-170 characters"
    assert len(re.findall(r"^# ", text, re.M)) == 1, "exactly one H1"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path.as_posix())
def test_reviewed_front_matter_matches_the_last_reviewed_line(page):
    import datetime as dt
    line = re.search(r"^\*Last reviewed: (\d{1,2} [A-Z][a-z]+ \d{4})\*", body(page), re.M)
    assert "reviewed" in page.meta, "front matter needs 'reviewed: YYYY-MM-DD' (used for the citation)"
    assert dt.datetime.strptime(line.group(1), "%d %B %Y").date() == dt.date.fromisoformat(str(page.meta["reviewed"]))


def test_every_dataset_is_shown_on_at_least_one_page():
    used = {chart_id for page in PAGES for _, chart_id in page.figures}
    assert sorted(set(BY_ID) - used) == []


def test_there_are_at_least_35_datasets():
    assert len(DATASETS) >= 35


def test_every_page_in_the_nav_exists_and_every_page_is_in_the_nav():
    import yaml
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def walk(items):
        for item in items:
            value = list(item.values())[0] if isinstance(item, dict) else item
            yield from (walk(value) if isinstance(value, list) else [value])
    nav = set(walk(config["nav"]))
    assert nav == {p.path.as_posix() for p in PAGES}


def acronyms(text: str) -> set[str]:
    found = set(re.findall(r"(?<![\w-])([A-Z][A-Z0-9&]*[A-Z](?:s)?)(?![\w-])", text))
    return {a for a in found if not ROMAN_NUMERALS.match(a)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path.as_posix())
def test_every_acronym_on_a_page_is_in_the_glossary(page):
    text = prose(body(page)) + " " + page.title + " " + page.description
    assert sorted(acronyms(text) - set(TERMS)) == []


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.id)
def test_every_acronym_in_a_dataset_is_in_the_glossary(ds):
    doc = ds.doc
    text = " ".join([doc["title"], doc["subtitle"], doc["description"], *doc["notes"],
                     *(f["title"] for f in doc["fields"]), *(str(v) for r in doc["records"] for k, v in r.items() if k != "source")])
    assert sorted(acronyms(prose(text)) - set(TERMS)) == []


PROPOSAL_PAGES = [p for p in PAGES if p.path.parts[0] == "proposals" and p.path.name != "index.md"]


def test_there_are_proposal_pages():
    assert len(PROPOSAL_PAGES) >= 5


@pytest.mark.parametrize("page", PROPOSAL_PAGES, ids=lambda p: p.path.as_posix())
def test_proposal_page_has_the_required_sections_in_order(page):
    headings = re.findall(r"^## (.+?)\s*$", body(page), re.M)
    positions = [headings.index(h) if h in headings else -1 for h in PROPOSAL_SECTIONS]
    assert -1 not in positions, f"missing: {[h for h, p in zip(PROPOSAL_SECTIONS, positions) if p == -1]}"
    assert positions == sorted(positions)


@pytest.mark.parametrize("page", PROPOSAL_PAGES, ids=lambda p: p.path.as_posix())
def test_proposal_page_has_at_least_two_cited_concerns(page):
    concerns = section(body(page), "Concerns raised")
    bullets = re.findall(r"^\s*[-*] (.+(?:\n(?!\s*[-*] |\s*$).+)*)", concerns, re.M)
    cited = [b for b in bullets if re.search(r"\]\((https://|[^)]+\.md)", b)]
    assert len(cited) >= 2, f"{len(cited)} cited concern bullets"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9£%]+(?:['’][a-z]+)?", text.lower().replace("’", "'"))


FINGERPRINT = ROOT / "tests" / "source_fingerprint.txt"


def gram_hash(gram: tuple[str, ...]) -> str:
    return hashlib.blake2b(" ".join(gram).encode(), digest_size=6).hexdigest()


def source_ngram_hashes() -> set[str]:
    """Hashes of every run of eight words in the source documents (the texts themselves are not committed)."""
    grams = set()
    for path in sorted(SOURCES.glob("*.txt")):
        tokens = words(path.read_text(encoding="utf-8"))
        grams.update(gram_hash(tuple(tokens[i:i + NGRAM])) for i in range(len(tokens) - NGRAM + 1))
    return grams


SOURCE_NGRAMS = set(FINGERPRINT.read_text(encoding="utf-8").split()) if FINGERPRINT.exists() else set()


def test_source_fingerprint_is_loaded():
    assert len(SOURCE_NGRAMS) > 10000


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source documents live beside the repository (shared/sources), not in it")
def test_source_fingerprint_matches_the_source_documents():
    assert source_ngram_hashes() == SOURCE_NGRAMS, "run: python tests/test_content.py --refresh-fingerprint"


def without_quotes_and_titles(text: str) -> str:
    """Drop what may legitimately repeat a source: quotations, and the titles of publications in Sources lists."""
    text = re.sub(r"^## Sources\s*$.*?(?=^## |\Z)", " ", text, flags=re.M | re.S)
    text = re.sub(r"“[^”]*”|\"[^\"\n]*\"", " ", text)
    text = re.sub(r"\[[^\]]*\]\([^)]*\)", " ", text)   # linked titles
    text = re.sub(r"\*[^*\n]+\*", " ", text)           # italic titles
    return prose(text)


def copied_runs(text: str) -> list[str]:
    """Runs of eight words that also occur in a source; runs that are mostly numbers are facts, not wording."""
    tokens = words(text)
    runs = (tuple(tokens[i:i + NGRAM]) for i in range(len(tokens) - NGRAM + 1))
    return [" ".join(run) for run in runs if gram_hash(run) in SOURCE_NGRAMS and sum(any(c.isalpha() for c in t) for t in run) >= 6]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path.as_posix())
def test_no_run_of_eight_words_is_copied_from_the_sources(page):
    assert copied_runs(without_quotes_and_titles(body(page))) == []


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.id)
def test_no_dataset_text_is_copied_from_the_sources(ds):
    doc = ds.doc
    text = " ".join([doc["title"], doc["subtitle"], doc["description"], *doc["notes"]])  # prose, not category names
    assert copied_runs(without_quotes_and_titles(text)) == []


FIGURE_TAG = re.compile(r"\*\*([^*]+)\*\*\{\s*data-figure=\"([^\"]+)\"\s*\}")


def figure_value(ref: str) -> float:
    chart_id, key, *series = ref.split("/")
    ds = BY_ID[chart_id]
    chart = ds.doc["chart"]
    key_field, value_field = (chart["y"], chart["x"]) if chart["kind"] in ("ranked-bar", "comparison") else (chart["x"], chart["y"])
    matches = [r for r in ds.doc["records"] if str(r[key_field]) == key and (not series or str(r.get(chart.get("series"))) == series[0])]
    assert len(matches) == 1, f"{ref}: {len(matches)} matching records"
    return matches[0][value_field]


def written_number(text: str) -> tuple[float, int]:
    """The first number in text like '£47 billion', '45,774', '38%', '3.9': (value, decimals shown)."""
    match = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    assert match, f"no number in {text!r}"
    return float(match.group(0).replace(",", "")), len(match.group(1) or "")


TAGGED = [(p, m.group(1), m.group(2)) for p in PAGES for m in FIGURE_TAG.finditer(body(p))]


def test_key_figures_are_tagged_with_their_dataset():
    assert len(TAGGED) >= 10


@pytest.mark.parametrize("page,text,ref", TAGGED, ids=[f"{p.path.as_posix()}:{r}" for p, _, r in TAGGED])
def test_key_number_in_prose_agrees_with_its_dataset(page, text, ref):
    value, decimals = written_number(text)
    assert round(figure_value(ref), decimals) == value, f"{text!r} vs dataset {ref}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path.as_posix())
def test_quotations_taken_from_the_sources_are_short(page):
    quotes = re.findall(r"“([^”]*)”|\"([^\"\n]*)\"", prose(body(page)))
    long_copied = [q for pair in quotes for q in pair if q and copied_runs(q) and len(words(q)) > 30]
    assert long_copied == []


if __name__ == "__main__" and "--refresh-fingerprint" in sys.argv:
    FINGERPRINT.write_text("\n".join(sorted(source_ngram_hashes())) + "\n", encoding="utf-8")
    print(f"wrote {FINGERPRINT}")
