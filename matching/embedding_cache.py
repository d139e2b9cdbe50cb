"""Profile vectors, cached by (model id, text hash): only changed text is embedded again.

The store keeps each owner's windows (candidates and projects) with their vectors; it is the
cache that survives restarts and is shared by every process. A running matcher also keeps the
vectors of the current windows in memory, so a refresh after a small import reads and embeds
only what is new. Owners that are no longer embedded (an expert demoted to agent, an erased
person, a deleted project) lose their stored vectors at the next refresh.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from graph.store import GraphStore, ProfileChunk, Vector
from matching.embedder import Embedder

logger = logging.getLogger(__name__)

WRITE_GROUP = 1000
"""Owners whose vectors are written per transaction."""

EMBED_BATCH = 64
"""Fewest windows embedded between two progress reports: a first start of the seed embeds 232,
and /health must show it move."""
EMBED_BATCH_MAX = 256
"""Most windows per call: a bulk run reports about every 5% and keeps the model's throughput
(calls of 64 cost 0.86x of raw encode against 1.02x for 256; bench/README.md)."""
REPORTS = 20

Progress = Callable[[int, int], None]
"""``progress(done, total)``, in windows embedded."""


@dataclass(frozen=True)
class EmbeddingStats:
    """What one refresh did: owners and windows in all, windows embedded now, and how fast."""

    owners: int
    chunks: int
    embedded: int
    seconds: float
    dropped: int = 0
    """Owners whose stored vectors were removed because they are no longer embedded."""

    @property
    def texts_per_second(self) -> float:
        return self.embedded / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        dropped = f", vectors of {self.dropped} former owners dropped" if self.dropped else ""
        if not self.embedded:
            return f"{self.chunks} profile windows of {self.owners} owners, all cached{dropped}"
        return (
            f"embedded {self.embedded} of {self.chunks} profile windows "
            f"({self.owners} owners) in {self.seconds:.1f} s, "
            f"{self.texts_per_second:.1f} texts/s{dropped}"
        )


def embed_in_batches(embedder: Embedder, texts: Sequence[str], *, progress: Progress | None = None) -> Vector:
    """Embed texts, shortest first (less padding per batch), reporting progress; rows in input order."""
    if not texts:
        return np.zeros((0, embedder.dimensions), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
    out: Vector | None = None
    batch = min(EMBED_BATCH_MAX, max(EMBED_BATCH, -(-len(order) // REPORTS)))
    for start in range(0, len(order), batch):
        part = order[start : start + batch]
        vectors = embedder.embed([texts[i] for i in part])
        if out is None:
            out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
        out[part] = vectors
        if progress is not None:
            progress(min(start + batch, len(order)), len(order))
    assert out is not None
    return out


def sync_vectors(
    store: GraphStore,
    embedder: Embedder,
    owners: Mapping[str, Sequence[tuple[str, str]]],
    *,
    known: Mapping[str, Vector] | None = None,
    progress: Progress | None = None,
) -> tuple[EmbeddingStats, dict[str, Vector]]:
    """Bring the stored vectors of ``owners`` up to date and return every window's vector.

    Args:
        owners: owner id -> its windows as (text hash, text), in order.
        known: vectors already in memory, by text hash (the previous refresh's).
        progress: called while windows are embedded.

    Returns:
        What was done, and text hash -> vector for every window of every owner.
    """
    model_id = embedder.model_id
    memory = dict(known or {})
    hashes = {owner: [h for h, _ in ws] for owner, ws in owners.items()}
    needed = {h: w for ws in owners.values() for h, w in ws}
    from_store = store.cached_vectors(model_id, [h for h in needed if h not in memory])
    memory.update(from_store)
    missing = {h: w for h, w in needed.items() if h not in memory}
    started = time.perf_counter()
    if missing:
        logger.info("embedding %d new profile windows", len(missing))
        vectors = embed_in_batches(embedder, list(missing.values()), progress=progress)
        memory.update(zip(missing, vectors, strict=True))
    seconds = time.perf_counter() - started
    stored = store.profile_hashes(model_id)
    changed = [owner for owner in sorted(hashes) if stored.get(owner) != hashes[owner]]
    stale = sorted(owner for owner in stored if owner not in hashes)
    # Each owner's replacement is atomic; groups keep one transaction to a bounded size.
    for start in range(0, len(changed), WRITE_GROUP):
        group = changed[start : start + WRITE_GROUP]
        store.set_profiles(
            model_id, {owner: [ProfileChunk(h, memory[h]) for h in hashes[owner]] for owner in group}
        )
    for start in range(0, len(stale), WRITE_GROUP):
        store.set_profiles(model_id, {owner: [] for owner in stale[start : start + WRITE_GROUP]})
    stats = EmbeddingStats(
        owners=len(owners),
        chunks=sum(len(h) for h in hashes.values()),
        embedded=len(missing),
        seconds=seconds,
        dropped=len(stale),
    )
    logger.info("%s", stats)
    return stats, {h: memory[h] for h in needed}
