"""Draw one dataset: the page-width and phone drawings (inline SVG), the download SVG and PNG, the social card and the
Vega-Lite spec. One Vega run per drawing; the PNG is rasterised from the download SVG, not drawn again."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc
from PIL import Image

from explainer import cache, cards, kinds, theme
from explainer.config import Palette
from explainer.formatting import source_line
from explainer.model import Dataset, DatasetDoc
from explainer.svg import accessible_svg
from explainer.textfit import FONT_DIR, wrap

PNG_SCALE = 2
_fonts_registered = False


@dataclass(frozen=True)
class Settings:
    """What drawing needs from the site's configuration (small and picklable, for worker processes)."""

    site_name: str
    palette: Palette
    chart_card_label: str


def register_fonts() -> None:
    """Make vl-convert lay text out with the package's own font files, so measurements and drawings agree anywhere."""
    global _fonts_registered
    if not _fonts_registered:
        vlc.register_font_directory(str(FONT_DIR))
        _fonts_registered = True


def download_spec(ds: Dataset, chart: Any, settings: Settings, validate: bool = False) -> dict[str, Any]:
    """The chart as it travels on its own: title, subtitle and source line drawn in, on a white background."""
    width = theme.WIDTH
    lines = wrap(source_line(ds.doc["sources"]), width - 10, 13)
    footer = alt.Chart(alt.Data(values=[{"text": "\n".join(lines)}])).mark_text(
        align="left", baseline="top", fontSize=13, color=settings.palette.ink, x=0, y=0, lineBreak="\n", lineHeight=17,
    ).encode(text="text:N").properties(width=width - 20, height=17 * len(lines))
    composed = alt.vconcat(chart, footer, spacing=18).properties(
        title=alt.Title(text=wrap(ds.doc["title"], width - 10, 18, bold=True),
                        subtitle=wrap(ds.doc["subtitle"], width - 10, 14)),
    ).configure(background="#ffffff").configure_concat(spacing=18)
    spec: dict[str, Any] = composed.to_dict(validate=validate)
    spec["description"] = ds.doc["description"]
    return spec


def specs(ds: Dataset, settings: Settings, validate: bool = False) -> dict[str, dict[str, Any]]:
    """The three Vega-Lite specs: 'inline' (page width), 'narrow' (phones) and 'download' (titled, with source).

    Drawing skips Altair's schema validation (it costs a fifth of the time); the tests validate every spec instead.
    """
    theme.register(settings.palette)
    wide = kinds.build(ds, kinds.Canvas(theme.WIDTH, settings.palette))
    narrow = kinds.build(ds, kinds.Canvas(theme.NARROW_WIDTH, settings.palette))
    if wide is None or narrow is None:
        return {}
    return {"inline": wide.to_dict(validate=validate), "narrow": narrow.to_dict(validate=validate),
            "download": download_spec(ds, wide, settings, validate)}


def drawings(ds: Dataset, settings: Settings) -> dict[str, str]:
    """vl-convert's SVG of each spec, as drawn (before it is made accessible)."""
    register_fonts()
    return {name: vlc.vegalite_to_svg(spec) for name, spec in specs(ds, settings).items()}


def render(ds: Dataset, settings: Settings) -> dict[str, bytes]:
    """Every picture of one dataset, as file name -> bytes."""
    doc = ds.doc
    if ds.kind == "table":
        return {"card.png": cards.text_card(doc["title"], settings.chart_card_label, settings.site_name, settings.palette)}
    drawn = drawings(ds, settings)
    spec = specs(ds, settings)
    png = vlc.svg_to_png(drawn["download"], scale=PNG_SCALE)
    return {
        "inline.svg": accessible_svg(drawn["inline"], ds.id, doc["title"], doc["description"], variant="i").encode(),
        "inline-narrow.svg": accessible_svg(drawn["narrow"], ds.id, doc["title"], doc["description"], variant="n").encode(),
        "chart.svg": accessible_svg(drawn["download"], ds.id, doc["title"], doc["description"], variant="d",
                                    standalone=True).encode(),
        "chart.png": png,
        "card.png": social_card(png),
        "chart.vl.json": (json.dumps(spec["download"], indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode(),
    }


def social_card(png: bytes) -> bytes:
    """The chart (its download PNG, scaled down) centred on a white card, for link previews."""
    margin = 40
    size = cards.SIZE
    chart = Image.open(io.BytesIO(png)).convert("RGB")
    scale = min((size[0] - 2 * margin) / chart.width, (size[1] - 2 * margin) / chart.height)
    chart = chart.resize((round(chart.width * scale), round(chart.height * scale)), Image.Resampling.LANCZOS,
                         reducing_gap=2.0)
    card = Image.new("RGB", size, "#ffffff")
    card.paste(chart, ((size[0] - chart.width) // 2, (size[1] - chart.height) // 2))
    return cards.png_bytes(card)


def render_cached(ds: Dataset, cache_dir: Path, fingerprint: str, settings: Settings) -> dict[str, bytes]:
    """A dataset's files from the cache when its content and the code are unchanged; drawn and stored otherwise."""
    files = cache.load(ds, cache_dir, fingerprint)
    if files is None:
        files = render(ds, settings)
        cache.store(ds, cache_dir, fingerprint, files)
    return files


def render_job(job: tuple[Path, bytes, DatasetDoc, Path, str, Settings]) -> tuple[str, dict[str, bytes]]:
    """Worker entry point for a process pool."""
    path, raw, doc, cache_dir, fingerprint, settings = job
    ds = Dataset(path, raw, doc)
    return ds.id, render_cached(ds, cache_dir, fingerprint, settings)
