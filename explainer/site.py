"""The whole site, atomically: the chart step, MkDocs (strict) into a staging folder, the Content Security Policy on
every page, and only then the staging folder takes the place of site/. A failure at any step leaves site/ as it was."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from explainer import build as chart_step
from explainer import harden
from explainer.config import SiteConfig

PROG = "explainer"
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def mkdocs(config: SiteConfig, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` into a folder; its output is kept for the report."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet",
                           "-f", str(config.root / "mkdocs.yml"), "--site-dir", str(site_dir)],
                          cwd=config.root, capture_output=True, text=True, env={**os.environ, **QUIET_ENV})


def swap(staging: Path, target: Path) -> None:
    """Put the staging folder in the target's place: two renames, the old site removed only afterwards."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
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
            print((result.stdout + result.stderr).strip(), file=sys.stderr)
            print(f"{PROG}: MkDocs stopped (above); {target.name}/ is unchanged.", file=sys.stderr)
            return 1
        pages = harden.harden_site(staging)
        swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"{PROG}: site built into {target.name}/ ({pages} pages with a Content Security Policy) in "
          f"{time.perf_counter() - started:.1f} s")
    return 0

