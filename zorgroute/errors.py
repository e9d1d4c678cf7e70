"""Problems and the one exception family.

A `Problem` is data with a location; loaders and rules return lists of them and never
stop at the first. A `ZorgrouteError` carries problems to the one handler in the CLI,
which prints them. Neither ever holds pupil data: messages name files, fields and rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, located in a file when it can be."""

    path: str
    line: int
    col: int
    field: str
    message: str
    rule: str = ""
    hint: str = ""

    def format(self) -> str:
        field = f" {self.field}:" if self.field else ""
        rule = f" [{self.rule}]" if self.rule else ""
        if self.path:
            text = f"{self.path}:{self.line}:{self.col}:{field} {self.message}{rule}"
        else:  # input from options or prompts: no file to point at
            text = f"  -{field} {self.message}{rule}"
        if self.hint:
            text += f"\n    oplossing: {self.hint}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# Exit codes, documented in the README.
EXIT_PROBLEMS = 1  # check found problems; a document or record is invalid
EXIT_USAGE = 2  # wrong arguments, missing input in a non-interactive run
EXIT_REFUSED = 3  # a route rule refused the step; nothing was written
EXIT_NOT_FOUND = 4  # no repository, case or document with that name
EXIT_IO = 5  # the disk or repository could not be written, or is locked


class ZorgrouteError(Exception):
    """Base of every error a user can cause. Never prints; the CLI handler does."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str, problems: Iterable[Problem] = (), hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)
        self.hint = hint


class ValidationFailed(ZorgrouteError):
    exit_code = EXIT_PROBLEMS


class UsageError(ZorgrouteError):
    exit_code = EXIT_USAGE


class RuleRefused(ZorgrouteError):
    exit_code = EXIT_REFUSED


class NotFound(ZorgrouteError):
    exit_code = EXIT_NOT_FOUND


class WriteFailed(ZorgrouteError):
    exit_code = EXIT_IO
