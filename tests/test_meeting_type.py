"""A Meeting is a whole meeting: a file read only in part is no Meeting for the documents,
and tjek still sees all of it (as a MeetingFile)."""

from __future__ import annotations

import datetime as dt

import pytest

from meetingtext import FILE, VALID
from referat.meeting import read_meeting, read_meeting_file

FOLDER = "boern-og-unge"


def test_a_whole_meeting_has_its_date_and_group_folder():
    meeting, _ = read_meeting(VALID.encode(), FILE, FOLDER)
    assert meeting is not None
    assert (meeting.date, meeting.group_folder) == (dt.date(2025, 6, 13), FOLDER)
    assert [it.nr for it in meeting.agenda] == ["1", "2"]


@pytest.mark.parametrize("why, text, folder", [
    ("no date", VALID.replace("dato: 2025-06-13\n", ""), FOLDER),
    ("a date that is none", VALID.replace("dato: 2025-06-13", "dato: 2025-02-30"), FOLDER),
    ("a YAML problem", VALID.replace("sted: Teams\n", "sted: Teams\nsted: Zoom\n"), FOLDER),
    ("not in a group folder", VALID, None),
])
def test_a_file_read_in_part_is_no_meeting_but_tjek_sees_what_it_says(why, text, folder):
    meeting, findings = read_meeting(text.encode(), FILE, folder)
    assert meeting is None, why
    read, same = read_meeting_file(text.encode(), FILE, folder)
    assert read is not None and read.meeting() is None
    assert same == findings
    assert [it.nr for it in read.agenda] == ["1", "2"]  # the checker still has the agenda
