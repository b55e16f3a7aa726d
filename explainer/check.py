"""The one check pipeline: every rule that needs no browser, over every dataset and page, all problems in
one run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from explainer import chart_rules, claims, copying, page_rules, readability
from explainer.config import SiteConfig
from explainer.dataset import load_all
from explainer.model import Dataset
from explainer.pages import Page, hand_written_pages
from explainer.problems import Problem


@dataclass
class Report:
    """What a check found: the datasets and pages read, every problem, the claims ledger and reading
    scores."""

    datasets: list[Dataset]
    pages: list[Page]
    problems: list[Problem] = field(default_factory=list)
    ledger: claims.Ledger = field(default_factory=claims.Ledger)
    scores: list[readability.Score] = field(default_factory=list)

    @property
    def valid(self) -> list[Dataset]:
        return [d for d in self.datasets if not d.problems]

    def sorted_problems(self) -> list[Problem]:
        """Each problem once, grouped by file, in line order."""
        return sorted(dict.fromkeys(self.problems), key=lambda p: p.sort_key)


def glossary(config: SiteConfig) -> tuple[dict[str, str], list[Problem]]:
    """The glossary's terms, or a problem if the file cannot be read."""
    path = config.root / config.paths.abbreviations
    if not path.is_file():
        return {}, []
    raw = path.read_bytes()
    try:
        return page_rules.parse_glossary(raw.decode("utf-8")), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return {}, [
            Problem(
                config.paths.abbreviations,
                line,
                f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            )
        ]


def fingerprint(config: SiteConfig) -> frozenset[str]:
    return (
        copying.load_fingerprint(config.root / config.paths.fingerprint)
        if config.paths.fingerprint
        else frozenset()
    )


def dataset_problems(
    datasets: list[Dataset], config: SiteConfig, terms: dict[str, str], prints: frozenset[str]
) -> list[Problem]:
    """Rules across a valid dataset's texts: numbers bound to its records, acronyms, own words, chart
    rules."""
    found: list[Problem] = []
    valid = [d for d in datasets if not d.problems]
    for ds in valid:
        label = f"{config.paths.charts}/{ds.path.name}"
        doc = ds.doc
        found += claims.dataset_text_problems(label, dict(doc), config.named_numbers)
        text = " ".join(
            [
                doc["title"],
                doc["subtitle"],
                doc["description"],
                *doc["notes"],
                *(f["title"] for f in doc["fields"]),
                *(str(v) for r in doc["records"] for k, v in r.items() if k != "source"),
            ]
        )
        for acronym in sorted(page_rules.acronyms(page_rules.prose(text)) - set(terms)):
            found.append(
                Problem(
                    label,
                    "(text)",
                    f"'{acronym}' is not in the glossary; add '*[{acronym}]: <what it "
                    f"stands for>' to {config.paths.abbreviations}",
                )
            )
        if prints:
            for key in ("title", "subtitle", "description"):
                runs = copying.copied_runs(str(doc[key]), prints)
                if runs:
                    found.append(
                        Problem(label, key, f'copies a source word for word ("{runs[0]}"); reword it')
                    )
            for i, note in enumerate(doc["notes"]):
                runs = copying.copied_runs(note, prints)
                if runs:
                    found.append(
                        Problem(
                            label,
                            f"notes[{i}]",
                            f'copies a source word for word ("{runs[0]}"); '
                            "reword it, or quote it in “ ” and say who said it",
                        )
                    )
        found += chart_rules.spec_problems(ds, label, config)
    found += claims.duplicate_dataset_problems(
        [(f"{config.paths.charts}/{d.path.name}", dict(d.doc)) for d in valid]
    )
    return found


def about_invalid(chart_ids: frozenset[str]) -> frozenset[str]:
    """What the ledger says of a number bound to a dataset that has errors of its own. The dataset's own
    lines already say what to fix, so a page that binds to it says nothing more (as a page that includes it
    says nothing)."""
    return frozenset(
        f"data-figure names chart '{chart_id}', which does not exist or has errors" for chart_id in chart_ids
    )


def run(
    config: SiteConfig, today: dt.date, charts_dir: Path | None = None, docs_dir: Path | None = None
) -> Report:
    """Check everything; the chart build and the tests call this same function."""
    charts_dir = charts_dir or config.charts_dir
    docs_dir = docs_dir or config.docs_dir
    datasets, problems = load_all(
        charts_dir, today, frozenset(config.licences), len(config.palette.categorical)
    )
    pages = hand_written_pages(docs_dir)
    report = Report(datasets, pages, list(problems))
    (terms, unreadable), prints = glossary(config), fingerprint(config)
    report.problems += unreadable
    report.problems += dataset_problems(datasets, config, terms, prints)
    valid_ids = frozenset(d.id for d in report.valid)
    invalid_ids = frozenset(d.path.stem for d in datasets if d.problems)
    ctx = page_rules.Context(
        config, valid_ids, invalid_ids, terms, prints, today, page_rules.nav_corrections(pages, config)
    )
    report.problems += page_rules.page_problems(pages, ctx)
    report.problems += page_rules.navigation_problems(pages, config)
    report.problems += page_rules.unused_datasets(pages, sorted(valid_ids), config, valid_ids | invalid_ids)
    docs = {d.id: dict(d.doc) for d in report.valid}
    report.ledger = claims.check_pages(
        pages, docs, config.named_numbers, config.pages.sources_heading, config.pages.reviewed_line
    )
    quiet = about_invalid(invalid_ids - valid_ids)
    report.problems += [p for p in report.ledger.problems if p.message not in quiet]
    report.scores = readability.scores(
        pages,
        config.readability,
        config.pages.in_short_title,
        config.pages.sources_heading,
        config.pages.reviewed_line,
    )
    report.problems += readability.problems(report.scores, config.readability)
    return report
