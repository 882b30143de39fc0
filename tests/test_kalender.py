"""`referat kalender`: the .ics file with open deadlines and planned meetings.

Every test runs the real CLI on a copy of this project's own minutes in a real git repository,
reads the calendar back with icalendar (as a calendar program would) and asserts on what the
user would see in Outlook or Google Calendar.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

from icalendar import Calendar

from conftest import git

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = "2025-03-08"  # the day after the network group's meeting 7 March 2025
OVERVIEW_TASK = "Lave et overblik over de forskellige netværk"


def calendar(minutes, *args: str) -> tuple[Calendar, str]:
    result = minutes.run("kalender", "--dato", TODAY, *args)
    assert result.code == 0, result.err
    assert result.err == ""
    return Calendar.from_ical(result.out), result.out


def events(cal: Calendar) -> dict:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def category(event) -> str:
    return event["categories"].to_ical().decode("utf-8")


def tasks(minutes) -> list[dict]:
    result = minutes.run("opgaver", "--alle", "--format", "json", "--dato", TODAY)
    assert result.code == 0, result.err
    return json.loads(result.out)


def task_uid(task: dict) -> str:
    full_id = task["id"] if "/" in task["id"] else f"{task['gruppe']}/{task['id']}"
    return f"opgave-{full_id.replace('/', '-')}@referat"


def the_task(minutes, start: str) -> dict:
    [task] = [t for t in tasks(minutes) if t["tekst"].startswith(start)]
    return task


# --- the calendar itself ----------------------------------------------------------------------


def test_the_calendar_names_itself_and_its_time_zone(minutes):
    cal, _ = calendar(minutes)
    assert str(cal["prodid"]) == "-//referat//referat//DA"
    assert str(cal["version"]) == "2.0"
    assert str(cal["calscale"]) == "GREGORIAN"
    assert str(cal["method"]) == "PUBLISH"
    assert str(cal["x-wr-calname"]) == "Møder og frister"
    assert str(cal["x-wr-timezone"]) == "Europe/Copenhagen"
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["tzid"]) == "Europe/Copenhagen"


def test_the_time_zone_is_one_rule_pair_that_agrees_with_copenhagen(minutes):
    # Outlook misreads a VTIMEZONE with several STANDARD parts; one yearly rule each is safe.
    cal, _ = calendar(minutes)
    [tz] = cal.walk("VTIMEZONE")
    assert [c.name for c in tz.subcomponents] == ["STANDARD", "DAYLIGHT"]
    assert all("RRULE" in c for c in tz.subcomponents)
    tz["TZID"] = "Som skrevet i filen"  # an unknown name: icalendar builds it from the rules written
    as_written = tz.to_tz()
    day = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    while day.year < 2038:
        # Every day of the weeks the clocks change in (the last Sundays of March and October, at
        # 01:00 UTC), one day a week otherwise: a rule that is off by an hour, a day or a month
        # shows on one of them.
        if day.month in (3, 10) and day.day >= 22 or day.weekday() == 6:
            for moment in (day + dt.timedelta(minutes=59), day + dt.timedelta(hours=1)):
                assert moment.astimezone(as_written).utcoffset() == moment.astimezone(CPH).utcoffset(), moment
        day += dt.timedelta(days=1)


# --- deadlines --------------------------------------------------------------------------------


def test_an_open_deadline_is_an_all_day_event_on_its_date(minutes):
    task = the_task(minutes, OVERVIEW_TASK)
    cal, text = calendar(minutes)
    event = events(cal)[task_uid(task)]
    assert event.decoded("dtstart") == dt.date(2025, 5, 9)
    assert event.decoded("dtend") == dt.date(2025, 5, 10)
    assert "DTSTART;VALUE=DATE:20250509" in text
    summary = str(event["summary"])
    assert summary.startswith(f"Frist: {OVERVIEW_TASK}")
    assert len(summary) <= len("Frist: ") + 80
    description = str(event["description"])
    assert task["tekst"] in description  # the full text, not the shortened one
    assert "Ansvarlig: Lisbeth Broberg" in description
    assert "Gruppe: Netværksgruppe Børn og Unge" in description
    assert "Møde: 7. marts 2025" in description
    assert f"Opgave: {task['id']}" in description
    assert f"Kilde: moeder/boern-og-unge/2025-03-07.md:{task['linje']}" in description
    assert category(event) == "Frist"


def test_closed_tasks_and_tasks_without_a_deadline_are_left_out(minutes):
    all_tasks = tasks(minutes)
    closed = [t for t in all_tasks if t["status"] == "lukket"]
    undated = [t for t in all_tasks if t["status"] != "lukket" and t["frist"] is None]
    shown = [t for t in all_tasks if t["status"] != "lukket" and t["frist"] is not None]
    assert closed and undated and shown
    cal, _ = calendar(minutes)
    uids = set(events(cal))
    assert not {task_uid(t) for t in closed} & uids
    assert not {task_uid(t) for t in undated} & uids
    assert {task_uid(t) for t in shown} <= uids
    deadlines = [e for e in cal.walk("VEVENT") if str(e["summary"]).startswith("Frist: ")]
    assert len(deadlines) == len(shown)


def test_closing_a_task_takes_its_deadline_off_the_calendar(minutes):
    task = the_task(minutes, OVERVIEW_TASK)
    before, _ = calendar(minutes)
    assert task_uid(task) in events(before)
    closed = minutes.run("opgaver", "luk", task["id"], "--dato", "2025-04-01")
    assert closed.code == 0, closed.err
    after, _ = calendar(minutes)
    assert task_uid(task) not in events(after)
    assert len(events(after)) == len(events(before)) - 1


# --- meetings ---------------------------------------------------------------------------------


def test_planned_meetings_from_the_date_on_with_the_groups_time_and_place(minutes):
    cal, text = calendar(minutes)
    found = events(cal)
    for day in (dt.date(2025, 5, 9), dt.date(2025, 9, 12), dt.date(2025, 11, 14)):
        event = found[f"moede-boern-og-unge-{day.isoformat()}@referat"]
        assert str(event["summary"]) == "Netværksgruppe Børn og Unge"
        assert event.decoded("dtstart") == dt.datetime.combine(day, dt.time(10, 0), tzinfo=CPH)
        assert event.decoded("dtend") == dt.datetime.combine(day, dt.time(13, 0), tzinfo=CPH)
        assert str(event["location"]) == "Teams"
        assert f"DTSTART;TZID=Europe/Copenhagen:{day:%Y%m%d}T100000" in text
    assert "moede-boern-og-unge-2025-03-07@referat" not in found  # before --dato, and a draft
    assert "moede-boern-og-unge-2024-11-29@referat" not in found
    assert "moede-styregruppen-2025-05-02@referat" in found
    assert {category(e) for e in found.values() if str(e["uid"]).startswith("moede-")} == {"Møde"}


def test_a_planned_meeting_file_gives_its_time_place_and_agenda_once(minutes):
    minutes.write("moeder/boern-og-unge/2025-09-12.md", """\
---
dato: 2025-09-12
tid: "09:30"
sted: Kalundborg Rådhus, mødelokale 2
status: planlagt
dagsorden:
  - nr: 1
    titel: Velkomst og godkendelse af dagsorden
  - nr: 2
    titel: Kommissorier for de to ad hoc-grupper
---
""")
    cal, _ = calendar(minutes)
    meetings = [e for e in cal.walk("VEVENT") if str(e["uid"]) == "moede-boern-og-unge-2025-09-12@referat"]
    assert len(meetings) == 1  # in the plan and a file: still one event
    [event] = meetings
    assert event.decoded("dtstart") == dt.datetime(2025, 9, 12, 9, 30, tzinfo=CPH)
    assert event.decoded("dtend") == dt.datetime(2025, 9, 12, 11, 30, tzinfo=CPH)  # two hours
    assert str(event["location"]) == "Kalundborg Rådhus, mødelokale 2"
    description = str(event["description"])
    assert "1. Velkomst og godkendelse af dagsorden" in description
    assert "2. Kommissorier for de to ad hoc-grupper" in description


def test_a_planned_meeting_outside_the_plan_is_on_the_calendar(minutes):
    minutes.write("moeder/boern-og-unge/2025-06-20.md", """\
---
dato: 2025-06-20
status: planlagt
dagsorden:
  - nr: 1
    titel: Ekstraordinært møde om plejefamilieområdet
---
""")
    cal, _ = calendar(minutes)
    # 42 days after the plan date 9 May 2025, which no file has: plan.py takes it for that
    # meeting moved, so it has that date's UID and the plan date is no event of its own.
    event = events(cal)["moede-boern-og-unge-2025-05-09@referat"]
    assert event.decoded("dtstart") == dt.datetime(2025, 6, 20, 10, 0, tzinfo=CPH)  # the group's standard
    assert str(event["location"]) == "Teams"


def test_a_group_without_a_time_meets_all_day(minutes):
    minutes.write("moeder/plejefamilier/gruppe.yaml", """\
id: plejefamilier
navn: Ad hoc-gruppe om plejefamilier
moedeplan:
  2025:
    - 2025-06-02
""")
    cal, text = calendar(minutes)
    event = events(cal)["moede-plejefamilier-2025-06-02@referat"]
    assert str(event["summary"]) == "Ad hoc-gruppe om plejefamilier"
    assert event.decoded("dtstart") == dt.date(2025, 6, 2)
    assert event.decoded("dtend") == dt.date(2025, 6, 3)
    assert "location" not in event


# --- the file ---------------------------------------------------------------------------------


def test_ud_writes_the_file_and_says_so_in_danish(minutes):
    result = minutes.run("kalender", "--dato", TODAY, "--ud", "kalender.ics")
    assert result.code == 0, result.err
    m = re.fullmatch(r"Skrev (\d+) frister og (\d+) møder til kalender\.ics\n", result.out)
    assert m, result.out
    cal = Calendar.from_ical((minutes.root / "kalender.ics").read_bytes())
    kinds = [category(e) for e in cal.walk("VEVENT")]
    assert (int(m[1]), int(m[2])) == (kinds.count("Frist"), kinds.count("Møde"))
    assert int(m[1]) > 0 and int(m[2]) > 0


def test_two_runs_give_byte_identical_files_with_crlf(minutes):
    assert minutes.run("kalender", "--dato", TODAY, "--ud", "a.ics").code == 0
    assert minutes.run("kalender", "--dato", TODAY, "--ud", "b.ics").code == 0
    first, second = (minutes.root / "a.ics").read_bytes(), (minutes.root / "b.ics").read_bytes()
    assert first == second
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and first.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in first.replace(b"\r\n", b"")  # every line ends in CRLF (RFC 5545)
    assert "Møder og frister".encode() in first
    _, shown = calendar(minutes)
    assert shown == first.decode("utf-8").replace("\r\n", "\n")  # stdout is the same calendar


def test_folding_never_splits_an_escape(minutes):
    # A long line is folded every 75 bytes; a fold between "\\" and "n" makes Google Calendar
    # drop the event. icalendar keeps escapes whole from 7.3 on.
    assert minutes.run("kalender", "--dato", TODAY, "--ud", "kalender.ics").code == 0
    lines = (minutes.root / "kalender.ics").read_bytes().split(b"\r\n")
    for line, following in zip(lines, lines[1:], strict=False):
        backslashes = len(line) - len(line.rstrip(b"\\"))
        assert not (following.startswith(b" ") and backslashes % 2), line
    assert max(len(line) for line in lines) <= 75


def test_an_unwritable_path_is_a_danish_error(minutes):
    result = minutes.run("kalender", "--dato", TODAY, "--ud", "findes-ikke/kalender.ics")
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("Fejl: Kan ikke skrive kalenderen til 'findes-ikke/kalender.ics'")
    assert "findes ikke" in result.err
    assert "Traceback" not in result.err
    assert not (minutes.root / "findes-ikke").exists()
    assert git(minutes.root, "status", "--porcelain") == ""


def test_a_bad_date_is_a_usage_error(minutes):
    result = minutes.run("kalender", "--dato", "30. februar 2025")
    assert result.code == 2
    assert result.err.startswith("Fejl: --dato:")
    assert "Traceback" not in result.err
