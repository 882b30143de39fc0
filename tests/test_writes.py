"""Where referat writes: document output (--ud) onto devices, FIFOs, links and archive files;
`luk` and `godkend` racing on one meeting; links, read-only meetings and temporary files
left by a killed referat. Every run is the real CLI on real files."""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import subprocess
import sys
import threading

import pytest

from conftest import Result, failed, finish_forked, ok, start_forked
from meetingtext import FILE, meeting

DAY = "2025-06-20"
# Six one-line tasks in a row: when godkend adds its three lines above them, the line a stale
# `luk` would tick is another task's.
TASKS = "".join(f"- [ ] Opgave nummer {n}. Ansvarlig: Povl Skov.\n" for n in range(1, 7))
DRAFT = meeting(("- [ ] Sende overblik over netværkene til alle medlemmer.\n"
                 "      Ansvarlig: Povl Skov. Frist: 1. september 2025.\n", TASKS))
# Approved at the end of the meeting itself: the group's next meeting is after DAY.
AT_MEETING = ("--moede", "2025-06-13")
APPROVAL = "status: godkendt\ngodkendt:\n  dato: 2025-06-20\n  moede: 2025-06-13\n"


def closed(text: str, *numbers: int) -> str:
    for n in numbers:
        text = meeting((f"- [ ] Opgave nummer {n}. Ansvarlig: Povl Skov.\n",
                        f"- [x] Opgave nummer {n}. Ansvarlig: Povl Skov. Lukket: {DAY}.\n"), text=text)
    return text


def approved(text: str) -> str:
    return meeting(("status: udkast\n", APPROVAL), text=text)


def together(minutes, *commands: tuple[str, ...]) -> list[Result]:
    """commands, each in a forked child, all started at once."""
    children = [start_forked(minutes.root, *c) for c in commands]
    return [finish_forked(child) for child in children]


# Without the lock, three commands started together lose a change in more than half of the
# rounds (measured with the flock in atomic._open_locked removed): eight rounds all but never miss it.
ROUNDS = 8


def test_three_luk_at_once_on_one_meeting_all_land(minutes):
    path = minutes.write(FILE, DRAFT)
    for _ in range(ROUNDS):
        path.write_text(DRAFT, encoding="utf-8")
        results = together(minutes, *[("opgaver", "luk", f"2025-06-13-{n}", "--dato", DAY) for n in (2, 4, 5)])
        for r in results:
            assert r.code == 0 and r.out.startswith("Lukket") and "Traceback" not in r.err, r
        assert minutes.read(FILE) == closed(DRAFT, 2, 4, 5)


def test_luk_and_godkend_at_once_keep_all_changes_and_tick_the_right_tasks(minutes):
    path = minutes.write(FILE, DRAFT)
    for _ in range(ROUNDS):
        path.write_text(DRAFT, encoding="utf-8")
        results = together(minutes, ("godkend", "2025-06-13", "--dato", DAY, *AT_MEETING),
                           ("opgaver", "luk", "2025-06-13-5", "--dato", DAY),
                           ("opgaver", "luk", "2025-06-13-2", "--dato", DAY))
        for r in results:
            assert r.code == 0 and "Traceback" not in r.err, r
        assert minutes.read(FILE) == approved(closed(DRAFT, 2, 5))


# --- 14: links, read-only meetings, leftovers ---------------------------------------------------


@pytest.mark.parametrize("command, phrases", [
    # a linked meeting is never read (F005), so its tasks are not there to close
    (("opgaver", "luk", "2025-06-13-2", "--dato", DAY), ("ingen opgave med id '2025-06-13-2'",)),
    (("godkend", FILE, "--dato", DAY, *AT_MEETING), (FILE, "er et symbolsk link", "ændrer ikke"))])
def test_a_linked_meeting_is_refused_and_the_link_stays(minutes, command, phrases):
    real = minutes.write("arkiv-kopi/2025-06-13.md", DRAFT)
    link = minutes.root / FILE
    link.symlink_to(os.path.relpath(real, link.parent))
    failed(minutes.run(*command), *phrases)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == DRAFT


@pytest.mark.parametrize("command", [("opgaver", "luk", "2025-06-13-2", "--dato", DAY),
                                     ("godkend", "2025-06-13", "--dato", DAY, *AT_MEETING)])
def test_a_read_only_meeting_is_left_as_it_is(minutes, command):
    path = minutes.write(FILE, DRAFT)
    path.chmod(0o444)
    inode = path.stat().st_ino
    failed(minutes.run(*command), FILE, "skrivebeskyttet", "444")
    assert path.read_text(encoding="utf-8") == DRAFT
    assert (path.stat().st_ino, stat.S_IMODE(path.stat().st_mode)) == (inode, 0o444)


def test_luk_removes_the_temporary_files_a_killed_referat_left_and_no_others(minutes):
    minutes.write(FILE, DRAFT)
    stale = [minutes.write(f"{FILE.rsplit('/', 1)[0]}/.2025-06-13.md.{n}.tmp", "halvt skrevet") for n in
             ("k1ll3d_a", "zz9_0abc")]
    other = minutes.write("moeder/boern-og-unge/.2025-03-07.md.abcd1234.tmp", "en anden fils")
    held = minutes.write(f"{FILE.rsplit('/', 1)[0]}/.2025-06-13.md.inuse123.tmp", "skrives lige nu")
    with open(held, "rb") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # as a running referat holds its own
        ok(minutes.run("opgaver", "luk", "2025-06-13-2", "--dato", DAY))
    assert minutes.read(FILE) == closed(DRAFT, 2)
    assert not any(p.exists() for p in stale)
    assert other.exists() and held.exists()


# --- 12: --ud onto what is not a plain file ----------------------------------------------------


def test_ud_onto_a_fifo_writes_through_to_its_reader(minutes):
    fifo = minutes.root / "rør"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there before referat opens it
    got, done = [], threading.Event()

    def read() -> None:  # until referat has finished and everything it wrote is read
        while True:
            finished = done.is_set()
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                chunk = None
            if chunk:
                got.append(chunk)
            elif finished:
                return
            else:
                done.wait(0.01)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        result = ok(minutes.run("kalender", "--dato", DAY, "--ud", str(fifo)))
    finally:
        done.set()
        reader.join(timeout=60)
        os.close(fd)
    data = b"".join(got)
    assert data.startswith(b"BEGIN:VCALENDAR") and data.rstrip().endswith(b"END:VCALENDAR"), data[:80]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert "Skrev" in result.out


def test_ud_onto_a_fifo_nobody_reads_is_refused_at_once(minutes):
    fifo = minutes.root / "rør"
    os.mkfifo(fifo)
    failed(minutes.run("kalender", "--dato", DAY, "--ud", "rør"), "Kan ikke skrive kalenderen til 'rør'", "FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_ud_onto_a_character_device_writes_through(minutes, tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a copy of /dev/null
    except PermissionError:
        device.symlink_to("/dev/null")  # not root: write through a link to the real one
    before = os.lstat(device), os.stat(device)
    ok(minutes.run("kalender", "--dato", DAY, "--ud", str(device)))
    after = os.lstat(device), os.stat(device)
    assert stat.S_ISCHR(after[1].st_mode)
    assert [(s.st_mode, s.st_ino, s.st_rdev) for s in after] == [(s.st_mode, s.st_ino, s.st_rdev) for s in before]


def test_ud_through_a_link_writes_its_target_and_keeps_the_link(minutes, tmp_path):
    target = tmp_path / "kalender.ics"
    target.write_text("gammel\n", encoding="utf-8")
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    ok(minutes.run("kalender", "--dato", DAY, "--ud", str(link)))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_ud_through_a_dangling_link_creates_its_target(minutes, tmp_path):
    link = tmp_path / "link.ics"
    link.symlink_to(tmp_path / "ny.ics")
    ok(minutes.run("kalender", "--dato", DAY, "--ud", str(link)))
    assert link.is_symlink() and (tmp_path / "ny.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_ud_to_the_commands_own_stdout_appends_to_it_in_danish(minutes, tmp_path):
    # /dev/fd/1 and /proc/self/fd/1 are what /dev/stdout leads to; the file is write-only and
    # already holds a line: the calendar goes after it. typer's Path check said in English that
    # the path "is not readable", so the capabilities that let root read anything are dropped.
    drop = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
            "--inh-caps", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    if drop:
        assert shutil.which("setpriv"), "setpriv (util-linux) is needed to test as a user who is not root"
    for alias in ("/dev/fd/1", "/proc/self/fd/1"):
        out = tmp_path / "log.txt"
        out.write_bytes(b"log\n")
        out.chmod(0o200)
        with open(out, "ab") as stdout:
            proc = subprocess.run([*drop, sys.executable, "-m", "referat", "kalender", "--dato", DAY, "--ud", alias],
                                  cwd=minutes.root, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120)
        assert proc.returncode == 0 and "not readable" not in proc.stderr, proc.stderr
        written = out.read_bytes()
        assert written.startswith(b"log\nBEGIN:VCALENDAR"), written[:80]
        assert b"END:VCALENDAR" in written


# --- 12: --ud never replaces a file of the archive or a read-only file -------------------------


@pytest.mark.parametrize("target", ["moeder/boern-og-unge/2025-03-07.md", "moeder/boern-og-unge/gruppe.yaml",
                                    "personer.yaml", "kommuner.yaml", "templates/eget.md.j2",
                                    "moeder/boern-og-unge/ny.md"])
def test_ud_never_writes_into_the_archive(minutes, target):
    path = minutes.root / target
    before = path.read_bytes() if path.exists() else None
    if target.startswith("templates/"):
        before = minutes.write(target, "{{ egen }}\n").read_bytes()
    err = failed(minutes.run("vis", "2025-03-07", "--ud", target), f"Kan ikke skrive referatet til '{target}'",
                 "mødearkivet", "overskrives ikke")
    assert "not readable" not in err
    assert (path.read_bytes() if path.exists() else None) == before


def test_ud_through_a_link_into_the_archive_is_refused(minutes, tmp_path):
    meeting_file = minutes.root / "moeder/boern-og-unge/2025-03-07.md"
    before = meeting_file.read_bytes()
    link = tmp_path / "referat.md"
    link.symlink_to(meeting_file)
    failed(minutes.run("vis", "2025-03-07", "--ud", str(link)), "moeder/boern-og-unge/2025-03-07.md",
           "overskrives ikke")
    assert meeting_file.read_bytes() == before and link.is_symlink()


def test_ud_onto_a_read_only_file_is_refused(minutes):
    out = minutes.write("kalender.ics", "min egen\n")
    out.chmod(0o444)
    failed(minutes.run("kalender", "--dato", DAY, "--ud", "kalender.ics"), "skrivebeskyttet")
    assert out.read_text(encoding="utf-8") == "min egen\n"

