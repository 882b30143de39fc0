"""People and organisations as the documents name them, and who held which role on a day.

The registries (personer.yaml, kommuner.yaml, gruppe.yaml) say who someone is; a meeting file
refers to them as written (a model.Ref). These functions give the name a document shows, the
organisation someone came for on a meeting's date and the group's tovholder then.

Who holds the tovholder role in a year (tovholders): gruppe.yaml's `tovholder` for the year if
it names one; else what the group's held meetings record in a decision's `tovholder:` (the
latest meeting's word for each day the role changes hands); else, with `rotation:
alfabetisk`, the municipality after the previous year's last tovholder, shown as computed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from referat import datoer
from referat.archive import Archive
from referat.danish import danish_key, join_da
from referat.model import Attendee, Group, Organisation, Person, Ref, TovholderPeriod
from referat.registry import Registry
from referat.tasks import Task

OTHERS = "Øvrige"  # the heading of people whose organisation is not known on the day


def person_name(rep: Archive, ref: Ref) -> str:
    """The person's name from personer.yaml, or the reference as written."""
    person = rep.registry.person(ref.text)
    return person.name if person else ref.text


def attendee_name(rep: Archive, a: Attendee) -> str:
    return person_name(rep, a.person) if a.person else a.name


def short_name(org: Organisation) -> str:
    """'Holbæk' for Holbæk Kommune: the organisation's short name, else its name."""
    return org.short or org.name


def organisation_ref(rep: Archive, group: Group | None, day: dt.date, a: Attendee) -> Ref | None:
    """Whom an attendee came for on day, as written: the attendee's own `organisation`, else
    the person's affiliation on day, else what the group's members list says; or None."""
    person = rep.registry.person(a.person.text) if a.person else None
    if a.organisation is not None or person is None:
        return a.organisation
    aff = person.affiliation_on(day)
    if aff is not None:
        return aff.organisation
    for member in group.members_on(day) if group is not None else ():
        if member.organisation and _is(rep, member.person, person):
            return member.organisation
    return None


def _is(rep: Archive, ref: Ref, person: Person) -> bool:
    return rep.registry.person(ref.text) is person


def organisation_of(rep: Archive, group: Group | None, day: dt.date, a: Attendee) -> Organisation | None:
    """The registered organisation an attendee came for on day (see organisation_ref); None
    when unknown or not in kommuner.yaml."""
    ref = organisation_ref(rep, group, day, a)
    return rep.registry.organisation(ref.text) if ref is not None else None


def organisation_shown(rep: Archive, group: Group | None, day: dt.date, a: Attendee) -> str:
    """The short name of the organisation an attendee came for on day, as written when it is
    not registered, and OTHERS when it is not known."""
    ref = organisation_ref(rep, group, day, a)
    if ref is None:
        return OTHERS
    org = rep.registry.organisation(ref.text)
    return short_name(org) if org else ref.text


def responsible_text(rep: Archive, group: Group | None, refs: Iterable[Ref]) -> str:
    """'Julie Folke og Holbæk': the names of an item's responsible (or openers), as the
    documents show them after 'v.'; the meeting's own group is 'alle'."""
    names = []
    for ref in refs:
        found = rep.registry.resolve(ref.text)
        if found is None:
            names.append(ref.text)
        elif found.kind == "person":
            names.append(rep.registry.persons[found.id].name)
        elif found.kind == "organisation":
            names.append(short_name(rep.registry.organisations[found.id]))
        elif found.kind == "gruppe":
            names.append("alle" if group is not None and found.id == group.id else rep.registry.groups[found.id].name)
        else:
            names.append("alle kommuner")
    return join_da(names)


def owner_names(t: Task) -> str:
    """'Helle Stisen og Julie Folke', 'alle kommuner', '' when the task has no owner."""
    return join_da(o.name for o in t.owners)


# The filters a template has for a task (tasks.Task): its owners' names and its meeting's date.
TASK_FILTERS: dict[str, Callable[..., str]] = {"ansvarlige": owner_names, "dato": datoer.format_date}


def tovholder_text(rep: Archive, period: TovholderPeriod, dates: bool = False) -> str:
    """'Kalundborg Kommune (Julie Folke Jacobsen og Pernille Lenzner)'; with dates, the
    period's ' fra 1. marts 2025' and ' til ...' after it."""
    return period_text(rep.registry, period, dates)


def period_text(reg: Registry, period: TovholderPeriod, dates: bool = False) -> str:
    """tovholder_text from the registries alone (for `tjek`, which has no Archive)."""
    org = reg.organisation(period.organisation.text) if period.organisation else None
    name = org.name if org else (period.organisation.text if period.organisation else "")
    who = join_da(p.name if (p := reg.person(ref.text)) else ref.text for ref in period.persons)
    text = f"{name} ({who})" if name and who else (name or who)
    if dates and period.start:
        text += f" fra {datoer.format_date(period.start)}"
    if dates and period.end:
        text += f" til {datoer.format_date(period.end)}"
    return text


_HELD = ("udkast", "godkendt")  # a planned meeting decides nothing yet


@dataclass(frozen=True)
class Tovholders:
    """Who holds the tovholder role in a year."""

    year: int
    periods: tuple[TovholderPeriod, ...]  # in order; empty when nothing says
    note: str = ""  # only for a computed one: "beregnet: næste kommune i alfabetisk rækkefølge efter Kalundborg"

    def on(self, day: dt.date) -> TovholderPeriod | None:
        return next((p for p in self.periods if p.on(day)), None)


def tovholders(rep: Archive, group: Group, year: int, as_of: dt.date) -> Tovholders:
    """The group's tovholder in year (see the module's docstring), as known on as_of: only
    meetings held by then count. The decisions come from the meetings' summaries, which
    every command about a group may load."""
    found = _recorded(rep, group, year, as_of)
    if found.periods or group.rotation != "alfabetisk":
        return found
    before = _recorded(rep, group, year - 1, as_of).periods
    current = _last_organisation(rep.registry, before)
    ordered = sorted((o for o in network_organisations(rep, group) if o.kind == "kommune"),
                     key=lambda o: danish_key(short_name(o)))
    if current is None or current not in ordered:
        return found
    nxt = ordered[(ordered.index(current) + 1) % len(ordered)]
    return Tovholders(year, (TovholderPeriod(Ref(nxt.name, None), (), None, None),),
                      f"beregnet: næste kommune i alfabetisk rækkefølge efter {short_name(current)}")


def _recorded(rep: Archive, group: Group, year: int, as_of: dt.date) -> Tovholders:
    """gruppe.yaml's periods for the year, else the handovers decided by as_of: for each day the
    role changes hands in the year, the latest meeting's word; each lasts until the next."""
    if group.tovholder.get(year):
        return Tovholders(year, tuple(sorted(group.tovholder[year], key=lambda p: p.start or dt.date.min)))
    latest: dict[dt.date, TovholderPeriod] = {}
    held = sorted(((s.day, s.handovers) for s in rep.summaries(group.id).values()
                   if s.handovers and s.day is not None and s.day <= as_of.toordinal() and s.status in _HELD),
                  key=lambda held: held[0])
    for _, handovers in held:  # a later meeting's word replaces an earlier one's
        for h in handovers:
            if h.year == year:
                latest[h.start] = h.period
    starts = sorted(latest)
    periods = [latest[start] for start in starts]
    for i, nxt in enumerate(starts[1:]):
        periods[i] = dataclasses.replace(periods[i], end=nxt - dt.timedelta(days=1))
    return Tovholders(year, tuple(periods))


def _last_organisation(reg: Registry, periods: Iterable[TovholderPeriod]) -> Organisation | None:
    """The organisation that holds the role at the end of the periods."""
    named = [p for p in periods if p.organisation is not None]
    if not named:
        return None
    last = max(named, key=lambda p: (p.end or dt.date.max, p.start or dt.date.min))
    return reg.organisation(last.organisation.text) if last.organisation else None


def network_organisations(rep: Archive, group: Group) -> list[Organisation]:
    """The municipalities, the region and the secretariat of the network: of the organisations
    of those kinds in kommuner.yaml, those that someone in personer.yaml belongs to or that the
    group's members name, so a municipality outside the region that the minutes only mention
    (Egedal, København) is not taken for one that never came (or is next in the rotation)."""
    reg = rep.registry
    known = {reg.organisation(aff.organisation.text) for p in reg.persons.values() for aff in p.affiliations}
    known |= {reg.organisation(m.organisation.text) for m in group.members if m.organisation}
    chosen = [o for o in reg.organisations.values() if o.kind in NETWORK_KINDS and o in known]
    return sorted(chosen, key=lambda o: (NETWORK_KINDS.index(o.kind), danish_key(short_name(o))))


NETWORK_KINDS = ("kommune", "region", "sekretariat")


def tovholder_on(rep: Archive, group: Group | None, day: dt.date) -> str:
    """The group's tovholder on day (see tovholder_text), '(beregnet: …)' after a computed one;
    '' when nothing says."""
    if group is None:
        return ""
    found = tovholders(rep, group, day.year, day)
    period = found.on(day)
    if period is None:
        return ""
    return tovholder_text(rep, period) + (f" ({found.note})" if found.note else "")
