"""The cache in .referat-cache/ never serves a stale result: every change a user can make
shows in the very next run."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from conftest import MinutesRepo

MEETING = "moeder/boern-og-unge/2025-03-07.md"


def _warm(minutes: MinutesRepo) -> None:
    first = minutes.run("tjek")
    assert first.code == 0, first.out
    assert list((minutes.root / ".referat-cache").glob("tjek-*.msgpack"))


def test_an_edited_meeting_is_checked_again(minutes):
    _warm(minutes)
    text = minutes.read(MEETING).replace("referent: Pernille Lenzner", "referent: Pernille Lentzner")
    minutes.write(MEETING, text)
    r = minutes.run("tjek")
    assert r.code == 1
    assert "Ukendt person 'Pernille Lentzner' — mente du 'Pernille Lenzner' (pernille-lenzner)?" in r.out


def test_an_edit_of_the_same_size_in_the_same_second_is_seen(minutes):
    _warm(minutes)
    path = minutes.root / MEETING
    before = path.stat()
    text = minutes.read(MEETING).replace("status: udkast", "status: udkasx")
    minutes.write(MEETING, text)
    # Same size, and the modification time put back: only the content tells.
    import os
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert "Ukendt status 'udkasx'" in minutes.run("tjek").out


def test_an_edit_that_keeps_size_time_and_inode_is_seen_in_a_file_that_sat_still(minutes):
    """Once a file has been left alone for a while (two seconds), the cache knows it by its
    size, times and inode and does not read it again. An edit in place of the same size,
    with the modification time put back, must still show: the change time gives it away."""
    time.sleep(2.1)
    _warm(minutes)  # hashes every file, and from now on knows them by their stat
    path = minutes.root / MEETING
    before = path.stat()
    data = path.read_bytes()
    at = data.index(b"status: udkast")
    with open(path, "r+b") as f:  # the same file (inode), not a new one
        f.seek(at)
        f.write(b"status: udkasx")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    assert "Ukendt status 'udkasx'" in minutes.run("tjek").out


def test_a_renamed_meeting_is_checked_under_its_new_name(minutes):
    _warm(minutes)
    (minutes.root / MEETING).rename(minutes.root / "moeder/boern-og-unge/2025-03-08.md")
    r = minutes.run("tjek")
    assert ("moeder/boern-og-unge/2025-03-08.md:3:7: fejl D002 Mødedatoen 2025-03-07 er ikke datoen i filnavnet "
            "(2025-03-08.md)") in r.out


def test_a_deleted_meeting_is_gone(minutes):
    _warm(minutes)
    (minutes.root / MEETING).unlink()
    r = minutes.run("tjek")
    assert r.out.strip().endswith("3 møder tjekket.")
    tasks = minutes.run("opgaver", "--dato", "2025-05-01", "--format", "json").out
    assert "2025-03-07" not in tasks


def test_a_change_in_personer_yaml_reaches_unchanged_meetings(minutes):
    _warm(minutes)
    minutes.write("personer.yaml", minutes.read("personer.yaml").replace("navn: Pernille Lenzner",
                                                                         "navn: Pernille Lenzner-Holm"))
    r = minutes.run("tjek")
    assert "Ukendt person 'Pernille Lenzner'" in r.out


def test_a_change_in_kommuner_yaml_reaches_unchanged_meetings(minutes):
    _warm(minutes)
    text = minutes.read("kommuner.yaml")
    old = "  - id: kl\n    navn: KL\n    kort: KL\n"
    assert text.count(old) == 1
    minutes.write("kommuner.yaml",
                  text.replace(old, "  - id: kommunernes-landsforening\n    navn: Kommunernes Landsforening\n"))
    r = minutes.run("tjek")
    assert r.code == 1
    # The steering group's minutes name KL, which the registry no longer knows by that name.
    assert "moeder/styregruppen/2025-03-14.md" in r.out and "'KL'" in r.out


def test_a_change_in_gruppe_yaml_reaches_unchanged_meetings(minutes):
    _warm(minutes)
    (minutes.root / "moeder/boern-og-unge/gruppe.yaml").unlink()
    r = minutes.run("tjek")
    assert "fejl G003 Mappen moeder/boern-og-unge har ingen gruppe.yaml" in r.out


def test_tasks_follow_an_edited_meeting(minutes):
    minutes.run("opgaver", "--dato", "2025-05-01")
    text = minutes.read(MEETING).replace("Ansvarlig: Lisbeth Broberg.", "Ansvarlig: Povl Skov.")
    minutes.write(MEETING, text)
    rows = minutes.run("opgaver", "--dato", "2025-05-01", "--ansvarlig", "Povl Skov").out
    assert "Lave et overblik" in rows


def test_a_new_version_of_referat_does_not_use_the_old_cache(minutes, tmp_path):
    """A copy of referat with another version number, run as a user would run it."""
    _warm(minutes)
    text = minutes.read(MEETING).replace("status: udkast", "status: udkaZ")
    minutes.write(MEETING, text)
    # Make the cache claim the file is fine: run once, then restore the good text and warm again.
    good = text.replace("status: udkaZ", "status: udkast")
    minutes.write(MEETING, good)
    _warm(minutes)
    copy = tmp_path / "site" / "referat"
    import referat

    shutil.copytree(Path(referat.__file__).parent, copy, symlinks=False)
    init = copy / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace('__version__ = "', '__version__ = "99.'), encoding="utf-8")
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(copy.parent)}
    out = subprocess.run([sys.executable, "-c", "import referat; print(referat.__version__)"], cwd=minutes.root,
                         env=env, capture_output=True, text=True).stdout
    assert out.startswith("99.")
    from referat.cache import pack_name

    cache_file = minutes.root / ".referat-cache" / f"{pack_name('tjek', 'boern-og-unge')}.msgpack"
    before = cache_file.read_bytes()
    r = subprocess.run([sys.executable, "-m", "referat", "tjek"], cwd=minutes.root, env=env, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert cache_file.read_bytes() != before  # rebuilt for the new version, not reused


def test_the_cache_folder_keeps_itself_out_of_git(minutes):
    _warm(minutes)
    from conftest import git
    assert ".referat-cache" not in git(minutes.root, "status", "--porcelain")


# --- `referat opgaver` asked the same question twice: the task cache never serves a stale list ---

TASKS = ("opgaver", "--dato", "2025-05-01", "--format", "json")


def _task_list(minutes: MinutesRepo) -> list[dict]:
    import json

    r = minutes.run(*TASKS)
    assert r.code == 0, r.out
    return json.loads(r.out)


def test_the_same_question_after_an_edit_gets_a_new_answer(minutes):
    first = _task_list(minutes)
    assert _task_list(minutes) == first  # the second answer comes from the cache
    minutes.write(MEETING, minutes.read(MEETING).replace("- [ ] Lave et overblik", "- [ ] Lave en oversigt"))
    texts = [t["tekst"] for t in _task_list(minutes)]
    assert any(t.startswith("Lave en oversigt") for t in texts)
    assert not any(t.startswith("Lave et overblik") for t in texts)


def test_a_closed_task_leaves_the_same_question_s_answer(minutes):
    first = _task_list(minutes)
    _task_list(minutes)
    task = next(t for t in first if t["tekst"].startswith("Lave et overblik"))
    r = minutes.run("opgaver", "luk", task["id"], "--dato", "2025-04-01")
    assert r.code == 0, r.out
    assert task["id"] not in [t["id"] for t in _task_list(minutes)]


def test_a_renamed_person_changes_the_same_question_s_answer(minutes):
    def owners_of_first_task() -> list[str]:
        return next(t for t in _task_list(minutes) if t["id"] == "2022-05-20-1")["ansvarlige_id"]

    assert owners_of_first_task() == ["lars-petersen"]
    assert owners_of_first_task() == ["lars-petersen"]
    text = minutes.read("personer.yaml")
    assert text.count("id: lars-petersen") == 1
    minutes.write("personer.yaml", text.replace("id: lars-petersen", "id: lars-p"))
    assert owners_of_first_task() == ["lars-p"]
