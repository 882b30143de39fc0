"""A new secretariat's first day, end to end through the real CLI in an empty folder: init,
tjek, ny, the agenda, the minutes, tjek, the next meeting, godkend there, opgaver luk and the
annual report. README.md's section "Jeres eget mødearkiv" is this walk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import git, ok, run_referat
from referat import datoer

GROUP = "Netværksgruppe Ældre og Sundhed"
GID = "netvaerksgruppe-aeldre-og-sundhed"

PEOPLE = """\
personer:
  - id: helle-stisen
    navn: Helle Stisen
    tilknytning:
      - organisation: Holbæk
  - id: julie-folke
    navn: Julie Folke
    tilknytning:
      - organisation: Kalundborg
  - id: povl-skov
    navn: Povl Skov
    tilknytning:
      - organisation: Rammesekretariatet
"""

MEMBERS = """\
medlemmer:
  - person: Helle Stisen
    organisation: Holbæk
  - person: Julie Folke
    organisation: Kalundborg
  - person: Povl Skov
    organisation: Rammesekretariatet
"""


def test_the_first_day_of_a_new_secretariat(tmp_path: Path) -> None:
    today = dt.date.today()
    first, second = today, today + dt.timedelta(days=42)

    # 1. init: an archive from nothing, committed, and tjek passes on it at once
    made = ok(run_referat(tmp_path, "init", "arkiv", "--gruppe", GROUP))
    root = tmp_path / "arkiv"
    assert f"oprettet         moeder/{GID}/gruppe.yaml" in made.out
    assert made.err == ""
    assert ok(run_referat(root, "tjek")).out == "Alt er i orden: 0 møder tjekket.\n"

    # 2. the secretary writes the members and the year's plan, as README.md and the comments say
    people = root / "personer.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("personer: []\n", PEOPLE), encoding="utf-8")
    group = root / "moeder" / GID / "gruppe.yaml"
    text = group.read_text(encoding="utf-8").replace("medlemmer: []\n", MEMBERS)
    plan = sorted({first.year, second.year})
    text = text.replace(f"  {today.year}: []", "\n".join(
        f"  {year}: [{', '.join(d.isoformat() for d in (first, second) if d.year == year)}]" for year in plan))
    group.write_text(text, encoding="utf-8")
    ok(run_referat(root, "tjek"))

    # 3. ny: the first meeting, today, from the plan, with the members invited
    created = ok(run_referat(root, "ny", "--gruppe", "Ældre"))
    path = root / "moeder" / GID / f"{first.isoformat()}.md"
    assert path.is_file(), created.out
    assert "Helle Stisen" in path.read_text(encoding="utf-8")
    agenda = ok(run_referat(root, "dagsorden", "naeste", "--gruppe", GID))
    assert "Velkomst og godkendelse af dagsorden" in agenda.out

    # 4. after the meeting: attendance, minutes, a decision and a task; status udkast
    deadline = today + dt.timedelta(days=30)
    meeting = path.read_text(encoding="utf-8")
    meeting = meeting.replace("status: planlagt", "status: udkast\nreferent: Povl Skov\n"
                              "deltagere:\n  - Helle Stisen\n  - Povl Skov\nafbud:\n  - Julie Folke\n"
                              "beslutninger:\n  - punkt: 1\n    tekst: Mødeplanen for året blev vedtaget.")
    meeting = meeting.replace("## 1. Velkomst og godkendelse af dagsorden\n",
                              "## 1. Velkomst og godkendelse af dagsorden\n\nDagsordenen blev godkendt.\n\n"
                              f"- [ ] Sende mødeplanen til alle kommuner. Ansvarlig: Povl Skov. "
                              f"Frist: {datoer.format_date(deadline)}.\n")
    path.write_text(meeting, encoding="utf-8")
    assert ok(run_referat(root, "tjek")).out == "Alt er i orden: 1 møde tjekket.\n"
    shown = ok(run_referat(root, "vis", first.isoformat(), "--gruppe", GID))
    assert "Udkast til referat" in shown.out and "Sende mødeplanen til alle kommuner" in shown.out
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Referat, udkast")

    # 5. the next meeting, and the minutes approved there
    ok(run_referat(root, "ny", "--gruppe", GID))
    assert (root / "moeder" / GID / f"{second.isoformat()}.md").is_file()
    # approved on the day of the next meeting, at that meeting (the default)
    ok(run_referat(root, "godkend", first.isoformat(), "--gruppe", GID, "--dato", second.isoformat()))
    approved = path.read_text(encoding="utf-8")
    assert "status: godkendt" in approved and second.isoformat() in approved
    ok(run_referat(root, "tjek"))

    # 6. the task: open, then closed; the approved minutes change only by the tick
    tasks = ok(run_referat(root, "opgaver", "--format", "csv"))
    assert "Sende mødeplanen til alle kommuner" in tasks.out
    task_id = f"{first.isoformat()}-1"
    ok(run_referat(root, "opgaver", "luk", task_id))
    assert "- [x] Sende mødeplanen" in path.read_text(encoding="utf-8")
    assert "Sende mødeplanen" not in ok(run_referat(root, "opgaver")).out
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Godkendt, opgave lukket")
    ok(run_referat(root, "tjek", "--aendret-siden", "HEAD~1"))

    # 7. the year's report for the steering group
    report = ok(run_referat(root, "aarsrapport", str(first.year), "--gruppe", GID))
    assert report.out.startswith(f"# Årsrapport {first.year}: {GROUP}\n")
    assert f"Godkendt {datoer.format_date(second)}" in report.out
    assert "| Holbæk | ● | 1 af 1 (100 %) |" in report.out and "| Kalundborg | ○ | 0 af 1 (0 %) |" in report.out
    assert "- Mødeplanen for året blev vedtaget." in report.out
    assert f"1 oprettet på årets møder, 1 lukket i {first.year}" in report.out
