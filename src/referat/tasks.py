"""Action items across all meetings: extracted, resolved, identified, filtered and sorted."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from referat import datoer
from referat.archive import Repository
from referat.errors import ReferatError
from referat.model import Meeting
from referat.registry import Registry, key


@dataclass(frozen=True)
class Owner:
    kind: str  # "person", "organisation", "gruppe", "alle_kommuner", "ukendt"
    id: str
    name: str


@dataclass(frozen=True)
class TaskRecord:
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


def collect(rep: Repository, meetings: list[Meeting]) -> list[TaskRecord]:
    """Every task of every readable meeting. Tasks whose deadline cannot be read keep
    their text as written and count as having no deadline (`tjek` reports them)."""
    reg = rep.registry
    dated = [m for m in meetings if m.date is not None and m.group_folder]
    ambiguous = _dates_in_several_groups(dated)
    records = []
    for m in dated:
        group = reg.groups.get(m.group_folder)
        for t in m.tasks:
            full_id = f"{m.group_folder}/{m.date.isoformat()}-{t.index}"
            short = full_id if m.date in ambiguous else f"{m.date.isoformat()}-{t.index}"
            item = m.item(t.item) if t.item else None
            records.append(TaskRecord(
                id=short, full_id=full_id, group=m.group_folder, group_name=group.name if group else m.group_folder,
                meeting=m.date, item=t.item, item_title=item.title if item else "", text=t.text,
                owners=tuple(resolve_owner(reg, ref.text) for ref in t.owners),
                deadline=_deadline(t.deadline_text, m.date), deadline_text=t.deadline_text, done=t.done,
                closed=_date(t.closed_text), path=m.path, line=t.line, last_line=t.last_line))
    return records


def _dates_in_several_groups(meetings: list[Meeting]) -> set[dt.date]:
    seen: dict[dt.date, str] = {}
    several = set()
    for m in meetings:
        if seen.setdefault(m.date, m.group_folder) != m.group_folder:
            several.add(m.date)
    return several


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


def find(records: list[TaskRecord], task_id: str) -> TaskRecord:
    wanted = task_id.strip().lower()
    for t in records:
        if wanted in (t.id.lower(), t.full_id.lower()):
            return t
    close = difflib.get_close_matches(wanted, [t.id for t in records], n=1, cutoff=0.8)
    hint = f" Mente du {close[0]}?" if close else " Se id'erne med 'referat opgaver --alle'."
    raise ReferatError(f"Der er ingen opgave med id '{task_id}'.{hint}")
