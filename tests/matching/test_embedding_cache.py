"""Bulk embedding: rows in input order, whatever the batching, and progress as it goes."""

from __future__ import annotations

import numpy as np

from matching.embedding_cache import EMBED_BATCH, embed_in_batches
from tests.fakes import HashingEmbedder


def test_embedding_in_batches_keeps_the_input_order_and_reports_progress_as_it_goes() -> None:
    embedder = HashingEmbedder(64)
    texts = [f"fenêtre {i} " + "mot " * (i % 17) for i in range(3 * EMBED_BATCH + 5)]
    reports: list[tuple[int, int]] = []
    vectors = embed_in_batches(embedder, texts, progress=lambda done, total: reports.append((done, total)))
    np.testing.assert_allclose(vectors, embedder.embed(texts), rtol=1e-6)
    assert [done for done, _ in reports] == [EMBED_BATCH, 2 * EMBED_BATCH, 3 * EMBED_BATCH, len(texts)]
    assert {total for _, total in reports} == {len(texts)}


def test_a_first_start_of_the_seeds_size_reports_progress_before_it_ends() -> None:
    reports: list[int] = []
    embed_in_batches(HashingEmbedder(64), ["texte"] * 232, progress=lambda done, _: reports.append(done))
    assert reports[0] < 232 and reports[-1] == 232


def test_a_bulk_run_embeds_in_larger_calls_reporting_about_every_twentieth() -> None:
    reports: list[int] = []
    embed_in_batches(HashingEmbedder(64), ["texte"] * 3_000, progress=lambda done, _: reports.append(done))
    assert 20 <= len(reports) <= 21
    assert reports[0] == 150 and reports[-1] == 3_000
