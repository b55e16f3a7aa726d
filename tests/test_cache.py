"""The drawing cache's keys: a dataset is drawn again only when its bytes or the drawing code change, and the quick
count of undrawn files made before the checks agrees with the cache the drawing step fills."""

from __future__ import annotations

import shutil
from pathlib import Path

from explainer import cache, dataset

from conftest import MINI, TODAY

GOOD = MINI / "charts" / "good-chart.json"


def test_the_quick_count_sees_a_drawn_dataset_as_drawn_and_a_changed_one_as_not(tmp_path: Path) -> None:
    charts, folder = tmp_path / "charts", tmp_path / "cache"
    charts.mkdir()
    shutil.copy(GOOD, charts / "good-chart.json")
    files = [charts / "good-chart.json"]
    assert cache.uncached(files, folder, "code-1") == 1
    ds = dataset.load(files[0], "charts/good-chart.json", TODAY, frozenset({"OGL-UK-3.0"}))
    cache.store(ds, folder, "code-1", {"card.png": b"x"})
    assert cache.uncached(files, folder, "code-1") == 0
    assert cache.uncached(files, folder, "code-2") == 1, "new drawing code: drawn again"
    files[0].write_bytes(files[0].read_bytes().replace(b"}", b" }", 1))
    assert cache.uncached(files, folder, "code-1") == 1, "changed bytes: drawn again"


def test_a_dataset_is_found_in_the_cache_only_with_every_file_it_needs(tmp_path: Path) -> None:
    ds = dataset.load(GOOD, "charts/good-chart.json", TODAY, frozenset({"OGL-UK-3.0"}))
    names = cache.expected_files(ds)
    cache.store(ds, tmp_path, "code", {name: name.encode() for name in names[:-1]})
    assert cache.load(ds, tmp_path, "code") is None
    cache.store(ds, tmp_path, "code", {name: name.encode() for name in names})
    assert cache.load(ds, tmp_path, "code") == {name: name.encode() for name in names}
    assert [p.name.rsplit("-", 1)[0] for p in tmp_path.iterdir()] == [ds.id], "older drawings replaced"
