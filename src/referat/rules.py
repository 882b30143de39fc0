"""Every rule of `referat tjek`, declared once: its code, how bad a breach is, and what it means.

A check names the rule it found broken (`out.report(Rule.T001, pos, message)`); the severity
comes from here, never from the call site. No rule's severity depends on the context:
`tjek --streng` changes the exit code for warnings, not what a finding is.

docs/regler.md shows this table; `python -m referat.rules docs/regler.md` writes it there, and
tests/test_rules_registry.py fails when the two differ.
"""

from __future__ import annotations

import sys
from enum import Enum, StrEnum, unique
from pathlib import Path


class Severity(StrEnum):
    ERROR = "fejl"
    WARNING = "advarsel"


ERROR = Severity.ERROR
WARNING = Severity.WARNING


@unique  # two rules with the same severity and title would silently be one
class Rule(Enum):
    """A rule's code is its name; its value is its severity and its Danish title (as in docs/regler.md)."""

    # The file itself: bytes, size, kind, name
    F001 = ERROR, "filen er ikke UTF-8 (fx Windows-1252 fra Word) eller er ikke en tekstfil"
    F002 = ERROR, "filen er tom"
    F003 = ERROR, "front matter mangler (filen skal begynde med `---`)"
    F004 = ERROR, "front matter slutter ikke (den afsluttende `---` mangler)"
    F005 = ERROR, ("et link (følges ikke, uanset hvor det peger hen): en fil eller mappe under `moeder/`, `moeder/` "
                   "selv, `personer.yaml`, `kommuner.yaml` eller en `gruppe.yaml`")
    F006 = ERROR, "filen er større end 2 MB (afgøres, før filen læses)"
    F007 = ERROR, ("ikke en almindelig fil: en navngiven pipe (FIFO), en enhedsfil, en socket eller en mappe, hvor der"
                   " skal være en fil (fx en mappe ved navn `gruppe.yaml`); eller `moeder` er ikke en mappe")
    F008 = ERROR, ("et fil- eller mappenavn, der ikke er UTF-8 eller indeholder styretegn (fx et linjeskift); filen "
                   "eller mappen læses ikke")
    F009 = ERROR, "filen eller mappen kan ikke læses (fx ingen læseadgang); resten af arkivet tjekkes"
    F012 = WARNING, ("et usynligt styretegn i teksten, fx et sideskift (U+000C) fra en PDF eller en lodret tabulator "
                     "(U+000B); tabulator og linjeskift er tilladt. Højst 10 linjer meldes pr. fil, derefter hvor "
                     "mange flere")

    # YAML
    Y001 = ERROR, "YAML-syntaksfejl"
    Y002 = ERROR, "tabulator i indrykningen"
    Y003 = ERROR, "den samme nøgle står to gange"
    Y004 = ERROR, "YAML-tag som `!!python/object` (afvises, køres aldrig)"
    Y005 = ERROR, 'for mange elementer eller for dyb indlejring (fx "billion laughs")'
    Y006 = ERROR, "en nøgle, der ikke er en enkel tekst"

    # Keys and values (the schema)
    S001 = ERROR, "ukendt nøgle, med forslag til den rigtige"
    S002 = ERROR, "forkert type (tekst, tal, liste, ...)"
    S003 = ERROR, "påkrævet nøgle mangler"
    S004 = ERROR, "værdi i forkert form (klokkeslæt, punktnummer, e-mail, årstal)"
    S005 = ERROR, "ukendt værdi (status, punkttype, organisationstype, rotation)"
    S006 = ERROR, "både `person` og `navn`"
    S007 = ERROR, "`udkast_dato` ligger før mødet, efter godkendelsen, eller står i et planlagt møde"

    # Dates
    D001 = ERROR, ("en dato, der ikke findes eller ikke kan læses (2025-02-30), ligger uden for 1950–2100 "
                   "(9999-12-31) eller er skrevet med andre cifre end 0-9")
    D002 = ERROR, "mødets dato er ikke datoen i filnavnet"
    D003 = ERROR, "filnavnet er ikke en dato"
    D004 = ERROR, "en tilknytning slutter, før den begynder"
    D005 = ERROR, "en dato står under et andet år i mødeplanen"
    D006 = ERROR, "næste møde ligger ikke efter mødet"

    # Groups
    G001 = ERROR, "mødet ligger ikke i en gruppes mappe (`moeder/<gruppe>/<dato>.md`)"
    G002 = ERROR, "`gruppe`/`id` passer ikke med mappen"
    G003 = ERROR, "en gruppemappe uden `gruppe.yaml`"
    G004 = WARNING, ("gruppe.yaml og en beslutnings `tovholder:` er uenige om tovholderen (organisation, personer "
                     "eller referent) fra samme dag; gruppe.yaml gælder")
    G005 = ERROR, "en beslutnings `tovholder:` har en `fra`-dato uden for sit `aar`"

    # People and organisations
    P001 = ERROR, "ukendt person (med forslag), eller en organisation, hvor der skal stå en person"
    P002 = ERROR, "ukendt organisation"
    P003 = ERROR, "den samme person er både deltager og har meldt afbud"
    P004 = ERROR, "den samme person står to gange (også under to stavemåder)"
    P005 = ERROR, "en gæst, der ikke står i personer.yaml, skal have `gaest: true`"
    P006 = ERROR, "ukendt ansvarlig, indleder eller medlem"
    P007 = ERROR, "ordstyreren eller referenten står under `afbud`: den, der ledte mødet eller tog referat, var der"
    P008 = WARNING, ("en deltagers `organisation` er en anden end den, personer.yaml (`tilknytning`) giver personen "
                     "på mødets dato")
    P009 = WARNING, ("en kort form af et navn i personer.yaml (fornavn og efternavn uden mellemnavn, fx \"Rikke "
                     "Laursen\"), som kun én person har: godtaget som den person")
    P010 = ERROR, ("et fornavn med organisation (\"Lone (Køge)\"), som ikke er netop én person i organisationen på "
                   "mødets dato (fundet nævner dem, det kan være)")
    P011 = ERROR, "`ikke_samme_som` i personer.yaml nævner ingen anden kendt person"

    # The agenda
    A001 = ERROR, "en beslutning eller arbejdsgruppe henviser til et punkt, der ikke er på dagsordenen"
    A002 = ERROR, "en overskrift `## N.` uden et punkt N på dagsordenen"
    A003 = ERROR, "det samme punktnummer to gange"
    A004 = ERROR, "en deltagers `punkter` henviser til et punkt, der ikke findes"
    A005 = WARNING, "en overskrift på niveau 2 uden punktnummer"
    A006 = WARNING, "et punkt uden referat (i et udkast eller godkendt referat)"
    A007 = WARNING, ("et punkts tidsrum (`tid`) ligger uden for mødets tid (fx kl. 9.00–14.30 på et møde "
                     "kl. 10.00–13.00)")
    A008 = WARNING, ("overskriften `## N.` har en anden titel end punkt N på dagsordenen (store og små bogstaver, "
                     "tegnsætning og en titel, der står helt i den anden, tæller ikke)")
    A009 = ERROR, "en pause (`pause:`) i dagsordenen uden tidsrum, eller hvis tidsrum overlapper et punkts"
    A010 = WARNING, 'et link uden adresse (`url:` tom): vises som teksten med "(link mangler)"'

    # Approval
    M001 = ERROR, "status `godkendt`, men godkendelsen er ikke registreret"
    M002 = ERROR, "godkendt før mødet blev holdt"
    M003 = WARNING, "`godkendt` er udfyldt, men status er ikke `godkendt`"
    M004 = ERROR, ("et godkendt referat er ændret siden REF på anden måde end ved at krydse opgaver af (kun med "
                   "`--aendret-siden REF`)")
    M005 = ERROR, "mødet, der godkendte referatet (`godkendt.moede`), ligger før mødet"
    M006 = ERROR, ("`godkendt.moede` er ikke et møde i gruppen: ingen mødefil i gruppens mappe den dag og ingen "
                   "dato i gruppens mødeplan")
    M007 = WARNING, ("godkendelsen siger ikke, hvordan referatet blev godkendt: den nævner hverken `moede` eller "
                     "`skriftlig: true`, eller den nævner begge")
    M008 = ERROR, ("status `planlagt`, men mødet har deltagere, beslutninger eller opgaver: referatet er skrevet, "
                   "men status er ikke ændret (afbud må gerne stå i et planlagt møde)")
    M009 = WARNING, "status `planlagt`, men mødets dato er passeret (er mødet holdt? sæt `status: udkast`)"
    M010 = WARNING, ("et holdt møde, der ikke står i gruppens mødeplan og ikke erstatter en dato i den (højst 45 "
                     "dage fra en dato i planen uden eget møde)")
    M011 = ERROR, "det samme `moede_nr` i to møder i en gruppe og et år"
    M012 = WARNING, ("`moede_nr` passer ikke med mødets plads blandt årets møder (holdte og planlagte; en dato i "
                     "mødeplanen, som et møde har erstattet, tæller ikke)")

    # Tasks
    T001 = ERROR, "en opgave uden ansvarlig"
    T003 = ERROR, "en frist, der ikke kan læses eller ligger uden for 1950–2100"
    T004 = ERROR, "en frist før mødet"
    T005 = ERROR, "en lukkedato, der ikke kan læses eller ligger uden for 1950–2100"
    T006 = WARNING, "det samme felt (`Ansvarlig:`, `Frist:`, `Lukket:`) to gange i en opgave"
    T007 = WARNING, "en opgave, der ikke står under et dagsordenspunkt"
    T008 = WARNING, "en lukkedato på en opgave, der ikke er krydset af"
    T009 = WARNING, 'teksten nævner en frist ("senest 17. december"), som ingen opgave har'
    T010 = ERROR, ("en opgave er lukket før mødet (`Lukket:` før mødets dato; `referat opgaver luk` afviser det "
                   "samme)")
    T011 = WARNING, "en frist mere end tre år efter mødet (fx 2062 i et referat fra 2025): er årstallet rigtigt?"
    T012 = ERROR, "en `Modtager:` i en opgave, der er tom eller ikke er en kendt person, organisation eller gruppe"
    T013 = WARNING, ('en frist i ord, der ikke er en bestemt dag ("efter jul 2025", "to dage inden tilmelding"): '
                     "den vises, som den står, men tæller ikke som frist")
    T014 = WARNING, ("en arbejdsgruppe, der er ansvarlig for en opgave, har ingen medlemmer (så `opgaver "
                     "--ansvarlig` finder ingen)")

    # Attachments: the files `bilag` entries name with `fil:` (issue 15)
    B001 = ERROR, "en bilagsfil (`fil:`), der ikke findes eller ikke kan læses"
    B002 = ERROR, ("en bilagsfil, der ikke er en almindelig fil i mødearkivet: en absolut sti, `..`, et link (også "
                   "en linket mappe på vejen; følges ikke), en mappe eller en FIFO")
    B003 = ERROR, ("en bilagsfil, hvis indhold ikke er en tilladt type (pdf, docx, xlsx, pptx, png, jpg), eller hvis "
                   "navn siger en anden type end indholdet (fx en .pdf, der er en zip-fil)")
    B004 = WARNING, "en bilagsfil, der kun er en Git LFS-pegepind: filen er ikke hentet (`git lfs pull`)"
    B005 = WARNING, "en bilagsfil større end 20 MB (for stor til de fleste mailsystemer)"
    B006 = WARNING, "en fil under `bilag/`, som intet møde nævner"

    # The registries (personer.yaml, kommuner.yaml)
    R001 = ERROR, "det samme id to gange i personer.yaml eller kommuner.yaml"
    R002 = ERROR, "et id med andet end a-z, 0-9 og bindestreg"
    R003 = ERROR, "et navn eller alias, der kan betyde to forskellige"
    R004 = ERROR, "personer.yaml eller kommuner.yaml mangler"

    def __init__(self, severity: Severity, title: str) -> None:
        self.severity = severity
        self.title = title

    @property
    def code(self) -> str:
        return self.name


TABLE_HEADER = "| kode | alvor | hvad der er galt |\n|---|---|---|\n"


def markdown_table() -> str:
    """The rules as the Markdown table in docs/regler.md."""
    return TABLE_HEADER + "".join(f"| {r.code} | {r.severity} | {r.title} |\n" for r in Rule)


def table_in(doc: str) -> str:
    """The rule table in a Markdown text: from its header to the first line that is no table row."""
    start = doc.index(TABLE_HEADER)
    end = start
    while doc.startswith("|", end):
        end = doc.find("\n", end) + 1 or len(doc)
    return doc[start:end]


if __name__ == "__main__":  # python -m referat.rules docs/regler.md: writes the table into the file
    doc_path = Path(sys.argv[1])
    doc = doc_path.read_text(encoding="utf-8")
    doc_path.write_text(doc.replace(table_in(doc), markdown_table()), encoding="utf-8")
