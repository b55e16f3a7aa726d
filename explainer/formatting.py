"""How numbers, dates and sources are written for readers, in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

MINUS = "\u2212"  # the true minus sign, as the chart axes (d3-format) write it


def format_number(value: float | int, spec: str | None = None) -> str:
    """Thousands separators and a true minus sign; a d3-style spec such as ',.1f' or ',.3~f' is honoured
    (Python shares its syntax; '~' trims trailing zeros). Specs are checked when the dataset is loaded."""
    if spec and spec not in (",", ""):
        trim = "~" in spec
        text = format(value, spec.replace("~", ""))
        if trim and "." in text:
            text = text.rstrip("0").rstrip(".")
        if text.startswith("-") and not any(digit in text for digit in "123456789"):
            text = text[1:]  # a negative value that rounds to zero is 0, as d3-format writes it on axes
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = f"{value:,}"
    return text.replace("-", MINUS)


def format_value(value: Any, field: Mapping[str, Any]) -> str:
    """A cell as a reader sees it: prefix, number, suffix; '–' for no value."""
    if value is None:
        return "–"
    ftype = field["type"]
    if ftype == "year":
        return str(value)
    if ftype == "date":
        return format_date(value)
    if ftype == "string":
        return str(value)
    text = format_number(value, field.get("format"))
    suffix = field.get("suffix", "%" if ftype == "percent" else "")
    return f"{field.get('prefix', '')}{text}{suffix}"


def format_date(text: str) -> str:
    """'2024-02-29' as '29 February 2024'; '2024-02' as 'February 2024'; '2024' as is."""
    parts = text.split("-")
    if len(parts) == 3:
        d = dt.date.fromisoformat(text)
        return f"{d.day} {d:%B %Y}"
    if len(parts) == 2:
        return f"{dt.date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    return text


def source_line(sources: Sequence[Mapping[str, Any]]) -> str:
    """'Source: Home Office; ONS' for the foot of a downloaded chart."""
    publishers = list(dict.fromkeys(s["publisher"] for s in sources))
    return ("Sources: " if len(publishers) > 1 else "Source: ") + "; ".join(publishers)


def period(ds_doc: dict[str, Any]) -> str:
    """The span of years or periods a dataset covers, e.g. '2018–2023'."""
    keys = [f["name"] for f in ds_doc["fields"] if f["type"] in ("year", "date")]
    if keys:
        values = sorted(str(r[keys[0]])[:4] for r in ds_doc["records"] if r.get(keys[0]) is not None)
        if values:
            return values[0] if values[0] == values[-1] else f"{values[0]}–{values[-1]}"
    dates = sorted(s["published"][:4] for s in ds_doc["sources"])
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]}–{dates[-1]}"
