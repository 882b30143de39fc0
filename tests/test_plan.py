"""The plan against the meetings held (issue 13): a meeting moved from a plan date replaces
that date (plan.py) in `ny`, `aarsrapport`, the documents' "Møde n/m" and `kalender`, and
`tjek` finds a held meeting outside the plan (M010), the same moede_nr twice (M011) and a
moede_nr that is not the meeting's place in the year (M012).

Every test builds its own group, moeder/planlagt/, in the `minutes` fixture. Its plan for 2025
is fixed, and the commands that take a day (--dato) are told one; `ny` goes by the real date, so
its test counts its dates from today. Nothing here reads the project's own minutes.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from conftest import MinutesRepo, ok
from meetingtext import FINDING, codes

GROUP = "planlagt"
FOLDER = f"moeder/{GROUP}"
NAME = "Plangruppen"
PLAN_2025 = [dt.date(2025, 3, 6), dt.date(2025, 5, 8), dt.date(2025, 9, 11), dt.date(2025, 11, 13)]
MARCH = dt.date(2025, 3, 6)  # held on its plan date
AUGUST = dt.date(2025, 8, 14)  # held four weeks before the plan date 11 September 2025
SEPTEMBER = dt.date(2025, 9, 11)


def group_yaml(plan: list[dt.date]) -> str:
    years: dict[int, list[dt.date]] = {}
    for day in sorted(plan):
        years.setdefault(day.year, []).append(day)
    text = f"id: {GROUP}\nnavn: {NAME}\nmoedeplan:\n"
    text += "".join(f"  {year}:\n" + "".join(f"    - {d.isoformat()}\n" for d in days) for year, days in years.items())
    return text + 'standard:\n  tid: "10:00-12:00"\n  sted: Teams\nfaste_punkter:\n  - Velkomst\n  - Eventuelt\n'


def meeting_text(day: dt.date, number: int | None = None, status: str = "udkast") -> str:
    nr = f"moede_nr: {number}\n" if number is not None else ""
    return (f"---\ndato: {day.isoformat()}\n{nr}status: {status}\ndagsorden:\n  - nr: 1\n    titel: Velkomst\n"
            "---\n\n## 1. Velkomst\n\nDagsordenen blev godkendt.\n")


def path_of(day: dt.date) -> str:
    return f"{FOLDER}/{day.isoformat()}.md"


def archive(minutes: MinutesRepo, plan: list[dt.date], *meetings: tuple[dt.date, int | None]) -> MinutesRepo:
    """The group with this plan and these held meetings (date, moede_nr), committed."""
    minutes.write(f"{FOLDER}/gruppe.yaml", group_yaml(plan))
    for day, number in meetings:
        minutes.write(path_of(day), meeting_text(day, number))
    minutes.commit("plangruppen")
    return minutes


def long_date(day: dt.date) -> str:
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december"]
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def findings(minutes: MinutesRepo, *args: str) -> list[str]:
    """The findings `tjek` prints, each without its suggestion."""
    r = minutes.run("tjek", *args)
    assert "Traceback" not in r.err + r.out
    return [line.split(" — ")[0] for line in r.lines if FINDING.match(line)]


# --- ny ----------------------------------------------------------------------------------------


def test_ny_does_not_propose_a_plan_date_a_held_meeting_replaced(minutes):
    today = dt.date.today()
    # A meeting held up to four weeks before its plan date, in the same year, today or before.
    held, moved = (today - dt.timedelta(days=28), today) if today.timetuple().tm_yday > 28 else \
        (today, today + dt.timedelta(days=28))
    after = moved + dt.timedelta(days=91)
    archive(minutes, [moved, after], (held, None))
    r = ok(minutes.run("ny", "--gruppe", GROUP))
    assert f"Oprettede {path_of(after)}" in r.out
    assert not (minutes.root / path_of(moved)).exists()
    assert long_date(moved) not in r.out + r.err  # nor named as a date that was not held


def test_ny_names_only_the_past_plan_dates_no_meeting_replaced(minutes):
    coming = dt.date.today() + dt.timedelta(days=30)
    # 10 April 2020 was the meeting of 8 May 2020, moved; 11 September 2020 was not held.
    archive(minutes, [dt.date(2020, 3, 6), dt.date(2020, 5, 8), dt.date(2020, 9, 11), coming],
            (dt.date(2020, 3, 6), None), (dt.date(2020, 4, 10), None))
    r = ok(minutes.run("ny", "--gruppe", GROUP))
    assert f"Oprettede {path_of(coming)}" in r.out
    assert ("Bemærk: Mødeplanens dato 11. september 2020 er forbi og har ingen mødefil; den regnes som ikke "
            "holdt.") in r.err
    assert "8. maj 2020" not in r.err


def test_ny_says_when_the_date_asked_for_is_before_the_latest_meeting_or_was_replaced(minutes):
    archive(minutes, PLAN_2025, (MARCH, None), (AUGUST, None))
    r = ok(minutes.run("ny", "--gruppe", GROUP, "--dato", "2025-07-03"))
    assert f"Bemærk: 3. juli 2025 er før gruppens seneste møde, 14. august 2025 ({path_of(AUGUST)}).\n" in r.err
    r = ok(minutes.run("ny", "--gruppe", GROUP, "--dato", SEPTEMBER.isoformat()))
    assert (f"Bemærk: Mødeplanens dato 11. september 2025 er allerede erstattet af mødet 14. august 2025 "
            f"({path_of(AUGUST)}).\n") in r.err
    assert "før gruppens seneste møde" not in r.err


# --- aarsrapport and the documents ---------------------------------------------------------------


def test_aarsrapport_counts_the_moved_meeting_once_and_numbers_it_in_the_year(minutes):
    archive(minutes, PLAN_2025, (MARCH, 1), (AUGUST, 3))
    md = ok(minutes.run("aarsrapport", "2025", "--gruppe", GROUP, "--dato", "2025-10-01")).out
    lines = md.splitlines()
    assert "- **Møder:** 2 holdt af 4 planlagte" in lines
    assert any(line.startswith("| torsdag den 14. august 2025 | Møde 3/4 ") for line in lines), md
    assert any(line.startswith("| torsdag den 6. marts 2025 | Møde 1/4 ") for line in lines), md
    assert "- torsdag den 8. maj 2025 (intet referat i mødearkivet)" in lines  # not held, not moved
    assert "11. september 2025" not in md  # replaced by 14 August, neither not held nor to come
    assert "- torsdag den 13. november 2025" in lines


def test_the_agenda_and_minutes_number_the_moved_meeting_among_the_years_meetings(minutes):
    archive(minutes, PLAN_2025, (MARCH, 1), (AUGUST, 3))
    for command in ("dagsorden", "vis"):
        out = ok(minutes.run(command, path_of(AUGUST))).out
        assert "Møde 3/4 i 2025" in out.splitlines(), out
    # A meeting outside the plan adds to the year: the moved one is still third, now of five.
    minutes.write(path_of(dt.date(2025, 7, 3)), meeting_text(dt.date(2025, 7, 3)))
    assert "Møde 4/5 i 2025" in ok(minutes.run("vis", path_of(AUGUST))).out.splitlines()


# --- kalender ------------------------------------------------------------------------------------


def test_kalender_has_the_moved_meeting_and_not_the_plan_date_it_replaced(minutes):
    archive(minutes, PLAN_2025, (MARCH, 1))
    planned = minutes.write(path_of(AUGUST), meeting_text(AUGUST, status="planlagt").replace(
        "\n## 1. Velkomst\n\nDagsordenen blev godkendt.\n", ""))
    assert planned.exists()
    cal = Calendar.from_ical(ok(minutes.run("kalender", "--dato", "2025-08-01")).out)
    starts = {str(e["uid"]): dt.date.fromordinal(e["dtstart"].dt.toordinal()) for e in cal.walk("VEVENT")}
    # The moved meeting keeps the UID of the plan date it replaced, so a calendar that had the
    # plan date moves its entry to the new day instead of keeping both.
    assert starts[f"moede-{GROUP}-2025-09-11@referat"] == AUGUST
    assert starts[f"moede-{GROUP}-2025-11-13@referat"] == dt.date(2025, 11, 13)
    assert SEPTEMBER not in starts.values()
    assert f"moede-{GROUP}-2025-08-14@referat" not in starts


# --- tjek ----------------------------------------------------------------------------------------


def test_the_frozen_archive_and_a_moved_meeting_pass_and_a_meeting_outside_the_plan_is_warned(minutes):
    archive(minutes, PLAN_2025, (MARCH, 1), (AUGUST, None))
    r = ok(minutes.run("tjek", "--dato", "2025-10-01"))
    assert r.out.startswith("Alt er i orden"), r.out
    july = dt.date(2025, 7, 3)  # 56 days after 8 May, 70 before 11 September: near no plan date
    minutes.write(path_of(july), meeting_text(july))
    assert findings(minutes, "--dato", "2025-10-01") == [
        f"{path_of(july)}:2:7: advarsel M010 Mødet 3. juli 2025 står ikke i mødeplanen og erstatter ingen dato i "
        "den (planen for 2025 har 6. marts 2025, 8. maj 2025, 11. september 2025 og 13. november 2025)"]


def test_a_meeting_in_a_year_without_plan_dates_is_not_warned_but_one_outside_a_kept_plan_is(minutes):
    archive(minutes, PLAN_2025, (dt.date(2026, 2, 5), None), (dt.date(2025, 7, 3), None))
    lines = findings(minutes, FOLDER)
    assert [line.split(":")[0] for line in lines] == [path_of(dt.date(2025, 7, 3))], lines
    assert " M010 " in lines[0]


def test_the_same_moede_nr_twice_in_a_year_points_at_the_later_file(minutes):
    archive(minutes, PLAN_2025, (MARCH, 1), (AUGUST, 1))
    lines = findings(minutes, "--dato", "2025-10-01")
    assert lines == [f"{path_of(AUGUST)}:3:11: fejl M011 moede_nr 1 står også i {path_of(MARCH)}, et tidligere "
                     "møde i 2025"], lines
    # Checking the later file alone finds it too: the group's other files are compared.
    assert codes(minutes.run("tjek", "--dato", "2025-10-01", path_of(AUGUST))) == ["M011"]
    # The same number in another year is no duplicate.
    minutes.write(path_of(AUGUST), meeting_text(AUGUST, 3))
    minutes.write(path_of(dt.date(2026, 3, 5)), meeting_text(dt.date(2026, 3, 5), 1))
    assert "M011" not in codes(minutes.run("tjek", "--dato", "2026-10-01"))


def test_a_moede_nr_that_is_not_the_meetings_place_in_the_year_is_warned(minutes):
    archive(minutes, PLAN_2025, (MARCH, 1), (AUGUST, 4))
    lines = findings(minutes, "--dato", "2025-10-01")
    assert lines == [f"{path_of(AUGUST)}:3:11: advarsel M012 moede_nr er 4, men mødet er nr. 3 af 4 i 2025 (de "
                     "holdte og planlagte, efter mødeplanen)"], lines
