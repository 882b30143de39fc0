"""`referat tjek --aendret-siden REF`: which files changed since a git revision, which
findings to report for them, and whether an approved meeting changed in any other way than a
task being ticked off (M004).

The whole repository is still read and checked, so the rules that look across files stay
right; only the findings reported are limited to the files the change can have affected.
git is asked through subprocess, in the minutes repository's root; nothing here prints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from referat import attachments, datoer, repo
from referat.check import CheckResult, check
from referat.errors import GitError
from referat.findings import Collector, Finding
from referat.meeting import read_meeting_file
from referat.model import WrittenTask
from referat.rules import Rule

REGISTRIES = (repo.PERSONS_FILE, repo.ORGS_FILE)


@dataclass
class Changes:
    """What differs between REF and the working tree (committed, staged, unstaged, untracked).

    Paths are relative to the minutes repository's root, with forward slashes."""

    ref: str  # as the user wrote it
    commit: str  # the commit REF names
    prefix: str = ""  # the root's folder inside the git repository ("" at its top), with a slash
    changed: set[str] = field(default_factory=set)  # existing now: added, modified, renamed (new path), untracked
    deleted: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)  # new path → path in REF


# --- git ---------------------------------------------------------------------------------------


def _git(root: Path, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # C locale: git's own messages are only shown, never parsed, except "not a git repository".
    # No optional locks: `git diff` must not write the index (a read-only checkout, a parallel run).
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, input=input, env=env)
    except FileNotFoundError:
        raise GitError("git er ikke installeret (eller ikke på PATH); --aendret-siden sammenligner med git") from None


def _fail(proc: subprocess.CompletedProcess[bytes], what: str) -> GitError:
    detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return GitError(f"git kunne ikke {what}" + (f": {detail[-1]}" if detail else ""))


def _prefix(root: Path) -> str:
    """The root's path inside its git repository ("" at the top), proving it is in one."""
    proc = _git(root, "rev-parse", "--show-prefix")
    if proc.returncode != 0:
        if b"not a git repository" in proc.stderr:
            raise GitError(f"Mødearkivet {root} er ikke et git-repository (og ligger ikke i et); "
                           "--aendret-siden sammenligner med git og kan kun bruges i et")
        raise _fail(proc, "læse repositoryet")
    return os.fsdecode(proc.stdout.rstrip(b"\n"))


def _commit(root: Path, ref: str) -> str:
    proc = (None if not ref or ref.startswith("-")
            else _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"))
    if proc is None or proc.returncode != 0:
        raise GitError(f"Kender ikke REF '{ref}' i git; skriv en gren, et tag eller en commit, fx origin/main "
                       "eller HEAD~1. I GitHub Actions skal actions/checkout have 'fetch-depth: 0', så "
                       "grenen, der sammenlignes med, er hentet")
    return proc.stdout.decode().strip()


def changes_since(root: Path, ref: str) -> Changes:
    """The files under root that differ from REF: `git diff REF` (with renames as their new
    path) plus the untracked files git does not ignore. Deleted files are kept apart."""
    prefix = _prefix(root)
    result = Changes(ref, _commit(root, ref), prefix)
    proc = _git(root, "diff", "--name-status", "-z", "-M", "--relative", "--no-ext-diff", result.commit, "--")
    if proc.returncode != 0:
        raise _fail(proc, f"sammenligne med {ref}")
    fields = [os.fsdecode(f) for f in proc.stdout.split(b"\0")]
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            result.changed.add(new)
            if status == "R":
                result.renamed[new] = old
        else:
            path = fields[i + 1]
            i += 2
            (result.deleted if status == "D" else result.changed).add(path)
    proc = _git(root, "ls-files", "-z", "--others", "--exclude-standard")
    if proc.returncode != 0:
        raise _fail(proc, "finde nye filer")
    result.changed.update(os.fsdecode(f) for f in proc.stdout.split(b"\0") if f)
    # A file deleted from git but still on disk (git rm --cached) is untracked, not gone.
    result.deleted -= result.changed
    return result


def _old_contents(root: Path, changes: Changes, paths: list[str]) -> dict[str, bytes]:
    """The bytes of each path in the commit (one `git cat-file --batch` for all); a path the
    commit does not have is left out."""
    asked = [p for p in paths if "\n" not in p]
    if not asked:
        return {}
    request = "".join(f"{changes.commit}:{changes.prefix}{p}\n" for p in asked).encode("utf-8", "surrogateescape")
    proc = _git(root, "cat-file", "--batch", input=request)
    if proc.returncode != 0:
        raise _fail(proc, "læse de gamle udgaver af filerne")
    out, pos, found = proc.stdout, 0, {}
    for p in asked:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        pos = end + 1
        if len(header) != 3:  # "<name> missing" (or ambiguous)
            continue
        size = int(header[2])
        if header[1] == b"blob":
            found[p] = out[pos:pos + size]
        pos += size + 1
    return found


# --- which findings to report ------------------------------------------------------------------


def _is_group_file(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == repo.MEETINGS_DIR and parts[2] == repo.GROUP_FILE


def report_scope(changes: Changes) -> set[str] | None:
    """The files whose findings a change can have caused; None for every file.

    A meeting's findings depend on the meeting and the registries only. A registry or a
    group file (a group can be an owner or responsible in any meeting) changes what every
    meeting's names mean, so then every file is reported. A group folder is reported with the
    files in it (G003: a folder without gruppe.yaml)."""
    touched = changes.changed | changes.deleted | set(changes.renamed.values())
    if any(p in REGISTRIES or _is_group_file(p) for p in touched):
        return None
    scope = {p for p in changes.changed if p.startswith(repo.MEETINGS_DIR + "/")}
    # An attachment's file: its own B006, and what the meetings that name it say of it (check()).
    scope |= {p for p in touched if attachments.touches([p])}
    for p in touched:
        parts = p.split("/")
        if len(parts) >= 3 and parts[0] == repo.MEETINGS_DIR:
            scope.add(f"{repo.MEETINGS_DIR}/{parts[1]}")
    return scope


# --- M004: an approved meeting may only have tasks ticked off ----------------------------------

_OPEN_BOX = re.compile(rb"^([ \t>]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+)\[ \]")
_CLOSED_TAIL = re.compile(rb"^[ \t]+Lukket:[ \t]*(.+)$")  # (.+?)\.?[ \t]*$ was quadratic in trailing spaces


def _lines(raw: bytes) -> list[bytes]:
    """The lines without their endings: CRLF or LF and a BOM are no change to the text."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.splitlines()


def _closing_tail(tail: bytes, already_dated: bool) -> bool:
    """Whether tail is what closing appends to a task's last line: ' Lukket: DATE.'."""
    if not tail:
        return already_dated
    m = _CLOSED_TAIL.match(tail)
    if not m:
        return False
    try:
        datoer.parse_date(m.group(1).rstrip(b" \t").removesuffix(b".").decode("utf-8"))
    except (UnicodeDecodeError, datoer.DateError):
        return False
    return True


def _task_ticked_off(t: WrittenTask, old: list[bytes], new: list[bytes], new_of: dict[int, int]) -> bool:
    """Whether the task's lines in new are its lines in old with the box ticked and the
    closing date appended to its last line, and nothing else."""
    first, last = t.line - 1, t.last_line - 1
    if t.done or last >= len(old) or any(k not in new_of for k in range(first, last + 1)):
        return False
    box = _OPEN_BOX.match(old[first])
    if not box:
        return False
    for k in range(first, last + 1):
        want = old[k]
        got = new[new_of[k]]
        if k == first:
            if got[:box.end()] not in (box.group(1) + b"[x]", box.group(1) + b"[X]"):
                return False
            want, got = want[box.end():], got[box.end():]
        if k == last:
            if not got.startswith(want) or not _closing_tail(got[len(want):], bool(t.closed_text)):
                return False
        elif got != want:
            return False
    return True


def first_disallowed_change(old_raw: bytes, new_raw: bytes, old_tasks: list[WrittenTask]) -> int | None:
    """The line (1-based, in the new file) of the first change that is not a task being ticked
    off, or None when every change is one (or there is none)."""
    old, new = _lines(old_raw), _lines(new_raw)
    new_of: dict[int, int] = {}  # old line → the new line in its place (lines changed in place)
    bad: list[int] = []  # 0-based new lines
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            new_of.update(zip(range(i1, i2), range(j1, j2), strict=True))
        else:  # lines added or removed
            bad.append(j1)
    changed = {i for i, j in new_of.items() if old[i] != new[j]}
    for t in old_tasks:
        lines = set(range(t.line - 1, t.last_line))
        touched = changed & lines
        if touched:
            changed -= lines
            if not _task_ticked_off(t, old, new, new_of):
                bad.append(new_of[min(touched)])
    bad += (new_of[i] for i in changed)  # changed lines outside any task
    if not bad:
        return None
    return min(min(bad), max(len(new) - 1, 0)) + 1


def approved_meeting_changes(root: Path, changes: Changes) -> list[Finding]:
    """M004 for every meeting that was approved in REF and has since changed in another way
    than tasks being ticked off; a renamed approved meeting counts as changed. A meeting
    deleted since REF is not reported."""
    candidates = {p: changes.renamed.get(p, p) for p in changes.changed
                  if p.startswith(repo.MEETINGS_DIR + "/") and p.endswith(".md")}
    old_files = _old_contents(root, changes, sorted(set(candidates.values())))
    findings: list[Finding] = []
    for path, old_path in sorted(candidates.items()):
        old_raw = old_files.get(old_path)
        if old_raw is None:
            continue
        meeting, _ = read_meeting_file(old_raw, old_path, repo.group_folder(old_path))
        if meeting is None or meeting.status != "godkendt":
            continue
        new_raw = repo.read_bytes(root, path)
        if new_raw is None:  # a link, a FIFO, no access: the check's finding says why
            continue
        line = first_disallowed_change(old_raw, new_raw, meeting.tasks)
        if line is None and old_path == path:
            continue
        out = Collector(path)
        out.report(Rule.M004, (line, 1) if line else None,
                   f"Et godkendt referat er ændret siden {changes.ref}; kun afkrydsning af opgaver er tilladt",
                   f"Filen hed {old_path} i {changes.ref}" if old_path != path else
                   f"Fortryd ændringen (git checkout {changes.ref} -- {path}); en opgave lukkes med "
                   "'referat opgaver luk ID'")
        findings += out.findings
    return findings


def _named_before(root: Path, changes: Changes) -> set[str]:
    """The files under bilag/ that the changed or deleted meetings named in REF: a change
    that drops a file's last mention leaves it unnamed (B006), though the file is unchanged."""
    old_paths = {changes.renamed.get(p, p) for p in changes.changed | changes.deleted
                 if p.startswith(repo.MEETINGS_DIR + "/") and p.endswith(".md")}
    found: set[str] = set()
    for path, raw in _old_contents(root, changes, sorted(old_paths)).items():
        meeting, _ = read_meeting_file(raw, path, repo.group_folder(path))
        if meeting is not None:
            found.update(attachments.normal(a.file) for a in attachments.named(meeting))
    return {p for p in found if attachments.touches([p])}


# --- the check ---------------------------------------------------------------------------------


def check_since(root: Path, ref: str, only: set[str] | None = None, today: dt.date | None = None) -> CheckResult:
    """`check`, reporting only the findings in files changed since REF (and in files those
    changes can have affected), plus M004; with only, also just the findings in those files."""
    changes = changes_since(root, ref)
    scope = report_scope(changes)
    if scope is not None:
        scope |= _named_before(root, changes)
    if scope is not None and only is not None:
        scope &= only
    result = check(root, scope if scope is not None else only, today=today)
    extra = approved_meeting_changes(root, changes)
    if only is not None:
        extra = [f for f in extra if f.path in only]
    return dataclasses.replace(result, findings=sorted(result.findings + extra))
