"""The one Markdown parser every report uses: CommonMark with tables, raw HTML off, and
images shown as links, never loaded."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def parser():
    from markdown_it import MarkdownIt

    # Raw HTML off: a <script> in a meeting file is shown as text, never run.
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.add_render_rule("image", _image_as_link)
    return md


def _image_as_link(self, tokens, idx, options, env) -> str:
    """An image is shown as a link to it, never loaded: the document stays one file that
    fetches nothing (no tracking pixel either). Its text is the image's description."""
    from markupsafe import escape

    from referat.agenda import safe_href

    tok = tokens[idx]
    alt = escape(self.renderInlineAsText(tok.children or [], options, env))
    href = safe_href(str(tok.attrGet("src") or ""))
    if href is None:
        return str(alt)
    return f'<a href="{escape(href)}">{alt or escape(href)}</a>'
