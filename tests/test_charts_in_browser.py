"""Every chart legible, proved in the browser: each drawing's text measured after layout, at desktop and phone width,
in the light and dark schemes, on every page that shows a chart (chart pages, embed views and the pages that include
figures). The rules are in browser_support.chart_problems; the last test shows they catch a chart that breaks them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from explainer import config, dataset, textfit, theme

from browser_support import (
    MEASURE_CHARTS,
    SCHEMES,
    WIDTHS,
    chart_problems,
    dark_colour_problems,
    new_context,
    page_file,
    serve,
    site_paths,
)
from conftest import ROOT, TODAY

pytestmark = pytest.mark.browser
CONFIG = config.load(ROOT)
DATASETS, _ = dataset.load_all(CONFIG.charts_dir, TODAY, frozenset(CONFIG.licences))
DRAWN = {d.id for d in DATASETS if d.kind != "table"}
VARIANT = {"desktop": "i", "phone": "n"}  # the page-width drawing and the phone drawing (svg ids chart-<id>-<v>-)


@pytest.fixture(scope="module")
def chart_pages(built_site) -> dict[str, int]:
    """Every page that shows a drawn chart, with how many charts it shows (each is drawn twice, once per width)."""
    found = {}
    for path in site_paths(built_site):
        html = page_file(built_site, path).read_text(encoding="utf-8")
        if 'class="ex-chart-svg"' in html:
            found[path] = html.count('class="ex-chart ex-chart--wide"')
            assert found[path] == html.count('class="ex-chart ex-chart--narrow"'), path
    assert len(found) > len(DRAWN) * 2, "every chart has a chart page and an embed view, and most are in a page too"
    return found


def test_the_browser_sets_chart_text_with_the_engines_font_metrics(browser, site_url):
    """The drawings were laid out with Liberation Sans's metrics (explainer/textfit.py); the browser must set chart text
    with the same advance widths, or the measurements below would not be the ones a reader sees."""
    context = new_context(browser, axe=False)
    page = context.new_page()
    page.goto(site_url + "/", wait_until="load")
    samples = ["Offences involving firearms", "2012-13", "−13%", "Computer misuse", "45,774"]
    widths = page.evaluate("""([font, samples]) => {
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = '14px ' + font;
      return samples.map(s => ctx.measureText(s).width);
    }""", [theme.FONT, samples])
    context.close()
    expected = [textfit.text_width(s, 14) for s in samples]
    assert widths == pytest.approx(expected, abs=0.5), list(zip(samples, widths, expected, strict=True))


@pytest.mark.parametrize("width_name", WIDTHS)
def test_every_chart_is_legible_in_the_browser(browser, site_url, chart_pages, width_name):
    """For every displayed chart drawing, in light and dark, at this width, after layout (getBoundingClientRect):

    - no two text elements overlap: their line boxes (ascent to descent) share at most 1 px each way; the lines of one
      multi-line label are not compared with each other;
    - no text is clipped by the SVG's own box;
    - no text is smaller than 12 CSS px as shown (its font size times the SVG's scale on screen);
    - the chart is wide enough: charts are drawn at 640 px (340 px for phones) and scaled to the content column, up to
      800 px. On a phone a chart fills at least 90% of the content column; on a desktop at least 75% of the column,
      or, where the column is wider than the 800 px cap allows for, no less than its full drawn width;
    - every text has at least 4.5:1 contrast with the background behind the chart, and in the dark scheme no text
      keeps its light-scheme colour.

    Each page shows each of its charts exactly once (the drawing for this width), and every drawn chart is checked.
    """
    width = WIDTHS[width_name]
    contexts = {scheme: new_context(browser, scheme, width, axe=False) for scheme in SCHEMES}
    tabs = {scheme: context.new_page() for scheme, context in contexts.items()}
    problems: list[str] = []
    checked: dict[str, set[str]] = defaultdict(set)
    drawings = 0
    for path, count in chart_pages.items():
        measured = {}
        for scheme, page in tabs.items():
            page.goto(site_url + path, wait_until="load")
            measured[scheme] = page.evaluate(MEASURE_CHARTS)
            shown = [(chart["id"], chart["variant"]) for chart in measured[scheme]]
            assert len(shown) == count, f"{path} ({scheme}, {width} px): {count} charts, but shown: {shown}"
            assert all(variant == VARIANT[width_name] for _, variant in shown), f"{path}: wrong drawing shown: {shown}"
            for chart in measured[scheme]:
                assert chart["texts"], f"{path}: chart {chart['id']} shows no text"
                problems += chart_problems(chart, width, scheme, path)
                checked[chart["id"]].add(path)
                drawings += 1
        for light, dark in zip(measured["light"], measured["dark"], strict=True):
            problems += dark_colour_problems(light, dark, width, path)
    for context in contexts.values():
        context.close()
    print(f"charts at {width} px: {len(checked)} charts, {drawings} drawings on {len(chart_pages)} pages, light and dark")
    assert set(checked) == DRAWN, f"charts never measured: {sorted(DRAWN - set(checked))}"
    assert all(len(pages) >= 2 for pages in checked.values()), "each chart is on its chart page and its embed view"
    assert problems == [], f"{len(problems)} legibility problem(s):\n" + "\n".join(problems)


BROKEN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A broken chart</title>
<style>
  body { margin: 0; padding: 16px; background: #ffffff; }
  @media (prefers-color-scheme: dark) { body { background: #1e222b; } }
  .half { width: 50%; }
  svg { display: block; width: 100%; height: auto; }
</style></head>
<body>
<div class="half">
<svg xmlns="http://www.w3.org/2000/svg" class="ex-chart-svg" width="640" height="320" viewBox="0 0 640 320"
     role="img" aria-labelledby="chart-broken-i-title" font-family="Liberation Sans, Arial, sans-serif">
  <title id="chart-broken-i-title">A chart with every fault</title>
  <text x="100" y="100" font-size="14px" fill="#0b0c0c">First label</text>
  <text x="130" y="106" font-size="14px" fill="#0b0c0c">Second label</text>
  <text x="300" y="200" font-size="9px" fill="#0b0c0c">Tiny print</text>
  <text x="560" y="160" font-size="14px" fill="#0b0c0c">Runs off the edge</text>
  <text x="400" y="60" font-size="14px" fill="#9a9a9a">Faint</text>
  <text x="20" y="260" font-size="14px" fill="#0b0c0c"><tspan>Line one of</tspan><tspan x="20" dy="14">a wrapped label</tspan></text>
</svg>
</div>
<svg xmlns="http://www.w3.org/2000/svg" class="ex-chart-svg" id="sound" width="320" height="120" viewBox="0 0 320 120"
     role="img" aria-labelledby="chart-sound-i-title" font-family="Liberation Sans, Arial, sans-serif">
  <title id="chart-sound-i-title">A sound chart</title>
  <style>@media (prefers-color-scheme: dark) { #sound text { fill: #f3f2f1; } }</style>
  <text x="20" y="40" font-size="14px" fill="#0b0c0c">A label</text>
  <text x="20" y="80" font-size="14px" fill="#0b0c0c"><tspan>Two lines</tspan><tspan x="20" dy="16">set close</tspan></text>
</svg>
</body></html>
"""


@pytest.mark.parametrize(("width_name", "scheme"), [("desktop", "light"), ("desktop", "dark"), ("phone", "light")])
def test_the_measure_reports_every_fault_of_a_broken_chart(browser, tmp_path: Path, width_name, scheme):
    """A page with a deliberately broken drawing (overlapping labels, 9 px text, text past the box, faint text, drawn
    at half the column, colours unchanged in the dark scheme) goes through the same measure and rules as the real
    charts, and each fault is reported by name; a sound drawing beside it, with a multi-line label, reports nothing."""
    (tmp_path / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    width = WIDTHS[width_name]
    with serve(tmp_path) as url:
        light_context = new_context(browser, "light", width, axe=False)
        page = light_context.new_page()
        page.goto(url + "/", wait_until="load")
        light = page.evaluate(MEASURE_CHARTS)
        light_context.close()
        context = new_context(browser, scheme, width, axe=False)
        page = context.new_page()
        page.goto(url + "/", wait_until="load")
        charts = page.evaluate(MEASURE_CHARTS)
        context.close()
    assert [c["id"] for c in charts] == ["broken", "sound"]
    broken, sound = (chart_problems(chart, width, scheme, "/") for chart in charts)
    if scheme == "dark":
        broken += dark_colour_problems(light[0], charts[0], width, "/")
        sound += dark_colour_problems(light[1], charts[1], width, "/")
    report = "\n".join(broken)
    assert sound == []
    assert all(line.startswith(f"broken at {width} px, {scheme}, on /: ") for line in broken), report

    def reported(*words: str) -> bool:
        return any(all(word in line for word in words) for line in broken)

    assert reported('"First label" and "Second label" overlap'), report
    assert not reported("overlap", "Line one of"), report  # one multi-line label is one label
    assert reported('"Tiny print" is', "px on screen"), report
    assert reported('"Runs off the edge" is clipped', "past the right"), report
    if width_name == "desktop":
        assert reported("less than its drawn width 640 px"), report
        assert not reported('"First label" is', "px on screen"), report  # 14 px drawn, about 13.7 px shown
    else:
        assert reported("at least 90% on a phone"), report
    if scheme == "light":
        assert reported('"Faint" (rgb(154, 154, 154)) has', "contrast"), report
    else:
        assert reported('"First label" keeps its light-scheme colour'), report
        assert reported('"First label" (rgb(11, 12, 12)) has', "contrast"), report
