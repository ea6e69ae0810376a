"""Households, names and planted structure in the true world."""

from __future__ import annotations

import csv
from collections import Counter

import pyarrow.parquet as pq

from raffinaderij.demo import GenerateReport


def _links(demo: GenerateReport) -> list[dict[str, str]]:
    with (demo.truth / "links.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_households_partners_twins_and_sons(demo: GenerateReport) -> None:
    persons = {p["true_id"]: p for p in pq.read_table(demo.truth / "persons.parquet").to_pylist()}
    links = _links(demo)
    partners = [(lk["from_id"], lk["to_id"]) for lk in links if lk["type"] == "partnerOf"]
    assert len(partners) > 200
    assert all(persons[a]["home"] == persons[b]["home"] for a, b in partners)
    twins = [(lk["from_id"], lk["to_id"]) for lk in links if lk["type"] == "twinOf"]
    assert twins and all(
        persons[a]["birth_date"] == persons[b]["birth_date"]
        and persons[a]["household"] == persons[b]["household"]
        for a, b in twins
    )
    named_after = sum(
        1
        for lk in links
        if lk["type"] == "parentOf"
        and persons[lk["from_id"]]["sex"] == "M"
        and persons[lk["to_id"]]["sex"] == "M"
        and persons[lk["to_id"]]["given_names"].split()[0]
        == persons[lk["from_id"]]["given_names"].split()[0]
    )
    assert named_after >= 5
    uses = Counter(p["name_use"] for p in persons.values())
    assert set(uses) == {"E", "P", "V", "N"} and uses["E"] > len(persons) / 2


def test_names_fit_the_birth_year_and_particles_are_frequent(demo: GenerateReport) -> None:
    persons = pq.read_table(demo.truth / "persons.parquet").to_pylist()
    young = [p for p in persons if p["birth_date"] >= "1995"]
    old = [p for p in persons if p["birth_date"] < "1955"]
    assert not any(
        "Geertruida" in p["given_names"] or "Wilhelmus" in p["given_names"] for p in young
    )
    assert not any(
        p["given_names"].split()[0] in {"Sem", "Jayden", "Tygo", "Noa", "Mila"} for p in old
    )
    counts = Counter(len(p["given_names"].split()) for p in persons)
    assert set(counts) == {1, 2, 3, 4}
    share = sum(bool(p["surname_prefix"]) for p in persons) / len(persons)
    assert 0.2 < share < 0.45
    prefixes = Counter(p["surname_prefix"] for p in persons if p["surname_prefix"])
    assert {"de", "van", "van der", "van den"} <= set(prefixes)
    assert any(p["roepnaam"] != p["given_names"].split()[0] for p in persons)


def test_every_person_lives_somewhere_and_phones_are_shared_in_households(
    demo: GenerateReport,
) -> None:
    links = _links(demo)
    lives = {lk["from_id"] for lk in links if lk["type"] == "livesAt"}
    assert len(lives) == 2000
    users = Counter(lk["to_id"] for lk in links if lk["type"] == "usesPhone")
    assert any(n >= 2 for n in users.values())
