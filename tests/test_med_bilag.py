"""`referat dagsorden/vis MØDE --format pdf --med-bilag`: one PDF, the document and then each
attachment with a file in item order, each stamped "Bilag n til punkt m: ..." on every page,
page numbers through the whole PDF, bookmarks, and the document's list of attachments linking
to each attachment's first page. Bad attachments give a message and a page saying so."""

from __future__ import annotations

import io
import os
import shutil

import pytest

from conftest import MinutesRepo, failed, ok

pypdf = pytest.importorskip("pypdf")
weasyprint = pytest.importorskip("weasyprint")

MEETING = "moeder/boern-og-unge/2025-03-07.md"
FOLDER = "bilag/2025-03-07"
PDF_TITLE = "Trivselskommissionens afrapportering"
WORD_TITLE = "PowerPoints fra det fælles netværksmøde 28.2.2025"
PDF_STAMP = f"Bilag 3 til punkt 7: {PDF_TITLE}"
WORD_STAMP = f"Bilag 2 til punkt 5: {WORD_TITLE}"


def attachment_pdf(pages: int = 2) -> bytes:
    body = "".join(f'<h1 style="break-before: page">Side {i + 1} af afrapporteringen</h1><p>Anbefalinger.</p>'
                   for i in range(pages))
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def attachment_docx() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Oplæg fra netværksmødet", 1)
    document.add_paragraph("Plejefamilier og anbringelser i kommunerne.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_files(minutes: MinutesRepo, word: str = f"{FOLDER}/netvaerksmoede.docx",
               pdf: str = f"{FOLDER}/trivsel.pdf") -> None:
    """The real meeting, with a file named for the attachments of items 5 and 8."""
    text = minutes.read(MEETING)
    for line, title, file in ((WORD_TITLE, WORD_TITLE, word),
                              (f'"{PDF_TITLE}: 250224-trivselskommissionens-afrapportering.pdf"', PDF_TITLE, pdf)):
        assert f"      - {line}\n" in text
        text = text.replace(f"      - {line}\n", f'      - titel: "{title}"\n        fil: "{file}"\n')
    minutes.write(MEETING, text)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def shown_at(page, text: str) -> tuple[float, float]:
    """Where on the page (x, y from its lower left corner, in points) the text is drawn."""
    found = []

    def visit(shown, cm, tm, font, size):
        if text in shown:
            found.append((cm[0] * tm[4] + cm[2] * tm[5] + cm[4], cm[1] * tm[4] + cm[3] * tm[5] + cm[5]))
    page.extract_text(visitor_text=visit)
    assert found, f"{text!r} is not on the page"
    return found[0]


def agenda_pages(minutes: MinutesRepo) -> int:
    plain = ok(minutes.run("dagsorden", MEETING, "--format", "pdf")).raw
    return len(pypdf.PdfReader(io.BytesIO(plain)).pages)


def outline(pdf: bytes) -> dict[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: dict[str, int] = {}

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found[item.title] = reader.get_destination_page_number(item)
    walk(reader.outline)
    return found


def links_to(pdf: bytes, page_count: int) -> list[tuple[int, int]]:
    """(page the link is on, page it jumps to) for the internal links of the first pages."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    found = []
    for i, page in enumerate(reader.pages[:page_count]):
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A") or {}
            if action.get("/S") == "/GoTo":
                found.append((i, pages[action["/D"][0].idnum]))
            assert "bilag.invalid" not in str(action.get("/URI", "")), "a placeholder link was left"
    return found


def test_agenda_with_a_pdf_and_a_word_attachment(minutes):
    with_files(minutes)
    minutes.write(f"{FOLDER}/trivsel.pdf", attachment_pdf(2))
    minutes.write(f"{FOLDER}/netvaerksmoede.docx", attachment_docx())
    first = agenda_pages(minutes)
    result = ok(minutes.run("dagsorden", MEETING, "--format", "pdf", "--med-bilag"))
    texts = pages_text(result.raw)
    total = len(texts)

    if shutil.which("libreoffice") or shutil.which("soffice"):
        assert result.err == ""
        word_pages = [i for i, t in enumerate(texts) if WORD_STAMP in t]
        assert word_pages == list(range(first, first + len(word_pages))) and word_pages
        assert "Oplæg fra netværksmødet" in texts[first]
    else:
        assert "LibreOffice ikke er installeret" in result.err and "netvaerksmoede.docx" in result.err
        word_pages = [first]
        assert "kunne ikke komme med" in texts[first] and "apt-get install libreoffice" in texts[first]
    pdf_start = word_pages[-1] + 1
    assert total == first + len(word_pages) + 2  # the agenda, the Word file, the PDF's two pages
    assert [i for i, t in enumerate(texts) if PDF_STAMP in t] == [pdf_start, pdf_start + 1]
    assert "Side 1 af afrapporteringen" in texts[pdf_start] and "Side 2 af afrapporteringen" in texts[pdf_start + 1]
    reader = pypdf.PdfReader(io.BytesIO(result.raw))
    for i, page in enumerate(reader.pages):  # one count over the whole PDF, at the foot of every page
        x, y = shown_at(page, f"Side {i + 1} af {total}")
        assert float(page.mediabox.width) * 0.8 < x < float(page.mediabox.width) and 0 < y < 40, (i, x, y)
    for i in word_pages + [pdf_start, pdf_start + 1]:  # the stamp at the top of every attachment page
        x, y = shown_at(reader.pages[i], "Bilag ")
        assert 0 < x < 60 and float(reader.pages[i].mediabox.height) - 40 < y < float(reader.pages[i].mediabox.height)

    marks = outline(result.raw)
    assert marks[WORD_STAMP] == first and marks[PDF_STAMP] == pdf_start and marks["Bilag"] == first
    assert marks["5. Nyt fra Rammesekretariatet"] < first  # the agenda's items are bookmarked too, numbered
    assert "Links" not in marks  # but not their subheadings
    jumps = links_to(result.raw, first)
    assert sorted(target for _, target in jumps) == [first, pdf_start]  # only the attachments with a file link

    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "da-DK"
    assert reader.metadata.title.startswith("Dagsorden: ")


def test_minutes_with_attachments(minutes):
    with_files(minutes, word=f"{FOLDER}/mangler.docx")
    minutes.write(f"{FOLDER}/trivsel.pdf", attachment_pdf(1))
    result = ok(minutes.run("vis", MEETING, "--format", "pdf", "--med-bilag"))
    texts = pages_text(result.raw)
    assert "mangler.docx findes ikke i mødearkivet" in result.err
    assert PDF_STAMP in texts[-1] and WORD_STAMP in texts[-2] and "kunne ikke komme med" in texts[-2]
    assert "Udkast til referat" in texts[0]  # the minutes come first


BAD = [
    ("krypteret.pdf", "encrypted", "er krypteret"),
    ("oedelagt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << >>\n%%EOF",
     "ødelagt PDF"),
    ("forklaedt.pdf", b"PK\x03\x04 not really anything", "er ikke en PDF-fil, som navnet siger"),
    ("lang.pdf", "long", "201 sider"),
    ("../udenfor.pdf", None, "uden for mødearkivet"),
    ("link.pdf", "link", "er et link"),
    ("noter.txt", b"tekst", "filtype"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_attachment_is_named_and_the_rest_is_made(minutes, tmp_path, name, content, message):
    file = name if name.startswith("..") else f"{FOLDER}/{name}"
    with_files(minutes, pdf=file)
    minutes.write(f"{FOLDER}/netvaerksmoede.docx", attachment_docx())
    if content == "encrypted":
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(attachment_pdf(1))))
        writer.encrypt("hemmelig")
        out = io.BytesIO()
        writer.write(out)
        minutes.write(file, out.getvalue())
    elif content == "long":
        writer = pypdf.PdfWriter()
        for _ in range(201):
            writer.add_blank_page(595, 842)
        out = io.BytesIO()
        writer.write(out)
        minutes.write(file, out.getvalue())
    elif content == "link":
        target = tmp_path / "hemmelig.pdf"
        target.write_bytes(attachment_pdf(1))
        (minutes.root / FOLDER).mkdir(parents=True, exist_ok=True)
        os.symlink(target, minutes.root / file)
    elif isinstance(content, bytes):
        minutes.write(file, content)
    result = ok(minutes.run("dagsorden", MEETING, "--format", "pdf", "--med-bilag"))
    assert f"Advarsel: bilaget {file} " in result.err and message in result.err, result.err
    last = pages_text(result.raw)[-1]
    assert PDF_STAMP in last and "kunne ikke komme med" in last and message in last.replace("\n", " ")
    assert "hemmelig" not in last


def test_a_folder_link_on_the_way_is_refused(minutes, tmp_path):
    outside = tmp_path / "andet"
    outside.mkdir()
    (outside / "trivsel.pdf").write_bytes(attachment_pdf(1))
    (minutes.root / "bilag").mkdir()
    os.symlink(outside, minutes.root / FOLDER)
    with_files(minutes)
    result = ok(minutes.run("dagsorden", MEETING, "--format", "pdf", "--med-bilag"))
    assert "er et link" in result.err and f"{FOLDER}/trivsel.pdf" in result.err


def test_a_picture_becomes_a_page(minutes):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (800, 400), (200, 30, 30, 128)).save(out, "PNG")
    with_files(minutes, pdf=f"{FOLDER}/tavle.png")
    minutes.write(f"{FOLDER}/tavle.png", out.getvalue())
    minutes.write(f"{FOLDER}/netvaerksmoede.docx", attachment_docx())
    result = ok(minutes.run("dagsorden", MEETING, "--format", "pdf", "--med-bilag"))
    last = pypdf.PdfReader(io.BytesIO(result.raw)).pages[-1]
    assert PDF_STAMP in last.extract_text()
    assert float(last.mediabox.width) > float(last.mediabox.height)  # a wide picture: an A4 landscape page


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_med_bilag_is_for_pdf_only(minutes, fmt):
    failed(minutes.run("dagsorden", MEETING, "--format", fmt, "--med-bilag"), "--med-bilag gælder kun PDF")


def test_med_bilag_and_pdf_a_are_not_combined(minutes):
    failed(minutes.run("vis", MEETING, "--format", "pdf", "--med-bilag", "--pdf-a"), "kan ikke bruges sammen")


def test_without_libreoffice_a_word_attachment_is_a_note_not_a_gap(minutes, tmp_path):
    """Where LibreOffice is missing (PATH without it), the Word file is named with what to install."""
    with_files(minutes)
    minutes.write(f"{FOLDER}/trivsel.pdf", attachment_pdf(1))
    minutes.write(f"{FOLDER}/netvaerksmoede.docx", attachment_docx())
    result = ok(minutes.run("dagsorden", MEETING, "--format", "pdf", "--med-bilag", env={"PATH": str(tmp_path)}))
    assert (f"Advarsel: bilaget {FOLDER}/netvaerksmoede.docx kan ikke laves om til PDF, fordi LibreOffice ikke er "
            "installeret; installér det (apt-get install libreoffice-writer") in result.err
    texts = pages_text(result.raw)
    assert WORD_STAMP in texts[-2] and "LibreOffice ikke er installeret" in texts[-2].replace("\n", " ")
    assert PDF_STAMP in texts[-1]


def test_the_public_minutes_leave_out_a_closed_items_attachments(minutes):
    with_files(minutes)
    minutes.write(MEETING, minutes.read(MEETING).replace("  - nr: 7\n", "  - nr: 7\n    lukket: true\n", 1))
    minutes.write(f"{FOLDER}/trivsel.pdf", attachment_pdf(1))
    minutes.write(f"{FOLDER}/netvaerksmoede.docx", attachment_docx())
    whole = "\n".join(pages_text(ok(minutes.run("vis", MEETING, "--format", "pdf", "--med-bilag")).raw))
    public = "\n".join(pages_text(ok(minutes.run("vis", MEETING, "--format", "pdf", "--med-bilag",
                                                 "--offentlig")).raw))
    assert PDF_STAMP in whole and "Side 1 af afrapporteringen" in whole
    assert PDF_STAMP not in public and "afrapporteringen" not in public and WORD_STAMP in public
