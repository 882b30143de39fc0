"""Every field of a meeting's front matter that members would read is in the minutes (issue 14).

The test walks the top-level properties of schema/moede.schema.json. Each is either listed
below as secretary-only, with the reason, or it must show in the rendered minutes (md and
html) of a meeting written here that fills every field. A new field in the schema fails the
test until it is shown or listed."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from conftest import ok
from meetingtext import FILE, meeting

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "moede.schema.json"

# Fields the minutes do not show as such, and why.
SECRETARY_ONLY = {
    "gruppe": "the folder decides the group; the minutes show the group's name from gruppe.yaml, "
              "this id is only checked against the folder",
    "status": "workflow state (planlagt → udkast → godkendt): members see what it means through "
              "the banner and the Status line made from godkendt/udkast_dato, not the word itself",
}

# A meeting that fills every top-level field, each with text found nowhere else in it.
FULL = """\
---
gruppe: boern-og-unge
titel: Temamøde om plejefamilier
dato: 2025-06-13
tid: "09:30-12:15"
sted: Byrådssalen, Rådhuset
moede_nr: 2
status: godkendt
godkendt:
  dato: 2025-09-12
  moede: 2025-09-12
  note: Godkendt uden bemærkninger fra medlemmerne
udkast_dato: 2025-06-20
referent: Julie Folke
ordstyrer: Helle Stisen
inviterede:
  - Rikke Kvistgaard Laursen
deltagere:
  - Peter Rymann
afbud:
  - Stine Gran Hansen
dagsorden:
  - nr: 1
    titel: Rekruttering af netværksplejefamilier
    ansvarlig: Julie Folke
beslutninger:
  - punkt: 1
    tekst: Indstillingen blev tiltrådt med en tilføjelse om kurser.
naeste_moede:
  dato: 2025-09-12
  punkter:
    - Opfølgning på ad hoc-gruppens anbefalinger
arbejdsgrupper:
  - navn: Ad hoc-gruppe om netværksplejefamilier
    punkt: 1
    medlemmer:
      - Anja Stensgaard
      - Odsherred
    note: Gruppen mødes første gang i august.
---

## 1. Rekruttering af netværksplejefamilier

Drøftelse af erfaringerne fra kommunerne.
"""

# What each shown field must put in the minutes of FULL.
SHOWN = {
    "titel": ("Temamøde om plejefamilier",),
    "dato": ("13. juni 2025",),
    "tid": ("9.30",),
    "sted": ("Byrådssalen, Rådhuset",),
    "moede_nr": ("Møde 2/",),
    "godkendt": ("Godkendt 12. september 2025", "Godkendt uden bemærkninger fra medlemmerne"),
    "referent": ("Julie Folke",),
    "ordstyrer": ("Helle Stisen",),
    "deltagere": ("Peter Rymann",),
    "afbud": ("Stine Gran Hansen",),
    "dagsorden": ("Rekruttering af netværksplejefamilier",),
    "beslutninger": ("Indstillingen blev tiltrådt med en tilføjelse om kurser.",),
    "naeste_moede": ("Næste møde", "12. september 2025", "Opfølgning på ad hoc-gruppens anbefalinger"),
    "arbejdsgrupper": ("Arbejdsgrupper", "Ad hoc-gruppe om netværksplejefamilier", "Nedsat under punkt 1",
                       "Anja Stensgaard", "Odsherred", "Gruppen mødes første gang i august."),
}

# Fields the minutes show only in another state of the meeting: the change to FULL, the text.
SHOWN_IN_STATE = {
    "udkast_dato": ((("status: godkendt", "status: udkast"),), ("Udkast af 20. juni 2025",)),
    "inviterede": ((("status: godkendt", "status: planlagt"),), ("Inviterede", "Rikke Kvistgaard Laursen")),
}


def schema_fields() -> set[str]:
    return set(json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"])


def rendered(minutes, text: str, fmt: str) -> str:
    minutes.write(FILE, text)
    out = ok(minutes.run("vis", FILE, "--format", fmt)).out
    return html.unescape(out) if fmt == "html" else out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_field_members_read_is_in_the_minutes(minutes, fmt: str) -> None:
    listed = [*SECRETARY_ONLY, *SHOWN, *SHOWN_IN_STATE]
    assert len(listed) == len(set(listed)), "a field is listed twice"
    assert set(listed) == schema_fields(), (
        "unlisted: " + ", ".join(sorted(schema_fields() - set(listed)))
        + "; no longer in the schema: " + ", ".join(sorted(set(listed) - schema_fields())))
    front = FULL.split("---\n")[1]
    assert {f for f in schema_fields() if f"\n{f}:" not in "\n" + front} == set(), "FULL leaves a field out"

    out = rendered(minutes, FULL, fmt)
    missing = {field: [m for m in marks if m not in out] for field, marks in SHOWN.items()}
    for field, (changes, marks) in SHOWN_IN_STATE.items():
        other = rendered(minutes, meeting(*changes, text=FULL), fmt)
        missing[field] = [m for m in marks if m not in other]
    assert {f: m for f, m in missing.items() if m} == {}


def test_working_group_members_stand_under_their_organisation(minutes) -> None:
    # Anja Stensgaard came for Vordingborg (personer.yaml); Odsherred is named without anyone.
    out = rendered(minutes, FULL, "md")
    group = out.split("### Ad hoc-gruppe om netværksplejefamilier")[1].split("\n## ")[0]
    assert "- **Odsherred**\n" in group
    assert "- **Vordingborg:** Anja Stensgaard\n" in group
    nxt = out.split("\n## Næste møde\n")[1]
    assert "Fredag den 12. september 2025" in nxt
    assert "- Opfølgning på ad hoc-gruppens anbefalinger" in nxt


def test_public_minutes_leave_out_the_note_of_a_group_set_up_under_a_closed_item(minutes) -> None:
    closed = meeting(("    ansvarlig: Julie Folke\n", "    ansvarlig: Julie Folke\n    lukket: true\n"), text=FULL)
    minutes.write(FILE, closed)
    out = ok(minutes.run("vis", FILE, "--offentlig", "--format", "md")).out
    assert "### Ad hoc-gruppe om netværksplejefamilier" in out
    assert "- **Vordingborg:** Anja Stensgaard" in out
    assert "Gruppen mødes første gang i august." not in out
    assert "Gruppen mødes første gang i august." in ok(minutes.run("vis", FILE, "--format", "md")).out
