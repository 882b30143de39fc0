"""People and organisations as the documents name them, and who held which role on a day.

The registries (personer.yaml, kommuner.yaml, gruppe.yaml) say who someone is; a meeting file
refers to them as written (a model.Ref). These functions give the name a document shows, the
organisation someone came for on a meeting's date and the group's tovholder then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from referat import datoer
from referat.archive import Archive
from referat.danish import join_da
from referat.model import Attendee, Group, Organisation, Person, Ref, TovholderPeriod
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
    org = rep.registry.organisation(period.organisation.text) if period.organisation else None
    name = org.name if org else (period.organisation.text if period.organisation else "")
    who = join_da(person_name(rep, p) for p in period.persons)
    text = f"{name} ({who})" if name and who else (name or who)
    if dates and period.start:
        text += f" fra {datoer.format_date(period.start)}"
    if dates and period.end:
        text += f" til {datoer.format_date(period.end)}"
    return text


def tovholder_on(rep: Archive, group: Group | None, day: dt.date) -> str:
    """The group's tovholder on day (see tovholder_text), '' when gruppe.yaml names none."""
    period = group.tovholder_on(day) if group is not None else None
    return tovholder_text(rep, period) if period is not None else ""
