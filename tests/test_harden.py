"""The Content Security Policy step (explainer/harden.py): which inline scripts are hashed, the exact policy, where the
meta tag goes, and which files of a built site are rewritten. Fast unit tests on small pages written here."""

from __future__ import annotations

import base64
import hashlib
import io
import os
from pathlib import Path

import pytest
from explainer.harden import harden, harden_site, script_hashes

POLICY_WITHOUT_SCRIPTS = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
                          "form-action 'self'; frame-src 'self'")


def sha(body: str) -> str:
    """The CSP source expression of a script body, computed independently of the engine."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def page(head: str = "", body: str = "", charset: str = '<meta charset="utf-8">') -> str:
    return f"<!doctype html>\n<html>\n<head>\n    {charset}\n    <title>T</title>{head}\n</head>\n<body>{body}</body>\n</html>\n"


def csp_of(html: str) -> str:
    start = html.index('<meta http-equiv="Content-Security-Policy" content="') + len(
        '<meta http-equiv="Content-Security-Policy" content="')
    return html[start:html.index('">', start)]


# -- script_hashes --------------------------------------------------------------------------------------------------

def test_an_inline_script_is_hashed_as_sha256_of_its_exact_body() -> None:
    body = "\n  window.x = 'é';\n"  # a newline and a non-ASCII letter: the body is hashed as UTF-8, newlines included
    assert script_hashes(page(body=f"<script>{body}</script>")) == [sha(body)]


def test_a_script_with_attributes_is_hashed_by_its_body_only() -> None:
    assert script_hashes(page(body='<script type="text/javascript" async>go()</script>')) == [sha("go()")]


def test_an_external_script_is_not_hashed() -> None:
    html = page(head='<script src="assets/app.js"></script><script defer src=x.js></script>')
    assert script_hashes(html) == []


@pytest.mark.parametrize("tag", ['<script type="application/ld+json">{"a": 1}</script>',
                                 "<script type='application/json'>{}</script>",
                                 "<script type=application/json>[]</script>"])
def test_a_json_data_block_is_not_hashed(tag: str) -> None:
    assert script_hashes(page(body=tag)) == []


def test_a_module_script_is_hashed_like_any_other() -> None:
    assert script_hashes(page(body='<script type="module">m()</script>')) == [sha("m()")]


def test_each_script_is_hashed_once_and_the_hashes_are_sorted() -> None:
    bodies = ["a()", "b()", "c()", "d()"]
    html = page(body="".join(f"<script>{b}</script>" for b in bodies + bodies))
    assert script_hashes(html) == sorted({sha(b) for b in bodies})
    assert len(script_hashes(html)) == 4


def test_inline_scripts_after_an_external_script_are_still_hashed() -> None:
    html = page(head='<script src="a.js"></script>', body="<script>late()</script>")
    assert script_hashes(html) == [sha("late()")]


def test_inline_scripts_after_a_json_block_are_still_hashed() -> None:
    html = page(head='<script type="application/ld+json">{}</script>', body="<script>late()</script>")
    assert script_hashes(html) == [sha("late()")]


def test_a_page_without_scripts_has_no_hashes() -> None:
    assert script_hashes(page()) == []


# -- harden ----------------------------------------------------------------------------------------------------------

def test_a_page_without_inline_scripts_gets_the_policy_without_hashes() -> None:
    assert csp_of(harden(page())) == POLICY_WITHOUT_SCRIPTS


def test_the_policy_lists_every_inline_script_hash_after_self() -> None:
    html = harden(page(body="<script>b()</script><script>a()</script>"))
    hashes = " ".join(sorted([sha("a()"), sha("b()")]))
    assert csp_of(html) == POLICY_WITHOUT_SCRIPTS.replace("script-src 'self';", f"script-src 'self' {hashes};")


def test_the_meta_tag_goes_straight_after_meta_charset_on_its_own_line() -> None:
    html = harden(page())
    expected = ('<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" '
                f'content="{POLICY_WITHOUT_SCRIPTS}">\n    <title>T</title>')
    assert expected in html
    assert html.startswith("<!doctype html>\n<html>\n<head>\n    <meta charset")


def test_hardening_changes_nothing_but_adding_the_meta_tag() -> None:
    original = page(body="<p>Text</p><script>x()</script>")
    hardened = harden(original)
    tag = f'\n    <meta http-equiv="Content-Security-Policy" content="{csp_of(hardened)}">'
    assert hardened.replace(tag, "", 1) == original


@pytest.mark.parametrize("charset", ['<meta charset="utf-8">', "<meta charset='UTF-8'>", "<meta charset=utf-8>",
                                     '<META CHARSET="Utf-8">'])
def test_every_spelling_of_meta_charset_utf8_is_found(charset: str) -> None:
    html = harden(page(charset=charset))
    assert f'{charset}\n    <meta http-equiv="Content-Security-Policy"' in html


def test_a_page_without_meta_charset_is_refused() -> None:
    with pytest.raises(RuntimeError) as raised:
        harden(page(charset='<meta charset="latin-1">'))
    assert str(raised.value) == "page has no <meta charset=utf-8>; cannot place the CSP before any script"


def test_only_the_first_meta_charset_gets_the_policy() -> None:
    html = harden(page(body='<meta charset="utf-8">'))
    assert html.count("Content-Security-Policy") == 1
    assert html.index("Content-Security-Policy") < html.index("<title>")


def test_an_existing_policy_is_replaced_not_duplicated() -> None:
    stale = page(head='\n    <meta http-equiv="content-security-policy" content="default-src *">')
    html = harden(stale)
    assert html.count("Content-Security-Policy") + html.count("content-security-policy") == 1
    assert "default-src *" not in html
    assert csp_of(html) == POLICY_WITHOUT_SCRIPTS


def test_hardening_twice_gives_the_same_page() -> None:
    once = harden(page(body="<script>x()</script>"))
    assert harden(once) == once


def test_a_script_added_later_is_hashed_when_hardened_again() -> None:
    once = harden(page(body="<script>x()</script>"))
    twice = harden(once.replace("</body>", "<script>y()</script></body>"))
    assert sha("y()") in csp_of(twice) and sha("x()") in csp_of(twice)


# -- harden_site -----------------------------------------------------------------------------------------------------

def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_page_of_a_site_is_hardened_and_counted(tmp_path: Path) -> None:
    originals = {"index.html": page(body="<script>a()</script>"), "topic/index.html": page(),
                 "charts/x/index.html": page(body="<script>b()</script>")}
    for name, text in originals.items():
        write(tmp_path / name, text)
    assert harden_site(tmp_path) == 3
    for name, text in originals.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == harden(text), name
    assert sha("b()") in csp_of((tmp_path / "charts" / "x" / "index.html").read_text(encoding="utf-8"))


def test_embed_views_keep_their_own_policy_and_are_not_counted(tmp_path: Path) -> None:
    embed = page(head='\n<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">')
    path = write(tmp_path / "charts" / "x" / "embed.html", embed)
    write(tmp_path / "index.html", page())
    assert harden_site(tmp_path) == 1
    assert path.read_text(encoding="utf-8") == embed


def test_files_that_are_not_html_pages_are_left_alone(tmp_path: Path) -> None:
    svg = write(tmp_path / "charts" / "x" / "x.svg", "<svg><script>a()</script></svg>")
    feed = write(tmp_path / "feed.xml", "<feed/>")
    assert harden_site(tmp_path) == 0
    assert svg.read_text(encoding="utf-8") == "<svg><script>a()</script></svg>"
    assert feed.read_text(encoding="utf-8") == "<feed/>"


def test_pages_are_read_and_written_as_utf8_whatever_the_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a machine whose locale is not UTF-8, text read or written without an explicit encoding would be mangled."""
    original = page(body="<p>Crime – “organised”, £3.5 bn, naïve</p><script>x('é')</script>")
    path = write(tmp_path / "index.html", original)
    monkeypatch.setattr(io, "text_encoding", lambda encoding, stacklevel=2: encoding or "latin-1")
    harden_site(tmp_path)
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == harden(original)


def test_a_page_already_hardened_is_not_rewritten(tmp_path: Path) -> None:
    path = write(tmp_path / "index.html", harden(page()))
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert harden_site(tmp_path) == 1
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_a_site_page_without_meta_charset_stops_the_step(tmp_path: Path) -> None:
    write(tmp_path / "index.html", page(charset=""))
    with pytest.raises(RuntimeError):
        harden_site(tmp_path)
