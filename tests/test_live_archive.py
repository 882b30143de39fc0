"""This repository is a live minutes archive: secretaries add meetings to moeder/ with `referat
ny` and people to personer.yaml. No test may depend on those minutes (tests read the frozen copy
in tests/fixtures/arkiv), or a secretary's pull request turns the tests red for reasons they
cannot see. The proof: a copy of the repository with a new meeting added and filled in the
ordinary way, on which `tjek` and the whole test suite pass."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import PROJECT, MinutesRepo, git
from referat.datoer import MONTHS

NEW_PERSON = "Mette Prøvesen"


def copy_of_the_repository(to: Path) -> Path:
    """The repository's files as a pull request would have them: the tracked ones and the new
    ones git does not ignore, committed to a git repository of its own."""
    listed = git(PROJECT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = PROJECT / name
        if source.is_file() or source.is_symlink():  # not a file deleted but not yet committed
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, to / name, follow_symlinks=False)
    git(to, "init", "-q", "-b", "main", "--template=")
    MinutesRepo(to).commit("kopi af repositoriet")
    return to


def referat(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The copy's own referat, as a secretary runs it there."""
    return subprocess.run([sys.executable, "-m", "referat", *args], cwd=repo, env=env_of(repo),
                          capture_output=True, text=True)


def env_of(repo: Path) -> dict[str, str]:
    """This environment without what the running pytest set for itself, with the copy's code."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return {**env, "PYTHONPATH": str(repo / "src")}


def danish(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def add_a_person(repo: Path) -> None:
    """A new person at the end of personer.yaml, in the first organisation of kommuner.yaml."""
    organisation = yaml.safe_load((repo / "kommuner.yaml").read_text(encoding="utf-8"))["organisationer"][0]["id"]
    with (repo / "personer.yaml").open("a", encoding="utf-8") as f:
        f.write(f"\n  - id: mette-proevesen\n    navn: {NEW_PERSON}\n    tilknytning:\n"
                f"      - organisation: {organisation}\n")


def add_a_meeting(repo: Path) -> tuple[Path, str]:
    """`referat ny` for the first group, today (or the day after its latest meeting); then the
    secretary's part: status udkast, who came, the minutes, a decision and a task with a
    deadline. Returns the meeting file and the task's text."""
    group = sorted((repo / "moeder").glob("*/gruppe.yaml"))[0].parent
    held = [dt.date.fromisoformat(p.stem) for p in group.glob("*.md") if re.fullmatch(r"\d{4}-\d\d-\d\d", p.stem)]
    day = max([dt.date.today(), *(d + dt.timedelta(days=1) for d in held)])
    made = referat(repo, "ny", "--gruppe", group.name, "--dato", day.isoformat())
    assert made.returncode == 0, made.stdout + made.stderr
    path = group / f"{day.isoformat()}.md"

    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 3) + 1
    front, body = text[:end], text[end:]
    front, changed = re.subn(r"^status: planlagt\b.*$", "status: udkast", front, flags=re.MULTILINE)
    assert changed == 1, front
    front, invited = re.subn(r"^inviterede:[ \t]*$", f"deltagere:\n  - {NEW_PERSON}", front, flags=re.MULTILINE)
    if not invited:
        front += f"deltagere:\n  - {NEW_PERSON}\n"
    heading = re.search(r"^## (\d+)\..*$", body, flags=re.MULTILINE)
    assert heading, body
    front += f"beslutninger:\n  - punkt: {heading[1]}\n    tekst: Dagsordenen blev godkendt.\n"
    task = "Sende referatet til medlemmerne."
    minutes = (f"\n\nDagsordenen blev godkendt uden bemærkninger.\n\n"
               f"- [ ] {task} Ansvarlig: {NEW_PERSON}. Frist: {danish(day + dt.timedelta(days=14))}.")
    body = body[:heading.end()] + minutes + body[heading.end():]
    path.write_text(front + body, encoding="utf-8")
    return path, task


def test_the_suite_passes_on_a_copy_with_a_new_meeting_and_a_new_person(tmp_path, request):
    repo = copy_of_the_repository(tmp_path / "repo")
    add_a_person(repo)
    path, task = add_a_meeting(repo)
    checked = referat(repo, "tjek")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tasks = referat(repo, "opgaver", "--ansvarlig", NEW_PERSON)
    assert task in tasks.stdout, tasks.stdout + tasks.stderr  # the meeting is filled in as referat reads it
    MinutesRepo(repo).commit(f"Referat {path.stem}")

    # The whole suite again, on the copy, but this test; it runs last (conftest.py), when the
    # other tests are done, so the run has the cores to itself.
    suite = subprocess.run([sys.executable, "-m", "pytest", "-rfE", "-p", "no:cacheprovider", "-n", "auto",
                            f"--basetemp={tmp_path / 'tmp'}", "--deselect", request.node.nodeid],
                           cwd=repo, env=env_of(repo), capture_output=True, text=True)
    summary = "\n".join(suite.stdout.splitlines()[-60:])  # the failed tests and the count
    assert suite.returncode == 0, f"tests fail on the copy with {path.relative_to(repo)}:\n{summary}\n{suite.stderr}"
