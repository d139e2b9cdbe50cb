"""Pure ranking metrics for a labelled query set."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence


def recall_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the relevant items found in the first k.

    >>> recall_at_k(["a", "b", "c"], {"a", "c", "d"}, 2)
    0.3333333333333333
    """
    if not relevant:
        raise ValueError("recall needs at least one relevant item")
    return len(set(ranked[:k]).intersection(relevant)) / len(relevant)


def ndcg_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Binary-relevance nDCG: DCG of the first k over the ideal DCG.

    >>> round(ndcg_at_k(["x", "a"], {"a"}, 2), 4)
    0.6309
    """
    if not relevant:
        raise ValueError("nDCG needs at least one relevant item")
    dcg = sum(1 / math.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal


def mrr(ranked: Sequence[str], relevant: Collection[str]) -> float:
    """Reciprocal rank of the first relevant item (0 when none is ranked).

    >>> mrr(["x", "a", "b"], {"a", "b"})
    0.5
    """
    for i, item in enumerate(ranked):
        if item in relevant:
            return 1 / (i + 1)
    return 0.0
