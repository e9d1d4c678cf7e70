"""Rendering the documents an act produces. (Filled in by the documents capability.)"""

from __future__ import annotations

import datetime as dt

from .engine import Loaded, Produced
from .models import RecordBase
from .route import Act


def documents_for_act(loaded: Loaded, act: Act, record: RecordBase,
                      day: dt.date) -> list[Produced]:
    return []
