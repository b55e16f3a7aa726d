"""The site's hand-written pages: their titles, URLs and the chart figures they include."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

INCLUDE = re.compile(r'^--8<--\s+"([^"]+)"\s*$')
FIGURE = re.compile(r"^figures/([^/]+)\.html$")
GENERATED_SNIPPETS = {"catalogue.html", "glossary.html", "changes.html", "overdue.html", "abbreviations.md"}
GENERATED_DIRS = ("charts", "cards")


@dataclass
class Page:
    """One Markdown page under docs/."""

    path: Path          # relative to docs/
    title: str
    description: str
    meta: dict
    figures: list[tuple[int, str]] = field(default_factory=list)   # (line number, chart id)
    snippets: list[tuple[int, str]] = field(default_factory=list)  # (line number, snippet path)

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs: threats/fraud.md -> threats/fraud/."""
        stem = self.path.with_suffix("").as_posix()
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    @property
    def section(self) -> str:
        top = self.path.parts[0] if len(self.path.parts) > 1 else ""
        return {"threats": "Threats", "responses": "Responses", "proposals": "Proposals",
                "data": "Data", "about": "About"}.get(top, "Home")


YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same result, several times faster


def split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            meta = yaml.load(text[4:end], Loader=YAML_LOADER) or {}
            return (meta if isinstance(meta, dict) else {}), text[end + 5:]
    return {}, text


def read_page(docs_dir: Path, path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    meta, body = split_front_matter(text)
    offset = text[: len(text) - len(body)].count("\n")
    h1 = re.search(r"^# (.+)$", body, re.M)
    page = Page(path.relative_to(docs_dir), str(meta.get("title") or (h1.group(1) if h1 else path.stem)),
                str(meta.get("description", "")), meta)
    for number, line in enumerate(body.splitlines(), start=offset + 1):
        match = INCLUDE.match(line.strip())
        if not match:
            continue
        figure = FIGURE.match(match.group(1))
        if figure:
            page.figures.append((number, figure.group(1)))
        else:
            page.snippets.append((number, match.group(1)))
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


def include_problems(pages: list[Page], chart_ids: set[str]) -> list[str]:
    """One line per include that names a chart or snippet that does not exist, or front matter the theme can't print safely."""
    problems = []
    for page in pages:
        for key in ("title", "description"):
            value = str(page.meta.get(key, ""))
            if any(ch in value for ch in '<>"&'):
                problems.append(f"docs/{page.path.as_posix()}: front matter {key}: contains one of < > \" &; "
                                "write plain text, with curly quotes \u201c \u201d and 'and' instead of &")
        for number, chart_id in page.figures:
            if chart_id not in chart_ids:
                problems.append(f"docs/{page.path.as_posix()}:{number}: unknown chart id '{chart_id}' (there is no charts/{chart_id}.json)")
        for number, name in page.snippets:
            if name not in GENERATED_SNIPPETS:
                problems.append(f"docs/{page.path.as_posix()}:{number}: unknown snippet '{name}'; include a chart as --8<-- \"figures/<chart id>.html\"")
    return problems
