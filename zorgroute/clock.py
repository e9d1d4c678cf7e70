"""Where "today" comes from: the environment variable ZORGROUTE_TODAY, or the calendar.

Read once by the CLI and passed down, so examples and tests give the same result on any day.
"""

from __future__ import annotations

import datetime as dt
import os

from zorgroute.errors import UsageError

ENV = "ZORGROUTE_TODAY"


def today(environ: dict[str, str] | None = None) -> dt.date:
    value = (environ if environ is not None else os.environ).get(ENV, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{ENV} is geen geldige datum",
            hint=f"zet {ENV} op een datum als 2026-11-23, of maak de variabele leeg",
        ) from None


def now(day: dt.date) -> dt.datetime:
    """A timestamp on `day`: the real time of day (to the millisecond), so records made on
    one day keep the order in which they were made."""
    clock = dt.datetime.now()
    clock = clock.replace(microsecond=clock.microsecond // 1000 * 1000)
    return dt.datetime.combine(day, clock.time())
