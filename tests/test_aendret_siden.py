"""`referat tjek --aendret-siden REF` and `referat tjek FIL...` as CI and pre-commit call them.

Every test works in a real git repository (the `minutes` fixture: this project's own minutes,
committed), commits, changes files the way a secretary would (an editor, `git mv`,
`referat opgaver luk`), runs the real CLI and asserts on what is printed and the exit code.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from conftest import ARCHIVE, PROJECT, git, run_referat
from meetingtext import FILE, FINDING, GROUP, line_of, meeting

OTHER = f"{GROUP}/2025-08-22.md"
APPROVED = f"{GROUP}/2024-11-29.md"  # a real approved meeting of the project's own minutes

# A small valid meeting (as in test_tjek_rules.py), approved, with a one-line and a
# two-line task.
MEETING = """\
---
dato: 2025-06-13
tid: "10:00-13:00"
sted: Teams
status: godkendt
godkendt:
  dato: 2025-09-12
  moede: 2025-09-12
referent: Julie Folke
deltagere:
  - Helle Stisen
  - Julie Folke
afbud:
  - Lotte Christensen
dagsorden:
  - nr: 1
    titel: Velkomst og godkendelse af dagsordenen
    ansvarlig: Julie Folke
  - nr: 2
    titel: Nyt fra Rammesekretariatet
    ansvarlig: Povl Skov
---

## 1. Velkomst og godkendelse af dagsordenen

Dagsordenen blev godkendt.

## 2. Nyt fra Rammesekretariatet

Povl Skov orienterede om netværkene.

- [ ] Sende overblik over netværkene til alle medlemmer. Ansvarlig: Povl Skov. Frist: 1. september 2025.
- [ ] Indkalde til temadag om plejefamilier.
      Ansvarlig: Julie Folke. Frist: 1. oktober 2025.
"""

M004 = "fejl M004 Et godkendt referat er ændret siden {ref}; kun afkrydsning af opgaver er tilladt"


def edit(text: str, old: str, new: str) -> str:
    return meeting((old, new), text=text)


def tjek(minutes, *args: str, cwd: Path | None = None):
    r = minutes.run("tjek", *args, cwd=cwd)
    assert "Traceback" not in r.out + r.err, r.out + r.err
    return r


def finding_lines(r) -> list[str]:
    return [line for line in r.lines if FINDING.match(line)]


def files_reported(r) -> set[str]:
    return {m.group("path") for line in r.lines if (m := FINDING.match(line))}


def codes(r) -> list[str]:
    return [m.group("code") for line in r.lines if (m := FINDING.match(line))]


def unknown_person(path: str, text: str, name: str, col: int = 5) -> str:
    return f"{path}:{line_of(text, name)}:{col}: fejl P001 Ukendt person '{name}'"


# --- which files are reported -------------------------------------------------------------------


def test_nothing_changed_reports_nothing_even_with_a_broken_file_in_ref(minutes):
    minutes.write(FILE, edit(MEETING, "  - Helle Stisen", "  - Helle Stiesen"))
    minutes.commit("et møde med en fejl")
    assert tjek(minutes).code == 1  # the full check finds it

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert r.code == 0, r.out + r.err
    assert r.lines == ["Alt er i orden: 0 møder tjekket."]


def test_only_the_changed_meeting_is_reported_not_an_unchanged_broken_one(minutes):
    broken_old = edit(MEETING, "  - Helle Stisen", "  - Helle Stiesen")
    minutes.write(FILE, broken_old)
    minutes.commit("et møde med en fejl")
    broken_new = edit(draft("2025-08-22"), "  - Lotte Christensen", "  - Lotte Kristensen")
    minutes.write(OTHER, broken_new)

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert [line.split(" — ")[0] for line in finding_lines(r)] == [unknown_person(OTHER, broken_new,
                                                                                  "Lotte Kristensen")]
    assert r.lines[-1] == "1 fejl og 0 advarsler i 1 møde."
    assert r.code == 1

    full = tjek(minutes)
    assert files_reported(full) == {FILE, OTHER}


def draft(day: str) -> str:
    """MEETING as a valid draft on another day."""
    return edit(edit(MEETING, "dato: 2025-06-13", f"dato: {day}"),
                "status: godkendt\ngodkendt:\n  dato: 2025-09-12\n  moede: 2025-09-12\n", "status: udkast\n")


def test_committed_staged_unstaged_and_untracked_changes_all_count(minutes):
    days = {"commit": "2025-07-04", "staged": "2025-07-11", "unstaged": "2025-07-18"}
    paths = {kind: f"{GROUP}/{day}.md" for kind, day in days.items()}
    for kind, day in days.items():
        minutes.write(paths[kind], draft(day))
    minutes.commit("tre møder")
    git(minutes.root, "tag", "grundlag")

    def broken(day: str) -> str:
        return edit(draft(day), "  - Helle Stisen", "  - Helle Stiesen")

    minutes.write(paths["commit"], broken(days["commit"]))
    minutes.commit("en fejl")
    minutes.write(paths["staged"], broken(days["staged"]))
    git(minutes.root, "add", paths["staged"])
    minutes.write(paths["unstaged"], broken(days["unstaged"]))
    paths["untracked"] = f"{GROUP}/2025-07-25.md"
    minutes.write(paths["untracked"], broken("2025-07-25"))

    r = tjek(minutes, "--aendret-siden", "grundlag")
    assert files_reported(r) == set(paths.values()), r.out
    assert codes(r) == ["M010", "P001"] * 4  # four July meetings, none in the group's plan (M010)
    assert r.lines[-1] == "4 fejl og 4 advarsler i 4 møder."
    assert r.code == 1


def test_an_untracked_new_meeting_is_checked(minutes):
    text = edit(MEETING, "  - Lotte Christensen", "  - Lotte Kristensen")
    minutes.write(FILE, text)  # never added to git

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert [line.split(" — ")[0] for line in finding_lines(r)] == [unknown_person(FILE, text, "Lotte Kristensen")]
    assert r.code == 1


def test_an_ignored_file_is_not_checked(minutes):
    minutes.write(".gitignore", "kladde-*.md\n")
    minutes.commit(".gitignore")
    minutes.write(f"{GROUP}/kladde-1.md", "ikke et møde\n")

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert r.code == 0, r.out
    assert r.lines == ["Alt er i orden: 0 møder tjekket."]


def test_a_deleted_meeting_is_not_reported(minutes):
    minutes.write(FILE, MEETING)
    minutes.commit("møde")
    (minutes.root / FILE).unlink()

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert r.code == 0, r.out + r.err
    assert r.lines == ["Alt er i orden: 0 møder tjekket."]


def test_files_outside_the_minutes_are_not_checked_as_meetings(minutes):
    minutes.write("README.md", "# Mødearkiv\n")
    minutes.write("docs/vejledning.md", "Sådan skriver vi referater.\n")

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert r.code == 0, r.out
    assert r.lines == ["Alt er i orden: 0 møder tjekket."]


def test_a_renamed_meeting_is_reported_under_its_new_name(minutes):
    minutes.write(FILE, draft("2025-06-13"))
    minutes.commit("udkast")
    git(minutes.root, "mv", FILE, OTHER)

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert finding_lines(r) == [
        f"{OTHER}:2:7: fejl D002 Mødedatoen 2025-06-13 er ikke datoen i filnavnet (2025-08-22.md)"]
    assert r.code == 1


def test_a_new_group_folder_without_gruppe_yaml_is_reported(minutes):
    path = "moeder/ny-gruppe/2025-06-13.md"
    minutes.write(path, MEETING)

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert "moeder/ny-gruppe: fejl G003 Mappen moeder/ny-gruppe har ingen gruppe.yaml — Opret den med mindst " \
           "'navn: ...' (se 'referat format gruppe.yaml')" in r.lines, r.out
    assert files_reported(r) == {"moeder/ny-gruppe"}, r.out


# --- rules across files: a registry change reaches every meeting --------------------------------

OLE = "\n  - id: ole-bjerg\n    navn: Ole Bjerg\n    tilknytning:\n      - organisation: holbaek\n"


def test_a_person_renamed_in_personer_yaml_reports_the_unchanged_meeting(minutes):
    minutes.write("personer.yaml", minutes.read("personer.yaml") + OLE)
    text = edit(MEETING, "  - Julie Folke\nafbud:", "  - Julie Folke\n  - Ole Bjerg\nafbud:")
    minutes.write(FILE, text)
    minutes.commit("Ole Bjerg og et møde med ham")
    assert tjek(minutes, "--aendret-siden", "HEAD").code == 0

    minutes.write("personer.yaml", minutes.read("personer.yaml").replace("navn: Ole Bjerg", "navn: Ole Bjerre")
                  .replace("id: ole-bjerg", "id: ole-bjerre"))
    r = tjek(minutes, "--aendret-siden", "HEAD")
    [line] = finding_lines(r)
    assert line.startswith(unknown_person(FILE, text, "Ole Bjerg")), r.out
    assert r.code == 1
    # Every meeting was checked, because every meeting can name the person.
    assert r.lines[-1] == "1 fejl og 0 advarsler i 5 møder."

    # Naming only the changed registry, as pre-commit does, checks just the registry.
    r = tjek(minutes, "personer.yaml")
    assert r.code == 0 and finding_lines(r) == [], r.out


def test_an_organisation_removed_from_kommuner_yaml_reports_the_unchanged_files_naming_it(minutes):
    minutes.write("kommuner.yaml", edit(minutes.read("kommuner.yaml"),
                                        "  - id: odsherred\n    navn: Odsherred Kommune\n"
                                        "    kort: Odsherred\n    type: kommune\n\n", ""))

    r = tjek(minutes, "--aendret-siden", "HEAD")
    # Three people work in Odsherred, two members of the group come from there, and a meeting
    # makes Odsherred responsible for a task: none of those files changed.
    assert files_reported(r) == {"personer.yaml", f"{GROUP}/gruppe.yaml", f"{GROUP}/2025-03-07.md"}, r.out
    assert sorted(codes(r)) == ["P002"] * 5 + ["P006"], r.out
    assert r.code == 1


def test_a_group_renamed_in_gruppe_yaml_reports_a_meeting_that_names_the_group(minutes):
    text = edit(MEETING, "Ansvarlig: Povl Skov. Frist: 1. september 2025.",
                "Ansvarlig: Styregruppen for Rammeaftale Sjælland. Frist: 1. september 2025.")
    minutes.write(FILE, text)
    minutes.commit("opgave til styregruppen")
    assert tjek(minutes, "--aendret-siden", "HEAD").code == 0

    gruppe = "moeder/styregruppen/gruppe.yaml"
    minutes.write(gruppe, edit(minutes.read(gruppe), "navn: Styregruppen for Rammeaftale Sjælland",
                               "navn: Styregruppen for Rammeaftalen"))
    r = tjek(minutes, "--aendret-siden", "HEAD")
    [line] = finding_lines(r)
    assert line.startswith(f"{FILE}:{line_of(text, 'Styregruppen for')}:"), r.out
    assert " fejl P006 Ukendt person eller organisation 'Styregruppen for Rammeaftale Sjælland'" in line
    assert r.code == 1


# --- M004: an approved meeting may only have tasks ticked off -----------------------------------


def test_prose_changed_in_an_approved_meeting_is_M004_at_the_line(minutes):
    before = minutes.read(APPROVED)
    after = edit(before, "Efter kort præsentationsrunde blev dagsorden og referat godkendt.",
                 "Efter en lang præsentationsrunde blev dagsorden og referat godkendt.")
    minutes.write(APPROVED, after)

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert finding_lines(r) == [
        f"{APPROVED}:{line_of(after, 'lang præsentationsrunde')}:1: " + M004.format(ref="HEAD")
        + f" — Fortryd ændringen (git checkout HEAD -- {APPROVED}); en opgave lukkes med 'referat opgaver luk ID'"]
    assert r.code == 1


def test_M004_as_a_github_annotation_on_the_changed_line(minutes):
    git(minutes.root, "branch", "grundlag")
    before = minutes.read(APPROVED)
    after = edit(before, "  dato: 2025-03-07\n  moede:", "  dato: 2025-03-14\n  moede:")
    minutes.write(APPROVED, after)
    minutes.commit("en anden godkendelsesdato")

    r = tjek(minutes, "--format", "github", "--aendret-siden", "grundlag")
    assert r.out.splitlines() == [
        f"::error file={APPROVED},line={line_of(after, 'dato: 2025-03-14')},col=1,title=M004::Et godkendt referat er "
        "ændret siden grundlag; kun afkrydsning af opgaver er tilladt — Fortryd ændringen (git checkout grundlag -- "
        f"{APPROVED}); en opgave lukkes med 'referat opgaver luk ID'"]
    assert r.code == 1


def test_a_line_added_to_an_approved_meeting_is_M004_at_the_new_line(minutes):
    before = minutes.read(APPROVED)
    after = edit(before, "## 2. Velkommen", "Tilføjet bagefter.\n\n## 2. Velkommen")
    minutes.write(APPROVED, after)

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert [line.split(" — ")[0] for line in finding_lines(r)] == [
        f"{APPROVED}:{line_of(after, 'Tilføjet bagefter.')}:1: " + M004.format(ref="HEAD")]


def test_tasks_closed_with_referat_opgaver_luk_are_allowed(minutes):
    # 2024-11-29-1 goes over three lines; 2024-11-29-2 is one line.
    for task in ("2024-11-29-1", "2024-11-29-2"):
        closed = minutes.run("opgaver", "luk", task, "--dato", "2025-05-01")
        assert closed.code == 0, closed.out + closed.err
    assert minutes.read(APPROVED).count("Lukket: 2025-05-01.") == 2

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert r.code == 0, r.out + r.err
    assert r.lines == ["Alt er i orden: 1 møde tjekket."]


def test_closing_a_task_in_an_approved_crlf_meeting_is_allowed(minutes):
    minutes.write(FILE, MEETING.replace("\n", "\r\n").encode("utf-8"))
    minutes.commit("godkendt referat med CRLF")
    closed = minutes.run("opgaver", "luk", "2025-06-13-2", "--dato", "2025-09-20")
    assert closed.code == 0, closed.out + closed.err
    raw = (minutes.root / FILE).read_bytes()
    assert b"- [x] Indkalde til temadag om plejefamilier.\r\n" in raw
    assert b"Frist: 1. oktober 2025. Lukket: 2025-09-20.\r\n" in raw

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert r.code == 0, r.out + r.err
    assert r.lines == ["Alt er i orden: 1 møde tjekket."]


def test_closing_a_task_and_changing_its_text_is_M004_at_the_task(minutes):
    minutes.write(FILE, MEETING)
    minutes.commit("godkendt referat")
    after = edit(MEETING, "- [ ] Sende overblik over netværkene til alle medlemmer. "
                          "Ansvarlig: Povl Skov. Frist: 1. september 2025.",
                 "- [x] Sende overblik til alle medlemmer. "
                 "Ansvarlig: Povl Skov. Frist: 1. september 2025. Lukket: 2025-08-01.")
    minutes.write(FILE, after)

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert [line.split(" — ")[0] for line in finding_lines(r)] == [
        f"{FILE}:{line_of(after, 'Sende overblik')}:1: " + M004.format(ref="HEAD")]


def test_ticking_a_box_without_the_closing_date_is_M004(minutes):
    minutes.write(FILE, MEETING)
    minutes.commit("godkendt referat")
    after = edit(MEETING, "- [ ] Indkalde", "- [x] Indkalde")
    minutes.write(FILE, after)

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert [line.split(" — ")[0] for line in finding_lines(r)] == [
        f"{FILE}:{line_of(after, '[x] Indkalde')}:1: " + M004.format(ref="HEAD")]


def test_ticking_a_task_that_already_has_its_closing_date_is_allowed(minutes):
    dated = edit(MEETING, "Frist: 1. oktober 2025.", "Frist: 1. oktober 2025. Lukket: 2025-09-20.")
    minutes.write(FILE, dated)
    minutes.commit("godkendt referat; lukkedato uden kryds")
    minutes.write(FILE, edit(dated, "- [ ] Indkalde", "- [x] Indkalde"))

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert r.code == 0, r.out + r.err
    assert r.lines == ["Alt er i orden: 1 møde tjekket."]


def test_a_closed_task_and_a_prose_change_is_M004_at_the_prose(minutes):
    minutes.write(FILE, MEETING)
    minutes.commit("godkendt referat")
    after = edit(MEETING, "- [ ] Indkalde", "- [x] Indkalde")
    after = edit(after, "Frist: 1. oktober 2025.", "Frist: 1. oktober 2025. Lukket: 2025-09-20.")
    after = edit(after, "Povl Skov orienterede om netværkene.", "Povl Skov orienterede kort om netværkene.")
    minutes.write(FILE, after)

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert [line.split(" — ")[0] for line in finding_lines(r)] == [
        f"{FILE}:{line_of(after, 'orienterede kort')}:1: " + M004.format(ref="HEAD")]


def test_a_draft_changed_or_approved_since_ref_is_no_M004(minutes):
    # 2025-03-07 is a draft in the project's minutes: it may change, and be approved.
    path = f"{GROUP}/2025-03-07.md"
    minutes.write(path, edit(minutes.read(path), "Deltagerne præsenterede sig", "Alle præsenterede sig"))
    r = minutes.run("godkend", path, "--dato", "2025-06-13")
    assert r.code == 0, r.out + r.err

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert "M004" not in codes(r), r.out


def test_a_renamed_approved_meeting_is_M004_naming_the_old_file(minutes):
    git(minutes.root, "mv", APPROVED, f"{GROUP}/2024-11-28.md")

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert f"{GROUP}/2024-11-28.md: " + M004.format(ref="HEAD") + f" — Filen hed {APPROVED} i HEAD" in r.lines, r.out
    assert r.code == 1


def test_a_deleted_approved_meeting_is_not_reported(minutes):
    git(minutes.root, "rm", "-q", APPROVED)

    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert r.code == 0, r.out + r.err
    assert "M004" not in r.out


def test_minutes_in_a_folder_of_a_larger_git_repository(tmp_path):
    # The minutes live in arkiv/ of a bigger repository; referat runs from arkiv/.
    outer = tmp_path / "stort"
    arkiv = outer / "arkiv"
    shutil.copytree(ARCHIVE, arkiv)
    (outer / "kode").mkdir()
    (outer / "kode" / "x.md").write_text("ikke et møde\n", encoding="utf-8")
    git(outer, "init", "-q", "-b", "main")
    git(outer, "add", "-A")
    git(outer, "commit", "-q", "-m", "start")
    (outer / "kode" / "x.md").write_text("ændret\n", encoding="utf-8")
    approved = arkiv / APPROVED
    text = approved.read_text(encoding="utf-8")
    approved.write_text(edit(text, "status: godkendt", "status: udkast"), encoding="utf-8")

    r = run_referat(arkiv, "tjek", "--aendret-siden", "HEAD")
    assert files_reported(r) == {APPROVED}, r.out + r.err
    assert sorted(codes(r)) == ["M003", "M004"], r.out
    assert f"{APPROVED}:{line_of(text, 'status: godkendt')}:1: " + M004.format(ref="HEAD") in " ".join(r.lines)


# --- wrong use --------------------------------------------------------------------------------


def test_an_unknown_ref_is_a_danish_error_with_exit_code_2(minutes):
    r = tjek(minutes, "--aendret-siden", "origin/main")
    assert r.code == 2, r.out + r.err
    assert r.out == ""
    assert r.err.startswith("Fejl: Kender ikke REF 'origin/main' i git; skriv en gren, et tag eller en commit")
    assert "fetch-depth: 0" in r.err


def test_a_ref_that_looks_like_an_option_is_unknown(minutes):
    r = tjek(minutes, "--aendret-siden=--output=/tmp/x")
    assert r.code == 2, r.out + r.err
    assert r.err.startswith("Fejl: Kender ikke REF '--output=/tmp/x' i git")


def test_not_a_git_repository_is_a_danish_error_with_exit_code_2(minutes):
    shutil.rmtree(minutes.root / ".git")
    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert r.code == 2, r.out + r.err
    assert r.err.strip() == (f"Fejl: Mødearkivet {minutes.root.resolve()} er ikke et git-repository (og ligger ikke i "
                             "et); --aendret-siden sammenligner med git og kan kun bruges i et")


# --- pre-commit: `referat tjek FIL...` --------------------------------------------------------


def test_several_files_as_pre_commit_passes_them(minutes):
    broken = edit(MEETING, "  - Helle Stisen", "  - Helle Stiesen")
    other = edit(draft("2025-08-22"), "  - Lotte Christensen", "  - Lotte Kristensen")
    minutes.write(FILE, broken)
    minutes.write(OTHER, other)
    persons = minutes.read("personer.yaml") + "\n  - id: helle-stisen\n    navn: Helle Stisen Igen\n"
    minutes.write("personer.yaml", persons)

    r = tjek(minutes, FILE, OTHER, "personer.yaml", "moeder/boern-og-unge/gruppe.yaml")
    assert [line.split(" — ")[0] for line in finding_lines(r)] == [
        unknown_person(FILE, broken, "Helle Stiesen"),
        unknown_person(OTHER, other, "Lotte Kristensen"),
        f"personer.yaml:{persons.count(chr(10)) - 1}:9: fejl R001 Id'et 'helle-stisen' bruges af to personer",
    ]
    assert r.lines[-1] == "3 fejl og 0 advarsler i 2 møder."
    assert r.code == 1


def test_files_and_aendret_siden_together_report_what_is_both(minutes):
    minutes.write(FILE, edit(MEETING, "  - Helle Stisen", "  - Helle Stiesen"))
    minutes.commit("et møde med en fejl")
    minutes.write(OTHER, edit(draft("2025-08-22"), "  - Lotte Christensen", "  - Lotte K"))

    assert files_reported(tjek(minutes, "--aendret-siden", "HEAD", FILE)) == set()
    assert files_reported(tjek(minutes, "--aendret-siden", "HEAD", FILE, OTHER)) == {OTHER}


def test_the_pre_commit_hook_names_the_minutes_files():
    [hook] = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "referat-tjek"
    assert hook["entry"] == "referat tjek"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for path in ("moeder/boern-og-unge/2025-03-07.md", "moeder/styregruppen/gruppe.yaml", "personer.yaml",
                 "kommuner.yaml"):
        assert files.search(path), path
    for path in ("README.md", "docs/format.md", "schema/moede.schema.json", "templates/referat.md.j2",
                 "gamle/personer.yaml", "tests/fixtures/arkiv/moeder/boern-og-unge/2025-03-07.md",
                 "tests/fixtures/arkiv/personer.yaml"):
        assert not files.search(path), path


def test_the_workflow_checks_pull_requests_against_their_base():
    workflow = yaml.safe_load((PROJECT / ".github/workflows/tjek.yml").read_text(encoding="utf-8"))
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 readers read the key `on` as true
    assert "pull_request" in on and on["push"]["branches"] == ["main"]
    [job] = workflow["jobs"].values()
    steps = job["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = [s.get("run") for s in steps]
    assert "python -m pip install -e '.[test,pdf,docx,lint]'" in runs  # every renderer runs
    [pr] = [s for s in steps if s.get("if") == "github.event_name == 'pull_request'"]
    assert pr["run"] == 'referat tjek --format github --aendret-siden "origin/$BASE_REF"'
    assert pr["env"]["BASE_REF"] == "${{ github.base_ref }}"
    [push] = [s for s in steps if s.get("if") == "github.event_name != 'pull_request'"]
    assert push["run"] == "referat tjek --format github"
    assert runs[-3:] == ["ruff check src tests bench", "mypy", "python -m pytest"]
    assert all(s.get("if") == "success() || failure()" for s in steps[-3:])  # also when tjek found errors


def test_ci_runs_the_test_command_readme_gives():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    [command] = [line.split(" # ")[0].rstrip() for line in readme.splitlines() if line.endswith("# kør testene")]
    assert command == "python3 -m pip install -e '.[test,pdf,docx]' && python3 -m pytest"
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == command
    assert ci.index("ruff check src tests bench") < ci.index("mypy") < len(ci) - 1
