"""A minutes repository read into memory: registries, groups and meetings."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

from referat import cache, repo
from referat.findings import Collector, Finding
from referat.groupfile import read_group
from referat.meeting import read_meeting
from referat.model import Meeting
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
        if (root / name).is_file():
            out = Collector(name)
            raw = repo.read_bytes(root, name, out)
            seen.update(name.encode() + b"\0" + (raw or b"") + b"\0")
            findings += out.findings if raw is None else reader(raw, name, reg)
        else:
            out = Collector(name)
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


Checker = Callable[[Meeting, Registry], list[Finding]]


def _meeting_bytes(rep: Repository, paths: list[str]) -> tuple[dict[str, bytes], dict[str, list[Finding]]]:
    raws, unreadable = {}, {}
    for path in paths:
        out = Collector(path)
        raw = repo.read_bytes(rep.root, path, out)
        if raw is None:
            unreadable[path] = out.findings
        else:
            raws[path] = raw
    return raws, unreadable


def read_meetings(rep: Repository, paths: list[str] | None = None, use_cache: bool = True) -> list[ReadMeeting]:
    """Every meeting file (or those given), read into Meeting objects. Unchanged files come
    from the cache (see cache.py)."""
    everything = paths is None
    paths = rep.layout.meetings if paths is None else paths
    store = cache.open_cache(rep.root, "moeder", enabled=use_cache)
    raws, unreadable = _meeting_bytes(rep, paths)
    result = {path: ReadMeeting(None, findings) for path, findings in unreadable.items()}
    for path, raw in raws.items():
        key = cache.digest(raw)
        value = store.get(path, key)
        if value is None:
            value = read_meeting(raw, path, repo.group_folder(path))
            store.put(path, key, value)
        result[path] = ReadMeeting(*value)
    store.save(keep=set(paths) if everything else None)
    return [result[p] for p in paths]


def check_meetings(rep: Repository, paths: list[str], checker: Checker, use_cache: bool = True,
                   stats: dict | None = None) -> list[Finding]:
    """The findings of reading and checking each meeting file. Only findings are cached, keyed
    by the file's digest and the registries' (rep.digest), so a warm check loads little;
    the files that must be checked are checked on both cores when there are many."""
    everything = paths is rep.layout.meetings
    store = cache.open_cache(rep.root, "tjek", enabled=use_cache)
    raws, unreadable = _meeting_bytes(rep, paths)
    findings = [f for fs in unreadable.values() for f in fs]
    keys = {path: cache.digest(raw) + rep.digest for path, raw in raws.items()}
    missing = []
    for path in raws:
        cached = store.get(path, keys[path])
        if cached is None:
            missing.append(path)
        else:
            findings += cached
    if stats is not None:
        stats["fra_cache"], stats["laest"] = len(raws) - len(missing), len(missing)
    for path, new in zip(missing, _check_all(rep.registry, checker, [(raws[p], p) for p in missing])):
        store.put(path, keys[path], new)
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
    meeting, findings = read_meeting(raw, path, repo.group_folder(path))
    return findings + (checker(meeting, registry) if meeting is not None else [])


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
