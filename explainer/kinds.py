"""Chart kinds: one function per kind, each turning a dataset into an Altair chart in the shared theme."""

from __future__ import annotations

from typing import Any, Callable

import altair as alt

from explainer import theme
from explainer.dataset import Dataset
from explainer.formatting import format_value

BAR_STEP = 34      # px per bar in horizontal charts
LABEL_LIMIT = 250  # px for category labels beside horizontal bars
EVENT_LABEL_LIMIT = 380
EVENT_STEP = 30    # px per event in timelines

alt.theme.register(theme.THEME_NAME, enable=True)(theme.soc_theme)


# ---------------------------------------------------------------------------
# Helpers shared by the kinds
# ---------------------------------------------------------------------------

def prepared_values(ds: Dataset) -> list[dict[str, Any]]:
    """Records plus a '__label' (value as shown) and '__tip' (one-line description) per record."""
    chart = ds.doc["chart"]
    value_field = _value_field(ds)
    out = []
    for i, record in enumerate(ds.doc["records"]):
        row = {k: v for k, v in record.items() if k != "source"}
        row["__order"] = i
        if value_field:
            row["__label"] = format_value(record.get(value_field), ds.field(value_field))
        parts = [f"{f['title']}: {format_value(record.get(f['name']), f)}" for f in ds.doc["fields"]]
        row["__tip"] = "; ".join(parts)
        out.append(row)
    if chart["kind"] == "line":
        series = chart.get("series")
        last: dict[Any, int] = {}
        for i, row in enumerate(out):
            if row.get(chart["y"]) is not None:
                last[row.get(series) if series else None] = i
        for i, row in enumerate(out):
            row["__end"] = i in last.values()
    return out


def _value_field(ds: Dataset) -> str | None:
    chart = ds.doc["chart"]
    if chart["kind"] in ("ranked-bar", "comparison"):
        return chart["x"]
    if chart["kind"] in ("timeline", "table"):
        return None
    return chart["y"]


def _vl_type(ds: Dataset, name: str, continuous_years: bool = False) -> str:
    ftype = ds.field(name)["type"]
    if ftype == "date":
        return "temporal"
    if ftype == "year":
        return "quantitative" if continuous_years else "ordinal"
    if ftype in ("integer", "number", "percent"):
        return "quantitative"
    return "nominal"


def _axis_format(ds: Dataset, name: str) -> str:
    """Axis ticks use plain thousands separators and drop trailing zeros; value labels use the field's own format."""
    return ",~f"


def _axis_title(ds: Dataset, name: str) -> str:
    spec = ds.field(name)
    unit = spec.get("unit")
    return f"{spec['title']} ({unit})" if unit and unit.lower() not in spec["title"].lower() else spec["title"]


def _colour(ds: Dataset, base: str = theme.ONE_SERIES) -> alt.ColorValue | dict:
    """Single colour, or the highlight colour for the records the dataset picks out."""
    highlight = ds.doc["chart"].get("highlight")
    if not highlight:
        return alt.value(base)
    (field, value), = highlight.items()
    test = f"datum[{field!r}] === {value!r}" if isinstance(value, str) else f"datum[{field!r}] === {value}"
    return alt.condition(test, alt.value(theme.HIGHLIGHT), alt.value(base))


def _series_scale(ds: Dataset) -> alt.Scale:
    series = ds.doc["chart"]["series"]
    domain = list(dict.fromkeys(r[series] for r in ds.doc["records"]))
    return alt.Scale(domain=domain, range=theme.series_colours(len(domain)))


def _base(ds: Dataset) -> alt.Chart:
    return alt.Chart(alt.Data(values=prepared_values(ds)))


def _category_sort(ds: Dataset, name: str) -> list:
    return list(dict.fromkeys(r[name] for r in ds.doc["records"]))


# ---------------------------------------------------------------------------
# Kinds
# ---------------------------------------------------------------------------

def bar(ds: Dataset, width: int = theme.WIDTH) -> alt.Chart:
    """Vertical bars, one per category, optional highlighted bar, value labels on top."""
    c = ds.doc["chart"]
    x = alt.X(c["x"], type=_vl_type(ds, c["x"]), sort=_category_sort(ds, c["x"]), title=_axis_title(ds, c["x"]))
    y = alt.Y(c["y"], type="quantitative", axis=alt.Axis(format=_axis_format(ds, c["y"]), tickCount=5), title=_axis_title(ds, c["y"]))
    bars = _base(ds).mark_bar().encode(x=x, y=y, color=_colour(ds), description="__tip:N")
    labels = _base(ds).mark_text(dy=-8, baseline="bottom").encode(x=x, y=y, text="__label:N")
    return (bars + labels).properties(width=width, height=height_for(width))


def ranked_bar(ds: Dataset, width: int = theme.WIDTH) -> alt.Chart:
    """Horizontal bars sorted largest first, labelled at the end."""
    c = ds.doc["chart"]
    order = [r[c["y"]] for r in sorted(ds.doc["records"], key=lambda r: -(r[c["x"]] or 0))]
    return _horizontal(ds, order, width)


def comparison(ds: Dataset, width: int = theme.WIDTH) -> alt.Chart:
    """Two to four values side by side, in the order given, labelled large."""
    c = ds.doc["chart"]
    return _horizontal(ds, _category_sort(ds, c["y"]), width, label_size=16)


def _horizontal(ds: Dataset, order: list, width: int, label_size: int = 13) -> alt.Chart:
    c = ds.doc["chart"]
    label_limit = min(LABEL_LIMIT, int(width * 0.45))
    y = alt.Y(c["y"], type="nominal", sort=order, title=None, axis=alt.Axis(labelLimit=label_limit))
    x = alt.X(c["x"], type="quantitative", title=_axis_title(ds, c["x"]),
              axis=alt.Axis(format=_axis_format(ds, c["x"]), tickCount=4, grid=True),
              scale=alt.Scale(nice=True))
    bars = _base(ds).mark_bar(height={"band": 0.7}).encode(x=x, y=y, color=_colour(ds), description="__tip:N")
    labels = _base(ds).mark_text(align="left", dx=6, fontSize=label_size, fontWeight="bold").encode(x=x, y=y, text="__label:N")
    height = max(len(order) * BAR_STEP, 2 * BAR_STEP)
    return (bars + labels).properties(width=width - label_limit, height=height)


def grouped_bar(ds: Dataset, width: int = theme.WIDTH) -> alt.Chart:
    """Bars side by side within each category, one colour per series, legend on top."""
    c = ds.doc["chart"]
    return _base(ds).mark_bar().encode(
        x=alt.X(c["x"], type=_vl_type(ds, c["x"]), sort=_category_sort(ds, c["x"]), title=_axis_title(ds, c["x"])),
        xOffset=alt.XOffset(c["series"], type="nominal", sort=_category_sort(ds, c["series"])),
        y=alt.Y(c["y"], type="quantitative", axis=alt.Axis(format=_axis_format(ds, c["y"]), tickCount=5), title=_axis_title(ds, c["y"])),
        color=alt.Color(c["series"], type="nominal", scale=_series_scale(ds)),
        description="__tip:N",
    ).properties(width=width, height=height_for(width))


def stacked_bar(ds: Dataset, width: int = theme.WIDTH) -> alt.Chart:
    """Bars stacked within each category, one colour per series, legend on top."""
    c = ds.doc["chart"]
    return _base(ds).mark_bar(stroke="#ffffff", strokeWidth=1).encode(
        x=alt.X(c["x"], type=_vl_type(ds, c["x"]), sort=_category_sort(ds, c["x"]), title=_axis_title(ds, c["x"])),
        y=alt.Y(c["y"], type="quantitative", stack="zero", axis=alt.Axis(format=_axis_format(ds, c["y"]), tickCount=5), title=_axis_title(ds, c["y"])),
        color=alt.Color(c["series"], type="nominal", scale=_series_scale(ds)),
        order=alt.Order("__order:Q"),
        description="__tip:N",
    ).properties(width=width, height=height_for(width))


def line(ds: Dataset, width: int = theme.WIDTH) -> alt.Chart:
    """One or more lines over time, each labelled at its last point."""
    c = ds.doc["chart"]
    xtype = _vl_type(ds, c["x"], continuous_years=True)
    xaxis = alt.Axis(format="d", tickMinStep=1) if ds.field(c["x"])["type"] == "year" else alt.Axis()
    x = alt.X(c["x"], type=xtype, title=_axis_title(ds, c["x"]), axis=xaxis,
              sort=_category_sort(ds, c["x"]) if xtype == "nominal" else "ascending")
    y = alt.Y(c["y"], type="quantitative", title=_axis_title(ds, c["y"]),
              axis=alt.Axis(format=_axis_format(ds, c["y"]), tickCount=5),
              scale=alt.Scale(zero=c.get("y_zero", True)))
    series = c.get("series")
    if series:
        colour = alt.Color(series, type="nominal", scale=_series_scale(ds), legend=None)
        end_text = alt.Text(series, type="nominal")
    else:
        colour = alt.value(theme.ONE_SERIES)
        end_text = alt.Text("__label:N")
    base = _base(ds).transform_filter(f"datum[{c['y']!r}] != null")
    lines = base.mark_line().encode(x=x, y=y, color=colour, detail=alt.Detail(series, type="nominal") if series else alt.Undefined)
    points = base.mark_point().encode(x=x, y=y, color=colour, description="__tip:N")
    labels = base.transform_filter("datum.__end").mark_text(align="left", dx=8, fontWeight="bold").encode(
        x=x, y=y, text=end_text, color=colour if series else alt.value(theme.INK))
    return (lines + points + labels).properties(width=width - (110 if series else 60), height=height_for(width))


def timeline(ds: Dataset, width: int = theme.WIDTH) -> alt.Chart:
    """Events as dots on a time axis, one row per event, coloured by type; on narrow screens each label sits above its row."""
    c = ds.doc["chart"]
    xtype = _vl_type(ds, c["x"], continuous_years=True)
    xaxis = alt.Axis(format="d", tickMinStep=1, grid=True) if ds.field(c["x"])["type"] == "year" else alt.Axis(grid=True)
    order = [r[c["y"]] for r in sorted(ds.doc["records"], key=lambda r: str(r[c["x"]]))]
    series = c.get("series")
    colour = alt.Color(series, type="nominal", scale=_series_scale(ds)) if series else alt.value(theme.ONE_SERIES)
    narrow = width < theme.WIDTH
    label_limit = 0 if narrow else min(EVENT_LABEL_LIMIT, int(width * 0.55))
    x = alt.X(c["x"], type=xtype, title=_axis_title(ds, c["x"]), axis=xaxis, scale=alt.Scale(nice=False, padding=12))
    y = alt.Y(c["y"], type="nominal", sort=order, title=None,
              axis=alt.Axis(labels=not narrow, ticks=not narrow, labelLimit=label_limit or 1, grid=True),
              scale=alt.Scale(paddingOuter=0.6 if narrow else 0.5))
    dots = _base(ds).mark_point(size=110, filled=True, shape="circle", opacity=1).encode(x=x, y=y, color=colour, description="__tip:N")
    plot_width = width - 20 if narrow else max(width - label_limit - 20, 120)
    step = EVENT_STEP + 14 if narrow else EVENT_STEP
    if not narrow:
        return dots.properties(width=plot_width, height=len(order) * step)
    labels = _base(ds).mark_text(align="left", baseline="bottom", dy=-9, fontSize=12, limit=plot_width).encode(
        x=alt.value(0), y=y, text=alt.Text(c["y"], type="nominal"))
    return (dots + labels).properties(width=plot_width, height=len(order) * step)


KINDS: dict[str, Callable[[Dataset], alt.Chart] | None] = {
    "bar": bar,
    "ranked-bar": ranked_bar,
    "grouped-bar": grouped_bar,
    "stacked-bar": stacked_bar,
    "line": line,
    "comparison": comparison,
    "timeline": timeline,
    "table": None,  # words, not numbers: shown as a table only
}


def height_for(width: int) -> int:
    """Plot height for a plot width: the shared height, a little shorter on narrow screens."""
    return theme.HEIGHT if width >= theme.WIDTH else int(theme.HEIGHT * 0.8)


def build(ds: Dataset, width: int = theme.WIDTH) -> alt.Chart | None:
    """The chart for a dataset at a given width, or None for kinds drawn as a table only."""
    kind = ds.doc["chart"]["kind"]
    if kind not in KINDS:
        raise RuntimeError(f"Unknown chart kind: {kind}")
    maker = KINDS[kind]
    return maker(ds, width) if maker else None
