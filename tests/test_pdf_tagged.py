"""Every PDF referat writes is tagged for screen readers (a structure tree with headings and
tables, /MarkInfo, /Lang da-DK, title and subject), and --pdf-a writes PDF/A-2u for archiving
(docs/pdf.md)."""

from __future__ import annotations

import io
import re

import pytest

from conftest import failed, ok

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

DOCUMENTS = {
    "dagsorden": (["dagsorden", "moeder/boern-og-unge/2025-03-07.md"], "Dagsorden: Netværksgruppe Børn og Unge"),
    "vis": (["vis", "moeder/boern-og-unge/2025-03-07.md"], "Udkast til referat: Netværksgruppe Børn og Unge"),
    "aarsrapport": (["aarsrapport", "2025", "-g", "boern-og-unge", "--dato", "2025-12-31"], "Årsrapport 2025"),
}


def structure(root) -> set[str]:
    """The structure types (/S) in the tree under root."""
    found: set[str] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if isinstance(node, pypdf.generic.IndirectObject):
            node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            todo.extend(node)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node and node.get("/Type") != "/MCR":
                found.add(str(node["/S"]))
            if "/K" in node:
                todo.append(node["/K"])
    return found


def xmp(reader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("pdf_a", [False, True], ids=["pdf", "pdf-a"])
def test_every_pdf_is_tagged(minutes, document, pdf_a):
    args, title = DOCUMENTS[document]
    result = ok(minutes.run(*args, "--format", "pdf", *(["--pdf-a"] if pdf_a else [])))
    reader = pypdf.PdfReader(io.BytesIO(result.raw))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert root["/Lang"] == "da-DK"
    tags = structure(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/P"} <= tags
    if document != "vis":  # the agenda's open tasks and the report's attendance are tables
        assert {"/Table", "/TR", "/TH", "/TD"} <= tags
    assert reader.metadata.title.startswith(title)
    assert reader.metadata.subject
    metadata = xmp(reader)
    assert title in metadata  # the title in the XMP too, where archives and screen readers look
    if pdf_a:
        assert re.search(r"pdfaid:part[^0-9]*2", metadata) and re.search(r"pdfaid:conformance[^A-Z]*U", metadata)
        assert "/OutputIntents" in root  # the colour profile PDF/A asks for
    else:
        assert re.search(r"pdfuaid:part[^0-9]*1", metadata) and "pdfaid" not in metadata


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
@pytest.mark.parametrize("document", DOCUMENTS)
def test_pdf_a_is_for_pdf_only(minutes, document, fmt):
    args, _ = DOCUMENTS[document]
    failed(minutes.run(*args, "--format", fmt, "--pdf-a"), "--pdf-a gælder kun PDF", f"ikke {fmt}")
