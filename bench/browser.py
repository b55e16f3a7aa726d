"""Reader-side measurements with Playwright and Debian's Chromium: first-load bytes per page, static vs
client-side chart."""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from serve import StaticServer

CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 412, "height": 823}  # the phone Lighthouse's mobile run emulates
CHART_PAINTED = """() => {
  const drawn = [...document.querySelectorAll(
      '.ex-figure__chart svg, .ex-embed__chart svg, #vis svg, #vis canvas')]
    .some(el => { const box = el.getBoundingClientRect(); return box.width > 0 && box.height > 0; });
  return drawn ? performance.now() : false;
}"""
CLIENT_PREFIX = "bench-client"
REDIRECT = re.compile(r'<meta http-equiv="refresh"', re.I)
QUIET = (
    0.3  # seconds without a request in flight that count as "loaded" (localhost: requests take milliseconds)
)


@dataclass
class PageLoad:
    """One page's first load: every request and its body bytes as sent (gzip where the server gzipped it)."""

    url: str
    requests: list[tuple[str, int]] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        """Total body bytes of the first load."""
        return sum(size for _, size in self.requests)


def launch(playwright, chromium: str):
    """Debian's Chromium, headless, with background networking off."""
    return playwright.chromium.launch(executable_path=chromium, args=CHROME_ARGS)


def url_path(site: Path, file: Path) -> str:
    """The URL path a built file is served at (directory URL for index.html)."""
    rel = file.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def is_redirect(file: Path) -> bool:
    """Whether a built page is a redirect stub (mkdocs-redirects), not a page of its own."""
    return bool(REDIRECT.search(file.read_text(encoding="utf-8", errors="replace")[:2000]))


def built_pages(site: Path) -> list[Path]:
    """Every built page: directory indexes, chart embed views and the 404 page."""
    files = sorted(site.rglob("index.html")) + sorted(site.glob("charts/*/embed.html"))
    return files + ([site / "404.html"] if (site / "404.html").is_file() else [])


def site_pages(site: Path) -> list[str]:
    """URL paths of every built page except redirect stubs."""
    return [url_path(site, f) for f in built_pages(site) if not is_redirect(f)]


def redirect_stubs(site: Path) -> list[str]:
    """URL paths of the redirect stubs."""
    return [url_path(site, f) for f in built_pages(site) if is_redirect(f)]


class NetworkWatch:
    """Counts a page's requests in flight (its workers' too), to tell when its network has gone quiet."""

    def __init__(self, page):
        self.urls: list[str] = []
        self.in_flight = 0
        self.last = time.monotonic()
        page.on("request", self.started)
        page.on("requestfinished", self.finished)
        page.on("requestfailed", self.failed)

    def started(self, request) -> None:
        self.in_flight += 1
        self.last = time.monotonic()

    def finished(self, request) -> None:
        self.urls.append(request.url)
        self.failed(request)

    def failed(self, request) -> None:
        self.in_flight -= 1
        self.last = time.monotonic()

    async def quiet(self, seconds: float = QUIET, limit: float = 10.0) -> None:
        """Wait until nothing has been in flight for `seconds`."""
        end = time.monotonic() + limit
        while time.monotonic() < end and (self.in_flight > 0 or time.monotonic() - self.last < seconds):
            await asyncio.sleep(0.02)


async def first_load(browser, server: StaticServer, path: str, limit: asyncio.Semaphore) -> PageLoad:
    """Load a page in a fresh context (empty cache) until its network is quiet; sizes are what the server
    sent."""
    async with limit:
        context = await browser.new_context(viewport=VIEWPORT)
        try:
            page = await context.new_page()
            watch = NetworkWatch(page)
            await page.goto(server.url.rstrip("/") + path, wait_until="load")
            await watch.quiet()
        finally:
            await context.close()
    requests = []
    for url in watch.urls:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.netloc == urlsplit(server.url).netloc and server.size_of(target) is not None:
            requests.append((target, server.size_of(target)))
    return PageLoad(path, requests)


def page_weights(server: StaticServer, site: Path, chromium: str, concurrency: int = 4) -> list[PageLoad]:
    """First-load bytes of every built page (a few pages at a time: sizes do not depend on timing)."""
    from playwright.async_api import async_playwright

    async def measure() -> list[PageLoad]:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium, args=CHROME_ARGS)
            try:
                limit = asyncio.Semaphore(concurrency)
                return list(
                    await asyncio.gather(*(first_load(browser, server, p, limit) for p in site_pages(site)))
                )
            finally:
                await browser.close()

    return asyncio.run(measure())


# ---------------------------------------------------------------------------
# Static inline SVG versus the same chart drawn in the browser by Vega-Embed
# ---------------------------------------------------------------------------


def client_side_pages(site: Path, client_dir: Path, chart_id: str, spec: dict) -> dict[str, str]:
    """Write client-side twins of the chart page and embed view (SVG swapped for Vega-Embed); return URL
    paths."""
    import vl_convert as vlc

    (client_dir / chart_id).mkdir(parents=True, exist_ok=True)
    (client_dir / "vega-bundle.js").write_text(vlc.javascript_bundle(), encoding="utf-8")
    (client_dir / chart_id / "chart.js").write_text(
        f"vegaEmbed('#vis', {json.dumps(spec)}, {{renderer: 'svg', actions: false}});\n", encoding="utf-8"
    )
    scripts = (
        f'<script type="module" src="/{CLIENT_PREFIX}/vega-bundle.js"></script>'
        f'<script type="module" src="/{CLIENT_PREFIX}/{chart_id}/chart.js"></script>'
    )
    for name, container in (("index.html", "ex-figure__chart"), ("embed.html", "ex-embed__chart")):
        html = (site / "charts" / chart_id / name).read_text(encoding="utf-8")
        # The container holds both drawings (page width, then phone width): swap the whole of it for
        # Vega-Embed's.
        html, swapped = re.subn(
            rf'<div class="{container}"[^>]*>.*?ex-chart--narrow.*?</svg>\s*</div>\s*</div>',
            f'<div class="{container}" id="vis"></div>',
            html,
            count=1,
            flags=re.S,
        )
        if not swapped:
            raise RuntimeError(f"no inline chart found in site/charts/{chart_id}/{name}")
        # Vega compiles expressions with new Function(), which the site's Content Security Policy forbids.
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
        html = html.replace("</body>", scripts + "\n</body>", 1)
        (client_dir / chart_id / name).write_text(html, encoding="utf-8")
    return {"page": f"/{CLIENT_PREFIX}/{chart_id}/", "embed": f"/{CLIENT_PREFIX}/{chart_id}/embed.html"}


def time_to_chart(browser, server: StaticServer, path: str) -> tuple[float, int]:
    """(ms from navigation start until the chart's svg exists with a non-zero size, first-load bytes) in a
    fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        server.wait_quiet(0.05)
        server.take_log()
        page.goto(server.url.rstrip("/") + path, wait_until="commit")
        painted = page.wait_for_function(CHART_PAINTED, polling="raf", timeout=30_000).json_value()
        page.wait_for_load_state("load")
        server.wait_quiet(0.4)
        return float(painted), sum(n for _, n in server.take_log())
    finally:
        context.close()


def side_by_side(
    server: StaticServer, chromium: str, pairs: dict[str, tuple[str, str]], runs: int
) -> dict[str, dict]:
    """For each named (static path, client path) pair: ms to chart and bytes, `runs` times each, alternating
    order."""
    from playwright.sync_api import sync_playwright

    out = {name: {"static_ms": [], "client_ms": [], "static_bytes": [], "client_bytes": []} for name in pairs}
    with sync_playwright() as pw:
        browser = launch(pw, chromium)
        try:
            for name, (static, client) in pairs.items():
                time_to_chart(
                    browser, server, static
                )  # warm the browser process, not its cache (fresh contexts)
                for i in range(runs):
                    order = [("static", static), ("client", client)]
                    for kind, path in order if i % 2 == 0 else order[::-1]:
                        ms, size = time_to_chart(browser, server, path)
                        out[name][f"{kind}_ms"].append(ms)
                        out[name][f"{kind}_bytes"].append(size)
        finally:
            browser.close()
    return out
