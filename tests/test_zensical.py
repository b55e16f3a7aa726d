"""Zensical, Material for MkDocs' successor, builds the same site from the same sources: pages, chart figures, files and URLs."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from explainer import registry

from conftest import ROOT
from sitecrawl import broken_references, scan, target_file, third_party_requests

pytestmark = pytest.mark.slow

ZENSICAL = Path(sys.executable).parent / "zensical"
OWN_HOST = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).netloc
FIGURE_ID = re.compile(r'<figure\b[^>]*\bid="(chart-[^"]+)"')

# Differences between the two builds that we accept, each with its reason. A test fails if one of them is
# no longer seen, so the lists only ever hold differences that exist.
KNOWN_PAGE_DIFFERENCES: dict[str, str] = {}   # none: both engines build exactly the same .html pages
KNOWN_FIGURE_DIFFERENCES: dict[str, str] = {}  # none: every page carries the same chart figures
KNOWN_FILE_DIFFERENCES = {
    "search/search_index.json": "Material only: the MkDocs search index. Zensical writes its own index, search.json.",
    "search.json": "Zensical only: its search index, replacing search/search_index.json.",
    "sitemap.xml.gz": "Material only: MkDocs also writes a gzipped copy of sitemap.xml; Zensical writes sitemap.xml alone.",
    "redirect.json": "Zensical only: the redirect table its instant navigation reads. The redirect pages themselves "
                     "(redirect_maps in mkdocs.yml) are built as HTML by both engines and are compared as pages.",
}
# Theme bundles: each engine ships its own CSS and JavaScript under these folders (hashed names, Lunr in
# Material, a new search worker and two theme variants in Zensical). Our own assets (docs/assets/) are compared.
ENGINE_ASSET_FOLDERS = ("assets/javascripts/", "assets/stylesheets/")


def recipe() -> str:
    """The recipe of the Makefile's site-zensical target."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^site-zensical:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert match, "the Makefile has no site-zensical target"
    return match.group(1)


def config_written_by_make() -> tuple[str, str]:
    """The throw-away config file the site-zensical target writes: (file name, content)."""
    match = re.search(r"printf '([^']*)' > (\S+)", recipe())
    assert match, "site-zensical should write its Zensical config with printf"
    return match.group(2), match.group(1).replace("\\n", "\n")


def html_pages(site: Path) -> set[str]:
    """Every .html file in a built site, relative to it."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def published_files(site: Path) -> set[str]:
    """Every file in a built site except the engine's own theme bundles."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    return {f for f in files if not f.startswith(ENGINE_ASSET_FOLDERS)}


def figure_ids(page: Path) -> set[str]:
    """The ids of the chart figures (<figure id="chart-...">) on a page."""
    return set(FIGURE_ID.findall(page.read_text(encoding="utf-8")))


def chart_ids(page: Path) -> set[str]:
    """Every id starting with chart- on a page: figures, chart-page headings and the SVGs' titles."""
    return {i for i in scan(page).ids if i.startswith("chart-")}


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def zensical_site(built_site, tmp_path_factory) -> Path:
    """The site built by Zensical, as `make site-zensical` does it, from a copy of the project's sources.

    A copy, because Zensical writes only inside the folder of its config file and has no --site-dir option.
    `built_site` has already generated the charts and snippets into the project, and is the build we compare with.
    """
    project = tmp_path_factory.mktemp("zensical") / "project"
    for name in ("docs", "includes", "charts", "build/snippets", "build/theme"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    config_name, config = config_written_by_make()
    (project / config_name).write_text(config, encoding="utf-8")
    result = subprocess.run([str(ZENSICAL), "build", "--config-file", config_name, "--clean", "--strict"],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, "Zensical could not build the site:\n" + (result.stdout + result.stderr)[-3000:]
    site = project / "site-zensical"
    result = subprocess.run([sys.executable, "-m", "explainer", "--root", str(ROOT), "harden", str(site)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return site


def test_make_target_builds_strictly_into_its_own_folder_from_mkdocs_yml():
    """site-zensical inherits mkdocs.yml, writes to site-zensical/, builds in strict mode and adds the CSP."""
    name, config = config_written_by_make()
    assert config.splitlines() == ["INHERIT: mkdocs.yml", "site_dir: site-zensical"]
    steps = recipe()
    assert f"zensical build --config-file {name} --clean --strict" in steps
    assert "harden site-zensical" in steps
    assert "requirements/zensical.txt" in steps


def test_installed_zensical_is_the_pinned_version():
    """The tests run the Zensical release that requirements/zensical.txt pins (with hashes)."""
    pins = re.findall(r"^zensical==([^\s\\]+)", (ROOT / "requirements" / "zensical.txt").read_text(encoding="utf-8"), re.M)
    assert pins == [metadata.version("zensical")]


def test_zensical_builds_the_same_pages_as_material(built_site, zensical_site):
    """The same .html pages, apart from the recorded differences."""
    material, zensical = html_pages(built_site), html_pages(zensical_site)
    assert len(material) > 100
    assert material ^ zensical == set(KNOWN_PAGE_DIFFERENCES)


def test_every_page_has_the_same_chart_figures_in_both_builds(built_site, zensical_site):
    """For each page, the same set of <figure id="chart-..."> figures."""
    differ = {page for page in html_pages(built_site) & html_pages(zensical_site)
              if figure_ids(built_site / page) != figure_ids(zensical_site / page)}
    assert differ == set(KNOWN_FIGURE_DIFFERENCES)
    assert sum(len(figure_ids(p)) for p in built_site.rglob("*.html")) >= 40


def test_every_page_has_the_same_chart_ids_in_both_builds(built_site, zensical_site):
    """For each page, the same chart- ids: chart pages' headings and every SVG's title and description too."""
    differ = {page for page in html_pages(built_site) & html_pages(zensical_site)
              if chart_ids(built_site / page) != chart_ids(zensical_site / page)}
    assert differ == set(KNOWN_FIGURE_DIFFERENCES)


def test_both_builds_publish_the_same_files_apart_from_theme_bundles(built_site, zensical_site):
    """Downloads, cards, feeds, the data package and our own assets exist in both; other differences are recorded."""
    assert published_files(built_site) ^ published_files(zensical_site) == set(KNOWN_FILE_DIFFERENCES)


def test_files_copied_from_docs_are_identical_in_both_builds(built_site, zensical_site):
    """Every file that both engines copy unchanged from docs/ (SVG, PNG, CSV, JSON, CSS) is byte-for-byte the same."""
    copied = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*") if p.is_file() and p.suffix != ".md"]
    assert len(copied) > 100
    assert [f for f in copied if digest(built_site / f) != digest(zensical_site / f)] == []


def test_both_builds_publish_the_same_urls_and_every_registered_url_resolves(built_site, zensical_site):
    """The URL registry holds for Zensical too: the same published URLs, and every URL in urls.txt resolves."""
    assert registry.published_urls(zensical_site) == registry.published_urls(built_site)
    assert [u for u in registry.read(ROOT / "urls.txt") if target_file(zensical_site, u) is None] == []


def test_zensical_build_loads_nothing_from_another_host_and_has_no_broken_link(zensical_site):
    """The Zensical build is as self-contained as the Material one: no third-party request, no broken link or anchor."""
    assert third_party_requests(zensical_site, OWN_HOST) == []
    assert broken_references(zensical_site, OWN_HOST) == []
