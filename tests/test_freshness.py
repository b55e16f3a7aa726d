"""How current each dataset is (explainer/freshness.py): when a newer release is due, when a review is overdue, and the
report a maintainer reads. Fast unit tests on datasets written here into a copy of the mini site's configuration."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from explainer import config as site_config
from explainer import freshness
from explainer.model import Dataset

from conftest import MINI, TODAY

GOOD = json.loads((MINI / "charts" / "good-chart.json").read_text(encoding="utf-8"))


def doc(**changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(GOOD)
    out.update(copy.deepcopy(changes))
    return {k: v for k, v in out.items() if v is not None}


def ds(**changes: Any) -> Dataset:
    d = doc(**changes)
    return Dataset(Path(f"charts/{d['id']}.json"), json.dumps(d).encode(), d)  # type: ignore[arg-type]


def currency(**block: str) -> dict[str, str]:
    return {"frequency": "quarterly", "release": "ho", "checked": "2026-11-22"} | block


def published(date: str) -> list[dict[str, str]]:
    return [dict(GOOD["sources"][0], published=date)]


# -- add_months -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "months", "expected"), [
    ("2024-02-15", 0, "2024-02-15"), ("2024-02-15", 1, "2024-03-15"), ("2024-11-15", 3, "2025-02-15"),
    ("2024-12-01", 1, "2025-01-01"), ("2024-12-01", 12, "2025-12-01"), ("2023-06-10", 24, "2025-06-10"),
    ("2024-01-31", 1, "2024-02-28"), ("2024-05-29", 12, "2025-05-28"), ("2024-10-01", 2, "2024-12-01"),
    ("2024-01-28", 11, "2024-12-28"),
])
def test_adding_months_rolls_over_years_and_keeps_the_day_up_to_the_28th(start: str, months: int, expected: str) -> None:
    assert freshness.add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(expected)


# -- release_due ------------------------------------------------------------------------------------------------------

def test_an_announced_next_release_is_the_due_date() -> None:
    assert freshness.release_due(ds(currency=currency(next_release="2027-02-26"))) == dt.date(2027, 2, 26)


@pytest.mark.parametrize(("frequency", "expected"), [("monthly", "2024-03-28"), ("quarterly", "2024-05-28"),
                                                     ("annual", "2025-02-28"), ("biennial", "2026-02-28")])
def test_without_an_announcement_the_release_is_due_one_period_after_the_one_used(frequency: str, expected: str) -> None:
    assert freshness.release_due(ds(currency=currency(frequency=frequency))) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize("frequency", ["irregular", "one-off"])
def test_irregular_and_one_off_releases_are_never_due(frequency: str) -> None:
    assert freshness.release_due(ds(currency=currency(frequency=frequency))) is None


def test_the_release_used_is_the_source_named_by_currency_release() -> None:
    sources = [dict(GOOD["sources"][0], id="old", published="2019-01-10"),
               dict(GOOD["sources"][0], id="new", published="2024-07-01")]
    assert freshness.release_due(ds(sources=sources, currency=currency(release="new", frequency="annual"))) == \
        dt.date(2025, 7, 1)
    assert freshness.release_due(ds(sources=sources, currency=currency(release="old", frequency="annual"))) == \
        dt.date(2020, 1, 10)


def test_a_partly_dated_release_counts_from_the_first_day_it_can_mean() -> None:
    assert freshness.release_due(ds(sources=published("2024-07"), currency=currency(frequency="annual"))) == \
        dt.date(2025, 7, 1)
    assert freshness.release_due(ds(sources=published("2024"), currency=currency(frequency="annual"))) == \
        dt.date(2025, 1, 1)


def test_a_release_that_names_no_source_has_no_due_date() -> None:
    assert freshness.release_due(ds(currency=currency(release="nope"))) is None


# -- overdue_review and newer_release_due -----------------------------------------------------------------------------

@pytest.mark.parametrize(("next_review", "overdue"), [("2026-11-27", True), ("2026-11-28", False), ("2026-11-29", False),
                                                      ("2020-01-01", True)])
def test_a_review_is_overdue_only_after_its_date(next_review: str, overdue: bool) -> None:
    assert freshness.overdue_review(ds(next_review=next_review), TODAY) is overdue


@pytest.mark.parametrize(("announced", "due"), [("2026-11-27", True), ("2026-11-28", True), ("2026-11-29", False)])
def test_a_newer_release_is_due_on_and_after_its_date(announced: str, due: bool) -> None:
    result = freshness.newer_release_due(ds(currency=currency(next_release=announced)), TODAY)
    assert result == (dt.date.fromisoformat(announced) if due else None)


@pytest.mark.parametrize(("checked", "flagged"), [
    ("2026-11-21", False),   # looked for it after it fell due (2026-10-01), a week ago: quiet
    ("2026-10-28", False),   # 31 days ago: still quiet
    ("2026-10-27", True),    # 32 days ago: look again
    ("2026-09-30", True),    # looked the day before it fell due: look again
])
def test_looking_for_a_due_release_quiets_the_report_for_a_month(checked: str, flagged: bool) -> None:
    dataset = ds(currency=currency(next_release="2026-10-01", checked=checked))
    assert freshness.newer_release_due(dataset, TODAY) == dt.date(2026, 10, 1), "readers are always told"
    assert freshness.look_again(dataset, TODAY) == (dt.date(2026, 10, 1) if flagged else None)


def test_looking_on_the_day_a_release_falls_due_counts_as_looking() -> None:
    dataset = ds(currency=currency(next_release="2026-11-20", checked="2026-11-20"))
    assert freshness.look_again(dataset, TODAY) is None


# -- report -----------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mini_config() -> site_config.SiteConfig:
    return site_config.load(MINI)


@pytest.fixture()
def site(mini_config: site_config.SiteConfig, tmp_path: Path) -> tuple[site_config.SiteConfig, Path]:
    (tmp_path / "charts").mkdir()
    return dataclasses.replace(mini_config, root=tmp_path), tmp_path / "charts"


def put(charts: Path, **changes: Any) -> None:
    d = doc(**changes)
    (charts / f"{d['id']}.json").write_text(json.dumps(d, indent=2), encoding="utf-8")


CURRENT = {"currency": currency(next_release="2027-02-26")}


def test_a_current_site_reports_nothing_to_do(site: tuple[site_config.SiteConfig, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    config, charts = site
    put(charts, **CURRENT)
    assert freshness.report(config, TODAY, strict=True) == 0
    assert capsys.readouterr().out == "explainer: 0 of 1 dataset(s) need attention on 2026-11-28.\n"


def test_the_report_names_each_dataset_needing_attention_and_why(site: tuple[site_config.SiteConfig, Path],
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    config, charts = site
    put(charts, id="b-overdue", reviewed="2026-05-01", next_review="2026-11-01", **CURRENT)
    put(charts, id="a-release", currency=currency(frequency="annual", checked="2025-01-10"))
    put(charts, id="c-looked-too-early", currency=currency(next_release="2026-10-01", checked="2026-09-30"))
    put(charts, id="d-fine", **CURRENT)
    assert freshness.report(config, TODAY, strict=False) == 0
    assert capsys.readouterr().out.splitlines() == [
        'charts/a-release.json: currency: a newer release than "Irregular migration to the UK, year ending December '
        '2023" was due by 2025-02-28 (annual); look for it, update the records, then set currency.checked',
        "charts/b-overdue.json: next_review: overdue since 2026-11-01; check the sources, then update reviewed and "
        "next_review",
        'charts/c-looked-too-early.json: currency: a newer release than "Irregular migration to the UK, year ending '
        'December 2023" was due by 2026-10-01 (quarterly); look for it, update the records, then set currency.checked',
        "explainer: 3 of 4 dataset(s) need attention on 2026-11-28.",
    ]


def test_a_dataset_with_two_reasons_is_counted_once(site: tuple[site_config.SiteConfig, Path],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    config, charts = site
    put(charts, reviewed="2026-05-01", next_review="2026-11-01", currency=currency(checked="2025-01-10"))
    assert freshness.report(config, TODAY, strict=True) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == ["next_review", "currency"]
    assert lines[-1] == "explainer: 1 of 1 dataset(s) need attention on 2026-11-28."


def test_strict_fails_when_anything_needs_attention(site: tuple[site_config.SiteConfig, Path],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    config, charts = site
    put(charts, currency=currency(checked="2025-01-10"))
    assert freshness.report(config, TODAY, strict=False) == 0
    assert freshness.report(config, TODAY, strict=True) == 1


def test_invalid_datasets_are_counted_but_not_judged(site: tuple[site_config.SiteConfig, Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    config, charts = site
    put(charts, **CURRENT)
    (charts / "broken.json").write_text('{"id": "broken"', encoding="utf-8")
    put(charts, id="wrong-licence", licence="nope", next_review="2020-01-01")
    assert freshness.report(config, TODAY, strict=True) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("(also ") and out[0].endswith(" validation problem(s); run explainer check)")
    assert int(out[0].split()[1]) >= 2
    assert out[1] == "explainer: 0 of 3 dataset(s) need attention on 2026-11-28."


def test_the_report_uses_the_configured_charts_folder(site: tuple[site_config.SiteConfig, Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    config, _ = site
    other = dataclasses.replace(config, paths=dataclasses.replace(config.paths, charts="data/sets"))
    (config.root / "data" / "sets").mkdir(parents=True)
    put(config.root / "data" / "sets", currency=currency(checked="2025-01-10"))
    assert freshness.report(other, TODAY, strict=True) == 1
    assert capsys.readouterr().out.startswith("data/sets/good-chart.json: currency: a newer release")
