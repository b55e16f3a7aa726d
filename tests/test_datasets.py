"""Every real dataset validates and renders; every chart kind is one function and one schema value."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT
from explainer import dataset, kinds, render

CHARTS = sorted(p for p in (ROOT / "charts").glob("*.json") if p.name != "schema.json")
SCHEMA = json.loads((ROOT / "charts" / "schema.json").read_text(encoding="utf-8"))


def test_there_are_real_datasets():
    assert len(CHARTS) >= 5


@pytest.mark.parametrize("path", CHARTS, ids=lambda p: p.stem)
def test_dataset_validates(path):
    ds = dataset.load(path)
    assert ds.problems == []


def test_ids_are_unique_and_match_file_names():
    datasets, problems = dataset.load_all(ROOT / "charts")
    assert problems == []
    ids = [d.id for d in datasets]
    assert len(ids) == len(set(ids))
    assert all(d.id == d.path.stem for d in datasets)


@pytest.mark.parametrize("path", CHARTS, ids=lambda p: p.stem)
def test_dataset_renders_accessible_svg_and_png(path):
    ds = dataset.load(path)
    files = render.render(ds)
    if ds.doc["chart"]["kind"] == "table":
        assert set(files) == {"card.png"}
        return
    svg = files["inline.svg"].decode()
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert f'<title id="chart-{ds.id}-i-title">' in svg and f'<desc id="chart-{ds.id}-i-desc">' in svg
    mark_titles = re.findall(r"<(?:path|circle|rect|line|symbol)[^>]*>\s*<title>", svg)
    assert len(mark_titles) >= len(ds.doc["records"]) - sum(1 for r in ds.doc["records"] if None in r.values())
    assert "aria-roledescription" not in svg
    assert 'display="none"' not in svg and "pointer-events" not in svg, "hidden shapes and pointer hints are tidied away"
    assert not re.search(r'(?:d|transform)="[^"]*\d\.\d{3}', svg), "coordinates are rounded to 0.01 px"
    narrow = files["inline-narrow.svg"].decode()
    assert f'<title id="chart-{ds.id}-n-title">' in narrow and 'role="img"' in narrow
    png = Image.open(io.BytesIO(files["chart.png"]))
    spec_width = Image.open(io.BytesIO(files["chart.png"])).width
    assert png.format == "PNG" and spec_width >= 2 * 300
    card = Image.open(io.BytesIO(files["card.png"]))
    assert card.size == (1200, 630)


@pytest.mark.parametrize("path", CHARTS, ids=lambda p: p.stem)
def test_chart_specs_are_valid_vega_lite(path):
    """The build skips Altair's schema check for speed, so every spec it draws is checked here instead."""
    ds = dataset.load(path)
    if ds.doc["chart"]["kind"] == "table":
        return
    checked = render.specs(ds, validate=True)  # raises altair's SchemaValidationError on an invalid spec
    assert checked == render.specs(ds, validate=False)
    assert set(checked) == {"inline", "narrow", "download"}


def test_every_schema_kind_has_exactly_one_function():
    schema_kinds = SCHEMA["properties"]["chart"]["properties"]["kind"]["enum"]
    assert sorted(schema_kinds) == sorted(kinds.KINDS)
    assert sorted(schema_kinds) == sorted(dataset.KIND_RULES)


SAMPLE = {
    "bar": ({"kind": "bar", "x": "year", "y": "value"}, None),
    "ranked-bar": ({"kind": "ranked-bar", "x": "value", "y": "label"}, None),
    "grouped-bar": ({"kind": "grouped-bar", "x": "year", "y": "value", "series": "group"}, "group"),
    "stacked-bar": ({"kind": "stacked-bar", "x": "year", "y": "value", "series": "group"}, "group"),
    "line": ({"kind": "line", "x": "year", "y": "value", "series": "group"}, "group"),
    "comparison": ({"kind": "comparison", "x": "value", "y": "label"}, None),
    "timeline": ({"kind": "timeline", "x": "year", "y": "label", "series": "group"}, "group"),
}


@pytest.mark.parametrize("kind", sorted(SAMPLE))
def test_each_chart_kind_draws_one_mark_per_record(kind, tmp_path):
    chart, series = SAMPLE[kind]
    records = [{"year": 2020 + i % 2, "value": 10 * (i + 1), "label": f"Item {i}", "group": "A" if i < 2 else "B"}
               for i in range(4 if kind != "comparison" else 2)]
    doc = json.loads((ROOT / "tests" / "fixtures" / "good" / "good-chart.json").read_text())
    doc.update(id="sample", chart=chart, records=records, fields=[
        {"name": "year", "type": "year", "title": "Year"}, {"name": "value", "type": "number", "title": "Value"},
        {"name": "label", "type": "string", "title": "Label"}, {"name": "group", "type": "string", "title": "Group"}])
    if kind in ("bar", "ranked-bar", "comparison", "timeline"):
        for i, r in enumerate(records):
            r["year"] = 2015 + i
    path = tmp_path / "sample.json"
    path.write_text(json.dumps(doc))
    ds = dataset.load(path, today=__import__("datetime").date(2026, 11, 22))
    assert ds.problems == []
    svg = render.render(ds)["inline.svg"].decode()
    titles = re.findall(r"<title>([^<]*)</title>", svg)
    for r in records:
        assert any(f"Value: {r['value']}" in t for t in titles), (kind, r)
