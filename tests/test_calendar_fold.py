"""kalender folds its lines itself (icalendar's per-character loop was half its time on a large
archive): the result must be byte for byte what icalendar writes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event
from icalendar.parser.string import _foldline  # icalendar's own folding: the reference

from referat.calendar_ics import fold, to_ical

# Danish letters, escapes, and characters of two, three and four bytes in UTF-8
TEXT = st.text(alphabet=st.sampled_from("abc æøåÆØÅ\\^;,:é€😀0123456789"), max_size=400)


@settings(max_examples=500)
@given(TEXT)
def test_a_line_is_folded_as_icalendar_folds_it(line):
    assert fold(line) == _foldline(line)


@settings(max_examples=100)
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_a_calendar_is_written_as_icalendar_writes_it(texts):
    cal = Calendar()
    for i, text in enumerate(texts):
        event = Event()
        event.add("uid", f"{i}@referat")
        event.add("summary", text)
        event.add("description", "\n".join(texts))
        cal.add_component(event)
    assert to_ical(cal) == cal.to_ical()
