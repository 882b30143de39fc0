"""Typed reading of YAML values, with a Danish finding at the right line for each mistake.

Every reader returns a usable value (or None) and never raises, so one pass over a file
reports every problem in it instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import TypeVar

from referat import clock, datoer
from referat.findings import Collector
from referat.model import Pos, Ref
from referat.rules import Rule
from referat.yamlread import YamlDoc, YamlPath

_TYPE_DA: dict[type, str] = {str: "en tekst", int: "et heltal", bool: "true eller false", list: "en liste",
                             dict: "en mapping (nøgle: værdi)"}

Mapping = dict[str, object]  # a YAML mapping as read: its keys are text, its values not yet checked
T = TypeVar("T")


def describe(value: object) -> str:
    if value is None:
        return "tom"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return f"tallet {value}"
    if isinstance(value, float):
        return f"tallet {value}"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "en mapping"
    return f"'{value}'"


class Reader:
    """Reads values out of one YAML document, reporting into one collector."""

    def __init__(self, doc: YamlDoc, out: Collector) -> None:
        self.doc = doc
        self.out = out

    def pos(self, path: YamlPath) -> Pos | None:
        # Most paths have a position of their own; this runs ~60 times a meeting.
        return self.doc.positions.get(path) or self.doc.pos(*path)

    def keys(self, mapping: Mapping, path: YamlPath, allowed: tuple[str, ...], what: str,
             required: tuple[str, ...] = (), nonempty: tuple[str, ...] = ()) -> None:
        """Flags unknown keys (with the likely intended one) and missing required keys. A required
        key with an empty list is there (an archive starts with `personer: []`), unless the key
        is also nonempty (a meeting's `dagsorden`)."""
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                hint = f"mente du '{close[0]}'?" if close else "Tilladte nøgler: " + ", ".join(allowed)
                self.out.report(Rule.S001, self.doc.key_pos(*path, key),
                                f"Ukendt nøgle '{key}' i {what}", hint)
        for key in required:
            value = mapping.get(key)
            if value is None or value == "":
                self.out.report(Rule.S003, self.pos(path), f"Nøglen '{key}' mangler i {what}")
            elif value == [] and key in nonempty:
                self.out.report(Rule.S003, self.pos(path + (key,)),
                                f"'{key}' i {what} er en tom liste; skriv mindst ét element")

    def typed(self, mapping: Mapping, key: str, path: YamlPath, kind: type[T], what: str) -> T | None:
        """The value if it has the expected type; None (and a finding) otherwise."""
        value = mapping.get(key)
        if value is None:
            return None
        if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # a number where text is expected is harmless: "sted: 42"
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            self.out.report(Rule.S002, self.pos(path + (key,)),
                            f"'{key}' i {what} skal være {_TYPE_DA[kind]}, ikke {describe(value)}")
            return None
        return value

    def text(self, mapping: Mapping, key: str, path: YamlPath, what: str) -> str:
        value = self.typed(mapping, key, path, str, what)
        return value.strip() if value else ""

    def date(self, mapping: Mapping, key: str, path: YamlPath, what: str) -> dt.date | None:
        return self.date_at(mapping.get(key), path + (key,), f"'{key}' i {what}")

    def date_at(self, value: object, path: YamlPath, what: str) -> dt.date | None:
        """The date value at path, or None; what names it in a finding ("'fra' i medlemmet")."""
        if value is None:
            return None
        try:
            return datoer.parse_date(str(value))
        except datoer.DateError as exc:
            self.out.report(Rule.D001, self.pos(path), f"{what}: {exc}")
            return None

    def time(self, mapping: Mapping, key: str, path: YamlPath, what: str) -> str:
        value = mapping.get(key)
        if value is None:
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):  # 1030, or 10.30 unquoted
            self.out.report(Rule.S002, self.pos(path + (key,)),
                            f"'{key}' i {what} er læst som tallet {value}; skriv tidspunktet i anførselstegn, "
                            'fx "10:00-13:00"')
            return ""
        text = str(value).strip()
        if not clock.TIME.match(text):
            self.out.report(Rule.S004, self.pos(path + (key,)),
                            f"'{key}' i {what} skal være et klokkeslæt eller tidsrum som \"10:00\" eller "
                            f"\"10:00-13:00\", ikke '{text}'")
        return text

    def items(self, mapping: Mapping, key: str, path: YamlPath, what: str) -> list[object]:
        """A list value; a single value is accepted as a list of one."""
        value = mapping.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if isinstance(value, dict):
            self.out.report(Rule.S002, self.pos(path + (key,)), f"'{key}' i {what} skal være en liste")
            return []
        return [value]

    def refs(self, mapping: Mapping, key: str, path: YamlPath, what: str) -> tuple[Ref, ...]:
        """One or more references: a text, or a list of texts."""
        value = mapping.get(key)
        if value is None:
            return ()
        values = value if isinstance(value, list) else [value]
        result = []
        for i, v in enumerate(values):
            p: YamlPath = path + (key, i) if isinstance(value, list) else path + (key,)
            if isinstance(v, str) and v.strip():
                result.append(Ref(v.strip(), self.pos(p)))
            else:
                self.out.report(Rule.S002, self.pos(p),
                                f"'{key}' i {what} skal være et navn eller id, ikke {describe(v)}")
        return tuple(result)

    def ref(self, mapping: Mapping, key: str, path: YamlPath, what: str) -> Ref | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return Ref(value.strip(), self.pos(path + (key,)))
        self.out.report(Rule.S002, self.pos(path + (key,)),
                        f"'{key}' i {what} skal være et navn eller id, ikke {describe(value)}")
        return None
