"""The site's configuration, typed: MkDocs' own keys plus the `extra: explainer:` block, over the package
defaults."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

import yaml

from explainer import schemas
from explainer.problems import ConfigError, Problem

DEFAULTS = Path(__file__).resolve().parent / "defaults.yml"
CONFIG_FILE = "mkdocs.yml"
# What to type, for the patterns of the configuration schema (the schema messages show the pattern otherwise).
PATTERN_HINTS = {
    "^#[0-9a-fA-F]{6}$": "a colour written as # and six hexadecimal digits, e.g. #12436d",
    "^[a-z0-9]+(-[a-z0-9]+)*$": "lower-case letters, digits and single hyphens, e.g. my-explainer",
    "^([a-z0-9-]+/)*[a-z0-9-]+\\.md$": (
        "the path of a page under docs/, ending in .md, e.g. about/glossary.md"
    ),
}


@dataclass(frozen=True)
class Section:
    """A top-level folder under docs/ and how readers see it."""

    path: str
    label: str


@dataclass(frozen=True)
class Licence:
    """A licence a dataset may carry."""

    id: str
    name: str
    url: str


@dataclass(frozen=True)
class DarkPalette:
    """Colours for the dark scheme; each replaces its light-scheme counterpart."""

    categorical: tuple[str, ...]
    one_series: str
    highlight: str
    ink: str
    muted: str
    axis: str
    grid: str
    link: str
    background: str


@dataclass(frozen=True)
class Palette:
    """Chart colours (light scheme) and their dark-scheme replacements."""

    categorical: tuple[str, ...]
    two_series: tuple[str, ...]
    one_series: str
    highlight: str
    ink: str
    muted: str
    axis: str
    grid: str
    link: str
    background: str
    dark: DarkPalette

    def series(self, count: int) -> list[str]:
        """The colours for a chart with this many series."""
        return list(self.two_series) if count == 2 else list(self.categorical[: max(count, 1)])

    def dark_pairs(self) -> dict[str, str]:
        """Light colour -> dark colour, for every colour that changes with the scheme."""
        pairs = dict(zip(self.categorical, self.dark.categorical[: len(self.categorical)], strict=True))
        pairs.update(
            {
                self.one_series: self.dark.one_series,
                self.highlight: self.dark.highlight,
                self.ink: self.dark.ink,
                self.axis: self.dark.axis,
                self.grid: self.dark.grid,
            }
        )
        return {light.lower(): dark.lower() for light, dark in pairs.items() if light.lower() != dark.lower()}


ColoursT = TypeVar("ColoursT", Palette, DarkPalette)


@dataclass(frozen=True)
class Paths:
    """Where the site's files are, relative to mkdocs.yml (pages relative to docs/)."""

    charts: str
    abbreviations: str
    catalogue: str
    changes: str
    glossary: str
    help: str
    fingerprint: str


@dataclass(frozen=True)
class PageRules:
    """The shape every hand-written page must have."""

    in_short_title: str
    in_short_bullets: int
    sources_heading: str
    reviewed_line: str
    description_length: tuple[int, int]
    required_headings: Mapping[str, tuple[str, ...]]
    closing_box: Mapping[str, str]


@dataclass(frozen=True)
class Readability:
    """Reading-grade limits (Flesch-Kincaid) for the pages of some sections."""

    sections: tuple[str, ...]
    median_max: float
    page_max: float
    in_short_max: float


@dataclass(frozen=True)
class SiteConfig:
    """Everything the engine needs to know about one site."""

    root: Path
    name: str
    url: str
    description: str
    docs_dir: Path
    nav: tuple[str, ...]
    citation_prefix: str
    data_package_name: str
    home_label: str
    sections: tuple[Section, ...]
    paths: Paths
    licences: Mapping[str, Licence]
    site_licence: str
    palette: Palette
    pages: PageRules
    readability: Readability
    named_numbers: tuple[str, ...]
    strings: Mapping[str, str]
    redirects: Mapping[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        """The path prefix of every page, e.g. '/' or '/explainer/'."""
        return re.sub(r"^https?://[^/]+", "", self.url) or "/"

    @property
    def charts_dir(self) -> Path:
        return self.root / self.paths.charts

    def absolute(self, path: str) -> str:
        """A site-relative path as a full URL."""
        return self.url + path.lstrip("/")

    def section_label(self, page_path: str) -> str:
        """The reader's name for the section a page (path under docs/) belongs to."""
        top = page_path.split("/", 1)[0] if "/" in page_path else ""
        return next((s.label for s in self.sections if s.path == top), self.home_label)


# ---------------------------------------------------------------------------
# Reading mkdocs.yml
# ---------------------------------------------------------------------------


class _IgnoreTags(yaml.SafeLoader):
    """YAML loader that reads MkDocs' !! and ! tags (e.g. !!python/name:) as null instead of failing."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def yaml_fix(reason: str, line: str) -> str | None:
    """The fix for the usual YAML mistake, a value that holds ': ' (title: Fraud: the numbers), or None."""
    key, sep, value = line.partition(": ")
    if (
        "mapping values are not allowed" not in reason
        or not sep
        or ": " not in value
        or not re.fullmatch(r"\s*[A-Za-z_][\w-]*", key)
    ):
        return None
    quoted = value.strip().replace("'", "''")
    return f"the value of {key.strip()} holds ': '; put the value in single quotes: {key.strip()}: '{quoted}'"


def read_yaml(path: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data; ConfigError (naming the line) if it is not valid YAML or not key: value
    lines."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8"
        raise ConfigError([Problem(CONFIG_FILE, line, message)]) from None
    try:
        data = yaml.load(text, Loader=_IgnoreTags)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        lines = text.splitlines()
        fix = yaml_fix(reason, lines[line - 1] if 0 < line <= len(lines) else "")
        message = (
            f"is not valid YAML: {fix}"
            if fix
            else f"is not valid YAML ({reason}); check the indentation and the colons near this line"
        )
        raise ConfigError([Problem(CONFIG_FILE, line, message)]) from None
    if not isinstance(data, dict):
        raise ConfigError(
            [Problem(CONFIG_FILE, 1, "must be key: value lines: site_name:, site_url:, nav: ...")]
        )
    return data


def schema_sentence(message: str) -> str:
    """A schema message with any pattern replaced by what to type."""
    for pattern, hint in PATTERN_HINTS.items():
        message = message.replace(f"expected the pattern {pattern}", f"expected {hint}")
    return message


def nav_pages(nav: Any) -> Iterator[str]:
    """Every page path named in a MkDocs nav, in order."""
    if isinstance(nav, list):
        for item in nav:
            yield from nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)
    elif isinstance(nav, str) and not re.match(r"^[a-z]+://", nav):
        yield nav


def merged(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep merge: mappings merge key by key; anything else in override replaces base."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def load(root: Path) -> SiteConfig:
    """The configuration of the site whose mkdocs.yml is in root; ConfigError lists every problem."""
    raw = read_yaml(root / CONFIG_FILE)
    if not isinstance(raw.get("extra") or {}, dict):
        raise ConfigError(
            [
                Problem(
                    CONFIG_FILE,
                    "extra",
                    "must be key: value lines, with the engine's settings under explainer:",
                )
            ]
        )
    extra = (raw.get("extra") or {}).get("explainer") or {}
    found = [
        Problem(
            CONFIG_FILE,
            f"extra.explainer.{path}" if path != "(top level)" else "extra.explainer",
            schema_sentence(message),
        )
        for path, message in schemas.problems(schemas.CONFIG, extra)
    ]
    wanted = {
        "site_name": "missing; add 'site_name: <the site's name>', e.g. site_name: Knife crime explained",
        "site_url": "missing; add 'site_url: <the site's full address>', "
        "e.g. site_url: https://example.org/explainer/",
    }
    for key, message in wanted.items():
        if not isinstance(raw.get(key), str) or not raw.get(key):
            found.append(Problem(CONFIG_FILE, key, message))
    url = raw.get("site_url")
    if isinstance(url, str) and url and not url.startswith(("https://", "http://")):
        found.append(
            Problem(
                CONFIG_FILE,
                "site_url",
                f"'{url}' is not a full address; write it with https://, e.g. https://example.org/explainer/",
            )
        )
    if found:
        raise ConfigError(found)
    settings = merged(yaml.safe_load(DEFAULTS.read_text(encoding="utf-8")), extra)
    config = _build(root, raw, settings)
    found = list(_consistency_problems(config))
    if found:
        raise ConfigError(found)
    return config


def colours(kind: type[ColoursT], block: dict[str, Any], **given: Any) -> ColoursT:
    """A palette from its configuration block: each field by name, lists of colours as tuples."""
    values: dict[str, Any] = {
        f.name: tuple(block[f.name]) if isinstance(block[f.name], list) else block[f.name]
        for f in fields(kind)
        if f.name not in given
    }
    return kind(**values, **given)


def _build(root: Path, raw: dict[str, Any], s: dict[str, Any]) -> SiteConfig:
    palette, dark = s["palette"], s["palette"]["dark"]
    pages, readability = s["pages"], s["readability"]
    redirects: dict[str, str] = next(
        (
            p["redirects"].get("redirect_maps", {})
            for p in raw.get("plugins") or []
            if isinstance(p, dict) and isinstance(p.get("redirects"), dict)
        ),
        {},
    )
    return SiteConfig(
        root=root,
        name=raw["site_name"],
        url=raw["site_url"].rstrip("/") + "/",
        description=str(raw.get("site_description") or ""),
        docs_dir=root / str(raw.get("docs_dir") or "docs"),
        nav=tuple(nav_pages(raw.get("nav") or [])),
        citation_prefix=s["citation_prefix"],
        data_package_name=s["data_package_name"],
        home_label=s["home_label"],
        sections=tuple(Section(**section) for section in s["sections"]),
        paths=Paths(**s["paths"]),
        licences={key: Licence(key, value["name"], value["url"]) for key, value in s["licences"].items()},
        site_licence=s["site_licence"],
        palette=colours(Palette, palette, dark=colours(DarkPalette, dark)),
        pages=PageRules(
            in_short_title=pages["in_short_title"],
            in_short_bullets=pages["in_short_bullets"],
            sources_heading=pages["sources_heading"],
            reviewed_line=pages["reviewed_line"],
            description_length=(pages["description_length"][0], pages["description_length"][1]),
            required_headings={k: tuple(v) for k, v in pages["required_headings"].items()},
            closing_box=dict(pages["closing_box"]),
        ),
        readability=Readability(
            sections=tuple(readability["sections"]),
            median_max=readability["median_max"],
            page_max=readability["page_max"],
            in_short_max=readability["in_short_max"],
        ),
        named_numbers=tuple(s["claims"]["named_numbers"]),
        strings=dict(s["strings"]),
        redirects=dict(redirects),
    )


def _consistency_problems(config: SiteConfig) -> Iterator[Problem]:
    """Checks across keys that a schema cannot express."""
    where = "extra.explainer"
    if config.site_licence not in config.licences:
        yield Problem(
            CONFIG_FILE,
            f"{where}.site_licence",
            f"'{config.site_licence}' is not one of the licences: {', '.join(config.licences)}; use one of "
            f"them, or define it under {where}.licences",
        )
    if len(config.palette.dark.categorical) < len(config.palette.categorical):
        yield Problem(
            CONFIG_FILE,
            f"{where}.palette.dark.categorical",
            f"needs a dark colour for each of the {len(config.palette.categorical)} categorical colours",
        )
    for i, section in enumerate(config.sections):
        if not (config.docs_dir / section.path).is_dir():
            yield Problem(
                CONFIG_FILE,
                f"{where}.sections[{i}].path",
                f"there is no folder docs/{section.path}/; correct the path or create the folder",
            )
    for key in ("catalogue", "changes", "glossary"):
        page = getattr(config.paths, key)
        if not (config.docs_dir / page).is_file():
            yield Problem(
                CONFIG_FILE,
                f"{where}.paths.{key}",
                f"there is no page docs/{page}; correct the path or create the page",
            )
