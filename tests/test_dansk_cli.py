"""Every word the CLI prints is Danish, also the words typer and its copy of click write
themselves (help pages, usage errors, hints), and also on a machine whose locale is English.

The English vocabulary is read from the installed typer's source, so a typer with new texts
fails here until referat.clitext has them in Danish."""

from __future__ import annotations

import ast
import enum
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer.testing import CliRunner

import referat.cli  # noqa: F401  (importing registers the commands on the app)
from conftest import run_referat
from referat.cliapp import app

TYPER = Path(typer.__file__).parent
# Where typer keeps what it prints while it parses, shows help and reports errors (typer's
# main.py only builds the commands and documents its own parameters).
SOURCES = ["_click/core.py", "_click/exceptions.py", "_click/parser.py", "_click/types.py", "_click/formatting.py",
           "_click/decorators.py", "_click/termui.py", "_click/utils.py", "core.py", "_types.py", "models.py"]
PROGRAMMER_ERRORS = {"TypeError", "ValueError", "RuntimeError", "AssertionError", "NotImplementedError", "warn",
                     "TypeVar", "cast"}

# Texts in those sources that a referat user never sees, and why.
NOT_SHOWN = {
    # the ParameterSource members' documentation
    "The value was provided by the command line args.", "The value was provided with an environment variable.",
    "Used a default provided by `Context.default_map`.", "Used a prompt to confirm a default or provide a value.",
    "Used the default specified by the parameter.",
    # representations and names for programmers
    "<unopened file '{}' {}>", "python -m {}", "~/Library/Application Support", "%(label)s  [%(bar)s]  %(info)s",
    "str | os.PathLike[str]",
    # no referat command is deprecated (test_help_pages_are_danish checks)
    "(DEPRECATED)", "(DEPRECATED: {})", "DeprecationWarning: The command {} is deprecated.{}",
    # no referat option is read from the environment
    " (env var: '{}')",
    # typer.prompt and typer.confirm: referat asks no yes/no questions, and a prompt for text
    # cannot fail (its end of input is "Aborted!", which is translated)
    "Error: The two entered values do not match.", "Error: The value you entered was invalid.",
    "Error: invalid input", "Repeat for confirmation",
}
DANISH_TOO = {"for", "var", "argument", "format", "formats", "UUID"}  # words Danish has too


def _template(node: ast.AST) -> str | None:
    """A string constant, or an f-string with {} where its values go."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def typer_texts() -> tuple[set[str], set[str]]:
    """Every English text in typer's printing code ({} for the values), and the subset that
    goes through typer's gettext (`_("...")`), as written."""
    texts, msgids = set(), set()
    for rel in SOURCES:
        tree = ast.parse((TYPER / rel).read_text(encoding="utf-8"))
        skip: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Expr):
                skip.add(id(node.value))  # a docstring, or a string that is only a statement
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in PROGRAMMER_ERRORS:
                    skip.update(id(sub) for sub in ast.walk(node))
                if name == "_" and node.args and (text := _template(node.args[0])):
                    msgids.add(text)
            annotation = getattr(node, "annotation", None) or getattr(node, "returns", None)
            for part in (annotation, node if isinstance(node, ast.Assert) else None):
                if part is not None:
                    skip.update(id(sub) for sub in ast.walk(part))
            if isinstance(node, ast.JoinedStr):
                skip.update(id(v) for v in node.values)
        for node in ast.walk(tree):
            text = _template(node)
            if (id(node) not in skip and text and re.search(r"[A-Za-z]{2,}", text) and not text.startswith("\n")
                    and (" " in text.strip() or text.strip()[-1] in ":.!]")):
                texts.add(text)
    return texts - NOT_SHOWN, msgids


TEXTS, MSGIDS = typer_texts()
ENGLISH = sorted({w for t in TEXTS | MSGIDS for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^{}]*\}", " ", t))}
                 - DANISH_TOO - {w.capitalize() for w in DANISH_TOO})
# and the metavars typer makes from a type (<str>; TEXT and INTEGER in older versions)
ENGLISH_WORD = re.compile(rf"\b({'|'.join(ENGLISH)}|TEXT|INTEGER|PATH)\b|<[a-z ]+>", re.IGNORECASE)


def english_in(text: str) -> list[str]:
    """The English words in text, leaving out option names (--help is a name, not a word)."""
    return [m[0] for m in ENGLISH_WORD.finditer(re.sub(r"(?<![\w-])--?[\w-]+", "", text))]


def _command_tree(command: typer.main._click.Command, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    tree = {path: command}
    for name, sub in getattr(command, "commands", {}).items():
        tree.update(_command_tree(sub, (*path, name)))
    return tree


# every command and subcommand, as the user types it: a new command is covered as it is added
TREE = _command_tree(typer.main.get_command(app))
COMMANDS = list(TREE)


def test_every_text_typer_prints_has_a_danish_translation():
    """Each English text in typer's printing code is part of a catalogue entry (a message click
    builds from pieces is one entry), and each of typer's gettext strings is a key as it is."""
    from referat.clitext import CATALOGUE

    assert {"Usage", "Options", "Arguments", "Commands", "Show", "message", "exit", "required", "default", "Try",
            "help", "such", "Possible", "Did", "mean", "Missing", "Invalid", "unexpected", "Aborted"} <= set(ENGLISH)
    keys = {re.sub(r"\{[^{}]*\}", "{}", k): k for k in CATALOGUE}
    texts = {re.sub(r"\{[^{}]*\}", "{}", t) for t in TEXTS}
    missing = [t for t in texts if not any(re.search(".*".join(map(re.escape, t.split("{}"))), k) for k in keys)]
    assert not missing, f"not in referat.clitext.CATALOGUE: {missing}"
    assert MSGIDS and CATALOGUE.keys() >= MSGIDS, MSGIDS - CATALOGUE.keys()
    assert not english_in(re.sub(r"\{[^{}]*\}", " ", " ".join(CATALOGUE.values())))
    fields = re.compile(r"\{(\w+)")
    assert all(set(fields.findall(da)) <= set(fields.findall(en)) for en, da in CATALOGUE.items())


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "referat")
def test_help_pages_are_danish(tmp_path, command):
    environment = dict(os.environ)
    result = run_referat(tmp_path, *command, "--help")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Brug: {' '.join(('referat', *command))} [TILVALG]"), result.out
    assert "Tilvalg:\n" in result.out and "-h, --help" in result.out and "Vis denne hjælp og afslut." in result.out
    assert not english_in(result.out + result.err), result.out
    assert dict(os.environ) == environment  # the language is not set through the environment
    assert not TREE[command].deprecated  # typer would add "(DEPRECATED)" to its help, in English


def test_no_arguments_show_the_help_in_danish(tmp_path):
    result = run_referat(tmp_path)
    assert "Brug: referat [TILVALG] KOMMANDO [ARGUMENTER]..." in result.out + result.err
    assert "Kommandoer:\n" in result.out + result.err
    assert not english_in(result.out + result.err)


# (what the user typed, the usage line, the error); a wrong --format is referat's own message
USAGE_ERRORS = [
    (["opgaver", "--uf", "x"], "Brug: referat opgaver [TILVALG] KOMMANDO [ARGUMENTER]...",
     "Fejl: Ukendt tilvalg: --uf (Mulige tilvalg: --ud)"),
    (["tjek", "--zzz"], "Brug: referat tjek [TILVALG]", "Fejl: Ukendt tilvalg: --zzz\n"),
    (["tjekk"], "Brug: referat [TILVALG] KOMMANDO", "Fejl: Ukendt kommando 'tjekk'. Mente du 'tjek'?"),
    (["opgaver", "lukk"], "Brug: referat opgaver [TILVALG]", "Fejl: Ukendt kommando 'lukk'. Mente du 'luk'?"),
    (["godkend"], "Brug: referat godkend [TILVALG] {MØDE}", "Fejl: Mangler argumentet 'MØDE'."),
    (["opgaver", "luk"], "Brug: referat opgaver luk [TILVALG] {ID}", "Fejl: Mangler argumentet 'ID'."),
    (["ny", "ekstra"], "Brug: referat ny [TILVALG]", "Fejl: For mange argumenter: ekstra"),
    (["aarsrapport", "2025", "2026"], "Brug: referat aarsrapport [TILVALG]", "Fejl: For mange argumenter: 2026"),
    (["opgaver", "--dato"], None, "Fejl: Tilvalget '--dato' skal have en værdi."),
    (["ny", "--vis=ja"], None, "Fejl: Tilvalget '--vis' tager ingen værdi."),
]


@pytest.mark.parametrize(("args", "usage", "error"), [pytest.param(*c, id=" ".join(c[0])) for c in USAGE_ERRORS])
def test_usage_errors_are_danish(tmp_path, args, usage, error):
    result = run_referat(tmp_path, *args)
    assert result.code == 2
    assert error in result.err, result.err
    if usage:
        command = usage.removeprefix("Brug: ").split(" [")[0]
        assert result.err.startswith(usage), result.err
        assert f"\nSe '{command} -h' for hjælp.\n" in result.err, result.err
    assert not english_in(result.out + result.err), result.err


class Kind(enum.Enum):
    a = "a"
    b = "b"


def test_the_value_types_speak_danish_too(tmp_path):
    """The values referat's options do not have yet: a number, a fixed choice, a file that must
    exist, and an abort. Any typer app in the process speaks Danish once referat is imported."""
    small = typer.Typer(add_completion=False, rich_markup_mode=None)

    @small.command()
    def proev(antal: int = typer.Option(1), slags: Kind = typer.Option(Kind.a), fil: Path | None = typer.Option(
            None, exists=True), stop: bool = typer.Option(False)) -> None:
        if stop:
            raise typer.Abort()

    def run(*args: str) -> str:
        result = CliRunner().invoke(small, list(args))
        assert result.exit_code in (1, 2), result.output
        assert not english_in(result.output), result.output
        return result.output

    assert "Fejl: Ugyldig værdi for '--antal': 'x' er ikke et helt tal." in run("--antal", "x")
    assert "Fejl: Ugyldig værdi for '--slags': 'c' er ikke en af 'a', 'b'." in run("--slags", "c")
    missing = tmp_path / "ingen"
    assert f"Fejl: Ugyldig værdi for '--fil': '{missing}' findes ikke." in run("--fil", str(missing))
    assert "Afbrudt!" in run("--stop")
    help_page = CliRunner().invoke(small, ["--help"]).output
    assert "--antal HELTAL" in help_page and "--fil STI" in help_page and "[standard: 1]" in help_page, help_page
    assert not english_in(help_page), help_page


def test_danish_on_an_english_machine(tmp_path):
    """A real process whose locale asks for English still speaks Danish."""
    env = {**os.environ, "LANG": "en_US.UTF-8", "LANGUAGE": "en", "LC_ALL": "en_US.UTF-8", "COLUMNS": "100"}
    for args, expected in ((["--help"], "Vis denne hjælp og afslut."),
                           (["opgaver", "--uf", "x"], "Fejl: Ukendt tilvalg: --uf (Mulige tilvalg: --ud)")):
        result = subprocess.run([sys.executable, "-m", "referat", *args], cwd=tmp_path, env=env, capture_output=True,
                                text=True, encoding="utf-8")
        assert expected in result.stdout + result.stderr, result.stdout + result.stderr
        assert not english_in(result.stdout + result.stderr), result.stdout + result.stderr
