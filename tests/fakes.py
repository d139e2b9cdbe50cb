"""A fast, deterministic stand-in for the embedding model, for unit tests only.

Every feature also has a test through the real model (``real_embedder`` fixture).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from matching.lexical import fold


class HashingEmbedder:
    """Bag of accent-folded words hashed into ``dimensions`` buckets, L2-normalised."""

    def __init__(self, dimensions: int = 64) -> None:
        self._dimensions = dimensions
        self.calls: list[int] = []

    @property
    def model_id(self) -> str:
        return f"test/hashing-{self._dimensions}"

    @property
    def dimensions(self) -> int:
        return self._dimensions

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self._dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in fold(text).split():
                bucket = int(hashlib.md5(word.encode()).hexdigest()[:8], 16) % self._dimensions
                out[row, bucket] += 1.0
            norm = np.linalg.norm(out[row])
            if norm > 0:
                out[row] /= norm
        return out


def broken_in_child() -> HashingEmbedder:
    """A factory that fails in a child process, as a model that cannot be loaded there does."""
    import multiprocessing

    if multiprocessing.parent_process() is not None:
        raise RuntimeError("no model here")
    return HashingEmbedder(8)
