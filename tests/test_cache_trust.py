"""A .referat-cache/ that came with the repository (a pull request, a committed folder) can
neither run code, nor hide findings, nor make referat write or delete outside the repository.

Forged caches are made by referat's own cache writer (FORGE below), so they are in exactly
the format referat reads; only the key they are signed with is the forger's."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from conftest import ARCHIVE, MinutesRepo, git, ok

MEETING = "moeder/boern-og-unge/2025-03-07.md"
UNKNOWN = "Ukendt person 'Pernille Lentzner'"  # found by the checker, not by reading the file

# Writes .referat-cache/tjek.* with referat's own code as a forger would: every meeting
# "checked" by a checker that finds nothing ("none") or returns something that is no
# finding ("junk"), signed with the key given in hex (or, for "own", the user's real key).
FORGE = r"""
import sys
from pathlib import Path
from referat import archive, cache
root, key, claim = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
for old in (root / ".referat-cache").glob("tjek-*"):
    old.unlink()  # so that every meeting is "checked" anew
if key != "own":
    cache._key = lambda *args: bytes.fromhex(key)
checker = {"none": lambda m, reg: [], "junk": lambda m, reg: ["ikke et fund"]}[claim]
rep = archive.Archive(root)
rep.check(rep.layout.meetings, checker)
"""


def forge(minutes: MinutesRepo, key: bytes | None, claim: str = "none") -> None:
    subprocess.run([sys.executable, "-c", FORGE, str(minutes.root), "own" if key is None else key.hex(), claim],
                   cwd=minutes.root, check=True)


def break_meeting(minutes: MinutesRepo) -> None:
    minutes.write(MEETING, minutes.read(MEETING).replace("referent: Pernille Lenzner", "referent: Pernille Lentzner"))


def key_file(folder: Path, data: bytes, mode: int = 0o600) -> Path:
    path = folder / "referat" / "cache-key"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(mode)
    return path


GOOD_KEY = bytes(range(32))


@pytest.mark.parametrize("bad", ["empty", "short", "readable by others", "a link into the repository"])
def test_a_key_file_anyone_could_know_is_not_trusted_and_is_replaced(minutes, tmp_path, monkeypatch, bad):
    """A key left empty or short by a full disk, readable by others, or a link (here to a key
    committed to the repository): a cache signed with it is ignored, and a new key is made."""
    xdg = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    if bad == "empty":
        path, known = key_file(xdg, b""), b""
    elif bad == "short":
        path, known = key_file(xdg, GOOD_KEY[:5]), GOOD_KEY[:5]
    elif bad == "readable by others":
        path, known = key_file(xdg, GOOD_KEY, 0o644), GOOD_KEY
    else:
        committed = minutes.write("noegle", GOOD_KEY)
        committed.chmod(0o600)
        minutes.commit()
        path, known = xdg / "referat" / "cache-key", GOOD_KEY
        path.parent.mkdir(parents=True)
        path.symlink_to(committed)
    break_meeting(minutes)
    forge(minutes, known)
    r = minutes.run("tjek")
    assert r.code == 1 and UNKNOWN in r.out, r.out
    st = os.lstat(path)
    assert stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o600 and st.st_size == 32
    assert path.read_bytes() != known
    if bad == "a link into the repository":
        assert (minutes.root / "noegle").read_bytes() == GOOD_KEY


def test_a_key_inside_the_repository_is_not_trusted(minutes, tmp_path, monkeypatch):
    """XDG_CACHE_HOME pointing into the checked-out repository (as in some CI set-ups), with
    a key committed there: the committed cache signed with it is ignored, and no key is
    written into the repository."""
    xdg = minutes.root / ".cache"
    committed = key_file(xdg, GOOD_KEY)
    break_meeting(minutes)
    forge(minutes, GOOD_KEY)
    git(minutes.root, "add", "-f", ".referat-cache")  # past its .gitignore
    minutes.commit("med nøgle og cache")
    # The forgery works: with that key kept outside the repository, it hides the error.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    key_file(tmp_path / "xdg", GOOD_KEY)
    assert UNKNOWN not in ok(minutes.run("tjek")).out
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    r = minutes.run("tjek")
    assert r.code == 1 and UNKNOWN in r.out, r.out
    assert committed.read_bytes() == GOOD_KEY
    assert sorted(p.name for p in committed.parent.iterdir()) == ["cache-key"]


def test_a_damaged_or_wrongly_typed_cache_is_no_cache(minutes, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    commands = [("tjek",), ("opgaver", "--dato", "2025-05-01"), ("vis", "2025-03-07")]
    before = [ok(minutes.run(*c)).out for c in commands]
    # Garbage in every cache file
    cached = [p for p in (minutes.root / ".referat-cache").iterdir() if p.name != ".gitignore"]
    assert len(cached) >= 4
    for path in cached:
        path.write_bytes(b"\x93\xa1x" + os.urandom(200))
    assert [ok(minutes.run(*c)).out for c in commands] == before
    # Signed with the user's own key, but holding values that are no findings
    forge(minutes, None, "junk")
    r = ok(minutes.run("tjek"))
    assert r.out == before[0]


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    found = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = Path(dirpath, name)
            found[str(path.relative_to(folder))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def _pack_names() -> list[str]:
    """The names of every cache file referat keeps for this project's minutes."""
    from referat.cache import KINDS, pack_name

    return [pack_name(kind, folder) for kind in KINDS for folder in ("boern-og-unge", "styregruppen")]


def _outside(tmp_path: Path) -> Path:
    """A folder outside the repository holding files that look like referat's own."""
    folder = tmp_path / "ude"
    folder.mkdir()
    (folder / "mit.txt").write_text("mit\n", encoding="utf-8")
    for name in _pack_names():
        (folder / f"{name}.msgpack").write_bytes(b"x")
    return folder


def _run_everything(minutes: MinutesRepo) -> None:
    assert ok(minutes.run("tjek")).out.strip().endswith("4 møder tjekket.")
    for day in range(1, 3):
        assert "Lave et overblik" in ok(minutes.run("opgaver", "--dato", "2025-05-01", "--inden",
                                                    f"2025-06-{day:02}")).out
    assert "Børn og Unge" in ok(minutes.run("vis", "2025-03-07")).out


def test_a_committed_cache_folder_that_is_a_link_leads_nowhere(minutes, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    outside = _outside(tmp_path)
    (minutes.root / ".referat-cache").symlink_to(outside)
    minutes.commit("cache som link")
    before = _snapshot(outside)
    _run_everything(minutes)
    _run_everything(minutes)
    assert _snapshot(outside) == before


def test_links_in_a_committed_cache_folder_lead_nowhere(minutes, tmp_path, monkeypatch):
    """A real .referat-cache/ whose .gitignore and cache files are links out of the repository."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    outside = _outside(tmp_path)
    folder = minutes.root / ".referat-cache"
    folder.mkdir()
    (folder / ".gitignore").symlink_to(outside / "gitignore")  # not there: it would be made
    for name in _pack_names():
        (folder / f"{name}.msgpack").symlink_to(outside / f"{name}.msgpack")
    minutes.commit("cache med links")
    before = _snapshot(outside)
    _run_everything(minutes)
    _run_everything(minutes)
    assert _snapshot(outside) == before
    assert not (outside / "gitignore").exists()


def test_every_meeting_and_its_tasks_survive_the_cache_unchanged():
    """The cache's typed decoding gives back equal objects, tuples as tuples, for every real
    meeting of the frozen copy of this repository's minutes."""
    from referat.archive import Archive, ReadMeeting
    from referat.tasks import MeetingTasks, task_rows

    read = Archive(ARCHIVE, use_cache=False).read()
    assert read and all(r.meeting is not None for r in read)
    for one in read:
        assert msgspec.msgpack.decode(msgspec.msgpack.encode(one), type=ReadMeeting) == one
        for done in (False, True):
            rows = task_rows(one.meeting, done)
            back = msgspec.msgpack.decode(msgspec.msgpack.encode(rows), type=MeetingTasks | None)
            assert back == rows and all(type(row.owner_texts) is tuple for row in back.rows)
