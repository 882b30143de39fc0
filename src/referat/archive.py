"""A minutes repository read into memory: registries, groups and meetings."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeVar

from referat import cache, repo
from referat.findings import Collector, Finding
from referat.groupfile import read_group
from referat.meeting import read_meeting, read_meeting_file
from referat.model import Meeting, MeetingFile
from referat.registry import Registry, read_organisations, read_persons, resolve_org_refs


@dataclass
class Repository:
    """The registries and groups of a repository, read once, with their findings."""

    root: Path
    layout: repo.Layout
    registry: Registry
    findings: list[Finding] = field(default_factory=list)
    digest: bytes = b""  # of everything a meeting is checked against: registries and groups


def load_repository(root: Path) -> Repository:
    layout = repo.scan(root)
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
            out.error(None, "R004", f"{name} mangler i mødearkivets rod")
            findings += out.findings
    findings += resolve_org_refs(reg, repo.PERSONS_FILE)
    for folder in layout.folders:
        path = f"{repo.MEETINGS_DIR}/{folder}/{repo.GROUP_FILE}"
        if folder not in layout.groups:
            out = Collector(f"{repo.MEETINGS_DIR}/{folder}")
            out.error(None, "G003", f"Mappen {repo.MEETINGS_DIR}/{folder} har ingen {repo.GROUP_FILE}",
                      "Opret den med mindst 'navn: ...' (se docs/format.md)")
            findings += out.findings
            continue
        out = Collector(path)
        raw = repo.read_bytes(root, path, out)
        seen.update(path.encode() + b"\0" + (raw or b"") + b"\0")
        if raw is None:
            findings += out.findings
            continue
        group, group_findings = read_group(raw, path, folder)
        findings += group_findings
        if group:
            reg.groups[group.id] = group
    seen.update("\0".join(layout.folders).encode())
    return Repository(root, layout, reg, findings, seen.digest())


class ReadMeeting(NamedTuple):
    meeting: Meeting | None  # None when the file could not be read at all
    findings: list[Finding]  # of reading the file


Checker = Callable[[MeetingFile, Registry], list[Finding]]  # checks a file as far as it could be read


class Content(NamedTuple):
    digest: bytes
    raw: bytes | None  # None when the cache knew the digest from the file's stat alone


def _contents(rep: Repository, paths: list[str], store: cache.Cache) -> tuple[dict[str, Content], list[Finding]]:
    """Each file's content digest, reading only the files the cache cannot vouch for; and
    the findings for files that may not be read (repo.read_bytes says which). One lstat per
    file: a warm run reads nothing else."""
    contents, refused = {}, []
    for path in paths:
        out = Collector(path)
        st = repo.stat_file(rep.root, path, out)
        known = store.known_digest(path, st) if st is not None else None
        if known is not None:
            contents[path] = Content(known, None)
            continue
        raw = repo.read_bytes(rep.root, path, out, st) if st is not None else None
        if raw is None:
            refused += out.findings
            continue
        contents[path] = Content(cache.digest(raw), raw)
        store.learn(path, st, contents[path].digest)
    return contents, refused


def _raw(rep: Repository, path: str, content: Content) -> Content:
    """The content with its bytes, read now if the stat shortcut skipped them; the digest is
    taken again from what was read, in case the file changed in between."""
    if content.raw is not None:
        return content
    raw = repo.read_required(rep.root, path)  # fails only if the file changed since _contents
    return Content(cache.digest(raw), raw)


def read_meetings(rep: Repository, paths: list[str] | None = None, use_cache: bool = True) -> list[ReadMeeting]:
    """Every meeting file (or those given), read into Meeting objects. Unchanged files come
    from the cache (see cache.py)."""
    return read_derived(rep, "moeder", lambda read: read, ReadMeeting, paths, use_cache)


T = TypeVar("T")


def read_derived(rep: Repository, name: str, derive: Callable[[ReadMeeting], T], kind: object,
                 paths: list[str] | None = None, use_cache: bool = True) -> list[T]:
    """derive(each meeting file, read), in order. Only what derive returns (of type kind) is
    cached, in .referat-cache/<name>.msgpack, keyed by the file's content: a command that needs
    a little of every meeting (say, its tasks) loads just that little on a warm run."""
    everything = paths is None
    paths = rep.layout.meetings if paths is None else paths
    store = cache.open_cache(rep.root, name, kind, enabled=use_cache)
    contents, refused = _contents(rep, paths, store)
    result = {f.path: derive(ReadMeeting(None, [f])) for f in refused}
    for path, content in contents.items():
        value = store.get(path, content.digest)
        if value is None:
            content = _raw(rep, path, content)
            value = derive(ReadMeeting(*read_meeting(content.raw, path, repo.group_folder(path))))
            store.put(path, content.digest, value)
        result[path] = value
    store.save(keep=set(paths) if everything else None)
    return [result[p] for p in paths]


ANSWERS_KEPT = 8  # questions remembered per command, each answer in a file of its own


def answer(rep: Repository, name: str, question: tuple, compute: Callable[[], T], kind: object,
           use_cache: bool = True) -> T:
    """compute() (of type kind), or what it gave the last time the same question was asked of
    the same meeting files, registries and group files (and the same referat: see cache.py).
    For a command asked again over an unchanged archive, this skips even the per-file caches."""
    asked = repr(question).encode()
    slot = f"svar-{name}-{hashlib.blake2b(asked, digest_size=8).hexdigest()}"
    store = cache.open_cache(rep.root, slot, kind, enabled=use_cache)
    paths = rep.layout.meetings
    contents, refused = _contents(rep, paths, store)
    key = hashlib.blake2b(rep.digest + asked, digest_size=16)
    for path, content in contents.items():
        key.update(path.encode() + b"\0" + content.digest)
    for finding in refused:
        key.update(finding.path.encode() + b"\1")
    value = store.get(name, key.digest())
    if value is None:
        value = compute()
        store.put(name, key.digest(), value)
    store.save(keep={*paths, name})
    if use_cache:
        cache.keep_newest(rep.root, f"svar-{name}-", ANSWERS_KEPT)
    return value


def check_meetings(rep: Repository, paths: list[str], checker: Checker, use_cache: bool = True) -> list[Finding]:
    """The findings of reading and checking each meeting file. Only findings are cached, keyed
    by the file's digest and the registries' (rep.digest), so a warm check loads little;
    the files that must be checked are checked on both cores when there are many."""
    everything = paths is rep.layout.meetings
    store = cache.open_cache(rep.root, "tjek", list[Finding], enabled=use_cache)
    contents, findings = _contents(rep, paths, store)
    missing: list[tuple[str, Content]] = []
    for path, content in contents.items():
        cached = store.get(path, content.digest + rep.digest)
        if cached is None:
            missing.append((path, _raw(rep, path, content)))
        else:
            findings += cached
    checked = _check_all(rep.registry, checker, [(content.raw, path) for path, content in missing])
    for (path, content), new in zip(missing, checked):
        store.put(path, content.digest + rep.digest, new)
        findings += new
    store.save(keep=set(paths) if everything else None)
    return findings


# Below this many files a second process costs more than it saves (start-up ~0.15 s).
PARALLEL_FROM = 400


_worker_state: tuple | None = None


def _init_worker(registry: Registry, checker: Checker) -> None:
    global _worker_state
    _worker_state = (registry, checker)


def _check_one(item: tuple[bytes, str], state: tuple | None = None) -> list[Finding]:
    registry, checker = state or _worker_state
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
