"""What a change does to the published site: build the base (with its own engine) and the working tree, and
list the pages, chart pages and downloads whose output differs, with before and after pictures of every
changed chart."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from explainer.config import SiteConfig

DOWNLOADS = (".csv", ".json", ".svg", ".png")
IGNORED = ("assets/", "search/", "cards/", "sitemap.xml", "sitemap.xml.gz", "404.html")
BUILD_TIME = [re.compile(r"<lastmod>[^<]*</lastmod>")]


@dataclass(frozen=True)
class Change:
    """One published URL whose output differs: what kind of thing it is, and how it changed."""

    kind: str  # 'page', 'chart page' or 'download'
    url: str
    how: str  # 'changed', 'added' or 'removed'

    def __str__(self) -> str:
        return f"{self.how}: {self.url} ({self.kind})"


def kind_of(path: str) -> str | None:
    """What a file in a built site is, for the report; None for what the report leaves out."""
    if path.startswith(IGNORED) or path.endswith("-card.png"):
        return None
    if path.startswith("charts/"):
        return "chart page" if path.endswith(".html") else "download" if path.endswith(DOWNLOADS) else None
    if path.endswith(".html"):
        return "page"
    return "download" if path in ("datapackage.json", "feed.xml") else None


def url_of(path: str) -> str:
    return "/" + (path[: -len("index.html")] if path.endswith("index.html") else path)


def fingerprint(path: Path) -> str:
    """A file's content without build timestamps."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix in (".xml", ".html", ".gz"):
        text = data.decode("utf-8", errors="replace")
        for pattern in BUILD_TIME:
            text = pattern.sub("", text)
        data = text.encode()
    return hashlib.sha256(data).hexdigest()


def compare(before: Path, after: Path) -> list[Change]:
    """Every reported file that was added, removed or changed between two built sites."""
    old = {p.relative_to(before).as_posix() for p in before.rglob("*") if p.is_file()}
    new = {p.relative_to(after).as_posix() for p in after.rglob("*") if p.is_file()}
    changes = []
    for path in sorted(old | new):
        kind = kind_of(path)
        if kind is None:
            continue
        if path not in old:
            changes.append(Change(kind, url_of(path), "added"))
        elif path not in new:
            changes.append(Change(kind, url_of(path), "removed"))
        elif fingerprint(before / path) != fingerprint(after / path):
            changes.append(Change(kind, url_of(path), "changed"))
    return sorted(changes, key=lambda c: c.url)


def export(root: Path, ref: str, target: Path) -> None:
    """The files of a git ref, without touching the working tree (git archive)."""
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", ref], capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")


def build_with(
    project: Path, engine: Path, site_dir: Path, today: dt.date, jobs: int
) -> subprocess.CompletedProcess[str]:
    """Build a project's site with the engine found in a folder (its own, for the base)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(engine),
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "explainer",
            "--root",
            str(project),
            "--today",
            today.isoformat(),
            "--jobs",
            str(jobs),
            "site",
            "--site-dir",
            str(site_dir),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def report(changes: list[Change], ref: str) -> str:
    """The changes as Markdown, for a pull request's job summary."""
    lines = [f"# What this change does to the published site (against `{ref}`)", ""]
    if not changes:
        return "\n".join([*lines, "No page, chart page or download changed.", ""])
    for kind in ("page", "chart page", "download"):
        chosen = [c for c in changes if c.kind == kind]
        if chosen:
            lines += [
                f"## {kind.capitalize()}s ({len(chosen)})",
                "",
                *(f"- {c.how}: `{c.url}`" for c in chosen),
                "",
            ]
    return "\n".join(lines)


def chart_pictures(changes: list[Change], before: Path, after: Path, out: Path) -> int:
    """Before and after PNGs of every chart whose picture changed; returns how many charts."""
    count = 0
    for change in changes:
        match = re.fullmatch(r"/charts/([^/]+)/\1\.png", change.url)
        if not match:
            continue
        chart_id = match.group(1)
        for label, site in (("before", before), ("after", after)):
            source = site / "charts" / chart_id / f"{chart_id}.png"
            if source.is_file():
                shutil.copyfile(source, out / f"{chart_id}-{label}.png")
        count += 1
    return count


def run(config: SiteConfig, ref: str, out: Path, today: dt.date, jobs: int) -> int:
    """Build both, compare, write out/report.md and the pictures; print one line per change."""
    out = out if out.is_absolute() else config.root / out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="explainer-diff-") as scratch:
        work = Path(scratch)
        base = work / "base"
        export(config.root, ref, base)
        engine = (
            base if (base / "explainer" / "__init__.py").is_file() else Path(__file__).resolve().parent.parent
        )
        built = {}
        for name, project, code in (
            ("base", base, engine),
            ("change", config.root, Path(__file__).resolve().parent.parent),
        ):
            target = work / f"{name}-site"
            result = build_with(project, code, target, today, jobs)
            if result.returncode != 0:
                print((result.stdout + result.stderr)[-3000:], file=sys.stderr)
                print(
                    f"explainer: the {name} ({ref if name == 'base' else 'working tree'}) did not build; "
                    "no report.",
                    file=sys.stderr,
                )
                return 1
            built[name] = target
        changes = compare(built["base"], built["change"])
        pictures = chart_pictures(changes, built["base"], built["change"], out)
        for name in ("base", "change"):
            shutil.copytree(built[name], out / f"site-{name}")
    (out / "report.md").write_text(report(changes, ref), encoding="utf-8")
    for change in changes:
        print(change)
    shown = out.relative_to(config.root) if out.is_relative_to(config.root) else out
    print(
        f"explainer: {len(changes)} page(s), chart page(s) and download(s) differ from {ref}; "
        f"{pictures} chart picture(s) before and after in {shown}/"
    )
    return 0
