"""Write every generated file (figure snippets, chart pages, downloads, embeds, catalogue, feed, cards) into one folder."""

from __future__ import annotations

import csv
import hashlib
import html
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape

from explainer import cards
from explainer.dataset import NUMERIC_TYPES, Dataset
from explainer.formatting import format_date, format_value, period, source_line
from explainer.pages import Page

TEMPLATES = Path(__file__).resolve().parent / "templates"
LICENCES = {
    "OGL-UK-3.0": {"name": "Open Government Licence v3.0",
                   "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"},
    "CC-BY-4.0": {"name": "Creative Commons Attribution 4.0",
                  "url": "https://creativecommons.org/licenses/by/4.0/"},
}
FRICTIONLESS_TYPES = {"year": "year", "integer": "integer", "number": "number", "percent": "number",
                      "date": "date", "string": "string"}


def environment(bytecode_dir: Path | None = None) -> Environment:
    """Jinja2 with autoescaping for every template, so dataset text is always inert; compiled templates kept in bytecode_dir."""
    cache = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(bytecode_dir))  # keyed by each template's source checksum
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True),
                      bytecode_cache=cache, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["nice_date"] = format_date
    env.filters["cell"] = format_value
    # The theme prints front-matter text without escaping it, so generated front matter carries it pre-escaped.
    env.filters["meta_text"] = lambda text: html.escape(text, quote=True)
    env.filters["markdown_text"] = markdown_text
    env.globals["numeric"] = NUMERIC_TYPES
    env.globals["publisher_of"] = lambda ds, record: next(
        s["publisher"] for s in ds.doc["sources"] if s["id"] == record.get("source"))
    return env


def no_blank_lines(html: str) -> str:
    """Raw HTML inside Markdown must not contain blank lines, or Markdown ends the block early."""
    return re.sub(r"\n\s*\n", "\n", html).strip() + "\n"


def responsive_svg(art: dict[str, bytes]) -> str | None:
    """The wide and the narrow drawing of a chart; CSS shows one, by screen width (no JavaScript)."""
    if "inline.svg" not in art:
        return None
    return (f'<div class="soc-chart soc-chart--wide">{art["inline.svg"].decode()}</div>'
            f'<div class="soc-chart soc-chart--narrow">{art["inline-narrow.svg"].decode()}</div>')


def markdown_text(text: str) -> str:
    """Plain text made safe inside a Markdown line: Markdown punctuation backslash-escaped (autoescaping then escapes HTML)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!])", r"\\\1", text)


class Site:
    """What the generator needs to know about the site: name, URL and path prefix."""

    def __init__(self, name: str, url: str):
        self.name = name
        self.url = url.rstrip("/") + "/"
        self.base = re.sub(r"^https?://[^/]+", "", self.url) or "/"

    def absolute(self, path: str) -> str:
        return self.url + path.lstrip("/")


class Generator:
    """Writes the generated tree for a set of datasets and pages into an output folder."""

    def __init__(self, site: Site, out: Path, today: dt.date, bytecode_dir: Path | None = None):
        self.site, self.out, self.today = site, out, today
        self.env = environment(bytecode_dir)

    def write(self, relative: Path | str, data: bytes | str) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    # -- per chart ----------------------------------------------------------

    def chart(self, ds: Dataset, art: dict[str, bytes], used_on: list[Page], topic: Page | None) -> None:
        svg = responsive_svg(art)
        base, cid = self.site.base, ds.id
        folder = Path("docs/charts") / cid
        figure = self.env.get_template("figure.html.j2").render(ds=ds, svg=svg, base=base)
        self.write(Path("build/snippets/figures") / f"{cid}.html", no_blank_lines(figure))

        page_url = self.site.absolute(f"charts/{cid}/")
        embed_url = self.site.absolute(f"charts/{cid}/embed.html")
        embed_code = (f'<iframe src="{embed_url}" title="{ds.doc["title"]}" width="100%" height="560" '
                      f'style="border:0" loading="lazy"></iframe>')
        publishers = "; ".join(dict.fromkeys(src["publisher"] for src in ds.doc["sources"]))
        citation = (f"{self.site.name}, \u201c{ds.doc['title']}\u201d, chart and data, {page_url} "
                    f"(last reviewed {format_date(ds.doc['reviewed'])}). Data: {publishers}.")
        bibtex = bibtex_entry(cid, ds.doc["title"], self.site.name, page_url, ds.doc["reviewed"])
        pages = used_on or ([topic] if topic else [])
        page = self.env.get_template("chart_page.md.j2").render(
            ds=ds, svg=svg, base=base, embed_code=embed_code, citation=citation, bibtex=bibtex,
            used_on=pages, licence=LICENCES[ds.doc["licence"]], overdue=self.overdue(ds),
            jsonld=dataset_jsonld(ds, self.site, page_url))
        front, body = page.split("\n---\n", 1)
        self.write(Path("docs/charts") / f"{cid}.md", front + "\n---\n" + no_blank_lines(body))

        embed = self.env.get_template("embed.html.j2").render(
            ds=ds, svg=svg, base=base, page_abs_url=page_url, site_name=self.site.name,
            source_text=source_line(ds.doc["sources"]))
        self.write(folder / "embed.html", embed)
        self.write(folder / f"{cid}.csv", dataset_csv(ds))
        self.write(folder / f"{cid}.json", ds.raw)
        self.write(folder / f"{cid}-card.png", art["card.png"])
        if svg:
            self.write(folder / f"{cid}.svg", art["chart.svg"])
            self.write(folder / f"{cid}.png", art["chart.png"])
            self.write(folder / f"{cid}.vl.json", art["chart.vl.json"])

    def overdue(self, ds: Dataset) -> bool:
        return dt.date.fromisoformat(ds.doc["next_review"]) < self.today

    # -- site-wide pieces ---------------------------------------------------

    def catalogue(self, datasets: list[Dataset], topics: dict[str, Page]) -> None:
        rows = []
        for ds in sorted(datasets, key=lambda d: (d.doc["topic"], d.doc["title"])):
            topic = topics.get(ds.doc["topic"])
            rows.append({
                "ds": ds, "period": period(ds.doc), "overdue": self.overdue(ds),
                "publishers": "; ".join(dict.fromkeys(s["publisher"] for s in ds.doc["sources"])),
                "topic_url": topic.url if topic else "", "topic_title": topic.title if topic else ds.doc["topic"],
            })
        html = self.env.get_template("catalogue.html.j2").render(
            rows=rows, datasets=datasets, base=self.site.base, overdue_count=sum(r["overdue"] for r in rows))
        self.write("build/snippets/catalogue.html", no_blank_lines(html))
        self.write("docs/datapackage.json", json.dumps(data_package(datasets, self.site), indent=2, ensure_ascii=False) + "\n")

    def glossary(self, abbreviations: Path) -> None:
        terms = parse_abbreviations(abbreviations.read_text(encoding="utf-8"))
        html = self.env.get_template("glossary.html.j2").render(terms=sorted(terms.items(), key=lambda t: t[0].lower()))
        self.write("build/snippets/glossary.html", no_blank_lines(html))

    def changes(self, datasets: list[Dataset], pages: list[Page]) -> None:
        entries = []
        for ds in datasets:
            for change in ds.doc.get("changes", []):
                entries.append({"date": change["date"], "summary": change["summary"], "title": ds.doc["title"],
                                "url": f"charts/{ds.id}/"})
        for page in pages:
            for change in page.meta.get("changes", []) or []:
                entries.append({"date": str(change["date"]), "summary": change["summary"], "title": page.title, "url": page.url})
        entries.sort(key=lambda e: (e["date"], e["title"]), reverse=True)
        html = self.env.get_template("changes.html.j2").render(changes=entries, base=self.site.base)
        self.write("build/snippets/changes.html", no_blank_lines(html))
        self.write("docs/feed.xml", atom_feed(entries, self.site))

    def page_cards(self, pages: list[Page], cache_dir: Path) -> None:
        """A social card per page, drawn only when its title, section or the card design changed."""
        cache_dir.mkdir(parents=True, exist_ok=True)
        design = hashlib.sha256(Path(cards.__file__).read_bytes()).hexdigest()[:12]
        for page in pages:
            key = hashlib.sha256(f"{design}\0{page.title}\0{page.section}\0{self.site.name}".encode()).hexdigest()[:20]
            cached = cache_dir / f"{key}.png"
            if not cached.is_file():
                cached.write_bytes(cards.text_card(page.title, page.section, self.site.name))
            self.write(Path("docs/cards") / f"{card_name(page)}.png", cached.read_bytes())


# ---------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------

def card_name(page: Page) -> str:
    return page.url.strip("/").replace("/", "-") or "home"


def dataset_csv(ds: Dataset) -> str:
    """The records as CSV: one column per field (by name), plus 'source' when there are several sources."""
    names = [f["name"] for f in ds.doc["fields"]]
    with_source = len(ds.doc["sources"]) > 1
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names + (["source"] if with_source else []))
    for record in ds.doc["records"]:
        row = ["" if record.get(n) is None else record.get(n) for n in names]
        writer.writerow(row + ([record["source"]] if with_source else []))
    return out.getvalue()


def data_package(datasets: list[Dataset], site: Site) -> dict[str, Any]:
    """A Frictionless Data Package describing every CSV with field types, units and sources."""
    resources = []
    for ds in sorted(datasets, key=lambda d: d.id):
        fields = [{"name": f["name"], "type": FRICTIONLESS_TYPES[f["type"]], "title": f["title"],
                   **({"description": f"Unit: {f['unit']}"} if f.get("unit") else {})} for f in ds.doc["fields"]]
        if len(ds.doc["sources"]) > 1:
            fields.append({"name": "source", "type": "string", "title": "Source id (see sources)"})
        resources.append({
            "name": ds.id, "path": f"charts/{ds.id}/{ds.id}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "title": ds.doc["title"], "description": ds.doc["description"],
            "schema": {"fields": fields},
            "sources": [{"title": f"{s['publisher']}: {s['title']}", "path": s["url"]} for s in ds.doc["sources"]],
            "licenses": [{"name": ds.doc["licence"], "path": LICENCES[ds.doc["licence"]]["url"], "title": LICENCES[ds.doc["licence"]]["name"]}],
        })
    return {
        "name": "soc-explainer-datasets", "title": f"{site.name}: datasets",
        "homepage": site.absolute("data/"), "profile": "data-package",
        "licenses": [{"name": "CC-BY-4.0", "path": LICENCES["CC-BY-4.0"]["url"], "title": LICENCES["CC-BY-4.0"]["name"]}],
        "resources": resources,
    }


def dataset_jsonld(ds: Dataset, site: Site, page_url: str) -> dict[str, Any]:
    """schema.org Dataset metadata, so search engines and data portals can find and cite the chart's data."""
    folder = site.absolute(f"charts/{ds.id}/{ds.id}")
    return {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": ds.doc["title"], "description": f"{ds.doc['subtitle']}. {ds.doc['description']}",
        "url": page_url, "identifier": page_url, "license": LICENCES[ds.doc["licence"]]["url"],
        "dateModified": ds.doc["reviewed"], "temporalCoverage": period(ds.doc),
        "creator": {"@type": "Organization", "name": site.name, "url": site.url},
        "isBasedOn": [s["url"] for s in ds.doc["sources"]],
        "variableMeasured": [f["title"] for f in ds.doc["fields"]],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": folder + ".csv"},
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": folder + ".json"},
        ],
    }


def bibtex_entry(key: str, title: str, site_name: str, url: str, reviewed: str) -> str:
    def esc(text: str) -> str:
        return re.sub(r"([{}\\%&$#_^~])", r"\\\1", text)
    year = reviewed[:4]
    return (f"@misc{{soc-explainer-{key},\n  title = {{{esc(title)}}},\n  author = {{{{{esc(site_name)}}}}},\n"
            f"  year = {{{year}}},\n  howpublished = {{\\url{{{url}}}}},\n  note = {{Last reviewed {reviewed}}}\n}}")


def parse_abbreviations(text: str) -> dict[str, str]:
    terms: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"^\*\[([^\]]+)\]:\s*(.+)$", line.strip())
        if match:
            terms.setdefault(match.group(1), match.group(2).strip())
    return terms


def atom_feed(entries: list[dict[str, str]], site: Site) -> str:
    """An Atom feed of content changes, written without any network or extra library."""
    from xml.sax.saxutils import escape
    updated = max((e["date"] for e in entries), default="2026-01-01")
    items = "".join(
        f"<entry><title>{escape(e['title'])}</title><link href=\"{escape(site.absolute(e['url']))}\"/>"
        f"<id>{escape(site.absolute(e['url']))}#{e['date']}</id><updated>{e['date']}T00:00:00Z</updated>"
        f"<summary>{escape(e['summary'])}</summary></entry>\n" for e in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"<title>{escape(site.name)}: what's changed</title>\n<link href=\"{escape(site.absolute('about/changes/'))}\"/>\n"
            f"<link rel=\"self\" href=\"{escape(site.absolute('feed.xml'))}\"/>\n<id>{escape(site.absolute('feed.xml'))}</id>\n"
            f"<updated>{updated}T00:00:00Z</updated>\n{items}</feed>\n")
