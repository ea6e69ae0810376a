"""Constrained, deterministic clustering of scored pairs (better than plain connected components).

- Analyst decisions win: confirmed pairs are merged first, split pairs never end in one cluster.
- Never two different valid BSNs in one cluster.
- A direct "different": two records whose own pair was scored below `cannot_weight` never end
  in one cluster through others (a chain of weak pairs, household member to household member).
- Weak-bridge cutting: two groups that both already hold several records merge only on a strong
  link or on links from at least half the smaller group, never on one middling edge (the
  household / namesake bridge that chains two people together).
Edges are processed in a fixed order (weight desc, then keys), so the same input gives the same
clusters (LAW-15).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["ClusterParams", "cluster"]


@dataclass(frozen=True)
class ClusterParams:
    link_weight: float = 0.0  # below this (match probability 0.5) the model does not link
    strong_weight: float = 14.0  # one edge at or above this may join two groups
    support: float = 0.5  # share of the smaller group that must link to join two groups
    rounds: int = 3
    # a pair scored below this (odds 1:64, probability 0.015: the fields say "another person",
    # not "too little to tell") keeps its two records apart, whatever chain joins them
    cannot_weight: float | None = -6.0


class _UF:
    def __init__(self, n: int, bsn: Sequence[str | None]) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.bsn = list(bsn)
        self.splits: dict[int, dict[int, int]] = {}
        # root -> records (indexes) that a member of its cluster was scored apart from
        self.apart: dict[int, set[int]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def conflict(self, a: int, b: int) -> bool:
        ba, bb = self.bsn[a], self.bsn[b]
        if ba is not None and bb is not None and ba != bb:
            return True
        sa, sb = self.splits.get(a), self.splits.get(b)
        if sa and sb:
            small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
            if any(big.get(t, side) != side for t, side in small.items()):
                return True
        return self._apart(a, b) or self._apart(b, a)

    def _apart(self, a: int, b: int) -> bool:
        """A member of a's cluster was scored apart from a member of b's cluster."""
        return any(self.find(x) == b for x in self.apart.get(a, ()))

    def union(self, a: int, b: int) -> None:
        if self.size[a] < self.size[b] or (self.size[a] == self.size[b] and b < a):
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]
        if self.bsn[a] is None:
            self.bsn[a] = self.bsn[b]
        sb = self.splits.pop(b, None)
        if sb:
            self.splits.setdefault(a, {}).update(sb)
        xb = self.apart.pop(b, None)
        if xb:
            xa = self.apart.get(a)
            if xa is None:
                self.apart[a] = xb
            elif len(xa) < len(xb):
                xb |= xa
                self.apart[a] = xb
            else:
                xa |= xb


def cluster(
    keys: Sequence[str],
    bsn: Sequence[str | None],
    edges: Iterable[tuple[str, str, float]],
    *,
    confirms: Iterable[tuple[str, str]] = (),
    splits: Iterable[tuple[str, str]] = (),
    params: ClusterParams = ClusterParams(),
) -> dict[str, str]:
    """entity_key -> entity_id (the smallest entity_key of its cluster)."""
    index = {k: i for i, k in enumerate(keys)}
    uf = _UF(len(keys), bsn)
    for t, (a, b) in enumerate(sorted(splits)):
        if a in index and b in index:
            uf.splits.setdefault(index[a], {})[t] = 0
            uf.splits.setdefault(index[b], {})[t] = 1
    for a, b in sorted(confirms):
        if a in index and b in index:
            ra, rb = uf.find(index[a]), uf.find(index[b])
            if ra != rb and not _split_conflict(uf, ra, rb):
                uf.union(ra, rb)

    ordered = []
    cannot = params.cannot_weight
    for a, b, w in edges:
        if a not in index or b not in index:
            continue
        if w >= params.link_weight:
            ordered.append((-w, a, b))
        elif cannot is not None and w < cannot:
            ia, ib = index[a], index[b]
            uf.apart.setdefault(uf.find(ia), set()).add(ib)
            uf.apart.setdefault(uf.find(ib), set()).add(ia)
    ordered.sort()
    deferred: list[tuple[int, int, float]] = []
    for negw, a, b in ordered:
        ia, ib = index[a], index[b]
        ra, rb = uf.find(ia), uf.find(ib)
        if ra == rb or uf.conflict(ra, rb):
            continue
        if -negw >= params.strong_weight or uf.size[ra] == 1 or uf.size[rb] == 1:
            uf.union(ra, rb)
        else:
            deferred.append((ia, ib, -negw))

    for _ in range(params.rounds):
        support: dict[tuple[int, int], list[float]] = {}
        for ia, ib, w in deferred:
            ra, rb = uf.find(ia), uf.find(ib)
            if ra == rb:
                continue
            pair = (ra, rb) if ra < rb else (rb, ra)
            s = support.setdefault(pair, [0.0, 0.0])
            s[0] += 1
            s[1] += w
        merged = False
        for (ra, rb), (count, _total) in sorted(
            support.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0])
        ):
            if uf.find(ra) != ra or uf.find(rb) != rb:
                continue  # one side changed this round; look again next round
            need = max(1, math.ceil(params.support * min(uf.size[ra], uf.size[rb])))
            if count >= need and not uf.conflict(ra, rb):
                uf.union(ra, rb)
                merged = True
        if not merged:
            break

    smallest: dict[int, str] = {}
    for k, i in index.items():
        r = uf.find(i)
        cur = smallest.get(r)
        if cur is None or k < cur:
            smallest[r] = k
    return {k: smallest[uf.find(i)] for k, i in index.items()}


def _split_conflict(uf: _UF, a: int, b: int) -> bool:
    sa, sb = uf.splits.get(a), uf.splits.get(b)
    if not sa or not sb:
        return False
    return any(sb.get(t, side) != side for t, side in sa.items())
