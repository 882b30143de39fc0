"""`referat opgaver` and `referat opgaver luk`, run as a user runs them, on this project's own
minutes in a temporary git repository.

Tasks are found by their text, not by a fixed id: an id is the meeting's date and the task's
place among the meeting's tasks, so it moves when someone adds a task earlier in the file.
Every run passes --dato, so nothing depends on today's date.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from conftest import MinutesRepo, git, ok
from meetingtext import FILE, meeting

# The real tasks used below (the start of their text, as written in moeder/).
OVERVIEW = "Lave et overblik over de forskellige netværk og arbejdsgrupper"  # 2025-03-07, Lisbeth Broberg, 9. maj 2025
ANNUAL_REPORT = "Sende yderligere input eller rettelser til årsrapporten for 2024"  # 2024-11-29, alle kommuner
CLOSED_HOLBAEK = "Fortælle om Holbæks erfaringer med implementering af standardkontrakterne"  # 2024-11-29, [x]
HELLE_2024 = "Indkalde til de aftalte netværksmøder i 2025"  # Helle Stisen, then in Solrød
HELLE_2025 = "Formulere kommissorium for de to ad hoc-grupper"  # Helle Stisen (now Holbæk) and others
HOLBAEK_AND_OTHERS = "Svare til brug for overblikket over de kommunale tilbud"  # Holbæk, Greve, Faxe, ...
ALL_MUNICIPALITIES_2025 = "Sende navnene på deltagerne fra kommunen"  # 2025-03-07, alle kommuner
RIE_2024 = "Sende opdateret deltagerliste til Helle Stisen"  # 2024-11-29 (approved), Rie Nielsen
REGION_TASK = "Teste modellen for sagsaudit"  # styregruppen, Region Sjælland

OVERVIEW_FILE = "moeder/boern-og-unge/2025-03-07.md"
APPROVED_FILE = "moeder/boern-og-unge/2024-11-29.md"

ANSI = re.compile(r"\x1b\[")
SUMMARY = re.compile(r"^(\d+) (åben opgave|åbne opgaver), (\d+) (overskreden|overskredne)")
OPEN_BOX = re.compile(r"^[ \t]*[-*+][ \t]+\[ \][ \t]")
JSON_FIELDS = {"id", "gruppe", "moede", "punkt", "tekst", "ansvarlige", "frist", "status", "overskredet",
               "lukket", "fil", "linje"}


# --- helpers ---------------------------------------------------------------------------------


def tasks_json(minutes: MinutesRepo, *args: str) -> list[dict]:
    return json.loads(ok(minutes.run("opgaver", "--format", "json", *args)).out)


def the(rows: list[dict], text: str) -> dict:
    found = [r for r in rows if r["tekst"].startswith(text)]
    assert len(found) == 1, f"expected one task starting with {text!r}, got {[r['id'] for r in found]}"
    return found[0]


def ids(rows: list[dict], text: str) -> list[str]:
    return [r["id"] for r in rows if r["tekst"].startswith(text)]


def texts(rows: list[dict]) -> list[str]:
    return [r["tekst"] for r in rows]


def has(rows: list[dict], text: str) -> bool:
    return any(r["tekst"].startswith(text) for r in rows)


def summary_line(out: str) -> str:
    found = [line for line in out.splitlines() if SUMMARY.match(line)]
    assert len(found) == 1, out
    return found[0]


def parse_table(out: str) -> list[dict[str, str]]:
    """The rows of the table as a reader sees them: each column's wrapped lines joined by a space
    (an id, which has no spaces, split over two lines is joined as it was)."""
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Id") and "Frist" in line and "Opgave" in line)
    names = ["Id", "Frist", "Ansvarlig", "Opgave"]
    starts = [lines[head].index(n) for n in names]
    assert set(lines[head + 1].strip()) == {"─"}, lines[head + 1]
    rows: list[dict[str, list[str]]] = []
    for line in lines[head + 2:]:
        if SUMMARY.match(line):
            break
        if not line.strip():
            continue
        cells = [line[s:e].strip() for s, e in zip(starts, starts[1:] + [None], strict=True)]
        if cells[0] and not (rows and rows[-1]["Id"] and rows[-1]["Id"][-1].endswith("/")):
            rows.append({n: [] for n in names})
        for n, c in zip(names, cells, strict=False):
            if c:
                rows[-1][n].append(c)
    return [{n: ("" if n == "Id" else " ").join(parts) for n, parts in row.items()} for row in rows]


def row_for(table: list[dict[str, str]], task_id: str) -> dict[str, str]:
    found = [r for r in table if r["Id"] == task_id]
    assert len(found) == 1, f"{task_id} not (once) in the table: {[r['Id'] for r in table]}"
    return found[0]


def open_boxes_in_files(root: Path) -> int:
    """Open tasks counted straight from the files, independent of the program."""
    return sum(1 for p in (root / "moeder").glob("*/*.md")
               for line in p.read_text(encoding="utf-8-sig").splitlines() if OPEN_BOX.match(line))


def excel_rows(raw: bytes) -> list[dict[str, str]]:
    """The rows as Danish Excel reads the bytes: UTF-8 after a BOM, ';' between cells."""
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:20]
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def status(root: Path) -> list[str]:
    return git(root, "status", "--porcelain", "--untracked-files=all").splitlines()


# --- the real tasks, overdue relative to --dato -----------------------------------------------


def test_overview_task_is_listed_and_not_overdue_before_its_deadline(minutes):
    rows = tasks_json(minutes, "--dato", "2025-05-01")
    task = the(rows, OVERVIEW)
    assert re.fullmatch(r"2025-03-07-\d+", task["id"])
    assert task["ansvarlige"] == ["Lisbeth Broberg"]
    assert task["frist"] == "2025-05-09"
    assert task["overskredet"] is False
    assert task["status"] == "åben"

    out = ok(minutes.run("opgaver", "--dato", "2025-05-01")).out
    row = row_for(parse_table(out), task["id"])
    assert row["Frist"] == "09.05.2025"
    assert row["Ansvarlig"] == "Lisbeth Broberg"
    assert row["Opgave"].startswith(OVERVIEW)


def test_overview_task_is_not_overdue_on_its_deadline_day(minutes):
    task = the(tasks_json(minutes, "--dato", "2025-05-09"), OVERVIEW)
    assert task["overskredet"] is False


def test_overview_task_is_overdue_the_day_after_and_counted(minutes):
    task = the(tasks_json(minutes, "--dato", "2025-05-10"), OVERVIEW)
    assert task["overskredet"] is True

    out = ok(minutes.run("opgaver", "--dato", "2025-05-10")).out
    table = parse_table(out)
    assert row_for(table, task["id"])["Frist"] == "09.05.2025 !"
    marked = [r["Id"] for r in table if r["Frist"].endswith("!")]
    assert task["id"] in marked
    assert int(SUMMARY.match(summary_line(out)).group(3)) == len(marked)

    before = ok(minutes.run("opgaver", "--dato", "2025-05-09")).out
    assert int(SUMMARY.match(summary_line(out)).group(3)) == int(SUMMARY.match(summary_line(before)).group(3)) + 1


def test_annual_report_input_for_all_municipalities_is_overdue_on_new_years_day(minutes):
    task = the(tasks_json(minutes, "--dato", "2025-01-01"), ANNUAL_REPORT)
    assert re.fullmatch(r"2024-11-29-\d+", task["id"])
    assert task["ansvarlige"] == ["alle kommuner"]
    assert task["frist"] == "2024-12-17"
    assert task["overskredet"] is True
    row = row_for(parse_table(ok(minutes.run("opgaver", "--dato", "2025-01-01")).out), task["id"])
    assert row["Frist"] == "17.12.2024 !"
    assert row["Ansvarlig"] == "alle kommuner"

    assert the(tasks_json(minutes, "--dato", "2024-12-17"), ANNUAL_REPORT)["overskredet"] is False


def test_sorted_by_deadline_with_tasks_without_deadline_last(minutes):
    rows = tasks_json(minutes, "--dato", "2025-05-10")
    deadlines = [r["frist"] for r in rows]
    dated = [d for d in deadlines if d is not None]
    assert dated and len(dated) < len(deadlines)  # both kinds are in the real minutes
    assert deadlines[:len(dated)] == dated, "a task without deadline comes before one with"
    assert dated == sorted(dated)
    order = [r["id"] for r in rows]
    annual, overview, no_deadline = the(rows, ANNUAL_REPORT), the(rows, OVERVIEW), the(rows, RIE_2024)
    assert order.index(annual["id"]) < order.index(overview["id"]) < order.index(no_deadline["id"])

    table = parse_table(ok(minutes.run("opgaver", "--dato", "2025-05-10")).out)
    assert [r["Id"] for r in table] == order
    frist_cells = [r["Frist"] for r in table]
    first_dash = frist_cells.index("–")
    assert all(c == "–" for c in frist_cells[first_dash:])


# --- the table --------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    [],
    ["--alle"],
    ["--kommune", "Holbæk"],
    ["--gruppe", "styregruppen"],
    ["--forfaldne"],
    ["--ansvarlig", "Nanet Flamgard", "--alle"],
])
@pytest.mark.parametrize("columns", [80, 100])
def test_every_line_fits_the_terminal(minutes, args, columns):
    result = ok(minutes.run("opgaver", "--dato", "2025-05-10", *args, env={"COLUMNS": str(columns)}))
    assert result.lines[0].startswith("Id")
    too_wide = [line for line in result.lines if len(line) > columns]
    assert not too_wide, "\n".join(too_wide)


def test_two_groups_meeting_on_the_same_day_get_full_ids_and_the_table_still_fits(minutes):
    # The steering group meets on the day of the network's meeting (a copy of its minutes).
    minutes.write("moeder/styregruppen/2025-03-07.md", minutes.read(OVERVIEW_FILE))
    rows = tasks_json(minutes, "--dato", "2025-05-10")
    ids = [r["id"] for r in rows if r["tekst"].startswith(OVERVIEW)]
    assert sorted(ids) == ["boern-og-unge/2025-03-07-3", "styregruppen/2025-03-07-3"], ids
    result = ok(minutes.run("opgaver", "--dato", "2025-05-10", env={"COLUMNS": "80"}))
    assert not [line for line in result.lines if len(line) > 80]
    table = parse_table(result.out)
    assert [r["Id"] for r in table] == [r["id"] for r in rows]
    overview = [r for r in table if r["Id"] in ids]
    assert all(r["Opgave"].startswith(OVERVIEW[:40]) for r in overview), overview
    # and the task can be closed by the id the table shows
    ok(minutes.run("opgaver", "luk", "styregruppen/2025-03-07-3", "--dato", "2025-04-01"))
    assert "[x] Lave et overblik" in minutes.read("moeder/styregruppen/2025-03-07.md")


def test_table_shows_every_open_task_and_counts_them(minutes):
    rows = tasks_json(minutes, "--dato", "2025-05-10")
    out = ok(minutes.run("opgaver", "--dato", "2025-05-10")).out
    table = parse_table(out)
    assert [r["Id"] for r in table] == [r["id"] for r in rows]
    for task, row in zip(rows, table, strict=True):
        assert row["Opgave"].split()[:3] == task["tekst"].split()[:3]

    n_open = open_boxes_in_files(minutes.root)
    n_overdue = sum(1 for r in rows if r["overskredet"])
    assert n_open == len(rows) > 1 and n_overdue > 1
    assert summary_line(out).startswith(f"{n_open} åbne opgaver, {n_overdue} overskredne")


def test_table_shows_every_owner_in_full(minutes):
    # Long names wrap inside the column; none is cut off, so everyone can see who is responsible.
    rows = tasks_json(minutes, "--dato", "2025-05-10")
    table = parse_table(ok(minutes.run("opgaver", "--dato", "2025-05-10")).out)
    assert [r["Id"] for r in table] == [r["id"] for r in rows]
    unreadable = [f"{task['id']}: '{name}' in '{row['Ansvarlig']}'"
                  for task, row in zip(rows, table, strict=True)
                  for name in task["ansvarlige"] if name not in row["Ansvarlig"]]
    assert not unreadable, "owner names cut off in the table:\n" + "\n".join(unreadable)


def test_summary_line_singular(minutes):
    out = ok(minutes.run("opgaver", "--dato", "2025-05-10", "--ansvarlig", "lisbeth-broberg")).out
    assert summary_line(out).startswith("1 åben opgave, 1 overskreden")
    assert "åbne" not in out and "overskredne" not in out

    out = ok(minutes.run("opgaver", "--dato", "2025-05-01", "--ansvarlig", "lisbeth-broberg")).out
    assert summary_line(out).startswith("1 åben opgave, 0 overskredne")


def test_summary_line_plural(minutes):
    out = ok(minutes.run("opgaver", "--dato", "2025-05-10", "--ansvarlig", "Rie Nielsen")).out
    assert summary_line(out).startswith("2 åbne opgaver, 0 overskredne")


def test_summary_with_closed_tasks_is_one_whole_line(minutes):
    out = ok(minutes.run("opgaver", "--dato", "2025-05-10", "--alle")).out
    line = summary_line(out)
    assert re.fullmatch(r"\d+ åbne opgaver, \d+ overskredne, 1 lukket"
                        r"( \(! = fristen er overskredet pr\. 10\.05\.2025\))?", line), \
        f"summary line broken or incomplete: {line!r}\n(last lines: {out.splitlines()[-2:]!r})"


# --- --ansvarlig ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["lisbeth-broberg", "Lisbeth Broberg", "lisbeth broberg"])
def test_ansvarlig_by_id_and_by_name(minutes, who):
    result = ok(minutes.run("opgaver", "--dato", "2025-05-10", "--ansvarlig", who, "--format", "json"))
    assert texts(json.loads(result.out))[0].startswith(OVERVIEW)
    assert len(json.loads(result.out)) == 1
    assert "Viser opgaver for" not in result.err


def test_ansvarlig_by_alias(minutes):
    result = ok(minutes.run("opgaver", "--dato", "2025-05-10", "--ansvarlig", "Julie Folke Jacobsen",
                            "--format", "json"))
    rows = json.loads(result.out)
    assert len(rows) == 1 and rows[0]["tekst"].startswith(HELLE_2025)
    assert "Julie Folke" in rows[0]["ansvarlige"]
    assert "Viser opgaver for" not in result.err

    rows = tasks_json(minutes, "--dato", "2025-05-10", "--ansvarlig", "Nanett Babet Flamgaard", "--alle")
    assert texts(rows) == [the(rows, CLOSED_HOLBAEK)["tekst"]]
    assert rows[0]["ansvarlige"] == ["Nanett Flamgaard"]


def test_ansvarlig_misspelt_says_whom_it_shows(minutes):
    result = ok(minutes.run("opgaver", "--dato", "2025-05-10", "--ansvarlig", "Nanet Flamgard", "--alle"))
    assert "Viser opgaver for Nanett Flamgaard (nanett-flamgaard)." in result.err
    table = parse_table(result.out)
    assert len(table) == 1
    assert table[0]["Ansvarlig"] == "Nanett Flamgaard"
    assert table[0]["Opgave"].startswith("Fortælle om Holbæks erfaringer")


def test_ansvarlig_unknown_is_a_danish_error(minutes):
    result = minutes.run("opgaver", "--dato", "2025-05-10", "--ansvarlig", "Hans Hansen")
    assert result.code == 1, result.out + result.err
    assert "Hans Hansen" in result.err
    assert "ingen" in result.err.lower() or "ukendt" in result.err.lower()
    assert "Traceback" not in result.err + result.out
    assert "Error" not in result.err
    assert result.out == ""


# --- --kommune --------------------------------------------------------------------------------


def test_kommune_holbaek(minutes):
    rows = tasks_json(minutes, "--dato", "2025-05-10", "--kommune", "Holbæk")
    assert has(rows, HOLBAEK_AND_OTHERS)  # owned by Holbæk (with others)
    assert has(rows, HELLE_2025)  # Helle Stisen, in Holbæk since 1 March 2025
    assert has(rows, ANNUAL_REPORT) and has(rows, ALL_MUNICIPALITIES_2025)  # alle kommuner
    assert has(rows, RIE_2024)  # Rie Nielsen, Holbæk
    assert not has(rows, HELLE_2024)  # Helle Stisen was in Solrød on 29 November 2024
    assert not has(rows, OVERVIEW)  # Rammesekretariatet
    assert not has(rows, REGION_TASK)
    assert not has(rows, CLOSED_HOLBAEK)  # closed; only with --alle
    assert has(tasks_json(minutes, "--dato", "2025-05-10", "--kommune", "holbaek", "--alle"), CLOSED_HOLBAEK)


def test_kommune_solroed_follows_the_person_at_the_time(minutes):
    rows = tasks_json(minutes, "--dato", "2025-05-10", "--kommune", "Solrød")
    assert has(rows, HELLE_2024)
    assert not has(rows, HELLE_2025)
    assert has(rows, ANNUAL_REPORT) and has(rows, ALL_MUNICIPALITIES_2025)
    assert not has(rows, HOLBAEK_AND_OTHERS)
    assert not has(rows, RIE_2024)


def test_kommune_alle_kommuner_only_for_municipalities(minutes):
    rows = tasks_json(minutes, "--dato", "2025-05-10", "--kommune", "Region Sjælland")
    assert has(rows, REGION_TASK)
    assert not has(rows, ANNUAL_REPORT)
    assert not has(rows, ALL_MUNICIPALITIES_2025)


def test_kommune_with_a_persons_name_is_an_error(minutes):
    result = minutes.run("opgaver", "--dato", "2025-05-10", "--kommune", "Helle Stisen")
    assert result.code == 1, result.out + result.err
    assert "Helle Stisen" in result.err and "--kommune" in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


# --- --gruppe, --alle, --forfaldne, --inden ---------------------------------------------------


@pytest.mark.parametrize("group, by", [("styregruppen", "styregruppen"), ("boern-og-unge", "boern-og-unge"),
                                       ("styregruppen", "Styregruppen for Rammeaftale Sjælland")])
def test_gruppe(minutes, group, by):
    everything = tasks_json(minutes, "--dato", "2025-05-10")
    rows = tasks_json(minutes, "--dato", "2025-05-10", "--gruppe", by)
    assert rows
    assert [r["id"] for r in rows] == [r["id"] for r in everything if r["gruppe"] == group]
    assert len(rows) < len(everything)


def test_gruppe_unknown_lists_the_groups(minutes):
    result = minutes.run("opgaver", "--dato", "2025-05-10", "--gruppe", "voksne")
    assert result.code == 2, result.out + result.err
    assert "voksne" in result.err
    assert "boern-og-unge" in result.err and "styregruppen" in result.err
    assert "Traceback" not in result.err


def test_alle_shows_the_closed_task_as_lukket(minutes):
    closed = the(tasks_json(minutes, "--dato", "2025-05-10", "--alle"), CLOSED_HOLBAEK)
    assert re.fullmatch(r"2024-11-29-\d+", closed["id"])
    assert closed["status"] == "lukket"
    assert closed["lukket"] == "2025-03-07"
    assert closed["overskredet"] is False

    out = ok(minutes.run("opgaver", "--dato", "2025-05-10", "--alle")).out
    row = row_for(parse_table(out), closed["id"])
    assert row["Frist"] == "lukket 07.03.2025"
    assert ", 1 lukket" in summary_line(out)

    default = ok(minutes.run("opgaver", "--dato", "2025-05-10")).out
    assert closed["id"] not in [r["Id"] for r in parse_table(default)]
    assert not has(tasks_json(minutes, "--dato", "2025-05-10"), CLOSED_HOLBAEK)


def test_forfaldne(minutes):
    everything = tasks_json(minutes, "--dato", "2025-05-01")
    rows = tasks_json(minutes, "--dato", "2025-05-01", "--forfaldne")
    assert rows and all(r["overskredet"] for r in rows)
    assert [r["id"] for r in rows] == [r["id"] for r in everything if r["overskredet"]]
    assert has(rows, ANNUAL_REPORT)
    assert not has(rows, OVERVIEW)
    assert has(tasks_json(minutes, "--dato", "2025-05-10", "--forfaldne"), OVERVIEW)

    out = ok(minutes.run("opgaver", "--dato", "2025-05-01", "--forfaldne")).out
    n = len(rows)
    assert summary_line(out).startswith(f"{n} åbne opgaver, {n} overskredne")
    assert all(r["Frist"].endswith("!") for r in parse_table(out))


def test_inden(minutes):
    everything = tasks_json(minutes, "--dato", "2025-05-01")
    rows = tasks_json(minutes, "--dato", "2025-05-01", "--inden", "2025-05-09")
    assert [r["id"] for r in rows] == [r["id"] for r in everything if r["frist"] and r["frist"] <= "2025-05-09"]
    assert has(rows, OVERVIEW)  # due on the day itself
    assert has(rows, ANNUAL_REPORT)
    assert not has(rows, RIE_2024)  # no deadline
    assert any(r["frist"] and r["frist"] > "2025-05-09" for r in everything)  # something was left out
    assert rows == tasks_json(minutes, "--dato", "2025-05-01", "--inden", "9. maj 2025")


# --- --format json and csv, plain when piped ---------------------------------------------------


def test_json_fields_and_file_line(minutes):
    rows = tasks_json(minutes, "--dato", "2025-05-10", "--alle")
    for r in rows:
        assert set(r) >= JSON_FIELDS, r
        assert r["status"] in ("åben", "lukket")
        lines = (minutes.root / r["fil"]).read_text(encoding="utf-8").splitlines()
        line = lines[r["linje"] - 1]
        box = "[x]" if r["status"] == "lukket" else "[ ]"
        assert line.lstrip().startswith(f"- {box} "), f"{r['fil']}:{r['linje']}: {line!r}"
        assert " ".join(r["tekst"].split()[:3]) in line

    task = the(rows, OVERVIEW)
    assert task["fil"] == OVERVIEW_FILE
    assert task["gruppe"] == "boern-og-unge"
    assert task["moede"] == "2025-03-07"
    assert task["punkt"]
    assert task["ansvarlige"] == ["Lisbeth Broberg"]
    assert task["lukket"] is None
    assert task["tekst"].endswith("Sendes ud med dagsordenen til næste møde.")
    assert "Ansvarlig:" not in task["tekst"] and "Frist:" not in task["tekst"]
    line = (minutes.root / OVERVIEW_FILE).read_text(encoding="utf-8").splitlines()[task["linje"] - 1]
    assert line.startswith("- [ ] Lave et overblik")


def test_csv_has_the_same_rows_as_json(minutes):
    rows = tasks_json(minutes, "--dato", "2025-05-10", "--alle")
    table = excel_rows(ok(minutes.run("opgaver", "--dato", "2025-05-10", "--alle", "--format", "csv")).raw)
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    for j, c in zip(rows, table, strict=True):
        for field in ("id", "gruppe", "moede", "punkt", "tekst", "status", "fil"):
            assert c[field] == j[field], (field, c, j)
        assert c["frist"] == (j["frist"] or "")
        assert c["lukket"] == (j["lukket"] or "")
        assert int(c["linje"]) == j["linje"]
        assert c["overskredet"] == ("ja" if j["overskredet"] else "nej")
        assert [s.strip() for s in c["ansvarlige"].split(";")] == j["ansvarlige"]


def test_plain_when_piped(minutes):
    """No colour where stdout is no terminal, even without NO_COLOR (test_smoke.py shows the
    colour on a terminal, so this can fail)."""
    env = {"NO_COLOR": None, "FORCE_COLOR": None, "TERM": "xterm-256color"}
    for args in ([], ["--alle"], ["--format", "json"], ["--format", "csv"]):
        r = ok(minutes.run("opgaver", "--dato", "2025-05-10", *args, env=env))
        if not args:
            assert "09.05.2025 !" in r.out
        assert not ANSI.search(r.out), repr(r.out[:300])
        assert not ANSI.search(r.err)


# A task written over two lines, with a ';' and quotes: one cell, quoted as Excel quotes.
TRICKY = 'Sende "overblik"; også over\n      netværkene til alle medlemmer.'
TRICKY_TEXT = 'Sende "overblik"; også over netværkene til alle medlemmer.'
TRICKY_CELL = '"Sende ""overblik""; også over netværkene til alle medlemmer."'.encode()


def add_tricky_task(minutes: MinutesRepo) -> None:
    minutes.write(FILE, meeting(("Sende overblik over netværkene til alle medlemmer.", TRICKY)))


def tricky_csv(minutes: MinutesRepo, fmt: str, sep: bytes) -> bytes:
    """The bytes of --format fmt with the tricky task: header, CRLF line ends (RFC 4180, and what
    Excel writes) and the task's cell quoted between two separators."""
    add_tricky_task(minutes)
    raw = ok(minutes.run("opgaver", "--dato", "2025-06-14", "--format", fmt)).raw
    assert raw.removeprefix(b"\xef\xbb\xbf").startswith(sep.join([b"id", b"gruppe", b"moede", b""])), raw[:60]
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and not [line for line in lines if b"\n" in line or b"\r" in line]
    assert sep + TRICKY_CELL + sep in raw
    return raw


def test_csv_opens_in_danish_excel(minutes):
    """UTF-8 with BOM and ';': what Danish Excel splits into columns on a double click."""
    rows = excel_rows(tricky_csv(minutes, "csv", b";"))
    task = the(rows, 'Sende "overblik"')
    assert task["tekst"] == TRICKY_TEXT  # the line break in the file is a space in the cell
    assert (task["ansvarlige"], task["frist"], task["status"]) == ("Povl Skov", "2025-09-01", "åben")
    assert [r["id"] for r in rows] == [r["id"] for r in tasks_json(minutes, "--dato", "2025-06-14")]


def test_csv_rfc_is_plain_rfc_4180_with_the_same_cells(minutes):
    raw = tricky_csv(minutes, "csv-rfc", b",")
    assert raw.startswith(b"id,")  # no BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert the(rows, 'Sende "overblik"')["tekst"] == TRICKY_TEXT
    assert rows == excel_rows(ok(minutes.run("opgaver", "--dato", "2025-06-14", "--format", "csv")).raw)


@pytest.mark.parametrize(("name", "fmt"), [
    ("opgaver.csv", "csv"), ("opgaver.json", "json"), ("opgaver.txt", "tabel"), ("liste", "csv-rfc")])
def test_ud_writes_what_stdout_would_show(minutes, tmp_path, name, fmt):
    """--ud FIL as in the other commands; the format follows the file's ending unless --format says."""
    target = tmp_path / name
    shown = ok(minutes.run("opgaver", "--dato", "2025-05-10", "--format", fmt)).raw
    given = ["--format", fmt] if fmt == "csv-rfc" else []
    result = ok(minutes.run("opgaver", "--dato", "2025-05-10", "--ud", str(target), *given))
    assert result.out == f"Skrev opgaverne til {target}\n"
    assert target.read_bytes() == shown
    assert status(minutes.root) == []


def test_ud_into_a_missing_folder_is_a_danish_error(minutes, tmp_path):
    result = minutes.run("opgaver", "--ud", str(tmp_path / "mangler" / "opgaver.csv"))
    assert result.code == 1 and "mappen" in result.err and "findes ikke" in result.err, result.err


def test_wide_terminal_shows_a_long_task_whole_wrapped(minutes):
    rows = tasks_json(minutes, "--dato", "2025-05-10")
    long = [r for r in rows if len(r["tekst"]) > 150]
    assert long
    wide = ok(minutes.run("opgaver", "--dato", "2025-05-10", env={"COLUMNS": "160"}))
    assert "…" not in wide.out
    assert 100 < max(len(line) for line in wide.lines) <= 160
    table = parse_table(wide.out)
    assert [r["Id"] for r in table] == [r["id"] for r in rows]
    for task in long:
        assert row_for(table, task["id"])["Opgave"] == task["tekst"]
    # at 80 columns the longest still wrap over four lines and end in " …"
    narrow = parse_table(ok(minutes.run("opgaver", "--dato", "2025-05-10", env={"COLUMNS": "80"})).out)
    cut = row_for(narrow, max(long, key=lambda r: len(r["tekst"]))["id"])["Opgave"]
    assert cut.endswith(" …") and max(long, key=lambda r: len(r["tekst"]))["tekst"].startswith(cut[:-2])


# --- opgaver luk ------------------------------------------------------------------------------


def expected_after_closing(before: bytes, first_line_start: bytes, last_line_marker: bytes, day: str) -> bytes:
    """The file as it must be after closing: '[ ]' -> '[x]' on the task's first line and
    ' Lukket: DAY.' at the end of its last line, every other byte as before."""
    lines = before.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.lstrip(b"\xef\xbb\xbf").startswith(first_line_start))
    last = next(i for i in range(first, len(lines)) if last_line_marker in lines[i])
    assert lines[first].count(b"[ ]") == 1
    lines[first] = lines[first].replace(b"[ ]", b"[x]")
    body = lines[last].rstrip(b"\r\n")
    lines[last] = body + b" Lukket: " + day.encode() + b"." + lines[last][len(body):]
    return b"".join(lines)


def variant(data: bytes, kind: str) -> bytes:
    assert b"\r" not in data
    if "crlf" in kind:
        data = data.replace(b"\n", b"\r\n")
    if "bom" in kind:
        data = b"\xef\xbb\xbf" + data
    return data


@pytest.mark.parametrize("kind", ["lf", "crlf", "bom", "crlf+bom"])
def test_luk_changes_only_the_checkbox_and_appends_the_date(minutes, kind):
    path = minutes.root / OVERVIEW_FILE
    if kind != "lf":
        path.write_bytes(variant(path.read_bytes(), kind))
        minutes.commit(f"mødefilen med {kind}")
    before = path.read_bytes()
    folder_before = sorted(os.listdir(path.parent))

    task = the(tasks_json(minutes, "--dato", "2025-04-01"), OVERVIEW)
    lines = before.splitlines()
    assert lines[task["linje"] - 1].startswith(b"- [ ] Lave et overblik")
    assert b"Frist: 9. maj 2025." not in lines[task["linje"] - 1]  # the task spans lines

    result = ok(minutes.run("opgaver", "luk", task["id"], "--dato", "2025-04-01"))
    assert task["id"] in result.out

    after = path.read_bytes()
    assert after == expected_after_closing(before, b"- [ ] Lave et overblik", b"Frist: 9. maj 2025.", "2025-04-01")
    assert len(after) == len(before) + len(b" Lukket: 2025-04-01.")
    if "crlf" in kind:
        assert after.count(b"\r\n") == after.count(b"\n") == before.count(b"\r\n")
    assert after.startswith(b"\xef\xbb\xbf") == ("bom" in kind)
    # atomic write: nothing left beside the file, nothing else touched in the repository
    assert sorted(os.listdir(path.parent)) == folder_before
    assert status(minutes.root) == [f" M {OVERVIEW_FILE}"]


def test_luk_in_an_approved_meeting_and_tjek_still_passes(minutes):
    path = minutes.root / APPROVED_FILE
    assert re.search(r"^status: godkendt", path.read_text(encoding="utf-8"), re.M)
    before = path.read_bytes()
    task = the(tasks_json(minutes, "--dato", "2025-04-01"), RIE_2024)
    assert task["fil"] == APPROVED_FILE

    ok(minutes.run("opgaver", "luk", task["id"], "--dato", "2025-04-01"))

    after = path.read_bytes()
    line = b"- [ ] Sende opdateret deltagerliste til Helle Stisen. Ansvarlig: Rie Nielsen."
    assert line in before.splitlines()
    assert after == before.replace(
        line + b"\n", b"- [x] Sende opdateret deltagerliste til Helle Stisen. Ansvarlig: Rie Nielsen."
        b" Lukket: 2025-04-01.\n")
    assert git(minutes.root, "diff", "--numstat").split() == ["1", "1", APPROVED_FILE]

    check = ok(minutes.run("tjek"))
    assert "Alt er i orden" in check.out


def test_luk_twice_is_refused_and_leaves_the_file(minutes):
    task = the(tasks_json(minutes, "--dato", "2025-04-01"), OVERVIEW)
    ok(minutes.run("opgaver", "luk", task["id"], "--dato", "2025-04-01"))
    path = minutes.root / OVERVIEW_FILE
    once = path.read_bytes()

    again = minutes.run("opgaver", "luk", task["id"], "--dato", "2025-04-02")
    assert again.code == 1, again.out + again.err
    assert "allerede lukket" in again.err
    assert task["id"] in again.err
    assert "Traceback" not in again.err
    assert path.read_bytes() == once


def test_luk_a_task_closed_in_the_file_is_refused(minutes):
    closed = the(tasks_json(minutes, "--dato", "2025-04-01", "--alle"), CLOSED_HOLBAEK)
    path = minutes.root / APPROVED_FILE
    before = path.read_bytes()
    result = minutes.run("opgaver", "luk", closed["id"], "--dato", "2025-04-01")
    assert result.code == 1, result.out + result.err
    assert "allerede lukket" in result.err
    assert path.read_bytes() == before
    assert status(minutes.root) == []


def test_luk_unknown_id_suggests_the_close_one(minutes):
    task = the(tasks_json(minutes, "--dato", "2025-04-01"), OVERVIEW)
    typo = task["id"].replace("2025-03-07", "2025-03-7")
    result = minutes.run("opgaver", "luk", typo, "--dato", "2025-04-01")
    assert result.code == 1, result.out + result.err
    assert typo in result.err
    assert f"Mente du {task['id']}?" in result.err
    assert "Traceback" not in result.err
    assert status(minutes.root) == []

    far = minutes.run("opgaver", "luk", "rydde-op", "--dato", "2025-04-01")
    assert far.code == 1, far.out + far.err
    assert "rydde-op" in far.err
    assert "Mente du" not in far.err
    assert "Traceback" not in far.err
    assert status(minutes.root) == []


def test_luk_before_the_meeting_is_an_error(minutes):
    task = the(tasks_json(minutes, "--dato", "2025-04-01"), OVERVIEW)
    before = (minutes.root / OVERVIEW_FILE).read_bytes()
    result = minutes.run("opgaver", "luk", task["id"], "--dato", "2025-03-06")
    assert result.code == 1, result.out + result.err
    assert "før mødet" in result.err
    assert "Traceback" not in result.err
    assert (minutes.root / OVERVIEW_FILE).read_bytes() == before
    assert status(minutes.root) == []


def test_closed_task_shows_under_alle_and_leaves_the_default_list(minutes):
    task = the(tasks_json(minutes, "--dato", "2025-05-10"), OVERVIEW)
    open_before = summary_line(ok(minutes.run("opgaver", "--dato", "2025-05-10")).out)
    ok(minutes.run("opgaver", "luk", task["id"], "--dato", "2025-04-01"))

    default = ok(minutes.run("opgaver", "--dato", "2025-05-10")).out
    assert task["id"] not in [r["Id"] for r in parse_table(default)]
    n_before, over_before = (int(x) for x in SUMMARY.match(open_before).group(1, 3))
    n_after, over_after = (int(x) for x in SUMMARY.match(summary_line(default)).group(1, 3))
    assert (n_after, over_after) == (n_before - 1, over_before - 1)

    alle = ok(minutes.run("opgaver", "--dato", "2025-05-10", "--alle")).out
    assert row_for(parse_table(alle), task["id"])["Frist"] == "lukket 01.04.2025"
    assert ", 2 lukkede" in summary_line(alle)

    row = the(tasks_json(minutes, "--dato", "2025-05-10", "--alle"), OVERVIEW)
    assert (row["id"], row["status"], row["lukket"], row["overskredet"]) == (task["id"], "lukket", "2025-04-01", False)


def test_luk_keeps_the_file_mode(minutes):
    path = minutes.root / OVERVIEW_FILE
    path.chmod(0o640)
    task = the(tasks_json(minutes, "--dato", "2025-04-01"), OVERVIEW)
    ok(minutes.run("opgaver", "luk", task["id"], "--dato", "2025-04-01"))
    assert path.stat().st_mode & 0o777 == 0o640


def test_luk_last_line_of_a_file_without_final_newline(minutes):
    path = minutes.root / OVERVIEW_FILE
    path.write_bytes(path.read_bytes().rstrip(b"\n")
                     + b"\n\n- [ ] Sende referatet rundt igen.\n      Ansvarlig: Rie Nielsen. Frist: 1. juni 2025.")
    before = path.read_bytes()
    task = the(tasks_json(minutes, "--dato", "2025-04-01"), "Sende referatet rundt igen.")
    ok(minutes.run("opgaver", "luk", task["id"], "--dato", "2025-06-01"))
    closed = before.replace(b"- [ ] Sende referatet rundt igen.", b"- [x] Sende referatet rundt igen.")
    assert path.read_bytes() == closed + b" Lukket: 2025-06-01."


def test_luk_with_a_word_line_separator_above_closes_the_right_line(minutes):
    # Text pasted from Word can hold U+2028 (LINE SEPARATOR); it is not a line break in the file.
    path = minutes.root / OVERVIEW_FILE
    data = path.read_bytes()
    heading = data.index(b"\n## 3.") + 1
    path.write_bytes(data[:heading] + "Tekst fra Word:\u2028med linjeskift.\n\n".encode() + data[heading:])
    before = path.read_bytes()
    task = the(tasks_json(minutes, "--dato", "2025-04-01"), OVERVIEW)
    assert before.splitlines()[task["linje"] - 1].startswith(b"- [ ] Lave et overblik")
    ok(minutes.run("opgaver", "luk", task["id"], "--dato", "2025-04-01"))
    assert path.read_bytes() == expected_after_closing(before, b"- [ ] Lave et overblik", b"Frist: 9. maj 2025.",
                                                       "2025-04-01")


def test_the_real_minutes_are_the_ones_tested(minutes):
    # The fixture copies this project's moeder/; the tasks named above must be there.
    rows = tasks_json(minutes, "--dato", "2025-05-10", "--alle")
    for text in (OVERVIEW, ANNUAL_REPORT, CLOSED_HOLBAEK, HELLE_2024, HELLE_2025, HOLBAEK_AND_OTHERS,
                 ALL_MUNICIPALITIES_2025, RIE_2024, REGION_TASK):
        the(rows, text)


def test_the_json_is_laid_out_as_python_s_json_module_lays_it_out(minutes):
    """Two-space indents, ', ' and ': ' as Python writes them, and æ, ø, å as themselves: the
    layout scripts and diffs have seen since the first version."""
    out = ok(minutes.run("opgaver", "--alle", "--format", "json")).out
    assert "æ" in out or "ø" in out or "å" in out
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
