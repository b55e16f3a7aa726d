"""Build benchmarks on a temporary copy of the project: clean build, no-op and one-dataset rebuilds, chart-step scaling."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import synthetic

COPIED = ["charts", "docs", "includes", "overrides", "explainer", "mkdocs.yml", "build_charts.py"]
GENERATED = ["build", "site", "docs/charts", "docs/cards", "docs/datapackage.json", "docs/feed.xml"]  # what `make clean` removes
SUMMARY = re.compile(r"(\d+) chart\(s\): (\d+) rendered, (\d+) cached; (\d+) file\(s\) updated")
CHANGED_DATASET = "small-boat-arrivals"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONDONTWRITEBYTECODE": "1"}
HERE = Path(__file__).resolve().parent


@dataclass
class Step:
    """One timed command: wall seconds and the chart step's own summary line, if it printed one."""

    seconds: float
    rendered: int | None = None
    cached: int | None = None
    updated: int | None = None


@dataclass
class BuildResults:
    """Every build measurement, as lists of seconds (one per run)."""

    clean_total: list[float] = field(default_factory=list)
    clean_charts: list[float] = field(default_factory=list)
    clean_mkdocs: list[float] = field(default_factory=list)
    noop_charts: list[float] = field(default_factory=list)
    change_charts: list[float] = field(default_factory=list)
    charts: int = 0


def log(message: str) -> None:
    """Progress on stderr, so stdout carries only the report."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def copy_project(root: Path, dest: Path) -> Path:
    """Copy the sources the build needs (not generated files, not caches) into dest."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    dest.mkdir(parents=True)
    for name in COPIED:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    clean(dest)
    return dest


def clean(project: Path) -> None:
    """Remove everything the build generates, as `make clean` does."""
    for name in GENERATED:
        path = project / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def run(cmd: list[str], cwd: Path, timeout: float = 900) -> tuple[float, str]:
    """Run a command; return (wall seconds, stdout). Raise with its output if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return seconds, proc.stdout


def chart_step(project: Path, *extra: str) -> Step:
    """Time `python build_charts.py` in the project copy."""
    seconds, out = run([sys.executable, "build_charts.py", *extra], project)
    match = SUMMARY.search(out)
    if not match:
        return Step(seconds)
    return Step(seconds, int(match.group(2)), int(match.group(3)), int(match.group(4)))


def mkdocs_step(project: Path) -> float:
    """Time `mkdocs build --strict` followed by `python -m explainer.harden site` (the rest of `make site`)."""
    t_build, _ = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], project)
    t_harden, _ = run([sys.executable, "-m", "explainer.harden", "site"], project)
    return t_build + t_harden


def expect(step: Step, rendered: int, what: str) -> None:
    """Fail loudly if a build did not render the number of charts the scenario implies."""
    if step.rendered is not None and step.rendered != rendered:
        raise RuntimeError(f"{what}: expected {rendered} chart(s) rendered, the chart step reported {step.rendered}")


def build_site(project: Path) -> None:
    """One plain build (chart step + MkDocs step), for runs that skip the build measurements."""
    chart_step(project)
    mkdocs_step(project)


def measure_builds(project: Path, runs: int) -> BuildResults:
    """Clean builds, then no-op chart steps, then rebuilds after editing one dataset; `runs` of each."""
    res = BuildResults()
    res.charts = sum(1 for p in (project / "charts").glob("*.json") if p.name != "schema.json")
    for i in range(runs):
        clean(project)
        step = chart_step(project)
        expect(step, res.charts, "clean build")
        mk = mkdocs_step(project)
        res.clean_charts.append(step.seconds)
        res.clean_mkdocs.append(mk)
        res.clean_total.append(step.seconds + mk)
        log(f"clean build {i + 1}/{runs}: charts {step.seconds:.1f} s + MkDocs {mk:.1f} s")
    for _ in range(runs):
        step = chart_step(project)
        expect(step, 0, "no-op rebuild")
        res.noop_charts.append(step.seconds)
    log(f"no-op chart steps: {', '.join(f'{s:.1f}' for s in res.noop_charts)} s")
    for i in range(runs):
        edit_dataset(project / "charts" / f"{CHANGED_DATASET}.json", i)
        step = chart_step(project)
        expect(step, 1, "one-dataset rebuild")
        res.change_charts.append(step.seconds)
    log(f"one-dataset rebuilds: {', '.join(f'{s:.1f}' for s in res.change_charts)} s (chart step)")
    return res


def edit_dataset(path: Path, n: int) -> None:
    """A harmless edit to one dataset in the copy: reword its last note (so its content hash changes)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["notes"][-1] = re.sub(r" \(benchmark edit \d+\)$", "", doc["notes"][-1]) + f" (benchmark edit {n})"
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def profile_chart_step(project: Path, top: int = 12) -> tuple[float, list[tuple[str, int, float, float]]]:
    """cProfile a clean `build_charts.py --jobs 1` in the copy; (total seconds, top functions by own time)."""
    import pstats
    clean(project)
    out = project / "build-profile.out"
    run([sys.executable, "-m", "cProfile", "-o", str(out), "build_charts.py", "--jobs", "1"], project)
    stats = pstats.Stats(str(out))
    rows = []
    for (file, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
        where = f"{Path(file).parent.name}/{Path(file).name}:{line} {name}" if file != "~" else name
        rows.append((where, calls, own, cumulative))
    out.unlink()
    return stats.total_tt, sorted(rows, key=lambda r: -r[2])[:top]


def render_times(project: Path) -> dict:
    """Per-chart render timings by stage, measured inside the copy by probe.py."""
    _, out = run([sys.executable, str(HERE / "probe.py"), "render-times", str(project)], project)
    return json.loads(out)


def inline_spec(project: Path, chart_id: str) -> dict:
    """The inline Vega-Lite spec of one chart, from the copy."""
    _, out = run([sys.executable, str(HERE / "probe.py"), "inline-spec", str(project), chart_id], project)
    return json.loads(out)


@dataclass
class ScaleRun:
    """The chart step on n synthetic datasets."""

    n: int
    jobs: int
    seconds: float
    done: int                # datasets rendered (all of them unless the run hit the time limit)
    projected: bool = False  # True if stopped at the time limit and the total is projected from the rate so far

    @property
    def per_dataset(self) -> float:
        """Seconds per dataset."""
        return self.seconds / self.n


def scale_run(project: Path, work: Path, n: int, jobs: int, limit: float) -> ScaleRun:
    """Generate n datasets and time one clean chart step over them; stop at `limit` seconds and project the total."""
    folder = work / f"synthetic-{n}-j{jobs}"
    shutil.rmtree(folder, ignore_errors=True)
    synthetic.write(n, folder)
    cache = folder / "out" / "build" / "cache"
    cmd = [sys.executable, "build_charts.py", "--charts", str(folder / "charts"), "--docs", str(folder / "docs"),
           "--out", str(folder / "out"), "--jobs", str(jobs)]
    t0 = time.perf_counter()
    first = None  # seconds until the first chart was rendered (start-up: imports, worker processes)
    with subprocess.Popen(cmd, cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as proc:
        while True:
            try:
                stdout, stderr = proc.communicate(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                elapsed = time.perf_counter() - t0
                done = count_cached(cache)
                first = first or (elapsed if done else None)
                if elapsed < limit:
                    continue
                os.killpg(proc.pid, signal.SIGTERM)  # the chart step and its worker processes (its own session)
                proc.communicate()
                shutil.rmtree(folder, ignore_errors=True)
                if done < 2 or first is None or elapsed <= first:
                    raise RuntimeError(f"{n} datasets: only {done} rendered in {limit:.0f} s; cannot project") from None
                rate = (done - 1) / (elapsed - first)  # charts per second once rendering has started
                return ScaleRun(n, jobs, first + (n - 1) / rate, done, projected=True)
    seconds = time.perf_counter() - t0
    shutil.rmtree(folder, ignore_errors=True)
    if proc.returncode != 0:
        raise RuntimeError(f"chart step on {n} synthetic datasets failed:\n{stderr[-4000:]}")
    match = SUMMARY.search(stdout)
    if not match or int(match.group(2)) != n:
        raise RuntimeError(f"chart step on {n} synthetic datasets did not render them all: {stdout[-500:]}")
    return ScaleRun(n, jobs, seconds, n)


def count_cached(cache: Path) -> int:
    """Finished renders in a cache folder (finished entries are renamed from *.tmp when complete)."""
    return sum(1 for p in cache.iterdir() if p.is_dir() and not p.name.endswith(".tmp")) if cache.is_dir() else 0


def scaling(project: Path, work: Path, plan: list[tuple[int, int]], limit: float) -> list[ScaleRun]:
    """The chart step on each (datasets, jobs) in the plan."""
    runs = []
    for n, jobs in plan:
        result = scale_run(project, work, n, jobs, limit)
        note = f" (stopped at {limit:.0f} s after {result.done}; projected)" if result.projected else ""
        log(f"scaling: {n} datasets, --jobs {jobs}: {result.seconds:.1f} s{note}")
        runs.append(result)
    return runs
