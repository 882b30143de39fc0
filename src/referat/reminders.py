"""Reminders of deadlines (`referat paamind`): one letter per person with their open tasks that
are overdue or due within a number of days. Pure: it reads the archive and makes letters; the
command delivers them (commands/mailing.py).

Who is reminded of a task: a person who owns it; for an organisation, the group's members who
belong to it on the day of the reminder (a task outlives the meeting, and so does a move to
another municipality); for "alle kommuner", each municipality's members of the group, except
the task's `Modtager:` (tasks.owed_by_organisation says who owes what); for a group, its
members; for a working group, what its members reach. The one who receives the task's result
(`Modtager:`) is not reminded.

Once only: a letter's keys are one per (task, threshold, person), with the deadline in it, so
a task is reminded once when it comes near and once when it is overdue, and again when its
deadline is moved. The record of sent letters (mail/record.py) says which keys are known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import msgspec

from referat import templating
from referat.archive import Archive
from referat.calendar_ics import task_uid
from referat.danish import count_da, danish_key
from referat.mail.addresses import usable
from referat.mail.letter import Letter, Recipient
from referat.model import Person
from referat.people import TASK_FILTERS
from referat.registry import Registry
from referat.site import urls
from referat.tasks import Match, Owner, Query, Task, owed_by_organisation, select

SOON, OVERDUE = "soon", "overdue"  # the thresholds, in the keys the record remembers
TEMPLATE = "mail/paamind"  # .txt.j2 and .html.j2


@dataclass(frozen=True)
class Item:
    """One task in one person's reminder, as the templates show it."""

    task: Task
    threshold: str  # SOON or OVERDUE
    days: int  # days until the deadline; negative when it is overdue
    link: str  # the meeting's page on the archive's website, or ""

    @property
    def key(self) -> str:
        return task_key(self.task, self.threshold)

    @property
    def when(self) -> str:
        return days_text(self.days)


@dataclass(frozen=True)
class Unreached:
    """An owner of a task who reaches nobody (an organisation with no member in the group that
    day, a name the registries do not know)."""

    task: Task
    owner: Owner


@dataclass(frozen=True)
class Reminders:
    letters: list[Letter]  # one per person, by name
    no_address: list[tuple[Person, int]]  # reached, with this many tasks, but no usable e-mail address
    unreached: list[Unreached]
    known: int  # reminders (task and person) left out because they were sent before
    known_tasks: int  # the tasks those were about


def task_key(t: Task, threshold: str) -> str:
    """The task and threshold part of a key: the same task, threshold and deadline give the
    same key in every run (task_uid is the id `kalender` gives the task)."""
    deadline = t.deadline.date.isoformat() if t.deadline else ""
    return f"paamind:{task_uid(t)}:{deadline}:{threshold}"


def days_text(days: int) -> str:
    """'om 3 dage', 'i morgen', 'i dag', 'overskredet med 2 dage'."""
    if days > 1:
        return f"om {days} dage"
    if days == 1:
        return "i morgen"
    if days == 0:
        return "i dag"
    return "overskredet med 1 dag" if days == -1 else f"overskredet med {-days} dage"


def remind(rep: Archive, tasks: list[Task], today: dt.date, days: int, known: Callable[[str], bool]) -> Reminders:
    """The reminders on today of the open tasks (among tasks) that are overdue or due within
    days, leaving out those whose key is known."""
    reg = rep.registry
    due = [t for t in select(tasks, reg, Query(today=today, until=today + dt.timedelta(days=days))) if not t.done]
    per_person: dict[str, list[Item]] = {}
    unreached: list[Unreached] = []
    for t in due:
        assert t.deadline is not None  # select(until=...) keeps only tasks with a deadline
        item = Item(t, OVERDUE if t.overdue(today) else SOON, (t.deadline.date - today).days,
                    rep.settings.page_url(urls.task_meeting(t)) or "")
        for owner in t.owners:
            found = set(_reached(reg, t, owner, today))
            if not found:
                unreached.append(Unreached(t, owner))
            for pid in found:
                items = per_person.setdefault(pid, [])
                if item not in items:  # reached through two owners: one reminder
                    items.append(item)
    letters, no_address = [], []
    skipped, skipped_tasks = 0, set()
    for pid in sorted(per_person, key=lambda pid: danish_key(reg.persons[pid].name)):
        person = reg.persons[pid]
        if not usable(person.email):
            no_address.append((person, len(per_person[pid])))
            continue
        new = [i for i in per_person[pid] if not known(f"{i.key}:{pid}")]
        skipped += len(per_person[pid]) - len(new)
        skipped_tasks |= {i.task.full_id for i in per_person[pid] if i not in new}
        if new:
            letters.append(_letter(rep, person, new, today, days))
    return Reminders(letters, no_address, unreached, skipped, len(skipped_tasks))


def _reached(reg: Registry, t: Task, owner: Owner, day: dt.date) -> Iterator[str]:
    """The ids of the people an owner of t stands for on day."""
    if owner.kind == "person":
        yield owner.id
    elif owner.kind == "arbejdsgruppe":
        for member in owner.members:
            yield from _reached(reg, t, member, day)
    elif owner.kind == "gruppe":
        yield from (p.id for p, _ in _members(reg, owner.id, day))
    elif owner.kind in ("organisation", "alle_kommuner"):
        alone = msgspec.structs.replace(t, owners=(owner,))  # owed through this owner, not a co-owner
        for p, org in _members(reg, t.group, day):
            if org is not None and owed_by_organisation(alone, reg, Match("organisation", org, org, True)):
                yield p.id


def _members(reg: Registry, gid: str, day: dt.date) -> Iterator[tuple[Person, str | None]]:
    """The group's registered members on day, with the id of the organisation each belongs to
    then (their affiliation, else what gruppe.yaml says)."""
    group = reg.groups.get(gid)
    for m in group.members_on(day) if group is not None else ():
        person = reg.person(m.person.text)
        if person is None:
            continue
        aff = person.affiliation_on(day)
        ref = aff.organisation if aff is not None else m.organisation
        org = reg.organisation(ref.text) if ref is not None else None
        yield person, org.id if org is not None else None


def _letter(rep: Archive, person: Person, items: list[Item], today: dt.date, days: int) -> Letter:
    overdue = sum(1 for i in items if i.threshold == OVERDUE)
    context = {"navn": person.name, "fornavn": (person.name.split() or [""])[0], "opgaver": items, "dato": today,
               "dage": days, "overskredne": overdue}
    text = templating.render(rep.root, f"{TEMPLATE}.txt.j2", TASK_FILTERS, **context)
    html = templating.render(rep.root, f"{TEMPLATE}.html.j2", TASK_FILTERS, **context)
    to = Recipient(person.name, person.email)  # mail.message puts the name on one line
    return Letter(tuple(f"{i.key}:{person.id}" for i in items), to, subject(len(items), overdue), text, html)


def subject(count: int, overdue: int) -> str:
    """'Påmindelse: 2 opgaver med frist snart', '... 1 opgave med overskredet frist', or
    '... 3 opgaver med frist snart, heraf 1 overskredet'."""
    tasks = count_da(count, "opgave", "opgaver")
    if overdue == count:
        return f"Påmindelse: {tasks} med overskredet frist"
    if overdue:
        return f"Påmindelse: {tasks} med frist snart, heraf {overdue} overskredet"
    return f"Påmindelse: {tasks} med frist snart"
