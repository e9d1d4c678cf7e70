"""The command line: thin commands over the library.

A command parses its options, calls the library, prints the result, sets the exit code.
Errors are `ZorgrouteError`s, caught in one place (`app.ZorgrouteGroup.invoke`) and
printed in Dutch on stderr, never as a traceback.
"""

from __future__ import annotations

import os
import sys

# Each command module adds its commands to `app` when it is imported.
from . import (  # noqa: F401
    core,
    documents,
    dossier,
    followup,
    forms,
    gallery,
    handover,
    instruments,
    partners,
    report,
    retention,
    steps,
    tools,
    tracks,
)
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point."""
    if os.environ.get("_ZORGROUTE_COMPLETE"):
        from typer.completion import completion_init  # type: ignore[attr-defined]

        completion_init()  # the shell asks for completions: bash, zsh and fish
    try:
        app()
    except SystemExit:
        raise
    sys.exit(0)  # pragma: no cover
