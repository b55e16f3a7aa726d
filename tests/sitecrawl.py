"""A small crawler over a built site folder: every page, its links, ids and asset references."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

REFERENCE_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"),
                   ("source", "src"), ("video", "src"), ("audio", "src"), ("use", "href"), ("image", "href")}


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)
    refs: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attr, url)
    meta: dict[str, str] = field(default_factory=dict)


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.scan.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.scan.ids.add(attrs["name"])
        for name, value in attrs.items():
            if (tag, name) in REFERENCE_ATTRS and value:
                self.scan.refs.append((tag, name, value))
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key and attrs.get("content") is not None:
                self.scan.meta[key] = attrs["content"]

    handle_startendtag = handle_starttag


def scan(path: Path) -> PageScan:
    parser = _Scanner()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.scan


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_of(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target_file(site: Path, path: str) -> Path | None:
    """The file a site-relative URL path serves, following directory URLs."""
    candidate = site / unquote(path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_references(site: Path, own_host: str) -> list[str]:
    """Every internal link, anchor or asset that does not resolve, as 'page: url (why)'."""
    cache: dict[Path, PageScan] = {}
    problems = []
    for page in pages(site):
        info = cache.setdefault(page, scan(page))
        base = "http://" + own_host + url_of(site, page)
        for _tag, _attr, ref in info.refs:
            if ref.startswith(("mailto:", "tel:", "data:")):
                continue
            absolute = urljoin(base, ref)
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https") or parts.netloc != own_host:
                continue
            target = target_file(site, parts.path)
            if target is None:
                problems.append(f"{url_of(site, page)}: {ref} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = cache.setdefault(target, scan(target)).ids
                if unquote(parts.fragment) not in ids and parts.fragment not in ("", "top"):
                    problems.append(f"{url_of(site, page)}: {ref} (no element with id '{parts.fragment}')")
    return problems


def third_party_requests(site: Path, own_host: str) -> list[str]:
    """References that would make a browser fetch something from another host (links to read elsewhere are fine)."""
    import re
    problems = []
    for page in pages(site):
        for tag, attr, ref in scan(page).refs:
            if tag == "a":
                continue
            host = urlsplit(urljoin("http://" + own_host + "/", ref)).netloc
            if host and host != own_host:
                problems.append(f"{url_of(site, page)}: <{tag} {attr}={ref}>")
    for css in site.rglob("*.css"):
        for ref in re.findall(r"url\(\s*['\"]?(https?:)?//([^/'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{css.relative_to(site)}: url(//{ref[1]})")
    return problems
