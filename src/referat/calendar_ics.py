"""The calendar of open deadlines and planned meetings, as an iCalendar file (RFC 5545).

Built from a repository, its meetings and its task records; the result is bytes that Outlook,
Google Calendar and Apple Calendar import. The module never prints and never exits.

Every event has a stable UID, so importing a newer file updates the events instead of
duplicating them, and the same repository (and date) always gives byte-identical output:
DTSTAMP is derived from the meeting's date, not from the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event, Timezone, TimezoneDaylight, TimezoneStandard

from referat import datoer, repo
from referat.archive import Archive
from referat.model import Meeting
from referat.printable import clean
from referat.tasks import Task

PRODID = "-//referat//referat//DA"
CALENDAR_NAME = "Møder og frister"
TZID = "Europe/Copenhagen"
COPENHAGEN = ZoneInfo(TZID)
DEFAULT_LENGTH = dt.timedelta(hours=2)  # a meeting with a start time but no end
SUMMARY_LIMIT = 80

# The same shapes as `tid` in the front matter: "10:00", "10:00-13:00", "10.00 – 13.00".
_TIME_SPAN = re.compile(r"^([01][0-9]|2[0-3])[:.]([0-5][0-9])(?:[ \t]*[-–][ \t]*([01][0-9]|2[0-3])[:.]([0-5][0-9]))?$")


@dataclass(frozen=True)
class CalendarFile:
    data: bytes  # the .ics file, UTF-8 with CRLF line endings
    deadlines: int  # how many deadline events it holds
    meetings: int  # how many meeting events it holds


@dataclass(frozen=True)
class PlannedMeeting:
    group: str  # the group's id (its folder)
    group_name: str
    date: dt.date
    time: str  # "10:00-13:00", "10:00" or ""
    place: str
    meeting: Meeting | None  # the meeting file, when there is one
    plan_path: str  # the group's gruppe.yaml


def build(rep: Archive, records: list[Task], today: dt.date) -> CalendarFile:
    """The calendar: every open task with a deadline, and every planned meeting from today on
    (the groups' meeting plans) or with status `planlagt`."""
    deadline_events = [deadline_event(t) for t in records if not t.done and t.deadline is not None]
    meeting_events = [meeting_event(p) for p in planned_meetings(rep, today)]
    cal = _calendar()
    for event in sorted(deadline_events + meeting_events, key=_order):
        cal.add_component(event)
    return CalendarFile(to_ical(cal), len(deadline_events), len(meeting_events))


def to_ical(cal: Calendar) -> bytes:
    """cal.to_ical(), folded by fold() instead of icalendar's own per-character loop, which took
    half of `kalender`'s time on a large archive (measured: 60 µs a line); the content lines,
    their escaping and order are icalendar's."""
    return b"\r\n".join(fold(line).encode("utf-8") for line in cal.content_lines() if line) + b"\r\n"


FOLD_AT = 74  # octets of content per physical line; a continuation adds its leading space (RFC 5545 3.1)


def fold(line: str) -> str:
    """A content line folded as icalendar folds it: at most FOLD_AT octets a line, never inside
    a UTF-8 character, and never right after a backslash or caret (an escape stays whole)."""
    raw = line.encode("utf-8")
    if len(raw) <= FOLD_AT:
        return line
    parts = []
    start = 0
    while len(raw) - start > FOLD_AT:
        end = start + FOLD_AT
        while raw[end] & 0xC0 == 0x80:  # inside a character: break before it
            end -= 1
        if raw[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        parts.append(raw[start:end].decode("utf-8"))
        start = end
    parts.append(raw[start:].decode("utf-8"))
    return "\r\n ".join(parts)


# --- the calendar and its time zone -----------------------------------------------------------


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    cal.add("x-wr-timezone", TZID)
    cal.add_component(copenhagen_timezone())
    return cal


def copenhagen_timezone() -> Timezone:
    """Europe/Copenhagen as one STANDARD and one DAYLIGHT rule, the form Outlook reads.

    icalendar's own `add_missing_timezones()` writes one observance per transition without
    RRULEs; Outlook is known to misread such a VTIMEZONE (several STANDARD parts, RDATEs) and
    then shifts summer times by an hour. The EU rule has held since 1996: summer time from
    02:00 on the last Sunday of March to 03:00 on the last Sunday of October.
    """
    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add_component(_observance(TimezoneStandard(), dt.datetime(1996, 10, 27, 3, 0), 10, 2, 1, "CET"))
    tz.add_component(_observance(TimezoneDaylight(), dt.datetime(1996, 3, 31, 2, 0), 3, 1, 2, "CEST"))
    return tz


def _observance(part: Component, start: dt.datetime, month: int, offset_from: int, offset_to: int,
                name: str) -> Component:
    part.add("dtstart", start)
    part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1SU"})
    part.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
    part.add("tzoffsetto", dt.timedelta(hours=offset_to))
    part.add("tzname", name)
    return part


def _order(event: Event) -> tuple[dt.date, str]:
    start = event.decoded("dtstart")
    day = start.date() if isinstance(start, dt.datetime) else start
    return (day, str(event["uid"]))


def _stamp(day: dt.date) -> dt.datetime:
    """A DTSTAMP that does not change from run to run: the day at midnight UTC."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


# --- deadlines --------------------------------------------------------------------------------


def deadline_event(t: Task) -> Event:
    """An all-day event on the task's deadline."""
    assert t.deadline is not None
    event = Event()
    event.add("uid", task_uid(t))
    event.add("dtstamp", _stamp(t.meeting))
    event.add("dtstart", t.deadline.date)
    event.add("dtend", t.deadline.date + dt.timedelta(days=1))  # exists: no date read is after datoer.MAX_DATE
    _text(event, "summary", f"Frist: {shorten(t.text)}")
    _text(event, "description", _task_description(t))
    event.add("categories", ["Frist"])
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


def _text(event: Event, name: str, value: str) -> None:
    """A text property, without the control characters a meeting may hold: calendar programs
    refuse or show them as junk, like every other document (printable.clean)."""
    event.add(name, clean(value))


def task_uid(t: Task) -> str:
    return f"opgave-{t.full_id.replace('/', '-')}@referat"


def _task_description(t: Task) -> str:
    owners = ", ".join(o.name for o in t.owners) or "ikke angivet"
    meeting = datoer.format_date(t.meeting)
    if t.item:
        meeting += f", punkt {t.item}" + (f": {t.item_title}" if t.item_title else "")
    assert t.deadline is not None
    return "\n".join([
        _one_line(t.text),
        "",
        f"Ansvarlig: {owners}",
        f"Frist: {datoer.format_deadline(t.deadline)}",
        f"Gruppe: {t.group_name}",
        f"Møde: {meeting}",
        f"Opgave: {t.id}",
        f"Kilde: {t.path}:{t.line}",
    ])


def shorten(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """The text on one line, cut at a word to at most `limit` characters, with '…' if cut."""
    text = _one_line(text)
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- meetings ---------------------------------------------------------------------------------


def planned_meetings(rep: Archive, today: dt.date) -> list[PlannedMeeting]:
    """One per (group, date): the plan's dates from today on, and the files with status
    `planlagt` whatever their date; sorted by date, then group. Only the files of those
    meetings are read whole; the others' dates come from their summaries."""
    files: dict[tuple[str, dt.date], str] = {}
    planned = set()
    for path, s in rep.summaries().items():
        folder = repo.group_folder(path)
        if s.day is not None and folder:
            key = (folder, dt.date.fromordinal(s.day))
            if files.setdefault(key, path) == path and s.status == "planlagt":
                planned.add(key)
    wanted = set(planned)
    for group_id, group in rep.registry.groups.items():
        for dates in group.plan.values():
            wanted.update((group_id, day) for day in dates if day >= today)
    return [_planned(rep, group_id, day, rep.meeting(files[key]).meeting if (key := (group_id, day)) in files else None)
            for group_id, day in sorted(wanted, key=lambda k: (k[1], k[0]))]


def _planned(rep: Archive, group_id: str, day: dt.date, m: Meeting | None) -> PlannedMeeting:
    group = rep.registry.groups.get(group_id)
    default_time = group.default_time if group else ""
    default_place = group.default_place if group else ""
    return PlannedMeeting(
        group=group_id, group_name=group.name if group else group_id, date=day,
        time=(m.time if m and m.time else default_time), place=(m.place if m and m.place else default_place),
        meeting=m, plan_path=group.path if group else "")


def meeting_event(p: PlannedMeeting) -> Event:
    event = Event()
    event.add("uid", meeting_uid(p.group, p.date))
    event.add("dtstamp", _stamp(p.date))
    start, end = meeting_times(p.date, p.time)
    event.add("dtstart", start)
    event.add("dtend", end)
    _text(event, "summary", p.group_name)
    if p.place:
        _text(event, "location", p.place)
    _text(event, "description", _meeting_description(p))
    event.add("categories", ["Møde"])
    return event


def meeting_uid(group: str, day: dt.date) -> str:
    return f"moede-{group}-{day.isoformat()}@referat"


def meeting_times(day: dt.date, text: str) -> tuple[dt.datetime, dt.datetime] | tuple[dt.date, dt.date]:
    """Start and end in Copenhagen time; two hours when only the start is known; the whole
    day when the time is missing or cannot be read."""
    span = parse_time_span(text)
    if span is None:
        return day, day + dt.timedelta(days=1)
    begin, finish = span
    start = dt.datetime.combine(day, begin, tzinfo=COPENHAGEN)
    end = dt.datetime.combine(day, finish, tzinfo=COPENHAGEN) if finish else None
    if end is None or end <= start:
        end = start + DEFAULT_LENGTH
    return start, end


def parse_time_span(text: str) -> tuple[dt.time, dt.time | None] | None:
    """"10:00-13:00" → (10:00, 13:00); "10:00" → (10:00, None); anything else → None."""
    m = _TIME_SPAN.match(text.strip())
    if m is None:
        return None
    start = dt.time(int(m[1]), int(m[2]))
    end = dt.time(int(m[3]), int(m[4])) if m[3] else None
    return start, end


def _meeting_description(p: PlannedMeeting) -> str:
    if p.meeting is None:
        where = f" i {p.plan_path}" if p.plan_path else ""
        return f"Mødet står i mødeplanen{where}. Der er endnu ingen dagsorden."
    lines = [p.meeting.title] if p.meeting.title else []
    if p.meeting.agenda:
        lines += ["Dagsorden:"] + [f"{it.nr}. {_one_line(it.title)}" for it in p.meeting.agenda]
    else:
        lines.append("Dagsordenen er ikke skrevet endnu.")
    lines += ["", f"Kilde: {p.meeting.path}"]
    return "\n".join(lines)
