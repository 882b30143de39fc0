"""Imported minutes as a meeting file (docs/format.md): front matter with what the text states
and the minutes under each item as Markdown. What the importer is unsure of carries a YAML
comment "# importeret: kontrollér …" so the secretary knows where to look; a person it could not
resolve is written as a comment, as the text wrote it, so the file still passes tjek and nothing
is silently added or dropped (the command lists them with a ready-to-paste personer.yaml entry)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from referat.errors import ReferatError
from referat.importing.decisions import Decision
from referat.importing.grouping import mentions
from referat.importing.head import Attendance, Name
from referat.importing.items import Item
from referat.importing.prose import as_markdown
from referat.importing.reading import Minutes
from referat.importing.tasks import FoundTask
from referat.meeting import TASK_FIELD
from referat.model import Group
from referat.newmeeting import yaml_scalar
from referat.registry import Registry
from referat.shown import CONTROL

CHECK = "importeret: kontrollér"
SCHEMA = "# yaml-language-server: $schema=../../schema/moede.schema.json"


@dataclass(frozen=True)
class MeetingText:
    path: str  # moeder/<group>/<date>.md
    text: str
    checks: int  # values marked "importeret: kontrollér"


class _FrontMatter:
    """Front matter lines; a note makes a line's "# importeret: kontrollér: note" comment."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.checks = 0

    def add(self, line: str, note: str = "") -> None:
        if note:
            self.checks += 1
            line += f"  # {CHECK}: {_one_line(note)}"
        self.lines.append(line)

    def kept(self, indent: str, written: str, note: str) -> None:
        """A value the importer could not use, kept as a comment the way the text wrote it."""
        self.add(f"{indent}# {_one_line(written)}", note)


def require_minutes(minutes: Minutes) -> dt.date:
    """The meeting's date; ReferatError when the text has no date or no agenda item (then it is
    not minutes, or not minutes the importer can read)."""
    if minutes.head.date is None:
        raise ReferatError("ingen mødedato fundet (fx 'Dato: 7. marts 2025' eller "
                           "'Referat … den 7. marts 2025'); er det et referat?")
    if not minutes.items:
        raise ReferatError("ingen dagsordenspunkter fundet (nummererede overskrifter som '1. Velkomst'); "
                           "er det et referat?")
    return minutes.head.date


def render(minutes: Minutes, group: Group, reg: Registry, status: str, source: str) -> MeetingText:
    """The meeting file (require_minutes says why there can be none)."""
    head = minutes.head
    day = require_minutes(minutes)
    fm = _FrontMatter()
    fm.add(SCHEMA)
    fm.add(f"# Importeret med 'referat importer' fra {_one_line(source)}. Se efter alt, der er mærket "
           f"'{CHECK}'.")
    if head.title and not mentions(head.title, group):
        fm.add(f"titel: {_yaml(head.title)}")
    fm.add(f"dato: {day.isoformat()}")
    if head.time:
        fm.add(f"tid: {_yaml(head.time)}")
    else:
        fm.add("# tid:", "intet tidspunkt fundet i teksten")
    if head.place:
        fm.add(f"sted: {_yaml(head.place)}")
    if head.number:
        fm.add(f"moede_nr: {head.number}")
    fm.add(f"status: {status}")
    if status == "godkendt":
        fm.add("godkendt:", "teksten siger ikke, hvornår referatet blev godkendt; ret dato, og tilføj 'moede:' "
                            "(mødet, der godkendte) eller 'skriftlig: true'")
        fm.add(f"  dato: {day.isoformat()}")
        fm.add("  note: Importeret; godkendelsen står ikke i det gamle referat.")
    if head.referent:
        _person_value(fm, reg, "referent", head.referent)
    if head.chair:
        _person_value(fm, reg, "ordstyrer", head.chair)
    _attendees(fm, reg, "deltagere", head.attendees)
    _attendees(fm, reg, "afbud", [Attendance(n) for n in head.absent])
    fm.add("dagsorden:")
    for item in minutes.items:
        _item(fm, reg, item)
    _decisions(fm, minutes.decisions)
    _next_meeting(fm, minutes, day)
    task_lines = _task_lines(fm, reg, group, minutes.tasks)
    body = "\n\n".join(_section(item, task_lines.get(item.number, [])) for item in minutes.items)
    text = "---\n" + "\n".join(fm.lines) + "\n---\n\n" + body + "\n"
    return MeetingText(f"moeder/{group.id}/{day.isoformat()}.md", text, fm.checks)


def _nr(number: str) -> str:
    """An item number as the agenda writes it: 3 as a number, "3A" as text."""
    return number if number.isdigit() else _yaml(number)


def _one_line(text: str) -> str:
    """text on one line, without control characters: an old text cannot break the front matter."""
    return " ".join(CONTROL.sub(" ", text).split())


def _yaml(value: str) -> str:
    return yaml_scalar(_one_line(value))


def _name(reg: Registry, n: Name) -> str:
    assert n.id is not None
    return reg.persons[n.id].name


def _as_written(n: Name) -> str:
    return n.written + (f" ({n.organisation})" if n.organisation else "")


_UNKNOWN = "ikke i personer.yaml; tilføj personen (forslaget står i importens oversigt) og fjern '#'"


def _person_value(fm: _FrontMatter, reg: Registry, key: str, n: Name) -> None:
    if n.id:
        fm.add(f"{key}: {_yaml(_name(reg, n))}")
    else:
        fm.kept("", f"{key}: {_as_written(n)}", _UNKNOWN)


def _attendees(fm: _FrontMatter, reg: Registry, key: str, people: list[Attendance]) -> None:
    """deltagere or afbud; the key is left out when no one on it could be resolved (an empty key
    is not a list), the unresolved are kept as comments either way."""
    if not people:
        return
    if any(a.name.id or a.guest for a in people):
        fm.add(f"{key}:")
    for a in people:
        n = a.name
        if n.id is None and not a.guest:
            fm.kept("  ", f"- {_as_written(n)}", _UNKNOWN)
            continue
        first = f"  - person: {_yaml(_name(reg, n))}" if n.id else f"  - navn: {_yaml(n.written)}"
        extra: list[tuple[str, str]] = []
        if n.title:
            extra.append((f"    titel: {_yaml(n.title)}", ""))
        if a.guest:
            if n.organisation:
                extra.append((f"    organisation: {_yaml(n.organisation)}", ""))
            extra.append(("    gaest: true", ""))
        if a.items:
            numbers = ", ".join(_nr(n) for n in a.items)
            extra.append((f"    punkter: [{numbers}]", f"teksten: {a.note}" if a.note else ""))
        elif a.note:
            extra.append((f"    # {_one_line(a.note)}",
                          "deltog kun i en del af mødet; skriv punkternes numre i 'punkter:'"))
        if not extra:
            fm.add(f"  - {_yaml(_name(reg, n))}")
            continue
        fm.add(first)
        for line, note in extra:
            fm.add(line, note)


def _item(fm: _FrontMatter, reg: Registry, item: Item) -> None:
    fm.add(f"  - nr: {_nr(item.number)}")
    fm.add(f"    titel: {_yaml(item.title)}")
    who = item.responsible
    if who is not None:
        resolved = reg.resolve(who.written) if who.id is None else None
        if who.id:
            fm.add(f"    ansvarlig: {_yaml(_name(reg, who))}")
        elif resolved:  # an organisation, a group, "alle kommuner"
            fm.add(f"    ansvarlig: {_yaml(who.written)}")
        else:
            fm.kept("    ", f"ansvarlig: {_as_written(who)}", _UNKNOWN)
    if item.time:
        fm.add(f"    tid: {_yaml(item.time)}")
    if item.attachments:
        fm.add("    bilag:")
        for title in item.attachments:
            fm.add(f"      - {_yaml(title)}")
    if item.focus:
        focus = str(item.focus[0]) if len(item.focus) == 1 else "[" + ", ".join(map(str, item.focus)) + "]"
        fm.add(f"    fokusomraade: {focus}", "læst af teksten; står fokusområdet der om punktet selv?")
    if item.kind:
        fm.add(f"    type: {item.kind[0] if len(item.kind) == 1 else '[' + ', '.join(item.kind) + ']'}")


def _decisions(fm: _FrontMatter, decisions: list[Decision]) -> None:
    if decisions:
        fm.add("beslutninger:")
    for d in decisions:
        fm.add(f"  - punkt: {_nr(d.item)}")
        fm.add(f"    tekst: {_yaml(d.text)}", "" if d.sure else "læst som en beslutning af teksten; er det en?")


def _next_meeting(fm: _FrontMatter, minutes: Minutes, day: dt.date) -> None:
    following = minutes.next_date if minutes.next_date and minutes.next_date > day else None
    if not following and not minutes.next_items:
        return
    fm.add("naeste_moede:")
    if following:
        fm.add(f"  dato: {following.isoformat()}")
    if minutes.next_items:
        fm.add("  punkter:")
        for entry in minutes.next_items:
            fm.add(f"    - {_yaml(entry)}")


def _task_lines(fm: _FrontMatter, reg: Registry, group: Group, tasks: list[FoundTask]) -> dict[str, list[str]]:
    """Each item's task lines (docs/format.md, Opgaver). The body takes no YAML comment, so what
    to check about a task is said in comments at the end of the front matter."""
    lines: dict[str, list[str]] = {}
    for t in tasks:
        owners = [_owner_name(reg, o) for o in t.owners]
        notes = []
        if t.unknown:
            notes.append("ansvarlig i teksten: " + ", ".join(t.unknown) + " (ikke i personer.yaml)")
        if not owners:
            owners = [group.id]
            notes.append(f"ingen ansvarlig fundet; sat til gruppen ({group.id})")
        if not t.sure:
            notes.append("læst som en opgave af teksten; er ansvarlig og frist rigtige?")
        text = TASK_FIELD.sub(lambda m: m[1] + " ", _one_line(t.text)).rstrip(" .") + "."
        line = f"- [ ] {text} Ansvarlig: {', '.join(owners)}."
        if t.deadline:
            line += f" Frist: {t.deadline}."
        lines.setdefault(t.item, []).append(line)
        if notes:
            fm.add(f"# Opgaven under punkt {t.item} ('{_short(text)}')", "; ".join(notes))
    return lines


def _short(text: str, width: int = 60) -> str:
    """The start of a text for a comment, cut between words."""
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _owner_name(reg: Registry, ref: str) -> str:
    """An owner as the secretary writes it: the person's or organisation's name, not its id."""
    if p := reg.persons.get(ref):
        return p.name
    if o := reg.organisations.get(ref):
        return o.short or o.name
    return ref


def _section(item: Item, tasks: list[str]) -> str:
    parts = [f"## {item.number}. {_one_line(item.title)}", as_markdown(item.minutes), "\n".join(tasks)]
    return "\n\n".join(p for p in parts if p)

