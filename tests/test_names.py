"""Names matched as a colleague would (issue 13): short forms, first names with an
organisation, guests as responsible, and suggestions that do not mislead. Each test writes its
own meeting (and, where it needs one, its own people into the archive's personer.yaml) and
reads what `referat tjek` or `referat opgaver` tells the user."""

from __future__ import annotations

import pytest

from conftest import failed, ok
from meetingtext import FILE, check_file, col_of, finding_lines, line_of, meeting, tjek

ADD_PERSON = "Tilføj personen i personer.yaml (evt. som alias)"


def add_people(minutes, yaml: str) -> None:
    """Adds entries (YAML list items under 'personer:') to the archive's personer.yaml."""
    text = (minutes.root / "personer.yaml").read_text(encoding="utf-8")
    minutes.write("personer.yaml", text.rstrip("\n") + "\n\n" + yaml)


def attendee(name: str) -> str:
    """VALID with Julie Folke's place among the attendees taken by name."""
    return meeting(("  - Julie Folke\n", f"  - {name}\n"))


def at(text: str, needle: str) -> str:
    return f"{FILE}:{line_of(text, needle)}:{col_of(text, needle)}"


def test_a_short_form_of_one_persons_name_is_taken_as_her_with_a_warning(minutes):
    text = attendee("Rikke Laursen")
    r = check_file(minutes, text)
    assert finding_lines(r) == [
        f"{at(text, 'Rikke Laursen')}: advarsel P009 'Rikke Laursen' er taget som Rikke Kvistgaard Laursen "
        "(rikke-kvistgaard-laursen) — Skriv det fulde navn, eller tilføj 'Rikke Laursen' som alias i personer.yaml"]
    assert r.code == 0, r.out


@pytest.mark.parametrize(("added", "written", "both"), [
    ("Rikke Bach Laursen", "Rikke Laursen",
     "'Rikke Bach Laursen' (rikke-bach-laursen), 'Rikke Kvistgaard Laursen' (rikke-kvistgaard-laursen)"),
    # both fit but for their middle names (personer.yaml: Pia F. Nielsen)
    ("Pia Frost Nielsen", "Pia Fie Nielsen",
     "'Pia F. Nielsen' (pia-f-nielsen), 'Pia Frost Nielsen' (pia-frost-nielsen)"),
], ids=["short-form", "middle-names"])
def test_a_name_two_people_fit_names_both(minutes, added, written, both):
    pid = added.lower().replace(" ", "-")
    add_people(minutes, f"  - id: {pid}\n    navn: {added}\n    tilknytning:\n      - organisation: greve\n")
    text = attendee(written)
    r = check_file(minutes, text)
    assert finding_lines(r) == [f"{at(text, written)}: fejl P001 Ukendt person '{written}' — flere mulige: {both}"]


def search_owner(minutes, full: str, written: str, searched: str):
    """`opgaver --ansvarlig searched` on VALID with two tasks, their owner written in full and
    as written; both are found, Povl Skov's is not."""
    minutes.write(FILE, meeting(("      Ansvarlig: Povl Skov. Frist: 1. september 2025.\n",
                                 "      Ansvarlig: Povl Skov. Frist: 1. september 2025.\n"
                                 f"- [ ] Sende tal for anbringelser. Ansvarlig: {full}.\n"
                                 f"- [ ] Sende notat om tilsyn. Ansvarlig: {written}.\n")))
    r = ok(minutes.run("opgaver", "--ansvarlig", searched, "--dato", "2025-06-20"))
    assert "Sende tal for anbringelser" in r.out
    assert "Sende notat om tilsyn" in r.out
    assert "Sende overblik" not in r.out
    return r


def test_opgaver_ansvarlig_finds_a_person_by_the_short_form_of_her_name(minutes):
    r = search_owner(minutes, "Rikke Kvistgaard Laursen", "Rikke Laursen", "Rikke Laursen")
    assert "Viser opgaver for Rikke Kvistgaard Laursen (rikke-kvistgaard-laursen)." in r.err
    # Once two people have that short form, the search names both and shows nothing.
    add_people(minutes, "  - id: rikke-bach-laursen\n    navn: Rikke Bach Laursen\n")
    assert failed(minutes.run("opgaver", "--ansvarlig", "Rikke Laursen")) == (
        "Fejl: 'Rikke Laursen' kan være flere: 'Rikke Bach Laursen' (rikke-bach-laursen), 'Rikke Kvistgaard "
        "Laursen' (rikke-kvistgaard-laursen). Skriv det fulde navn eller id'et\n")


def test_a_first_name_is_not_offered_a_look_alike_the_registry_notes_as_another(minutes):
    # personer.yaml: Ania Holm, ikke_samme_som: [anja-stensgaard]
    text = attendee("Anja")
    r = check_file(minutes, text)
    assert finding_lines(r) == [
        f"{at(text, 'Anja')}: fejl P001 Ukendt person 'Anja' — mente du 'Anja Stensgaard' (anja-stensgaard)?"]


def test_ikke_samme_som_keeps_a_look_alike_from_being_offered(minutes):
    text = attendee("Anja Holm")  # 89 % like Ania Holm, but Anja is Anja Stensgaard's name
    r = check_file(minutes, text)
    assert finding_lines(r) == [f"{at(text, 'Anja Holm')}: fejl P001 Ukendt person 'Anja Holm' — {ADD_PERSON}"]
    # Without the note, the look-alike is offered: the note is what kept it out.
    persons = (minutes.root / "personer.yaml").read_text(encoding="utf-8")
    minutes.write("personer.yaml", persons.replace("    ikke_samme_som: [anja-stensgaard]\n", ""))
    r = check_file(minutes, text)
    assert finding_lines(r) == [
        f"{at(text, 'Anja Holm')}: fejl P001 Ukendt person 'Anja Holm' — mente du 'Ania Holm' (ania-holm)?"]


def test_ikke_samme_som_must_name_another_known_person(minutes):
    persons = (minutes.root / "personer.yaml").read_text(encoding="utf-8")
    persons = persons.replace("ikke_samme_som: [anja-stensgaard]", "ikke_samme_som: [anja-stensgard]")
    minutes.write("personer.yaml", persons)
    r = tjek(minutes)
    line = line_of(persons, "ikke_samme_som")
    assert finding_lines(r) == [
        f"personer.yaml:{line}:22: fejl P011 'ikke_samme_som: anja-stensgard' hos Ania Holm er ingen kendt person "
        "— Skriv id'et på en anden person i personer.yaml"]


def test_a_new_person_sharing_a_first_name_is_not_offered_the_registered_one(minutes):
    text = attendee("Lone Hansen")  # Lone Jensen is registered (82 % alike)
    r = check_file(minutes, text)
    assert finding_lines(r) == [f"{at(text, 'Lone Hansen')}: fejl P001 Ukendt person 'Lone Hansen' — {ADD_PERSON}"]


def test_a_four_letter_first_name_is_not_offered_an_unrelated_short_name(minutes):
    text = attendee("Nina")  # the registry's Nina, not Ania (Ania Holm's alias, 75 % alike)
    r = check_file(minutes, text)
    assert finding_lines(r) == [
        f"{at(text, 'Nina')}: fejl P001 Ukendt person 'Nina' — mente du 'Nina T. Hansen' (nina-t-hansen)?"]
    text = attendee("Dina")  # nobody's first name
    r = check_file(minutes, text)
    assert finding_lines(r) == [f"{at(text, 'Dina')}: fejl P001 Ukendt person 'Dina' — {ADD_PERSON}"]


def test_two_close_candidates_are_both_named_unless_the_organisation_written_picks_one(minutes):
    add_people(minutes, "  - id: helle-stigsen\n    navn: Helle Stigsen\n"
                        "    tilknytning:\n      - organisation: koege\n")
    text = meeting(("  - Helle Stisen\n", "  - Helle Stiesen\n"))
    r = check_file(minutes, text)
    assert finding_lines(r) == [
        f"{at(text, 'Helle Stiesen')}: fejl P001 Ukendt person 'Helle Stiesen' — flere mulige: "
        "'Helle Stisen' (helle-stisen), 'Helle Stigsen' (helle-stigsen)"]
    # Written with Køge, the one of Køge on the meeting's date (Helle Stisen is of Holbæk).
    text = meeting(("  - Helle Stisen\n", "  - person: Helle Stiesen\n    organisation: Køge\n"))
    r = check_file(minutes, text)
    assert finding_lines(r) == [
        f"{at(text, 'Helle Stiesen')}: fejl P001 Ukendt person 'Helle Stiesen' — mente du 'Helle Stigsen' "
        "(helle-stigsen)?"]


def test_a_first_name_with_an_organisation_resolves_to_its_one_person_on_the_day(minutes):
    # A Lone who left Køge before the meeting is no other candidate.
    add_people(minutes, "  - id: lone-berg\n    navn: Lone Berg\n    tilknytning:\n"
                        "      - organisation: koege\n        til: 2024-12-31\n")
    text = meeting(("  - Julie Folke\n", "  - Julie Folke\n  - Lone (Køge)\n"),
                   ("    ansvarlig: Povl Skov\n", "    ansvarlig: Lone (Køge)\n"))
    r = check_file(minutes, text)
    assert r.code == 0, r.out
    assert r.lines == ["Alt er i orden: 1 møde tjekket."]


@pytest.mark.parametrize(("name", "lone_berg", "finding"), [
    ("Lone (Køge)", "      - organisation: koege\n        fra: 2025-01-01\n",
     "fejl P010 'Lone (Køge)': Køge Kommune har flere ved navn Lone den 13. juni 2025 — flere mulige: "
     "'Lone Berg' (lone-berg), 'Lone Nygaard Jensen' (lone-nygaard-jensen)"),
    ("Lone (Holbæk)", "",
     "fejl P010 'Lone (Holbæk)': Holbæk Kommune har ingen ved navn Lone den 13. juni 2025 — Skriv det fulde "
     "navn, eller tilføj personen i personer.yaml"),
], ids=["two-Lones", "no-Lone"])
def test_a_first_name_with_an_organisation_that_is_not_one_person_lists_who_it_can_be(minutes, name, lone_berg,
                                                                                      finding):
    add_people(minutes, "  - id: lone-berg\n    navn: Lone Berg\n    tilknytning:\n" + lone_berg)
    text = attendee(name)
    r = check_file(minutes, text)
    assert finding_lines(r) == [f"{at(text, name)}: {finding}"]


def test_a_guest_in_deltagere_may_be_responsible_in_the_same_meeting(minutes):
    text = meeting(("  - Julie Folke\n", "  - Julie Folke\n  - navn: Ole Gæst\n    organisation: KL\n"
                                          "    gaest: true\n"),
                   ("    ansvarlig: Povl Skov\n", "    ansvarlig: Ole Gæst\n"),
                   ("Ansvarlig: Povl Skov.", "Ansvarlig: Ole Gæst."))
    r = check_file(minutes, text)
    assert r.code == 0, r.out
    assert r.lines == ["Alt er i orden: 1 møde tjekket."]
    # Not declared in the meeting, the guest is unknown.
    text = meeting(("    ansvarlig: Povl Skov\n", "    ansvarlig: Ole Gæst\n"))
    r = check_file(minutes, text)
    assert finding_lines(r) == [
        f"{at(text, 'Ole Gæst')}: fejl P006 Ukendt person eller organisation 'Ole Gæst' — Skriv en person, en "
        "organisation, en gruppe eller 'alle kommuner'"]


def test_a_name_with_a_middle_name_spelled_out_is_offered_the_one_registered_with_its_initial(minutes):
    text = attendee("Pia Fjord Nielsen")  # personer.yaml: Pia F. Nielsen
    r = check_file(minutes, text)
    assert finding_lines(r) == [
        f"{at(text, 'Pia Fjord Nielsen')}: fejl P001 Ukendt person 'Pia Fjord Nielsen' — mente du "
        "'Pia F. Nielsen' (pia-f-nielsen)?"]
    text = attendee("Pia Fjord Hansen")  # another surname: no middle name apart
    r = check_file(minutes, text)
    assert finding_lines(r) == [
        f"{at(text, 'Pia Fjord Hansen')}: fejl P001 Ukendt person 'Pia Fjord Hansen' — {ADD_PERSON}"]


def test_opgaver_ansvarlig_finds_a_person_written_with_more_middle_names(minutes):
    r = search_owner(minutes, "Nina T. Hansen", "Nina T. Hansen", "Nina Therese Hansen")
    assert "Viser opgaver for Nina T. Hansen (nina-t-hansen)." in r.err
