"""`referat tjek`: every rule over a whole minutes repository, collecting every finding."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from referat import attachments, datoer, names, plausible, repo
from referat import plan as year_plan
from referat.archive import Archive
from referat.danish import join_da
from referat.findings import Collector, Finding
from referat.model import Attendee, Group, Handover, Meeting, MeetingFile, Ref, TovholderPeriod
from referat.people import period_text
from referat.registry import Registry
from referat.rules import Rule

_ISO_NAME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # \d would take ٢٠٢٥ too


def _check_group_refs(group: Group, reg: Registry) -> list[Finding]:
    out = Collector(group.path)
    for member in group.members:
        _person(reg, member.person, out, "medlem")
        if member.organisation:
            _organisation(reg, member.organisation, out)
    if group.under:
        _organisation(reg, group.under, out)
    for periods in group.tovholder.values():
        for period in periods:
            if period.organisation:
                _organisation(reg, period.organisation, out)
            for p in period.persons:
                _person(reg, p, out, "tovholder")
            if period.referent:
                _person(reg, period.referent, out, "referent")
    for item in group.standing_items:
        for ref in (*item.responsible, *item.openers):
            _any(reg, ref, out)
    return out.findings


@dataclass
class CheckResult:
    findings: list[Finding]
    meetings_checked: int
    not_meetings: tuple[str, ...] = ()  # files named outside moeder/ that are no meetings (skipped)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def check(root: Path, only: set[str] | None = None, use_cache: bool = True,
          today: dt.date | None = None) -> CheckResult:
    """Checks the repository at root; with only, reports just the findings in those files
    (relative paths), still reading the registries they refer to. today (default: the real
    date) tells which planned meetings are past (M009)."""
    rep = Archive(root, use_cache)
    findings = list(rep.findings)
    for group in rep.registry.groups.values():
        findings += _check_group_refs(group, rep.registry)
    paths, not_meetings = rep.layout.meetings, []
    if only is not None:
        # A Markdown file named outside moeder/ is checked as a misplaced meeting only if it
        # begins like one: README.md is not a meeting.
        outside = {p for p in only if p.endswith(".md") and not p.startswith(repo.MEETINGS_DIR + "/")}
        not_meetings = sorted(p for p in outside if not _begins_with_front_matter(root, p))
        paths = sorted({p for p in only if p in rep.layout.meetings} | outside.difference(not_meetings))
    wanted = _with_groups(rep, paths) if only is not None else paths
    orphans = only is None or attachments.touches(only)
    if orphans:  # a file under bilag/ is unnamed only if no meeting names it (all cached but changes)
        wanted = rep.layout.meetings
    checked = rep.check(wanted, check_with_plan)
    findings += attachments.settle(root, _across_files(rep, checked, today or dt.date.today()), orphans)
    if only is not None:
        findings = [f for f in findings if f.path in only or attachments.concerns(f, only)]
    return CheckResult(sorted(findings), len(paths), tuple(not_meetings))


def _across_files(rep: Archive, found: list[Finding], today: dt.date) -> list[Finding]:
    """The findings of each file alone (cached by its content) settled against what one file
    cannot know: M009 holds only for a date before today, and M006 not when the group has a
    meeting file on the approving date (check_meeting knows the group's plan, not its files;
    the date is the finding's subject, so nothing is read again)."""
    kept = []
    m009, m006 = Rule.M009.code, Rule.M006.code  # looked up once: this runs for every finding
    for f in found:
        if f.code == m009:
            day = repo.date_in_name(f.path)
            if day is None or day >= today:
                continue
        elif f.code == m006 and dt.date.fromisoformat(f.subject) in rep.dates(rep.group_of(f.path)).values():
            continue
        kept.append(f)
    return _across_plan(rep, kept)


# --- the plan against the meetings held (plan.py) -------------------------------------------------


def _with_groups(rep: Archive, paths: list[str]) -> list[str]:
    """The paths and the other meeting files of their groups: a duplicate moede_nr (M011) is
    found only among all of a group's files (check() then reports just the selected files)."""
    folders = {rep.group_of(p) for p in paths} - {""}
    return sorted(set(paths).union(*(rep.files(f) for f in folders)))


def check_with_plan(m: MeetingFile, reg: Registry) -> list[Finding]:
    """check_meeting and the per-file half of the plan rules (cached together), which
    _across_plan settles against the group's other files: M010 for every held meeting that is
    not on a plan date of its year (it may still replace one), and an M012 that carries every
    written moede_nr (its subject) to be compared. A year without plan dates (old minutes, say) is
    not held against its meetings."""
    out = Collector(m.path)
    group = reg.groups.get(m.group_folder or "")
    if m.date is not None and group is not None:
        if m.number is not None:
            out.report(Rule.M012, m.positions.get("moede_nr"), "", subject=str(m.number))
        year = sorted(group.plan.get(m.date.year, []))
        if m.status in year_plan.HELD and year and m.date not in year:
            has = f"planen for {m.date.year} har {join_da([datoer.format_date(d) for d in year])}"
            out.report(Rule.M010, m.positions.get("dato"),
                       f"Mødet {datoer.format_date(m.date)} står ikke i mødeplanen og erstatter ingen dato i den "
                       f"({has})",
                       f"Tilføj {m.date.isoformat()} under 'moedeplan' i {group.path}, eller ret den flyttede dato "
                       f"dér (et møde højst {year_plan.NEAR_DAYS} dage fra en dato i planen uden eget møde erstatter "
                       "den)")
    attachments.carry(m, out)  # the files are looked at on every run (attachments.settle)
    return check_meeting(m, reg) + out.findings


def _across_plan(rep: Archive, found: list[Finding]) -> list[Finding]:
    """M010 kept for a held meeting that replaces no plan date either, and the written moede_nr
    compared within each group and year: the same number in a later file (M011), a number
    that is not the meeting's place among the year's meetings (M012). From the files' names
    and the cached findings: nothing is read again."""
    kept: list[Finding] = []
    numbered: dict[tuple[str, int], list[tuple[dt.date, str, int, Finding]]] = {}
    places: dict[str, dict[str, tuple[int, int]]] = {}  # group folder → meeting file → (n, m)
    outside: set[str] = set()  # the meeting files that are no plan date and replace none
    group_path: dict[str, str] = {}
    dates: dict[str, dict[str, dt.date]] = {}  # group folder → meeting file → the date in its name
    m010, m012 = Rule.M010.code, Rule.M012.code
    for f in found:
        number = int(f.subject) if f.code == m012 and f.subject else None
        if f.code != m010 and number is None:
            kept.append(f)
            continue
        folder = rep.group_of(f.path)
        group = rep.registry.groups.get(folder)
        if group is None:
            continue
        if folder not in places:
            dates[folder] = rep.dates(folder)
            slots = year_plan.reconcile(year_plan.plan_dates(group), ((d, p, "") for p, d in dates[folder].items()))
            places[folder] = {s.path: at for s, at in year_plan.numbering(slots) if s.path}
            outside.update(s.path for s in slots if s.path and s.plan_date is None)
            group_path[folder] = group.path
        day = dates[folder].get(f.path)
        if day is None:
            continue
        if number is not None:
            numbered.setdefault((folder, day.year), []).append((day, f.path, number, f))
        elif f.path in outside:
            kept.append(f)
    for (folder, year), written in numbered.items():
        first: dict[int, str] = {}
        for _, path, n, f in sorted(written, key=lambda w: w[:2]):
            at = places[folder].get(path)
            right = f"mødet er nr. {at[0]} af {at[1]} i {year}" if at else ""
            if n in first:
                kept.append(dataclasses.replace(
                    f, code=Rule.M011.code, severity=Rule.M011.severity,
                    message=f"moede_nr {n} står også i {first[n]}, et tidligere møde i {year}",
                    suggestion=f"Ret til 'moede_nr: {at[0]}': {right}" if at and at[0] != n else ""))
            else:
                first[n] = path
                if at and at[0] != n:
                    kept.append(dataclasses.replace(
                        f, message=f"moede_nr er {n}, men {right} (de holdte og planlagte, efter mødeplanen)",
                        suggestion=f"Ret til 'moede_nr: {at[0]}', eller ret mødeplanen i {group_path[folder]}"))
    return kept


def _begins_with_front_matter(root: Path, path: str) -> bool:
    raw = repo.read_bytes(root, path, Collector(path))
    # A file that may not be read is checked, so the check says what is wrong with it.
    return raw is None or raw.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


def check_meeting(m: MeetingFile, reg: Registry) -> list[Finding]:
    """The findings of one file against the registries (cached by its content): M009 for every
    planned meeting and M006 for an approving date outside the plan, which check() then keeps
    only when the date is past, or the group has no meeting file on it (_across_files)."""
    out = Collector(m.path)
    _location(m, reg, out)
    _status(m, reg, out)
    if m.referent:
        _person(reg, m.referent, out, "referent", m.date)
    if m.chair:
        _person(reg, m.chair, out, "ordstyrer", m.date)
    _attendance(m, reg, out)
    if m.front_matter_read:
        _agenda(m, reg, out)
    _tasks(m, reg, out)
    _unrecorded_deadlines(m, out)
    _handovers(m, reg, out)
    if m.date and m.next_meeting_date and m.next_meeting_date <= m.date:
        out.report(Rule.D006, m.positions.get("naeste_moede.dato"), "Næste møde ligger ikke efter dette møde")
    for wg in m.working_groups:
        for ref in wg.members:
            _any(reg, ref, out)
        if wg.item and m.item(wg.item) is None:
            out.report(Rule.A001, wg.item_pos,
                       f"Arbejdsgruppen '{wg.name}' henviser til punkt {wg.item}, som ikke er på dagsordenen")
    if m.front_matter_read:
        plausible.check(m, reg, out)
    return out.findings


def _location(m: MeetingFile, reg: Registry, out: Collector) -> None:
    name = m.path.rsplit("/", 1)[-1][:-3]
    if m.group_folder is None:
        out.report(Rule.G001, None, "Mødet ligger ikke i en gruppes mappe",
                   "Flyt det til moeder/<gruppe>/<dato>.md")
    elif m.group and m.group != m.group_folder:
        out.report(Rule.G002, m.positions.get("gruppe"),
                   f"'gruppe: {m.group}' passer ikke med mappen moeder/{m.group_folder}/")
    if not _ISO_NAME.match(name):
        out.report(Rule.D003, None, f"Filnavnet '{name}.md' er ikke mødets dato",
                   f"Omdøb til {m.date.isoformat()}.md" if m.date else "Navngiv filen efter datoen, fx 2025-03-07.md")
    elif m.date and name != m.date.isoformat():
        out.report(Rule.D002, m.positions.get("dato"),
                   f"Mødedatoen {m.date.isoformat()} er ikke datoen i filnavnet ({name}.md)")


def _status(m: MeetingFile, reg: Registry, out: Collector) -> None:
    pos = m.positions.get("status")
    if m.status == "godkendt":
        if m.approval is None or m.approval.date is None:
            out.report(Rule.M001, pos, "Referatet er godkendt, men godkendelsen er ikke registreret",
                       "Tilføj 'godkendt:' med 'dato' og 'moede' (datoen for mødet, der godkendte) eller "
                       "'skriftlig: true'")
        elif m.date and m.approval.date < m.date:
            out.report(Rule.M002, m.positions.get("godkendt"), "Referatet er godkendt før mødet blev holdt")
        if m.approval is not None:
            _approving_meeting(m, reg, out)
    elif m.approval is not None and m.status in ("planlagt", "udkast"):
        out.report(Rule.M003, m.positions.get("godkendt"), f"Status er '{m.status}', men 'godkendt' er udfyldt")
    if m.status == "planlagt":
        written = minutes_in_planned(m)
        if written:
            out.report(Rule.M008, pos, f"Mødet har status planlagt, men har {join_da(written)}: referatet er skrevet",
                       "Er mødet holdt, så sæt status: udkast")
        if m.date:  # kept by check() only when the date is past: the cache of findings knows no today
            out.report(Rule.M009, pos,
                       f"Mødet {datoer.format_date(m.date)} har status planlagt, men datoen er passeret",
                       "Er mødet holdt, så sæt status: udkast og skriv referatet; blev det aflyst, så slet filen")


def _approving_meeting(m: MeetingFile, reg: Registry, out: Collector) -> None:
    """godkendt.moede: a meeting of the group on or after this one, or skriftlig: true."""
    assert m.approval is not None
    at = m.approval.meeting
    if (at is None) == (not m.approval.written):
        out.report(Rule.M007, m.positions.get("godkendt"),
                   "Godkendelsen nævner både 'moede' og 'skriftlig: true'" if at else
                   "Godkendelsen nævner hverken mødet, der godkendte referatet ('moede'), eller 'skriftlig: true'",
                   "Skriv datoen for mødet, der godkendte, som 'moede', eller 'skriftlig: true' ved skriftlig "
                   "godkendelse")
    if at is None:
        return
    where = m.positions.get("godkendt.moede")
    if m.date and at < m.date:
        out.report(Rule.M005, where, f"Mødet, der godkendte referatet ({datoer.format_date(at)}), ligger før mødet "
                   f"({datoer.format_date(m.date)})", "Et referat godkendes på et senere møde, normalt det næste")
        return
    group = reg.groups.get(m.group_folder or "")
    if group is not None and not any(at in dates for dates in group.plan.values()):
        out.report(Rule.M006, where, f"{group.name} har intet møde den {datoer.format_date(at)}: ingen mødefil "
                   f"og ingen dato i mødeplanen", f"Ret 'moede: {at.isoformat()}' til det møde, der godkendte "
                   f"referatet, tilføj datoen under 'moedeplan' i {group.path}, eller skriv 'skriftlig: true' ved "
                   "skriftlig godkendelse", subject=at.isoformat())


def minutes_in_planned(m: MeetingFile | Meeting) -> list[str]:
    """What a meeting holds only once it is held: its attendance, decisions and tasks
    (apologies may come before the meeting)."""
    return [what for what, there in (("deltagere", m.attendees), ("beslutninger", m.decisions),
                                     ("opgaver", m.tasks)) if there]


def _attendance(m: MeetingFile, reg: Registry, out: Collector) -> None:
    seen: dict[str, tuple[str, Attendee]] = {}
    for a in m.invited:
        _attendee_id(a, reg, out, m.date)
        if a.organisation:
            _organisation(reg, a.organisation, out)
    for key, people in (("deltagere", m.attendees), ("afbud", m.absent)):
        for a in people:
            ident = _attendee_id(a, reg, out, m.date)
            if a.organisation:
                _organisation(reg, a.organisation, out)
            for nr in a.items:
                if m.item(nr) is None:
                    out.report(Rule.A004, a.pos, f"Punkt {nr} findes ikke på dagsordenen")
            if ident is None:
                continue
            if ident in seen:
                first_key, first = seen[ident]
                shown = a.person.text if a.person else a.name
                if first_key == key:
                    out.report(Rule.P004, a.pos, f"{shown} står to gange under '{key}'"
                               + (f" (første gang i linje {first.pos[0]})" if first.pos else ""))
                else:
                    out.report(Rule.P003, a.pos, f"{shown} står både under 'deltagere' og 'afbud'")
            else:
                seen[ident] = (key, a)


def _attendee_id(a: Attendee, reg: Registry, out: Collector, day: dt.date | None) -> str | None:
    if a.person is None:
        if not a.guest:
            out.report(Rule.P005, a.pos, f"'{a.name}' står ikke i personer.yaml",
                       "Tilføj personen i personer.yaml, eller marker en gæst med 'gaest: true'")
        return "navn:" + a.name.casefold()
    ident = _known_person(reg, a.person, out, day)
    if ident is not None:
        return ident or None
    if a.guest:
        return "navn:" + a.person.text.casefold()
    org = reg.organisation(a.organisation.text) if a.organisation else None
    _person(reg, a.person, out, "deltager", day, org.id if org else None)
    return None


def _agenda(m: MeetingFile, reg: Registry, out: Collector) -> None:
    numbers: dict[str, int] = {}
    guests = _guests(m)
    for item in m.agenda:
        if item.nr in numbers:
            out.report(Rule.A003, item.pos, f"Punktnummer {item.nr} står to gange på dagsordenen")
        numbers.setdefault(item.nr, 0)
        for ref in (*item.responsible, *item.openers):
            _any(reg, ref, out, day=m.date, guests=guests)
    for dec in m.decisions:
        if dec.item and dec.item not in numbers:
            out.report(Rule.A001, dec.pos, f"Beslutningen henviser til punkt {dec.item}, som ikke er på dagsordenen",
                       "Punkterne er " + ", ".join(numbers) if numbers else "")
    headed = set()
    for h in m.headings:
        if h.item_nr is None:
            out.report(Rule.A005, (h.line, 1), f"Overskriften '## {h.text}' begynder ikke med et punktnummer",
                       "Skriv fx '## 3. Titel', så referatet kan knyttes til dagsordenen")
        elif h.item_nr not in numbers:
            out.report(Rule.A002, (h.line, 1), f"Overskriften '## {h.text}' svarer ikke til et punkt på dagsordenen")
        else:
            headed.add(h.item_nr)
    if m.status in ("udkast", "godkendt"):
        for item in m.agenda:
            if item.nr and item.nr not in headed:
                out.report(Rule.A006, item.pos, f"Punkt {item.nr} ({item.title}) har intet referat",
                           f"Tilføj en overskrift '## {item.nr}. {item.title}' med referatet")


def _tasks(m: MeetingFile, reg: Registry, out: Collector) -> None:
    year = m.date.year if m.date else None
    hints: dict[str, str] = {}  # an unknown owner's suggestion, sought once a meeting: it costs ~3 ms
    guests = _guests(m)
    for t in m.tasks:
        where = (t.line, 1)
        if t.item is None:
            out.report(Rule.T007, where, "Opgaven står ikke under et dagsordenspunkt ('## N. Titel')")
        if not t.owners:
            out.report(Rule.T001, where, "Opgaven har ingen ansvarlig",
                       "Skriv fx 'Ansvarlig: Helle Stisen.' eller 'Ansvarlig: alle kommuner.'")
        for ref in dict.fromkeys(t.owners):  # a name written twice in a task is one finding
            if not _working_group_owner(m, ref, out):
                _any(reg, ref, out, hints, m.date, guests)
        _recipients(reg, t.recipients, out)
        if t.deadline_text and year:
            try:
                deadline = datoer.parse_deadline(t.deadline_text, year, meeting_date=m.date)
            except datoer.DateError as exc:
                if not _prose_deadline(t.deadline_text, t.deadline_pos, exc, out):
                    out.report(Rule.T003, t.deadline_pos, f"Fristen kan ikke læses: {exc}")
            else:
                if m.date and deadline.date < m.date:
                    out.report(Rule.T004, t.deadline_pos,
                               f"Fristen {datoer.format_deadline(deadline)} ligger før mødet "
                               f"({datoer.format_date(m.date)})")
        if t.closed_text:
            try:
                closed = datoer.parse_date(t.closed_text)
            except datoer.DateError as exc:
                out.report(Rule.T005, t.closed_pos or where, f"Lukket-datoen kan ikke læses: {exc}")
            else:
                if m.date and closed < m.date:  # what `referat opgaver luk` refuses
                    out.report(Rule.T010, t.closed_pos or where,
                               f"Opgaven er lukket {datoer.format_date(closed)}, før mødet "
                               f"({datoer.format_date(m.date)})")
            if not t.done:
                out.report(Rule.T008, where, "Opgaven har en Lukket-dato, men er ikke krydset af ([x])")


# --- forms added for issue 13 (docs/format.md: Opgaver) ---------------------------------------


def _working_group_owner(m: MeetingFile, ref: Ref, out: Collector) -> bool:
    """Whether an owner names one of the meeting's working groups (T014 when it has no members)."""
    wg = m.working_group(ref.text)
    if wg is None:
        return False
    if not wg.members:
        out.report(Rule.T014, ref.pos, f"Arbejdsgruppen '{wg.name}' er ansvarlig, men har ingen medlemmer",
                   "Skriv gruppens medlemmer under 'medlemmer' i 'arbejdsgrupper'")
    return True


def _recipients(reg: Registry, refs: tuple[Ref, ...], out: Collector) -> None:
    for ref in refs:
        if reg.resolve(ref.text) is None:
            out.report(Rule.T012, ref.pos, f"Ukendt modtager '{ref.text}'",
                       reg.suggest_any(ref.text) or "Skriv en person, en organisation eller en gruppe")


# A deadline in words names a time: a year, a month, a season or holiday, a count of days or
# weeks, or a point before or after something ("efter jul 2025", "to dage inden tilmelding").
_TIME_WORDS = re.compile(r"\b(?:[0-9]{4}|" + "|".join(datoer.MONTHS) + r"|jul|påske|sommer\w*|efterår\w*|forår\w*"
                         r"|vinter\w*|dage?|dagen|uger?|måned\w*|inden|efter|før|senest)\b")


def _prose_deadline(text: str, pos: tuple[int, int] | None, exc: datoer.DateError, out: Collector) -> bool:
    """A deadline in words that names a time but no day ("efter jul 2025", "to dage inden
    tilmelding") stays as written with a warning (T013); one that begins with a digit is a date
    written wrong, and one that names no time ("når vi har tid") no deadline (T003)."""
    if not isinstance(exc, datoer.NotADate) or not text.strip()[:1].isalpha() \
            or not _TIME_WORDS.search(text.casefold()):
        return False
    out.report(Rule.T013, pos, f"Fristen '{text}' er ikke en bestemt dag; den vises, som den står, men "
               "tæller ikke som frist (fx i 'opgaver --overskredne')",
               "Skriv en dato, hvis der er en ('ultimo januar 2026', '15. marts 2026')")
    return True


def _unrecorded_deadlines(m: MeetingFile, out: Collector) -> None:
    """Warns about a deadline the prose states that no task of the meeting carries."""
    if not m.prose_deadlines or m.date is None:
        return
    carried = set()
    for t in m.tasks:
        if t.deadline_text:
            with contextlib.suppress(datoer.DateError):  # T003 says so
                carried.add(datoer.parse_deadline(t.deadline_text, m.date.year, meeting_date=m.date).date)
    for line, col, dl in m.prose_deadlines:
        if dl.date not in carried:
            out.report(Rule.T009, (line, col),
                       f"Teksten nævner en frist ('{dl.text}', {datoer.format_deadline(dl)}), som ingen opgave har",
                       "Tilføj en opgave: '- [ ] Hvad. Ansvarlig: Hvem. Frist: " + datoer.format_date(dl.date) + ".'")


def _person(reg: Registry, ref: Ref, out: Collector, role: str, day: dt.date | None = None,
            organisation: str | None = None) -> None:
    """ref names a person; day (the meeting's) and organisation (an id, written with the name)
    pick among look-alikes."""
    if _known_person(reg, ref, out, day) is not None:
        return
    if reg.organisation(ref.text):
        out.report(Rule.P001, ref.pos, f"'{ref.text}' er en organisation; som {role} skal der stå en person")
        return
    out.report(Rule.P001, ref.pos, f"Ukendt person '{ref.text}'", reg.suggest_person(ref.text, day, organisation)
               or "Tilføj personen i personer.yaml (evt. som alias)")


def _known_person(reg: Registry, ref: Ref, out: Collector, day: dt.date | None) -> str | None:
    """The id of the person ref names: by a registered spelling; by a short form (P009); by a
    first name with an organisation ("Lone (Køge)") that is one person there on the day.
    "" when it has that last form but is not one person (P010 reported); None when unknown."""
    if short := reg.short_form(ref.text):
        out.report(Rule.P009, ref.pos, f"'{ref.text}' er taget som {short.name} ({short.id})",
                   f"Skriv det fulde navn, eller tilføj '{ref.text}' som alias i personer.yaml")
        return short.id
    if person := reg.person(ref.text):
        return person.id
    found = names.with_organisation(reg, ref.text, day)
    if found is None:
        return None
    if len(found.candidates) == 1:
        return found.candidates[0].id
    when = f" den {datoer.format_date(day)}" if day else ""
    out.report(Rule.P010, ref.pos, f"'{ref.text}': {found.organisation} har "
               f"{'flere' if found.candidates else 'ingen'} ved navn {found.first}{when}",
               names.suggestion([names.Candidate(p.id, p.name, 100, 0) for p in found.candidates])
               or "Skriv det fulde navn, eller tilføj personen i personer.yaml")
    return ""


def _guests(m: MeetingFile) -> frozenset[str]:
    """The guests declared in deltagere (gaest: true), who may be responsible in the meeting
    without being in personer.yaml."""
    return frozenset(names.key(a.person.text if a.person else a.name) for a in m.attendees if a.guest)


def _organisation(reg: Registry, ref: Ref, out: Collector) -> None:
    if not reg.organisation(ref.text):
        out.report(Rule.P002, ref.pos, f"Ukendt organisation '{ref.text}'", reg.suggest_organisation(ref.text)
                   or "Tilføj organisationen i kommuner.yaml (evt. som alias)")


def _any(reg: Registry, ref: Ref, out: Collector, hints: dict[str, str] | None = None,
         day: dt.date | None = None, guests: frozenset[str] = frozenset()) -> None:
    if names.key(ref.text) in guests or _known_person(reg, ref, out, day) is not None:
        return
    if reg.resolve(ref.text) is None:
        hint = hints.get(ref.text) if hints is not None else None
        if hint is None:
            hint = reg.suggest_any(ref.text, day) or "Skriv en person, en organisation, en gruppe eller 'alle kommuner'"
            if hints is not None:
                hints[ref.text] = hint
        out.report(Rule.P006, ref.pos, f"Ukendt person eller organisation '{ref.text}'", hint)


# --- handovers of the tovholder role (a decision's `tovholder:`) -----------------------------------


def _handovers(m: MeetingFile, reg: Registry, out: Collector) -> None:
    """The names in each recorded handover, and whether gruppe.yaml says the same for its day
    (G004): gruppe.yaml wins where it names the year's tovholder, so a decision that
    disagrees is a slip in one of them."""
    group = reg.groups.get(m.group_folder or "")
    for dec in m.decisions:
        h = dec.handover
        if h is None:
            continue
        if h.period.organisation:
            _organisation(reg, h.period.organisation, out)
        for p in h.period.persons:
            _person(reg, p, out, "tovholder")
        if h.period.referent:
            _person(reg, h.period.referent, out, "referent")
        if group is None or not group.tovholder.get(h.year):
            continue
        listed = sorted(group.tovholder[h.year], key=lambda p: p.start or dt.date.min)
        held = group.tovholder_on(h.start)
        if held is None or _differs(reg, h, held):
            said = "; ".join(period_text(reg, p, dates=True) for p in ([held] if held else listed))
            out.report(Rule.G004, h.pos,
                       f"Beslutningen under punkt {dec.item} gør {period_text(reg, h.period)} til tovholder fra "
                       f"{datoer.format_date(h.start)}, men {group.path} siger "
                       + (said if held else f"intet om den dag ({said})"),
                       f"Ret tovholder {h.year} i {group.path} eller beslutningens 'tovholder:'; "
                       "gruppe.yaml gælder for dokumenterne")


def _differs(reg: Registry, h: Handover, held: TovholderPeriod) -> bool:
    """Whether what the decision names (organisation; persons and referent when both name
    them) differs from gruppe.yaml's period."""
    def who(ref: Ref | None) -> object:
        if ref is None:
            return None
        found = reg.resolve(ref.text)
        return (found.kind, found.id) if found else ref.text.casefold()

    mine = h.period
    if who(mine.organisation) != who(held.organisation):
        return True
    if mine.persons and held.persons and {who(p) for p in mine.persons} != {who(p) for p in held.persons}:
        return True
    return mine.referent is not None and held.referent is not None and who(mine.referent) != who(held.referent)
