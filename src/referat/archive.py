"""A minutes repository as a command opens it: registries and groups at once, meetings when asked."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import msgspec

from referat import cache, repo, settings
from referat.findings import Collector, Finding
from referat.groupfile import read_group
from referat.meeting import read_meeting, read_meeting_file
from referat.model import Group, Handover, Meeting, MeetingFile
from referat.registry import Registry, read_organisations, read_persons, resolve_org_refs
from referat.rules import Rule
from referat.source import MAX_BYTES
from referat.tasks import MeetingTasks, Task, records, task_rows


class GroupRead(NamedTuple):
    group: Group | None
    findings: list[Finding]


def _load_registries(root: Path, use_cache: bool) -> tuple[repo.Layout, Registry, list[Finding], bytes]:
    """The layout, the registries and groups with their findings, and a digest of everything a
    meeting is checked against. A group file is parsed only when it changed (a large archive
    has dozens, and this runs for every command)."""
    layout = repo.scan(root)
    groups: cache.Pack[GroupRead] = cache.open_pack(root, "grupper", "", GroupRead, use_cache)
    reg = Registry()
    findings: list[Finding] = list(layout.findings)
    seen = hashlib.blake2b(digest_size=16)
    for name, reader in ((repo.ORGS_FILE, read_organisations), (repo.PERSONS_FILE, read_persons)):
        out = Collector(name)
        if os.path.lexists(os.path.join(root, name)):
            raw = repo.read_bytes(root, name, out)
            seen.update(name.encode() + b"\0" + (raw or b"") + b"\0")
            findings += out.findings if raw is None else reader(raw, name, reg)
        else:
            out.report(Rule.R004, None, f"{name} mangler i mødearkivets rod")
            findings += out.findings
    findings += resolve_org_refs(reg, repo.PERSONS_FILE)
    for folder in layout.folders:
        path = f"{repo.MEETINGS_DIR}/{folder}/{repo.GROUP_FILE}"
        if folder not in layout.groups:
            out = Collector(f"{repo.MEETINGS_DIR}/{folder}")
            out.report(Rule.G003, None, f"Mappen {repo.MEETINGS_DIR}/{folder} har ingen {repo.GROUP_FILE}",
                       "Opret den med mindst 'navn: ...' (se 'referat format gruppe.yaml')")
            findings += out.findings
            continue
        out = Collector(path)
        raw = repo.read_bytes(root, path, out)
        seen.update(path.encode() + b"\0" + (raw or b"") + b"\0")
        if raw is None:
            findings += out.findings
            continue
        key = _key(path, cache.digest(raw))
        read = groups.get(key)
        if isinstance(read, cache.Missing):
            read = GroupRead(*read_group(raw, path, folder))
            groups.put(key, read)
        findings += read.findings
        if read.group:
            reg.groups[read.group.id] = read.group
    groups.save(complete=True)
    seen.update("\0".join(layout.folders).encode())
    return layout, reg, findings, seen.digest()


class ReadMeeting(NamedTuple):
    meeting: Meeting | None  # None when the file could not be read at all
    findings: list[Finding]  # of reading the file


class Summary(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """What every command may need of every meeting file, small enough to load for all of
    them: which meeting it is, if it is one the documents can use."""

    day: int | None  # the meeting's date as ordinal; None for a file that is no whole meeting
    status: str
    handovers: tuple[Handover, ...] = ()  # the tovholder its decisions record (people.tovholder)

    @property
    def usable(self) -> bool:
        return self.day is not None


def summary(read: ReadMeeting) -> Summary:
    m = read.meeting
    if m is None:
        return Summary(None, "")
    return Summary(m.date.toordinal(), m.status, tuple(d.handover for d in m.decisions if d.handover))


Checker = Callable[[MeetingFile, Registry], list[Finding]]  # checks a file as far as it could be read


class Content(NamedTuple):
    digest: bytes
    raw: bytes | None  # None when the cache knew the digest from the file's stat alone


@dataclass
class _Folder:
    """The meeting files of one group folder, as far as this command has looked at them."""

    contents: dict[str, Content]  # path → content, for the files that may be read
    refused: dict[str, list[Finding]]  # path → why a file may not be read


T = TypeVar("T")


class Archive:
    """A minutes repository as a command sees it: opened once, the registries and groups read at
    once, the meeting files only when asked, and then only those of the group asked about. What
    is made of a file (its summary, its tasks, the whole meeting, its findings) comes from the
    cache when the file is unchanged (cache.py); one lstat per file tells."""

    def __init__(self, root: Path, use_cache: bool = True) -> None:
        self.root = root
        self.layout, self.registry, self.findings, self.digest = _load_registries(root, use_cache)
        self.settings, found = settings.read(root)
        self.findings += found
        self.use_cache = use_cache
        self._folders: dict[str, _Folder] = {}
        self._packs: dict[tuple[str, str], cache.Pack[Any]] = {}  # (kind, group folder) → its cache file
        self._summaries: dict[str, dict[str, Summary]] = {}  # group folder → path → summary
        self._dates: dict[str, dict[str, dt.date]] = {}  # group folder → path → date in its name
        # group folder → its files that are no whole meeting, once any whole-group read has told
        self._unusable: dict[str, set[str]] = {}
        self._files: dict[str, list[str]] = {}  # group folder ("" outside one) → its meeting files
        self._folder_of: dict[str, str] = {}
        for path in self.layout.meetings:
            folder = self._folder_of[path] = repo.group_folder(path) or ""
            self._files.setdefault(folder, []).append(path)

    # --- which files ---------------------------------------------------------------------

    def files(self, group: str | None = None) -> list[str]:
        """The meeting files, all or those of one group folder, in the archive's order."""
        return self.layout.meetings if group is None else self._files.get(group, [])

    def dates(self, group: str | None = None) -> dict[str, dt.date]:
        """Path → the date in the file's name, for the meeting files in group folders (or in
        the group's) that are named after one; worked out once."""
        for folder in self._folders_of(group):
            if folder and folder not in self._dates:
                self._dates[folder] = {p: d for p in self._files[folder] if (d := repo.date_in_name(p)) is not None}
        if group is not None:
            return self._dates.get(group, {})
        return {p: d for folder in self._files if folder for p, d in self._dates[folder].items()}

    def group_of(self, path: str) -> str:
        """The group folder of a meeting file ("" outside one)."""
        return self._folder_of.get(path) or repo.group_folder(path) or ""

    def _folders_of(self, group: str | None) -> list[str]:
        return list(self._files) if group is None else [group] if group in self._files else []

    def _folder(self, folder: str) -> _Folder:
        """Each file's content digest, reading only the files the stat shortcut cannot vouch
        for; and why the others may not be read (repo.read_bytes says)."""
        if folder in self._folders:
            return self._folders[folder]
        stats: cache.Pack[None] = cache.open_pack(self.root, "stat", folder, None, self.use_cache)
        found = _Folder({}, {})
        root = str(self.root)
        for path in self._files.get(folder, []):
            # The common case first, in plain os calls (this runs for every file): a regular
            # file whose stat is what it was when it was hashed. Its name passed repo.scan.
            try:
                st: os.stat_result | None = os.lstat(os.path.join(root, path))
            except OSError:
                st = None
            if st is not None and stat.S_ISREG(st.st_mode) and st.st_size <= MAX_BYTES:
                known = stats.known_digest(path, st)
                if known is not None:
                    found.contents[path] = Content(known, None)
                    continue
            out = Collector(path)
            st = repo.stat_file(self.root, path, out)
            raw = repo.read_bytes(self.root, path, out, st) if st is not None else None
            if st is None or raw is None:
                found.refused[path] = out.findings
                continue
            found.contents[path] = Content(cache.digest(raw), raw)
            stats.learn(path, st, found.contents[path].digest)
        stats.save(complete=True, paths=set(self._files.get(folder, [])))
        self._folders[folder] = found
        return found

    def _pack(self, kind_name: str, folder: str, kind: object) -> cache.Pack[Any]:
        """The cache file of this kind for the group folder, read once per command (a command
        that reads several meetings of one group, like kalender, opens it once)."""
        if (kind_name, folder) not in self._packs:
            self._packs[kind_name, folder] = cache.open_pack(self.root, kind_name, folder, kind, self.use_cache)
        return self._packs[kind_name, folder]

    def _raw(self, path: str) -> Content:
        """The file's content with its bytes, read now if the stat shortcut skipped them; the
        digest is taken again from what was read, in case the file changed in between."""
        folder = self._folder(self.group_of(path))
        content = folder.contents[path]
        if content.raw is None:
            raw = repo.read_required(self.root, path)  # fails only if the file changed since
            content = folder.contents[path] = Content(cache.digest(raw), raw)
        return content

    # --- what is made of them ----------------------------------------------------------------

    def derived(self, kind_name: str, derive: Callable[[ReadMeeting], T], kind: object,
                group: str | None = None, paths: list[str] | None = None) -> dict[str, T]:
        """derive(the file, read) for each meeting file of the group (or all, or those given):
        from the cache when the file is unchanged, else read now and remembered. Values are
        keyed by the file's path and content."""
        result: dict[str, T] = {}
        wanted = None if paths is None else set(paths)
        for folder in self._folders_of(group) if paths is None else sorted({self.group_of(p) for p in paths}):
            pack: cache.Pack[T] = self._pack(kind_name, folder, kind)
            files = self._folder(folder)
            for path in self._files.get(folder, []):
                if wanted is not None and path not in wanted:
                    continue
                if path in files.refused:
                    result[path] = derive(ReadMeeting(None, files.refused[path]))
                    continue
                key = _key(path, files.contents[path].digest)
                value = pack.get(key)
                if isinstance(value, cache.Missing):
                    content = self._raw(path)
                    key = _key(path, content.digest)
                    value = derive(ReadMeeting(*read_meeting(content.raw or b"", path, folder or None)))
                    pack.put(key, value)
                result[path] = value
            pack.save(complete=wanted is None)
        return result

    def read(self, group: str | None = None) -> list[ReadMeeting]:
        """Every meeting file of the group (or all), read, in order."""
        found = self.derived("moede", lambda read: read, ReadMeeting, group)
        return [found[p] for p in self.files(group)]

    def meeting(self, path: str) -> ReadMeeting:
        return self.derived("moede", lambda read: read, ReadMeeting, paths=[path])[path]

    def meetings(self, group: str | None = None) -> list[Meeting]:
        """The meetings of the group (or all); files that are no whole meeting are left out."""
        return [m for m, _ in self.read(group) if m is not None]

    def summaries(self, group: str | None = None) -> dict[str, Summary]:
        """Path → Summary for the meeting files of the group (or all), in order; made once."""
        for folder in self._folders_of(group):
            if folder not in self._summaries:
                self._summaries[folder] = self.derived("resume", summary, Summary, folder)
                self._unusable[folder] = {p for p, s in self._summaries[folder].items() if not s.usable}
        if group is not None:
            return self._summaries.get(group, {})
        return {p: self._summaries[self._folder_of[p]][p] for p in self.layout.meetings}

    def unreadable(self, group: str | None = None) -> list[str]:
        """The meeting files of the group (or all) that are no whole meeting (see model.Meeting):
        the documents leave them out. Known from whatever this command has read of each group
        already (its tasks, say), else from the summaries."""
        for folder in self._folders_of(group):
            if folder not in self._unusable:
                self.summaries(folder)
        return [p for p in self.files(group) if p in self._unusable.get(self.group_of(p), ())]

    def tasks(self, group: str | None = None, closed: bool = True) -> list[Task]:
        """The tasks of the group's meetings (or all), open ones only unless closed. Ids carry
        the group where several groups met the same day; a meeting's date is the one in its
        file name (as selection.py finds meetings), so a command about one group reads nothing
        of the others."""
        found = self.derived("opgaver", lambda read: task_rows(read.meeting, False), MeetingTasks | None, group)
        for folder in self._folders_of(group):  # a file without tasks to give is no whole meeting
            self._unusable[folder] = {p for p in self._files[folder] if found[p] is None}
        if closed:
            done = self.derived("lukkede", lambda read: task_rows(read.meeting, True), MeetingTasks | None, group)
            found = {p: _merged(m, done[p]) for p, m in found.items()}
        days: dict[int, str] = {}
        ambiguous = set()
        for path, day in self.dates().items():
            folder = self._folder_of[path]
            if days.setdefault(day.toordinal(), folder) != folder:
                ambiguous.add(day.toordinal())
        return records(self.registry, [m for m in found.values() if m is not None], ambiguous, closed)

    def check(self, paths: list[str], checker: Checker) -> list[Finding]:
        """The findings of reading and checking each meeting file, keyed by the file and the
        registries' digest; the files that must be checked are checked on both cores when there
        are many."""
        findings: list[Finding] = []
        missing: list[tuple[str, bytes]] = []
        wanted = set(paths)
        packs: dict[str, cache.Pack[list[Finding]]] = {}
        for folder, files_of in self._files.items():
            mine = [p for p in files_of if p in wanted]
            if not mine:
                continue
            pack = packs[folder] = self._pack("tjek", folder, list[Finding])
            files = self._folder(folder)
            for path in mine:
                if path in files.refused:
                    findings += files.refused[path]
                    continue
                cached = pack.get(_key(path, files.contents[path].digest, self.digest))
                if isinstance(cached, cache.Missing):
                    missing.append((path, self._raw(path).raw or b""))
                else:
                    findings += cached
        for path in sorted(wanted.difference(self.layout.meetings)):  # named on the command line, outside moeder/
            out = Collector(path)
            raw = repo.read_bytes(self.root, path, out)
            findings += out.findings
            if raw is not None:
                missing.append((path, raw))
        checked = _check_all(self.registry, checker, [(raw, path) for path, raw in missing])
        for (path, raw), new in zip(missing, checked, strict=True):
            into = packs.get(self.group_of(path))
            if into is not None:
                into.put(_key(path, cache.digest(raw), self.digest), new)
            findings += new
        for folder, pack in packs.items():
            pack.save(complete=wanted.issuperset(self._files.get(folder, [])))
        return findings


def _merged(open_: MeetingTasks | None, done: MeetingTasks | None) -> MeetingTasks | None:
    """A meeting's open and done tasks together, in the order written."""
    if open_ is None or done is None:
        return open_ or done
    return MeetingTasks(open_.day, open_.folder, tuple(sorted(open_.rows + done.rows, key=lambda r: r.index)))


def _key(path: str, digest: bytes, *more: bytes) -> bytes:
    """What a value is made from: the file's path (a meeting knows its path and group), its
    content's digest and the digests of whatever else it depends on. Written out, not hashed
    again: a path holds no NUL and every digest has the same length, so the key is unambiguous,
    and this runs for every file."""
    return b"\0".join((path.encode(), digest, *more))


# Below this many files a second process costs more than it saves (start-up ~0.15 s).
PARALLEL_FROM = 400


_worker_state: tuple[Registry, Checker] | None = None


def _init_worker(registry: Registry, checker: Checker) -> None:
    global _worker_state
    _worker_state = (registry, checker)


def _check_one(item: tuple[bytes, str], state: tuple[Registry, Checker] | None = None) -> list[Finding]:
    state = state or _worker_state
    assert state is not None  # set by _init_worker in a worker process
    registry, checker = state
    raw, path = item
    read, findings = read_meeting_file(raw, path, repo.group_folder(path))
    return findings + (checker(read, registry) if read is not None else [])


def _check_all(registry: Registry, checker: Checker, items: list[tuple[bytes, str]]) -> list[list[Finding]]:
    """Each item read and checked; on several cores when there are enough of them. Workers
    return only findings, which are small: sending whole meetings back would cost more than
    reading them."""
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_FROM or workers < 2:
        return [_check_one(item, (registry, checker)) for item in items]
    import concurrent.futures

    with concurrent.futures.ProcessPoolExecutor(workers, initializer=_init_worker,
                                                initargs=(registry, checker)) as pool:
        return list(pool.map(_check_one, items, chunksize=64))
