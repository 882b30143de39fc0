"""The formats a document comes in (Markdown, HTML, PDF, Word) and what they share: the
optional packages PDF and DOCX need, PDF from the HTML, and the Word building blocks every
DOCX document uses. Markdown and HTML come from templates (referat.templating)."""

from __future__ import annotations

from typing import Any

from referat.errors import ReferatError
from referat.mdrender import parser

FORMATS = ("md", "html", "pdf", "docx")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}

PDF_MISSING = "PDF kræver ekstra pakker: pip install 'referat[pdf]'"
PDF_NO_PANGO = ("PDF kræver Pango fra styresystemet (WeasyPrint tegner teksten med det): "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0 på Debian og Ubuntu, "
                "brew install pango på macOS")
DOCX_MISSING = "DOCX kræver ekstra pakker: pip install 'referat[docx]'"

# python-docx's Document and table, as far as this module is concerned (docx is an optional extra).
Docx = Any


def check_extra(fmt: str) -> None:
    """Raises the Danish install instructions when the extra for fmt is not installed."""
    if fmt == "pdf":
        try:
            import weasyprint  # noqa: F401
        except ImportError:
            raise ReferatError(PDF_MISSING) from None
        except OSError:
            # WeasyPrint is there, but the system library it loads at import is not.
            raise ReferatError(PDF_NO_PANGO) from None
    elif fmt == "docx":
        try:
            import docx  # noqa: F401
        except ImportError:
            raise ReferatError(DOCX_MISSING) from None


def render_pdf(html: str) -> bytes:
    """An HTML document as an A4 PDF: the same document and print CSS the browser prints."""
    check_extra("pdf")
    import logging

    import weasyprint

    # WeasyPrint logs CSS it ignores (screen-only rules) as warnings; they are not the user's.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # No base_url and a fetcher that refuses everything: the document is self-contained.
    # custom_metadata: the HTML's <meta name="source"> (the file it was made from) goes into the PDF's
    # document information, where the secretary can find it and members do not see it.
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf(custom_metadata=True)
    return pdf


def _no_fetch(url: str, *args: object, **kwargs: object) -> None:
    raise ValueError(f"referat henter ikke eksterne filer ({url})")


def new_docx(title: str) -> Docx:
    """An empty Word document laid out for A4, in Danish, the same for every report."""
    check_extra("docx")
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(18)
    section.left_margin = section.right_margin = Mm(16)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.title = title
    doc.core_properties.language = "da-DK"
    return doc


def docx_table(doc: Docx, headings: tuple[str, ...]) -> Docx:
    """A Word table in the documents' one style, with a heading row."""
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
    return table


def docx_markdown(doc: Docx, text: str) -> None:
    """Markdown paragraphs, lists and emphasis as Word paragraphs and runs (raw HTML stays
    text): an agenda item's description, the annual report's own words."""
    tokens = parser().parse(text)
    lists: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if tok.type == "bullet_list_open" else "List Number")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "inline":
            before = tokens[i - 1].type if i else ""
            style = lists[-1] if lists and before == "paragraph_open" else None
            p = doc.add_paragraph(style=style)
            if before == "heading_open":
                p.add_run(tok.content).bold = True
                continue
            if before in ("fence", "code_block"):
                continue
            bold = italic = False
            href = ""
            start = 0
            for child in tok.children or []:
                if child.type == "strong_open":
                    bold = True
                elif child.type == "strong_close":
                    bold = False
                elif child.type == "em_open":
                    italic = True
                elif child.type == "em_close":
                    italic = False
                elif child.type in ("text", "code_inline", "html_inline"):
                    run = p.add_run(child.content)
                    run.bold, run.italic = bold or None, italic or None
                elif child.type == "softbreak":
                    p.add_run(" ")
                elif child.type == "hardbreak":
                    p.add_run().add_break()
                elif child.type == "link_open":
                    href = str(child.attrs.get("href", ""))
                    start = len(p.text)
                elif child.type == "link_close" and href and p.text[start:] != href:
                    p.add_run(f" ({href})")
        elif tok.type in ("fence", "code_block"):
            doc.add_paragraph(tok.content.rstrip("\n"))
