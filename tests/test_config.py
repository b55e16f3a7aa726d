"""The configuration: every mistake in mkdocs.yml is one line naming the key and the fix; absent keys take the defaults.

Each case edits the small test site's mkdocs.yml (tests/fixtures/mini/) and runs `explainer check`, which reads the
configuration before anything else and stops there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from explainer import config
from explainer.problems import ConfigError

from conftest import MINI, copy_site, run

DEFAULTS = yaml.safe_load(config.DEFAULTS.read_text(encoding="utf-8"))
ANCHOR = "    citation_prefix: test-explainer\n"  # a line of the small site's extra.explainer block to add keys after
CASES = [
    ("unknown key", ANCHOR, ANCHOR + "    colour: blue\n",
     ["mkdocs.yml: extra.explainer: unknown field 'colour'; allowed fields are: citation_prefix, claims, "
      "data_package_name, home_label, licences, pages, palette, paths, readability, sections, site_licence, strings"]),
    ("unknown nested key", "      median_max: 12\n", "      median_max: 12\n      page_limit: 12\n",
     ["mkdocs.yml: extra.explainer.readability: unknown field 'page_limit'; allowed fields are: in_short_max, "
      "median_max, page_max, sections"]),
    ("wrong type", "      median_max: 12\n", "      median_max: twelve\n",
     ['mkdocs.yml: extra.explainer.readability.median_max: expected a number, got "twelve"']),
    ("wrong type of a whole number", ANCHOR, ANCHOR + "    pages:\n      in_short_bullets: three\n",
     ['mkdocs.yml: extra.explainer.pages.in_short_bullets: expected a whole number, got "three"']),
    ("wrong type of a string", ANCHOR, ANCHOR + "    strings:\n      source: 1\n",
     ["mkdocs.yml: extra.explainer.strings.source: expected text, got 1"]),
    ("a section whose folder does not exist", "      - path: data\n", "      - path: nowhere\n",
     ["mkdocs.yml: extra.explainer.sections[1].path: there is no folder docs/nowhere/; correct the path or create "
      "the folder"]),
    ("a section without its label", "        label: Data\n", "",
     ["mkdocs.yml: extra.explainer.sections[1]: missing required field 'label'; add it (the section's name for readers)"]),
    ("a page path that does not exist", "      catalogue: data/index.md\n", "      catalogue: data/catalogue.md\n",
     ["mkdocs.yml: extra.explainer.paths.catalogue: there is no page docs/data/catalogue.md; correct the path or "
      "create the page"]),
    ("a page path that is not a Markdown page", "      catalogue: data/index.md\n", "      catalogue: data/index.html\n",
     ['mkdocs.yml: extra.explainer.paths.catalogue: "data/index.html" is not valid here: expected the path of a page '
      "under docs/, ending in .md, e.g. about/glossary.md"]),
    ("a licence id that is not defined", ANCHOR, ANCHOR + "    site_licence: MIT\n",
     ["mkdocs.yml: extra.explainer.site_licence: 'MIT' is not one of the licences: OGL-UK-3.0, CC-BY-4.0; use one of "
      "them, or define it under extra.explainer.licences"]),
    ("a licence without an https address", ANCHOR, ANCHOR + "    licences:\n      MIT:\n        name: MIT Licence\n"
                                                            "        url: http://opensource.org/license/mit\n",
     ['mkdocs.yml: extra.explainer.licences.MIT.url: "http://opensource.org/license/mit" is not valid here: expected a '
      "web address starting with https://"]),
    ("a bad colour", ANCHOR, ANCHOR + "    palette:\n      highlight: orange\n",
     ['mkdocs.yml: extra.explainer.palette.highlight: "orange" is not valid here: expected a colour written as # and '
      "six hexadecimal digits, e.g. #12436d"]),
    ("a bad colour in a list", ANCHOR, ANCHOR + "    palette:\n      categorical: ['#12436d', '#28a19']\n",
     ['mkdocs.yml: extra.explainer.palette.categorical[1]: "#28a19" is not valid here: expected a colour written as # '
      "and six hexadecimal digits, e.g. #12436d"]),
    ("too few dark colours", ANCHOR, ANCHOR + "    palette:\n      dark:\n        categorical: ['#6fa8dc']\n",
     ["mkdocs.yml: extra.explainer.palette.dark.categorical: needs a dark colour for each of the 4 categorical "
      "colours"]),
    ("an id that is not a slug", ANCHOR, "    citation_prefix: Test Explainer\n",
     ['mkdocs.yml: extra.explainer.citation_prefix: "Test Explainer" is not valid here: expected lower-case letters, '
      "digits and single hyphens, e.g. my-explainer"]),
    ("no site_name", "site_name: Test explainer\n", "",
     ["mkdocs.yml: site_name: missing; add 'site_name: <the site's name>', e.g. site_name: Knife crime explained"]),
    ("no site_url", "site_url: https://example.org/test/\n", "",
     ["mkdocs.yml: site_url: missing; add 'site_url: <the site's full address>', e.g. site_url: "
      "https://example.org/explainer/"]),
    ("a site_url that is not a full address", "site_url: https://example.org/test/\n", "site_url: example.org/test/\n",
     ["mkdocs.yml: site_url: 'example.org/test/' is not a full address; write it with https://, e.g. "
      "https://example.org/explainer/"]),
    ("a colon in a value", "site_name: Test explainer\n", "site_name: Knife crime: the facts\n",
     ["mkdocs.yml:2: is not valid YAML: the value of site_name holds ': '; put the value in single quotes: "
      "site_name: 'Knife crime: the facts'"]),
    ("YAML broken by indentation", "    sections:\n", "   sections:\n",
     ["mkdocs.yml:32: is not valid YAML (expected <block end>, but found '<block mapping start>'); check the "
      "indentation and the colons near this line"]),
    ("extra that is a list", "extra:\n  explainer:\n", "extra:\n  - explainer:\n",
     ["mkdocs.yml: extra: must be key: value lines, with the engine's settings under explainer:"]),
    ("an explainer block that is a list", "extra:\n  explainer:\n",
     "extra:\n  explainer: [test-explainer]\n  unused:\n",
     ['mkdocs.yml: extra.explainer: expected an object, got ["test-explainer"]']),
    ("two mistakes at once", "      median_max: 12\n      page_max: 12\n", "      median_max: twelve\n      page_max: high\n",
     ['mkdocs.yml: extra.explainer.readability.median_max: expected a number, got "twelve"',
      'mkdocs.yml: extra.explainer.readability.page_max: expected a number, got "high"']),
]


def site_with(tmp_path: Path, old: str, new: str) -> Path:
    site = copy_site(MINI, tmp_path / "site")
    path = site / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in the small site's mkdocs.yml exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return site


@pytest.mark.parametrize(("old", "new", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_config_mistake_is_one_line_naming_the_key(tmp_path: Path, old: str, new: str, expected: list[str]):
    result = run("check", "--no-drawings", root=site_with(tmp_path, old, new))
    assert result.code == 1
    assert result.problems == expected
    assert result.err.splitlines()[-1] == (f"explainer: {len(expected)} problem(s) in 1 file(s); fix the "
                                           "configuration first.")


def test_config_error_is_raised_with_every_problem(tmp_path: Path):
    site = site_with(tmp_path, "      median_max: 12\n      page_max: 12\n", "      median_max: twelve\n      page_max: high\n")
    with pytest.raises(ConfigError) as error:
        config.load(site)
    assert [(p.file, p.where) for p in error.value.problems] == [
        ("mkdocs.yml", "extra.explainer.readability.median_max"), ("mkdocs.yml", "extra.explainer.readability.page_max")]


def test_missing_mkdocs_yml_is_one_clear_line(tmp_path: Path):
    result = run("check", root=tmp_path)
    assert result.code == 1
    assert result.err.splitlines() == [f"explainer: {tmp_path / 'mkdocs.yml'}: not found; run explainer in the folder "
                                       "that holds mkdocs.yml, or pass --root"]


# ---------------------------------------------------------------------------
# Defaults
# ---------------------------------------------------------------------------

def test_absent_keys_take_the_defaults():
    """The small site sets no pages, palette, licences, claims, strings or home label: each is the default."""
    site = config.load(MINI)
    pages = DEFAULTS["pages"]
    assert site.pages == config.PageRules(
        in_short_title=pages["in_short_title"], in_short_bullets=pages["in_short_bullets"],
        sources_heading=pages["sources_heading"], reviewed_line=pages["reviewed_line"],
        description_length=tuple(pages["description_length"]), required_headings={}, closing_box={})
    assert site.palette.categorical == tuple(DEFAULTS["palette"]["categorical"])
    assert site.palette.dark.categorical == tuple(DEFAULTS["palette"]["dark"]["categorical"])
    assert site.palette.highlight == DEFAULTS["palette"]["highlight"]
    assert sorted(site.licences) == sorted(DEFAULTS["licences"])
    assert site.site_licence == DEFAULTS["site_licence"]
    assert site.home_label == DEFAULTS["home_label"]
    assert site.named_numbers == ()
    assert dict(site.strings) == DEFAULTS["strings"]
    assert site.paths.charts == DEFAULTS["paths"]["charts"]
    assert site.paths.abbreviations == DEFAULTS["paths"]["abbreviations"]
    assert site.paths.fingerprint == ""


def test_set_keys_override_the_defaults_and_the_rest_remain():
    site = config.load(MINI)
    assert site.citation_prefix == "test-explainer" and site.data_package_name == "test-explainer-datasets"
    assert site.paths.changes == "changes.md" and site.paths.glossary == "glossary.md"
    assert site.paths.catalogue == DEFAULTS["paths"]["catalogue"]
    assert site.readability == config.Readability(sections=("topic",), median_max=12, page_max=12, in_short_max=12)
    assert [(s.path, s.label) for s in site.sections] == [("topic", "Topic"), ("data", "Data")]
    assert site.nav == ("index.md", "topic/index.md", "data/index.md", "changes.md", "glossary.md")
    assert site.url == "https://example.org/test/" and site.base == "/test/"


def test_one_key_of_a_block_overrides_only_that_key(tmp_path: Path):
    site = config.load(site_with(tmp_path, ANCHOR, ANCHOR + "    pages:\n      in_short_bullets: 4\n"
                                                            "    palette:\n      highlight: '#d4351c'\n"))
    assert site.pages.in_short_bullets == 4
    assert site.pages.sources_heading == DEFAULTS["pages"]["sources_heading"]
    assert site.palette.highlight == "#d4351c"
    assert site.palette.categorical == tuple(DEFAULTS["palette"]["categorical"])
