"""The registry of published URLs (urls.txt): what a built site publishes, and what the registry promises
to keep."""

from __future__ import annotations

from pathlib import Path

DOWNLOAD_SUFFIXES = (".png", ".svg", ".csv", ".json")
HEADER = """# Every URL this site has published, one per line, as a path under site_url ("/" is the home page)
# A test fails if one stops resolving, or if the site publishes a page or download not listed here.
# Add the URL of every new page or chart; never remove one (rename with a redirect in mkdocs.yml instead).
"""


def is_download(rel: str) -> bool:
    """A chart's picture or data file (its social card is not a download)."""
    return rel.startswith("charts/") and rel.endswith(DOWNLOAD_SUFFIXES) and not rel.endswith("-card.png")


def published_urls(site: Path) -> set[str]:
    """Pages, chart downloads, embed views, the data package and the feed in a built site."""
    urls = set()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/", "cards/")):
            continue
        if rel.endswith("/index.html") or rel == "index.html":
            urls.add("/" + rel[: -len("index.html")])
        elif rel.endswith(".html") or rel in ("datapackage.json", "feed.xml") or is_download(rel):
            urls.add("/" + rel)
    return urls


def read(path: Path) -> list[str]:
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def write(path: Path, urls: set[str]) -> None:
    path.write_text(HEADER + "".join(f"{u}\n" for u in sorted(urls)), encoding="utf-8")


def register(site: Path, registry: Path) -> int:
    """Add a built site's new URLs to the registry; returns how many were added."""
    known = set(read(registry)) if registry.exists() else set()
    published = published_urls(site)
    write(registry, known | published)
    return len(published - known)
