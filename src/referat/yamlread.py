"""Safe YAML reading with YAML 1.2 scalars and a line number for every value.

PyYAML resolves scalars by YAML 1.1: `10:30` becomes 630, `no` becomes False and `012`
becomes 10. A secretary must never see a time silently turned into a number, so this loader
knows only the YAML 1.2 core schema, and leaves dates as text for referat to read itself.
It composes the node tree with libyaml (fast) and builds plain Python values from it,
recording where each value stands, refusing tags and bounding alias expansion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from referat.rules import Rule

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A front matter of a real meeting has a few hundred nodes; this leaves room for ten times
# that and still stops a "billion laughs" document long before it costs time or memory.
MAX_NODES = 50_000
MAX_DEPTH = 64  # nesting; also stops a recursive alias (&a [*a])

_T = "tag:yaml.org,2002:"
_STR = _T + "str"
_TOO_DEEP = (f"For mange elementer eller for dyb indlejring (over {MAX_NODES} elementer eller {MAX_DEPTH} "
             "niveauer); ankre og aliaser (&, *) folder sig ud til mere, end et møde kan indeholde")
_ALLOWED_TAGS = {_T + "str", _T + "int", _T + "float", _T + "bool", _T + "null", _T + "seq", _T + "map"}


class _Yaml12Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's parser with the YAML 1.2 core schema's implicit types only."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        # PyYAML's BaseResolver.resolve without the wildcard and path resolvers this loader
        # never has: libyaml calls it for every node, and the general one makes composing a
        # front matter some 15 % slower.
        if kind is ScalarNode:
            if implicit[0]:
                resolvers: list[tuple[str, re.Pattern[str]]] = self.yaml_implicit_resolvers.get(value[:1], ())
                for tag, regexp in resolvers:
                    if regexp.match(value):
                        return tag
            return _STR
        return _T + "seq" if kind is SequenceNode else _T + "map"

    # Also called for every node, and only of use with path resolvers.
    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    _Yaml12Loader.add_implicit_resolver(_T + _tag, re.compile(_pattern), list(_first))


# Where a value stands in a document: mapping keys and list indices from the root.
YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlProblem:
    line: int  # 1-based, in the text given to load()
    col: int
    rule: Rule
    message: str


@dataclass
class YamlDoc:
    """Plain values plus where each stands: positions[path] is the value's (line, col),
    key_positions[path] the key's, for paths of mapping keys and list indices."""

    data: object = None  # str, int, float, bool, None, list or dict[str, ...]: not yet validated
    positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    def pos(self, *path: str | int) -> tuple[int, int] | None:
        """Where the value at path stands, or its nearest parent."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get(())

    def key_pos(self, *path: str | int) -> tuple[int, int] | None:
        return self.key_positions.get(path) or self.pos(*path)


class _TooLarge(Exception):
    pass


def load(text: str, line_offset: int = 0) -> YamlDoc:
    """Read one YAML document. Problems are returned, never raised; line numbers are
    shifted by line_offset so they point into the file the text came from."""
    doc = YamlDoc()
    tabbed = _tab_indented_lines(text)
    if tabbed:
        for lineno in tabbed:
            doc.problems.append(YamlProblem(
                lineno + line_offset, 1, Rule.Y002,
                "Tabulator i indrykningen; YAML skal indrykkes med mellemrum"))
        return doc
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and (exc.problem or "").startswith("found unexpected end of stream"):
            mark = exc.context_mark  # an unclosed quote: point at where it opened, not at the end
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if (exc.problem or "").startswith("exceeded maximum nesting depth"):
            # libyaml's own guard (newer builds) against the same thing MAX_DEPTH stops.
            doc.problems.append(YamlProblem(line + line_offset, col, Rule.Y005, _TOO_DEEP))
        else:
            doc.problems.append(YamlProblem(line + line_offset, col, Rule.Y001, f"YAML-syntaksfejl: {_describe(exc)}"))
        return doc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a form feed
        at = exc.position
        line, col = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        what = f"tegnet U+{exc.character:04X}" if isinstance(exc.character, int) else "et tegn"
        doc.problems.append(YamlProblem(line + line_offset, col, Rule.Y001,
                                        f"YAML-syntaksfejl: {what} må ikke stå i YAML; slet det"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(YamlProblem(1 + line_offset, 1, Rule.Y001, f"YAML-syntaksfejl: {exc}"))
        return doc
    except RecursionError:
        doc.problems.append(YamlProblem(1 + line_offset, 1, Rule.Y005, _TOO_DEEP))
        return doc
    if node is None:
        return doc
    builder = _Builder(doc, line_offset)
    try:
        doc.data = builder.build(node, ())
    except _TooLarge:
        doc.data = None
        doc.positions.clear()
        doc.key_positions.clear()
        doc.problems.append(YamlProblem(node.start_mark.line + 1 + line_offset, 1, Rule.Y005, _TOO_DEEP))
    return doc


def _compose(text: str) -> Node | None:
    loader = _Yaml12Loader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _tab_indented_lines(text: str) -> list[int]:
    if "\t" not in text:
        return []
    return [i for i, line in enumerate(text.split("\n"), 1)
            if "\t" in line[: len(line) - len(line.lstrip(" \t"))]]


_PROBLEM_DA = {
    "could not find expected ':'": "kolon (:) mangler",
    "mapping values are not allowed": "et kolon står et sted, hvor det ikke må; sæt teksten i anførselstegn",
    "block sequence entries are not allowed": "et listepunkt (-) står et sted, hvor det ikke må; tjek indrykningen",
    "did not find expected node content": "en værdi mangler eller står forkert; tjek indrykningen",
    "did not find expected alphabetic or numeric character": "et anker (&) eller alias (*) uden navn",
    "found a tab character": "tabulator, hvor der skal stå mellemrum",
    "found character that cannot start any token": "et tegn, der ikke kan stå her; sæt teksten i anførselstegn",
    "found undefined alias": "aliaset (*) henviser til et anker (&), der ikke findes",
    "did not find expected key": "forventede en nøgle; tjek indrykningen",
    "did not find expected '-' indicator": "forventede et listepunkt (-); tjek indrykningen",
    "found unexpected end of stream": "filen slutter midt i en værdi (mangler et anførselstegn?)",
    "found unknown escape character": "ukendt escape-tegn efter \\ i en tekst i anførselstegn",
    "expected a single document in the stream": "kun ét YAML-dokument er tilladt",
    "but found another document": "kun ét YAML-dokument er tilladt (en linje med --- for meget?)",
    "found duplicate anchor": "det samme anker (&) er brugt to gange",
}


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or exc.context or "").strip()
    for english, danish in _PROBLEM_DA.items():
        if problem.startswith(english):
            return danish
    # A message libyaml words in a way not translated yet: say so in Danish, keep its detail.
    return f"teksten kan ikke læses som YAML (libyaml: {problem})"


class _Builder:
    def __init__(self, doc: YamlDoc, line_offset: int) -> None:
        self.doc = doc
        self.offset = line_offset
        self.count = 0

    def _mark(self, node: Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def build(self, node: Node, path: YamlPath) -> object:
        self.count += 1
        if self.count > MAX_NODES or len(path) > MAX_DEPTH:
            raise _TooLarge
        mark = node.start_mark  # _mark, inlined: this runs for every node
        pos = (mark.line + 1 + self.offset, mark.column + 1)
        self.doc.positions.setdefault(path, pos)
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            line, col = pos
            self.doc.problems.append(YamlProblem(
                line, col, Rule.Y004,
                f"YAML-tagget '{node.tag.replace(_T, '!!')}' er ikke tilladt; værdien er ignoreret "
                "(tags køres aldrig)"))
            return None
        if isinstance(node, ScalarNode):
            return node.value if tag == _STR else _scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        return None

    def _mapping(self, node: MappingNode, path: YamlPath) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, col = self._mark(key_node)
                self.doc.problems.append(YamlProblem(line, col, Rule.Y006, "En nøgle skal være en enkel tekst"))
                continue
            key: str = key_node.value
            if key in result:
                line, col = self._mark(key_node)
                first = self.doc.key_positions[path + (key,)][0]
                self.doc.problems.append(YamlProblem(
                    line, col, Rule.Y003, f"Nøglen '{key}' står to gange (første gang i linje {first})"))
                continue
            key_path = path + (key,)
            self.doc.key_positions[key_path] = self._mark(key_node)
            result[key] = self.build(value_node, key_path)
        return result


def _scalar(node: ScalarNode) -> str | int | float | bool | None:
    tag: str = node.tag
    value: str = node.value
    if tag == _T + "str":
        return value
    if tag == _T + "null":
        return None
    if tag == _T + "bool":
        return value.lower() == "true"
    if tag == _T + "int":
        try:
            if value.startswith("0o"):
                return int(value[2:], 8)
            return int(value, 0) if value.startswith("0x") else int(value, 10)
        except ValueError:
            return value
    if tag == _T + "float":
        try:
            return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                         .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
        except ValueError:
            return value
    return value
