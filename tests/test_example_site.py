"""The engine installed the way a new team would install it, building a second site on another topic.

A fresh virtual environment gets the pinned, hashed requirements and then the package itself (a normal install from a
copy of the sources, not editable). Its own `explainer` command then builds the example site (examples/road-safety)
and the first site, each from a copy of its sources. The example must come out with its own name, citation prefix and
palette, and with nothing of the first site; the installed package must hold nothing topic-specific.

Slow: making the environment and building two whole sites takes a few minutes (pip's cache is used).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, TODAY

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "road-safety"

# What the first site has and the example must not: its name, its identifiers and its domain.
FIRST_SITE_MARKERS = ("organised crime", "soc-explainer", "soc-explainer.org.uk", "Serious and organised")
# The chart colours the first site draws with (the package defaults, which the first site does not override).
FIRST_SITE_CHART_COLOURS = ("#12436d", "#28a197", "#801650", "#f46a25", "#6fa8dc", "#e07bb0")
# The first site's own page colours (its docs/assets/site.css): link and dark-scheme link colours.
FIRST_SITE_PAGE_COLOURS = ("#1d5a8f", "#9cc3f0")
# The example's palette, as set in examples/road-safety/mkdocs.yml.
EXAMPLE_NAME = "Road safety in Great Britain, explained"
EXAMPLE_PREFIX = "road-safety-explainer"
EXAMPLE_ONE_SERIES, EXAMPLE_HIGHLIGHT, EXAMPLE_DARK_ONE_SERIES = "#00605b", "#a83f00", "#5cc8bd"

# Generated files under docs/: a copy of a site's sources leaves them out, so the build must make them again.
GENERATED_IN_DOCS = ("charts", "cards", "assets/explainer", "datapackage.json", "feed.xml")
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".csv", ".svg", ".txt", ".bib", ".md"}


@dataclass(frozen=True)
class Installed:
    """A fresh environment with the package installed, and the two sites it built."""

    venv: Path
    package: Path          # the installed package folder (site-packages/explainer)
    example: Path          # the example's project copy (built into example/site)
    first: Path            # the first site's project copy (built into first/site)
    example_run: subprocess.CompletedProcess[str]
    first_run: subprocess.CompletedProcess[str]


def clean_env() -> dict[str, str]:
    """The environment for the new venv's commands: nothing that could make it import the repository's package."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env.update({"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    return env


def sh(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=clean_env())


def copy_sources(source: Path, target: Path, entries: tuple[str, ...] | None = None) -> Path:
    """A copy of a site's sources: no build output, no generated files under docs/."""
    ignore = shutil.ignore_patterns("build", "site", ".venv", "__pycache__", ".cache", "node_modules")
    target.mkdir(parents=True)
    for name in entries or tuple(p.name for p in source.iterdir()):
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=ignore)
        else:
            shutil.copy2(path, target / name)
    for generated in GENERATED_IN_DOCS:
        path = target / "docs" / generated
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    return target


def text_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)


def build(venv: Path, project: Path) -> subprocess.CompletedProcess[str]:
    return sh(venv / "bin" / "explainer", "--root", project, "--today", TODAY.isoformat(), "--jobs",
              str(max(2, os.cpu_count() or 1)), "site", cwd=project)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Made once: python -m venv; the pinned requirements with their hashes; the package (not editable); both sites."""
    base = tmp_path_factory.mktemp("new-team")
    venv = base / "venv"
    made = sh(sys.executable, "-m", "venv", venv, cwd=base)
    assert made.returncode == 0, made.stderr
    pip = venv / "bin" / "pip"
    # The pinned, hashed requirements, read from the repository (pip's cache is used: no --no-cache-dir).
    deps = sh(pip, "install", "--require-hashes", "--no-deps", "-r", ROOT / "requirements" / "build.txt", cwd=ROOT)
    assert deps.returncode == 0, deps.stderr[-4000:]
    # The package itself, from a copy of the sources (as from a fresh clone), so the build writes nothing into the
    # repository (pip builds in the source tree: build/ and *.egg-info).
    source = copy_sources(ROOT, base / "clone", ("pyproject.toml", "README.md", "explainer"))
    package = sh(pip, "install", "--no-deps", ".", cwd=source)
    assert package.returncode == 0, package.stderr[-4000:]
    where = sh(venv / "bin" / "python", "-c", "import explainer, pathlib; print(pathlib.Path(explainer.__file__).parent)",
               cwd=base)
    assert where.returncode == 0, where.stderr
    example = copy_sources(EXAMPLE, base / "example")
    first = copy_sources(ROOT, base / "first", ("mkdocs.yml", "charts", "docs", "includes",
                                                "source-fingerprint.txt"))
    return Installed(venv, Path(where.stdout.strip()), example, first, build(venv, example), build(venv, first))


def test_the_package_is_installed_not_linked(installed: Installed) -> None:
    """The new environment imports its own copy of the package, not the repository's."""
    assert installed.package.is_relative_to(installed.venv), installed.package
    assert installed.package.name == "explainer"
    assert (installed.package / "defaults.yml").is_file()
    assert not installed.package.is_relative_to(ROOT)


def test_version_works(installed: Installed) -> None:
    version = re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert version
    result = sh(installed.venv / "bin" / "explainer", "--version", cwd=installed.venv)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"explainer {version.group(1)}"


def test_both_sites_build(installed: Installed) -> None:
    for name, run in (("example", installed.example_run), ("first site", installed.first_run)):
        assert run.returncode == 0, f"{name}: {run.stderr[-4000:]}"
    assert EXAMPLE_NAME in (installed.example / "site" / "index.html").read_text(encoding="utf-8")
    first_home = (installed.first / "site" / "index.html").read_text(encoding="utf-8")
    assert "Serious and organised crime in the UK, explained" in first_home


def test_example_carries_its_own_name_prefix_and_palette(installed: Installed) -> None:
    site = installed.example / "site"
    assert installed.example_run.returncode == 0, installed.example_run.stderr[-4000:]
    pages = sorted(site.rglob("index.html"))
    assert len(pages) >= 11  # 8 pages and 3 chart pages
    untitled = [str(p.relative_to(site)) for p in pages if f"{EXAMPLE_NAME}</title>" not in p.read_text(encoding="utf-8")]
    assert not untitled, f"pages without the example's name in their title: {untitled}"
    # The citation prefix: BibTeX keys on the chart pages and the data package's name.
    chart_page = (site / "charts" / "cars-over-speed-limit-2022" / "index.html").read_text(encoding="utf-8")
    assert f"{EXAMPLE_PREFIX}-cars-over-speed-limit-2022" in chart_page
    assert '"name": "road-safety-explainer-datasets"' in (site / "datapackage.json").read_text(encoding="utf-8")
    # The palette: charts drawn in it, the highlight used, dark-scheme colours generated from it.
    speed = (site / "responses" / "speed-limits" / "index.html").read_text(encoding="utf-8").lower()
    assert f'fill="{EXAMPLE_ONE_SERIES}"' in speed
    assert f'fill="{EXAMPLE_HIGHLIGHT}"' in speed
    css = (site / "assets" / "explainer" / "explainer.css").read_text(encoding="utf-8").lower()
    assert f'[fill="{EXAMPLE_ONE_SERIES}"] {{ fill: {EXAMPLE_DARK_ONE_SERIES}; }}' in css
    # The social card of each page is painted in the site's colours.
    card = Image.open(site / "cards" / "card.png").convert("RGB")
    assert card.getpixel((600, 600)) == (0x00, 0x60, 0x5B)
    assert card.getpixel((5, 5)) == (0xA8, 0x3F, 0x00)


def test_example_output_has_nothing_of_the_first_site(installed: Installed) -> None:
    site = installed.example / "site"
    assert installed.example_run.returncode == 0, installed.example_run.stderr[-4000:]
    files = text_files(site)
    assert len(files) > 30
    found = [f"{p.relative_to(site)}: {marker!r}" for p in files for marker in FIRST_SITE_MARKERS
             if marker.lower() in p.read_text(encoding="utf-8", errors="replace").lower()]
    assert not found, "the first site's words in the example's output:\n" + "\n".join(found)


def test_example_charts_and_pages_use_only_its_palette(installed: Installed) -> None:
    """No colour of the first site's charts in the example's drawings, pages or chart stylesheet."""
    site = installed.example / "site"
    assert installed.example_run.returncode == 0, installed.example_run.stderr[-4000:]
    files = [p for p in text_files(site) if p.suffix in (".svg", ".html")] + [site / "assets/explainer/explainer.css"]
    found = [f"{p.relative_to(site)}: {colour}" for p in files for colour in FIRST_SITE_CHART_COLOURS + FIRST_SITE_PAGE_COLOURS
             if colour in p.read_text(encoding="utf-8").lower()]
    assert not found, "the first site's colours in the example's output:\n" + "\n".join(found)


def test_example_embed_view_uses_only_its_palette(installed: Installed) -> None:
    site = installed.example / "site"
    assert installed.example_run.returncode == 0, installed.example_run.stderr[-4000:]
    embed = (site / "assets" / "explainer" / "embed.css").read_text(encoding="utf-8").lower()
    found = [c for c in FIRST_SITE_CHART_COLOURS + FIRST_SITE_PAGE_COLOURS if c in embed]
    assert not found, f"assets/explainer/embed.css has the first site's colours: {', '.join(found)}"


# A line may mention the first site's topic only to give an example; "social" (social cards) is an ordinary word.
EXAMPLE_LINE = re.compile(r"\be\.g\.|\bfor example\b|\bexample\b|\bsuch as\b", re.I)


def topic_offenders(package: Path) -> list[str]:
    """Every line of the installed package's text files that names the first site's topic, unless it is an example."""
    offenders = []
    for path in sorted(package.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".ttf", ".pyc", ".png"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            words = {m.group(0).lower() for m in re.finditer(r"[\w-]*(?:soc|organised)[\w-]*", line, re.I)}
            words = {w for w in words if not w.startswith("social")}
            if words and not EXAMPLE_LINE.search(line):
                offenders.append(f"{path.relative_to(package)}:{number}: {line.strip()[:160]}")
    return offenders


def test_installed_package_names_no_topic(installed: Installed) -> None:
    """grep -ri "soc\\|organised" over the installed package finds nothing but examples (and the word "social")."""
    assert any(installed.package.rglob("*.py")) and any(installed.package.rglob("*.json"))
    offenders = topic_offenders(installed.package)
    assert not offenders, "topic-specific text in the installed package:\n" + "\n".join(offenders)


def test_topic_search_catches_a_topic_line(tmp_path: Path) -> None:
    """The search above is not blind: it reports a topic word, and lets an example or 'social' pass."""
    (tmp_path / "a.py").write_text('TITLE = "Serious and organised crime"\nCARD = "social card"\n'
                                   '# e.g. soc-explainer\nPREFIX = "soc-explainer"\n', encoding="utf-8")
    assert topic_offenders(tmp_path) == ['a.py:1: TITLE = "Serious and organised crime"',
                                         'a.py:4: PREFIX = "soc-explainer"']
