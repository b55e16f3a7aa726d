"""The dataset format: load charts/<id>.json, check it against the schema and the rules a schema can't express."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "charts" / "schema.json"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NUMERIC_TYPES = {"integer", "number", "percent", "year"}
MAX_SERIES = 4
YEAR_RANGE = (1900, 2100)
PATTERN_HINTS = {
    "id": "lower-case letters, digits and single hyphens, e.g. small-boat-arrivals",
    "url": "a web address starting with https://",
    "published": "a date as YYYY-MM-DD (or YYYY-MM, or YYYY)",
    "accessed": "a date as YYYY-MM-DD", "reviewed": "a date as YYYY-MM-DD",
    "next_review": "a date as YYYY-MM-DD", "date": "a date as YYYY-MM-DD",
    "topic": "a page path under docs/ without .md, e.g. threats/fraud",
    "name": "lower-case snake_case, e.g. people_arriving",
}

# Which encodings each chart kind needs, and what type each must be.
KIND_RULES: dict[str, dict[str, set[str] | None]] = {
    "bar": {"x": None, "y": NUMERIC_TYPES - {"year"}},
    "ranked-bar": {"x": NUMERIC_TYPES - {"year"}, "y": {"string"}},
    "grouped-bar": {"x": None, "y": NUMERIC_TYPES - {"year"}, "series": {"string"}},
    "stacked-bar": {"x": None, "y": NUMERIC_TYPES - {"year"}, "series": {"string"}},
    "line": {"x": {"year", "date", "string"}, "y": NUMERIC_TYPES - {"year"}},
    "comparison": {"x": NUMERIC_TYPES - {"year"}, "y": {"string"}},
    "timeline": {"x": {"year", "date"}, "y": {"string"}},
    "table": {},
}
OPTIONAL_SERIES = {"line", "timeline"}


class DatasetError(Exception):
    """A problem in one dataset file, already formatted as 'file: path: message'."""


@dataclass
class Dataset:
    """A validated dataset: its file, raw content and the parsed document."""

    path: Path
    raw: bytes
    doc: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.doc["id"]

    def field(self, name: str) -> dict[str, Any]:
        return next(f for f in self.doc["fields"] if f["name"] == name)


# ---------------------------------------------------------------------------
# Paths and messages
# ---------------------------------------------------------------------------

def json_path(parts) -> str:
    """Render a path like ('records', 3, 'people') as records[3].people."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def describe(value: Any) -> str:
    """Show a JSON value the way a maintainer typed it."""
    if isinstance(value, _Constant):
        return value.text
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


# ---------------------------------------------------------------------------
# Parsing: UTF-8, JSON syntax, NaN/Infinity, duplicate keys
# ---------------------------------------------------------------------------

class _Constant:
    """Stands in for NaN, Infinity or -Infinity so the checker can say where it was."""

    def __init__(self, text: str):
        self.text = text


class _DuplicateKeys(dict):
    """A JSON object that had a key more than once."""

    duplicates: list[str]


def _object_hook(pairs):
    obj = {}
    dups = []
    for key, value in pairs:
        if key in obj:
            dups.append(key)
        obj[key] = value
    if dups:
        marked = _DuplicateKeys(obj)
        marked.duplicates = dups
        return marked
    return obj


def parse(path: Path, raw: bytes, label: str) -> tuple[Any, list[str]]:
    """Decode and parse one file; return (document or None, problems)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [f"{label}: (file): not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"]
    if text.startswith("\ufeff"):
        return None, [f"{label}: (file): starts with a byte-order mark; save as UTF-8 without BOM"]
    try:
        doc = json.loads(text, parse_constant=_Constant, object_pairs_hook=_object_hook)
    except json.JSONDecodeError as exc:
        return None, [f"{label}: line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}"]
    problems = [f"{label}: {json_path(p)}: {msg}" for p, msg in _walk_for_bad_values(doc, ())]
    return doc, problems


def _walk_for_bad_values(value, path):
    if isinstance(value, _Constant):
        yield path, f"{value.text} is not allowed in JSON data; use a number or null"
    elif isinstance(value, float) and not math.isfinite(value):
        yield path, "number out of range; use a finite number"
    elif isinstance(value, dict):
        for key in getattr(value, "duplicates", []):
            yield path + (key,), f"key '{key}' appears more than once in the same object; keep one"
        for key, item in value.items():
            yield from _walk_for_bad_values(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_for_bad_values(item, path + (i,))


# ---------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------

_validator: Draft202012Validator | None = None


def schema_validator() -> Draft202012Validator:
    global _validator
    if _validator is None:
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        _validator = Draft202012Validator(schema)
    return _validator


def _schema_message(error) -> str:
    """Turn a jsonschema error into a sentence a maintainer can act on."""
    v, inst = error.validator, error.instance
    if v == "required":
        missing = [k for k in error.validator_value if isinstance(inst, dict) and k not in inst]
        return f"missing required field '{missing[0]}'" if missing else error.message
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(k for k in inst if k not in allowed)
        return f"unknown field '{extra[0]}'; allowed fields are: {', '.join(allowed)}"
    if v == "type":
        want = {"string": "text", "number": "a number", "integer": "a whole number", "array": "a list",
                "object": "an object", "boolean": "true or false"}.get(error.validator_value, error.validator_value)
        return f"expected {want}, got {describe(inst)}"
    if v == "enum":
        return f"{describe(inst)} is not allowed; expected one of: {', '.join(map(str, error.validator_value))}"
    if v == "pattern":
        key = next((p for p in reversed(error.absolute_path) if isinstance(p, str)), "")
        hint = PATTERN_HINTS.get(key, f"the pattern {error.validator_value}")
        return f"{describe(inst)} is not valid here: expected {hint}"
    if v == "minItems":
        return f"needs at least {error.validator_value} item(s), got {len(inst)}"
    if v == "maxItems":
        return f"allows at most {error.validator_value} item(s), got {len(inst)}"
    if v == "minLength":
        return f"too short: needs at least {error.validator_value} characters, got {len(inst)}"
    if v == "maxLength":
        return f"too long: at most {error.validator_value} characters, got {len(inst)}"
    return error.message


def schema_problems(doc: Any, label: str) -> list[str]:
    errors = sorted(schema_validator().iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    return [f"{label}: {json_path(e.absolute_path)}: {_schema_message(e)}" for e in errors]


# ---------------------------------------------------------------------------
# Semantic checks
# ---------------------------------------------------------------------------

def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _partial_date(text: str) -> dt.date | None:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD as the first day it can mean."""
    parts = text.split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _value_problem(value: Any, spec: dict[str, Any]) -> str | None:
    """Say what is wrong with one cell, or None."""
    ftype = spec["type"]
    if value is None:
        return None if spec.get("nullable") else f"is null but field '{spec['name']}' is not nullable; give a value or set \"nullable\": true"
    is_num = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ftype == "string":
        if not isinstance(value, str) or not value.strip():
            return f"expected text, got {describe(value)}"
    elif ftype == "date":
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or _parse_date(value) is None:
            return f"expected a date as YYYY-MM-DD, got {describe(value)}"
        if not YEAR_RANGE[0] <= int(value[:4]) <= YEAR_RANGE[1]:
            return f"date {value} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}"
    elif not is_num:
        want = {"year": "a year (whole number)", "integer": "a whole number", "number": "a number", "percent": "a percentage (number 0-100)"}[ftype]
        return f"expected {want}, got {describe(value)}"
    elif ftype in ("year", "integer") and not float(value).is_integer():
        return f"expected a whole number, got {describe(value)}"
    elif ftype == "year" and not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        return f"year {value} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}"
    elif ftype == "percent" and not 0 <= value <= 100:
        return f"percentage {value} is outside 0-100"
    return None


def semantic_problems(doc: dict[str, Any], stem: str, label: str, today: dt.date) -> list[str]:
    """Checks the schema can't express. Assumes the document passed the schema."""
    out: list[str] = []

    def add(path, msg):
        out.append(f"{label}: {json_path(path)}: {msg}")

    if doc["id"] != stem:
        add(("id",), f"id {describe(doc['id'])} must equal the file name '{stem}'; rename the file or change the id")

    fields = {f["name"]: f for f in doc["fields"]}
    seen = set()
    for i, f in enumerate(doc["fields"]):
        if f["name"] in seen:
            add(("fields", i, "name"), f"field name '{f['name']}' is declared twice")
        if f["name"] == "source":
            add(("fields", i, "name"), "'source' is reserved for the record's source id; choose another name")
        seen.add(f["name"])

    source_ids = [s["id"] for s in doc["sources"]]
    for i, sid in enumerate(source_ids):
        if source_ids.index(sid) != i:
            add(("sources", i, "id"), f"source id '{sid}' is used twice")
    for i, s in enumerate(doc["sources"]):
        published, accessed = _partial_date(s["published"]), _parse_date(s["accessed"])
        if published is None:
            add(("sources", i, "published"), f"{describe(s['published'])} is not a real date")
        elif not 1900 <= published.year <= today.year:
            add(("sources", i, "published"), f"year {published.year} is not plausible")
        if accessed is None:
            add(("sources", i, "accessed"), f"{describe(s['accessed'])} is not a real date")
        elif accessed > today:
            add(("sources", i, "accessed"), f"{s['accessed']} is in the future")
        elif published and published > accessed:
            add(("sources", i, "accessed"), f"accessed {s['accessed']} is before the publication date {s['published']}")

    reviewed, next_review = _parse_date(doc["reviewed"]), _parse_date(doc["next_review"])
    if reviewed is None:
        add(("reviewed",), f"{describe(doc['reviewed'])} is not a real date")
    elif reviewed > today:
        add(("reviewed",), f"{doc['reviewed']} is in the future")
    if next_review is None:
        add(("next_review",), f"{describe(doc['next_review'])} is not a real date")
    elif reviewed and next_review <= reviewed:
        add(("next_review",), f"{doc['next_review']} must be after the reviewed date {doc['reviewed']}")
    currency = doc.get("currency")
    if currency:
        if currency["release"] not in source_ids:
            add(("currency", "release"), f"{describe(currency['release'])} is not a source id; expected one of: {', '.join(source_ids)}")
        checked = _parse_date(currency["checked"])
        if checked is None:
            add(("currency", "checked"), f"{describe(currency['checked'])} is not a real date")
        elif checked > today:
            add(("currency", "checked"), f"{currency['checked']} is in the future")
        if "next_release" in currency and _parse_date(currency["next_release"]) is None:
            add(("currency", "next_release"), f"{describe(currency['next_release'])} is not a real date")
    for i, change in enumerate(doc.get("changes", [])):
        if _parse_date(change["date"]) is None:
            add(("changes", i, "date"), f"{describe(change['date'])} is not a real date")

    for r, record in enumerate(doc["records"]):
        for key, value in record.items():
            if key == "source":
                if not isinstance(value, str) or value not in source_ids:
                    add(("records", r, "source"), f"{describe(value)} is not a source id; expected one of: {', '.join(source_ids)}")
            elif key not in fields:
                add(("records", r, key), f"'{key}' is not a declared field; declared: {', '.join(fields)}")
            else:
                problem = _value_problem(value, fields[key])
                if problem:
                    add(("records", r, key), problem)
        for name, spec in fields.items():
            if name not in record:
                add(("records", r), f"missing field '{name}'" + ("" if not spec.get("nullable") else " (use null for no value)"))
        if len(source_ids) > 1 and "source" not in record:
            add(("records", r), f"missing 'source': with more than one source, each record names the one that covers it ({', '.join(source_ids)})")

    out.extend(f"{label}: {json_path(p)}: {m}" for p, m in _chart_problems(doc, fields))
    return out


def _chart_problems(doc, fields):
    chart, kind, records = doc["chart"], doc["chart"]["kind"], doc["records"]
    rules = KIND_RULES[kind]
    for channel in ("x", "y", "series"):
        name = chart.get(channel)
        if name is None:
            if channel in rules and not (channel == "series" and kind in OPTIONAL_SERIES):
                yield ("chart",), f"kind '{kind}' needs '{channel}': the name of a field"
            continue
        if kind == "table":
            yield ("chart", channel), "kind 'table' shows every field; remove this encoding"
            continue
        if name not in fields:
            yield ("chart", channel), f"'{name}' is not a declared field; declared: {', '.join(fields)}"
            continue
        allowed = rules.get(channel) if channel in rules else ({"string"} if channel == "series" else None)
        if channel not in rules and channel != "series":
            yield ("chart", channel), f"kind '{kind}' does not use '{channel}'; remove it"
        elif allowed and fields[name]["type"] not in allowed:
            yield ("chart", channel), f"field '{name}' has type '{fields[name]['type']}', but '{channel}' of a {kind} chart needs one of: {', '.join(sorted(allowed))}"
    if "y_zero" in chart and kind != "line":
        yield ("chart", "y_zero"), "y_zero applies to line charts only; remove it"

    series = chart.get("series")
    if series in fields:
        values = list(dict.fromkeys(r.get(series) for r in records))
        if len(values) > MAX_SERIES:
            yield ("chart", "series"), f"'{series}' has {len(values)} different values; a chart shows at most {MAX_SERIES} colours (use a table or split the chart)"
    if kind == "comparison" and not 2 <= len(records) <= 4:
        yield ("records",), f"a comparison shows 2 to 4 values, got {len(records)}"

    keys = [chart.get(c) for c in ("x", "y", "series") if chart.get(c) in fields and c != ("x" if kind in ("ranked-bar", "comparison") else "y")]
    if kind != "table" and keys:
        seen = {}
        for r, record in enumerate(records):
            key = tuple(json.dumps(record.get(k)) for k in keys)
            if key in seen:
                yield ("records", r), f"duplicates records[{seen[key]}] ({', '.join(f'{k}={describe(record.get(k))}' for k in keys)}); each point must be unique"
            seen.setdefault(key, r)

    highlight = chart.get("highlight")
    if highlight:
        (hfield, hvalue), = highlight.items()
        if hfield not in fields:
            yield ("chart", "highlight", hfield), f"'{hfield}' is not a declared field"
        elif not any(r.get(hfield) == hvalue for r in records):
            yield ("chart", "highlight", hfield), f"no record has {hfield} = {describe(hvalue)}"


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------

def load(path: Path, label: str | None = None, today: dt.date | None = None) -> Dataset:
    """Load and fully check one dataset file; problems are collected, not raised."""
    label = label or f"charts/{path.name}"
    today = today or dt.date.today()
    raw = path.read_bytes()
    doc, problems = parse(path, raw, label)
    if doc is None:
        return Dataset(path, raw, {}, problems)
    if not problems:
        problems = schema_problems(doc, label)
    if not problems:
        problems = semantic_problems(doc, path.stem, label, today)
    if not SLUG.match(path.stem):
        problems.insert(0, f"{label}: (file): the file name '{path.name}' is not a safe id (lower-case letters, digits, hyphens)")
    return Dataset(path, raw, doc if isinstance(doc, dict) else {}, problems)


def load_all(charts_dir: Path, today: dt.date | None = None) -> tuple[list[Dataset], list[str]]:
    """Load every charts/*.json (except the schema); return datasets and every problem found."""
    datasets, problems, owners = [], [], {}
    for path in sorted(charts_dir.glob("*.json")):
        if path.name == "schema.json":
            continue
        ds = load(path, f"{charts_dir.name}/{path.name}", today)
        problems.extend(ds.problems)
        ds_id = ds.doc.get("id") if isinstance(ds.doc.get("id"), str) else None
        if ds_id is not None:
            if ds_id in owners:
                problems.append(f"{charts_dir.name}/{path.name}: id: duplicate id '{ds_id}', also used by {charts_dir.name}/{owners[ds_id]}")
            owners.setdefault(ds_id, path.name)
        datasets.append(ds)
    return datasets, problems
