"""Render one dataset's pictures (inline SVG, download SVG and PNG, social card, Vega-Lite spec), cached by content."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import altair as alt
import vl_convert as vlc
from PIL import Image

from explainer import cache, cards, kinds, theme
from explainer.dataset import Dataset
from explainer.formatting import source_line
from explainer.svg import accessible_svg

PACKAGE_DIR = Path(__file__).resolve().parent
CARD_SIZE = (1200, 630)
PNG_SCALE = 2


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width) or [text]


def download_spec(ds: Dataset, chart: alt.Chart, validate: bool = False) -> dict:
    """The chart as it travels on its own: title, subtitle and source line drawn in, white background."""
    lines = wrap(source_line(ds.doc["sources"]), 80)
    footer = alt.Chart(alt.Data(values=[{"text": "\n".join(lines)}])).mark_text(
        align="left", baseline="top", fontSize=12, color=theme.INK, x=0, y=0, lineBreak="\n", lineHeight=16,
    ).encode(text="text:N").properties(width=theme.WIDTH, height=16 * len(lines))
    composed = alt.vconcat(chart, footer, spacing=18).properties(
        title=alt.Title(text=wrap(ds.doc["title"], 58), subtitle=wrap(ds.doc["subtitle"], 72)),
    ).configure(background="#ffffff").configure_concat(spacing=18)
    spec = composed.to_dict(validate=validate)
    spec["description"] = ds.doc["description"]
    return spec


def specs(ds: Dataset, validate: bool = False) -> dict[str, dict]:
    """The chart's three Vega-Lite specs: 'inline' (page width), 'narrow' (phones) and 'download' (titled, with source).

    Rendering skips Altair's schema validation (it costs a fifth of the render time);
    tests/test_datasets.py validates every dataset's specs against the Vega-Lite schema instead.
    """
    chart = kinds.build(ds)
    return {
        "inline": chart.to_dict(validate=validate),
        "narrow": kinds.build(ds, theme.NARROW_WIDTH).to_dict(validate=validate),
        "download": download_spec(ds, chart, validate),
    }


def render(ds: Dataset) -> dict[str, bytes]:
    """All pictures for one dataset, as file name -> bytes."""
    doc = ds.doc
    if doc["chart"]["kind"] == "table":
        return {"card.png": cards.text_card(doc["title"], "Chart data", "Serious and organised crime in the UK, explained")}
    spec = specs(ds)
    inline_svg = accessible_svg(vlc.vegalite_to_svg(spec["inline"]), ds.id, doc["title"], doc["description"], inline=True)
    narrow_svg = accessible_svg(vlc.vegalite_to_svg(spec["narrow"]), ds.id, doc["title"], doc["description"], inline=True, variant="n")
    raw_svg = vlc.vegalite_to_svg(spec["download"])
    download_svg = accessible_svg(raw_svg, ds.id, doc["title"], doc["description"], inline=False)
    png = vlc.svg_to_png(raw_svg, scale=PNG_SCALE)  # same pixels as vegalite_to_png, without running Vega twice
    return {
        "inline.svg": inline_svg.encode(),
        "inline-narrow.svg": narrow_svg.encode(),
        "chart.svg": download_svg.encode(),
        "chart.png": png,
        "card.png": social_card(png),
        "chart.vl.json": (json.dumps(spec["download"], indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode(),
    }


def social_card(png: bytes) -> bytes:
    """The chart (its 2x download PNG, scaled down) centred on a 1200x630 white card, for Open Graph and Twitter."""
    margin = 40
    chart = Image.open(io.BytesIO(png)).convert("RGB")
    scale = min((CARD_SIZE[0] - 2 * margin) / chart.width, (CARD_SIZE[1] - 2 * margin) / chart.height)
    chart = chart.resize((round(chart.width * scale), round(chart.height * scale)), Image.LANCZOS, reducing_gap=2.0)
    card = Image.new("RGB", CARD_SIZE, "#ffffff")
    card.paste(chart, ((CARD_SIZE[0] - chart.width) // 2, (CARD_SIZE[1] - chart.height) // 2))
    return cards.png_bytes(card)


def render_cached(ds: Dataset, cache_dir: Path, fingerprint: str) -> tuple[dict[str, bytes], bool]:
    """Rendered files for a dataset, from the cache when its content and the code are unchanged; (files, was_cached)."""
    files = cache.load(ds, cache_dir, fingerprint)
    if files is not None:
        return files, True
    files = render(ds)
    cache.store(ds, cache_dir, fingerprint, files)
    return files, False


def render_job(args: tuple[Path, bytes, dict, Path, str]) -> tuple[str, dict[str, bytes], bool]:
    """Worker entry point for a process pool."""
    path, raw, doc, cache_dir, fingerprint = args
    ds = Dataset(path, raw, doc)
    files, cached = render_cached(ds, cache_dir, fingerprint)
    return ds.id, files, cached


