"""Shared fixtures: the project root, an in-process build_charts runner, a baseline output and the built site."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explainer import cli  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
TODAY = "2026-11-22"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[str]:
        return [line for line in self.err.splitlines() if line and not line.startswith("build_charts:")]


def run_build(*args: str) -> Run:
    """Run build_charts.py's main in this process and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([*args, "--today", TODAY], root=ROOT)
    return Run(code, out.getvalue(), err.getvalue())


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder with the hash of its content."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def baseline(tmp_path_factory) -> Path:
    """A project-shaped folder built once from the good fixture dataset: charts/, docs/ and the generated output."""
    base = tmp_path_factory.mktemp("baseline")
    shutil.copytree(FIXTURES / "good", base / "charts")
    shutil.copytree(FIXTURES / "docs", base / "docs")
    run = run_build("--charts", str(base / "charts"), "--docs", str(base / "docs"), "--out", str(base))
    assert run.code == 0, run.err
    return base


@pytest.fixture()
def project_copy(baseline, tmp_path) -> Path:
    """A fresh copy of the baseline for one test to break."""
    target = tmp_path / "project"
    shutil.copytree(baseline, target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site: charts generated into the project, then MkDocs --strict into a temporary folder, then hardened."""
    run = run_build()
    assert run.code == 0, run.err
    site = tmp_path_factory.mktemp("site") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    result = subprocess.run([sys.executable, "-m", "explainer.harden", str(site)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return site


def build_temp_site(tmp: Path, charts: Path, docs: Path) -> Path:
    """Build a small separate site (own charts and pages, the real theme and generator) into tmp/site."""
    import yaml
    project = tmp / "project"
    shutil.copytree(docs, project / "docs")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "includes", project / "includes")
    (project / "explainer").symlink_to(ROOT / "explainer")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    config.pop("watch", None)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "redirects" in p)]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    run = run_build("--charts", str(charts), "--docs", str(project / "docs"), "--out", str(project))
    assert run.code == 0, run.err
    site = tmp / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    subprocess.run([sys.executable, "-m", "explainer.harden", str(site)], cwd=ROOT, check=True, capture_output=True)
    return site


@pytest.fixture(scope="session")
def injection_site(tmp_path_factory) -> Path:
    """A site built from the dataset whose every string carries a script payload."""
    tmp = tmp_path_factory.mktemp("injection")
    return build_temp_site(tmp, FIXTURES / "injection", FIXTURES / "injection" / "docs")
