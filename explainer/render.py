"""Draw one dataset: the page-width and phone drawings (inline SVG), the download SVG and PNG, the social
card and the Vega-Lite spec. Two Vega runs per chart: the download SVG is composed around the page-width
drawing, and the PNG and the social card are rasterised from it, not drawn again."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vl_convert as vlc
from altair.utils.schemapi import debug_mode
from PIL import Image, ImageDraw, ImageFont

from explainer import cache, cards, kinds, theme
from explainer.config import Palette
from explainer.formatting import source_line
from explainer.model import Dataset, DatasetDoc
from explainer.svg import SVG_NS, accessible_svg
from explainer.textfit import FILES, FONT_DIR, wrap

PNG_SCALE = 2
MARGIN = 16  # px around a downloaded chart
_fonts_registered = False


@dataclass(frozen=True)
class Settings:
    """What drawing needs from the site's configuration (small and picklable, for worker processes)."""

    site_name: str
    palette: Palette
    chart_card_label: str


def register_fonts() -> None:
    """Make vl-convert lay text out with the package's own font files, so measurements and drawings agree
    anywhere."""
    global _fonts_registered
    if not _fonts_registered:
        vlc.register_font_directory(str(FONT_DIR))
        _fonts_registered = True


@dataclass(frozen=True)
class TextBlock:
    """Lines of text set from a baseline, in px at 1x."""

    lines: list[str]
    size: int
    bold: bool
    top: float

    @property
    def line_height(self) -> float:
        return self.size * 1.3

    @property
    def bottom(self) -> float:
        return self.top + len(self.lines) * self.line_height

    def baseline(self, i: int) -> float:
        return self.top + self.size + i * self.line_height


@dataclass(frozen=True)
class Layout:
    """Where a downloaded chart's pieces go: the same layout for the SVG and the PNG."""

    width: float
    height: float
    blocks: list[TextBlock]
    chart_top: float


def download_layout(ds: Dataset, chart_width: float, chart_height: float) -> Layout:
    """Title and subtitle above the page-width drawing, the source line below, inside a margin."""
    width = max(chart_width, float(theme.WIDTH)) + 2 * MARGIN
    room = width - 2 * MARGIN
    title = TextBlock(wrap(ds.doc["title"], room, 18, bold=True), 18, True, MARGIN)
    subtitle = TextBlock(wrap(ds.doc["subtitle"], room, 14), 14, False, title.bottom + 6)
    chart_top = subtitle.bottom + 14
    source = TextBlock(
        wrap(source_line(ds.doc["sources"]), room, 13), 13, False, chart_top + chart_height + 14
    )
    return Layout(width, source.bottom + MARGIN, [title, subtitle, source], chart_top)


def download_svg(drawn: str, layout: Layout, ink: str) -> str:
    """The chart as it travels on its own, as SVG: composed around the page-width drawing already made."""
    chart = ET.fromstring(drawn)  # noqa: S314 - vl-convert's own output, not untrusted input
    root = ET.Element(
        f"{{{SVG_NS}}}svg",
        {
            "version": "1.1",
            "width": f"{layout.width:g}",
            "height": f"{layout.height:g}",
            "viewBox": f"0 0 {layout.width:g} {layout.height:g}",
        },
    )
    ET.SubElement(
        root,
        f"{{{SVG_NS}}}rect",
        {"fill": "#ffffff", "width": f"{layout.width:g}", "height": f"{layout.height:g}"},
    )
    for block in layout.blocks:
        text = ET.SubElement(
            root,
            f"{{{SVG_NS}}}text",
            {
                "font-family": theme.FONT,
                "font-size": f"{block.size}px",
                "fill": ink,
                **({"font-weight": "bold"} if block.bold else {}),
            },
        )
        for i, line in enumerate(block.lines):
            span = ET.SubElement(
                text, f"{{{SVG_NS}}}tspan", {"x": f"{MARGIN:g}", "y": f"{block.baseline(i):g}"}
            )
            span.text = line
    # The drawing's content goes in a translated group, not a nested <svg>: rasterising a nested svg costs
    # twice as much.
    group = ET.SubElement(
        root, f"{{{SVG_NS}}}g", {"transform": f"translate({MARGIN:g},{layout.chart_top:g})"}
    )
    group.extend(list(chart))
    return ET.tostring(root, encoding="unicode")


def download_png(drawn: str, layout: Layout, ink: str) -> Image.Image:
    """The same picture at twice the size: the drawing rasterised once, the text set with the same font."""
    chart = Image.open(io.BytesIO(vlc.svg_to_png(drawn, scale=PNG_SCALE))).convert("RGBA")
    image = Image.new("RGB", (round(layout.width * PNG_SCALE), round(layout.height * PNG_SCALE)), "#ffffff")
    image.paste(chart, (round(MARGIN * PNG_SCALE), round(layout.chart_top * PNG_SCALE)), chart)
    draw = ImageDraw.Draw(image)
    for block in layout.blocks:
        font = ImageFont.truetype(str(FILES[block.bold]), size=block.size * PNG_SCALE)
        for i, line in enumerate(block.lines):
            draw.text(
                (MARGIN * PNG_SCALE, block.baseline(i) * PNG_SCALE), line, font=font, fill=ink, anchor="ls"
            )
    return image


def specs(ds: Dataset, settings: Settings, validate: bool = False) -> dict[str, dict[str, Any]]:
    """The two Vega-Lite specs: 'inline' (page width) and 'narrow' (phones).

    Drawing skips Altair's schema validation (it costs a fifth of the time); the tests validate every spec
    instead.
    """
    theme.register(settings.palette)
    with debug_mode(False):  # no schema check as each object is made; the tests validate every finished spec
        return _specs(ds, settings, validate)


def _specs(ds: Dataset, settings: Settings, validate: bool) -> dict[str, dict[str, Any]]:
    wide = kinds.build(ds, kinds.Canvas(theme.WIDTH, settings.palette))
    narrow = kinds.build(ds, kinds.Canvas(theme.NARROW_WIDTH, settings.palette))
    if wide is None or narrow is None:
        return {}
    return {"inline": wide.spec(validate), "narrow": narrow.spec(validate)}


def drawings(
    ds: Dataset, settings: Settings, made: dict[str, dict[str, Any]] | None = None
) -> dict[str, str]:
    """vl-convert's SVG of each spec, as drawn (before it is made accessible)."""
    register_fonts()
    return {name: vlc.vegalite_to_svg(spec) for name, spec in (made or specs(ds, settings)).items()}


def spec_file(ds: Dataset, spec: dict[str, Any]) -> bytes:
    """The page-width spec as a download, with the title, subtitle and description a reuser needs."""
    travelling = {
        **spec,
        "title": {"text": ds.doc["title"], "subtitle": ds.doc["subtitle"]},
        "description": ds.doc["description"],
    }
    return (json.dumps(travelling, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def render(ds: Dataset, settings: Settings) -> dict[str, bytes]:
    """Every picture of one dataset, as file name -> bytes."""
    doc = ds.doc
    if ds.kind == "table":
        return {
            "card.png": cards.text_card(
                doc["title"], settings.chart_card_label, settings.site_name, settings.palette
            )
        }
    made = specs(ds, settings)
    drawn = drawings(ds, settings, made)
    inline = ET.fromstring(drawn["inline"])  # noqa: S314 - vl-convert's own output
    layout = download_layout(ds, float(inline.get("width", "0")), float(inline.get("height", "0")))
    picture = download_png(drawn["inline"], layout, settings.palette.ink)
    return {
        "inline.svg": accessible_svg(
            drawn["inline"], ds.id, doc["title"], doc["description"], variant="i"
        ).encode(),
        "inline-narrow.svg": accessible_svg(
            drawn["narrow"], ds.id, doc["title"], doc["description"], variant="n"
        ).encode(),
        "chart.svg": accessible_svg(
            download_svg(drawn["inline"], layout, settings.palette.ink),
            ds.id,
            doc["title"],
            doc["description"],
            variant="d",
            standalone=True,
        ).encode(),
        "chart.png": cards.png_bytes(picture),
        "card.png": social_card(picture),
        "chart.vl.json": spec_file(ds, made["inline"]),
    }


def social_card(picture: Image.Image) -> bytes:
    """The downloaded chart, scaled down, centred on a white card for link previews."""
    margin = 40
    size = cards.SIZE
    scale = min((size[0] - 2 * margin) / picture.width, (size[1] - 2 * margin) / picture.height)
    target = (round(picture.width * scale), round(picture.height * scale))
    factor = max(1, int(1 / scale))
    small = picture.reduce(factor) if factor > 1 else picture
    small = small.resize(target, Image.Resampling.BILINEAR)
    card = Image.new("RGB", size, "#ffffff")
    card.paste(small, ((size[0] - small.width) // 2, (size[1] - small.height) // 2))
    return cards.png_bytes(card)


def render_cached(ds: Dataset, cache_dir: Path, fingerprint: str, settings: Settings) -> dict[str, bytes]:
    """A dataset's files from the cache when its content and the code are unchanged; drawn and stored
    otherwise."""
    files = cache.load(ds, cache_dir, fingerprint)
    if files is None:
        files = render(ds, settings)
        cache.store(ds, cache_dir, fingerprint, files)
    return files


def warm_up() -> None:
    """Ready a worker process to draw: the fonts registered and vl-convert's JavaScript engine started (its
    first drawing in a process costs about half a second more than the rest)."""
    register_fonts()
    vlc.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}})


def render_job(job: tuple[Path, bytes, DatasetDoc, Path, str, Settings]) -> tuple[str, dict[str, bytes]]:
    """Worker entry point for a process pool."""
    path, raw, doc, cache_dir, fingerprint, settings = job
    ds = Dataset(path, raw, doc)
    return ds.id, render_cached(ds, cache_dir, fingerprint, settings)
