"""`referat tjek`: the check, printed for a person, for GitHub or as JSON."""

from __future__ import annotations

from pathlib import Path

import typer

from referat.cliapp import UsageError, app, choose, friendly, parse_date_option


@app.command("tjek")
@friendly
def tjek(
    stier: list[Path] | None = typer.Argument(None, help="Filer eller mapper at tjekke; som standard hele mødearkivet.",
                                                 show_default=False),
    format: str = typer.Option("tekst", "--format", "-f", metavar="FORMAT", show_default=False,
                               help="tekst (standard), github (annoteringer i en pull request) eller json."),
    streng: bool = typer.Option(False, "--streng", help="Advarsler tæller som fejl (exitkode 1)."),
    aendret_siden: str | None = typer.Option(
        None, "--aendret-siden", metavar="REF",
        help="Kun fund i filerne, der er ændret siden REF i git (en gren, et tag eller en commit, fx origin/main), "
             "og i dem, ændringen berører; et godkendt referat må kun ændres ved at krydse opgaver af (M004)."),
    dato: str | None = typer.Option(None, "--dato", metavar="DATO",
                                    help="Regn som om i dag var denne dato (hvilke planlagte møder er forbi, M009)."),
) -> None:
    """Tjekker møder, personer, organisationer og grupper. Exitkode 0: i orden, 1: fejl fundet."""
    from referat import report
    from referat.check import check
    from referat.errors import GitError
    from referat.repo import find_root
    from referat.shown import shown

    choose("--format", format, report.FORMATS)
    today = parse_date_option(dato, "--dato")
    root = find_root(Path.cwd())
    only = _selected_files(root, stier) if stier else None
    if aendret_siden is None:
        result = check(root, only, today=today)
    else:
        from referat.changes import check_since

        try:
            result = check_since(root, aendret_siden, only, today)
        except GitError as exc:  # an unknown REF or no git repository: wrong use, like a missing path
            raise UsageError(str(exc)) from exc
    for path in result.not_meetings:
        typer.echo(f"Bemærk: {shown(path)} er ikke et møde (den ligger ikke i moeder/ og har ingen front matter) "
                   "og er ikke tjekket.", err=True)
    if format == "json":
        typer.echo(report.as_json(result.findings))
    elif format == "github":
        for f in result.findings:
            typer.echo(report.as_github(f))
        typer.echo(report.summary(result.errors, result.warnings, result.meetings_checked), err=True)
    else:
        for f in result.findings:
            typer.echo(report.as_text(f))
        typer.echo(report.summary(result.errors, result.warnings, result.meetings_checked))
    failed = result.errors or (streng and result.warnings)
    raise typer.Exit(1 if failed else 0)


def _selected_files(root: Path, paths: list[Path]) -> set[str]:
    """The repository-relative files named on the command line; folders give their files."""
    from referat.repo import inside, rel

    selected: set[str] = set()
    for p in paths:
        absolute = p if p.is_absolute() else Path.cwd() / p
        if not absolute.exists() and not absolute.is_symlink():
            raise UsageError(f"'{p}' findes ikke")
        if not inside(root, absolute.parent) or not inside(root, absolute):
            if absolute.is_symlink() and inside(root, absolute.parent):
                selected.add(rel(root, absolute.parent.resolve() / absolute.name))
                continue
            raise UsageError(f"'{p}' ligger uden for mødearkivet {root}")
        absolute = absolute.parent.resolve() / absolute.name
        if absolute.is_dir():
            # The folder itself too: a finding about a group folder names the folder.
            selected.update(rel(root, f) for f in (absolute, *absolute.rglob("*"))
                            if f.is_dir() or f.suffix in (".md", ".yaml"))
        else:
            selected.add(rel(root, absolute))
    return selected
