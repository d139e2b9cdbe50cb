"""Profile vectors, cached by (model id, text hash): only changed text is embedded again."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph.store import GraphStore, ProfileChunk
from matching.chunks import chunk_words, text_hash
from matching.embedder import Embedder

logger = logging.getLogger(__name__)

WRITE_GROUP = 1000
"""Owners whose vectors are written per transaction."""


@dataclass(frozen=True)
class EmbeddingStats:
    """What one refresh did: chunks in all, chunks embedded now, and how fast."""

    owners: int
    chunks: int
    embedded: int
    seconds: float

    @property
    def texts_per_second(self) -> float:
        return self.embedded / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        if not self.embedded:
            return f"{self.chunks} profile chunks of {self.owners} candidates, all cached"
        return (
            f"embedded {self.embedded} of {self.chunks} profile chunks "
            f"({self.owners} candidates) in {self.seconds:.1f} s, "
            f"{self.texts_per_second:.1f} texts/s"
        )


def refresh_profile_vectors(
    store: GraphStore,
    embedder: Embedder,
    sections: Mapping[str, Sequence[str]],
    *,
    max_words: int,
) -> EmbeddingStats:
    """Bring the stored profile vectors of ``sections``' owners up to date.

    Each section is cut into windows; a window whose hash the store already holds for this
    model is reused, the rest are embedded in one batch. Owners whose windows did not change
    are not written again.
    """
    model_id = embedder.model_id
    windows = {
        owner: [w for section in parts for w in chunk_words(section, max_words=max_words)]
        for owner, parts in sections.items()
    }
    hashes = {owner: [text_hash(w) for w in ws] for owner, ws in windows.items()}
    stored = store.profile_hashes(model_id)
    changed = [owner for owner in sorted(windows) if stored.get(owner) != hashes[owner]]
    wanted = {h for owner in changed for h in hashes[owner]}
    cached = store.cached_vectors(model_id, wanted)
    missing: dict[str, str] = {}
    for owner in changed:
        for window, h in zip(windows[owner], hashes[owner], strict=True):
            if h not in cached:
                missing.setdefault(h, window)
    started = time.perf_counter()
    if missing:
        vectors = embedder.embed(list(missing.values()))
        cached.update(zip(missing, vectors, strict=True))
    seconds = time.perf_counter() - started
    # Each owner's replacement is atomic; groups keep one transaction to a bounded size.
    for start in range(0, len(changed), WRITE_GROUP):
        group = changed[start : start + WRITE_GROUP]
        store.set_profiles(
            model_id, {owner: [ProfileChunk(h, cached[h]) for h in hashes[owner]] for owner in group}
        )
    stats = EmbeddingStats(
        owners=len(windows),
        chunks=sum(len(h) for h in hashes.values()),
        embedded=len(missing),
        seconds=seconds,
    )
    logger.info("%s", stats)
    return stats
