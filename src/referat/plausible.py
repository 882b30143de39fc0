"""Plausibility: what each part of a meeting file may say alone, but not together with the rest.

The chair or the minute-taker among the absent (P007), an attendee's stated organisation
against personer.yaml on the meeting's date (P008), an item's time slot outside the meeting's
time (A007), a `## N.` heading under another title than item N (A008), a deadline more than
three years after the meeting (T011). Like the rest of check.check_meeting, these depend
only on the file and the registries, so their findings are cached with the file's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata

from referat import clock, datoer
from referat.findings import Collector
from referat.model import MeetingFile
from referat.registry import Registry, key
from referat.rules import Rule

FAR_YEARS, FAR_SHOWN = 3, "tre år"  # a deadline further after the meeting is probably a slip of the year


def check(m: MeetingFile, reg: Registry, out: Collector) -> None:
    _absent_roles(m, reg, out)
    if m.date:
        _stated_organisations(m, m.date, reg, out)
        _far_deadlines(m, m.date, out)
    _item_times(m, out)
    _heading_titles(m, out)


def _identity(reg: Registry, text: str) -> str:
    """Who a name means: the person's id, or else the name as compared (a guest, an unknown)."""
    person = reg.person(text)
    return person.id if person else "navn:" + key(text)


def _absent_roles(m: MeetingFile, reg: Registry, out: Collector) -> None:
    """P007: the chair led the meeting and the referent wrote its minutes, so neither sent
    apologies; one of the two entries is wrong (someone else took over, or came after all)."""
    roles = [(role, ref, _identity(reg, ref.text)) for role, ref in (("ordstyrer", m.chair), ("referent", m.referent))
             if ref]
    for a in m.absent if roles else ():
        written = a.person.text if a.person else a.name
        ident = _identity(reg, written)
        for role, ref, role_ident in roles:
            if role_ident == ident:
                person = reg.person(written)
                where = f" (linje {ref.pos[0]})" if ref.pos else ""
                out.report(Rule.P007, a.pos, f"{person.name if person else written} er {role}{where}, men står "
                           "under 'afbud'", f"Skriv den, der var {role} på mødet, som '{role}', eller fjern afbuddet")


def _stated_organisations(m: MeetingFile, day: dt.date, reg: Registry, out: Collector) -> None:
    """P008: an attendee's own `organisation` that personer.yaml does not give the person on
    the day. A warning: the format allows it (someone may come for another organisation),
    but more often the registry or the minutes have missed a change of job."""
    for a in (*m.invited, *m.attendees, *m.absent):
        if a.person is None or a.organisation is None:
            continue
        person, stated = reg.person(a.person.text), reg.organisation(a.organisation.text)
        if person is None or stated is None:  # P001/P002 say so
            continue
        on_day = [reg.organisation(aff.organisation.text) for aff in person.affiliations if aff.on(day)]
        registered = [org for org in on_day if org is not None]
        if not registered or any(org.id == stated.id for org in registered):
            continue
        names = " og ".join(org.name for org in registered)
        out.report(Rule.P008, a.organisation.pos,
                   f"{person.name} står med {stated.name}, men hører efter personer.yaml til {names} "
                   f"den {datoer.format_date(day)}",
                   f"Ret 'organisation' til {registered[0].name}, eller ret tilknytningen (fra/til) for "
                   f"{person.name} i personer.yaml, hvis personen har skiftet organisation")


def _far_deadlines(m: MeetingFile, day: dt.date, out: Collector) -> None:
    """T011: a deadline, in a task or in the prose, more than FAR_YEARS after the meeting.
    A deadline before the meeting is T004 (tasks); one after 2100 cannot be read (T003)."""
    limit = _years_after(day, FAR_YEARS)
    found: list[tuple[tuple[int, int] | None, datoer.Deadline]] = []
    for t in m.tasks:
        if t.deadline_text:
            with contextlib.suppress(datoer.DateError):  # T003 says so
                found.append((t.deadline_pos, datoer.parse_deadline(t.deadline_text, day.year, meeting_date=day)))
    found += [((line, col), dl) for line, col, dl in m.prose_deadlines]
    for pos, dl in found:
        if dl.date > limit:
            out.report(Rule.T011, pos,
                       f"Fristen {datoer.format_deadline(dl)} ligger mere end {FAR_SHOWN} efter mødet "
                       f"({datoer.format_date(day)})", "Er årstallet rigtigt?")


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _item_times(m: MeetingFile, out: Collector) -> None:
    """A007: an item's slot outside the meeting's time. A warning: both are the plan the
    invitation gave, and the minutes cannot tell which of the two is wrong."""
    meeting = clock.parse_span(m.time) if m.time else None
    if meeting is None:
        return
    start, end = meeting
    if end is not None and end < start:  # not a span this rule can compare with
        return
    for item in m.agenda:
        slot = clock.parse_span(item.time) if item.time else None
        if slot is None:
            continue
        first, last = slot[0], slot[1] or slot[0]
        if first < start or (end is not None and last > end):
            where = m.positions.get("tid")
            out.report(Rule.A007, item.time_pos or item.pos,
                       f"Punkt {item.nr} ligger kl. {clock.shown_time(item.time)}, uden for mødets tid, "
                       f"kl. {clock.shown_time(m.time)}",
                       "Ret punktets 'tid' eller mødets 'tid'" + (f" (linje {where[0]})" if where else ""))


def _heading_titles(m: MeetingFile, out: Collector) -> None:
    """A008: a `## N.` heading whose title is not agenda item N's. Tolerant: case, spacing and
    punctuation do not count, and one title may stand whole in the other ("Eventuelt" for
    "Eventuelt og tak for i dag", "Punkt (fortsat)"); a heading with no title says nothing."""
    for h in m.headings:
        item = m.item(h.item_nr) if h.item_nr else None
        if item is None or not item.title:  # A002/A005 or the schema say so
            continue
        heading, title = _words(h.title), _words(item.title)
        # A substring search of whole words: linear, however long a heading a file gives.
        if heading.strip() and heading not in title and title not in heading:
            out.report(Rule.A008, (h.line, 1),
                       f"Overskriften '## {h.text}' har en anden titel end punkt {item.nr} på dagsordenen "
                       f"('{item.title}')",
                       f"Står referatet under det rigtige punkt? Skriv '## {item.nr}. {item.title}', eller ret "
                       "punktets titel")


def _words(text: str) -> str:
    """A title as compared: case-folded, punctuation and symbols as spaces, each word
    between single spaces (" eventuelt og tak for i dag ")."""
    kept = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in text.casefold())
    return " " + " ".join(kept.split()) + " "

