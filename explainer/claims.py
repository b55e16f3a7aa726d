"""The claims ledger: every number in the prose is bound to a dataset value or cited to a numbered source
on its page.

Syntax (plain Markdown, documented in CONTRIBUTING.md):
- - - bound:  **17,004**{ data-figure="nrm-referrals/2023" }  (chart id / key [/ series]); checked against
  the record, with its rounding and unit; "about", "almost", "more than" and the like must be true of the
  value.
- - - cited:  ... 38% of the assets it recovered [3].   A [n] before a sentence's full stop cites that
  sentence; a [n] after the last full stop of a paragraph cites the whole paragraph; in a list item or
  table row it cites the item or row, and in a table's header row the whole table. n is an item of the
  page's numbered Sources list.
- - - not a claim: dates, periods, ordinals, times and names with numbers (Schedule 7, COVID-19) are
  recognised; anything else is listed in the page's front matter under `not_claims:`, or site-wide in
  `claims.named_numbers`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from explainer import numbers
from explainer.numbers import Written
from explainer.pages import Page
from explainer.problems import Problem
from explainer.schemas import one_line, shorten

BOUND = re.compile(r'\*\*(?P<text>[^*\n]+)\*\*\{\s*data-figure="(?P<ref>[^"\n]*)"\s*\}')
CITATION = re.compile(r"\[(?P<nums>\d+(?:\s*,\s*\d+)*)\](?![(\[:])")
SOURCES_ITEM = re.compile(r"^\d+\.\s")
SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bNo)(?<!\bSt)(?<!\bMr)(?<!\bDr)"
    r"[.!?][\"”’)]*\s+(?=[A-Z0-9£$€\"“‘(*\[])"
)
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.)\s+")
TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
HEDGES: dict[str, str | None] = {
    "about": None,
    "around": None,
    "roughly": None,
    "approximately": None,
    "some": None,
    "an estimated": None,
    "estimated": None,
    "almost": "<",
    "nearly": "<",
    "just under": "<",
    "under": "<",
    "less than": "<",
    "fewer than": "<",
    "up to": "<=",
    "over": ">",
    "more than": ">",
    "just over": ">",
    "above": ">",
    "at least": ">=",
}
HEDGE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, HEDGES), key=len, reverse=True)) + r")\s*$", re.I)


# ---------------------------------------------------------------------------
# Datasets as the ledger sees them
# ---------------------------------------------------------------------------


def field_scale(spec: dict[str, Any]) -> float:
    """The multiplier a field's unit implies: '£ billion' -> 1e9, 'bn' -> 1e9, 'million' -> 1e6."""
    words = " ".join(str(spec.get(k, "")) for k in ("unit", "suffix")).lower()
    for word, scale in (
        ("trillion", 1e12),
        ("billion", 1e9),
        ("bn", 1e9),
        ("million", 1e6),
        ("thousand", 1e3),
    ):
        if re.search(rf"(?<!per )\b{word}\b", words):
            return scale
    return 1.0


def field_kind(spec: dict[str, Any]) -> str:
    """'percent', 'money' or 'count' for a numeric field."""
    if (
        spec["type"] == "percent"
        or "%" in str(spec.get("suffix", ""))
        or "per cent" in str(spec.get("unit", ""))
    ):
        return "percent"
    if "£" in str(spec.get("prefix", "")) or "£" in str(spec.get("unit", "")):
        return "money"
    return "count"


@dataclass(frozen=True)
class Value:
    """One number in a dataset, in absolute units, with the record's key for messages."""

    chart_id: str
    key: str
    series: str
    value: float
    kind: str

    @property
    def label(self) -> str:
        return one_line(f"{self.chart_id} {self.key}" + (f" ({self.series})" if self.series else ""))


def key_fields(doc: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(key field, value field, series field) of a dataset's chart."""
    chart = doc["chart"]
    if chart["kind"] == "table":
        return None, None, None
    if chart["kind"] in ("ranked-bar", "comparison"):
        return chart["y"], chart["x"], chart.get("series")
    if chart["kind"] == "timeline":
        return chart["y"], None, chart.get("series")
    return chart["x"], chart["y"], chart.get("series")


def dataset_values(chart_id: str, doc: dict[str, Any]) -> list[Value]:
    """Every numeric value in a dataset's records."""
    specs = {f["name"]: f for f in doc["fields"]}
    key, _, series = key_fields(doc)
    out = []
    for record in doc["records"]:
        for name, spec in specs.items():
            value = record.get(name)
            if (
                spec["type"] in ("integer", "number", "percent")
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
            ):
                out.append(
                    Value(
                        chart_id,
                        str(record.get(key, "")) if key else "",
                        str(record.get(series, "")) if series else "",
                        float(value) * field_scale(spec),
                        field_kind(spec),
                    )
                )
    return out


def lookup(ref: str, docs: dict[str, dict[str, Any]]) -> tuple[Value | None, str]:
    """The value a data-figure reference names, or None and why not."""
    parts = ref.split("/")
    ref = shorten(one_line(ref), 120)
    if len(parts) not in (2, 3) or not all(parts):
        return None, f'data-figure="{ref}" should be "<chart id>/<key>" or "<chart id>/<key>/<series>"'
    chart_id, key, *series = parts
    doc = docs.get(chart_id)
    if doc is None:
        return None, (
            f"data-figure names chart '{shorten(one_line(chart_id))}', which does not exist or has errors"
        )
    key_field, value_field, series_field = key_fields(doc)
    if key_field is None or value_field is None:
        return (
            None,
            f"chart '{chart_id}' has no values to bind to (kind '{doc['chart']['kind']}'); cite it instead",
        )
    if series and not series_field:
        return None, f"data-figure=\"{ref}\": chart '{chart_id}' has no series; write {chart_id}/<key>"
    matches = [
        r
        for r in doc["records"]
        if str(r.get(key_field)) == key and (not series or str(r.get(series_field)) == series[0])
    ]
    if not matches:
        keys = sorted({shorten(one_line(str(r.get(key_field)))) for r in doc["records"]})
        named = f" and {series_field} = {shorten(one_line(series[0]))!r}" if series else ""
        return None, (
            f'data-figure="{ref}": no record in {chart_id} has {key_field} = '
            f"{shorten(one_line(key))!r}{named}; keys are: {shorten(', '.join(keys), 400)}"
        )
    if len(matches) > 1:
        names = sorted({shorten(one_line(str(r.get(series_field)))) for r in matches}) if series_field else []
        shown = shorten(one_line(key))
        return None, (
            f'data-figure="{ref}": {len(matches)} records in {chart_id} have {key_field} = '
            f"{shown!r}; add the series: {chart_id}/{shown}/<series>"
            + (f" (one of: {shorten(', '.join(names), 400)})" if names else "")
        )
    spec = next(f for f in doc["fields"] if f["name"] == value_field)
    raw = matches[0].get(value_field)
    if not isinstance(raw, (int, float)):
        return None, f'data-figure="{ref}": the record has no value'
    return Value(
        chart_id, key, series[0] if series else "", float(raw) * field_scale(spec), field_kind(spec)
    ), ""


# ---------------------------------------------------------------------------
# Checking one written number against one value
# ---------------------------------------------------------------------------


def hedge_before(text: str, start: int) -> str | None:
    """The hedge word just before a position ('about', 'almost', 'more than'), lower-cased, or None."""
    match = HEDGE.search(text[max(0, start - 20) : start])
    return match.group(1).lower() if match else None


MISMATCH = "does not match"
UNHEDGED = "is rounded, but nothing says so"


def agreement(written: Written, value: Value, hedge: str | None) -> str:
    """'' if the written number truly states the value; otherwise what is wrong (a phrase to follow it)."""
    if written.kind == "percent" and value.kind != "percent":
        return "is a percentage, but the value is not"
    if value.kind == "percent" and written.kind != "percent":
        return "is missing its % (the value is a percentage)"
    if value.kind == "money" and written.kind != "money":
        return "is missing its £ (the value is money)"
    if numbers.equal_as_written(written, value.value):
        return ""  # a hedge beside the exact value repeats the source's own ("more than 70%")
    direction = HEDGES.get(hedge) if hedge else None
    if direction:
        stated = written.value
        holds = {
            "<": value.value < stated,
            "<=": value.value <= stated,
            ">": value.value > stated,
            ">=": value.value >= stated,
        }[direction]
        return "" if holds else f'says "{hedge} {written.text}", which is not true'
    if numbers.rounded_as_written(written, value.value):
        return "" if hedge else UNHEDGED
    return MISMATCH


# ---------------------------------------------------------------------------
# Reading a page into units (paragraphs, list items, table rows, headings)
# ---------------------------------------------------------------------------


@dataclass
class Unit:
    """A block of text that a citation can cover: a paragraph, a list item, a table row or a heading."""

    kind: str  # 'paragraph', 'item', 'row', 'header', 'heading'
    lines: list[tuple[int, str]] = field(default_factory=list)
    table: int = -1

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)

    def line_at(self, offset: int) -> int:
        """The file line number of a character offset into text."""
        for number, text in self.lines:
            if offset <= len(text):
                return number
            offset -= len(text) + 1
        return self.lines[-1][0]


def _clean(line: str) -> str:
    """Markdown syntax blanked out, positions kept: code, link targets, HTML tags, images, attribute lists.
    """
    line = numbers.blank_matches(line, re.compile(r"`[^`]*`"))
    line = numbers.blank_matches(line, re.compile(r"!\[[^\]]*\]\([^)]*\)"))
    line = numbers.blank_matches(line, re.compile(r"\]\([^)]*\)"))
    line = numbers.blank_matches(line, re.compile(r"<https?://[^>]+>|https?://\S+"))
    line = numbers.blank_matches(line, re.compile(r"<[^>\n]+>"))
    line = numbers.blank_matches(line, re.compile(r"\{(?![^}]*data-figure)[^}\n]*\}"))
    line = numbers.blank_matches(line, re.compile(r"^(?:!!!|\?\?\?\+?)\s+\w+"))
    return line


def units(page: Page, sources_heading: str, reviewed_line: str) -> Iterator[Unit]:
    """The page body as units, skipping code, includes, the Sources section and the review line."""
    current: Unit | None = None
    in_code = in_sources = False
    table = -1
    previous_was_row = False
    lines = page.lines()
    for index, (number, raw) in enumerate(lines):
        stripped = raw.strip()
        if stripped.startswith("```"):
            in_code = not in_code
            continue
        if re.match(r"^##\s", stripped):
            in_sources = stripped[2:].strip() == sources_heading
        if (
            in_code
            or in_sources
            or stripped.startswith(("--8<--", "*["))
            or stripped.startswith(f"*{reviewed_line}")
        ):
            if current:
                yield current
                current = None
            continue
        text = _clean(stripped)
        if not text.strip() or re.fullmatch(r"(-{3,}|\*{3,}|_{3,})", stripped):
            if current:
                yield current
                current = None
            previous_was_row = False
            continue
        if stripped.startswith("#"):
            if current:
                yield current
            yield Unit("heading", [(number, text.lstrip("#"))])
            current = None
            continue
        if stripped.startswith("|"):
            if current:
                yield current
                current = None
            if TABLE_SEPARATOR.match(stripped):
                continue
            if not previous_was_row:
                table += 1
            following = lines[index + 1][1].strip() if index + 1 < len(lines) else ""
            yield Unit("header" if TABLE_SEPARATOR.match(following) else "row", [(number, text)], table)
            previous_was_row = True
            continue
        previous_was_row = False
        item = LIST_ITEM.match(text)
        if item:
            if current:
                yield current
            current = Unit("item", [(number, numbers.blank(text, 0, item.end()))])
        elif current:
            current.lines.append((number, text))
        else:
            current = Unit("paragraph", [(number, text)])
    if current:
        yield current


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of each sentence."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


# ---------------------------------------------------------------------------
# The ledger
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """One number in the prose and how it is supported."""

    file: str
    line: int
    text: str
    status: str  # 'bound', 'cited' or 'unsupported'
    support: str = ""  # the data-figure reference, or the source numbers


@dataclass
class Ledger:
    """Every claim found, and every problem."""

    claims: list[Claim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for c in self.claims if c.status == status)


def sources_count(page: Page, heading: str) -> int:
    """How many numbered items the page's Sources list has."""
    match = re.search(rf"^##\s+{re.escape(heading)}\s*$(.*?)(?=^##\s|\Z)", page.body, re.M | re.S)
    return sum(1 for line in match.group(1).splitlines() if SOURCES_ITEM.match(line.strip())) if match else 0


class PageClaims:
    """Checks one page's numbers; a small state machine over its units."""

    def __init__(
        self,
        page: Page,
        docs: dict[str, dict[str, Any]],
        index: list[Value],
        names: tuple[str, ...],
        sources_heading: str,
        reviewed_line: str,
    ):
        self.page, self.docs, self.index = page, docs, index
        not_claims = page.meta.get("not_claims")
        differs = page.meta.get("differs")
        listed = not_claims if isinstance(not_claims, list) else []
        self.names = tuple(names) + tuple(
            str(n) for n in listed if isinstance(n, (str, int, float)) and str(n).strip()
        )
        self.differs = {str(k) for k in differs} if isinstance(differs, dict) else set()
        self.sources = sources_count(page, sources_heading)
        self.sources_heading, self.reviewed_line = sources_heading, reviewed_line
        self.ledger = Ledger()
        if not_claims is not None and not isinstance(not_claims, list):
            self.problem(
                self.meta_line("not_claims"),
                "front matter not_claims: should be a list of the exact numbers that are not claims",
            )
        if differs is not None and not isinstance(differs, dict):
            self.problem(
                self.meta_line("differs"),
                "front matter differs: should be the numbers that differ from a dataset on purpose, "
                'each with the reason ("17,004": why)',
            )

    def meta_line(self, key: str) -> int:
        """The line of a front matter key (the front matter's first line if it cannot be found)."""
        front = self.page.text[: self.page.text.find("\n---", 3) + 1]
        match = re.search(rf"^{re.escape(key)}\s*:", front, re.M)
        return self.page.text[: match.start()].count("\n") + 1 if match else 1

    def problem(self, line: int, message: str) -> None:
        self.ledger.problems.append(Problem(self.page.file, line, message))

    def run(self) -> Ledger:
        header_cited: dict[int, set[int]] = {}
        headings: list[tuple[int, str]] = []
        for unit in units(self.page, self.sources_heading, self.reviewed_line):
            if unit.kind == "heading":
                headings.extend((unit.lines[0][0], w.text) for w in self.numerals(unit.text)[0])
                continue
            inherited = header_cited.get(unit.table, set()) if unit.kind == "row" else set()
            cited = self.check_unit(unit, inherited)
            if unit.kind == "header":
                header_cited[unit.table] = cited
        stated = {c.text for c in self.ledger.claims if c.status != "unsupported"}
        for line, text in headings:
            if text not in stated:
                self.problem(
                    line,
                    f'"{text}" in a heading is not stated, bound or cited in the text below it; '
                    "state it there with its source",
                )
        return self.ledger

    def numerals(self, text: str) -> tuple[list[Written], list[tuple[int, str]]]:
        """The quantities in text: numerals, and spelled-out quantities (offset, word)."""
        text = numbers.blank_not_claims(CITATION.sub(lambda m: " " * len(m.group(0)), text), self.names)
        found = numbers.numerals(text)
        for w in found:
            text = numbers.blank(text, w.start, w.end)
        words = [(m.start(), m.group(0)) for m in numbers.WORD_QUANTITY.finditer(text)]
        return found, words

    def citations(self, unit: Unit, text: str) -> list[tuple[int, set[int]]]:
        """Each citation marker's position and the source numbers it names (invalid ones reported)."""
        out = []
        for match in CITATION.finditer(text):
            cited = {int(n) for n in re.split(r"\s*,\s*", match.group("nums"))}
            bad = sorted(n for n in cited if not 1 <= n <= self.sources)
            if bad:
                self.problem(
                    unit.line_at(match.start()),
                    f"cites [{', '.join(map(str, bad))}], but the {self.sources_heading} list has "
                    f"{self.sources} numbered item(s); number the sources 1, 2, 3 and cite those",
                )
            out.append((match.start(), cited))
        return out

    def check_unit(self, unit: Unit, inherited: set[int]) -> set[int]:
        """Check every number in a unit; return the source numbers its citations name."""
        text = unit.text
        for match in BOUND.finditer(text):
            self.check_bound(unit, match)
            text = numbers.blank(text, match.start(), match.end())
        markers = self.citations(unit, text)
        cited_here = set().union(*(c for _, c in markers)) if markers else set()
        spans = sentence_spans(text) if unit.kind == "paragraph" else [(0, len(text))]
        whole = set(inherited)
        last_start, last_end = spans[-1]
        if (
            unit.kind == "paragraph"
            and len(spans) > 1
            and markers
            and not CITATION.sub("", text[last_start:last_end]).strip()
        ):
            whole |= set().union(*(c for pos, c in markers if pos >= last_start))
        found, words = self.numerals(text)
        for start, end in spans:
            covering = whole | set().union(*(c for pos, c in markers if start <= pos < end))
            sentence = text[start:end]
            for w in found:
                if start <= w.start < end:
                    self.record(unit, w.start, w.text, covering, w, sentence)
            for offset, word in words:
                if start <= offset < end:
                    self.record(unit, offset, word, covering, None, sentence)
        return cited_here

    def record(
        self, unit: Unit, offset: int, text: str, covering: set[int], written: Written | None, sentence: str
    ) -> None:
        line = unit.line_at(offset)
        if covering:
            self.ledger.claims.append(
                Claim(self.page.file, line, text, "cited", ",".join(map(str, sorted(covering))))
            )
            if written is not None:
                self.check_against_data(line, written, sentence)
            return
        self.ledger.claims.append(Claim(self.page.file, line, text, "unsupported"))
        self.problem(
            line,
            f'"{text}" is neither bound to a dataset nor cited; end its sentence with the number of '
            f'its source, e.g. [1], or bind it: **{text}**{{ data-figure="<chart id>/<key>" }}',
        )

    def check_bound(self, unit: Unit, match: re.Match[str]) -> None:
        line = unit.line_at(match.start())
        ref, shown = match.group("ref"), match.group("text")
        value, why = lookup(ref, self.docs)
        if value is None:
            self.problem(line, why)
            return
        text = numbers.blank_not_claims(shown, self.names)
        found = numbers.numerals(text)
        if len(found) != 1:
            self.problem(
                line, f"**{shown}** should hold exactly one number to bind to {shorten(one_line(ref), 120)}"
            )
            return
        written = found[0]
        hedge = hedge_before(unit.text, match.start()) or hedge_before(text, written.start)
        wrong = agreement(written, value, hedge)
        if wrong:
            exact = numbers.format_plain(value.value / written.scale) + (
                "" if written.scale == 1 else " × " + numbers.format_plain(written.scale)
            )
            fix = (
                'say so with a word such as "about", or write the exact value'
                if wrong == UNHEDGED
                else "write the dataset's value, or correct the dataset"
            )
            if wrong == MISMATCH:
                self.problem(line, f'"{shown}" does not match {value.label} ({exact}); {fix}')
            else:
                self.problem(line, f'"{shown}" {wrong}: {value.label} is {exact}; {fix}')
        self.ledger.claims.append(Claim(self.page.file, line, shown, "bound", ref))

    def check_against_data(self, line: int, written: Written, sentence: str) -> None:
        """A cited number within 2% of a dataset value for a key named in the same sentence is probably
        stale."""
        if written.significant_digits < 3 or written.text in self.differs:
            return
        for value in self.index:
            if value.kind != written.kind or not value.value or not value.key:
                continue
            if not re.search(rf"(?<!\w){re.escape(value.key)}(?!\w)", sentence):
                continue
            gap = abs(written.value - value.value) / abs(value.value)
            if (
                0 < gap <= 0.02
                and not numbers.equal_as_written(written, value.value)
                and not numbers.rounded_as_written(written, value.value)
            ):
                self.problem(
                    line,
                    f'"{written.text}" differs from {value.label} '
                    f"({numbers.format_plain(value.value / written.scale)}); bind it to the dataset or "
                    "correct it (if both are right, say why on the page and list it under differs: "
                    "in the front matter)",
                )
                return


def check_pages(
    pages: Iterable[Page],
    docs: dict[str, dict[str, Any]],
    names: tuple[str, ...],
    sources_heading: str,
    reviewed_line: str,
) -> Ledger:
    """The ledger for every page."""
    index = [v for chart_id, doc in docs.items() for v in dataset_values(chart_id, doc)]
    ledger = Ledger()
    for page in pages:
        if page.problems:
            continue
        result = PageClaims(page, docs, index, names, sources_heading, reviewed_line).run()
        ledger.claims += result.claims
        ledger.problems += result.problems
    return ledger


# ---------------------------------------------------------------------------
# Datasets: numbers in their own texts, and datasets that repeat each other
# ---------------------------------------------------------------------------

DATASET_TEXTS = ("title", "subtitle", "description")


def dataset_text_problems(label: str, doc: dict[str, Any], names: tuple[str, ...] = ()) -> Iterator[Problem]:
    """Every number in a dataset's title, subtitle and description must be one of its record values."""
    values = dataset_values(doc["id"], doc)
    for key in DATASET_TEXTS:
        text = numbers.blank_not_claims(str(doc.get(key, "")), names)
        for written in numbers.numerals(text):
            hedge = hedge_before(text, written.start)
            candidates = [v for v in values if v.kind == written.kind or written.kind == "count"]
            if any(not agreement(written, v, hedge) for v in candidates):
                continue
            if any(
                not agreement(written, Value(v.chart_id, v.key, v.series, -v.value, v.kind), hedge)
                for v in candidates
            ):
                continue
            closest = min(candidates, key=lambda v: abs(abs(v.value) - written.value), default=None)
            hint = (
                f" (closest: {numbers.format_plain(abs(closest.value))} for {shorten(one_line(closest.key))})"
                if closest
                else ""
            )
            yield Problem(
                label,
                key,
                f'"{written.text}" is not a value in the records{hint}; '
                "correct the text or the record, or move the number to notes with its source",
            )


def duplicate_dataset_problems(datasets: list[tuple[str, dict[str, Any]]]) -> Iterator[Problem]:
    """Two datasets that chart the same values from the same source: keep one (or say why both exist in
    'overlaps')."""
    seen: dict[tuple[str, str, float], str] = {}
    for label, doc in datasets:
        urls = {s["id"]: s["url"] for s in doc["sources"]}
        key_field, value_field, _ = key_fields(doc)
        if key_field is None or value_field is None:
            continue
        allowed = set((doc.get("overlaps") or {}).keys())
        repeats: Counter[str] = Counter()
        points: dict[str, list[str]] = {}
        for record in doc["records"]:
            value = record.get(value_field)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            source = urls.get(record.get("source", next(iter(urls))), "")
            point = (source, str(record.get(key_field)), float(value))
            owner = seen.get(point)
            if owner and owner != doc["id"] and owner not in allowed:
                repeats[owner] += 1
                points.setdefault(owner, []).append(
                    f"{shorten(one_line(point[1]))}: {numbers.format_plain(point[2])}"
                )
            seen.setdefault(point, doc["id"])
        for owner, count in repeats.items():
            if count >= 2:
                yield Problem(
                    label,
                    "records",
                    f"repeats {count} values of charts/{owner}.json from the same source "
                    f"({'; '.join(points[owner][:3])}); keep one dataset, or say why both exist "
                    f'under "overlaps": {{"{owner}": "..."}}',
                )
