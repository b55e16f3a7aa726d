"""Helpers for the browser tests: a local static server, the Chromium launcher, the pages to visit, and the measure
of a chart's text as the browser lays it out."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions"]
AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTHS = {"desktop": 1280, "phone": 375}
SCHEMES = ("light", "dark")

# Collects CSP violations and console errors before any page script runs.
WATCH_SCRIPT = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        """Serve the site's own 404 page, as a static host would."""
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().send_error(code, message, explain)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def site_paths(site: Path) -> list[str]:
    """URL paths of every page a reader can land on (redirect stubs excluded: they only forward)."""
    paths = []
    for page in sorted(site.rglob("*.html")):
        head = page.read_text(encoding="utf-8")[:800]
        if "<title>Redirecting...</title>" in head:
            continue
        rel = page.relative_to(site).as_posix()
        paths.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return paths


def page_file(site: Path, path: str) -> Path:
    """The file a page's URL path serves."""
    return site / path.lstrip("/") / ("" if path.endswith(".html") else "index.html")


def new_context(browser: Any, scheme: str = "light", width: int = 1280, javascript: bool = True, height: int = 900,
                axe: bool = True, **options: Any) -> Any:
    """A fresh browser context (no cookies or storage) watching for CSP violations; axe-core loaded when JavaScript is on."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                  java_script_enabled=javascript, reduced_motion="reduce", **options)
    context.add_init_script(WATCH_SCRIPT)
    if javascript and axe:
        context.add_init_script(path=str(AXE))
    return context


def sideways_overflow(page: Any) -> int:
    """How far the page scrolls sideways, in CSS px (0 when it fits the screen)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


# ---------------------------------------------------------------------------
# Charts measured in the browser
# ---------------------------------------------------------------------------

# Every displayed chart drawing (svg.ex-chart-svg) on the page, measured after layout: the SVG's box, the width it was
# drawn at (its viewBox) and the content column's width; for each displayed text element, its rendered font size
# (the computed font size times the SVG's scale on screen), its fill colour, and one box per line (a <tspan> of a
# multi-line label, or the whole <text>), from getBoundingClientRect, in CSS px. The background is the colour behind
# the drawing, with any translucent layers composed over the page's.
MEASURE_CHARTS = r"""() => {
  const shown = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const parse = value => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const background = el => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    if (!layers.length || layers[layers.length - 1].a < 1) {  // nothing opaque: the canvas colour
      const canvas = getComputedStyle(document.documentElement).colorScheme.includes('dark')
        && matchMedia('(prefers-color-scheme: dark)').matches ? {r: 18, g: 18, b: 18, a: 1} : {r: 255, g: 255, b: 255, a: 1};
      layers.push(canvas);
    }
    let out = null;
    for (const c of layers.reverse()) out = out ? {r: c.r * c.a + out.r * (1 - c.a), g: c.g * c.a + out.g * (1 - c.a),
                                                   b: c.b * c.a + out.b * (1 - c.a)} : c;
    return `rgb(${out.r}, ${out.g}, ${out.b})`;
  };
  const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const charts = [];
  document.querySelectorAll('svg.ex-chart-svg').forEach((svg, order) => {
    if (!shown(svg)) return;
    const named = (svg.getAttribute('aria-labelledby') || '').match(/^chart-(.+)-([a-z])-title\b/);
    const view = svg.viewBox.baseVal;
    const column = svg.closest('.md-content__inner') || document.body;
    const cs = getComputedStyle(column);
    const columnWidth = column.getBoundingClientRect().width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
      - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
    const texts = [];
    svg.querySelectorAll('text').forEach((text, index) => {
      if (!shown(text) || !text.textContent.trim()) return;
      const style = getComputedStyle(text);
      const ctm = text.getScreenCTM();
      const spans = [...text.querySelectorAll('tspan')].filter(s => s.textContent.trim());
      const lines = (spans.length ? spans : [text]).map(line => ({text: line.textContent.trim(), ...box(line.getBoundingClientRect())}));
      texts.push({index, label: lines.map(l => l.text).join(' '), size: parseFloat(style.fontSize) * Math.hypot(ctm.a, ctm.b),
                  fill: style.fill, lines});
    });
    charts.push({id: named ? named[1] : `(unnamed chart ${order})`, variant: named ? named[2] : '?',
                 box: box(svg.getBoundingClientRect()), drawnWidth: view && view.width ? view.width : svg.width.baseVal.value,
                 columnWidth, background: background(svg.parentElement), texts});
  });
  return charts;
}"""

MIN_TEXT_PX = 12.0          # no chart text smaller than this, at the size it is shown
OVERLAP_TOLERANCE = 1.0     # px two line boxes may share, each way (a line box runs from the font's ascent to its descent)
CLIP_TOLERANCE = 0.5        # px a line box may pass the SVG's edge (rounding)
PHONE_SHARE = 0.90          # of the content column, on a phone
DESKTOP_SHARE = 0.75        # of the content column on a desktop, unless the chart is shown at its full drawn width
MIN_CONTRAST = 4.5


def rgb(colour: str) -> tuple[float, float, float]:
    """'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 1)' (a computed colour) as three numbers."""
    parts = [float(p) for p in re.findall(r"[\d.]+", colour)[:3]]
    assert len(parts) == 3, f"not a computed colour: {colour!r}"
    return parts[0], parts[1], parts[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two computed colours."""
    def luminance(colour: str) -> float:
        def channel(v: float) -> float:
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        r, g, b_ = rgb(colour)
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b_)
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def chart_problems(chart: dict[str, Any], width: int, scheme: str, where: str) -> list[str]:
    """What makes one measured chart hard to read at this screen width and colour scheme, one line per problem naming
    the chart, the width, the scheme and the labels:

    - two text elements overlap (their line boxes share more than OVERLAP_TOLERANCE px each way; lines of the same
      multi-line label are one label and are not compared with each other);
    - text runs outside the SVG's own box (the SVG clips it);
    - text shown smaller than 12 CSS px (its font size times the SVG's scale on screen);
    - the chart is too narrow for its column: on a phone (width < 600) it must fill at least 90% of the content
      column; on a desktop at least 75% of the column, or else be shown at no less than its full drawn width;
    - text with less than 4.5:1 contrast against the background behind the chart.
    """
    name = f"{chart['id']} at {width} px, {scheme}, on {where}"
    problems = []
    svg = chart["box"]
    shown = svg["right"] - svg["left"]
    lines = [(text["index"], text["label"], line) for text in chart["texts"] for line in text["lines"]]
    for i, (index_a, label_a, a) in enumerate(lines):
        for index_b, label_b, b in lines[i + 1:]:
            if index_a == index_b:
                continue
            dx = min(a["right"], b["right"]) - max(a["left"], b["left"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > OVERLAP_TOLERANCE and dy > OVERLAP_TOLERANCE:
                problems.append(f"{name}: labels \"{label_a}\" and \"{label_b}\" overlap ({dx:.1f} × {dy:.1f} px)")
    for text in chart["texts"]:
        for line in text["lines"]:
            out = {side: round(amount, 1) for side, amount in (
                ("left", svg["left"] - line["left"]), ("top", svg["top"] - line["top"]),
                ("right", line["right"] - svg["right"]), ("bottom", line["bottom"] - svg["bottom"]))
                if amount > CLIP_TOLERANCE}
            if out:
                sides = ", ".join(f"{px:g} px past the {side}" for side, px in out.items())
                problems.append(f"{name}: label \"{line['text']}\" is clipped by the chart's box ({sides})")
        if text["size"] < MIN_TEXT_PX - 0.01:
            problems.append(f"{name}: label \"{text['label']}\" is {text['size']:.1f} px on screen "
                            f"(at least {MIN_TEXT_PX:g} px)")
        ratio = contrast(text["fill"], chart["background"])
        if ratio < MIN_CONTRAST:
            problems.append(f"{name}: label \"{text['label']}\" ({text['fill']}) has {ratio:.2f}:1 contrast with the "
                            f"background {chart['background']} (at least {MIN_CONTRAST:g}:1)")
    column = chart["columnWidth"]
    if width < 600 and shown < PHONE_SHARE * column - 0.5:
        problems.append(f"{name}: the chart is {shown:.0f} px wide, {shown / column:.0%} of the {column:.0f} px column "
                        f"(at least {PHONE_SHARE:.0%} on a phone)")
    if width >= 600 and shown < min(DESKTOP_SHARE * column, chart["drawnWidth"]) - 0.5:
        problems.append(f"{name}: the chart is {shown:.0f} px wide, {shown / column:.0%} of the {column:.0f} px column "
                        f"and less than its drawn width {chart['drawnWidth']:.0f} px (at least {DESKTOP_SHARE:.0%})")
    return problems


def dark_colour_problems(light: dict[str, Any], dark: dict[str, Any], width: int, where: str) -> list[str]:
    """Text the dark scheme leaves in its light-scheme colour (the same chart measured in both schemes)."""
    assert (light["id"], light["variant"]) == (dark["id"], dark["variant"]), (light["id"], dark["id"])
    before = {text["index"]: text["fill"] for text in light["texts"]}
    return [f"{dark['id']} at {width} px, dark, on {where}: label \"{text['label']}\" keeps its light-scheme colour "
            f"{text['fill']}" for text in dark["texts"] if before.get(text["index"]) == text["fill"]]
