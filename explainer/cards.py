"""Social preview cards (1200 x 630 PNG) drawn with Pillow and the package's own font: no network, no
system fonts."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from explainer.config import Palette
from explainer.textfit import FILES, wrap

SIZE = (1200, 630)
TEXT_LEFT = 80
TEXT_WIDTH = SIZE[0] - 2 * TEXT_LEFT


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)  # as small as level 6 for these images, and faster
    return out.getvalue()


def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FILES[bold]), size=size)


def title_lines(title: str, room: int) -> tuple[list[str], int]:
    """The title wrapped to the card, at the largest size (60 px down to 36 px) that fits it whole in the
    room."""
    for size in range(60, 35, -4):
        lines = wrap(title, TEXT_WIDTH, size, bold=True)
        if len(lines) * size * 1.25 <= room:
            return lines, size
    return wrap(title, TEXT_WIDTH, 36, bold=True), 36


def text_card(title: str, section: str, site_name: str, palette: Palette) -> bytes:
    """A card with the section, the page title (never cut) and the site name, in the site's colours."""
    card = Image.new("RGB", SIZE, palette.one_series)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 24, SIZE[1]), fill=palette.highlight)
    draw.text((TEXT_LEFT, 70), section.upper(), font=_font(34, False), fill="#ffffff")
    lines, size = title_lines(title, 340)
    y = 140
    for line in lines:
        draw.text((TEXT_LEFT, y), line, font=_font(size, True), fill="#ffffff")
        y += round(size * 1.25)
    draw.text((TEXT_LEFT, SIZE[1] - 90), site_name, font=_font(30, False), fill="#ffffff")
    return png_bytes(card)
