"""The clock time of content files: "13:30" in YAML, a datetime.time once validated, parsed in this one place."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

_HH_MM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _parse(value: Any) -> Any:
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, int) and not isinstance(value, bool):  # YAML 1.1 reads an unquoted 13:30 as the number 810
        raise ValueError("write the start time in quotes, e.g. \"13:30\" (unquoted, YAML reads it as a number)")
    found = _HH_MM.match(value) if isinstance(value, str) else None
    if found is None:
        raise ValueError(f"'{value}' is not a clock time: write it as HH:MM in quotes, e.g. \"13:30\"")
    return datetime.time(int(found.group(1)), int(found.group(2)))


# A time of day to the minute: "09:30" and "23:59" are clock times, "9:30", "25:00" and 13:30 unquoted are not.
ClockTime = Annotated[datetime.time, BeforeValidator(_parse), PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str)]


def minute_of_day(clock: datetime.time) -> int:
    """Minutes since midnight."""
    return clock.hour * 60 + clock.minute
