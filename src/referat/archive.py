"""A minutes repository read into memory: registries, groups and meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from referat import repo
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


def load_repository(root: Path) -> Repository:
    layout = repo.scan(root)
    reg = Registry()
    findings: list[Finding] = list(layout.findings)
    for name, reader in ((repo.ORGS_FILE, read_organisations), (repo.PERSONS_FILE, read_persons)):
        if (root / name).is_file():
            out = Collector(name)
            raw = repo.read_bytes(root, name, out)
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
        if raw is None:
            findings += out.findings
            continue
        group, group_findings = read_group(raw, path, folder)
        findings += group_findings
        if group:
            reg.groups[group.id] = group
    return Repository(root, layout, reg, findings)


def read_meetings(rep: Repository, paths: list[str] | None = None) -> list[tuple[Meeting | None, list[Finding]]]:
    """Every meeting file (or those given), read, with the findings of reading it."""
    result = []
    for path in rep.layout.meetings if paths is None else paths:
        out = Collector(path)
        raw = repo.read_bytes(rep.root, path, out)
        if raw is None:
            result.append((None, out.findings))
            continue
        result.append(read_meeting(raw, path, repo.group_folder(path)))
    return result
