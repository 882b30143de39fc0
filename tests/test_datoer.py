"""Tests for referat.datoer: Danish dates and deadlines."""

from __future__ import annotations

import datetime

import pytest

from referat.datoer import (
    DateError,
    Deadline,
    find_dates_in_text,
    format_date,
    format_deadline,
    parse_date,
    parse_deadline,
    parse_option,
)

D = datetime.date

# --- parse_date ---------------------------------------------------------------------------

VALID_DATES = [
    ("2025-03-07", D(2025, 3, 7)),
    ("2025-3-7", D(2025, 3, 7)),
    ("  2025-03-07  ", D(2025, 3, 7)),
    ("2025-03-07.", D(2025, 3, 7)),
    ("7. marts 2025", D(2025, 3, 7)),
    ("7 marts 2025", D(2025, 3, 7)),
    ("7.marts 2025", D(2025, 3, 7)),
    ("7. Marts 2025", D(2025, 3, 7)),
    ("7. MARTS 2025", D(2025, 3, 7)),
    ("07. marts 2025", D(2025, 3, 7)),
    ("7. marts, 2025", D(2025, 3, 7)),
    ("Fredag den 14. Marts, 2025", D(2025, 3, 14)),
    ("fredag den 7. marts 2025", D(2025, 3, 7)),
    ("fredag, den 7. marts 2025", D(2025, 3, 7)),
    ("den 7. marts 2025", D(2025, 3, 7)),
    ("d. 9. april 2025", D(2025, 4, 9)),
    ("lørdag den 8. marts 2025", D(2025, 3, 8)),
    ("loerdag den 8. marts 2025", D(2025, 3, 8)),
    ("lordag den 8. marts 2025", D(2025, 3, 8)),
    ("søndag den 9. marts 2025", D(2025, 3, 9)),
    ("soendag den 9. marts 2025", D(2025, 3, 9)),
    ("sondag den 9. marts 2025", D(2025, 3, 9)),
    ("7. mar. 2025", D(2025, 3, 7)),
    ("7. mar 2025", D(2025, 3, 7)),
    ("7. sept. 2025", D(2025, 9, 7)),
    ("7. sep. 2025", D(2025, 9, 7)),
    ("7. jan. 2026", D(2026, 1, 7)),
    ("7. febr. 2025", D(2025, 2, 7)),
    ("7. okt 2025", D(2025, 10, 7)),
    ("7. dec. 2025", D(2025, 12, 7)),
    ("1. januar 2026", D(2026, 1, 1)),
    ("9. maj 2025", D(2025, 5, 9)),
    ("30. juni 2025", D(2025, 6, 30)),
    ("31. juli 2025", D(2025, 7, 31)),
    ("31. august 2025", D(2025, 8, 31)),
    ("31. oktober 2025", D(2025, 10, 31)),
    ("30. november 2025", D(2025, 11, 30)),
    ("31. december 2025", D(2025, 12, 31)),
    ("7/3-2025", D(2025, 3, 7)),
    ("7/3 2025", D(2025, 3, 7)),
    ("7/3/2025", D(2025, 3, 7)),
    ("7.3.2025", D(2025, 3, 7)),
    ("6.3.2025", D(2025, 3, 6)),
    ("07-03-2025", D(2025, 3, 7)),
    ("5/2–2025", D(2025, 2, 5)),  # en dash from a word processor
    ("7/3-25", D(2025, 3, 7)),  # two-digit year: numeric forms only, means 20xx
    ("7.3.25", D(2025, 3, 7)),
    ("29. februar 2024", D(2024, 2, 29)),  # leap year
    ("2024-02-29", D(2024, 2, 29)),
    ("29/2-2000", D(2000, 2, 29)),  # divisible by 400: leap year
]


@pytest.mark.parametrize(("text", "expected"), VALID_DATES)
def test_parse_date_valid(text: str, expected: datetime.date) -> None:
    assert parse_date(text) == expected


INVALID_DATES = [
    ("2025-02-30", "'2025-02-30' er ikke en gyldig dato (februar 2025 har 28 dage)"),
    ("30. februar 2025", "'30. februar 2025' er ikke en gyldig dato (februar 2025 har 28 dage)"),
    ("29. februar 2025", "'29. februar 2025' er ikke en gyldig dato (februar 2025 har 28 dage)"),
    ("29/2-1900", "'29/2-1900' er ikke en gyldig dato (februar 1900 har 28 dage)"),
    ("31. april 2025", "'31. april 2025' er ikke en gyldig dato (april 2025 har 30 dage)"),
    ("31/6-2025", "'31/6-2025' er ikke en gyldig dato (juni 2025 har 30 dage)"),
    ("0. maj 2025", "'0. maj 2025' er ikke en gyldig dato (dag 0 findes ikke)"),
    ("7/13-2025", "'7/13-2025' er ikke en gyldig dato (måneden skal være et tal fra 1 til 12)"),
    ("2025-00-10", "'2025-00-10' er ikke en gyldig dato (måneden skal være et tal fra 1 til 12)"),
    ("0000-01-01", "'0000-01-01' er ikke en gyldig dato (år 0 kan ikke bruges)"),
    ("torsdag den 7. marts 2025", "'torsdag den 7. marts 2025' passer ikke: 7. marts 2025 er en fredag"),
    ("17. december", "'17. december' mangler årstal. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("31/5", "'31/5' mangler årstal. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("7. marts 25", "'7. marts 25': skriv årstallet med fire cifre, fx 7. marts 2025."),
    ("ultimo maj 2025", "'ultimo maj 2025' er ikke en bestemt dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("uge 23 2025", "'uge 23 2025' er ikke en bestemt dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("maj 2025", "'maj 2025' er ikke en bestemt dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("", "Der står ingen dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("   ", "Der står ingen dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("i morgen", "Kan ikke læse 'i morgen' som en dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("7. marts 2025 kl. 10",
     "Kan ikke læse '7. marts 2025 kl. 10' som en dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("senest 7. marts 2025",
     "Kan ikke læse 'senest 7. marts 2025' som en dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("2025/03/07", "Kan ikke læse '2025/03/07' som en dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("7. martz 2025", "Kan ikke læse '7. martz 2025' som en dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("7/3-202", "Kan ikke læse '7/3-202' som en dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
    ("7. marts\n   2025 x", "Kan ikke læse '7. marts 2025 x' som en dato. Skriv fx 2025-03-07 eller 7. marts 2025."),
]


@pytest.mark.parametrize(("text", "message"), INVALID_DATES)
def test_parse_date_invalid(text: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert str(info.value) == message


def test_date_error_is_value_error() -> None:
    assert issubclass(DateError, ValueError)


@pytest.mark.parametrize("value", [None, 20250307, D(2025, 3, 7)])
def test_parse_date_rejects_non_text(value: object) -> None:
    with pytest.raises(DateError, match="Kan ikke læse .* som en dato"):
        parse_date(value)  # type: ignore[arg-type]


# --- parse_deadline -----------------------------------------------------------------------

VALID_DEADLINES = [
    # exact dates
    ("9. maj 2025", 2024, D(2025, 5, 9), "dag"),
    ("2025-03-07", 2030, D(2025, 3, 7), "dag"),
    ("7/3-2025", 2025, D(2025, 3, 7), "dag"),
    ("fredag den 7. marts 2025", 2025, D(2025, 3, 7), "dag"),
    # no year: the meeting's year
    ("31/5", 2025, D(2025, 5, 31), "dag"),
    ("31.5", 2025, D(2025, 5, 31), "dag"),
    ("17. december", 2024, D(2024, 12, 17), "dag"),
    ("17 december", 2024, D(2024, 12, 17), "dag"),
    ("7. sept.", 2025, D(2025, 9, 7), "dag"),
    ("29. februar", 2024, D(2024, 2, 29), "dag"),
    ("fredag den 17. december", 2024, D(2024, 12, 17), "dag"),  # weekday not checked without year
    # vague months: the last day the phrase can mean
    ("primo maj 2025", 2024, D(2025, 5, 10), "maaned_primo"),
    ("primo maj", 2025, D(2025, 5, 10), "maaned_primo"),
    ("medio maj 2025", 2025, D(2025, 5, 20), "maaned_medio"),
    ("medio maj", 2025, D(2025, 5, 20), "maaned_medio"),
    ("ultimo maj 2025", 2025, D(2025, 5, 31), "maaned_ultimo"),
    ("ultimo maj", 2025, D(2025, 5, 31), "maaned_ultimo"),
    ("ultimo februar 2024", 2025, D(2024, 2, 29), "maaned_ultimo"),
    ("ultimo februar", 2025, D(2025, 2, 28), "maaned_ultimo"),
    ("Ultimo December 2024", 2024, D(2024, 12, 31), "maaned_ultimo"),
    ("ultimo dec. 2024", 2024, D(2024, 12, 31), "maaned_ultimo"),
    ("inden udgangen af maj", 2025, D(2025, 5, 31), "maaned_ultimo"),
    ("i slutningen af juni", 2025, D(2025, 6, 30), "maaned_ultimo"),
    ("i starten af august", 2025, D(2025, 8, 10), "maaned_primo"),
    ("begyndelsen af august 2025", 2025, D(2025, 8, 10), "maaned_primo"),
    ("midt i juni", 2025, D(2025, 6, 20), "maaned_medio"),
    ("midten af juni", 2025, D(2025, 6, 20), "maaned_medio"),
    # whole months
    ("maj 2025", 2024, D(2025, 5, 31), "maaned"),
    ("maj", 2025, D(2025, 5, 31), "maaned"),
    ("februar", 2024, D(2024, 2, 29), "maaned"),
    ("sept. 2025", 2025, D(2025, 9, 30), "maaned"),
    ("i maj", 2025, D(2025, 5, 31), "maaned"),
    # ISO weeks: the Sunday
    ("uge 23", 2025, D(2025, 6, 8), "uge"),
    ("uge 23 2025", 2024, D(2025, 6, 8), "uge"),
    ("uge 23, 2025", 2024, D(2025, 6, 8), "uge"),
    ("Uge 23", 2025, D(2025, 6, 8), "uge"),
    ("uge 1 2025", 2025, D(2025, 1, 5), "uge"),
    ("uge 1 2026", 2026, D(2026, 1, 4), "uge"),
    ("uge 52 2025", 2025, D(2025, 12, 28), "uge"),
    ("uge 53 2026", 2026, D(2027, 1, 3), "uge"),  # 2026 has 53 ISO weeks
    ("uge 53 2020", 2020, D(2021, 1, 3), "uge"),
    ("i uge 2", 2025, D(2025, 1, 12), "uge"),
    # leading words and the trailing dot
    ("senest 17. december", 2024, D(2024, 12, 17), "dag"),
    ("senest 17. december.", 2024, D(2024, 12, 17), "dag"),
    ("Senest den 17. december", 2024, D(2024, 12, 17), "dag"),
    ("inden 2/5", 2025, D(2025, 5, 2), "dag"),
    ("inden den 2/5", 2025, D(2025, 5, 2), "dag"),
    ("frist 9. maj 2025", 2025, D(2025, 5, 9), "dag"),
    ("Frist: 9. maj 2025.", 2025, D(2025, 5, 9), "dag"),
    ("Frist: senest fredag den 9. maj 2025.", 2025, D(2025, 5, 9), "dag"),
    ("svarfrist 31/5", 2025, D(2025, 5, 31), "dag"),
    ("Fristen er 1. juni", 2025, D(2025, 6, 1), "dag"),
    ("Deadline er 1. januar 2026", 2025, D(2026, 1, 1), "dag"),
    ("deadline: 1. januar 2026", 2025, D(2026, 1, 1), "dag"),
    ("den 7. marts 2025", 2025, D(2025, 3, 7), "dag"),
    ("fredag 7/3", 2025, D(2025, 3, 7), "dag"),
    ("senest i uge 23", 2025, D(2025, 6, 8), "uge"),
    ("inden ultimo maj.", 2025, D(2025, 5, 31), "maaned_ultimo"),
    ("senest 7. mar.", 2025, D(2025, 3, 7), "dag"),
]


@pytest.mark.parametrize(("text", "year", "expected", "precision"), VALID_DEADLINES)
def test_parse_deadline_valid(text: str, year: int, expected: datetime.date, precision: str) -> None:
    dl = parse_deadline(text, year)
    assert dl == Deadline(expected, precision, text.strip())


def test_parse_deadline_keeps_original_text_stripped() -> None:
    assert parse_deadline("  Senest 17. December.\n", 2024).text == "Senest 17. December."


def test_deadline_is_frozen() -> None:
    dl = parse_deadline("31/5", 2025)
    with pytest.raises(AttributeError):
        dl.date = D(2025, 1, 1)  # type: ignore[misc]


def test_parse_deadline_accepts_everything_parse_date_accepts() -> None:
    for text, expected in VALID_DATES:
        assert parse_deadline(text, 1999) == Deadline(expected, "dag", text.strip())


EXAMPLE = "Skriv fx 9. maj 2025, 31/5, ultimo maj 2025 eller uge 23."
INVALID_DEADLINES = [
    ("30. februar 2025", 2025, "'30. februar 2025' er ikke en gyldig dato (februar 2025 har 28 dage)"),
    ("29. februar", 2025, "'29. februar' er ikke en gyldig dato (februar 2025 har 28 dage)"),
    ("31. april", 2025, "'31. april' er ikke en gyldig dato (april 2025 har 30 dage)"),
    ("senest 31/4", 2025, "'senest 31/4' er ikke en gyldig dato (april 2025 har 30 dage)"),
    ("31/13", 2025, "'31/13' er ikke en gyldig dato (måneden skal være et tal fra 1 til 12)"),
    ("uge 53 2025", 2025, "'uge 53 2025' findes ikke (2025 har kun 52 uger)"),
    ("uge 53", 2025, "'uge 53' findes ikke (2025 har kun 52 uger)"),
    ("uge 0", 2025, "'uge 0' findes ikke (ugenumre går fra 1 til 53)"),
    ("uge 54 2026", 2026, "'uge 54 2026' findes ikke (ugenumre går fra 1 til 53)"),
    ("torsdag den 9. maj 2025", 2025, "'torsdag den 9. maj 2025' passer ikke: 9. maj 2025 er en fredag"),
    ("7. marts 25", 2025, "'7. marts 25': skriv årstallet med fire cifre, fx 7. marts 2025."),
    ("", 2025, f"Der står ingen frist. {EXAMPLE}"),
    ("senest", 2025, f"Kan ikke læse 'senest' som en frist. {EXAMPLE}"),
    ("inden sommer", 2025, f"Kan ikke læse 'inden sommer' som en frist. {EXAMPLE}"),
    ("inden jul", 2025, f"Kan ikke læse 'inden jul' som en frist. {EXAMPLE}"),  # Christmas, not July
    ("asap", 2025, f"Kan ikke læse 'asap' som en frist. {EXAMPLE}"),
    ("2025", 2025, f"Kan ikke læse '2025' som en frist. {EXAMPLE}"),
    ("primo 2025", 2025, f"Kan ikke læse 'primo 2025' som en frist. {EXAMPLE}"),
    ("inden for 14 dage", 2025, f"Kan ikke læse 'inden for 14 dage' som en frist. {EXAMPLE}"),
    ("7-3", 2025, f"Kan ikke læse '7-3' som en frist. {EXAMPLE}"),
    ("uge 23 25", 2025, f"Kan ikke læse 'uge 23 25' som en frist. {EXAMPLE}"),
]


@pytest.mark.parametrize(("text", "year", "message"), INVALID_DEADLINES)
def test_parse_deadline_invalid(text: str, year: int, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_deadline(text, year)
    assert str(info.value) == message


def test_iso_week_edges_agree_with_fromisocalendar() -> None:
    for year in range(2015, 2035):
        last_week = datetime.date(year, 12, 28).isocalendar().week  # 52 or 53
        dl = parse_deadline(f"uge {last_week} {year}", 2000)
        assert dl.date == datetime.date.fromisocalendar(year, last_week, 7)
        assert dl.date.weekday() == 6
        if last_week == 52:
            with pytest.raises(DateError, match=f"{year} har kun 52 uger"):
                parse_deadline(f"uge 53 {year}", 2000)


ROLLOVER = [
    # meeting 29 November 2024: a year-less deadline before the meeting means next year
    ("svarfrist 31/5", D(2024, 11, 29), D(2025, 5, 31)),
    ("senest 17. december", D(2024, 11, 29), D(2024, 12, 17)),
    ("senest 29. november", D(2024, 11, 29), D(2024, 11, 29)),
    ("inden 10. januar", D(2024, 11, 29), D(2025, 1, 10)),
    ("ultimo januar", D(2024, 11, 29), D(2025, 1, 31)),
    ("uge 2", D(2024, 11, 29), D(2025, 1, 12)),
    ("maj", D(2024, 11, 29), D(2025, 5, 31)),
    ("29/2", D(2023, 11, 29), D(2024, 2, 29)),  # rolls into a leap year
    # a written year is never moved
    ("31. maj 2024", D(2024, 11, 29), D(2024, 5, 31)),
]


@pytest.mark.parametrize(("text", "meeting", "expected"), ROLLOVER)
def test_parse_deadline_rolls_over_past_meeting_date(
    text: str, meeting: datetime.date, expected: datetime.date
) -> None:
    assert parse_deadline(text, meeting.year, meeting_date=meeting).date == expected


# --- formatting ---------------------------------------------------------------------------

FORMAT_DATE = [
    (D(2025, 3, 7), False, "7. marts 2025"),
    (D(2025, 3, 7), True, "fredag den 7. marts 2025"),
    (D(2025, 3, 8), True, "lørdag den 8. marts 2025"),
    (D(2025, 3, 9), True, "søndag den 9. marts 2025"),
    (D(2026, 1, 1), False, "1. januar 2026"),
    (D(2024, 12, 17), True, "tirsdag den 17. december 2024"),
]


@pytest.mark.parametrize(("d", "weekday", "expected"), FORMAT_DATE)
def test_format_date(d: datetime.date, weekday: bool, expected: str) -> None:
    assert format_date(d, weekday=weekday) == expected
    assert parse_date(expected) == d


FORMAT_DEADLINE = [
    ("9. maj 2025", "9. maj 2025"),
    ("9/5", "9. maj 2025"),
    ("Frist: senest fredag den 9. maj 2025.", "9. maj 2025"),
    ("ultimo maj 2025", "ultimo maj 2025"),
    ("inden udgangen af maj", "ultimo maj 2025"),
    ("primo maj", "primo maj 2025"),
    ("medio maj", "medio maj 2025"),
    ("maj", "maj 2025"),
    ("uge 23", "uge 23 2025"),
    ("uge 23, 2025", "uge 23 2025"),
    ("uge 1 2026", "uge 1 2026"),  # ends 4 January 2026
    ("uge 53 2026", "uge 53 2026"),  # ends 3 January 2027
]


@pytest.mark.parametrize(("text", "expected"), FORMAT_DEADLINE)
def test_format_deadline(text: str, expected: str) -> None:
    dl = parse_deadline(text, 2025)
    assert format_deadline(dl) == expected
    # the human form reads back as the same deadline
    again = parse_deadline(expected, 1999)
    assert (again.date, again.precision) == (dl.date, dl.precision)


# --- find_dates_in_text -------------------------------------------------------------------

# Sentences from the real minutes in the seeds (OCR spellings left as they are).
FOUND = [
    (
        "Hvis I har yderligere input eller rettelser, skal I sende dem til Rie senest "
        "17. december. Ellers betragtes årsrapporten som godkendt af netværket.",
        2024,
        "senest 17. december",
        D(2024, 12, 17),
    ),
    (
        "Den samlede besvarelse behandles på CU-styregruppemøde 19/3 og afsendes til "
        "Socialstyrelsen senest 24/3",
        2025,
        "senest 24/3",
        D(2025, 3, 24),
    ),
    (
        "Forud for næste møde i Koordinationsforum 9/4 melder de enkelte rammeaftaler tilbage "
        "til CU-styregruppen (senest 4/4) ift. arbejdet med de 15 borgere",
        2025,
        "senest 4/4",
        D(2025, 4, 4),
    ),
    (
        "- Der afholdes fælles møde mellem styregruppen og implementeringsgruppen inden 2/5",
        2025,
        "inden 2/5",
        D(2025, 5, 2),
    ),
    (
        "som der er ved at blive udarbejdet svar på med svarfrist 31/5 og inden da "
        "administrativ og politisk behandling.",
        2025,
        "svarfrist 31/5",
        D(2025, 5, 31),
    ),
    (
        "Overblikket vil blive sendt ud med\ndagsordenen til naeste mgde 9. maj 2025, sd "
        "repraesentationen\nkan blive besluttet.",
        2025,
        "sendt ud med\ndagsordenen til naeste mgde 9. maj 2025",
        D(2025, 5, 9),
    ),
    (
        "Overblikket sendes ud med dagsordenen til næste møde 9. maj 2025.",
        2025,
        "sendes ud med dagsordenen til næste møde 9. maj 2025",
        D(2025, 5, 9),
    ),
    ("Deadline er 1. januar 2026.", 2025, "Deadline er 1. januar 2026", D(2026, 1, 1)),
    ("Frist: 9. maj 2025.", 2025, "Frist: 9. maj 2025", D(2025, 5, 9)),
    ("Svar gerne senest fredag den 9. maj.", 2025, "senest fredag den 9. maj", D(2025, 5, 9)),
    ("Materialet skal være klar senest d. 17/12.", 2024, "senest d. 17/12", D(2024, 12, 17)),
    ("Input sendes inden udgangen af maj.", 2025, "inden udgangen af maj", D(2025, 5, 31)),
    ("Rapporten skal være færdig senest ultimo maj 2025.", 2025, "senest ultimo maj 2025", D(2025, 5, 31)),
    ("Kommunerne melder tilbage senest i uge 23.", 2025, "senest i uge 23", D(2025, 6, 8)),
    ("Ansøgningsfristen er 1. september.", 2025, "Ansøgningsfristen er 1. september", D(2025, 9, 1)),
]


@pytest.mark.parametrize(("text", "year", "phrase", "expected"), FOUND)
def test_find_dates_in_text_finds_deadlines(
    text: str, year: int, phrase: str, expected: datetime.date
) -> None:
    found = find_dates_in_text(text, year)
    assert len(found) == 1
    start, end, dl = found[0]
    assert text[start:end] == phrase
    assert dl.date == expected
    assert dl.text == phrase


NOT_FOUND = [
    # plain dates with no deadline word
    "Temamøde om kontraktforhandling blev afholdt 19. september 2024.",
    "Styregruppens næste møde afholdes som planlagt den 2/5-2025 kl. 12-15",
    "Rapporten præsenteres på møde i KL's Koordinationsforum d. 9. april 2025.",
    "Power points fra direktgr og chefmgdet den 6.3.2025 vedlagges som bilag til dagsordenpunktet.",
    # a deadline word that is not followed by a date
    "I forbindelse med implementeringen af rammeaftalen er senest afholdt møde i direktør- og "
    "chefforum 6/3, med 30 deltagere",
    "Seneste melding er, at den er klar inden sommer.",
    "- Holbaek har valgt en betalingsfrist pa 30 dage, hvilket er",
    "Bidrage til kortlægning af udbud og efterspørgsel inden for rammeaftalens område",
    "Socialstyrelsen har kompetence til at bede kommunerne om en status på opgaveløsningen i "
    "kommunerne senest  ift. a) Domfældte udviklingshæmmede",
    "Vi ses inden jul.",
    "Ultimo februar er modtaget opfølgende spørgsmål fra Socialstyrelsen.",
    # impossible dates are skipped, not raised
    "Svar senest 31/4.",
    "",
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_find_dates_in_text_ignores_non_deadlines(text: str) -> None:
    assert find_dates_in_text(text, 2025) == []


def test_find_dates_in_text_several_in_order() -> None:
    text = (
        "Den samlede besvarelse afsendes senest 24/3. Rammeaftalerne melder tilbage "
        "(senest 4/4), og der holdes møde inden 2/5. Mødet 6/3 var godt."
    )
    found = find_dates_in_text(text, 2025)
    assert [text[s:e] for s, e, _ in found] == ["senest 24/3", "senest 4/4", "inden 2/5"]
    assert [dl.date for _, _, dl in found] == [D(2025, 3, 24), D(2025, 4, 4), D(2025, 5, 2)]


def test_find_dates_in_text_rolls_over_with_meeting_date() -> None:
    # Minutes of 29 November 2024: "svarfrist 31/5" is May 2025.
    text = "udarbejdet svar på med svarfrist 31/5 og inden da administrativ behandling"
    [(_, _, dl)] = find_dates_in_text(text, 2024, meeting_date=D(2024, 11, 29))
    assert dl.date == D(2025, 5, 31)
    [(_, _, dl)] = find_dates_in_text(text, 2024)
    assert dl.date == D(2024, 5, 31)


def test_find_dates_in_text_ignores_wrong_weekday() -> None:
    # Prose is scanned, not validated: a wrong weekday does not hide the deadline.
    [(_, _, dl)] = find_dates_in_text("Svar senest torsdag den 9. maj 2025.", 2025)
    assert dl.date == D(2025, 5, 9)


# --- parse_option: a command's date options ---------------------------------------------------

@pytest.mark.parametrize(("text", "today", "expected"), [
    ("7/3", D(2026, 11, 29), D(2027, 3, 7)),  # written in November: next March
    ("20/12", D(2027, 1, 5), D(2026, 12, 20)),  # written in January: last December
    ("7. marts", D(2025, 3, 1), D(2025, 3, 7)),
    ("1/6", D(2025, 12, 1), D(2026, 6, 1)),  # 183 days back, 182 ahead: the nearer, next year's
    ("29/2", D(2025, 6, 1), D(2024, 2, 29)),  # the one leap year of the three
    ("fredag den 7/3", D(2025, 1, 1), D(2025, 3, 7)),
    ("7/3 2025", D(2030, 1, 1), D(2025, 3, 7)),
    ("7. marts 2025", D(2030, 1, 1), D(2025, 3, 7)),
])
def test_option_day_without_a_year_is_the_nearest(text, today, expected):
    assert parse_option(text, today) == expected


@pytest.mark.parametrize("text", ["ultimo maj 2025", "ultimo maj", "primo juni", "medio juni", "maj", "uge 23",
                                  "31/5", "udgangen af maj", "7. marts"])
@pytest.mark.parametrize("today", [D(2025, 1, 1), D(2025, 5, 31), D(2026, 11, 29)])
def test_option_bound_is_read_as_a_deadline_from_today(text, today):
    assert parse_option(text, today, bound=True) == parse_deadline(text, today.year, meeting_date=today).date
    assert parse_option("ultimo maj", D(2026, 11, 29), bound=True) == D(2027, 5, 31)


@pytest.mark.parametrize(("text", "bound", "message"), [
    ("ultimo maj", False, "'ultimo maj' er ikke en bestemt dag. Skriv fx 2025-03-07, 7. marts 2025, 7/3 2025 "
                          "eller 7/3 (uden år: den nærmeste)."),
    ("31/2", False, "'31/2' er ikke en gyldig dato (februar 2025 har 28 dage)"),
    ("torsdag den 7. marts 2025", False, "'torsdag den 7. marts 2025' passer ikke: 7. marts 2025 er en fredag"),
    ("snart", True, "Kan ikke læse 'snart' som en dato. Skriv fx 2025-03-07, 7. marts 2025, 7/3 2025, 31/5, "
                    "ultimo maj 2025, primo juni, maj 2025 eller uge 23."),
])
def test_option_errors_show_the_forms(text, bound, message):
    with pytest.raises(DateError) as err:
        parse_option(text, D(2025, 6, 1), bound=bound)
    assert str(err.value) == message
