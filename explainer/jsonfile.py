"""Strict JSON reading: UTF-8 without a byte-order mark, no NaN or Infinity, no number beyond a float's
range, no key given twice, at most MAX_DEPTH levels of nesting; every problem located."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from explainer.schemas import json_path, quoted

MAX_DEPTH = 32  # a dataset is four or five levels deep; far deeper is a mistake (and would recurse)
MAX_DIGITS = 400  # longer integers are out of a float's range (and Python refuses above 4,300 digits)


class Constant:
    """Stands in for NaN, Infinity or -Infinity, so the checker can say where it was."""

    def __init__(self, text: str):
        self.text = text


class Huge:
    """Stands in for an integer too large to be a float (every number in a dataset is drawn as one)."""

    def __init__(self, text: str):
        self.digits = len(text.lstrip("-"))


def _integer(text: str) -> int | Huge:
    if len(text) > MAX_DIGITS:
        return Huge(text)
    value = int(text)
    try:
        float(value)
    except OverflowError:
        return Huge(text)
    return value


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


def _depth(document: Any) -> int:
    """How deep the document's lists and objects go, counted without recursion (up to MAX_DEPTH + 1)."""
    deepest, stack = 0, [(document, 0)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return deepest


def _bad_values(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, Constant):
        yield path, f"{value.text} is not allowed in JSON data; use a number or null"
    elif isinstance(value, Huge):
        yield path, f"number out of range ({value.digits} digits); use a finite number"
    elif isinstance(value, float) and not math.isfinite(value):
        yield path, "number out of range; use a finite number"
    elif isinstance(value, dict):
        for key in getattr(value, "duplicates", []):
            yield (*path, key), f"key {quoted(key)} appears more than once in the same object; keep one"
        for key, item in value.items():
            yield from _bad_values(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _bad_values(item, (*path, i))


def decode_problem(text: str, error: json.JSONDecodeError) -> tuple[str, str]:
    """Where reading stopped and why; a comma left before a closing } or ] is named where it is."""
    before = text[: error.pos].rstrip()
    closing = text[error.pos : error.pos + 1]
    if before.endswith(",") and closing and closing in "}]":
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1)
        return (
            f"line {line}, column {column}",
            f"invalid JSON: a comma before the closing {text[error.pos]}; remove it",
        )
    return f"line {error.lineno}, column {error.colno}", f"invalid JSON: {error.msg}"


def parse(raw: bytes) -> tuple[Any, list[tuple[str, str]]]:
    """Decode and parse a file's bytes: (document or None, [(where, message)])."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [
            (
                "(file)",
                f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); "
                "save the file as UTF-8",
            )
        ]
    if text.startswith("\ufeff"):
        return None, [("(file)", "starts with a byte-order mark; save as UTF-8 without BOM")]
    try:
        document = json.loads(text, parse_constant=Constant, parse_int=_integer, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        return None, [decode_problem(text, error)]
    except RecursionError:
        return None, [("(file)", "nested too deeply to read; a dataset is at most a few levels deep")]
    if _depth(document) > MAX_DEPTH:
        return None, [("(file)", "nested too deeply to read; a dataset is at most a few levels deep")]
    return document, [(json_path(list(path)), message) for path, message in _bad_values(document, ())]
