"""`referat vis`: the minutes as members receive them, run as a user runs it, on this project's
own minutes in a temporary git repository.

The Markdown is read as lines in order; the HTML through an HTML parser into a small tree
(which elements, with which classes, holding which text), the way a browser would build it;
the DOCX through python-docx and the PDF by its header and page size.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from conftest import MinutesRepo, a4_pages, failed, in_order, ok

DRAFT = "moeder/boern-og-unge/2025-03-07.md"  # status udkast
APPROVED = "moeder/boern-og-unge/2024-11-29.md"  # status godkendt
STEERING = "moeder/styregruppen/2025-03-14.md"  # long, with Resume/Indstilling/Baggrund and tables
PLANNED = "moeder/boern-og-unge/2025-05-09.md"
DANISH = "moeder/boern-og-unge/2025-09-12.md"

# The real meeting 7 March 2025: each item, a sentence of its minutes and a decision (or None).
DRAFT_ITEMS = [
    ("1", "Velkomst og godkendelse af dagsordenen", "Dagsordenen blev godkendt uden bemærkninger.",
     "Dagsordenen blev godkendt uden bemærkninger."),
    ("2", "Kort præsentationsrunde", "Deltagerne præsenterede sig.", None),
    ("3", "Ny tovholder for netværksgruppen", "Julie Folke fortalte, at dagsordenen denne gang",
     "Kalundborg Kommune har sekretærfunktionen i forhold til møderne i netværket i resten af 2025."),
    ("4", "Drøftelse af hvordan netværksgruppen skal arbejde med Rammeaftale 2025-2026, herunder fokusområderne 1-3",
     "Helle Stisen lagde indledningsvis op til en drøftelse", "Der nedsættes en ad hoc-gruppe om plejefamilier"),
    ("5", "Nyt fra Rammesekretariatet", "Povl Skov gav en kort status fra rammesekretariatet", None),
    ("6", "Erfaring med implementering af standardkontrakterne i Holbæk Kommune",
     "Holbæk har valgt en betalingsfrist på 30 dage", None),
    ("7", "Trivselskommissionens anbefalinger og drøftelse på baggrund af kort indføring",
     "Julie Folke fremlagde ganske kort rammen for trivselskommissionen.",
     "Hver kommune arbejder med trivselskommissionens anbefalinger."),
    ("8", "Punkter til næste møde 9. maj 2025", "Status på fokusområde 3 (hvor langt er vi nået?)", None),
    ("9", "Eventuelt og tak for i dag", "Lolland aflønner med 12-14 vederlag", None),
]
ITEM_4_DECISIONS = 5
DRAFT_TASKS = [  # id, start of the text, owners, deadline
    ("2025-03-07-1", "Sende navnene på deltagerne fra kommunen", "alle kommuner", "–"),
    ("2025-03-07-2", "Formulere kommissorium for de to ad hoc-grupper",
     "Helle Stisen, Lotte Christensen, Peter Rymann og Julie Folke", "–"),
    ("2025-03-07-3", "Lave et overblik over de forskellige netværk", "Lisbeth Broberg", "9. maj 2025"),
    ("2025-03-07-4", "Vedlægge PowerPoints fra direktør- og chefmødet", "Pernille Lenzner", "–"),
    ("2025-03-07-5", "Tage kontakt til KL", "Povl Skov", "–"),
    ("2025-03-07-6", "Svare til brug for overblikket over de kommunale tilbud",
     "Holbæk, Greve, Faxe, Næstved, Slagelse, Vordingborg, Guldborgsund og Lolland", "–"),
]
DRAFT_ORGS = ["Guldborgsund", "Holbæk", "Kalundborg", "Lolland", "Næstved", "Odsherred", "Rammesekretariatet",
              "Region Sjælland", "Slagelse", "Sorø", "Vordingborg"]
DRAFT_ABSENT = ["Køge", "Odsherred", "Region Sjælland", "Ringsted", "Roskilde"]
ONE_ITEM = "- **Holbæk:** Louise Hjulmand-Frandsen (gæst, kun punkt 6), Nanett Flamgaard (kun punkt 6)"
PRESENT_FOR_6 = "Deltog under punktet: Nanett Flamgaard (Holbæk) og Louise Hjulmand-Frandsen (Holbæk, gæst)"
WITHHELD = "Lukket punkt – referatet offentliggøres ikke"


# --- helpers ---------------------------------------------------------------------------------


def vis(minutes: MinutesRepo, *args: str) -> str:
    return ok(minutes.run("vis", *args)).out


def section(md: str, heading: str, level: int = 2) -> str:
    """A section of the Markdown, from its heading up to the next heading of that level or above."""
    marks = "#" * level
    start = md.index(f"\n{marks} {heading}")
    nxt = re.compile(rf"\n#{{1,{level}}} ")
    m = nxt.search(md, start + 1)
    return md[start: m.start() if m else len(md)]


def bullets(md_part: str) -> list[str]:
    return [line for line in md_part.splitlines() if line.startswith("- ")]


def orgs(md_part: str) -> list[str]:
    return re.findall(r"^- \*\*(.+?):\*\*", md_part, re.MULTILINE)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs = tag, attrs
        self.children: list[Node | str] = []

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    @property
    def text(self) -> str:
        parts = []

        def walk(n: Node) -> None:
            for c in n.children:
                if isinstance(c, str):
                    parts.append(c)
                elif c.tag not in ("style", "title"):
                    walk(c)
        walk(self)
        return " ".join("".join(parts).split())

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for c in self.children:
            if isinstance(c, Node):
                if (tag is None or c.tag == tag) and (cls is None or cls in c.classes):
                    found.append(c)
                found += c.all(tag, cls)
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        [found] = self.all(tag, cls)
        return found


class Page(HTMLParser):
    """The HTML as a browser builds it: a tree of elements with their attributes and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.style = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)
        if self.stack[-1].tag == "style":
            self.style += data

    @property
    def plain(self) -> str:
        return self.root.one("body").text

    def values(self, name: str) -> list[str]:
        return [v for _, n, v in self.attrs if n == name]

    def item(self, nr: str) -> Node:
        [found] = [a for a in self.root.all("article") if a.attrs.get("id") == f"punkt-{nr}"]
        return found


def html_of(minutes: MinutesRepo, *args: str) -> Page:
    return Page(vis(minutes, *args, "--format", "html"))


# --- the draft of 7 March 2025 as Markdown ---------------------------------------------------


def test_markdown_head_marks_the_draft(minutes):
    md = vis(minutes, DRAFT)
    lines = md.splitlines()
    assert lines[0] == "# Udkast til referat: Netværksgruppe Børn og Unge"
    # Once, plainly: the heading says it and the status line; no third callout repeats it.
    assert sum("Udkast til referat" in line for line in lines) == 1
    assert "Møde 1/4 i 2025" in lines
    for line in ("- **Dato:** fredag den 7. marts 2025", "- **Tid:** kl. 10.00–13.00", "- **Sted:** Teams",
                 "- **Referent:** Pernille Lenzner (pelz@kalundborg.dk)",
                 "- **Tovholder:** Kalundborg Kommune (Julie Folke og Pernille Lenzner)",
                 "- **Status:** Udkast – ikke godkendt", "- **Næste møde:** fredag den 9. maj 2025"):
        assert line in lines


def test_markdown_items_in_order_with_their_minutes_and_decisions(minutes):
    md = vis(minutes, DRAFT)
    parts = []
    for nr, title, minute, decision in DRAFT_ITEMS:
        parts += [f"\n### {nr}. {title}\n", minute]
        if decision:
            parts.append("> **Beslutning:**")
            parts.append(decision)
    in_order(md, parts)
    assert len(re.findall(r"^### \d", md, re.MULTILINE)) == len(DRAFT_ITEMS)
    item1 = section(md, "1. ", 3)
    assert "> **Beslutning:** Dagsordenen blev godkendt uden bemærkninger." in item1.splitlines()
    item4 = section(md, "4. ", 3)
    assert "*v. Helle Stisen · Til drøftelse · Fokusområderne 1, 2 og 3*" in item4
    assert len(re.findall(r"^> - ", item4, re.MULTILINE)) == ITEM_4_DECISIONS  # five decisions, one list
    assert "- Bilag 1: PowerPoints fra direktør- og chefmødet den 6.3.2025" in item4.splitlines()  # its bilag
    # Items without a decision have no decision box.
    assert "Beslutning" not in section(md, "2. ", 3) and "Beslutning" not in section(md, "6. ", 3)
    # The minutes are the file's own Markdown: sub-headings, lists, links and tasks as written.
    assert "- [ ] Sende navnene på deltagerne fra kommunen i begge ad hoc-arbejdsgrupper til Pernille" in item4
    assert "til Pernille Lenzner ([pelz@kalundborg.dk](mailto:pelz@kalundborg.dk))." in item4


def test_attendees_by_organisation_in_danish_order(minutes):
    md = vis(minutes, DRAFT)
    people = section(md, "Deltagere")
    whole = people.split("\n### ")[0]
    assert orgs(whole) == DRAFT_ORGS
    assert "- **Rammesekretariatet:** Lisbeth Broberg, Povl Skov" in whole.splitlines()
    assert "- **Holbæk:** Helle Stisen" in whole.splitlines()  # Solrød until 28 February 2025
    assert orgs(section(md, "Afbud", 3)) == DRAFT_ABSENT
    assert ("- **Ringsted:** Christina Thomsen, Henrik Kjer, Margit Nygaard Mikkelsen"
            in section(md, "Afbud", 3).splitlines())


def test_nanett_and_louise_were_there_for_item_6_only(minutes):
    md = vis(minutes, DRAFT)
    whole = section(md, "Deltagere").split("\n### ")[0]
    assert "Nanett" not in whole and "Louise" not in whole
    assert bullets(section(md, "Deltog kun under enkelte punkter", 3)) == [ONE_ITEM]
    assert f"*{PRESENT_FOR_6}*" in section(md, "6. ", 3).splitlines()
    assert md.count("Deltog under punktet:") == 1

    page = html_of(minutes, DRAFT)
    assert PRESENT_FOR_6 in page.item("6").text
    assert "Deltog under punktet" not in page.item("5").text
    people = page.root.one("section", "deltagere")
    lists = people.all("ul", "organisationer")
    assert [h.text for h in people.all("h3")] == ["Deltog kun under enkelte punkter", "Afbud"]
    assert lists[1].text == ("Holbæk: Louise Hjulmand-Frandsen (gæst, kun punkt 6), Nanett Flamgaard (kun punkt 6)")
    assert "Nanett" not in lists[0].text


def test_markdown_task_table(minutes):
    md = vis(minutes, DRAFT)
    table = [line for line in section(md, "Opgaver fra mødet").splitlines() if line.startswith("|")]
    # Who and when first; the id, which the secretary closes a task by, last.
    assert table[:2] == ["| Ansvarlig | Frist | Opgave | Status | Id |", "|---|---|---|---|---|"]
    rows = [[c.strip() for c in line.strip("|").split(" | ")] for line in table[2:]]
    assert [r[4] for r in rows] == [t[0] for t in DRAFT_TASKS]
    for row, (_ident, text, owners, deadline) in zip(rows, DRAFT_TASKS, strict=True):
        assert row[2].startswith(text)
        assert [row[0], row[1], row[3]] == [owners, deadline, "Åben"]
    assert rows[0][2].endswith("(punkt 4)") and rows[4][2].endswith("(punkt 9)")


# --- the approved minutes of 29 November 2024 --------------------------------------------------


def test_approved_minutes_show_their_approval_and_no_draft_mark(minutes):
    md = vis(minutes, APPROVED)
    assert md.startswith("# Referat: Netværksgruppe Børn og Unge\n")
    assert ("- **Status:** Godkendt 7. marts 2025 på mødet 7. marts 2025 "
            "(Antaget godkendt på næste møde 7. marts 2025 (udledt; ikke dokumenteret).)") in md.splitlines()
    assert "Udkast til referat" not in md and "ikke godkendt" not in md
    page = html_of(minutes, APPROVED)
    assert page.root.all(cls="statusbanner") == [] and page.root.all(cls="vandmaerke") == []
    assert "Udkast til referat" not in page.plain and "UDKAST" not in page.plain
    assert page.root.one(cls="godkendt-tekst").text == "Godkendt 7. marts 2025 på mødet 7. marts 2025"
    assert page.root.one("h1").text == "Referat"


def test_closed_task_is_ticked_in_the_minutes_and_the_table(minutes):
    page = html_of(minutes, APPROVED)
    story = [li for li in page.item("7").all("li", "opgave")]
    assert len(story) == 1 and "lukket" in story[0].classes
    assert story[0].text.startswith("☑ Fortælle om Holbæks erfaringer med implementering af standardkontrakterne")
    assert story[0].text.endswith("— Ansvarlig: Nanett Flamgaard · Frist: 7. marts 2025 · Lukket 7. marts 2025 · "
                                  "2024-11-29-3")
    [open_one] = page.item("5").all("li", "opgave")
    assert open_one.text.startswith("☐ Sende yderligere input eller rettelser til årsrapporten for 2024")
    assert open_one.text.endswith("— Ansvarlig: alle kommuner · Frist: 17. december 2024 · 2024-11-29-2")
    assert "Ansvarlig: alle kommuner. Frist" not in open_one.text  # the fields, not the raw text
    rows = [[td.text for td in tr.all("td")] for tr in page.root.one("section", "opgaver").all("tr")][1:]
    # Ansvarlig, Frist, Opgave, Status, Id: who and when first, the id for `opgaver luk` last
    assert [r[-1] for r in rows] == ["2024-11-29-1", "2024-11-29-2", "2024-11-29-3", "2024-11-29-4", "2024-11-29-5"]
    assert [rows[2][i] for i in (0, 1, 3)] == ["Nanett Flamgaard", "7. marts 2025", "Lukket 7. marts 2025"]
    assert rows[1][2].startswith("Sende yderligere input eller rettelser til årsrapporten for 2024 til Rie Nielsen.")
    where = [span.text for span in page.root.one("section", "opgaver").all("span", "fra")]
    assert where[1] == "Punkt 5: Netværkets årsrapport for 2024 skal kvalificeres og godkendes"
    assert [rows[1][i] for i in (0, 1, 3)] == ["alle kommuner", "17. december 2024", "Åben"]
    md = vis(minutes, APPROVED)
    assert "| Nanett Flamgaard | 7. marts 2025 | Fortælle om Holbæks erfaringer" in md
    assert "| Lukket 7. marts 2025 | 2024-11-29-3 |" in md
    assert md.rstrip().endswith("| Åben | 2024-11-29-5 |")


# --- HTML --------------------------------------------------------------------------------------


def test_html_items_in_order_with_minutes_and_decisions_set_apart(minutes):
    page = html_of(minutes, DRAFT)
    articles = page.root.all("article")
    assert [a.attrs["id"] for a in articles] == [f"punkt-{nr}" for nr, *_ in DRAFT_ITEMS]
    for article, (_nr, title, minute, decision) in zip(articles, DRAFT_ITEMS, strict=True):
        assert article.one("h3").text == title
        assert minute in " ".join(d.text for d in article.all("div", "referattekst"))
        boxes = article.all("div", "beslutning")
        if decision is None:
            assert boxes == []
        else:
            [box] = boxes
            assert box.one("h4").text == "Beslutning"
            assert decision in box.text
    assert len(page.item("4").one("div", "beslutning").all("li")) == ITEM_4_DECISIONS
    # The minutes' Markdown is rendered: lists, emphasis, links, tasks as checkboxes.
    item4 = page.item("4")
    assert "strong" in [n.tag for n in item4.all()]
    boxes = item4.all("li", "opgave")
    assert [b.text[0] for b in boxes] == ["☐"] * 4
    assert boxes[2].text.endswith("— Ansvarlig: Lisbeth Broberg · Frist: 9. maj 2025 · 2025-03-07-3")
    assert "mailto:pelz@kalundborg.dk" in [a.attrs.get("href") for a in item4.all("a")]


def test_html_draft_banner_and_watermark(minutes):
    page = html_of(minutes, DRAFT)
    banner = page.root.one(cls="statusbanner")
    assert banner.text.startswith("Udkast til referat") and "udkast" in banner.classes
    assert page.root.one(cls="vandmaerke").text == "UDKAST"
    assert re.search(r'@top-right\s*\{\s*content: "Udkast til referat"', page.style)  # on every printed page
    assert page.root.one("title").text == "Udkast til referat: Netværksgruppe Børn og Unge, 7. marts 2025"


def test_html_task_table_of_the_draft(minutes):
    page = html_of(minutes, DRAFT)
    table = page.root.one("section", "opgaver").one("table")
    assert [th.text for th in table.all("th")] == ["Ansvarlig", "Frist", "Opgave", "Status", "Id"]
    rows = [[td.text for td in tr.all("td")] for tr in table.all("tr")][1:]
    assert [r[-1] for r in rows] == [t[0] for t in DRAFT_TASKS]
    for row, (_ident, text, owners, deadline) in zip(rows, DRAFT_TASKS, strict=True):
        assert row[2].startswith(text)
        assert [row[0], row[1], row[3]] == [owners, deadline, "Åben"]


def test_html_is_one_self_contained_file_that_prints_on_a4(minutes):
    html = vis(minutes, DRAFT, "--format", "html")
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"da-DK\">")
    assert '<meta charset="utf-8">' in html
    assert "script" not in page.tags
    assert not {"link", "img", "iframe", "object", "embed", "base"} & set(page.tags)
    assert page.values("src") == []
    assert set(page.values("href")) == {
        "mailto:pelz@kalundborg.dk",
        "https://www.rs17.dk/arrangementer/temamode-om-kontraktforhandling-pa-det-specialiserede-socialomrade-19-9-2024/"}
    assert "url(" not in page.style and "@import" not in page.style and "@font-face" not in page.style
    page_rule = re.search(r"@page\s*\{[^}]*", page.style).group(0)
    assert "size: A4" in page_rule
    assert re.search(r"\.beslutning\s*\{[^}]*break-inside: avoid", page.style)
    assert re.search(r"thead\s*\{\s*display: table-header-group", page.style)


def test_steering_group_keeps_resume_recommendation_decision_background_in_that_order(minutes):
    page = html_of(minutes, STEERING)
    item2 = page.item("2")
    headings = [n.text for n in item2.all("h4")]  # the minutes' sub-headings, one level under the item
    assert headings == ["Resume", "Indstilling", "Beslutning", "Baggrund", "Opgaver", "Bilag"]
    in_order(item2.text, ["Resume Afrapporteringen på Social- og Boligstyrelsens fornyede udmelding",
                          "Indstilling Det indstilles:", "At styregruppen godkender afrapporteringen",
                          "Beslutning Styregruppen godkendte afrapporteringen",
                          "Baggrund Der er udarbejdet en forholdsvis kort kommunal afrapportering"])
    assert page.item("3A").one("h3").text == ("Status på Socialstyrelsens centrale udmelding om "
                                              "domfældte udviklingshæmmede")
    # An item without a recommendation gets its decision after its minutes.
    item8 = page.item("8")
    in_order(item8.text, ["Næstved oplever, at beregninger", "Beslutning Det blev aftalt, at Næstved vender tilbage"])
    # The body's tables, as tables; one written with an empty header has none.
    calendar = [t for t in page.item("7").all("table")]
    assert [th.text for th in calendar[0].all("th")] == ["Møder i Styregruppen", "Møder i K17", "Møder i KKR"]
    assert [td.text for td in calendar[0].all("tr")[-1].all("td")] == ["21/11", "5/12", "27/1-2026 Konstituerende møde"]
    forms = page.item("3A").all("table")
    assert forms and all(t.all("thead") == [] for t in forms)
    assert [td.text for td in forms[0].all("tr")[0].all("td")] == ["Fakta (kommune, alder, køn mv.)",
                                                                  "[udfyldes af kommunerne]"]
    # Titles of the participants, in the steering group.
    assert "Greve: Morten Bøgelund Andersen (Direktør, formand)" in page.root.one("section", "deltagere").text
    md = vis(minutes, STEERING)
    in_order(section(md, "2. ", 3),
             ["#### Resume", "#### Indstilling", "> **Beslutning:**", "#### Baggrund", "#### Opgaver"])


def test_planned_meeting_says_there_are_no_minutes_yet(minutes):
    ok(minutes.run("ny", "--gruppe", "boern-og-unge", "--dato", "2025-05-09"))
    md = vis(minutes, PLANNED)
    assert "> **Planlagt møde – intet referat endnu**" in md.splitlines()
    assert "## Inviterede" in md.splitlines()
    assert md.rstrip().endswith("Ingen opgaver endnu.")
    page = html_of(minutes, "naeste", "--dato", "2025-04-01")
    assert page.root.one(cls="statusbanner").text == "Planlagt møde – intet referat endnu"
    assert page.root.all(cls="vandmaerke") == []


# --- Danish alphabetical order -----------------------------------------------------------------

NEW_ORGS = [("aabenraa", "Aabenraa Kommune", "Aabenraa"), ("aaby", "Åby Kommune", "Åby"),
            ("aeroe", "Ærø Kommune", "Ærø"), ("oersted", "Ørsted Kommune", "Ørsted"),
            ("zealand", "Zealand Kommune", "Zealand"), ("amager", "Amager Kommune", "Amager")]
NEW_PEOPLE = [("aase-holm", "Åse Holm", "holbaek"), ("aage-holm", "Aage Holm", "holbaek"),
              ("oejvind-holm", "Øjvind Holm", "holbaek"), ("zenia-holm", "Zenia Holm", "holbaek"),
              ("anders-holm", "Anders Holm", "holbaek"), ("ask-aabo", "Ask Aabo", "aabenraa"),
              ("aasa-aalund", "Åsa Ålund", "aaby"), ("aerlig-aebeloe", "Ærlig Æbelø", "aeroe"),
              ("oern-oestergaard", "Ørn Østergaard", "oersted"), ("zack-zealand", "Zack Zealand", "zealand"),
              ("anna-amager", "Anna Amager", "amager"), ("aage-aabo", "Aage Aabo", "aabenraa"),
              ("aeble-aeroe", "Æble Ærø", "aeroe")]

DANISH_MEETING = """\
---
dato: 2025-09-12
tid: "10:00-13:00"
sted: Teams
moede_nr: 3
status: udkast
referent: Pernille Lenzner
deltagere:
  - Zenia Holm
  - Åse Holm
  - Zack Zealand
  - Øjvind Holm
  - Aage Holm
  - Ærlig Æbelø
  - Anders Holm
  - Ask Aabo
  - Åsa Ålund
  - Anna Amager
  - person: Ørn Østergaard
    punkter: [1]
afbud:
  - Æble Ærø
  - Aage Aabo
dagsorden:
  - nr: 1
    titel: Velkomst
beslutninger:
  - punkt: 1
    tekst: Dagsordenen blev godkendt.
---

## 1. Velkomst

Alle bød velkommen.
"""


def add_danish_registries(minutes: MinutesRepo) -> None:
    orgs_text = minutes.read("kommuner.yaml").rstrip("\n") + "\n"
    for ident, name, short in NEW_ORGS:
        orgs_text += f"\n  - id: {ident}\n    navn: {name}\n    kort: {short}\n    type: kommune\n"
    minutes.write("kommuner.yaml", orgs_text)
    people = minutes.read("personer.yaml").rstrip("\n") + "\n"
    for ident, name, org in NEW_PEOPLE:
        people += f"\n  - id: {ident}\n    navn: {name}\n    tilknytning:\n      - organisation: {org}\n"
    minutes.write("personer.yaml", people)
    minutes.write(DANISH, DANISH_MEETING)


def test_danish_order_of_organisations_and_people(minutes):
    add_danish_registries(minutes)
    assert ok(minutes.run("tjek", DANISH)).code == 0  # the temporary registries and meeting are valid
    md = vis(minutes, DANISH)
    whole = section(md, "Deltagere").split("\n### ")[0]
    assert orgs(whole) == ["Amager", "Holbæk", "Zealand", "Ærø", "Aabenraa", "Åby"]
    assert "- **Holbæk:** Anders Holm, Zenia Holm, Øjvind Holm, Aage Holm, Åse Holm" in whole.splitlines()
    assert bullets(section(md, "Deltog kun under enkelte punkter", 3)) == ["- **Ørsted:** Ørn Østergaard (kun punkt 1)"]
    assert orgs(section(md, "Afbud", 3)) == ["Ærø", "Aabenraa"]
    page = html_of(minutes, DANISH)
    first = page.root.one("section", "deltagere").all("ul", "organisationer")[0]
    assert [li.one("span", "org").text for li in first.all("li")] == [
        "Amager:", "Holbæk:", "Zealand:", "Ærø:", "Aabenraa:", "Åby:"]


# --- the public version ------------------------------------------------------------------------


def close_item_4(minutes: MinutesRepo) -> None:
    text = minutes.read(DRAFT)
    text = text.replace("    ansvarlig: Helle Stisen\n    type: droeftelse\n",
                        "    ansvarlig: Helle Stisen\n    type: droeftelse\n    lukket: true\n", 1)
    assert "lukket: true" in text
    minutes.write(DRAFT, text)


def test_offentlig_hides_the_minutes_of_a_closed_item_but_keeps_title_and_decisions(minutes):
    close_item_4(minutes)
    result = ok(minutes.run("vis", DRAFT, "--offentlig"))
    md = result.out
    item4 = section(md, "4. ", 3)
    assert item4.startswith(f"\n### 4. {DRAFT_ITEMS[3][1]}\n")
    assert f"*{WITHHELD}*" in item4.splitlines()
    assert "*v. Helle Stisen · Til drøftelse · Fokusområderne 1, 2 og 3 · Lukket punkt*" in item4.splitlines()
    assert len(re.findall(r"^> - ", item4, re.MULTILINE)) == ITEM_4_DECISIONS
    assert "Der nedsættes en ad hoc-gruppe om plejefamilier" in item4
    for hidden in ("Helle Stisen lagde indledningsvis", "Vordingborg Kommune (v. leder af myndighedsområdet",
                   "PowerPoints fra direktør- og chefmødet den 6.3.2025"):
        assert hidden not in md
    # No task from the closed item, in the text or the table; the others stay.
    for ident, text, *_ in DRAFT_TASKS[:4]:
        assert ident not in md and text not in md
    for ident, text, *_ in DRAFT_TASKS[4:]:
        assert ident in md and text in md
    assert "*Offentlig udgave: referatet af lukkede punkter er udeladt.*" in md.splitlines()
    assert result.err == ""
    # The other items are whole.
    assert DRAFT_ITEMS[5][2] in md

    page = html_of(minutes, DRAFT, "--offentlig")
    item = page.item("4")
    assert item.one("h3").text == DRAFT_ITEMS[3][1]
    assert item.one("p", "udeladt").text == WITHHELD
    assert item.all("div", "referattekst") == [] and item.all("li", "opgave") == []
    assert len(item.one("div", "beslutning").all("li")) == ITEM_4_DECISIONS
    assert "Helle Stisen lagde indledningsvis" not in page.plain
    ids = [tr.all("td")[-1].text for tr in page.root.one("section", "opgaver").all("tr")[1:]]
    assert ids == ["2025-03-07-5", "2025-03-07-6"]


def test_offentlig_also_leaves_out_what_follows_a_closed_item_under_a_heading_without_number(minutes):
    close_item_4(minutes)
    minutes.write(DRAFT, minutes.read(DRAFT).replace(
        "\n## 5. Nyt fra Rammesekretariatet\n",
        "\n## Bemærkninger til punktet\n\nFortroligt tillæg.\n\n"
        "- [ ] Hemmelig opfølgning. Ansvarlig: Povl Skov.\n\n## 5. Nyt fra Rammesekretariatet\n", 1))
    public = vis(minutes, DRAFT, "--offentlig")
    assert "Bemærkninger til punktet" not in public and "Fortroligt tillæg" not in public
    assert "Hemmelig opfølgning" not in public
    whole = vis(minutes, DRAFT)
    in_order(whole, ["\n### 4. ", "\n### Bemærkninger til punktet\n", "Fortroligt tillæg.", "\n### 5. ",
                     "| Povl Skov | – | Hemmelig opfølgning. | Åben | 2025-03-07-5 |"])


def test_without_offentlig_a_closed_item_is_whole_and_marked(minutes):
    close_item_4(minutes)
    result = ok(minutes.run("vis", DRAFT))
    assert "Helle Stisen lagde indledningsvis" in result.out
    assert WITHHELD not in result.out
    assert "*v. Helle Stisen · Til drøftelse · Fokusområderne 1, 2 og 3 · Lukket punkt*" in result.out.splitlines()
    assert result.err == ("Bemærk: referatet har lukkede punkter; brug --offentlig til den udgave, "
                          "der må offentliggøres.\n")
    assert "2025-03-07-1" in result.out


def test_offentlig_without_closed_items_is_the_whole_minutes(minutes):
    assert vis(minutes, DRAFT, "--offentlig") == vis(minutes, DRAFT)


# --- nothing in a meeting file runs ------------------------------------------------------------


def test_script_in_minutes_decisions_and_tasks_is_text(minutes):
    text = minutes.read(DRAFT)
    text = text.replace("Deltagerne præsenterede sig.\n",
                        "Deltagerne præsenterede sig. <script>alert(1)</script>\n\n"
                        "<script>\nalert(2)\n</script>\n\n"
                        "[klik](javascript:alert(3)) ![billede](https://example.invalid/x.png) "
                        "<img src=x onerror=alert(4)>\n\n"
                        "- [ ] Undersøge <script>alert(7)</script> sagen. Ansvarlig: Povl Skov.\n", 1)
    text = text.replace("    tekst: Dagsordenen blev godkendt uden bemærkninger.",
                        "    tekst: \"Godkendt <script>alert(5)</script> & <b onclick=alert(6)>fed</b>\"", 1)
    text = text.replace("titel: Kort præsentationsrunde", "titel: Runde <script>alert(8)</script>", 1)
    minutes.write(DRAFT, text)
    html = vis(minutes, DRAFT, "--format", "html")
    page = Page(html)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert not any(v.lower().startswith("javascript:") for v in page.values("href"))
    assert not [name for _, name, _ in page.attrs if name.startswith("on")]
    assert page.values("src") == []  # an image is not loaded: it becomes a link to it
    assert "https://example.invalid/x.png" in page.values("href")
    assert "billede" in [a.text for a in page.item("2").all("a")]
    for n in (1, 5, 7, 8):
        assert f"&lt;script&gt;alert({n})&lt;/script&gt;" in html
    assert "&lt;script&gt;\nalert(2)\n&lt;/script&gt;" in html
    assert page.item("1").one("div", "beslutning").text == (
        "Beslutning Godkendt <script>alert(5)</script> & <b onclick=alert(6)>fed</b>")
    assert page.item("2").one("h3").text == "Runde <script>alert(8)</script>"
    [task] = page.item("2").all("li", "opgave")
    assert task.text == "☐ Undersøge <script>alert(7)</script> sagen. — Ansvarlig: Povl Skov · 2025-03-07-1"
    # Markdown keeps the text as written: it is not HTML.
    md = vis(minutes, DRAFT)
    assert "> **Beslutning:** Godkendt <script>alert(5)</script> & <b onclick=alert(6)>fed</b>" in md


# --- --ud ---------------------------------------------------------------------------------------


def test_ud_writes_the_minutes_and_says_so(minutes):
    out = minutes.root / "ud" / "referat.html"
    out.parent.mkdir()
    result = ok(minutes.run("vis", DRAFT, "--ud", str(out)))
    assert result.out == f"Skrev referatet til {out}\n"
    assert out.read_text(encoding="utf-8") == vis(minutes, DRAFT, "--format", "html")
    ok(minutes.run("vis", "7. marts 2025", "--ud", "ud/referat.txt"))
    assert minutes.read("ud/referat.txt") == vis(minutes, DRAFT)


def test_ud_replaces_a_file_whole_and_leaves_no_temporary_file(minutes):
    out = minutes.root / "referat.md"
    out.write_text("gammelt referat\n" * 10000, encoding="utf-8")
    out.chmod(0o640)
    ok(minutes.run("vis", DRAFT, "--ud", "referat.md"))
    assert out.read_text(encoding="utf-8") == vis(minutes, DRAFT)
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in minutes.root.iterdir() if p.name.startswith(".referat.md")] == []


def test_ud_is_untouched_when_the_minutes_cannot_be_made(minutes):
    out = minutes.root / "referat.md"
    out.write_text("gammelt\n", encoding="utf-8")
    failed(minutes.run("vis", "2025-03-08", "--ud", "referat.md"))
    assert out.read_text(encoding="utf-8") == "gammelt\n"


# --- Danish errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["2025-03-08"], "Der er intet møde den 8. marts 2025. Nærmeste møder: 29. november 2024 (boern-og-unge), "
                     "7. marts 2025 (boern-og-unge), 14. marts 2025 (styregruppen)"),
    (["moeder/boern-og-unge/2025-03-08.md"], "Mødefilen 'moeder/boern-og-unge/2025-03-08.md' findes ikke"),
    (["personer.yaml"], "'personer.yaml' er ikke en mødefil; mødefiler ligger i moeder/<gruppe>/<dato>.md"),
    (["2025-02-30"], "'2025-02-30' er ikke en gyldig dato (februar 2025 har 28 dage)"),
    ([DRAFT, "--gruppe", "styregruppen"],
     f"{DRAFT} er et møde i Netværksgruppe Børn og Unge, ikke i Styregruppen for Rammeaftale Sjælland"),
    ([DRAFT, "--ud", "findes-ikke/referat.md"],
     "Kan ikke skrive referatet til 'findes-ikke/referat.md': mappen 'findes-ikke' findes ikke"),
    ([DRAFT, "--ud", "moeder"], "Kan ikke skrive referatet til 'moeder': det er en mappe. "
                                "Skriv et filnavn, fx moeder/referat.html"),
])
def test_danish_errors(minutes, args, message):
    assert failed(minutes.run("vis", *args)) == f"Fejl: {message}\n"


def test_wrong_format_is_a_usage_error(minutes):
    assert failed(minutes.run("vis", DRAFT, "--format", "odt"), code=2) == (
        "Fejl: --format kan være md, html, pdf eller docx, ikke 'odt'\n")


def test_a_file_that_cannot_be_read_says_run_tjek(minutes):
    minutes.write(DRAFT, minutes.read(DRAFT).replace("dagsorden:\n", "dagsorden: [\n", 1))
    assert failed(minutes.run("vis", DRAFT)) == (
        f"Fejl: {DRAFT} kan ikke læses som et møde; kør 'referat tjek {DRAFT}' for at se fejlene\n")


# --- PDF and DOCX: the pdf and docx extras (without them these tests are skipped) -------------


def test_pdf_is_a4(minutes):
    pytest.importorskip("weasyprint")
    result = minutes.run("vis", DRAFT, "--ud", "referat.pdf")
    ok(result)
    data = (minutes.root / "referat.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert a4_pages(data) >= 4  # the draft runs over several pages


def test_docx(minutes):
    docx = pytest.importorskip("docx")
    close_item_4(minutes)
    result = minutes.run("vis", DRAFT, "--offentlig", "--ud", "referat.docx")
    ok(result)
    doc = docx.Document(io.BytesIO((minutes.root / "referat.docx").read_bytes()))
    outline = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert outline[:5] == [("Heading 1", "Udkast til referat: Netværksgruppe Børn og Unge"), ("Heading 2", "Deltagere"),
                           ("Heading 3", "Deltog kun under enkelte punkter"), ("Heading 3", "Afbud"),
                           ("Heading 2", "Referat")]
    assert [text for style, text in outline if style == "Heading 3"][2:11] == [
        f"{nr}. {title}" for nr, title, *_ in DRAFT_ITEMS]
    assert [text for style, text in outline if style == "Heading 2"][2:] == [
        "Arbejdsgrupper", "Næste møde", "Opgaver fra mødet"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Dato: fredag den 7. marts 2025" in text
    assert WITHHELD in text and "Helle Stisen lagde indledningsvis" not in text
    assert "Holbæk: Louise Hjulmand-Frandsen (gæst, kun punkt 6), Nanett Flamgaard (kun punkt 6)" in text
    boxed = [p.text for p in doc.paragraphs if p.style.name == "Block Text"]
    assert sum(1 for t in boxed if t.startswith("Beslutning:")) == 4
    assert any(t.startswith("Der nedsættes en ad hoc-gruppe om plejefamilier") for t in boxed)  # inside the box
    rows = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert rows[0] == ["Ansvarlig", "Frist", "Opgave", "Status", "Id"]
    assert [r[-1] for r in rows[1:]] == ["2025-03-07-5", "2025-03-07-6"]
    [task] = [p for p in doc.paragraphs if p.text.startswith("Tage kontakt til KL")]
    assert bullet_of(doc, task) == "☐"  # a task in the text keeps its checkbox
    section_ = doc.sections[0]
    assert (round(section_.page_width.mm), round(section_.page_height.mm)) == (210, 297)


def bullet_of(doc, paragraph) -> str:
    """The list mark Word draws before a paragraph (its numbering level's text)."""
    from docx.oxml.ns import qn

    num_pr = paragraph._p.pPr.find(qn("w:numPr"))
    num_id, level = num_pr.find(qn("w:numId")).get(qn("w:val")), num_pr.find(qn("w:ilvl")).get(qn("w:val"))
    numbering = doc.part.numbering_part.element
    [num] = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id]
    abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    [definition] = [a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract]
    [lvl] = [lv for lv in definition.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == level]
    return str(lvl.find(qn("w:lvlText")).get(qn("w:val")))


def test_docx_keeps_bold_italic_and_strikethrough(minutes):
    docx = pytest.importorskip("docx")
    text = minutes.read(DRAFT)
    heading = next(line for line in text.splitlines() if line.startswith("## 2."))
    minutes.write(DRAFT, text.replace(heading + "\n",
                                      heading + "\n\nDet er **vedtaget**, *foreløbig* og ~~aflyst~~.\n", 1))
    result = minutes.run("vis", DRAFT, "--ud", "referat.docx")
    ok(result)
    doc = docx.Document(io.BytesIO((minutes.root / "referat.docx").read_bytes()))
    [paragraph] = [p for p in doc.paragraphs if p.text == "Det er vedtaget, foreløbig og aflyst."]
    styles = {r.text.strip(" ,."): (bool(r.bold), bool(r.italic), bool(r.font.strike)) for r in paragraph.runs
              if r.text.strip(" ,.")}
    assert styles == {"Det er": (False, False, False), "vedtaget": (True, False, False),
                      "foreløbig": (False, True, False), "og": (False, False, False), "aflyst": (False, False, True)}
