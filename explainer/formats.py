"""The formats a dataset or page travels in: CSV, a Frictionless data package, schema.org JSON-LD,
citations and BibTeX, and the Atom feed of changes (built with feedgen)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

from feedgen.feed import FeedGenerator

from explainer.config import SiteConfig
from explainer.formatting import format_date, period
from explainer.model import Dataset

FRICTIONLESS_TYPES = {
    "year": "year",
    "integer": "integer",
    "number": "number",
    "percent": "number",
    "date": "date",
    "string": "string",
}


def publishers(ds: Dataset) -> str:
    """Each publisher once, in the order the sources list them."""
    return "; ".join(dict.fromkeys(s["publisher"] for s in ds.doc["sources"]))


def dataset_csv(ds: Dataset) -> str:
    """The records as CSV: one column per field (by name), plus 'source' when there are several sources."""
    names = [f["name"] for f in ds.doc["fields"]]
    with_source = len(ds.doc["sources"]) > 1
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names + (["source"] if with_source else []))
    for record in ds.doc["records"]:
        row = ["" if record.get(n) is None else record.get(n) for n in names]
        writer.writerow(row + ([record.get("source")] if with_source else []))
    return out.getvalue()


def data_package(datasets: list[Dataset], config: SiteConfig) -> dict[str, Any]:
    """A Frictionless Data Package describing every CSV with field types, units and sources."""
    resources = []
    for ds in sorted(datasets, key=lambda d: d.id):
        fields: list[dict[str, str]] = [
            {
                "name": f["name"],
                "type": FRICTIONLESS_TYPES[f["type"]],
                "title": f["title"],
                **({"description": f"Unit: {f['unit']}"} if f.get("unit") else {}),
            }
            for f in ds.doc["fields"]
        ]
        if len(ds.doc["sources"]) > 1:
            fields.append({"name": "source", "type": "string", "title": "Source id (see sources)"})
        licence = config.licences[ds.doc["licence"]]
        resources.append(
            {
                "name": ds.id,
                "path": f"charts/{ds.id}/{ds.id}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": ds.doc["title"],
                "description": ds.doc["description"],
                "schema": {"fields": fields},
                "sources": [
                    {"title": f"{s['publisher']}: {s['title']}", "path": s["url"]} for s in ds.doc["sources"]
                ],
                "licenses": [{"name": licence.id, "path": licence.url, "title": licence.name}],
            }
        )
    own = config.licences[config.site_licence]
    return {
        "name": config.data_package_name,
        "title": f"{config.name}: datasets",
        "homepage": config.absolute(catalogue_url(config)),
        "profile": "data-package",
        "licenses": [{"name": own.id, "path": own.url, "title": own.name}],
        "resources": resources,
    }


def catalogue_url(config: SiteConfig) -> str:
    return page_url(config.paths.catalogue)


def page_url(path: str) -> str:
    """A page's path under docs/ as its directory URL: data/index.md -> data/, about/changes.md ->
    about/changes/."""
    stem = re.sub(r"\.md$", "", path)
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def dataset_jsonld(ds: Dataset, config: SiteConfig, page: str) -> dict[str, Any]:
    """schema.org Dataset metadata, so search engines and data portals can find and cite the chart's data.
    """
    folder = config.absolute(f"charts/{ds.id}/{ds.id}")
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": ds.doc["title"],
        "description": f"{ds.doc['subtitle']}. {ds.doc['description']}",
        "url": page,
        "identifier": page,
        "license": config.licences[ds.doc["licence"]].url,
        "dateModified": ds.doc["reviewed"],
        "temporalCoverage": period(dict(ds.doc)),
        "creator": {"@type": "Organization", "name": config.name, "url": config.url},
        "isBasedOn": [s["url"] for s in ds.doc["sources"]],
        "variableMeasured": [f["title"] for f in ds.doc["fields"]],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": folder + ".csv"},
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": folder + ".json"},
        ],
    }


def citation(config: SiteConfig, title: str, url: str, reviewed: str, data_from: str = "") -> str:
    """A citation in words: site, “title”, what, URL, last reviewed."""
    what = f", {config.strings['chart_and_data']}" if data_from else ""
    text = (
        f"{config.name}, \u201c{title}\u201d{what}, {url} "
        f"({config.strings['last_reviewed'].lower()} {format_date(reviewed)})."
    )
    return text + (f" {config.strings['data_from']}: {data_from}." if data_from else "")


def bibtex_escape(text: str) -> str:
    return re.sub(r"([{}\\%&$#_^~])", r"\\\1", text)


def bibtex(config: SiteConfig, key: str, title: str, url: str, reviewed: str) -> str:
    """A BibTeX @misc entry; the key is the site's citation prefix and the page or chart's own name."""
    return (
        f"@misc{{{config.citation_prefix}-{key},\n  title = {{{bibtex_escape(title)}}},\n"
        f"  author = {{{{{bibtex_escape(config.name)}}}}},\n  year = {{{reviewed[:4]}}},\n"
        f"  howpublished = {{\\url{{{url}}}}},\n  note = {{Last reviewed {reviewed}}}\n}}"
    )


def atom_feed(entries: Iterable[dict[str, str]], config: SiteConfig, changes_page: str, fallback: str) -> str:
    """An Atom feed (RFC 4287) of content changes, newest first; an empty feed is as new as the newest
    review."""
    items = sorted(entries, key=lambda e: (e["date"], e["title"]), reverse=True)
    feed = FeedGenerator()
    feed.id(config.absolute("feed.xml"))
    feed.title(f"{config.name}: {config.strings['whats_changed']}")
    feed.author({"name": config.name, "uri": config.url})
    feed.link(href=config.absolute(changes_page), rel="alternate")
    feed.link(href=config.absolute("feed.xml"), rel="self")
    feed.language("en-GB")
    feed.subtitle(config.description or config.name)
    feed.updated(_moment(max((e["date"] for e in items), default=fallback)))
    repeats: dict[str, int] = {}
    for item in items:
        entry = feed.add_entry(order="append")
        entry_id = f"{config.absolute(item['url'])}#{item['date']}"
        repeats[entry_id] = repeats.get(entry_id, 0) + 1  # a 2nd change of a page on one day needs its own id
        entry.id(entry_id if repeats[entry_id] == 1 else f"{entry_id}-{repeats[entry_id]}")
        entry.title(item["title"])
        entry.link(href=config.absolute(item["url"]))
        entry.updated(_moment(item["date"]))
        entry.summary(item["summary"])
    xml: bytes = feed.atom_str(pretty=True)
    return re.sub(r"\s*<generator[^<]*</generator>", "", xml.decode("utf-8"))


def _moment(date: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(date), dt.time(0, 0), tzinfo=dt.UTC)
