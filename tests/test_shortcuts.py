"""The fast paths of reading a meeting give what the plain regular expressions they replaced gave.

Each shortcut exists only for speed (docs/performance.md); the reference here is the slower
expression it replaced, and the inputs lean on the corners: case, the letters re.IGNORECASE
folds differently from str.lower() (İ, ı, ſ), closing #s, fences without a newline.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from referat import body, meeting, source

FUZZ = settings(max_examples=300, deadline=None)


def _text(alphabet: list[str], max_size: int = 12):
    return st.lists(st.sampled_from(alphabet), max_size=max_size).map("".join)


# --- deadline words in prose ---------------------------------------------------------------------

_DEADLINE_WORD = re.compile(r"senest|inden|frist|deadline|dagsordenen", re.IGNORECASE)
_WORDY = ["senest", "SENEST", "Inden", "İnden", "ınden", "ſeneſt", "FRİST", "frist", "DeadLine",
          "dagsordenen", "dagsorden", "in", "den", "\n", " ", "x", "æ", "İ", "ı", "ſ", "\u0307"]


@FUZZ
@given(text=_text(_WORDY))
def test_deadline_word_lines_are_the_lines_an_ignorecase_search_finds(text):
    expected = {i for i, line in enumerate(text.split("\n")) if _DEADLINE_WORD.search(line)}
    assert meeting._deadline_word_lines(text) == expected


def test_deadline_words_in_letters_lower_does_not_fold():
    assert meeting._deadline_word_lines("a\nİNDEN 4/5\nſenest 7/8\nb\nınden") == {1, 2, 4}


# --- ATX headings --------------------------------------------------------------------------------

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")


def _heading_by_regex(line: str):
    m = _HEADING.match(line)
    return m and (len(m.group(1)), (m.group(2) or "").strip())


def _heading_by_scan(line: str):
    found = body.scan(line, 1).headings
    return found and (found[0].level, found[0].text)


@FUZZ
@given(line=_text(["#", "##", " ", "\t", "x", "3.", "\u00a0", "é"]))
def test_heading_text_is_what_the_lazy_regex_read(line):
    assert (_heading_by_scan(line) or None) == (_heading_by_regex(line) or None)


def test_heading_corners():
    assert _heading_by_scan("## 3. Titel ##") == (2, "3. Titel")
    assert _heading_by_scan("## 3. Titel #x") == (2, "3. Titel #x")
    assert _heading_by_scan("## #") == (2, "#")
    assert _heading_by_scan("##") == (2, "")
    assert not _heading_by_scan("#######")
    assert not _heading_by_scan("    ## Indrykket")


# --- the closing --- of the front matter ---------------------------------------------------------

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


@FUZZ
@given(text=_text(["\n", "---", "--", "-", " ", "\t", "x", "\n---", " ---"], max_size=15))
def test_closing_fence_is_the_regex_search(text):
    newline = text.find("\n")
    if newline < 0:
        return
    expected = _FENCE.search(text, newline + 1)
    found = source._closing_fence(text, newline)
    assert (found and found.span()) == (expected and expected.span())
