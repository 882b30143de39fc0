"""Action items across all meetings: extracted, resolved, identified, filtered and sorted."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import NamedTuple

from referat import datoer
from referat.archive import Repository, read_derived
from referat.errors import ReferatError
from referat.model import Meeting
from referat.registry import Registry, key


@dataclass(frozen=True)
class Owner:
    kind: str  # "person", "organisation", "gruppe", "alle_kommuner", "ukendt"
    id: str
    name: str


class TaskRecord(NamedTuple):  # a tuple: made by the ten thousand from the task cache
    id: str  # "2025-03-07-3": the meeting's date and the task's place among its tasks
    full_id: str  # "boern-og-unge/2025-03-07-3": unique even when two groups met the same day
    group: str
    group_name: str
    meeting: dt.date
    item: str | None
    item_title: str
    text: str
    owners: tuple[Owner, ...]
    deadline: datoer.Deadline | None
    deadline_text: str
    done: bool
    closed: dt.date | None
    path: str
    line: int
    last_line: int

    def overdue(self, today: dt.date) -> bool:
        return not self.done and self.deadline is not None and self.deadline.date < today


class TaskRow(NamedTuple):
    """One task as the task cache holds it: plain values, dates as ordinals. Owners are kept
    as written (a tuple: it keys the owners already resolved) and resolved against the
    registries only when the records are made, so nothing here depends on them."""

    index: int
    item: str | None
    item_title: str
    text: str
    owner_texts: tuple[str, ...]
    deadline: tuple[int, str, str] | None  # (date as ordinal, precision, text)
    deadline_text: str
    done: bool
    closed: int | None  # date as ordinal
    path: str
    line: int
    last_line: int


class MeetingTasks(NamedTuple):
    """What one meeting file says about its tasks; `opgaver` loads this for every meeting."""

    day: int | None  # the meeting's date as ordinal
    folder: str | None  # its group folder
    rows: tuple[TaskRow, ...]


def task_rows(m: Meeting | None) -> MeetingTasks | None:
    """The tasks of a meeting as MeetingTasks; None for a file that could not be read."""
    if m is None:
        return None
    if m.date is None or not m.group_folder:
        return MeetingTasks(None, None, ())
    rows = []
    for t in m.tasks:
        item = m.item(t.item) if t.item else None
        deadline = _deadline(t.deadline_text, m.date)
        closed = _date(t.closed_text)
        rows.append(TaskRow(t.index, t.item, item.title if item else "", t.text, tuple(ref.text for ref in t.owners),
                            (deadline.date.toordinal(), deadline.precision, deadline.text) if deadline else None,
                            t.deadline_text, t.done, closed.toordinal() if closed else None, m.path, t.line,
                            t.last_line))
    return MeetingTasks(m.date.toordinal(), m.group_folder, tuple(rows))


def read_all(rep: Repository, closed: bool = True) -> tuple[list[TaskRecord], int]:
    """Every task of every meeting file (only the open ones unless closed), by way of the
    task cache; and how many files could not be read at all. Tasks whose deadline cannot be
    read keep their text as written and count as having no deadline (`tjek` reports them)."""
    per_meeting = read_derived(rep, "opgaver", lambda read: task_rows(read.meeting), MeetingTasks | None)
    readable = [m for m in per_meeting if m is not None]
    return _records(rep, readable, closed), len(per_meeting) - len(readable)


def _records(rep: Repository, per_meeting: list[MeetingTasks], closed: bool) -> list[TaskRecord]:
    """TaskRecords from the cached rows: owners resolved against the registries, and ids
    made unique across groups."""
    reg = rep.registry
    first_group: dict[int, str] = {}
    ambiguous = set()  # dates on which several groups met: their ids carry the group
    for day, folder, _ in per_meeting:
        if day is not None and first_group.setdefault(day, folder) != folder:
            ambiguous.add(day)
    group_names = {gid: g.name for gid, g in reg.groups.items()}
    # The same few names recur in every meeting: each text is resolved once, each combination made once.
    owner: dict[str, Owner] = {}
    owners_of: dict[tuple[str, ...], tuple[Owner, ...]] = {}
    day_of, new = dt.date.fromordinal, tuple.__new__  # tuple.__new__: no Python call per record
    made = []
    for day, folder, rows in per_meeting:
        if not rows:
            continue
        meeting, group_name = day_of(day), group_names.get(folder, folder)
        prefix = f"{meeting.isoformat()}-"
        for index, item, title, text, owner_texts, deadline, deadline_text, done, closed_on, path, line, last in rows:
            if done and not closed:
                continue
            owners = owners_of.get(owner_texts)
            if owners is None:
                for o in owner_texts:
                    if o not in owner:
                        owner[o] = resolve_owner(reg, o)
                owners = owners_of[owner_texts] = tuple(owner[o] for o in owner_texts)
            full_id = f"{folder}/{prefix}{index}"
            made.append(new(TaskRecord, (
                full_id if day in ambiguous else f"{prefix}{index}", full_id, folder, group_name, meeting, item,
                title, text, owners,
                new(datoer.Deadline, (day_of(deadline[0]), deadline[1], deadline[2])) if deadline else None,
                deadline_text, done, day_of(closed_on) if closed_on else None, path, line, last)))
    return made


def _deadline(text: str, meeting: dt.date) -> datoer.Deadline | None:
    if not text:
        return None
    try:
        return datoer.parse_deadline(text, meeting.year, meeting_date=meeting)
    except datoer.DateError:
        return None


def _date(text: str) -> dt.date | None:
    try:
        return datoer.parse_date(text) if text else None
    except datoer.DateError:
        return None


def resolve_owner(reg: Registry, text: str) -> Owner:
    found = reg.resolve(text)
    if found is None:
        return Owner("ukendt", "", text)
    if found.kind == "person":
        return Owner("person", found.id, reg.persons[found.id].name)
    if found.kind == "organisation":
        org = reg.organisations[found.id]
        return Owner("organisation", found.id, org.short or org.name)
    if found.kind == "gruppe":
        return Owner("gruppe", found.id, reg.groups[found.id].name)
    return Owner("alle_kommuner", found.id, "alle kommuner")


def sort_key(t: TaskRecord):
    """By deadline, tasks without one last; then by meeting and order in the meeting."""
    return (t.deadline is None, t.deadline.date if t.deadline else dt.date.max, t.meeting, t.line, t.path)


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """What a user's search term was taken to mean, so the command can say so."""

    kind: str  # "person" or "organisation"
    id: str
    name: str
    exact: bool


def match_owner(reg: Registry, text: str) -> Match:
    """A person or organisation from an id, name or alias, tolerant of spelling."""
    if pid := reg.person_index.get(key(text)):
        return Match("person", pid, reg.persons[pid].name, True)
    if oid := reg.org_index.get(key(text)):
        return Match("organisation", oid, reg.organisations[oid].name, True)
    candidates = {**reg.org_index, **reg.person_index}
    close = difflib.get_close_matches(key(text), list(candidates), n=1, cutoff=0.75)
    if close:
        ident = candidates[close[0]]
        if ident in reg.persons:
            return Match("person", ident, reg.persons[ident].name, False)
        return Match("organisation", ident, reg.organisations[ident].name, False)
    raise ReferatError(f"Kender ingen person eller organisation, der hedder '{text}'")


def match_organisation(reg: Registry, text: str) -> Match:
    found = match_owner(reg, text)
    if found.kind != "organisation":
        raise ReferatError(f"'{text}' er en person ({found.name}); --kommune skal være en kommune eller organisation")
    return found


def owned_by(t: TaskRecord, who: Match) -> bool:
    return any(o.id == who.id for o in t.owners)


def owed_by_organisation(t: TaskRecord, reg: Registry, org: Match) -> bool:
    """Owned by the organisation, by one of its people on the meeting's date, or by all
    municipalities when it is one."""
    for o in t.owners:
        if o.id == org.id:
            return True
        if o.kind == "alle_kommuner" and reg.organisations[org.id].kind == "kommune":
            return True
        if o.kind == "person":
            aff = reg.persons[o.id].affiliation_on(t.meeting)
            at = reg.organisation(aff.organisation.text) if aff else None
            if at is not None and at.id == org.id:
                return True
    return False


@dataclass(frozen=True)
class Query:
    """Which tasks `referat opgaver` lists; its repr is part of the answer cache's key."""

    today: dt.date
    closed: bool = False  # closed tasks too
    group: str | None = None  # group id
    owner: Match | None = None
    organisation: Match | None = None
    overdue_only: bool = False
    until: dt.date | None = None


def select(rep: Repository, query: Query) -> tuple[list[TaskRecord], int]:
    """The tasks the query asks for, sorted by deadline; and how many meeting files could
    not be read at all."""
    found, unreadable = read_all(rep, query.closed)
    if query.group:
        found = [t for t in found if t.group == query.group]
    if query.owner:
        found = [t for t in found if owned_by(t, query.owner)]
    if query.organisation:
        found = [t for t in found if owed_by_organisation(t, rep.registry, query.organisation)]
    if query.overdue_only:
        found = [t for t in found if t.overdue(query.today)]
    if query.until:
        found = [t for t in found if t.deadline and t.deadline.date <= query.until]
    found.sort(key=sort_key)
    return found, unreadable


def find(records: list[TaskRecord], task_id: str) -> TaskRecord:
    wanted = task_id.strip().lower()
    for t in records:
        if wanted in (t.id.lower(), t.full_id.lower()):
            return t
    close = difflib.get_close_matches(wanted, [t.id for t in records], n=1, cutoff=0.8)
    hint = f" Mente du {close[0]}?" if close else " Se id'erne med 'referat opgaver --alle'."
    raise ReferatError(f"Der er ingen opgave med id '{task_id}'.{hint}")
