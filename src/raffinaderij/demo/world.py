"""The true world of one chunk: persons in households, addresses, phones, vehicles, incidents
and planted networks, held as numpy arrays (no per-person objects on the hot path)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from raffinaderij.demo.lists import (
    GIVEN,
    INCIDENT_CODES,
    NETWORK_CODES,
    PLACES,
    ROEP,
    SURNAMES,
)
from raffinaderij.demo.objects import add_addresses, add_phones, add_vehicles

__all__ = ["ROLES", "Counters", "Network", "World", "build_world", "days", "years_window"]

ROLES = ["suspect", "victim", "witness", "reporter", "other"]
SUSPECT, VICTIM, WITNESS, REPORTER, OTHER = range(5)
HEAD, PARTNER, CHILD = 0, 1, 2
_YEAR = 365.2425


def days(d: date) -> np.datetime64:
    return np.datetime64(d.isoformat(), "D")


def years_window(today: np.datetime64, years: int = 12) -> tuple[np.datetime64, np.datetime64]:
    """Registrations spread over 12 years before `today`, so every retention term bites."""
    return today - np.timedelta64(int(years * _YEAR), "D"), today


@dataclass
class Counters:
    """Global counters carried from chunk to chunk (chunks are generated in order)."""

    address: int = 0
    phone: int = 0
    mobile: int = 0
    fixed: int = 0
    vehicle: int = 0
    incident: int = 0
    plate: dict[int, int] = field(default_factory=dict)


@dataclass
class Network:
    id: str
    members: np.ndarray
    vehicles: list[int]
    phones: list[int]
    addresses: list[int]
    incidents: list[int]  # local incident indices (co-offending)
    start: np.datetime64
    end: np.datetime64


@dataclass
class World:
    chunk: int
    offset: int
    n: int
    today: np.datetime64
    pid: list[str]
    sex: np.ndarray
    birth: np.ndarray
    given: np.ndarray
    roep: np.ndarray
    surname: np.ndarray
    partner: np.ndarray
    name_use: np.ndarray
    father: np.ndarray
    mother: np.ndarray
    household: np.ndarray
    hh_role: np.ndarray
    twin: np.ndarray
    home: np.ndarray
    phone1: np.ndarray
    phone2: np.ndarray
    vehicle: np.ndarray
    bsn: np.ndarray
    #: BSNs still free for this chunk, handed out to art. 9 subjects (large worlds, see generate)
    bsn_reserve: np.ndarray
    weight: np.ndarray
    # addresses
    a_id: list[str]
    a_place: np.ndarray
    a_street: np.ndarray
    a_number: np.ndarray
    a_letter: list[str]
    a_addition: list[str]
    a_pc: list[str]
    a_lat: np.ndarray
    a_lon: np.ndarray
    # phones
    t_id: list[str]
    t_number: list[str]
    t_kind: list[str]
    # vehicles
    v_id: list[str]
    v_plate: list[str]
    v_year: np.ndarray
    v_make: np.ndarray
    v_model: list[str]
    v_colour: np.ndarray
    v_keeper: np.ndarray
    # extra true links beyond the slots above: (person, target) pairs
    drives: list[tuple[int, int]]
    uses: list[tuple[int, int]]
    lives: list[tuple[int, int]]
    alt_addr: np.ndarray
    alt_phone: np.ndarray
    alt_vehicle: np.ndarray
    networks: list[Network]
    # true incidents
    i_id: list[str]
    i_code: np.ndarray
    i_date: np.ndarray
    i_addr: np.ndarray
    inv_inc: np.ndarray
    inv_person: np.ndarray
    inv_role: np.ndarray
    #: persons written to at least one source (for the subjects file)
    seen: np.ndarray

    def age_at(self, when: np.datetime64) -> np.ndarray:
        return ((when - self.birth).astype(np.int64) / _YEAR).astype(np.int64)


def _age_probs(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    ages = np.arange(lo, hi + 1)
    w = np.where(ages <= 65, 1.0, np.clip((100 - ages) / 35.0, 0.02, 1.0))
    return ages, w / w.sum()


def _households(rng: np.random.Generator, n: int) -> np.ndarray:
    sizes = rng.choice(np.arange(1, 7), size=n, p=[0.38, 0.31, 0.12, 0.13, 0.045, 0.015])
    cs = np.cumsum(sizes)
    k = int(np.searchsorted(cs, n))
    sizes = sizes[: k + 1].copy()
    sizes[-1] -= int(cs[k] - n)
    return sizes


def build_world(
    *,
    chunk: int,
    offset: int,
    n: int,
    rng: np.random.Generator,
    today: np.datetime64,
    counters: Counters,
    bsn_numbers: np.ndarray,
    bsn_reserve: np.ndarray,
    network_ids: list[str],
    incident_rate: float = 0.3,
) -> World:
    sizes = _households(rng, n)
    nh = len(sizes)
    couple = np.where(sizes == 1, False, rng.random(nh) < np.where(sizes == 2, 0.75, 0.85))
    starts = np.cumsum(sizes) - sizes
    hh = np.repeat(np.arange(nh), sizes)
    pos = np.arange(n) - starts[hh]
    role = np.where(pos == 0, HEAD, np.where((pos == 1) & couple[hh], PARTNER, CHILD))
    has_kids = (sizes - couple.astype(np.int64)) > 1

    ages_all, p_all = _age_probs(18, 99)
    ages_par, p_par = _age_probs(25, 60)
    head_age = np.where(
        has_kids, rng.choice(ages_par, size=nh, p=p_par), rng.choice(ages_all, size=nh, p=p_all)
    )
    head_sex = (rng.random(nh) < 0.5).astype(np.int8)
    head_idx = starts[hh]
    partner_idx = np.where(couple[hh], starts[hh] + 1, -1)
    sex = np.where(
        role == HEAD,
        head_sex[hh],
        np.where(
            role == PARTNER,
            np.where(rng.random(n) < 0.96, 1 - head_sex[hh], head_sex[hh]),
            rng.random(n) < 0.5,
        ),
    ).astype(np.int8)
    age = np.where(
        role == HEAD,
        head_age[hh],
        np.where(
            role == PARTNER,
            np.clip(head_age[hh] + np.round(rng.normal(0, 3, n)).astype(np.int64), 18, 100),
            np.clip(head_age[hh] - rng.integers(20, 41, n), 0, np.maximum(head_age[hh] - 18, 0)),
        ),
    )
    birth = today - (age * _YEAR + rng.random(n) * 364).astype(np.int64).astype("timedelta64[D]")
    # twins: a child born on the same day as the sibling before it
    prev_child = np.zeros(n, dtype=bool)
    prev_child[1:] = (role[1:] == CHILD) & (role[:-1] == CHILD) & (hh[1:] == hh[:-1])
    twin = np.full(n, -1, dtype=np.int64)
    tw = np.flatnonzero(prev_child & (rng.random(n) < 0.03))
    birth[tw] = birth[tw - 1]
    twin[tw] = tw - 1
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    era = np.where(year <= 1960, 0, np.where(year <= 1990, 1, 2))

    # given names: 1-4 per person, drawn from the names of the birth era and sex
    given = np.full((n, 4), -1, dtype=np.int64)
    count_p = [[0.15, 0.35, 0.35, 0.15], [0.3, 0.4, 0.22, 0.08], [0.4, 0.4, 0.15, 0.05]]
    count = np.ones(n, dtype=np.int64)
    for s in (0, 1):
        for e in (0, 1, 2):
            idx = np.flatnonzero((sex == s) & (era == e))
            if len(idx):
                given[idx] = rng.choice(len(GIVEN.names), size=(len(idx), 4), p=GIVEN.p[s][e])
                count[idx] = rng.choice([1, 2, 3, 4], size=len(idx), p=count_p[e])
    head_male = sex[head_idx] == 0
    partner_male = (partner_idx >= 0) & (sex[np.maximum(partner_idx, 0)] == 0)
    child = role == CHILD
    father = np.where(
        child, np.where(head_male, head_idx, np.where(partner_male, partner_idx, -1)), -1
    )
    mother = np.where(
        child,
        np.where(
            ~head_male, head_idx, np.where((partner_idx >= 0) & ~partner_male, partner_idx, -1)
        ),
        -1,
    )
    # sons named after their father
    sons = np.flatnonzero(child & (sex == 0) & (father >= 0) & (rng.random(n) < 0.12))
    given[sons, 0] = given[father[sons], 0]
    for j in range(1, 4):
        dup = (given[:, j : j + 1] == given[:, :j]).any(axis=1) | (j >= count)
        given[dup, j] = -1
    order = np.argsort(given == -1, axis=1, kind="stable")
    given = np.take_along_axis(given, order, axis=1)

    g0 = given[:, 0]
    cnt = ROEP.opt_count[g0]
    use = (cnt > 0) & (rng.random(n) < np.array([0.6, 0.25, 0.1])[era])
    pick = ROEP.opt_flat[
        np.minimum(
            ROEP.opt_start[g0] + (rng.random(n) * cnt).astype(np.int64), len(ROEP.opt_flat) - 1
        )
    ]
    roep = np.where(use, pick, g0)

    own = rng.choice(len(SURNAMES.base), size=n, p=SURNAMES.p)
    parent = np.where(
        (father >= 0) & (rng.random(n) < 0.9), father, np.where(mother >= 0, mother, head_idx)
    )
    surname = np.where(child, own[parent], own)
    partner = np.where(
        role == HEAD,
        np.where(couple[hh], starts[hh] + 1, -1),
        np.where(role == PARTNER, head_idx, -1),
    )
    # naamgebruik E/P/V/N: older women with a male partner often use his name
    use_p = np.array([[0.3, 0.35, 0.3, 0.05], [0.6, 0.15, 0.2, 0.05], [0.88, 0.04, 0.06, 0.02]])
    name_use = np.zeros(n, dtype=np.int8)
    has_male_partner = (partner >= 0) & (sex == 1) & (sex[np.maximum(partner, 0)] == 0)
    for e in (0, 1, 2):
        idx = np.flatnonzero(has_male_partner & (era == e))
        name_use[idx] = rng.choice(4, size=len(idx), p=use_p[e])
    men = np.flatnonzero((partner >= 0) & (sex == 0))
    name_use[men] = rng.choice(4, size=len(men), p=[0.97, 0.01, 0.01, 0.01])

    gidx = offset + np.arange(n)
    bsn = np.zeros(n, dtype=np.int64)
    bsn[: len(bsn_numbers)] = bsn_numbers[:n]

    adult_age = ((today - birth).astype(np.int64) / _YEAR).astype(np.int64)
    base = np.where(
        adult_age < 12, 0.03, np.where(adult_age < 16, 0.4, np.where(adult_age > 75, 0.3, 1.0))
    )
    weight = base * rng.lognormal(0, 0.8, n) * np.where(rng.random(n) < 0.03, 8.0, 1.0)

    w: dict = {
        "a_id": [],
        "a_place": np.zeros(0, np.int64),
        "a_street": np.zeros(0, np.int64),
        "a_number": np.zeros(0, np.int64),
        "a_letter": [],
        "a_addition": [],
        "a_pc": [],
        "a_lat": np.zeros(0),
        "a_lon": np.zeros(0),
        "t_id": [],
        "t_number": [],
        "t_kind": [],
        "v_id": [],
        "v_plate": [],
        "v_year": np.zeros(0, np.int64),
        "v_make": np.zeros(0, np.int64),
        "v_model": [],
        "v_colour": np.zeros(0, np.int64),
        "v_keeper": np.zeros(0, np.int64),
    }
    hh_addr = add_addresses(w, rng, nh, counters)
    home = hh_addr[hh]

    # phones: own mobiles, sometimes shared with the partner; a household fixed line
    wants_mobile = np.where(
        adult_age >= 16,
        rng.random(n) < np.where(adult_age > 75, 0.6, 0.93),
        (adult_age >= 12) & (rng.random(n) < 0.7),
    )
    share = (role == PARTNER) & (rng.random(n) < 0.04)
    own_mobile = wants_mobile & ~share
    mob_idx = np.flatnonzero(own_mobile)
    phone1 = np.full(n, -1, dtype=np.int64)
    phone1[mob_idx] = add_phones(w, counters, "mobiel", m=len(mob_idx))
    sh = np.flatnonzero(share & (phone1[head_idx] >= 0))
    phone1[sh] = phone1[head_idx[sh]]
    fixed_hh = np.flatnonzero(rng.random(nh) < 0.2 + 0.5 * (head_age > 60))
    hh_fixed = np.full(nh, -1, dtype=np.int64)
    areas = [PLACES[p].area for p in w["a_place"][hh_addr[fixed_hh]].tolist()]
    hh_fixed[fixed_hh] = add_phones(w, counters, "vast", areas=areas)
    fixed = hh_fixed[hh]
    phone2 = np.where((phone1 >= 0) & (adult_age >= 18), fixed, -1)
    phone1 = np.where(phone1 >= 0, phone1, np.where(adult_age >= 18, fixed, -1))

    # vehicles: about 4 in 10 adults keep a car; partners often drive it too
    keepers = np.flatnonzero((adult_age >= 18) & (adult_age <= 88) & (rng.random(n) < 0.42))
    vidx = add_vehicles(w, rng, keepers, today, counters)
    vehicle = np.full(n, -1, dtype=np.int64)
    vehicle[keepers] = vidx
    drives: list[tuple[int, int]] = []
    kp = partner[keepers]
    ok = (kp >= 0) & (rng.random(len(keepers)) < 0.5)
    drives += list(zip(kp[ok].tolist(), vidx[ok].tolist(), strict=True))

    alt_addr = np.full(n, -1, dtype=np.int64)
    alt_phone = np.full(n, -1, dtype=np.int64)
    alt_vehicle = np.full(n, -1, dtype=np.int64)
    for p, v in drives:
        alt_vehicle[p] = v
    uses: list[tuple[int, int]] = []
    lives: list[tuple[int, int]] = []
    start_w, end_w = years_window(today)
    span_days = int((end_w - start_w).astype(np.int64))

    # planted networks
    networks: list[Network] = []
    taken = np.zeros(n, dtype=bool)
    net_incidents: list[tuple[int, np.datetime64, int, list[int], list[int]]] = []
    for nid in network_ids:
        cands = np.flatnonzero((adult_age >= 18) & (adult_age <= 55) & ~taken)
        size = min(int(rng.integers(4, 11)), len(cands))
        if size < 3:
            continue
        members = np.sort(rng.choice(cands, size=size, replace=False))
        taken[members] = True
        weight[members] *= 15.0
        nstart = start_w + np.timedelta64(int(rng.integers(0, span_days - 900)), "D")
        nend = min(nstart + np.timedelta64(int(rng.integers(700, 2200)), "D"), today)
        old = np.flatnonzero((adult_age >= 68) & ~taken)
        n_veh = int(rng.integers(1, 4))
        keeper_list = [
            int(rng.choice(old)) if (len(old) and rng.random() < 0.4) else int(rng.choice(members))
            for _ in range(n_veh)
        ]
        nv = add_vehicles(w, rng, np.array(keeper_list, dtype=np.int64), today, counters)
        for v in nv.tolist():
            for d in rng.choice(
                members, size=min(len(members), int(rng.integers(2, 4))), replace=False
            ).tolist():
                drives.append((d, v))
                alt_vehicle[d] = v
        nt = add_phones(w, counters, "mobiel", m=int(rng.integers(1, 3)))
        for t in nt.tolist():
            for u in rng.choice(
                members, size=min(len(members), int(rng.integers(2, 4))), replace=False
            ).tolist():
                uses.append((u, t))
                alt_phone[u] = t
        na = add_addresses(w, rng, 1, counters, near=home[members[:1]])
        for r in rng.choice(
            members, size=min(len(members), int(rng.integers(2, 4))), replace=False
        ).tolist():
            lives.append((r, int(na[0])))
            alt_addr[r] = int(na[0])
        incs: list[int] = []
        for _ in range(int(rng.integers(4, 10))):
            k = min(len(members), int(rng.integers(2, 5)))
            who = rng.choice(members, size=k, replace=False).tolist()
            roles = [SUSPECT] * k
            if rng.random() < 0.5:  # a bystander from the population
                who.append(int(rng.integers(0, n)))
                roles.append(WITNESS)
            code = [c[0] for c in INCIDENT_CODES].index(
                NETWORK_CODES[int(rng.integers(0, len(NETWORK_CODES)))]
            )
            when = nstart + np.timedelta64(
                int(rng.integers(0, max(1, int((nend - nstart).astype(np.int64))))), "D"
            )
            place = int(na[0]) if rng.random() < 0.4 else int(home[int(rng.choice(members))])
            incs.append(len(net_incidents))
            net_incidents.append((code, when, place, who, roles))
        networks.append(
            Network(
                nid,
                members,
                [int(v) for v in nv],
                [int(t) for t in nt],
                [int(na[0])],
                incs,
                nstart,
                nend,
            )
        )

    # true incidents: persons drawn by propensity, the first one reports or is the victim
    m = int(round(incident_rate * n))
    code_w = np.array([c[2] for c in INCIDENT_CODES])
    i_code = rng.choice(len(INCIDENT_CODES), size=m, p=code_w / code_w.sum())
    i_date = start_w + rng.integers(0, span_days, m).astype("timedelta64[D]")
    per_inc = rng.choice([1, 2, 3, 4], size=m, p=[0.35, 0.35, 0.2, 0.1])
    inv_inc = np.repeat(np.arange(m), per_inc)
    inv_person = rng.choice(n, size=len(inv_inc), p=weight / weight.sum())
    first = np.ones(len(inv_inc), dtype=bool)
    first[1:] = inv_inc[1:] != inv_inc[:-1]
    inv_role = np.where(
        first,
        np.where(rng.random(len(inv_inc)) < 0.45, REPORTER, VICTIM),
        rng.choice(5, size=len(inv_inc), p=[0.45, 0.1, 0.3, 0.0, 0.15]),
    )
    # one person once per incident
    key = inv_inc * n + inv_person
    _, keep = np.unique(key, return_index=True)
    keep.sort()
    inv_inc, inv_person, inv_role = inv_inc[keep], inv_person[keep], inv_role[keep]
    first_person = inv_person[np.searchsorted(inv_inc, np.arange(m))]
    i_addr = np.where(rng.random(m) < 0.5, home[first_person], rng.integers(0, len(w["a_id"]), m))
    # append the networks' co-offending incidents
    if net_incidents:
        base_i = m
        i_code = np.concatenate([i_code, [x[0] for x in net_incidents]])
        i_date = np.concatenate(
            [i_date, np.array([x[1] for x in net_incidents], dtype="datetime64[D]")]
        )
        i_addr = np.concatenate([i_addr, [x[2] for x in net_incidents]])
        extra_inc = [base_i + j for j, x in enumerate(net_incidents) for _ in x[3]]
        inv_inc = np.concatenate([inv_inc, extra_inc])
        inv_person = np.concatenate([inv_person, [p for x in net_incidents for p in x[3]]])
        inv_role = np.concatenate([inv_role, [r for x in net_incidents for r in x[4]]])
        for net in networks:
            net.incidents = [base_i + j for j in net.incidents]
    n_inc = len(i_code)
    i_id = [f"I{counters.incident + j + 1:09d}" for j in range(n_inc)]
    counters.incident += n_inc

    return World(
        chunk=chunk,
        offset=offset,
        n=n,
        today=today,
        pid=[f"P{g + 1:08d}" for g in gidx.tolist()],
        sex=sex,
        birth=birth,
        given=given,
        roep=roep,
        surname=surname,
        partner=partner,
        name_use=name_use,
        father=father,
        mother=mother,
        household=hh,
        hh_role=role,
        twin=twin,
        home=home,
        phone1=phone1,
        phone2=phone2,
        vehicle=vehicle,
        bsn=bsn,
        bsn_reserve=bsn_reserve,
        weight=weight,
        a_id=w["a_id"],
        a_place=w["a_place"],
        a_street=w["a_street"],
        a_number=w["a_number"],
        a_letter=w["a_letter"],
        a_addition=w["a_addition"],
        a_pc=w["a_pc"],
        a_lat=w["a_lat"],
        a_lon=w["a_lon"],
        t_id=w["t_id"],
        t_number=w["t_number"],
        t_kind=w["t_kind"],
        v_id=w["v_id"],
        v_plate=w["v_plate"],
        v_year=w["v_year"],
        v_make=w["v_make"],
        v_model=w["v_model"],
        v_colour=w["v_colour"],
        v_keeper=w["v_keeper"],
        drives=drives,
        uses=uses,
        lives=lives,
        alt_addr=alt_addr,
        alt_phone=alt_phone,
        alt_vehicle=alt_vehicle,
        networks=networks,
        i_id=i_id,
        i_code=i_code.astype(np.int64),
        i_date=i_date,
        i_addr=i_addr.astype(np.int64),
        inv_inc=inv_inc.astype(np.int64),
        inv_person=inv_person.astype(np.int64),
        inv_role=inv_role.astype(np.int64),
        seen=np.zeros(n, dtype=bool),
    )
