"""`referat dagsorden`: the agenda to send out, run as a user runs it, on this project's own
minutes in a temporary git repository.

The agenda is read the way its reader reads it: the Markdown as lines in order, the HTML
through an HTML parser (which elements, which links), the DOCX through python-docx and the PDF
by its header and page size. Every run that depends on "today" passes --dato.
"""

from __future__ import annotations

import io
import re
import sys
from html.parser import HTMLParser

import pytest

from conftest import MinutesRepo, a4_pages, failed, in_order, ok, run_referat

REAL = "moeder/boern-og-unge/2025-03-07.md"
STEERING = "moeder/styregruppen/2025-03-14.md"
PLANNED = "moeder/boern-og-unge/2025-05-09.md"

# The real meeting 7 March 2025: its items in order, with the person responsible for each.
REAL_ITEMS = [
    ("1", "Velkomst og godkendelse af dagsordenen", "Julie Folke"),
    ("2", "Kort præsentationsrunde", "alle"),
    ("3", "Ny tovholder for netværksgruppen", "Julie Folke"),
    ("4", "Drøftelse af hvordan netværksgruppen skal arbejde med Rammeaftale 2025-2026, herunder fokusområderne 1-3",
     "Helle Stisen"),
    ("5", "Nyt fra Rammesekretariatet", "Povl Skov"),
    ("6", "Erfaring med implementering af standardkontrakterne i Holbæk Kommune", "Nanett Flamgaard"),
    ("7", "Trivselskommissionens anbefalinger og drøftelse på baggrund af kort indføring", "Julie Folke"),
    ("8", "Punkter til næste møde 9. maj 2025", "Julie Folke"),
    ("9", "Eventuelt og tak for i dag", "Julie Folke"),
]
REAL_BILAG = [
    "PowerPoints fra direktør- og chefmødet den 6.3.2025",
    "PowerPoints fra det fælles netværksmøde 28.2.2025",
    "Trivselskommissionens afrapportering: 250224-trivselskommissionens-afrapportering.pdf",
    "3 indstillingsskemaer fra Rammesekretariatet",
]
REAL_LINK = ("https://www.rs17.dk/arrangementer/temamode-om-kontraktforhandling-pa-det-specialiserede-"
             "socialomrade-19-9-2024/")

# Real tasks, by the start of their text.
OVERVIEW = "Lave et overblik over de forskellige netværk og arbejdsgrupper"  # 2025-03-07-3, frist 9. maj 2025
ANNUAL_REPORT = "Sende yderligere input eller rettelser til årsrapporten for 2024"  # 2024-11-29, 17. december 2024
HOLBAEK_STORY = "Fortælle om Holbæks erfaringer"  # 2024-11-29, [x], closed 2025-03-07 at the meeting
NAMES_TASK = "Sende navnene på deltagerne fra kommunen"  # 2025-03-07-1, alle kommuner
KOMMISSORIUM = "Formulere kommissorium for de to ad hoc-grupper"  # 2025-03-07-2
STEERING_TASK = "Teste modellen for sagsaudit"  # styregruppen: never on the network group's agenda


# --- helpers ---------------------------------------------------------------------------------


def agenda(minutes: MinutesRepo, *args: str) -> str:
    return ok(minutes.run("dagsorden", *args)).out


def section(md: str, heading: str) -> str:
    """A level-2 section of the Markdown agenda, up to the next level-2 heading."""
    start = md.index(f"\n## {heading}\n")
    end = md.find("\n## ", start + 1)
    return md[start: end if end >= 0 else len(md)]


def task_lines(md: str) -> list[str]:
    return [line for line in section(md, "Åbne opgaver").splitlines() if line.startswith("- **")]


def plan_next_meeting(minutes: MinutesRepo) -> None:
    """The network group's next meeting, planned by `referat ny` as the secretariat would."""
    result = ok(minutes.run("ny", "--gruppe", "boern-og-unge", "--dato", "2025-05-09"))  # the plan's date
    assert result.out.startswith(f"Oprettede {PLANNED}")


class Page(HTMLParser):
    """What a browser would make of the HTML: its elements, links, sources, text and styles."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.text: list[str] = []
        self.style = ""
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())

    def values(self, name: str) -> list[str]:
        return [v for _, n, v in self.attrs if n == name]


# --- the real meeting, as Markdown --------------------------------------------------------------


def test_markdown_head_of_the_real_meeting(minutes):
    md = agenda(minutes, REAL)
    lines = md.splitlines()
    assert lines[0] == "# Dagsorden: Netværksgruppe Børn og Unge"
    assert "Møde 1/4 i 2025" in lines  # moede_nr 1 of the 4 dates in the group's plan for 2025
    assert "- **Dato:** fredag den 7. marts 2025" in lines
    assert "- **Tid:** kl. 10.00–13.00" in lines
    assert "- **Sted:** Teams" in lines
    assert "- **Referent:** Pernille Lenzner (pelz@kalundborg.dk)" in lines
    assert "- **Tovholder:** Kalundborg Kommune (Julie Folke og Pernille Lenzner)" in lines


def test_markdown_items_in_order_with_the_person_responsible(minutes):
    md = agenda(minutes, REAL)
    parts = []
    for nr, title, who in REAL_ITEMS:
        parts += [f"### {nr}. {title}\n", f"*v. {who}"]
    in_order(section(md, "Punkter"), parts)
    assert len(re.findall(r"^### ", md, re.MULTILINE)) == len(REAL_ITEMS)


def test_markdown_item_details_type_focus_description_bilag_and_link(minutes):
    md = agenda(minutes, REAL)
    item4 = md[md.index("### 4. "): md.index("### 5. ")]
    assert "*v. Helle Stisen · Til drøftelse · Fokusområderne 1, 2 og 3*" in item4
    assert "d) Drøftelse af hvornår børne- og ungeområdet skal deltage i rammeaftalemøderne" in item4
    assert "- Bilag 1: PowerPoints fra direktør- og chefmødet den 6.3.2025" in item4
    item6 = md[md.index("### 6. "): md.index("### 7. ")]
    assert "*v. Nanett Flamgaard · Fokusområde 1*" in item6
    assert f"(<{REAL_LINK}>)" in item6
    in_order(section(md, "Punkter"), [f"- Bilag {n}: {b}\n" for n, b in enumerate(REAL_BILAG, 1)])


def test_invited_by_organisation_on_the_meeting_date_in_danish_order(minutes):
    md = agenda(minutes, REAL)
    people = section(md, "Deltagere og afbud")
    orgs = re.findall(r"^- \*\*(.+?):\*\*", people, re.MULTILINE)
    assert orgs == ["Guldborgsund", "Holbæk", "Kalundborg", "Køge", "Lolland", "Næstved", "Odsherred",
                    "Rammesekretariatet", "Region Sjælland", "Ringsted", "Roskilde", "Slagelse", "Sorø",
                    "Vordingborg"]
    lines = people.splitlines()
    # Helle Stisen moved from Solrød to Holbæk on 1 March 2025: on 7 March she is Holbæk's.
    assert ("- **Holbæk:** Helle Stisen, Louise Hjulmand-Frandsen (gæst, kun punkt 6), "
            "Nanett Flamgaard (kun punkt 6)") in lines
    assert "Solrød" not in people
    assert "- **Ringsted:** Christina Thomsen (afbud), Henrik Kjer (afbud), Margit Nygaard Mikkelsen (afbud)" in lines


def test_danish_order_puts_ae_oe_aa_after_z_and_aa_as_aa(minutes):
    text = minutes.read(REAL).replace(
        "afbud:\n",
        "  - navn: Åse Gæst\n    organisation: Åby\n    gaest: true\n"
        "  - navn: Aage Gæst\n    organisation: Aabenraa\n    gaest: true\n"
        "  - navn: Ærlig Gæst\n    organisation: Ærø\n    gaest: true\n"
        "  - navn: Ørsted Gæst\n    organisation: Ørsted\n    gaest: true\n"
        "  - navn: Zeuthen Gæst\n    organisation: Zealand\n    gaest: true\n"
        "afbud:\n", 1)
    minutes.write(REAL, text)
    people = section(agenda(minutes, REAL), "Deltagere og afbud")
    orgs = re.findall(r"^- \*\*(.+?):\*\*", people, re.MULTILINE)
    assert orgs[-6:] == ["Vordingborg", "Zealand", "Ærø", "Ørsted", "Aabenraa", "Åby"]


def test_open_tasks_of_the_group_on_the_meeting_date(minutes):
    md = agenda(minutes, REAL)
    tasks = task_lines(md)
    assert ("Gruppens åbne opgaver fra tidligere møder pr. 7. marts 2025; 2 med overskredet frist."
            in section(md, "Åbne opgaver").splitlines())
    text = "\n".join(tasks)
    # Overdue on the meeting's date, sorted by deadline first.
    # Who and when first, the id (for `opgaver luk`) last.
    assert tasks[0].startswith("- **Lars Petersen**, frist 19. august 2022 **(overskredet)**: Rammesætte temaet")
    assert tasks[0].endswith(" · 2022-05-20-1")
    [annual] = [t for t in tasks if ANNUAL_REPORT in t]
    assert annual.startswith("- **alle kommuner**, frist 17. december 2024 **(overskredet)**: ")
    # Closed at the meeting itself: it was open when the agenda went out, due that day.
    [story] = [t for t in tasks if HOLBAEK_STORY in t]
    assert story.startswith("- **Nanett Flamgaard**, frist 7. marts 2025: ")
    # The meeting's own tasks are not yet written, and other groups' tasks never show.
    assert "2025-03-07-" not in text
    assert STEERING_TASK not in md
    assert len(tasks) == 7


# --- naeste, by date, by path ------------------------------------------------------------------


def test_naeste_is_the_planned_meeting_with_the_tasks_of_the_meeting_before(minutes):
    plan_next_meeting(minutes)
    md = agenda(minutes, "naeste", "--dato", "2025-04-01")
    lines = md.splitlines()
    assert "- **Dato:** fredag den 9. maj 2025" in lines
    assert "## Inviterede" in lines
    in_order(section(md, "Punkter"), ["### 1. Velkomst og godkendelse af dagsorden", "### 4. Status på fokusområde 1",
                                      "### 7. Opfølgning på opgaver", "### 9. Eventuelt"])
    [overview] = [t for t in task_lines(md) if OVERVIEW in t]
    # Due on the meeting's day: not overdue yet.
    assert overview.startswith("- **Lisbeth Broberg**, frist 9. maj 2025: ")
    assert overview.endswith(" · 2025-03-07-3")
    assert any(NAMES_TASK in t for t in task_lines(md))
    # Closed at the meeting 7 March 2025: no longer open on 9 May.
    assert HOLBAEK_STORY not in md


def test_naeste_counts_from_today_by_default_and_on_the_day_itself(minutes):
    plan_next_meeting(minutes)
    same_day = agenda(minutes, "naeste", "--dato", "9. maj 2025")
    assert "fredag den 9. maj 2025" in same_day
    err = failed(minutes.run("dagsorden", "naeste", "--dato", "2025-05-10"))
    assert err == "Fejl: Der er intet møde den 10. maj 2025 eller senere; opret det med 'referat ny'\n"


def test_naeste_with_several_groups_asks_for_the_group(minutes):
    plan_next_meeting(minutes)
    minutes.write("moeder/styregruppen/2025-05-02.md", minutes.read(STEERING)
                  .replace("dato: 2025-03-14", "dato: 2025-05-02").replace("status: godkendt", "status: planlagt"))
    err = failed(minutes.run("dagsorden", "naeste", "--dato", "2025-04-01"))
    assert err == ("Fejl: Flere grupper har et kommende møde; vælg én med --gruppe: "
                   "boern-og-unge (9. maj 2025), styregruppen (2. maj 2025)\n")
    md = agenda(minutes, "naeste", "--dato", "2025-04-01", "--gruppe", "styregruppen")
    assert md.startswith("# Dagsorden: Styregruppen for Rammeaftale Sjælland – Styregruppemøde\n")
    assert "fredag den 2. maj 2025" in md
    md = agenda(minutes, "naeste", "--dato", "2025-04-01", "--gruppe", "Netværksgruppe Børn og Unge")
    assert "fredag den 9. maj 2025" in md


def test_tasks_closed_after_the_meeting_still_show_on_its_agenda(minutes):
    plan_next_meeting(minutes)
    ok(minutes.run("opgaver", "luk", "2025-03-07-1", "--dato", "2025-06-01"))  # after 9 May
    ok(minutes.run("opgaver", "luk", "2025-03-07-2", "--dato", "2025-04-15"))  # before 9 May
    tasks = "\n".join(task_lines(agenda(minutes, PLANNED)))
    assert NAMES_TASK in tasks
    assert KOMMISSORIUM not in tasks


@pytest.mark.parametrize("wanted", ["2025-03-07", "7. marts 2025", "fredag den 7. marts 2025", REAL])
def test_the_meeting_by_date_or_path_is_the_same_agenda(minutes, wanted):
    assert agenda(minutes, wanted) == agenda(minutes, REAL)


def test_a_path_relative_to_the_current_folder(minutes):
    folder = minutes.root / "moeder" / "boern-og-unge"
    via_folder = ok(run_referat(folder, "dagsorden", "2025-03-07.md")).out
    assert via_folder == agenda(minutes, REAL)


def test_two_groups_the_same_day_need_gruppe(minutes):
    minutes.write("moeder/styregruppen/2025-03-07.md", minutes.read(STEERING).replace("dato: 2025-03-14",
                                                                                      "dato: 2025-03-07"))
    err = failed(minutes.run("dagsorden", "2025-03-07"))
    assert err == ("Fejl: Netværksgruppe Børn og Unge og Styregruppen for Rammeaftale Sjælland holdt begge møde "
                   "den 7. marts 2025; vælg gruppen med --gruppe (boern-og-unge, styregruppen)\n")
    assert agenda(minutes, "2025-03-07", "--gruppe", "styregruppen").startswith(
        "# Dagsorden: Styregruppen for Rammeaftale Sjælland")
    assert agenda(minutes, "2025-03-07", "-g", "boern-og-unge") == agenda(minutes, REAL)


# --- Danish errors ------------------------------------------------------------------------------


def test_no_meeting_that_day_names_the_nearest(minutes):
    err = failed(minutes.run("dagsorden", "2025-03-08"))
    assert err == ("Fejl: Der er intet møde den 8. marts 2025. Nærmeste møder: 29. november 2024 (boern-og-unge), "
                   "7. marts 2025 (boern-og-unge), 14. marts 2025 (styregruppen)\n")
    err = failed(minutes.run("dagsorden", "2025-03-07", "--gruppe", "styregruppen"))
    assert err.startswith("Fejl: Der er intet møde i Styregruppen for Rammeaftale Sjælland den 7. marts 2025. ")


@pytest.mark.parametrize("args, message", [
    (["moeder/boern-og-unge/2025-03-08.md"], "Mødefilen 'moeder/boern-og-unge/2025-03-08.md' findes ikke"),
    (["personer.yaml"], "'personer.yaml' er ikke en mødefil; mødefiler ligger i moeder/<gruppe>/<dato>.md"),
    (["moeder"], "'moeder' er en mappe; skriv stien til en mødefil (moeder/<gruppe>/<dato>.md)"),
    (["2025-02-30"], "'2025-02-30' er ikke en gyldig dato (februar 2025 har 28 dage)"),
    (["forrige"], "Kan ikke finde mødet 'forrige'. Skriv stien til en mødefil (fx moeder/boern-og-unge/2025-03-07.md), "
                  "mødets dato (2025-03-07 eller 7. marts 2025) eller 'naeste' for gruppens næste møde"),
    (["naeste", "--gruppe", "ukendt"], "Ukendt gruppe 'ukendt'. Grupperne er: "
                                       "boern-og-unge (Netværksgruppe Børn og Unge), "
                                       "styregruppen (Styregruppen for Rammeaftale Sjælland)"),
    ([REAL, "--gruppe", "styregruppen"],
     f"{REAL} er et møde i Netværksgruppe Børn og Unge, ikke i Styregruppen for Rammeaftale Sjælland"),
    (["naeste", "--dato", "2030-01-01", "--gruppe", "boern-og-unge"],
     "Der er intet møde i Netværksgruppe Børn og Unge den 1. januar 2030 eller senere; "
     "opret det med 'referat ny --gruppe boern-og-unge'"),
])
def test_unknown_meetings_are_danish_errors(minutes, args, message):
    assert failed(minutes.run("dagsorden", *args)) == f"Fejl: {message}\n"


def test_a_file_that_cannot_be_read_says_run_tjek(minutes):
    minutes.write(REAL, minutes.read(REAL).replace("dagsorden:\n", "dagsorden: [\n", 1))
    for wanted in (REAL, "2025-03-07"):
        err = failed(minutes.run("dagsorden", wanted))
        assert err == f"Fejl: {REAL} kan ikke læses som et møde; kør 'referat tjek {REAL}' for at se fejlene\n"


def test_an_unreadable_other_meeting_is_mentioned_and_the_agenda_still_made(minutes):
    minutes.write("moeder/boern-og-unge/2024-11-29.md", b"\xff\xfe ikke tekst")
    result = ok(minutes.run("dagsorden", REAL))
    assert "Bemærk: 1 mødefil(er) kunne ikke læses og er ikke med; kør 'referat tjek'." in result.err
    assert ANNUAL_REPORT not in result.out


def test_wrong_format_is_a_usage_error(minutes):
    assert failed(minutes.run("dagsorden", REAL, "--format", "odt"), code=2) == (
        "Fejl: --format kan være md, html, pdf eller docx, ikke 'odt'\n")


# --- HTML -----------------------------------------------------------------------------------------


def test_html_is_one_self_contained_danish_file(minutes):
    html = agenda(minutes, REAL, "--format", "html")
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"da-DK\">")
    assert '<meta charset="utf-8">' in html
    assert "script" not in page.tags
    assert not {"link", "img", "iframe", "object", "embed", "base"} & set(page.tags)
    assert page.values("src") == []
    # The only links are the referent's address and the meeting's own link.
    assert page.values("href") == ["mailto:pelz@kalundborg.dk", REAL_LINK]
    assert "url(" not in page.style and "@import" not in page.style and "@font-face" not in page.style


def test_html_prints_on_a4(minutes):
    style = Page(agenda(minutes, REAL, "--format", "html")).style
    page_rule = re.search(r"@page\s*\{[^}]*", style).group(0)
    assert "size: A4" in page_rule
    assert "margin: 18mm 16mm" in page_rule
    # a long item may run over a page (test_pdf_layout: pages filled), but never its head alone
    assert re.search(r"\.punkthoved, \.meta\s*\{[^}]*break-after: avoid", style)
    assert re.search(r"\btr\s*\{[^}]*break-inside: avoid", style)  # no task row cut in two
    assert re.search(r"thead\s*\{\s*display: table-header-group", style)  # the header on every page


def test_html_holds_the_items_the_bilag_and_the_tasks_in_order(minutes):
    plain = Page(agenda(minutes, REAL, "--format", "html")).plain
    assert "Netværksgruppe Børn og Unge Dagsorden Møde 1/4 i 2025" in plain
    assert "Dato fredag den 7. marts 2025 Tid kl. 10.00–13.00 Sted Teams" in plain
    parts = []
    for nr, title, who in REAL_ITEMS:
        parts += [f"{nr}. {title}", f"v. {who}"]
    in_order(plain, parts)
    in_order(plain, ["4. Drøftelse", "Bilag Bilag 1: " + REAL_BILAG[0],
                     "5. Nyt fra", "Bilag Bilag 2: " + REAL_BILAG[1]])
    in_order(plain, ["Åbne opgaver", "Ansvarlig Frist Opgave Id", "19. august 2022 overskredet Rammesætte temaet",
                     "2022-05-20-1", "17. december 2024 overskredet " + ANNUAL_REPORT, "2024-11-29-2"])
    assert plain.count("overskredet") == 3  # the two tasks and "2 med overskredet frist"


def test_html_of_the_planned_meeting_lists_the_overview_task(minutes):
    plan_next_meeting(minutes)
    plain = Page(agenda(minutes, "naeste", "--dato", "2025-04-01", "--format", "html")).plain
    assert "Inviterede" in plain
    assert "Lisbeth Broberg 9. maj 2025 " + OVERVIEW in plain


def test_html_escapes_what_the_meeting_file_says(minutes):
    text = minutes.read(REAL)
    text = text.replace("titel: Kort præsentationsrunde", "titel: Runde <script>alert(1)</script> & \"mere\"")
    text = text.replace("    beskrivelse: |\n      Den 25. februar",
                        "    beskrivelse: |\n      <script>alert(2)</script>\n\n"
                        "      [klik](javascript:alert(3)) <img src=x onerror=alert(4)>\n\n      Den 25. februar")
    text = text.replace("        url: https://www.rs17.dk/", "        url: javascript:alert(5)//https://www.rs17.dk/")
    text = text.replace("sted: Teams", "sted: \"</title><script>alert(6)</script>\"")
    minutes.write(REAL, text)
    html = agenda(minutes, REAL, "--format", "html")
    page = Page(html)
    assert "script" not in page.tags and "img" not in page.tags
    assert not any(v.lower().startswith("javascript:") for v in page.values("href"))
    assert not [name for _, name, _ in page.attrs if name.startswith("on")]
    assert "Runde &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;mere&#34;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(4)&gt;" in html
    assert "<script>alert(2)</script>" in page.plain  # shown as text, as written
    assert "&lt;/title&gt;&lt;script&gt;alert(6)&lt;/script&gt;" in html
    # Markdown keeps the text as written: it is not HTML.
    assert "### 2. Runde <script>alert(1)</script> & \"mere\"" in agenda(minutes, REAL)


# --- a planned meeting with everything an item can have ----------------------------------------

FULL = """\
---
dato: 2025-05-09
tid: "10:00-13:00"
sted: Holbæk Rådhus, mødelokale 2
moede_nr: 2
status: planlagt
referent: Pernille Lenzner
ordstyrer: Julie Folke
inviterede:
  - Helle Stisen
  - Julie Folke
  - person: Povl Skov
    punkter: [2, 3]
  - navn: Karin Oplægsholder
    organisation: KL
    gaest: true
    punkter: [2]
dagsorden:
  - nr: 1
    titel: Velkomst
    ansvarlig: Julie Folke
    tid: "10:00-10:10"
    type: beslutning
  - nr: 2
    titel: Status på fokusområde 1
    ansvarlig: [Helle Stisen, Holbæk]
    indleder: [Slagelse, Greve]
    tid: "10:10-10:50"
    type: orientering
    fokusomraade: 1
    bilag: [Statusnotat, Tidsplan]
    links:
      - tekst: Rammeaftalen
        url: https://www.rs17.dk/rammeaftale
    beskrivelse: |
      Kort **status** og drøftelse:

      - plejefamilier
      - specialundervisning
  - nr: "2A"
    titel: Lukket sag
    lukket: true
    tid: "10:50-11:00"
---
"""


def test_every_part_of_an_item(minutes):
    minutes.write(PLANNED, FULL)
    md = agenda(minutes, PLANNED)
    lines = md.splitlines()
    assert "Møde 2/4 i 2025" in lines
    assert "- **Sted:** Holbæk Rådhus, mødelokale 2" in lines
    assert "- **Ordstyrer:** Julie Folke" in lines
    assert "- **KL:** Karin Oplægsholder (gæst, kun punkt 2)" in lines
    assert "- **Rammesekretariatet:** Povl Skov (kun punkterne 2 og 3)" in lines
    in_order(md, ["### 1. Velkomst", "*v. Julie Folke · kl. 10.00–10.10 · Til beslutning*",
                  "### 2. Status på fokusområde 1",
                  "*v. Helle Stisen og Holbæk · Slagelse og Greve indleder punktet · kl. 10.10–10.50 · "
                  "Til orientering · Fokusområde 1*",
                  "Kort **status** og drøftelse:", "- plejefamilier", "#### Bilag", "- Bilag 1: Statusnotat",
                  "- Bilag 2: Tidsplan",
                  "#### Links", "- [Rammeaftalen](<https://www.rs17.dk/rammeaftale>)",
                  "### 2A. Lukket sag", "*kl. 10.50–11.00 · Lukket punkt*"])
    page = Page(agenda(minutes, PLANNED, "--format", "html"))
    in_order(page.plain, ["1. Velkomst 10.00–10.10", "2. Status på fokusområde 1 10.10–10.50",
                          "v. Helle Stisen og Holbæk · Slagelse og Greve indleder punktet · "
                          "Til orientering · Fokusområde 1",
                          "Kort status og drøftelse: plejefamilier specialundervisning",
                          "Bilag Bilag 1: Statusnotat Bilag 2: Tidsplan Links Rammeaftalen",
                          "2A. Lukket sag 10.50–11.00 Lukket punkt"])
    assert "strong" in page.tags and "li" in page.tags  # the description's Markdown, rendered


# --- --ud ---------------------------------------------------------------------------------------


def test_ud_writes_the_same_agenda_and_says_so(minutes):
    out = minutes.root / "ud" / "dagsorden.html"
    out.parent.mkdir()
    result = ok(minutes.run("dagsorden", REAL, "--ud", str(out)))
    assert result.out == f"Skrev dagsordenen til {out}\n"
    assert out.read_text(encoding="utf-8") == agenda(minutes, REAL, "--format", "html")  # format from the name
    ok(minutes.run("dagsorden", REAL, "--ud", "ud/dagsorden.txt"))
    assert minutes.read("ud/dagsorden.txt") == agenda(minutes, REAL)  # md when the name says nothing


def test_ud_replaces_a_file_whole_and_leaves_no_temporary_file(minutes):
    out = minutes.root / "dagsorden.md"
    out.write_text("gammel dagsorden\n" * 10000, encoding="utf-8")
    out.chmod(0o640)
    ok(minutes.run("dagsorden", REAL, "--ud", "dagsorden.md"))
    assert out.read_text(encoding="utf-8") == agenda(minutes, REAL)
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in minutes.root.iterdir() if p.name.startswith(".dagsorden")] == []


def test_ud_is_untouched_when_the_agenda_cannot_be_made(minutes):
    out = minutes.root / "dagsorden.md"
    out.write_text("gammel\n", encoding="utf-8")
    failed(minutes.run("dagsorden", "2025-03-08", "--ud", "dagsorden.md"))
    assert out.read_text(encoding="utf-8") == "gammel\n"


@pytest.mark.parametrize("target, message", [
    ("findes-ikke/dagsorden.md",
     "Kan ikke skrive dagsordenen til 'findes-ikke/dagsorden.md': mappen 'findes-ikke' findes ikke"),
    ("moeder", "Kan ikke skrive dagsordenen til 'moeder': det er en mappe. Skriv et filnavn, fx moeder/dagsorden.html"),
])
def test_ud_where_it_cannot_write(minutes, target, message):
    assert failed(minutes.run("dagsorden", REAL, "--ud", target)) == f"Fejl: {message}\n"


# --- PDF and DOCX: the pdf and docx extras (without them these tests are skipped) -------------

MISSING = {"pdf": "Fejl: PDF kræver ekstra pakker: pip install 'referat[pdf]'\n",
           "docx": "Fejl: DOCX kræver ekstra pakker: pip install 'referat[docx]'\n"}
EXTRA = {"pdf": "weasyprint", "docx": "docx"}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("command", [("dagsorden", REAL), ("vis", REAL),
                                     ("aarsrapport", "2025", "-g", "boern-og-unge", "--dato", "2025-06-01")])
def test_a_missing_extra_is_said_in_danish(minutes, monkeypatch, command, fmt):
    monkeypatch.setitem(sys.modules, EXTRA[fmt], None)  # what `import` finds when the extra is not installed
    assert failed(minutes.run(*command, "--ud", f"dokument.{fmt}")) == MISSING[fmt]
    assert not (minutes.root / f"dokument.{fmt}").exists()
    assert failed(minutes.run(*command, "--format", fmt)) == MISSING[fmt]


def test_pdf_to_stdout_when_it_is_no_terminal(minutes):
    """Into a pipe or a file (test_smoke.py shows that a terminal gets a Danish error instead);
    vis and aarsrapport write theirs with --ud."""
    pytest.importorskip("weasyprint")
    r = ok(minutes.run("dagsorden", REAL, "--format", "pdf"))
    assert r.err == ""
    data = r.raw
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert a4_pages(data) >= 2  # a page for each part, not one long page


def test_docx(minutes):
    docx = pytest.importorskip("docx")
    ok(minutes.run("dagsorden", REAL, "--format", "docx", "--ud", "dagsorden.docx"))

    doc = docx.Document(io.BytesIO((minutes.root / "dagsorden.docx").read_bytes()))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
    assert headings == [f"{nr}. {title}" for nr, title, _ in REAL_ITEMS]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Dato: fredag den 7. marts 2025" in text
    assert "v. Helle Stisen · Til drøftelse · Fokusområderne 1, 2 og 3" in text
    for b in REAL_BILAG:
        assert b in text
    # Who and when first, the id last: the open tasks as the Markdown lists them.
    assert ("Lars Petersen, frist 19. august 2022 (overskredet): Rammesætte temaet skole-/dagbehandlingsområdet "
            "til netværksmødet 19. august. · 2022-05-20-1") in text.splitlines()
    section_ = doc.sections[0]
    assert (round(section_.page_width.mm), round(section_.page_height.mm)) == (210, 297)


def test_docx_to_stdout_when_it_is_no_terminal(minutes):
    pytest.importorskip("docx")
    r = ok(minutes.run("dagsorden", REAL, "--format", "docx"))
    assert r.raw.startswith(b"PK\x03\x04") and r.err == ""  # a DOCX is a zip file
