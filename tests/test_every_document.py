"""Every meeting of the frozen archive (the real minutes in ../shared/seeds, converted) as
minutes and as agenda, and the annual report of every group and year that has meetings, in
every format: each is made without error and is what its format promises (a Markdown heading,
an HTML page with one h1, a PDF of A4 pages, a Word file whose first heading is the title).
"""

from __future__ import annotations

import io

import pytest

from conftest import ARCHIVE, a4_pages, ok

MEETINGS = sorted(p.relative_to(ARCHIVE).as_posix() for p in ARCHIVE.glob("moeder/*/*.md"))
REPORTS = sorted({(p.parent.name, p.stem[:4]) for p in ARCHIVE.glob("moeder/*/????-??-??.md")})
FORMATS = ("md", "html", "pdf", "docx")
DOCUMENTS = ([("vis", m) for m in MEETINGS] + [("dagsorden", m) for m in MEETINGS]
             + [("aarsrapport", f"{year} -g {group}") for group, year in REPORTS])


def test_the_archive_has_what_this_file_walks():
    assert len(MEETINGS) == 4 and ("boern-og-unge", "2025") in REPORTS and ("styregruppen", "2025") in REPORTS


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command, what", DOCUMENTS)
def test_every_document_in_every_format(minutes, command, what, fmt):
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    if fmt == "docx":
        pytest.importorskip("docx")
    result = ok(minutes.run(command, *what.split(), "--format", fmt, "--ud", f"dokument.{fmt}"))
    assert result.out.startswith("Skrev ")
    data = (minutes.root / f"dokument.{fmt}").read_bytes()
    if fmt == "md":
        assert data.decode("utf-8").startswith("# ")
    elif fmt == "html":
        page = data.decode("utf-8")
        assert page.startswith("<!DOCTYPE html>") and page.count("<h1") == 1 and 'lang="da-DK"' in page
    elif fmt == "pdf":
        assert a4_pages(data) >= 1
    else:
        import docx

        doc = docx.Document(io.BytesIO(data))
        first = next(p for p in doc.paragraphs if p.style.name.startswith("Heading"))
        assert first.style.name == "Heading 1" and doc.core_properties.title.startswith(first.text)
