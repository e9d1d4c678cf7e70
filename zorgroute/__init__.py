"""zorgroute: care dossiers of pupils as YAML files in git, moved along a care route.

The public surface is small; everything else may move. Names are imported on first use,
so that `zorgroute --help` does not pay for pydantic models it does not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "CheckResult": "domain.check",
    "check_repository": "domain.check",
    "load": "domain.engine",
    "next_acts": "domain.engine",
    "perform": "domain.engine",
    "Problem": "errors",
    "ZorgrouteError": "errors",
    "Repository": "store.repo",
    "open_repository": "store.repo",
}

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

if TYPE_CHECKING:
    from zorgroute.domain.check import CheckResult, check_repository
    from zorgroute.domain.engine import load, next_acts, perform
    from zorgroute.errors import Problem, ZorgrouteError
    from zorgroute.store.repo import Repository, open_repository


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'zorgroute' has no attribute {name!r}")
