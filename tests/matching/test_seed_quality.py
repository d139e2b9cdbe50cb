"""Suggestion quality on the seed network's labelled drafts, through the real model."""

from __future__ import annotations

import statistics

import pytest

from graph.embedded import EmbeddedStore
from matching.embedder import Embedder
from matching.evaluation import ndcg_at_k, recall_at_k
from matching.matcher import Matcher

pytestmark = pytest.mark.model

RECALL_FLOOR = 0.83
"""Raised to what the matcher measures, 0.848 (see the test's docstring), less drift."""
NDCG_FLOOR = 0.77


def test_labelled_set_is_large_enough_and_resolves(
    seed_store: EmbeddedStore, labelled_drafts: list[dict[str, object]]
) -> None:
    assert len(labelled_drafts) >= 20
    for draft in labelled_drafts:
        for person in draft["experts"]:  # type: ignore[attr-defined]
            assert "expert" in seed_store.get(person).roles  # type: ignore[attr-defined]
        for org in draft["organisations"]:  # type: ignore[attr-defined]
            seed_store.get(org)


def test_recall_at_10_on_labelled_drafts(
    seed_store: EmbeddedStore, real_embedder: Embedder, labelled_drafts: list[dict[str, object]]
) -> None:
    """Recall@10 over the labelled drafts, experts and organisations pooled per draft.

    First honest measurement, on 2026-11-25 with the fixed blend of three signals: recall@10 =
    0.853 pooled over 28 drafts, nDCG@10 = 0.761. With the matcher of the context issue (every
    signal, default fusion weights, since the seed's 45 projects are too few to learn from), on
    2026-12-01: recall@10 = 0.830, nDCG@10 = 0.769; measured again on 2026-12-02 after that
    day's matcher changes: recall@10 = 0.848, nDCG@10 = 0.781 (floors raised to 0.83 and 0.77).
    The floors leave room for numeric drift across torch builds only; nothing was tuned against
    this set.
    """
    matcher = Matcher(seed_store, real_embedder)
    recalls, ndcgs = [], []
    for draft in labelled_drafts:
        result = matcher.suggest(str(draft["text"]), k=10)
        for ranked, relevant in (
            ([s.id for s in result.experts], draft["experts"]),
            ([s.id for s in result.organisations], draft["organisations"]),
        ):
            recalls.append(recall_at_k(ranked, relevant, 10))  # type: ignore[arg-type]
            ndcgs.append(ndcg_at_k(ranked, relevant, 10))  # type: ignore[arg-type]
        assert result.experts[0].signals["semantic"] > 0  # the real model took part
    recall = statistics.fmean(recalls)
    print(
        f"recall@10 = {recall:.3f}, nDCG@10 = {statistics.fmean(ndcgs):.3f}",
        f"over {len(labelled_drafts)} drafts",
    )
    assert recall >= RECALL_FLOOR
    assert statistics.fmean(ndcgs) >= NDCG_FLOOR
