"""The chart step's no-op path: a digest of every input (datasets, pages, configuration, the engine itself
and the date), so a site that has not changed since its last good build is neither checked nor drawn again.
Cheap to import: standard library and PyYAML only."""

from __future__ import annotations

import datetime as dt
import hashlib
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

PACKAGE = Path(__file__).resolve().parent
# Everything the chart step writes, relative to the site's folder; never an input.
OUTPUTS = (
    "build/snippets",
    "build/theme",
    "docs/charts",
    "docs/cards",
    "docs/assets/explainer",
    "docs/datapackage.json",
    "docs/feed.xml",
)
STAMP = "build/cache/charts.stamp"
LIBRARIES = (
    "altair",
    "vl-convert-python",
    "pillow",
    "jinja2",
    "mkdocs",
    "mkdocs-material",
    "textstat",
    "feedgen",
)


class _Tolerant(yaml.SafeLoader):
    """Reads MkDocs' !! tags as null."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


def _settings(root: Path) -> dict[str, Any]:
    raw = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tolerant)  # noqa: S506 - SafeLoader
    return raw if isinstance(raw, dict) else {}


def _files(folder: Path, skip: tuple[Path, ...] = ()) -> list[Path]:
    if not folder.is_dir():
        return [folder] if folder.is_file() else []
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and not any(p == s or s in p.parents for s in skip)
    )


def digest(root: Path, today: dt.date) -> str:
    """One hash of every input of the chart step."""
    settings = _settings(root)
    paths = {
        **yaml.safe_load((PACKAGE / "defaults.yml").read_text(encoding="utf-8"))["paths"],
        **(((settings.get("extra") or {}).get("explainer") or {}).get("paths") or {}),
    }
    docs = root / str(settings.get("docs_dir") or "docs")
    inputs = [
        root / "mkdocs.yml",
        *_files(root / paths["charts"]),
        *_files(root / paths["abbreviations"]),
        *_files(docs, tuple(root / o for o in OUTPUTS)),
    ]
    if paths.get("fingerprint"):
        inputs += _files(root / paths["fingerprint"])
    hashed = hashlib.sha256(today.isoformat().encode())
    for path in [*inputs, *_files(PACKAGE, (PACKAGE / "__pycache__",))]:
        hashed.update(str(path).encode() + b"\0" + path.read_bytes())
    for library in LIBRARIES:
        hashed.update(f"{library}=={metadata.version(library)}".encode())
    return hashed.hexdigest()


def unchanged(root: Path, value: str) -> bool:
    """True if the last good chart step had exactly these inputs and its outputs are all still there."""
    stamp = root / STAMP
    return (
        stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == value
        and all((root / name).exists() for name in OUTPUTS)
    )


def record(root: Path, value: str) -> None:
    stamp = root / STAMP
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(value + "\n", encoding="utf-8")
