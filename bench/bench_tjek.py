"""Speed benchmark for `referat tjek`.

    python bench/bench_tjek.py [--antal N] [--gentag K] [--seed S] [--mappe DIR]

1. Generates N synthetic but realistic meetings (~7 KB each: full front matter with 10-15
   deltagere from personer.yaml, afbud, 8-9 dagsordenspunkter with ansvarlig/tid/bilag,
   beslutninger, naeste_moede, and a Markdown body with a `## N. Titel` section per item,
   paragraphs, bullet lists and 3-6 GFM tasks), spread over several group folders and dates,
   in a temporary folder that is a real git repository, with this repository's personer.yaml
   and kommuner.yaml copied in. The generator is seeded, so every run makes the same corpus.
2. Checks that `referat tjek` finds nothing in it (exit 0, no findings): every meeting must be
   valid, or the benchmark would time the error path.
3. Times, each in a fresh subprocess, wall clock, best of K:
     (a) `referat tjek` over the whole corpus;
     (b) the floor: a bare Python loop that reads every meeting file and parses its front
         matter with yaml.load(..., Loader=yaml.CSafeLoader), nothing else;
     (c) `referat --help`;
     (d) `python -c pass` (interpreter start-up);
   and the peak memory (ru_maxrss) of (a). If referat leaves a cache (.referat-cache/), every
   cold run starts without it, and (e) `referat tjek` with the cache in place is timed too.
   Then (f) `referat opgaver` and (g) `referat opgaver --format json`, warm: each timed run
   comes right after an untimed run of the same command, so it finds the cache that run
   left (the first of these in a round is cold, as the cold tjek dropped the cache); and
   (h) `referat opgaver` as a new question: the per-file caches warm, the remembered answers
   removed. Output goes to a pipe that is read as it comes, the way a script would read it:
   no terminal. Python may keep compiled modules (PYTHONDONTWRITEBYTECODE is dropped), as on
   a user's machine.
   The commands take turns (a, b, c, ..., a, b, ...), so that load from other programs falls
   on all of them alike, and CPU time (user + system, worker processes included) is shown
   next to the wall clock: a busy machine disturbs it less.
4. Prints a table. Results are in docs/performance.md.

Only the standard library and PyYAML (one of referat's own dependencies) are used; referat
itself is only ever run as a command, the way a user runs it.
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
from dataclasses import dataclass
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


GROUPS = [
    ("boern-og-unge", "Netværksgruppe Børn og Unge", "Netværksmøde"),
    ("voksne", "Netværksgruppe Voksne", "Netværksmøde"),
    ("styregruppen", "Styregruppen for Rammeaftale Sjælland", "Styregruppemøde"),
    ("implementeringsgruppen", "Implementeringsgruppen", "Møde i implementeringsgruppen"),
    ("oekonomigruppen", "Økonomigruppen", "Møde i økonomigruppen"),
    ("direktoer-og-chefforum", "Direktør- og chefforum", "Direktør- og chefmøde"),
]

PLACES = ["Teams", "Holbæk Rådhus, mødelokale 2", "Kalundborg Rådhus, Holbækvej 141", "Greve Rådhus",
          "Ringsted Kongrescenter", "Sorø Rådhus, byrådssalen", "Næstved Rådhus, mødelokale 1.12"]

FIRST_ITEMS = ["Velkomst og godkendelse af dagsorden", "Godkendelse af referat fra sidste møde"]
LAST_ITEMS = ["Punkter til næste møde", "Eventuelt"]
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
    def __init__(self, persons: list[Person], orgs: dict[str, Org], seed: int) -> None:
        self.rng = random.Random(seed)
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

    def group_file(self, gid: str, name: str, dates: list[dt.date]) -> str:
        rng = self.rng
        members = rng.sample(self.persons, rng.randint(12, 20))
        lines = ["# yaml-language-server: $schema=../../schema/gruppe.schema.json",
                 f"id: {gid}", f"navn: {q(name)}", "under: Rammesekretariatet", "", "medlemmer:"]
        for p in members:
            lines += [f"  - person: {q(p.name)}", f"    organisation: {q(self.org_of(p).short)}"]
            if rng.random() < 0.15:
                lines.append("    rolle: repræsentant i styregruppen")
        lines += ["", "moedeplan:"]
        years = sorted({d.year for d in dates})[-2:]
        for y in years:
            lines.append(f"  {y}:")
            lines += [f"    - {d.isoformat()}" for d in dates if d.year == y]
        lines += ["", "standard:", '  tid: "10:00-13:00"', "  sted: Teams", "", "tovholder:"]
        for y in years:
            holders = rng.sample(members, 2)
            lines += [f"  {y}:", f"    - organisation: {q(self.org_of(holders[0]).short)}", "      personer:"]
            lines += [f"        - {q(h.name)}" for h in holders]
        lines += ["", "rotation: alfabetisk", "", "faste_punkter:"]
        lines += [f"  - {q(t)}" for t in FIRST_ITEMS + ["Nyt fra Rammesekretariatet"] + LAST_ITEMS]
        return "\n".join(lines) + "\n"

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
            fm += [f"  - navn: {rng.choice(GUESTS)}", f"    organisation: {q(self.org_ref(rng.choice(list(self.orgs.values()))))}",
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
        done = rng.random() < 0.2
        line = f"{text} Ansvarlig: {owners}."
        if rng.random() < 0.85:
            line += f" Frist: {deadline}."
        if done:
            line += f" Lukket: {(date + dt.timedelta(days=rng.randint(1, 60))).isoformat()}."
        return wrap_safe(f"- [{'x' if done else ' '}] {line}", 95, "      ")


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
           "GIT_AUTHOR_DATE": "2026-11-26T12:00:00", "GIT_COMMITTER_DATE": "2026-11-26T12:00:00"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)


def make_corpus(root: Path, n: int, seed: int) -> None:
    persons, orgs = load_registries(PROJECT)
    gen = Generator(persons, orgs, seed)
    for name in ("personer.yaml", "kommuner.yaml"):
        shutil.copyfile(PROJECT / name, root / name)
    if (PROJECT / "schema").is_dir():
        shutil.copytree(PROJECT / "schema", root / "schema")
    per_group = [n // len(GROUPS) + (1 if i < n % len(GROUPS) else 0) for i in range(len(GROUPS))]
    # distinct dates per group, on weekdays, ending in 2026 and going back as far as needed
    span = max(per_group) * 2 * 7 // 5 + 30
    last = dt.date(2026, 12, 31)
    for (gid, name, label), count in zip(GROUPS, per_group):
        if count == 0:
            continue
        pool = [last - dt.timedelta(days=i) for i in range(span)]
        pool = [d for d in pool if d.weekday() < 5]
        dates = sorted(gen.rng.sample(pool, count))
        folder = root / "moeder" / gid
        folder.mkdir(parents=True)
        (folder / "gruppe.yaml").write_text(gen.group_file(gid, name, dates), encoding="utf-8")
        for i, date in enumerate(dates):
            next_date = dates[i + 1] if i + 1 < len(dates) else date + dt.timedelta(days=42)
            number = 1 + sum(1 for d in dates[max(0, i - 60):i] if d.year == date.year)
            approved = i + 1 < len(dates) and gen.rng.random() < 0.85
            text = gen.meeting(gid, label, date, number, next_date, approved)
            (folder / f"{date.isoformat()}.md").write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Benchmark corpus: {n} meetings, seed {seed}")


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


@dataclass
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system CPU time of the process
    code: int
    maxrss_kb: int
    out: str  # the start and the end of the output (see KEEP)


# Of a command's output only this many bytes of the start and of the end are kept. A child's
# ru_maxrss starts from this process's own peak (Linux carries it over the fork and exec), so
# holding a large output here would inflate the memory measured for every later command.
KEEP = 4000


# As a user's machine runs referat: Python keeps the compiled modules (an installed package
# has them; some sandboxes set PYTHONDONTWRITEBYTECODE, which recompiles referat every start).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "NO_COLOR": "1"}


def run(cmd: list[str], cwd: Path) -> Run:
    """One fresh process: wall clock, CPU time and peak memory (from wait4: what
    resource.getrusage(RUSAGE_CHILDREN) reports when this is the only child). CPU time includes
    the process's own worker processes; ru_maxrss is that of the largest single process.
    Output goes to a pipe, read while the command runs, as a script piping it would."""
    head = tail = b""
    size = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV)
    with proc.stdout:
        while chunk := proc.stdout.read(1 << 16):
            head = head or chunk[:KEEP]
            tail = (tail + chunk)[-KEEP:]
            size += len(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = tail if size <= KEEP else head + b"\n[...]\n" + tail
    return Run(seconds, usage.ru_utime + usage.ru_stime, proc.returncode, usage.ru_maxrss,
               out.decode("utf-8", "replace"))


@dataclass
class Measure:
    name: str
    cmd: list[str]
    check: object
    runs: list[Run]
    before: object = None  # called (untimed) before every run

    @property
    def best(self) -> Run:
        return min(self.runs, key=lambda r: r.seconds)

    @property
    def cpu(self) -> float:
        return min(r.cpu for r in self.runs)


def measure_all(measures: list[Measure], cwd: Path, k: int) -> None:
    """K rounds, each running every command once in turn, so that load from other programs on
    the machine falls on all of them alike rather than on one."""
    for _ in range(k):
        for m in measures:
            if m.before is not None:
                m.before()
            r = run(m.cmd, cwd)
            m.check(r)
            m.runs.append(r)


def referat_version(referat: list[str]) -> str:
    """Where the referat that the command runs comes from, and which commit that is."""
    probe = subprocess.run([sys.executable, "-c", "import os, referat; print(os.path.dirname(referat.__file__))"],
                           capture_output=True, text=True)
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
    exe = shutil.which("referat")
    return [exe] if exe else [sys.executable, "-m", "referat"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--antal", type=int, default=10_000, help="antal møder (standard 10000)")
    ap.add_argument("--gentag", type=int, default=3, help="kørsler pr. måling; den bedste tæller (standard 3)")
    ap.add_argument("--seed", type=int, default=2026, help="frø til generatoren (standard 2026)")
    ap.add_argument("--mappe", type=Path, help="læg korpusset her og behold det (fx til profilering)")
    args = ap.parse_args()
    if args.antal < 1 or args.gentag < 1:
        ap.error("--antal og --gentag skal være mindst 1")

    if args.mappe:
        root = args.mappe.resolve()
        if root.exists() and any(root.iterdir()):
            ap.error(f"{root} findes og er ikke tom")
        root.mkdir(parents=True, exist_ok=True)
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="referat-bench-")
        root = Path(cleanup.name)
    try:
        t0 = time.perf_counter()
        make_corpus(root, args.antal, args.seed)
        files, size = corpus_size(root)
        print(f"Korpus: {files} møder, {size / 1e6:.1f} MB ({size / files / 1024:.1f} KB i snit) i {root}"
              f" (lavet på {time.perf_counter() - t0:.1f} s)", flush=True)
        assert files == args.antal, (files, args.antal)

        referat = referat_cmd()
        # Every generated meeting must be valid, or we would time the error path.
        v = subprocess.run([*referat, "tjek", "--format", "json"], cwd=root, capture_output=True, text=True)
        try:
            findings = json.loads(v.stdout)
        except ValueError:
            findings = None
        if v.returncode != 0 or findings != []:
            shown = (json.dumps(findings[:10], ensure_ascii=False, indent=1) if findings
                     else (v.stdout + v.stderr)[-3000:])
            print(f"FEJL: referat tjek gav exitkode {v.returncode} og {len(findings or [])} fund i det "
                  f"genererede korpus; ret generatoren.\n{shown}", file=sys.stderr)
            return 1

        def ok(r: Run) -> None:
            if r.code != 0:
                raise SystemExit(f"exitkode {r.code}:\n{r.out[-2000:]}")

        def floor_ok(r: Run) -> None:
            ok(r)
            if r.out.strip() != str(files):
                raise SystemExit(f"gulvet læste {r.out.strip()} filer, ikke {files}")

        # A cold run starts without referat's cache (if this version has one); a warm run
        # finds the cache the cold run before it left.
        cache_dir = root / CACHE_DIR
        has_cache = cache_dir.is_dir()

        def drop_cache() -> None:
            shutil.rmtree(cache_dir, ignore_errors=True)

        def run_once(cmd: list[str]):
            """A before-hook: runs cmd once, untimed, so the timed run finds the cache it left."""
            return lambda: ok(run(cmd, root))

        def forget_answers(cmd: list[str]):
            """A before-hook: the per-file caches warm, but the answer to this question not kept
            (as when the question is new, or a meeting has changed)."""
            def before() -> None:
                ok(run(cmd, root))
                for answer in cache_dir.glob("svar-*"):  # the stored answers, whatever their format
                    answer.unlink()
            return before

        def tasks_ok(r: Run) -> None:
            ok(r)
            if not r.out.strip():
                raise SystemExit("referat opgaver skrev ingenting")

        def tasks_json_ok(r: Run) -> None:
            ok(r)
            if not (r.out.lstrip().startswith("[") and r.out.rstrip().endswith("]")):
                raise SystemExit(f"referat opgaver --format json gav ikke en liste:\n{r.out[:2000]}")

        k = args.gentag
        load_before = os.getloadavg()[0]
        tjek = Measure("referat tjek (kold)", [*referat, "tjek"], ok, [], drop_cache)
        warm = Measure("referat tjek (varm, cache)", [*referat, "tjek"], ok, [])
        floor = Measure("gulv: læs + CSafeLoader", [sys.executable, "-c", FLOOR], floor_ok, [])
        helptime = Measure("referat --help", [*referat, "--help"], ok, [])
        start = Measure("python -c pass", [sys.executable, "-c", "pass"], ok, [])
        tasks_cmd, tasks_json_cmd = [*referat, "opgaver"], [*referat, "opgaver", "--format", "json"]
        tasks = Measure("referat opgaver (varm)", tasks_cmd, tasks_ok, [], run_once(tasks_cmd))
        tasks_js = Measure("referat opgaver --format json (varm)", tasks_json_cmd, tasks_json_ok, [],
                           run_once(tasks_json_cmd))
        tasks_new = Measure("referat opgaver (ny forespørgsel)", tasks_cmd, tasks_ok, [], forget_answers(tasks_cmd))
        measures = [tjek, warm] if has_cache else [tjek]
        measures += [tasks, tasks_js, tasks_new, floor, helptime, start]
        measure_all(measures, root, k)
        load_after = os.getloadavg()[0]
    finally:
        if cleanup is not None:
            cleanup.cleanup()

    ms = lambda s: f"{s * 1000 / files:.3f} ms/fil"  # noqa: E731
    print()
    print(f"Python {platform.python_version()} ({sys.executable}), os.cpu_count() = {os.cpu_count()}, "
          f"{platform.system()} {platform.machine()}")
    print(f"referat: {' '.join(referat)}, kode fra {referat_version(referat)}; bedste af {k} (vægur); "
          f"belastning (1 min) før {load_before:.2f}, efter {load_after:.2f}")
    print()
    rows = [("korpus", f"{files} filer", f"{size / 1e6:.1f} MB", "", "")]
    if not has_cache:
        print(f"(referat skrev ingen {CACHE_DIR}/; der er ingen varm kørsel at måle)")
    for m in measures:
        rows.append((m.name, f"{m.best.seconds:.3f} s", ms(m.best.seconds) if m not in (helptime, start) else "",
                     f"{m.cpu:.3f} s", " ".join(f"{r.seconds:.3f}" for r in m.runs)))
        if m is floor:
            rows.append(("forhold tjek/gulv", f"{tjek.best.seconds / floor.best.seconds:.2f}", "",
                         f"{tjek.cpu / floor.cpu:.2f}", ""))
    rows += [
        ("referat tjek, maks. RSS", f"{max(r.maxrss_kb for r in tjek.runs) / 1024:.0f} MB", "", "", ""),
        ("gulv, maks. RSS", f"{max(r.maxrss_kb for r in floor.runs) / 1024:.0f} MB", "", "", ""),
        ("referat opgaver (varm), maks. RSS", f"{max(r.maxrss_kb for r in tasks.runs) / 1024:.0f} MB", "", "", ""),
        ("os.cpu_count()", str(os.cpu_count()), "", "", ""),
    ]
    header = ("måling", "vægur", "pr. fil", "CPU-tid", f"alle {k} kørsler, vægur (s)")
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    widths = [max(w, len(h)) for w, h in zip(widths, header)]
    fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    print(fmt.format(*header))
    print(fmt.format(*("-" * w for w in widths)))
    for r in rows:
        print(fmt.format(*r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
