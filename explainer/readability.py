"""Plain English, measured: Flesch-Kincaid grade and Flesch reading ease of each page's body text
(textstat)."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import textstat

from explainer.config import Readability
from explainer.pages import Page
from explainer.problems import Problem

SKIP_LINE = re.compile(r"^\s*(?:--8<--|\*\[|\||<|!!!|\?\?\?)")


@dataclass(frozen=True)
class Score:
    """How hard a page is to read."""

    page: Page
    grade: float  # Flesch-Kincaid grade level (US school grade; UK reading age is about grade + 5)
    ease: float  # Flesch reading ease (higher is easier; 60-70 is plain English)
    in_short_grade: float | None
    in_short_line: int


def plain_text(markdown: str) -> str:
    """Sentences only: Markdown syntax, citations, links, attributes and HTML removed; list items and
    headings end as sentences."""
    markdown = re.sub(r"\*\*([^*\n]+)\*\*\{[^}]*\}", r"\1", markdown)
    markdown = re.sub(r"\{[^}\n]*\}", "", markdown)
    markdown = re.sub(r"\[(\d+(?:\s*,\s*\d+)*)\](?![(\[:])", "", markdown)
    markdown = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    markdown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    markdown = re.sub(r"`[^`]*`", "", markdown)
    markdown = re.sub(r"<[^>]+>", "", markdown)
    markdown = re.sub(r"[*_]{1,3}([^*_\n]+)[*_]{1,3}", r"\1", markdown)
    out = []
    for line in markdown.splitlines():
        if SKIP_LINE.match(line):
            out.append("")
            continue
        item = re.match(r"^\s*(?:[-*+]|\d+\.|#+)\s+(.*)$", line)
        text = (item.group(1) if item else line).strip()
        if item and text and not re.search(r"[.!?:;]$", text):
            text += "."
        out.append(text)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def body_text(page: Page, sources_heading: str, reviewed_line: str) -> str:
    """The page's prose: no front matter, code, tables, includes, Sources section or review line."""
    body = re.sub(r"^```.*?^```", "", page.body, flags=re.M | re.S)
    body = re.sub(rf"^##\s+{re.escape(sources_heading)}\s*$.*?(?=^##\s|\Z)", "", body, flags=re.M | re.S)
    body = re.sub(rf"^\*{re.escape(reviewed_line)}.*$", "", body, flags=re.M)
    body = re.sub(
        r"^(?:!!!|\?\?\?)[^\n]*\n((?:[ \t]*\n|    [^\n]*\n)*)",
        lambda m: re.sub(r"^    ", "", m.group(1), flags=re.M),
        body,
        flags=re.M,
    )
    return plain_text(body)


def in_short(page: Page, title: str) -> tuple[str, int] | None:
    """The In short box's text and its line, or None."""
    match = re.search(rf'^!!! \w+ "{re.escape(title)}"\s*\n((?:[ \t]*\n|    [^\n]*\n)+)', page.body, re.M)
    if not match:
        return None
    line = page.body_line + page.body[: match.start()].count("\n")
    return plain_text(re.sub(r"^    ", "", match.group(1), flags=re.M)), line


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else 0.0


def ease(text: str) -> float:
    return float(textstat.flesch_reading_ease(text)) if text.strip() else 100.0


def score(page: Page, in_short_title: str, sources_heading: str, reviewed_line: str) -> Score:
    text = body_text(page, sources_heading, reviewed_line)
    box = in_short(page, in_short_title)
    return Score(
        page,
        round(grade(text), 1),
        round(ease(text), 1),
        round(grade(box[0]), 1) if box else None,
        box[1] if box else page.body_line,
    )


def scores(
    pages: Iterable[Page], limits: Readability, in_short_title: str, sources_heading: str, reviewed_line: str
) -> list[Score]:
    """Scores of the pages in the sections the limits apply to."""
    return [
        score(p, in_short_title, sources_heading, reviewed_line)
        for p in pages
        if p.section in limits.sections and not p.problems
    ]


def problems(measured: list[Score], limits: Readability) -> Iterator[Problem]:
    """Pages above the page limit, In short boxes above theirs, and a median above the median limit."""
    advice = "use shorter sentences and common words (the facts can stay)"
    for s in measured:
        if s.grade > limits.page_max:
            yield Problem(
                s.page.file,
                s.page.body_line,
                f"reads at grade {s.grade:.1f} (Flesch-Kincaid), above the "
                f"limit of {limits.page_max:.1f}; {advice}",
            )
        if s.in_short_grade is not None and s.in_short_grade > limits.in_short_max:
            yield Problem(
                s.page.file,
                s.in_short_line,
                f'the "In short" box reads at grade {s.in_short_grade:.1f}, '
                f"above the limit of {limits.in_short_max:.1f}; {advice}",
            )
    if measured:
        median = statistics.median(s.grade for s in measured)
        if median > limits.median_max:
            worst = sorted(measured, key=lambda s: -s.grade)[:3]
            yield Problem(
                "docs/",
                None,
                f"the median reading grade of the {', '.join(limits.sections)} pages is "
                f"{median:.1f}, above the limit of {limits.median_max:.1f}; the hardest are "
                + ", ".join(f"{s.page.file} ({s.grade:.1f})" for s in worst),
            )
