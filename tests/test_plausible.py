"""`referat tjek` on what a meeting says that cannot all be true (issue 13, "Plausibility"):
the chair or the referent among the absent (P007), an attendee's organisation against
personer.yaml (P008), an item's time outside the meeting's (A007), a heading under another
title than its item (A008), a deadline years away (T011).

Each test writes one meeting (tests/meetingtext.py's VALID with a few changes) that holds
both a breach and a near miss, and asserts that exactly the breach is reported, with its
file:line:col, severity, code and Danish message.
"""

from __future__ import annotations

import pytest

from meetingtext import FILE, check_file, col_of, finding_lines, line_of, meeting


def only(r, *expected: str, code: int) -> None:
    assert sorted(finding_lines(r)) == sorted(expected), r.out + r.err
    assert r.code == code, r.out + r.err


# --- P007: the chair and the referent were there ------------------------------------------------


def test_P007_chair_among_the_absent(minutes):
    text = meeting(("referent: Julie Folke\n", "referent: Julie Folke\nordstyrer: Lotte Christensen\n"))
    r = check_file(minutes, text)
    only(r, f"{FILE}:{line_of(text, '  - Lotte Christensen')}:5: fejl P007 Lotte Christensen er ordstyrer "
         f"(linje {line_of(text, 'ordstyrer:')}), men står under 'afbud' — Skriv den, der var ordstyrer på mødet, "
         "som 'ordstyrer', eller fjern afbuddet", code=1)


def test_P007_referent_among_the_absent_under_another_spelling_and_a_present_chair_is_fine(minutes):
    text = meeting(("referent: Julie Folke\n", "referent: Julie Folke\nordstyrer: Helle Stisen\n"),
                   ("  - Julie Folke\nafbud:\n", "afbud:\n  - julie-folke\n"))
    r = check_file(minutes, text)
    only(r, f"{FILE}:{line_of(text, '  - julie-folke')}:5: fejl P007 Julie Folke er referent "
         f"(linje {line_of(text, 'referent:')}), men står under 'afbud' — Skriv den, der var referent på mødet, "
         "som 'referent', eller fjern afbuddet", code=1)


# --- P008: the organisation an attendee is stated with ------------------------------------------


def test_P008_organisation_the_registry_gives_the_person_up_to_another_date(minutes):
    # personer.yaml: Helle Stisen at Solrød until 28 February 2025, at Holbæk from 1 March.
    text = meeting(("deltagere:\n  - Helle Stisen\n  - Julie Folke\n",
                    "deltagere:\n  - person: Helle Stisen\n    organisation: Solrød\n"
                    "  - person: Julie Folke\n    organisation: Kalundborg Kommune\n"),
                   ("afbud:\n  - Lotte Christensen\n", "afbud:\n  - person: Lotte Christensen\n"
                    "    organisation: lolland\n"))
    r = check_file(minutes, text)
    only(r, f"{FILE}:{line_of(text, 'organisation: Solrød')}:{col_of(text, 'Solrød')}: advarsel P008 Helle Stisen "
         "står med Solrød Kommune, men hører efter personer.yaml til Holbæk Kommune den 13. juni 2025 — Ret "
         "'organisation' til Holbæk Kommune, eller ret tilknytningen (fra/til) for Helle Stisen i personer.yaml, "
         "hvis personen har skiftet organisation", code=0)


def test_P008_another_organisation_and_the_one_of_the_date_under_an_alias(minutes):
    text = meeting(("  - Helle Stisen\n", "  - person: Helle Stisen\n    organisation: Holbaek\n"),
                   ("  - Julie Folke\n", "  - person: Julie Folke\n    organisation: KL\n"))
    r = check_file(minutes, text)
    only(r, f"{FILE}:{line_of(text, 'organisation: KL')}:{col_of(text, 'KL')}: advarsel P008 Julie Folke står med "
         "KL, men hører efter personer.yaml til Kalundborg Kommune den 13. juni 2025 — Ret 'organisation' til "
         "Kalundborg Kommune, eller ret tilknytningen (fra/til) for Julie Folke i personer.yaml, hvis personen har "
         "skiftet organisation", code=0)


# --- A007: an item's time inside the meeting's ---------------------------------------------------


@pytest.mark.parametrize(("meeting_time", "first", "second", "wrong", "nr", "shown"), [
    # starts before the meeting; the other ends exactly at its end, written with a colon
    ("10.00-13.00", "09.00-14.30", "12:30-13:00", "09.00-14.30", 1, "9.00–14.30"),
    # runs past its end; the other starts exactly at its start, with spaces and an en dash
    ("10:00-13:00", "10:00 – 10:15", "12.45-13.15", "12.45-13.15", 2, "12.45–13.15"),
])
def test_A007_item_outside_the_meetings_time_and_one_at_its_edge(minutes, meeting_time, first, second, wrong, nr,
                                                                 shown):
    text = meeting(('tid: "10:00-13:00"', f'tid: "{meeting_time}"'),
                   ("    type: beslutning\n", f'    type: beslutning\n    tid: "{first}"\n'),
                   ("    ansvarlig: Povl Skov\n", f'    ansvarlig: Povl Skov\n    tid: "{second}"\n'))
    r = check_file(minutes, text)
    col = col_of(text, f'"{wrong}')  # the value's quote
    only(r, f"{FILE}:{line_of(text, wrong)}:{col}: advarsel A007 Punkt {nr} ligger kl. {shown}, uden for mødets "
         "tid, kl. 10.00–13.00 — Ret punktets 'tid' eller mødets 'tid' (linje 3)", code=0)


# --- A008: the heading's title is the item's -----------------------------------------------------


def test_A008_heading_with_another_items_title_and_tolerated_differences(minutes):
    text = meeting(("## 1. Velkomst og godkendelse af dagsordenen", "## 1. VELKOMST og godkendelse af dagsordenen!"),
                   ("## 2. Nyt fra Rammesekretariatet", "## 2. Eventuelt\n\nIntet.\n\n"
                    "## 2. Nyt fra rammesekretariatet (fortsat)\n\n## 1. Velkomst"))
    r = check_file(minutes, text)
    only(r, f"{FILE}:{line_of(text, '## 2. Eventuelt')}:1: advarsel A008 Overskriften '## 2. Eventuelt' har en "
         "anden titel end punkt 2 på dagsordenen ('Nyt fra Rammesekretariatet') — Står referatet under det rigtige "
         "punkt? Skriv '## 2. Nyt fra Rammesekretariatet', eller ret punktets titel", code=0)


# --- T011: a deadline years after the meeting -----------------------------------------------------


def test_T011_task_deadline_in_2062_and_one_exactly_three_years_on(minutes):
    text = meeting(("Frist: 1. september 2025.", "Frist: 1. september 2062.\n"
                    "- [ ] Evaluere. Ansvarlig: Povl Skov. Frist: 13. juni 2028."))
    r = check_file(minutes, text)
    only(r, f"{FILE}:{line_of(text, 'september 2062')}:{col_of(text, 'Frist: 1. september')}: advarsel T011 "
         "Fristen 1. september 2062 ligger mere end tre år efter mødet (13. juni 2025) — Er årstallet rigtigt?",
         code=0)


def test_T011_deadline_in_the_prose(minutes):
    text = meeting(("Dagsordenen blev godkendt.\n\n", "Dagsordenen blev godkendt. Svar senest maj 2062.\n\n"))
    r = check_file(minutes, text)
    where = f"{FILE}:{line_of(text, 'senest maj 2062')}:{col_of(text, 'senest maj 2062')}"
    only(r, f"{where}: advarsel T011 Fristen maj 2062 ligger mere end tre år efter mødet (13. juni 2025) — Er "
         "årstallet rigtigt?",
         f"{where}: advarsel T009 Teksten nævner en frist ('senest maj 2062', maj 2062), som ingen opgave har — "
         "Tilføj en opgave: '- [ ] Hvad. Ansvarlig: Hvem. Frist: 31. maj 2062.'", code=0)
