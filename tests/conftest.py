"""Shared fixtures: one pinned clock, the command line run in-process, a small test site to break, the real site built
once, and the injection site.

The clock: every test runs the engine with TODAY, passed as --today (the engine's only clock), so no result depends on
the day the tests run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from explainer import cli

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
MINI = FIXTURES / "mini"
TODAY = dt.date(2026, 11, 28)
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


@dataclass
class Run:
    """What one run of the command printed, and its exit code."""

    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[str]:
        """The problem lines (stderr, without the closing count line or drawing progress)."""
        return [line for line in self.err.splitlines() if line and not line.startswith("explainer:")
                and not line.startswith("  drew ")]


def run(*args: str, root: Path = ROOT, today: dt.date = TODAY) -> Run:
    """Run `explainer <args>` in this process for the site in root, with the pinned clock."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "--today", today.isoformat(), *args])
    return Run(code, out.getvalue(), err.getvalue())


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder with the hash of its content."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_site(source: Path, target: Path) -> Path:
    """A copy of a site's sources (not its generated output) to break or build."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build", "site", ".venv", "node_modules",
                                                                  "__pycache__", ".cache"))
    return target


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test site, built once (charts and site): a baseline to copy and break."""
    site = copy_site(MINI, tmp_path_factory.mktemp("mini") / "mini")
    result = run("site", root=site)
    assert result.code == 0, result.err
    return site


@pytest.fixture()
def mini(mini_built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built small site for one test to break."""
    target = tmp_path / "mini"
    shutil.copytree(mini_built, target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site: `explainer site` into a temporary folder (checked, drawn, built strictly, hardened)."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = run("site", "--site-dir", str(site))
    assert result.code == 0, result.err[-4000:]
    return site


@pytest.fixture(scope="session")
def injection_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from a dataset whose every string carries a script payload; returns its built folder."""
    project = copy_site(FIXTURES / "injection", tmp_path_factory.mktemp("injection") / "project")
    result = run("site", root=project)
    assert result.code == 0, result.err[-4000:]
    return project / "site"


# ---------------------------------------------------------------------------
# The browser tests' shared pieces: Debian's Chromium, and the built site served locally
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on a local port."""
    from browser_support import serve

    with serve(built_site) as url:
        yield url
