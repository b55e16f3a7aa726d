"""Lighthouse 13 (pinned in bench/package.json) against the local gzip server: mobile defaults, Debian's
Chromium.

Lighthouse 13 needs Node.js 22.19 or later; the system's Node (20) is too old, so bench/package.json also
pins the npm package `node` (22.x), which installs the Node binary from the npm registry into
bench/node_modules/node/bin/. Lighthouse runs with that binary, not the system's.

Each run is what `CHROME_PATH=/usr/bin/chromium lighthouse URL --output=json --only-categories=performance,
accessibility,best-practices,seo --chrome-flags="..."` does (mobile form factor, simulated throttling:
Lighthouse's defaults), but all runs go through one Node process (bench/lighthouse-runner.mjs), with a fresh
Chromium per run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules"
NODE = MODULES / "node" / "bin" / "node"
PACKAGE = MODULES / "lighthouse" / "package.json"
RUNNER = HERE / "lighthouse-runner.mjs"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = [
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run --disable-default-apps --disable-extensions"
)


def installed() -> bool:
    return NODE.exists() and PACKAGE.exists()


def ensure_installed() -> str | None:
    """Install Lighthouse and Node 22 into bench/node_modules from the lockfile if needed; return why it
    can't be."""
    if installed():
        return None
    npm = shutil.which("npm")
    if not npm:
        return "npm is not installed (apt-get install npm); Lighthouse skipped"
    proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True)
    if proc.returncode == 0 and installed():
        return None
    return f"`npm ci` in bench/ could not install Lighthouse and Node 22: {proc.stderr.strip()[-500:]}"


def version() -> str:
    """Installed Lighthouse version."""
    return json.loads(PACKAGE.read_text(encoding="utf-8"))["version"]


def node_version() -> str:
    """Version of the Node binary Lighthouse runs with."""
    return subprocess.run([str(NODE), "--version"], capture_output=True, text=True).stdout.strip()


def run_all(urls: list[str], runs: int, out_dir: Path, chromium: str, progress=None) -> list[list[dict]]:
    """Lighthouse `runs` times on each URL (round-robin, fresh Chromium each time, one Node process);
    [url][run]."""
    out_dir.mkdir(parents=True, exist_ok=True)
    job = out_dir / "job.json"
    job.write_text(
        json.dumps(
            {
                "urls": urls,
                "runs": runs,
                "outDir": str(out_dir),
                "categories": CATEGORIES,
                "chromeFlags": CHROME_FLAGS.split(),
            }
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "CHROME_PATH": chromium, "NO_UPDATE_NOTIFIER": "1"}
    reports: list[list[dict]] = [[] for _ in urls]
    errors = out_dir / "stderr.txt"
    with (
        errors.open("w") as err,
        subprocess.Popen(
            [str(NODE), str(RUNNER), str(job)],
            cwd=HERE,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        ) as proc,
    ):
        for line in proc.stdout:
            done = json.loads(line)
            report = json.loads(Path(done["file"]).read_text(encoding="utf-8"))
            if report.get("runtimeError"):
                raise RuntimeError(f"lighthouse {done['url']}: {report['runtimeError']}")
            reports[urls.index(done["url"])].append(report)
            if progress:
                progress(done["url"], done["run"], report)
    if proc.returncode != 0:
        raise RuntimeError(f"lighthouse runner failed ({proc.returncode}): {errors.read_text()[-2000:]}")
    return reports


def summary(report: dict) -> dict:
    """The four scores (0-100), the metrics (ms; CLS unitless), the LCP element, and what cost points in this
    run."""
    cats, audits = report["categories"], report["audits"]
    lcp_element = ""
    for item in ((audits.get("lcp-breakdown-insight") or {}).get("details") or {}).get("items") or []:
        if item.get("type") == "node":
            lcp_element = item.get("selector") or item.get("snippet") or ""
    return {
        "scores": {c: round(100 * (cats[c]["score"] or 0)) for c in CATEGORIES},
        "metrics": {m: audits[m]["numericValue"] for m in METRICS},
        "metric_scores": {m: audits[m]["score"] for m in METRICS},
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp_element": lcp_element,
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "version": report.get("lighthouseVersion"),
        "failures": failures(report),
    }


def failures(report: dict) -> list[dict]:
    """What cost points: scored audits that did not pass (in any category), and performance audits and
    insights with an estimated saving on a metric; up to 3 culprits each."""
    out = []
    for cat in CATEGORIES:
        for ref in report["categories"][cat]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if (
                audit.get("score") is None
                or audit["score"] >= 1
                or audit.get("scoreDisplayMode") in ("informative", "manual")
            ):
                continue
            savings = {k: v for k, v in (audit.get("metricSavings") or {}).items() if v}
            if ref.get("weight", 0) <= 0 and not (cat == "performance" and savings):
                continue
            out.append(
                {
                    "category": cat,
                    "id": ref["id"],
                    "title": audit["title"],
                    "score": audit["score"],
                    "value": audit.get("displayValue", ""),
                    "savings": savings,
                    "where": culprits(audit),
                }
            )
    return out


def culprits(audit: dict) -> list[str]:
    """The first few elements (CSS selectors) or resources (URLs, path only) an audit names."""
    where = []
    items = (audit.get("details") or {}).get("items") or []
    items = [sub for item in items for sub in (item.get("items") or [item])]  # list details hold tables
    for item in items:
        if not isinstance(item, dict):
            continue
        node = item.get("node") or {}
        text = node.get("selector") or item.get("url") or item.get("selector") or node.get("snippet") or ""
        if isinstance(text, str) and text:
            where.append(re.sub(r"^https?://[^/]+", "", text))
        if len(where) == 3:
            break
    return where
