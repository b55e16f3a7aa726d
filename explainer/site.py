"""The whole site, atomically: the chart step, MkDocs (strict) into a staging folder, the Content Security
Policy on every page, and only then the staging folder takes the place of site/. A failure at any step
leaves site/ as it was."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from explainer import build as chart_step
from explainer import harden
from explainer.config import SiteConfig
from explainer.problems import Problem

PROG = "explainer"
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
LOG_LINE = re.compile(r"^(?P<level>WARNING|ERROR)\s+-\s+(?P<message>.*)$")
DOC_LINK = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains "
    r"(?P<what>an? (?:absolute )?link (?:to )?'(?P<link>[^']+)'.*?)\.?$"
)


def mkdocs(config: SiteConfig, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` into a folder; its output is kept for the report. Not --quiet: MkDocs then
    drops its warnings before strict mode counts them, and a broken link passes (mkdocs/mkdocs#4126)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "-f",
            str(config.root / "mkdocs.yml"),
            "--site-dir",
            str(site_dir),
        ],
        cwd=config.root,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_ENV},
    )


def link_line(config: SiteConfig, page: str, link: str) -> int | None:
    """The line of a page that holds a link target, for the message."""
    path = config.docs_dir / page
    if not path.is_file():
        return None
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if f"({link}" in line or f"<{link}>" in line or f'"{link}"' in line:
            return number
    return None


def mkdocs_problems(config: SiteConfig, output: str) -> list[str]:
    """MkDocs' warnings and errors, one line each; a broken link in a page is named by its page and line.
    """
    lines = []
    for raw in ANSI.sub("", output).splitlines():
        logged = LOG_LINE.match(raw.strip())
        if not logged:
            continue
        message = logged.group("message").strip()
        link = DOC_LINK.match(message)
        if link:
            docs = config.docs_dir.relative_to(config.root).as_posix()
            page = link.group("page")
            problem = Problem(
                f"{docs}/{page}",
                link_line(config, page, link.group("link")),
                f"has {link.group('what')}; correct the link (MkDocs, strict)",
            )
            lines.append(str(problem))
        else:
            lines.append(f"mkdocs: {message}")
    return lines


def swap(staging: Path, target: Path) -> None:
    """Put the staging folder in the target's place: two renames, the old site removed only afterwards."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        target.replace(old)
    staging.replace(target)
    shutil.rmtree(old, ignore_errors=True)


def build_site(config: SiteConfig, today: dt.date, jobs: int, site_dir: Path | None = None) -> int:
    """Build everything; returns the exit code."""
    started = time.perf_counter()
    target = site_dir or config.root / "site"
    code = chart_step.charts(config, today, jobs)
    if code:
        return code
    staging = target.with_name(f".{target.name}-staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        result = mkdocs(config, staging)
        if result.returncode != 0:
            output = result.stdout + "\n" + result.stderr
            problems = mkdocs_problems(config, output) or [ANSI.sub("", output).strip()]
            for line in problems:
                print(line, file=sys.stderr)
            print(f"{PROG}: MkDocs stopped the build (above); {target.name}/ is unchanged.", file=sys.stderr)
            return 1
        pages = harden.harden_site(staging)
        swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(
        f"{PROG}: site built into {target.name}/ ({pages} pages with a Content Security Policy) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0
