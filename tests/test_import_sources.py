"""The importer's readers (importing.sources): Word, PDF and text files built here from scratch,
in layouts unlike the seed texts, read into text in which head.py finds the people and items.py
the agenda items; and every kind of bad input refused with a Danish message naming the file."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest

from referat.archive import Archive
from referat.importing import sources
from referat.importing.head import read_head
from referat.importing.items import read_items
from referat.importing.sources import SourceError, read_source
from referat.registry import Registry

ATTENDING = [("Pernille Lenzner", "Leder af myndighed", "Kalundborg Kommune"),
             ("Bo Gammelgaard", "Centerchef", "Næstved Kommune"),
             ("Anne Raaholt", "Konsulent", "Sorø Kommune")]
ITEMS = [("Godkendelse af dagsorden", "Dagsordenen blev godkendt uden bemærkninger."),
         ("Status på anbringelser v. Bo Gammelgaard", "Bo gennemgik tallene for første kvartal."),
         ("Fælles kursusdag", "Gruppen drøftede datoer og indhold."),
         ("Eventuelt", "Intet.")]


def _registry(minutes) -> Registry:  # type: ignore[no-untyped-def]
    return Archive(minutes.root, use_cache=False).registry


def _word(path: Path) -> Path:
    """Minutes as a secretary writes them in Word: a title, the date in a paragraph, a heading
    and a table of who attended, absences and referent as paragraphs, the agenda as a numbered
    list (the "List Number" style) with minutes and a decision under each item."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Referat af møde i Netværksgruppe X", level=0)
    d.add_paragraph("Mødedato: torsdag den 6. marts 2025 kl. 9.00-12.00")
    d.add_paragraph("Sted: Rådhuset i Sorø, lokale 4")
    d.add_heading("Til stede", level=2)
    table = d.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Navn", "Titel", "Organisation"), strict=True):
        cell.text = text
    for row in ATTENDING:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    d.add_paragraph("Fraværende: Mille Schjoldan (Køge) og Steen Bager (Odsherred)")
    d.add_paragraph("Referent: Povl Skov")
    d.add_heading("Dagsorden og referat", level=1)
    for title, text in ITEMS:
        d.add_paragraph(title, style="List Number")
        d.add_paragraph(text)
        d.add_paragraph("Beslutning: Taget til efterretning.")
    d.save(str(path))
    return path


def _assert_read(text: str, reg: Registry) -> None:
    head = read_head(text, reg)
    assert (head.date, head.time, head.place) == (dt.date(2025, 3, 6), "09:00-12:00", "Rådhuset i Sorø, lokale 4")
    assert [(a.name.id, a.name.title, a.name.organisation) for a in head.attendees] == [
        ("pernille-lenzner", "Leder af myndighed", "Kalundborg Kommune"),
        ("bo-gammelgaard", "Centerchef", "Næstved Kommune"),
        ("anne-raaholt", "Konsulent", "Sorø Kommune")]
    assert [n.id for n in head.absent] == ["mille-schjoldan", "steen-bager"]
    assert head.referent is not None and head.referent.id == "povl-skov"
    items = read_items(head.text, reg, head.date)
    assert [(i.number, i.title) for i in items] == [
        ("1", "Godkendelse af dagsorden"), ("2", "Status på anbringelser"), ("3", "Fælles kursusdag"),
        ("4", "Eventuelt")]
    assert items[1].responsible is not None and items[1].responsible.id == "bo-gammelgaard"
    assert all("Beslutning: Taget til efterretning." in i.minutes for i in items[:3])
    assert items[2].minutes.startswith("Gruppen drøftede datoer og indhold.")


def test_a_word_document_gives_the_head_and_the_items(minutes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = read_source(_word(tmp_path / "referat.docx"))
    assert (source.path, source.kind, source.pages) == (str(tmp_path / "referat.docx"), "docx", None)
    assert "1. Godkendelse af dagsorden\n" in source.text  # the list's number, written
    assert "Pernille Lenzner\tLeder af myndighed\tKalundborg Kommune\n" in source.text  # a row, tabs
    _assert_read(source.text, _registry(minutes))


def test_word_lists_tables_and_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Numbers by list and level (a sub-level restarts under each item), a merged cell once, a
    cell's paragraphs on one line, a table where it stands between paragraphs."""
    docx = pytest.importorskip("docx")
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    d = docx.Document()
    numbering = d.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    levels = "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                     f'<w:lvlText w:val="{text}"/></w:lvl>' for k, text in enumerate(("%1.", "%1.%2.")))
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    list_id = 90

    def numbered(text: str, level: int) -> None:
        p = d.add_paragraph(text, style="Heading 2" if level == 0 else None)
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = list_id

    d.add_paragraph("Før tabellen.")
    table = d.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Til stede:"
    table.cell(1, 0).text = "Rie Nielsen"
    table.cell(1, 1).add_paragraph("Holbæk")
    table.cell(1, 1).paragraphs[0].text = "Konsulent,"
    table.cell(1, 2).text = "Holbæk Kommune"
    form = d.add_table(rows=2, cols=2)  # a form: label | value, a labelled line, no columns
    form.cell(0, 0).text, form.cell(0, 1).text = "Afbud:", "Lone Nygaard Jensen og Julie Folke"
    form.cell(1, 0).text, form.cell(1, 1).text = "1.", "Første punkt"
    numbered("Velkomst", 0)
    numbered("Første underpunkt", 1)
    numbered("Andet underpunkt", 1)
    numbered("Økonomi", 0)
    numbered("Nyt underpunkt", 1)
    bullet = d.add_paragraph("en punkttegnsliste", style="List Bullet")
    assert bullet.text
    empty_num = d.add_paragraph("ikke nummereret")
    num_pr = empty_num._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.append(OxmlElement("w:numId", {qn("w:val"): "0"}))  # numId 0: numbering taken off
    d.save(str(tmp_path / "a.docx"))
    text = read_source(tmp_path / "a.docx").text
    lines = [ln for ln in text.split("\n") if ln]
    assert lines[:3] == ["Før tabellen.", "Til stede:", "Rie Nielsen\tKonsulent, Holbæk\tHolbæk Kommune"]
    assert lines[3:5] == ["Afbud: Lone Nygaard Jensen og Julie Folke", "1. Første punkt"]
    assert [ln.split(" ", 1)[0] for ln in lines[5:10]] == ["1.", "1.1.", "1.2.", "2.", "2.1."]
    assert lines[10:] == ["en punkttegnsliste", "ikke nummereret"]


def test_a_pdf_of_the_minutes(minutes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The same minutes as a PDF (WeasyPrint, as a website's PDF): the table's columns found from
    where each cell's text starts, the sections from the gaps between lines."""
    weasyprint = pytest.importorskip("weasyprint")
    rows = "".join(f"<tr><td>{n}</td><td>{t}</td><td>{o}</td></tr>" for n, t, o in ATTENDING)
    items = "".join(f"<h3>{k}. {title}</h3><p>{text}</p><p>Beslutning: Taget til efterretning.</p>"
                    for k, (title, text) in enumerate(ITEMS, 1))
    html = (f"<h1>Referat af møde i Netværksgruppe X</h1>"
            f"<p>Mødedato: torsdag den 6. marts 2025 kl. 9.00-12.00<br>Sted: Rådhuset i Sorø, lokale 4</p>"
            f"<h2>Til stede:</h2><table><tr><th>Navn</th><th>Titel</th><th>Organisation</th></tr>{rows}</table>"
            f"<p>Fraværende: Mille Schjoldan (Køge) og Steen Bager (Odsherred)</p><p>Referent: Povl Skov</p>"
            f"<h2>Dagsorden og referat</h2>{items}<p>Bilag:</p><ul><li>Tal for 2024</li><li>Kursusplan</li></ul>")
    path = tmp_path / "referat.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    source = read_source(path)
    assert (source.kind, source.pages) == ("pdf", 2)
    assert "Referent: Povl Skov\n\nDagsorden" in source.text  # a blank line where the page has a gap
    assert "Bo Gammelgaard\tCenterchef\tNæstved Kommune\n" in source.text
    listed = [ln for ln in source.text.split("\n") if "Tal for 2024" in ln or "Kursusplan" in ln]
    assert len(listed) == 2 and not any("\t" in ln for ln in listed)  # a list's bullets are no column
    _assert_read(source.text, _registry(minutes))


def test_text_encodings_and_line_ends(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "Referat af møde\r\nDeltagere: Søren Ågaard\r\n"
    for name, raw in [("utf8.txt", text.encode("utf-8")), ("bom.md", b"\xef\xbb\xbf" + text.encode("utf-8")),
                      ("windows.txt", text.encode("cp1252")), ("notepad.txt", text.encode("utf-16")),
                      ("mac.txt", text.replace("\r\n", "\r").encode("utf-8"))]:
        (tmp_path / name).write_bytes(raw)
        source = read_source(tmp_path / name)
        assert (source.kind, source.text) == ("tekst", "Referat af møde\nDeltagere: Søren Ågaard\n"), name


def test_a_link_to_a_file_is_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text("Deltagere: A\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    assert read_source(tmp_path / "link.txt").text == "Deltagere: A\n"


# --- bad input: each a SourceError with a Danish message naming the file --------------------------

def _refused(path: Path, *words: str) -> str:
    with pytest.raises(SourceError) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    for w in words:
        assert w in message, message
    return message


def test_missing_folder_fifo_and_endings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _refused(tmp_path / "findes-ikke.docx", "findes ikke")
    (tmp_path / "noter.txt").mkdir()
    _refused(tmp_path / "noter.txt", "er en mappe")
    os.mkfifo(tmp_path / "fifo.txt")  # would block an open() without O_NONBLOCK and a read forever
    _refused(tmp_path / "fifo.txt", "ikke en almindelig fil")
    for ending in (".doc", ".odt", ".rtf", ".xlsx", ""):
        (tmp_path / f"gammel{ending}").write_bytes(b"x")
        _refused(tmp_path / f"gammel{ending}", "kan ikke importeres", ".docx", ".pdf", ".txt")
    assert "gem den som .docx" in _refused(tmp_path / "gammel.doc")


def test_too_large_and_empty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "stor.txt"
    with big.open("wb") as f:
        f.truncate(sources.MAX_BYTES + 1)  # sparse: nothing written, the size is what counts
    _refused(big, "50 MB")
    (tmp_path / "ingenting.pdf").write_bytes(b"")
    _refused(tmp_path / "ingenting.pdf", "filen er tom")


def test_not_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "billede.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _refused(tmp_path / "billede.txt", "ikke tekst", "nul-tegn")
    (tmp_path / "binaer.md").write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]))  # neither UTF-8 nor cp1252
    _refused(tmp_path / "binaer.md", "ikke tekst")


def test_bad_word_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("docx")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # what Word writes with a password, or .doc
    (tmp_path / "kode.docx").write_bytes(ole)
    _refused(tmp_path / "kode.docx", "adgangskode", ".doc")
    (tmp_path / "tekst.docx").write_text("ikke en zip", encoding="utf-8")
    _refused(tmp_path / "tekst.docx", "ikke en Word-fil")
    (tmp_path / "halv.docx").write_bytes(_word(tmp_path / "hel.docx").read_bytes()[:3000])  # cut short
    _refused(tmp_path / "halv.docx", "ødelagt")
    _zip(tmp_path / "andet.docx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"})
    _refused(tmp_path / "andet.docx", "ikke et Word-dokument", "word/document.xml")
    parts = _parts(tmp_path / "hel.docx")
    _zip(tmp_path / "brudt.docx", {**parts, "word/document.xml": b"<w:document><w:body><w:p>"})
    _refused(tmp_path / "brudt.docx", "ødelagt", "gem den igen")


def test_a_zip_bomb_is_not_unpacked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("docx")
    parts = _parts(_word(tmp_path / "hel.docx"))
    padding = b" " * (sources.MAX_XML + 1)  # compresses to about 50 KB
    document = parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + padding, 1)
    _zip(tmp_path / "bombe.docx", {**parts, "word/document.xml": document})
    assert (tmp_path / "bombe.docx").stat().st_size < 1024 ** 2
    _refused(tmp_path / "bombe.docx", "pakket ud", "højst 50 MB")
    many = {**parts, **{f"customXml/item{i}.xml": b"<a/>" for i in range(sources.MAX_MEMBERS)}}
    _zip(tmp_path / "mange.docx", many)
    _refused(tmp_path / "mange.docx", "dele")


def test_bad_pdfs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pypdf = pytest.importorskip("pypdf")
    (tmp_path / "tekst.pdf").write_text("ikke en pdf", encoding="utf-8")
    _refused(tmp_path / "tekst.pdf", "ikke en PDF")
    (tmp_path / "ødelagt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nxref\ngarbage")
    _refused(tmp_path / "ødelagt.pdf", "ødelagt")

    def pdf(name: str, pages: int, password: str = "", owner: str = "") -> Path:
        w = pypdf.PdfWriter()
        for _ in range(pages):
            w.add_blank_page(595, 842)
        if password or owner:
            w.encrypt(user_password=password, owner_password=owner or password, algorithm="RC4-128")
        buf = io.BytesIO()
        w.write(buf)
        (tmp_path / name).write_bytes(buf.getvalue())
        return tmp_path / name

    _refused(pdf("nul.pdf", 0), "ingen sider")
    _refused(pdf("skannet.pdf", 2), "intet tekstlag", "ocrmypdf --language dan", "tesseract")
    _refused(pdf("kode.pdf", 1, "hemmelig"), "adgangskode")
    _refused(pdf("bog.pdf", 200), "200 sider", "højst 100")
    # an empty user password (only printing restricted, as many websites' PDFs) opens it
    _refused(pdf("begrænset.pdf", 1, "", "ejer"), "intet tekstlag")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(path: Path, parts: dict[str, str] | dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
