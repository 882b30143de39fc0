"""A handover of the tovholder role recorded in the minutes (a decision's `tovholder:`) wins over
the alphabetical computation: in the annual report, in `ny`, `vis` and `dagsorden`; `tjek`
says where gruppe.yaml and the decision disagree, and gruppe.yaml wins."""

from __future__ import annotations

import json
import re

import jsonschema

from conftest import PROJECT, ok
from meetingtext import check_file, codes, finding_lines, line_of, meeting, tjek
from referat.findings import Collector
from referat.source import split_front_matter

GROUP = "boern-og-unge"
GROUP_FILE = f"moeder/{GROUP}/gruppe.yaml"
LAST = f"moeder/{GROUP}/2025-11-14.md"  # the year's last meeting, which decides the handover
NEXT = f"moeder/{GROUP}/2026-03-06.md"

# The last meeting of 2025: item 3 records that Greve takes over in 2026.
HANDOVER = """\
---
dato: 2025-11-14
tid: "10:00-13:00"
sted: Teams
moede_nr: 4
status: udkast
referent: Pernille Lenzner
deltagere:
  - Julie Folke
  - Peter Rymann
dagsorden:
  - nr: 1
    titel: Velkomst og godkendelse af dagsordenen
  - nr: 3
    titel: Ny tovholder for netværksgruppen
    ansvarlig: Julie Folke
    type: beslutning
beslutninger:
  - punkt: 1
    tekst: Dagsordenen blev godkendt.
  - punkt: 3
    tekst: Greve overtager tovholderrollen fra 2026 med Peter Rymann som referent.
    tovholder:
      aar: 2026
      organisation: Greve
      personer: [Peter Rymann]
      referent: Peter Rymann
---

## 1. Velkomst og godkendelse af dagsordenen

Dagsordenen blev godkendt.

## 3. Ny tovholder for netværksgruppen

Kalundborg giver stafetten videre til Greve.
"""

# A meeting of 2026, for vis and dagsorden.
MARCH_2026 = """\
---
dato: 2026-03-06
status: udkast
deltagere:
  - Peter Rymann
dagsorden:
  - nr: 1
    titel: Velkomst og godkendelse af dagsordenen
---

## 1. Velkomst og godkendelse af dagsordenen

Dagsordenen blev godkendt.
"""


def report(minutes, year: str, dato: str) -> list[str]:
    return ok(minutes.run("aarsrapport", year, "-g", GROUP, "--dato", dato)).out.splitlines()


def with_2026_in_group_file(minutes, organisation: str) -> None:
    entry = f"\n  2026:\n    - organisation: {organisation}"
    minutes.write(GROUP_FILE, minutes.read(GROUP_FILE).replace("\n\n# Rollen går på skift",
                                                               f"{entry}\n\n# Rollen går på skift", 1))


# --- the annual report -----------------------------------------------------------------------------


def test_the_annual_report_shows_the_recorded_tovholder_and_not_the_computed_one(minutes):
    minutes.write(LAST, HANDOVER)
    lines = report(minutes, "2025", "2025-12-01")
    assert "- **Tovholder 2026:** Greve Kommune (Peter Rymann)" in lines
    assert not [line for line in lines if "beregnet" in line]


def test_computed_only_while_nothing_is_recorded(minutes):
    minutes.write(LAST, HANDOVER)
    # On the day before the meeting that decided it, nothing is recorded yet.
    assert ("- **Tovholder 2026:** Køge Kommune (beregnet: næste kommune i alfabetisk rækkefølge efter Kalundborg)"
            in report(minutes, "2025", "2025-11-13"))
    assert "- **Tovholder 2026:** Greve Kommune (Peter Rymann)" in report(minutes, "2025", "2025-11-14")
    # A meeting that is only planned has decided nothing.
    minutes.write(LAST, meeting(("status: udkast", "status: planlagt"), text=HANDOVER))
    assert any("Tovholder 2026:** Køge Kommune (beregnet" in line for line in report(minutes, "2025", "2025-12-01"))


def test_the_year_after_a_recorded_one_is_computed_from_it(minutes):
    minutes.write(LAST, HANDOVER)
    minutes.write(NEXT, MARCH_2026)
    lines = report(minutes, "2026", "2026-06-01")
    assert "- **Tovholder 2026:** Greve Kommune (Peter Rymann)" in lines
    [following] = [line for line in lines if line.startswith("- **Tovholder 2027:**")]
    assert following.endswith("(beregnet: næste kommune i alfabetisk rækkefølge efter Greve)")


def test_a_later_decision_replaces_an_earlier_one_and_fra_is_shown(minutes):
    minutes.write(LAST, HANDOVER)
    later = meeting(("dato: 2025-11-14", "dato: 2025-12-05"), ("organisation: Greve", "organisation: Sorø"),
                    ("personer: [Peter Rymann]", "personer: [Sanne Thaaning]"),
                    ("referent: Peter Rymann", "referent: Sanne Thaaning"),
                    ("      aar: 2026\n", "      fra: 2026-02-01\n"), text=HANDOVER)
    minutes.write(f"moeder/{GROUP}/2025-12-05.md", later)
    lines = report(minutes, "2025", "2025-12-31")
    assert ("- **Tovholder 2026:** Greve Kommune (Peter Rymann) til 31. januar 2026; "
            "Sorø Kommune (Sanne Thaaning) fra 1. februar 2026") in lines


def test_gruppe_yaml_wins_over_a_decision(minutes):
    minutes.write(LAST, HANDOVER)
    with_2026_in_group_file(minutes, "Køge")
    lines = report(minutes, "2025", "2025-12-01")
    assert "- **Tovholder 2026:** Køge Kommune" in lines


# --- tjek ----------------------------------------------------------------------------------------------


def test_tjek_warns_where_gruppe_yaml_and_the_decision_disagree(minutes):
    minutes.write(LAST, HANDOVER)
    with_2026_in_group_file(minutes, "Køge")
    r = tjek(minutes)
    line = line_of(HANDOVER, "    tovholder:")
    [found] = [f for f in finding_lines(r) if " G004 " in f]
    assert found.startswith(f"{LAST}:{line}:5: advarsel G004 ")
    assert "Greve Kommune (Peter Rymann)" in found and "Køge Kommune" in found
    assert r.code == 0  # a warning

    minutes.write(GROUP_FILE, minutes.read(GROUP_FILE).replace("organisation: Køge\n\n", "organisation: Greve\n\n"))
    assert "G004" not in codes(tjek(minutes))


def test_tjek_finds_unknown_names_and_a_fra_outside_aar(minutes):
    r = check_file(minutes, meeting(("      aar: 2026\n", "      aar: 2026\n      fra: 2027-01-01\n"), text=HANDOVER),
                   LAST)
    assert r.code == 1
    [found] = [f for f in finding_lines(r) if " G005 " in f]
    assert found.startswith(f"{LAST}:{line_of(HANDOVER, 'aar: 2026') + 1}:")

    r = check_file(minutes, meeting(("organisation: Greve", "organisation: Greeve"), text=HANDOVER), LAST)
    [found] = [f for f in finding_lines(r) if " P002 " in f]
    assert found.startswith(f"{LAST}:{line_of(HANDOVER, 'organisation: Greve')}:") and "Greeve" in found


def test_the_schema_knows_the_handover():
    validator = jsonschema.Draft202012Validator(
        json.loads((PROJECT / "schema" / "moede.schema.json").read_text(encoding="utf-8")))
    front = split_front_matter(HANDOVER, Collector(LAST)).yaml.data  # as test_repository_data reads a meeting
    assert list(validator.iter_errors(front)) == []
    handover = front["beslutninger"][1]["tovholder"]
    del handover["aar"]  # neither aar nor fra
    assert list(validator.iter_errors(front))
    handover["fra"] = "2026-02-01"
    assert list(validator.iter_errors(front)) == []


# --- ny, vis and dagsorden ---------------------------------------------------------------------------------


def test_ny_writes_the_recorded_tovholder_and_referent(minutes):
    minutes.write(LAST, HANDOVER)
    text = ok(minutes.run("ny", "--gruppe", GROUP, "--dato", "2026-03-06", "--vis")).out
    assert "# Tovholder 2026: Greve Kommune (Peter Rymann)\n" in text
    assert re.search(r"^referent: Peter Rymann$", text, re.MULTILINE)


def test_vis_and_dagsorden_show_the_recorded_tovholder(minutes):
    minutes.write(LAST, HANDOVER)
    minutes.write(NEXT, MARCH_2026)
    assert "**Tovholder:** Greve Kommune (Peter Rymann)" in ok(minutes.run("vis", "2026-03-06")).out
    assert "**Tovholder:** Greve Kommune (Peter Rymann)" in ok(minutes.run("dagsorden", "2026-03-06")).out
