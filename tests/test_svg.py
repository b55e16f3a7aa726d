"""The accessible, lean SVG (explainer/svg.py): what tidy drops and rounds, the title, description and tooltips a screen
reader and a mouse get, and ids made unique per chart and variant. Fast unit tests on small drawings written here."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from explainer.svg import EMPTY_PATH, SVG_CLASS, accessible_svg, tidy

NS = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def svg(inner: str, attrs: str = "") -> str:
    return f'<svg xmlns="{NS}" xmlns:xlink="{XLINK}" width="100" height="50"{attrs}>{inner}</svg>'


def tidied(inner: str, attrs: str = "") -> ET.Element:
    root = ET.fromstring(svg(inner, attrs))
    tidy(root)
    return root


def accessible(inner: str, attrs: str = "", **kw: object) -> ET.Element:
    args = {"chart_id": "c1", "title": "Title", "description": "Desc", "variant": "wide"} | kw
    return ET.fromstring(accessible_svg(svg(inner, attrs), **args))  # type: ignore[arg-type]


# -- tidy: what never shows is dropped --------------------------------------------------------------------------------

@pytest.mark.parametrize("hidden", ['<rect display="none" width="1" height="1"/>', '<rect opacity="0" width="1" height="1"/>',
                                    f'<path d="{EMPTY_PATH}"/>'])
def test_invisible_elements_are_dropped_at_any_depth(hidden: str) -> None:
    root = tidied(f'<g><g>{hidden}<circle r="1"/></g></g>{hidden}')
    assert [el.tag for el in root.iter()] == [q("svg"), q("g"), q("g"), q("circle")]


def test_visible_siblings_of_dropped_elements_all_stay() -> None:
    root = tidied('<rect display="none"/><rect display="none"/><rect id="a"/><rect opacity="0"/><rect id="b"/>')
    assert [el.get("id") for el in root] == ["a", "b"]


def test_only_an_empty_path_is_dropped_not_other_shapes_or_drawn_paths() -> None:
    root = tidied(f'<rect d="{EMPTY_PATH}"/><path d="M0,0h5v5h-5Z"/><rect opacity="0.5"/><rect display="inline"/>')
    assert [el.tag for el in root] == [q("rect"), q("path"), q("rect"), q("rect")]


def test_pointer_hints_are_removed_from_every_element() -> None:
    root = tidied('<g pointer-events="none"><path pointer-events="auto" d="M0,0L1,1"/></g>', ' pointer-events="none"')
    assert all("pointer-events" not in el.attrib for el in root.iter())


def test_opacity_one_is_dropped_and_other_opacities_kept() -> None:
    root = tidied('<rect id="a" opacity="1"/><rect id="b" opacity="0.7"/>', ' opacity="1"')
    assert "opacity" not in root.attrib
    assert "opacity" not in root[0].attrib
    assert root[1].get("opacity") == "0.7"


# -- tidy: geometry rounded to 0.01 px ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("before", "after"), [
    ("M1.234567,2.5L3.14159,-2.71828Z", "M1.23,2.5L3.14,-2.72Z"),
    ("M10.000,100.0000L0.5000001,7.00499", "M10,100L0.5,7"),
    ("M-0.0012,-0.004L1.999,0.0049", "M0,0L2,0"),
    ("M1.25,2.5L12.3456", "M1.25,2.5L12.35"),
])
def test_path_numbers_are_rounded_and_trimmed(before: str, after: str) -> None:
    assert tidied(f'<path d="{before}"/>')[0].get("d") == after


def test_numbers_with_two_decimals_or_fewer_are_left_as_written() -> None:
    assert tidied('<path d="M1.25,2.5L-3.10,40"/>')[0].get("d") == "M1.25,2.5L-3.10,40"


@pytest.mark.parametrize("attr", ["transform", "x", "y", "x1", "x2", "y1", "y2", "width", "height", "points"])
def test_every_geometry_attribute_is_rounded(attr: str) -> None:
    root = tidied(f'<line {attr}="3.14159 2.000001"/>')
    assert root[0].get(attr) == "3.14 2"


def test_the_root_size_is_rounded_too() -> None:
    root = ET.fromstring(f'<svg xmlns="{NS}" width="400.123456" height="300.009"/>')
    tidy(root)
    assert (root.get("width"), root.get("height")) == ("400.12", "300.01")


def test_other_attributes_and_text_are_not_rounded() -> None:
    root = tidied('<text stroke-width="1.23456" fill-opacity="0.12345">3.14159</text>')
    assert root[0].get("stroke-width") == "1.23456"
    assert root[0].get("fill-opacity") == "0.12345"
    assert root[0].text == "3.14159"


# -- accessible_svg ----------------------------------------------------------------------------------------------------

def test_the_picture_is_one_image_named_by_its_title_and_description() -> None:
    root = accessible("<rect/>", chart_id="arrivals", title="People arriving", description="Bar chart.", variant="narrow")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-arrivals-narrow-title chart-arrivals-narrow-desc"
    assert root.get("class") == SVG_CLASS == "ex-chart-svg"
    assert root.get("focusable") == "false"
    assert [child.tag for child in root][:3] == [q("title"), q("desc"), q("rect")]
    assert (root[0].get("id"), root[0].text) == ("chart-arrivals-narrow-title", "People arriving")
    assert (root[1].get("id"), root[1].text) == ("chart-arrivals-narrow-desc", "Bar chart.")


def test_the_title_and_description_come_before_every_other_child() -> None:
    root = accessible("<g/><g/><g/>")
    assert [child.tag for child in root] == [q("title"), q("desc"), q("g"), q("g"), q("g")]


def test_mark_labels_become_tooltips_on_the_marks() -> None:
    root = accessible('<path aria-label="Year: 2018; People: 299" d="M0,0L1,1"/><rect aria-label="Bar"/>')
    path, rect = root[2], root[3]
    assert [(el.tag, el.text) for el in path] == [(q("title"), "Year: 2018; People: 299")]
    assert [(el.tag, el.text) for el in rect] == [(q("title"), "Bar")]
    assert "aria-label" not in path.attrib and "aria-label" not in rect.attrib


def test_groups_and_text_lose_their_labels_without_gaining_tooltips() -> None:
    root = accessible('<g aria-label="Group"><text aria-label="Axis">Year</text></g>')
    group = root[2]
    assert list(group) == [group[0]] and group[0].tag == q("text")
    assert list(group[0]) == []
    assert all("aria-label" not in el.attrib for el in root.iter())


def test_an_element_without_a_label_gets_no_tooltip() -> None:
    root = accessible('<rect id="r"/><rect aria-label=""/>')
    assert list(root[2]) == [] and list(root[3]) == []


def test_inner_aria_roles_are_removed_so_the_picture_is_one_image() -> None:
    inner = ('<g role="graphics-object" aria-roledescription="group" aria-hidden="true" aria-labelledby="x" '
             'aria-describedby="y"><path role="graphics-symbol" d="M0,0L1,1"/></g>')
    root = accessible(inner, ' role="graphics-document" aria-roledescription="visualization"')
    for element in list(root.iter())[1:]:
        assert not {"role", "aria-roledescription", "aria-hidden", "aria-labelledby", "aria-describedby"} & set(element.attrib)
    assert "aria-roledescription" not in root.attrib


def test_ids_and_their_references_are_prefixed_by_chart_and_variant() -> None:
    inner = ('<defs><clipPath id="clip1"><rect/></clipPath><linearGradient id="grad"/></defs>'
             '<g clip-path="url(#clip1)"><rect fill="url(#grad)" stroke="url(#grad)"/></g>'
             '<use href="#clip1"/><use xlink:href="#grad"/>')
    root = accessible(inner, chart_id="c9", variant="wide")
    defs, group, use1, use2 = root[2], root[3], root[4], root[5]
    assert [el.get("id") for el in defs] == ["chart-c9-wide-clip1", "chart-c9-wide-grad"]
    assert group.get("clip-path") == "url(#chart-c9-wide-clip1)"
    assert (group[0].get("fill"), group[0].get("stroke")) == ("url(#chart-c9-wide-grad)", "url(#chart-c9-wide-grad)")
    assert use1.get("href") == "#chart-c9-wide-clip1"
    assert use2.get(f"{{{XLINK}}}href") == "#chart-c9-wide-grad"


def test_references_to_ids_that_are_not_in_the_drawing_are_left_alone() -> None:
    inner = '<g id="g1" clip-path="url(#elsewhere)"/><use href="#elsewhere"/><a href="https://example.org/#g1"/>'
    root = accessible(inner)
    assert root[2].get("id") == "chart-c1-wide-g1"
    assert root[2].get("clip-path") == "url(#elsewhere)"
    assert root[3].get("href") == "#elsewhere"
    assert root[4].get("href") == "https://example.org/#g1"


def test_a_reference_among_other_text_keeps_the_text_around_it() -> None:
    root = accessible('<g id="m"/><path marker-end="url(#m) url(#n)" d="M0,0L1,1"/>')
    assert root[3].get("marker-end") == "url(#chart-c1-wide-m) url(#n)"


def test_two_variants_of_one_chart_share_no_id() -> None:
    inner = '<clipPath id="clip1"/><g id="g"/>'
    ids = [{el.get("id") for el in accessible(inner, variant=v).iter() if el.get("id")} for v in ("wide", "narrow")]
    assert ids[0] & ids[1] == set()
    assert len(ids[0]) == len(ids[1]) == 4


def test_title_and_description_text_is_escaped_in_the_markup() -> None:
    text = accessible_svg(svg(""), "c", 'A <b>&"', "<script>x()</script>", "wide")
    assert "<script>" not in text and "<b>" not in text
    root = ET.fromstring(text)
    assert (root[0].text, root[1].text) == ('A <b>&"', "<script>x()</script>")


def test_inline_svg_has_no_xml_declaration_and_a_standalone_file_has_one() -> None:
    inline = accessible_svg(svg("<rect/>"), "c", "T", "D", "wide")
    standalone = accessible_svg(svg("<rect/>"), "c", "T", "D", "wide", standalone=True)
    assert inline.startswith(f'<svg xmlns="{NS}"')
    assert standalone == '<?xml version="1.0" encoding="UTF-8"?>\n' + inline + "\n"


def test_the_output_uses_the_svg_namespace_as_default_without_prefixes() -> None:
    text = accessible_svg(svg('<use xlink:href="#a"/><g id="a"/>'), "c", "T", "D", "wide")
    assert "ns0:" not in text and "<svg:" not in text
    assert 'xlink:href="#chart-c-wide-a"' in text


def test_accessible_svg_tidies_the_drawing() -> None:
    root = accessible(f'<path d="{EMPTY_PATH}"/><path d="M1.23456,0" opacity="1" pointer-events="none"/>')
    assert [el.tag for el in root] == [q("title"), q("desc"), q("path")]
    assert root[2].attrib == {"d": "M1.23,0"}
