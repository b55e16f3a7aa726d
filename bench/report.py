"""Markdown tables, number formatting and the machine description for bench/RESULTS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import subprocess
from importlib import metadata
from pathlib import Path


def table(headers: list[str], rows: list[list], align: str | None = None) -> str:
    """A Markdown table; align is one letter per column (l or r), default: first left, rest right."""
    align = align or "l" + "r" * (len(headers) - 1)
    rule = ["---:" if a == "r" else ":---" for a in align]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def section(title: str, body: str, note: str = "") -> str:
    """A headed block: title, optional note, body."""
    return f"### {title}\n\n" + (f"{note}\n\n" if note else "") + body + "\n"


def secs(x: float) -> str:
    """Seconds, to a sensible precision."""
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def ms(x: float) -> str:
    """Milliseconds, whole."""
    return f"{x:,.0f} ms"


def kb(n: float) -> str:
    """Bytes as KB (1 KB = 1,024 bytes)."""
    return f"{n / 1024:,.1f} KB"


def med_min_max(values: list[float], fmt=secs) -> list[str]:
    """[median, min, max] formatted."""
    return [fmt(statistics.median(values)), fmt(min(values)), fmt(max(values))]


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gb() -> str:
    """Total memory from /proc/meminfo."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def command_version(cmd: list[str]) -> str:
    """First line a `--version` style command prints that looks like a version, or 'not found'."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    lines = [line.strip() for line in out.splitlines() if re.search(r"\d+\.\d+", line)]
    return lines[0] if lines else "not found"


def package_versions(names: list[str]) -> str:
    """'name version' for each installed Python package."""
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (missing)")
    return ", ".join(found)


def machine(
    chromium: str, lighthouse: str, lighthouse_node: str, loads: list[tuple[str, float]]
) -> list[list[str]]:
    """Rows describing the machine and tools, for the header table; loads are (moment, 1-minute load
    average)."""
    return [
        ["Date", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")],
        ["CPU", f"{os.cpu_count()} cores, {cpu_model()}"],
        ["Memory", memory_gb()],
        ["OS", f"{platform.system()} {platform.release()} ({platform.machine()})"],
        ["Python", platform.python_version()],
        [
            "Python packages",
            package_versions(
                [
                    "explainer",
                    "altair",
                    "vl-convert-python",
                    "mkdocs",
                    "mkdocs-material",
                    "pillow",
                    "playwright",
                ]
            ),
        ],
        ["Chromium", f"{command_version([chromium, '--version'])} ({chromium})"],
        ["Node.js (system; not used by Lighthouse)", command_version(["node", "--version"])],
        ["Lighthouse", lighthouse],
        ["Node.js for Lighthouse", lighthouse_node],
        ["Load average (1 min)", "; ".join(f"{moment} {load:.2f}" for moment, load in loads)],
    ]
