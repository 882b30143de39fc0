"""The traps of the meeting cycle (issue 12, section 3): `ny` and a plan whose dates are past,
advice that must lead somewhere that works, planned meetings that were held, and approval at
a meeting that never was.

Every test builds its own group, moeder/cyklus/, in the `minutes` fixture: a gruppe.yaml whose
plan is counted from today (the real date: what `ny` and `godkend` go by), and the meeting
files the test needs. Nothing here reads the project's own minutes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import MinutesRepo, failed, ok

GROUP = "cyklus"
NAME = "Cyklusgruppen"
FOLDER = f"moeder/{GROUP}"
TODAY = dt.date.today()
PAST = [dt.date(2020, 3, 6), dt.date(2020, 5, 8)]
COMING = [TODAY + dt.timedelta(days=30), TODAY + dt.timedelta(days=90)]
HELD = dt.date(2020, 1, 10)  # the group's last meeting with minutes


def long_date(day: dt.date) -> str:
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december"]
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def group_yaml(plan: list[dt.date], standing: tuple[str, ...] = ("Velkomst", "Eventuelt")) -> str:
    years: dict[int, list[dt.date]] = {}
    for day in sorted(plan):
        years.setdefault(day.year, []).append(day)
    text = f"id: {GROUP}\nnavn: {NAME}\nmoedeplan:\n"
    text += "".join(f"  {year}:\n" + "".join(f"    - {d.isoformat()}\n" for d in days) for year, days in years.items())
    text += 'standard:\n  tid: "10:00-12:00"\n  sted: Teams\n'
    if standing:
        text += "faste_punkter:\n" + "".join(f"  - {title}\n" for title in standing)
    return text


def meeting_text(day: dt.date, status: str = "udkast", front: str = "",
                 body: str = "Dagsordenen blev godkendt.\n") -> str:
    return (f"---\ndato: {day.isoformat()}\nstatus: {status}\n{front}dagsorden:\n  - nr: 1\n    titel: Velkomst\n"
            f"---\n\n## 1. Velkomst\n\n{body}")


def path_of(day: dt.date) -> str:
    return f"{FOLDER}/{day.isoformat()}.md"


def archive(minutes: MinutesRepo, plan: list[dt.date], *meetings: tuple[dt.date, str]) -> MinutesRepo:
    """The group with this plan and these meetings (date, text), committed."""
    minutes.write(f"{FOLDER}/gruppe.yaml", group_yaml(plan))
    for day, text in meetings:
        minutes.write(path_of(day), text)
    minutes.commit("cyklusgruppen")
    return minutes


def created(minutes: MinutesRepo) -> list[str]:
    return sorted(p.name for p in (minutes.root / FOLDER).glob("*.md"))


def tjek_lines(minutes: MinutesRepo, *args: str) -> list[str]:
    r = minutes.run("tjek", *args, FOLDER)
    assert "Traceback" not in r.err
    # A held meeting outside the plan (M010) is test_plan.py's: these meetings are placed for other rules.
    return [line for line in r.lines if line.startswith(FOLDER) and " M010 " not in line]


# --- ny: a plan whose dates are past -----------------------------------------------------------


def test_ny_skips_the_past_plan_dates_says_so_and_plans_the_next_date_to_come(minutes):
    archive(minutes, [*PAST, *COMING], (HELD, meeting_text(HELD)))

    r = ok(minutes.run("ny", "--gruppe", GROUP))

    assert r.out.startswith(f"Oprettede {path_of(COMING[0])}: {NAME}, ")
    assert created(minutes) == [f"{HELD.isoformat()}.md", f"{COMING[0].isoformat()}.md"]
    assert r.err == (f"Bemærk: Mødeplanens datoer {long_date(PAST[0])} og {long_date(PAST[1])} er forbi og har ingen "
                     f"mødefil; de regnes som ikke holdt. Næste dato i planen, {long_date(COMING[0])}, er valgt.\n")


def test_ny_refuses_when_the_plan_has_no_date_to_come_and_says_what_to_do(minutes):
    archive(minutes, PAST, (HELD, meeting_text(HELD)))

    failed(minutes.run("ny", "--gruppe", GROUP), f"Mødeplanen for {NAME} har ingen dato i dag",
           f"'moedeplan' i {FOLDER}/gruppe.yaml", "--dato")
    assert created(minutes) == [f"{HELD.isoformat()}.md"]


def test_ny_with_a_past_date_enters_the_old_meeting_and_warns(minutes):
    archive(minutes, [*PAST, *COMING], (HELD, meeting_text(HELD)))

    r = ok(minutes.run("ny", "--gruppe", GROUP, "--dato", PAST[0].isoformat()))

    assert r.out.startswith(f"Oprettede {path_of(PAST[0])}")
    assert r.err.startswith(f"Bemærk: {long_date(PAST[0])} er før i dag; mødet oprettes med status planlagt.")
    assert "sæt status: udkast" in r.err


def test_one_item_is_one_punkt(minutes):
    minutes.write(f"{FOLDER}/gruppe.yaml", group_yaml(COMING, standing=()))
    minutes.commit()

    r = ok(minutes.run("ny", "--gruppe", GROUP))

    assert r.out.endswith(", 1 punkt på dagsordenen.\n"), r.out  # only the follow-up of open tasks


# --- advice that leads somewhere -----------------------------------------------------------------


def test_a_stale_planned_meeting_does_not_send_dagsorden_and_ny_in_a_circle(minutes):
    # The last meeting file is a planned meeting whose date is past: `dagsorden naeste` finds
    # no meeting to come and advises `ny`; `ny` must then work, and say what is stale.
    archive(minutes, [*PAST, *COMING], (HELD, meeting_text(HELD)), (PAST[0], meeting_text(PAST[0], "planlagt")))

    advice = failed(minutes.run("dagsorden", "naeste", "--gruppe", GROUP), f"referat ny --gruppe {GROUP}")
    assert "referat ny" in advice
    r = ok(minutes.run("ny", "--gruppe", GROUP))

    assert r.out.startswith(f"Oprettede {path_of(COMING[0])}")
    assert f"Mødet {long_date(PAST[0])} ({path_of(PAST[0])}) har stadig status planlagt" in r.err
    assert "sæt status: udkast" in r.err
    assert ok(minutes.run("dagsorden", "naeste", "--gruppe", GROUP)).out.startswith(f"# Dagsorden: {NAME}")


def test_ny_when_the_next_meeting_is_planned_already_points_at_its_agenda_and_that_works(minutes):
    archive(minutes, [*PAST, *COMING], (HELD, meeting_text(HELD)), (COMING[0], meeting_text(COMING[0], "planlagt")))

    err = failed(minutes.run("ny", "--gruppe", GROUP), "allerede planlagt", path_of(COMING[0]))
    command = f"referat dagsorden {COMING[0].isoformat()} --gruppe {GROUP}"
    assert f"'{command}'" in err
    assert ok(minutes.run(*command.split()[1:])).out.startswith(f"# Dagsorden: {NAME}")
    assert ok(minutes.run("ny", "--gruppe", GROUP, "--dato", COMING[1].isoformat())).err == ""


def test_a_date_with_a_meeting_already_points_at_its_agenda(minutes):
    archive(minutes, COMING, (COMING[0], meeting_text(COMING[0], "planlagt")))

    err = failed(minutes.run("ny", "--gruppe", GROUP, "--dato", COMING[0].isoformat()), "Der er allerede et møde")
    assert f"'referat dagsorden {COMING[0].isoformat()} --gruppe {GROUP}'" in err


# --- tjek: a planned meeting that was held ---------------------------------------------------


ATTENDANCE = "deltagere:\n  - Helle Stisen\n"
STATUS_LINE = 3  # of meeting_text: ---, dato, status


@pytest.mark.parametrize("front, body, found", [
    (ATTENDANCE, "", "deltagere"),
    ("beslutninger:\n  - punkt: 1\n    tekst: Godkendt.\n", "", "beslutninger"),
    ("", "- [ ] Sende listen. Ansvarlig: Povl Skov.\n", "opgaver"),
], ids=["deltagere", "beslutninger", "opgaver"])
def test_M008_a_planned_meeting_with_minutes_is_an_error_at_its_status_line(minutes, front, body, found):
    archive(minutes, COMING, (COMING[0], meeting_text(COMING[0], "planlagt", front, body)))

    lines = tjek_lines(minutes)

    assert lines == [f"{path_of(COMING[0])}:{STATUS_LINE}:9: fejl M008 Mødet har status planlagt, men har {found}: "
                     "referatet er skrevet — Er mødet holdt, så sæt status: udkast"]
    assert minutes.run("tjek", FOLDER).code == 1
    # Apologies may come before the meeting: they are no sign that it was held.
    minutes.write(path_of(COMING[0]), meeting_text(COMING[0], "planlagt", "afbud:\n  - Helle Stisen\n", ""))
    assert tjek_lines(minutes, "--streng") == []


def test_vis_of_a_planned_meeting_with_minutes_says_to_set_the_status(minutes):
    archive(minutes, COMING, (COMING[0], meeting_text(COMING[0], "planlagt", ATTENDANCE)))

    r = ok(minutes.run("vis", COMING[0].isoformat(), "--gruppe", GROUP))

    assert "Bemærk: mødet har status planlagt, men har deltagere; er det holdt, så sæt status: udkast." in r.err


def test_M009_a_past_planned_meeting_is_a_warning_until_its_status_is_set(minutes):
    text = meeting_text(PAST[0], "planlagt", body="")
    archive(minutes, PAST, (PAST[0], text))
    warning = (f"{path_of(PAST[0])}:{STATUS_LINE}:9: advarsel M009 Mødet {long_date(PAST[0])} har status planlagt, "
               "men datoen er passeret — Er mødet holdt, så sæt status: udkast og skriv referatet; blev det aflyst, "
               "så slet filen")

    assert tjek_lines(minutes) == [warning]  # today
    assert minutes.run("tjek", FOLDER).code == 0  # a warning: the archive does not turn red as time passes
    assert minutes.run("tjek", "--streng", FOLDER).code == 1
    assert tjek_lines(minutes, "--dato", PAST[0].isoformat()) == []  # on the day itself it is not past
    assert tjek_lines(minutes, "--dato", (PAST[0] + dt.timedelta(days=1)).isoformat()) == [warning]

    minutes.write(path_of(PAST[0]), meeting_text(PAST[0], "udkast"))  # what the warning says to do
    assert ok(minutes.run("tjek", "--streng", FOLDER)).out.startswith("Alt er i orden")


# --- tjek: the meeting that approved the minutes ------------------------------------------------


def approved(day: dt.date, approval: str) -> str:
    return meeting_text(day, "godkendt", "godkendt:\n" + approval)


GODKENDT_LINE = 4  # of meeting_text with front "godkendt:": ---, dato, status, godkendt


def test_M006_an_approval_at_a_meeting_the_group_never_had_is_an_error(minutes):
    never = dt.date(2020, 2, 14)
    archive(minutes, [PAST[1]], (HELD, approved(HELD, f"  dato: {never.isoformat()}\n  moede: {never.isoformat()}\n")))

    [line] = tjek_lines(minutes)

    assert line.startswith(f"{path_of(HELD)}:{GODKENDT_LINE + 2}:10: fejl M006 {NAME} har intet møde den "
                           f"{long_date(never)}: ingen mødefil og ingen dato i mødeplanen — ")
    # A meeting file on that day makes it one of the group's meetings.
    minutes.write(path_of(never), meeting_text(never))
    assert tjek_lines(minutes) == []


@pytest.mark.parametrize("approval", [
    f"  dato: {PAST[1].isoformat()}\n  moede: {PAST[1].isoformat()}\n",  # a date in the plan
    f"  dato: {PAST[1].isoformat()}\n  moede: {PAST[0].isoformat()}\n",  # a meeting file, not in the plan
    f"  dato: {HELD.isoformat()}\n  moede: {HELD.isoformat()}\n",  # at the meeting itself
    f"  dato: {PAST[1].isoformat()}\n  skriftlig: true\n",  # in writing
], ids=["plan", "mødefil", "samme-møde", "skriftlig"])
def test_M006_not_for_a_meeting_of_the_group_or_in_writing(minutes, approval):
    never = f"  dato: {PAST[1].isoformat()}\n  moede: 2020-02-14\n"
    archive(minutes, [PAST[1]], (HELD, approved(HELD, never)), (PAST[0], meeting_text(PAST[0])))
    assert "M006" in "".join(tjek_lines(minutes))

    minutes.write(path_of(HELD), approved(HELD, approval))
    assert tjek_lines(minutes, "--streng") == []


def test_M005_an_approving_meeting_before_the_meeting_is_an_error(minutes):
    archive(minutes, [HELD, PAST[1]], (PAST[0], approved(PAST[0], f"  dato: {PAST[1]}\n  moede: {HELD}\n")),
            (HELD, meeting_text(HELD)))

    assert tjek_lines(minutes) == [
        f"{path_of(PAST[0])}:{GODKENDT_LINE + 2}:10: fejl M005 Mødet, der godkendte referatet ({long_date(HELD)}), "
        f"ligger før mødet ({long_date(PAST[0])}) — Et referat godkendes på et senere møde, normalt det næste"]


@pytest.mark.parametrize("approval, message", [
    (f"  dato: {PAST[1]}\n", "nævner hverken mødet, der godkendte referatet ('moede'), eller 'skriftlig: true'"),
    (f"  dato: {PAST[1]}\n  moede: {PAST[1]}\n  skriftlig: true\n", "nævner både 'moede' og 'skriftlig: true'"),
], ids=["ingen", "begge"])
def test_M007_an_approval_that_does_not_say_how_is_a_warning(minutes, approval, message):
    archive(minutes, [PAST[1]], (HELD, approved(HELD, approval)))

    [line] = tjek_lines(minutes)

    assert line.startswith(f"{path_of(HELD)}:{GODKENDT_LINE + 1}:3: advarsel M007 Godkendelsen {message} — ")


# --- godkend: at the group's next meeting --------------------------------------------------------


def test_godkend_records_the_groups_next_meeting_even_one_outside_the_plan(minutes):
    extra = dt.date(2020, 2, 14)  # an extra meeting, not in the plan: its file makes it a meeting
    archive(minutes, PAST, (HELD, meeting_text(HELD)), (extra, meeting_text(extra)))

    before = dt.date.today()
    r = ok(minutes.run("godkend", HELD.isoformat(), "--gruppe", GROUP))
    days = {before, dt.date.today()}  # the run may cross midnight

    assert r.out in {f"Godkendt: {path_of(HELD)} (godkendt {long_date(d)} på mødet {long_date(extra)})\n" for d in days}
    assert any(f"godkendt:\n  dato: {d.isoformat()}\n  moede: {extra.isoformat()}\n" in minutes.read(path_of(HELD))
               for d in days)
    assert "M00" not in "".join(tjek_lines(minutes, "--streng"))


def test_godkend_without_a_next_meeting_refuses_and_names_the_options(minutes):
    archive(minutes, [HELD], (HELD, meeting_text(HELD)))
    before = minutes.read(path_of(HELD))

    failed(minutes.run("godkend", HELD.isoformat(), "--gruppe", GROUP), f"{NAME} har intet møde efter",
           "--moede", "--skriftlig", "intet er ændret")
    assert minutes.read(path_of(HELD)) == before


def test_godkend_before_the_next_meeting_is_held_refuses(minutes):
    archive(minutes, [HELD, *COMING], (HELD, meeting_text(HELD)))

    failed(minutes.run("godkend", HELD.isoformat(), "--gruppe", GROUP),
           f"gruppens næste møde, {long_date(COMING[0])}, som ligger efter godkendelsesdatoen {long_date(TODAY)}",
           "--skriftlig")
    assert "status: udkast" in minutes.read(path_of(HELD))


def test_godkend_at_a_date_that_is_no_meeting_of_the_group_is_refused(minutes):
    archive(minutes, PAST, (HELD, meeting_text(HELD)))

    failed(minutes.run("godkend", HELD.isoformat(), "--gruppe", GROUP, "--moede", "2020-02-14"),
           f"{NAME} har intet møde den 14. februar 2020", long_date(PAST[0]), "intet er ændret")
    assert "status: udkast" in minutes.read(path_of(HELD))


def test_godkend_skriftlig_records_a_written_approval_that_tjek_accepts(minutes):
    archive(minutes, [HELD], (HELD, meeting_text(HELD)))

    r = ok(minutes.run("godkend", HELD.isoformat(), "--gruppe", GROUP, "--skriftlig", "--dato", "2020-01-20"))

    assert r.out == f"Godkendt: {path_of(HELD)} (godkendt 20. januar 2020 skriftligt)\n"
    assert "godkendt:\n  dato: 2020-01-20\n  skriftlig: true\n" in minutes.read(path_of(HELD))
    assert tjek_lines(minutes, "--streng") == []
    assert "Godkendt 20. januar 2020 skriftligt" in ok(minutes.run("vis", HELD.isoformat(), "--gruppe", GROUP)).out
    failed(minutes.run("godkend", HELD.isoformat(), "--gruppe", GROUP),
           "allerede godkendt 20. januar 2020 (skriftligt)")


def test_godkend_skriftlig_and_moede_together_is_a_usage_error(minutes):
    archive(minutes, PAST, (HELD, meeting_text(HELD)))
    failed(minutes.run("godkend", HELD.isoformat(), "--gruppe", GROUP, "--skriftlig", "--moede", PAST[0].isoformat()),
           "--moede", "--skriftlig", code=2)
