"""How current each dataset is: past its review date, or its publisher due to have released newer figures.
"""

from __future__ import annotations

import datetime as dt

from explainer.config import SiteConfig
from explainer.dataset import load_all, partial_date, real_date
from explainer.model import Dataset

MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12, "biennial": 24}
RECHECK_DAYS = 31  # once a newer release is due and not yet found, look for it again at least this often


def add_months(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(date.day, 28))


def release_due(ds: Dataset) -> dt.date | None:
    """When the publisher's next release after the one used is due: announced, or one period after the
    release used."""
    block = ds.doc["currency"]
    if "next_release" in block:
        return real_date(block["next_release"])
    months = MONTHS.get(block["frequency"])
    used = next((s for s in ds.doc["sources"] if s["id"] == block["release"]), None)
    published = partial_date(used["published"]) if used else None
    return add_months(published, months) if months and published else None


def overdue_review(ds: Dataset, today: dt.date) -> bool:
    return dt.date.fromisoformat(ds.doc["next_review"]) < today


def newer_release_due(ds: Dataset, today: dt.date) -> dt.date | None:
    """The due date of a newer release, if it has passed by today (what a chart page tells its readers)."""
    due = release_due(ds)
    return due if due and due <= today else None


def look_again(ds: Dataset, today: dt.date) -> dt.date | None:
    """The due date of a newer release a maintainer should look for: it has passed, and nobody has looked
    for the release since it fell due, or not within the last RECHECK_DAYS days (setting currency.checked
    after looking quiets the report for that long)."""
    due = newer_release_due(ds, today)
    if due is None:
        return None
    checked = real_date(ds.doc["currency"]["checked"])
    looked_recently = checked is not None and checked >= due and (today - checked).days <= RECHECK_DAYS
    return None if looked_recently else due


def report(config: SiteConfig, today: dt.date, strict: bool) -> int:
    """Print one line per dataset needing attention; exit 1 with strict if there is any."""
    datasets, problems = load_all(config.charts_dir, today, frozenset(config.licences))
    lines = []
    for ds in sorted((d for d in datasets if not d.problems), key=lambda d: d.id):
        label = f"{config.paths.charts}/{ds.path.name}"
        if overdue_review(ds, today):
            lines.append(
                f"{label}: next_review: overdue since {ds.doc['next_review']}; check the sources, then "
                "update reviewed and next_review"
            )
        due = look_again(ds, today)
        if due:
            block = ds.doc["currency"]
            used = ds.source(block["release"])
            lines.append(
                f'{label}: currency: a newer release than "{used["title"]}" was due by {due.isoformat()} '  # noqa: S608 (not SQL)
                f"({block['frequency']}); look for it, update the records, then set currency.checked"
            )
    for line in lines:
        print(line)
    if problems:
        print(f"(also {len(problems)} validation problem(s); run explainer check)")
    attention = len({line.split(":", 1)[0] for line in lines})
    print(f"explainer: {attention} of {len(datasets)} dataset(s) need attention on {today.isoformat()}.")
    return 1 if strict and lines else 0
