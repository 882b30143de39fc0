"""The same forms everywhere (issue 12, part 3): every date option reads what a deadline reads,
--gruppe finds a group by a part of its name, `tid` may be written the Danish way and every
document shows it so, and an empty list in a registry is a list, not a missing key.

Each test writes its own meeting into the `minutes` archive and runs the real CLI.
"""

from __future__ import annotations

import io
import json
import re

import jsonschema
import pytest

from conftest import PROJECT, failed, ok
from meetingtext import FILE, GROUP, VALID, check_file, codes, finding_lines, line_of, meeting, tjek

DAY = "2025-06-13"  # the date of meetingtext's meeting
# Two tasks from the meeting: one due 20 June 2025, one 1 September 2025
TASKS = meeting(("      Ansvarlig: Povl Skov. Frist: 1. september 2025.\n",
                 "      Ansvarlig: Povl Skov. Frist: 1. september 2025.\n"
                 "- [ ] Bestille lokale. Ansvarlig: Povl Skov. Frist: 20. juni 2025.\n"))
JUNE, SEPTEMBER = "Bestille lokale.", "Sende overblik over netværkene til alle medlemmer."


def due(minutes, *args: str) -> list[str]:
    """The texts of the open tasks of the meeting that `opgaver` lists with args."""
    rows = json.loads(ok(minutes.run("opgaver", "-f", "json", *args)).out)
    return sorted(row["tekst"] for row in rows if row["moede"] == DAY)


# --- one reader for every date option -----------------------------------------------------------


@pytest.mark.parametrize(("today", "until", "expected"), [
    ("2025-06-14", "ultimo juni 2025", [JUNE]),
    ("2025-06-14", "ultimo juni", [JUNE]),  # no year: the first end of June from --dato
    ("2025-07-01", "ultimo juni", [JUNE, SEPTEMBER]),  # ... which is next year's from July
    ("2025-06-14", "uge 26", [JUNE]),  # Sunday 29 June 2025
    ("2025-06-14", "primo september", [JUNE, SEPTEMBER]),  # the 10th
    ("2025-06-14", "medio juni 2025", [JUNE]),  # the 20th: a deadline on the bound's day is within it
    ("2025-06-14", "juni", [JUNE]),
    ("2025-06-14", "19/6", []),
])
def test_inden_reads_every_form_of_a_deadline(minutes, today, until, expected):
    minutes.write(FILE, TASKS)
    assert due(minutes, "--dato", today, "--inden", until) == expected


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--inden", "ultimo maj 20255", "Fejl: --inden: Kan ikke læse 'ultimo maj 20255' som en dato. Skriv fx "
                                    "2025-03-07, 7. marts 2025, 7/3 2025, 31/5, ultimo maj 2025, primo juni, "
                                    "maj 2025 eller uge 23.\n"),
    ("--dato", "ultimo maj 2025", "Fejl: --dato: 'ultimo maj 2025' er ikke en bestemt dag. Skriv fx 2025-03-07, "
                                  "7. marts 2025, 7/3 2025 eller 7/3 (uden år: den nærmeste).\n"),
    ("--dato", "i går", "Fejl: --dato: Kan ikke læse 'i går' som en dato. Skriv fx 2025-03-07, 7. marts 2025, "
                        "7/3 2025 eller 7/3 (uden år: den nærmeste).\n"),
])
def test_a_wrong_date_option_is_named_with_the_forms_it_takes(minutes, option, value, message):
    assert failed(minutes.run("opgaver", option, value), code=2) == message


@pytest.mark.parametrize(("today", "found"), [
    ("2025-11-01", True),  # 13/6 nearest 1 November 2025 is 13 June 2025
    ("2026-03-01", False),  # nearest 1 March 2026 is 13 June 2026, and there is no meeting then
])
def test_a_meeting_named_by_a_day_without_a_year_is_the_nearest_one(minutes, today, found):
    minutes.write(FILE, VALID)
    r = minutes.run("vis", "13/6", "--dato", today)
    if found:
        assert ok(r).out.startswith("# Udkast til referat: Netværksgruppe Børn og Unge")
        assert "- **Dato:** fredag den 13. juni 2025" in r.lines
    else:
        assert failed(r).startswith("Fejl: Der er intet møde den 13. juni 2026.")


def test_a_meeting_named_by_a_day_that_does_not_exist_says_so(minutes):
    assert failed(minutes.run("dagsorden", "31/6", "--dato", "2025-06-01")) == (
        "Fejl: '31/6' er ikke en gyldig dato (juni 2025 har 30 dage)\n")


# --- one resolver for --gruppe --------------------------------------------------------------------


@pytest.mark.parametrize(("wanted", "group"), [
    ("Børn og Unge", "boern-og-unge"),
    ("boern", "boern-og-unge"),
    ("BØRN", "boern-og-unge"),
    ("netvaerksgruppe boern og unge", "boern-og-unge"),
    ("styregruppe", "styregruppen"),
    ("Rammeaftale Sjælland", "styregruppen"),
])
def test_gruppe_by_a_part_of_the_name_in_any_spelling(minutes, wanted, group):
    rows = json.loads(ok(minutes.run("opgaver", "--alle", "-f", "json", "--gruppe", wanted)).out)
    assert rows and {row["gruppe"] for row in rows} == {group}


@pytest.mark.parametrize("command", [
    ("vis", DAY), ("dagsorden", DAY), ("aarsrapport", "2025"),
])
def test_every_command_with_gruppe_finds_the_group_by_its_name(minutes, command):
    minutes.write(FILE, VALID)
    out = ok(minutes.run(*command, "--gruppe", "Børn og Unge", "--dato", "2025-06-20")).out
    assert "Netværksgruppe Børn og Unge" in out.splitlines()[0]


GROUPS = "boern-og-unge (Netværksgruppe Børn og Unge), styregruppen (Styregruppen for Rammeaftale Sjælland)"


@pytest.mark.parametrize(("wanted", "message"), [
    ("gruppe", f"'gruppe' passer på flere grupper; skriv mere af navnet eller gruppens id: {GROUPS}"),
    ("ældreområdet", f"Ukendt gruppe 'ældreområdet'. Grupperne er: {GROUPS}"),
])
def test_gruppe_ambiguous_or_unknown_lists_the_groups_in_danish(minutes, wanted, message):
    assert failed(minutes.run("opgaver", "--gruppe", wanted), code=2) == f"Fejl: {message}\n"
    assert failed(minutes.run("vis", "naeste", "--gruppe", wanted)) == f"Fejl: {message}\n"


# --- tid: the Danish form is accepted, and documents show it ----------------------------------------

DANISH_TIMES = meeting(('tid: "10:00-13:00"', 'tid: "10.00-13.00"'),
                       ("    type: beslutning\n", '    type: beslutning\n    tid: "10.00 – 10.10"\n'),
                       ("    ansvarlig: Povl Skov\n", '    ansvarlig: Povl Skov\n    tid: "12:10-12:50"\n'))


def test_tid_in_the_danish_form_passes_tjek_and_the_schema(minutes):
    r = check_file(minutes, DANISH_TIMES)
    assert codes(r) == [] and r.code == 0, r.out
    schema = json.loads((PROJECT / "schema" / "moede.schema.json").read_text(encoding="utf-8"))
    front = {"dato": DAY, "status": "udkast", "tid": "10.00-13.00",
             "dagsorden": [{"nr": 1, "titel": "Velkomst", "tid": "9.10-9.50"}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(front)) == []


SAMPLES = [("10.00-13.00", True), ("10:00-13:00", True), ("10.00", True), ("9.30", True),
           ("10.00 – 13.00", True), ("23:59", True), ("25.00", False), ("10.75", False), ("1000", False),
           ("10-13", False), ("kl. 10", False), ("10.00-", False)]


@pytest.mark.parametrize("name", ["moede", "gruppe"])
def test_the_schemas_and_tjek_accept_the_same_times(minutes, name):
    from referat import clock

    schema = json.loads((PROJECT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    pattern = schema["$defs"]["tid"]["pattern"]
    assert pattern == clock.TIME.pattern
    assert [bool(re.search(pattern, text)) for text, _ in SAMPLES] == [good for _, good in SAMPLES]
    bad = meeting(('tid: "10:00-13:00"', 'tid: "25.00"'))
    assert codes(check_file(minutes, bad)) == ["S004"]


def test_tid_unquoted_with_a_dot_is_a_number_and_says_so(minutes):
    r = check_file(minutes, meeting(('tid: "10:00-13:00"', "tid: 10.30")))
    assert finding_lines(r) == [f"{FILE}:3:6: fejl S002 'tid' i mødet er læst som tallet 10.3; skriv tidspunktet "
                                'i anførselstegn, fx "10:00-13:00"']


def _docx_text(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("command", ["vis", "dagsorden"])
@pytest.mark.parametrize("text", [VALID, DANISH_TIMES])
def test_documents_show_times_as_danes_write_them(minutes, command, text):
    item_time = "10.00 – 10.10" if text is DANISH_TIMES else None
    minutes.write(FILE, text)
    md = ok(minutes.run(command, DAY)).out
    html = ok(minutes.run(command, DAY, "-f", "html")).out
    word = _docx_text(ok(minutes.run(command, DAY, "-f", "docx")).raw)
    assert "- **Tid:** kl. 10.00–13.00" in md.splitlines()
    assert "<dd>kl. 10.00–13.00</dd>" in html
    assert "Tid: kl. 10.00–13.00" in word.splitlines()
    if item_time:
        assert "kl. 10.00–10.10 · Til beslutning" in md
        assert "kl. 12.10–12.50" in md and "kl. 12.10–12.50" in word
        assert ">10.00–10.10</span>" in html
    for shown in (md, html, word):
        assert "10:00" not in shown and "10.00-13.00" not in shown
    assert minutes.read(FILE) == text  # the file keeps what was written


def test_annual_report_shows_the_meeting_time_as_danes_write_it(minutes):
    minutes.write(FILE, DANISH_TIMES)
    html = ok(minutes.run("aarsrapport", "2025", "-g", GROUP.split("/")[1], "-f", "html",
                          "--dato", "2025-12-31")).out
    assert '<span class="note">kl. 10.00–13.00</span>' in html


def test_the_calendar_reads_danish_times_as_clock_times(minutes):
    planned = meeting(("status: udkast", "status: planlagt"), ('tid: "10:00-13:00"', 'tid: "9.30 – 11.45"'),
                      ("beslutninger:\n  - punkt: 1\n    tekst: Dagsordenen blev godkendt.\n", ""),
                      ("deltagere:\n  - Helle Stisen\n  - Julie Folke\n", ""),
                      ("- [ ] Sende overblik over netværkene til alle medlemmer.\n"
                       "      Ansvarlig: Povl Skov. Frist: 1. september 2025.\n", ""))
    minutes.write(FILE, planned)
    assert codes(tjek(minutes, FILE, "--dato", "2025-06-01")) == []  # a meeting to come, not yet held
    ics = ok(minutes.run("kalender", "--dato", "2025-06-01")).out
    # The meeting stands for the plan date 9 May 2025 (plan.py) and has that date's UID
    [event] = [e for e in ics.split("BEGIN:VEVENT") if "UID:moede-boern-og-unge-2025-05-09@referat" in e]
    assert "DTSTART;TZID=Europe/Copenhagen:20250613T093000" in event
    assert "DTEND;TZID=Europe/Copenhagen:20250613T114500" in event


# --- an empty list is a list ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "key"), [("personer.yaml", "personer"), ("kommuner.yaml", "organisationer")])
def test_an_empty_registry_is_valid_and_one_without_its_key_is_not(minutes, name, key):
    minutes.write(name, f"{key}: []\n")
    r = tjek(minutes, name)
    assert not [line for line in finding_lines(r) if line.startswith(name)], r.out
    minutes.write(name, "andet: []\n")
    r = tjek(minutes, name)
    assert f"{name}:1:1: fejl S003 Nøglen '{key}' mangler i {name}" in finding_lines(r), r.out


def test_a_meeting_with_an_empty_agenda_says_it_is_empty(minutes):
    start = VALID.index("dagsorden:\n")
    text = VALID[:start] + "dagsorden: []\n" + VALID[VALID.index("beslutninger:"):]
    r = check_file(minutes, text)
    expected = "fejl S003 'dagsorden' i mødet er en tom liste; skriv mindst ét element"
    assert f"{FILE}:{line_of(text, 'dagsorden: []')}:12: {expected}" in finding_lines(r), r.out
