"""`make bench`: build times and budgets, end-to-end scaling, a profile of the chart step at scale, page
weight, Lighthouse 13 and static-vs-client charts; writes bench/RESULTS.md.

Everything runs on temporary copies of the site, so the working tree is never touched. Lighthouse 13 and the
Node.js 22 it needs are installed into bench/node_modules from bench/package-lock.json if missing. Debian's
Chromium (/usr/bin/chromium) is assumed. The build commands are this virtual environment's `explainer`."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import lighthouse  # noqa: E402
import report  # noqa: E402
import synthetic  # noqa: E402
from report import kb, med_min_max, ms, secs, section, table  # noqa: E402

import browser  # noqa: E402
import build  # noqa: E402
import serve  # noqa: E402

ROOT = HERE.parent
SECTIONS = ["build", "render", "lighthouse", "readers", "side", "scaling", "profile"]  # run in this order
REPORT_ORDER = ["build", "scaling", "profile", "render", "readers", "lighthouse", "side"]
LIGHTHOUSE_PAGES = [
    "/",
    "/threats/fraud/",
    "/proposals/national-security-threat/",
    "/charts/small-boat-arrivals/",
    "/data/",
]
PAGE_BUDGET = 100 * 1024
CLEAN_BUILD_BUDGET = 10.0
NOOP_BUDGET = 0.5
SCALE_N = 1000
SCALE_SITE_BUDGET = 90.0
SCALE_CHARTS_BUDGET = 60.0
FLAT_TOLERANCE = 1.25
PERFORMANCE_BUDGET = 98
LCP_BUDGET = 1500.0
RATIO_BUDGET = 3.0
QUIET_LOAD = 1.2
log = build.log


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options; the defaults are what `make bench` runs."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3, help="clean builds and one-dataset rebuilds (default 3)")
    p.add_argument("--noop-runs", type=int, default=5, help="no-op chart steps (default 5)")
    p.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3: the median)"
    )
    p.add_argument(
        "--side-runs", type=int, default=5, help="loads of each static/client chart page (default 5)"
    )
    p.add_argument("--scale", help="synthetic dataset counts for the scaling runs (default 10,100,1000)")
    p.add_argument(
        "--scale-timeout", type=float, default=600.0, help="stop a scaling command after this many seconds"
    )
    p.add_argument(
        "--sample",
        type=int,
        default=2 * len(synthetic.KINDS),
        help="synthetic datasets drawn one by one for the per-chart profile (default: the kind mix twice)",
    )
    p.add_argument("--chart", default="small-boat-arrivals", help="chart for the static-vs-client comparison")
    p.add_argument("--chromium", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    p.add_argument(
        "--quiet-load",
        type=float,
        default=QUIET_LOAD,
        help="before Lighthouse and the scaling runs, wait until the 1-minute load average is below this",
    )
    p.add_argument(
        "--max-wait",
        type=float,
        default=120.0,
        help="longest wait for a quiet machine, seconds (default 120)",
    )
    p.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated sections: {','.join(SECTIONS)}"
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="1 run of each, 1 Lighthouse run, scaling 10 and 100; no RESULTS.md unless --output",
    )
    p.add_argument(
        "--output", type=Path, help="where to write the report (default bench/RESULTS.md; none with --quick)"
    )
    args = p.parse_args(argv)
    if args.quick:
        args.runs, args.noop_runs, args.lighthouse_runs, args.side_runs = 1, 2, 1, 2
    args.scale = args.scale or ("10,100" if args.quick else "10,100,1000")
    args.output = args.output or (None if args.quick else HERE / "RESULTS.md")
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    return args


def wait_for_quiet(limit: float, most: float, what: str, loads: list) -> None:
    """Wait (at most `most` seconds) until the 1-minute load average is below `limit`; note the load either
    way."""
    t0 = time.perf_counter()
    while os.getloadavg()[0] >= limit and time.perf_counter() - t0 < most:
        time.sleep(5)
    load = os.getloadavg()[0]
    waited = time.perf_counter() - t0
    log(f"{what}: load {load:.2f} after waiting {waited:.0f} s")
    loads.append((f"{what}:", load))


# ---------------------------------------------------------------------------
# Sections: each returns Markdown and adds (group, budget, measured, met, why) rows
# ---------------------------------------------------------------------------


def build_section(res: build.BuildResults, args, budgets: list) -> str:
    """Build times table, and the build budgets (medians)."""
    clean, noop = statistics.median(res.clean_total), statistics.median(res.noop_charts)
    charts, mkdocs = statistics.median(res.clean_charts), statistics.median(res.clean_mkdocs)
    why = (
        f"chart step {secs(charts)} (checks, draws {res.charts} charts in 2 processes, generates) + MkDocs "
        f"step "
        f"{secs(mkdocs)} (mkdocs build --strict of {res.hardened} pages, CSP hardening); see Build and "
        "Per-chart drawing time"
    )
    budgets.append(
        [
            "build",
            f"Clean build (`explainer site`: charts + site) ≤ {CLEAN_BUILD_BUDGET:.0f} s",
            secs(clean),
            clean <= CLEAN_BUILD_BUDGET,
            why,
        ]
    )
    budgets.append(
        [
            "build",
            f"No-op chart step (`explainer charts`, nothing changed) ≤ {NOOP_BUDGET} s",
            secs(noop),
            noop <= NOOP_BUDGET,
            "the stamp's digest of every input (explainer/stamp.py) plus Python start-up",
        ]
    )
    rows = [
        ["Clean build: `explainer site` from clean (the whole build)", *med_min_max(res.clean_total)],
        ["… of which the chart step (check, draw, lint, generate, publish)", *med_min_max(res.clean_charts)],
        [
            "… of which the MkDocs step (`mkdocs build --strict`, CSP hardening, swap)",
            *med_min_max(res.clean_mkdocs),
        ],
        [
            "`explainer charts` right after `explainer site` (full check; drawings cached)",
            *med_min_max(res.first_charts),
        ],
        [
            "No-op chart step: `explainer charts` again, nothing changed (stamp fast path)",
            *med_min_max(res.noop_charts),
        ],
        ["`explainer charts` after one dataset edit (1 chart drawn again)", *med_min_max(res.change_charts)],
        ["`explainer site` after that edit (whole rebuild; drawings cached)", *med_min_max(res.rebuild_site)],
    ]
    note = (
        f"{res.charts} datasets and {res.pages} hand-written pages ({res.hardened} built pages), "
        f"{args.runs} clean builds and edits, {args.noop_runs} no-op runs; wall-clock time from process "
        f"start "
        "(Python start-up included), `--jobs 2` (the default on 2 cores). The chart step's share is the "
        "moment "
        "`explainer site` printed the chart step's summary line. From clean means `make clean`: no drawing "
        "cache, "
        f"no stamp. The edit rewords the last note of `charts/{build.CHANGED_DATASET}.json` in the copy. "
        "`explainer site` does not record the stamp, so the first `explainer charts` after it runs in full; "
        "only later ones take the no-op path. MkDocs has no incremental build: any rebuild of the site is "
        "the "
        "chart step plus the whole MkDocs step."
    )
    return section("Build", table(["Measurement", "Median", "Min", "Max"], rows), note)


def render_rows(data: dict) -> tuple[list, list, float]:
    """(stage rows, per-kind rows, total seconds) of a probe result."""
    charts = data["charts"]
    total = sum(c["seconds"] for c in charts)
    stages: dict[str, float] = defaultdict(float)
    kinds: dict[str, list[float]] = defaultdict(list)
    for c in charts:
        kinds[c["kind"]].append(c["seconds"])
        for name, s in c["stages"].items():
            stages[name] += s
    names = {**data["stage_names"], "other": "everything else (ElementTree parse, JSON, bytes)"}
    stage_rows = [
        [names.get(k, k), ms(1000 * v / len(charts)), f"{100 * v / total:.0f}%"]
        for k, v in sorted(stages.items(), key=lambda kv: -kv[1])
        if v >= 0.0005 * total
    ]
    kind_rows = [
        [k, len(v), ms(1000 * statistics.mean(v))]
        for k, v in sorted(kinds.items(), key=lambda kv: -len(kv[1]))
    ]
    return stage_rows, kind_rows, total


def render_section(data: dict) -> str:
    """Per-chart drawing times of the site's own datasets, the slowest charts and where drawing time goes."""
    charts = data["charts"]
    times = [c["seconds"] for c in charts]
    stage_rows, kind_rows, total = render_rows(data)
    rows = [
        ["Charts drawn", len(charts)],
        ["Total drawing time (one process, no cache)", secs(total)],
        ["Mean per chart", ms(1000 * total / len(charts))],
        ["Median chart", ms(1000 * statistics.median(times))],
        [
            "First drawing in a process (vl-convert start-up), extra",
            ms(1000 * max(0.0, data["warmup"] - statistics.median(times))),
        ],
        [
            f"Page social cards ({data['page_cards']['count']} × `cards.text_card`)",
            secs(data["page_cards"]["seconds"]),
        ],
    ]
    slow = sorted(charts, key=lambda c: -c["seconds"])[:5]
    slow_rows = [[f"`{c['id']}`", c["kind"], c["records"], ms(1000 * c["seconds"])] for c in slow]
    return (
        section(
            "Per-chart drawing time (the site's datasets)",
            table(["Measurement", "Value"], rows),
            "Each chart drawn once by `explainer.render.render` in one process (`bench/probe.py`), no cache, "
            "after "
            "one warm-up drawing: what a worker process of the chart step does for each chart not in the "
            "cache.",
        )
        + "\n"
        + section("Slowest charts", table(["Chart", "Kind", "Records", "Drawing time"], slow_rows, "lllr"))
        + "\n"
        + section(
            "Where drawing time goes (mean per chart)", table(["Stage", "Per chart", "Share"], stage_rows)
        )
        + "\n"
        + section("Drawing time by kind", table(["Kind", "Charts", "Mean"], kind_rows))
    )


def scaling_section(runs: list[build.ScaleRun], budgets: list, floor: dict | None) -> str:
    """The end-to-end scaling table, and the scaling budgets."""
    rows = []
    for r in runs:
        rows.append(
            [
                f"{r.n:,}",
                f"{r.datasets:,}",
                f"{r.built_pages:,}",
                secs(r.check),
                secs(r.charts),
                secs(r.mkdocs),
                secs(r.whole),
                ms(1000 * r.per_dataset),
            ]
        )
    by = {r.n: r for r in runs}
    if len(runs) >= 2:
        a, b = runs[-2], runs[-1]
        slope = (b.whole - a.whole) / (b.n - a.n)
        slope_charts = (b.charts - a.charts) / (b.n - a.n)
        rows.append(
            [
                f"each added dataset ({a.n:,} → {b.n:,})",
                "",
                "",
                "",
                ms(1000 * slope_charts),
                ms(1000 * (slope - slope_charts)),
                ms(1000 * slope),
                "",
            ]
        )
    if SCALE_N in by:
        r = by[SCALE_N]
        cause = floor_text(floor) if floor else "see the profile below"
        budgets.append(
            [
                "scaling",
                f"{SCALE_N:,} synthetic datasets and their pages: whole build (`explainer site`) "
                f"≤ {SCALE_SITE_BUDGET:.0f} s",
                secs(r.whole),
                r.whole <= SCALE_SITE_BUDGET,
                f"chart step {secs(r.charts)} + MkDocs step {secs(r.mkdocs)} ({r.built_pages:,} pages); "
                + cause,
            ]
        )
        budgets.append(
            [
                "scaling",
                f"{SCALE_N:,} synthetic datasets: chart step ≤ {SCALE_CHARTS_BUDGET:.0f} s",
                secs(r.charts),
                r.charts <= SCALE_CHARTS_BUDGET,
                cause,
            ]
        )
        if 100 in by:
            growth = r.per_dataset / by[100].per_dataset
            budgets.append(
                [
                    "scaling",
                    f"Flat per-dataset time ({SCALE_N:,} vs 100 synthetic, within {FLAT_TOLERANCE:.2f}x)",
                    f"{ms(1000 * by[100].per_dataset)} → {ms(1000 * r.per_dataset)} ({growth:.2f}x)",
                    growth <= FLAT_TOLERANCE,
                    "see the profile below",
                ]
            )
    note = " ".join(
        [
            f"The site (its own {runs[0].datasets - runs[0].n} datasets and pages) plus N synthetic datasets",
            "(`bench/synthetic.py`: the site's mix of kinds plus grouped and stacked bars and lines,",
            "2-32 records, a source, a `currency` block, titles quoting record values), each shown on a",
            f"generated page ({synthetic.CHARTS_PER_PAGE} per page, in a Synthetic section of the",
            "navigation),",
            "so MkDocs builds every chart page and every page that shows them. Each run is a fresh copy:",
            "`explainer check --no-drawings` first (it passes: every rule but the drawing rules, which",
            "`explainer site` then applies to every drawing), then `explainer site` from clean (`--jobs 2`),",
            "timed as in Build. Every number is measured, none projected. Per dataset = whole build ÷ all",
            "datasets.",
        ]
    )
    return section(
        "Scaling (end to end)",
        table(
            [
                "Synthetic datasets",
                "All datasets",
                "Pages built",
                "Check",
                "Chart step",
                "MkDocs step",
                "Whole build",
                "Per dataset",
            ],
            rows,
            "lrrrrrrr",
        ),
        note,
    )


def floor_of(run: build.ScaleRun, prof: build.Profile | None, sample: dict | None) -> dict | None:
    """What the chart step at scale is made of, and the floor that drawing on 2 cores implies."""
    if not sample:
        return None
    _, _, total = render_rows(sample)
    per_chart = total / len(sample["charts"])
    drawing_cpu = per_chart * run.datasets
    serial = run.check + (
        run.charts - run.drawn_at
    )  # measured, not profiled: check, then lint, generate, publish
    return {
        "per_chart": per_chart,
        "drawing_cpu": drawing_cpu,
        "drawing_floor": drawing_cpu / build.JOBS,
        "serial": serial,
        "floor": drawing_cpu / build.JOBS + serial,
        "datasets": run.datasets,
        "measured_drawing": run.drawn_at - run.check,
        "vl": vl_share(sample),
    }


def vl_share(sample: dict) -> float:
    """Seconds per chart spent in vl-convert (both Vega runs and the rasterising)."""
    charts = sample["charts"]
    return sum(c["stages"].get("vl_svg", 0) + c["stages"].get("vl_png", 0) for c in charts) / len(charts)


def floor_text(f: dict) -> str:
    """One line: the measured cause of a missed scale budget."""
    return (
        f"drawing takes {ms(1000 * f['per_chart'])} of CPU per chart ({ms(1000 * f['vl'])} of it in "
        f"vl-convert), "
        f"so {f['datasets']:,} charts need {secs(f['drawing_cpu'])} of CPU: at least "
        f"{secs(f['drawing_floor'])} on 2 cores, "
        f"plus {secs(f['serial'])} of single-process work (check, drawing rules, generate, publish): a floor "
        f"of "
        f"{secs(f['floor'])} for the chart step as drawn today"
    )


def profile_section(
    run: build.ScaleRun, prof: build.Profile | None, sample: dict | None, floor: dict | None
) -> str:
    """Where the chart step's time goes at scale, and the floor."""
    blocks = []
    phase_rows = [
        ["Start-up and check (`explainer check --no-drawings`, its own run)", secs(run.check)],
        ["Drawing (2 worker processes), until the last chart was drawn", secs(run.drawn_at - run.check)],
        ["Drawing rules over every SVG, generate, publish", secs(run.charts - run.drawn_at)],
        ["**Chart step**", f"**{secs(run.charts)}**"],
        [
            f"MkDocs step ({run.built_pages:,} pages: `mkdocs build --strict`, CSP hardening, swap)",
            secs(run.mkdocs),
        ],
        ["**Whole build**", f"**{secs(run.whole)}**"],
    ]
    blocks.append(
        section(
            f"Chart step at {run.n:,} synthetic datasets: where the time goes",
            table(["Phase", "Time"], phase_rows),
            f"The {run.n:,}-dataset run of the scaling table ({run.datasets:,} datasets). Drawing = from the "
            "end of the check until the chart step printed its last `drew` line.",
        )
    )
    if prof:
        rows = [[label, secs(s)] for label, s in prof.phases]
        blocks.append(
            section(
                f"Chart step at {run.n:,}, besides drawing (cProfile, `--jobs 1`, drawings cached)",
                table(["Phase (cumulative)", "Time"], rows)
                + "\n\n"
                + table(
                    ["Function", "Calls", "Own time", "Cumulative"],
                    [[f"`{w}`", f"{c:,}", secs(own), secs(cum)] for w, c, own, cum in prof.top],
                ),
                f"`python -m cProfile -m explainer charts --jobs 1` on the built {run.n:,}-dataset copy "
                f"(every drawing in the cache, no stamp): {secs(prof.wall)} wall, {secs(prof.total)} "
                "profiled (cProfile slows Python code more than native code). Sorted by own time.",
            )
        )
    if sample:
        stage_rows, kind_rows, _total = render_rows(sample)
        prof_rows = [
            [
                f"`{w}`",
                f"{c:,}",
                ms(1000 * own / len(sample["charts"])),
                f"{100 * own / sample['profile']['total']:.0f}%",
            ]
            for w, c, own, _ in sample["profile"]["rows"]
        ]
        blocks.append(
            section(
                f"Drawing one chart ({len(sample['charts'])} synthetic datasets, one process, no cache)",
                table(["Stage", "Per chart", "Share"], stage_rows)
                + "\n\n"
                + table(["Kind", "Charts", "Mean"], kind_rows)
                + "\n\n"
                + table(["Function (cProfile)", "Calls", "Own time per chart", "Share"], prof_rows),
                "`explainer.render.render` on each dataset in turn (`bench/probe.py`): the work a worker "
                "process does per chart. Two Vega runs (page and phone width), the download SVG composed "
                "around the page-width drawing, its 2x PNG rasterised once, the social card scaled from it.",
            )
        )
    if floor:
        rows = [
            ["CPU per chart (drawing, one process)", ms(1000 * floor["per_chart"])],
            ["… of which vl-convert (two Vega runs and the rasterising)", ms(1000 * floor["vl"])],
            [f"Drawing CPU for {floor['datasets']:,} charts", secs(floor["drawing_cpu"])],
            ["… on 2 cores, at best", secs(floor["drawing_floor"])],
            ["… as measured in the run (2 worker processes)", secs(floor["measured_drawing"])],
            [
                "Single-process work besides drawing (check; drawing rules, generate, publish: measured "
                "above)",
                secs(floor["serial"]),
            ],
            ["**Floor for the chart step as drawn today**", f"**{secs(floor['floor'])}**"],
            ["Floor of vl-convert alone on 2 cores", secs(floor["vl"] * floor["datasets"] / build.JOBS)],
        ]
        blocks.append(
            section(
                "The floor it implies",
                table(["", "Time"], rows),
                "Drawing parallelises over the 2 cores; the check, the drawing rules, generating and "
                "publishing run in one process, and so does MkDocs.",
            )
        )
    return "\n".join(blocks)


def readers_section(loads: list[browser.PageLoad], budgets: list, site: Path) -> str:
    """First-load weight of every page, and what the bytes are."""
    sizes = sorted(loads, key=lambda p: p.bytes)
    over = [p for p in loads if p.bytes > PAGE_BUDGET]
    largest = sizes[-1]
    rows = [
        ["Pages measured", len(loads)],
        ["Median first load", kb(statistics.median(p.bytes for p in loads))],
        ["Largest", f"{kb(largest.bytes)} (`{largest.url}`)"],
        ["Smallest", f"{kb(sizes[0].bytes)} (`{sizes[0].url}`)"],
        ["Pages over 100 KB", f"{len(over)} of {len(loads)}"],
        ["Redirect stubs (not counted)", ", ".join(f"`{p}`" for p in browser.redirect_stubs(site)) or "none"],
    ]
    seen: dict[str, list[int]] = defaultdict(list)
    for load in loads:
        for path, n in load.requests:
            seen[path].append(n)
    top = sorted(seen.items(), key=lambda kv: -sum(kv[1]))[:8]
    res_rows = [[f"`{path}`", kb(statistics.median(ns)), f"{len(ns)} of {len(loads)}"] for path, ns in top]
    why = "; ".join(f"`{p.url}` {kb(p.bytes)}" for p in sorted(over, key=lambda p: -p.bytes)[:5])
    budgets.append(
        [
            "readers",
            "Every page's first load ≤ 100 KB compressed",
            f"{len(over)} of {len(loads)} over; largest {kb(largest.bytes)}",
            not over,
            why,
        ]
    )
    note = (
        "Measured with Playwright (Chromium, fresh context = empty cache, 412x823 viewport): load the page, "
        "wait until "
        "no request has been in flight for 0.3 s, and sum the response bodies of every request it made, as "
        "the gzip "
        "server sent them (compressed bytes, headers excluded). This counts everything that loads, including "
        "requests "
        "made by scripts and workers. Pages: every `**/index.html`, `charts/*/embed.html` and `404.html`. "
        "1 KB = 1,024 bytes."
    )
    return (
        section("Readers: first-load weight", table(["Measurement", "Value"], rows), note)
        + "\n"
        + section(
            "What the bytes are (largest contributors across all pages)",
            table(["Resource", "Compressed", "Loaded by"], res_rows, "lrr"),
        )
    )


def side_section(data: dict, chart_id: str, budgets: list) -> str:
    """Static inline SVG versus client-side Vega-Embed, for the chart page and for the embed view."""
    rows = []
    for name, label in (
        ("page", f"Chart page `/charts/{chart_id}/`"),
        ("embed", f"Embed view `/charts/{chart_id}/embed.html`"),
    ):
        d = data[name]
        sb, cb = statistics.median(d["static_bytes"]), statistics.median(d["client_bytes"])
        st, ct = statistics.median(d["static_ms"]), statistics.median(d["client_ms"])
        rows.append(
            [
                label + ": static (inline SVG)",
                kb(sb),
                ms(st),
                f"{ms(min(d['static_ms']))} – {ms(max(d['static_ms']))}",
            ]
        )
        rows.append(
            [
                label + ": client-side (Vega-Embed)",
                kb(cb),
                ms(ct),
                f"{ms(min(d['client_ms']))} – {ms(max(d['client_ms']))}",
            ]
        )
        rows.append([label + ": ratio client / static", f"{cb / sb:.1f}x", f"{ct / st:.1f}x", ""])
        if name == "page":
            budgets.append(
                [
                    "side",
                    "Static chart page ≥ 3x lighter than client-side",
                    f"{cb / sb:.1f}x",
                    cb / sb >= RATIO_BUDGET,
                    "the page's own weight dominates",
                ]
            )
            budgets.append(
                [
                    "side",
                    "Static chart page ≥ 3x faster to a painted chart",
                    f"{ct / st:.1f}x",
                    ct / st >= RATIO_BUDGET,
                    "the page's own stylesheets and HTML dominate the static time",
                ]
            )
    note = (
        "Client-side twin: the same built page with both inline drawings replaced by an empty container, the "
        "chart's "
        "page-width Vega-Lite spec and `vl_convert.javascript_bundle()` (Vega + Vega-Lite + Vega-Embed) "
        "served from "
        "the same local gzip server, no CDN; its CSP meta tag is removed because Vega needs `new "
        "Function()`. Time = "
        "`performance.now()` when the chart's `svg` first exists with a non-zero size (checked every "
        "animation "
        "frame). Fresh context per load, 1280x900 viewport, order alternated; medians of the runs shown."
    )
    return section(
        "Static chart vs client-side rendering",
        table(["Variant", "First load", "Time to chart (median)", "Min – max"], rows),
        note,
    )


def spread(values: list[float], fmt) -> str:
    """median (min–max) of a few values."""
    med = statistics.median(values)
    return f"{fmt(med)} ({fmt(min(values))}–{fmt(max(values))})" if len(values) > 1 else fmt(med)


def lighthouse_section(results: dict[str, list[dict]], budgets: list) -> str:
    """Lighthouse per page (median of the runs, and the spread), and what cost points."""
    rows, metric_rows = [], []
    fails: dict[tuple[str, str], dict] = {}
    whole = lambda x: f"{x:.0f}"  # noqa: E731
    for page, runs in results.items():
        scores = {c: [r["scores"][c] for r in runs] for c in lighthouse.CATEGORIES}
        med = {c: statistics.median(v) for c, v in scores.items()}
        metric = {m: [r["metrics"][m] for r in runs] for m in lighthouse.METRICS}
        lcp = statistics.median(metric["largest-contentful-paint"])
        rows.append(
            [
                f"`{page}`",
                spread(scores["performance"], whole),
                spread(metric["largest-contentful-paint"], ms),
                *[spread(scores[c], whole) for c in lighthouse.CATEGORIES[1:]],
            ]
        )
        metric_rows.append(
            [
                f"`{page}`",
                spread(metric["first-contentful-paint"], ms),
                spread(metric["speed-index"], ms),
                spread(metric["total-blocking-time"], ms),
                spread(metric["cumulative-layout-shift"], lambda x: f"{x:.3f}"),
                ", ".join(sorted({f"`{r['lcp_element'][-60:]}`" for r in runs if r["lcp_element"]})),
            ]
        )
        for r in runs:
            for f in r["failures"]:
                entry = fails.setdefault((f["category"], f["id"]), {**f, "pages": set()})
                entry["pages"].add(page)
        page_fails = sorted({f["id"] for r in runs for f in r["failures"] if f["category"] == "performance"})
        why_perf = (
            f"TBT {spread(metric['total-blocking-time'], ms)}, LCP {ms(lcp)}, FCP "
            f"{ms(statistics.median(metric['first-contentful-paint']))}; flagged: "
            f"{', '.join(page_fails) or 'nothing'}"
        )
        budgets.append(
            [
                "lighthouse",
                f"Lighthouse `{page}`: performance ≥ {PERFORMANCE_BUDGET} (median)",
                spread(scores["performance"], whole),
                med["performance"] >= PERFORMANCE_BUDGET,
                why_perf,
            ]
        )
        budgets.append(
            [
                "lighthouse",
                f"Lighthouse `{page}`: largest contentful paint ≤ {LCP_BUDGET / 1000:.1f} s (median)",
                spread(metric["largest-contentful-paint"], ms),
                lcp <= LCP_BUDGET,
                f"FCP {ms(statistics.median(metric['first-contentful-paint']))}; LCP element "
                + ", ".join(sorted({r["lcp_element"][-60:] for r in runs if r["lcp_element"]})),
            ]
        )
        others = [c for c in lighthouse.CATEGORIES[1:] if med[c] < 100]
        budgets.append(
            [
                "lighthouse",
                f"Lighthouse `{page}`: accessibility, best practices, SEO 100",
                " / ".join(whole(med[c]) for c in lighthouse.CATEGORIES[1:]),
                not others,
                "; ".join(
                    f"{f['category']}: {f['id']}"
                    for r in runs
                    for f in r["failures"]
                    if f["category"] in others
                ),
            ]
        )
    bench_index = statistics.median(r["benchmark_index"] or 0 for runs in results.values() for r in runs)
    runs_n = max(len(v) for v in results.values())
    table1 = table(["Page", "Performance", "LCP", "Accessibility", "Best practices", "SEO"], rows)
    table2 = table(["Page", "FCP", "Speed index", "TBT", "CLS", "LCP element"], metric_rows, "lrrrrl")
    fail_rows = [
        [
            f["category"],
            f"`{f['id']}`: {f['title']}",
            f["value"],
            ", ".join(f"{k} {v:,.0f}" for k, v in f["savings"].items()),
            ", ".join(sorted(f["pages"])),
            "; ".join(f"`{w[:70]}`" for w in f["where"]),
        ]
        for f in sorted(fails.values(), key=lambda f: (f["category"], f["id"]))
    ]
    table3 = (
        table(["Category", "Audit", "Value", "Est. savings (ms)", "Pages", "Examples"], fail_rows, "llllll")
        if fail_rows
        else "None."
    )
    note = (
        f"Lighthouse {lighthouse.version()} on Node.js {lighthouse.node_version()} (bench/node_modules), "
        f"mobile "
        "defaults (Moto G Power emulation, simulated throttling: 150 ms RTT, 1.6 Mbps, 4x CPU slowdown), "
        "Debian's "
        f"Chromium headless, the site served gzipped by `bench/serve.py`; median of {runs_n} runs per page "
        f"with "
        "(min–max); runs round-robin over the pages, a fresh Chromium each. Metrics are Lighthouse's "
        "simulated "
        f"values. Median benchmarkIndex {bench_index:.0f} (the machine's speed as Lighthouse measured it; "
        f"TBT "
        "scales with it)."
    )
    return (
        section("Lighthouse", table1 + "\n\n" + table2, note)
        + "\n"
        + section("Lighthouse: audits and insights that flagged something (in any run)", table3)
    )


def budgets_section(budgets: list) -> str:
    """The Budgets table, and why each missed budget was missed."""
    ordered = sorted(budgets, key=lambda b: REPORT_ORDER.index(b[0]))
    rows = [[b, m, "met" if ok else "**missed**"] for _, b, m, ok, _ in ordered]
    text = section("Budgets", table(["Budget", "Measured", "Result"], rows, "lll"))
    missed = [[b, why] for _, b, _, ok, why in ordered if not ok]
    if missed:
        text += "\n" + section(
            "Why budgets were missed (measured cause)", table(["Budget", "Cause"], missed, "ll")
        )
    return text


# ---------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------


def guarded(name: str, key: str, blocks: dict[str, str], func, *args):
    """Run one section; on failure, put the error in the report instead of stopping the whole benchmark."""
    t0 = time.perf_counter()
    try:
        return func(*args)
    except Exception as exc:
        traceback.print_exc()
        first_line = str(exc).splitlines()[0][:300] if str(exc) else ""
        blocks[key] = section(name, f"Not measured: `{type(exc).__name__}: {first_line}`")
        return None
    finally:
        log(f"{name}: {time.perf_counter() - t0:.0f} s")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    loads = [("start", os.getloadavg()[0])]
    blocks: dict[str, str] = {}
    budgets: list = []
    notes: list[str] = []
    have_chromium = Path(args.chromium).exists()
    if not have_chromium:
        notes.append(
            f"Chromium not found at `{args.chromium}` (this benchmark assumes Debian's: `apt-get install "
            f"chromium`); "
            "browser sections skipped."
        )
    lh_problem = lighthouse.ensure_installed() if "lighthouse" in args.only else None
    if lh_problem:
        notes.append(lh_problem)

    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as tmp_name:
        tmp = Path(tmp_name)
        log(f"copying the site to {tmp}/project")
        project = build.copy_project(ROOT, tmp / "project")

        if "build" in args.only:
            res = guarded("Build", "build", blocks, build.measure_builds, project, args.runs, args.noop_runs)
            if res:
                blocks["build"] = build_section(res, args, budgets)
                build.restore(
                    ROOT, project
                )  # undo the benchmark's edit, so the pages measured below are the site's
        if not (project / "site").is_dir() and {"readers", "side", "lighthouse", "render"} & set(args.only):
            guarded("Site build", "build", blocks, build.build_site, project)
        if "render" in args.only:
            data = guarded("Per-chart drawing time", "render", blocks, build.render_times, project)
            if data:
                blocks["render"] = render_section(data)

        site = project / "site"
        client_dir = tmp / "client"
        client_dir.mkdir()
        if have_chromium and site.is_dir() and {"readers", "side", "lighthouse"} & set(args.only):
            with serve.running(site, {browser.CLIENT_PREFIX: client_dir}) as server:
                log(f"serving {site} at {server.url}")
                if "lighthouse" in args.only and not lh_problem:
                    wait_for_quiet(args.quiet_load, args.max_wait, "before Lighthouse", loads)
                    results = guarded("Lighthouse", "lighthouse", blocks, run_lighthouse, server, tmp, args)
                    if results:
                        blocks["lighthouse"] = lighthouse_section(results, budgets)
                if "readers" in args.only:
                    pages = guarded(
                        "Readers", "readers", blocks, browser.page_weights, server, site, args.chromium
                    )
                    if pages:
                        blocks["readers"] = readers_section(pages, budgets, site)
                if "side" in args.only:
                    data = guarded(
                        "Static chart vs client-side rendering",
                        "side",
                        blocks,
                        side_by_side,
                        project,
                        site,
                        client_dir,
                        server,
                        args,
                    )
                    if data:
                        blocks["side"] = side_section(data, args.chart, budgets)

        if "scaling" in args.only:
            sizes = sorted(int(s) for s in args.scale.split(",") if s.strip())
            wait_for_quiet(args.quiet_load, args.max_wait, "before scaling", loads)
            found = guarded("Scaling", "scaling", blocks, build.scaling, ROOT, tmp, sizes, args.scale_timeout)
            if found:
                runs, kept = found
                largest = runs[-1]
                prof = sample = None
                if "profile" in args.only and kept:
                    prof = guarded(
                        "Chart step profile", "profile", blocks, build.profile_chart_step, kept, largest.n
                    )
                    sample = guarded(
                        "Per-chart profile",
                        "profile",
                        blocks,
                        build.render_times,
                        kept,
                        synthetic.PREFIX,
                        args.sample,
                    )
                floor = floor_of(largest, prof, sample)
                blocks["scaling"] = scaling_section(runs, budgets, floor)
                if "profile" in args.only:
                    blocks["profile"] = profile_section(largest, prof, sample, floor)

    loads.append(("end", os.getloadavg()[0]))
    lh_version = lighthouse.version() if lighthouse.installed() else "not installed"
    lh_node = lighthouse.node_version() if lighthouse.installed() else "not installed"
    header = [
        "## Benchmark results (`make bench`)",
        "",
        f"Produced by `bench/run.py` in {secs(time.perf_counter() - started)} on temporary copies of the "
        f"site.",
        "",
        table(["Machine", ""], report.machine(args.chromium, lh_version, lh_node, loads), "ll"),
        "",
    ]
    header += [f"> {n}\n" for n in notes]
    body = [blocks[k] for k in REPORT_ORDER if k in blocks]
    text = "\n".join(header) + "\n" + budgets_section(budgets) + "\n" + "\n".join(body)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        log(f"wrote {args.output}")
    return 0


def side_by_side(project: Path, site: Path, client_dir: Path, server: serve.StaticServer, args) -> dict:
    """Build the client-side twins of one chart's page and embed view, then time both ways."""
    spec = build.inline_spec(project, args.chart)
    paths = browser.client_side_pages(site, client_dir, args.chart, spec)
    pairs = {
        "page": (f"/charts/{args.chart}/", paths["page"]),
        "embed": (f"/charts/{args.chart}/embed.html", paths["embed"]),
    }
    return browser.side_by_side(server, args.chromium, pairs, args.side_runs)


def run_lighthouse(server: serve.StaticServer, tmp: Path, args) -> dict[str, list[dict]]:
    """Lighthouse on each page, round-robin so noise spreads evenly; {page: [summary per run]}."""

    def progress(url, run, rep):
        s = lighthouse.summary(rep)
        log(f"lighthouse {url} run {run + 1}: {s['scores']} LCP {s['lcp']:.0f} ms TBT {s['tbt']:.0f} ms")

    urls = [server.url.rstrip("/") + page for page in LIGHTHOUSE_PAGES]
    reports = lighthouse.run_all(urls, args.lighthouse_runs, tmp / "lighthouse", args.chromium, progress)
    return {
        page: [lighthouse.summary(r) for r in reps]
        for page, reps in zip(LIGHTHOUSE_PAGES, reports, strict=True)
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
