"""`referat init [MAPPE]`: a new minutes archive, ready for `referat tjek` and `referat ny`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from referat.newarchive import Created

from referat.cliapp import UsageError, app, friendly
from referat.shown import shown


@app.command("init")
@friendly
def init(
    mappe: Path = typer.Argument(Path("."), metavar="MAPPE", show_default=False,
                                 help="Mappen, arkivet skal ligge i (oprettes om nødvendigt); som standard denne."),
    gruppe: str | None = typer.Option(None, "--gruppe", "-g", metavar="NAVN",
                                      help="Den første gruppes navn, fx 'Netværksgruppe Børn og Unge'; "
                                           "spørges der om, når det mangler."),
    region: str = typer.Option("sjaelland", "--region", metavar="REGION", show_default=False,
                               help="Kommunerne i kommuner.yaml: Hovedstaden, Midtjylland, Nordjylland, "
                                    "Sjælland (standard) eller Syddanmark."),
) -> None:
    """Opretter et mødearkiv: git, registre, en gruppe, skemaer, tjek på pull requests og en README."""
    from referat import newarchive
    from referat.errors import ReferatError

    try:
        chosen = newarchive.find_region(region)
    except ReferatError as exc:
        raise UsageError(f"--region: {exc}") from None
    if gruppe is None and not newarchive.has_group(mappe):
        if not sys.stdin.isatty():
            raise UsageError("Angiv den første gruppes navn med --gruppe, fx --gruppe 'Netværksgruppe Børn og Unge'")
        gruppe = typer.prompt("Gruppens navn (fx Netværksgruppe Børn og Unge)").strip()
    done = newarchive.create(mappe, gruppe, chosen)
    _report(done)


def _report(done: Created) -> None:
    typer.echo(f"Mødearkiv i {shown(str(done.root))}:")
    if done.git == "init":
        typer.echo("  oprettet         git-repository")
    for rel in done.made:
        typer.echo(f"  oprettet         {shown(rel)}{_about(done, rel)}")
    for rel in done.existing:
        typer.echo(f"  findes allerede  {shown(rel)} (ikke ændret)")
    for problem in done.problems:
        typer.echo(f"Bemærk: {shown(problem)}", err=True)
    if done.committed:
        from referat.newarchive import COMMIT_MESSAGE

        typer.echo(f"Filerne er committet: \"{COMMIT_MESSAGE}\".")
    elif done.not_committed:
        typer.echo(f"Bemærk: filerne er ikke committet: {shown(done.not_committed)}", err=True)
    _check(done)
    typer.echo("")
    typer.echo("Næste skridt:")
    for n, step in enumerate(_next_steps(done), 1):
        typer.echo(f"  {n}. {step}")


def _about(done: Created, rel: str) -> str:
    if rel == "kommuner.yaml":
        return f" ({done.region.contents()})"
    if rel.endswith("gruppe.yaml"):
        return " (gruppen; udfyld medlemmer og mødeplan)"
    return ""


def _check(done: Created) -> None:
    """Files that existed before may keep the archive from working: say so now, not at the first ny."""
    from referat.check import check
    result = check(done.root, use_cache=False)
    if result.errors:
        paths = sorted({f.path for f in result.findings if f.is_error})
        typer.echo(f"Bemærk: referat tjek finder {result.errors} fejl i mødearkivet ({shown(', '.join(paths[:5]))}"
                   f"{', ...' if len(paths) > 5 else ''}); kør 'referat tjek' og ret dem.", err=True)


def _next_steps(done: Created) -> list[str]:
    gid = done.group_id or "<gruppe>"
    steps = [] if done.root == Path.cwd().resolve() else [f"Gå til mødearkivet: cd {shown(str(done.root))}"]
    steps += [
        f"Skriv gruppens medlemmer i personer.yaml og moeder/{gid}/gruppe.yaml og årets mødedatoer under "
        f"moedeplan i gruppe.yaml ('referat format gruppe.yaml' viser hvordan).",
        f"Opret det første møde: referat ny --gruppe {gid} (uden datoer i mødeplanen: --dato DATO).",
        "Læs README.md: ugens gang fra dagsorden til godkendt referat, og 'referat format' for formatet.",
    ]
    if not done.committed and done.made:
        steps.append("Commit filerne: git add -A && git commit -m \"Mødearkiv oprettet med referat init\".")
    if not done.source.known and done.git != "subfolder":
        steps.append("Skriv adressen på jeres referat-repository i REFERAT_PAKKE øverst i .github/workflows/tjek.yml "
                     "og i .pre-commit-config.yaml (referat ligger ikke på PyPI), før I laver en pull request.")
    return steps
