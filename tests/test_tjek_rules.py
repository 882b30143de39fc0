"""`referat tjek`, one rule code at a time, on real files in a real git repository.

Every test starts from the smallest realistic meeting for Netværksgruppe Børn og Unge (a valid
file, checked clean in `test_the_valid_meeting_is_clean`), changes one thing, runs the real
CLI, and asserts on what the secretary sees: file:line:col, severity, rule code, the Danish
message and the exit code.
"""

from __future__ import annotations

import json
import re

import pytest

from meetingtext import FILE, FINDING, GROUP, VALID, check_file, codes, col_of, finding_lines, line_of, meeting, tjek  # noqa: F401


def summary(errors: int, warnings: int, meetings: int = 1) -> str:
    e = f"{errors} fejl"
    w = f"{warnings} advarsel" if warnings == 1 else f"{warnings} advarsler"
    m = f"{meetings} møde" if meetings == 1 else f"{meetings} møder"
    return f"{e} og {w} i {m}."


def assert_only(r, *expected: str, code: int | None = None) -> None:
    """The output holds exactly these finding lines (in any order) and nothing else."""
    assert sorted(finding_lines(r)) == sorted(expected), r.out + r.err
    if code is not None:
        assert r.code == code, r.out + r.err


# --- the starting point ------------------------------------------------------------------------


def test_the_valid_meeting_is_clean(minutes):
    r = check_file(minutes, VALID)
    assert r.code == 0, r.out + r.err
    assert r.lines == ["Alt er i orden: 1 møde tjekket."]


# --- S: structure of the front matter -------------------------------------------------------------


def test_S001_misspelt_key_with_suggestion(minutes):
    text = meeting(("deltagere:", "deltager:"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:8:1: fejl S001 Ukendt nøgle 'deltager' i mødet — mente du 'deltagere'?", code=1)
    assert r.lines[-1] == summary(1, 0)


def test_S001_misspelt_key_in_agenda_item(minutes):
    text = meeting(("    ansvarlig: Povl Skov", "    ansvarlg: Povl Skov"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:20:5: fejl S001 Ukendt nøgle 'ansvarlg' i dagsordenspunktet — mente du 'ansvarlig'?",
                code=1)


def test_S001_unknown_key_without_likely_match_lists_allowed_keys(minutes):
    text = meeting(("sted: Teams\n", "sted: Teams\nforplejning: kaffe og boller\n"))
    r = check_file(minutes, text)
    [line] = finding_lines(r)
    assert line.startswith(f"{FILE}:5:1: fejl S001 Ukendt nøgle 'forplejning' i mødet — Tilladte nøgler: ")
    assert "deltagere" in line and "dagsorden" in line
    assert r.code == 1


def test_S002_wrong_type(minutes):
    text = meeting(("moede_nr: 2", "moede_nr: anden"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:5:11: fejl S002 'moede_nr' i mødet skal være et heltal, ikke 'anden'", code=1)


def test_S002_list_where_a_mapping_is_expected(minutes):
    text = meeting(("status: udkast\n", "status: udkast\ngodkendt:\n  - 2025-08-22\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:8:3: fejl S002 'godkendt' i mødet skal være en mapping (nøgle: værdi), ikke en liste",
                code=1)


def test_S002_time_written_as_a_bare_number(minutes):
    # `tid: 1030` is the number 1030 in YAML; the secretary meant 10:30.
    text = meeting(('tid: "10:00-13:00"', "tid: 1030"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:3:6: fejl S002 'tid' i mødet er læst som tallet 1030; skriv tidspunktet i "
                   'anførselstegn, fx "10:00-13:00"', code=1)


def test_S003_missing_required_key(minutes):
    text = meeting(("status: udkast\n", ""))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:2:1: fejl S003 Nøglen 'status' mangler i mødet", code=1)


def test_S003_agenda_item_without_title(minutes):
    text = meeting(("    titel: Nyt fra Rammesekretariatet\n", ""))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:18:5: fejl S003 Nøglen 'titel' mangler i dagsordenspunktet", code=1)


def test_S003_empty_front_matter(minutes):
    r = check_file(minutes, "---\n---\n\n## 1. Velkomst\n")
    assert f"{FILE}:2:1: fejl S003 Front matter er tom; mindst 'dato', 'status' og 'dagsorden' skal stå der" in r.lines
    assert r.code == 1


def test_S004_bad_time_value(minutes):
    text = meeting(('tid: "10:00-13:00"', 'tid: "10.00-25:00"'))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:3:6: fejl S004 'tid' i mødet skal være et klokkeslæt eller tidsrum som \"10:00\" "
                   "eller \"10:00-13:00\", ikke '10.00-25:00'", code=1)


def test_S004_bad_agenda_item_number(minutes):
    text = meeting(("  - nr: 2\n", '  - nr: "2b)"\n'), ("## 2. Nyt fra", "## Punkt 2b) Nyt fra"))
    r = check_file(minutes, text)
    assert f"{FILE}:18:9: fejl S004 Punktnummeret '2b)' skal være et tal, evt. med et bogstav (3A)" in r.lines
    assert r.code == 1


def test_S005_unknown_status(minutes):
    text = meeting(("status: udkast", "status: faerdig"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:6:9: fejl S005 Ukendt status 'faerdig' — Status skal være planlagt, udkast, godkendt",
                code=1)


def test_S005_unknown_agenda_item_type(minutes):
    text = meeting(("    type: beslutning", "    type: diskussion"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:17:11: fejl S005 Ukendt punkttype 'diskussion' — Brug beslutning, droeftelse, orientering",
                code=1)


def test_S006_both_person_and_name(minutes):
    text = meeting(("  - Helle Stisen\n", "  - person: Helle Stisen\n    navn: Helle\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:10:11: fejl S006 Brug enten 'person' eller 'navn', ikke begge", code=1)


# --- D: dates --------------------------------------------------------------------------------------


def test_D001_impossible_date_with_danish_reason(minutes):
    text = meeting(("dato: 2025-06-13", "dato: 2025-02-30"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:2:7: fejl D001 'dato' i mødet: '2025-02-30' er ikke en gyldig dato "
                   "(februar 2025 har 28 dage)", code=1)


def test_D001_impossible_approval_date(minutes):
    text = meeting(("status: udkast\n", "status: godkendt\ngodkendt:\n  dato: 31. april 2025\n"))
    r = check_file(minutes, text)
    assert (f"{FILE}:8:9: fejl D001 'dato' i godkendt: '31. april 2025' er ikke en gyldig dato "
            "(april 2025 har 30 dage)") in r.lines
    assert r.code == 1


def test_D002_file_name_date_differs_from_meeting_date(minutes):
    text = meeting(("dato: 2025-06-13", "dato: 2025-06-12"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:2:7: fejl D002 Mødedatoen 2025-06-12 er ikke datoen i filnavnet (2025-06-13.md)", code=1)


def test_D002_not_raised_for_the_same_date_in_danish(minutes):
    r = check_file(minutes, meeting(("dato: 2025-06-13", "dato: 13. juni 2025")))
    assert r.code == 0, r.out
    assert codes(r) == []


def test_D003_file_name_is_not_a_date(minutes):
    path = f"{GROUP}/referat-juni.md"
    r = check_file(minutes, VALID, path)
    assert_only(r, f"{path}: fejl D003 Filnavnet 'referat-juni.md' er ikke mødets dato — Omdøb til 2025-06-13.md",
                code=1)


def test_D004_affiliation_ends_before_it_starts(minutes):
    text = PERSONS.replace("      - organisation: holbaek\n", "      - organisation: holbaek\n"
                           "        fra: 2025-03-01\n        til: 2025-02-28\n", 1)
    minutes.write("personer.yaml", text)
    r = tjek(minutes, "personer.yaml")
    line = line_of(text, "til: 2025-02-28")
    assert_only(r, f"personer.yaml:{line}:14: fejl D004 Tilknytningen slutter, før den begynder", code=1)


def test_D005_meeting_plan_date_under_the_wrong_year(minutes):
    text = GROUP_YAML.replace("  2025:\n    - 2025-03-07\n", "  2025:\n    - 2025-03-07\n    - 2026-01-09\n")
    minutes.write(f"{GROUP}/gruppe.yaml", text)
    r = tjek(minutes, f"{GROUP}/gruppe.yaml")
    line = line_of(text, "2026-01-09")
    assert_only(r, f"{GROUP}/gruppe.yaml:{line}:7: fejl D005 2026-01-09 står under 2025 i moedeplan", code=1)


def test_D006_next_meeting_before_this_meeting(minutes):
    text = meeting(("beslutninger:\n", "naeste_moede:\n  dato: 2025-06-01\nbeslutninger:\n"))
    r = check_file(minutes, text)
    # The date to fix is the next meeting's, so that is where the finding points.
    assert_only(r, f"{FILE}:22:9: fejl D006 Næste møde ligger ikke efter dette møde", code=1)


# --- G: groups and folders ---------------------------------------------------------------------------


def test_G001_meeting_directly_in_moeder(minutes):
    path = "moeder/2025-06-13.md"
    r = check_file(minutes, VALID, path)
    assert_only(r, f"{path}: fejl G001 Mødet ligger ikke i en gruppes mappe — Flyt det til moeder/<gruppe>/<dato>.md",
                code=1)


def test_G001_meeting_in_a_subfolder_of_a_group(minutes):
    path = f"{GROUP}/arkiv/2025-06-13.md"
    r = check_file(minutes, VALID, path)
    assert_only(r, f"{path}: fejl G001 Mødet ligger ikke i en gruppes mappe — Flyt det til moeder/<gruppe>/<dato>.md",
                code=1)


def test_G001_meeting_outside_moeder_named_on_the_command_line(minutes):
    # The secretary names the file explicitly; "Alt er i orden: 0 møder" would be a lie.
    path = "andet/2025-06-13.md"
    r = check_file(minutes, VALID, path)
    assert_only(r, f"{path}: fejl G001 Mødet ligger ikke i en gruppes mappe — Flyt det til moeder/<gruppe>/<dato>.md",
                code=1)


def test_markdown_outside_moeder_without_front_matter_is_no_meeting(minutes):
    # `referat tjek README.md docs/` by hand: a note, not an error for every page of documentation.
    minutes.write("README.md", "# Vores mødearkiv\n\nReferaterne ligger i moeder/.\n")
    minutes.write("docs/vejledning.md", "\ufeffSådan skriver I et referat.\n")
    r = minutes.run("tjek", "README.md", "docs")
    assert r.code == 0, r.out + r.err
    assert r.out.strip() == "Alt er i orden: 0 møder tjekket."
    assert "Bemærk: README.md er ikke et møde" in r.err
    assert "Bemærk: docs/vejledning.md er ikke et møde" in r.err


def test_G002_gruppe_key_differs_from_folder(minutes):
    text = meeting(("dato: 2025-06-13\n", "gruppe: styregruppen\ndato: 2025-06-13\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:2:9: fejl G002 'gruppe: styregruppen' passer ikke med mappen moeder/boern-og-unge/", code=1)


def test_G002_not_raised_when_gruppe_matches_folder(minutes):
    r = check_file(minutes, meeting(("dato: 2025-06-13\n", "gruppe: boern-og-unge\ndato: 2025-06-13\n")))
    assert codes(r) == [] and r.code == 0, r.out


def test_G002_group_file_id_differs_from_folder(minutes):
    text = GROUP_YAML.replace("id: boern-og-unge", "id: boern-unge")
    minutes.write(f"{GROUP}/gruppe.yaml", text)
    r = tjek(minutes, f"{GROUP}/gruppe.yaml")
    assert_only(r, f"{GROUP}/gruppe.yaml:2:5: fejl G002 Gruppens id 'boern-unge' passer ikke med mappen "
                   "'boern-og-unge' — Skriv id: boern-og-unge, eller omdøb mappen", code=1)


def test_G003_group_folder_without_gruppe_yaml(minutes):
    minutes.write("moeder/ny-gruppe/2025-06-13.md", VALID)
    expected = ("moeder/ny-gruppe: fejl G003 Mappen moeder/ny-gruppe har ingen gruppe.yaml — "
                "Opret den med mindst 'navn: ...' (se 'referat format gruppe.yaml')")
    r = tjek(minutes)
    assert expected in r.lines, r.out
    assert r.code == 1
    # Checking just that group's folder names the problem too.
    r = tjek(minutes, "moeder/ny-gruppe")
    assert expected in r.lines, r.out
    assert r.code == 1


# --- P: people and organisations -----------------------------------------------------------------------


def test_P001_unknown_person_with_suggestion(minutes):
    text = meeting(("referent: Julie Folke", "referent: Nanett Flamgard"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:7:11: fejl P001 Ukendt person 'Nanett Flamgard' — mente du 'Nanett Flamgaard' "
                   "(nanett-flamgaard)?", code=1)


def test_P001_unknown_attendee(minutes):
    text = meeting(("  - Helle Stisen\n", "  - Helle Stiesen\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:9:5: fejl P001 Ukendt person 'Helle Stiesen' — mente du 'Helle Stisen' (helle-stisen)?",
                code=1)


def test_P001_organisation_where_a_person_is_expected(minutes):
    text = meeting(("referent: Julie Folke", "referent: Holbæk Kommune"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:7:11: fejl P001 'Holbæk Kommune' er en organisation; som referent skal der stå en person",
                code=1)


def test_P001_aliases_and_ids_are_people(minutes):
    # The spellings the minutes use resolve through personer.yaml: no finding.
    text = meeting(("referent: Julie Folke", "referent: julie-folke"),
                   ("  - Helle Stisen\n", "  - helle stisen\n"),
                   ("    ansvarlig: Povl Skov", "    ansvarlig: Rammesekretariatet"))
    r = check_file(minutes, text)
    assert codes(r) == [] and r.code == 0, r.out


def test_P002_unknown_organisation(minutes):
    text = meeting(("  - Helle Stisen\n", "  - person: Helle Stisen\n    organisation: Holbæk Komune\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:10:19: fejl P002 Ukendt organisation 'Holbæk Komune' — mente du 'Holbæk Kommune' "
                   "(holbaek)?", code=1)


def test_P002_unknown_organisation_in_personer_yaml(minutes):
    text = PERSONS.replace("organisation: holbaek", "organisation: holbaekk", 1)
    minutes.write("personer.yaml", text)
    r = tjek(minutes, "personer.yaml")
    ln = line_of(text, "holbaekk")
    assert_only(r, f"personer.yaml:{ln}:23: fejl P002 Ukendt organisation 'holbaekk' hos Helle Stisen — "
                   "mente du 'Holbæk Kommune' (holbaek)?", code=1)


def test_P003_present_and_absent(minutes):
    text = meeting(("  - Julie Folke\nafbud:", "  - Julie Folke\n  - Lotte Christensen\nafbud:"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:13:5: fejl P003 Lotte Christensen står både under 'deltagere' og 'afbud'", code=1)


@pytest.mark.parametrize("second", ["Julie Folke", "Julie Folke Jacobsen", "julie-folke", "JULIE FOLKE"])
def test_P004_listed_twice_under_any_spelling(minutes, second):
    text = meeting(("  - Julie Folke\nafbud:", f"  - Julie Folke\n  - {second}\nafbud:"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:11:5: fejl P004 {second} står to gange under 'deltagere' (første gang i linje 10)", code=1)


def test_P004_listed_twice_as_mapping_with_alias(minutes):
    text = meeting(("afbud:\n  - Lotte Christensen\n",
                    "afbud:\n  - Anja Stensgaard\n  - person: Anja Sigvard Steensgaard\n    punkter: [2]\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:13:5: fejl P004 Anja Sigvard Steensgaard står to gange under 'afbud' "
                   "(første gang i linje 12)", code=1)


def test_P005_unregistered_guest_without_gaest(minutes):
    text = meeting(("  - Julie Folke\nafbud:", "  - Julie Folke\n  - navn: Ole Bjerg\n    organisation: KL\nafbud:"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:11:5: fejl P005 'Ole Bjerg' står ikke i personer.yaml — Tilføj personen i "
                   "personer.yaml, eller marker en gæst med 'gaest: true'", code=1)


def test_P005_guest_accepted_with_gaest_true(minutes):
    text = meeting(("  - Julie Folke\nafbud:",
                    "  - Julie Folke\n  - navn: Ole Bjerg\n    organisation: KL\n    gaest: true\nafbud:"))
    r = check_file(minutes, text)
    assert r.code == 0, r.out
    assert r.lines == ["Alt er i orden: 1 møde tjekket."]


def test_P006_unknown_responsible_on_agenda_item(minutes):
    text = meeting(("    ansvarlig: Povl Skov", "    ansvarlig: Povl Skovv"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:20:16: fejl P006 Ukendt person eller organisation 'Povl Skovv' — mente du 'Povl Skov' "
                   "(povl-skov)?", code=1)


def test_P006_unknown_task_owner(minutes):
    text = meeting(("Ansvarlig: Povl Skov.", "Ansvarlig: Povl Skov og Lisbet Brobjerg."))
    r = check_file(minutes, text)
    [line] = finding_lines(r)
    assert line.startswith(f"{FILE}:33:7: fejl P006 Ukendt person eller organisation 'Lisbet Brobjerg'"), line
    assert r.code == 1


def test_P006_owners_may_be_all_municipalities_organisations_and_groups(minutes):
    text = meeting(("Ansvarlig: Povl Skov.", "Ansvarlig: alle kommuner, Holbæk og boern-og-unge."))
    r = check_file(minutes, text)
    assert codes(r) == [] and r.code == 0, r.out


# --- A: agenda -------------------------------------------------------------------------------------------


def test_A001_decision_refers_to_missing_item(minutes):
    text = meeting(("  - punkt: 1\n", "  - punkt: 7\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:22:12: fejl A001 Beslutningen henviser til punkt 7, som ikke er på dagsordenen — "
                   "Punkterne er 1, 2", code=1)


def test_A001_working_group_refers_to_missing_item(minutes):
    text = meeting(("beslutninger:\n", "arbejdsgrupper:\n  - navn: Ad hoc-gruppe om plejefamilier\n    punkt: 9\n"
                                       "    medlemmer:\n      - Helle Stisen\nbeslutninger:\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:23:12: fejl A001 Arbejdsgruppen 'Ad hoc-gruppe om plejefamilier' henviser til punkt 9, "
                   "som ikke er på dagsordenen", code=1)


def test_A002_heading_without_agenda_item(minutes):
    text = VALID + "\n## 3. Eventuelt\n\nIntet.\n"
    r = check_file(minutes, text)
    ln = line_of(text, "## 3. Eventuelt")
    assert_only(r, f"{FILE}:{ln}:1: fejl A002 Overskriften '## 3. Eventuelt' svarer ikke til et punkt på dagsordenen",
                code=1)


def test_A003_duplicate_item_number(minutes):
    text = meeting(("    ansvarlig: Povl Skov\n", "    ansvarlig: Povl Skov\n  - nr: 2\n    titel: Eventuelt\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:21:5: fejl A003 Punktnummer 2 står to gange på dagsordenen", code=1)


def test_A004_attendee_items_refer_to_missing_item(minutes):
    text = meeting(("  - Helle Stisen\n", "  - person: Helle Stisen\n    punkter: [3]\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:9:5: fejl A004 Punkt 3 findes ikke på dagsordenen", code=1)


def test_A005_heading_without_number_is_a_warning(minutes):
    text = VALID + "\n## Eventuelt\n\nIntet.\n"
    ln = line_of(text, "## Eventuelt")
    expected = (f"{FILE}:{ln}:1: advarsel A005 Overskriften '## Eventuelt' begynder ikke med et punktnummer — "
                "Skriv fx '## 3. Titel', så referatet kan knyttes til dagsordenen")
    r = check_file(minutes, text)
    assert_only(r, expected, code=0)
    assert r.lines[-1] == summary(0, 1)
    r = tjek(minutes, "--streng", FILE)
    assert_only(r, expected, code=1)


def test_A006_item_without_minutes_is_a_warning_in_a_draft(minutes):
    text = meeting(("## 2. Nyt fra Rammesekretariatet\n\n", ""))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:18:5: advarsel A006 Punkt 2 (Nyt fra Rammesekretariatet) har intet referat — "
                   "Tilføj en overskrift '## 2. Nyt fra Rammesekretariatet' med referatet", code=0)


def test_A006_not_raised_for_a_planned_meeting(minutes):
    # A planned meeting as `ny` makes it: no attendance, decisions or tasks yet (else M008),
    # checked before its date (else M009).
    text = meeting(("## 2. Nyt fra Rammesekretariatet\n\n", ""), ("status: udkast", "status: planlagt"),
                   ("deltagere:\n  - Helle Stisen\n  - Julie Folke\n", ""),
                   ("beslutninger:\n  - punkt: 1\n    tekst: Dagsordenen blev godkendt.\n", ""),
                   ("- [ ] Sende overblik over netværkene til alle medlemmer.\n"
                    "      Ansvarlig: Povl Skov. Frist: 1. september 2025.\n", ""))
    r = check_file(minutes, text, FILE, "--dato", "2025-06-01")
    assert codes(r) == [] and r.code == 0, r.out


# --- M: lifecycle ------------------------------------------------------------------------------------------


def test_M001_approved_without_approval(minutes):
    text = meeting(("status: udkast", "status: godkendt"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:6:9: fejl M001 Referatet er godkendt, men godkendelsen er ikke registreret — "
                   "Tilføj 'godkendt:' med 'dato' og 'moede' (datoen for mødet, der godkendte) eller "
                   "'skriftlig: true'", code=1)


def test_M001_not_raised_with_an_approval(minutes):
    # 12 September 2025 is in the group's plan: a meeting of the group
    text = meeting(("status: udkast\n", "status: godkendt\ngodkendt:\n  dato: 2025-09-12\n  moede: 2025-09-12\n"))
    r = check_file(minutes, text)
    assert codes(r) == [] and r.code == 0, r.out


def test_M002_approved_before_the_meeting(minutes):
    text = meeting(("status: udkast\n", "status: godkendt\ngodkendt:\n  dato: 2025-06-01\n  skriftlig: true\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:8:3: fejl M002 Referatet er godkendt før mødet blev holdt", code=1)


def test_M003_approval_on_a_draft_is_a_warning(minutes):
    text = meeting(("status: udkast\n", "status: udkast\ngodkendt:\n  dato: 2025-08-22\n"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:8:3: advarsel M003 Status er 'udkast', men 'godkendt' er udfyldt", code=0)


# --- T: tasks -------------------------------------------------------------------------------------------------


def test_T001_task_without_owner(minutes):
    text = meeting(("      Ansvarlig: Povl Skov. Frist: 1. september 2025.", "      Frist: 1. september 2025."))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:32:1: fejl T001 Opgaven har ingen ansvarlig — Skriv fx 'Ansvarlig: Helle Stisen.' "
                   "eller 'Ansvarlig: alle kommuner.'", code=1)


def test_T003_unreadable_deadline(minutes):
    text = meeting(("Frist: 1. september 2025.", "Frist: når vi har tid."))
    r = check_file(minutes, text)
    [line] = finding_lines(r)
    assert line.startswith(f"{FILE}:33:29: fejl T003 Fristen kan ikke læses: "), line
    assert "'når vi har tid'" in line
    assert "9. maj 2025" in line  # an example of a deadline that can be read
    assert r.code == 1


@pytest.mark.parametrize("deadline", ["ultimo september 2025", "uge 36", "30/9", "2025-09-30", "senest 30. september"])
def test_T003_loose_deadlines_are_read(minutes, deadline):
    r = check_file(minutes, meeting(("Frist: 1. september 2025.", f"Frist: {deadline}.")))
    assert codes(r) == [] and r.code == 0, r.out


def test_T004_deadline_before_the_meeting(minutes):
    text = meeting(("Frist: 1. september 2025.", "Frist: 1. maj 2025."))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:33:29: fejl T004 Fristen 1. maj 2025 ligger før mødet (13. juni 2025)", code=1)


def test_T005_unreadable_closing_date(minutes):
    text = meeting(("- [ ] Sende overblik over netværkene til alle medlemmer.",
                    "- [x] Sende overblik over netværkene til alle medlemmer. Lukket: 2025-13-01."))
    r = check_file(minutes, text)
    [line] = finding_lines(r)
    assert re.match(rf"^{re.escape(FILE)}:32:\d+: fejl T005 Lukket-datoen kan ikke læses: '2025-13-01' er ikke en "
                    r"gyldig dato \(måneden skal være et tal fra 1 til 12\)$", line), line
    assert r.code == 1


def test_T006_field_written_twice(minutes):
    text = meeting(("Frist: 1. september 2025.", "Frist: 1. september 2025. Frist: 1. oktober 2025."))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:32:4: advarsel T006 Opgaven har 'Frist:' to gange; den første gælder", code=0)


def test_T007_task_outside_an_agenda_item(minutes):
    text = meeting(("---\n\n## 1. Velkomst", "---\n\n- [ ] Booke lokale. Ansvarlig: Julie Folke.\n\n## 1. Velkomst"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:26:1: advarsel T007 Opgaven står ikke under et dagsordenspunkt ('## N. Titel')", code=0)


def test_T008_closing_date_on_an_open_task(minutes):
    text = meeting(("Frist: 1. september 2025.", "Frist: 1. september 2025. Lukket: 2025-08-20."))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:32:1: advarsel T008 Opgaven har en Lukket-dato, men er ikke krydset af ([x])", code=0)


def test_T008_not_raised_on_a_ticked_task(minutes):
    text = meeting(("- [ ] Sende", "- [x] Sende"), ("Frist: 1. september 2025.",
                                                    "Frist: 1. september 2025. Lukket: 2025-08-20."))
    r = check_file(minutes, text)
    assert codes(r) == [] and r.code == 0, r.out


# --- R: the registries ----------------------------------------------------------------------------------------

PERSONS = """\
# yaml-language-server: $schema=schema/personer.schema.json
personer:
  - id: helle-stisen
    navn: Helle Stisen
    tilknytning:
      - organisation: holbaek
  - id: julie-folke
    navn: Julie Folke
    aliaser: [Julie Folke Jacobsen]
    email: jufo@example.dk
    tilknytning:
      - organisation: kalundborg
"""


def test_persons_fixture_is_valid(minutes):
    minutes.write("personer.yaml", PERSONS)
    r = tjek(minutes, "personer.yaml")
    assert codes(r) == [] and r.code == 0, r.out


def test_R001_duplicate_person_id(minutes):
    text = PERSONS + "  - id: helle-stisen\n    navn: Helle Mariager\n"
    minutes.write("personer.yaml", text)
    r = tjek(minutes, "personer.yaml")
    assert_only(r, "personer.yaml:13:9: fejl R001 Id'et 'helle-stisen' bruges af to personer", code=1)


def test_R001_duplicate_organisation_id(minutes):
    text = minutes.read("kommuner.yaml").rstrip("\n") + "\n\n  - id: holbaek\n    navn: Holbæk Byråd\n    type: andet\n"
    minutes.write("kommuner.yaml", text)
    r = tjek(minutes, "kommuner.yaml")
    ln = len(text.split("\n")) - 3
    assert_only(r, f"kommuner.yaml:{ln}:9: fejl R001 Id'et 'holbaek' bruges af to organisationer", code=1)


def test_R002_bad_id(minutes):
    text = PERSONS.replace("id: helle-stisen", "id: Helle_Stisen")
    minutes.write("personer.yaml", text)
    r = tjek(minutes, "personer.yaml")
    assert_only(r, "personer.yaml:3:9: fejl R002 Id'et 'Helle_Stisen' må kun have små bogstaver a-z, cifre og "
                   "bindestreger (fx helle-stisen)", code=1)


def test_R003_alias_naming_two_persons(minutes):
    text = PERSONS + "  - id: helle-mariager\n    navn: Helle Mariager\n    aliaser: [Julie Folke Jacobsen]\n"
    minutes.write("personer.yaml", text)
    r = tjek(minutes, "personer.yaml")
    # The alias is the line to fix.
    assert_only(r, "personer.yaml:15:15: fejl R003 'Julie Folke Jacobsen' kan betyde to forskellige: Julie Folke "
                   "(julie-folke) og Helle Mariager (helle-mariager) — Fjern aliaset fra den ene", code=1)


@pytest.mark.parametrize("name", ["personer.yaml", "kommuner.yaml"])
def test_R004_missing_registry(minutes, name):
    (minutes.root / name).unlink()
    r = tjek(minutes)
    assert f"{name}: fejl R004 {name} mangler i mødearkivets rod" in r.lines, r.out
    assert r.code == 1


def test_registry_yaml_error_is_reported_in_the_registry_at_its_line(minutes):
    text = PERSONS.replace("    navn: Julie Folke\n", "    navn: Julie Folke\n   email: jufo@example.dk\n")
    minutes.write("personer.yaml", text)
    r = tjek(minutes, "personer.yaml")
    [line] = finding_lines(r)
    assert line.startswith("personer.yaml:9:"), line
    assert " fejl Y001 YAML-syntaksfejl: " in line
    assert r.code == 1


def test_registry_email_and_unknown_key(minutes):
    text = PERSONS.replace("email: jufo@example.dk", "email: jufo(at)example.dk").replace("    aliaser:", "    alias:")
    minutes.write("personer.yaml", text)
    r = tjek(minutes, "personer.yaml")
    assert_only(r, "personer.yaml:9:5: fejl S001 Ukendt nøgle 'alias' i personen — mente du 'aliaser'?",
                "personer.yaml:10:12: fejl S004 'jufo(at)example.dk' ligner ikke en e-mailadresse", code=1)


def test_organisation_registry_bad_type(minutes):
    original = minutes.read("kommuner.yaml")
    text = original.replace("    navn: Holbæk Kommune\n    kort: Holbæk\n    type: kommune\n",
                            "    navn: Holbæk Kommune\n    kort: Holbæk\n    type: komune\n", 1)
    assert text != original
    minutes.write("kommuner.yaml", text)
    r = tjek(minutes, "kommuner.yaml")
    ln = line_of(text, "type: komune")
    assert_only(r, f"kommuner.yaml:{ln}:11: fejl S005 Ukendt organisationstype 'komune' — Brug kommune, region, "
                   "sekretariat, landsorganisation, myndighed, andet", code=1)


# --- gruppe.yaml -------------------------------------------------------------------------------------------------

GROUP_YAML = """\
# yaml-language-server: $schema=../../schema/gruppe.schema.json
id: boern-og-unge
navn: Netværksgruppe Børn og Unge
under: rammesekretariatet
medlemmer:
  - person: Helle Stisen
    organisation: Holbæk
  - person: Julie Folke Jacobsen
    organisation: Kalundborg
moedeplan:
  2025:
    - 2025-03-07
    - 2025-06-13
tovholder:
  2025:
    - organisation: Kalundborg
      personer: [Julie Folke]
"""


def test_group_fixture_is_valid(minutes):
    minutes.write(f"{GROUP}/gruppe.yaml", GROUP_YAML)
    r = tjek(minutes, f"{GROUP}/gruppe.yaml")
    assert codes(r) == [] and r.code == 0, r.out


def test_group_file_errors_at_their_line(minutes):
    text = (GROUP_YAML.replace("navn: Netværksgruppe", "nanv: Netværksgruppe")
            .replace("  - person: Julie Folke Jacobsen", "  - person: Julie Fokle"))
    minutes.write(f"{GROUP}/gruppe.yaml", text)
    r = tjek(minutes, f"{GROUP}/gruppe.yaml")
    path = f"{GROUP}/gruppe.yaml"
    assert_only(r,
                f"{path}:3:1: fejl S001 Ukendt nøgle 'nanv' i gruppe.yaml — mente du 'navn'?",
                f"{path}:2:1: fejl S003 Nøglen 'navn' mangler i gruppe.yaml",
                f"{path}:8:13: fejl P001 Ukendt person 'Julie Fokle' — mente du 'Julie Folke' (julie-folke)?",
                code=1)


def test_group_file_unknown_organisation_and_tovholder(minutes):
    text = GROUP_YAML.replace("    - organisation: Kalundborg", "    - organisation: Kalundborgg").replace(
        "personer: [Julie Folke]", "personer: [Holbæk]")
    minutes.write(f"{GROUP}/gruppe.yaml", text)
    r = tjek(minutes, f"{GROUP}/gruppe.yaml")
    path = f"{GROUP}/gruppe.yaml"
    assert_only(r,
                f"{path}:16:21: fejl P002 Ukendt organisation 'Kalundborgg' — "
                "mente du 'Kalundborg Kommune' (kalundborg)?",
                f"{path}:17:18: fejl P001 'Holbæk' er en organisation; som tovholder skal der stå en person",
                code=1)


# --- exit codes ---------------------------------------------------------------------------------------------------


def test_unmodified_repository_passes(minutes):
    r = tjek(minutes)
    assert r.code == 0, r.out + r.err
    assert not [line for line in finding_lines(r) if " fejl " in line], r.out
    assert r.lines[-1].startswith(("Alt er i orden: ", "0 fejl og ")), r.out


def test_exit_code_1_with_an_error(minutes):
    r = check_file(minutes, meeting(("status: udkast", "status: faerdig")))
    assert r.code == 1
    assert r.lines[-1] == summary(1, 0)


def test_exit_code_0_with_only_warnings_and_1_under_streng(minutes):
    text = meeting(("Frist: 1. september 2025.", "Frist: 1. september 2025. Lukket: 2025-08-20."))
    minutes.write(FILE, text)
    assert tjek(minutes, FILE).code == 0
    r = tjek(minutes, "--streng", FILE)
    assert r.code == 1
    assert codes(r) == ["T008"]


def test_exit_code_2_for_a_path_that_does_not_exist(minutes):
    r = tjek(minutes, "moeder/boern-og-unge/2099-01-01.md")
    assert r.code == 2
    assert "Fejl: 'moeder/boern-og-unge/2099-01-01.md' findes ikke" in r.err
    assert r.out == ""


def test_exit_code_2_for_an_unknown_format(minutes):
    r = tjek(minutes, "--format", "xml")
    assert r.code == 2
    assert r.out == ""
    # A Danish message naming the bad value and the ones that work; no English from the option parser.
    assert "Fejl" in r.err and "'xml'" in r.err, r.err
    assert all(f in r.err for f in ("tekst", "github", "json")), r.err
    assert "Invalid value" not in r.err and "Usage:" not in r.err, r.err


# --- which files are reported --------------------------------------------------------------------------------------


def test_tjek_file_reports_only_that_files_findings(minutes):
    other = f"{GROUP}/2025-06-20.md"
    minutes.write(other, meeting(("dato: 2025-06-13", "dato: 2025-06-20"), ("status: udkast", "status: faerdig"),
                                 ("moede_nr: 2", "moede_nr: 3")))  # the year's third meeting: a 2 would be M011
    minutes.write(FILE, meeting(("referent: Julie Folke", "referent: Nanett Flamgard")))
    minutes.write("personer.yaml", minutes.read("personer.yaml") + "\n  - id: Forkert_Id\n    navn: Forkert Id\n")

    r = tjek(minutes, FILE)
    assert codes(r) == ["P001"], r.out
    assert all(line.startswith(FILE + ":") for line in finding_lines(r))
    assert r.lines[-1] == summary(1, 0)
    assert r.code == 1

    r = tjek(minutes)  # the whole repository has all three
    assert any(line.startswith(f"{FILE}:7:11: fejl P001") for line in r.lines), r.out
    assert any(line.startswith(f"{other}:6:9: fejl S005") for line in r.lines), r.out
    assert any(line.startswith("personer.yaml:") and " R002 " in line for line in r.lines), r.out


def test_tjek_two_files_and_a_folder(minutes):
    other = f"{GROUP}/2025-06-20.md"
    minutes.write(other, meeting(("dato: 2025-06-13", "dato: 2025-06-20"), ("status: udkast", "status: faerdig"),
                                 ("moede_nr: 2", "moede_nr: 3")))  # the year's third meeting: a 2 would be M011
    minutes.write(FILE, meeting(("referent: Julie Folke", "referent: Nanett Flamgard")))
    r = tjek(minutes, FILE, other)
    assert sorted(codes(r)) == ["P001", "S005"], r.out
    assert r.lines[-1] == summary(2, 0, 2)
    r = tjek(minutes, GROUP)
    assert {"P001", "S005"} <= set(codes(r)), r.out
    assert all(line.startswith(GROUP + "/") for line in finding_lines(r)), r.out


def test_tjek_from_a_subfolder_finds_the_repository(minutes):
    minutes.write(FILE, meeting(("status: udkast", "status: faerdig")))
    r = tjek_in(minutes, minutes.root / GROUP, "2025-06-13.md")
    assert f"{FILE}:6:9: fejl S005 Ukendt status 'faerdig' — Status skal være planlagt, udkast, godkendt" in r.lines
    assert r.code == 1


def tjek_in(minutes, cwd, *args):
    r = minutes.run("tjek", *args, cwd=cwd)
    assert "Traceback" not in r.err, r.err
    return r


# --- output formats ---------------------------------------------------------------------------------------------------


def test_format_github_annotation(minutes):
    text = meeting(("referent: Julie Folke", "referent: Nanett Flamgard"), ("Frist: 1. september 2025.",
                   "Frist: 1. september 2025. Lukket: 2025-08-20."))
    minutes.write(FILE, text)
    r = tjek(minutes, "--format", "github", FILE)
    assert r.code == 1
    assert sorted(r.lines) == sorted([
        f"::warning file={FILE},line=32,col=1,title=T008::Opgaven har en Lukket-dato, men er ikke krydset af ([x])",
        f"::error file={FILE},line=7,col=11,title=P001::Ukendt person 'Nanett Flamgard' — mente du 'Nanett Flamgaard' "
        "(nanett-flamgaard)?",
    ]), r.out
    assert summary(1, 1) in r.err


def test_format_github_escapes_data_and_properties(minutes):
    # A file name with a colon and a comma (properties: %3A, %2C) and a person's name with
    # % in it (data: %25), and CR and LF, shown as visible escapes; the message's own colon stays.
    path = f"{GROUP}/møde 13,6 kl. 10:00.md"
    text = meeting(("referent: Julie Folke", 'referent: "Per\\r\\nHansen: 50%, ca."'))
    minutes.write(path, text)
    r = tjek(minutes, "--format", "github", path)
    escaped_path = f"{GROUP}/møde 13%2C6 kl. 10%3A00.md"
    assert sorted(r.lines) == sorted([
        f"::error file={escaped_path},title=D003::Filnavnet 'møde 13,6 kl. 10:00.md' er ikke mødets dato — "
        "Omdøb til 2025-06-13.md",
        f"::error file={escaped_path},line=7,col=11,title=P001::Ukendt person 'Per\\r\\nHansen: 50%25, ca.' — "
        "Tilføj personen i personer.yaml (evt. som alias)",
    ]), r.out
    assert r.code == 1


def test_format_json(minutes):
    text = meeting(("referent: Julie Folke", "referent: Nanett Flamgard"), ("Frist: 1. september 2025.",
                   "Frist: 1. september 2025. Lukket: 2025-08-20."), ("status: udkast", "status: faerdig"))
    minutes.write(FILE, text)
    r = tjek(minutes, "--format", "json", FILE)
    assert r.code == 1
    data = json.loads(r.out)
    assert isinstance(data, list) and len(data) == 3
    for f in data:
        assert set(f) == {"fil", "linje", "kolonne", "kode", "alvor", "besked", "forslag"}
    by_code = {f["kode"]: f for f in data}
    assert by_code["P001"] == {"fil": FILE, "linje": 7, "kolonne": 11, "kode": "P001", "alvor": "fejl",
                               "besked": "Ukendt person 'Nanett Flamgard'",
                               "forslag": "mente du 'Nanett Flamgaard' (nanett-flamgaard)?"}
    assert by_code["T008"] == {"fil": FILE, "linje": 32, "kolonne": 1, "kode": "T008", "alvor": "advarsel",
                               "besked": "Opgaven har en Lukket-dato, men er ikke krydset af ([x])", "forslag": ""}
    assert by_code["S005"]["forslag"] == "Status skal være planlagt, udkast, godkendt"
    assert "Status skal være" in r.out  # Danish letters as themselves, not \u00e6


def test_format_json_clean(minutes):
    minutes.write(FILE, VALID)
    r = tjek(minutes, "--format", "json", FILE)
    assert r.code == 0
    assert json.loads(r.out) == []


# --- T009: a deadline in the prose that no task carries ------------------------------------------


def test_T009_deadline_in_prose_without_a_task(minutes):
    text = meeting(("Dagsordenen blev godkendt.\n\n## 2.",
                    "Input til årsrapporten sendes til Julie Folke senest 17. december.\n\n## 2."))
    r = check_file(minutes, text)
    line, col = line_of(text, "senest 17. december"), col_of(text, "senest 17. december")
    assert_only(r, f"{FILE}:{line}:{col}: advarsel T009 Teksten nævner en frist ('senest 17. december', "
                   "17. december 2025), som ingen opgave har — Tilføj en opgave: "
                   "'- [ ] Hvad. Ansvarlig: Hvem. Frist: 17. december 2025.'", code=0)


def test_T009_is_quiet_when_a_task_carries_the_deadline(minutes):
    text = meeting(("Dagsordenen blev godkendt.\n\n## 2.",
                    "Deadline er 1. september 2025.\n\n## 2."))
    # The task under item 2 has Frist: 1. september 2025.
    assert check_file(minutes, text).lines == ["Alt er i orden: 1 møde tjekket."]


def test_T009_finds_a_deadline_phrase_wrapped_over_two_lines(minutes):
    text = meeting(("Dagsordenen blev godkendt.\n\n## 2.",
                    "Overblikket sendes ud med\ndagsordenen til næste møde 12. september 2025.\n\n## 2."))
    r = check_file(minutes, text)
    assert codes(r) == ["T009"]
    assert finding_lines(r)[0].startswith(f"{FILE}:{line_of(text, 'Overblikket sendes ud med')}:")


def test_T009_ignores_plain_dates_and_the_task_lines_themselves(minutes):
    text = meeting(("Dagsordenen blev godkendt.\n\n## 2.",
                    "Temamødet blev afholdt 19. september 2024.\n\n## 2."))
    assert check_file(minutes, text).code == 0
    assert codes(check_file(minutes, text, FILE, "--streng")) == []


# --- F012: control characters --------------------------------------------------------------------------------

CONTROL_HINT = "kommer typisk med tekst kopieret fra en PDF eller et andet program"


def test_F012_form_feed_pasted_from_a_pdf_but_not_tab_or_line_endings(minutes):
    text = meeting(("Dagsordenen blev godkendt.\n\n## 2.", "Dagsordenen\tblev godkendt.\n\x0c\n## 2."))
    r = check_file(minutes, text.replace("\n", "\r\n").encode())
    assert_only(r, f"{FILE}:29:1: advarsel F012 Linjen indeholder et usynligt styretegn: sideskift (U+000C) — "
                   f"Slet tegnet; det {CONTROL_HINT}", code=0)


def test_F012_vertical_tab_in_a_heading_and_several_on_one_line(minutes):
    text = meeting(("## 2. Nyt fra", "## 2. Nyt\x0bfra"), ("\nDagsordenen blev godkendt.",
                                                           "\nDagsordenen\x1b blev\x0c godkendt.\x0b"))
    r = check_file(minutes, text)
    assert_only(r,
                f"{FILE}:28:12: advarsel F012 Linjen indeholder usynlige styretegn: lodret tabulator (U+000B) og "
                f"sideskift (U+000C) og escape-tegn (U+001B) — Slet tegnene; de {CONTROL_HINT}",
                f"{FILE}:30:10: advarsel F012 Linjen indeholder et usynligt styretegn: lodret tabulator (U+000B) — "
                f"Slet tegnet; det {CONTROL_HINT}", code=0)


def test_F012_in_the_front_matter_also_points_at_the_yaml_error(minutes):
    text = meeting(("titel: Velkomst og", "titel: Velkomst\x0b og"))
    r = check_file(minutes, text)
    assert_only(r, f"{FILE}:15:20: advarsel F012 Linjen indeholder et usynligt styretegn: lodret tabulator (U+000B) — "
                   f"Slet tegnet; det {CONTROL_HINT}",
                f"{FILE}:15:20: fejl Y001 YAML-syntaksfejl: tegnet U+000B må ikke stå i YAML; slet det", code=1)


def test_F012_at_most_ten_lines_a_file_then_how_many_more(minutes):
    text = meeting(("\nDagsordenen blev godkendt.\n", "\nDagsordenen blev godkendt.\n" + "side\x0c\n" * 25))
    r = check_file(minutes, text)
    lines = finding_lines(r)
    assert lines[0] == f"{FILE}: advarsel F012 15 linjer mere indeholder styretegn; kun de første 10 er vist", r.out
    assert [line.split(": advarsel")[0] for line in lines[1:]] == [f"{FILE}:{n}:5" for n in range(29, 39)]
    assert r.code == 0


def test_F012_in_a_registry(minutes):
    persons = minutes.read("personer.yaml")
    minutes.write("personer.yaml", "# Rettet\x7f\n" + persons)
    r = tjek(minutes, "personer.yaml")
    assert "personer.yaml:1:9: advarsel F012 Linjen indeholder et usynligt styretegn: slettetegn (U+007F) — " \
           f"Slet tegnet; det {CONTROL_HINT}" in finding_lines(r), r.out

