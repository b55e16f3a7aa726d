"""Preview with live reload: MkDocs serves the site, and a watcher re-runs the chart step when a dataset or
page changes, so MkDocs sees the generated files change and reloads the page."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from explainer import build
from explainer.config import SiteConfig
from explainer.pages import GENERATED_DIRS


def sources(config: SiteConfig) -> dict[Path, float]:
    """Every hand-written input with its modification time."""
    found: dict[Path, float] = {}
    for folder in (config.charts_dir, config.docs_dir, config.root / Path(config.paths.abbreviations).parent):
        for path in folder.rglob("*"):
            parts = path.relative_to(folder).parts
            if path.is_file() and not (folder == config.docs_dir and parts[0] in (*GENERATED_DIRS, "assets")):
                found[path] = path.stat().st_mtime
    found[config.root / "mkdocs.yml"] = (config.root / "mkdocs.yml").stat().st_mtime
    return found


def run(config: SiteConfig, today: dt.date, jobs: int, address: str) -> int:
    code = build.charts(config, today, jobs)
    if code:
        return code
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--livereload",
            "-a",
            address,
            "-f",
            str(config.root / "mkdocs.yml"),
        ],
        cwd=config.root,
        env=env,
    )
    seen = sources(config)
    try:
        while server.poll() is None:
            time.sleep(1)
            now = sources(config)
            if now != seen:
                seen = now
                if build.charts(config, today, jobs):
                    print("explainer: problems above; the preview keeps the previous charts until fixed.")
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
    return server.wait()
