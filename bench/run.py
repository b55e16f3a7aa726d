"""`make bench`: measure build time, scaling, page weight, Lighthouse and static-vs-client charts; write bench/RESULTS.md.

Everything runs on a temporary copy of the project, so the working tree is never touched. Lighthouse is installed
into bench/node_modules from bench/package-lock.json if missing. Debian's Chromium (/usr/bin/chromium) is assumed.
"""

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

import browser  # noqa: E402
import build  # noqa: E402
import lighthouse  # noqa: E402
import report  # noqa: E402
import serve  # noqa: E402
from report import kb, med_min_max, ms, secs, section, table  # noqa: E402

ROOT = HERE.parent
SECTIONS = ["build", "render", "readers", "side", "lighthouse", "scaling"]  # run in this order; "profile" only when asked
REPORT_ORDER = ["build", "profile", "render", "scaling", "readers", "lighthouse", "side"]
LIGHTHOUSE_PAGES = ["/", "/threats/fraud/", "/proposals/national-security-threat/", "/charts/small-boat-arrivals/", "/data/"]
PAGE_BUDGET = 100 * 1024
SCALE_BUDGET = 60.0
FLAT_TOLERANCE = 1.25
RATIO_BUDGET = 3.0
CLEAN_BUILD_BUDGET = 10.0
NOOP_BUDGET = 0.5
log = build.log


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options; the defaults are what `make bench` runs."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="runs of each build measurement (default 5)")
    p.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    p.add_argument("--side-runs", type=int, default=5, help="loads of each static/client chart page (default 5)")
    p.add_argument("--scale", default="10,100,1000", help="synthetic dataset counts for the scaling runs")
    p.add_argument("--scale-limit", type=float, default=90.0,
                   help="stop a scaling run after this many seconds and project its total from the rate so far (default 90)")
    p.add_argument("--chart", default="small-boat-arrivals", help="chart for the static-vs-client comparison")
    p.add_argument("--chromium", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    p.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections: {','.join(SECTIONS)},profile")
    p.add_argument("--profile", action="store_true", help="also cProfile a clean chart step (--jobs 1) and list the top functions")
    p.add_argument("--quick", action="store_true", help="2 runs, 1 Lighthouse run, scaling 10 and 100; no RESULTS.md unless --output")
    p.add_argument("--output", type=Path, help="where to write the report (default bench/RESULTS.md; none with --quick)")
    args = p.parse_args(argv)
    if args.quick:
        args.runs, args.lighthouse_runs, args.side_runs, args.scale = 2, 1, 2, "10,100"
    args.output = args.output or (None if args.quick else HERE / "RESULTS.md")
    args.only = [s.strip() for s in args.only.split(",") if s.strip()] + (["profile"] if args.profile else [])
    return args


def scale_plan(sizes: list[int]) -> list[tuple[int, int]]:
    """(datasets, jobs) runs: every size with --jobs 2, plus 100 with --jobs 1 to show the parallel gain."""
    plan = [(n, 2) for n in sizes]
    if 100 in sizes:
        plan.insert(plan.index((100, 2)) + 1, (100, 1))
    return plan


# ---------------------------------------------------------------------------
# Sections: each returns Markdown and adds (budget, measured, met) rows
# ---------------------------------------------------------------------------

def build_section(res: build.BuildResults, runs: int, budgets: list) -> str:
    """Build times table, and the build budgets (medians)."""
    clean, noop = statistics.median(res.clean_total), statistics.median(res.noop_charts)
    budgets.append(["build", f"Clean build (charts + site) ≤ {CLEAN_BUILD_BUDGET:.0f} s", secs(clean), clean <= CLEAN_BUILD_BUDGET])
    budgets.append(["build", f"No-op rebuild of the chart step ≤ {NOOP_BUDGET} s", secs(noop), noop <= NOOP_BUDGET])
    rows = [
        ["Clean build: chart step + MkDocs step", *med_min_max(res.clean_total)],
        ["Chart step, clean (`build_charts.py`, empty cache, default `--jobs 2`)", *med_min_max(res.clean_charts)],
        ["MkDocs step (`mkdocs build --strict` + `explainer.harden`)", *med_min_max(res.clean_mkdocs)],
        ["No-op rebuild of the chart step (nothing changed)", *med_min_max(res.noop_charts)],
        ["Chart step after one dataset edit (1 chart re-rendered)", *med_min_max(res.change_charts)],
    ]
    note = (f"{res.charts} datasets, {runs} runs each, wall-clock time including Python start-up. "
            f"The edit rewords the last note of `charts/{build.CHANGED_DATASET}.json` in the copy. MkDocs has no "
            "incremental build, so a full rebuild after an edit is that chart step plus the MkDocs step.")
    return section("Build", table(["Measurement", "Median", "Min", "Max"], rows), note)


def render_section(data: dict) -> str:
    """Per-chart render times, the slowest charts and where render time goes."""
    charts = data["charts"]
    times = [c["seconds"] for c in charts]
    total = sum(times)
    rows = [
        ["Charts rendered", len(charts)],
        ["Total render time (one process, no cache)", secs(total)],
        ["Total / charts", secs(total / len(charts))],
        ["Median chart", secs(statistics.median(times))],
        ["First render in a process (vl-convert start-up), extra", secs(max(0.0, data["warmup"] - statistics.median(times)))],
        [f"Page social cards, drawn uncached ({data['page_cards']['count']} × `cards.text_card`)", secs(data["page_cards"]["seconds"])],
    ]
    slow = sorted(charts, key=lambda c: -c["seconds"])[:5]
    slow_rows = [[f"`{c['id']}`", c["kind"], c["records"], secs(c["seconds"])] for c in slow]
    stages = defaultdict(float)
    for c in charts:
        for name, s in c["stages"].items():
            stages[name] += s
    names = {**data["stage_names"], "other": "everything else (JSON, bytes)"}
    stage_rows = [[names.get(k, k), secs(v), f"{100 * v / total:.0f}%"] for k, v in sorted(stages.items(), key=lambda kv: -kv[1])]
    return (section("Per-chart render time", table(["Measurement", "Value"], rows),
                    "Each chart rendered once in one process (`bench/probe.py`), from a clean cache, after one warm-up render.")
            + "\n" + section("Slowest charts", table(["Chart", "Kind", "Records", "Render time"], slow_rows, "lllr"))
            + "\n" + section("Where render time goes", table(["Stage", "Time", "Share"], stage_rows)))


def profile_section(total: float, rows: list) -> str:
    """Top functions of a cProfiled clean chart step."""
    body = table(["Function", "Calls", "Own time", "Cumulative", "Share (own)"],
                 [[f"`{w}`", f"{c:,}", secs(own), secs(cum), f"{100 * own / total:.0f}%"] for w, c, own, cum in rows])
    return section("Chart step profile (cProfile, clean cache, `--jobs 1`)", body,
                   f"Total {secs(total)} under cProfile (which slows Python code more than native code). Sorted by own time.")


def scaling_section(runs: list[build.ScaleRun], limit: float, budgets: list) -> str:
    """Scaling table, and the scaling budgets."""
    rows = []
    for r in runs:
        note = (f"stopped at {limit:.0f} s after {r.done:,} datasets; total = start-up + remaining at the rate so far "
                "(excludes writing pages)") if r.projected else ""
        rows.append([f"{r.n:,}", r.jobs, secs(r.seconds) + (" (projected)" if r.projected else ""), f"{r.per_dataset * 1000:,.0f} ms", note])
    by = {(r.n, r.jobs): r for r in runs}
    if (100, 1) in by and (100, 2) in by:
        rows.append(["100: gain from `--jobs 2`", "", f"{by[(100, 1)].seconds / by[(100, 2)].seconds:.2f}x faster", "", ""])
    if (1000, 2) in by:
        r = by[(1000, 2)]
        budgets.append(["scaling", "1,000 datasets, chart step (`--jobs 2`) ≤ 60 s",
                        secs(r.seconds) + (" (projected)" if r.projected else ""), r.seconds <= SCALE_BUDGET])
        if (100, 2) in by:
            growth = r.per_dataset / by[(100, 2)].per_dataset
            budgets.append(["scaling", f"Flat per-dataset time (1,000 vs 100 within {FLAT_TOLERANCE:.2f}x)",
                            f"{by[(100, 2)].per_dataset * 1000:.0f} → {r.per_dataset * 1000:.0f} ms ({growth:.2f}x)",
                            growth <= FLAT_TOLERANCE])
    note = ("Chart step (`build_charts.py --charts … --docs … --out …`) from an empty cache on synthetic valid datasets "
            "(`bench/synthetic.py`: all chart kinds, 4-30 records), one run each.")
    return section("Scaling", table(["Datasets", "Jobs", "Total", "Per dataset", "Note"], rows, "rrrrl"), note)


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
    budgets.append(["readers", "Every page's first load ≤ 100 KB compressed", f"{len(over)} of {len(loads)} over; largest {kb(largest.bytes)}", not over])
    note = ("Measured with Playwright (Chromium, fresh context = empty cache, 412x823 viewport): load the page, wait until "
            "no request has been in flight for 0.3 s, and sum the response bodies of every request it made, as the gzip "
            "server sent them (compressed bytes, headers excluded). This counts everything that loads, including requests "
            "made by scripts and workers. Pages: every `**/index.html`, `charts/*/embed.html` and `404.html`. "
            "1 KB = 1,024 bytes.")
    return (section("Readers: first-load weight", table(["Measurement", "Value"], rows), note) + "\n"
            + section("What the bytes are (largest contributors across all pages)",
                      table(["Resource", "Compressed", "Loaded by"], res_rows, "lrr")))


def side_section(data: dict, chart_id: str, budgets: list) -> str:
    """Static inline SVG versus client-side Vega-Embed, for the chart page and for the embed view."""
    rows = []
    for name, label in (("page", f"Chart page `/charts/{chart_id}/`"), ("embed", f"Embed view `/charts/{chart_id}/embed.html`")):
        d = data[name]
        sb, cb = statistics.median(d["static_bytes"]), statistics.median(d["client_bytes"])
        st, ct = statistics.median(d["static_ms"]), statistics.median(d["client_ms"])
        rows.append([label + ": static (inline SVG)", kb(sb), ms(st), f"{ms(min(d['static_ms']))} – {ms(max(d['static_ms']))}"])
        rows.append([label + ": client-side (Vega-Embed)", kb(cb), ms(ct), f"{ms(min(d['client_ms']))} – {ms(max(d['client_ms']))}"])
        rows.append([label + ": ratio client / static", f"{cb / sb:.1f}x", f"{ct / st:.1f}x", ""])
        if name == "page":
            budgets.append(["side", "Static chart page ≥ 3x lighter than client-side", f"{cb / sb:.1f}x", cb / sb >= RATIO_BUDGET])
            budgets.append(["side", "Static chart page ≥ 3x faster to a painted chart", f"{ct / st:.1f}x", ct / st >= RATIO_BUDGET])
    note = ("Client-side twin: the same built page with the inline SVG replaced by an empty container, the chart's inline "
            "Vega-Lite spec and `vl_convert.javascript_bundle()` (Vega + Vega-Lite + Vega-Embed) served from the same local "
            "gzip server, no CDN; its CSP meta tag is removed because Vega needs `new Function()`. Time = `performance.now()` "
            "when the chart container's `svg` first exists with a non-zero size (checked every animation frame). Fresh "
            "context per load, 1280x900 viewport, order alternated; medians of the runs shown.")
    return section("Static chart vs client-side rendering", table(["Variant", "First load", "Time to chart (median)", "Min – max"], rows), note)


def lighthouse_section(results: dict[str, list[dict]], budgets: list) -> str:
    """Median Lighthouse scores per page, and the audits that cost points."""
    rows = []
    fails: dict[tuple[str, str], dict] = {}
    for page, runs in results.items():
        med = {c: statistics.median(r["scores"][c] for r in runs) for c in lighthouse.CATEGORIES}
        rows.append([f"`{page}`", *[f"{med[c]:.0f}" for c in lighthouse.CATEGORIES],
                     ms(statistics.median(r["lcp"] for r in runs)), ms(statistics.median(r["tbt"] for r in runs))])
        budgets.append(["lighthouse", f"Lighthouse `{page}`: 100 in each category",
                        " / ".join(f"{med[c]:.0f}" for c in lighthouse.CATEGORIES), all(med[c] >= 100 for c in lighthouse.CATEGORIES)])
        for r in runs:
            for f in r["failures"]:
                entry = fails.setdefault((f["category"], f["id"]), {**f, "pages": set()})
                entry["pages"].add(page)
    bench_index = statistics.median(r["benchmark_index"] or 0 for runs in results.values() for r in runs)
    table1 = table(["Page", "Performance", "Accessibility", "Best practices", "SEO", "LCP", "TBT"], rows)
    fail_rows = [[f["category"], f"`{f['id']}`: {f['title']}", f["value"], ", ".join(sorted(f["pages"])),
                  "; ".join(f"`{w[:70]}`" for w in f["where"])] for f in sorted(fails.values(), key=lambda f: (f["category"], f["id"]))]
    table2 = table(["Category", "Audit", "Value", "Pages", "Examples"], fail_rows, "lllll") if fail_rows else "None."
    runs_n = max(len(v) for v in results.values())
    note = (f"Lighthouse {lighthouse.version()}, mobile defaults (simulated throttling), Debian's Chromium headless, "
            f"median of {runs_n} runs per page; LCP and TBT are Lighthouse's simulated values. "
            f"Median benchmarkIndex {bench_index:.0f}. `--disable-full-page-screenshot` only skips the screenshot artefact.")
    return (section("Lighthouse", table1, note) + "\n"
            + section("Lighthouse: audits that cost points (in any run)", table2))


def budgets_section(budgets: list) -> str:
    """The Budgets table."""
    ordered = sorted(budgets, key=lambda b: REPORT_ORDER.index(b[0]))
    rows = [[b, m, "met" if ok else "**missed**"] for _, b, m, ok in ordered]
    return section("Budgets", table(["Budget", "Measured", "Result"], rows, "lll"))


# ---------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------

def guarded(name: str, key: str, blocks: dict[str, str], func, *args):
    """Run one section; on failure, put the error in the report instead of stopping the whole benchmark."""
    t0 = time.perf_counter()
    try:
        return func(*args)
    except Exception as exc:  # noqa: BLE001 - a benchmark should report what it could
        traceback.print_exc()
        first_line = str(exc).splitlines()[0][:300] if str(exc) else ""
        blocks[key] = section(name, f"Not measured: `{type(exc).__name__}: {first_line}`")
        return None
    finally:
        log(f"{name}: {time.perf_counter() - t0:.0f} s")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started, load_before = time.perf_counter(), os.getloadavg()
    blocks: dict[str, str] = {}
    budgets: list = []
    notes: list[str] = []
    have_chromium = Path(args.chromium).exists()
    if not have_chromium:
        notes.append(f"Chromium not found at `{args.chromium}` (this benchmark assumes Debian's: `apt-get install chromium`); "
                     "browser sections skipped.")
    lh_problem = lighthouse.ensure_installed() if "lighthouse" in args.only else None
    if lh_problem:
        notes.append(lh_problem)

    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as tmp_name:
        tmp = Path(tmp_name)
        log(f"copying the project to {tmp}/project")
        project = build.copy_project(ROOT, tmp / "project")

        if "build" in args.only:
            res = guarded("Build", "build", blocks, build.measure_builds, project, args.runs)
            if res:
                blocks["build"] = build_section(res, args.runs, budgets)
        elif {"readers", "side", "lighthouse"} & set(args.only):
            guarded("Site build", "build", blocks, build.build_site, project)
        if "profile" in args.only:
            prof = guarded("Chart step profile", "profile", blocks, build.profile_chart_step, project)
            if prof:
                blocks["profile"] = profile_section(*prof)
        if "render" in args.only:
            data = guarded("Per-chart render time", "render", blocks, build.render_times, project)
            if data:
                blocks["render"] = render_section(data)

        site = project / "site"
        client_dir = tmp / "client"
        client_dir.mkdir()
        if have_chromium and site.is_dir() and {"readers", "side", "lighthouse"} & set(args.only):
            with serve.running(site, {browser.CLIENT_PREFIX: client_dir}) as server:
                log(f"serving {site} at {server.url}")
                if "readers" in args.only:
                    loads = guarded("Readers", "readers", blocks, browser.page_weights, server, site, args.chromium)
                    if loads:
                        blocks["readers"] = readers_section(loads, budgets, site)
                if "side" in args.only:
                    data = guarded("Static chart vs client-side rendering", "side", blocks, side_by_side, project, site,
                                   client_dir, server, args)
                    if data:
                        blocks["side"] = side_section(data, args.chart, budgets)
                if "lighthouse" in args.only and not lh_problem:
                    results = guarded("Lighthouse", "lighthouse", blocks, run_lighthouse, server, tmp, args)
                    if results:
                        blocks["lighthouse"] = lighthouse_section(results, budgets)

        if "scaling" in args.only:
            sizes = [int(s) for s in args.scale.split(",") if s.strip()]
            runs = guarded("Scaling", "scaling", blocks, build.scaling, project, tmp, scale_plan(sizes), args.scale_limit)
            if runs:
                blocks["scaling"] = scaling_section(runs, args.scale_limit, budgets)

    lh_version = lighthouse.version() if lighthouse.BIN.exists() else "not installed"
    header = ["## Benchmark results (`make bench`)", "",
              f"Produced by `bench/run.py` in {secs(time.perf_counter() - started)} on a temporary copy of the project.", "",
              table(["Machine", ""], report.machine(args.chromium, lh_version, load_before), "ll"), ""]
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
    pairs = {"page": (f"/charts/{args.chart}/", paths["page"]),
             "embed": (f"/charts/{args.chart}/embed.html", paths["embed"])}
    return browser.side_by_side(server, args.chromium, pairs, args.side_runs)


def run_lighthouse(server: serve.StaticServer, tmp: Path, args) -> dict[str, list[dict]]:
    """Lighthouse on each page, round-robin so noise spreads evenly; {page: [summary per run]}."""
    def progress(url, run, rep):
        summary = lighthouse.summary(rep)
        log(f"lighthouse {url} run {run + 1}: {summary['scores']} LCP {summary['lcp']:.0f} ms")
    urls = [server.url.rstrip("/") + page for page in LIGHTHOUSE_PAGES]
    reports = lighthouse.run_all(urls, args.lighthouse_runs, tmp / "lighthouse", args.chromium, progress)
    return {page: [lighthouse.summary(r) for r in reps] for page, reps in zip(LIGHTHOUSE_PAGES, reports, strict=True)}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
