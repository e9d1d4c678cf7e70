"""Dutch as a person types and reads it: dates in and out, counts with the right plural.

Dates are accepted the way an IB writes them (`14-5-2018`, `14 mei 2018`, `vandaag`,
`over 2 weken`) besides ISO; they are shown as `3 december 2026`.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTH_WORDS = {name: n for n, name in enumerate(MONTHS, start=1)} | {
    "jan": 1,
    "feb": 2,
    "mrt": 3,
    "maa": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
_NUMBER_WORDS = {
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
}
_RELATIVE_DAYS = {"vandaag": 0, "morgen": 1, "overmorgen": 2, "gisteren": -1, "eergisteren": -2}
_UNITS = {
    "dag": "d",
    "dagen": "d",
    "week": "w",
    "weken": "w",
    "maand": "m",
    "maanden": "m",
    "jaar": "y",
    "jaren": "y",
}

DATE_HINT = "schrijf bijvoorbeeld 14-5-2026, 14 mei 2026, vandaag, morgen of over 2 weken"


class DateError(ValueError):
    """Text that is not a date; the message is Dutch and never echoes what was typed (a
    date of birth is personal data)."""


def format_date(day: dt.date | None) -> str:
    """`3 december 2026`; an empty string for no date."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def plural(count: int, one: str, many: str) -> str:
    """`1 dag`, `2 dagen`, `0 dagen`."""
    return f"{count} {one if count == 1 else many}"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _shift(today: dt.date, count: int, unit: str) -> dt.date:
    if unit == "d":
        return today + dt.timedelta(days=count)
    if unit == "w":
        return today + dt.timedelta(weeks=count)
    if unit == "m":
        return add_months(today, count)
    return add_months(today, 12 * count)


def _make(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError("dat is geen bestaande datum") from None


def parse_date(text: str, today: dt.date) -> dt.date:
    """A date as a Dutch user writes it; `today` anchors `vandaag`, `over 2 weken`."""
    raw = " ".join(text.strip().lower().replace(",", " ").split())
    if not raw:
        raise DateError("er is geen datum opgegeven")
    if raw in _RELATIVE_DAYS:
        return today + dt.timedelta(days=_RELATIVE_DAYS[raw])
    words = raw.split(" ")
    if words[0] in WEEKDAYS and len(words) > 1:
        words = words[1:]
        raw = " ".join(words)
    relative = re.fullmatch(r"(over )?(\S+) (\S+)( geleden)?", raw)
    if relative and (relative.group(1) or relative.group(4)) and relative.group(3) in _UNITS:
        count = _number(relative.group(2))
        if count is not None and not (relative.group(1) and relative.group(4)):
            sign = -1 if relative.group(4) else 1
            return _shift(today, sign * count, _UNITS[relative.group(3)])
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    if iso:
        return _make(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), text)
    numeric = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", raw)
    if numeric:
        return _make(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)), text)
    spelled = re.fullmatch(r"(\d{1,2}) ([a-z]+)\.?( \d{4})?", raw)
    if spelled and spelled.group(2) in _MONTH_WORDS:
        year = int(spelled.group(3)) if spelled.group(3) else today.year
        return _make(year, _MONTH_WORDS[spelled.group(2)], int(spelled.group(1)), text)
    raise DateError(f"dat is geen datum; {DATE_HINT}")
