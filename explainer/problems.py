"""A problem found in a site's files, printed as one line: `file:line: message` or `file: path: message`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a maintainer must fix: the file, where in it (a line number or a JSON path), and what to
    do."""

    file: str
    where: int | str | None
    message: str

    def __str__(self) -> str:
        if isinstance(self.where, int):
            return f"{self.file}:{self.where}: {self.message}"
        if self.where:
            return f"{self.file}: {self.where}: {self.message}"
        return f"{self.file}: {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, str]:
        """Files in order, then line numbers in order, then the message."""
        return (self.file, self.where if isinstance(self.where, int) else 0, str(self))


class ConfigError(Exception):
    """The site's configuration is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
