"""Text a document may show: without control characters.

A meeting file can hold characters no document should: a form feed from text pasted out of a
PDF, a vertical tab from a YAML "\\v", an ESC that would colour or move a terminal's cursor.
XML (so DOCX) refuses them, HTML calls them invalid and a terminal obeys them. Every document
referat makes passes its text through clean(): Markdown and HTML when their template has
rendered (referat.templating.render), DOCX by its view (printable.view) before python-docx
sees a string of it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar, cast

import msgspec
from markupsafe import Markup

from referat.source import NOT_TEXT

# Whitespace controls become a space, so words on either side stay apart.
_SPACE = "\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
T = TypeVar("T")


def _replace(m: re.Match[str]) -> str:
    return " " if m.group() in _SPACE else ""


def clean(text: str) -> str:
    """text with its control characters gone (whitespace controls as a space); Markup stays
    Markup, since removing a character cannot make a tag."""
    if not NOT_TEXT.search(text):
        return text
    result = NOT_TEXT.sub(_replace, text)
    return Markup(result) if isinstance(text, Markup) else result



def view(value: T) -> T:
    """A copy of a view (dataclasses, Structs, tuples, lists, dicts) with clean() applied to
    every string in it; the same object when there is nothing to clean."""
    return cast(T, _view(value))


def _view(value: Any) -> Any:  # Any: it walks whatever a view holds
    if isinstance(value, str):
        return clean(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _view(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, msgspec.Struct):  # a tasks.Task
        changes = {}
        for name in value.__struct_fields__:
            old = getattr(value, name)
            new = _view(old)
            if new is not old:
                changes[name] = new
        return msgspec.structs.replace(value, **changes) if changes else value
    if isinstance(value, tuple | list):
        items = [_view(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return value._make(items) if hasattr(value, "_make") else type(value)(items)  # a NamedTuple, or not
    if isinstance(value, dict):
        return {_view(k): _view(v) for k, v in value.items()}
    return value
