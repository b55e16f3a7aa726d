"""JSON Schemas shipped with the package, and their errors turned into sentences a maintainer can act on."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).resolve().parent
DATASET = SCHEMA_DIR / "dataset.schema.json"
CONFIG = SCHEMA_DIR / "config.schema.json"

# What a maintainer should type, for keys whose values must match a pattern.
PATTERN_HINTS = {
    "id": "lower-case letters, digits and single hyphens, e.g. small-boat-arrivals",
    "release": "a source id: lower-case letters, digits and single hyphens",
    "url": "a web address starting with https://",
    "published": "a date as YYYY-MM-DD (or YYYY-MM, or YYYY)",
    "accessed": "a date as YYYY-MM-DD", "reviewed": "a date as YYYY-MM-DD", "checked": "a date as YYYY-MM-DD",
    "next_review": "a date as YYYY-MM-DD", "next_release": "a date as YYYY-MM-DD", "date": "a date as YYYY-MM-DD",
    "topic": "a page path under docs/ without .md, e.g. threats/fraud",
    "name": "lower-case snake_case, e.g. people_arriving",
}
TYPE_WORDS = {"string": "text", "number": "a number", "integer": "a whole number", "array": "a list",
              "object": "an object", "boolean": "true or false", "null": "null"}


@cache
def validator(path: Path) -> Draft202012Validator:
    """A validator for one of the shipped schemas (checked once, then cached)."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def json_path(parts: Sequence[str | int]) -> str:
    """Render a path like ('records', 3, 'people') as records[3].people."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def describe(value: Any) -> str:
    """Show a JSON value the way a maintainer typed it, shortened to 60 characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: ValidationError) -> str:
    """One error as a sentence."""
    rule, value = error.validator, error.instance
    if rule == "required":
        missing = [k for k in error.validator_value if isinstance(value, dict) and k not in value]
        return f"missing required field '{missing[0]}'" if missing else error.message
    if rule == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(k for k in value if k not in allowed)
        return f"unknown field '{extra[0]}'; allowed fields are: {', '.join(allowed)}"
    if rule == "type":
        wanted = error.validator_value
        words = " or ".join(TYPE_WORDS.get(w, str(w)) for w in (wanted if isinstance(wanted, list) else [wanted]))
        return f"expected {words}, got {describe(value)}"
    if rule == "enum":
        return f"{describe(value)} is not allowed; expected one of: {', '.join(map(str, error.validator_value))}"
    if rule == "pattern":
        key = next((p for p in reversed(error.absolute_path) if isinstance(p, str)), "")
        hint = PATTERN_HINTS.get(key, f"the pattern {error.validator_value}")
        return f"{describe(value)} is not valid here: expected {hint}"
    if rule == "minItems":
        return f"needs at least {error.validator_value} item(s), got {len(value)}"
    if rule == "maxItems":
        return f"allows at most {error.validator_value} item(s), got {len(value)}"
    if rule == "minLength":
        return f"too short: needs at least {error.validator_value} characters, got {len(value)}"
    if rule == "maxLength":
        return f"too long: at most {error.validator_value} characters, got {len(value)}"
    if rule in ("minimum", "maximum"):
        return f"{describe(value)} is {'below the minimum' if rule == 'minimum' else 'above the maximum'} of {error.validator_value}"
    if rule == "minProperties":
        return f"needs at least {error.validator_value} entr{'y' if error.validator_value == 1 else 'ies'}"
    if rule == "maxProperties":
        return f"allows at most {error.validator_value} entr{'y' if error.validator_value == 1 else 'ies'}"
    return error.message


def problems(schema: Path, document: Any) -> Iterator[tuple[str, str]]:
    """Every schema error in a document as (path, sentence), in document order."""
    errors = sorted(validator(schema).iter_errors(document),
                    key=lambda e: (list(map(str, e.absolute_path)), str(e.validator)))
    for error in errors:
        yield json_path(list(error.absolute_path)), _message(error)
