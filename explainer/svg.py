"""Make vl-convert's SVG accessible, lean and safe to inline: role, title, description, per-mark tooltips,
unique ids."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


NUMBER = re.compile(r"-?\d+\.\d{3,}")
GEOMETRY_ATTRS = ("d", "transform", "x", "y", "x1", "x2", "y1", "y2", "width", "height", "points")
EMPTY_PATH = "M0,0h0v0h0Z"


def _q(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


def _short_number(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def tidy(root: ET.Element) -> None:
    """Drop what never shows in a static picture (hidden and empty paths, pointer hints, opacity 1); round
    to 0.01 px."""
    for parent in list(root.iter()):
        for child in list(parent):
            if (
                child.get("display") == "none"
                or child.get("opacity") == "0"
                or (child.tag == _q("path") and child.get("d") == EMPTY_PATH)
            ):
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("pointer-events", None)
        if element.get("opacity") == "1":
            del element.attrib["opacity"]
        for attr in GEOMETRY_ATTRS:
            if attr in element.attrib:
                element.set(attr, NUMBER.sub(_short_number, element.attrib[attr]))


SVG_CLASS = "ex-chart-svg"


def accessible_svg(
    svg: str, chart_id: str, title: str, description: str, variant: str, standalone: bool = False
) -> str:
    """The SVG with role="img", <title>/<desc>, mark labels as <title> tooltips, and ids prefixed by chart
    and variant (so several drawings can share a page); standalone adds the XML declaration of a file of
    its own."""
    root = ET.fromstring(svg)  # noqa: S314 (vl-convert's output from our own spec, not untrusted input)
    tidy(root)
    prefix = f"chart-{chart_id}-{variant}-"

    # Per-mark labels become <title> children (tooltips without JavaScript); other ARIA is dropped,
    # because the whole picture is one image described by its <title> and <desc>.
    for element in root.iter():
        label = element.attrib.pop("aria-label", None)
        for attr in ("role", "aria-roledescription", "aria-hidden", "aria-labelledby", "aria-describedby"):
            element.attrib.pop(attr, None)
        if label and element.tag not in (_q("g"), _q("text")):
            tip = ET.SubElement(element, _q("title"))
            tip.text = label

    # Unique ids so several charts can share one page.
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for element in root.iter():
        own = element.get("id")
        if own:
            element.set("id", prefix + own)
        for attr, value in list(element.attrib.items()):
            if "url(#" in value:
                element.set(
                    attr,
                    re.sub(
                        r"url\(#([^)]+)\)",
                        lambda m: f"url(#{prefix}{m.group(1)})" if m.group(1) in ids else m.group(0),
                        value,
                    ),
                )
            if attr in ("href", f"{{{XLINK_NS}}}href") and value.startswith("#") and value[1:] in ids:
                element.set(attr, "#" + prefix + value[1:])

    title_el = ET.Element(_q("title"), {"id": prefix + "title"})
    title_el.text = title
    desc_el = ET.Element(_q("desc"), {"id": prefix + "desc"})
    desc_el.text = description
    root.insert(0, desc_el)
    root.insert(0, title_el)
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}title {prefix}desc")
    root.set("class", SVG_CLASS)
    root.set("focusable", "false")
    text = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n" if standalone else text
