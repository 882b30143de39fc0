"""The Word files (--format docx) of all three documents, opened with python-docx as Word
would read them: the outline the HTML has, Danish, the file's properties, the header and its
"UDKAST", page numbers as fields, tables as wide as their content with a repeated heading row,
an archive's own reference document, and what a meeting file may not smuggle into the file.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest

from conftest import PROJECT, MinutesRepo, failed, ok

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402  (python-docx is the docx extra)

GROUP_NAME = "Netværksgruppe Børn og Unge"
DRAFT = "moeder/boern-og-unge/2025-03-07.md"  # status udkast
APPROVED = "moeder/boern-og-unge/2024-11-29.md"  # status godkendt
REPORT = ("aarsrapport", "2025", "-g", "boern-og-unge", "--dato", "2025-06-01")
DOCUMENTS = {"referat": ("vis", DRAFT), "dagsorden": ("dagsorden", DRAFT), "aarsrapport": REPORT}


def word(minutes: MinutesRepo, *args: str) -> docx.document.Document:
    ok(minutes.run(*args, "--ud", "dokument.docx"))
    return docx.Document(io.BytesIO((minutes.root / "dokument.docx").read_bytes()))


def headings(doc: docx.document.Document) -> list[tuple[int, str]]:
    return [(int(p.style.name.split()[-1]), p.text) for p in doc.paragraphs if p.style.name.startswith("Heading ")]


def html_headings(minutes: MinutesRepo, *args: str) -> list[tuple[int, str]]:
    page = ok(minutes.run(*args, "--format", "html")).out
    found = [(int(m.group(1)), " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(2))).split()))
             for m in re.finditer(r"<h([1-6])[^>]*>(.*?)</h\1>", page, re.S)]
    # The decision box names itself in its first line in Word, under a heading of its own in HTML.
    return [h for h in found if h[1] != "Beslutning"]


def header_lines(doc: docx.document.Document) -> list[str]:
    return [p.text for p in doc.sections[0].header.paragraphs]


# --- the shape: the same outline as the HTML ---------------------------------------------------------


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_outline_is_the_html_outline(minutes, document):
    args = DOCUMENTS[document]
    in_word = headings(word(minutes, *args))
    in_html = html_headings(minutes, *args)
    assert [level for level, _ in in_word] == [level for level, _ in in_html]
    assert len(in_word) > 10 and in_word[0][0] == 1 and sum(1 for level, _ in in_word if level == 1) == 1
    # Below the title the texts are the HTML's (an item's number leads its title in Word).
    for (_, w), (_, h) in list(zip(in_word, in_html, strict=True))[1:]:
        assert w == h or w.startswith(h.split(" ")[0]) or w.split(". ", 1)[-1] == h, (w, h)


def test_afbud_is_under_the_attendees_not_beside_them(minutes):
    outline = headings(word(minutes, "vis", DRAFT))
    assert outline[1:4] == [(2, "Deltagere"), (3, "Deltog kun under enkelte punkter"), (3, "Afbud")]


# --- Danish, properties ------------------------------------------------------------------------------


@pytest.mark.parametrize("document", DOCUMENTS)
def test_danish_everywhere_a_language_is_named(minutes, document):
    doc = word(minutes, *DOCUMENTS[document])
    assert doc.core_properties.language == "da-DK"
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "da-DK"
    named = {lang.get(qn("w:val")) for part in (doc.styles.element, doc.element) for lang in part.iter(qn("w:lang"))}
    assert named == {"da-DK"}


def test_properties_of_the_minutes(minutes):
    props = word(minutes, "vis", DRAFT).core_properties
    assert props.title == f"Udkast til referat: {GROUP_NAME}, 7. marts 2025"
    assert props.subject == GROUP_NAME
    assert props.author == props.last_modified_by == "Pernille Lenzner"
    assert props.created.date().isoformat() == props.modified.date().isoformat() == "2025-03-07"
    assert props.comments == DRAFT  # the source, where the secretary finds it and members do not see it
    assert "python-docx" not in (props.author + props.comments + props.title)


def test_properties_of_the_agenda_and_the_report(minutes):
    agenda = word(minutes, "dagsorden", DRAFT).core_properties
    assert (agenda.title, agenda.subject) == (f"Dagsorden: {GROUP_NAME}, 7. marts 2025", GROUP_NAME)
    assert agenda.created.date().isoformat() == "2025-03-07"
    report = word(minutes, *REPORT).core_properties
    assert (report.title, report.subject, report.author) == (f"Årsrapport 2025: {GROUP_NAME}", GROUP_NAME, GROUP_NAME)
    assert report.created.date().isoformat() == "2025-06-01"  # the day it was made (--dato)


# --- header, footer, the draft mark ------------------------------------------------------------------


def test_a_draft_says_udkast_on_every_page_and_once_in_the_text(minutes):
    doc = word(minutes, "vis", DRAFT)
    assert header_lines(doc) == ["UDKAST", f"{GROUP_NAME} · Referat af mødet 7. marts 2025"]
    assert not doc.sections[0].different_first_page_header_footer  # the same header on page 1
    body = [p.text for p in doc.paragraphs]
    assert sum("Udkast til referat" in t for t in body) == 1
    assert "Status: Udkast – ikke godkendt" in body


def test_approved_minutes_and_the_agenda_have_no_udkast_line(minutes):
    assert header_lines(word(minutes, "vis", APPROVED)) == [f"{GROUP_NAME} · Referat af mødet 29. november 2024"]
    assert header_lines(word(minutes, "dagsorden", DRAFT)) == [f"{GROUP_NAME} · Dagsorden til mødet 7. marts 2025"]
    assert header_lines(word(minutes, *REPORT)) == [f"{GROUP_NAME} · Årsrapport 2025"]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_footer_counts_pages_with_word_fields(minutes, document):
    footer = word(minutes, *DOCUMENTS[document]).sections[0].footer.paragraphs[0]._p
    fields = [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    words = [t.text for t in footer.iter(qn("w:t"))]
    assert [w for w in words if not w.isdigit()] == ["Side ", " af "]


# --- tables ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("document", ["referat", "aarsrapport"])  # the agenda lists its tasks
def test_tables_repeat_their_heading_row_and_never_split_a_row(minutes, document):
    doc = word(minutes, *DOCUMENTS[document])
    assert doc.tables
    for table in doc.tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_task_table_gives_the_text_the_room_and_breaks_no_word(minutes):
    doc = word(minutes, "vis", APPROVED)
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Ansvarlig", "Frist", "Opgave", "Status", "Id"]
    widths = [int(w.get(qn("w:w"))) for w in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    section = doc.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) // 635  # in twips
    assert max(widths) == widths[2] and sum(widths) <= text_width
    assert widths[2] > 2 * widths[1]
    # 10.5 pt text is about 110 twips a character: the longest word of each column fits its width.
    for i, width in enumerate(widths):
        longest = max(len(w) for row in table.rows for w in row.cells[i].text.split())
        assert width >= longest * 110, (table.rows[0].cells[i].text, width, longest)


# --- the archive's own reference document ------------------------------------------------------------


def own_reference(header: list[tuple[str, ...]], font: str = "Arial") -> bytes:
    """The package's referat.docx with another header and font, as a secretariat would make it
    in Word: a placeholder may come split over several runs."""
    doc = docx.Document(str(PROJECT / "templates" / "referat.docx"))
    doc.styles["Normal"].font.name = font
    part = doc.sections[0].header
    for p in list(part.paragraphs):
        p._p.getparent().remove(p._p)
    for runs in header:
        paragraph = part.add_paragraph()
        for text in runs:
            paragraph.add_run(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_an_archive_restyles_every_word_file_with_its_own_reference_document(minutes):
    minutes.write("templates/referat.docx",
                  own_reference([("Kalundborg Kommune · {gru", "ppe}",), ("{udkast}",), ("{dato}",)]))
    doc = word(minutes, "vis", DRAFT)
    assert header_lines(doc) == [f"Kalundborg Kommune · {GROUP_NAME}", "UDKAST", "7. marts 2025"]
    assert doc.styles["Normal"].font.name == "Arial"
    approved = word(minutes, "vis", APPROVED)
    assert header_lines(approved) == [f"Kalundborg Kommune · {GROUP_NAME}", "29. november 2024"]


def test_a_reference_document_that_is_no_word_file_is_said(minutes):
    minutes.write("templates/referat.docx", b"PK\x03\x04 not really a zip")
    err = failed(minutes.run("vis", DRAFT, "--ud", "dokument.docx"))
    assert err == ("Fejl: templates/referat.docx kan ikke bruges: pandoc kan ikke læse den som et Word-dokument "
                   "(.docx). Gem den i Word som .docx, eller fjern den for at bruge den indbyggede; "
                   "Word-dokumentet er ikke lavet\n")
    assert not (minutes.root / "dokument.docx").exists()


def test_a_reference_document_may_not_be_a_link(minutes, tmp_path):
    outside = tmp_path / "udenfor.docx"
    outside.write_bytes((PROJECT / "templates" / "referat.docx").read_bytes())
    (minutes.root / "templates").mkdir()
    (minutes.root / "templates" / "referat.docx").symlink_to(outside)
    err = failed(minutes.run("vis", DRAFT, "--ud", "dokument.docx"))
    assert err == ("Fejl: templates/referat.docx: Dette er et link, og referat følger ikke links. "
                   "Læg den rigtige fil eller mappe her i stedet for linket\n")


def test_a_reference_document_over_the_size_of_any_archive_file_is_refused(minutes):
    minutes.write("templates/referat.docx", b"PK" + b"\0" * (3 * 1024 * 1024))
    err = failed(minutes.run("vis", DRAFT, "--ud", "dokument.docx"))
    assert err == ("Fejl: templates/referat.docx fylder 3072 KB; en skabelon til Word (typografier, sidehoved, "
                   "logo) må højst fylde 2 MB; Word-dokumentet er ikke lavet\n")


# --- what a meeting file may not put into a Word file ----------------------------------------------


SMUGGLED = """
Rå OOXML:

```{=openxml}
<w:p><w:r><w:t>INDSMUGLET</w:t></w:r></w:p>
```

Inline `<w:r><w:t>OGSÅ</w:t></w:r>`{=openxml} og <b>fed</b> HTML.

---
title: Kapret
---

[lokal fil](file:///etc/passwd), [script](javascript:alert(1)), [netværket](https://www.rs17.dk/).

![billede](/etc/hostname) ![web](https://example.invalid/pixel.png)
"""


def test_a_meeting_cannot_smuggle_ooxml_links_or_images_into_the_word_file(minutes):
    text = minutes.read(DRAFT)
    heading = next(line for line in text.splitlines() if line.startswith("## 2."))
    minutes.write(DRAFT, text.replace(heading + "\n", heading + "\n" + SMUGGLED, 1))
    ok(minutes.run("vis", DRAFT, "--ud", "dokument.docx"))
    data = (minutes.root / "dokument.docx").read_bytes()
    doc = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "INDSMUGLET" not in paragraphs  # shown as code, never a paragraph of its own
    assert any("<w:t>INDSMUGLET</w:t>" in t for t in paragraphs)
    assert any("<w:t>OGSÅ</w:t>" in t for t in paragraphs) and any("<b>fed</b>" in t for t in paragraphs)
    assert doc.core_properties.title.startswith("Udkast til referat")
    targets = [rel.target_ref for rel in doc.part.rels.values() if rel.reltype.endswith("/hyperlink")]
    assert "https://www.rs17.dk/" in targets
    assert not [t for t in targets if not t.startswith(("https:", "http:", "mailto:"))]
    assert any("lokal fil" in t and "script" in t for t in paragraphs)  # the text of a refused link stays
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not [n for n in names if n.startswith("word/media/")]  # no image read or fetched
