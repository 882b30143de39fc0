"""`referat aarsrapport`: the network's annual report, run as a user runs it, on this project's
own minutes in a temporary git repository.

The report is read the way its reader reads it: the Markdown as lines and sections, the HTML
through an HTML parser (elements, attributes, text), the DOCX through python-docx and the PDF by
its header and page size. Every run passes --dato, so nothing depends on today.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from conftest import MinutesRepo, a4_pages, failed, in_order, ok

GROUP = "boern-og-unge"
REAL = "moeder/boern-og-unge/2025-03-07.md"
GROUP_FILE = "moeder/boern-og-unge/gruppe.yaml"
OWN = "moeder/boern-og-unge/aarsrapport-2025.md"

MUNICIPALITIES = ["Faxe", "Greve", "Guldborgsund", "Holbæk", "Kalundborg", "Køge", "Lejre", "Lolland", "Næstved",
                  "Odsherred", "Ringsted", "Roskilde", "Slagelse", "Solrød", "Sorø", "Stevns", "Vordingborg"]

OWN_TEXT = """\
# Årsrapport 2025

Netværket har i 2025 samlet sig om rammeaftalens tre fokusområder.

## Det har netværket været optaget af

- **Plejefamilier:** rekruttering, støtte og konkurrencen mellem kommunerne.
- Specialundervisning og -behandlingstilbud.

## Netværkets anbefalinger til styregruppen

1. At styregruppen understøtter et fælles serviceniveau for plejefamilier.

<script>alert("årsrapport")</script>

```
## ikke en overskrift (kodeblok)
```
"""


# --- helpers ---------------------------------------------------------------------------------


def report(minutes: MinutesRepo, *args: str) -> str:
    return ok(minutes.run("aarsrapport", *args)).out


def section(md: str, heading: str, level: int = 2) -> str:
    """A section of the Markdown report, up to the next heading of the same level or higher."""
    marks = "#" * level
    start = md.index(f"\n{marks} {heading}")
    ends = [md.find(f"\n{'#' * n} ", start + 1) for n in range(1, level + 1)]
    ends = [e for e in ends if e >= 0]
    return md[start: min(ends) if ends else len(md)]


def matrix(md: str) -> dict[str, list[str]]:
    """The attendance table of the Markdown report: organisation -> its cells and rate."""
    rows = {}
    for line in section(md, "Fremmøde").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0] not in ("Organisation",):
            rows[cells[0]] = cells[1:]
    return rows


class Page(HTMLParser):
    """What a browser would make of the HTML: its elements, attributes, text and styles."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.style = ""
        self.cells: dict[str, list[tuple[str, str]]] = {}  # matrix row -> (class, title) per cell
        self._in_style = False
        self._row: str | None = None
        self._in_row_head = False
        self._stack: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        self._in_style = tag == "style"
        if tag == "tr":
            self._row = None
        if tag == "th" and a.get("class") == "org" and a.get("scope") == "row":
            self._in_row_head = True
        if tag == "td" and "celle" in a.get("class", "") and self._row is not None:
            self.cells[self._row].append((a["class"].replace("celle", "").strip(), a.get("title", "")))

    def handle_endtag(self, tag):
        self._in_style = False
        if tag == "th":
            self._in_row_head = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
            return
        self.text.append(data)
        if self._in_row_head:
            self._row = data.strip()
            self.cells[self._row] = []

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())

    def values(self, name: str) -> list[str]:
        return [v for _, n, v in self.attrs if n == name]


# --- the meetings of the year -------------------------------------------------------------------


def test_2025_lists_the_meeting_held_and_the_planned_ones_by_date(minutes):
    md = report(minutes, "2025", "--gruppe", GROUP, "--dato", "2025-06-01")
    lines = md.splitlines()
    assert lines[0] == "# Årsrapport 2025: Netværksgruppe Børn og Unge"
    meetings = section(md, "Møder i 2025")
    assert "| fredag den 7. marts 2025 | Møde 1/4 · Teams | Udkast til referat | 11 organisationer, 14 personer |" \
        in meetings.splitlines()
    # 9 May has passed on 1 June without minutes; September and November are still to come.
    in_order(meetings, ["### Planlagt, men ikke holdt", "- fredag den 9. maj 2025 (intet referat i mødearkivet)",
                        "### Kommende møder", "- fredag den 12. september 2025", "- fredag den 14. november 2025"])
    assert "- **Møder:** 1 holdt af 4 planlagte" in lines


def test_planned_not_held_depends_on_dato(minutes):
    before = section(report(minutes, "2025", "-g", GROUP, "--dato", "2025-05-09"), "Møder i 2025")
    assert "Planlagt, men ikke holdt" not in before  # 9 May is today: still to come
    assert "- fredag den 9. maj 2025\n" in before
    after = section(report(minutes, "2025", "-g", GROUP, "--dato", "2025-12-31"), "Møder i 2025")
    not_held = after[after.index("### Planlagt, men ikke holdt"):]
    assert re.findall(r"^- (.+)$", not_held, re.MULTILINE) == [
        "fredag den 9. maj 2025 (intet referat i mødearkivet)",
        "fredag den 12. september 2025 (intet referat i mødearkivet)",
        "fredag den 14. november 2025 (intet referat i mødearkivet)"]
    assert "Kommende møder" not in after


def test_a_planned_file_in_the_past_is_not_held_and_a_new_minute_is(minutes):
    ok(minutes.run("ny", "--gruppe", GROUP, "--dato", "2025-05-09"))  # status planlagt
    md = report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01")
    assert "- fredag den 9. maj 2025 (mødefilen har stadig status planlagt)" in md.splitlines()
    assert "| 7/3 | Fremmøde |" in md  # a planned meeting is no column in the attendance table
    path = "moeder/boern-og-unge/2025-05-09.md"
    minutes.write(path, minutes.read(path).replace("status: planlagt", "status: udkast"))
    md = report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01")
    assert "Planlagt, men ikke holdt" not in md
    assert "| 7/3 | 9/5 | Fremmøde |" in md
    assert "- **Møder:** 2 holdt af 4 planlagte" in md.splitlines()


# --- attendance ----------------------------------------------------------------------------------


def test_2025_attendance_by_municipality_on_the_meeting_date(minutes):
    md = report(minutes, "2025", "--gruppe", GROUP, "--dato", "2025-06-01")
    rows = matrix(md)
    # Every municipality, in Danish order, then the region and the secretariat; no others.
    assert list(rows) == MUNICIPALITIES + ["Region Sjælland", "Rammesekretariatet"]
    assert rows["Kalundborg"] == ["●", "1 af 1 (100 %)"]
    assert rows["Køge"] == ["○", "0 af 1 (0 %)"]  # Lone Nygaard Jensen sent her apologies
    assert rows["Faxe"] == ["–", "0 af 1 (0 %)"]  # never came: still a row
    assert rows["Holbæk"] == ["●", "1 af 1 (100 %)"]  # Helle Stisen, Holbæk's from 1 March 2025
    assert rows["Solrød"] == ["–", "0 af 1 (0 %)"]
    assert rows["Odsherred"] == ["●", "1 af 1 (100 %)"]  # one came, one sent apologies
    assert rows["Region Sjælland"] == ["●", "1 af 1 (100 %)"]
    assert "Gennemsnitligt fremmøde: 9 af 17 kommuner pr. møde." in md
    assert ("Kommuner, der ikke deltog i årets møder: Faxe, Greve, Køge, Lejre, Ringsted, Roskilde, Solrød og Stevns."
            in md)
    # In the HTML the cell says who came.
    page = Page(report(minutes, "2025", "--gruppe", GROUP, "--dato", "2025-06-01", "--format", "html"))
    assert page.cells["Holbæk"] == [("til_stede", "til stede: Helle Stisen; Nanett Flamgaard (kun punkt 6)")]
    assert page.cells["Køge"] == [("afbud", "meldt afbud: Lone Nygaard Jensen")]
    assert page.cells["Faxe"] == [("ikke", "ikke til stede")]
    assert page.cells["Kalundborg"] == [("til_stede", "til stede: Julie Folke")]


def test_2024_counts_helle_stisen_for_solroed(minutes):
    # Only the network group met in 2024, so --gruppe is not needed.
    md = report(minutes, "2024", "--dato", "2025-06-01")
    assert md.startswith("# Årsrapport 2024: Netværksgruppe Børn og Unge\n")
    rows = matrix(md)
    assert rows["Solrød"] == ["●", "1 af 1 (100 %)"]
    assert rows["Holbæk"] == ["●", "1 af 1 (100 %)"]
    page = Page(report(minutes, "2024", "--dato", "2025-06-01", "--format", "html"))
    assert page.cells["Solrød"] == [("til_stede", "til stede: Helle Stisen")]
    assert page.cells["Holbæk"] == [("til_stede", "til stede: Nanett Flamgaard")]


def test_partial_presence_explicit_organisation_and_guests(minutes):
    text = minutes.read(REAL)
    text = text.replace("  - Steen Bager\n", "  - person: Steen Bager\n    punkter: [6, 7]\n", 1)
    text = text.replace("afbud:\n  - Anne-Marie Vestrup\n", "afbud:\n", 1)
    text = text.replace("  - Lisbeth Broberg\n",
                        "  - Lisbeth Broberg\n  - person: Peter Rymann\n    organisation: Køge\n"
                        "  - navn: Karin Oplægsholder\n    organisation: Faxe\n    gaest: true\n", 1)
    minutes.write(REAL, text)
    assert ok(minutes.run("tjek", REAL)).code == 0
    md = report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01")
    rows = matrix(md)
    assert rows["Odsherred"] == ["◐", "1 af 1 (100 %)"]  # only for some items: still present
    assert rows["Køge"] == ["●", "1 af 1 (100 %)"]  # the attendee's own organisation wins
    assert rows["Greve"] == ["–", "0 af 1 (0 %)"]  # ... over Peter Rymann's own (Greve)
    assert rows["Faxe"] == ["–", "0 af 1 (0 %)"]  # a guest does not count
    page = Page(report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01", "-f", "html"))
    assert page.cells["Odsherred"] == [("delvis", "til stede under nogle punkter: Steen Bager (kun punkterne 6 og 7)")]


def test_steering_group_shows_other_organisations_that_came(minutes):
    md = report(minutes, "2025", "--gruppe", "styregruppen", "--dato", "2025-12-31")
    rows = matrix(md)
    assert list(rows)[-1] == "KL"
    assert rows["KL"] == ["●", "1 af 1 (100 %)"]
    assert rows["Holbæk"] == ["●", "1 af 1 (100 %)"]  # Helle Stisen, with her organisation written
    assert rows["Region Sjælland"] == ["○", "0 af 1 (0 %)"]
    assert "Tovholder" not in md  # the secretariat serves the steering group


# --- topics and decisions ---------------------------------------------------------------------


def test_topics_grouped_by_focus_area(minutes):
    md = report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01")
    topics = section(md, "Emner efter fokusområde")
    item4 = "- Drøftelse af hvordan netværksgruppen skal arbejde med Rammeaftale 2025-2026, herunder fokusområderne 1-3"
    fa1 = section(topics, "Fokusområde 1", 3)
    assert fa1.startswith("\n### Fokusområde 1: Rette indsatser og tilbud til borgerne – "
                          "indhold, kvalitet, tid og pris\n")
    assert re.findall(r"^- .+$", fa1, re.MULTILINE) == [
        item4 + " (7. marts 2025, punkt 4; v. Helle Stisen; også fokusområderne 2 og 3)",
        "- Erfaring med implementering af standardkontrakterne i Holbæk Kommune (7. marts 2025, punkt 6; "
        "v. Nanett Flamgaard)"]
    fa2 = section(topics, "Fokusområde 2", 3)
    assert "Styrket sektorsamarbejde på socialpsykiatri- og handicapområdet" in fa2
    assert [line.split(" (")[0] for line in re.findall(r"^- .+$", fa2, re.MULTILINE)] == [item4]
    fa3 = section(topics, "Fokusområde 3", 3)
    assert "Øget trivsel blandt børn og unge – styrket forebyggelse og indsats" in fa3
    assert [line.split(" (")[0] for line in re.findall(r"^- .+$", fa3, re.MULTILINE)] == [
        item4, "- Trivselskommissionens anbefalinger og drøftelse på baggrund af kort indføring"]
    others = section(topics, "Øvrige emner", 3)
    assert re.findall(r"^- (.+?) \(", others, re.MULTILINE) == ["Ny tovholder for netværksgruppen",
                                                                 "Nyt fra Rammesekretariatet"]
    for routine in ("Velkomst", "Kort præsentationsrunde", "Punkter til næste møde", "Eventuelt"):
        assert routine not in topics


def test_a_year_without_focus_areas_has_only_other_topics(minutes):
    topics = section(report(minutes, "2024", "--dato", "2025-06-01"), "Emner efter fokusområde")
    assert "### Fokusområde" not in topics
    assert re.findall(r"^- (.+?) \(", topics, re.MULTILINE) == [
        "Nyt fra Rammeaftale Sjælland", "Status på de tre fælles kommunale principper + drøfte fokusområder",
        "Sikrede afdelinger", "Netværkets årsrapport for 2024 skal kvalificeres og godkendes", "Netværksmøder 2025"]


def test_decisions_by_meeting_and_item(minutes):
    decisions = section(report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01"), "Beslutninger")
    in_order(decisions, [
        "### Velkomst og godkendelse af dagsordenen\n\n*7. marts 2025, punkt 1*",
        "- Dagsordenen blev godkendt uden bemærkninger.",
        "### Ny tovholder for netværksgruppen\n\n*7. marts 2025, punkt 3*",
        "- Kalundborg Kommune har sekretærfunktionen i forhold til møderne i netværket i resten af 2025.",
        "### Drøftelse af hvordan",
        "- Der nedsættes en ad hoc-gruppe om plejefamilier",
        "### Trivselskommissionens anbefalinger",
        "- Hver kommune arbejder med trivselskommissionens anbefalinger."])
    assert len(re.findall(r"^- ", decisions, re.MULTILINE)) == 8


# --- tasks -------------------------------------------------------------------------------------------


def task_ids(md: str, heading: str) -> list[str]:
    return re.findall(r"^- \*\*.* · (\S+)$", section(md, heading, 3), re.MULTILINE)


def test_tasks_opened_closed_and_open_at_the_end_of_2025(minutes):
    ok(minutes.run("opgaver", "luk", "2025-03-07-2", "--dato", "2025-04-15"))
    md = report(minutes, "2025", "-g", GROUP, "--dato", "2026-01-15")
    tasks = section(md, "Opgaver")
    assert "6 oprettet på årets møder, 2 lukket i 2025, 11 åbne ved årets udgang (4 med overskredet frist)." in tasks
    assert task_ids(md, "Oprettet på årets møder") == [f"2025-03-07-{n}" for n in range(1, 7)]
    opened = section(md, "Oprettet på årets møder", 3)
    assert "(lukket 15. april 2025)" in opened and "Formulere kommissorium" in opened
    assert task_ids(md, "Lukket i 2025") == ["2024-11-29-3", "2025-03-07-2"]
    assert "Fortælle om Holbæks erfaringer" in section(md, "Lukket i 2025", 3)
    open_ = section(md, "Åbne ved årets udgang (31. december 2025)", 3)
    assert task_ids(md, "Åbne ved årets udgang") == [
        "2022-05-20-1", "2024-11-29-2", "2025-03-07-3", "2024-11-29-1",  # by deadline, overdue first
        "2022-05-20-2", "2024-11-29-4", "2024-11-29-5", "2025-03-07-1", "2025-03-07-4", "2025-03-07-5", "2025-03-07-6"]
    [overview] = [line for line in open_.splitlines() if "2025-03-07-3" in line]
    assert overview.startswith("- **Lisbeth Broberg**, frist 9. maj 2025 **(overskredet)**: Lave et overblik")


def test_tasks_of_2024_are_overdue_relative_to_31_december(minutes):
    md = report(minutes, "2024", "--dato", "2025-06-01")
    assert task_ids(md, "Oprettet på årets møder") == [f"2024-11-29-{n}" for n in range(1, 6)]
    assert "Ingen." in section(md, "Lukket i 2024", 3)
    open_ = section(md, "Åbne ved årets udgang (31. december 2024)", 3).splitlines()
    [input_] = [line for line in open_ if "2024-11-29-2" in line]
    assert "frist 17. december 2024 **(overskredet)**: " in input_
    [story] = [line for line in open_ if "2024-11-29-3" in line]  # closed 7 March 2025: open at the end of 2024
    assert "frist 7. marts 2025: " in story
    [reply] = [line for line in open_ if "2024-11-29-1" in line]
    assert "frist 31. maj 2025: " in reply  # not overdue on 31 December 2024


def test_tasks_while_the_year_is_running_are_counted_on_dato(minutes):
    md = report(minutes, "2025", "-g", GROUP, "--dato", "2025-05-01")
    assert "### Åbne pr. 1. maj 2025" in md
    open_ = section(md, "Åbne pr. 1. maj 2025", 3)
    [overview] = [line for line in open_.splitlines() if "2025-03-07-3" in line]
    assert "frist 9. maj 2025: " in overview  # not yet overdue on 1 May


# --- tovholder ---------------------------------------------------------------------------------------


def test_tovholder_2025_and_the_computed_next_year(minutes):
    lines = report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01").splitlines()
    assert ("- **Tovholder 2025:** Solrød Kommune (Helle Stisen) til 28. februar 2025; Kalundborg Kommune "
            "(Julie Folke og Pernille Lenzner) fra 1. marts 2025") in lines
    # Alphabetical rotation in Danish order: after Kalundborg comes Køge (ø after z).
    assert "- **Tovholder 2026:** Køge Kommune (beregnet: næste kommune i alfabetisk rækkefølge efter Kalundborg)" \
        in lines


def test_next_tovholder_from_gruppe_yaml_when_given(minutes):
    lines = report(minutes, "2024", "--dato", "2025-06-01").splitlines()
    assert "- **Tovholder 2024:** Holbæk Kommune (Nanett Flamgaard og Rie Nielsen)" in lines
    assert ("- **Tovholder 2025:** Solrød Kommune (Helle Stisen) til 28. februar 2025; Kalundborg Kommune "
            "(Julie Folke og Pernille Lenzner) fra 1. marts 2025") in lines
    text = minutes.read(GROUP_FILE).replace("\n\n# Rollen går på skift",
                                            "\n  2026:\n    - organisation: Sorø\n\n# Rollen går på skift", 1)
    minutes.write(GROUP_FILE, text)
    assert "- **Tovholder 2026:** Sorø Kommune" in report(minutes, "2025", "-g", GROUP, "--dato",
                                                          "2025-06-01").splitlines()


def test_rotation_wraps_around_and_needs_rotation(minutes):
    text = minutes.read(GROUP_FILE)
    minutes.write(GROUP_FILE, text.replace("    - organisation: Kalundborg\n", "    - organisation: Vordingborg\n", 1))
    assert "- **Tovholder 2026:** Faxe Kommune (beregnet: næste kommune i alfabetisk rækkefølge efter Vordingborg)" \
        in report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01").splitlines()
    minutes.write(GROUP_FILE, text.replace("\nrotation: alfabetisk\n", "\n"))
    assert "Tovholder 2026" not in report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01")


# --- the network's own words ---------------------------------------------------------------------------


def test_the_networks_own_words_are_merged_in(minutes):
    result = ok(minutes.run("aarsrapport", "2025", "-g", GROUP, "--dato", "2025-06-01"))
    assert f"Bemærk: {OWN} findes ikke" in result.err
    minutes.write(OWN, OWN_TEXT)
    result = ok(minutes.run("aarsrapport", "2025", "-g", GROUP, "--dato", "2025-06-01"))
    assert result.err == ""
    md = result.out
    assert "# Årsrapport 2025\n" not in md  # the file's own title gives way to the report's
    in_order(md, ["- **Udarbejdet:** 1. juni 2025",
                  "Netværket har i 2025 samlet sig om rammeaftalens tre fokusområder.",
                  "## Det har netværket været optaget af\n\n- **Plejefamilier:** rekruttering",
                  "## Netværkets anbefalinger til styregruppen\n\n1. At styregruppen understøtter",
                  "```\n## ikke en overskrift (kodeblok)\n```",
                  "## Møder i 2025"])


def test_own_words_in_html_are_markdown_and_a_script_stays_text(minutes):
    minutes.write(OWN, OWN_TEXT)
    html = report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01", "--format", "html")
    page = Page(html)
    assert "script" not in page.tags
    assert '&lt;script&gt;alert(&quot;årsrapport&quot;)&lt;/script&gt;' in html
    assert '<script>alert("årsrapport")</script>' in page.plain  # shown as text, as written
    in_order(page.plain, ["Årsrapport 2025 – til styregruppen",
                          "Netværket har i 2025 samlet sig om rammeaftalens tre fokusområder.",
                          "Det har netværket været optaget af Plejefamilier: rekruttering",
                          "Netværkets anbefalinger til styregruppen At styregruppen understøtter",
                          "Møder i 2025", "Fremmøde", "Emner efter fokusområde", "Beslutninger", "Opgaver"])
    assert "strong" in page.tags and "ol" in page.tags
    assert html.count("<h2>Det har netværket været optaget af</h2>") == 1


def test_own_words_saved_by_windows_with_bom_and_crlf(minutes):
    text = "\n\n# Årsrapport 2025\n\n## Netværkets anbefalinger til styregruppen\n\nMere samarbejde.\n"
    minutes.write(OWN, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    md = report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01")
    assert "# Årsrapport 2025\n" not in md and "\r" not in md
    assert "## Netværkets anbefalinger til styregruppen\n\nMere samarbejde.\n\n## Møder i 2025" in md


def test_own_words_that_are_not_utf8_are_a_danish_error(minutes):
    minutes.write(OWN, "## Anbefalinger\n\nSkal støttes.\n".encode("cp1252"))
    err = failed(minutes.run("aarsrapport", "2025", "-g", GROUP, "--dato", "2025-06-01"))
    assert err.startswith(f"Fejl: {OWN}:3:")
    assert "ikke UTF-8" in err


def test_tjek_does_not_take_the_annual_file_for_a_meeting(minutes):
    minutes.write(OWN, OWN_TEXT)
    minutes.write("moeder/styregruppen/aarsrapport-2024-udkast.md", "Ingen front matter her.\n")
    result = minutes.run("tjek")
    assert result.code == 0, result.out + result.err
    assert "aarsrapport" not in result.out + result.err
    # Only that name is skipped: another stray file in a group folder is still found.
    minutes.write("moeder/boern-og-unge/noter.md", "Ingen front matter her.\n")
    result = minutes.run("tjek")
    assert result.code == 1
    assert "moeder/boern-og-unge/noter.md" in result.out


# --- output ---------------------------------------------------------------------------------------------


def test_html_is_one_self_contained_file_that_prints_on_a4(minutes):
    html = report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01", "--format", "html")
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"da-DK\">")
    assert not {"script", "link", "img", "iframe", "object", "embed", "base"} & set(page.tags)
    assert page.values("src") == [] and page.values("href") == []
    assert "url(" not in page.style and "@import" not in page.style and "@font-face" not in page.style
    page_rule = re.search(r"@page\s*\{[^}]*", page.style).group(0)
    assert "size: A4" in page_rule
    assert "thead { display: table-header-group; }" in page.style  # a long table repeats its header
    assert "print-color-adjust: exact" in page.style  # the coloured cells print
    # The legend: colour and symbol, so the table also reads in black and white.
    in_order(page.plain, ["● til stede", "◐ til stede under nogle punkter", "○ meldt afbud", "– ikke til stede",
                          "Organisation 7/3 1/4 Fremmøde", "Kommuner", "Faxe – ikke til stede 0 af 1 (0 %)"])


def test_markdown_by_default_and_ud_chooses_by_name(minutes):
    md = report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01")
    result = ok(minutes.run("aarsrapport", "2025", "-g", GROUP, "--dato", "2025-06-01", "--ud", "rapport.html"))
    assert result.out == "Skrev årsrapporten til rapport.html\n"
    assert minutes.read("rapport.html") == report(minutes, "2025", "-g", GROUP, "--dato", "2025-06-01", "-f", "html")
    ok(minutes.run("aarsrapport", "2025", "-g", GROUP, "--dato", "2025-06-01", "--ud", "rapport.md"))
    assert minutes.read("rapport.md") == md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_the_year_defaults_to_the_year_of_dato(minutes):
    assert report(minutes, "-g", GROUP, "--dato", "2024-12-01") == report(minutes, "2024", "-g", GROUP, "--dato",
                                                                          "2024-12-01")


def test_a_year_with_a_plan_but_no_meeting_yet_is_an_empty_report(minutes):
    minutes.write(GROUP_FILE, minutes.read(GROUP_FILE).replace(
        "\nstandard:", "  2026:\n    - 2026-03-06\n    - 2026-05-08\n\nstandard:", 1))
    md = report(minutes, "2026", "-g", GROUP, "--dato", "2026-01-10")
    assert "Der er ikke holdt møder i 2026 endnu." in md
    assert "Ingen møder at vise fremmøde for." in md
    assert "- fredag den 6. marts 2026" in md.splitlines()
    assert "- **Møder:** 0 holdt af 2 planlagte" in md.splitlines()


# --- Danish errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["2025", "--gruppe", "ukendt"], "Ukendt gruppe 'ukendt'. Grupperne er: "
                                       "boern-og-unge (Netværksgruppe Børn og Unge), "
                                       "styregruppen (Styregruppen for Rammeaftale Sjælland)"),
    (["2025"], "Flere grupper har møder i 2025; vælg én med --gruppe: boern-og-unge (Netværksgruppe Børn og Unge), "
               "styregruppen (Styregruppen for Rammeaftale Sjælland)"),
    (["2023", "-g", GROUP], "Netværksgruppe Børn og Unge har ingen møder i 2023: ingen mødefiler og ingen datoer "
                            "i mødeplanen (og ingen aarsrapport-2023.md). År med møder: 2022, 2024 og 2025"),
    (["2023"], "Ingen gruppe har møder i 2023. År med møder: 2022, 2024 og 2025"),
])
def test_danish_errors(minutes, args, message):
    assert failed(minutes.run("aarsrapport", *args, "--dato", "2025-06-01")) == f"Fejl: {message}\n"


@pytest.mark.parametrize("args, message", [
    (["25"], "ÅR skal være et årstal som 2025, ikke '25'"),
    (["2025", "-g", GROUP, "--format", "odt"], "--format kan være md, html, pdf eller docx, ikke 'odt'"),
    (["2025", "-g", GROUP, "--dato", "2025-02-30"],
     "--dato: '2025-02-30' er ikke en gyldig dato (februar 2025 har 28 dage)"),
])
def test_usage_errors(minutes, args, message):
    args = args if "--dato" in args else [*args, "--dato", "2025-06-01"]
    assert failed(minutes.run("aarsrapport", *args), code=2) == f"Fejl: {message}\n"


def test_ud_in_a_missing_folder_leaves_nothing(minutes):
    err = failed(minutes.run("aarsrapport", "2025", "-g", GROUP, "--dato", "2025-06-01", "--ud", "findes-ikke/r.html"))
    assert err == "Fejl: Kan ikke skrive årsrapporten til 'findes-ikke/r.html': mappen 'findes-ikke' findes ikke\n"


# --- PDF and DOCX: the pdf and docx extras (without them these tests are skipped) -------------


def test_pdf_is_a4(minutes):
    pytest.importorskip("weasyprint")
    result = minutes.run("aarsrapport", "2025", "-g", GROUP, "--dato", "2025-06-01", "--ud", "rapport.pdf")
    ok(result)
    data = (minutes.root / "rapport.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert a4_pages(data) >= 2


def test_docx_has_the_attendance_table(minutes):
    docx = pytest.importorskip("docx")
    minutes.write(OWN, OWN_TEXT)
    result = minutes.run("aarsrapport", "2025", "-g", GROUP, "--dato", "2025-06-01", "--ud", "rapport.docx")
    ok(result)
    doc = docx.Document(io.BytesIO((minutes.root / "rapport.docx").read_bytes()))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Det har netværket været optaget af", "Netværkets anbefalinger til styregruppen",
                        "Møder i 2025", "Fremmøde", "Emner efter fokusområde", "Beslutninger", "Opgaver"]
    [attendance] = [t for t in doc.tables if t.rows[0].cells[0].text == "Organisation"]
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in attendance.rows}
    assert rows["Holbæk"] == ["●", "1 af 1 (100 %)"] and rows["Køge"] == ["○", "0 af 1 (0 %)"]
    assert rows["Faxe"] == ["–", "0 af 1 (0 %)"]
    section_ = doc.sections[0]
    assert (round(section_.page_width.mm), round(section_.page_height.mm)) == (210, 297)
