"""personer.yaml and kommuner.yaml: who and which organisations exist, under every spelling.

A name resolves through id, name and aliases, ignoring case and spacing, and through the short
form of a name (names.py); an unknown name gets names.py's suggestion.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from referat import names
from referat.fields import Mapping, Reader
from referat.findings import Collector, Finding
from referat.mail import addresses
from referat.model import ORG_KINDS, Affiliation, Group, Organisation, Person, Pos, Ref
from referat.rules import Rule
from referat.source import read_yaml_file
from referat.yamlread import YamlDoc, YamlPath

PERSON_KEYS = ("id", "navn", "aliaser", "email", "titel", "tilknytning", "ikke_samme_som")
AFFILIATION_KEYS = ("organisation", "fra", "til", "titel")
ORG_KEYS = ("id", "navn", "kort", "type", "aliaser")
ALL_MUNICIPALITIES = ("alle kommuner", "alle kommunerne", "alle")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


key = names.key  # the form names are compared in


@dataclass
class Resolved:
    kind: str  # "person", "organisation", "gruppe", "alle_kommuner"
    id: str


@dataclass
class Registry:
    persons: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    person_index: dict[str, str] = field(default_factory=dict)
    org_index: dict[str, str] = field(default_factory=dict)
    not_same: dict[str, set[str]] = field(default_factory=dict)  # id → ids noted as others (both ways)
    not_same_refs: list[tuple[str, Ref]] = field(default_factory=list)  # as written, for P011

    @functools.cached_property
    def short_index(self) -> dict[str, str]:
        """"Rikke Laursen" → rikke-kvistgaard-laursen: short forms that name one person."""
        return names.short_forms(self.persons, self.person_index)

    def person(self, text: str) -> Person | None:
        """The person of an id, name, alias, or unambiguous short form (short_form tells which)."""
        k = key(text)
        pid = self.person_index.get(k) or self.short_index.get(k)
        return self.persons.get(pid) if pid else None

    def short_form(self, text: str) -> Person | None:
        """The person text is a short form of, when it is no registered spelling."""
        k = key(text)
        pid = None if k in self.person_index else self.short_index.get(k)
        return self.persons[pid] if pid else None

    def organisation(self, text: str) -> Organisation | None:
        oid = self.org_index.get(key(text))
        return self.organisations.get(oid) if oid else None

    def group(self, text: str) -> Group | None:
        k = key(text)
        for g in self.groups.values():
            if k in (g.id, key(g.name)):
                return g
        return None

    def resolve(self, text: str) -> Resolved | None:
        """An owner or responsible: person, organisation, group or all municipalities."""
        if key(text) in ALL_MUNICIPALITIES:
            return Resolved("alle_kommuner", "alle-kommuner")
        if p := self.person(text):
            return Resolved("person", p.id)
        if o := self.organisation(text):
            return Resolved("organisation", o.id)
        if g := self.group(text):
            return Resolved("gruppe", g.id)
        return None

    def suggest_person(self, text: str, day: dt.date | None = None, organisation: str | None = None) -> str:
        return names.suggestion(names.candidates(self, text, day=day, organisation=organisation))

    def suggest_organisation(self, text: str) -> str:
        return names.suggestion(names.candidates(self, text, persons=False, organisations=True))

    def suggest_any(self, text: str, day: dt.date | None = None) -> str:
        return names.suggestion(names.candidates(self, text, organisations=True, day=day))


NameOf = Callable[[str], str]  # an id's name, for a message


def _entries(raw: bytes, file: str, list_key: str, one: str,
             out: Collector) -> Iterator[tuple[Reader, YamlDoc, YamlPath, Mapping]]:
    """(reader, document, path, entry) for each mapping in the file's list under list_key;
    anything else in the file is reported. one names an entry: "En organisation"."""
    doc = read_yaml_file(raw, out)
    if doc is None or doc.data is None:
        return
    r = Reader(doc, out)
    if not isinstance(doc.data, dict):
        out.report(Rule.S002, doc.pos(), f"{file} skal have nøglen '{list_key}' med en liste")
        return
    r.keys(doc.data, (), (list_key,), file, required=(list_key,))
    for i, entry in enumerate(r.items(doc.data, list_key, (), file)):
        if isinstance(entry, dict):
            yield r, doc, (list_key, i), entry
        else:
            out.report(Rule.S002, doc.pos(list_key, i), f"{one} skal være en mapping med 'id' og 'navn'")


def read_organisations(raw: bytes, path: str, reg: Registry) -> list[Finding]:
    out = Collector(path)
    for r, doc, path_, entry in _entries(raw, "kommuner.yaml", "organisationer", "En organisation", out):
        what = "organisationen"
        r.keys(entry, path_, ORG_KEYS, what, required=("id", "navn", "type"))
        oid = _id(r, entry, path_, what)
        kind = r.text(entry, "type", path_, what)
        if kind and kind not in ORG_KINDS:
            out.report(Rule.S005, doc.pos(*path_, "type"), f"Ukendt organisationstype '{kind}'",
                       "Brug " + ", ".join(ORG_KINDS))
        if not oid:
            continue
        org = Organisation(oid, r.text(entry, "navn", path_, what), r.text(entry, "kort", path_, what), kind,
                           _aliases(r, entry, path_, what), doc.pos(*path_))
        if oid in reg.organisations:
            out.report(Rule.R001, doc.pos(*path_, "id"), f"Id'et '{oid}' bruges af to organisationer")
            continue
        reg.organisations[oid] = org
        _index(reg.org_index, oid, _names(doc, path_, oid, [("navn", org.name), ("kort", org.short)], org.aliases),
               out, lambda i: reg.organisations[i].name)
    return out.findings


def read_persons(raw: bytes, path: str, reg: Registry) -> list[Finding]:
    out = Collector(path)
    for r, doc, path_, entry in _entries(raw, "personer.yaml", "personer", "En person", out):
        what = "personen"
        r.keys(entry, path_, PERSON_KEYS, what, required=("id", "navn"))
        pid = _id(r, entry, path_, what)
        email = r.text(entry, "email", path_, what)
        if email and not addresses.usable(email):
            out.report(Rule.S004, doc.pos(*path_, "email"), f"'{email}' ligner ikke en e-mailadresse")
        affiliations = []
        for j, aff in enumerate(r.items(entry, "tilknytning", path_, what)):
            ap = (*path_, "tilknytning", j)
            if not isinstance(aff, dict):
                out.report(Rule.S002, doc.pos(*ap),
                           "En tilknytning skal have 'organisation' (og evt. 'fra', 'til', 'titel')")
                continue
            r.keys(aff, ap, AFFILIATION_KEYS, "tilknytningen", required=("organisation",))
            org = r.ref(aff, "organisation", ap, "tilknytningen")
            start, end = r.date(aff, "fra", ap, "tilknytningen"), r.date(aff, "til", ap, "tilknytningen")
            if start and end and end < start:
                out.report(Rule.D004, doc.pos(*ap, "til"), "Tilknytningen slutter, før den begynder")
            if org:
                affiliations.append(Affiliation(org, start, end, r.text(aff, "titel", ap, "tilknytningen")))
        if not pid:
            continue
        if len(affiliations) == 1 and not affiliations[0].title and (title := r.text(entry, "titel", path_, what)):
            first = affiliations[0]
            affiliations[0] = Affiliation(first.organisation, first.start, first.end, title)
        person = Person(pid, r.text(entry, "navn", path_, what), _aliases(r, entry, path_, what), email.lower(),
                        tuple(affiliations), doc.pos(*path_))
        if pid in reg.persons:
            out.report(Rule.R001, doc.pos(*path_, "id"), f"Id'et '{pid}' bruges af to personer")
            continue
        reg.persons[pid] = person
        for j, other in enumerate(r.items(entry, "ikke_samme_som", path_, what)):
            if isinstance(other, str) and other.strip():
                reg.not_same_refs.append((pid, Ref(other.strip(), doc.pos(*path_, "ikke_samme_som", j))))
        _index(reg.person_index, pid, _names(doc, path_, pid, [("navn", person.name)], person.aliases),
               out, lambda i: reg.persons[i].name)
    return out.findings


def _id(r: Reader, entry: Mapping, path: YamlPath, what: str) -> str:
    ident = r.text(entry, "id", path, what)
    if ident and not _ID.match(ident):
        r.out.report(Rule.R002, r.pos((*path, "id")),
                     f"Id'et '{ident}' må kun have små bogstaver a-z, cifre og bindestreger (fx helle-stisen)")
    return ident


def _aliases(r: Reader, entry: Mapping, path: YamlPath, what: str) -> tuple[str, ...]:
    return tuple(str(a).strip() for a in r.items(entry, "aliaser", path, what)
                 if isinstance(a, str | int) and str(a).strip())


def _names(doc: YamlDoc, path: YamlPath, ident: str, names: list[tuple[str, str]],
           aliases: tuple[str, ...]) -> list[tuple[str, Pos | None]]:
    """(name, position) for the id, the name keys and each alias, so a clash points at its line."""
    result = [(ident, doc.pos(*path, "id"))]
    result += [(value, doc.pos(*path, k)) for k, value in names]
    result += [(a, doc.pos(*path, "aliaser", i)) for i, a in enumerate(aliases)]
    return result


def _index(index: dict[str, str], ident: str, names: list[tuple[str, Pos | None]], out: Collector,
           name_of: NameOf) -> None:
    for name, pos in names:
        if not name:
            continue
        k = key(name)
        other = index.get(k)
        if other is None:
            index[k] = ident
        elif other != ident:
            out.report(Rule.R003, pos, f"'{name}' kan betyde to forskellige: {name_of(other)} ({other}) og "
                       f"{name_of(ident)} ({ident})", "Fjern aliaset fra den ene")


def resolve_org_refs(reg: Registry, path: str) -> list[Finding]:
    """Every affiliation names an organisation that exists, and every `ikke_samme_som` another
    person (P011)."""
    out = Collector(path)
    for pid, ref in reg.not_same_refs:
        other = reg.persons.get(reg.person_index.get(key(ref.text), ""))
        if other is None or other.id == pid:
            out.report(Rule.P011, ref.pos, f"'ikke_samme_som: {ref.text}' hos {reg.persons[pid].name} er "
                       + ("personen selv" if other else "ingen kendt person"),
                       "Skriv id'et på en anden person i personer.yaml")
            continue
        reg.not_same.setdefault(pid, set()).add(other.id)
        reg.not_same.setdefault(other.id, set()).add(pid)
    for person in reg.persons.values():
        for aff in person.affiliations:
            if reg.organisation(aff.organisation.text) is None:
                out.report(Rule.P002, aff.organisation.pos,
                           f"Ukendt organisation '{aff.organisation.text}' hos {person.name}",
                           reg.suggest_organisation(aff.organisation.text))
    return out.findings
