"""The minutes under an imported item as Markdown: what an old text holds (HTML from an export,
bullets, stray marks, lines that look like Markdown structure) becomes text, lists and
emphasis, never a heading, a task, a rule or a code block of the meeting file."""

from __future__ import annotations

import pytest

from referat.importing.prose import as_markdown
from referat.mdrender import markdown_html


@pytest.mark.parametrize(("old", "markdown"), [
    ("<p>Povl gennemgik slides.</p> <p>Af særlig interesse:</p>",
     "Povl gennemgik slides.\n\nAf særlig interesse:"),
    ("Emner:<ul><li><i>Rammeaftale:</i> status</li><li>KL</li></ul>", "Emner:\n\n- *Rammeaftale:* status\n\n- KL"),
    ("Nyt: • Sikrede pladser • Kontrakter", "Nyt:\n- Sikrede pladser\n- Kontrakter"),
    ("Centrale udmeldinger ○ Domfældte ○ Gravide", "Centrale udmeldinger\n  - Domfældte\n  - Gravide"),
    ("Tekst\n=\nmere", "Tekst\n\nmere"),
    ("Tekst\n-\nmere", "Tekst\n\nmere"),
    ("Tekst\n---\nmere", "Tekst\n\nmere"),
    ("Tekst\n***", "Tekst"),
    ("# Ikke en overskrift\n- [ ] ikke en opgave\n> ikke et citat",
     "\\# Ikke en overskrift\n\\- [ ] ikke en opgave\n\\> ikke et citat"),
    ("\tindrykket med tab\n        og otte mellemrum", "indrykket med tab\nog otte mellemrum"),
    ("styre\x0btegn\x1b[31m", "styre tegn [31m"),
])
def test_old_text_as_markdown(old: str, markdown: str) -> None:
    assert as_markdown(old) == markdown


def test_no_heading_rule_or_task_in_the_rendered_html() -> None:
    old = "Linje\n=\nLinje\n-\n# to\n- [ ] tre\n***\n\tkode"
    html = str(markdown_html(as_markdown(old)))
    for tag in ("<h1", "<h2", "<hr", "<pre", "<code", 'type="checkbox"'):
        assert tag not in html, html
