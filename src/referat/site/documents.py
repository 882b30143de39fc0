"""A meeting's PDF and Word files beside its page (referat site --dokumenter): the same files
`vis --format pdf` and `vis --format docx` make, from the view the page shows."""

from __future__ import annotations

from pathlib import Path

from referat import formats, minutes_view
from referat.minutes_view import MinutesView

# format → what a link to it says
KINDS = {"pdf": "PDF", "docx": "Word"}


def require() -> tuple[str, ...]:
    """The formats to make; the Danish install instructions when an extra is missing, before
    anything is built."""
    for fmt in KINDS:
        formats.check_extra(fmt)
    return tuple(KINDS)


def render(root: Path, view: MinutesView, fmt: str) -> bytes:
    if fmt == "pdf":
        return formats.render_pdf(minutes_view.render_html(root, view), formats.UA)
    return minutes_view.render_docx(root, view)
