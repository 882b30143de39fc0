"""`referat godkend`, run as a user runs it, on this project's own minutes in a temporary git
repository.

The draft is the real network-group meeting of 7 March 2025 (status udkast). The expected file
is built from the original bytes by hand: the status line changes, three lines follow it, and
nothing else moves.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import stat

import pytest

from conftest import MinutesRepo, failed, git, ok

DRAFT = "moeder/boern-og-unge/2025-03-07.md"  # status: udkast, with a comment on the status line
APPROVED = "moeder/boern-og-unge/2024-11-29.md"  # godkendt 7. marts 2025 på mødet 7. marts 2025
STEERING = "moeder/styregruppen/2025-03-14.md"  # godkendt 2. maj 2025
STATUS = re.compile(rb"^status: udkast(?P<rest>[^\r\n]*)(?P<end>\r?\n)", re.MULTILINE)


# --- helpers ---------------------------------------------------------------------------------



def approved_version(original: bytes, day: str, meeting: str) -> bytes:
    """The original with `status: udkast` → `status: godkendt` (its comment kept) and the
    approval right after it, in the status line's own line ending."""
    [m] = list(STATUS.finditer(original))
    end = m.group("end")
    new_lines = (b"status: godkendt" + m.group("rest") + end + b"godkendt:" + end
                 + b"  dato: " + day.encode() + end + b"  moede: " + meeting.encode() + end)
    return original[: m.start()] + new_lines + original[m.end():]


def leftovers(minutes: MinutesRepo) -> list[str]:
    return sorted(p.name for p in (minutes.root / "moeder").rglob("*") if p.name.startswith(".") or p.suffix == ".tmp")


def tjek_passes(minutes: MinutesRepo, *paths: str) -> None:
    result = ok(minutes.run("tjek", "--streng", *paths))
    assert result.out.startswith("Alt er i orden"), result.out


def tasks_of(minutes: MinutesRepo, meeting: str) -> list[tuple[str, str, str]]:
    rows = json.loads(ok(minutes.run("opgaver", "--alle", "--format", "json", "--dato", "2025-05-09")).out)
    return [(r["id"], r["status"], r["tekst"]) for r in rows if r["id"].startswith(meeting)]


@pytest.fixture
def original(minutes: MinutesRepo) -> bytes:
    data = (minutes.root / DRAFT).read_bytes()
    assert len(STATUS.findall(data)) == 1, "the draft should have one 'status: udkast' line"
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
    return data


# --- approving -------------------------------------------------------------------------------


def test_approving_by_date_changes_the_status_and_adds_the_approval_and_nothing_else(minutes, original):
    result = ok(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"))

    assert result.out == f"Godkendt: {DRAFT} (godkendt 9. maj 2025 på mødet 9. maj 2025)\n"
    assert result.err == ""
    assert (minutes.root / DRAFT).read_bytes() == approved_version(original, "2025-05-09", "2025-05-09")


def test_git_shows_one_changed_line_and_three_new_ones(minutes, original):
    ok(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"))

    diff = git(minutes.root, "diff", "--unified=0", "--", DRAFT)
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        '-status: udkast  # "Udkast til referat", dateret 25. marts 2025',
        '+status: godkendt  # "Udkast til referat", dateret 25. marts 2025',
        "+godkendt:",
        "+  dato: 2025-05-09",
        "+  moede: 2025-05-09",
    ]


def test_approving_by_path_with_the_approving_meeting_given(minutes, original):
    result = ok(minutes.run("godkend", DRAFT, "--dato", "2025-05-12", "--moede", "9. maj 2025"))

    assert result.out == f"Godkendt: {DRAFT} (godkendt 12. maj 2025 på mødet 9. maj 2025)\n"
    assert (minutes.root / DRAFT).read_bytes() == approved_version(original, "2025-05-12", "2025-05-09")


def test_approving_by_a_danish_date(minutes, original):
    result = ok(minutes.run("godkend", "7. marts 2025", "--dato", "9. maj 2025"))

    assert result.out == f"Godkendt: {DRAFT} (godkendt 9. maj 2025 på mødet 9. maj 2025)\n"
    assert (minutes.root / DRAFT).read_bytes() == approved_version(original, "2025-05-09", "2025-05-09")


def test_approving_by_a_path_relative_to_the_folder_one_stands_in(minutes, original):
    folder = minutes.root / "moeder" / "boern-og-unge"
    result = ok(minutes.run("godkend", "2025-03-07.md", "--dato", "2025-05-09", cwd=folder))

    assert result.out == f"Godkendt: {DRAFT} (godkendt 9. maj 2025 på mødet 9. maj 2025)\n"
    assert (minutes.root / DRAFT).read_bytes() == approved_version(original, "2025-05-09", "2025-05-09")


def test_an_absolute_path_works_too(minutes, original):
    ok(minutes.run("godkend", str(minutes.root / DRAFT), "--dato", "2025-05-09"))

    assert (minutes.root / DRAFT).read_bytes() == approved_version(original, "2025-05-09", "2025-05-09")


def test_without_options_the_minutes_are_approved_today_at_the_groups_next_meeting(minutes, original):
    # Not "at today's meeting", which never was: at 9 May 2025, the next date in the group's plan.
    before = dt.date.today()
    result = ok(minutes.run("godkend", "2025-03-07"))
    after = dt.date.today()

    written = (minutes.root / DRAFT).read_bytes()
    assert written in {approved_version(original, d.isoformat(), "2025-05-09") for d in (before, after)}
    assert result.out.startswith(f"Godkendt: {DRAFT} (godkendt ")
    assert result.out.endswith(" på mødet 9. maj 2025)\n")


def test_a_crlf_file_with_a_bom_keeps_both_and_gets_crlf_in_the_new_lines(minutes, original):
    windows = b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n")
    minutes.write(DRAFT, windows)

    ok(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"))

    written = (minutes.root / DRAFT).read_bytes()
    assert written == approved_version(windows, "2025-05-09", "2025-05-09")
    assert written.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\ngodkendt:\r\n  dato: 2025-05-09\r\n  moede: 2025-05-09\r\n" in written
    assert written.count(b"\n") == written.count(b"\r\n")
    tjek_passes(minutes, DRAFT)


def test_a_quoted_status_without_a_comment_stays_quoted(minutes, original):
    quoted = STATUS.sub(lambda m: b'status: "udkast"' + m.group("end"), original)
    minutes.write(DRAFT, quoted)

    ok(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"))

    expected = quoted.replace(b'status: "udkast"\n',
                              b'status: "godkendt"\ngodkendt:\n  dato: 2025-05-09\n  moede: 2025-05-09\n', 1)
    assert (minutes.root / DRAFT).read_bytes() == expected
    tjek_passes(minutes, DRAFT)


def test_tjek_passes_on_the_approved_file_and_the_whole_archive(minutes, original):
    tjek_passes(minutes)
    ok(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"))

    tjek_passes(minutes, DRAFT)
    tjek_passes(minutes)


def test_the_tasks_of_the_approved_meeting_are_still_listed_and_can_be_closed(minutes, original):
    before = tasks_of(minutes, "2025-03-07")
    assert len(before) == 6 and all(status == "åben" for _, status, _ in before)

    ok(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"))

    assert tasks_of(minutes, "2025-03-07") == before
    listed = ok(minutes.run("opgaver", "--gruppe", "boern-og-unge", "--dato", "2025-05-09")).out
    listed_ids = {line.split()[0] for line in listed.splitlines() if line[:1].isdigit()}
    assert {task_id for task_id, _, _ in before} <= listed_ids
    # Ticking a task off is the one change allowed in approved minutes.
    ok(minutes.run("opgaver", "luk", "2025-03-07-3", "--dato", "2025-05-09"))
    tjek_passes(minutes, DRAFT)


def test_the_file_keeps_its_permissions_and_no_temporary_file_is_left(minutes, original):
    path = minutes.root / DRAFT
    path.chmod(0o640)

    ok(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"))

    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert leftovers(minutes) == []
    assert git(minutes.root, "status", "--porcelain").splitlines() == [f" M {DRAFT}"]


def test_with_two_groups_meeting_that_day_gruppe_chooses(minutes, original):
    other = "moeder/styregruppen/2025-03-07.md"
    minutes.write(other, original)

    err = failed(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"),
                  "holdt begge møde den 7. marts 2025", "boern-og-unge", "styregruppen", "--gruppe")
    assert err[-1] == "\n" and err.count("\n") == 1
    assert (minutes.root / DRAFT).read_bytes() == original

    ok(minutes.run("godkend", "2025-03-07", "--gruppe", "Netværksgruppe Børn og Unge", "--dato", "2025-05-09"))
    assert (minutes.root / DRAFT).read_bytes() == approved_version(original, "2025-05-09", "2025-05-09")
    assert (minutes.root / other).read_bytes() == original


# --- refusals: exit 1, a Danish message, the file untouched ----------------------------------


def test_approving_twice_is_refused_and_says_when(minutes, original):
    ok(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"))
    once = (minutes.root / DRAFT).read_bytes()

    failed(minutes.run("godkend", "2025-03-07", "--dato", "2025-09-12"),
            f"{DRAFT} er allerede godkendt 9. maj 2025 (på mødet 9. maj 2025)", "intet er ændret")
    assert (minutes.root / DRAFT).read_bytes() == once


@pytest.mark.parametrize("meeting, path, when", [
    ("2024-11-29", APPROVED, "7. marts 2025 (på mødet 7. marts 2025)"),
    (STEERING, STEERING, "2. maj 2025 (på mødet 2. maj 2025)"),
])
def test_real_approved_minutes_are_failed(minutes, meeting, path, when):
    before = (minutes.root / path).read_bytes()

    failed(minutes.run("godkend", meeting, "--dato", "2025-09-12"), f"{path} er allerede godkendt {when}")
    assert (minutes.root / path).read_bytes() == before


def test_a_planned_meeting_has_no_minutes_to_approve(minutes):
    created = ok(minutes.run("ny", "--gruppe", "boern-og-unge", "--dato", "2025-05-09"))
    planned = "moeder/boern-og-unge/2025-05-09.md"
    assert planned in created.out
    before = (minutes.root / planned).read_bytes()

    failed(minutes.run("godkend", "2025-05-09", "--dato", "2025-09-12"),
            f"{planned} er kun planlagt", "intet referat at godkende")
    assert (minutes.root / planned).read_bytes() == before


def test_an_approval_date_before_the_meeting_is_failed(minutes, original):
    failed(minutes.run("godkend", "2025-03-07", "--dato", "6. marts 2025"),
            "Godkendelsesdatoen 6. marts 2025 ligger før mødet (7. marts 2025)")
    assert (minutes.root / DRAFT).read_bytes() == original


def test_an_approving_meeting_before_the_meeting_is_failed(minutes, original):
    failed(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09", "--moede", "2024-11-29"),
            "(29. november 2024)", "før selve mødet (7. marts 2025)")
    assert (minutes.root / DRAFT).read_bytes() == original


def test_an_approval_date_before_the_approving_meeting_is_failed(minutes, original):
    failed(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09", "--moede", "2025-09-12"),
            "Godkendelsesdatoen 9. maj 2025 ligger før mødet, der godkendte referatet (12. september 2025)")
    assert (minutes.root / DRAFT).read_bytes() == original


def test_front_matter_that_cannot_be_read_sends_the_user_to_tjek(minutes, original):
    broken = original.replace(b'tid: "10:00-13:00"\n', b'tid: ["10:00-13:00"\n', 1)
    assert broken != original
    minutes.write(DRAFT, broken)

    failed(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"),
            f"Front matter i {DRAFT} kan ikke læses", f"referat tjek {DRAFT}")
    assert (minutes.root / DRAFT).read_bytes() == broken
    assert leftovers(minutes) == []


def test_a_status_written_over_two_lines_is_refused_rather_than_guessed(minutes, original):
    split = STATUS.sub(lambda m: b"status:" + m.group("end") + b"  udkast" + m.group("end"), original)
    minutes.write(DRAFT, split)

    failed(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"), "status: udkast", "én linje")
    assert (minutes.root / DRAFT).read_bytes() == split


def test_a_draft_that_already_has_an_approval_is_failed(minutes, original):
    odd = STATUS.sub(lambda m: m.group(0) + b"godkendt:\n  dato: 2025-05-09\n", original)
    minutes.write(DRAFT, odd)

    failed(minutes.run("godkend", "2025-03-07", "--dato", "2025-05-09"), "har allerede 'godkendt:'")
    assert (minutes.root / DRAFT).read_bytes() == odd


@pytest.mark.parametrize("meeting, phrases", [
    ("2025-03-08", ("Der er intet møde den 8. marts 2025", "Nærmeste møder: ")),
    ("8. marts 2025", ("Der er intet møde den 8. marts 2025",)),
    ("moeder/boern-og-unge/2025-03-08.md", ("Mødefilen 'moeder/boern-og-unge/2025-03-08.md' findes ikke",)),
    ("moeder/boern-og-unge/gruppe.yaml", ("er ikke en mødefil",)),
    ("marts", ("Kan ikke finde mødet 'marts'", "mødets dato (2025-03-07 eller 7. marts 2025)")),
    ("2025-02-30", ("'2025-02-30' er ikke en gyldig dato", "februar 2025 har 28 dage")),
])
def test_an_unknown_meeting_is_failed(minutes, original, meeting, phrases):
    failed(minutes.run("godkend", meeting, "--dato", "2025-05-09"), *phrases)
    assert git(minutes.root, "status", "--porcelain") == ""


def test_an_unknown_group_is_refused_and_the_groups_listed(minutes, original):
    failed(minutes.run("godkend", "2025-03-07", "--gruppe", "voksne", "--dato", "2025-05-09"),
            "Ukendt gruppe 'voksne'",
            "boern-og-unge (Netværksgruppe Børn og Unge), styregruppen")
    failed(minutes.run("godkend", "2025-03-07", "--gruppe", "styregruppen", "--dato", "2025-05-09"),
            "Der er intet møde i Styregruppen for Rammeaftale Sjælland den 7. marts 2025")
    failed(minutes.run("godkend", DRAFT, "--gruppe", "styregruppen", "--dato", "2025-05-09"),
            f"{DRAFT} er et møde i Netværksgruppe Børn og Unge, ikke i Styregruppen for Rammeaftale Sjælland")
    assert git(minutes.root, "status", "--porcelain") == ""


def test_a_wrong_date_option_is_a_usage_error(minutes, original):
    result = minutes.run("godkend", "2025-03-07", "--dato", "9/13-2025")
    assert result.code == 2, result
    assert result.err.startswith("Fejl: --dato:"), result.err
    assert "Traceback" not in result.err
    assert (minutes.root / DRAFT).read_bytes() == original


def test_godkend_is_in_the_help(minutes):
    result = ok(minutes.run("--help"))
    assert re.search(r"^\s+godkend\s+Godkender et udkast til referat", result.out, re.MULTILINE), result.out
