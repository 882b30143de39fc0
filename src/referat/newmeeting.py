"""`referat ny`: the next meeting of a group, planned from its gruppe.yaml, its latest
meeting and its open tasks, and written from the template templates/moede.md.j2."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from referat import datoer, repo, templating
from referat import plan as year_plan
from referat.archive import Archive
from referat.atomic import create_atomic
from referat.danish import join_da
from referat.errors import ReferatError
from referat.model import AgendaItem, Attachment, Group, Meeting
from referat.people import person_name, tovholder_on, tovholders
from referat.tasks import Task

TEMPLATE = "moede.md.j2"
FOLLOW_UP_TITLE = "Opfølgning på opgaver"
# Standing items that close a meeting; the items carried over go before them.
_CLOSING_ITEM = re.compile(r"^(punkter til (næste|kommende)|eventuelt)", re.IGNORECASE)


@dataclass
class PlannedItem:
    nr: int
    title: str
    responsible: list[str] = field(default_factory=list)
    time: str = ""
    description: str = ""
    tasks: list[str] = field(default_factory=list)  # lines listed under the item's heading
    attachments: tuple[Attachment, ...] = ()  # carried from the previous meeting's `naeste_moede`


@dataclass
class NewMeeting:
    group: Group
    path: str
    date: dt.date
    time: str
    place: str
    referent: str
    tovholder: str
    invited: list[str]
    agenda: list[PlannedItem]
    notes: list[str] = field(default_factory=list)  # what the secretary should know: a past date, skipped dates


def plan(rep: Archive, meetings: list[Meeting], tasks: list[Task], group: Group,
         day: dt.date | None, today: dt.date, unreadable: Sequence[str] = ()) -> NewMeeting:
    """day: the date asked for (--dato), else the next date in the group's plan that is not
    past. unreadable: meeting files that could not be read; a new meeting planned without them
    could miss their items and tasks, so planning stops instead."""
    _refuse_broken_input(rep, group, unreadable)
    own = sorted((m for m in meetings if m.group_folder == group.id), key=lambda m: m.date)
    slots = year_plan.of_meetings(group, own)
    notes: list[str] = []
    if day is None:
        day, notes = _next_date(group, own, slots, today)
    else:
        notes = _asked_date_notes(own, slots, day, today)
    path = f"{repo.MEETINGS_DIR}/{group.id}/{day.isoformat()}.md"
    if (rep.root / path).exists() or any(m.date == day for m in own):
        raise ReferatError(f"Der er allerede et møde i {group.name} den {datoer.format_date(day)} ({path}); "
                           f"intet er ændret. Se dets dagsorden med '{_agenda_command(group, day)}'")
    previous = [m for m in own if m.date < day]
    period = tovholders(rep, group, day.year, day).on(day)
    return NewMeeting(
        group=group, path=path, date=day, time=group.default_time, place=group.default_place,
        referent=person_name(rep, period.referent) if period and period.referent else "",
        tovholder=tovholder_on(rep, group, day),
        invited=[person_name(rep, m.person) for m in group.members_on(day)],
        agenda=_agenda(rep, group, previous[-1] if previous else None,
                       [t for t in tasks if t.group == group.id and not t.done and t.meeting < day]),
        notes=notes,
    )


def _agenda_command(group: Group, day: dt.date) -> str:
    return f"referat dagsorden {day.isoformat()} --gruppe {group.id}"


def _refuse_broken_input(rep: Archive, group: Group, unreadable: Sequence[str]) -> None:
    folder = f"{repo.MEETINGS_DIR}/{group.id}/"
    broken = [f.path for f in rep.findings if f.is_error and f.path == group.path]
    broken += [p for p in unreadable if p.startswith(folder)]
    if broken:
        raise ReferatError(f"{broken[0]} kan ikke læses helt, så det nye møde kan ikke planlægges rigtigt; "
                           f"kør 'referat tjek {broken[0]}' og ret fejlene først")


def _asked_date_notes(own: list[Meeting], slots: list[year_plan.Slot], day: dt.date, today: dt.date) -> list[str]:
    """What the secretary should know about a date asked for with --dato: that it is past,
    before the group's latest meeting, or a plan date a meeting has replaced already."""
    notes = []
    if day < today:
        notes.append(f"{datoer.format_date(day)} er før i dag; mødet oprettes med status planlagt. Er det holdt, "
                     "så skriv referatet ind og sæt status: udkast")
    if own and day < own[-1].date:
        notes.append(f"{datoer.format_date(day)} er før gruppens seneste møde, {datoer.format_date(own[-1].date)} "
                     f"({own[-1].path})")
    for s in slots:
        if s.replaces and s.plan_date == day:
            notes.append(f"Mødeplanens dato {datoer.format_date(day)} er allerede erstattet af mødet "
                         f"{datoer.format_date(s.date)} ({s.path})")
    return notes


def _next_date(group: Group, own: list[Meeting], slots: list[year_plan.Slot],
               today: dt.date) -> tuple[dt.date, list[str]]:
    """The group's next meeting date from its plan: the first plan date after its latest
    meeting that no meeting replaced (plan.py), unless that is past; then the first such date
    from today on, with a note on the plan dates that have no meeting (they were not held, as
    far as the archive knows). A planned meeting from today on is the next meeting already:
    `ny` says where it is."""
    latest = own[-1] if own else None
    notes: list[str] = []
    if latest is not None and latest.status == "planlagt":
        if latest.date >= today:
            raise ReferatError(
                f"Gruppens næste møde er allerede planlagt: {datoer.format_date(latest.date)} ({latest.path}). "
                f"Se dagsordenen med '{_agenda_command(group, latest.date)}'; "
                "angiv --dato for at planlægge endnu et møde")
        notes.append(f"Mødet {datoer.format_date(latest.date)} ({latest.path}) har stadig status planlagt. "
                     "Er det holdt, så skriv referatet ind og sæt status: udkast; blev det aflyst, så slet filen")
    planned = [s.date for s in slots if not s.path]
    after = [d for d in planned if latest is None or d > latest.date]
    coming = [d for d in after if d >= today]
    if coming:
        skipped = [d for d in after if d < today]
        if skipped:
            shown = join_da([datoer.format_date(d) for d in skipped]) if len(skipped) <= 3 else \
                f"fra {datoer.format_date(skipped[0])} til {datoer.format_date(skipped[-1])} ({len(skipped)} datoer)"
            notes.append(f"Mødeplanens {'dato' if len(skipped) == 1 else 'datoer'} {shown} er forbi og har ingen "
                         f"mødefil; {'den' if len(skipped) == 1 else 'de'} regnes som ikke holdt. Næste dato i "
                         f"planen, {datoer.format_date(coming[0])}, er valgt")
        return coming[0], notes
    every = year_plan.plan_dates(group)
    last = f" (den seneste er {datoer.format_date(every[-1])})" if every else ""
    raise ReferatError(f"Mødeplanen for {group.name} har ingen dato i dag ({datoer.format_date(today)}) eller "
                       f"senere{last}. Tilføj de kommende datoer under 'moedeplan' i {group.path}, "
                       "eller angiv mødets dato med --dato")


def _agenda(rep: Archive, group: Group, previous: Meeting | None, open_tasks: list[Task]) -> list[PlannedItem]:
    opening = [i for i in group.standing_items if not _CLOSING_ITEM.match(i.title)]
    closing = [i for i in group.standing_items if _CLOSING_ITEM.match(i.title)]
    items = [_standing(i) for i in opening]
    if previous:
        items += [PlannedItem(0, " ".join(n.title.split()), attachments=n.attachments)
                  for n in previous.next_meeting_items]
    follow_up = PlannedItem(0, FOLLOW_UP_TITLE, description="Status på de åbne opgaver fra tidligere møder.")
    follow_up.tasks = [_task_line(t) for t in sorted(open_tasks, key=lambda t: t.sort_key)] or ["Ingen åbne opgaver."]
    items.append(follow_up)
    items += [_standing(i) for i in closing]
    for nr, item in enumerate(items, 1):
        item.nr = nr
    return items


def _standing(item: AgendaItem) -> PlannedItem:
    return PlannedItem(0, item.title, [r.text for r in item.responsible], item.time, item.description)


def _task_line(t: Task) -> str:
    # Not a task item ("- [ ]"): the task lives in its own meeting; this is a reminder of it.
    owners = ", ".join(o.name for o in t.owners) or "ingen ansvarlig"
    when = f", {t.deadline_shown}" if t.deadline_shown else ""
    return f"{t.id}: {t.text} ({owners}{when})"


def write(root: Path, new: NewMeeting, text: str) -> None:
    """Creates the new meeting's file, never over an existing one (nor a link of that name)."""
    path = root / new.path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        create_atomic(path, text.encode("utf-8"))
    except FileExistsError:
        raise ReferatError(f"{new.path} findes allerede; intet er ændret") from None


# --- rendering ---------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")
_SPECIAL = re.compile(r"^(?:true|false|null|~|[-+]?[0-9][0-9_.:eExXoO+-]*|\.inf|\.nan)$", re.IGNORECASE)


def yaml_scalar(value: object) -> str:
    """A value as YAML: plain where that reads back as the same text, else double-quoted."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.match(text) and not _SPECIAL.match(text) and ": " not in text and " #" not in text \
            and not text.endswith((" ", ":")):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(root: Path, new: NewMeeting) -> str:
    return templating.render(
        root, TEMPLATE, {"yaml": yaml_scalar}, date=new.date, time=new.time, place=new.place, referent=new.referent,
        tovholder=new.tovholder, invited=new.invited, agenda=new.agenda)
