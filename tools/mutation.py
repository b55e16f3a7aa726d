"""Mutation testing of the modules that guard readers and maintainers (`make mutation`): bench/MUTATION.md.

mutmut (configured in pyproject.toml, [tool.mutmut]) copies the package into mutants/, makes many small
changes ("mutants") to the modules named below and runs the fast unit tests against each one. A mutant the
tests notice is killed; one they do not notice survived. Some mutants cannot change behaviour at all
(equivalent mutants): those are listed, each with its reason, in tools/mutation-equivalent.txt and left out
of the score. The same file may explain a survivor kept on purpose ("kept: ..."); a kept survivor still
counts against the score.

    python tools/mutation.py                # both phases, from a fresh copy (what `make mutation` runs)
    python tools/mutation.py --phase 1      # one phase; the report marks the other phase as not run
    python tools/mutation.py --reuse        # keep mutants/ (faster while writing tests; all re-tested)
    python tools/mutation.py --report-only  # rewrite bench/MUTATION.md from the last run's results

The run takes a while (each mutant is a test run); it uses at most --max-children worker processes
(default 2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "bench" / "MUTATION.md"
EQUIVALENT = ROOT / "tools" / "mutation-equivalent.txt"
LOG = ROOT / "build" / "mutation.log"
TIMING = ROOT / "mutants" / "mutation-seconds.txt"  # how long the last run took, for --report-only
COMMAND = "make mutation"

# The modules under test, by phase. Phase 1: what the site writes for readers (HTML, SVG, downloads, CSP).
# Phase 2: what guards maintainers (dataset validation, strict JSON, schema messages, the claims checks).
PHASES: dict[str, tuple[str, ...]] = {
    "1": ("explainer/harden.py", "explainer/svg.py", "explainer/formats.py", "explainer/generate.py",
          "explainer/formatting.py", "explainer/registry.py", "explainer/freshness.py"),
    "2": ("explainer/dataset.py", "explainer/jsonfile.py", "explainer/schemas/__init__.py",
          "explainer/claims.py", "explainer/numbers.py"),
}
PHASE_TITLES = {"1": "Phase 1: output, escaping and the CSP",
                "2": "Phase 2: validation and the claims checks"}
TARGET = 0.90  # the share of non-equivalent mutants the tests must kill, per phase
KILLED = {"killed", "timeout"}  # a mutant that made the tests hang was noticed too
KINDS = ("equivalent", "kept")


@dataclass
class Mutant:
    name: str
    module: str
    status: str
    kind: str = ""      # "equivalent" or "kept", when tools/mutation-equivalent.txt lists it
    reason: str = ""
    change: str = ""    # the changed line(s), as mutmut shows them


@dataclass
class ModuleResult:
    path: str
    mutants: list[Mutant] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(m.status in statuses for m in self.mutants)

    @property
    def killed(self) -> int:
        return self.count(*KILLED)

    @property
    def equivalent(self) -> int:
        return sum(m.kind == "equivalent" and m.status not in KILLED for m in self.mutants)

    @property
    def survived(self) -> int:
        return len(self.mutants) - self.killed - self.equivalent

    @property
    def not_covered(self) -> int:
        return sum(m.status == "no tests" and m.kind != "equivalent" for m in self.mutants)


def module_name(path: str) -> str:
    """explainer/schemas/__init__.py -> explainer.schemas (how mutmut names the module)."""
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def glob_of(path: str) -> str:
    return module_name(path) + ".x*"


def configured_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    return list(config["only_mutate"])


def read_equivalents(path: Path = EQUIVALENT) -> dict[str, tuple[str, str]]:
    """Mutant name -> (kind, reason), from lines '<name> equivalent: <reason>' or '<name> kept: <reason>'."""
    entries: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"(\S+)\s+(\w+):\s*(.+)", line)
        if not match or match.group(2) not in KINDS:
            raise SystemExit(f"{path.relative_to(ROOT)}:{number}: write '<mutant name> equivalent: <reason>' "
                             "or '<mutant name> kept: <reason>'")
        if match.group(1) in entries:
            raise SystemExit(f"{path.relative_to(ROOT)}:{number}: {match.group(1)} is listed twice")
        entries[match.group(1)] = (match.group(2), match.group(3))
    return entries


def refresh_copies(modules: list[str]) -> None:
    """With --reuse: mutmut copies the package only once; bring the files it does not mutate up to date."""
    for source in (ROOT / "explainer").rglob("*"):
        relative = source.relative_to(ROOT).as_posix()
        if source.is_file() and "__pycache__" not in relative and relative not in modules:
            target = ROOT / "mutants" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    # Which tests reach which function is collected again: the tests may have changed.
    (ROOT / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)


def run_mutmut(phases: list[str], max_children: int) -> None:
    globs = [glob_of(path) for phase in phases for path in PHASES[phase]]
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    command = [mutmut, "run", "--max-children", str(max_children), *globs]
    LOG.parent.mkdir(parents=True, exist_ok=True)
    print(f"mutation: running {' '.join(command[1:])} (log: {LOG.relative_to(ROOT)})", flush=True)
    with LOG.open("w", encoding="utf-8") as log:
        result = subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0:
        tail = LOG.read_text(encoding="utf-8", errors="replace").replace("\r", "\n").splitlines()[-30:]
        raise SystemExit("mutation: mutmut failed:\n" + "\n".join(tail))


def change_of(name: str, path: str) -> str:
    """The lines a mutant changes: '- old' and '+ new', joined with ' / '."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    try:
        diff = get_diff_for_mutant(name, path=path)
    except Exception as error:  # a listed name that no longer exists, or a file mutmut cannot read back
        return f"(cannot show: {error})"
    lines = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return " / ".join(f"{line[0]} {line[1:].strip()}" for line in lines)


def collect(phases: list[str], equivalents: dict[str, tuple[str, str]]) -> dict[str, list[ModuleResult]]:
    """Each module's mutants with mutmut's verdicts, and what changed in each one that was not killed."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code
    results: dict[str, list[ModuleResult]] = {}
    os.chdir(ROOT)  # mutmut's readers work relative to the project
    for phase in phases:
        results[phase] = []
        for path in PHASES[phase]:
            data = SourceFileMutationData(path=path)
            data.load()
            result = ModuleResult(path)
            for name, code in sorted(data.exit_code_by_key.items(), key=lambda item: natural(item[0])):
                kind, reason = equivalents.get(name, ("", ""))
                mutant = Mutant(name, module_name(path), status_by_exit_code[code], kind, reason)
                if mutant.status not in KILLED:
                    mutant.change = change_of(name, path)
                result.mutants.append(mutant)
            results[phase].append(result)
    return results


def natural(name: str) -> tuple[str, int]:
    base, _, number = name.rpartition("__mutmut_")
    return base, int(number) if number.isdigit() else 0


def share(killed: int, of: int) -> str:
    return f"{killed / of:.1%}" if of else "–"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'")


def write_report(results: dict[str, list[ModuleResult]], equivalents: dict[str, tuple[str, str]],
                 seconds: float, max_children: int, report: Path = REPORT) -> list[str]:
    """bench/MUTATION.md; returns the phases that fall short of the target."""
    from importlib import metadata
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    lines = [
        "# Mutation testing",
        "",
        f"Generated by `{COMMAND}` (`.venv/bin/python tools/mutation.py`) on {dt.date.today().isoformat()}, "
        f"with mutmut {metadata.version('mutmut')} and at most {max_children} worker processes; the run took "
        f"{seconds / 60:.1f} minutes. Do not edit by hand: run `{COMMAND}` again.",
        "",
        "mutmut changes one small thing at a time in the modules below (an operator, a constant, a "
        "string, an argument) and runs the fast unit tests against each change. **Killed**: a test failed "
        "(or hung), so the tests would catch that mistake. **Survived**: every test still passed (this "
        "includes mutants no test reaches). **Equivalent**: the change cannot alter behaviour; each is "
        "listed, with its reason, in `tools/mutation-equivalent.txt` and left out of the score. The score "
        f"is killed as a share of the non-equivalent mutants; the target is {TARGET:.0%} per phase.",
        "",
        "Tests run against each mutant (only those that reach the mutated function): "
        + ", ".join(f"`{t}`" for t in config["pytest_add_cli_args_test_selection"]) + ".",
        "",
    ]
    short: list[str] = []
    for phase in PHASES:
        lines += [f"## {PHASE_TITLES[phase]}", ""]
        if phase not in results:
            lines += ["Not run in this report (`--phase` left it out).", ""]
            continue
        lines += ["| Module | Killed | Survived | Equivalent | Total | Killed of non-equivalent |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |"]
        totals = [0, 0, 0, 0]
        for result in results[phase]:
            row = [result.killed, result.survived, result.equivalent, len(result.mutants)]
            totals = [a + b for a, b in zip(totals, row, strict=True)]
            lines.append(f"| `{result.path}` | {row[0]} | {row[1]} | {row[2]} | {row[3]} | "
                         f"{share(row[0], row[3] - row[2])} |")
        lines.append(f"| **all** | **{totals[0]}** | **{totals[1]}** | **{totals[2]}** | **{totals[3]}** | "
                     f"**{share(totals[0], totals[3] - totals[2])}** |")
        lines.append("")
        if totals[3] - totals[2] and totals[0] / (totals[3] - totals[2]) < TARGET:
            short.append(phase)
        survivors = [m for result in results[phase] for m in result.mutants if m.status not in KILLED]
        timeouts = sum(result.count("timeout") for result in results[phase])
        uncovered = sum(result.not_covered for result in results[phase])
        notes = []
        if timeouts:
            notes.append(f"{timeouts} killed mutant(s) made the tests hang (timeout) rather than fail")
        if uncovered:
            notes.append(f"{uncovered} surviving mutant(s) are in code no selected test reaches")
        if notes:
            lines += ["Of these: " + "; ".join(notes) + ".", ""]
        if survivors:
            lines += [f"### Survivors ({len(survivors)})", "",
                      "| Mutant | Change | Result | Why |", "| --- | --- | --- | --- |"]
            for m in survivors:
                why = f"{m.kind}: {m.reason}" if m.kind else "**not explained yet**"
                lines.append(f"| `{m.name}` | `{cell(m.change)}` | {m.status} | {cell(why)} |")
            lines.append("")
    known = {m.name: m for phase in results.values() for result in phase for m in result.mutants}
    run_modules = {module_name(path) for phase in results for path in PHASES[phase]}
    stale = [(name, "no such mutant" if name not in known else "killed now")
             for name in sorted(equivalents)
             if any(name.startswith(module + ".x") for module in run_modules)
             and (name not in known or known[name].status in KILLED)]
    if stale:
        lines += ["## Stale entries in tools/mutation-equivalent.txt", "",
                  "These names no longer match a surviving mutant (the code changed, or a test now kills "
                  "it): check and remove them.", ""]
        lines += [f"- `{name}`: {why}" for name, why in stale]
        lines.append("")
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(lines), encoding="utf-8")
    return short


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase", choices=["1", "2", "all"], default="all")
    parser.add_argument("--max-children", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--reuse", action="store_true", help="keep mutants/ from the last run")
    parser.add_argument("--report-only", action="store_true", help="only rewrite the report of the last run")
    args = parser.parse_args(argv)
    phases = list(PHASES) if args.phase == "all" else [args.phase]

    modules = configured_modules()
    missing = [path for phase in PHASES for path in PHASES[phase] if path not in modules]
    if missing:
        raise SystemExit(f"mutation: add {', '.join(missing)} to only_mutate in pyproject.toml [tool.mutmut]")
    equivalents = read_equivalents()

    started = time.perf_counter()
    if not args.report_only:
        if args.reuse and (ROOT / "mutants").is_dir():
            refresh_copies(modules)
        else:
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        run_mutmut(phases, args.max_children)
        TIMING.write_text(f"{time.perf_counter() - started:.0f}\n", encoding="utf-8")
    seconds = float(TIMING.read_text(encoding="utf-8")) if TIMING.is_file() else 0.0
    results = collect(phases, equivalents)
    short = write_report(results, equivalents, seconds, args.max_children)
    for phase in phases:
        killed = sum(r.killed for r in results[phase])
        counted = sum(len(r.mutants) - r.equivalent for r in results[phase])
        print(f"mutation: phase {phase}: {killed} of {counted} non-equivalent mutants killed "
              f"({share(killed, counted)})")
    print(f"mutation: wrote {REPORT.relative_to(ROOT)} ({seconds / 60:.1f} minutes)")
    if short:
        print(f"mutation: phase {', '.join(short)} below the {TARGET:.0%} target", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
