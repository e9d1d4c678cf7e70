"""Break opportunities for text that has none, so nothing runs past the margin.

The PDF engine hyphenates Dutch words itself and breaks at spaces and hyphens. What it cannot
break is a very long word without a hyphenation point, an e-mail address or a web address:
those get soft hyphens where Dutch hyphenation (pyphen) allows them, an invisible break
opportunity after "@", ".", "/", "_" and "-", and, as a last resort, one every few letters.
Names and ordinary words are never touched, so their text stays exactly as written.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

ZWSP = "\u200b"  # zero-width space: a break opportunity that prints nothing
SHY = "\u00ad"  # soft hyphen: a break opportunity that prints "-" when used
LONG = 26  # tokens up to this length are left alone
CHUNK = 16  # longest run without any break opportunity after treatment

_TOKEN = re.compile(r"\S+")
_ADDRESS_BREAK = re.compile(r"(?<=[@./_\-])(?=.)")
_WORD = re.compile(r"^[^\W\d_]+$")


@cache
def _dutch() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="nl_NL")


def _chunk(text: str) -> str:
    """A break opportunity every CHUNK characters in runs that have none."""
    out: list[str] = []
    run = 0
    for ch in text:
        out.append(ch)
        run = 0 if ch in (ZWSP, SHY, "-", "/") else run + 1
        if run >= CHUNK:
            out.append(ZWSP)
            run = 0
    if out and out[-1] == ZWSP:
        out.pop()
    return "".join(out)


def _token(token: str) -> str:
    if len(token) <= LONG:
        return token
    if _WORD.match(token):
        token = _dutch().inserted(token, hyphen=SHY)
    else:
        token = _ADDRESS_BREAK.sub(ZWSP, token)
    return _chunk(token)


def breakable(text: str) -> str:
    """`text` with break opportunities in its overlong tokens."""
    return _TOKEN.sub(lambda m: _token(m.group(0)), text)
