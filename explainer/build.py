"""The chart step: check everything, draw the charts (cached), lint the drawings, write the generated
pieces into a staging folder, then publish them over the project's generated files in one step."""

from __future__ import annotations

import datetime as dt
import filecmp
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from explainer import cache, chart_rules, check
from explainer.config import SiteConfig
from explainer.generate import Generator
from explainer.model import Dataset
from explainer.pages import Page
from explainer.problems import Problem
from explainer.stamp import OUTPUTS

PARALLEL_FROM = 6  # draw in a process pool when at least this many charts need drawing
PROG = "explainer"


def settings(config: SiteConfig) -> object:
    from explainer.render import Settings

    return Settings(config.name, config.palette, config.strings["chart_data_card"])


def cache_dir(config: SiteConfig) -> Path:
    return config.root / "build" / "cache"


def fingerprint(config: SiteConfig) -> str:
    return cache.code_fingerprint(repr(config.palette) + config.name + config.strings["chart_data_card"])


def warm_worker() -> None:
    """A pool worker's first task: import the drawing code and start vl-convert, while the checks run."""
    from explainer import render

    render.warm_up()


def drawing_pool(config: SiteConfig, jobs: int) -> ProcessPoolExecutor | None:
    """When many charts will need drawing, a pool of worker processes started now, before the checks, so
    their start-up (Python, Altair, vl-convert: about 2 s) overlaps the checks instead of following them."""
    if jobs < 2:
        return None
    files = sorted(config.charts_dir.glob("*.json"))
    if cache.uncached(files, cache_dir(config) / "charts", fingerprint(config)) < PARALLEL_FROM:
        return None
    # 'spawn', not 'fork': vl-convert runs its own threads, which a forked child would inherit half-stopped.
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(jobs):
        pool.submit(warm_worker)
    return pool


def draw_all(
    config: SiteConfig, datasets: list[Dataset], jobs: int, pool: ProcessPoolExecutor | None = None
) -> dict[str, dict[str, bytes]]:
    """Every dataset's files: from the cache, or drawn (in parallel when there are many, in `pool` if one
    was started). Altair loads only if needed."""
    folder = cache_dir(config) / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    code = fingerprint(config)
    files: dict[str, dict[str, bytes]] = {}
    todo = []
    for ds in datasets:
        found = cache.load(ds, folder, code)
        if found is None:
            todo.append(ds)
        else:
            files[ds.id] = found
    if not todo:
        return files
    from explainer import render  # imports Altair and vl-convert: only when there is something to draw

    chosen = settings(config)
    work = [(ds.path, ds.raw, ds.doc, folder, code, chosen) for ds in todo]
    if len(todo) >= PARALLEL_FROM and jobs > 1:
        spawn = multiprocessing.get_context("spawn")
        workers = pool or ProcessPoolExecutor(max_workers=jobs, mp_context=spawn)
        with workers:
            for chart_id, drawn in workers.map(
                render.render_job, work, chunksize=max(1, len(work) // (jobs * 4))
            ):
                files[chart_id] = drawn
                print(f"  drew {chart_id}")
    else:
        for job in work:
            started = time.perf_counter()
            chart_id, drawn = render.render_job(job)  # type: ignore[arg-type]
            files[chart_id] = drawn
            print(f"  drew {chart_id} ({time.perf_counter() - started:.2f} s)")
    return files


def drawing_problems_of(
    config: SiteConfig, datasets: list[Dataset], files: dict[str, dict[str, bytes]]
) -> list[Problem]:
    """The drawing rules over each chart's page-width and phone drawings."""
    found: list[Problem] = []
    for ds in datasets:
        art = files.get(ds.id, {})
        if "inline.svg" not in art:
            continue
        drawings = {
            "page width": art["inline.svg"].decode(),
            "phone width": art["inline-narrow.svg"].decode(),
        }
        found += chart_rules.drawing_problems(ds, f"{config.paths.charts}/{ds.path.name}", drawings)
    return found


def drawing_problems(config: SiteConfig, datasets: list[Dataset], jobs: int) -> list[Problem]:
    """Draw what is not cached (into the cache only) and lint every drawing."""
    return drawing_problems_of(config, datasets, draw_all(config, datasets, jobs))


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"{PROG}: {len(problems)} problem(s) in {len({p.file for p in problems})} file(s); "
        "nothing was written, the previous output is unchanged.",
        file=sys.stderr,
    )


def charts(config: SiteConfig, today: dt.date, jobs: int, out_root: Path | None = None) -> int:
    """The whole chart step; returns the exit code."""
    started = time.perf_counter()
    pool = drawing_pool(config, jobs)
    try:
        report = check.run(config, today)
        problems = report.sorted_problems()
        if problems:
            print_problems(problems)
            return 1
        files = draw_all(config, report.valid, jobs, pool)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    problems = drawing_problems_of(config, report.valid, files)
    if problems:
        print_problems(problems)
        return 1
    out_root = out_root or config.root
    staging = out_root / "build" / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        generate(config, staging, report.valid, report.pages, files, today)
        changed = publish(staging, out_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(
        f"{PROG}: {len(report.datasets)} chart(s) and {len(report.pages)} page(s); "
        f"{changed} file(s) updated; "
        f"{report.ledger.count('bound')} number(s) bound to data, {report.ledger.count('cited')} cited; "
        f"{time.perf_counter() - started:.2f} s"
    )
    return 0


def generate(
    config: SiteConfig,
    staging: Path,
    datasets: list[Dataset],
    pages: list[Page],
    files: dict[str, dict[str, bytes]],
    today: dt.date,
) -> None:
    """Write every generated file into the staging folder."""
    gen = Generator(config, staging, today, cache_dir(config) / "templates")
    by_stem = {p.path.with_suffix("").as_posix(): p for p in pages}
    topics = dict(by_stem)
    topics.update({stem[: -len("/index")]: page for stem, page in by_stem.items() if stem.endswith("/index")})
    used_on: dict[str, list[Page]] = {}
    for page in pages:
        for _, chart_id in page.figures:
            if page not in used_on.setdefault(chart_id, []):
                used_on[chart_id].append(page)
    for ds in datasets:
        gen.chart(ds, files[ds.id], used_on.get(ds.id, []), topics.get(ds.doc["topic"]))
    gen.catalogue(datasets, topics)
    gen.glossary()
    gen.changes(datasets, pages)
    gen.page_cards(pages, cache_dir(config) / "cards")
    gen.theme_pieces(pages)
    gen.stylesheets()
    gen.placeholders()


def publish(staging: Path, root: Path) -> int:
    """Move the staged output over the project's generated files, touching only files that changed."""
    changed = 0
    for name in OUTPUTS:
        source, target = staging / name, root / name
        if source.is_file():
            if not target.is_file() or not filecmp.cmp(source, target, shallow=False):
                target.parent.mkdir(parents=True, exist_ok=True)
                source.replace(target)
                changed += 1
            continue
        wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
        if target.exists():
            for old in sorted(target.rglob("*"), reverse=True):
                relative = old.relative_to(target)
                if old.is_file() and relative not in wanted:
                    old.unlink()
                    changed += 1
                elif old.is_dir() and not any(old.iterdir()):
                    old.rmdir()
        for relative in sorted(wanted):
            s, d = source / relative, target / relative
            if not d.is_file() or not filecmp.cmp(s, d, shallow=False):
                d.parent.mkdir(parents=True, exist_ok=True)
                s.replace(d)
                changed += 1
    return changed
