"""The flow of build_charts.py: validate everything, render charts (cached), generate pieces, then publish them in one step."""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

from socsite import cache, dataset, pages
from socsite.generate import Generator, Site

# Generated outputs: paths relative to the staging folder and to the project, in the same layout.
OUTPUTS = ["build/snippets", "docs/charts", "docs/cards", "docs/datapackage.json", "docs/feed.xml"]
PARALLEL_FROM = 6  # render in a process pool when at least this many charts need rendering


def site_config(root: Path) -> Site:
    """Site name and URL from mkdocs.yml (plain YAML; MkDocs' !! tags are ignored)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return Site(config["site_name"], config["site_url"])


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build_charts.py", description="Check the datasets in charts/ and the chart includes in docs/, render every chart and write the generated pieces of the site.")
    parser.add_argument("--check", action="store_true", help="only validate datasets and page includes; write nothing")
    parser.add_argument("--check-freshness", action="store_true", help="list datasets past their next review date")
    parser.add_argument("--strict", action="store_true", help="with --check-freshness: exit 1 if any dataset is overdue")
    parser.add_argument("--charts", type=Path, help="folder of datasets (default: charts/)")
    parser.add_argument("--docs", type=Path, help="folder of pages (default: docs/)")
    parser.add_argument("--out", type=Path, help="project folder to write into (default: the project)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="processes for rendering (default: 2)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str], root: Path) -> int:
    args = parse_args(argv)
    charts_dir = args.charts or root / "charts"
    docs_dir = args.docs or root / "docs"
    out_root = args.out or root
    started = time.perf_counter()

    datasets, problems = dataset.load_all(charts_dir, today=args.today)
    if args.check_freshness:
        return freshness(datasets, problems, args.today, args.strict)
    site_pages = pages.hand_written_pages(docs_dir)
    problems += pages.include_problems(site_pages, {d.id for d in datasets if not d.problems})
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        print(f"build_charts: {len(problems)} problem(s); nothing was written, the previous output is unchanged.", file=sys.stderr)
        return 1
    if args.check:
        print(f"build_charts: {len(datasets)} dataset(s) and {len(site_pages)} page(s) are valid.")
        return 0

    artifacts, rendered, cached = render_all(datasets, out_root / "build" / "cache", args.jobs)
    staging = out_root / "build" / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        generate(site_config(root), staging, datasets, site_pages, artifacts, root, args.today, out_root)
        changed = publish(staging, out_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    took = time.perf_counter() - started
    print(f"build_charts: {len(datasets)} chart(s): {rendered} rendered, {cached} cached; {changed} file(s) updated; {took:.2f} s")
    return 0


def render_all(datasets: list[dataset.Dataset], cache_dir: Path, jobs: int):
    """Render every dataset not in the cache; print one line per chart rendered. Altair loads only if needed."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = cache.code_fingerprint()
    artifacts, todo = {}, []
    for ds in datasets:
        files = cache.load(ds, cache_dir, fingerprint)
        if files is None:
            todo.append((ds.path, ds.raw, ds.doc, cache_dir, fingerprint))
        else:
            artifacts[ds.id] = files
    if todo:
        from socsite import render  # imports Altair and vl-convert: only when there is something to draw
        if len(todo) >= PARALLEL_FROM and jobs > 1:
            # 'spawn', not 'fork': vl-convert runs its own threads, which a forked child would inherit half-stopped.
            with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
                for chart_id, files, _ in pool.map(render.render_job, todo, chunksize=max(1, len(todo) // (jobs * 4))):
                    artifacts[chart_id] = files
                    print(f"  rendered {chart_id}")
        else:
            for job in todo:
                t0 = time.perf_counter()
                chart_id, files, _ = render.render_job(job)
                artifacts[chart_id] = files
                print(f"  rendered {chart_id} ({time.perf_counter() - t0:.2f} s)")
    return artifacts, len(todo), len(datasets) - len(todo)


def generate(site: Site, staging: Path, datasets, site_pages, artifacts, root: Path, today: dt.date, root_out: Path) -> None:
    gen = Generator(site, staging, today, root_out / "build" / "cache" / "templates")
    by_url = {p.path.with_suffix("").as_posix(): p for p in site_pages}
    used_on: dict[str, list[pages.Page]] = {}
    for page in site_pages:
        for _, chart_id in page.figures:
            if page not in used_on.setdefault(chart_id, []):
                used_on[chart_id].append(page)
    for ds in datasets:
        topic = by_url.get(ds.doc["topic"]) or by_url.get(ds.doc["topic"] + "/index")
        gen.chart(ds, artifacts[ds.id], used_on.get(ds.id, []), topic)
    topics = {key: page for key, page in by_url.items()}
    topics.update({key[: -len("/index")]: page for key, page in by_url.items() if key.endswith("/index")})
    gen.catalogue(datasets, topics)
    gen.glossary(root / "includes" / "abbreviations.md")
    gen.changes(datasets, site_pages)
    gen.page_cards(site_pages, root_out / "build" / "cache" / "cards")
    for name in OUTPUTS:
        target = staging / name
        if not target.exists():
            target.mkdir(parents=True) if "." not in Path(name).name else target.write_text("")


def publish(staging: Path, root: Path) -> int:
    """Copy the staged output over the project's generated files, touching only files that changed."""
    changed = 0
    for name in OUTPUTS:
        src, dst = staging / name, root / name
        if src.is_file():
            if not dst.is_file() or not filecmp.cmp(src, dst, shallow=False):
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
                changed += 1
            continue
        wanted = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
        if dst.exists():
            for old in sorted(dst.rglob("*"), reverse=True):
                rel = old.relative_to(dst)
                if old.is_file() and rel not in wanted:
                    old.unlink()
                    changed += 1
                elif old.is_dir() and not any(old.iterdir()):
                    old.rmdir()
        for rel in sorted(wanted):
            s, d = src / rel, dst / rel
            if not d.is_file() or not filecmp.cmp(s, d, shallow=False):
                d.parent.mkdir(parents=True, exist_ok=True)
                os.replace(s, d)
                changed += 1
    return changed


def freshness(datasets, problems, today: dt.date, strict: bool) -> int:
    """List datasets whose next review date has passed."""
    overdue = sorted((ds.doc["next_review"], ds.id) for ds in datasets
                     if not ds.problems and dt.date.fromisoformat(ds.doc["next_review"]) < today)
    for due, chart_id in overdue:
        print(f"charts/{chart_id}.json: next_review: overdue since {due}; check the sources, then update reviewed and next_review")
    if problems:
        print(f"(also {len(problems)} validation problem(s); run build_charts.py --check)", file=sys.stderr)
    print(f"build_charts: {len(overdue)} of {len(datasets)} dataset(s) overdue for review on {today.isoformat()}.")
    return 1 if strict and overdue else 0
