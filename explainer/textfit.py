"""Text measured with the renderer's own font (Liberation Sans, shipped with the package), and wrapped to a
width."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "Liberation Sans"
FILES = {False: FONT_DIR / "LiberationSans-Regular.ttf", True: FONT_DIR / "LiberationSans-Bold.ttf"}


@cache
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FILES[bold]), size=size)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of text set in the charts' font at a size (the same advance widths vl-convert lays out
    with)."""
    return float(_font(size, bold).getlength(text))


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Split text into lines no wider than width px, breaking between words; a word longer than width gets
    a line of its own (it is never cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [text]


def widest(lines: list[str], size: float, bold: bool = False) -> float:
    return max((text_width(line, size, bold) for line in lines), default=0.0)
