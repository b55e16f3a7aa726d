"""The chart linter: good chart practice as rules, over the dataset and over the drawing vl-convert made.

A chart may break a rule on purpose only with `"exceptions": {"<rule>": "<reason>"}` in its chart block;
the reason is shown to readers beside the chart. Each rule is a small function; DATASET_RULES and
DRAWING_RULES list them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from explainer.config import SiteConfig
from explainer.model import Dataset
from explainer.problems import Problem
from explainer.textfit import text_width

MIN_FONT_PX = 12.0
ELLIPSIS = "…"
# A label's box runs from the font's ascent to its descent (Liberation Sans: 1854 and 434 of 2048 units): the
# line box a browser measures with getBoundingClientRect, so this linter and the browser test
# (tests/test_charts_in_browser.py) see the same boxes. Two boxes may share OVERLAP_TOLERANCE px each way.
ASCENT, DESCENT = 0.905, 0.212
OVERLAP_TOLERANCE = 1.0
SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Finding:
    """A rule broken: the rule's name, where in the dataset, and what to do."""

    rule: str
    where: str
    message: str


DatasetRule = Callable[[Dataset, SiteConfig], Iterator[Finding]]


def period_start(value: object) -> float | None:
    """The start of a period as a number of years: 2021 -> 2021, '2021-22' -> 2021, '2021-06-30' -> 2021.5.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value)
    date = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if date:
        return int(date.group(1)) + (int(date.group(2)) - 1) / 12 + (int(date.group(3)) - 1) / 365
    period = re.fullmatch(r"(?:year ending \w+ )?(\d{4})(?:\s*(?:-|–|/|to)\s*\d{2,4})?", text, re.I)
    return float(period.group(1)) if period else None


# ---------------------------------------------------------------------------
# Rules over the dataset
# ---------------------------------------------------------------------------


def even_time_steps(ds: Dataset, config: SiteConfig) -> Iterator[Finding]:
    """Grouped and stacked bars draw their categories evenly spaced: if those are periods, the gaps between
    them must be equal, or a gap of years would look like a single step. (Plain bars and lines place
    periods by time.)"""
    chart = ds.doc["chart"]
    if ds.kind not in ("grouped-bar", "stacked-bar") or "x" not in chart:
        return
    starts = [period_start(r.get(chart["x"])) for r in ds.doc["records"]]
    if any(s is None for s in starts):
        return  # categories that are not periods
    times = sorted({s for s in starts if s is not None})
    steps = {round(b - a, 3) for a, b in pairwise(times)}
    if len(steps) > 1:
        periods = ", ".join(dict.fromkeys(str(r.get(chart["x"])) for r in ds.doc["records"]))
        yield Finding(
            "even-time-steps",
            "chart.x",
            f"'{chart['x']}' holds periods with unequal gaps ({periods}), "
            "which grouped or stacked bars would hide; fill the missing periods, or draw each series as "
            "its own bar or line chart (they place periods by time)",
        )


def unit_shown(ds: Dataset, config: SiteConfig) -> Iterator[Finding]:
    """The measured field says its unit (in 'unit', or a % or £ it is shown with), so axis and labels can
    show it."""
    chart = ds.doc["chart"]
    channel = "x" if ds.kind in ("ranked-bar", "comparison") else "y"
    if ds.kind in ("table", "timeline") or channel not in chart:
        return
    spec = ds.field(chart[channel])  # type: ignore[literal-required]
    if spec["type"] == "percent" or spec.get("unit") or spec.get("prefix") or spec.get("suffix"):
        return
    index = next(i for i, f in enumerate(ds.doc["fields"]) if f["name"] == spec["name"])
    yield Finding(
        "unit-shown",
        f"fields[{index}]",
        f"field '{spec['name']}' is drawn but has no unit; add \"unit\" "
        '(e.g. "people"), or a "prefix" or "suffix" such as £ or %',
    )


def highlight_explained(ds: Dataset, config: SiteConfig) -> Iterator[Finding]:
    """A highlighted bar's meaning is stated in the subtitle: which one, and that it is highlighted."""
    chosen = ds.doc["chart"].get("highlight")
    if not chosen:
        return
    ((_, value),) = chosen.items()
    subtitle = ds.doc["subtitle"]
    if str(value) not in subtitle or not re.search(r"highlight|picked out", subtitle, re.I):
        yield Finding(
            "highlight-explained",
            "subtitle",
            f'the chart highlights {value} but the subtitle does not say so; add e.g. "{value} highlighted" '
            'with why, e.g. "(highlighted: the peak)"',
        )


# No more series than the palette has colours: the dataset check enforces it (dataset.series_count, with the
# palette's
# size as its limit), so it is not repeated here.
DATASET_RULES: list[DatasetRule] = [even_time_steps, unit_shown, highlight_explained]


def exceptions(ds: Dataset) -> dict[str, str]:
    return dict(ds.doc["chart"].get("exceptions") or {})


def spec_problems(ds: Dataset, label: str, config: SiteConfig) -> list[Problem]:
    """Problems from the dataset-level chart rules, less those the dataset excepts with a reason."""
    allowed = exceptions(ds)
    known = {rule.__name__.replace("_", "-") for rule in DATASET_RULES} | set(DRAWING_RULE_NAMES)
    out = [
        Problem(
            label,
            f"chart.exceptions.{name}",
            f"'{name}' is not a chart rule; rules are: {', '.join(sorted(known))}",
        )
        for name in allowed
        if name not in known
    ]
    for rule in DATASET_RULES:
        for finding in rule(ds, config):
            if finding.rule not in allowed:
                out.append(Problem(label, finding.where, f"{finding.message} (chart rule '{finding.rule}')"))
    return out


# ---------------------------------------------------------------------------
# Rules over the drawing (vl-convert's SVG, before it is made accessible)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """One text element of a drawing, with its box in SVG pixels."""

    text: str
    size: float
    left: float
    top: float
    right: float
    bottom: float


def _translation(transform: str | None) -> tuple[float, float]:
    match = re.search(r"translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)", transform or "")
    return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)


def labels(svg: str) -> tuple[list[Label], float, float]:
    """Every text element's box (from the font's own metrics), and the drawing's width and height."""
    root = ET.fromstring(svg)  # noqa: S314 - vl-convert's own output, not untrusted input
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    found: list[Label] = []

    def walk(element: ET.Element, dx: float, dy: float) -> None:
        if element.get("opacity") == "0" or element.get("display") == "none":
            return  # hidden, e.g. an axis label Vega dropped because it would overlap another
        ox, oy = _translation(element.get("transform"))
        dx, dy = dx + ox, dy + oy
        if element.tag == f"{SVG}text":
            if "rotate(" in (element.get("transform") or ""):
                return  # rotated axis titles: measured by the browser test, not here
            size = float(re.sub(r"px$", "", element.get("font-size", "12")))
            bold = element.get("font-weight") in ("bold", "700")
            spans = list(element.iter(f"{SVG}tspan"))
            lines = [t.text or "" for t in spans] or [element.text or ""]
            steps = [float(t.get("dy", "0")) for t in spans[1:]]
            w = max(text_width(line, size, bold) for line in lines)
            anchor = element.get("text-anchor", "start")
            x = dx + float(element.get("x", "0"))
            y = dy + float(element.get("y", "0")) + float(element.get("dy", "0") or 0)
            left = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
            top = y - ASCENT * size
            bottom = y + sum(steps) + DESCENT * size
            found.append(Label(" ".join(lines), size, left, top, left + w, bottom))
            return
        for child in element:
            walk(child, dx, dy)

    walk(root, 0.0, 0.0)
    return found, width, height


def no_ellipsis(found: list[Label], width: float, height: float) -> Iterator[str]:
    for label in found:
        if ELLIPSIS in label.text:
            yield f'label "{label.text}" is cut short; the generator should wrap it (report this as a bug)'


def readable_text(found: list[Label], width: float, height: float) -> Iterator[str]:
    for label in found:
        if label.size < MIN_FONT_PX:
            yield f'text "{label.text}" is {label.size:g} px; charts use at least {MIN_FONT_PX:g} px'


def true_minus(found: list[Label], width: float, height: float) -> Iterator[str]:
    for label in found:
        if re.search(r"(?<![\w])-\d", label.text):
            yield (
                f'"{label.text}" uses a hyphen for a minus sign; negative numbers are written with − (U+2212)'
            )


def inside_drawing(found: list[Label], width: float, height: float) -> Iterator[str]:
    for label in found:
        if label.left < -0.5 or label.right > width + 0.5 or label.top < -2 or label.bottom > height + 2:
            yield (
                f'label "{label.text}" runs outside the chart ({width:g} × {height:g} px); '
                "shorten it, or report it if the label is one the engine made"
            )


def no_overlap(found: list[Label], width: float, height: float) -> Iterator[str]:
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            dx = min(a.right, b.right) - max(a.left, b.left)
            dy = min(a.bottom, b.bottom) - max(a.top, b.top)
            if dx > OVERLAP_TOLERANCE and dy > OVERLAP_TOLERANCE:
                yield (
                    f'labels "{a.text}" and "{b.text}" overlap; shorten them, show fewer categories, '
                    "or use a kind that gives labels more room (ranked-bar for long names)"
                )


DrawingRule = Callable[[list[Label], float, float], Iterator[str]]
DRAWING_RULES: dict[str, DrawingRule] = {
    "no-ellipsis": no_ellipsis,
    "readable-text": readable_text,
    "true-minus": true_minus,
    "inside-drawing": inside_drawing,
    "no-overlap": no_overlap,
}
DRAWING_RULE_NAMES = tuple(DRAWING_RULES)


def drawing_problems(ds: Dataset, label: str, drawings: dict[str, str]) -> list[Problem]:
    """Problems in the drawings of a chart (by variant name: 'page width', 'phone width', 'download')."""
    allowed = exceptions(ds)
    out = []
    for variant, svg in drawings.items():
        found, width, height = labels(svg)
        for name, rule in DRAWING_RULES.items():
            if name in allowed:
                continue
            for message in dict.fromkeys(rule(found, width, height)):
                out.append(Problem(label, f"chart ({variant})", f"{message} (chart rule '{name}')"))
    return out
