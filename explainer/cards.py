"""Social preview cards (1200x630 PNG) drawn with Pillow and its bundled font: no network, no system fonts."""

from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

from explainer import theme

SIZE = (1200, 630)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)  # as small as level 6 for these images, faster
    return out.getvalue()


def text_card(title: str, section: str, site_name: str) -> bytes:
    """A card with the section, the page title and the site name, in the site's colours."""
    card = Image.new("RGB", SIZE, theme.DARK_BLUE)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 24, SIZE[1]), fill=theme.ORANGE)
    draw.text((80, 70), section.upper(), font=_font(34), fill="#ffffff")
    lines = textwrap.wrap(title, width=34)[:5]
    y = 150
    for line in lines:
        draw.text((80, y), line, font=_font(60), fill="#ffffff")
        y += 76
    draw.text((80, SIZE[1] - 90), site_name, font=_font(30), fill="#ffffff")
    return png_bytes(card)
