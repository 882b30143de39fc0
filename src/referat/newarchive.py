"""`referat init`: a new minutes archive in a folder, ready for `referat tjek` and `referat ny`.

Every file is created with atomic.create_atomic and never replaces one that exists (nor a
link of that name): a second run adds only what is missing. The texts written are package
data (data/arkiv/, data/kommuner.yaml, schema/); nothing is read from the folder but names.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import stat
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referat import repo
from referat.atomic import create_atomic
from referat.errors import ReferatError
from referat.settings import SETTINGS_FILE
from referat.shown import CONTROL

DATA = Path(__file__).parent / "data"
SCHEMAS = Path(__file__).parent / "schema"
DEFAULT_REGION = "sjaelland"
COMMIT_MESSAGE = "Mødearkiv oprettet med referat init"
# The install line when referat's own origin is unknown: the secretariat fills it in.
PLACEHOLDER_PACKAGE = "referat @ git+https://github.com/<ejer>/referat@<tag>"
PLACEHOLDER_REPO, PLACEHOLDER_REV = "https://github.com/<ejer>/referat", "<tag>"
_TOKEN = re.compile(r"@[A-Z_]+@")


@dataclass(frozen=True)
class Region:
    key: str  # sjaelland, hovedstaden, ...
    name: str  # Region Sjælland
    organisations: tuple[dict[str, Any], ...]  # as written to kommuner.yaml, municipalities first

    @property
    def municipalities(self) -> int:
        return sum(o["type"] == "kommune" for o in self.organisations)

    def contents(self) -> str:
        """What kommuner.yaml holds, in words: "17 kommuner i Region Sjælland, regionen, Rammesekretariatet og KL"."""
        from referat.danish import join_da

        others = ["regionen" if o["type"] == "region" else o["kort"]
                  for o in self.organisations if o["type"] != "kommune"]
        return join_da([f"{self.municipalities} kommuner i {self.name}", *others])


@dataclass(frozen=True)
class Source:
    """Where the archive's workflow and pre-commit hook install referat from."""
    package: str  # a pip requirement
    hook_repo: str
    hook_rev: str

    @property
    def known(self) -> bool:
        return self.package != PLACEHOLDER_PACKAGE


@dataclass
class Created:
    root: Path
    region: Region
    group_id: str | None  # the group created now, or None
    git: str  # "init" (created now), "root" (the archive is the repository) or "subfolder"
    branch: str
    source: Source
    made: list[str] = field(default_factory=list)  # files created, relative to root
    existing: list[str] = field(default_factory=list)  # files left as they were
    problems: list[str] = field(default_factory=list)  # what keeps a part of the archive from working
    committed: bool = False
    not_committed: str = ""  # why a first commit was not made, when git refused it


# --- names -------------------------------------------------------------------------------------

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
_PLAIN = str.maketrans({"æ": "a", "ø": "o", "å": "a", "Æ": "A", "Ø": "O", "Å": "A"})


def ascii_forms(text: str) -> list[str]:
    """The spellings of text without æ, ø, å: Holbæk → Holbaek, Holbak."""
    return list(dict.fromkeys(f for f in (text.translate(_FOLD), text.translate(_PLAIN)) if f != text))


def slug(text: str) -> str:
    """An id from a name: Netværksgruppe Børn og Unge → netvaerksgruppe-boern-og-unge."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


# --- package data ------------------------------------------------------------------------------


@functools.cache
def regions() -> tuple[Region, ...]:
    """Denmark's five regions with their municipalities (package data), each with the
    organisations every archive has (KL) and ASCII spellings as aliases."""
    import yaml

    data = yaml.load((DATA / "kommuner.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    result = []
    for key, orgs in data["regioner"].items():
        ordered = sorted(orgs, key=lambda o: o["type"] != "kommune") + data["faelles"]
        region = next(o["navn"] for o in orgs if o["type"] == "region")
        result.append(Region(key, region, tuple(_with_ascii_aliases(o) for o in ordered)))
    return tuple(result)


def _with_ascii_aliases(org: dict[str, Any]) -> dict[str, Any]:
    given = list(org.get("aliaser", []))
    names = [org["kort"], org["navn"], *given] if "kort" in org else [org["navn"], *given]
    aliases = given + [f for name in names for f in ascii_forms(name)]
    aliases = [a for a in dict.fromkeys(aliases) if a not in (org["navn"], org.get("kort"))]
    return {**{k: v for k, v in org.items() if k != "aliaser"}, **({"aliaser": aliases} if aliases else {})}


def find_region(text: str) -> Region:
    """The region text names, loosely: "sjælland", "Region Sjælland", "region-sjaelland", "Sjalland"."""
    wanted = _region_key(text)
    for region in regions():
        own = next(o for o in region.organisations if o["type"] == "region")
        if wanted in {region.key, *(_region_key(n) for n in (own["navn"], *own.get("aliaser", [])))}:
            return region
    names = [r.name.removeprefix("Region ") for r in regions()]
    raise ReferatError(f"Kender ikke regionen '{text}'; vælg en af {', '.join(names[:-1])} eller {names[-1]}")


def _region_key(text: str) -> str:
    return slug(text).removeprefix("region-")


def package_source(direct_url: str | None) -> Source:
    """Where this referat was installed from (pip's direct_url.json, PEP 610), when that is a git
    repository others can reach: the archive's CI then installs the very same commit. An
    editable or local install (file://) is no address for CI: then a placeholder to fill in."""
    try:
        info = json.loads(direct_url) if direct_url else {}
        url, vcs = info.get("url", ""), info.get("vcs_info", {})
        commit = vcs.get("commit_id", "") if vcs.get("vcs") == "git" else ""
    except (ValueError, AttributeError):
        url = commit = ""
    if not (isinstance(url, str) and isinstance(commit, str) and commit and url.startswith(("https://", "ssh://"))
            and re.fullmatch(r"[0-9a-f]{40}", commit) and not re.search(r"[\s\"'<>]", url)):
        return Source(PLACEHOLDER_PACKAGE, PLACEHOLDER_REPO, PLACEHOLDER_REV)
    return Source(f"referat @ git+{url}@{commit}", url, commit)


def installed_source() -> Source:
    from importlib import metadata

    try:
        return package_source(metadata.distribution("referat").read_text("direct_url.json"))
    except metadata.PackageNotFoundError:
        return package_source(None)


# --- git ---------------------------------------------------------------------------------------


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": ""}
    try:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, env=env,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise ReferatError("git er ikke installeret (eller ikke på PATH); et mødearkiv er et git-repository, "
                           "så installér git og kør referat init igen") from None


def _git_failed(proc: subprocess.CompletedProcess[str], what: str) -> ReferatError:
    detail = proc.stderr.strip().splitlines()
    return ReferatError(f"git kunne ikke {what}" + (f": {detail[-1]}" if detail else ""))


def _repository(root: Path) -> tuple[str, str]:
    """("init" | "root" | "subfolder", the current branch): git init when root is in no repository."""
    proc = _git(root, "rev-parse", "--show-toplevel")
    if proc.returncode != 0:
        if "not a git repository" not in proc.stderr:
            raise _git_failed(proc, f"læse repositoryet i {root}")
        made = _git(root, "-c", "init.defaultBranch=main", "init", "-q")
        if made.returncode != 0:
            raise _git_failed(made, f"oprette et repository i {root}")
        how = "init"
    else:
        how = "root" if Path(proc.stdout.strip()).resolve() == root.resolve() else "subfolder"
    branch = _git(root, "symbolic-ref", "--short", "-q", "HEAD").stdout.strip() or "main"
    return how, branch


def _commit(root: Path, paths: list[str]) -> str:
    """Commits the files created; "" when done, else why not (in Danish)."""
    added = _git(root, "add", "--", *paths)
    if added.returncode != 0:
        return f"git add fejlede: {added.stderr.strip()}"
    done = _git(root, "commit", "-q", "-m", COMMIT_MESSAGE, "--", *paths)
    if done.returncode == 0:
        return ""
    if "user.email" in done.stderr or "identity" in done.stderr:
        return ("git kender ikke dit navn og din e-mail; skriv git config --global user.name \"Dit Navn\" og "
                "git config --global user.email din@mail.dk, og commit så filerne")
    detail = done.stderr.strip().splitlines()
    return "git commit fejlede" + (f": {detail[-1]}" if detail else "")


# --- the archive -------------------------------------------------------------------------------


def has_group(folder: Path) -> bool:
    """Whether folder already holds a group (moeder/<gruppe>/gruppe.yaml): init then needs no name."""
    meetings = folder / repo.MEETINGS_DIR
    return meetings.is_dir() and not meetings.is_symlink() and any(
        (sub / repo.GROUP_FILE).exists() for sub in meetings.iterdir() if sub.is_dir())


def group_id(name: str) -> str:
    if CONTROL.search(name):
        raise ReferatError("Gruppens navn må ikke indeholde linjeskift eller andre styretegn")
    gid = slug(name)
    if not gid:
        raise ReferatError(f"Gruppens navn '{name}' giver intet id; brug bogstaver eller cifre")
    return gid


def create(folder: Path, group_name: str | None, region: Region, source: Source | None = None,
           today: dt.date | None = None) -> Created:
    """Makes folder a minutes archive: a git repository, the registries, one group (when
    group_name is given), the schemas, CI and a README. Existing files are left as they are."""
    from referat.newmeeting import yaml_scalar

    gid = group_id(group_name) if group_name is not None else None
    _make_folder(folder)
    root = folder.resolve()
    how, branch = _repository(root)
    done = Created(root, region, gid, how, branch, source or installed_source())
    year = str((today or dt.date.today()).year)
    first = next(o for o in region.organisations if o["type"] == "kommune")
    secretariat = next((o for o in region.organisations if o["type"] == "sekretariat"), None)
    values = {
        "@GRUPPE@": gid or _first_group(root) or "<gruppe>", "@ID@": gid or "", "@AAR@": year,
        "@NAVN@": group_name or "", "@NAVN_YAML@": yaml_scalar(group_name or ""), "@KOMMUNE@": first["kort"],
        "@UNDER@": (secretariat or next(o for o in region.organisations if o["type"] == "region"))["id"],
        "@PAKKE@": done.source.package, "@HOOK_REPO@": done.source.hook_repo, "@HOOK_REV@": done.source.hook_rev,
        "@GREN@": branch,
    }
    files: list[tuple[str, bytes]] = [
        (repo.PERSONS_FILE, _filled("personer.yaml", values)),
        (repo.ORGS_FILE, kommuner_yaml(region).encode("utf-8")),
        (SETTINGS_FILE, _filled(SETTINGS_FILE, values)),
    ]
    if gid:
        files.append((f"{repo.MEETINGS_DIR}/{gid}/{repo.GROUP_FILE}", _filled("gruppe.yaml", values)))
    files += [(f"schema/{p.name}", p.read_bytes()) for p in sorted(SCHEMAS.glob("*.schema.json"))]
    if how == "subfolder":
        done.problems.append("Mødearkivet ligger i en undermappe af et git-repository: GitHub læser kun "
                             ".github/workflows/ og .pre-commit-config.yaml i repositoryets rod, så de er ikke "
                             "lavet; læg dem selv dér (se 'referat init' i et tomt repository)")
    else:
        files += [(".github/workflows/tjek.yml", _filled("tjek.yml", values)),
                  (".pre-commit-config.yaml", _filled("pre-commit-config.yaml", values))]
    files += [(".gitignore", _filled("gitignore", values)), ("README.md", _filled("README.md", values))]
    for rel, data in files:
        _create(root, rel, data, done)
    if how == "init" and done.made:
        done.not_committed = _commit(root, done.made)
        done.committed = not done.not_committed
    return done


def _first_group(root: Path) -> str | None:
    meetings = root / repo.MEETINGS_DIR
    if not meetings.is_dir() or meetings.is_symlink():
        return None
    return next((s.name for s in sorted(meetings.iterdir()) if (s / repo.GROUP_FILE).is_file()), None)


def _filled(name: str, values: dict[str, str]) -> bytes:
    text = _TOKEN.sub(lambda m: values[m.group()], (DATA / "arkiv" / name).read_text(encoding="utf-8"))
    return text.encode("utf-8")


def _make_folder(folder: Path) -> None:
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ReferatError(f"{folder} findes og er ikke en mappe; vælg en anden mappe")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReferatError(f"Kunne ikke oprette mappen {folder}: {exc.strerror}") from None


def _create(root: Path, rel: str, data: bytes, done: Created) -> None:
    """One file, never over an existing one; a folder on its way that is a link or a file is a
    problem of that file (nothing is written through a link)."""
    folder = root
    for part in rel.split("/")[:-1]:
        folder = folder / part
        try:
            st = os.lstat(folder)
        except FileNotFoundError:
            folder.mkdir()
            continue
        if not stat.S_ISDIR(st.st_mode):
            what = "et link" if stat.S_ISLNK(st.st_mode) else "ikke en mappe"
            done.problems.append(f"{repo.rel(root, folder)} er {what}, så {rel} er ikke lavet; "
                                 f"referat skriver ikke gennem links eller i filer")
            return
    try:
        create_atomic(root / rel, data)
    except FileExistsError:
        done.existing.append(rel)
        return
    done.made.append(rel)


def kommuner_yaml(region: Region) -> str:
    """kommuner.yaml of a new archive: the region's organisations, block style as people write it."""
    from referat.newmeeting import yaml_scalar

    lines = [
        "# yaml-language-server: $schema=schema/kommuner.schema.json",
        f"# Organisationer, der henvises til i referaterne: de {region.contents()}.",
        "# Formatet står i `referat format kommuner.yaml`. En organisation angives med sit id, navn,",
        "# kort eller et af sine aliaser (store og små bogstaver er ligegyldige). Tilføj selv de",
        "# andre organisationer, møderne nævner (sekretariater, styrelser, foreninger).",
        "",
        "organisationer:",
    ]
    for org in region.organisations:
        lines.append("")
        lines.append(f"  - id: {org['id']}")
        lines += [f"    {key}: {yaml_scalar(org[key])}" for key in ("navn", "kort", "type") if key in org]
        if org.get("aliaser"):
            lines.append("    aliaser:")
            lines += [f"      - {yaml_scalar(alias)}" for alias in org["aliaser"]]
    return "\n".join(lines) + "\n"
