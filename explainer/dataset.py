"""Load datasets: parse strictly, check against the schema, then against the rules a schema cannot express.

Each rule is a small function `(doc, context) -> problems`; RULES lists them in the order they report.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from explainer import jsonfile, schemas
from explainer.model import NUMERIC_TYPES, Dataset, DatasetDoc, FieldSpec
from explainer.problems import Problem
from explainer.schemas import describe, json_path, quoted

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
YEAR_RANGE = (1900, 2100)
FORMAT = re.compile(r"^(,|,?\.\d~?f)$")  # the d3-format specs the formatter honours: , ,.1f ,.0f .2f ,.3~f
VALUE_TYPES = NUMERIC_TYPES - {"year"}

# Which encodings each chart kind needs, and what type each must be (None: any type).
KIND_RULES: dict[str, dict[str, set[str] | None]] = {
    "bar": {"x": None, "y": set(VALUE_TYPES)},
    "ranked-bar": {"x": set(VALUE_TYPES), "y": {"string"}},
    "grouped-bar": {"x": None, "y": set(VALUE_TYPES), "series": {"string"}},
    "stacked-bar": {"x": None, "y": set(VALUE_TYPES), "series": {"string"}},
    "line": {"x": {"year", "date", "string"}, "y": set(VALUE_TYPES)},
    "comparison": {"x": set(VALUE_TYPES), "y": {"string"}},
    "timeline": {"x": {"year", "date"}, "y": {"string"}},
    "table": {},
}
OPTIONAL_SERIES = {"line", "timeline"}


@dataclass(frozen=True)
class RuleContext:
    """What the dataset rules need besides the document."""

    stem: str  # the file name without .json
    today: dt.date
    licences: frozenset[str]
    max_series: int


Finding = tuple[tuple[str | int, ...], str]
Rule = Callable[[DatasetDoc, RuleContext], Iterator[Finding]]


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def real_date(text: str) -> dt.date | None:
    """A YYYY-MM-DD date, or None if there is no such day."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def partial_date(text: str) -> dt.date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first day it can mean."""
    parts = text.split("-")
    try:
        return dt.date(
            int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
        )
    except (ValueError, IndexError):
        return None


def in_year_range(year: int) -> bool:
    return YEAR_RANGE[0] <= year <= YEAR_RANGE[1]


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------


def id_matches_file(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    if doc["id"] != ctx.stem:
        yield (
            ("id",),
            f"id {describe(doc['id'])} must equal the file name '{ctx.stem}'; "
            "rename the file or change the id",
        )


def field_names(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, spec in enumerate(doc["fields"]):
        if spec["name"] in seen:
            yield ("fields", i, "name"), f"field name '{spec['name']}' is declared twice"
        if spec["name"] == "source":
            yield (
                ("fields", i, "name"),
                "'source' is reserved for the record's source id; choose another name",
            )
        seen.add(spec["name"])


def number_formats(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    for i, spec in enumerate(doc["fields"]):
        if "format" in spec and not FORMAT.match(spec["format"]):
            yield (
                ("fields", i, "format"),
                (
                    f"{describe(spec['format'])} is not a format the site can show; use ',' "
                    "(thousands), ',.1f' (one decimal place) or ',.0f' (none)"
                ),
            )
        if "format" in spec and spec["type"] not in NUMERIC_TYPES:
            yield (
                ("fields", i, "format"),
                f"only number fields have a format; field '{spec['name']}' is {spec['type']}",
            )


def source_ids(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    ids = [s["id"] for s in doc["sources"]]
    for i, sid in enumerate(ids):
        if ids.index(sid) != i:
            yield ("sources", i, "id"), f"source id '{sid}' is used twice"


def source_dates(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    for i, source in enumerate(doc["sources"]):
        published, accessed = partial_date(source["published"]), real_date(source["accessed"])
        if published is None:
            yield ("sources", i, "published"), f"{describe(source['published'])} is not a real date"
        elif not YEAR_RANGE[0] <= published.year <= ctx.today.year:
            yield (
                ("sources", i, "published"),
                f"year {published.year} is not plausible; check the publication date",
            )
        if accessed is None:
            yield ("sources", i, "accessed"), f"{describe(source['accessed'])} is not a real date"
        elif accessed > ctx.today:
            yield ("sources", i, "accessed"), f"{source['accessed']} is in the future"
        elif published and published > accessed:
            yield (
                ("sources", i, "accessed"),
                (f"accessed {source['accessed']} is before the publication date {source['published']}"),
            )


def review_dates(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    reviewed, next_review = real_date(doc["reviewed"]), real_date(doc["next_review"])
    if reviewed is None:
        yield ("reviewed",), f"{describe(doc['reviewed'])} is not a real date"
    elif reviewed > ctx.today:
        yield ("reviewed",), f"{doc['reviewed']} is in the future"
    if next_review is None:
        yield ("next_review",), f"{describe(doc['next_review'])} is not a real date"
    elif reviewed and next_review <= reviewed:
        yield ("next_review",), f"{doc['next_review']} must be after the reviewed date {doc['reviewed']}"


def change_dates(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    for i, change in enumerate(doc.get("changes", [])):
        date = real_date(change["date"])
        if date is None:
            yield ("changes", i, "date"), f"{describe(change['date'])} is not a real date"
        elif date > ctx.today:
            yield ("changes", i, "date"), f"{change['date']} is in the future"


def currency(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    block = doc["currency"]
    ids = [s["id"] for s in doc["sources"]]
    if block["release"] not in ids:
        yield (
            ("currency", "release"),
            f"{describe(block['release'])} is not a source id; expected one of: {', '.join(ids)}",
        )
    checked = real_date(block["checked"])
    if checked is None:
        yield ("currency", "checked"), f"{describe(block['checked'])} is not a real date"
    elif checked > ctx.today:
        yield ("currency", "checked"), f"{block['checked']} is in the future"
    if "next_release" in block and real_date(block["next_release"]) is None:
        yield ("currency", "next_release"), f"{describe(block['next_release'])} is not a real date"


def licence(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    if doc["licence"] not in ctx.licences:
        yield (
            ("licence",),
            (
                f"{describe(doc['licence'])} is not one of the site's licences: "
                f"{', '.join(sorted(ctx.licences))}"
            ),
        )


def cell_problem(value: Any, spec: FieldSpec) -> str | None:
    """What is wrong with one cell, or None."""
    ftype = spec["type"]
    if value is None:
        return (
            None
            if spec.get("nullable")
            else (
                f"is null but field '{spec['name']}' is not nullable; give a value or set \"nullable\": true"
            )
        )
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ftype == "string":
        return None if isinstance(value, str) and value.strip() else f"expected text, got {describe(value)}"
    if ftype == "date":
        if (
            not isinstance(value, str)
            or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            or real_date(value) is None
        ):
            return f"expected a date as YYYY-MM-DD, got {describe(value)}"
        return (
            None
            if in_year_range(int(value[:4]))
            else f"date {value} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}"
        )
    if not is_number:
        wanted = {
            "year": "a year (whole number)",
            "integer": "a whole number",
            "number": "a number",
            "percent": "a percentage (number 0-100)",
        }[ftype]
        return f"expected {wanted}, got {describe(value)}"
    if ftype in ("year", "integer") and not float(value).is_integer():
        return f"expected a whole number, got {describe(value)}"
    if ftype == "year" and not in_year_range(int(value)):
        return f"year {value} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}"
    if ftype == "percent" and not 0 <= value <= 100:
        return f"percentage {value} is outside 0-100"
    return None


def renamed_fields(doc: DatasetDoc) -> dict[str, str]:
    """Declared fields that no record uses, each with the one undeclared key every record uses instead and
    that looks like a misspelling of it: {declared name: the records' key}."""
    declared = [f["name"] for f in doc["fields"]]
    records = doc["records"]
    unused = [n for n in declared if records and all(n not in r for r in records)]
    common = [
        k
        for k in (set.intersection(*(set(r) for r in records)) if records else set())
        if k not in declared and k != "source"
    ]
    found = {}
    for name in unused:
        close = difflib.get_close_matches(name, common, n=1, cutoff=0.6)
        if close:
            found[name] = close[0]
    return found


def record_cells(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    specs = {f["name"]: f for f in doc["fields"]}
    ids = [s["id"] for s in doc["sources"]]
    renamed = renamed_fields(doc)
    for i, spec in enumerate(doc["fields"]):
        if spec["name"] in renamed:
            used = renamed[spec["name"]]
            yield (
                ("fields", i, "name"),
                (
                    f"'{spec['name']}' is used by no record, and every record has "
                    f"'{used}' instead; did you mean '{used}'?"
                ),
            )
    for r, record in enumerate(doc["records"]):
        undeclared = [k for k in record if k != "source" and k not in specs and k not in renamed.values()]
        missing = [n for n in specs if n not in record and n not in renamed]
        for key, value in record.items():
            if key == "source":
                if not isinstance(value, str) or value not in ids:
                    yield (
                        ("records", r, "source"),
                        f"{describe(value)} is not a source id; expected one of: {', '.join(ids)}",
                    )
            elif key in renamed.values():
                continue  # reported once, on the field's name
            elif key not in specs:
                close = difflib.get_close_matches(key, missing, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"declared: {', '.join(specs)}"
                yield ("records", r, key), f"{quoted(key)} is not a declared field; {hint}"
            else:
                problem = cell_problem(value, specs[key])
                if problem:
                    yield ("records", r, key), problem
        for name in missing:
            if difflib.get_close_matches(name, undeclared, n=1, cutoff=0.6):
                continue  # reported with the misspelt key, above
            yield (
                ("records", r),
                f"missing field '{name}'"
                + (" (use null for no value)" if specs[name].get("nullable") else ""),
            )
        if len(ids) > 1 and "source" not in record:
            yield (
                ("records", r),
                (
                    f"missing 'source': with more than one source, each record names the one that "
                    f"covers it ({', '.join(ids)})"
                ),
            )


def encodings(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    chart, kind = doc["chart"], doc["chart"]["kind"]
    specs = {f["name"]: f for f in doc["fields"]}
    specs.update({used: specs[name] for name, used in renamed_fields(doc).items()})  # reported on the field
    rules = KIND_RULES[kind]
    for channel in ("x", "y", "series"):
        name = cast(Mapping[str, Any], chart).get(channel)
        if name is None:
            if channel in rules and not (channel == "series" and kind in OPTIONAL_SERIES):
                yield ("chart",), f"kind '{kind}' needs '{channel}': the name of a field"
            continue
        if kind == "table":
            yield ("chart", channel), "kind 'table' shows every field; remove this encoding"
            continue
        if name not in specs:
            yield ("chart", channel), f"{quoted(name)} is not a declared field; declared: {', '.join(specs)}"
            continue
        allowed = rules.get(channel) if channel in rules else ({"string"} if channel == "series" else None)
        if channel not in rules and channel != "series":
            yield ("chart", channel), f"kind '{kind}' does not use '{channel}'; remove it"
        elif allowed and specs[name]["type"] not in allowed:
            yield (
                ("chart", channel),
                (
                    f"field '{name}' has type '{specs[name]['type']}', but '{channel}' of a {kind} "
                    f"chart needs one of: {', '.join(sorted(allowed))}"
                ),
            )
    if "y_zero" in chart and kind != "line":
        yield ("chart", "y_zero"), "y_zero applies to line charts only; remove it"


def series_count(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    series = doc["chart"].get("series")
    if series in {f["name"] for f in doc["fields"]}:
        values = list(dict.fromkeys(json.dumps(r.get(series)) for r in doc["records"]))
        if len(values) > ctx.max_series:
            yield (
                ("chart", "series"),
                (
                    f"'{series}' has {len(values)} different values; a chart shows at most "
                    f"{ctx.max_series} colours (use a table or split the chart)"
                ),
            )


def comparison_size(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    if doc["chart"]["kind"] == "comparison" and not 2 <= len(doc["records"]) <= 4:
        yield ("records",), f"a comparison shows 2 to 4 values, got {len(doc['records'])}"


def unique_points(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    chart, kind = doc["chart"], doc["chart"]["kind"]
    names = {f["name"] for f in doc["fields"]}
    value_channel = "x" if kind in ("ranked-bar", "comparison") else "y"
    keys = [
        n
        for c in ("x", "y", "series")
        if c != value_channel and (n := cast(Mapping[str, Any], chart).get(c)) in names
    ]
    if kind == "table" or not keys:
        return
    seen: dict[tuple[str, ...], int] = {}
    for r, record in enumerate(doc["records"]):
        key = tuple(json.dumps(record.get(k)) for k in keys)
        if key in seen:
            shown = ", ".join(f"{k}={describe(record.get(k))}" for k in keys)
            yield ("records", r), f"duplicates records[{seen[key]}] ({shown}); each point must be unique"
        seen.setdefault(key, r)


def highlight(doc: DatasetDoc, ctx: RuleContext) -> Iterator[Finding]:
    chosen = doc["chart"].get("highlight")
    if not chosen:
        return
    ((name, value),) = chosen.items()
    if name not in {f["name"] for f in doc["fields"]}:
        yield ("chart", "highlight", name), f"{quoted(name)} is not a declared field"
    elif not any(r.get(name) == value for r in doc["records"]):
        yield ("chart", "highlight", name), f"no record has {name} = {describe(value)}"


RULES: list[Rule] = [
    id_matches_file,
    field_names,
    number_formats,
    source_ids,
    source_dates,
    review_dates,
    change_dates,
    currency,
    licence,
    record_cells,
    encodings,
    series_count,
    comparison_size,
    unique_points,
    highlight,
]


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def load(path: Path, label: str, today: dt.date, licences: frozenset[str], max_series: int = 4) -> Dataset:
    """Load and fully check one dataset file; problems are collected, not raised."""
    raw = path.read_bytes()
    document, parse_findings = jsonfile.parse(raw)
    problems = [Problem(label, where, message) for where, message in parse_findings]
    if not problems:  # parsed: a file holding only null, a list or a number is reported by the schema
        problems = [
            Problem(label, where, message) for where, message in schemas.problems(schemas.DATASET, document)
        ]
        if not problems:
            ctx = RuleContext(path.stem, today, licences, max_series)
            doc = cast(DatasetDoc, document)
            problems = [
                Problem(label, json_path(list(where)), message)
                for rule in RULES
                for where, message in rule(doc, ctx)
            ]
    if not SLUG.match(path.stem):
        safe = re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", path.stem.lower())).strip("-") or "chart"
        problems.insert(
            0,
            Problem(
                label,
                "(file)",
                f"the file name '{path.name}' is not a safe id (lower-case letters, "
                f"digits, hyphens); rename it, e.g. to '{safe}.json'",
            ),
        )
    return Dataset(path, raw, cast(DatasetDoc, document if isinstance(document, dict) else {}), problems)


def load_all(
    charts_dir: Path, today: dt.date, licences: frozenset[str], max_series: int = 4
) -> tuple[list[Dataset], list[Problem]]:
    """Load every <folder>/*.json; return the datasets and every problem found, duplicate ids included."""
    datasets: list[Dataset] = []
    problems: list[Problem] = []
    label_of = {p: f"{charts_dir.name}/{p.name}" for p in sorted(charts_dir.glob("*.json"))}
    for path, label in label_of.items():
        ds = load(path, label, today, licences, max_series)
        problems.extend(ds.problems)
        datasets.append(ds)
    owners: dict[str, list[Dataset]] = {}
    for ds in datasets:
        ds_id = ds.doc.get("id")
        if isinstance(ds_id, str):
            owners.setdefault(ds_id, []).append(ds)
    for ds_id, sharing in owners.items():
        if len(sharing) < 2:
            continue
        original = next((d for d in sharing if d.path.stem == ds_id), sharing[0])
        for copy in sharing:
            if copy is not original:
                # One line about the copy, naming the original (it replaces the copy's "id must equal the file
                # name").
                label = label_of[copy.path]
                stale = [p for p in copy.problems if p.where == "id"]
                problem = Problem(
                    label,
                    "id",
                    f"'{ds_id}' is already the id of {label_of[original.path]}; change it "
                    f"to '{copy.path.stem}', this file's name",
                )
                copy.problems[:] = [p for p in copy.problems if p not in stale] + [problem]
                problems[:] = [p for p in problems if p not in stale] + [problem]
    return datasets, problems
