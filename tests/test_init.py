"""`referat init`: a new archive from an empty folder that `tjek` passes and `ny` works in at
once, never overwriting a file; and `referat format`, which the hints in any archive point at."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import PROJECT, git, run_referat
from referat import registry
from referat.yamlread import load
from test_smoke import ANSI, env, in_terminal, installed

NAME = "Netværksgruppe Børn og Unge"
GID = "netvaerksgruppe-boern-og-unge"
IDENTITY = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.dk",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.dk"}
SCHEMA = PROJECT / "schema"
REGIONS = {"hovedstaden": 29, "midtjylland": 19, "nordjylland": 11, "sjaelland": 17, "syddanmark": 22}


def init(cwd: Path, *args: str):
    return run_referat(cwd, "init", *args, env=IDENTITY)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    result = init(tmp_path, "arkiv", "--gruppe", NAME)
    assert result.code == 0, result.out + result.err
    return tmp_path / "arkiv"


def validate(data: object, schema: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(json.loads((SCHEMA / f"{schema}.schema.json").read_text("utf-8")))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def organisations(root: Path) -> list[dict]:
    return yaml.safe_load((root / "kommuner.yaml").read_text(encoding="utf-8"))["organisationer"]


# --- init: a ready archive -------------------------------------------------------------------------


def test_init_makes_a_committed_archive_that_tjek_passes(tmp_path):
    # Needs the fix that an empty `personer: []` is no missing key (helper "forms", issue 12).
    result = init(tmp_path, "arkiv", "--gruppe", NAME)
    assert result.code == 0, result.err
    root = tmp_path / "arkiv"
    for rel in ("personer.yaml", "kommuner.yaml", f"moeder/{GID}/gruppe.yaml", "schema/moede.schema.json",
                "schema/gruppe.schema.json", "schema/personer.schema.json", "schema/kommuner.schema.json",
                ".github/workflows/tjek.yml", ".pre-commit-config.yaml", ".gitignore", "README.md"):
        assert f"oprettet         {rel}" in result.out
        assert (root / rel).is_file()
    assert "oprettet         git-repository" in result.out
    assert "Næste skridt:" in result.out and f"referat ny --gruppe {GID}" in result.out
    assert git(root, "log", "--format=%s").splitlines() == ["Mødearkiv oprettet med referat init"]
    assert git(root, "status", "--porcelain") == ""
    assert result.err == ""  # no finding in what init wrote
    checked = run_referat(root, "tjek", "--streng")
    assert (checked.code, checked.out.strip()) == (0, "Alt er i orden: 0 møder tjekket."), checked.out


def test_ny_works_at_once_and_its_meeting_passes_tjek(archive):
    made = run_referat(archive, "ny", "--gruppe", GID, "--dato", "4. december 2026")
    assert made.code == 0, made.err
    meeting = archive / "moeder" / GID / "2026-12-04.md"
    assert meeting.read_text(encoding="utf-8").startswith(
        "---\n# yaml-language-server: $schema=../../schema/moede.schema.json\ndato: 2026-12-04\nstatus: planlagt\n")
    assert (archive / "moeder" / GID / "../../schema/moede.schema.json").resolve().is_file()
    checked = run_referat(archive, "tjek", str(meeting.relative_to(archive)))
    assert (checked.code, checked.out.strip()) == (0, "Alt er i orden: 1 møde tjekket."), checked.out


def test_ny_without_plan_dates_says_where_the_date_goes(archive):
    result = run_referat(archive, "ny", "--gruppe", GID)
    assert result.code == 1
    assert "--dato" in result.err and "moedeplan" in result.err


def test_init_again_never_overwrites(archive, tmp_path):
    (archive / "personer.yaml").write_text("personer:\n  - id: a\n    navn: A\n", encoding="utf-8")
    (archive / "README.md").unlink()
    again = init(tmp_path, "arkiv", "--gruppe", NAME)
    assert again.code == 0, again.err
    assert "findes allerede  personer.yaml (ikke ændret)" in again.out
    assert f"findes allerede  moeder/{GID}/gruppe.yaml (ikke ændret)" in again.out
    assert "oprettet         README.md" in again.out
    assert "oprettet         git-repository" not in again.out
    assert (archive / "personer.yaml").read_text(encoding="utf-8") == "personer:\n  - id: a\n    navn: A\n"
    # the repository existed this time: nothing is committed for the secretary
    assert len(git(archive, "log", "--format=%s").splitlines()) == 1
    assert git(archive, "status", "--porcelain") == " M personer.yaml\n"
    # with no group named it asks for none (the archive has one) and adds nothing
    third = init(archive)
    assert third.code == 0, third.err
    assert "  oprettet " not in third.out
    # another group is one more folder
    fourth = init(archive, "--gruppe", "Styregruppen")
    assert [line for line in fourth.out.splitlines() if line.startswith("  oprettet")] == [
        "  oprettet         moeder/styregruppen/gruppe.yaml (gruppen; udfyld medlemmer og mødeplan)"]


def test_init_in_an_existing_repository_uses_it(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "trunk")
    (root / "README.md").write_text("Vores egen\n", encoding="utf-8")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "start")
    head = git(root, "rev-parse", "HEAD")
    result = init(root, "--gruppe", "Styregruppen")
    assert result.code == 0, result.err
    assert "git-repository" not in result.out and "committet" not in result.out
    assert git(root, "rev-parse", "HEAD") == head
    assert "findes allerede  README.md" in result.out
    assert (root / "README.md").read_text(encoding="utf-8") == "Vores egen\n"
    assert not (root / "moeder" / ".git").exists() and not (root / "moeder" / "styregruppen" / ".git").exists()
    workflow = yaml.safe_load((root / ".github/workflows/tjek.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["trunk"]  # the repository's own branch (PyYAML reads on: as True)
    assert "git add -A && git commit" in result.out


def test_an_archive_in_a_subfolder_of_a_repository_gets_no_ci_files_there(tmp_path):
    git(tmp_path, "init", "-q")
    result = init(tmp_path, "referater", "--gruppe", "Styregruppen")
    assert result.code == 0, result.err
    assert not (tmp_path / "referater" / ".github").exists()
    assert not (tmp_path / "referater" / ".pre-commit-config.yaml").exists()
    assert "undermappe" in result.err
    assert (tmp_path / "referater" / "moeder" / "styregruppen" / "gruppe.yaml").is_file()


def test_a_folder_that_is_a_link_is_not_written_through(tmp_path):
    outside = tmp_path / "udenfor"
    outside.mkdir()
    root = tmp_path / "arkiv"
    root.mkdir()
    (root / "schema").symlink_to(outside)
    result = init(root, "--gruppe", "Styregruppen")
    assert result.code == 0, result.err
    assert list(outside.iterdir()) == []
    assert "schema er et link" in result.err


def test_the_group_id_comes_from_the_name_and_the_name_is_kept(archive):
    data = yaml.safe_load((archive / "moeder" / GID / "gruppe.yaml").read_text(encoding="utf-8"))
    assert (data["id"], data["navn"]) == (GID, NAME)


def test_the_group_name_is_asked_for_or_required(tmp_path):
    result = init(tmp_path, "arkiv")  # stdin is no terminal here
    assert result.code == 2
    assert "--gruppe" in result.err
    assert not (tmp_path / "arkiv").exists()


def test_the_group_name_is_asked_for_on_a_terminal(tmp_path):
    master, slave = pty.openpty()
    proc = subprocess.Popen([installed(), "init", "arkiv"], cwd=tmp_path, env={**env(), **IDENTITY},
                            stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    os.write(master, "Styregruppen for Rammeaftale Sjælland\n".encode())
    chunks = []
    with contextlib.suppress(OSError):  # EIO: the child closed the terminal
        while data := os.read(master, 65536):
            chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=120) == 0
    assert "Gruppens navn" in b"".join(chunks).decode()
    group = tmp_path / "arkiv/moeder/styregruppen-for-rammeaftale-sjaelland/gruppe.yaml"
    assert yaml.safe_load(group.read_text(encoding="utf-8"))["navn"] == "Styregruppen for Rammeaftale Sjælland"


def test_files_that_existed_and_break_the_archive_are_named(tmp_path):
    (tmp_path / "kommuner.yaml").write_text("organisationer:\n  - id: Holbæk\n", encoding="utf-8")
    result = init(tmp_path, "--gruppe", "Styregruppen")
    assert result.code == 0
    assert "findes allerede  kommuner.yaml (ikke ændret)" in result.out
    assert re.fullmatch(r"Bemærk: referat tjek finder \d+ fejl i mødearkivet \(kommuner\.yaml[,)].*; "
                        r"kør 'referat tjek' og ret dem\.\n", result.err), result.err


def test_a_name_with_a_line_break_is_refused(tmp_path):
    result = init(tmp_path, "arkiv", "--gruppe", "Styre\ngruppen")
    assert result.code == 1 and "linjeskift" in result.err


# --- regions ----------------------------------------------------------------------------------------


def test_region_sjaelland_is_the_default_with_the_region_kl_and_the_secretariat(archive):
    orgs = {o["id"]: o for o in organisations(archive)}
    assert sum(o["type"] == "kommune" for o in orgs.values()) == 17
    assert orgs["koege"] == {"id": "koege", "navn": "Køge Kommune", "kort": "Køge", "type": "kommune",
                             "aliaser": ["Koege", "Koge", "Koege Kommune", "Koge Kommune"]}
    assert orgs["rammesekretariatet"]["type"] == "sekretariat"
    assert orgs["region-sjaelland"]["navn"] == "Region Sjælland" and orgs["kl"]["type"] == "landsorganisation"


@pytest.mark.parametrize("given,key", [("hovedstaden", "hovedstaden"), ("Region Midtjylland", "midtjylland"),
                                       ("NORDJYLLAND", "nordjylland"), ("sjælland", "sjaelland"),
                                       ("region-syddanmark", "syddanmark"), ("Sjalland", "sjaelland")])
def test_a_region_is_named_loosely(tmp_path, given, key):
    result = init(tmp_path, "arkiv", "--gruppe", "Styregruppen", "--region", given)
    assert result.code == 0, result.err
    orgs = organisations(tmp_path / "arkiv")
    assert sum(o["type"] == "kommune" for o in orgs) == REGIONS[key]
    assert [o["id"] for o in orgs if o["type"] == "region"] == [f"region-{key}"]


def test_hovedstaden_has_its_29_municipalities(tmp_path):
    assert init(tmp_path, "arkiv", "--gruppe", "Styregruppen", "--region", "hovedstaden").code == 0
    orgs = {o["id"]: o for o in organisations(tmp_path / "arkiv")}
    assert sum(o["type"] == "kommune" for o in orgs.values()) == 29
    assert orgs["koebenhavn"]["navn"] == "Københavns Kommune" and orgs["bornholm"]["kort"] == "Bornholm"
    assert "holbaek" not in orgs and "rammesekretariatet" not in orgs
    assert run_referat(tmp_path / "arkiv", "tjek", "kommuner.yaml").code == 0


def test_an_unknown_region_is_a_danish_error_naming_the_regions(tmp_path):
    result = init(tmp_path, "arkiv", "--gruppe", "Styregruppen", "--region", "Skåne")
    assert result.code == 2
    assert "Kender ikke regionen 'Skåne'" in result.err
    assert "Hovedstaden, Midtjylland, Nordjylland, Sjælland eller Syddanmark" in result.err
    assert not (tmp_path / "arkiv").exists()


def test_all_98_municipalities_once_each_and_every_entry_valid():
    from referat import newarchive

    regions = newarchive.regions()
    assert {r.key: r.municipalities for r in regions} == REGIONS
    everything = {o["id"]: o for r in regions for o in r.organisations}
    assert sum(o["type"] == "kommune" for o in everything.values()) == 98
    for org in everything.values():
        assert validate({"organisationer": [org]}, "kommuner") == [], org
    # read together, no two organisations share a spelling
    text = yaml.safe_dump({"organisationer": list(everything.values())}, allow_unicode=True)
    assert registry.read_organisations(text.encode(), "kommuner.yaml", registry.Registry()) == []


def test_the_written_registries_and_group_match_their_schemas(archive):
    for rel, schema in (("personer.yaml", "personer"), ("kommuner.yaml", "kommuner"),
                        (f"moeder/{GID}/gruppe.yaml", "gruppe")):
        assert validate(load((archive / rel).read_text(encoding="utf-8")).data, schema) == [], rel
    assert (archive / "schema" / "moede.schema.json").read_bytes() == (SCHEMA / "moede.schema.json").read_bytes()


# --- CI, pre-commit, the cache ---------------------------------------------------------------------


def test_the_workflow_publishes_the_website_after_the_check_on_main(archive):
    """The second job builds `referat site` and puts it on GitHub Pages: only on a push (to the
    main branch: the only push the workflow listens to), only when tjek passed, and only that
    job may write to Pages; the rest of the workflow can still only read."""
    flow = yaml.safe_load((archive / ".github/workflows/tjek.yml").read_text(encoding="utf-8"))
    assert flow["permissions"] == {"contents": "read"}
    job = flow["jobs"]["hjemmeside"]
    assert (job["if"], job["needs"]) == ("github.event_name == 'push'", "tjek")
    assert job["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert job["environment"]["name"] == "github-pages"
    steps = job["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any('python -m pip install "referat[pdf,docx] @ ${REFERAT_PAKKE#referat @ }"' in r for r in runs)
    assert "referat site --ud _site --dokumenter" in runs
    uses = [s.get("uses", "") for s in steps]
    # the last build kept: only changed meetings' documents are made again
    assert steps[uses.index("actions/cache@v4")]["with"]["path"] == "_site"
    assert uses.index("actions/upload-pages-artifact@v3") < uses.index("actions/deploy-pages@v4")
    assert steps[uses.index("actions/upload-pages-artifact@v3")]["with"] == {"path": "_site"}
    # the build step, run as the workflow runs it, in the new archive: the folder Pages gets
    build = next(r for r in runs if r.startswith("referat site"))
    result = run_referat(archive, *build.split()[1:])
    assert result.code == 0, result.err
    assert (archive / "_site" / "index.html").is_file() and (archive / "_site" / "soeg" / "index.html").is_file()
    # the extra the step installs, from the package name the archive writes: a pip requirement
    from packaging.requirements import Requirement

    pakke = flow["env"]["REFERAT_PAKKE"].replace("<ejer>", "ejer").replace("<tag>", "v1")
    install = next(r for r in runs if "REFERAT_PAKKE#" in r).splitlines()[-1]
    shell = subprocess.run(["bash", "-c", f"echo {install.split(' install ', 1)[1]}"], env={"REFERAT_PAKKE": pakke},
                           capture_output=True, text=True, check=True)
    wanted = Requirement(shell.stdout.strip())
    assert (wanted.name, wanted.extras, wanted.url) == ("referat", {"pdf", "docx"}, pakke.split(" @ ", 1)[1])
    assert "_site/" in (archive / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_workflow_checks_pull_requests_and_main_with_an_install_line_to_fill_in(archive):
    text = (archive / ".github/workflows/tjek.yml").read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert flow["env"]["REFERAT_PAKKE"] == "referat @ git+https://github.com/<ejer>/referat@<tag>"
    assert flow[True]["push"]["branches"] == ["main"] and "pull_request" in flow[True]
    runs = [s.get("run", "") for s in flow["jobs"]["tjek"]["steps"]]
    assert any('python -m pip install "$REFERAT_PAKKE"' in r and "<ejer>" in r for r in runs)  # refuses the placeholder
    assert 'referat tjek --format github --aendret-siden "origin/$BASE_REF"' in runs
    assert "referat tjek --format github" in runs
    assert not re.search(r"ruff|mypy|pytest", text)
    hook = yaml.safe_load((archive / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hook["repos"][0]["hooks"] == [{"id": "referat-tjek"}]
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["repos"][0]["hooks"][0]["id"] in [h["id"] for h in hooks]


def test_installed_from_git_ci_installs_the_same_commit():
    from referat import newarchive

    commit = "0123456789abcdef0123456789abcdef01234567"
    source = newarchive.package_source(json.dumps(
        {"url": "https://github.com/rs17/referat", "vcs_info": {"vcs": "git", "commit_id": commit}}))
    assert source == newarchive.Source(f"referat @ git+https://github.com/rs17/referat@{commit}",
                                       "https://github.com/rs17/referat", commit)
    editable = newarchive.package_source(json.dumps({"url": "file:///home/a/referat", "dir_info": {"editable": True}}))
    assert not editable.known and not newarchive.package_source(None).known


def test_the_cache_stays_out_of_git(archive):
    assert run_referat(archive, "opgaver").code == 0
    assert (archive / ".referat-cache").is_dir()
    assert ".referat-cache/" in (archive / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert git(archive, "status", "--porcelain", "--ignored=no") == ""


def test_the_readme_walks_the_cycle_with_the_groups_id(archive):
    text = (archive / "README.md").read_text(encoding="utf-8")
    for command in (f"referat ny --gruppe {GID}", "referat dagsorden naeste", "status: udkast", "referat tjek",
                    "referat vis", "referat godkend", "referat opgaver luk", "referat aarsrapport", "referat format"):
        assert command in text, command
    assert not re.search(r"@[A-Z_]+@", text)


# --- referat format ----------------------------------------------------------------------------------


def test_format_prints_the_format_documentation(tmp_path):
    result = run_referat(tmp_path, "format")
    assert result.code == 0
    assert result.out == (PROJECT / "docs" / "format.md").read_text(encoding="utf-8")


def test_format_shows_one_section(tmp_path):
    result = run_referat(tmp_path, "format", "gruppe.yaml")
    assert result.code == 0
    assert result.lines[0] == "## `moeder/<gruppe>/gruppe.yaml`"
    assert "| `moedeplan` |" in result.out and "## `personer.yaml`" not in result.out
    unknown = run_referat(tmp_path, "format", "referater")
    assert unknown.code == 2 and "Intet afsnit hedder 'referater'" in unknown.err and "gruppe.yaml" in unknown.err


@pytest.mark.parametrize("make,path", [
    (lambda root: (root / "moeder/styregruppen/2026-12-04.md").write_text("dato: 2026-12-04\n", encoding="utf-8"),
     "moeder/styregruppen/2026-12-04.md"),
    (lambda root: (root / "moeder/tom").mkdir(), "moeder/tom"),
])
def test_a_hint_names_a_section_referat_format_shows(tmp_path, make, path):
    assert init(tmp_path, "arkiv", "--gruppe", "Styregruppen").code == 0
    root = tmp_path / "arkiv"
    make(root)
    finding = [line for line in run_referat(root, "tjek").lines if line.startswith(path)]
    assert len(finding) == 1 and "docs/format.md" not in finding[0]
    section = re.search(r"'referat format ([^']+)'", finding[0])
    assert section, finding
    shown = run_referat(root, "format", section.group(1))
    assert shown.code == 0 and shown.out.startswith("## ")


def test_format_on_a_terminal_is_rendered(tmp_path):
    code, out = in_terminal(tmp_path, env(PAGER="cat", NO_COLOR=None, TERM="xterm-256color"), "format", "datoer")
    assert code == 0
    assert ANSI.search(out) and "Datoer" in out and "## Datoer" not in out


# --- a real process ------------------------------------------------------------------------------------


def test_exit_codes_of_the_installed_command(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([installed(), "init", *args], cwd=tmp_path, env={**env(), **IDENTITY}, text=True,
                              capture_output=True, timeout=120)

    ok = run("arkiv", "--gruppe", NAME)
    assert ok.returncode == 0 and "Traceback" not in ok.stderr
    (tmp_path / "fil").write_text("", encoding="utf-8")
    not_a_folder = run("fil", "--gruppe", NAME)
    assert not_a_folder.returncode == 1 and not_a_folder.stderr.startswith("Fejl: ")
    assert "Traceback" not in not_a_folder.stderr
    assert run("andet", "--gruppe", NAME, "--region", "Skåne").returncode == 2
    assert sorted(os.listdir(tmp_path)) == ["arkiv", "fil"]
