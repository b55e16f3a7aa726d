"""The rules every hand-written page must follow; each rule is a small function that yields problems."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from explainer import copying
from explainer.config import SiteConfig
from explainer.pages import GENERATED_DIRS, Page, meta_line
from explainer.problems import Problem

ROMAN_NUMERALS = re.compile(r"^(?=[MDCLXVI]+$)M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&]*[A-Z](?:s)?)(?![\w-])")
CHART_LINK = re.compile(r"\]\((?P<target>(?:\.\./)*charts/(?P<id>[^/)#.]+)(?:/|\.md)?(?:#[^)]*)?)\)")
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")  # what str.splitlines() splits on
SNIPPETS = ("catalogue.html", "glossary.html", "changes.html", "changes-latest.html", "abbreviations.md")


@dataclass(frozen=True)
class Context:
    """What the page rules need to know about the rest of the site."""

    config: SiteConfig
    valid_charts: frozenset[str]
    invalid_charts: frozenset[str]
    glossary: dict[str, str]
    fingerprint: frozenset[str]
    today: dt.date
    nav_corrections: Mapping[str, str] = field(
        default_factory=dict
    )  # nav entry with a typo -> the page it meant


Rule = Callable[[Page, Context], Iterator[Problem]]


def prose(text: str) -> str:
    """Readable words only: no code, includes, URLs, link targets, HTML tags or attribute lists."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"^--8<--.*$", " ", text, flags=re.M)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<https?://[^>]+>|https?://\S+", " ", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    return re.sub(r"<[^>]+>", " ", text)


def acronyms(text: str) -> set[str]:
    """Upper-case abbreviations in a text (Roman numerals are not acronyms)."""
    return {a for a in ACRONYM.findall(text) if not ROMAN_NUMERALS.match(a)}


def closest(name: str, choices: Iterable[str]) -> str | None:
    """The one choice a typo most likely meant (e.g. 'good-chrat' -> 'good-chart'), or None."""
    found = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.8)
    return found[0] if found else None


def line_of(page: Page, pattern: str, flags: int = re.M) -> int:
    """The file line of the first match of a pattern in the body, or the body's first line."""
    match = re.search(pattern, page.body, flags)
    return page.body_line + page.body[: match.start()].count("\n") if match else page.body_line


def last_line(page: Page) -> int:
    """The file line of the page's last line."""
    return page.body_line + max(len(page.body.splitlines()) - 1, 0)


def title_line(page: Page) -> int:
    """The file line of the page's title (its H1), or the body's first line."""
    return line_of(page, r"^# ")


def section_text(page: Page, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", page.body, re.M | re.S)
    return match.group(1) if match else ""


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------


def front_matter(page: Page, ctx: Context) -> Iterator[Problem]:
    """title and description are present, of a sensible length, and printable by the theme."""
    low, high = ctx.config.pages.description_length
    for key in ("title", "description"):
        value = page.meta.get(key)
        if not value:
            yield Problem(
                page.file, 1, f"front matter has no {key}; add a line '{key}: ...' between the --- lines"
            )
            continue
        if any(ch in str(value) for ch in '<>"&'):
            yield Problem(
                page.file,
                meta_line(page, key),
                f'front matter {key}: contains one of < > " &; write '
                "plain text, with curly quotes \u201c \u201d and 'and' "
                "instead of &",
            )
    description = str(page.meta.get("description") or "")
    if description and not low <= len(description) <= high:
        yield Problem(
            page.file,
            meta_line(page, "description"),
            f"front matter description is {len(description)} characters; write {low} to {high} "
            "(search engines and link previews show it)",
        )


def page_changes(page: Page, ctx: Context) -> Iterator[Problem]:
    """The front matter's changes (shown on the What's changed page and in the feed) each have a real date,
    not in the future, and a summary."""
    changes = page.meta.get("changes")
    if changes is None:
        return
    line = meta_line(page, "changes")
    example = "e.g. '  - date: 2026-11-22' and '    summary: What changed, in a sentence.'"
    if not isinstance(changes, list):
        yield Problem(
            page.file,
            line,
            f"front matter changes: should be a list of entries with a date and a summary, {example}",
        )
        return
    for i, change in enumerate(changes):
        if (
            not isinstance(change, dict)
            or not change.get("date")
            or not str(change.get("summary") or "").strip()
        ):
            yield Problem(
                page.file, line, f"front matter changes[{i}]: needs a date and a summary, {example}"
            )
            continue
        raw = change["date"]
        date = raw if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime) else None
        if date is None:
            try:
                date = dt.date.fromisoformat(str(raw))
            except ValueError:
                yield Problem(
                    page.file,
                    line,
                    f"front matter changes[{i}].date: {raw!r} is not a date; write it as YYYY-MM-DD",
                )
                continue
        if date > ctx.today:
            yield Problem(
                page.file, line, f"front matter changes[{i}].date: {date.isoformat()} is in the future"
            )


def one_heading(page: Page, ctx: Context) -> Iterator[Problem]:
    """Exactly one H1."""
    starts = [m.start() for m in re.finditer(r"^# ", page.body, re.M)]
    if not starts:
        yield Problem(
            page.file, page.body_line, "has no top-level heading; start the page with '# <its title>'"
        )
    elif len(starts) > 1:
        yield Problem(
            page.file,
            page.body_line + page.body[: starts[1]].count("\n"),
            f"has {len(starts)} top-level headings ('# ...'); a page has exactly one "
            "(make the others '## ...')",
        )


def in_short_box(page: Page, ctx: Context) -> Iterator[Problem]:
    """An 'In short' box with exactly the configured number of bullets."""
    title, wanted = ctx.config.pages.in_short_title, ctx.config.pages.in_short_bullets
    box = re.search(rf'^!!! \w+ "{re.escape(title)}"\s*\n((?:[ \t]*\n|    .*\n)+)', page.body, re.M)
    if not box:
        yield Problem(
            page.file,
            title_line(page),
            f'has no "{title}" box; add \'!!! abstract "{title}"\' after the '
            f"title, with {wanted} indented bullets",
        )
        return
    bullets = len(re.findall(r"^    - \S", box.group(1), re.M))
    if bullets != wanted:
        yield Problem(
            page.file,
            line_of(page, rf'^!!! \w+ "{re.escape(title)}"'),
            f'the "{title}" box has {bullets} bullets; it needs exactly {wanted}, each on its own line, '
            "indented four spaces and starting '- '",
        )


def sources_section(page: Page, ctx: Context) -> Iterator[Problem]:
    """A Sources section."""
    heading = ctx.config.pages.sources_heading
    if not re.search(rf"^## {re.escape(heading)}\s*$", page.body, re.M):
        yield Problem(
            page.file,
            last_line(page),
            f"has no '## {heading}' section; end the page with a numbered list of its sources",
        )


def reviewed_line(page: Page, ctx: Context) -> Iterator[Problem]:
    """The 'Last reviewed' line states the front matter's reviewed date, which is a real date not in the
    future."""
    label = ctx.config.pages.reviewed_line
    raw = page.meta.get("reviewed")
    if isinstance(raw, dt.datetime):
        yield Problem(
            page.file,
            meta_line(page, "reviewed"),
            f"front matter reviewed: {raw} is a date and a time; write the date only, as YYYY-MM-DD",
        )
        return
    reviewed = raw if isinstance(raw, dt.date) else None
    if reviewed is None:
        try:
            reviewed = dt.date.fromisoformat(str(raw)) if raw else None
        except ValueError:
            yield Problem(
                page.file,
                meta_line(page, "reviewed"),
                f"front matter reviewed: {raw!r} is not a date; write it as YYYY-MM-DD",
            )
            return
    if reviewed is None:
        yield Problem(page.file, 1, "front matter has no reviewed date; add 'reviewed: YYYY-MM-DD'")
        return
    if reviewed > ctx.today:
        yield Problem(
            page.file,
            meta_line(page, "reviewed"),
            f"front matter reviewed: {reviewed.isoformat()} is in "
            "the future; write the date you last checked the page",
        )
    expected = f"*{label}: {reviewed.day} {reviewed:%B %Y}*"
    match = re.search(rf"^\*{re.escape(label)}: (.*)\*\s*$", page.body, re.M)
    if not match:
        yield Problem(page.file, last_line(page), f"has no review line; end the page with {expected}")
    elif match.group(0).strip() != expected:
        yield Problem(
            page.file,
            line_of(page, rf"^\*{re.escape(label)}:"),
            f"says '{match.group(0).strip()}' but the front matter says reviewed: {reviewed.isoformat()}; "
            f"write {expected} (or correct the front matter)",
        )


def in_navigation(page: Page, ctx: Context) -> Iterator[Problem]:
    """Every page is in the navigation (a page a mistyped nav entry meant is reported once, at the entry).
    """
    path = page.path.as_posix()
    if path not in ctx.config.nav and path not in ctx.nav_corrections.values():
        yield Problem(
            page.file,
            1,
            f"is not in the navigation; add '- {page.title}: {page.path.as_posix()}' under "
            "nav: in mkdocs.yml, in its section",
        )


def includes(page: Page, ctx: Context) -> Iterator[Problem]:
    """Every include names a chart or one of the generated snippets."""
    charts = ctx.valid_charts | ctx.invalid_charts
    for number, chart_id in page.figures:
        if chart_id not in charts:
            meant = closest(chart_id, charts)
            fix = (
                f"did you mean '{meant}'?"
                if meant
                else f"check the id against the file names in {ctx.config.paths.charts}/"
            )
            yield Problem(
                page.file,
                number,
                f"unknown chart id '{chart_id}' (there is no "
                f"{ctx.config.paths.charts}/{chart_id}.json); {fix}",
            )
    for number, name in page.snippets:
        if name not in SNIPPETS:
            yield Problem(
                page.file,
                number,
                f"unknown snippet '{name}'; include a chart as --8<-- \"figures/<chart id>.html\"",
            )


def chart_links(page: Page, ctx: Context) -> Iterator[Problem]:
    """Links to chart pages name charts that exist."""
    charts = ctx.valid_charts | ctx.invalid_charts
    for number, line in page.lines():
        for match in CHART_LINK.finditer(line):
            chart_id = match.group("id")
            if chart_id not in charts:
                meant = closest(chart_id, charts)
                fix = (
                    f"did you mean '{meant}'?"
                    if meant
                    else f"check the id against the file names in {ctx.config.paths.charts}/"
                )
                yield Problem(
                    page.file, number, f"links to the chart page of '{chart_id}', which does not exist; {fix}"
                )


def glossary_terms(page: Page, ctx: Context) -> Iterator[Problem]:
    """Every acronym is defined in the glossary."""
    text = prose(page.body) + " " + page.title + " " + page.description
    for acronym in sorted(acronyms(text) - set(ctx.glossary)):
        yield Problem(
            page.file,
            line_of(page, rf"(?<![\w-]){re.escape(acronym)}(?![\w-])"),
            f"'{acronym}' is not in the glossary; add '*[{acronym}]: <what it stands for>' to "
            f"{ctx.config.paths.abbreviations}",
        )


def required_headings(page: Page, ctx: Context) -> Iterator[Problem]:
    """Pages of some sections have set headings, in order."""
    wanted = ctx.config.pages.required_headings.get(page.section)
    if not wanted or page.is_index:
        return
    headings = [h.strip() for h in re.findall(r"^## (.+?)\s*$", page.body, re.M)]
    missing = [h for h in wanted if h not in headings]
    if missing:
        yield Problem(
            page.file,
            title_line(page),
            f"needs the section(s) {', '.join(repr(h) for h in missing)}; "
            "pages in "
            f"{page.section}/ have: {', '.join(wanted)}",
        )
    elif [h for h in headings if h in wanted] != list(wanted):
        present = [h for h in headings if h in wanted]
        first = next((h for h, w in zip(present, wanted, strict=False) if h != w), present[-1])
        yield Problem(
            page.file,
            line_of(page, rf"^## {re.escape(first)}\s*$"),
            f"has its sections out of order; put them as: {', '.join(wanted)}",
        )


def closing_box(page: Page, ctx: Context) -> Iterator[Problem]:
    """Pages of some sections end with a set box (e.g. where to report or get help)."""
    title = ctx.config.pages.closing_box.get(page.section)
    if not title or page.is_index:
        return
    if not re.search(rf'^(?:!!!|\?\?\?\+?) \w+ "{re.escape(title)}"', page.body, re.M):
        sources = rf"^## {re.escape(ctx.config.pages.sources_heading)}\s*$"
        line = line_of(page, sources) if re.search(sources, page.body, re.M) else last_line(page)
        yield Problem(
            page.file,
            line,
            f'has no "{title}" box; add \'!!! info "{title}"\' before the '
            "Sources, with the services readers can contact",
        )


def own_words(page: Page, ctx: Context) -> Iterator[Problem]:
    """No run of eight words copied from a source document (quotations and titles excepted)."""
    if not ctx.fingerprint:
        return
    text = re.sub(
        rf"^## {re.escape(ctx.config.pages.sources_heading)}\s*$.*?(?=^## |\Z)",
        " ",
        page.body,
        flags=re.M | re.S,
    )
    for number, line in enumerate(text.splitlines(), start=page.body_line):
        runs = copying.copied_runs(line, ctx.fingerprint)
        if runs:
            yield Problem(
                page.file,
                number,
                f'copies a source word for word ("{runs[0]}"); put it in your own '
                "words, or quote it in “ ” and say who said it",
            )


PAGE_RULES: list[Rule] = [
    front_matter,
    page_changes,
    one_heading,
    in_short_box,
    sources_section,
    reviewed_line,
    in_navigation,
    includes,
    chart_links,
    glossary_terms,
    required_headings,
    closing_box,
    own_words,
]


def one_line(problem: Problem) -> Problem:
    """A problem whose message quotes the page (a title, a review line) stays one line, whatever it quotes.
    """
    message = LINE_BREAKS.sub(" ", problem.message)
    return problem if message == problem.message else Problem(problem.file, problem.where, message)


def page_problems(pages: list[Page], ctx: Context) -> Iterator[Problem]:
    """Every rule on every readable page."""
    for page in pages:
        yield from map(one_line, page.problems)
        if page.problems:
            continue
        for rule in PAGE_RULES:
            yield from map(one_line, rule(page, ctx))


def missing_nav_entries(pages: list[Page], config: SiteConfig) -> list[str]:
    """The navigation entries that name no page."""
    known = {p.path.as_posix() for p in pages}
    return [
        entry for entry in config.nav if entry not in known and entry.split("/", 1)[0] not in GENERATED_DIRS
    ]


def nav_corrections(pages: list[Page], config: SiteConfig) -> dict[str, str]:
    """Each navigation entry that names no page -> the page, left out of the navigation, that it likely
    meant."""
    left_out = [p.path.as_posix() for p in pages if p.path.as_posix() not in config.nav]
    meant = {entry: closest(entry, left_out) for entry in missing_nav_entries(pages, config)}
    return {entry: page for entry, page in meant.items() if page}


def navigation_problems(pages: list[Page], config: SiteConfig) -> Iterator[Problem]:
    """Every page the navigation names exists."""
    meant = nav_corrections(pages, config)
    for entry in missing_nav_entries(pages, config):
        fix = f"did you mean '{meant[entry]}'?" if entry in meant else "correct the path or create the page"
        yield Problem("mkdocs.yml", "nav", f"names '{entry}', but there is no docs/{entry}; {fix}")


def unused_datasets(
    pages: list[Page], chart_ids: list[str], config: SiteConfig, all_ids: Iterable[str] = ()
) -> Iterator[Problem]:
    """Every dataset is shown on at least one page. A dataset that a misspelt include meant is reported
    once, at the include; all_ids are the ids of every dataset, valid or not (the valid ones are
    chart_ids)."""
    known = set(all_ids) | set(chart_ids)
    used = {chart_id for page in pages for _, chart_id in page.figures}
    used |= {meant for chart_id in used - known if (meant := closest(chart_id, known))}
    for chart_id in chart_ids:
        if chart_id not in used:
            yield Problem(
                f"{config.paths.charts}/{chart_id}.json",
                "(file)",
                f'is shown on no page; include it in a page with --8<-- "figures/{chart_id}.html"',
            )


def parse_glossary(text: str) -> dict[str, str]:
    """Abbreviation lines '*[NCA]: National Crime Agency' as a dictionary."""
    terms: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"^\*\[([^\]]+)\]:\s*(.+)$", line.strip())
        if match:
            terms.setdefault(match.group(1), match.group(2).strip())
    return terms
