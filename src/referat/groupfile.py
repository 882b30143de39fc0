"""moeder/<gruppe>/gruppe.yaml: a group's members, meeting plan, tovholder and standing items."""

from __future__ import annotations

import re

from referat.fields import Reader
from referat.findings import Collector, Finding
from referat.meeting import read_agenda_item
from referat.model import AgendaItem, Group, Member, TovholderPeriod
from referat.rules import Rule
from referat.source import read_yaml_file
from referat.yamlread import YamlPath

GROUP_KEYS = ("id", "navn", "under", "medlemmer", "moedeplan", "standard", "tovholder", "rotation", "faste_punkter")
MEMBER_KEYS = ("person", "organisation", "rolle", "fra", "til")
DEFAULT_KEYS = ("tid", "sted")
TOVHOLDER_KEYS = ("organisation", "personer", "referent", "fra", "til")
ROTATIONS = ("alfabetisk",)
_YEAR = re.compile(r"^[0-9]{4}$")


def read_group(raw: bytes, path: str, folder: str) -> tuple[Group | None, list[Finding]]:
    out = Collector(path)
    doc = read_yaml_file(raw, out)
    if doc is None:
        return None, out.findings
    group = Group(id=folder, name=folder, path=path)
    d = doc.data
    if d is None:
        if not doc.problems:  # a YAML error is reported already; the file is not empty
            out.report(Rule.S003, (1, 1), "gruppe.yaml er tom; mindst 'navn' skal stå der")
        return group, out.findings
    if not isinstance(d, dict):
        out.report(Rule.S002, doc.pos(), "gruppe.yaml skal være en mapping (nøgle: værdi)")
        return group, out.findings
    r = Reader(doc, out)
    what = "gruppe.yaml"
    r.keys(d, (), GROUP_KEYS, what, required=("navn",))
    gid = r.text(d, "id", (), what)
    if gid and gid != folder:
        out.report(Rule.G002, doc.pos("id"), f"Gruppens id '{gid}' passer ikke med mappen '{folder}'",
                   f"Skriv id: {folder}, eller omdøb mappen")
    group.name = r.text(d, "navn", (), what) or folder
    group.under = r.ref(d, "under", (), what)
    group.rotation = r.text(d, "rotation", (), what)
    if group.rotation and group.rotation not in ROTATIONS:
        out.report(Rule.S005, doc.pos("rotation"), f"Ukendt rotation '{group.rotation}'",
                   "Brug " + ", ".join(ROTATIONS))
    for i, item in enumerate(r.items(d, "faste_punkter", (), what)):
        if isinstance(item, str) and item.strip():
            group.standing_items.append(AgendaItem(nr="", title=item.strip(), pos=doc.pos("faste_punkter", i)))
        else:
            parsed = read_agenda_item(r, item, ("faste_punkter", i), require_nr=False)
            if parsed:
                group.standing_items.append(parsed)
    for i, m in enumerate(r.items(d, "medlemmer", (), what)):
        mp = ("medlemmer", i)
        if isinstance(m, str):
            # A blank name is a finding (S002) and no member.
            if name := r.ref({"person": m}, "person", mp, what):
                group.members.append(Member(name, None, "", None, None))
            continue
        if not isinstance(m, dict):
            out.report(Rule.S002, doc.pos(*mp), "Et medlem skal være et navn eller en mapping med 'person'")
            continue
        r.keys(m, mp, MEMBER_KEYS, "medlemmet", required=("person",))
        person = r.ref(m, "person", mp, "medlemmet")
        if person:
            group.members.append(Member(person, r.ref(m, "organisation", mp, "medlemmet"),
                                        r.text(m, "rolle", mp, "medlemmet"),
                                        r.date(m, "fra", mp, "medlemmet"), r.date(m, "til", mp, "medlemmet")))
    defaults = r.typed(d, "standard", (), dict, what)
    if defaults:
        r.keys(defaults, ("standard",), DEFAULT_KEYS, "standard")
        group.default_time = r.time(defaults, "tid", ("standard",), "standard")
        group.default_place = r.text(defaults, "sted", ("standard",), "standard")
    plan = r.typed(d, "moedeplan", (), dict, what) or {}
    for year in plan:
        yp = ("moedeplan", year)
        if not _YEAR.match(str(year)):
            out.report(Rule.S004, doc.key_pos(*yp), f"'{year}' i moedeplan skal være et årstal som 2025")
            continue
        days = []
        for j, value in enumerate(r.items(plan, year, ("moedeplan",), "moedeplan")):
            day = r.date_at(value, (*yp, j), f"'{j}' i moedeplan {year}")
            if day:
                if day.year != int(year):
                    out.report(Rule.D005, doc.pos(*yp, j), f"{day.isoformat()} står under {year} i moedeplan")
                days.append(day)
        group.plan[int(year)] = sorted(days)
    tov = r.typed(d, "tovholder", (), dict, what) or {}
    for year, periods in tov.items():
        yp = ("tovholder", year)
        if not _YEAR.match(str(year)):
            out.report(Rule.S004, doc.key_pos(*yp), f"'{year}' i tovholder skal være et årstal som 2025")
            continue
        result = []
        for j, period in enumerate(periods if isinstance(periods, list) else [periods]):
            pp: YamlPath = (*yp, j) if isinstance(periods, list) else yp
            if not isinstance(period, dict):
                out.report(Rule.S002, doc.pos(*pp),
                           "En tovholderperiode skal have 'organisation' og/eller 'personer'")
                continue
            r.keys(period, pp, TOVHOLDER_KEYS, "tovholder")
            result.append(TovholderPeriod(r.ref(period, "organisation", pp, "tovholder"),
                                          r.refs(period, "personer", pp, "tovholder"),
                                          r.date(period, "fra", pp, "tovholder"),
                                          r.date(period, "til", pp, "tovholder"),
                                          r.ref(period, "referent", pp, "tovholder")))
        group.tovholder[int(year)] = result
    return group, out.findings
