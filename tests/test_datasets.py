"""Every real dataset draws an accessible chart with valid Vega-Lite; every chart kind is one function and one schema
value, and draws one mark per record."""

from __future__ import annotations

import copy
import io
import json
import re
from collections import Counter
from pathlib import Path

import altair as alt
import pytest
from explainer import config, dataset, kinds, render, schemas
from explainer.model import Dataset
from PIL import Image

from conftest import MINI, ROOT, TODAY

CONFIG = config.load(ROOT)
SETTINGS = render.Settings(CONFIG.name, CONFIG.palette, CONFIG.strings["chart_data_card"])
DATASETS, _ = dataset.load_all(CONFIG.charts_dir, TODAY, frozenset(CONFIG.licences))
DRAWN = [d for d in DATASETS if d.kind != "table"]
SCHEMA = json.loads(schemas.DATASET.read_text(encoding="utf-8"))
BASE_DOC = json.loads((MINI / "charts" / "good-chart.json").read_text(encoding="utf-8"))


def test_there_are_real_datasets_and_all_are_valid() -> None:
    assert len(DATASETS) >= 35
    assert [p for d in DATASETS for p in d.problems] == []


@pytest.mark.slow
@pytest.mark.parametrize("ds", DRAWN, ids=lambda d: d.id)
def test_dataset_draws_accessible_svgs_png_and_card(ds: Dataset) -> None:
    files = render.render(ds, SETTINGS)
    svg = files["inline.svg"].decode()
    assert svg.startswith("<svg") and 'role="img"' in svg and 'class="ex-chart-svg"' in svg
    assert f'<title id="chart-{ds.id}-i-title">' in svg and f'<desc id="chart-{ds.id}-i-desc">' in svg
    marks = re.findall(r"<(?:path|circle|rect|line|symbol)[^>]*>\s*<title>", svg)
    assert len(marks) >= len(ds.doc["records"]) - sum(1 for r in ds.doc["records"] if None in r.values())
    assert "aria-roledescription" not in svg and 'display="none"' not in svg and "pointer-events" not in svg
    assert not re.search(r'(?:d|transform)="[^"]*\d\.\d{3}', svg), "coordinates are rounded to 0.01 px"
    narrow = files["inline-narrow.svg"].decode()
    assert f'<title id="chart-{ds.id}-n-title">' in narrow and 'role="img"' in narrow
    png = Image.open(io.BytesIO(files["chart.png"]))
    assert png.format == "PNG" and png.width >= 2 * 600
    assert Image.open(io.BytesIO(files["card.png"])).size == (1200, 630)


def test_a_table_dataset_has_only_a_social_card() -> None:
    table = next(d for d in DATASETS if d.kind == "table")
    files = render.render(table, SETTINGS)
    assert set(files) == {"card.png"}
    assert Image.open(io.BytesIO(files["card.png"])).size == (1200, 630)


@pytest.mark.slow
@pytest.mark.parametrize("ds", DRAWN, ids=lambda d: d.id)
def test_chart_specs_are_valid_vega_lite(ds: Dataset) -> None:
    """The build skips Altair's schema check for speed, so every spec it draws is checked here instead."""
    made = render.specs(ds, SETTINGS)
    assert set(made) == {"inline", "narrow"}
    for spec in made.values():
        alt.Chart.from_dict(spec, validate=True) if "mark" in spec else alt.LayerChart.from_dict(spec, validate=True)


def test_every_schema_kind_has_exactly_one_function() -> None:
    schema_kinds = SCHEMA["properties"]["chart"]["properties"]["kind"]["enum"]
    assert sorted(schema_kinds) == sorted(kinds.KINDS) == sorted(dataset.KIND_RULES)


SAMPLE = {
    "bar": ({"kind": "bar", "x": "year", "y": "value"}, 4),
    "ranked-bar": ({"kind": "ranked-bar", "x": "value", "y": "label"}, 4),
    "grouped-bar": ({"kind": "grouped-bar", "x": "year", "y": "value", "series": "group"}, 4),
    "stacked-bar": ({"kind": "stacked-bar", "x": "year", "y": "value", "series": "group"}, 4),
    "line": ({"kind": "line", "x": "year", "y": "value", "series": "group"}, 4),
    "comparison": ({"kind": "comparison", "x": "value", "y": "label"}, 2),
    "timeline": ({"kind": "timeline", "x": "year", "y": "label", "series": "group"}, 4),
}


def sample(kind: str, tmp_path: Path, value: int = 10) -> Dataset:
    """A valid dataset of a given kind, with distinct values."""
    chart, count = SAMPLE[kind]
    records = [{"year": (2020 + i // 2) if kind in ("grouped-bar", "stacked-bar", "line") else 2015 + i,
                "value": value * (i + 1), "label": f"Item {i}", "group": "A" if i % 2 == 0 else "B"}
               for i in range(count)]
    doc = copy.deepcopy(BASE_DOC)
    doc.update(id="sample", chart=chart, records=records, title="A sample chart for the tests", subtitle="A sample",
               description="A sample chart for the tests.", fields=[
                   {"name": "year", "type": "year", "title": "Year"},
                   {"name": "value", "type": "number", "title": "Value", "unit": "things"},
                   {"name": "label", "type": "string", "title": "Label"},
                   {"name": "group", "type": "string", "title": "Group"}])
    path = tmp_path / "sample.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    ds = dataset.load(path, "charts/sample.json", TODAY, frozenset(CONFIG.licences))
    assert ds.problems == []
    return ds


@pytest.mark.parametrize("kind", sorted(SAMPLE))
def test_each_chart_kind_draws_one_mark_per_record(kind: str, tmp_path: Path) -> None:
    ds = sample(kind, tmp_path)
    svg = render.drawings(ds, SETTINGS)["inline"]
    titles = re.findall(r'aria-label="([^"]*)"', svg)
    for record in ds.doc["records"]:
        assert sum(f"Value: {record['value']}" in t for t in titles) == 1, (kind, record)


@pytest.mark.parametrize("kind", sorted(SAMPLE))
def test_each_chart_kind_draws_at_most_one_axis_each_way(kind: str, tmp_path: Path) -> None:
    """No second value axis (a layer's own scale drawn on the right, over the end labels of a line chart)."""
    svg = render.drawings(sample(kind, tmp_path), SETTINGS)["inline"]
    axes = re.findall(r'aria-roledescription="axis"[^>]*aria-label="([XY])-axis', svg)
    assert axes and max(Counter(axes).values()) == 1, (kind, axes)


def test_a_line_over_many_years_passes_the_drawing_rules_at_every_width(tmp_path: Path) -> None:
    """21 years on a phone: the year labels are thinned and centred, so the first and last never meet the next one."""
    from explainer import chart_rules

    ds = sample("line", tmp_path)
    ds.doc["chart"] = {"kind": "line", "x": "year", "y": "value"}
    ds.doc["records"] = [{"year": 1910 + i, "value": 10 + (i * 7) % 13, "label": "x", "group": "A"} for i in range(21)]
    drawn = render.drawings(ds, SETTINGS)
    assert [str(p) for p in chart_rules.drawing_problems(ds, "charts/sample.json", drawn)] == []


@pytest.mark.parametrize("kind", ["bar", "grouped-bar", "stacked-bar", "ranked-bar", "comparison"])
def test_bars_start_at_zero(kind: str, tmp_path: Path) -> None:
    """The value scale of every bar kind includes zero, however large the values."""
    spec = render.specs(sample(kind, tmp_path, value=1000), SETTINGS)["inline"]
    domains = [layer["encoding"][c]["scale"]["domain"] for layer in spec.get("layer", [spec])
               for c in ("x", "y") if c in layer.get("encoding", {}) and "scale" in layer["encoding"][c]
               and layer["encoding"][c].get("field") == "value"]
    assert domains and all(d[0] <= 0 <= d[1] for d in domains)


def test_bars_over_years_with_gaps_are_placed_by_time(tmp_path: Path) -> None:
    """2012, 2014, 2021, 2022: the x scale is a continuous year scale, so the seven-year gap shows."""
    ds = sample("bar", tmp_path)
    for record, year in zip(ds.doc["records"], (2012, 2014, 2021, 2022), strict=True):
        record["year"] = year
    spec = render.specs(ds, SETTINGS)["inline"]
    x = spec["layer"][0]["encoding"]["x"]
    assert x["type"] == "quantitative" and x["scale"]["domain"] == [2011.5, 2022.5]
    positions = sorted(r["__x"] for r in spec["datasets"]["rows"])
    assert positions == [2012, 2014, 2021, 2022]


def test_long_category_labels_are_wrapped_never_cut(tmp_path: Path) -> None:
    ds = sample("ranked-bar", tmp_path)
    ds.doc["records"][0]["label"] = "A very long category label that could never fit beside its bar on a phone screen"
    for drawn in render.drawings(ds, SETTINGS).values():
        assert "…" not in drawn
        assert "A very long category" in drawn and "phone screen" in drawn


def test_negative_values_carry_a_true_minus_sign(tmp_path: Path) -> None:
    ds = sample("ranked-bar", tmp_path)
    ds.doc["records"][1]["value"] = -13
    drawn = render.drawings(ds, SETTINGS)["inline"]
    assert "−13" in drawn and not re.search(r">-\d", drawn)


@pytest.mark.parametrize("rule", ["unit-shown", "highlight-explained"])
def test_a_dataset_rule_is_excepted_by_the_name_it_prints(rule: str, tmp_path: Path) -> None:
    """Breaking a rule is reported with its name; the same name under chart.exceptions (with a reason) silences it."""
    from explainer import chart_rules
    ds = sample("bar", tmp_path)
    if rule == "unit-shown":
        del ds.doc["fields"][1]["unit"]
    else:
        ds.doc["chart"]["highlight"] = {"year": 2015}
    broken = chart_rules.spec_problems(ds, "charts/sample.json", CONFIG)
    assert [p.message.rsplit("'", 2)[1] for p in broken] == [rule]
    ds.doc["chart"]["exceptions"] = {rule: "Shown this way on purpose, for the test."}
    assert chart_rules.spec_problems(ds, "charts/sample.json", CONFIG) == []
