"""Names the importer could not resolve, as personer.yaml entries ready to paste: the name as
written, an id made from it, the organisation where the registry knows it, and the registry's
nearest persons as a comment (the same person under another spelling is then an alias)."""

from __future__ import annotations

import datetime as dt

from referat import names
from referat.importing.head import Name, organisation
from referat.newarchive import slug
from referat.newmeeting import yaml_scalar
from referat.registry import Registry


def entries(unknown: list[tuple[Name, dt.date | None]], reg: Registry) -> str:
    """The entries, one per name (and the day of the meeting that names it), in the order
    given, a name written again once; '' when there are none."""
    taken = set(reg.persons)
    seen: set[str] = set()
    out: list[str] = []
    for n, day in unknown:
        if names.key(n.written) in seen:
            continue
        seen.add(names.key(n.written))
        base = slug(n.written) or "person"
        ident, k = base, 2
        while ident in taken:
            ident, k = f"{base}-{k}", k + 1
        taken.add(ident)
        out += [f"  - id: {ident}", f"    navn: {yaml_scalar(n.written)}"]
        org = organisation(reg, n.organisation)
        if org:
            out += ["    tilknytning:", f"      - organisation: {org.id}"]
            if n.title:
                out.append(f"        titel: {yaml_scalar(n.title)}")
        elif n.organisation:
            out.append(f"    # organisationen '{' '.join(n.organisation.split())}' står ikke i kommuner.yaml")
        if near := names.candidates(reg, n.written, day=day):
            who = " eller ".join(f"{c.name} ({c.id})" for c in near)
            out.append(f"    # Er det {who}? Så skriv navnet som alias dér i stedet for en ny person.")
    return "\n".join(out) + "\n" if out else ""
