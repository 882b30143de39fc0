"""Danish dates and deadlines for meeting minutes.

Reading exact dates (``parse_date``)
    ISO ``2025-03-07``; Danish ``7. marts 2025``, ``7 marts 2025``, ``7. marts, 2025``,
    ``den 7. marts 2025``, ``d. 7. marts 2025``, ``fredag den 7. marts 2025``; abbreviated
    months ``7. mar. 2025``, ``7. sept. 2025`` (jan, feb, febr, mar, apr, jun, jul, aug, sep,
    sept, okt, nov, dec, each with or without a dot); numeric in Danish order day/month/year
    ``7/3-2025``, ``7/3 2025``, ``7.3.2025``, ``07-03-2025``.  Case does not matter, and one
    trailing ``.`` is ignored.

    Years have four digits.  The only exception is the numeric forms, where a two-digit year
    means 20xx: ``7/3-25`` is 7 March 2025.  ``7. marts 25`` is refused with a hint.

    If a weekday is written, it must agree with the date: ``torsdag den 7. marts 2025`` is an
    error, because 7 March 2025 is a Friday and we cannot tell which of the two was meant.

Reading deadlines (``parse_deadline``)
    Everything above, plus the loose forms of minutes.  Leading words ``senest``, ``inden``,
    ``frist``/``svarfrist``/``...fristen`` (optionally ``er`` and/or ``:``), ``deadline``
    (``deadline er``, ``deadline:``), ``i``, ``den``/``d.`` and weekday names are skipped.

    A deadline resolves to the LAST day the phrase can reasonably mean, so that nothing is
    reported overdue too early:

    ===============================  ==============================  =================
    written                          resolves to                     precision
    ===============================  ==============================  =================
    ``9. maj 2025``, ``31/5``        that day                        ``dag``
    ``primo maj 2025``               the 10th                        ``maaned_primo``
    ``medio maj 2025``               the 20th                        ``maaned_medio``
    ``ultimo maj 2025``              the last day of the month       ``maaned_ultimo``
    ``maj 2025``, ``maj``            the last day of the month       ``maaned``
    ``uge 23``, ``uge 23 2025``      Sunday of ISO week 23           ``uge``
    ===============================  ==============================  =================

    Synonyms: ``starten af``/``begyndelsen af`` = primo, ``midten af``/``midt i`` = medio,
    ``slutningen af``/``udgangen af`` = ultimo (``inden udgangen af maj``).

    A form without a year takes ``context_year`` (the meeting's year).  If the caller also
    passes ``meeting_date`` and the deadline would then fall before the meeting, it is moved
    to the following year: at a meeting on 29 November 2024, ``svarfrist 31/5`` means
    31 May 2025.  A weekday next to a date without a year is not checked (the year is a guess).
    A bare abbreviated month without a year is not a deadline (``inden jul`` is "before
    Christmas", not "before July").

Reading a command's date options (``parse_option``)
    What a secretary types after ``--dato``, ``--moede``, ``--inden`` or as MØDE: every exact
    form above, and a day without a year (``7/3``, ``7. marts``), which means the one nearest
    to today (or ``--dato``): written in November, ``7/3`` is next March; written in January,
    ``20/12`` is last December.  A bound (``opgaver --inden``) also takes the vague forms of
    deadlines (``ultimo maj 2025``, ``maj``, ``uge 23``) and reads them as a deadline in
    minutes is read: the last day they can mean, and without a year the first time it comes
    on or after today (``--inden "ultimo maj"`` in November is 31 May next year).

Writing (``format_date``, ``format_deadline``)
    ``7. marts 2025``, ``fredag den 7. marts 2025``, ``ultimo maj 2025``, ``uge 23 2025``.

Finding deadlines in prose (``find_dates_in_text``)
    A date in any deadline form, directly preceded by ``senest``, ``inden``, a word ending in
    ``frist`` or ``fristen`` (``svarfrist``), ``deadline``/``deadline er``, or
    ``(sendes/sendt/udsendes ud) med dagsordenen til næste møde`` (also ``naeste``,
    ``moede``/``mode`` and the OCR spelling ``mgde``); ``den``, ``d.``, ``i`` and a weekday
    may come between.  The returned span runs from the deadline word to the end of the date,
    and the Deadline's ``text`` is that span.  A phrase whose date is impossible
    (``senest 31/4``) is skipped: this function finds, it does not validate.

Which dates exist (``MIN_DATE``, ``MAX_DATE``)
    Every date referat reads, wherever it stands (front matter, ``Frist:``, ``Lukket:``, a
    registry, ``--dato``), lies from 1 January 1950 to 31 December 2100; anything else is a
    typo (``9999-12-31``, ``1900-01-01``) and is refused like a date that does not exist.
    1950 leaves room for the start of an affiliation of anyone still working; 2100 for any
    plan.  A deadline is held to the same range after it is resolved (``uge 52 2100`` is
    2 January 2101 and is refused), and a calendar day after MAX_DATE still exists, so the
    calendar can end an event the day after.  Digits are 0-9 only: Python's ``\\d`` and
    ``int()`` also take Arabic-Indic (``٢٠٢٥``) and full-width (``２０２５``) digits, which no
    one can tell from a typo at a glance.

The module never prints and never exits; bad input raises ``DateError`` (a ``ValueError``)
whose ``str()`` is a Danish message for the user.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "DateError",
    "Deadline",
    "MAX_DATE",
    "MIN_DATE",
    "MONTHS",
    "NotADate",
    "PRECISIONS",
    "WEEKDAYS",
    "find_dates_in_text",
    "format_date",
    "format_deadline",
    "parse_date",
    "parse_deadline",
    "parse_option",
]

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
PRECISIONS = ("dag", "uge", "maaned_primo", "maaned_medio", "maaned_ultimo", "maaned")

_MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "febr": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
_MONTH_NUMBERS = {name: i for i, name in enumerate(MONTHS, start=1)}
_WEEKDAY_NUMBERS = {name: i for i, name in enumerate(WEEKDAYS)}
_WEEKDAY_NUMBERS.update({"loerdag": 5, "lordag": 5, "soendag": 6, "sondag": 6})

_PRIMO, _MEDIO, _ULTIMO = 10, 20, None  # None: the last day of the month
_QUALIFIERS = {
    "primo": ("maaned_primo", _PRIMO),
    "starten": ("maaned_primo", _PRIMO),
    "begyndelsen": ("maaned_primo", _PRIMO),
    "medio": ("maaned_medio", _MEDIO),
    "midten": ("maaned_medio", _MEDIO),
    "midt": ("maaned_medio", _MEDIO),
    "ultimo": ("maaned_ultimo", _ULTIMO),
    "slutningen": ("maaned_ultimo", _ULTIMO),
    "udgangen": ("maaned_ultimo", _ULTIMO),
}

MIN_DATE = datetime.date(1950, 1, 1)
MAX_DATE = datetime.date(2100, 12, 31)

_EXAMPLE_DATE = "Skriv fx 2025-03-07 eller 7. marts 2025."
_EXAMPLE_DEADLINE = "Skriv fx 9. maj 2025, 31/5, ultimo maj 2025 eller uge 23."
_EXAMPLE_OPTION = "Skriv fx 2025-03-07, 7. marts 2025, 7/3 2025 eller 7/3 (uden år: den nærmeste)."
_EXAMPLE_BOUND = ("Skriv fx 2025-03-07, 7. marts 2025, 7/3 2025, 31/5, ultimo maj 2025, primo juni, "
                  "maj 2025 eller uge 23.")


class DateError(ValueError):
    """A date or deadline that cannot be read; ``str(err)`` is a Danish message."""


class NotADate(DateError):
    """Text that has no form of a date at all (not a date that does not exist)."""


class Deadline(NamedTuple):  # a tuple: tens of thousands are made from the task cache at once
    date: datetime.date  # the date the deadline resolves to (used for sorting and "overdue")
    precision: str  # one of PRECISIONS
    text: str  # the original text, stripped


# --- regular expressions (compiled once) ---------------------------------------------------

_NOT_LETTER = r"(?![^\W\d_])"


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH_ALT = _alternation(list(MONTHS) + [a + r"\.?" for a in _MONTH_ABBREVIATIONS])
_WEEKDAY_ALT = _alternation(list(_WEEKDAY_NUMBERS))


def _month(group: str) -> str:
    return rf"(?P<{group}>{_MONTH_ALT}){_NOT_LETTER}"


_YEAR_SEP = r",?\s+"
_DASH = r"\-–"

_BODY = "|".join([
    # ISO 2025-03-07
    r"(?P<iso_y>[0-9]{4})-(?P<iso_m>[0-9]{1,2})-(?P<iso_d>[0-9]{1,2})(?!\d)",
    # numeric with year: 7/3-2025, 7.3.2025, 07-03-2025, 7/3-25, 7/3 2025 (space: 4 digits only)
    rf"(?P<ny_d>[0-9]{{1,2}})[/.{_DASH}](?P<ny_m>[0-9]{{1,2}})"
    rf"(?:[/.{_DASH}](?P<ny_y>[0-9]{{4}}|[0-9]{{2}})|\s+(?P<ny_y4>[0-9]{{4}}))(?!\d)(?![/.{_DASH}]\d)",
    # numeric without year: 31/5, 31.5
    r"(?P<nd_d>[0-9]{1,2})[/.](?P<nd_m>[0-9]{1,2})(?!\d)(?![/.]\d)",
    # Danish: 7. marts 2025, 7 marts, 7. mar. 2025
    rf"(?P<dm_d>[0-9]{{1,2}})(?:\.\s*|\s+){_month('dm_m')}(?:{_YEAR_SEP}(?P<dm_y>[0-9]{{4}}))?(?!\d)",
    # primo/medio/ultimo maj [2025]
    r"(?P<v_q>primo|medio|ultimo|midt\s+i"
    r"|(?:i\s+)?(?:starten|begyndelsen|midten|slutningen|udgangen)\s+af)"
    rf"\s+{_month('v_m')}(?:{_YEAR_SEP}(?P<v_y>[0-9]{{4}}))?(?!\d)",
    # uge 23 [2025]
    rf"uge\s*(?P<w_n>[0-9]{{1,2}})(?:{_YEAR_SEP}(?P<w_y>[0-9]{{4}}))?(?!\d)",
    # maj [2025]
    rf"{_month('mo_m')}(?:{_YEAR_SEP}(?P<mo_y>[0-9]{{4}}))?(?!\d)",
])

_WEEKDAY_PREFIX = rf"(?:(?P<wd>{_WEEKDAY_ALT}){_NOT_LETTER},?\s+)?(?:den\s+|d\.\s*)?"
_LEAD_WORDS = r"(?:(?:senest|inden|[^\W\d_]*frist(?:en)?|deadline)(?:\s+er)?(?:\s*:\s*|\s+))*"
_TRIGGER = (
    r"senest|inden|[^\W\d_]*frist(?:en)?|deadline"
    r"|(?:(?:sendes|sendt|udsendes|udsendt)\s+(?:ud\s+)?)?"
    r"med\s+dagsordenen\s+til\s+n(?:æ|ae)ste\s+m(?:ø|oe|o|g)de"
)

_DATE_RE = re.compile(rf"{_WEEKDAY_PREFIX}(?:{_BODY})", re.IGNORECASE)
_DEADLINE_RE = re.compile(rf"{_LEAD_WORDS}(?:i\s+)?{_WEEKDAY_PREFIX}(?:{_BODY})", re.IGNORECASE)
_FIND_RE = re.compile(
    rf"(?<![^\W\d_])(?:{_TRIGGER}){_NOT_LETTER}(?:\s+er)?(?:\s*:\s*|\s+)"
    rf"(?:(?:senest|inden)\s+)?(?:i\s+)?{_WEEKDAY_PREFIX}(?:{_BODY})",
    re.IGNORECASE,
)
# Only used to explain a failure: a digit other than 0-9 ("٢٠٢٥-٠٣-٠٧").
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
# Only used to explain a failure: "7. marts 25".
_TWO_DIGIT_YEAR_RE = re.compile(
    rf".*?(?P<d>[0-9]{{1,2}})(?:\.\s*|\s+){_month('m')}{_YEAR_SEP}(?P<y>[0-9]{{2}})",
    re.IGNORECASE,
)


# --- interpretation -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Parts:
    precision: str
    year: int | None  # None: not written
    month: int
    day: int | None = None  # for "dag"; for vague months: 10, 20 or None (last day)
    week: int | None = None
    weekday: int | None = None  # a weekday written next to the date


def _month_number(token: str) -> int:
    token = token.lower().rstrip(".")
    return _MONTH_NUMBERS.get(token) or _MONTH_ABBREVIATIONS[token]


def _parts(m: re.Match[str]) -> _Parts | None:
    """The pieces of a match; None if the match is not a date after all."""
    g = m.group
    wd = g("wd")
    weekday = _WEEKDAY_NUMBERS[wd.lower()] if wd else None
    year: int | None  # None: not written
    if g("iso_y"):
        return _Parts("dag", int(g("iso_y")), int(g("iso_m")), int(g("iso_d")), weekday=weekday)
    if g("ny_d"):
        y = g("ny_y") or g("ny_y4")
        year = int(y) + 2000 if len(y) == 2 else int(y)
        return _Parts("dag", year, int(g("ny_m")), int(g("ny_d")), weekday=weekday)
    if g("nd_d"):
        return _Parts("dag", None, int(g("nd_m")), int(g("nd_d")), weekday=weekday)
    if g("dm_d"):
        year = int(g("dm_y")) if g("dm_y") else None
        return _Parts("dag", year, _month_number(g("dm_m")), int(g("dm_d")), weekday=weekday)
    if g("v_q"):
        key = next(w for w in g("v_q").lower().split() if w in _QUALIFIERS)
        precision, day = _QUALIFIERS[key]
        year = int(g("v_y")) if g("v_y") else None
        return _Parts(precision, year, _month_number(g("v_m")), day)
    if g("w_n"):
        year = int(g("w_y")) if g("w_y") else None
        return _Parts("uge", year, 1, week=int(g("w_n")))
    token = g("mo_m")
    year = int(g("mo_y")) if g("mo_y") else None
    if year is None and token.lower().rstrip(".") not in _MONTH_NUMBERS:
        return None  # "inden jul" is Christmas, not July
    return _Parts("maaned", year, _month_number(token))


def _invalid(shown: str, why: str) -> DateError:
    return DateError(f"'{shown}' er ikke en gyldig dato ({why})")


def _check_year(year: int, shown: str) -> None:
    if not 1 <= year <= 9999:
        raise _invalid(shown, f"år {year} kan ikke bruges")


def _check_month(month: int, shown: str) -> None:
    if not 1 <= month <= 12:
        raise _invalid(shown, "måneden skal være et tal fra 1 til 12")


def _day(year: int, month: int, day: int, shown: str) -> datetime.date:
    _check_year(year, shown)
    _check_month(month, shown)
    days = calendar.monthrange(year, month)[1]
    if day < 1:
        raise _invalid(shown, f"dag {day} findes ikke")
    if day > days:
        raise _invalid(shown, f"{MONTHS[month - 1]} {year} har {days} dage")
    return datetime.date(year, month, day)


def _plausible(d: datetime.date, shown: str) -> datetime.date:
    if not MIN_DATE <= d <= MAX_DATE:
        raise _invalid(shown, f"referat tager kun imod datoer fra {MIN_DATE.year} til {MAX_DATE.year}")
    return d


def _resolve(parts: _Parts, year: int, shown: str) -> datetime.date:
    """The date parts mean in year; every date read goes through here, and so through _plausible."""
    return _plausible(_unchecked(parts, year, shown), shown)


def _unchecked(parts: _Parts, year: int, shown: str) -> datetime.date:
    if parts.precision == "dag":
        assert parts.day is not None
        return _day(year, parts.month, parts.day, shown)
    if parts.precision == "uge":
        assert parts.week is not None
        _check_year(year, shown)
        if not 1 <= parts.week <= 53:
            raise DateError(f"'{shown}' findes ikke (ugenumre går fra 1 til 53)")
        try:
            return datetime.date.fromisocalendar(year, parts.week, 7)
        except ValueError:
            raise DateError(f"'{shown}' findes ikke ({year} har kun 52 uger)") from None
    _check_year(year, shown)
    day = parts.day if parts.day is not None else calendar.monthrange(year, parts.month)[1]
    return datetime.date(year, parts.month, day)


def _deadline(
    parts: _Parts,
    context_year: int,
    meeting_date: datetime.date | None,
    shown: str,
    text: str,
    check_weekday: bool,
) -> Deadline:
    if parts.year is not None:
        resolved = _resolve(parts, parts.year, shown)
        if check_weekday:
            _check_weekday(parts, resolved, shown)
        return Deadline(resolved, parts.precision, text)
    year = context_year
    if meeting_date is not None:
        if parts.precision == "dag":
            # Compare before building the date, so 29/2 can move to a leap year and back.
            _check_month(parts.month, shown)
            if (parts.month, parts.day) < (meeting_date.month, meeting_date.day):
                year += 1
        elif _resolve(parts, year, shown) < meeting_date:
            year += 1
    return Deadline(_resolve(parts, year, shown), parts.precision, text)


def _check_weekday(parts: _Parts, resolved: datetime.date, shown: str) -> None:
    if parts.weekday is None or parts.precision != "dag":
        return
    if resolved.weekday() != parts.weekday:
        actual = WEEKDAYS[resolved.weekday()]
        raise DateError(f"'{shown}' passer ikke: {format_date(resolved)} er en {actual}")


def _prepare(text: object, what: str) -> tuple[str, str]:
    """(text stripped, text for matching with one trailing '.' removed)."""
    if not isinstance(text, str):
        raise DateError(f"Kan ikke læse {text!r} som en {what}. " + (
            _EXAMPLE_DATE if what == "dato" else _EXAMPLE_DEADLINE))
    stripped = text.strip()
    core = stripped[:-1].rstrip() if stripped.endswith(".") else stripped
    return stripped, core


_SHOWN_LIMIT = 60


def _shown(text: str) -> str:
    """The text for a message: on one line, and cut short, for a field may be a megabyte."""
    shown = " ".join(text[:_SHOWN_LIMIT * 4].split())
    return shown if len(shown) <= _SHOWN_LIMIT else shown[:_SHOWN_LIMIT - 1] + "…"


def _unreadable(core: str, shown: str, what: str, example: str) -> DateError:
    """Why core cannot be read as a date or deadline, as precisely as can be said."""
    if _OTHER_DIGIT.search(core):
        return DateError(f"'{shown}' er skrevet med andre cifre end 0-9. {example}")
    return _two_digit_year_error(core, shown) or NotADate(f"Kan ikke læse '{shown}' som en {what}. {example}")


def _two_digit_year_error(core: str, shown: str) -> DateError | None:
    m = _TWO_DIGIT_YEAR_RE.fullmatch(core)
    if m is None:
        return None
    example = f"{int(m.group('d'))}. {MONTHS[_month_number(m.group('m')) - 1]} 20{m.group('y')}"
    return DateError(f"'{shown}': skriv årstallet med fire cifre, fx {example}.")


def _read(text: object, pattern: re.Pattern[str], what: str, example: str) -> tuple[_Parts, str, str]:
    """(parts, text for a message, text stripped) of text written in one of pattern's forms."""
    stripped, core = _prepare(text, what)
    shown = _shown(stripped)
    if not core:
        raise DateError(f"Der står ingen {what}. {example}")
    m = pattern.fullmatch(core)
    parts = _parts(m) if m else None
    if parts is None:
        raise _unreadable(core, shown, what, example)
    return parts, shown, stripped


# --- public API -----------------------------------------------------------------------------

def parse_date(text: str) -> datetime.date:
    """An exact date: ISO, Danish or numeric day/month/year.  Raises DateError."""
    parts, shown, _ = _read(text, _DATE_RE, "dato", _EXAMPLE_DATE)
    if parts.precision != "dag":
        raise DateError(f"'{shown}' er ikke en bestemt dato. {_EXAMPLE_DATE}")
    if parts.year is None:
        raise DateError(f"'{shown}' mangler årstal. {_EXAMPLE_DATE}")
    resolved = _resolve(parts, parts.year, shown)
    _check_weekday(parts, resolved, shown)
    return resolved


def parse_deadline(
    text: str, context_year: int, *, meeting_date: datetime.date | None = None
) -> Deadline:
    """A deadline as written in minutes; see the module docstring.  Raises DateError.

    ``context_year`` is used when no year is written.  ``meeting_date`` (optional) moves such a
    deadline to the next year when it would otherwise fall before the meeting.
    """
    parts, shown, stripped = _read(text, _DEADLINE_RE, "frist", _EXAMPLE_DEADLINE)
    return _deadline(parts, context_year, meeting_date, shown, stripped, check_weekday=True)


def parse_option(text: str, today: datetime.date, *, bound: bool = False) -> datetime.date:
    """A date given on the command line; see the module docstring.  today resolves a form
    without a year; bound (``--inden``) also takes the vague forms of a deadline, as the last
    day they mean.  Raises DateError with the forms that are accepted."""
    example = _EXAMPLE_BOUND if bound else _EXAMPLE_OPTION
    parts, shown, stripped = _read(text, _DATE_RE, "dato", example)
    if bound:
        return _deadline(parts, today.year, today, shown, stripped, check_weekday=True).date
    if parts.precision != "dag":
        raise DateError(f"'{shown}' er ikke en bestemt dag. {example}")
    resolved = _nearest(parts, today, shown) if parts.year is None else _resolve(parts, parts.year, shown)
    _check_weekday(parts, resolved, shown)
    return resolved


def _nearest(parts: _Parts, today: datetime.date, shown: str) -> datetime.date:
    """The day without a year that lies nearest today: last, this or next year (29/2: the
    nearest leap year of the three, if any is)."""
    found: list[datetime.date] = []
    error: DateError | None = None
    for year in (today.year, today.year - 1, today.year + 1):
        try:
            found.append(_resolve(parts, year, shown))
        except DateError as exc:
            error = error or exc
    if not found:
        assert error is not None
        raise error
    return min(found, key=lambda d: (abs((d - today).days), d < today))


def format_date(d: datetime.date, weekday: bool = False) -> str:
    """'7. marts 2025', or with weekday=True 'fredag den 7. marts 2025'."""
    s = f"{d.day}. {MONTHS[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]} den {s}" if weekday else s


def format_deadline(dl: Deadline) -> str:
    """The human form: '9. maj 2025', 'ultimo maj 2025', 'maj 2025', 'uge 23 2025'."""
    d = dl.date
    month = f"{MONTHS[d.month - 1]} {d.year}"
    if dl.precision == "uge":
        iso = d.isocalendar()
        return f"uge {iso.week} {iso.year}"
    if dl.precision == "maaned_primo":
        return f"primo {month}"
    if dl.precision == "maaned_medio":
        return f"medio {month}"
    if dl.precision == "maaned_ultimo":
        return f"ultimo {month}"
    if dl.precision == "maaned":
        return month
    return format_date(d)


def find_dates_in_text(
    text: str, context_year: int, *, meeting_date: datetime.date | None = None
) -> list[tuple[int, int, Deadline]]:
    """Deadlines stated in running prose: (start, end, Deadline) for each, in text order.

    Only dates right after a deadline word count (see the module docstring); the span covers
    the deadline word and the date.  Impossible dates are skipped.
    """
    found: list[tuple[int, int, Deadline]] = []
    for m in _FIND_RE.finditer(text):
        parts = _parts(m)
        if parts is None:
            continue
        phrase = m.group(0)
        try:
            dl = _deadline(parts, context_year, meeting_date, _shown(phrase), phrase,
                           check_weekday=False)
        except DateError:
            continue
        found.append((m.start(), m.end(), dl))
    return found
