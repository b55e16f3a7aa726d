"""Synthetic, valid datasets and the pages that show them, added to a copy of a site for the scaling
benchmark.

Every chart kind, realistic sizes, dates in the past, a `currency` block, titles and descriptions whose
numbers are record values, one source each (its own URL, so no two datasets repeat a source's values), and
generated pages (CHARTS_PER_PAGE figures each, in a "Synthetic" section of the navigation) that follow the
page rules, so `explainer check` passes and MkDocs builds every chart page and every page that shows them.

Run on its own: python bench/synthetic.py N SITE_COPY (adds N datasets and their pages to SITE_COPY, in
place)."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

# The kinds in about the mix the site uses (12 bar, 19 comparison, 7 ranked-bar, 4 table, 1 timeline of 43),
# plus the grouped and stacked bars and the lines (one and several series) the engine offers.
KINDS = [
    "comparison",
    "bar",
    "comparison",
    "ranked-bar",
    "bar",
    "comparison",
    "grouped-bar",
    "line",
    "comparison",
    "bar",
    "ranked-bar",
    "table",
    "stacked-bar",
    "line-series",
    "timeline",
]
SECTION = "synthetic"  # docs/synthetic/: the generated pages
CHARTS_PER_PAGE = 10  # figures on each generated page (1,000 datasets -> 100 pages)
PREFIX = "synthetic-"
WORDS = [
    "fraud",
    "drugs",
    "firearms",
    "exploitation",
    "laundering",
    "smuggling",
    "bribery",
    "cyber",
    "theft",
    "trafficking",
    "corruption",
    "enablers",
    "networks",
    "policing",
    "prisons",
    "borders",
    "victims",
    "courts",
    "recovery",
]
# Keys that no real page mentions, so the claims check never takes a page's number for a stale synthetic
# value.
REGIONS = [f"Area {letter}" for letter in "ABCDEFGHJKLM"]
FIRST_YEAR, LAST_YEAR = 1901, 1930
SERIES = ["Group A", "Group B", "Group C", "Group D"]


def phrase(rng: random.Random, n: int = 3) -> str:
    """A few capitalised words (no digits, no acronyms: the page and dataset rules stay quiet)."""
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def number(value: float, decimals: int = 0) -> str:
    """A value as the site writes it: thousands separated, fixed decimals."""
    return f"{value:,.{decimals}f}"


def fields_and_records(kind: str, rng: random.Random) -> tuple[list[dict], list[dict], dict, str]:
    """Fields, records, the chart block and a title finding (quoting record values) for one kind."""
    value = {"name": "value", "type": "integer", "title": "Number recorded", "unit": "offences"}
    years = list(range(rng.randint(FIRST_YEAR, LAST_YEAR - 12), LAST_YEAR + 1))
    if kind == "bar":
        ys = years[-rng.randint(4, 12) :]
        recs = [{"year": y, "value": rng.randint(100, 90000)} for y in ys]
        return (
            [{"name": "year", "type": "year", "title": "Year"}, value],
            recs,
            {"kind": "bar", "x": "year", "y": "value", "highlight": {"year": ys[-1]}},
            f"went from {number(recs[0]['value'])} in {ys[0]} to {number(recs[-1]['value'])} in {ys[-1]}",
        )
    if kind == "ranked-bar":
        regions = rng.sample(REGIONS, rng.randint(5, len(REGIONS)))
        recs = [{"region": r, "share": round(rng.uniform(0.5, 60), 1)} for r in regions]
        share = {
            "name": "share",
            "type": "percent",
            "title": "Share of cases",
            "format": ",.1f",
            "suffix": "%",
        }
        top = max(recs, key=lambda r: r["share"])
        return (
            [{"name": "region", "type": "string", "title": "Region"}, share],
            recs,
            {"kind": "ranked-bar", "x": "share", "y": "region"},
            f"was highest in {top['region']}, at {top['share']:.1f}%",
        )
    if kind in ("grouped-bar", "stacked-bar"):
        series = SERIES[: rng.randint(2, 4)]
        recs = [
            {"year": y, "group": s, "value": rng.randint(10, 5000)}
            for y in years[-rng.randint(3, 8) :]
            for s in series
        ]
        return (
            [
                {"name": "year", "type": "year", "title": "Year"},
                {"name": "group", "type": "string", "title": "Group"},
                value,
            ],
            recs,
            {"kind": kind, "x": "year", "y": "value", "series": "group"},
            f"reached {number(recs[-1]['value'])} for {recs[-1]['group']} in {recs[-1]['year']}",
        )
    if kind in ("line", "line-series"):
        series = SERIES[: rng.randint(2, 3)] if kind == "line-series" else [None]
        recs = []
        for s in series:
            level = rng.uniform(50, 500)
            for y in years:
                level = max(1.0, level * rng.uniform(0.85, 1.2))
                recs.append({"year": y, **({"group": s} if s else {}), "rate": round(level, 1)})
        fields = [{"name": "year", "type": "year", "title": "Year"}]
        fields += [{"name": "group", "type": "string", "title": "Group"}] if series != [None] else []
        fields += [
            {
                "name": "rate",
                "type": "number",
                "title": "Rate per million people",
                "unit": "per million people",
                "format": ",.1f",
            }
        ]
        return (
            fields,
            recs,
            {"kind": "line", "x": "year", "y": "rate", **({"series": "group"} if series != [None] else {})},
            f"ended at {number(recs[-1]['rate'], 1)} per million people in {recs[-1]['year']}",
        )
    if kind == "comparison":
        labels = rng.sample(["Estimate A", "Estimate B", "Estimate C", "Estimate D"], rng.randint(2, 4))
        recs = [{"estimate": lab, "cost": round(rng.uniform(1, 100), 1)} for lab in labels]
        cost = {
            "name": "cost",
            "type": "number",
            "title": "Cost",
            "unit": "£ billion",
            "prefix": "£",
            "suffix": "bn",
            "format": ",.1f",
        }
        return (
            [{"name": "estimate", "type": "string", "title": "Estimate"}, cost],
            recs,
            {"kind": "comparison", "x": "cost", "y": "estimate"},
            f"range from £{min(r['cost'] for r in recs):.1f} billion to £{max(r['cost'] for r in recs):.1f} "
            f"billion",
        )
    if kind == "timeline":
        events = sorted(rng.sample(years, min(len(years), rng.randint(4, 10))))
        recs = [
            {"year": y, "event": f"{phrase(rng)} ({chr(97 + i)})", "type": rng.choice(SERIES[:2])}
            for i, y in enumerate(events)
        ]
        return (
            [
                {"name": "year", "type": "year", "title": "Year"},
                {"name": "event", "type": "string", "title": "Event"},
                {"name": "type", "type": "string", "title": "Type"},
            ],
            recs,
            {"kind": "timeline", "x": "year", "y": "event", "series": "type"},
            f"began in {events[0]}",
        )
    recs = [{"body": phrase(rng, 2), "role": phrase(rng, 8)} for _ in range(rng.randint(3, 8))]
    return (
        [
            {"name": "body", "type": "string", "title": "Body"},
            {"name": "role", "type": "string", "title": "Role"},
        ],
        recs,
        {"kind": "table"},
        "name who does what",
    )


def dataset(index: int, topic: str, today: dt.date, rng: random.Random, avoid: tuple[str, ...] = ()) -> dict:
    """One synthetic dataset document, named synthetic-<index>, shown on the page `topic`. Its title quotes
    no text in `avoid` (the site's named numbers, e.g. "101": the claims check blanks them even inside a
    larger numeral such as "2,101", and would then read a "2" that is not a record value)."""
    kind = KINDS[index % len(KINDS)]
    fields, records, chart, finding = fields_and_records(kind, rng)
    while any(name in finding for name in avoid):
        fields, records, chart, finding = fields_and_records(kind, rng)
    accessed = today - dt.timedelta(days=rng.randint(1, 300))
    published = accessed - dt.timedelta(days=90)
    subject = phrase(rng)
    subtitle = f"Made-up figures for the build benchmark, {kind.replace('-', ' ')} chart"
    if "highlight" in chart:
        subtitle += f" ({chart['highlight']['year']} highlighted: the latest year)"
    return {
        "id": f"{PREFIX}{index:04d}",
        "title": f"{subject} {finding}",
        "subtitle": subtitle,
        "description": f"A {kind.replace('-', ' ')} chart of made-up figures: {subject.lower()} {finding}.",
        "topic": topic,
        "unit": "offences",
        "fields": fields,
        "records": records,
        "chart": chart,
        "sources": [
            {
                "id": "bench",
                "publisher": "Benchmark",
                "title": f"Synthetic figures: {subject.lower()}",
                "url": f"https://example.org/benchmark/{index:04d}",
                "published": published.isoformat(),
                "accessed": accessed.isoformat(),
            }
        ],
        "notes": ["Synthetic data for the build benchmark; not real figures."],
        "licence": "CC-BY-4.0",
        "reviewed": accessed.isoformat(),
        "next_review": (accessed + dt.timedelta(days=180)).isoformat(),
        "currency": {
            "frequency": "annual",
            "release": "bench",
            "checked": accessed.isoformat(),
            "note": "A made-up release, published every year.",
        },
        "changes": [{"date": accessed.isoformat(), "summary": "First published."}],
    }


def page(number_: int, chart_ids: list[str], today: dt.date) -> str:
    """One generated page that shows its charts, following the page rules (no numerals in its prose)."""
    reviewed = today.isoformat()
    figures = "\n\n".join(f'--8<-- "figures/{chart_id}.html"' for chart_id in chart_ids)
    return (
        f"---\ntitle: Synthetic page {chr(65 + number_ % 26)}{number_:04d}\n"
        "description: Made-up charts for the build benchmark, so the site holds many chart pages and the "
        "pages that show them.\n"
        f"reviewed: {reviewed}\n---\n\n"
        f"# Synthetic page {chr(65 + number_ % 26)}{number_:04d}\n\n"
        '!!! abstract "In short"\n\n'
        "    - This page is made by the benchmark.\n"
        "    - Its charts show made-up figures.\n"
        "    - It is never published.\n\n"
        "The charts below are drawn from synthetic datasets.\n\n"
        f"{figures}\n\n"
        "## Sources\n\n"
        "1. Each chart's page names its source.\n\n"
        f"*Last reviewed: {today.day} {today:%B %Y}*\n"
    )


def add(site: Path, n: int, today: dt.date, seed: int = 6) -> list[str]:
    """Add n datasets to site/charts and the pages that show them to site/docs/synthetic/, and list those
    pages in the navigation of site/mkdocs.yml; returns the new pages' paths under docs/."""
    from explainer.config import load

    avoid = tuple(load(site).named_numbers)
    rng = random.Random(seed)  # noqa: S311 - made-up data, not security
    charts, docs = site / "charts", site / "docs" / SECTION
    docs.mkdir(parents=True, exist_ok=True)
    pages: dict[str, list[str]] = {}
    for i in range(n):
        path = f"{SECTION}/page-{i // CHARTS_PER_PAGE:04d}"
        doc = dataset(i, path, today, rng, avoid)
        pages.setdefault(path, []).append(doc["id"])
        (charts / f"{doc['id']}.json").write_text(
            json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    for number_, (path, ids) in enumerate(pages.items()):
        (site / "docs" / f"{path}.md").write_text(page(number_, ids, today), encoding="utf-8")
    add_to_nav(site / "mkdocs.yml", [f"{path}.md" for path in pages])
    return list(pages)


def add_to_nav(mkdocs_yml: Path, paths: list[str]) -> None:
    """Append a "Synthetic" section to the nav of mkdocs.yml (textually: the file holds MkDocs' !! tags)."""
    text = mkdocs_yml.read_text(encoding="utf-8")
    nav = re.search(r"^nav:\n(?:[ \t]+.*\n|\n)*", text, re.M)
    if not nav:
        raise RuntimeError(f"{mkdocs_yml}: no nav: block to add the synthetic pages to")
    entries = "  - Synthetic:\n" + "".join(f"      - {p}\n" for p in paths)
    block = nav.group(0).rstrip("\n") + "\n" + entries
    mkdocs_yml.write_text(text[: nav.start()] + block + text[nav.end() :], encoding="utf-8")


if __name__ == "__main__":
    added = add(Path(sys.argv[2]), int(sys.argv[1]), dt.date.today())
    print(f"added {sys.argv[1]} datasets on {len(added)} page(s) to {sys.argv[2]}")
