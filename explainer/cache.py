"""The drawing cache: a chart is drawn again only when its dataset, the drawing code, the fonts or the
palette change."""

from __future__ import annotations

import hashlib
import shutil
from importlib import metadata
from pathlib import Path

from explainer.model import Dataset

PACKAGE_DIR = Path(__file__).resolve().parent
DRAWING_CODE = (
    "render.py",
    "kinds.py",
    "theme.py",
    "svg.py",
    "formatting.py",
    "cards.py",
    "textfit.py",
    "chart_rules.py",
    "fonts/LiberationSans-Regular.ttf",
    "fonts/LiberationSans-Bold.ttf",
)
DRAWING_LIBRARIES = ("altair", "vl-convert-python", "pillow")
CHART_FILES = ("inline.svg", "inline-narrow.svg", "chart.svg", "chart.png", "card.png", "chart.vl.json")
TABLE_FILES = ("card.png",)  # a 'table' dataset has no drawing, only its social card


def expected_files(ds: Dataset) -> tuple[str, ...]:
    return TABLE_FILES if ds.kind == "table" else CHART_FILES


def code_fingerprint(settings_key: str = "") -> str:
    """Hash of everything that shapes a drawing: the drawing modules, the fonts, library versions and the
    settings."""
    digest = hashlib.sha256(settings_key.encode())
    for name in DRAWING_CODE:
        digest.update(name.encode() + b"\0" + (PACKAGE_DIR / name).read_bytes())
    for package in DRAWING_LIBRARIES:
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()


def entry_for(chart_id: str, raw: bytes, cache_dir: Path, fingerprint: str) -> Path:
    """The cache folder of a dataset's drawings, from its id and its file's bytes."""
    return cache_dir / f"{chart_id}-{hashlib.sha256(fingerprint.encode() + raw).hexdigest()[:20]}"


def entry(ds: Dataset, cache_dir: Path, fingerprint: str) -> Path:
    return entry_for(ds.id, ds.raw, cache_dir, fingerprint)


def uncached(files: list[Path], cache_dir: Path, fingerprint: str) -> int:
    """How many dataset files have no drawings in the cache, read by file name (a dataset's id is its file
    name) before any file is checked: a quick guess of the drawing to come, never used to skip a drawing."""
    return sum(not entry_for(f.stem, f.read_bytes(), cache_dir, fingerprint).is_dir() for f in files)


def load(ds: Dataset, cache_dir: Path, fingerprint: str) -> dict[str, bytes] | None:
    """The cached files for this dataset and code, or None if any is missing."""
    folder, names = entry(ds, cache_dir, fingerprint), expected_files(ds)
    if folder.is_dir() and all((folder / n).is_file() for n in names):
        return {n: (folder / n).read_bytes() for n in names}
    return None


def store(ds: Dataset, cache_dir: Path, fingerprint: str, files: dict[str, bytes]) -> None:
    """Save drawn files, replacing older drawings of the same dataset."""
    folder = entry(ds, cache_dir, fingerprint)
    tmp = folder.with_name(folder.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    for stale in cache_dir.glob(f"{ds.id}-*"):
        if stale != tmp and stale.is_dir() and stale.name.rsplit("-", 1)[0] == ds.id:
            shutil.rmtree(stale, ignore_errors=True)
    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
