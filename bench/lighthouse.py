"""Lighthouse (pinned in bench/package.json) against the local server: mobile defaults, Debian's Chromium, JSON out.

Each run is what `CHROME_PATH=/usr/bin/chromium lighthouse URL --output=json --only-categories=performance,accessibility,
best-practices,seo --chrome-flags="..."` does, but all runs go through one Node process (bench/lighthouse-runner.mjs).
"""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = HERE / "node_modules" / ".bin" / "lighthouse"
RUNNER = HERE / "lighthouse-runner.mjs"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
                "--disable-sync --no-first-run --disable-default-apps --disable-extensions")


def ensure_installed() -> str | None:
    """Install Lighthouse into bench/node_modules from the lockfile if needed; return why it can't be, or None."""
    if BIN.exists():
        return None
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        return "Node.js and npm are not installed (apt-get install nodejs npm); Lighthouse skipped"
    for cmd in ([npm, "ci", "--no-audit", "--no-fund"], [npm, "install", "--no-audit", "--no-fund"]):
        proc = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True)
        if proc.returncode == 0 and BIN.exists():
            return None
    return f"npm could not install Lighthouse: {proc.stderr.strip()[-500:]}"


def version() -> str:
    """Installed Lighthouse version."""
    return json.loads((HERE / "node_modules" / "lighthouse" / "package.json").read_text())["version"]


def run_all(urls: list[str], runs: int, out_dir: Path, chromium: str, progress=None) -> list[list[dict]]:
    """Lighthouse `runs` times on each URL (round-robin, fresh Chrome each time, one Node process); [url][run] reports."""
    out_dir.mkdir(parents=True, exist_ok=True)
    job = out_dir / "job.json"
    job.write_text(json.dumps({"urls": urls, "runs": runs, "outDir": str(out_dir), "categories": CATEGORIES,
                               "chromeFlags": CHROME_FLAGS.split()}), encoding="utf-8")
    env = {**os.environ, "CHROME_PATH": chromium, "NO_UPDATE_NOTIFIER": "1"}
    reports: list[list[dict]] = [[] for _ in urls]
    errors = out_dir / "stderr.txt"
    with errors.open("w") as err, subprocess.Popen([shutil.which("node") or "node", str(RUNNER), str(job)], cwd=HERE,
                                                   env=env, stdout=subprocess.PIPE, stderr=err, text=True) as proc:
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
    """The four scores (0-100), LCP and TBT (ms), and what failed in this run."""
    cats = report["categories"]
    audits = report["audits"]
    return {
        "scores": {c: round(100 * (cats[c]["score"] or 0)) for c in CATEGORIES},
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "failures": failures(report),
    }


def failures(report: dict) -> list[dict]:
    """Scored audits that did not pass, plus performance opportunities with estimated savings; up to 3 culprits each."""
    out = []
    for cat in CATEGORIES:
        for ref in report["categories"][cat]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit.get("score") is None or audit["score"] >= 1 or audit.get("scoreDisplayMode") in ("informative", "manual"):
                continue
            savings = {k: v for k, v in (audit.get("metricSavings") or {}).items() if v}
            weighted = ref.get("weight", 0) > 0
            if not weighted and not (cat == "performance" and savings and not ref["id"].endswith("-insight")):
                continue
            out.append({"category": cat, "id": ref["id"], "title": audit["title"], "score": audit["score"],
                        "value": audit.get("displayValue", ""), "where": culprits(audit)})
    return out


def culprits(audit: dict) -> list[str]:
    """The first few elements (CSS selectors) or resources (URLs, path only) an audit names."""
    where = []
    items = (audit.get("details") or {}).get("items") or []
    items = [sub for item in items for sub in (item.get("items") or [item])]  # list details hold tables
    for item in items[:3]:
        node = item.get("node") or {}
        text = node.get("selector") or item.get("url") or node.get("snippet") or ""
        if isinstance(text, str) and text:
            where.append(re.sub(r"^https?://[^/]+", "", text))
    return where
