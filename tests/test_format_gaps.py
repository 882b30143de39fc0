"""Issue 13, "Things the format cannot say yet": each new form of docs/format.md is read,
checked (a wrong form is a clear finding) and shown in the documents a user sees.

Every test writes its own meeting (meetingtext.VALID with changes) and runs the real CLI."""

from __future__ import annotations

import json

from conftest import ok
from meetingtext import FILE, check_file, codes, finding_lines, line_of, meeting

TASK = """\
- [ ] Sende overblik over netværkene til alle medlemmer.
      Ansvarlig: Povl Skov. Frist: 1. september 2025.
"""


def _task(minutes_text: str) -> str:
    return meeting((TASK, minutes_text))


def _tasks_json(minutes, *args: str) -> list[dict]:
    return json.loads(ok(minutes.run("opgaver", "--dato", "2025-06-20", "--format", "json", *args)).out)


def _ids(rows: list[dict]) -> set[str]:
    return {r["id"] for r in rows}


# --- 1. a task owed by a working group of the meeting -----------------------------------------

WORKING_GROUP = """\
arbejdsgrupper:
  - navn: Ad hoc-gruppe om plejefamilier
    punkt: 2
    medlemmer:
      - Helle Stisen
      - Julie Folke
beslutninger:"""


def test_a_working_group_of_the_meeting_owns_a_task_and_its_members_find_it(minutes):
    text = meeting(("beslutninger:", WORKING_GROUP),
                   ("Ansvarlig: Povl Skov.", "Ansvarlig: Ad hoc-gruppe om plejefamilier."))
    r = check_file(minutes, text)
    assert codes(r) == [], r.out
    mine = [t for t in _tasks_json(minutes, "--ansvarlig", "Helle Stisen") if t["id"] == "2025-06-13-1"]
    assert len(mine) == 1
    assert "2025-06-13-1" not in _ids(_tasks_json(minutes, "--ansvarlig", "Povl Skov"))
    assert "2025-06-13-1" in _ids(_tasks_json(minutes, "--kommune", "Holbæk"))  # Helle Stisen's, on the day
    shown = ok(minutes.run("vis", FILE, "--format", "md")).out
    assert "| Ad hoc-gruppe om plejefamilier |" in shown


def test_a_working_group_without_members_is_a_warning(minutes):
    empty = "arbejdsgrupper:\n  - navn: Ad hoc-gruppe om plejefamilier\nbeslutninger:"
    text = meeting(("beslutninger:", empty),
                   ("Ansvarlig: Povl Skov.", "Ansvarlig: arbejdsgruppen Ad hoc-gruppe om plejefamilier."))
    r = check_file(minutes, text)
    assert codes(r) == ["T014"], r.out
    assert "Arbejdsgruppen 'Ad hoc-gruppe om plejefamilier' er ansvarlig, men har ingen medlemmer" in r.out


# --- 2. a task whose recipient matters -------------------------------------------------------

RECIPIENT = """\
- [ ] Sende navne på deltagere i ad hoc-grupperne.
      Ansvarlig: alle kommuner. Modtager: Helle Stisen. Frist: 1. september 2025.
"""


def test_a_recipient_is_read_shown_and_excused_from_all_municipalities(minutes):
    r = check_file(minutes, _task(RECIPIENT))
    assert codes(r) == [], r.out
    assert "2025-06-13-1" not in _ids(_tasks_json(minutes, "--kommune", "Holbæk"))  # Helle Stisen's: the recipient
    assert "2025-06-13-1" in _ids(_tasks_json(minutes, "--kommune", "Kalundborg"))
    md = ok(minutes.run("vis", FILE, "--format", "md")).out
    assert "Sende navne på deltagere i ad hoc-grupperne. (modtager: Helle Stisen)" in md
    html = ok(minutes.run("vis", FILE, "--format", "html")).out
    assert "Modtager: Helle Stisen" in html


def test_an_unknown_or_empty_recipient_is_an_error(minutes):
    r = check_file(minutes, _task(RECIPIENT.replace("Modtager: Helle Stisen.", "Modtager: Hele Stisen.")))
    assert codes(r) == ["T012"], r.out
    assert "Ukendt modtager 'Hele Stisen'" in r.out
    r = check_file(minutes, _task(RECIPIENT.replace("Modtager: Helle Stisen.", "Modtager:.")))
    assert codes(r) == ["T012"], r.out
    assert "'Modtager:' er tom" in r.out


# --- 3. an item that is both a presentation and a discussion ---------------------------------


def test_an_item_of_two_kinds(minutes):
    text = meeting(("    ansvarlig: Povl Skov\n", "    ansvarlig: Povl Skov\n    type: [orientering, droeftelse]\n"))
    r = check_file(minutes, text)
    assert codes(r) == [], r.out
    assert "Til orientering og drøftelse" in ok(minutes.run("dagsorden", FILE, "--format", "md")).out
    assert "Til orientering og drøftelse" in ok(minutes.run("vis", FILE, "--format", "html")).out
    r = check_file(minutes, text.replace("[orientering, droeftelse]", "[orientering, debat]"))
    assert codes(r) == ["S005"], r.out
    assert "Ukendt punkttype 'debat'" in r.out


# --- 4. breaks in the timetable ----------------------------------------------------------------

BREAK = """\
    type: beslutning
    tid: "10.00-11.30"
  - pause: "11.30-12.00"
    titel: Frokost
  - nr: 2"""


def test_a_break_is_read_and_shown_between_the_items(minutes):
    text = meeting(("    type: beslutning\n  - nr: 2", BREAK))
    r = check_file(minutes, text)
    assert codes(r) == [], r.out
    md = ok(minutes.run("dagsorden", FILE, "--format", "md")).out
    assert md.index("### 1. Velkomst") < md.index("*Frokost kl. 11.30–12.00*") < md.index("### 2. Nyt fra")
    html = ok(minutes.run("dagsorden", FILE, "--format", "html")).out
    assert '<p class="pause">Frokost kl. 11.30–12.00</p>' in html


def test_a_break_without_a_time_or_over_an_item_is_an_error(minutes):
    r = check_file(minutes, meeting(("    type: beslutning\n  - nr: 2", BREAK.replace('"11.30-12.00"', '""'))))
    assert codes(r) == ["A009"], r.out
    assert "Pausen har intet tidsrum" in r.out
    overlapping = BREAK.replace('"11.30-12.00"', '"11.00-12.00"')
    r = check_file(minutes, meeting(("    type: beslutning\n  - nr: 2", overlapping)))
    assert codes(r) == ["A009"], r.out
    assert "Pausen kl. 11.00–12.00 overlapper punkt 1 (kl. 10.00–11.30)" in r.out


# --- 5. a link whose address the source lost ---------------------------------------------------

LINK = """\
    ansvarlig: Povl Skov
    links:
      - tekst: Oplæg fra KL om plejefamilier
        url:
"""


def test_a_link_without_address_is_shown_as_missing_with_a_warning(minutes):
    text = meeting(("    ansvarlig: Povl Skov\n", LINK))
    r = check_file(minutes, text)
    assert codes(r) == ["A010"], r.out
    assert f"{FILE}:{line_of(text, 'url:')}:" in finding_lines(r)[0]
    assert "Linket 'Oplæg fra KL om plejefamilier' har ingen adresse" in r.out
    assert "- Oplæg fra KL om plejefamilier (link mangler)" in ok(minutes.run("dagsorden", FILE, "--format", "md")).out
    html = ok(minutes.run("vis", FILE, "--format", "html")).out
    assert '<li>Oplæg fra KL om plejefamilier <span class="mangler">(link mangler)</span></li>' in html
    assert "<a href=\"\"" not in html


# --- 6. the date the draft was written ---------------------------------------------------------


def test_the_draft_date_is_shown_on_the_draft(minutes):
    text = meeting(("status: udkast\n", "status: udkast\nudkast_dato: 2025-06-16\n"))
    r = check_file(minutes, text)
    assert codes(r) == [], r.out
    assert "- **Status:** Udkast af 16. juni 2025 – ikke godkendt" in ok(minutes.run("vis", FILE, "--format", "md")).out
    r = check_file(minutes, meeting(("status: udkast\n", "status: udkast\nudkast_dato: 2025-06-01\n")))
    assert codes(r) == ["S007"], r.out
    assert "Udkastet er dateret 1. juni 2025, før mødet (13. juni 2025)" in r.out


# --- 8. deadlines in prose that name no day --------------------------------------------------


def test_a_deadline_in_words_stays_as_written_with_a_warning(minutes):
    text = meeting(("Frist: 1. september 2025.", "Frist: efter jul 2025."))
    r = check_file(minutes, text)
    assert codes(r) == ["T013"], r.out
    assert "Fristen 'efter jul 2025' er ikke en bestemt dag" in r.out
    md = ok(minutes.run("vis", FILE, "--format", "md")).out
    assert "| Povl Skov | efter jul 2025 | Sende overblik over netværkene til alle medlemmer. (punkt 2) | Åben |" in md
    rows = [t for t in _tasks_json(minutes) if t["id"] == "2025-06-13-1"]
    assert len(rows) == 1
    for prose in ("to dage inden tilmelding", "marts/april 2026"):
        r = check_file(minutes, meeting(("Frist: 1. september 2025.", f"Frist: {prose}.")))
        assert codes(r) == ["T013"], r.out
        assert f"| {prose} | Sende overblik over netværkene" in ok(minutes.run("vis", FILE, "--format", "md")).out
    # A date written wrong is still an error, not prose.
    r = check_file(minutes, meeting(("Frist: 1. september 2025.", "Frist: 31. september 2025.")))
    assert codes(r) == ["T003"], r.out


# --- 7. an editorial correction of an obvious slip in the source ---------------------------------


def test_an_editorial_correction_is_shown_discreetly(minutes):
    text = meeting(("Dagsordenen blev godkendt.\n\n## 2.",
                    "Dagsordenen blev godkendt. Næste møde er 9. maj 2025 [rettet: kilden har 2015].\n\n## 2."))
    r = check_file(minutes, text)
    assert codes(r) == [], r.out
    html = ok(minutes.run("vis", FILE, "--format", "html")).out
    assert 'Næste møde er 9. maj 2025 <span class="rettelse">(rettet: kilden har 2015)</span>.' in html
    assert "[rettet:" not in html
    # A bracket that is not the whole form stays text, as written.
    minutes.write(FILE, text.replace("[rettet: kilden har 2015]", "[rettet:]"))
    assert "[rettet:]" in ok(minutes.run("vis", FILE, "--format", "html")).out
