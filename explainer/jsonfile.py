"""Strict JSON reading: UTF-8 without a byte-order mark, no NaN or Infinity, no key given twice; every problem located."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from explainer.schemas import json_path


class Constant:
    """Stands in for NaN, Infinity or -Infinity, so the checker can say where it was."""

    def __init__(self, text: str):
        self.text = text


class DuplicateKeys(dict[str, Any]):
    """A JSON object that had a key more than once."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    duplicates = []
    for key, value in pairs:
        if key in obj:
            duplicates.append(key)
        obj[key] = value
    if duplicates:
        marked = DuplicateKeys(obj)
        marked.duplicates = duplicates
        return marked
    return obj


def _bad_values(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, Constant):
        yield path, f"{value.text} is not allowed in JSON data; use a number or null"
    elif isinstance(value, float) and not math.isfinite(value):
        yield path, "number out of range; use a finite number"
    elif isinstance(value, dict):
        for key in getattr(value, "duplicates", []):
            yield (*path, key), f"key '{key}' appears more than once in the same object; keep one"
        for key, item in value.items():
            yield from _bad_values(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _bad_values(item, (*path, i))


def parse(raw: bytes) -> tuple[Any, list[tuple[str, str]]]:
    """Decode and parse a file's bytes: (document or None, [(where, message)])."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [("(file)", f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); "
                                 "save the file as UTF-8")]
    if text.startswith("\ufeff"):
        return None, [("(file)", "starts with a byte-order mark; save as UTF-8 without BOM")]
    try:
        document = json.loads(text, parse_constant=Constant, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        return None, [(f"line {error.lineno}, column {error.colno}", f"invalid JSON: {error.msg}")]
    except RecursionError:
        return None, [("(file)", "nested too deeply to read; a dataset is at most a few levels deep")]
    return document, [(json_path(list(path)), message) for path, message in _bad_values(document, ())]
