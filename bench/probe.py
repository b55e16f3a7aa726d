"""Runs in its own process on a copy of a site: per-chart drawing times by stage, or one chart's inline spec.

    python bench/probe.py render-times PROJECT [--prefix P] [--limit N] [--today D]
        -> JSON: each chart's seconds and stage split, the warm-up, the page cards, a cProfile of the drawing
    python bench/probe.py inline-spec PROJECT ID [--today D]
        -> JSON: the Vega-Lite spec of the chart as drawn inline on its page (page width)

Drawing is explainer.render.render(dataset, settings), the function the chart step runs in its worker
processes for each chart that is not in the cache: two Vega runs in vl-convert (page and phone width), the
download SVG composed around the page-width drawing, the 2x PNG rasterised from it (resvg) with the text set
by Pillow, the social card scaled from that PNG, and the accessible SVG post-processing."""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

# stage name -> what it covers (times are exclusive: a stage inside another counts once, in itself)
STAGES = {
    "vl_svg": "vl-convert: Vega-Lite to SVG, page and phone width (Vega-Lite compile + Vega, in its "
    "JavaScript engine)",
    "altair": "Altair: build the two charts and their Vega-Lite specs (kinds.build, to_dict)",
    "vl_png": "vl-convert: rasterise the page-width SVG at 2x (resvg) for the PNG",
    "pillow": "Pillow: compose the PNG (paste, set the text) and scale it down to the social card",
    "png_encode": "Pillow: encode the download PNG and the social card (compress_level 3)",
    "text_card": "Pillow: text-only social card (table datasets)",
    "svg_post": "accessible_svg: SVG post-processing (three drawings)",
    "compose": "download SVG: layout (text wrap) and ElementTree composition",
}
VLC_STAGES = {
    "vegalite_to_svg": "vl_svg",
    "vegalite_to_vega": "vl_svg",
    "vega_to_svg": "vl_svg",
    "svg_to_png": "vl_png",
    "vegalite_to_png": "vl_png",
    "vega_to_png": "vl_png",
}


class Stopwatch:
    """Accumulates exclusive seconds per stage: time spent in a nested stage is not counted again in its
    parent."""

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
    """Wrap what explainer.render calls, so each drawing reports its stage split."""
    render.vlc = TimedModule(render.vlc, VLC_STAGES, watch)
    render.cards = TimedModule(render.cards, {"png_bytes": "png_encode", "text_card": "text_card"}, watch)
    for name, stage in (
        ("specs", "altair"),
        ("download_png", "pillow"),
        ("social_card", "pillow"),
        ("accessible_svg", "svg_post"),
        ("download_svg", "compose"),
        ("download_layout", "compose"),
    ):
        if hasattr(render, name):
            setattr(render, name, watch.wrap(stage, getattr(render, name)))


def site(project: Path, today: dt.date):
    """(config, valid datasets, drawing settings) of the site in project."""
    from explainer import build, config, dataset

    cfg = config.load(project)
    datasets, problems = dataset.load_all(
        cfg.charts_dir, today, frozenset(cfg.licences), len(cfg.palette.categorical)
    )
    if problems:
        raise SystemExit("\n".join(map(str, problems)))
    return cfg, datasets, build.settings(cfg)


def render_times(project: Path, today: dt.date, prefix: str, limit: int) -> dict:
    """Draw each chart once without the cache (after one warm-up drawing) and time it, by stage; then draw
    them again under cProfile for the functions the time goes to."""
    from explainer import cards, pages, render

    cfg, datasets, settings = site(project, today)
    chosen = [d for d in datasets if d.id.startswith(prefix)][: limit or None]
    t0 = time.perf_counter()
    render.render(chosen[0], settings)  # warm-up: vl-convert starts its JavaScript engine on first use
    warmup = time.perf_counter() - t0
    watch = Stopwatch()
    instrument(render, watch)
    charts = []
    for ds in chosen:
        t0 = time.perf_counter()
        render.render(ds, settings)
        seconds = time.perf_counter() - t0
        stages = watch.take()
        stages["other"] = max(0.0, seconds - sum(stages.values()))
        charts.append(
            {
                "id": ds.id,
                "kind": ds.kind,
                "records": len(ds.doc["records"]),
                "seconds": seconds,
                "stages": stages,
            }
        )
    profiler = cProfile.Profile()
    profiler.enable()
    for ds in chosen:
        render.render(ds, settings)
    profiler.disable()
    site_pages = pages.hand_written_pages(cfg.docs_dir)
    t0 = time.perf_counter()
    for page in site_pages:
        cards.text_card(page.title, page.section, cfg.name, cfg.palette)
    page_cards = time.perf_counter() - t0
    return {
        "warmup": warmup,
        "charts": charts,
        "page_cards": {"count": len(site_pages), "seconds": page_cards},
        "stage_names": STAGES,
        "profile": top_functions(profiler),
    }


def top_functions(profiler: cProfile.Profile, top: int = 12) -> dict:
    """The functions that take the most own time, and the total."""
    stats = pstats.Stats(profiler)
    rows = []
    for (file, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{Path(file).parent.name}/{Path(file).name}:{line} {name}" if file != "~" else name
        rows.append([where, calls, own, cumulative])
    return {"total": stats.total_tt, "rows": sorted(rows, key=lambda r: -r[2])[:top]}  # type: ignore[attr-defined]


def inline_spec(project: Path, today: dt.date, chart_id: str) -> dict:
    """The Vega-Lite spec of the chart exactly as drawn for the page's page-width (inline) SVG."""
    from explainer import render

    _, datasets, settings = site(project, today)
    ds = next(d for d in datasets if d.id == chart_id)
    return render.specs(ds, settings)["inline"]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["render-times", "inline-spec"])
    parser.add_argument("project", type=Path)
    parser.add_argument("chart", nargs="?")
    parser.add_argument("--prefix", default="")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()
    root = args.project.resolve()
    if args.command == "render-times":
        result = render_times(root, args.today, args.prefix, args.limit)
    else:
        result = inline_spec(root, args.today, args.chart)
    json.dump(result, sys.stdout)
