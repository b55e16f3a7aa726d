"""Screenshots of the built site for a person to look at: the home page and two topic pages, at 1280 and
375 px, in light and dark, into build/screenshots/ (not committed), with Debian's Chromium (Playwright)."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser_support import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

PAGES = {"home": "/", "fraud": "/threats/fraud/", "modern-slavery": "/threats/modern-slavery/",
         "chart-page": "/charts/soc-vs-ct-spending/"}
WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    out = ROOT / "build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    pages = {k: v for k, v in PAGES.items() if len(argv) < 2 or k in argv[1:]}
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for width_name, (width, height) in WIDTHS.items():
                viewport = {"width": width, "height": height}
                context = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(url + path, wait_until="load")
                    page.screenshot(path=str(out / f"{name}-{width_name}-{scheme}.png"), full_page=False)
                    page.screenshot(path=str(out / f"{name}-{width_name}-{scheme}-full.png"), full_page=True)
                context.close()
        browser.close()
    print(f"screenshots written to {out.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
