"""Speed benchmark for referat: `tjek` against its floor, and every command warm at N meetings.

    python bench/bench_tjek.py [--antal N] [--grupper G] [--gentag K] [--seed S] [--alle-aabne] [--mappe DIR]

To measure the code in a worktree (the figures in docs/performance.md, issue 11), from it:

    PYTHONPATH=$PWD/src python3 bench/bench_tjek.py          # 10,000 meetings, 40 groups, best of 3

1. Generates N synthetic but realistic meetings (~7 KB each: full front matter with 10-15
   deltagere from personer.yaml, afbud, 8-9 dagsordenspunkter with ansvarlig/tid/bilag,
   beslutninger, naeste_moede, and a Markdown body with a `## N. Titel` section per item,
   paragraphs, bullet lists and 3-6 GFM tasks, nearly all of those over a year old ticked off
   as a secretariat does, or 80 % left open whatever their age with --alle-aabne, the worst
   case) in G group folders (default 40: a steering
   group, three forums, networks), in a temporary folder that is a real git repository, with
   this repository's personer.yaml and kommuner.yaml copied in. The groups differ in size
   (about 1:7) and meet 4-10 times a year up to today, so their archives go back a few years
   or decades; each has a gruppe.yaml with members, a meeting plan for the last two years,
   this year and next, and tovholder periods. About half the groups, always the smallest and
   the largest, have their next meeting planned already (a file with status planlagt), as
   `referat ny` writes it. The generator is seeded: every run on the same day makes the same
   corpus (the dates follow today). A second archive holds only the smallest group, copied.
2. Checks that `referat tjek` finds nothing in either (exit 0, no findings): every meeting
   must be valid, or the benchmark would time the error path.
3. Times, each in a fresh process, wall clock best of K, CPU time (user + system, worker
   processes included) and peak memory (the process's own ru_maxrss, see LAUNCHER):
     (a) `referat tjek`, cold: without referat's cache (.referat-cache/), if it leaves one;
     (b) the floor: a bare Python loop that reads every meeting file and parses its front
         matter with yaml.load(..., Loader=yaml.CSafeLoader), nothing else;
     (c) `referat --help` and (d) `python -c pass` (interpreter start-up);
   and warm, each right after an untimed run of the same command, so that it finds what that
   run left: (e) `tjek`, (f) `opgaver`, (g) `opgaver --format json`, (h) `opgaver` as a new
   question (`--inden` a date never asked before, so no remembered answer can serve it; the
   untimed run before it asks another new one), (i) `kalender`, and the commands about one
   meeting or one group: `vis <its latest meeting> --gruppe g`, `dagsorden naeste --gruppe
   g`, `ny --vis --gruppe g --dato <the plan's date after the planned meeting>` and
   `aarsrapport <its last whole year> --gruppe g`, for the smallest and the largest group of
   the big archive and for the smallest group alone in its own archive. A command that grows
   with its group, not with the archive, takes about as long for the small group in both.
   Output goes to a pipe that is read as it comes, the way a script would read it: no
   terminal. Python may keep compiled modules (PYTHONDONTWRITEBYTECODE is dropped), as on a
   user's machine. The commands take turns (a, b, c, ..., a, b, ...), so that load from other
   programs falls on all of them alike; CPU time is disturbed less by a busy machine.
4. Prints a table with the target of issue 11 (warm: under 0.5 s and 150 MB peak RSS; cold
   tjek at most the floor, wall clock) and whether each command meets it, by wall clock and
   by CPU time. Results are in docs/performance.md.

Only the standard library and PyYAML (one of referat's own dependencies) are used; referat
itself is only ever run as a command, the way a user runs it: the `referat` script next to
this Python, else `python -m referat`; PYTHONPATH chooses the code, and the table names it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------
# The registries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    org: str  # organisation id (the person's latest affiliation)


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    short: str
    kind: str


def load_registries(root: Path) -> tuple[list[Person], dict[str, Org]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    orgs_data = yaml.load((root / "kommuner.yaml").read_text(encoding="utf-8"), Loader=loader)
    orgs = {}
    for o in orgs_data["organisationer"]:
        orgs[str(o["id"])] = Org(str(o["id"]), str(o["navn"]), str(o.get("kort") or o["navn"]), str(o["type"]))
    persons = []
    for p in yaml.load((root / "personer.yaml").read_text(encoding="utf-8"), Loader=loader)["personer"]:
        affiliations = p.get("tilknytning") or []
        if len(affiliations) > 1:
            # someone who changed organisation: the corpus gives each person one organisation on
            # every date, and tjek rightly warns (P008) when that is not the registry's on the day
            continue
        org = str(affiliations[-1]["organisation"]) if affiliations else ""
        persons.append(Person(str(p["id"]), str(p["navn"]), tuple(str(a) for a in p.get("aliaser") or ()), org))
    return persons, orgs


# --------------------------------------------------------------------------------------------
# Danish text
# --------------------------------------------------------------------------------------------

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")


def da_date(d: dt.date) -> str:
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


# 40 groups, as in a region's framework agreement: a steering group, a few forums and many
# networks. Each network meets 4-10 times a year, so 10,000 meetings are archives of very
# different lengths going back decades.
FORUMS = [
    ("styregruppen", "Styregruppen for Rammeaftale Sjælland", "Styregruppemøde"),
    ("direktoer-og-chefforum", "Direktør- og chefforum", "Direktør- og chefmøde"),
    ("implementeringsgruppen", "Implementeringsgruppen", "Møde i implementeringsgruppen"),
    ("oekonomigruppen", "Økonomigruppen", "Møde i økonomigruppen"),
]
NETWORKS = [
    "Børn og Unge", "Voksne", "Handicap", "Psykiatri", "Rusmiddel", "Hjerneskade", "Autisme",
    "Sikrede institutioner", "Plejefamilier", "Hjemløshed", "Socialpsykiatri", "Udsatte gravide",
    "Kriminalitetstruede unge", "Dagbehandling", "Specialundervisning", "Bostøtte", "Botilbud",
    "Familiebehandling", "STU", "Hjælpemidler", "Døvblinde", "Kommunikation", "Tale og høre", "Syn",
    "Beskæftigelse", "Ældre og demens", "Senhjerneskade hos børn", "Kvindekrisecentre",
    "Unge og rusmidler", "Domfældte", "Anbringelser", "Forebyggelse", "Tilsyn og kvalitet",
    "Data og styring", "Kontrakter og indkøb", "Rekruttering",
]


def group_names() -> list[tuple[str, str, str]]:
    """(id, name, meeting title) for every group there can be, forums first."""
    ascii_id = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "-"})
    return FORUMS + [(t.lower().translate(ascii_id), f"Netværksgruppe {t}", "Netværksmøde") for t in NETWORKS]


PLACES = ["Teams", "Holbæk Rådhus, mødelokale 2", "Kalundborg Rådhus, Holbækvej 141", "Greve Rådhus",
          "Ringsted Kongrescenter", "Sorø Rådhus, byrådssalen", "Næstved Rådhus, mødelokale 1.12"]

FIRST_ITEMS = ["Velkomst og godkendelse af dagsorden", "Godkendelse af referat fra sidste møde"]
LAST_ITEMS = ["Punkter til næste møde", "Eventuelt"]
STANDING_ITEMS = [*FIRST_ITEMS, "Nyt fra Rammesekretariatet", *LAST_ITEMS]
MIDDLE_ITEMS = [
    "Nyt fra Rammesekretariatet",
    "Status på fokusområde 1: Rette indsatser og tilbud til borgerne",
    "Status på fokusområde 2: Kapacitet og kompetencer",
    "Status på fokusområde 3: Forebyggelse og tidlig indsats",
    "Erfaringer med implementering af standardkontrakterne",
    "Drøftelse af rekruttering af specialiserede plejefamilier",
    "Centrale udmeldinger fra Socialstyrelsen",
    "Udviklingsstrategi og styringsaftale for det kommende år",
    "Kapacitet på de sikrede afdelinger",
    "Orientering om takstudviklingen på det specialiserede socialområde",
    "Årsrapport og tilbagemelding fra kommunerne",
    "Oplæg om tværkommunalt samarbejde om behandlingstilbud",
    "Kommissorium for ad hoc-grupperne",
    "Trivselskommissionens anbefalinger",
    "Fælles temadag for netværket",
    "Kompetenceudvikling for sagsbehandlere",
    "Overblik over netværks- og arbejdsgrupperne",
    "Data og indberetninger til rammeaftalen",
]
ATTACHMENTS = [
    "PowerPoints fra det fælles netværksmøde",
    "Udkast til kommissorium",
    "Notat om takstudviklingen",
    "Oversigt over indberetninger",
    "Referat fra styregruppen",
    "Slides fra oplægget",
    "Centrale udmeldinger (notat)",
    "Årsrapport, udkast",
    "Skema til tilbagemelding fra kommunerne",
]
SENTENCES = [
    "{p} orienterede om status på arbejdet og de foreløbige erfaringer fra {k}.",
    "Netværket drøftede, hvordan kommunerne kan understøtte hinanden i det videre arbejde.",
    "Der var enighed om, at punktet skal følges tæt og tages op igen på et senere møde.",
    "{p} fortalte, at {k} har gode erfaringer med at samle opgaven ét sted i organisationen.",
    "Flere kommuner oplever et stigende pres på området, særligt på de specialiserede tilbud.",
    "Rammesekretariatet samler input fra kommunerne og udarbejder et notat til styregruppen.",
    "Der blev spurgt til, hvordan data kan bruges mere systematisk på tværs af kommunerne.",
    "{p} pegede på, at det er vigtigt at inddrage de faglige netværk tidligt i processen.",
    "Drøftelsen tog udgangspunkt i de slides, der var udsendt sammen med dagsordenen.",
    "Netværket tilsluttede sig indstillingen og bad om en status på næste møde.",
    "{p} og {q} deler gerne deres materiale med de øvrige kommuner.",
    "Det blev aftalt, at {k} undersøger mulighederne for et fælles kompetenceforløb.",
    "Der er behov for et bedre overblik over kapaciteten i regionen og i kommunerne.",
    "Socialtilsyn Øst har påpeget, at kvaliteten i tilbuddene skal følges tættere.",
    "{p} understregede, at arbejdet skal hænge sammen med rammeaftalens fokusområder.",
    "Der var en god drøftelse af udfordringerne, og flere gav eksempler fra egen kommune.",
    "Punktet blev taget til efterretning uden yderligere bemærkninger.",
    "Holbæk Kommune og Kalundborg Kommune har allerede indledt et samarbejde på området.",
]
BULLETS = [
    "Der er behov for fælles principper for visitation til de specialiserede tilbud.",
    "Erfaringer fra {k} viser, at tidlig dialog med leverandørerne betaler sig.",
    "Standardkontrakterne bruges forskelligt fra kommune til kommune.",
    "Der mangler kompetencer på det kontraktretslige område.",
    "Rekruttering af plejefamilier er en fælles udfordring i hele regionen.",
    "Prisudviklingen på området skal følges tæt.",
    "Ønske om en fælles temadag for sagsbehandlere og ledere.",
    "{p} tilbød at dele erfaringer fra {k}.",
    "Data fra indberetningerne skal kunne bruges i den lokale styring.",
    "Det er vigtigt at inddrage skoledelen i arbejdet.",
    "Der forventes nye udmeldinger fra Socialstyrelsen i løbet af året.",
    "Samarbejdet med Region Sjælland om de højt specialiserede tilbud fortsætter.",
]
TASKS = [
    "Sende navnene på deltagerne fra kommunen i ad hoc-grupperne til {p}.",
    "Udarbejde et udkast til kommissorium for arbejdet, herunder konkrete leverancer og effektmål.",
    "Lave et overblik over netværks- og arbejdsgrupperne i rammeaftalens organisation.",
    "Vedlægge slides fra oplægget som bilag til referatet.",
    "Indkalde til møde i ad hoc-gruppen og sende en dagsorden ud i god tid.",
    "Sende input til årsrapporten til Rammesekretariatet.",
    "Undersøge mulighederne for et fælles kompetenceforløb for sagsbehandlerne.",
    "Samle erfaringerne fra kommunerne i et kort notat til styregruppen.",
    "Tage kontakt til {p} om et oplæg på et kommende møde.",
    "Opdatere deltagerlisten og sende den rundt til netværket.",
    "Booke lokale og forplejning til temadagen.",
]
DECISIONS = [
    "Dagsordenen blev godkendt uden bemærkninger.",
    "Referatet fra sidste møde blev godkendt.",
    "Netværket tog orienteringen til efterretning.",
    "Indstillingen blev godkendt med de bemærkninger, der kom på mødet.",
    "Der nedsættes en ad hoc-gruppe, som vender tilbage med et forslag på næste møde.",
    "Rammesekretariatet udarbejder et notat til styregruppen på baggrund af drøftelsen.",
    "Punktet tages op igen, når der foreligger nye tal fra kommunerne.",
]
NEXT_ITEMS = [
    "Status på fokusområde 1",
    "Status på fokusområde 3 (hvor langt er vi nået?)",
    "Opfølgning på ad hoc-gruppernes arbejde",
    "Tilbagemelding fra styregruppen",
    "Årsrapporten",
    "Temadag for netværket",
]
GUESTS = ["Mette Kragh", "Søren Vinther", "Birgitte Lund", "Jonas Dahl", "Camilla Friis"]
SUBHEADINGS = ["Resume", "Indstilling", "Baggrund", "Drøftelse"]

_PLAIN_OK = re.compile(r"^[A-Za-zÆØÅæøåÉé0-9(][^#:\n\"']*$")
_NUMBERISH = re.compile(r"^(?:[-+]?[0-9.]+|true|false|null|~|yes|no|on|off)$", re.IGNORECASE)


def q(s: str) -> str:
    """A YAML scalar: plain where that is safe, otherwise double-quoted (JSON is valid YAML)."""
    if _PLAIN_OK.match(s) and not _NUMBERISH.match(s) and s == s.strip() and not s.endswith(":"):
        return s
    return json.dumps(s, ensure_ascii=False)


_STARTS_BLOCK = re.compile(r"^(?:\d{1,9}[.)]|[-*+])$")


def wrap_safe(text: str, width: int, indent: str) -> list[str]:
    """Wraps text so that no continuation line starts like a new Markdown block
    ("9. maj" would start an ordered list in referat's scanner, "- " a bullet list)."""
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for w in words:
        if current and len(current) + 1 + len(w) > width and not _STARTS_BLOCK.match(w):
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}" if current else w
    if current:
        lines.append(current)
    return [lines[0]] + [indent + line for line in lines[1:]]


# --------------------------------------------------------------------------------------------
# One meeting
# --------------------------------------------------------------------------------------------


class Generator:
    def __init__(self, persons: list[Person], orgs: dict[str, Org], seed: int, today: dt.date,
                 all_open: bool = False) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.all_open = all_open
        self.persons = persons
        self.orgs = orgs
        self.municipalities = [o for o in orgs.values() if o.kind == "kommune"]

    # references as a secretary writes them: mostly the name, sometimes the id or an alias
    def person_ref(self, p: Person) -> str:
        r = self.rng.random()
        if r < 0.1:
            return p.id
        if r < 0.25 and p.aliases:
            return self.rng.choice(p.aliases)
        return p.name

    def org_ref(self, o: Org) -> str:
        return o.short if self.rng.random() < 0.7 else o.name

    def org_of(self, p: Person) -> Org:
        return self.orgs.get(p.org) or self.rng.choice(self.municipalities)

    def sentence(self, pool: list[str], people: list[Person]) -> str:
        return self.sentences(pool, people, 1)

    def sentences(self, pool: list[str], people: list[Person], n: int) -> str:
        """n different sentences from pool, with names of people at the meeting."""
        out = []
        for template in self.rng.sample(pool, n):
            a, b = self.rng.sample(people, 2)
            out.append(template.format(p=a.name, q=b.name, k=self.org_of(a).name))
        return " ".join(out)

    def group_file(self, g: Group, today: dt.date) -> str:
        """gruppe.yaml: members, the meeting plan of the last two years, this year and next,
        and a tovholder (with a change in the middle of one year) for each of those years."""
        rng = self.rng
        lines = ["# yaml-language-server: $schema=../../schema/gruppe.schema.json",
                 f"id: {g.id}", f"navn: {q(g.name)}", "under: Rammesekretariatet", "", "medlemmer:"]
        for p in g.members:
            lines += [f"  - person: {q(p.name)}", f"    organisation: {q(self.org_of(p).short)}"]
            if rng.random() < 0.15:
                lines.append("    rolle: repræsentant i styregruppen")
            if rng.random() < 0.1:
                lines.append(f"    fra: {dt.date(today.year - 1, rng.randint(1, 12), 1).isoformat()}")
        years = range(today.year - 2, today.year + 2)
        lines += ["", "moedeplan:"]
        for y in years:
            dates = [d for d in g.held + g.future if d.year == y]
            if dates:
                lines.append(f"  {y}:")
                lines += [f"    - {d.isoformat()}" for d in dates]
        lines += ["", "standard:", '  tid: "10:00-13:00"', "  sted: Teams", "", "tovholder:"]
        orgs = sorted({self.org_of(p).short for p in g.members})
        turn = rng.randrange(len(orgs))
        switch = rng.choice(years[:-1])
        for y in years[:-1]:
            lines.append(f"  {y}:")
            halves = [("", "")] if y != switch else [("til", f"{y}-06-30"), ("fra", f"{y}-07-01")]
            for key, day in halves:
                org = orgs[turn % len(orgs)]
                turn += 1
                holders = [p for p in g.members if self.org_of(p).short == org][:2] or g.members[:1]
                lines += [f"    - organisation: {q(org)}", "      personer:"]
                lines += [f"        - {q(h.name)}" for h in holders]
                lines.append(f"      referent: {q(holders[-1].name)}")
                if key:
                    lines.append(f"      {key}: {day}")
        lines += ["", "rotation: alfabetisk", "", "faste_punkter:"]
        lines += [f"  - {q(t)}" for t in STANDING_ITEMS]
        return "\n".join(lines) + "\n"

    def planned(self, g: Group, date: dt.date) -> str:
        """A planned meeting (status planlagt), as `referat ny` writes it: invitees, an agenda
        with the standing items, the items carried over and a follow-up on the open tasks."""
        rng = self.rng
        titles = (STANDING_ITEMS[:3] + rng.sample(NEXT_ITEMS, 2) + ["Opfølgning på opgaver"]
                  + STANDING_ITEMS[3:])
        fm = ["---", "# yaml-language-server: $schema=../../schema/moede.schema.json",
              f"dato: {date.isoformat()}", 'tid: "10:00-13:00"', "sted: Teams", "status: planlagt", "inviterede:"]
        fm += [f"  - {q(p.name)}" for p in g.members]
        fm.append("dagsorden:")
        for nr, title in enumerate(titles, 1):
            fm += [f"  - nr: {nr}", f"    titel: {q(title)}"]
            if title == "Opfølgning på opgaver":
                fm += ["    beskrivelse: |-", "      Status på de åbne opgaver fra tidligere møder."]
        body = [""]
        for nr, title in enumerate(titles, 1):
            body += [f"## {nr}. {title}", ""]
            if title == "Opfølgning på opgaver":
                body += [f"- {self.sentence(TASKS, g.members)}" for _ in range(3)] + [""]
        return "\n".join(fm) + "\n---\n" + "\n".join(body)

    def meeting(self, gid: str, label: str, date: dt.date, number: int, next_date: dt.date,
                approved: bool) -> str:
        rng = self.rng
        people = rng.sample(self.persons, rng.randint(10, 15) + rng.randint(2, 5))
        n_present = len(people) - rng.randint(2, 5)
        present, absent = people[:n_present], people[n_present:]
        chair, minute_taker = present[0], present[1]

        n_items = rng.randint(8, 9)
        titles = FIRST_ITEMS + rng.sample(MIDDLE_ITEMS, n_items - 4) + LAST_ITEMS
        start_h = rng.choice([9, 10, 13])
        minute = start_h * 60
        items = []
        for nr, title in enumerate(titles, 1):
            length = rng.choice([10, 15, 20, 30, 40])
            owner = rng.choice(present)
            items.append({"nr": nr, "title": title, "owner": owner, "start": minute, "end": minute + length})
            minute += length
        hhmm = lambda m: f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731

        fm = ["---", "# yaml-language-server: $schema=../../schema/moede.schema.json",
              f"titel: {q(label)}",
              f"dato: {date.isoformat() if rng.random() < 0.8 else da_date(date)}",
              f'tid: "{hhmm(start_h * 60)}-{hhmm(minute)}"',
              f"sted: {q(rng.choice(PLACES))}",
              f"moede_nr: {number}"]
        if approved:
            fm += ["status: godkendt", "godkendt:", f"  dato: {next_date.isoformat()}",
                   f"  moede: {next_date.isoformat()}"]
        else:
            fm.append("status: udkast")
        fm += [f"referent: {q(self.person_ref(minute_taker))}", f"ordstyrer: {q(self.person_ref(chair))}",
               "deltagere:"]
        for p in present:
            if rng.random() < 0.1:
                fm += [f"  - person: {q(self.person_ref(p))}", f"    organisation: {q(self.org_ref(self.org_of(p)))}"]
                if rng.random() < 0.5:
                    fm += ["    punkter:", f"      - {rng.randint(3, n_items - 2)}"]
            else:
                fm.append(f"  - {q(self.person_ref(p))}")
        if rng.random() < 0.4:
            guest_item = rng.randint(3, n_items - 2)
            guest_org = self.org_ref(rng.choice(list(self.orgs.values())))
            fm += [f"  - navn: {rng.choice(GUESTS)}", f"    organisation: {q(guest_org)}",
                   "    titel: Oplægsholder", "    punkter:", f"      - {guest_item}", "    gaest: true"]
        fm.append("afbud:")
        fm += [f"  - {q(self.person_ref(p))}" for p in absent]
        fm.append("dagsorden:")
        for it in items:
            fm += [f"  - nr: {it['nr']}", f"    titel: {q(it['title'])}"]
            r = rng.random()
            if r < 0.7:
                fm.append(f"    ansvarlig: {q(self.person_ref(it['owner']))}")
            elif r < 0.85:
                fm += ["    ansvarlig:", f"      - {q(self.org_ref(self.org_of(it['owner'])))}",
                       f"      - {q(self.person_ref(it['owner']))}"]
            else:
                fm.append(f"    ansvarlig: {gid}")
            fm.append(f'    tid: "{hhmm(it["start"])}-{hhmm(it["end"])}"')
            if rng.random() < 0.5:
                fm.append(f"    type: {rng.choice(['beslutning', 'droeftelse', 'orientering'])}")
            if 2 < it["nr"] < n_items - 1 and rng.random() < 0.6:
                fm.append("    bilag:")
                for k, a in enumerate(rng.sample(ATTACHMENTS, rng.randint(1, 3)), 1):
                    fm.append("      - " + q(f"Bilag {it['nr']}.{k}: {a}"))
            if 2 < it["nr"] < n_items - 1 and rng.random() < 0.3:
                fm.append("    beskrivelse: |")
                text = self.sentences(SENTENCES, present, rng.randint(2, 4))
                fm += ["      " + line for line in textwrap.wrap(text, 90)]
        fm.append("beslutninger:")
        fm += ["  - punkt: 1", "    tekst: Dagsordenen blev godkendt uden bemærkninger."]
        for nr in sorted(rng.sample(range(2, n_items), rng.randint(2, 4))):
            fm += [f"  - punkt: {nr}", "    tekst: >-"]
            fm += ["      " + line for line in textwrap.wrap(rng.choice(DECISIONS), 90)]
        fm += ["naeste_moede:", f"  dato: {next_date.isoformat()}", "  punkter:"]
        fm += [f"    - {q(t)}" for t in rng.sample(NEXT_ITEMS, rng.randint(2, 3))]
        fm.append("---")

        # the body: one section per item, tasks spread over the middle items
        n_tasks = rng.randint(3, 6)
        task_items = [rng.randint(3, n_items - 2) for _ in range(n_tasks)]
        body = [""]
        for it in items:
            body += [f"## {it['nr']}. {it['title']}", ""]
            if it["nr"] <= 2 or it["nr"] >= n_items - 1:
                body += [self.sentence(SENTENCES[-2:], present), ""]
                continue
            if rng.random() < 0.25:
                body += [f"### {rng.choice(SUBHEADINGS)}", ""]
            for _ in range(rng.randint(1, 2)):
                text = self.sentences(SENTENCES, present, rng.randint(2, 4))
                body += textwrap.wrap(text, 95) + [""]
            if rng.random() < 0.7:
                body += ["Der kom følgende input:", ""]
                for template in rng.sample(BULLETS, rng.randint(3, 6)):
                    body += textwrap.wrap(self.sentence([template], present), 93, initial_indent="- ",
                                          subsequent_indent="  ")
                body.append("")
            for _ in range(task_items.count(it["nr"])):
                body += self.task(date, present) + [""]
        return "\n".join(fm) + "\n" + "\n".join(body)

    def task(self, date: dt.date, present: list[Person]) -> list[str]:
        rng = self.rng
        text = self.sentence(TASKS, present)
        r = rng.random()
        if r < 0.15:
            owners = "alle kommuner"
        else:
            chosen = rng.sample(present, rng.choice([1, 1, 1, 2, 3]))
            names = [self.person_ref(p) if rng.random() < 0.85 else self.org_ref(self.org_of(p)) for p in chosen]
            owners = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
        deadline_day = date + dt.timedelta(days=rng.randint(7, 120))
        form = rng.random()
        if form < 0.6:
            deadline = da_date(deadline_day)
        elif form < 0.8:
            deadline = deadline_day.isoformat()
        elif form < 0.9:
            deadline = f"ultimo {MONTHS[deadline_day.month - 1]} {deadline_day.year}"
        else:
            iso = deadline_day.isocalendar()
            deadline = f"uge {iso.week} {iso.year}"
        # A secretariat follows tasks up at the next meetings ("Opfølgning på opgaver"), so
        # old tasks are nearly all ticked off; --alle-aabne leaves 80 % open whatever their age.
        age = (self.today - date).days
        done = rng.random() < (0.2 if self.all_open else 0.97 if age > 365 else 0.6 if age > 90 else 0.2)
        line = f"{text} Ansvarlig: {owners}."
        if rng.random() < 0.85:
            line += f" Frist: {deadline}."
        if done:
            closed = min(date + dt.timedelta(days=rng.randint(1, 60)), self.today - dt.timedelta(days=1))
            line += f" Lukket: {closed.isoformat()}."
        return wrap_safe(f"- [{'x' if done else ' '}] {line}", 95, "      ")


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
           "GIT_AUTHOR_DATE": "2026-11-26T12:00:00", "GIT_COMMITTER_DATE": "2026-11-26T12:00:00"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)


@dataclass
class Group:
    id: str
    name: str
    label: str  # the title of its meetings
    per_year: int  # meetings a year
    members: list[Person]
    held: list[dt.date]  # its meetings, all before today
    future: list[dt.date]  # the plan's dates after today, this year and next
    planned: bool  # whether the first of them has a meeting file already (status planlagt)


EARLIEST_YEAR = 1952  # a date before 1950 is a typo to referat (see docs/format.md)


def meeting_days(rng: random.Random, per_year: int, year: int) -> list[dt.date]:
    """per_year weekdays spread over the year, a little off the even spacing."""
    spacing = 365 / per_year
    jitter = int(min(7, spacing / 4))
    days = set()
    for k in range(per_year):
        day = dt.date(year, 1, 1) + dt.timedelta(days=min(364, int((k + 0.5) * spacing) + rng.randint(-jitter, jitter)))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        days.add(day)
    return sorted(days)


def plan_groups(gen: Generator, n: int, groups: int, today: dt.date) -> list[Group]:
    """groups groups sharing n meetings: sizes vary about 1:7, each group meets 4-10 times a
    year (more only if its share cannot fit since 1952) up to today, and has a plan for the
    rest of this year and next. Some have their next meeting planned already (a file with
    status planlagt); the smallest and the largest always do, since the bench asks for it."""
    rng = gen.rng
    names = group_names()[:min(groups, n)]
    weights = [rng.uniform(0.25, 1.75) for _ in names]
    counts = [max(1, int(n * w / sum(weights))) for w in weights]
    for i in sorted(range(len(counts)), key=lambda i: -weights[i])[:n - sum(counts)]:
        counts[i] += 1
    while sum(counts) > n:  # only when n is close to the number of groups
        counts[counts.index(max(counts))] -= 1
    smallest, largest = counts.index(min(counts)), counts.index(max(counts))
    result = []
    for i, ((gid, name, label), count) in enumerate(zip(names, counts, strict=True)):
        per_year = max(rng.randint(4, 10), -(-count // (today.year - EARLIEST_YEAR)))
        planned = count > 1 and (i in (smallest, largest) or rng.random() < 0.5)
        count -= planned  # the planned meeting is one of the group's count files
        held: list[dt.date] = []
        year = today.year
        while len(held) < count:
            held = [d for d in meeting_days(rng, per_year, year) if d < today][-(count - len(held)):] + held
            year -= 1
        future = [d for y in (today.year, today.year + 1) for d in meeting_days(rng, per_year, y) if d > today]
        members = rng.sample(gen.persons, rng.randint(12, 20))
        result.append(Group(gid, name, label, per_year, members, held, future, planned))
    return result


def make_corpus(root: Path, n: int, seed: int, groups: int, today: dt.date, all_open: bool = False) -> list[Group]:
    persons, orgs = load_registries(PROJECT)
    gen = Generator(persons, orgs, seed, today, all_open)
    copy_registries(root)
    planned = plan_groups(gen, n, groups, today)
    for g in planned:
        folder = root / "moeder" / g.id
        folder.mkdir(parents=True)
        (folder / "gruppe.yaml").write_text(gen.group_file(g, today), encoding="utf-8")
        for i, date in enumerate(g.held):
            last = i + 1 == len(g.held)
            next_date = g.future[0] if last else g.held[i + 1]
            number = 1 + sum(1 for d in g.held[max(0, i - g.per_year):i] if d.year == date.year)
            approved = not last and gen.rng.random() < 0.85
            text = gen.meeting(g.id, g.label, date, number, next_date, approved)
            (folder / f"{date.isoformat()}.md").write_text(text, encoding="utf-8")
        if g.planned:
            (folder / f"{g.future[0].isoformat()}.md").write_text(gen.planned(g, g.future[0]), encoding="utf-8")
    commit(root, f"Benchmark corpus: {n} meetings in {len(planned)} groups, seed {seed}")
    return planned


def copy_registries(root: Path) -> None:
    for name in ("personer.yaml", "kommuner.yaml"):
        shutil.copyfile(PROJECT / name, root / name)
    if (PROJECT / "schema").is_dir():
        shutil.copytree(PROJECT / "schema", root / "schema")


def commit(root: Path, message: str) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def alone(root: Path, big: Path, g: Group) -> None:
    """An archive holding only group g, copied from the big one: a command about g should take
    the same time here as there."""
    copy_registries(root)
    shutil.copytree(big / "moeder" / g.id, root / "moeder" / g.id)
    commit(root, f"Benchmark corpus: the group {g.id} alone")


def corpus_size(root: Path) -> tuple[int, int]:
    files = list((root / "moeder").glob("*/*.md"))
    return len(files), sum(f.stat().st_size for f in files)


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------

# referat's cache of read and checked meetings, in the repository's root (see .gitignore).
CACHE_DIR = ".referat-cache"

# (b) The floor: read every meeting, split off the front matter on its `---` lines and parse it
# with libyaml. Nothing else. Prints the number of files, so the bench can check it.
FLOOR = r"""
import os, re, sys, yaml
fence = re.compile(r"^---[ \t]*$", re.MULTILINE)
n = 0
for dirpath, dirnames, filenames in os.walk("moeder"):
    for name in filenames:
        if name.endswith(".md"):
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                text = f.read()
            front = fence.split(text, 2)[1]
            yaml.load(front, Loader=yaml.CSafeLoader)
            n += 1
print(n)
"""


TARGET_SECONDS = 0.5  # issue 11: every command, warm, at 10,000 meetings
TARGET_MB = 150


@dataclass
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system CPU time of the process and the processes it waited for
    code: int
    maxrss_kb: int  # the process's own peak resident memory (see LAUNCHER)
    out: str  # the start and the end of the output (see KEEP)


# Of a command's output only this many bytes of the start and of the end are kept.
KEEP = 4000


# As a user's machine runs referat: Python keeps the compiled modules (an installed package
# has them; some sandboxes set PYTHONDONTWRITEBYTECODE, which recompiles referat every start).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "NO_COLOR": "1"}

# Every measured command is started by this small process, not by the bench. Linux carries a
# parent's memory into its child's ru_maxrss: a child started with vfork (as subprocess does)
# reports at least the parent's peak, one started with fork at least the parent's size then.
# The launcher is a bare Python (-S; os, sys and time only), smaller than any Python program
# it starts, and forks: so the ru_maxrss that wait4 gives for a child (that process and the
# processes it waited for, not every child so far) is the child's own peak. It reads the
# child's output from a pipe as it comes, the way a script reading it would, and answers
# "exit code, wall clock, CPU time, ru_maxrss, length" and then the output it kept. The
# command comes as one line: the directory and each argument in hex, separated by spaces.
LAUNCHER = r"""
import os, sys, time
keep = int(sys.argv[1])
for line in sys.stdin.buffer:
    cwd, *cmd = [bytes.fromhex(a.decode()) for a in line.split()]
    r, w = os.pipe()
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(cwd)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            os.dup2(w, 1)
            os.dup2(w, 2)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    os.close(w)
    head = tail = b""
    size = 0
    while chunk := os.read(r, 1 << 16):
        head = head or chunk[:keep]
        tail = (tail + chunk)[-keep:]
        size += len(chunk)
    os.close(r)
    _, status, ru = os.wait4(pid, 0)
    seconds = time.perf_counter() - t0
    out = tail if size <= keep else head + b"\n[...]\n" + tail
    sys.stdout.buffer.write(b"%d %.6f %.6f %d %d\n" % (os.waitstatus_to_exitcode(status), seconds,
                            ru.ru_utime + ru.ru_stime, ru.ru_maxrss, len(out)) + out)
    sys.stdout.buffer.flush()
"""


class Launcher:
    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-S", "-c", LAUNCHER, str(KEEP)], env=ENV,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def run(self, cmd: list[str], cwd: Path) -> Run:
        """One fresh process running cmd in cwd."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(" ".join(os.fsencode(a).hex() for a in [str(cwd), *cmd]).encode() + b"\n")
        self.proc.stdin.flush()
        fields = self.proc.stdout.readline().split()
        if len(fields) != 5:
            raise SystemExit("bench-programmets starter holdt op")
        code, seconds, cpu, maxrss, size = fields
        out = self.proc.stdout.read(int(size)).decode("utf-8", "replace")
        return Run(float(seconds), float(cpu), int(code), int(maxrss), out)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


def ok(r: Run) -> None:
    if r.code != 0:
        raise SystemExit(f"exitkode {r.code}:\n{r.out[-2000:]}")


def says(needle: str) -> Callable[[Run], None]:
    """A check: exit code 0 and needle in the output kept."""
    def check(r: Run) -> None:
        ok(r)
        if needle not in r.out:
            raise SystemExit(f"{needle!r} står ikke i uddata:\n{r.out[:2000]}")
    return check


@dataclass
class Measure:
    name: str
    where: str  # the archive (and group) it runs on
    cmd: list[str] | Callable[[], list[str]]  # a function: a new command line for every run
    cwd: Path
    check: Callable[[Run], None] = ok
    before: Callable[[], None] | None = None  # called (untimed) before every run
    target: bool = True  # whether the 0.5 s / 150 MB target applies
    runs: list[Run] = field(default_factory=list)

    def argv(self) -> list[str]:
        return self.cmd() if callable(self.cmd) else self.cmd

    @property
    def best(self) -> Run:
        return min(self.runs, key=lambda r: r.seconds)

    @property
    def cpu(self) -> float:
        return min(r.cpu for r in self.runs)

    @property
    def mb(self) -> float:
        return max(r.maxrss_kb for r in self.runs) / 1024


def measure_all(measures: list[Measure], launcher: Launcher, k: int) -> None:
    """K rounds, each running every command once in turn, so that load from other programs on
    the machine falls on all of them alike rather than on one."""
    for _ in range(k):
        for m in measures:
            if m.before is not None:
                m.before()
            r = launcher.run(m.argv(), m.cwd)
            m.check(r)
            m.runs.append(r)


def referat_version() -> str:
    """Where the referat that the command runs comes from, and which commit that is."""
    probe = subprocess.run([sys.executable, "-c", "import os, referat; print(os.path.dirname(referat.__file__))"],
                           capture_output=True, text=True, env=ENV)
    where = Path(probe.stdout.strip() or ".").resolve()
    if where.is_relative_to(PROJECT / "src"):
        return f"{PROJECT}, {git_describe()}"
    return f"{where} (ikke dette repositorys src/)"


def git_describe() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "src"],
                               cwd=PROJECT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "ukendt"
    return head + (" + ændringer i src/, der ikke er committet" if dirty else "")


def referat_cmd() -> list[str]:
    """The `referat` script installed next to this Python (not a shell shim found on PATH, such
    as pyenv's, which costs 0.1 s of bash per start), else `python -m referat`. Either imports
    referat the same way, so PYTHONPATH chooses the code measured."""
    exe = Path(sys.executable).parent / "referat"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "referat"]


def valid(referat: list[str], root: Path) -> bool:
    """Whether `referat tjek` finds nothing in the archive (else we would time the error path)."""
    v = subprocess.run([*referat, "tjek", "--format", "json"], cwd=root, capture_output=True, text=True, env=ENV)
    try:
        findings = json.loads(v.stdout)
    except ValueError:
        findings = None
    if v.returncode == 0 and findings == []:
        return True
    shown = json.dumps(findings[:10], ensure_ascii=False, indent=1) if findings else (v.stdout + v.stderr)[-3000:]
    print(f"FEJL: referat tjek gav exitkode {v.returncode} og {len(findings or [])} fund i det "
          f"genererede korpus {root}; ret generatoren.\n{shown}", file=sys.stderr)
    return False


def da(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--antal", type=int, default=10_000, help="antal møder (standard 10000)")
    ap.add_argument("--grupper", type=int, default=40, help="antal grupper (standard 40)")
    ap.add_argument("--gentag", type=int, default=3, help="kørsler pr. måling; den bedste tæller (standard 3)")
    ap.add_argument("--seed", type=int, default=2026, help="frø til generatoren (standard 2026)")
    ap.add_argument("--alle-aabne", action="store_true",
                    help="lad 80 %% af opgaverne stå åbne, uanset alder (det værste tilfælde; "
                         "som standard er næsten alle opgaver over et år gamle lukket)")
    ap.add_argument("--mappe", type=Path,
                    help="læg korpusserne her (MAPPE/arkiv og MAPPE/kun-en-gruppe) og behold dem (fx til profilering)")
    args = ap.parse_args()
    if args.antal < 1 or args.gentag < 1 or args.grupper < 1:
        ap.error("--antal, --grupper og --gentag skal være mindst 1")

    if args.mappe:
        base = args.mappe.resolve()
        if base.exists() and any(base.iterdir()):
            ap.error(f"{base} findes og er ikke tom")
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="referat-bench-")
        base = Path(cleanup.name)
    root, small_root = base / "arkiv", base / "kun-en-gruppe"
    root.mkdir(parents=True)
    small_root.mkdir()
    launcher = Launcher()
    try:
        t0 = time.perf_counter()
        today = dt.date.today()
        groups = make_corpus(root, args.antal, args.seed, args.grupper, today, args.alle_aabne)
        files, size = corpus_size(root)
        assert files == args.antal, (files, args.antal)
        by_size = sorted((g for g in groups if g.planned), key=lambda g: len(g.held))  # dagsorden naeste needs it
        if not by_size:
            ap.error("--antal er for lille: ingen gruppe har et planlagt møde")
        small, large = by_size[0], by_size[-1]
        alone(small_root, root, small)
        print(f"Korpus: {files} møder, {size / 1e6:.1f} MB ({size / files / 1024:.1f} KB i snit) i {root}"
              f" (lavet på {time.perf_counter() - t0:.1f} s)\n"
              f"  {len(groups)} grupper med {len(small.held)}-{len(large.held)} holdte møder, 4-"
              f"{max(g.per_year for g in groups)} om året, fra {min(g.held[0] for g in groups).year}; "
              f"{sum(g.planned for g in groups)} planlagte møder efter i dag ({today.isoformat()})", flush=True)

        referat = referat_cmd()
        if not (valid(referat, root) and valid(referat, small_root)):
            return 1

        # A cold run starts without referat's cache (if this version has one); a warm run comes
        # right after an untimed run of the same command and finds the cache that one left.
        cache_dir = root / CACHE_DIR
        has_cache = cache_dir.is_dir()

        def drop_cache() -> None:
            shutil.rmtree(cache_dir, ignore_errors=True)

        def warm(name: str, where: str, cmd: list[str], cwd: Path = root, check: Callable[[Run], None] = ok,
                 target: bool = True) -> Measure:
            return Measure(name, where, cmd, cwd, check, lambda: ok(launcher.run(cmd, cwd)), target)

        def floor_ok(r: Run) -> None:
            ok(r)
            if r.out.strip() != str(files):
                raise SystemExit(f"gulvet læste {r.out.strip()} filer, ikke {files}")

        def tasks_json_ok(r: Run) -> None:
            ok(r)
            if not (r.out.lstrip().startswith("[") and r.out.rstrip().endswith("]")):
                raise SystemExit(f"referat opgaver --format json gav ikke en liste:\n{r.out[:2000]}")

        # A new question: a deadline never asked before, so no remembered answer can serve it
        # (whatever the cache keeps); the untimed run before it asks another new one, so
        # everything else is warm. Every deadline lies after every task's, so the list is
        # that of `referat opgaver` less the tasks without a deadline.
        asked = iter(range(10**6))

        def new_question() -> list[str]:
            return [*referat, "opgaver", "--inden", (dt.date(2090, 1, 1) + dt.timedelta(days=next(asked))).isoformat()]

        everything = f"{files} møder"
        k = args.gentag
        load_before = os.getloadavg()
        tjek = Measure("tjek, kold", everything, [*referat, "tjek"], root, ok, drop_cache, target=False)
        measures = [tjek]
        if has_cache:
            measures.append(warm("tjek", everything, [*referat, "tjek"]))
        measures += [
            warm("opgaver", everything, [*referat, "opgaver"], check=says("Ansvarlig")),
            warm("opgaver --format json", everything, [*referat, "opgaver", "--format", "json"], check=tasks_json_ok),
            Measure("opgaver --inden <ny dato> (nyt spørgsmål)", everything, new_question, root, says("Ansvarlig"),
                    lambda: ok(launcher.run(new_question(), root))),
            warm("kalender", everything, [*referat, "kalender"], check=says("BEGIN:VCALENDAR")),
        ]
        for g, cwd, where in ((small, root, f"{everything}, lille gruppe"), (large, root, f"{everything}, stor gruppe"),
                              (small, small_root, "kun den lille gruppe")):
            where = f"{where} ({g.id}, {len(g.held) + g.planned} møder)"
            last = g.held[-1].isoformat()
            year = str(max([d.year for d in g.held if d.year < today.year], default=today.year))  # a whole year
            measures += [
                warm(f"vis {last}", where, [*referat, "vis", last, "--gruppe", g.id], cwd),
                warm("dagsorden naeste", where, [*referat, "dagsorden", "naeste", "--gruppe", g.id], cwd),
                warm(f"ny --vis --dato {g.future[1].isoformat()}", where,
                     [*referat, "ny", "--vis", "--gruppe", g.id, "--dato", g.future[1].isoformat()], cwd,
                     says("status: planlagt")),
                warm(f"aarsrapport {year}", where, [*referat, "aarsrapport", year, "--gruppe", g.id], cwd),
            ]
        floor = Measure("gulv: læs + CSafeLoader", everything, [sys.executable, "-c", FLOOR], root, floor_ok,
                        target=False)
        measures += [
            floor,
            Measure("referat --help", "", [*referat, "--help"], root, target=False),
            Measure("python -c pass", "", [sys.executable, "-c", "pass"], root, target=False),
        ]
        measure_all(measures, launcher, k)
        load_after = os.getloadavg()
    finally:
        launcher.close()
        if cleanup is not None:
            cleanup.cleanup()

    print()
    print(f"Python {platform.python_version()} ({sys.executable}), os.cpu_count() = {os.cpu_count()}, "
          f"{platform.system()} {platform.machine()}")
    print(f"referat: {' '.join(referat)}, kode fra {referat_version()}; bedste af {k} (vægur), "
          f"laveste CPU-tid, højeste RSS; belastning (1, 5, 15 min) før "
          f"{', '.join(da(x, 2) for x in load_before)}, efter {', '.join(da(x, 2) for x in load_after)}")
    if not has_cache:
        print(f"(referat skrev ingen {CACHE_DIR}/; der er ingen varm tjek at måle)")
    print(f"Mål: varm under {da(TARGET_SECONDS, 1)} s og {TARGET_MB} MB maks. RSS; kold tjek højst gulvet (vægur). "
          "CPU-tiden forstyrres mindst af andre programmer på maskinen.")
    print()
    rows = []
    for m in measures:
        meets = ""
        if m.target:
            meets = "/".join("ja" if t <= TARGET_SECONDS else "nej" for t in (m.best.seconds, m.cpu))
            meets += " " + ("ja" if m.mb <= TARGET_MB else "nej")
        rows.append((m.name, m.where, da(m.best.seconds), da(m.cpu), f"{m.mb:.0f}", meets,
                     " ".join(da(r.seconds) for r in m.runs)))
    rows.append(("forhold tjek, kold/gulv", "", da(tjek.best.seconds / floor.best.seconds, 2),
                 da(tjek.cpu / floor.cpu, 2), "", "ja" if tjek.best.seconds <= floor.best.seconds else "nej", ""))
    header = ("måling", "arkiv", "vægur (s)", "CPU (s)", "RSS (MB)", "mål: vægur/CPU RSS",
              f"alle {k} kørsler, vægur (s)")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:{'<' if i < 2 else '>'}{w}}}" for i, w in enumerate(widths))
    print(fmt.format(*header))
    print(fmt.format(*("-" * w for w in widths)))
    for r in rows:
        print(fmt.format(*r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
