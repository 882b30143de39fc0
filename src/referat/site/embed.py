"""A document referat renders on its own (the minutes of `vis`, an annual report) set inside
the site's frame: its own CSS rules and what its <main> holds, so the site shows exactly what
`vis --format html` shows, with the look of the printed documents."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Embedded:
    style: str  # the document's CSS without the shared print.css (the site links that)
    before: str  # markup before <main> (the draft watermark)
    body: str  # what <main> holds


def embed(document: str, shared_css: str) -> Embedded:
    """The pieces of a rendered HTML document. A repository's own template that has no <main>
    is shown whole from its <body>."""
    style = _between(document, "<style>", "</style>")
    body = _between(document, "<body>", "</body>", last=True)
    start, end = body.find("<main>"), body.rfind("</main>")
    if start < 0 or end < start:
        return Embedded(style.replace(shared_css, "", 1), "", body)
    return Embedded(style.replace(shared_css, "", 1), body[:start].strip(), body[start + len("<main>"):end])


def _between(text: str, open_: str, close: str, last: bool = False) -> str:
    start = text.find(open_)
    if start < 0:
        return ""
    start += len(open_)
    end = text.rfind(close) if last else text.find(close, start)
    return text[start:end] if end >= start else text[start:]
