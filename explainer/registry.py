"""The registry of published URLs (urls.txt): what a built site publishes, and what the registry promises."""

from __future__ import annotations

from pathlib import Path

DOWNLOAD_SUFFIXES = (".png", ".svg", ".csv", ".json")
HEADER = """# Every URL this site has published, one per line, as a path under site_url (\"/\" is the home page).
# A test fails if one stops resolving, or if the site publishes a page or download not listed here.
# Add the URL of every new page or chart; never remove one (rename with a redirect in mkdocs.yml instead).
"""


def published_urls(site: Path) -> set[str]:
    """Pages, chart downloads, embed views and the data package in a built site."""
    urls = set()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/", "cards/")):
            continue
        if rel.endswith("/index.html") or rel == "index.html":
            urls.add("/" + rel[: -len("index.html")])
        elif rel.endswith(".html") or rel in ("datapackage.json", "feed.xml"):
            urls.add("/" + rel)
        elif rel.startswith("charts/") and rel.endswith(DOWNLOAD_SUFFIXES) and not rel.endswith("-card.png"):
            urls.add("/" + rel)
    return urls


def read(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def write(path: Path, urls: set[str]) -> None:
    path.write_text(HEADER + "".join(f"{u}\n" for u in sorted(urls)), encoding="utf-8")


if __name__ == "__main__":
    import sys
    site_dir, registry = Path(sys.argv[1]), Path(sys.argv[2])
    known = set(read(registry)) if registry.exists() else set()
    new = published_urls(site_dir) - known
    write(registry, known | published_urls(site_dir))
    print(f"registry: {len(new)} URL(s) added to {registry}")
