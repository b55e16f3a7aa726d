"""Every page in a real browser (Debian's Chromium): accessibility, keyboard, touch, privacy, CSP, no-JavaScript
reading, search, injection. Waits are on conditions (load states, elements, attributes), never on a clock."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser_support import (
    AXE,
    AXE_TAGS,
    SCHEMES,
    WIDTHS,
    new_context,
    page_file,
    serve,
    sideways_overflow,
    site_paths,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}  # a common phone's first screen, in CSS px
SECTIONS = {"Threats": "/threats/", "Responses": "/responses/", "Proposals": "/proposals/"}


@pytest.fixture(scope="module", autouse=True)
def axe_is_installed():
    assert AXE.is_file(), f"axe-core is missing: run `make {AXE.relative_to(AXE.parents[4])}`"


@pytest.fixture(scope="module")
def paths(built_site):
    found = site_paths(built_site)
    assert len(found) > 100
    return found


def reader_pages(paths: list[str]) -> list[str]:
    """Pages with the site's header and navigation (embed views are bare charts for other sites' iframes)."""
    return [p for p in paths if not p.endswith("/embed.html")]


# ---------------------------------------------------------------------------
# Accessibility: axe-core, WCAG 2.0/2.1/2.2 A and AA, both schemes, desktop and phone
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("width", WIDTHS, ids=str)
@pytest.mark.parametrize("scheme", SCHEMES, ids=str)
def test_axe_finds_no_wcag_violations(browser, site_url, paths, scheme, width):
    context = new_context(browser, scheme, WIDTHS[width])
    page = context.new_page()
    problems, checked = [], 0
    for path in paths:
        page.goto(site_url + path, wait_until="load")
        if scheme == "dark" and "/embed.html" not in path:
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate", path
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
        checked += 1
        for violation in result["violations"]:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            problems.append(f"{path}: {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
        overflow = sideways_overflow(page)
        if width == "phone" and overflow > 0:
            problems.append(f"{path}: scrolls sideways by {overflow}px at 375px")
    context.close()
    print(f"axe: {checked} pages checked ({scheme}, {width})")
    assert checked == len(paths)
    assert problems == []


# ---------------------------------------------------------------------------
# Privacy, console, Content Security Policy
# ---------------------------------------------------------------------------

def test_no_third_party_requests_console_errors_csp_violations_or_tracking(browser, site_url, paths):
    own = urlsplit(site_url).netloc
    context = new_context(browser, axe=False)
    page = context.new_page()
    foreign, errors = [], []
    page.on("request", lambda request: foreign.append(request.url) if urlsplit(request.url).netloc not in (own, "") and not request.url.startswith("data:") else None)
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    violations, storage = [], set()
    for path in paths:
        response = page.goto(site_url + path, wait_until="load")
        assert response.status == 200, path
        # Every request the page makes (scripts, styles, images, the search worker) has settled, so any CSP
        # violation or console error it caused has been reported.
        page.wait_for_load_state("networkidle")
        violations += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]
        storage |= set(page.evaluate("Object.keys(localStorage)"))
        assert page.evaluate("document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]') !== null"), path
    missing = page.goto(site_url + "/no-such-page/", wait_until="load")
    assert missing.status == 404 and "404" in page.inner_text("body")
    cookies = context.cookies()
    context.close()
    assert foreign == []
    assert [e for e in errors if "/no-such-page/" not in e] == []
    assert violations == []
    assert cookies == []
    assert all(key.endswith(("__palette", "__consent", "__tabs", "__expand", "__search", "__source")) for key in storage), storage


# ---------------------------------------------------------------------------
# Reading with JavaScript off
# ---------------------------------------------------------------------------

def test_every_page_reads_fully_without_javascript(browser, site_url, paths, built_site):
    context = new_context(browser, width=375, javascript=False)
    page = context.new_page()
    problems, charts = [], 0
    for path in paths:
        page.goto(site_url + path, wait_until="load")
        text = page.inner_text("body")
        if len(text.split()) < 40:
            problems.append(f"{path}: only {len(text.split())} words visible")
        if "/embed.html" not in path and page.locator("nav a[href]").count() < 20:
            problems.append(f"{path}: navigation links missing")
        figures = page.locator("figure.ex-figure, .ex-chart-page, figure.ex-embed")
        for container in page.locator(".ex-figure__chart, .ex-embed__chart").all():
            shown = [svg.bounding_box() for svg in container.locator("svg.ex-chart-svg").all() if svg.is_visible()]
            charts += 1
            if len(shown) != 1 or shown[0]["width"] < 100 or shown[0]["height"] < 50:
                problems.append(f"{path}: a chart is not shown exactly once, at a readable size, without JavaScript ({shown})")
        expected_tables = page_file(built_site, path).read_text(encoding="utf-8").count("<table")
        if page.locator("table").count() != expected_tables:
            problems.append(f"{path}: {page.locator('table').count()} tables, expected {expected_tables}")
        if figures.count() and page.locator("svg.ex-chart-svg, table").count() == 0:
            problems.append(f"{path}: figure without chart or table")
        overflow = sideways_overflow(page)
        if overflow > 0:
            problems.append(f"{path}: scrolls sideways by {overflow}px at 375px without JavaScript")
    context.close()
    assert charts > 100, "charts were found and checked"
    assert problems == []


# ---------------------------------------------------------------------------
# Keyboard
# ---------------------------------------------------------------------------

KEYBOARD_PAGES = ["/", "/threats/fraud/", "/responses/powers/", "/charts/small-boat-arrivals/", "/data/", "/charts/small-boat-arrivals/embed.html"]

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shows = node => {
    if (!node) return false;
    const s = getComputedStyle(node);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  };
  // A visually hidden control (Material's scheme switch) shows its focus on the label drawn in its place.
  const stand_in = el.tagName === 'INPUT' && el.nextElementSibling && el.nextElementSibling.tagName === 'LABEL' ? el.nextElementSibling : null;
  return {tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || '').slice(0, 40), visible: shows(el) || shows(stand_in)};
}"""


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_keyboard_skip_link_and_visible_focus(browser, site_url, path):
    context = new_context(browser, axe=False)
    page = context.new_page()
    page.goto(site_url + path, wait_until="load")
    invisible, seen = [], 0
    for step in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus is None:
            break
        if step == 0 and "embed" not in path:
            assert focus["tag"] == "A" and "skip" in focus["text"].lower(), f"first Tab should reach the skip link, got {focus}"
        seen += 1
        if not focus["visible"]:
            invisible.append(focus)
    context.close()
    assert seen >= (1 if "embed" in path else 3)
    assert invisible == []


def test_skip_link_moves_to_the_content(browser, site_url):
    context = new_context(browser, axe=False)
    page = context.new_page()
    page.goto(site_url + "/threats/fraud/", wait_until="load")
    page.keyboard.press("Tab")
    target = page.evaluate("new URL(document.activeElement.href).hash.slice(1)")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site_url}/threats/fraud/#{target}")
    assert page.locator(f"[id='{target}']").evaluate("el => el.closest('.md-content') !== null"), target
    context.close()


def test_chart_data_tables_are_reachable_by_keyboard(browser, site_url):
    context = new_context(browser, axe=False)
    page = context.new_page()
    page.goto(site_url + "/threats/organised-immigration-crime/", wait_until="load")
    summary = page.locator("details.ex-figure__data summary").first
    table = page.locator("details.ex-figure__data table").first
    expect(table).to_be_hidden()
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert summary.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    assert table.locator("th[scope=col]").count() >= 2 and table.locator("caption").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('ex-table-scroll')"), "the table's scroll region takes focus"
    context.close()


# ---------------------------------------------------------------------------
# Touch: abbreviations and the sections on a phone
# ---------------------------------------------------------------------------

def test_tapping_an_abbreviation_shows_its_meaning_in_place(browser, site_url):
    """Phones have no hover, so a tap on an abbreviation writes its meaning after it (data-expanded); a second tap hides it."""
    context = new_context(browser, width=PHONE["width"], height=PHONE["height"], axe=False, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + "/threats/fraud/", wait_until="load")
    abbr = page.locator("article abbr[title]").first
    meaning = abbr.get_attribute("title")
    assert meaning and abbr.inner_text() not in meaning
    after = "el => getComputedStyle(el, '::after').content"
    assert abbr.evaluate(after) == "none"
    before = abbr.bounding_box()
    abbr.tap()
    expect(abbr).to_have_attribute("data-expanded", "")
    assert abbr.evaluate(after) == f'" ({meaning})"'
    shown = abbr.bounding_box()
    assert shown["width"] * shown["height"] > before["width"] * before["height"], "the meaning takes room on the page"
    assert sideways_overflow(page) == 0
    abbr.tap()
    expect(abbr).not_to_have_attribute("data-expanded", "")
    assert abbr.evaluate(after) == "none"
    context.close()


def test_the_three_sections_are_one_tap_away_on_a_phone(browser, site_url, paths):
    """On every page, at 375 px, the section tabs are on the first screen; tapping one opens that section."""
    context = new_context(browser, width=PHONE["width"], height=PHONE["height"], axe=False, has_touch=True, is_mobile=True)
    page = context.new_page()
    problems = []
    for path in reader_pages(paths):
        page.goto(site_url + path, wait_until="domcontentloaded")  # styles are applied by then; images may still load
        for label in SECTIONS:
            link = page.locator(".md-tabs__link", has_text=label)
            box = link.bounding_box() if link.count() == 1 and link.is_visible() else None
            if box is None or box["x"] < 0 or box["y"] < 0 or box["x"] + box["width"] > PHONE["width"] \
                    or box["y"] + box["height"] > PHONE["height"]:
                problems.append(f"{path}: the {label} tab is not on the first screen ({box})")
    assert problems == []
    for start in ("/", "/threats/fraud/", "/charts/small-boat-arrivals/"):
        for label, section in SECTIONS.items():
            page.goto(site_url + start, wait_until="load")
            page.locator(".md-tabs__link", has_text=label).tap()
            expect(page).to_have_url(site_url + section)
    context.close()


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------

def test_search_index_loads_only_when_search_is_opened_and_search_works(browser, site_url):
    """Material's script and the ~120 KB search index are held back on first load; opening search fetches both, the
    cursor is in the search box at once (nothing typed is lost while the script loads), and search answers."""
    context = new_context(browser, width=375, axe=False)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(site_url + "/threats/fraud/", wait_until="load")
    page.wait_for_load_state("networkidle")
    assert not any("/assets/javascripts/" in p for p in requested), "Material's script loaded before the reader did anything"
    page.locator("label.md-header__button[for=__search]").click()
    page.keyboard.type("county lines")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=10000)
    assert any("/assets/javascripts/workers/search" in p for p in requested), "Material's search worker started"
    assert any(p.endswith("/search/search_index.json") for p in requested)
    assert page.locator("[data-md-component=search-query]").input_value() == "county lines"
    assert "county lines" in results.first.inner_text().lower()
    page.goto(site_url + "/responses/?h=strategy", wait_until="load")  # arriving from a search result: highlight needs it
    page.locator("mark[data-md-highlight]").first.wait_for(state="attached", timeout=10000)
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES, ids=str)
def test_the_scheme_switch_works_from_the_first_tap_and_is_remembered(browser, site_url, scheme):
    """Before Material's script has loaded, the page shows the reader's system scheme and one switch; a tap changes the
    scheme, shows the other switch, and the choice holds on the next page and back again."""
    context = new_context(browser, scheme, WIDTHS["phone"], axe=False)
    page = context.new_page()
    page.goto(site_url + "/threats/fraud/", wait_until="load")
    first, other = ("default", "slate") if scheme == "light" else ("slate", "default")
    body = "document.body.getAttribute('data-md-color-scheme')"
    switch = page.locator("form[data-md-component=palette] label:visible")
    assert page.evaluate(body) == first
    assert switch.count() == 1
    switch.first.click()
    assert page.evaluate(body) == other
    assert switch.count() == 1
    page.goto(site_url + "/threats/drugs/", wait_until="load")
    assert page.evaluate(body) == other
    switch.first.click()
    page.wait_for_function("() => !!window.document$")  # Material's script, started by the tap, is running
    assert page.evaluate(body) == first
    page.reload(wait_until="load")
    assert page.evaluate(body) == first
    context.close()


# ---------------------------------------------------------------------------
# Injection in the browser
# ---------------------------------------------------------------------------

def test_script_payloads_in_a_dataset_never_run(browser, injection_site):
    pages = site_paths(injection_site)
    assert any("injection-test" in p for p in pages)
    targets = ("svg.ex-chart-svg", "figure summary", "figure a", "abbr[title]:not(a abbr)")
    with serve(injection_site) as url:
        context = new_context(browser, axe=False)
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        reached, touched = [], Counter()
        for path in pages:
            page.goto(url + path, wait_until="load")
            if "window.__pwned=1" in page.content():
                reached.append(path)
            for selector in targets:
                for element in page.locator(selector).all()[:3]:
                    if element.is_visible():
                        element.hover(timeout=5000)
                        if selector.startswith("abbr"):  # expanded in place: the payload shows as text
                            element.click()
                            expect(element).to_have_attribute("data-expanded", "")
                        touched[selector] += 1
            assert page.evaluate("typeof window.__pwned") == "undefined", path
        context.close()
    assert dialogs == []
    assert len(reached) >= 3, reached
    assert all(touched[selector] for selector in targets), touched
