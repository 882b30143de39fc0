"""The one Markdown parser every report uses: CommonMark with tables, raw HTML off, and
images shown as links, never loaded; and the links a document may hold."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from markupsafe import Markup

_SAFE_SCHEMES = ("http", "https", "mailto")


@functools.lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Raw HTML off: a <script> in a meeting file is shown as text, never run.
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.add_render_rule("image", _image_as_link)
    return md


def markdown_html(text: str, inline: bool = False) -> Markup:
    """Markdown as safe HTML markup (raw HTML off: a <script> is shown as text); inline=True
    for a line of text that should not become a paragraph."""
    from markupsafe import Markup

    md = parser()
    return Markup(md.renderInline(text) if inline else md.render(text))


def safe_href(url: str) -> str | None:
    """The url, when a link to it can do no harm in a browser: http(s) and mailto only."""
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in _SAFE_SCHEMES else None


def _image_as_link(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """An image is shown as a link to it, never loaded: the document stays one file that
    fetches nothing (no tracking pixel either). Its text is the image's description.
    (self is markdown-it's renderer: the rule is called as its method.)"""
    from markupsafe import escape

    tok = tokens[idx]
    alt = escape(self.renderInlineAsText(tok.children or [], options, env))
    href = safe_href(str(tok.attrGet("src") or ""))
    if href is None:
        return str(alt)
    return f'<a href="{escape(href)}">{alt or escape(href)}</a>'
