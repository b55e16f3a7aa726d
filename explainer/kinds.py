"""Chart kinds: one function per kind, each turning a dataset into an Altair chart at a given width.

Honest and legible by construction: bars start at zero; periods are placed on a time scale, so a gap in the
years shows as a gap; labels are wrapped with the font's own metrics, never cut; value labels that would
collide are left to the table; negative numbers carry a true minus sign; several lines are labelled at
their ends, not in a legend.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import altair as alt

from explainer import theme
from explainer.chart_rules import period_start
from explainer.config import Palette
from explainer.formatting import format_value
from explainer.model import Dataset, FieldSpec
from explainer.textfit import text_width, wrap

LINE_HEIGHT = 1.25  # multiple of the font size between lines of a wrapped label
BAR_THICKNESS = 26  # px, horizontal bars
ROW_GAP = 14  # px between rows of horizontal bars and timeline events
DOT = 11  # px, timeline dots' diameter
VALUE_GAP = 6  # px between a bar's end and its value label
LABEL_CLEARANCE = 4  # px between a value label below a bar and the axis line
ABOVE_SHARE = 0.34  # horizontal bars put their labels above the bar when the longest needs more of the width
# Channels made as objects, not shorthand strings: Altair validates shorthand against the schema each time
# (slow).
TIP = alt.Description(field="__tip", type="nominal")
# Data by name, added to the spec at the end: Altair deep-copies a chart (and any inline data) at every step.
ROWS = alt.NamedData(name="rows")
ENDS = alt.NamedData(name="ends")
LABEL = alt.Text(field="__label", type="nominal")


@dataclass(frozen=True)
class Plot:
    """A chart and the named data it draws."""

    chart: alt.TopLevelMixin
    data: dict[str, list[dict[str, Any]]]

    def spec(self, validate: bool = False) -> dict[str, Any]:
        """The Vega-Lite spec, with the data in place."""
        spec: dict[str, Any] = self.chart.to_dict(validate=validate)
        spec["datasets"] = self.data
        return spec


@dataclass(frozen=True)
class Canvas:
    """Where a chart is drawn: its total width in px, the palette, and whether it is the phone drawing."""

    width: int
    palette: Palette

    @property
    def narrow(self) -> bool:
        return self.width < theme.WIDTH

    @property
    def height(self) -> int:
        return theme.HEIGHT if not self.narrow else int(theme.HEIGHT * 0.82)


# ---------------------------------------------------------------------------
# Helpers shared by the kinds
# ---------------------------------------------------------------------------


def axis_title(ds: Dataset, name: str) -> str:
    """A field's title with its unit, unless the title already says it."""
    spec = ds.field(name)
    unit = spec.get("unit")
    return (
        f"{spec['title']} ({unit})" if unit and unit.lower() not in spec["title"].lower() else spec["title"]
    )


def value_name(ds: Dataset) -> str | None:
    """The field whose numbers the chart draws."""
    chart = ds.doc["chart"]
    if ds.kind in ("ranked-bar", "comparison"):
        return chart["x"]
    if ds.kind in ("timeline", "table"):
        return None
    return chart["y"]


def rows(ds: Dataset) -> list[dict[str, Any]]:
    """Records with '__label' (the value as shown), '__tip' (every field, for tooltips), '__order' and
    '__highlight'."""
    name = value_name(ds)
    chosen = ds.doc["chart"].get("highlight") or {}
    out = []
    for i, record in enumerate(ds.doc["records"]):
        row: dict[str, Any] = {k: v for k, v in record.items() if k != "source"}
        row["__order"] = i
        row["__label"] = format_value(record.get(name), ds.field(name)) if name else ""
        row["__tip"] = "; ".join(
            f"{f['title']}: {format_value(record.get(f['name']), f)}" for f in ds.doc["fields"]
        )
        row["__highlight"] = any(record.get(k) == v for k, v in chosen.items())
        out.append(row)
    return out


def nice_ceiling(value: float) -> float:
    """The next 'nice' number at or above value (1, 2, 2.5, 5 times a power of ten)."""
    if value <= 0:
        return 0.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(
        step * power
        for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 10)
        if step * power >= value * 0.999999
    )


def value_domain(values: list[float]) -> list[float]:
    """A domain that always includes zero and ends on nice numbers."""
    low, high = min([0.0, *values]), max([0.0, *values])
    return [-nice_ceiling(-low) if low < 0 else 0.0, nice_ceiling(high) if high > 0 else 0.0]


def room_below(lowest: float, high: float, height: float) -> float:
    """The lower end of a value axis that keeps the value label under the lowest (negative) bar inside the
    plot, clear of the axis line and the category labels beneath it."""
    share = (VALUE_GAP + theme.LABEL_SIZE * LINE_HEIGHT + LABEL_CLEARANCE) / height
    return -nice_ceiling(-(lowest - share * high) / (1 - share))


def colour(ds: Dataset, canvas: Canvas) -> Any:
    """One colour, with the highlight colour for the records the dataset picks out."""
    if not ds.doc["chart"].get("highlight"):
        return alt.ColorValue(value=canvas.palette.one_series)
    return alt.ColorValue(
        value=canvas.palette.one_series,
        condition={"test": "datum.__highlight", "value": canvas.palette.highlight},
    )


def series_scale(ds: Dataset, canvas: Canvas) -> alt.Scale:
    name = ds.doc["chart"]["series"]
    domain = list(dict.fromkeys(r[name] for r in ds.doc["records"]))
    return alt.Scale(domain=domain, range=canvas.palette.series(len(domain)))


def series_colour(ds: Dataset, canvas: Canvas, key: alt.Legend | None = None) -> alt.Color:
    """One palette colour per series, in the order the series first appear; a legend only if given."""
    series = ds.doc["chart"]["series"]
    return alt.Color(field=series, type="nominal", scale=series_scale(ds, canvas), legend=key)


def category_order(ds: Dataset, name: str) -> list[Any]:
    return list(dict.fromkeys(r[name] for r in ds.doc["records"]))


def legend(ds: Dataset, plot_width: float) -> alt.Legend:
    """A legend on top, in one row when it fits the width, else one entry per line."""
    names = [str(v) for v in category_order(ds, ds.doc["chart"]["series"])]
    row = sum(text_width(n, theme.LABEL_SIZE) + 34 for n in names)
    return alt.Legend(orient="top", columns=len(names) if row <= plot_width else 1, labelLimit=0)


def time_axis(ds: Dataset, name: str) -> tuple[list[float], dict[float, str]] | None:
    """If every value of a category field is a period (a year, 'YYYY-YY', a date), their positions on a
    time scale and the label each position shows; else None."""
    spec = ds.field(name)
    if spec["type"] == "string" and ds.kind != "bar" and ds.kind != "line":
        return None
    starts = [period_start(r.get(name)) for r in ds.doc["records"]]
    if any(s is None for s in starts):
        return None
    positions = [float(s) for s in starts if s is not None]
    if len(set(positions)) != len(positions):
        return None
    labels = {
        p: (str(r.get(name)) if spec["type"] != "date" else format_value(r.get(name), spec))
        for p, r in zip(positions, ds.doc["records"], strict=True)
    }
    return positions, labels


def label_expression(labels: dict[float, str]) -> str:
    """A Vega expression showing each position's own label (and nothing between them)."""
    expression = "''"
    for position, label in sorted(labels.items(), reverse=True):
        escaped = label.replace("\\", "\\\\").replace("'", "\\'")
        expression = f"abs(datum.value - {position!r}) < 0.001 ? '{escaped}' : {expression}"
    return expression


def wrapped(text: str, width: float, size: float = theme.LABEL_SIZE, bold: bool = False) -> str:
    return "\n".join(wrap(text, width, size, bold))


def mark(
    kind: Any, encoding: dict[str, Any], data: alt.NamedData = ROWS, where: str | None = None, **props: Any
) -> alt.Chart:
    """One layer, made in a single constructor call (Altair deep-copies a chart at every chained method).
    """
    return alt.Chart(
        data=data,
        mark=alt.MarkDef(type=kind, **props),
        encoding=alt.FacetedEncoding(**encoding),
        transform=[alt.FilterTransform(filter=where)] if where else alt.Undefined,
    )


def layers(*charts: alt.Chart, width: float, height: float, **extra: Any) -> alt.LayerChart:
    return alt.LayerChart(layer=list(charts), width=width, height=height, **extra)


# ---------------------------------------------------------------------------
# Vertical bars over categories or time
# ---------------------------------------------------------------------------


def bar(ds: Dataset, canvas: Canvas) -> Plot:
    """Vertical bars. Periods (years, 2021-22, dates) are placed by time, so missing years show as gaps."""
    chart = ds.doc["chart"]
    data = rows(ds)
    values = [float(r[chart["y"]]) for r in data if r.get(chart["y"]) is not None]
    domain = value_domain(values)
    plot_width = canvas.width - 90
    timed = time_axis(ds, chart["x"])
    if timed:
        positions, labels = timed
        span = max(positions) - min(positions)
        step = plot_width / (span + 1)
        for row, position in zip(data, positions, strict=True):
            row["__x"] = position
        shown = sorted(positions)
        label_room = step * (1 if len(shown) < 2 else min(b - a for a, b in pairwise(shown)))
        widest_label = max(text_width(label, theme.LABEL_SIZE) for label in labels.values())
        every = max(1, math.ceil((widest_label + 8) / max(label_room, 1)))
        ticks = shown[::-1][::every][::-1]  # always label the newest period
        x = alt.X(
            field="__x",
            type="quantitative",
            title=axis_title(ds, chart["x"]),
            scale=alt.Scale(domain=[min(positions) - 0.5, max(positions) + 0.5], nice=False, zero=False),
            axis=alt.Axis(values=ticks, labelExpr=label_expression(labels), grid=False, labelOverlap=False),
        )
        bar_size: dict[str, Any] = {"width": max(2.0, min(64.0, step * 0.78))}
        slot = step
    else:
        names = [str(v) for v in category_order(ds, chart["x"])]
        slot = plot_width / max(len(names), 1)
        for row in data:
            row["__x"] = wrapped(str(row[chart["x"]]), slot * 0.92)
        x = alt.X(
            field="__x",
            type="nominal",
            sort=[wrapped(n, slot * 0.92) for n in names],
            title=axis_title(ds, chart["x"]),
            axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelAngle=0, labelLimit=0),
        )
        bar_size = {"size": max(2.0, min(72.0, slot * 0.7))}
    labels_fit = (
        max((text_width(r["__label"], theme.LABEL_SIZE, True) for r in data), default=0) <= slot * 0.95
    )
    show = [r for r in data if labels_fit or r["__highlight"] or r is data[-1]]
    for row in data:
        row["__show"] = row in show
    lowest = min((float(r[chart["y"]]) for r in show if r.get(chart["y"]) is not None), default=0.0)
    if lowest < 0:
        domain[0] = min(domain[0], room_below(lowest, domain[1], canvas.height))
    y_axis = alt.Axis(
        format=",~f", tickCount=5, title=axis_title(ds, chart["y"]), titleFontSize=theme.TITLE_SIZE
    )
    y = alt.Y(
        field=chart["y"],
        type="quantitative",
        scale=alt.Scale(domain=domain, nice=False, zero=True),
        axis=y_axis,
    )
    drawn = mark("bar", {"x": x, "y": y, "color": colour(ds, canvas), "description": TIP}, **bar_size)
    value = f"datum['{chart['y']}']"
    above = mark(
        "text",
        {"x": x, "y": y, "text": LABEL},
        where=f"datum.__show && {value} >= 0",
        dy=-VALUE_GAP,
        baseline="bottom",
        fontWeight="bold",
    )
    below = mark(
        "text",
        {"x": x, "y": y, "text": LABEL},
        where=f"datum.__show && {value} < 0",
        dy=VALUE_GAP,
        baseline="top",
        fontWeight="bold",
    )
    return Plot(layers(drawn, above, below, width=plot_width, height=canvas.height), {"rows": data})


# ---------------------------------------------------------------------------
# Horizontal bars: ranked and comparison
# ---------------------------------------------------------------------------


def horizontal(ds: Dataset, canvas: Canvas, order: list[dict[str, Any]], value_size: int) -> Plot:
    """Horizontal bars, laid out row by row in pixels: each category's label (wrapped, never cut) beside
    its bar, or above it when labels are long; the value at the bar's end."""
    chart = ds.doc["chart"]
    category, measure = chart["y"], chart["x"]
    values = [float(r[measure]) for r in order if r.get(measure) is not None]
    domain = value_domain(values)
    value_room = max(text_width(r["__label"], value_size, True) for r in order) + 10
    names = [str(r[category]) for r in order]
    longest = max(text_width(n, theme.LABEL_SIZE) for n in names)
    above = ds.kind == "comparison" or longest > canvas.width * ABOVE_SHARE
    label_width = 0.0 if above else min(longest, canvas.width * ABOVE_SHARE) + 10
    negative_room = value_room if domain[0] < 0 else 0.0
    plot_width = canvas.width - label_width - value_room - negative_room - 16
    line = theme.LABEL_SIZE * LINE_HEIGHT
    y, cursor = [], 0.0
    for row, name in zip(order, names, strict=True):
        lines = wrap(name, canvas.width - 16 if above else label_width - 10, theme.LABEL_SIZE)
        row["__cat"] = "\n".join(lines)
        text_height = len(lines) * line
        if above:
            row["__text_y"] = cursor
            row["__bar_top"] = cursor + text_height + 4
        else:
            row["__bar_top"] = cursor + max(0.0, (text_height - BAR_THICKNESS) / 2)
            row["__text_y"] = row["__bar_top"] + BAR_THICKNESS / 2 - text_height / 2
        row["__bar_bottom"] = row["__bar_top"] + BAR_THICKNESS
        row["__mid"] = row["__bar_top"] + BAR_THICKNESS / 2
        row["__zero"] = 0
        cursor = max(row["__bar_bottom"], row["__text_y"] + text_height) + ROW_GAP
        y.append(row)
    height = cursor - ROW_GAP
    pixels = alt.Scale(domain=[0, height], reverse=True, nice=False, zero=False)
    x_scale = alt.Scale(domain=domain, nice=False, zero=True)
    ticks = max(2, int(plot_width // 90))
    x_axis = alt.Axis(
        format=",~f", tickCount=ticks, grid=not above, title=axis_title(ds, measure), orient="bottom"
    )
    value_x = alt.X(field=measure, type="quantitative", scale=x_scale)
    middle = alt.Y(field="__mid", type="quantitative", scale=pixels)
    bars = mark(
        "bar",
        {
            "x": alt.X(field=measure, type="quantitative", scale=x_scale, axis=x_axis),
            "x2": alt.X2(field="__zero"),
            "y": alt.Y(field="__bar_top", type="quantitative", scale=pixels, axis=None),
            "y2": alt.Y2(field="__bar_bottom"),
            "color": colour(ds, canvas),
            "description": TIP,
        },
    )
    ends_right = mark(
        "text",
        {"x": value_x, "y": middle, "text": LABEL},
        where=f"datum['{measure}'] >= 0",
        align="left",
        baseline="middle",
        dx=6,
        fontSize=value_size,
        fontWeight="bold",
    )
    ends_left = mark(
        "text",
        {"x": value_x, "y": middle, "text": LABEL},
        where=f"datum['{measure}'] < 0",
        align="right",
        baseline="middle",
        dx=-6,
        fontSize=value_size,
        fontWeight="bold",
    )
    names_layer = mark(
        "text",
        {
            "x": alt.value(0) if above else alt.value(-label_width),
            "y": alt.Y(field="__text_y", type="quantitative", scale=pixels),
            "text": alt.Text(field="__cat", type="nominal"),
        },
        align="left",
        baseline="top",
        lineBreak="\n",
        lineHeight=line,
    )
    return Plot(
        layers(bars, ends_right, ends_left, names_layer, width=plot_width, height=height), {"rows": y}
    )


def ranked_bar(ds: Dataset, canvas: Canvas) -> Plot:
    """Horizontal bars sorted largest first, labelled at the end."""
    measure = ds.doc["chart"]["x"]
    data = sorted(rows(ds), key=lambda r: -(r[measure] if r[measure] is not None else -math.inf))
    return horizontal(ds, canvas, data, theme.LABEL_SIZE)


def comparison(ds: Dataset, canvas: Canvas) -> Plot:
    """Two to four values, in the order given, each named above its bar and labelled large."""
    return horizontal(ds, canvas, rows(ds), 20)


# ---------------------------------------------------------------------------
# Bars in groups and stacks
# ---------------------------------------------------------------------------


def _category_x(ds: Dataset, canvas: Canvas, plot_width: float) -> alt.X:
    chart = ds.doc["chart"]
    names = [str(v) for v in category_order(ds, chart["x"])]
    slot = plot_width / max(len(names), 1)
    return alt.X(
        field="__x",
        type="nominal",
        sort=[wrapped(n, slot * 0.92) for n in names],
        title=axis_title(ds, chart["x"]),
        axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelAngle=0, labelLimit=0),
    )


def _with_wrapped_x(ds: Dataset, plot_width: float) -> list[dict[str, Any]]:
    chart = ds.doc["chart"]
    slot = plot_width / max(len(category_order(ds, chart["x"])), 1)
    data = rows(ds)
    for row in data:
        row["__x"] = wrapped(str(row[chart["x"]]), slot * 0.92)
    return data


def grouped_bar(ds: Dataset, canvas: Canvas) -> Plot:
    """Bars side by side within each category, one colour per series, legend on top."""
    chart = ds.doc["chart"]
    plot_width = canvas.width - 90
    data = _with_wrapped_x(ds, plot_width)
    domain = value_domain([float(r[chart["y"]]) for r in data if r.get(chart["y"]) is not None])
    return Plot(
        mark(
            "bar",
            {
                "x": _category_x(ds, canvas, plot_width),
                "xOffset": alt.XOffset(
                    field=chart["series"], type="nominal", sort=category_order(ds, chart["series"])
                ),
                "y": alt.Y(
                    field=chart["y"],
                    type="quantitative",
                    scale=alt.Scale(domain=domain, nice=False, zero=True),
                    axis=alt.Axis(format=",~f", tickCount=5),
                    title=axis_title(ds, chart["y"]),
                ),
                "color": series_colour(ds, canvas, legend(ds, plot_width)),
                "description": TIP,
            },
        ).properties(width=plot_width, height=canvas.height),
        {"rows": data},
    )


def stacked_bar(ds: Dataset, canvas: Canvas) -> Plot:
    """Bars stacked within each category, one colour per series, legend on top."""
    chart = ds.doc["chart"]
    plot_width = canvas.width - 90
    data = _with_wrapped_x(ds, plot_width)
    totals: dict[Any, float] = {}
    for row in data:
        totals[row["__x"]] = totals.get(row["__x"], 0.0) + float(row[chart["y"]] or 0)
    domain = value_domain(list(totals.values()))
    return Plot(
        mark(
            "bar",
            {
                "x": _category_x(ds, canvas, plot_width),
                "y": alt.Y(
                    field=chart["y"],
                    type="quantitative",
                    stack="zero",
                    scale=alt.Scale(domain=domain, nice=False, zero=True),
                    axis=alt.Axis(format=",~f", tickCount=5),
                    title=axis_title(ds, chart["y"]),
                ),
                "color": series_colour(ds, canvas, legend(ds, plot_width)),
                "order": alt.Order(field="__order", type="quantitative"),
                "description": TIP,
            },
            stroke="#ffffff",
            strokeWidth=1,
        ).properties(width=plot_width, height=canvas.height),
        {"rows": data},
    )


# ---------------------------------------------------------------------------
# Lines over time
# ---------------------------------------------------------------------------


def spread(positions: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move label positions (px from the top) apart by at least gap, keeping them inside [low, high] and in
    order."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [positions[i] for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:
        placed = [p - overflow for p in placed]
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    placed = [max(low, p) for p in placed]
    out = [0.0] * len(positions)
    for rank, i in enumerate(order):
        out[i] = placed[rank]
    return out


def line(ds: Dataset, canvas: Canvas) -> Plot:
    """One or more lines over time (gaps in time show), each labelled at its last point; no legend to look
    up."""
    chart = ds.doc["chart"]
    series = chart.get("series")
    data = [r for r in rows(ds) if r.get(chart["y"]) is not None]
    timed = time_axis(ds, chart["x"])
    values = [float(r[chart["y"]]) for r in data]
    zero = chart.get("y_zero", True)
    domain = (
        value_domain(values)
        if zero
        else [
            min(values) - (max(values) - min(values)) * 0.1,
            max(values) + (max(values) - min(values)) * 0.1,
        ]
    )
    last: dict[Any, dict[str, Any]] = {}
    for row in data:
        last[row.get(series) if series else None] = row
    end_texts = {key: (str(key) if series else row["__label"]) for key, row in last.items()}
    label_room = min(
        canvas.width * 0.3, max(text_width(t, theme.LABEL_SIZE, True) for t in end_texts.values()) + 12
    )
    plot_width = canvas.width - 80 - label_room
    height = canvas.height
    ends = []
    for key, row in last.items():
        ends.append(
            {
                "__text": wrapped(end_texts[key], label_room - 12, theme.LABEL_SIZE, True),
                "__x": 0.0,
                "__px": height * (1 - (float(row[chart["y"]]) - domain[0]) / ((domain[1] - domain[0]) or 1)),
                **({series: key} if series else {}),
            }
        )
    for end, placed in zip(
        ends, spread([e["__px"] for e in ends], theme.LABEL_SIZE * 1.5, 0, height), strict=True
    ):
        end["__py"] = placed
    if timed:
        positions, labels = timed
        for row in data:
            row["__x"] = positions[row["__order"]]
        every = max(
            1,
            math.ceil(
                len(positions)
                * (max(text_width(v, theme.LABEL_SIZE) for v in labels.values()) + 10)
                / plot_width
            ),
        )
        x = alt.X(
            field="__x",
            type="quantitative",
            title=axis_title(ds, chart["x"]),
            scale=alt.Scale(domain=[min(positions), max(positions)], nice=False, zero=False),
            axis=alt.Axis(
                values=sorted(positions)[::-1][::every][::-1],
                labelExpr=label_expression(labels),
                grid=False,
                labelOverlap=False,
                labelFlush=False,  # centred: a flush first or last label would meet the next one
            ),
        )
    else:
        for row in data:
            row["__x"] = row[chart["x"]]
        x = alt.X(
            field="__x", type="ordinal", sort=category_order(ds, chart["x"]), title=axis_title(ds, chart["x"])
        )
    y_scale = alt.Scale(domain=domain, nice=False, zero=zero)
    y = alt.Y(
        field=chart["y"],
        type="quantitative",
        scale=y_scale,
        axis=alt.Axis(format=",~f", tickCount=5),
        title=axis_title(ds, chart["y"]),
    )
    line_colour: Any = (
        series_colour(ds, canvas)
        if series
        else alt.value(canvas.palette.one_series)
    )
    lines = mark(
        "line",
        {
            "x": x,
            "y": y,
            "color": line_colour,
            **({"detail": alt.Detail(field=series, type="nominal")} if series else {}),
        },
    )
    # The layers' y scales are independent (the end labels are placed in pixels), so the points draw no
    # axis of their own: the same domain as the lines, and one y axis on the left.
    unlabelled_y = alt.Y(field=chart["y"], type="quantitative", scale=y_scale, axis=None)
    points = mark("point", {"x": x, "y": unlabelled_y, "color": line_colour, "description": TIP})
    text_colour: Any = (
        series_colour(ds, canvas)
        if series
        else alt.value(canvas.palette.ink)
    )
    pixels = alt.Scale(domain=[0, height], range=[0, height], nice=False, zero=False)
    end_labels = mark(
        "text",
        {
            "x": alt.value(plot_width),
            "y": alt.Y(field="__py", type="quantitative", scale=pixels, axis=None),
            "text": alt.Text(field="__text", type="nominal"),
            "color": text_colour,
        },
        data=ENDS,
        align="left",
        baseline="middle",
        dx=10,
        fontWeight="bold",
        lineBreak="\n",
    )
    return Plot(
        layers(
            lines,
            points,
            end_labels,
            width=plot_width,
            height=height,
            resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="independent")),
        ),
        {"rows": data, "ends": ends},
    )


# ---------------------------------------------------------------------------
# Events on a time line
# ---------------------------------------------------------------------------


def timeline(ds: Dataset, canvas: Canvas) -> Plot:
    """Events in date order, one row each: the event's name in full (wrapped) and its dot on a shared time
    axis."""
    chart = ds.doc["chart"]
    series = chart.get("series")
    spec: FieldSpec = ds.field(chart["x"])
    data = sorted(rows(ds), key=lambda r: str(r[chart["x"]]))
    plot_width = canvas.width - 24
    line_px = theme.LABEL_SIZE * LINE_HEIGHT
    cursor = 0.0
    for row in data:
        when = format_value(row[chart["x"]], spec)
        lines = wrap(f"{when}: {row[chart['y']]}", plot_width, theme.LABEL_SIZE)
        row["__text"] = "\n".join(lines)
        row["__text_y"] = cursor
        row["__dot_y"] = cursor + len(lines) * line_px + DOT / 2 + 3
        row["__pos"] = period_start(row[chart["x"]])
        cursor = row["__dot_y"] + DOT / 2 + ROW_GAP
    height = cursor - ROW_GAP
    times = [r["__pos"] for r in data]
    start, end = math.floor(min(times)), math.ceil(max(times) + 1e-9)
    pixels = alt.Scale(domain=[0, height], reverse=True, nice=False, zero=False)
    years = list(range(start, end + 1))
    every = max(1, math.ceil(len(years) * (text_width("2000", theme.LABEL_SIZE) + 14) / plot_width))
    x = alt.X(
        field="__pos",
        type="quantitative",
        title=axis_title(ds, chart["x"]),
        scale=alt.Scale(domain=[start, end], nice=False, zero=False),
        axis=alt.Axis(values=years[::every], format="d", grid=True, orient="bottom"),
    )
    dot_colour: Any = (
        series_colour(ds, canvas, legend(ds, plot_width))
        if series
        else alt.value(canvas.palette.one_series)
    )
    dot_y = alt.Y(field="__dot_y", type="quantitative", scale=pixels, axis=None)
    rules = mark(
        "rule",
        {"x": alt.value(0), "x2": alt.value(plot_width), "y": dot_y},
        strokeWidth=1,
        color=canvas.palette.grid,
    )
    dots = mark(
        "point",
        {"x": x, "y": dot_y, "color": dot_colour, "description": TIP},
        size=DOT * DOT,
        filled=True,
        shape="circle",
        opacity=1,
    )
    texts = mark(
        "text",
        {
            "x": alt.value(0),
            "y": alt.Y(field="__text_y", type="quantitative", scale=pixels, axis=None),
            "text": alt.Text(field="__text", type="nominal"),
        },
        align="left",
        baseline="top",
        lineBreak="\n",
        lineHeight=line_px,
    )
    return Plot(layers(rules, dots, texts, width=plot_width, height=height), {"rows": data})


Kind = Callable[[Dataset, Canvas], Plot]
KINDS: dict[str, Kind | None] = {
    "bar": bar,
    "ranked-bar": ranked_bar,
    "grouped-bar": grouped_bar,
    "stacked-bar": stacked_bar,
    "line": line,
    "comparison": comparison,
    "timeline": timeline,
    "table": None,  # words, not numbers: shown as a table only
}


def build(ds: Dataset, canvas: Canvas) -> Plot | None:
    """The chart for a dataset on a canvas, or None for kinds drawn as a table only."""
    if ds.kind not in KINDS:
        raise RuntimeError(f"Unknown chart kind: {ds.kind}")
    maker = KINDS[ds.kind]
    return maker(ds, canvas) if maker else None
