"""Old minutes read whole, from one text (OCR output, or what importing.sources made of a Word
or PDF file): the head, the agenda items with what is said under them, the decisions, the
tasks, and what goes on the next meeting's agenda."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from referat.importing.decisions import Decision, read_decisions
from referat.importing.head import Attendance, Head, read_head
from referat.importing.items import Item, read_items
from referat.importing.tasks import FoundTask, next_meeting, read_next_items, read_tasks
from referat.registry import Registry

SIMILAR = 85  # how alike (rapidfuzz partial ratio) a title and "under punktet om …" must be
_ABOUT = re.compile(r"\bpunkte(?:t|rne)\s+(?:om|vedr\.?|vedrørende)\s+(?P<about>.+)$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Minutes:
    head: Head
    items: list[Item]
    decisions: list[Decision] = field(default_factory=list)
    tasks: list[FoundTask] = field(default_factory=list)
    next_items: list[str] = field(default_factory=list)  # "Punkter til næste møde"
    next_date: dt.date | None = None  # the next meeting, where the text names its date


def read_minutes(text: str, reg: Registry) -> Minutes:
    head = read_head(text, reg)
    items = read_items(head.text, reg, head.date)
    head.attendees = [_with_items(a, items) for a in head.attendees]
    if head.date is None:  # no meeting: nothing more to read (meetingfile says why)
        return Minutes(head, items)
    return Minutes(head, items, read_decisions(items), read_tasks(items, reg, head.date),
                   read_next_items(head.text), next_meeting(items, head.date))


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
