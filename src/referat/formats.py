"""The formats a document comes in (Markdown, HTML, PDF, Word) and what they share: the
optional packages PDF and DOCX need, and PDF from the HTML. Markdown and HTML come from
templates (referat.templating), Word from the Markdown (referat.word)."""

from __future__ import annotations

from referat.errors import ReferatError

FORMATS = ("md", "html", "pdf", "docx")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}

PDF_MISSING = "PDF kræver ekstra pakker: pip install 'referat[pdf]'"
PDF_NO_PANGO = ("PDF kræver Pango fra styresystemet (WeasyPrint tegner teksten med det): "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0 på Debian og Ubuntu, "
                "brew install pango på macOS")
DOCX_MISSING = "DOCX kræver ekstra pakker: pip install 'referat[docx]'"

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
        from referat.word import pandoc_path

        try:
            import docx  # noqa: F401
        except ImportError:
            raise ReferatError(DOCX_MISSING) from None
        if pandoc_path() is None:
            raise ReferatError(DOCX_MISSING)


# The kinds of PDF render_pdf writes. Every PDF a member gets is tagged (structure for screen
# readers, /Lang from the HTML's lang, title and subject from <title> and <meta name="description">):
# UA, WeasyPrint's PDF/UA-1; ARCHIVE, PDF/A-2u with the same tags (--pdf-a): "u" because its text
# must map to Unicode, so an archive can search and copy it, which "b" does not promise; "a" asks
# more of the structure than can be checked here (docs/pdf.md). TAGGED claims no standard: the
# first part of a PDF with attachments, whose other parts are other people's PDFs. PLAIN: the
# page stamps of that PDF, which are merged into the attachments' pages.
UA, ARCHIVE, TAGGED, PLAIN = "pdf/ua-1", "pdf/a-2u", "tagged", "plain"
_OPTIONS: dict[str, dict[str, object]] = {
    UA: {"pdf_variant": UA}, ARCHIVE: {"pdf_variant": ARCHIVE, "pdf_tags": True}, TAGGED: {"pdf_tags": True}, PLAIN: {}}


def render_pdf(html: str, variant: str = UA, page_total: int | None = None) -> bytes:
    """An HTML document as an A4 PDF: the same document and print CSS the browser prints.
    page_total: the pages the footer counts, when the PDF is the first part of a longer one."""
    check_extra("pdf")
    import logging

    import weasyprint

    # WeasyPrint logs CSS it ignores (screen-only rules) as warnings; they are not the user's.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    css = [] if page_total is None else [weasyprint.CSS(string=(
        f'@page {{ @bottom-right {{ content: "Side " counter(page) " af {page_total}" !important }} }}'))]
    # No base_url and a fetcher that refuses everything: the document is self-contained.
    # custom_metadata: the HTML's <meta name="source"> (the file it was made from) goes into the PDF's
    # document information, where the secretary can find it and members do not see it.
    options = _OPTIONS[variant]
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch).render(stylesheets=css, **options)
    pdf: bytes = document.write_pdf(custom_metadata=True, **options)
    return pdf


def _no_fetch(url: str, *args: object, **kwargs: object) -> None:
    raise ValueError(f"referat henter ikke eksterne filer ({url})")
