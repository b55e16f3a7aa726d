"""The dataset format as Python types: TypedDicts that mirror schemas/dataset.schema.json, and the loaded
Dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NotRequired, TypedDict

from explainer.problems import Problem

Cell = str | int | float | None
FieldType = Literal["year", "integer", "number", "percent", "date", "string"]
ChartKind = Literal[
    "bar", "ranked-bar", "grouped-bar", "stacked-bar", "line", "comparison", "timeline", "table"
]
Frequency = Literal["monthly", "quarterly", "annual", "biennial", "irregular", "one-off"]
NUMERIC_TYPES: frozenset[str] = frozenset({"integer", "number", "percent", "year"})
VALUE_TYPES: frozenset[str] = frozenset({"integer", "number", "percent"})


class FieldSpec(TypedDict):
    """One column of the records."""

    name: str
    type: FieldType
    title: str
    unit: NotRequired[str]
    format: NotRequired[str]
    prefix: NotRequired[str]
    suffix: NotRequired[str]
    nullable: NotRequired[bool]


class ChartSpec(TypedDict):
    """How the records are drawn."""

    kind: ChartKind
    x: NotRequired[str]
    y: NotRequired[str]
    series: NotRequired[str]
    highlight: NotRequired[dict[str, Cell]]
    y_zero: NotRequired[bool]
    exceptions: NotRequired[dict[str, str]]


class SourceSpec(TypedDict):
    """A publication the records come from."""

    id: str
    publisher: str
    title: str
    url: str
    published: str
    accessed: str
    cited_in: NotRequired[str]
    checked: NotRequired[str]


class Currency(TypedDict):
    """How current the data is."""

    frequency: Frequency
    release: str
    checked: str
    next_release: NotRequired[str]
    note: NotRequired[str]


class Change(TypedDict):
    """A reader-facing change."""

    date: str
    summary: str


class DatasetDoc(TypedDict):
    """One chart's data, metadata and provenance: the content of charts/<id>.json."""

    id: str
    title: str
    subtitle: str
    description: str
    topic: str
    unit: str
    fields: list[FieldSpec]
    records: list[dict[str, Cell]]
    chart: ChartSpec
    sources: list[SourceSpec]
    notes: list[str]
    licence: str
    reviewed: str
    next_review: str
    currency: Currency
    changes: NotRequired[list[Change]]
    overlaps: NotRequired[dict[str, str]]


@dataclass
class Dataset:
    """A dataset file: where it is, its bytes, its document (valid only when problems is empty) and its
    problems."""

    path: Path
    raw: bytes
    doc: DatasetDoc
    problems: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.doc["id"]

    @property
    def kind(self) -> ChartKind:
        return self.doc["chart"]["kind"]

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.doc["fields"] if f["name"] == name)

    def source(self, source_id: str) -> SourceSpec:
        return next(s for s in self.doc["sources"] if s["id"] == source_id)
