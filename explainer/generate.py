"""Write every generated file into a staging folder: figure snippets, chart pages and downloads, embeds,
the catalogue, glossary, changes page and feed, social cards, and the theme pieces and CSS the pages use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape

from explainer import cards, formats, freshness, theme
from explainer.config import SiteConfig
from explainer.formatting import format_date, format_value, period, source_line
from explainer.model import NUMERIC_TYPES, Dataset
from explainer.page_rules import parse_glossary
from explainer.pages import Page
from explainer.stamp import OUTPUTS

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
THEME = PACKAGE / "theme"
ASSETS = PACKAGE / "assets"

LATEST_CHANGES = 5  # entries in the short list a home page can include ("changes-latest.html")


def environment(strings: dict[str, str], bytecode_dir: Path | None = None) -> Environment:
    """Jinja2 with autoescaping for every template, so dataset text is always inert."""
    cache = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(bytecode_dir))
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        bytecode_cache=cache,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["nice_date"] = format_date
    env.filters["cell"] = format_value
    # The theme prints front-matter text unescaped, so generated front matter carries it pre-escaped.
    env.filters["meta_text"] = lambda text: html.escape(text, quote=True)
    env.filters["markdown_text"] = markdown_text
    env.globals["numeric"] = NUMERIC_TYPES
    env.globals["t"] = strings
    env.globals["publisher_of"] = lambda ds, record: next(
        s["publisher"] for s in ds.doc["sources"] if s["id"] == record.get("source")
    )
    return env


def no_blank_lines(text: str) -> str:
    """Raw HTML inside Markdown must not contain blank lines, or Markdown ends the block early."""
    return re.sub(r"\n\s*\n", "\n", text).strip() + "\n"


def inert_braces(text: str) -> str:
    """HTML that a theme template includes: braces as character references, so no text can become template
    code."""
    return text.replace("{", "&#123;").replace("}", "&#125;")


def markdown_text(text: str) -> str:
    """Plain text made safe inside a Markdown line: Markdown punctuation backslash-escaped (autoescaping
    then escapes HTML)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!])", r"\\\1", text)


def responsive_svg(art: dict[str, bytes]) -> str | None:
    """The page-width and the phone drawing of a chart; CSS shows one, by screen width (no JavaScript)."""
    if "inline.svg" not in art:
        return None
    return (
        f'<div class="ex-chart ex-chart--wide">{art["inline.svg"].decode()}</div>'
        f'<div class="ex-chart ex-chart--narrow">{art["inline-narrow.svg"].decode()}</div>'
    )


class Generator:
    """Writes the generated tree for a set of datasets and pages into an output folder."""

    def __init__(self, config: SiteConfig, out: Path, today: dt.date, bytecode_dir: Path | None = None):
        self.config, self.out, self.today = config, out, today
        self.env = environment(dict(config.strings), bytecode_dir)

    def write(self, relative: Path | str, data: bytes | str) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def render(self, template: str, **values: Any) -> str:
        return self.env.get_template(template).render(**values)

    # -- per chart ----------------------------------------------------------

    def chart(self, ds: Dataset, art: dict[str, bytes], used_on: list[Page], topic: Page | None) -> None:
        config, base, cid = self.config, self.config.base, ds.id
        svg = responsive_svg(art)
        folder = Path("docs/charts") / cid
        self.write(
            Path("build/snippets/figures") / f"{cid}.html",
            no_blank_lines(self.render("figure.html.j2", ds=ds, svg=svg, base=base)),
        )

        page_url = config.absolute(f"charts/{cid}/")
        embed_code = self.render(
            "embed_code.html.j2", src=config.absolute(f"charts/{cid}/embed.html"), title=ds.doc["title"]
        ).strip()
        release = ds.source(ds.doc["currency"]["release"])
        page = self.render(
            "chart_page.md.j2",
            ds=ds,
            svg=svg,
            base=base,
            embed_code=embed_code,
            citation=formats.citation(
                config, ds.doc["title"], page_url, ds.doc["reviewed"], formats.publishers(ds)
            ),
            bibtex=formats.bibtex(config, cid, ds.doc["title"], page_url, ds.doc["reviewed"]),
            used_on=used_on or ([topic] if topic else []),
            licence=config.licences[ds.doc["licence"]],
            overdue=freshness.overdue_review(ds, self.today),
            release=release,
            release_due=(due.isoformat() if (due := freshness.newer_release_due(ds, self.today)) else ""),
            catalogue_url=formats.catalogue_url(config),
            jsonld=formats.dataset_jsonld(ds, config, page_url),
        )
        front, body = page.split("\n---\n", 1)
        self.write(Path("docs/charts") / f"{cid}.md", front + "\n---\n" + no_blank_lines(body))
        self.write(
            folder / "embed.html",
            self.render(
                "embed.html.j2",
                ds=ds,
                svg=svg,
                base=base,
                page_abs_url=page_url,
                site_name=config.name,
                source_text=source_line(ds.doc["sources"]),
                language="en-GB",
            ),
        )
        self.write(folder / f"{cid}.csv", formats.dataset_csv(ds))
        self.write(folder / f"{cid}.json", ds.raw)
        self.write(folder / f"{cid}-card.png", art["card.png"])
        if svg:
            self.write(folder / f"{cid}.svg", art["chart.svg"])
            self.write(folder / f"{cid}.png", art["chart.png"])
            self.write(folder / f"{cid}.vl.json", art["chart.vl.json"])

    # -- site-wide pieces ---------------------------------------------------

    def catalogue(self, datasets: list[Dataset], topics: dict[str, Page]) -> None:
        rows = []
        for ds in sorted(datasets, key=lambda d: (d.doc["topic"], d.doc["title"])):
            topic = topics.get(ds.doc["topic"])
            rows.append(
                {
                    "ds": ds,
                    "period": period(dict(ds.doc)),
                    "overdue": freshness.overdue_review(ds, self.today),
                    "publishers": formats.publishers(ds),
                    "topic_url": topic.url if topic else "",
                    "topic_title": topic.title if topic else ds.doc["topic"],
                }
            )
        text = self.render(
            "catalogue.html.j2",
            rows=rows,
            datasets=datasets,
            base=self.config.base,
            overdue_count=sum(r["overdue"] for r in rows),
        )
        self.write("build/snippets/catalogue.html", no_blank_lines(text))
        package = formats.data_package(datasets, self.config)
        self.write("docs/datapackage.json", json.dumps(package, indent=2, ensure_ascii=False) + "\n")

    def glossary(self) -> None:
        path = self.config.root / self.config.paths.abbreviations
        terms = parse_glossary(path.read_text(encoding="utf-8")) if path.is_file() else {}
        text = self.render("glossary.html.j2", terms=sorted(terms.items(), key=lambda t: t[0].lower()))
        self.write("build/snippets/glossary.html", no_blank_lines(text))

    def changes(self, datasets: list[Dataset], pages: list[Page]) -> None:
        entries = [
            {"date": c["date"], "summary": c["summary"], "title": ds.doc["title"], "url": f"charts/{ds.id}/"}
            for ds in datasets
            for c in ds.doc.get("changes", [])
        ]
        for page in pages:
            for change in page.meta.get("changes") or []:
                entries.append(
                    {
                        "date": str(change["date"]),
                        "summary": change["summary"],
                        "title": page.title,
                        "url": page.url,
                    }
                )
        entries.sort(key=lambda e: (e["date"], e["title"]), reverse=True)
        text = self.render("changes.html.j2", changes=entries, base=self.config.base)
        self.write("build/snippets/changes.html", no_blank_lines(text))
        latest = self.render("changes.html.j2", changes=entries[:LATEST_CHANGES], base=self.config.base)
        self.write("build/snippets/changes-latest.html", no_blank_lines(latest))
        newest = max(
            [d.doc["reviewed"] for d in datasets]
            + [str(p.meta.get("reviewed", "")) for p in pages if p.meta.get("reviewed")],
            default="2000-01-01",
        )
        self.write(
            "docs/feed.xml",
            formats.atom_feed(entries, self.config, formats.page_url(self.config.paths.changes), newest),
        )

    def page_cards(self, pages: list[Page], cache_dir: Path) -> None:
        """A social card per page, drawn only when its title, section, the site or the card design changed.
        """
        cache_dir.mkdir(parents=True, exist_ok=True)
        design = hashlib.sha256(
            (PACKAGE / "cards.py").read_bytes() + repr(self.config.palette).encode()
        ).hexdigest()[:12]
        for page in pages:
            section = self.config.section_label(page.path.as_posix())
            key = hashlib.sha256(
                f"{design}\0{page.title}\0{section}\0{self.config.name}".encode()
            ).hexdigest()[:20]
            cached = cache_dir / f"{key}.png"
            if not cached.is_file():
                cached.write_bytes(
                    cards.text_card(page.title, section, self.config.name, self.config.palette)
                )
            self.write(Path("docs/cards") / page.url / "card.png", cached.read_bytes())

    def theme_pieces(self, pages: list[Page]) -> None:
        """The theme overrides, plus what they include: the feed link and each page's citation, made here
        (escaped)."""
        for source in sorted(THEME.rglob("*.html")):
            self.write(Path("build/theme") / source.relative_to(THEME), source.read_bytes())
        self.write(
            "build/theme/explainer/head.html",
            inert_braces(self.render("head.html.j2", site_name=self.config.name, base=self.config.base)),
        )
        for page in pages:
            reviewed = str(page.meta.get("reviewed") or "")
            if not reviewed:
                continue
            url = self.config.absolute(page.url)
            key = page.url.strip("/").replace("/", "-") or "home"
            text = self.render(
                "cite_page.html.j2",
                citation=formats.citation(self.config, page.title, url, reviewed),
                bibtex=formats.bibtex(self.config, key, page.title, url, reviewed),
            )
            self.write(Path("build/theme/explainer/cite") / page.url / "index.html", inert_braces(text))

    def stylesheets(self) -> None:
        """The engine's CSS, with the dark-scheme chart colours generated from the palette."""
        dark = theme.dark_css(self.config.palette)
        self.write(
            "docs/assets/explainer/explainer.css",
            (ASSETS / "explainer.css").read_text(encoding="utf-8") + "\n" + dark,
        )
        embed_dark = re.sub(r'\[data-md-color-scheme="slate"\] ', "", dark)
        self.write(
            "docs/assets/explainer/embed.css",
            theme.embed_colours(self.config.palette)
            + (ASSETS / "embed.css").read_text(encoding="utf-8")
            + "\n@media (prefers-color-scheme: dark) {\n"
            + embed_dark
            + "}\n",
        )

    def placeholders(self) -> None:
        """Every output exists, even when empty, so publishing can replace them all."""
        for name in OUTPUTS:
            target = self.out / name
            if not target.exists():
                if "." in Path(name).name:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text("")
                else:
                    target.mkdir(parents=True)


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)
