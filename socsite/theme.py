"""The one place for chart styling: the Analysis Function palette and the shared Altair theme (plain data, so importing it is cheap)."""

from __future__ import annotations

# UK Government Analysis Function accessible palette (light scheme).
DARK_BLUE = "#12436d"
TURQUOISE = "#28a197"
DARK_PINK = "#801650"
ORANGE = "#f46a25"
DARK_GREY = "#3d3d3d"
LIGHT_PURPLE = "#a285d1"
CATEGORICAL = [DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE]
TWO_SERIES = [DARK_BLUE, ORANGE]
ONE_SERIES = DARK_BLUE
HIGHLIGHT = ORANGE

INK = "#0b0c0c"        # text
AXIS = "#505a5f"       # axis lines and ticks
GRID = "#d4d6d8"       # gridlines (decoration, not information)

# Dark-scheme replacements, applied in the page's CSS (docs/assets/site.css) by attribute selectors.
DARK_SCHEME = {
    INK: "#f3f2f1", AXIS: "#b1b4b6", GRID: "#3e4249",
    DARK_BLUE: "#6fa8dc", TURQUOISE: "#28a197", DARK_PINK: "#e07bb0", ORANGE: "#f46a25",
}

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
WIDTH = 520
NARROW_WIDTH = 330  # the same chart drawn for phones, so its text stays readable
HEIGHT = 300
THEME_NAME = "soc"


def series_colours(count: int) -> list[str]:
    """The palette for a chart with this many series."""
    return TWO_SERIES if count == 2 else CATEGORICAL[:max(count, 1)]


def soc_theme() -> dict:
    """Every chart's look: fonts, sizes, colours, axes (registered with Altair by socsite.kinds)."""
    return {
        "config": {
            "background": None,
            "font": FONT,
            "padding": {"left": 4, "right": 12, "top": 8, "bottom": 4},
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": HEIGHT},
            "title": {"anchor": "start", "color": INK, "fontSize": 18, "fontWeight": "bold",
                      "subtitleColor": INK, "subtitleFontSize": 14, "subtitleFontWeight": "normal",
                      "offset": 14, "limit": WIDTH + 60},
            "axis": {"labelColor": INK, "titleColor": INK, "labelFontSize": 13, "titleFontSize": 13,
                     "titleFontWeight": "normal", "domainColor": AXIS, "tickColor": AXIS,
                     "gridColor": GRID, "labelLimit": 220, "titlePadding": 10},
            "axisX": {"grid": False, "labelAngle": 0},
            "axisY": {"domain": False, "ticks": False},
            "legend": {"labelColor": INK, "titleColor": INK, "labelFontSize": 13, "titleFontSize": 13,
                       "orient": "top", "direction": "horizontal", "symbolType": "square", "title": None},
            "range": {"category": CATEGORICAL},
            "bar": {"color": ONE_SERIES},
            "line": {"color": ONE_SERIES, "strokeWidth": 3},
            "point": {"color": ONE_SERIES, "filled": True, "size": 60, "opacity": 1},
            "text": {"color": INK, "fontSize": 13},
        }
    }
