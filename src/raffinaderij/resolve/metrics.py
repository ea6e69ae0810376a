"""Accuracy of a clustering against the truth: pairwise and exact-cluster precision/recall/F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

__all__ = ["Scores", "score_clustering"]

Scores = dict[str, float]


def _prf(tp: float, predicted: float, actual: float) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 1.0
    r = tp / actual if actual else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_clustering(predicted: Mapping[str, str], truth: Mapping[str, str]) -> Scores:
    """Over the records in both mappings. Pair scores count record pairs put together; cluster
    scores count clusters reproduced exactly (precision over predicted, recall over true)."""
    keys = [k for k in predicted if k in truth]
    pred = Counter(predicted[k] for k in keys)
    true = Counter(truth[k] for k in keys)
    both = Counter((predicted[k], truth[k]) for k in keys)

    def pairs(c: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in c.values())

    pp, pr, pf = _prf(pairs(both), pairs(pred), pairs(true))  # type: ignore[arg-type]
    # a predicted cluster is exact when all its records share one true id and that true cluster
    # has no records elsewhere
    exact = sum(1 for (pc, tc), n in both.items() if pred[pc] == n and true[tc] == n)
    cp, cr, cf = _prf(exact, len(pred), len(true))
    return {
        "pair_precision": pp,
        "pair_recall": pr,
        "pair_f1": pf,
        "cluster_precision": cp,
        "cluster_recall": cr,
        "cluster_f1": cf,
        "records": len(keys),
    }
