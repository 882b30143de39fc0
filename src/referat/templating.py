"""Jinja2 templates: a minutes repository's own templates/ first, then referat's defaults.

A repository overrides the defaults file by file, like scriv and mkdocs do, so a secretariat
can change one document's look without copying the rest.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

TEMPLATE_DIR = "templates"


def environment(root: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if root is not None and (root / TEMPLATE_DIR).is_dir():
        loaders.append(jinja2.FileSystemLoader(str(root / TEMPLATE_DIR)))
    loaders.append(jinja2.FileSystemLoader(str(Path(__file__).parent / TEMPLATE_DIR)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        # HTML is escaped; Markdown and YAML output is plain text and escaped by the caller.
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
