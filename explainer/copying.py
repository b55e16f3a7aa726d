"""Own words: no run of eight words copied from the source documents (compared through hashes, so the texts
stay private)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

RUN = 8  # words in a row that count as copying


def words(text: str) -> list[str]:
    """Lower-case words, numbers, £ and %, with apostrophes kept inside words."""
    return re.findall(r"[a-z0-9£%]+(?:['’][a-z]+)?", text.lower().replace("’", "'"))


def run_hash(run: tuple[str, ...]) -> str:
    return hashlib.blake2b(" ".join(run).encode(), digest_size=6).hexdigest()


def fingerprint_of(texts: Iterable[str]) -> set[str]:
    """Hashes of every run of eight words in the texts."""
    hashes: set[str] = set()
    for text in texts:
        tokens = words(text)
        hashes.update(run_hash(tuple(tokens[i : i + RUN])) for i in range(len(tokens) - RUN + 1))
    return hashes


def write_fingerprint(sources: Path, target: Path) -> int:
    """Hash every *.txt document in a folder into a fingerprint file; returns how many runs it holds."""
    hashes = fingerprint_of(p.read_text(encoding="utf-8") for p in sorted(sources.glob("*.txt")))
    target.write_text("\n".join(sorted(hashes)) + "\n", encoding="utf-8")
    return len(hashes)


@cache
def load_fingerprint(path: Path) -> frozenset[str]:
    return frozenset(path.read_text(encoding="utf-8").split()) if path.is_file() else frozenset()


def without_quotes_and_titles(text: str) -> str:
    """Drop what may rightly repeat a source: quotations, linked and italic titles, code, URLs, HTML and
    attributes."""
    text = re.sub(r"“[^”]*”|\"[^\"\n]*\"", " ", text)
    text = re.sub(r"\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"(?<![*\w])\*[^*\n]+\*(?!\*)", " ", text)
    text = re.sub(r"`[^`]*`|<https?://[^>]+>|https?://\S+|\{[^}]*\}|<[^>]+>", " ", text)
    return re.sub(r"^--8<--.*$", " ", text, flags=re.M)


def copied_runs(text: str, fingerprint: frozenset[str]) -> list[str]:
    """Runs of eight words that also occur in a source; runs that are mostly numbers are facts, not
    wording."""
    tokens = words(without_quotes_and_titles(text))
    runs = (tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1))
    return [
        " ".join(run)
        for run in runs
        if run_hash(run) in fingerprint and sum(any(c.isalpha() for c in t) for t in run) >= 6
    ]
