"""The calendar of open deadlines and planned meetings, as an iCalendar file (RFC 5545).

Built from a repository, its meetings and its task records; the result is bytes that Outlook,
Google Calendar and Apple Calendar import. The module never prints and never exits.

The calendar is written line by line (see HEAD, deadline_lines, meeting_lines, fold): icalendar,
the well-kept library for the format, took 19 s for a large archive's 30,000 events. The tests
hold every line byte for byte equal to what icalendar writes, and read the result with it.

Every event has a stable UID, so importing a newer file updates the events instead of
duplicating them (a meeting of the plan keeps its plan date's UID when it is moved), and the
same repository (and date) always gives byte-identical output: DTSTAMP is derived from the
meeting's date, not from the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from referat import clock, datoer
from referat import plan as year_plan
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
    plan_date: dt.date | None = None  # the plan date the meeting is or replaces (plan.py)

    @property
    def uid(self) -> str:
        return meeting_uid(self.group, self.plan_date or self.date)


def build(rep: Archive, records: list[Task], today: dt.date) -> CalendarFile:
    """The calendar: every open task with a deadline, and every planned meeting from today on
    (the groups' meeting plans) or with status `planlagt`."""
    deadlines = [((t.deadline.date, task_uid(t)), deadline_lines(t))
                 for t in records if not t.done and t.deadline is not None]
    meetings = [((p.date, p.uid), meeting_lines(p)) for p in planned_meetings(rep, today)]
    events = [line for _, lines in sorted(deadlines + meetings, key=lambda e: e[0]) for line in lines]
    return CalendarFile(written([*HEAD, *events, "END:VCALENDAR"]), len(deadlines), len(meetings))


def written(lines: list[str]) -> bytes:
    """Content lines as the file holds them: folded (see fold), CRLF after each."""
    return b"\r\n".join(fold(line).encode("utf-8") for line in lines) + b"\r\n"


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


# The calendar's head: its names and Europe/Copenhagen as one STANDARD and one DAYLIGHT rule,
# the form Outlook reads. (icalendar's own `add_missing_timezones()` writes one observance per
# transition without RRULEs; Outlook is known to misread such a VTIMEZONE and then shifts summer
# times by an hour.) The EU rule has held since 1996: summer time from 02:00 on the last Sunday
# of March to 03:00 on the last Sunday of October. tests/test_calendar_fold.py holds these lines
# equal to the same calendar built with icalendar.
TIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZNAME:CET",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19960331T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZNAME:CEST",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
)
HEAD = (
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    f"PRODID:{PRODID}",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    f"X-WR-CALNAME:{CALENDAR_NAME}",
    f"X-WR-TIMEZONE:{TZID}",
    *TIMEZONE,
)


# --- deadlines --------------------------------------------------------------------------------


def deadline_lines(t: Task) -> list[str]:
    """An all-day event on the task's deadline, as content lines. Written directly rather than
    through icalendar's Event, whose objects cost 0.3 ms an event and an archive has thousands
    of open deadlines; tests/test_calendar_fold.py holds the lines equal to the Event icalendar
    would write."""
    assert t.deadline is not None
    end = t.deadline.date + dt.timedelta(days=1)  # exists: no date read is after datoer.MAX_DATE
    return [
        "BEGIN:VEVENT",
        f"SUMMARY:{escaped(clean(f'Frist: {shorten(t.text)}'))}",
        f"DTSTART;VALUE=DATE:{_ymd(t.deadline.date)}",
        f"DTEND;VALUE=DATE:{_ymd(end)}",
        f"DTSTAMP:{_ymd(t.meeting)}T000000Z",  # the meeting's day at midnight UTC: the same every run
        f"UID:{escaped(task_uid(t))}",
        "CATEGORIES:Frist",
        f"DESCRIPTION:{escaped(clean(_task_description(t)))}",
        "TRANSP:TRANSPARENT",  # a deadline does not make anyone busy
        "END:VEVENT",
    ]


def escaped(text: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says, in the order icalendar's vText does it."""
    return (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _ymd(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


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
    """One per (group, date): the plan's dates from today on that no meeting replaced
    (plan.py), the meetings from today on that stand for a plan date, and the files with
    status `planlagt` whatever their date; sorted by date, then group. Only the files of those
    meetings are read whole; the others' dates come from their summaries."""
    wanted: dict[tuple[str, dt.date], year_plan.Slot] = {}  # (group, date) → its slot
    for group_id, group in rep.registry.groups.items():
        for s in year_plan.of_archive(rep, group):
            if s.status == "planlagt" or (s.date >= today and s.plan_date is not None):
                wanted.setdefault((group_id, s.date), s)
    return [planned(rep, group_id, s, rep.meeting(s.path).meeting if s.path else None)
            for (group_id, _), s in sorted(wanted.items(), key=lambda k: (k[0][1], k[0][0]))]


def planned(rep: Archive, group_id: str, slot: year_plan.Slot, m: Meeting | None) -> PlannedMeeting:
    """The meeting of a slot of the group's year, its time and place from the file or else the
    group's defaults."""
    group = rep.registry.groups.get(group_id)
    default_time = group.default_time if group else ""
    default_place = group.default_place if group else ""
    return PlannedMeeting(
        group=group_id, group_name=group.name if group else group_id, date=slot.date,
        time=(m.time if m and m.time else default_time), place=(m.place if m and m.place else default_place),
        meeting=m, plan_path=group.path if group else "", plan_date=slot.plan_date)


def meeting_lines(p: PlannedMeeting) -> list[str]:
    """A planned meeting as an event's content lines, written directly like deadline_lines (a
    large archive's plans hold hundreds of future meetings); tests/test_calendar_fold.py holds
    them equal to what icalendar's Event writes."""
    start, end = meeting_times(p.date, p.time)
    return [
        "BEGIN:VEVENT",
        f"SUMMARY:{escaped(clean(p.group_name))}",
        f"DTSTART{moment_value(start)}",
        f"DTEND{moment_value(end)}",
        f"DTSTAMP:{_ymd(p.date)}T000000Z",  # the day at midnight UTC: the same every run
        f"UID:{escaped(p.uid)}",
        "CATEGORIES:Møde",
        f"DESCRIPTION:{escaped(clean(meeting_description(p)))}",
        *([f"LOCATION:{escaped(clean(p.place))}"] if p.place else []),
        "END:VEVENT",
    ]


def moment_value(moment: dt.date) -> str:
    """A DTSTART or DTEND's parameters and value: a whole day, or a time in Copenhagen."""
    if isinstance(moment, dt.datetime):
        return f";TZID={TZID}:{_ymd(moment)}T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    return f";VALUE=DATE:{_ymd(moment)}"


def meeting_uid(group: str, day: dt.date) -> str:
    """A meeting's UID: a meeting of the plan by its plan date (PlannedMeeting.uid), so a
    meeting moved to another day (plan.py) keeps it and updates the entry a calendar has."""
    return f"moede-{group}-{day.isoformat()}@referat"


def meeting_times(day: dt.date, text: str) -> tuple[dt.datetime, dt.datetime] | tuple[dt.date, dt.date]:
    """Start and end in Copenhagen time; two hours when only the start is known; the whole
    day when the time is missing or cannot be read."""
    span = clock.parse_span(text)
    if span is None:
        return day, day + dt.timedelta(days=1)
    begin, finish = span
    start = dt.datetime.combine(day, begin, tzinfo=COPENHAGEN)
    end = dt.datetime.combine(day, finish, tzinfo=COPENHAGEN) if finish else None
    if end is None or end <= start:
        end = start + DEFAULT_LENGTH
    return start, end


def meeting_description(p: PlannedMeeting) -> str:
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
