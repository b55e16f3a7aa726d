"""The site's hand-written pages: front matter (read as MkDocs reads it), body, and the charts and snippets
they include."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.meta import YAML_RE

from explainer.config import yaml_fix
from explainer.problems import Problem

INCLUDE = re.compile(r'^--8<--\s+"(?P<name>[^"]+)"\s*$')
INCLUDE_START = re.compile(r"^\s*--8<--")
FIGURE = re.compile(r"^figures/(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.html$")
GENERATED_DIRS = ("charts", "cards")  # folders under docs/ that the engine writes
YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Page:
    """One Markdown page under docs/."""

    path: Path  # relative to docs/
    text: str  # the whole file
    meta: dict[str, Any]  # front matter
    body: str  # everything after the front matter
    body_line: int  # line number (1-based) of the body's first line in the file
    figures: list[tuple[int, str]] = field(default_factory=list)  # (line, chart id)
    snippets: list[tuple[int, str]] = field(default_factory=list)  # (line, snippet name)
    problems: list[Problem] = field(default_factory=list)  # what stopped it being read properly

    @property
    def file(self) -> str:
        """How messages name the page: docs/<path>."""
        return f"docs/{self.path.as_posix()}"

    @property
    def title(self) -> str:
        h1 = re.search(r"^# (.+)$", self.body, re.M)
        return str(self.meta.get("title") or (h1.group(1) if h1 else self.path.stem))

    @property
    def description(self) -> str:
        return str(self.meta.get("description") or "")

    @property
    def section(self) -> str:
        """The top-level folder the page is in, or '' for pages at the top."""
        return self.path.parts[0] if len(self.path.parts) > 1 else ""

    @property
    def is_index(self) -> bool:
        return self.path.name == "index.md"

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs: topic/page.md -> topic/page/."""
        stem = self.path.with_suffix("").as_posix()
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def lines(self) -> list[tuple[int, str]]:
        """The body's lines with their line numbers in the file."""
        return list(enumerate(self.body.splitlines(), start=self.body_line))


def yaml_advice(reason: str, text: str, line: int) -> str:
    """What to do about a YAML error in the front matter (the usual one, a value holding ': ', spelled
    out)."""
    lines = text.splitlines()
    fix = yaml_fix(reason, lines[line - 1] if 0 < line <= len(lines) else "")
    if fix:
        return f"front matter is not valid YAML: {fix}"
    return f"front matter is not valid YAML ({reason}); write it as key: value lines between two --- lines"


def real_dates(text: str) -> bool:
    """True if every YYYY-MM-DD in a line is a real date."""
    try:
        for found in re.findall(r"\b(\d{4})-(\d\d?)-(\d\d?)\b", text):
            dt.date(*map(int, found))
    except ValueError:
        return False
    return True


def meta_line(page: Page, key: str) -> int:
    """The file line of a front matter key ('title: ...'), or 1 (the opening ---) if it is not there."""
    for number, line in enumerate(page.text.splitlines()[1 : page.body_line - 1], start=2):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return number
    return 1


def split_front_matter(text: str, file: str) -> tuple[dict[str, Any], str, int, list[Problem]]:
    """Front matter, body, the body's first line number, and any problem; the block is found exactly as
    MkDocs finds it."""
    match = YAML_RE.match(text)
    if not match:
        return {}, text, 1, []
    body_line = text[: match.end()].count("\n") + 1
    try:
        meta = yaml.load(match.group(1), Loader=YAML_LOADER)  # noqa: S506 - a safe loader (libyaml when present)
    except (ValueError, TypeError, OverflowError) as error:  # a value YAML reads as a date that is not one
        line = next(
            (
                number
                for number, text in enumerate(match.group(1).splitlines(), start=2)
                if re.search(r"\b\d{4}-\d\d?-\d\d?\b", text) and not real_dates(text)
            ),
            1,
        )
        return (
            {},
            text[match.end() :],
            body_line,
            [
                Problem(
                    file,
                    line,
                    f"front matter has a date that is not a real date ({error}); write it as YYYY-MM-DD",
                )
            ],
        )
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the opening ---
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return {}, text[match.end() :], body_line, [Problem(file, line, yaml_advice(reason, text, line))]
    if not isinstance(meta, dict):
        return (
            {},
            text[match.end() :],
            body_line,
            [Problem(file, 2, "front matter must be key: value lines, e.g. title: My page")],
        )
    return meta, text[match.end() :], body_line, []


def read_page(docs_dir: Path, path: Path) -> Page:
    """Read one page and find its includes."""
    rel = path.relative_to(docs_dir)
    file = f"docs/{rel.as_posix()}"
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = Problem(
            file,
            raw[: error.start].count(b"\n") + 1,
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
        )
        return Page(rel, "", {}, "", 1, problems=[bad])
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # universal newlines, as read_text() reads them
    meta, body, body_line, problems = split_front_matter(text, file)
    page = Page(rel, text, meta, body, body_line, problems=problems)
    for number, line in page.lines():
        if not INCLUDE_START.match(line):
            continue
        match = INCLUDE.match(line.strip())
        if not match:
            page.problems.append(
                Problem(
                    file,
                    number,
                    'include is not closed; write it on one line as --8<-- "figures/<chart id>.html"',
                )
            )
            continue
        figure = FIGURE.match(match.group("name"))
        if figure:
            page.figures.append((number, figure.group("id")))
        else:
            page.snippets.append((number, match.group("name")))
    return page


def hand_written_pages(docs_dir: Path) -> list[Page]:
    """Every page a person wrote (generated chart pages excluded), sorted by path."""
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir)
        if rel.parts[0] in GENERATED_DIRS:
            continue
        pages.append(read_page(docs_dir, path))
    return pages
