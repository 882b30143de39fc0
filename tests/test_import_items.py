"""The importer's agenda items (issue 16): number, title, responsible, time slot and minutes,
read from minutes written here in layouts of their own, and the seed texts' score against the
hand-made meetings, which must not fall below what was measured (docs/import.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from referat.archive import Archive
from referat.importing.items import Item, read_items
from referat.importing.score import Counts, scores
from referat.registry import Registry

SEEDS = Path(__file__).parent / "fixtures" / "seeds"

NUMBERED = """Referat af møde i Netværket for Ældre

Til stede: Julie Folke

1. Velkomst v. Julie Folke (kl. 10.00-10.15)
Julie bød velkommen. Næste møde:
2. april 2026

2. Nye retningslinjer for visitation v. Gudrun Smed-Ibsen, kl. 10.15-11.00
Gudrun gennemgik de tre forslag:
1. At visitationen samles ét sted.
2. At ventetiden måles.
3. At der følges op hvert år.

Forslagene blev vedtaget.

3) Eventuelt
Intet.
"""

HEADED = """Dagsorden
Punkt 1\tGodkendelse af referat.......\t2
Punkt 2\tBudget.......\t3

Punkt 1: Godkendelse af referat
Referatet blev godkendt.

Punkt 2: Budget 2026
Budgettet blev drøftet.
2B) Anlæg
Anlægsrammen blev drøftet.
Ad 3 Evt.
Ingen bemærkninger.
"""

TABLE = """Dagsordenspunkt\tReferat
1) Velkommen og kort
intro til dagen

Kort runde.
2) Status på
projektet om
hjemmepleje\tProjektet er forsinket.
Ny plan følger.
3. Lukket punkt\tIkke offentligt.
"""


def _registry(minutes) -> Registry:  # type: ignore[no-untyped-def]
    return Archive(minutes.root, use_cache=False).registry


def _brief(items: list[Item]) -> list[tuple[str, str, str | None, str]]:
    return [(i.number, i.title, i.responsible.id if i.responsible else None, i.time) for i in items]


def test_numbered_headings_with_responsible_and_time(minutes) -> None:  # type: ignore[no-untyped-def]
    items = read_items(NUMBERED, _registry(minutes))
    assert _brief(items) == [
        ("1", "Velkomst", "julie-folke", "10:00-10:15"),
        ("2", "Nye retningslinjer for visitation", None, "10:15-11:00"),
        ("3", "Eventuelt", None, ""),
    ]
    second = items[1]
    assert second.responsible is not None and second.responsible.written == "Gudrun Smed-Ibsen"
    assert "1. At visitationen samles ét sted." in second.minutes  # a list in the minutes is no item
    assert second.minutes.endswith("Forslagene blev vedtaget.")
    assert items[0].minutes == "Julie bød velkommen. Næste møde:\n2. april 2026"  # a date, no heading


def test_punkt_and_ad_headings_skip_the_table_of_contents(minutes) -> None:  # type: ignore[no-untyped-def]
    items = read_items(HEADED, _registry(minutes))
    assert _brief(items) == [
        ("1", "Godkendelse af referat", None, ""),
        ("2", "Budget 2026", None, ""),
        ("2B", "Anlæg", None, ""),
        ("3", "Eventuelt", None, ""),
    ]
    assert items[1].minutes == "Budgettet blev drøftet."
    assert items[3].minutes == "Ingen bemærkninger."


def test_flattened_table_title_over_short_lines(minutes) -> None:  # type: ignore[no-untyped-def]
    items = read_items(TABLE, _registry(minutes))
    assert [(i.number, i.title) for i in items] == [
        ("1", "Velkommen og kort intro til dagen"),
        ("2", "Status på projektet om hjemmepleje"),
        ("3", "Lukket punkt"),
    ]
    assert items[0].minutes == "Kort runde."
    assert items[1].minutes == "Projektet er forsinket.\nNy plan følger."
    assert items[2].minutes == "Ikke offentligt."


FLAT = """Referat af møde i Netværket for Ældre

Punkt og ansvarlig | Referat

Godkendelse af dagsorden v. alle Dagsordenen blev godkendt.

Ny budgetmodel for | Modellen blev vist, og der var
hjemmeplejen v. Julie spørgsmål til taksterne.
Folke
Næste skridt aftales senere.

Orientering fra
sekretariatet v. Gudrun
Smed-Ibsen

Der er ansat en ny konsulent (v. leder af centret Bo Ek).
"""


def test_flattened_table_without_numbers(minutes) -> None:  # type: ignore[no-untyped-def]
    items = read_items(FLAT, _registry(minutes))
    assert [(i.number, i.title, i.responsible.written if i.responsible else None) for i in items] == [
        ("1", "Godkendelse af dagsorden", "alle"),
        ("2", "Ny budgetmodel for hjemmeplejen", "Julie"),
        ("3", "Orientering fra sekretariatet", "Gudrun Smed-Ibsen"),
    ]
    assert items[0].responsible is not None and items[0].responsible.id is None
    assert items[2].minutes == "Der er ansat en ny konsulent (v. leder af centret Bo Ek)."


def test_no_numbered_headings_no_items(minutes) -> None:  # type: ignore[no-untyped-def]
    assert read_items("Referat\n\nVelkomst\nAlle blev budt velkommen.\n", _registry(minutes)) == []


# What bench/bench_import.py measured on the seed texts (docs/import.md): agenda items found
# (number + title) over the four texts, of 34 in the gold, and those read that match none.
MEASURED_HITS = 25
MEASURED_EXTRA = 7


@pytest.mark.parametrize("aliases", [True, False])
def test_seed_item_scores_stay(minutes, aliases) -> None:  # type: ignore[no-untyped-def]
    scored = scores(SEEDS, minutes.root, aliases)
    assert len(scored) == 4, f"de fire OCR-tekster mangler i {SEEDS}"
    total = Counts()
    for name, score in scored:
        assert score is not None, f"{name}: intet møde med den læste dato"
        total += score.items
    assert total.hits + total.missed == 34
    assert total.hits >= MEASURED_HITS, total
    assert total.extra <= MEASURED_EXTRA, total
