"""Numbers as written in prose: find them, read their value and precision, and recognise those that are not
claims."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
SCALES = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}

# A numeral with its currency, percentage and scale: "£3.9 billion", "38%", "45,774", "2.46bn", "17 per cent".
NUMERAL = re.compile(
    r"(?<![\w.,/#])(?P<cur>[£$€])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?![\w,]*\d)"
    r"(?:(?P<pct>\s?%|\s+per\s+cent\b|\s+percentage\s+points?\b))?"
    r"(?:\s?(?P<scale>(?i:trillion|billion|million|thousand)|bn|m|k)\b)?(?![\w-]*\d)",
)
# Spelled-out quantities: these are claims too ("ten times", "half of", "thousands of").
WORD_QUANTITY = re.compile(
    r"\b(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|twice|"
    r"(?:doubled?|tripled?|trebled?|quadrupled?)(?!-)|tenfold|"
    r"(?:a|one|two)[ -]thirds?|(?:a|one|three)[ -]quarters?)\b",
    re.I,
)
# Numbers that are not quantities: dates, periods, ordinals, times, and names with numbers in them.
NOT_CLAIMS = [
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b(?:,?\s+\d{{4}})?"),  # 22 November 2026
    re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,\s+\d{{4}}\b"),  # November 22, 2026
    re.compile(rf"\b(?:{MONTHS})\s+(?:19|20)\d{{2}}\b"),  # November 2026
    re.compile(
        r"\b(?:19|20)\d{2}\s*(?:-|–|/|to)\s*(?:19|20)?\d{2}\b(?!\s*(?:%|per cent))"
    ),  # 2015-16, 2015 to 2019
    re.compile(r"\b(?:19|20)\d{2}s\b"),  # the 1990s
    re.compile(
        r"(?<![£$€\d,.])\b(?:1[89]\d{2}|20\d{2}|2100)\b(?![,.]?\d|\s*(?:%|per cent|million|billion))"
    ),  # a year
    re.compile(r"\b[Qq][1-4]\b|\bquarter\s+[1-4]\b"),  # Q3, quarter 3
    re.compile(r"\b\d+(?:st|nd|rd|th)\b"),  # ordinals
    re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b", re.I),  # times
    re.compile(r"\b\d{1,2}\s*(?:am|pm)\b", re.I),
    re.compile(r"\b24/7\b"),
    re.compile(
        r"\b(?:Schedules|Parts|Chapters|Clauses|Regulations|Paragraphs|Recommendations|Tiers|Levels|Stages|"
        r"Steps|Phases|Pillars|Annexes|"
        r"Schedule|Part|Section|Sections|Article|Articles|Chapter|Figure|Figures|Table|Tables|Tier|Level|"
        r"Annex|Clause|Regulation|Pillar|Stage|Step|Phase|Recommendation|Box|Paragraph|Rule|Class|Key Stage|"
        r"Category|Volume|Version|Wave|Round|Series|Endnote|Endnotes|Note|Notes|Chart|Map|Appendix|Goal|Target|Source|Sources|"
        r"schedule|part|section|sections|article|chapter|figure|figures|table|tables|endnote|endnotes|note|notes|"
        r"paragraph|page|pages|p\.|pp\.|recommendation|recommendations|pillar|goal|target|source|sources)\s+\d+(?:\.\d+)*[A-Za-z]?"
        r"(?:(?:,\s+|\s+and\s+|\s+to\s+|\s*[-–]\s*)\d+[A-Za-z]?)*\b"
        r"(?![.,]?\d|\s?%|\s+per\s+cent)"
    ),  # but not "the figure 45,774"
    re.compile(r"\b(?:[A-Z]{2,}|[Vv]ersion|v)\s?\d+(?:\.\d+)+\b"),  # WCAG 2.2, CC BY 4.0
    re.compile(r"\b[A-Za-z]+[-‑]?\d+[A-Za-z]*\b"),  # COVID-19, G7, MI5, M25
    re.compile(r"\b\d+(?!bn\b|m\b|k\b|st\b|nd\b|rd\b|th\b|s\b)[A-Za-z]{1,3}\b"),  # 4G, 5G, 3D
]


@dataclass(frozen=True)
class Written:
    """A number as written: its value in absolute units, how many decimals it shows, and what kind of
    quantity it is."""

    text: str
    value: float
    decimals: int
    scale: float
    kind: str  # 'percent', 'money' or 'count'
    start: int
    end: int

    @property
    def in_own_scale(self) -> float:
        return self.value / self.scale

    @property
    def trailing_zeros(self) -> int:
        """How many zeros end a whole number written without decimals (17,000 -> 3): the rounding it may
        carry."""
        if self.decimals:
            return 0
        if not math.isfinite(self.in_own_scale):
            return 0
        digits = str(round(self.in_own_scale))
        return len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0

    @property
    def significant_digits(self) -> int:
        digits = f"{self.in_own_scale:.{self.decimals}f}".replace(".", "").lstrip("0-")
        return len(digits.rstrip("0")) if not self.decimals else len(digits)


def parse(match: re.Match[str]) -> Written:
    """The value a NUMERAL match stands for."""
    number = float(match.group("num").replace(",", "") + (match.group("dec") or ""))
    scale = SCALES.get((match.group("scale") or "").lower(), 1.0)
    if match.group("pct"):
        kind = "percent"
    elif match.group("cur"):
        kind = "money"
    else:
        kind = "count"
    decimals = len(match.group("dec") or "") - (1 if match.group("dec") else 0)
    text = re.sub(r"\s+", " ", match.group(0).strip())  # one line, as messages show it
    return Written(text, number * scale, decimals, scale, kind, match.start(), match.end())


def numerals(text: str) -> list[Written]:
    """Every numeral in text (after non-claims have been blanked out)."""
    return [parse(m) for m in NUMERAL.finditer(text)]


def blank(text: str, start: int, end: int) -> str:
    """Replace a span with spaces, keeping every other character's position."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


NOT_NEWLINE = re.compile(r"[^\n]")


def _spaces(match: re.Match[str]) -> str:
    return NOT_NEWLINE.sub(" ", match.group(0))


def blank_matches(text: str, pattern: re.Pattern[str]) -> str:
    """Every match of a pattern replaced with spaces (line breaks kept), in one pass."""
    return pattern.sub(_spaces, text)


@cache
def names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a set of exact names, longest first, each standing alone."""
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def blank_not_claims(text: str, names: tuple[str, ...] | list[str] = ()) -> str:
    """Blank out dates, ordinals, names with numbers and the given exact names, so only quantities remain.
    """
    named = names_pattern(tuple(names))
    if named is not None:
        text = blank_matches(text, named)
    for pattern in NOT_CLAIMS:
        text = blank_matches(text, pattern)
    return text


def equal_as_written(written: Written, value: float) -> bool:
    """True if value, rounded as the text rounds it (to its decimals, in its own scale), is what the text
    says."""
    shown = round(value / written.scale, written.decimals)
    return math.isclose(shown, round(written.in_own_scale, written.decimals), rel_tol=0, abs_tol=1e-9)


def rounded_as_written(written: Written, value: float) -> bool:
    """True if the text is value rounded to the whole tens, hundreds or thousands its trailing zeros show.
    """
    zeros = written.trailing_zeros
    if not zeros:
        return False
    return round(value / written.scale, -zeros) == round(written.in_own_scale)


def format_plain(value: float) -> str:
    """A value for a message: thousands separators, no needless decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.10g}" if abs(value) < 1e15 else str(value)
