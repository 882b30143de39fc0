"""kalender writes its calendar itself (icalendar's objects and its per-character folding were
most of its time on a large archive): every line must be byte for byte what icalendar writes,
for the frozen archive's events and for any text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event
from icalendar.parser.string import _foldline  # icalendar's own folding: the reference

from referat.calendar_ics import (
    HEAD,
    _task_description,
    deadline_lines,
    fold,
    meeting_description,
    meeting_lines,
    meeting_times,
    planned_meetings,
    shorten,
    task_uid,
    written,
)
from referat.printable import clean

# Danish letters, escapes, and characters of two, three and four bytes in UTF-8
TEXT = st.text(alphabet=st.sampled_from("abc æøåÆØÅ\\^;,:é€😀0123456789"), max_size=400)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_a_line_is_folded_as_icalendar_folds_it(line):
    assert fold(line) == _foldline(line)


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_a_calendar_is_written_as_icalendar_writes_it(texts):
    cal = Calendar()
    for i, text in enumerate(texts):
        event = Event()
        event.add("uid", f"{i}@referat")
        event.add("summary", text)
        event.add("description", "\n".join(texts))
        cal.add_component(event)
    assert written(_lines(cal)) == cal.to_ical()


def _lines(component) -> list[str]:
    return [str(line) for line in component.content_lines() if line]


def test_the_calendar_s_head_is_what_icalendar_writes():
    """The names and the Copenhagen time zone (one STANDARD and one DAYLIGHT rule, as Outlook
    reads it), built with icalendar: the reference for calendar_ics.HEAD."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    cal = Calendar()
    for name, value in [("prodid", "-//referat//referat//DA"), ("version", "2.0"), ("calscale", "GREGORIAN"),
                        ("method", "PUBLISH"), ("x-wr-calname", "Møder og frister"),
                        ("x-wr-timezone", "Europe/Copenhagen")]:
        cal.add(name, value)
    tz = Timezone()
    tz.add("tzid", "Europe/Copenhagen")
    for part, start, month, offset_from, offset_to, name in [
            (TimezoneStandard(), dt.datetime(1996, 10, 27, 3, 0), 10, 2, 1, "CET"),
            (TimezoneDaylight(), dt.datetime(1996, 3, 31, 2, 0), 3, 1, 2, "CEST")]:
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1SU"})
        part.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
        part.add("tzoffsetto", dt.timedelta(hours=offset_to))
        part.add("tzname", name)
        tz.add_component(part)
    cal.add_component(tz)
    assert [*HEAD, "END:VCALENDAR"] == _lines(cal)


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _icalendar_event(t) -> list[str]:
    """The deadline event as icalendar's Event writes it: the reference."""
    event = Event()
    event.add("uid", task_uid(t))
    event.add("dtstamp", _stamp(t.meeting))
    event.add("dtstart", t.deadline.date)
    event.add("dtend", t.deadline.date + dt.timedelta(days=1))
    event.add("summary", clean(f"Frist: {shorten(t.text)}"))
    event.add("description", clean(_task_description(t)))
    event.add("categories", ["Frist"])
    event.add("transp", "TRANSPARENT")
    return [str(line) for line in event.content_lines() if line]


@functools.cache  # the frozen archive never changes: read it once, not once per example
def _tasks():
    from conftest import ARCHIVE
    from referat.archive import Archive

    return [t for t in Archive(ARCHIVE, use_cache=False).tasks() if t.deadline is not None]


def test_every_deadline_of_this_archive_is_written_as_icalendar_writes_it():
    tasks = _tasks()
    assert len(tasks) >= 10
    for t in tasks:
        assert deadline_lines(t) == _icalendar_event(t)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, st.sampled_from(["a", "æøå", "x,y;z", "back\\slash", "linje\nto"]))
def test_any_task_text_is_written_as_icalendar_writes_it(text, title, owner):
    t = msgspec.structs.replace(_tasks()[0], text=text, item_title=title, group_name=owner)
    assert deadline_lines(t) == _icalendar_event(t)


def _icalendar_meeting(p) -> list[str]:
    """The planned meeting as icalendar's Event writes it: the reference."""
    event = Event()
    event.add("uid", p.uid)
    event.add("dtstamp", _stamp(p.date))
    start, end = meeting_times(p.date, p.time)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", clean(p.group_name))
    if p.place:
        event.add("location", clean(p.place))
    event.add("description", clean(meeting_description(p)))
    event.add("categories", ["Møde"])
    return [str(line) for line in event.content_lines() if line]


@functools.cache  # the frozen archive never changes: read it once, not once per example
def _planned():
    from conftest import ARCHIVE
    from referat.archive import Archive

    return planned_meetings(Archive(ARCHIVE, use_cache=False), dt.date(2025, 1, 1))


def test_every_planned_meeting_of_this_archive_is_written_as_icalendar_writes_it():
    planned = _planned()
    assert len(planned) >= 5 and any(p.meeting for p in planned) and any(not p.meeting for p in planned)
    for p in planned:
        assert meeting_lines(p) == _icalendar_meeting(p)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, st.sampled_from(["", "10:00", "9:30-11:45", "13:00-12:00", "hele dagen", "23:59"]))
def test_any_meeting_is_written_as_icalendar_writes_it(name, place, time):
    p = dataclasses.replace(_planned()[0], group_name=name, place=place, time=time)
    assert meeting_lines(p) == _icalendar_meeting(p)
