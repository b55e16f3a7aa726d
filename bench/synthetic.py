"""Synthetic, valid datasets for the scaling benchmark: every chart kind, realistic sizes, dates in the past.

Run on its own: python bench/synthetic.py N OUT_DIR  (writes OUT_DIR/charts/*.json and OUT_DIR/docs/index.md).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

KINDS = ["bar", "ranked-bar", "grouped-bar", "stacked-bar", "line", "line-series", "comparison", "timeline", "table"]
TOPIC = "index"  # the one page of the synthetic docs folder
WORDS = ("fraud drugs firearms exploitation laundering smuggling bribery cyber county lines theft trafficking "
         "corruption enablers networks policing prisons borders victims courts recovery").split()
REGIONS = ["London", "North West", "North East", "Yorkshire", "West Midlands", "East Midlands", "South West",
           "South East", "East of England", "Wales", "Scotland", "Northern Ireland"]
SERIES = ["Group A", "Group B", "Group C", "Group D"]


def phrase(rng: random.Random, n: int = 3) -> str:
    """A few capitalised words."""
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def fields_and_records(kind: str, rng: random.Random) -> tuple[list[dict], list[dict], dict]:
    """Fields, records and the chart block for one kind, valid under explainer.dataset's rules."""
    value = {"name": "value", "type": "integer", "title": "Number recorded", "unit": "offences"}
    years = list(range(rng.randint(1995, 2010), 2024))
    if kind == "bar":
        ys = years[-rng.randint(4, 12):]
        recs = [{"year": y, "value": rng.randint(100, 90000)} for y in ys]
        return ([{"name": "year", "type": "year", "title": "Year"}, value], recs,
                {"kind": "bar", "x": "year", "y": "value", "highlight": {"year": ys[-1]}})
    if kind == "ranked-bar":
        regions = rng.sample(REGIONS, rng.randint(5, len(REGIONS)))
        recs = [{"region": r, "share": round(rng.uniform(0.5, 60), 1)} for r in regions]
        share = {"name": "share", "type": "percent", "title": "Share of cases", "format": ",.1f", "suffix": "%"}
        return [{"name": "region", "type": "string", "title": "Region"}, share], recs, {"kind": "ranked-bar", "x": "share", "y": "region"}
    if kind in ("grouped-bar", "stacked-bar"):
        series = SERIES[: rng.randint(2, 4)]
        recs = [{"year": y, "group": s, "value": rng.randint(10, 5000)} for y in years[-rng.randint(3, 8):] for s in series]
        return ([{"name": "year", "type": "year", "title": "Year"}, {"name": "group", "type": "string", "title": "Group"}, value],
                recs, {"kind": kind, "x": "year", "y": "value", "series": "group"})
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
        fields += [{"name": "rate", "type": "number", "title": "Rate per million people", "format": ",.1f"}]
        return fields, recs, {"kind": "line", "x": "year", "y": "rate", **({"series": "group"} if series != [None] else {})}
    if kind == "comparison":
        labels = rng.sample(["Estimate A", "Estimate B", "Estimate C", "Estimate D"], rng.randint(2, 4))
        recs = [{"estimate": lab, "cost": round(rng.uniform(1, 100), 1)} for lab in labels]
        cost = {"name": "cost", "type": "number", "title": "Cost", "unit": "£ billion", "prefix": "£", "suffix": "bn", "format": ",.1f"}
        return [{"name": "estimate", "type": "string", "title": "Estimate"}, cost], recs, {"kind": "comparison", "x": "cost", "y": "estimate"}
    if kind == "timeline":
        events = rng.sample(years, min(len(years), rng.randint(4, 10)))
        recs = [{"year": y, "event": f"{phrase(rng)} ({i + 1})", "type": rng.choice(SERIES[:2])} for i, y in enumerate(sorted(events))]
        return ([{"name": "year", "type": "year", "title": "Year"}, {"name": "event", "type": "string", "title": "Event"},
                 {"name": "type", "type": "string", "title": "Type"}], recs, {"kind": "timeline", "x": "year", "y": "event", "series": "type"})
    recs = [{"body": phrase(rng, 2), "role": phrase(rng, 8)} for _ in range(rng.randint(3, 8))]
    return [{"name": "body", "type": "string", "title": "Body"}, {"name": "role", "type": "string", "title": "Role"}], recs, {"kind": "table"}


def dataset(index: int, today: dt.date, rng: random.Random) -> dict:
    """One synthetic dataset document, named synthetic-<index>."""
    kind = KINDS[index % len(KINDS)]
    fields, records, chart = fields_and_records(kind, rng)
    accessed = today - dt.timedelta(days=rng.randint(1, 300))
    return {
        "id": f"synthetic-{index:04d}",
        "title": f"Synthetic {kind} chart {index}: {phrase(rng)} rose over the period",
        "subtitle": f"Made-up figures for benchmarking, {kind}",
        "description": f"A {kind} chart of made-up figures with {len(records)} records, generated for the build benchmark.",
        "topic": TOPIC,
        "unit": "offences",
        "fields": fields,
        "records": records,
        "chart": chart,
        "sources": [{"id": "bench", "publisher": "Benchmark", "title": "Synthetic figures",
                     "url": "https://example.org/benchmark", "published": (accessed - dt.timedelta(days=90)).isoformat(),
                     "accessed": accessed.isoformat()}],
        "notes": ["Synthetic data for the build benchmark; not real figures."],
        "licence": "CC-BY-4.0",
        "reviewed": accessed.isoformat(),
        "next_review": (accessed + dt.timedelta(days=180)).isoformat(),
        "changes": [{"date": accessed.isoformat(), "summary": "First published."}],
    }


def write(n: int, out: Path, seed: int = 6, today: dt.date | None = None) -> Path:
    """Write n datasets into out/charts and a one-page docs folder into out/docs; return out."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    charts, docs = out / "charts", out / "docs"
    charts.mkdir(parents=True, exist_ok=True)
    docs.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        doc = dataset(i, today, rng)
        (charts / f"{doc['id']}.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (docs / "index.md").write_text("---\ntitle: Synthetic benchmark\ndescription: One page for the scaling benchmark.\n---\n\n"
                                   "# Synthetic benchmark\n\nGenerated datasets, not real figures.\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    folder = write(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {sys.argv[1]} datasets to {folder}/charts")
