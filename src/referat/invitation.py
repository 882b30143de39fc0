"""A meeting as the calendar invitation an e-mail carries (iCalendar, RFC 5545 and 5546).

The event is the one `referat kalender` writes for the meeting (calendar_ics.meeting_lines:
the same UID, times, place and description), sent as METHOD:REQUEST with the organizer and
the one attendee the letter goes to, or as METHOD:CANCEL for a cancelled meeting. Its UID is
the plan date's for a meeting of the plan (calendar_ics.PlannedMeeting.uid), so a meeting moved
to another day, or an agenda sent again, updates the entry the recipient's calendar already has
instead of adding one. Pure: it returns bytes.
"""

from __future__ import annotations

import datetime as dt

from referat import calendar_ics
from referat import plan as year_plan
from referat.archive import Archive
from referat.calendar_ics import PRODID, TIMEZONE, written
from referat.mail.letter import Invitation, Recipient
from referat.mail.message import one_line
from referat.model import Meeting

REQUEST, CANCEL = "REQUEST", "CANCEL"

# SEQUENCE must grow with every sending, or a calendar keeps the entry it has and ignores the
# update (RFC 5546 2.1.4; Outlook and Google do). referat remembers no count per meeting (the
# record of sent letters is outside git and may be lost), so the number is the time of sending:
# whole seconds since 2020, which grows between any two sendings a person makes and fits the
# 32-bit integer iCalendar allows until 2088.
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def sequence(sent: dt.datetime) -> int:
    return max(0, int((sent - SEQUENCE_EPOCH).total_seconds()))


def event_of(rep: Archive, m: Meeting) -> calendar_ics.PlannedMeeting:
    """The meeting as `kalender` sees it: its slot of the group's year (plan.py), so a moved
    meeting has the plan date it replaces."""
    group = rep.registry.groups.get(m.group_folder)
    slots = year_plan.of_archive(rep, group) if group is not None else []
    slot = next((s for s in slots if s.path == m.path), year_plan.Slot(m.date, m.path, m.status))
    return calendar_ics.planned(rep, m.group_folder, slot, m)


def invitation(event: calendar_ics.PlannedMeeting, method: str, organizer: Recipient, attendee: Recipient,
               sent: dt.datetime) -> Invitation:
    """The invitation to event for attendee, sent at sent."""
    vevent = [line for line in calendar_ics.meeting_lines(event) if not line.startswith("DTSTAMP:")]
    stamp = sent.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    extra = [
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{sequence(sent)}",
        f"ORGANIZER;CN={_param(organizer.name)}:mailto:{organizer.address}",
        f"ATTENDEE;CN={_param(attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
        f":mailto:{attendee.address}",
        f"STATUS:{'CANCELLED' if method == CANCEL else 'CONFIRMED'}",
    ]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", f"METHOD:{method}",
             *TIMEZONE, *vevent[:-1], *extra, vevent[-1], "END:VCALENDAR"]
    return Invitation(written(lines), method)


def _param(name: str) -> str:
    """A name as a quoted parameter value: a parameter cannot hold a double quote (RFC 5545
    3.1), so it becomes a single one."""
    return '"' + one_line(name).replace('"', "'") + '"'

