"""MkDocs hook for `make serve`: re-run build_charts.py before each rebuild, so an edited dataset shows without a restart."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from explainer import cli  # noqa: E402
_command = {"name": None}


def on_startup(command, dirty):
    _command["name"] = command


def on_pre_build(config):
    if _command["name"] != "serve":
        return  # `make site` runs build_charts.py itself, before MkDocs
    if cli.main([], root=ROOT) != 0:
        print("build_charts: problems above; the site keeps the previous charts until they are fixed.")
