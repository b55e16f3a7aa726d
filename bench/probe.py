"""Runs inside a copy of the project (imports its explainer/): per-chart render timings by stage, or one chart's inline spec.

    python bench/probe.py render-times PROJECT   -> JSON: per chart seconds and stage split, page-card time
    python bench/probe.py inline-spec PROJECT ID -> JSON: the Vega-Lite spec of the chart as drawn inline on the page
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

STAGES = {  # stage name -> what it covers (times are exclusive: a stage inside another counts once, in itself)
    "altair": "Altair: build the charts and their three specs (no schema validation here; tests/test_datasets.py validates them)",
    "vl_svg": "vl-convert: Vega-Lite to SVG (Vega in its JavaScript engine)",
    "vl_png": "vl-convert: PNG rasterising (the 2x download PNG)",
    "card": "Pillow: social card (download PNG scaled down, composited, encoded)",
    "svg_post": "accessible_svg (SVG post-processing)",
}
VLC_STAGES = {"vegalite_to_svg": "vl_svg", "vegalite_to_png": "vl_png", "svg_to_png": "vl_png",
              "vegalite_to_vega": "vl_svg", "vega_to_svg": "vl_svg", "vega_to_png": "vl_png"}


class Stopwatch:
    """Accumulates exclusive seconds per stage: time spent in a nested stage is not counted again in its parent."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.stack: list[list] = []  # [stage, start, seconds spent in nested stages]

    def wrap(self, stage: str, func):
        """func, timed into `stage`."""
        def timed(*args, **kwargs):
            self.stack.append([stage, time.perf_counter(), 0.0])
            try:
                return func(*args, **kwargs)
            finally:
                name, start, nested = self.stack.pop()
                elapsed = time.perf_counter() - start
                self.seconds[name] += elapsed - nested
                if self.stack:
                    self.stack[-1][2] += elapsed
        return timed

    def take(self) -> dict[str, float]:
        """The stage times so far, and start again."""
        out, self.seconds = dict(self.seconds), defaultdict(float)
        return out


class TimedModule:
    """Stands in for a module, timing the functions named in `stages`."""

    def __init__(self, module, stages: dict[str, str], watch: Stopwatch):
        self._module, self._stages, self._watch = module, stages, watch

    def __getattr__(self, name):
        value = getattr(self._module, name)
        return self._watch.wrap(self._stages[name], value) if name in self._stages else value


def instrument(render, watch: Stopwatch) -> None:
    """Wrap the expensive calls that explainer.render makes, so each render reports its stage split."""
    render.vlc = TimedModule(render.vlc, VLC_STAGES, watch)
    render.cards = TimedModule(render.cards, {"png_bytes": "card"}, watch)
    for name, stage in (("social_card", "card"), ("download_spec", "altair"), ("accessible_svg", "svg_post")):
        if hasattr(render, name):
            setattr(render, name, watch.wrap(stage, getattr(render, name)))
    render.kinds.build = watch.wrap("altair", render.kinds.build)
    for cls in {render.alt.TopLevelMixin, render.alt.Chart, render.alt.LayerChart, render.alt.VConcatChart}:
        if "to_dict" in vars(cls):
            cls.to_dict = watch.wrap("altair", vars(cls)["to_dict"])


def render_times(project: Path) -> dict:
    """Render every dataset once without the cache (after one warm-up render) and time each, by stage."""
    from explainer import cards, dataset, pages, render
    datasets, problems = dataset.load_all(project / "charts")
    if problems:
        raise SystemExit("\n".join(problems))
    t0 = time.perf_counter()
    render.render(datasets[0])  # warm-up: vl-convert starts its JavaScript engine on first use
    warmup = time.perf_counter() - t0
    watch = Stopwatch()
    instrument(render, watch)
    charts = []
    for ds in datasets:
        t0 = time.perf_counter()
        render.render(ds)
        seconds = time.perf_counter() - t0
        stages = watch.take()
        stages["other"] = max(0.0, seconds - sum(stages.values()))
        charts.append({"id": ds.id, "kind": ds.doc["chart"]["kind"], "records": len(ds.doc["records"]),
                       "seconds": seconds, "stages": stages})
    site_pages = pages.hand_written_pages(project / "docs")
    t0 = time.perf_counter()
    for page in site_pages:
        cards.text_card(page.title, page.section, "Serious and organised crime in the UK, explained")
    page_cards = time.perf_counter() - t0
    return {"warmup": warmup, "charts": charts, "page_cards": {"count": len(site_pages), "seconds": page_cards},
            "stage_names": STAGES}


def inline_spec(project: Path, chart_id: str) -> dict:
    """The Vega-Lite spec of the chart exactly as rendered to the page's inline SVG."""
    from explainer import dataset, kinds
    ds = dataset.load(project / "charts" / f"{chart_id}.json")
    return kinds.build(ds).to_dict()


if __name__ == "__main__":
    command, root = sys.argv[1], Path(sys.argv[2]).resolve()
    sys.path.insert(0, str(root))
    result = render_times(root) if command == "render-times" else inline_spec(root, sys.argv[3])
    json.dump(result, sys.stdout)
