"""JSON Schemas shipped with the package, and their errors turned into sentences a maintainer can act on.
"""

from __future__ import annotations

import json
import re
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
    "id": "lower-case letters, digits and single hyphens, e.g. arrivals-by-year",
    "release": "a source id: lower-case letters, digits and single hyphens",
    "url": "a web address starting with https://",
    "published": "a date as YYYY-MM-DD (or YYYY-MM, or YYYY)",
    "accessed": "a date as YYYY-MM-DD",
    "reviewed": "a date as YYYY-MM-DD",
    "checked": "a date as YYYY-MM-DD",
    "next_review": "a date as YYYY-MM-DD",
    "next_release": "a date as YYYY-MM-DD",
    "date": "a date as YYYY-MM-DD",
    "topic": "a page path under docs/ without .md, e.g. risks/speeding",
    "name": "lower-case snake_case, e.g. people_arriving",
}
TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "array": "a list",
    "object": "an object",
    "boolean": "true or false",
    "null": "null",
}


@cache
def validator(path: Path) -> Draft202012Validator:
    """A validator for one of the shipped schemas (checked once, then cached)."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


# Characters that end a line for Python's str.splitlines (and so for anything that reads output line by
# line), and other control characters: shown escaped, so that every problem stays one line.
BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
PLAIN_KEY = re.compile(r"[\w-]+")


def one_line(text: str) -> str:
    """text with line breaks and control characters escaped as in JSON (\\n, \\u2028)."""
    escapes = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return BREAKS.sub(lambda m: escapes.get(m.group(0), f"\\u{ord(m.group(0)):04x}"), text)


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def quoted(key: Any) -> str:
    """A key or name from a maintainer's file, for a message: 'people', one line, at most 60 characters."""
    return f"'{shorten(one_line(str(key)))}'"


def json_path(parts: Sequence[str | int]) -> str:
    """Render a path like ('records', 3, 'people') as records[3].people (odd keys as ["a key"])."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif PLAIN_KEY.fullmatch(part):
            out += f".{part}" if out else str(part)
        else:
            out += f"[{shorten(one_line(json.dumps(part, ensure_ascii=False)))}]"
    return out or "(top level)"


def describe(value: Any) -> str:
    """Show a JSON value the way a maintainer typed it, on one line, shortened to 60 characters."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        text = f"(a {type(value).__name__} too deeply nested to show)"
    return shorten(one_line(text))


def _message(error: ValidationError) -> str:
    """One error as a sentence."""
    rule = error.validator
    value: Any = error.instance
    expected: Any = error.validator_value  # jsonschema types it loosely; its shape follows the rule
    schema: Any = error.schema
    if rule == "required":
        missing = [k for k in expected if isinstance(value, dict) and k not in value]
        named = next(
            (k for k in missing if error.message.startswith(repr(k))), missing[0] if missing else None
        )  # one error per field: "'title' is a required property"
        if not named:
            return one_line(error.message)
        about = schema.get("properties", {}).get(named, {}).get("description", "")
        first = re.split(r"(?<!e\.g)(?<!i\.e)\. ", about)[0].rstrip(".")  # its first sentence
        return f"missing required field {quoted(named)}" + (
            f"; add it ({first[:1].lower()}{first[1:]})" if first else ""
        )
    if rule == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(k for k in value if k not in allowed)
        return f"unknown field {quoted(extra[0])}; allowed fields are: {', '.join(allowed)}"
    if rule == "type":
        wanted = expected
        words = " or ".join(
            TYPE_WORDS.get(w, str(w)) for w in (wanted if isinstance(wanted, list) else [wanted])
        )
        return f"expected {words}, got {describe(value)}"
    if rule == "enum":
        return f"{describe(value)} is not allowed; expected one of: {', '.join(map(str, expected))}"
    if rule == "pattern":
        key = next((p for p in reversed(error.absolute_path) if isinstance(p, str)), "")
        hint = PATTERN_HINTS.get(key, f"the pattern {expected}")
        return f"{describe(value)} is not valid here: expected {hint}"
    if rule == "minItems":
        return f"needs at least {expected} item(s), got {len(value)}"
    if rule == "maxItems":
        return f"allows at most {expected} item(s), got {len(value)}"
    if rule == "minLength":
        return f"too short: needs at least {expected} characters, got {len(value)}"
    if rule == "maxLength":
        return f"too long: at most {expected} characters, got {len(value)}"
    if rule in ("minimum", "maximum"):
        side = "below the minimum" if rule == "minimum" else "above the maximum"
        return f"{describe(value)} is {side} of {expected}"
    if rule == "minProperties":
        return f"needs at least {expected} entr{'y' if expected == 1 else 'ies'}"
    if rule == "maxProperties":
        return f"allows at most {expected} entr{'y' if expected == 1 else 'ies'}"
    return shorten(one_line(error.message), 200)


def problems(schema: Path, document: Any) -> Iterator[tuple[str, str]]:
    """Every schema error in a document as (path, sentence), in document order."""
    errors = sorted(
        validator(schema).iter_errors(document),
        key=lambda e: (list(map(str, e.absolute_path)), str(e.validator)),
    )
    for error in errors:
        yield json_path(list(error.absolute_path)), _message(error)
