"""This repository's own minutes: valid for `referat tjek` and for the JSON Schemas editors use,
and read the same way by the fast body scanner as by a real Markdown parser.

The repository is a live archive that secretaries add meetings to, so the tests on its live
files (PROJECT) check only what must hold for any valid archive, whatever meetings and people
it holds; the rest read the frozen copy in tests/fixtures/arkiv (ARCHIVE)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt

from conftest import ARCHIVE, PROJECT, run_referat
from referat import body, groupfile, meeting, registry, repo, settings
from referat.findings import Collector
from referat.source import split_front_matter
from referat.yamlread import load

# live: whatever meetings the secretaries have added (an aarsrapport-<ÅR>.md is no meeting)
MEETINGS = [PROJECT / p for p in repo.scan(PROJECT).meetings]
FROZEN = [ARCHIVE / p for p in repo.scan(ARCHIVE).meetings]
SCHEMA = PROJECT / "schema"


def test_tjek_passes_on_this_repository():
    """As the workflow checks main: errors fail, warnings are the secretaries' to weigh."""
    result = run_referat(PROJECT, "tjek")
    assert result.code == 0, result.out + result.err


def test_tjek_finds_nothing_at_all_in_the_frozen_copy(minutes):
    result = minutes.run("tjek", "--streng")
    assert result.code == 0, result.out + result.err
    assert result.out.strip().startswith("Alt er i orden")


def test_the_frozen_copy_holds_the_seed_meetings():
    names = {p.relative_to(ARCHIVE / "moeder").as_posix() for p in FROZEN}
    assert names == {"boern-og-unge/2022-05-20.md", "boern-og-unge/2024-11-29.md", "boern-og-unge/2025-03-07.md",
                     "styregruppen/2025-03-14.md"}


@pytest.mark.parametrize("folder", ["schema", "templates"])
def test_the_packaged_copies_are_the_repositorys_files(folder):
    """schema/ and templates/ are what editors and the repository's own templates use;
    src/referat/ ships the same files in the package (today through a link to them; a real
    copy there must stay the same)."""
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(PROJECT / folder) == files(PROJECT / "src" / "referat" / folder)


def _front_matter(path: Path):
    fm = split_front_matter(path.read_text(encoding="utf-8"), Collector(path.name))
    assert fm is not None
    return fm


@pytest.mark.parametrize("path", MEETINGS, ids=lambda p: p.parent.name + "/" + p.name)
def test_meeting_front_matter_matches_the_schema(path):
    schema = json.loads((SCHEMA / "moede.schema.json").read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in jsonschema.Draft202012Validator(schema).iter_errors(_front_matter(path).yaml.data)]
    assert errors == []


@pytest.mark.parametrize("name,schema", [("personer.yaml", "personer"), ("kommuner.yaml", "kommuner"),
                                         ("arkiv.yaml", "arkiv")]
                         + [(p.relative_to(PROJECT).as_posix(), "gruppe")
                            for p in sorted((PROJECT / "moeder").glob("*/gruppe.yaml"))])
def test_registry_files_match_their_schema(name, schema):
    data = load((PROJECT / name).read_text(encoding="utf-8")).data
    schema_text = (SCHEMA / f"{schema}.schema.json").read_text(encoding="utf-8")
    validator = jsonschema.Draft202012Validator(json.loads(schema_text))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)] == []


def _schema_keys(node) -> set[str]:
    keys: set[str] = set()
    if isinstance(node, dict):
        keys.update(node.get("properties", {}))
        for value in node.values():
            keys |= _schema_keys(value)
    elif isinstance(node, list):
        for value in node:
            keys |= _schema_keys(value)
    return keys


@pytest.mark.parametrize("schema,known", [
    ("moede", meeting.MEETING_KEYS + meeting.ATTENDEE_KEYS + meeting.ITEM_KEYS + meeting.DECISION_KEYS
     + meeting.APPROVAL_KEYS + meeting.NEXT_KEYS + meeting.WORKING_GROUP_KEYS + meeting.LINK_KEYS
     + meeting.HANDOVER_KEYS + meeting.BREAK_KEYS + meeting.ATTACHMENT_KEYS),
    ("personer", ("personer",) + registry.PERSON_KEYS + registry.AFFILIATION_KEYS),
    ("kommuner", ("organisationer",) + registry.ORG_KEYS),
    ("arkiv", settings.SETTINGS_KEYS),
    ("gruppe", groupfile.GROUP_KEYS + groupfile.MEMBER_KEYS + groupfile.DEFAULT_KEYS + groupfile.TOVHOLDER_KEYS
     + meeting.ITEM_KEYS + meeting.LINK_KEYS + meeting.ATTACHMENT_KEYS),
])
def test_schema_and_checker_know_the_same_keys(schema, known):
    in_schema = _schema_keys(json.loads((SCHEMA / f"{schema}.schema.json").read_text(encoding="utf-8")))
    assert in_schema == set(known)


# --- the body scanner against markdown-it -------------------------------------------------

_md = MarkdownIt("commonmark").disable(["inline", "text_join"])
_TASK_START = re.compile(r"^\[([ xX])\][ \t]+")


def _markdown_it_reading(text: str):
    """Level-2 headings and task items (line, checked) as a CommonMark parser sees them."""
    tokens = _md.parse(text)
    headings, tasks = [], []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h2":
            headings.append((tok.map[0] + 1, tokens[i + 1].content.strip()))
        if tok.type == "list_item_open" and tokens[i + 1].type == "paragraph_open":
            m = _TASK_START.match(tokens[i + 2].content)
            if m:
                tasks.append((tok.map[0] + 1, m.group(1) in "xX"))
    return headings, tasks


def _scanner_reading(text: str):
    scanned = body.scan(text, 1)
    return ([(h.line, h.text) for h in scanned.headings if h.level == 2],
            [(t.line, t.done) for t in scanned.tasks])


@pytest.mark.parametrize("path", FROZEN, ids=lambda p: p.parent.name + "/" + p.name)
def test_scanner_reads_bodies_like_markdown_it(path):
    text = _front_matter(path).body
    assert _scanner_reading(text) == _markdown_it_reading(text)


def test_scanner_agrees_on_tricky_markdown():
    text = "\n".join([
        "## 1. Punkt", "", "```", "## 2. Ikke en overskrift", "- [ ] heller ikke en opgave", "```", "",
        "- [ ] En opgave", "  der fortsætter. Ansvarlig: KL.", "- [x] Lukket opgave", "",
        "* [ ] Med stjerne", "", "## 3. Punkt ##", "", "~~~", "- [ ] i en kodeblok", "~~~",
        "- almindeligt punkt", "  - [ ] indlejret opgave", "",
    ])
    assert _scanner_reading(text) == _markdown_it_reading(text)
    headings, tasks = _scanner_reading(text)
    assert [h[1] for h in headings] == ["1. Punkt", "3. Punkt"]
    assert len(tasks) == 4


@pytest.mark.parametrize("path", FROZEN, ids=lambda p: p.parent.name + "/" + p.name)
def test_front_matter_split_agrees_with_python_frontmatter(path):
    """referat splits front matter itself (to keep line numbers); python-frontmatter is the
    reference for where the YAML ends and the body begins."""
    import frontmatter

    text = path.read_text(encoding="utf-8")
    ours = _front_matter(path)
    reference = frontmatter.loads(text)
    assert ours.body.strip() == reference.content.strip()
    # Titles are text under both readers (dates are not: PyYAML makes them date objects).
    assert [i["titel"] for i in ours.yaml.data["dagsorden"]] == [i["titel"] for i in reference.metadata["dagsorden"]]
    assert text.split("\n")[ours.body_line - 1:] == ours.body.split("\n")


def test_a_task_line_going_on_with_a_date_keeps_its_deadline():
    text = "## 1. Punkt\n\n- [ ] Sende overblikket. Ansvarlig: KL. Frist:\n  9. maj 2025.\n"
    assert _scanner_reading(text) == _markdown_it_reading(text)
    task = body.scan(text, 1).tasks[0]
    assert task.text.endswith("Frist: 9. maj 2025.")
