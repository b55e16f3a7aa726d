"""Build benchmarks on temporary copies of the site: clean builds, the no-op and one-dataset chart steps, and
the end-to-end scaling runs (the site plus N synthetic datasets and the pages that show them).

Every command is the `explainer` console command of this virtual environment, run with `--root <copy>`, timed
by wall clock from process start (so Python start-up and imports count). Its output is read line by line as
it comes (PYTHONUNBUFFERED), so the moment the chart step's summary line appears splits `explainer site` into
its chart step and its MkDocs step (mkdocs build --strict, CSP hardening, swap) without running anything
twice."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import synthetic

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
EXPLAINER = [str(BIN / "explainer")] if (BIN / "explainer").exists() else [sys.executable, "-m", "explainer"]
# What a site is made of (its sources); everything else in the repository is not needed to build it.
SOURCES = ["charts", "docs", "includes", "overrides", "mkdocs.yml", "source-fingerprint.txt"]
# What the build writes (as `make clean` removes it): the chart step's outputs (explainer/stamp.py OUTPUTS),
# the
# drawing cache and stamp in build/, and site/.
GENERATED = [
    "build",
    "site",
    "docs/charts",
    "docs/cards",
    "docs/assets/explainer",
    "docs/datapackage.json",
    "docs/feed.xml",
]
CHARTS_DONE = re.compile(
    r"^explainer: (\d+) chart\(s\) and (\d+) page\(s\); (\d+) file\(s\) updated;.*?([\d.]+) s$"
)
SITE_DONE = re.compile(
    r"^explainer: site built into .*\((\d+) pages with a Content Security Policy\) in ([\d.]+) s$"
)
CHECK_DONE = re.compile(r"^explainer: (\d+) dataset\(s\) and (\d+) page\(s\) are valid")
NOOP = "nothing changed since the last good build"
DREW = re.compile(r"^  drew (\S+)")
CHANGED_DATASET = "small-boat-arrivals"
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "DISABLE_MKDOCS_2_WARNING": "true",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONUNBUFFERED": "1",
}
JOBS = 2  # the engine's default on this 2-core machine (min(2, cores))


def log(message: str) -> None:
    """Progress on stderr, so stdout carries only the report."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def today() -> str:
    """The date every command runs with (the engine's only clock): today."""
    return dt.date.today().isoformat()


# ---------------------------------------------------------------------------
# Copies and commands
# ---------------------------------------------------------------------------


def copy_project(root: Path, dest: Path) -> Path:
    """Copy the site's sources (not generated files, not caches) into dest, and clean it."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    dest.mkdir(parents=True)
    for name in SOURCES:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    clean(dest)
    return dest


def clean(project: Path) -> None:
    """Remove everything the build generates, as `make clean` does (the drawing cache too)."""
    for name in GENERATED:
        path = project / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


@dataclass
class Run:
    """One timed command: wall seconds, and each line it printed with the seconds since start when it
    arrived."""

    seconds: float
    lines: list[tuple[float, str]] = field(default_factory=list)
    returncode: int = 0
    stderr: str = ""

    def first(self, pattern: re.Pattern[str]) -> tuple[float, re.Match[str]] | None:
        """(when, match) of the first line that matches."""
        for when, line in self.lines:
            match = pattern.match(line)
            if match:
                return when, match
        return None

    def when_charts_done(self) -> float | None:
        """Seconds from start until the chart step printed its summary line."""
        found = self.first(CHARTS_DONE)
        return found[0] if found else None

    @property
    def drawn(self) -> list[tuple[float, str]]:
        """(when, chart id) of each chart the chart step drew (not taken from the cache)."""
        return [(when, m.group(1)) for when, line in self.lines if (m := DREW.match(line))]


def explainer(project: Path, *args: str, jobs: int = JOBS, timeout: float = 900, check: bool = True) -> Run:
    """Run `explainer --root project --today … --jobs N args…`, reading its output as it comes; stop it (and
    its worker processes: it runs in a session of its own) if it takes longer than timeout seconds."""
    cmd = [*EXPLAINER, "--root", str(project), "--today", today(), "--jobs", str(jobs), *args]
    lines: list[tuple[float, str]] = []
    errors: list[str] = []
    t0 = time.perf_counter()
    with subprocess.Popen(
        cmd,
        cwd=project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
        reader.start()
        try:
            for line in proc.stdout:
                lines.append((time.perf_counter() - t0, line.rstrip("\n")))
            proc.wait()
        finally:
            timer.cancel()
        seconds = time.perf_counter() - t0
        reader.join()
    run = Run(seconds, lines, proc.returncode, "".join(errors))
    if seconds >= timeout:
        raise RuntimeError(f"explainer {' '.join(args)} did not finish within {timeout:.0f} s; stopped")
    if check and proc.returncode != 0:
        out = "\n".join(line for _, line in lines if not DREW.match(line))
        raise RuntimeError(
            f"explainer {' '.join(args)} failed ({proc.returncode}):\n{out[-2000:]}\n{run.stderr[-4000:]}"
        )
    return run


def run_python(args: list[str], cwd: Path, timeout: float = 900) -> tuple[float, str]:
    """Run this Python with args; (wall seconds, stdout). Raise with its output if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        )
    return time.perf_counter() - t0, proc.stdout


# ---------------------------------------------------------------------------
# The site's own builds
# ---------------------------------------------------------------------------


@dataclass
class BuildResults:
    """Every build measurement, as lists of seconds (one per run)."""

    clean_total: list[float] = field(default_factory=list)  # `explainer site` from clean: the whole build
    clean_charts: list[float] = field(default_factory=list)  # ... until its chart step finished
    clean_mkdocs: list[float] = field(
        default_factory=list
    )  # ... the rest: mkdocs build --strict, harden, swap
    first_charts: list[float] = field(default_factory=list)  # `explainer charts` right after `explainer site`
    noop_charts: list[float] = field(
        default_factory=list
    )  # `explainer charts` with nothing changed (fast path)
    change_charts: list[float] = field(default_factory=list)  # `explainer charts` after editing one dataset
    rebuild_site: list[float] = field(default_factory=list)  # `explainer site` after that edit
    charts: int = 0
    pages: int = 0
    hardened: int = 0


def build_site(project: Path) -> Run:
    """One `explainer site` (for runs that skip the build measurements)."""
    return explainer(project, "site")


def measure_builds(project: Path, runs: int, noop_runs: int) -> BuildResults:
    """Clean whole builds; then `explainer charts` once (it records the stamp) and no-op runs of it; then,
    `runs` times, one dataset edited and `explainer charts` (one chart drawn again) and `explainer site`
    after it."""
    res = BuildResults()
    for i in range(runs):
        clean(project)
        run = explainer(project, "site")
        done = run.first(CHARTS_DONE)
        site = run.first(SITE_DONE)
        if not done or not site:
            raise RuntimeError("explainer site did not print its chart step and site summary lines")
        res.charts, res.pages, res.hardened = (
            int(done[1].group(1)),
            int(done[1].group(2)),
            int(site[1].group(1)),
        )
        if len(run.drawn) != res.charts:
            raise RuntimeError(f"clean build drew {len(run.drawn)} of {res.charts} charts")
        res.clean_total.append(run.seconds)
        res.clean_charts.append(done[0])
        res.clean_mkdocs.append(run.seconds - done[0])
        log(f"clean build {i + 1}/{runs}: {run.seconds:.1f} s (chart step {done[0]:.1f} s)")
    first = explainer(project, "charts")
    if NOOP in "\n".join(line for _, line in first.lines) or first.drawn:
        raise RuntimeError(
            "`explainer charts` after `explainer site` was expected to run in full, drawing nothing"
        )
    res.first_charts.append(first.seconds)
    for _ in range(noop_runs):
        run = explainer(project, "charts")
        if NOOP not in "\n".join(line for _, line in run.lines):
            raise RuntimeError("`explainer charts` with nothing changed did not take the no-op path")
        res.noop_charts.append(run.seconds)
    log(f"no-op chart steps: {', '.join(f'{s:.2f}' for s in res.noop_charts)} s")
    for i in range(runs):
        edit_dataset(project / "charts" / f"{CHANGED_DATASET}.json", i)
        run = explainer(project, "charts")
        if [chart for _, chart in run.drawn] != [CHANGED_DATASET]:
            raise RuntimeError(f"one-dataset edit: expected {CHANGED_DATASET} drawn again, got {run.drawn}")
        res.change_charts.append(run.seconds)
        res.rebuild_site.append(explainer(project, "site").seconds)
    log(f"one-dataset edits: chart step {', '.join(f'{s:.1f}' for s in res.change_charts)} s")
    return res


def restore(root: Path, project: Path) -> None:
    """Undo the benchmark's edit (the dataset as in the repository) and build the site again."""
    shutil.copy2(root / "charts" / f"{CHANGED_DATASET}.json", project / "charts" / f"{CHANGED_DATASET}.json")
    explainer(project, "site")


def edit_dataset(path: Path, n: int) -> None:
    """A harmless edit to one dataset in the copy: reword its last note (so its content hash changes)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["notes"][-1] = re.sub(r" \(benchmark edit \d+\)$", "", doc["notes"][-1]) + f" (benchmark edit {n})"
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def render_times(project: Path, prefix: str = "", limit: int = 0) -> dict:
    """Per-chart drawing times by stage, measured in one process by probe.py (datasets whose id starts with
    prefix)."""
    args = [str(HERE / "probe.py"), "render-times", str(project), "--today", today()]
    args += ["--prefix", prefix] if prefix else []
    args += ["--limit", str(limit)] if limit else []
    _, out = run_python(args, project)
    return json.loads(out)


def inline_spec(project: Path, chart_id: str) -> dict:
    """The page-width Vega-Lite spec of one chart, as drawn inline on its page."""
    _, out = run_python(
        [str(HERE / "probe.py"), "inline-spec", str(project), chart_id, "--today", today()], project
    )
    return json.loads(out)


# ---------------------------------------------------------------------------
# Scaling: the site plus N synthetic datasets and their pages, end to end
# ---------------------------------------------------------------------------


@dataclass
class ScaleRun:
    """`explainer site` from clean on the site plus n synthetic datasets."""

    n: int
    datasets: int  # all datasets: the site's own plus the synthetic ones
    pages: int  # hand-written pages (the site's plus the generated ones)
    built_pages: int  # pages MkDocs built and the CSP hardening went through
    check: float  # `explainer check --no-drawings` (every rule but the drawing rules), its own run
    charts: float  # the chart step of `explainer site` (from process start until its summary line)
    drawn_at: float  # ... until the last chart was drawn (so charts - drawn_at: lint, generate, publish)
    whole: float  # the whole `explainer site`
    jobs: int = JOBS

    @property
    def mkdocs(self) -> float:
        """The MkDocs step: mkdocs build --strict, the CSP hardening and the swap into place."""
        return self.whole - self.charts

    @property
    def per_dataset(self) -> float:
        return self.whole / self.datasets


def scale_project(root: Path, work: Path, n: int) -> Path:
    """A fresh copy of the site with n synthetic datasets and their pages added."""
    project = work / f"scale-{n}"
    shutil.rmtree(project, ignore_errors=True)
    copy_project(root, project)
    synthetic.add(project, n, dt.date.fromisoformat(today()))
    return project


def scale_run(root: Path, work: Path, n: int, timeout: float, keep: bool = False) -> tuple[ScaleRun, Path]:
    """Check, then build from clean, the site with n synthetic datasets; (results, the project copy)."""
    project = scale_project(root, work, n)
    check = explainer(project, "check", "--no-drawings", timeout=timeout)
    valid = check.first(CHECK_DONE)
    if not valid:
        raise RuntimeError(f"explainer check on {n} synthetic datasets printed no summary")
    run = explainer(project, "site", timeout=timeout)
    done, site = run.first(CHARTS_DONE), run.first(SITE_DONE)
    if not done or not site:
        raise RuntimeError(f"explainer site on {n} synthetic datasets did not finish its steps")
    datasets, pages = int(done[1].group(1)), int(done[1].group(2))
    if len(run.drawn) != datasets:
        raise RuntimeError(f"{n} synthetic datasets: drew {len(run.drawn)} of {datasets}")
    result = ScaleRun(
        n, datasets, pages, int(site[1].group(1)), check.seconds, done[0], run.drawn[-1][0], run.seconds
    )
    if not keep:
        shutil.rmtree(project, ignore_errors=True)
    return result, project


def scaling(root: Path, work: Path, sizes: list[int], timeout: float) -> tuple[list[ScaleRun], Path | None]:
    """The scaling runs; the largest run's project copy is kept (built, drawings cached) for the profile."""
    runs, kept = [], None
    for n in sizes:
        result, project = scale_run(root, work, n, timeout, keep=n == max(sizes))
        kept = project if n == max(sizes) else kept
        log(
            f"scaling: {n} synthetic datasets: check {result.check:.1f} s; site {result.whole:.1f} s "
            f"(chart step {result.charts:.1f} s, last chart drawn at {result.drawn_at:.1f} s)"
        )
        runs.append(result)
    return runs, kept


# ---------------------------------------------------------------------------
# Profile of the chart step at scale
# ---------------------------------------------------------------------------


@dataclass
class Profile:
    """cProfile of `explainer charts --jobs 1` on an already-built copy (every drawing cached): the chart
    step's own work besides drawing, by function and by engine module."""

    n: int
    wall: float
    total: float  # seconds cProfile accounted for
    top: list[tuple[str, int, float, float]]  # (function, calls, own s, cumulative s) by own time
    phases: list[tuple[str, float]]  # (engine phase, cumulative s)


PHASES = [  # (label, module file, function): the chart step's phases, in the order build.charts runs them
    ("check: load and validate datasets", "dataset.py", "load_all"),
    ("check: page rules", "page_rules.py", "page_problems"),
    ("check: claims ledger (numbers on pages vs dataset values)", "claims.py", "check_pages"),
    ("check: dataset text and chart rules", "check.py", "dataset_problems"),
    ("check: readability", "readability.py", "scores"),
    ("drawings: read from the cache", "build.py", "draw_all"),
    ("drawing rules (lint of every SVG)", "build.py", "drawing_problems_of"),
    ("generate: chart pages, downloads, catalogue, feed", "build.py", "generate"),
    ("publish: compare and move into place", "build.py", "publish"),
]


def profile_chart_step(project: Path, n: int, top: int = 14) -> Profile:
    """cProfile `explainer charts --jobs 1` in a built copy (drawings cached, no stamp: the whole step but
    drawing)."""
    import pstats

    out = project / "build" / "charts.prof"
    (project / "build" / "cache" / "charts.stamp").unlink(missing_ok=True)
    cmd = [
        "-m",
        "cProfile",
        "-o",
        str(out),
        "-m",
        "explainer",
        "--root",
        str(project),
        "--today",
        today(),
        "--jobs",
        "1",
        "charts",
    ]
    wall, _ = run_python(cmd, project)
    stats = pstats.Stats(str(out))
    rows, phases = [], {}
    for (file, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{Path(file).parent.name}/{Path(file).name}:{line} {name}" if file != "~" else name
        rows.append((where, calls, own, cumulative))
        for label, module, function in PHASES:
            if name == function and file.endswith(f"explainer/{module}"):
                phases[label] = cumulative
    out.unlink()
    return Profile(
        n,
        wall,
        stats.total_tt,
        sorted(rows, key=lambda r: -r[2])[:top],  # type: ignore[attr-defined]
        [(label, phases[label]) for label, _, _ in PHASES if label in phases],
    )
