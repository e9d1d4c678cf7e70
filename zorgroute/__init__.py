"""zorgroute: care dossiers of pupils as YAML files in git, moved along a care route.

The public surface is small; everything else may move.
"""

from .check import CheckResult, check_repository
from .engine import load, next_acts, perform
from .errors import Problem, ZorgrouteError
from .repo import Repository, open_repository

__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "Problem",
    "Repository",
    "ZorgrouteError",
    "check_repository",
    "load",
    "next_acts",
    "open_repository",
    "perform",
]
