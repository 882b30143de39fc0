"""Attachments as files in the archive (issue 15): what `tjek` says about the file a `bilag`
entry names (B001–B005) and about a file under bilag/ that no meeting names (B006); the
numbered, linked attachments in `dagsorden` and `vis`; and `ny` carrying the attachments
given under "Punkter til næste møde".

Every file is made here for real (a PDF written by hand, a Word file by python-docx, a zip,
links, a FIFO, a sparse 21 MB file), and the real CLI is run on the `minutes` archive.
"""

from __future__ import annotations

import io
import json
import os
import zipfile

import docx
import pytest
from jsonschema import Draft202012Validator

from conftest import PROJECT, git, in_order, ok
from meetingtext import FILE, VALID, check_file, codes, finding_lines, line_of, meeting, tjek
from referat import yamlread

DAY = "bilag/2025-06-13"
PDF_FILE = f"{DAY}/oplaeg.pdf"
ITEM2 = "    ansvarlig: Povl Skov\n"


def pdf_bytes(text: str = "Oplæg") -> bytes:
    """A small valid one-page PDF, its cross-reference table counted here."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text.encode('ascii', 'replace').decode()}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("Notat om plejefamilier")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("noter.txt", "ikke et Word-dokument")
    return buf.getvalue()


def with_files(*files: str) -> str:
    """VALID with item 2 naming each file as an attachment ('Bilag N' as its title)."""
    entries = "".join(f"      - titel: Bilag om {i}\n        fil: {f}\n" for i, f in enumerate(files, 1))
    return meeting((ITEM2, ITEM2 + "    bilag:\n" + entries))


def check_named(minutes, *files: str, forked: bool = False):
    """The meeting naming files, checked as a whole archive (orphans included)."""
    minutes.write(FILE, with_files(*files))
    return tjek(minutes, forked=forked)


def where(text: str, file: str) -> str:
    """'moeder/…/2025-06-13.md:LINE:COL' of the file named after `fil:`."""
    line = line_of(text, f"fil: {file}")
    col = text.split("\n")[line - 1].index(file) + 1
    return f"{FILE}:{line}:{col}"


def mine(r) -> list[str]:
    """The finding lines about attachments (the frozen archive has warnings of its own),
    without their suggestions."""
    return [line.split(" — ")[0] for line in finding_lines(r) if " B00" in line]


# --- tjek: the file a bilag names --------------------------------------------------------------


ORPHAN = f"{DAY}/gammel.pdf"
ORPHANED = f"{ORPHAN}: advarsel B006 Filen ligger under bilag/, men intet møde nævner den som bilag"


def test_a_real_pdf_and_word_file_pass_beside_an_unnamed_one(minutes):
    minutes.write(PDF_FILE, pdf_bytes())
    minutes.write(f"{DAY}/notat.docx", docx_bytes())
    minutes.write(ORPHAN, pdf_bytes())
    r = ok(check_named(minutes, PDF_FILE, f"{DAY}/notat.docx"))
    assert mine(r) == [ORPHANED]


def test_a_missing_file_is_an_error_at_its_line(minutes):
    r = check_named(minutes, PDF_FILE)
    assert r.code == 1
    assert mine(r) == [f"{where(with_files(PDF_FILE), PDF_FILE)}: fejl B001 Bilagsfilen {PDF_FILE} findes ikke"]
    assert "Læg filen i mødearkivet" in r.out


@pytest.mark.parametrize("file", ["../udenfor.pdf", "/etc/passwd", f"{DAY}/../../../udenfor.pdf"])
def test_a_path_out_of_the_archive_is_an_error(minutes, file):
    (minutes.root.parent / "udenfor.pdf").write_bytes(pdf_bytes())
    r = check_named(minutes, file)
    assert r.code == 1
    assert mine(r) == [f"{where(with_files(file), file)}: fejl B002 Bilagsfilen {file} ligger uden for mødearkivet"]


def test_a_linked_file_is_an_error_even_when_it_points_inside(minutes):
    minutes.write(PDF_FILE, pdf_bytes())
    os.symlink("oplaeg.pdf", minutes.root / DAY / "link.pdf")
    r = check_named(minutes, f"{DAY}/link.pdf")
    assert codes(r).count("B002") == 1
    assert f"fejl B002 Bilagsfilen {DAY}/link.pdf er et link, og referat følger ikke links" in r.out


def test_a_file_in_a_linked_folder_is_an_error(minutes):
    outside = minutes.root.parent / "andetsted"
    outside.mkdir()
    (outside / "oplaeg.pdf").write_bytes(pdf_bytes())
    (minutes.root / "bilag").mkdir()
    os.symlink(outside, minutes.root / DAY)
    r = check_named(minutes, PDF_FILE)
    assert f"fejl B002 Bilagsfilen {PDF_FILE} ligger i {DAY}, som er et link" in r.out


def test_a_fifo_is_an_error_and_no_hang(minutes):
    (minutes.root / DAY).mkdir(parents=True)
    os.mkfifo(minutes.root / PDF_FILE)
    r = check_named(minutes, PDF_FILE, forked=True)
    assert f"fejl B002 Bilagsfilen {PDF_FILE} er en navngiven pipe (FIFO), ikke en almindelig fil" in r.out


def test_a_folder_is_no_file(minutes):
    (minutes.root / DAY).mkdir(parents=True)
    minutes.write(f"{DAY}/oplaeg.pdf/x.pdf", pdf_bytes())
    r = check_named(minutes, PDF_FILE)
    assert f"fejl B002 Bilagsfilen {PDF_FILE} er en mappe, ikke en almindelig fil" in r.out


@pytest.mark.parametrize(("name", "content", "said"), ids=lambda v: v if isinstance(v, str) else "", argvalues=[
    ("oplaeg.pdf", zip_bytes(), "hedder .pdf, men er en zip-fil"),
    ("oplaeg.pdf", docx_bytes(), "hedder .pdf, men er et Word-dokument (docx)"),
    ("notat.docx", pdf_bytes(), "hedder .docx, men er en PDF"),
    ("notat.docx", zip_bytes(), "hedder .docx, men er en zip-fil"),
    ("regneark.xlsx", docx_bytes(), "hedder .xlsx, men er et Word-dokument (docx)"),
    ("billede.png", b"\xff\xd8\xff\xe0" + bytes(100), "hedder .png, men er et JPEG-billede"),
    ("oplaeg.pdf", "<html>Oplæg</html>".encode(),
     "er ikke en PDF, som navnet siger: indholdet er ingen af typerne pdf, docx, xlsx, pptx, png og jpg"),
    ("oplaeg.pdf", b"", "er ikke en PDF, som navnet siger: filen er tom"),
    ("program.exe", pdf_bytes(), "har en type, der ikke er tilladt som bilag ('.exe')"),
    ("noter.txt", b"tekst", "har en type, der ikke er tilladt som bilag ('.txt')"),
])
def test_the_type_is_judged_by_content_against_the_name(minutes, name, content, said):
    minutes.write(f"{DAY}/{name}", content)
    r = check_named(minutes, f"{DAY}/{name}")
    assert r.code == 1
    assert mine(r) == [f"{where(with_files(f'{DAY}/{name}'), f'{DAY}/{name}')}: fejl B003 Bilagsfilen "
                       f"{DAY}/{name} {said}"]


def test_png_jpg_and_capital_endings_are_allowed(minutes):
    minutes.write(f"{DAY}/a.png", b"\x89PNG\r\n\x1a\n" + bytes(50))
    minutes.write(f"{DAY}/b.JPG", b"\xff\xd8\xff\xe0" + bytes(50))
    minutes.write(f"{DAY}/c.jpeg", b"\xff\xd8\xff\xdb" + bytes(50))
    minutes.write(ORPHAN, pdf_bytes())
    assert mine(ok(check_named(minutes, f"{DAY}/a.png", f"{DAY}/b.JPG", f"{DAY}/c.jpeg"))) == [ORPHANED]


def test_a_file_above_20_mb_is_a_warning(minutes):
    minutes.write(PDF_FILE, pdf_bytes())
    os.truncate(minutes.root / PDF_FILE, 21 * 1024 * 1024)  # sparse: costs no disk
    r = ok(check_named(minutes, PDF_FILE))
    assert mine(r) == [f"{where(with_files(PDF_FILE), PDF_FILE)}: advarsel B005 Bilagsfilen {PDF_FILE} fylder "
                       "21 MB, mere end 20 MB"]


def test_a_git_lfs_pointer_is_a_warning_that_the_file_is_not_fetched(minutes):
    minutes.write(PDF_FILE, "version https://git-lfs.github.com/spec/v1\noid sha256:"
                  + "4d7a" * 16 + "\nsize 31457280\n")
    r = ok(check_named(minutes, PDF_FILE))
    assert mine(r) == [f"{where(with_files(PDF_FILE), PDF_FILE)}: advarsel B004 Bilagsfilen {PDF_FILE} er en Git "
                       "LFS-pegepind, ikke selve filen: filen er ikke hentet"]
    assert "git lfs pull" in r.out


def test_a_file_under_bilag_that_no_meeting_names_is_a_warning(minutes):
    minutes.write(PDF_FILE, pdf_bytes())
    minutes.write(ORPHAN, pdf_bytes())
    minutes.write(f"{DAY}/.gitkeep", "")
    r = ok(check_named(minutes, f"./{PDF_FILE}"))  # named as ./bilag/…: still the same file
    assert mine(r) == [ORPHANED]


def test_the_file_is_looked_at_again_though_the_meeting_is_cached(minutes):
    """The meeting's findings are cached by its content; its attachment's file is not."""
    minutes.write(PDF_FILE, pdf_bytes())
    assert mine(ok(check_named(minutes, PDF_FILE))) == []
    (minutes.root / PDF_FILE).unlink()
    assert codes(tjek(minutes)).count("B001") == 1
    minutes.write(PDF_FILE, zip_bytes())
    assert codes(tjek(minutes)).count("B003") == 1
    minutes.write(PDF_FILE, pdf_bytes())
    assert mine(ok(tjek(minutes))) == []


# --- tjek --aendret-siden ------------------------------------------------------------------------


def test_changed_since_reports_a_changed_attachment_of_an_unchanged_meeting(minutes):
    minutes.write(PDF_FILE, pdf_bytes())
    minutes.write(FILE, with_files(PDF_FILE))
    minutes.commit()
    assert mine(ok(tjek(minutes, "--aendret-siden", "HEAD"))) == []
    minutes.write(PDF_FILE, zip_bytes())  # the meeting file is as committed
    minutes.write(f"{DAY}/ny.pdf", pdf_bytes())
    r = tjek(minutes, "--aendret-siden", "HEAD")
    assert r.code == 1
    assert mine(r) == [f"{DAY}/ny.pdf: advarsel B006 Filen ligger under bilag/, men intet møde nævner den som bilag",
                       f"{where(with_files(PDF_FILE), PDF_FILE)}: fejl B003 Bilagsfilen {PDF_FILE} hedder .pdf, "
                       "men er en zip-fil"]


def test_changed_since_reports_a_deleted_attachment(minutes):
    minutes.write(PDF_FILE, pdf_bytes())
    minutes.write(FILE, with_files(PDF_FILE))
    minutes.commit()
    git(minutes.root, "rm", "-q", PDF_FILE)
    assert codes(tjek(minutes, "--aendret-siden", "HEAD")) == ["B001"]


@pytest.mark.parametrize("how", ["dropped", "meeting deleted"])
def test_changed_since_reports_a_file_a_change_leaves_unnamed(minutes, how):
    minutes.write(PDF_FILE, pdf_bytes())
    minutes.write(FILE, with_files(PDF_FILE))
    minutes.commit()
    if how == "dropped":
        minutes.write(FILE, VALID)
    else:
        git(minutes.root, "rm", "-q", FILE)
    r = ok(tjek(minutes, "--aendret-siden", "HEAD"))
    assert mine(r) == [f"{PDF_FILE}: advarsel B006 Filen ligger under bilag/, men intet møde nævner den som bilag"]


def test_changed_since_checks_the_attachments_of_a_changed_meeting(minutes):
    minutes.write(FILE, VALID)
    minutes.commit()
    minutes.write(FILE, with_files(PDF_FILE))
    assert "B001" in codes(tjek(minutes, "--aendret-siden", "HEAD"))


# --- the documents -------------------------------------------------------------------------------

TWO = meeting((ITEM2, ITEM2 + "    bilag:\n      - Kun nævnt\n      - titel: Oplæg om plejefamilier\n"
               f"        fil: {PDF_FILE}\n"),
              ("    type: beslutning\n", "    type: beslutning\n    bilag: [Dagsordenen]\n"))


LISTED = {"md": ["#### Bilag\n\n- Bilag 1: Dagsordenen\n",
                  "#### Bilag\n\n- Bilag 2: Kun nævnt\n- Bilag 3: Oplæg om plejefamilier\n"],
          "html": ["<li>Bilag 1: Dagsordenen</li>", "<li>Bilag 2: Kun nævnt</li>",
                   f'<li>Bilag 3: <a href="{PDF_FILE}">Oplæg om plejefamilier</a></li>']}


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("command", ["dagsorden", "vis"])
def test_the_attachments_are_numbered_through_the_meeting_and_html_links_the_file(minutes, command, fmt):
    """Numbered in item order across the meeting; in HTML a file is linked by its path from
    the archive's root (where an HTML document written there finds it)."""
    minutes.write(FILE, TWO)
    in_order(ok(minutes.run(command, FILE, "--format", fmt)).out, LISTED[fmt])


def test_html_links_no_path_that_leads_out_or_runs_code(minutes):
    text = meeting((ITEM2, ITEM2 + "    bilag:\n      - titel: Ud\n        fil: ../../etc/passwd\n"
                    "      - titel: Kode\n        fil: 'javascript:alert(1)'\n"
                    "      - titel: Mellemrum <b>\n        fil: bilag/a b.pdf\n"))
    minutes.write(FILE, text)
    out = ok(minutes.run("dagsorden", FILE, "--format", "html")).out
    assert "<li>Bilag 1: Ud</li>" in out and "<li>Bilag 2: Kode</li>" in out
    assert '<li>Bilag 3: <a href="bilag/a%20b.pdf">Mellemrum &lt;b&gt;</a></li>' in out
    assert "passwd" not in out and "javascript" not in out


# --- ny ------------------------------------------------------------------------------------------

NEXT = """\
naeste_moede:
  dato: 2025-09-12
  punkter:
    - Status på ad hoc-grupperne
    - titel: Plejefamilier
      bilag:
        - Kun nævnt
        - titel: Oplæg om plejefamilier
          fil: bilag/2025-09-12/oplaeg.pdf
---
"""


def test_ny_carries_the_attachments_given_for_the_next_meeting(minutes):
    minutes.write(FILE, meeting(("beslutninger:", NEXT.removesuffix("---\n") + "beslutninger:")))
    minutes.write("bilag/2025-09-12/oplaeg.pdf", pdf_bytes())
    ok(minutes.run("ny", "--gruppe", "boern-og-unge", "--dato", "2025-09-12"))
    new = minutes.read("moeder/boern-og-unge/2025-09-12.md")
    assert "    titel: Status på ad hoc-grupperne\n" in new
    assert ("    titel: Plejefamilier\n    bilag:\n      - Kun nævnt\n      - titel: Oplæg om plejefamilier\n"
            "        fil: bilag/2025-09-12/oplaeg.pdf\n") in new
    assert mine(ok(tjek(minutes))) == []
    schema = Draft202012Validator(json.loads((PROJECT / "schema" / "moede.schema.json").read_text(encoding="utf-8")))
    for text in (minutes.read(FILE), new):  # the form given and the form ny writes
        assert list(schema.iter_errors(yamlread.load(text.split("---\n")[1]).data)) == []
    html = ok(minutes.run("dagsorden", "moeder/boern-og-unge/2025-09-12.md", "--format", "html")).out
    assert '<a href="bilag/2025-09-12/oplaeg.pdf">Oplæg om plejefamilier</a>' in html


def test_the_minutes_show_the_next_items_as_titles(minutes):
    minutes.write(FILE, meeting(("beslutninger:", NEXT.removesuffix("---\n") + "beslutninger:")))
    out = ok(minutes.run("vis", FILE, "--format", "md")).out
    assert "Plejefamilier" in out and "titel" not in out and "{" not in out


def test_an_attachment_for_the_next_meeting_is_checked_too(minutes):
    minutes.write(FILE, meeting(("beslutninger:", NEXT.removesuffix("---\n") + "beslutninger:")))
    r = tjek(minutes)
    assert "fejl B001 Bilagsfilen bilag/2025-09-12/oplaeg.pdf findes ikke" in r.out


def test_a_next_item_of_the_wrong_form_is_a_finding(minutes):
    text = meeting(("beslutninger:", "naeste_moede:\n  punkter:\n    - [a, b]\n    - titell: x\nbeslutninger:"))
    r = check_file(minutes, text)
    assert codes(r).count("S002") == 1 and "S001" in codes(r)

