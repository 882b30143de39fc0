"""A group's year as planned and as held: the dates of its meeting plan (gruppe.yaml's
`moedeplan`) reconciled with its meeting files, so `ny`, the annual report, the documents'
"Møde n/m", the calendar and `tjek` agree on which meetings a year has.

A meeting file on a plan date is that plan date. A meeting file on another date replaces the
nearest plan date of the same year that no file has, if that lies at most NEAR_DAYS days from
it (a meeting moved a month, say); the closest such pairs are settled first, and each plan date
is replaced by at most one meeting. The plan dates nothing replaced stay planned. Pure: it
works on dates, paths and statuses; the callers bring them (the meetings they read, or the
archive's summaries).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from referat.archive import Archive
from referat.model import Group, Meeting

NEAR_DAYS = 45  # how far a meeting may lie from the plan date it replaces
HELD = ("udkast", "godkendt")


@dataclass(frozen=True, order=True)
class Slot:
    """One meeting of a group's year: a meeting file, or a plan date no file replaced."""

    date: dt.date
    path: str = ""  # the meeting file; "" for a plan date without one
    status: str = ""  # the file's status; "" for a plan date without a file
    plan_date: dt.date | None = None  # the plan date the meeting is or replaces; None: outside the plan

    @property
    def held(self) -> bool:
        return self.status in HELD

    @property
    def replaces(self) -> bool:
        """A meeting file that stands for a plan date of another day."""
        return bool(self.path) and self.plan_date is not None and self.plan_date != self.date


def reconcile(plan: Iterable[dt.date], meetings: Iterable[tuple[dt.date, str, str]]) -> list[Slot]:
    """The group's meetings, (date, path, status) each, with the plan dates none of them is or
    replaces; sorted by date."""
    files = sorted(meetings)
    free = set(plan)
    stands_for: dict[int, dt.date] = {}
    for i, (day, _, _) in enumerate(files):
        if day in free:
            stands_for[i] = day
            free.discard(day)
    pairs = sorted((abs((p - day).days), p, i) for i, (day, _, _) in enumerate(files) if i not in stands_for
                   for p in free if p.year == day.year and abs((p - day).days) <= NEAR_DAYS)
    for _, p, i in pairs:
        if i not in stands_for and p in free:
            stands_for[i] = p
            free.discard(p)
    slots = [Slot(day, path, status, stands_for.get(i)) for i, (day, path, status) in enumerate(files)]
    return sorted(slots + [Slot(p, plan_date=p) for p in free])


def plan_dates(group: Group) -> list[dt.date]:
    return sorted(d for dates in group.plan.values() for d in dates)


def in_year(slots: Iterable[Slot], year: int) -> list[Slot]:
    return [s for s in slots if s.date.year == year]


def number(slots: list[Slot], day: dt.date) -> tuple[int, int] | None:
    """(n, m): the meeting on day is the n-th of the m meetings of its year (held and still
    planned, the plan dates no meeting replaced included); None when no meeting is on day."""
    return next((at for s, at in numbering(in_year(slots, day.year)) if s.date == day and s.path), None)


def numbering(slots: list[Slot]) -> list[tuple[Slot, tuple[int, int]]]:
    """Each slot with (n, m), its place among the meetings of its year and their count."""
    years: dict[int, list[Slot]] = {}
    for s in slots:
        years.setdefault(s.date.year, []).append(s)
    return [(s, (i, len(year))) for year in years.values() for i, s in enumerate(year, 1)]


def of_archive(rep: Archive, group: Group) -> list[Slot]:
    """The group's slots from the archive's summaries of its meeting files (cached per file)."""
    return reconcile(plan_dates(group), ((dt.date.fromordinal(s.day), path, s.status)
                                         for path, s in rep.summaries(group.id).items() if s.day is not None))


def of_meetings(group: Group, meetings: Iterable[Meeting]) -> list[Slot]:
    """The group's slots from meetings already read."""
    return reconcile(plan_dates(group), ((m.date, m.path, m.status) for m in meetings if m.group_folder == group.id))
