"""Times of day: `tid` as meeting files write it, and as documents show it.

A time is "10:00" or "10.00" (the Danish form, a dot between hours and minutes), a span
"10:00-13:00", "10.00-13.00" or "10.00 – 13.00"; the hour may be one digit ("9.30"). Files
keep what was written; documents show every time as Danes write it, "10.00–13.00" (a dot, no
leading zero, an en dash between start and end), and the calendar reads the times from it.
The schemas' `tid` pattern is TIME's pattern, character for character (a test holds them equal).
"""

from __future__ import annotations

import datetime as dt
import re

TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])(?:[ \t]*[-–][ \t]*([01]?[0-9]|2[0-3])[:.]([0-5][0-9]))?$")


def parse_span(text: str) -> tuple[dt.time, dt.time | None] | None:
    """"10:00-13:00" → (10:00, 13:00); "10.00" → (10:00, None); anything else → None."""
    m = TIME.match(text.strip())
    if m is None:
        return None
    return dt.time(int(m[1]), int(m[2])), dt.time(int(m[3]), int(m[4])) if m[3] else None


def shown_time(text: str) -> str:
    """The time as a document shows it: "10:00-13:00" → "10.00–13.00"; a text that is no time
    (`tjek` reports it) as written."""
    span = parse_span(text)
    if span is None:
        return text
    start, end = span
    return _clock(start) + (f"–{_clock(end)}" if end else "")


def _clock(t: dt.time) -> str:
    return f"{t.hour}.{t.minute:02}"
