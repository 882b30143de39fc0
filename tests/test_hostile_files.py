"""Files a pull request can put in an archive that are no plain files with plain names: links,
FIFOs and other special files, names that are not UTF-8, files nobody may read, and the
debris of an interrupted write. Each is a finding about that file (docs/format.md, *Filer og
links*) while the rest of the archive is checked; nothing is followed, opened, or crashes.

Every test builds the case with real files, links and git commits in a temporary archive and
runs the real CLI.
"""

from __future__ import annotations

import ctypes
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, Result, git, run_forked, run_referat
from meetingtext import FILE, FINDING, GROUP, VALID, meeting

NEW = f"{GROUP}/2030-01-10.md"  # a meeting file that is not in the project's minutes
APPROVED = f"{GROUP}/2024-11-29.md"  # a real approved meeting of the project's own minutes
LINK = ("fejl F005 Dette er et link, og referat følger ikke links — "
        "Læg den rigtige fil eller mappe her i stedet for linket")
FIFO = ("fejl F007 Filen er en navngiven pipe (FIFO), ikke en almindelig fil — "
        "Slet den, og læg en almindelig tekstfil i stedet")
NO_ACCESS = ("fejl F009 Filen kan ikke læses: referat har ikke adgang til at læse den — Giv læseadgang "
             "(chmod a+r; en mappe: chmod a+rx), eller fjern den fra mødearkivet")
# Read as a meeting, this would give S005 (status 'hemmelig') and P001 (Ole Hemmelig).
SECRET = meeting(("dato: 2025-06-13", "dato: 2030-01-10"), ("status: udkast", "status: hemmelig"),
                 ("referent: Julie Folke", "referent: Ole Hemmelig"))


def run(root: Path, *args: str, env: dict | None = None, preexec_fn=None, forked: bool = False) -> Result:
    """The CLI in root: in a forked child where a bug could make it hang (forked), in a new
    process that calls preexec_fn before it starts, else in this process. The output is
    decoded leniently: a name that is not UTF-8 is printed by another part of referat, and
    these tests are about reading."""
    if forked:
        r = run_forked(root, *args, env=env)
    elif preexec_fn is None:
        r = run_referat(root, *args, env=env)
    else:
        proc = subprocess.run([sys.executable, "-m", "referat", *args], cwd=root, capture_output=True, timeout=120,
                              env={**os.environ, **ENV, **(env or {})}, preexec_fn=preexec_fn)
        r = Result(proc.returncode, proc.stdout.decode("utf-8", "backslashreplace"),
                   proc.stderr.decode("utf-8", "backslashreplace"))
    assert "Traceback" not in r.out + r.err, r.out + r.err
    return r


def findings(r: Result) -> list[str]:
    return [line for line in r.lines if FINDING.match(line)]


def meeting_count(root: Path) -> int:
    return sum(1 for p in (root / "moeder").glob("*/*.md") if not p.name.startswith("aarsrapport-"))


def only_finding(r: Result, expected: str, meetings: int) -> None:
    """expected is the one finding, and every other meeting was still checked."""
    assert findings(r) == [expected], r.out + r.err
    assert r.lines[-1] == f"1 fejl og 0 advarsler i {meetings} {'møde' if meetings == 1 else 'møder'}.", r.out
    assert r.code == 1


# --- links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["meeting inside", "file outside", "folder", "nothing", "itself"])
def test_every_link_is_the_same_finding_whatever_it_points_at(minutes, tmp_path, target):
    outside = tmp_path / "udenfor" / "hemmeligt.md"
    outside.parent.mkdir()
    outside.write_text(SECRET, encoding="utf-8")
    minutes.write("kladder/2030-01-10.md", SECRET)
    n = meeting_count(minutes.root) + 1
    points_at = {"meeting inside": "../../kladder/2030-01-10.md", "file outside": str(outside), "folder": "..",
                 "nothing": "findes-ikke.md", "itself": "2030-01-10.md"}[target]
    (minutes.root / NEW).symlink_to(points_at)
    for args in ((), (NEW,)):
        r = run(minutes.root, "tjek", *args)
        only_finding(r, f"{NEW}: {LINK}", n if not args else 1)
        assert "hemmelig" not in r.out.lower() + r.err.lower()
    assert outside.read_text(encoding="utf-8") == SECRET  # untouched


def test_linked_meetings_folder_is_refused_and_nothing_under_it_read(minutes, tmp_path):
    outside = tmp_path / "udenfor"
    (outside / "boern-og-unge").mkdir(parents=True)
    (outside / "boern-og-unge" / "2030-01-10.md").write_text(SECRET, encoding="utf-8")
    (outside / "hemmelig-gruppe").mkdir()  # a folder without gruppe.yaml: G003, naming the outside folder
    git(minutes.root, "rm", "-rq", "moeder")
    (minutes.root / "moeder").symlink_to(outside)
    r = run(minutes.root, "tjek")
    assert findings(r) == [f"moeder: {LINK}"], r.out + r.err
    assert r.lines[-1] == "1 fejl og 0 advarsler i 0 møder.", r.out
    assert "hemmelig" not in r.out.lower() + r.err.lower()
    assert r.code == 1


def test_linked_group_folder_group_file_and_registry_are_findings(minutes):
    (minutes.root / "moeder" / "kopi").symlink_to("boern-og-unge")
    (minutes.root / "moeder" / "styregruppen" / "gruppe.yaml").rename(minutes.root / "styregruppe.yaml")
    (minutes.root / "moeder" / "styregruppen" / "gruppe.yaml").symlink_to("../../styregruppe.yaml")
    (minutes.root / "kommuner.yaml").rename(minutes.root / "orgs.yaml")
    (minutes.root / "kommuner.yaml").symlink_to("orgs.yaml")
    r = run(minutes.root, "tjek")
    got = findings(r)
    for path in ("moeder/kopi", "moeder/styregruppen/gruppe.yaml", "kommuner.yaml"):
        assert f"{path}: {LINK}" in got, r.out
    # The group file was not read (its group is unknown), and the linked folder's meetings are not
    # checked twice: no finding names a file under moeder/kopi.
    assert not [line for line in got if line.startswith("moeder/kopi/")], r.out
    assert r.code == 1


def test_symlinked_approved_meeting_fails_the_first_pull_request(minutes):
    """The attack: pull request 1 turns an approved meeting into a link to an identical copy
    elsewhere in the repository; pull request 2 rewrites the copy. With links followed, both
    passed `--aendret-siden` (the first changes no text, the second no meeting)."""
    original = (minutes.root / APPROVED).read_text(encoding="utf-8")
    minutes.write("kopier/2024-11-29.md", original)
    (minutes.root / APPROVED).unlink()
    (minutes.root / APPROVED).symlink_to("../../kopier/2024-11-29.md")
    git(minutes.root, "checkout", "-qb", "pr1")
    minutes.commit("pr 1: the meeting is a link")
    r = run(minutes.root, "tjek", "--aendret-siden", "main")
    only_finding(r, f"{APPROVED}: {LINK}", 1)

    # Had pull request 1 been merged all the same, pull request 2 would change a file nothing
    # reads: the target's new text is never checked, nor shown, as the meeting's.
    git(minutes.root, "checkout", "-qb", "pr2")
    minutes.write("kopier/2024-11-29.md", original.replace("status: godkendt", "status: hemmelig"))
    minutes.commit("pr 2: the target is rewritten")
    r = run(minutes.root, "tjek")
    only_finding(r, f"{APPROVED}: {LINK}", meeting_count(minutes.root))
    assert "hemmelig" not in r.out


# --- special files -------------------------------------------------------------------------------


def test_fifo_is_a_finding_and_hangs_nothing(minutes):
    n = meeting_count(minutes.root)
    os.mkfifo(minutes.root / NEW)
    only_finding(run(minutes.root, "tjek", forked=True), f"{NEW}: {FIFO}", n + 1)
    only_finding(run(minutes.root, "tjek", NEW, forked=True), f"{NEW}: {FIFO}", 1)
    r = run(minutes.root, "opgaver", forked=True)
    assert r.code == 0, r.out + r.err
    assert "1 mødefil(er) kunne ikke læses" in r.err, r.err
    # A committed meeting that became a FIFO is a changed file for --aendret-siden.
    (minutes.root / APPROVED).unlink()
    os.mkfifo(minutes.root / APPROVED)
    only_finding(run(minutes.root, "tjek", "--aendret-siden", "main", forked=True), f"{APPROVED}: {FIFO}", 1)


def test_other_special_files_are_findings(minutes, monkeypatch):
    sock = socket.socket(socket.AF_UNIX)
    monkeypatch.chdir(minutes.root)
    sock.bind(NEW)  # relative: a socket's path may be no longer than 107 bytes
    (minutes.root / "moeder" / "styregruppen" / "gruppe.yaml").unlink()
    (minutes.root / "moeder" / "styregruppen" / "gruppe.yaml").mkdir()
    (minutes.root / GROUP / "2030-02-01.md").mkdir()
    try:
        r = run(minutes.root, "tjek")
    finally:
        sock.close()
    got = findings(r)
    assert f"{NEW}: {FIFO.replace('en navngiven pipe (FIFO)', 'en socket')}" in got, r.out
    for path in ("moeder/styregruppen/gruppe.yaml", f"{GROUP}/2030-02-01.md"):
        assert f"{path}: {FIFO.replace('en navngiven pipe (FIFO)', 'en mappe')}" in got, r.out
    # The folder has its gruppe.yaml, only not a usable one: no G003.
    assert not [line for line in got if " G003 " in line], r.out
    assert r.code == 1


def test_a_file_too_large_is_refused_from_its_size_without_reading_it(minutes):
    """A sparse file of a terabyte: reading it whole cannot even be tried."""
    with open(minutes.root / NEW, "wb") as f:
        f.truncate(1 << 40)
    r = run(minutes.root, "tjek", NEW)
    only_finding(r, f"{NEW}: fejl F006 Filen er for stor ({(1 << 40) // 1024} KB); et møde må højst fylde 2 MB", 1)


# --- names ---------------------------------------------------------------------------------------


# name: (bytes, what the shown name begins and ends with, however the printing escapes the rest)
BAD_NAMES = {"folder": (b"moeder/gr\xe6ppe", "moeder/gr", "ppe"),
             "file": (GROUP.encode() + b"/2030-01-10\xff.md", f"{GROUP}/2030-01-10", ".md"),
             "newline": (GROUP.encode() + b"/2030-01-10\n.md", f"{GROUP}/2030-01-10", ".md")}


@pytest.mark.parametrize("kind", sorted(BAD_NAMES))
def test_name_that_is_not_utf8_or_holds_control_characters_is_a_finding(minutes, kind):
    n = meeting_count(minutes.root)
    name, begins, ends = BAD_NAMES[kind]
    full = os.path.join(os.fsencode(minutes.root), name)
    if kind == "folder":  # a group with a meeting: neither is used
        os.mkdir(full)
        with open(os.path.join(full, b"gruppe.yaml"), "w", encoding="utf-8") as f:
            f.write("navn: Hemmelig gruppe\n")
        full = os.path.join(full, b"2030-01-10.md")
    with open(full, "w", encoding="utf-8") as f:
        f.write(SECRET)
    # Printing such a name is not this test's business: let Python escape what it cannot encode.
    env = {"PYTHONIOENCODING": "utf-8:backslashreplace"}
    r = run(minutes.root, "tjek", "--format", "json", env=env)
    assert r.code == 1, r.out + r.err
    found = json.loads(r.out)
    why = "Navnet indeholder styretegn (fx et linjeskift)" if kind == "newline" else "Navnet er ikke UTF-8"
    assert [(f["kode"], f["besked"]) for f in found] == [("F008", f"{why}, så referat læser den ikke")], r.out
    assert found[0]["fil"].startswith(begins) and found[0]["fil"].endswith(ends), found[0]["fil"]
    r = run(minutes.root, "tjek", env=env)
    assert r.lines[-1] == f"1 fejl og 0 advarsler i {n} møder.", r.out  # it is no meeting
    for command in (("opgaver",), ("kalender",), ("dagsorden", APPROVED), ("vis", APPROVED)):
        r = run(minutes.root, *command, env=env)
        assert r.code == 0, (command, r.out, r.err)
        assert "hemmelig" not in r.out.lower() + r.err.lower()


# --- access --------------------------------------------------------------------------------------

PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _as_anyone() -> None:
    """In the child, before it starts: root's power to read any file whatever its permission
    bits leaves the capability bounding set, so the bits apply to it as to anyone. (Dropping to
    another user would not do: Python itself lives under /root here.)"""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


AS_ANYONE = _as_anyone if os.geteuid() == 0 else None


def test_unreadable_file_is_a_finding_and_the_rest_is_checked(minutes):
    n = meeting_count(minutes.root)
    (minutes.root / FILE).write_text(VALID, encoding="utf-8")
    (minutes.root / FILE).chmod(0)
    # The child really cannot read it (root or not): else this test would prove nothing.
    probe = subprocess.run([sys.executable, "-c", f"open({os.fspath(minutes.root / FILE)!r}, 'rb')"],
                           preexec_fn=AS_ANYONE, capture_output=True, text=True)
    assert "PermissionError" in probe.stderr, probe.stderr
    r = run(minutes.root, "tjek", preexec_fn=AS_ANYONE)
    only_finding(r, f"{FILE}: {NO_ACCESS}", n + 1)
    r = run(minutes.root, "tjek", "--aendret-siden", "main", preexec_fn=AS_ANYONE)
    only_finding(r, f"{FILE}: {NO_ACCESS}", 1)
    r = run(minutes.root, "opgaver", preexec_fn=AS_ANYONE)
    assert r.code == 0 and "1 mødefil(er) kunne ikke læses" in r.err, r.out + r.err


def test_unreadable_folder_is_a_finding(minutes):
    folder = minutes.root / "moeder" / "styregruppen"
    folder.chmod(0)
    try:
        r = run(minutes.root, "tjek", preexec_fn=AS_ANYONE)
    finally:
        folder.chmod(0o755)
    got = findings(r)
    assert got[0] == f"moeder/styregruppen: {NO_ACCESS.replace('Filen', 'Mappen')}", r.out
    assert r.code == 1


# --- an interrupted write ------------------------------------------------------------------------


def test_stray_temporary_files_of_an_interrupted_write_are_ignored(minutes):
    """write_atomic writes .NAME.<random>.tmp beside the file; a kill can leave one behind. The
    scanner skips names beginning with a dot (this held before the hardening too)."""
    minutes.write(FILE, VALID)
    minutes.write(f"{GROUP}/.2025-06-13.md.k3j2h1.tmp", VALID[: len(VALID) // 2])  # cut off mid-file
    minutes.write("moeder/.gruppe.yaml.x9y8z7.tmp", "navn: [")
    r = run(minutes.root, "tjek")
    assert r.code == 0, r.out
    assert r.lines == [f"Alt er i orden: {meeting_count(minutes.root)} møder tjekket."]
