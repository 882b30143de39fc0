"""Action items across all meetings: extracted, resolved, identified, filtered and sorted."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

import msgspec

from referat import datoer, names
from referat.danish import join_da
from referat.errors import ReferatError
from referat.model import Meeting, WrittenTask
from referat.registry import Registry, key


@dataclass(frozen=True)
class Owner:
    kind: str  # "person", "organisation", "gruppe", "alle_kommuner", "arbejdsgruppe", "ukendt"
    id: str
    name: str
    members: tuple[Owner, ...] = ()  # of an "arbejdsgruppe": its members, resolved


class Task(msgspec.Struct, frozen=True, gc=False):
    """A task as every command shows it: where it was written, its owners resolved against the
    registries, its deadline read. The one record of a task outside the parser (body.py reads
    the task line, model.Task holds it as written). A Struct: made by the ten thousand from
    the task cache, at C speed; gc=False, as it holds no cycles."""

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
    deadline_text: str  # as written
    done: bool
    closed: dt.date | None
    path: str
    line: int
    last_line: int
    recipients: tuple[Owner, ...] = ()  # `Modtager:`

    @property
    def recipients_shown(self) -> str:
        """'Pernille Lenzner', '' when the task names no recipient."""
        return join_da(o.name for o in self.recipients)

    def overdue(self, today: dt.date) -> bool:
        return not self.done and self.deadline is not None and self.deadline.date < today

    def closed_by(self, day: dt.date) -> bool:
        """Closed on or before day. A task ticked off without a date counts as closed, since
        nothing says when."""
        return self.done and (self.closed is None or self.closed <= day)

    def open_on(self, day: dt.date) -> bool:
        """Still open when day began: not ticked off, or closed on day or later (a task closed
        on a meeting's day was done at that meeting, so its agenda listed it)."""
        return not self.done or (self.closed is not None and self.closed >= day)

    @property
    def deadline_shown(self) -> str:
        """The deadline in words ("9. maj 2025", "uge 23 2025"), or as written when it could
        not be read."""
        return datoer.format_deadline(self.deadline) if self.deadline is not None else self.deadline_text

    @property
    def sort_key(self) -> tuple[bool, dt.date, dt.date, int, str]:
        """By deadline, tasks without one last; then by meeting and order in the meeting."""
        return (self.deadline is None, self.deadline.date if self.deadline else dt.date.max, self.meeting,
                self.line, self.path)


class TaskRow(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """One task as the task cache holds it: plain values, dates as ordinals. Owners are kept
    as written and resolved against the registries only when Tasks are made, so nothing here
    depends on them."""

    index: int
    item: str | None
    item_title: str
    text: str
    owner_texts: tuple[str, ...]  # a tuple: it keys the owners already resolved
    deadline: tuple[int, str, str] | None  # (date as ordinal, precision, text)
    deadline_text: str
    done: bool
    closed: int | None  # date as ordinal
    path: str
    line: int
    last_line: int
    recipient_texts: tuple[str, ...] = ()
    working_groups: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # owners that are working groups


class MeetingTasks(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """What one meeting file says about its tasks; `opgaver` loads this for every meeting."""

    day: int  # the meeting's date as ordinal
    folder: str  # its group folder
    rows: tuple[TaskRow, ...]


def task_rows(m: Meeting | None, done: bool) -> MeetingTasks | None:
    """The meeting's tasks that are done (or open) as MeetingTasks; None for a file that could not
    be read as a meeting. Open and done tasks are cached apart: an old archive's tasks are nearly
    all done, and the task list shows the open ones."""
    if m is None:
        return None
    rows = []
    for t in m.tasks:
        if t.done != done:
            continue
        item = m.item(t.item) if t.item else None
        deadline = _deadline(t.deadline_text, m.date)
        closed = _date(t.closed_text)
        rows.append(TaskRow(t.index, t.item, item.title if item else "", t.text, tuple(ref.text for ref in t.owners),
                            (deadline.date.toordinal(), deadline.precision, deadline.text) if deadline else None,
                            t.deadline_text, t.done, closed.toordinal() if closed else None, m.path, t.line,
                            t.last_line, tuple(ref.text for ref in t.recipients), _working_groups(m, t)))
    return MeetingTasks(m.date.toordinal(), m.group_folder, tuple(rows))


def records(reg: Registry, per_meeting: list[MeetingTasks], ambiguous: set[int], closed: bool) -> list[Task]:
    """Tasks from the cached rows (only the open ones unless closed): owners resolved against
    the registries, ids carrying the group on the dates (ordinals) in ambiguous, when several
    groups met. Tasks whose deadline cannot be read keep their text as written and count as
    having no deadline (`tjek` reports them)."""
    group_names = {gid: g.name for gid, g in reg.groups.items()}
    # The same few names recur in every meeting: each text is resolved once, each combination made once.
    owner: dict[str, Owner] = {}
    owners_of: dict[tuple[str, ...], tuple[Owner, ...]] = {}
    day_of = dt.date.fromordinal
    made = []
    for m in per_meeting:
        if not m.rows:
            continue
        meeting, group_name = day_of(m.day), group_names.get(m.folder, m.folder)
        prefix = f"{meeting.isoformat()}-"
        for r in m.rows:
            if r.done and not closed:
                continue
            owners = owners_of.get(r.owner_texts) if not r.working_groups else _with_working_groups(reg, r)
            if owners is None:
                for o in r.owner_texts:
                    if o not in owner:
                        owner[o] = resolve_owner(reg, o)
                owners = owners_of[r.owner_texts] = tuple(owner[o] for o in r.owner_texts)
            full_id = f"{m.folder}/{prefix}{r.index}"
            deadline = datoer.Deadline(day_of(r.deadline[0]), r.deadline[1], r.deadline[2]) if r.deadline else None
            made.append(Task(full_id if m.day in ambiguous else f"{prefix}{r.index}", full_id, m.folder, group_name,
                             meeting, r.item, r.item_title, r.text, owners, deadline, r.deadline_text, r.done,
                             day_of(r.closed) if r.closed else None, r.path, r.line, r.last_line,
                             tuple(resolve_owner(reg, o) for o in r.recipient_texts)))
    return made


# --- owners that are a working group of the meeting (docs/format.md: Opgaver) -------------------


def _working_groups(m: Meeting, t: WrittenTask) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(owner as written, group name, members as written) for each owner naming a working group."""
    found = []
    for ref in t.owners:
        wg = m.working_group(ref.text)
        if wg is not None:
            found.append((ref.text, wg.name, tuple(x.text for x in wg.members)))
    return tuple(found)


def _with_working_groups(reg: Registry, r: TaskRow) -> tuple[Owner, ...]:
    groups = {text: (name, members) for text, name, members in r.working_groups}
    owners = []
    for o in r.owner_texts:
        if o in groups:
            name, members = groups[o]
            owners.append(Owner("arbejdsgruppe", name, name, tuple(resolve_owner(reg, x) for x in members)))
        else:
            owners.append(resolve_owner(reg, o))
    return tuple(owners)


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
        # "Lone (Køge)": the one Lone ever of Køge (tjek holds it to the meeting's date)
        one = names.with_organisation(reg, text, None)
        if one is not None and len(one.candidates) == 1:
            return Owner("person", one.candidates[0].id, one.candidates[0].name)
        return Owner("ukendt", "", text)
    if found.kind == "person":
        return Owner("person", found.id, reg.persons[found.id].name)
    if found.kind == "organisation":
        org = reg.organisations[found.id]
        return Owner("organisation", found.id, org.short or org.name)
    if found.kind == "gruppe":
        return Owner("gruppe", found.id, reg.groups[found.id].name)
    return Owner("alle_kommuner", found.id, "alle kommuner")


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """What a user's search term was taken to mean, so the command can say so."""

    kind: str  # "person" or "organisation"
    id: str
    name: str
    exact: bool


def match_owner(reg: Registry, text: str) -> Match:
    """A person or organisation from an id, name, alias or short form, tolerant of spelling
    as names.py is; several as likely are an error naming them."""
    if pid := reg.person_index.get(key(text)):
        return Match("person", pid, reg.persons[pid].name, True)
    if oid := reg.org_index.get(key(text)):
        return Match("organisation", oid, reg.organisations[oid].name, True)
    owner = resolve_owner(reg, text)  # a short form, or "Lone (Køge)"
    if owner.kind == "person":
        return Match("person", owner.id, owner.name, False)
    found = names.candidates(reg, text, organisations=True)
    if len(found) == 1:
        return Match("person" if found[0].id in reg.persons else "organisation", found[0].id, found[0].name, False)
    if found:
        raise ReferatError(f"'{text}' kan være flere: {names.suggestion(found).removeprefix('flere mulige: ')}. "
                           "Skriv det fulde navn eller id'et")
    raise ReferatError(f"Kender ingen person eller organisation, der hedder '{text}'")


def match_organisation(reg: Registry, text: str) -> Match:
    found = match_owner(reg, text)
    if found.kind != "organisation":
        raise ReferatError(f"'{text}' er en person ({found.name}); --kommune skal være en kommune eller organisation")
    return found


def owned_by(t: Task, who: Match) -> bool:
    """The task's owner, or a member of a working group that owns it."""
    return any(o.id == who.id or any(x.id == who.id for x in o.members) for o in t.owners)


def owed_by_organisation(t: Task, reg: Registry, org: Match) -> bool:
    """Owned by the organisation, by one of its people on the meeting's date, by a working
    group with one of those among its members, or by all municipalities when it is one and
    not the task's recipient (`Modtager:`: "send to Holbæk" asks the others)."""
    for o in (*t.owners, *(x for w in t.owners for x in w.members)):
        if o.id == org.id:
            return True
        if o.kind == "alle_kommuner" and reg.organisations[org.id].kind == "kommune" \
                and not any(owed_by_organisation(_as_owner(t, r), reg, org) for r in t.recipients):
            return True
        if o.kind == "person":
            aff = reg.persons[o.id].affiliation_on(t.meeting)
            at = reg.organisation(aff.organisation.text) if aff else None
            if at is not None and at.id == org.id:
                return True
    return False


def _as_owner(t: Task, recipient: Owner) -> Task:
    """The task as if its recipient owned it: whom the recipient stands for."""
    return msgspec.structs.replace(t, owners=(recipient,), recipients=())


@dataclass(frozen=True)
class Query:
    """Which tasks `referat opgaver` lists."""

    today: dt.date
    closed: bool = False  # closed tasks too
    group: str | None = None  # group id
    owner: Match | None = None
    organisation: Match | None = None
    overdue_only: bool = False
    until: dt.date | None = None


def select(found: list[Task], reg: Registry, query: Query) -> list[Task]:
    """The tasks the query asks for, sorted by deadline."""
    if query.group:
        found = [t for t in found if t.group == query.group]
    if query.owner:
        found = [t for t in found if owned_by(t, query.owner)]
    if query.organisation:
        found = [t for t in found if owed_by_organisation(t, reg, query.organisation)]
    if query.overdue_only:
        found = [t for t in found if t.overdue(query.today)]
    if query.until:
        found = [t for t in found if t.deadline and t.deadline.date <= query.until]
    return sorted(found, key=lambda t: t.sort_key)


def find(records: list[Task], task_id: str) -> Task:
    wanted = task_id.strip().lower()
    for t in records:
        if wanted in (t.id.lower(), t.full_id.lower()):
            return t
    close = difflib.get_close_matches(wanted, [t.id for t in records], n=1, cutoff=0.8)
    hint = f" Mente du {close[0]}?" if close else " Se id'erne med 'referat opgaver --alle'."
    raise ReferatError(f"Der er ingen opgave med id '{task_id}'.{hint}")
