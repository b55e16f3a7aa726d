"""Post-build step: give every built page a Content Security Policy that allows only this site and hashed
inline scripts."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', re.I)
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)
POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-src 'self'"
)


def script_hashes(html: str) -> list[str]:
    """CSP hashes of the inline scripts the browser would run (not JSON data blocks)."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs:
            continue
        kind = re.search(r'type=["\']?([^"\' >]+)', attrs)
        if kind and "json" in kind.group(1):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode() + "'")
    return sorted(set(hashes))


def harden(html: str) -> str:
    """Insert (or replace) the CSP meta tag straight after <meta charset>."""
    html = CSP_META.sub("", html)
    policy = POLICY.format(hashes=" ".join(script_hashes(html))).replace("  ", " ").replace(" ;", ";")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    if not CHARSET.search(html):
        raise RuntimeError("page has no <meta charset=utf-8>; cannot place the CSP before any script")
    return CHARSET.sub(lambda m: m.group(0) + "\n    " + tag, html, count=1)


def harden_site(site_dir: Path) -> int:
    """Harden every page of a built site (embed views excepted); returns how many pages."""
    count = 0
    for path in sorted(site_dir.rglob("*.html")):
        if path.name == "embed.html":
            continue  # embed views carry their own, stricter policy (no scripts at all)
        html = path.read_text(encoding="utf-8")
        hardened = harden(html)
        if hardened != html:
            path.write_text(hardened, encoding="utf-8")
        count += 1
    return count
