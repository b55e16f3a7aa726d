"""The render cache: a chart is rendered again only when its dataset or the code that draws it changes."""

from __future__ import annotations

import hashlib
import shutil
from importlib import metadata
from pathlib import Path

from explainer.dataset import Dataset

PACKAGE_DIR = Path(__file__).resolve().parent
RENDER_MODULES = ("render", "kinds", "theme", "svg", "formatting", "cards", "dataset")
RENDER_PACKAGES = ("altair", "vl-convert-python", "pillow")
CHART_FILES = ("inline.svg", "inline-narrow.svg", "chart.svg", "chart.png", "card.png", "chart.vl.json")
TABLE_FILES = ("card.png",)  # a 'table' dataset has no drawing, only its social card


def expected_files(ds: Dataset) -> tuple[str, ...]:
    return TABLE_FILES if ds.doc["chart"]["kind"] == "table" else CHART_FILES


def code_fingerprint() -> str:
    """Hash of everything that shapes a rendered chart: the rendering modules and the library versions."""
    digest = hashlib.sha256()
    for path in [PACKAGE_DIR / f"{name}.py" for name in RENDER_MODULES]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in RENDER_PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()


def cache_key(ds: Dataset, fingerprint: str) -> str:
    return hashlib.sha256(fingerprint.encode() + ds.raw).hexdigest()[:20]


def entry(ds: Dataset, cache_dir: Path, fingerprint: str) -> Path:
    return cache_dir / f"{ds.id}-{cache_key(ds, fingerprint)}"


def load(ds: Dataset, cache_dir: Path, fingerprint: str) -> dict[str, bytes] | None:
    """The cached files for this dataset and code, or None if any is missing."""
    folder, names = entry(ds, cache_dir, fingerprint), expected_files(ds)
    if folder.is_dir() and all((folder / n).is_file() for n in names):
        return {n: (folder / n).read_bytes() for n in names}
    return None


def store(ds: Dataset, cache_dir: Path, fingerprint: str, files: dict[str, bytes]) -> None:
    """Save rendered files, replacing older renders of the same dataset."""
    folder = entry(ds, cache_dir, fingerprint)
    tmp = folder.with_name(folder.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    for stale in cache_dir.glob(f"{ds.id}-*"):
        if stale != tmp and stale.is_dir() and stale.name.rsplit("-", 1)[0] == ds.id:
            shutil.rmtree(stale, ignore_errors=True)
    tmp.rename(folder)
