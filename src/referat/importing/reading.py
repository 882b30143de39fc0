"""Old minutes read whole: the head, the agenda items and what is said under them, from one
text (OCR output, or what importing.sources made of a Word or PDF file)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from referat.importing.head import Attendance, Head, read_head
from referat.importing.items import Item, read_items
from referat.registry import Registry

SIMILAR = 85  # how alike (rapidfuzz partial ratio) a title and "under punktet om …" must be
_ABOUT = re.compile(r"\bpunkte(?:t|rne)\s+(?:om|vedr\.?|vedrørende)\s+(?P<about>.+)$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Minutes:
    head: Head
    items: list[Item]


def read_minutes(text: str, reg: Registry) -> Minutes:
    head = read_head(text, reg)
    items = read_items(head.text, reg, head.date)
    head.attendees = [_with_items(a, items) for a in head.attendees]
    return Minutes(head, items)


def _with_items(a: Attendance, items: list[Item]) -> Attendance:
    """Partial attendance named by topic ("deltog under punktet om standardkontrakter") gets the
    number of the one item whose title the topic matches; the note stays, for the comment."""
    m = _ABOUT.search(a.note)
    if a.items or not m or not items:
        return a
    from rapidfuzz import fuzz

    about = " ".join(m["about"].split()).casefold()
    alike = [i for i in items if fuzz.partial_ratio(" ".join(i.title.split()).casefold(), about) >= SIMILAR]
    return dataclasses.replace(a, items=(alike[0].number,)) if len(alike) == 1 else a
