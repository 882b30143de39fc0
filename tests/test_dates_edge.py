"""Dates at the edge: one plausible range (datoer.MIN_DATE to MAX_DATE) for every date, in
`tjek` and in every command; digits 0-9 only; a task closed before its meeting.

Each test runs the real CLI on a real git repository and reads what the user sees.
"""

from __future__ import annotations

import pytest
from icalendar import Calendar

from conftest import failed, ok
from meetingtext import FILE, GROUP, check_file, col_of, finding_lines, line_of, meeting

ARABIC_INDIC = "٢٠٢٥-٠٣-٠٧"  # 2025-03-07 in Arabic-Indic digits
FULL_WIDTH = "２０２５-０３-０７"  # and in full-width digits
RANGE = "referat tager kun imod datoer fra 1950 til 2100"
TASK = "- [ ] Sende overblik over netværkene til alle medlemmer."


def where(text: str, needle: str) -> str:
    return f"{FILE}:{line_of(text, needle)}:{col_of(text, needle)}"


# --- tjek finds each implausible date, at its place -----------------------------------------------


@pytest.mark.parametrize(("changes", "needle", "expected"), [
    ((("tid:", "naeste_moede:\n  dato: 2999-01-01\ntid:"),), "2999-01-01",
     f"fejl D001 'dato' i naeste_moede: '2999-01-01' er ikke en gyldig dato ({RANGE})"),
    ((("status: udkast\n", "status: godkendt\ngodkendt:\n  dato: 2025-06-20\n  moede: 1900-01-01\n"),), "1900-01-01",
     f"fejl D001 'moede' i godkendt: '1900-01-01' er ikke en gyldig dato ({RANGE})"),
    ((("status: udkast\n", "status: godkendt\ngodkendt:\n  dato: 2025-06-20\n  moede: " + ARABIC_INDIC + "\n"),),
     ARABIC_INDIC, f"fejl D001 'moede' i godkendt: '{ARABIC_INDIC}' er skrevet med andre cifre end 0-9."),
    ((("status: udkast\n", "status: godkendt\ngodkendt:\n  dato: " + FULL_WIDTH + "\n  moede: 2025-06-20\n"),),
     FULL_WIDTH, f"fejl D001 'dato' i godkendt: '{FULL_WIDTH}' er skrevet med andre cifre end 0-9."),
    ((("Frist: 1. september 2025.", "Frist: 9999-12-31."),), "Frist: 9999-12-31",
     f"fejl T003 Fristen kan ikke læses: '9999-12-31' er ikke en gyldig dato ({RANGE})"),
    ((("Frist: 1. september 2025.", "Frist: uge 52 2100."),), "Frist: uge 52 2100",
     f"fejl T003 Fristen kan ikke læses: 'uge 52 2100' er ikke en gyldig dato ({RANGE})"),
    ((("- [ ] Sende", "- [x] Sende"), ("2025.\n", "2025. Lukket: 2999-01-01.\n")), "Lukket: 2999-01-01",
     f"fejl T005 Lukket-datoen kan ikke læses: '2999-01-01' er ikke en gyldig dato ({RANGE})"),
    ((("- [ ] Sende", "- [x] Sende"), ("2025.\n", "2025. Lukket: 1900-01-01.\n")), "Lukket: 1900-01-01",
     f"fejl T005 Lukket-datoen kan ikke læses: '1900-01-01' er ikke en gyldig dato ({RANGE})"),
    ((("- [ ] Sende", "- [x] Sende"), ("2025.\n", "2025. Lukket: 2025-06-12.\n")), "Lukket: 2025-06-12",
     "fejl T010 Opgaven er lukket 12. juni 2025, før mødet (13. juni 2025)"),
])
def test_tjek_reports_each_implausible_date_where_it_stands(minutes, changes, needle, expected):
    text = meeting(*changes)
    r = check_file(minutes, text)
    assert f"{where(text, needle)}: {expected}" in "\n".join(finding_lines(r)), r.out
    assert r.code == 1


def test_T010_a_task_closed_before_its_meeting_but_not_one_closed_that_day(minutes):
    text = meeting(("- [ ] Sende", "- [x] Sende"),
                   ("2025.\n", "2025. Lukket: 2025-06-13.\n"
                                "- [x] Bestille lokale. Ansvarlig: Povl Skov. Lukket: 2025-06-12.\n"))
    r = check_file(minutes, text)
    assert finding_lines(r) == [f"{where(text, 'Lukket: 2025-06-12')}: fejl T010 Opgaven er lukket 12. juni 2025, "
                                "før mødet (13. juni 2025)"], r.out


def test_a_meeting_dated_in_other_digits_is_no_date(minutes):
    for digits in (ARABIC_INDIC, FULL_WIDTH):
        text = meeting(("dato: 2025-06-13", f"dato: {digits}"))
        r = check_file(minutes, text)
        assert (f"{FILE}:2:7: fejl D001 'dato' i mødet: '{digits}' er skrevet med andre cifre end 0-9. "
                "Skriv fx 2025-03-07 eller 7. marts 2025.") in finding_lines(r), r.out


def test_a_file_named_in_other_digits_is_not_named_by_its_date(minutes):
    r = check_file(minutes, meeting(), path=f"{GROUP}/{ARABIC_INDIC}.md")
    assert any(" fejl D003 " in line for line in finding_lines(r)), r.out


# --- the same rule in every command ----------------------------------------------------------------


@pytest.mark.parametrize("value", [ARABIC_INDIC, FULL_WIDTH, "9999-12-31", "1900-01-01"])
def test_dato_options_refuse_what_tjek_refuses(minutes, value):
    for args in (("opgaver",), ("kalender",), ("aarsrapport", "2025")):
        failed(minutes.run(*args, "--dato", value), "--dato", value, code=2)


def test_luk_refuses_a_date_in_other_digits(minutes):
    failed(minutes.run("opgaver", "luk", "2025-03-07-2", "--dato", ARABIC_INDIC), "andre cifre end 0-9", code=2)
    before = minutes.read("moeder/boern-og-unge/2025-03-07.md")
    failed(minutes.run("opgaver", "luk", "2025-03-07-2", "--dato", "9999-12-31"), RANGE, code=2)
    assert minutes.read("moeder/boern-og-unge/2025-03-07.md") == before


def test_kalender_takes_every_date_tjek_lets_through(minutes):
    """The range's last day: the all-day event ends the day after; a date past the range is
    refused by tjek and left out of the calendar, never a crash."""
    minutes.write(FILE, meeting(
        ("Frist: 1. september 2025.", "Frist: 2100-12-31."),
        (TASK, "- [ ] Bestille lokale. Ansvarlig: Povl Skov. Frist: 9999-12-31.\n" + TASK)))
    plan = minutes.read(f"{GROUP}/gruppe.yaml").replace("moedeplan:\n", "moedeplan:\n  2100:\n    - 2100-12-31\n")
    minutes.write(f"{GROUP}/gruppe.yaml", plan)
    found = finding_lines(minutes.run("tjek", FILE))
    # 2100-12-31 is no error, only far away (T011)
    assert [line.split(": ")[1] for line in found] == [
        "fejl T003 Fristen kan ikke læses",
        "advarsel T011 Fristen 31. december 2100 ligger mere end tre år efter mødet (13. juni 2025) — Er årstallet "
        "rigtigt?"], found
    r = ok(minutes.run("kalender", "--dato", "2100-12-31"))
    events = {str(e["summary"]): e for e in Calendar.from_ical(r.out).walk("VEVENT")}
    deadline = events["Frist: Sende overblik over netværkene til alle medlemmer."]
    assert (deadline.decoded("dtstart").isoformat(), deadline.decoded("dtend").isoformat()) == ("2100-12-31",
                                                                                                "2101-01-01")
    meeting_event = events["Netværksgruppe Børn og Unge"]
    assert meeting_event.decoded("dtstart").date().isoformat() == "2100-12-31"
    assert not any(s.startswith("Frist: Bestille lokale") for s in events)


def test_a_time_in_other_digits_is_no_time(minutes):
    """Times follow the dates' rule: 1٢:00 is not 12:00, in tjek and so in kalender."""
    r = check_file(minutes, meeting(('tid: "10:00-13:00"', 'tid: "1٢:00"')))
    assert any(" fejl S004 " in line and "1٢:00" in line for line in finding_lines(r)), r.out


def test_kalender_leaves_out_the_control_characters_a_task_holds(minutes):
    """A form feed pasted from a PDF and an ESC in a task: the calendar file carries neither."""
    minutes.write(FILE, meeting(("Frist: 1. september 2025.", "Frist: 1. september 2025.\n"
                                 "- [ ] Læse\x0crapporten \x1b[31mgrundigt. "
                                 "Ansvarlig: Povl Skov. Frist: 2. september 2025.")))
    r = ok(minutes.run("kalender", "--dato", "2025-06-14"))
    assert "\x0c" not in r.out and "\x1b" not in r.out
    summaries = {str(e["summary"]) for e in Calendar.from_ical(r.out).walk("VEVENT")}
    assert "Frist: Læse rapporten [31mgrundigt." in summaries, summaries
