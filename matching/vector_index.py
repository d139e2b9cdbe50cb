"""Nearest rows of a matrix of L2-normalised embedding windows, exact or approximate.

The matcher keeps one float32 matrix with a row per distinct text window and asks, per query,
for the rows of highest cosine (the inner product, rows being unit vectors). ``ExactIndex``
scores every row with one matrix-vector product and selects with ``np.partition``: 0.26 ms at
10k rows and 7–8 ms at 100k on a quiet machine, growing linearly. ``ApproximateIndex`` scans
only the few inverted lists nearest to the query, and ``build_index`` picks one by size.

Why faiss-cpu, and an inverted file rather than a graph
-------------------------------------------------------
Three maintained packages were measured on this machine (2 shared vCPU) on two kinds of
synthetic 384-d rows: 2,000 gaussian clusters, and rows shaped like the bundled model's
windows (a shared direction of norm 0.63 and a power-law spectrum, fitted on the seed texts).
At 100k rows, one query at a time, top-10:

================  ========  ===========  ===========  =======================================
                  build     query p50    recall@10    package
================  ========  ===========  ===========  =======================================
faiss IVF-SQ8     7–9 s     0.4–1.1 ms   0.99–1.00    faiss-cpu 1.15.1 (2026-09), abi3 wheel
faiss HNSW M=32   46–60 s   0.4–0.6 ms   0.99–1.00    same package
usearch HNSW i8   26–35 s   0.5–0.6 ms   0.99         usearch 2.26.6 (2026-10), cp311 wheel
usearch HNSW f32  112 s     0.8 ms       0.995        same package
hnswlib M=32      68 s      0.5 ms       0.999        hnswlib 0.8.0 (2023-12), source only
================  ========  ===========  ===========  =======================================

At 300k model-like rows faiss's HNSW took 201 s to build (recall@10 0.989 at 0.9 ms); the
inverted file took 11 s (0.994 at 2.1 ms), against 50 ms for exact search in the same run.
Build time decides it: the matcher builds its index at start-up and after bulk imports, and a
query then blends slower signals than a millisecond of search. faiss also searches from several
threads at once with the GIL released (the probe count is passed per call, so no shared state
changes), removes rows from its lists natively, ships type hints, and has one Linux x86_64 wheel
for every CPython from 3.10. hnswlib has had no release since 2023 and must be compiled at
install; usearch builds its float32 graph slowly on this CPU, and documents no concurrent
searches from Python threads on one index.

How ``ApproximateIndex`` works
------------------------------
k-means (``seed``, 10 iterations, 40 sampled rows a list) places up to 1,024 centroids, about
one per 64 rows; each row is stored, 8-bit quantised, in the list of its nearest centroid. A
query scans the ``probes`` nearest lists (a quarter of them or more, see below, and ``(k / 10) ** 0.25``
times as many for larger k), fetches ``2k + 16`` candidates, and re-scores them exactly from
the float32 matrix it keeps, so a returned score is the exact cosine, equal to ``ExactIndex``'s
for the same row. ``bench.vector_index`` measured recall@10 against exact of 0.992–0.995 at 70k
and 330k rows on both kinds of data, and recall@200 of 0.99 or more on model-like rows, 0.92–0.97
on clustered ones (whose 200th neighbour often lies in no cluster of the query's). The lists
add about 400 bytes a row (an 8-bit code and a 64-bit id) to the matrix's 1,536: 136 MB at 330k.

Rows added later join the list of their nearest centroid without retraining. Centroids learnt
on one corpus serve a different one poorly, so after the index has grown several times over,
or its texts changed in kind, build a new one.

On the bag-of-words profiles of ``bench.suggest_latency`` at 100k people (68k windows, 1,024
lists), recall@10 over 328 queries was 0.921 scanning a tenth of the lists (0.6 ms), 0.982 a
fifth (1.1 ms) and 0.993 three tenths (1.6 ms), against about 5 ms for exact search: hence a
quarter at least.

A quarter is not enough on every corpus. On the bundled model's real windows of the beta.gouv.fr
projects (4,995 distinct windows, 62 lists; ``bench.vector_index --store``, 1,000 held-out windows
as queries) a quarter of the lists gave recall@10 0.976, half of them 0.993. So after a build the
index measures itself: up to 256 of its own rows, drawn with the seed, each ask for their 10
nearest other rows, and the probe count rises by a quarter at a time from a quarter of the lists
until :data:`TUNED_RECALL` (0.995) of those are found. On the real windows that chose 32–40 of
62 lists (held-out recall 0.993–0.995); on 100k model-like rows it kept a quarter (0.9997). The
rows' own recall runs about 0.007 above that of new queries, hence the margin over 0.98. It
costs an exact search per asked row and one batch of searches per probe count tried: 1.2 s
in a refresh of 24 s at 100k people (68k windows).

Recall needs neighbours that stand out. On isotropic random rows (every cosine near 0, as from
``bench.suggest_latency``'s random embedder) recall@10 is about 0.3, and on clusters of a dozen
rows about 0.9; a graph index does little better there at the same cost.

Threads: ``search`` may run in several threads at once, as long as no ``add`` or ``remove``
runs; the caller serialises writers (a lock or a fresh index swapped in).
"""

from __future__ import annotations

import logging
import math
import time
from typing import Protocol

import faiss
import numpy as np
import numpy.typing as npt

from graph.store import Vector

logger = logging.getLogger(__name__)

Rows = npt.NDArray[np.intp]
Scores = npt.NDArray[np.float32]

_MAX_LISTS = 1024
_ROWS_PER_LIST = 64
_TRAIN_ROWS_PER_LIST = 40  # faiss asks for at least 39 points a centroid
_KMEANS_ITERATIONS = 10
_TUNING_QUERIES = 256
TUNED_RECALL = 0.995
"""Recall@10 of the index's own rows (each asking for its 10 nearest others) that the probe count
is raised to reach; on held-out queries recall runs about 0.007 lower (see the module docstring)."""


class VectorIndex(Protocol):
    """Top rows by cosine over a growing matrix of unit vectors.

    Row numbers are positions in the order rows were given: ``0 .. size - 1``, the rows of
    each ``add`` continuing the count. Removed rows keep their numbers and are never returned.
    """

    @property
    def size(self) -> int:
        """Rows ever held, removed ones included: the next row number."""
        ...

    def search(self, query: Vector, k: int) -> tuple[Rows, Scores]:
        """The best ``k`` rows and their cosines, best first, ties by row number.

        A ``k`` above the number of rows returns them all; an empty index, a ``k`` below one,
        a zero query or one with a NaN or infinity return two empty arrays.
        """
        ...

    def add(self, vectors: npt.ArrayLike) -> None:
        """Append unit rows, numbered from ``size`` on."""
        ...

    def remove(self, rows: npt.ArrayLike) -> None:
        """Never return these rows again; removing a row twice is allowed."""
        ...


class ExactIndex:
    """Every row scored by one matrix-vector product: exact and deterministic.

    Args:
        vectors: a 2-D array of L2-normalised rows; a C-contiguous float32 array is kept
            without copying, so do not change it afterwards.

    >>> index = ExactIndex(np.array([[1, 0], [0.6, 0.8], [0, 1]], dtype=np.float32))
    >>> rows, scores = index.search(np.array([0.8, 0.6], dtype=np.float32), k=2)
    >>> rows.tolist(), [round(float(s), 2) for s in scores]
    ([1, 0], [0.96, 0.8])
    """

    def __init__(self, vectors: npt.ArrayLike) -> None:
        self._matrix = _Matrix(vectors)

    @property
    def size(self) -> int:
        return self._matrix.count

    @property
    def dimensions(self) -> int:
        return self._matrix.dim

    def search(self, query: Vector, k: int) -> tuple[Rows, Scores]:
        unit = _unit_query(query, self._matrix.dim)
        if unit is None or k < 1:
            return _empty()
        return self._matrix.exact_top(unit, k)

    def add(self, vectors: npt.ArrayLike) -> None:
        self._matrix.append(vectors)

    def remove(self, rows: npt.ArrayLike) -> None:
        self._matrix.remove(rows)


class ApproximateIndex:
    """An inverted-file index (faiss IVF, 8-bit codes) re-scored exactly with numpy.

    See the module docstring for the method and its measured recall.

    Args:
        vectors: a 2-D array of L2-normalised rows, kept without copying when it is a
            C-contiguous float32 array; the centroids are learnt from them (or from the first
            ``add`` when there are none).
        lists: number of inverted lists; by default one per 64 rows, at most 1,024.
        probes: lists scanned for a top-10; by default tuned on the rows themselves, from a
            quarter of ``lists`` up (see the module docstring).
        seed: seeds the sample of training rows and k-means, so a build is repeatable.

    >>> rng = np.random.default_rng(0)
    >>> vectors = rng.standard_normal((2000, 16)).astype(np.float32)
    >>> vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    >>> index = ApproximateIndex(vectors)
    >>> rows, scores = index.search(vectors[42], k=3)
    >>> int(rows[0]), round(float(scores[0]), 5)
    (42, 1.0)
    """

    def __init__(
        self, vectors: npt.ArrayLike, *, lists: int | None = None, probes: int | None = None, seed: int = 1234
    ) -> None:
        self._matrix = _Matrix(vectors)
        self._wanted_lists = lists
        self._wanted_probes = probes
        self._seed = seed
        self._lists = 0
        self._probes = 0
        self._ivf: faiss.IndexIVFScalarQuantizer | None = None
        self._centroids: faiss.IndexFlatIP | None = None
        if self._matrix.count:
            self._train()
            self._add_to_lists(0, self._matrix.count)
            self._tune_probes()

    @property
    def size(self) -> int:
        return self._matrix.count

    @property
    def dimensions(self) -> int:
        return self._matrix.dim

    @property
    def lists(self) -> int:
        """Inverted lists (k-means centroids); 0 until the first rows arrive."""
        return self._lists

    @property
    def probes(self) -> int:
        """Lists scanned for a top-10."""
        return self._probes

    def search(self, query: Vector, k: int) -> tuple[Rows, Scores]:
        unit = _unit_query(query, self._matrix.dim)
        if unit is None or k < 1 or self._ivf is None:
            return _empty()
        fetch = 2 * k + 16
        if fetch >= self._matrix.live:
            # Scoring every row costs no more than the candidates would, and is exact.
            return self._matrix.exact_top(unit, k)
        probes = min(self._lists, math.ceil(self._probes * (max(k, 10) / 10) ** 0.25))
        params = faiss.SearchParametersIVF()
        params.nprobe = probes
        _, labels = self._ivf.search(unit.reshape(1, -1), fetch, params=params)
        candidates = np.asarray(labels[0], dtype=np.intp)
        candidates = candidates[candidates >= 0]
        candidates = candidates[~self._matrix.removed[candidates]]
        if len(candidates) < k:
            # The probed lists held too few rows (a lopsided k-means): never answer short.
            return self._matrix.exact_top(unit, k)
        scores = self._matrix.matrix[candidates] @ unit
        return _top(candidates, scores, k)

    def add(self, vectors: npt.ArrayLike) -> None:
        start = self._matrix.count
        self._matrix.append(vectors)
        if self._matrix.count == start:
            return
        if self._ivf is None:
            self._train()
            self._add_to_lists(start, self._matrix.count)
            self._tune_probes()
            return
        self._add_to_lists(start, self._matrix.count)

    def remove(self, rows: npt.ArrayLike) -> None:
        removed = self._matrix.remove(rows)
        if self._ivf is not None and len(removed):
            self._ivf.remove_ids(faiss.IDSelectorBatch(removed.astype(np.int64)))

    def _train(self) -> None:
        started = time.perf_counter()
        count, dim = self._matrix.count, self._matrix.dim
        lists = self._wanted_lists or min(_MAX_LISTS, count // _ROWS_PER_LIST)
        self._lists = max(1, min(lists, count))
        self._probes = max(1, min(self._lists, self._wanted_probes or math.ceil(self._lists / 4)))
        rng = np.random.default_rng(self._seed)
        sample_size = min(count, self._lists * _TRAIN_ROWS_PER_LIST)
        sample = np.sort(rng.choice(count, size=sample_size, replace=False))
        self._centroids = faiss.IndexFlatIP(dim)
        ivf = faiss.IndexIVFScalarQuantizer(
            self._centroids, dim, self._lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        ivf.cp.seed = self._seed
        ivf.cp.niter = _KMEANS_ITERATIONS
        ivf.cp.min_points_per_centroid = 1
        ivf.cp.max_points_per_centroid = _TRAIN_ROWS_PER_LIST
        ivf.train(np.ascontiguousarray(self._matrix.matrix[sample]))
        self._ivf = ivf
        logger.info(
            "trained %d inverted lists on %d of %d rows in %.1f s",
            self._lists,
            sample_size,
            count,
            time.perf_counter() - started,
        )

    def _tune_probes(self) -> None:
        """Raise the probe count from a quarter of the lists until the index finds the exact 10
        nearest other rows of up to 256 of its own rows (drawn with the seed) at
        :data:`TUNED_RECALL` on average. An explicit ``probes`` is kept as given."""
        if self._wanted_probes is not None or self._ivf is None:
            return
        count = self._matrix.count
        fetch = 2 * 10 + 16 + 1  # as a search for the top 10 fetches, and the row itself
        if count <= fetch:
            return
        started = time.perf_counter()
        rng = np.random.default_rng(self._seed)
        asked = np.sort(rng.choice(count, size=min(count, _TUNING_QUERIES), replace=False))
        matrix = self._matrix.matrix
        similarity = matrix[asked] @ matrix.T
        similarity[np.arange(len(asked)), asked] = -np.inf
        truth = np.argpartition(-similarity, 10, axis=1)[:, :10]
        recall = 0.0
        while True:
            params = faiss.SearchParametersIVF()
            params.nprobe = self._probes
            _, labels = self._ivf.search(np.ascontiguousarray(matrix[asked]), fetch, params=params)
            recall = float((truth[:, :, None] == labels[:, None, :]).any(axis=2).mean())
            if recall >= TUNED_RECALL or self._probes >= self._lists:
                break
            self._probes = min(self._lists, math.ceil(self._probes * 1.25))
        logger.info(
            "probing %d of %d lists: recall@10 %.3f on %d of the index's rows (%.1f s)",
            self._probes,
            self._lists,
            recall,
            len(asked),
            time.perf_counter() - started,
        )

    def _add_to_lists(self, start: int, end: int) -> None:
        assert self._ivf is not None
        # Explicit ids: faiss would otherwise number from its own count, which shrinks on removal.
        ids = np.arange(start, end, dtype=np.int64)
        self._ivf.add_with_ids(np.ascontiguousarray(self._matrix.matrix[start:end]), ids)


def build_index(vectors: npt.ArrayLike, *, exact_below: int = 50_000) -> VectorIndex:
    """``ExactIndex`` for fewer than ``exact_below`` rows, ``ApproximateIndex`` from there on.

    Under 50k rows exact search takes a few milliseconds and needs no training.

    >>> index = build_index(np.eye(3, dtype=np.float32))
    >>> type(index).__name__, index.size
    ('ExactIndex', 3)
    """
    matrix = _as_rows(vectors, None)
    if len(matrix) < exact_below:
        return ExactIndex(matrix)
    return ApproximateIndex(matrix)


class _Matrix:
    """The float32 rows, grown by a quarter at a time, and the mask of removed rows."""

    def __init__(self, vectors: npt.ArrayLike) -> None:
        rows = _as_rows(vectors, None)
        view = rows.view()
        view.flags.writeable = False
        self._buffer: Vector = view
        self.count = len(rows)
        self.dim = int(rows.shape[1])
        self.removed = np.zeros(self.count, dtype=np.bool_)
        self.live = self.count
        self._live_rows: Rows | None = None

    @property
    def matrix(self) -> Vector:
        return self._buffer[: self.count]

    def append(self, vectors: npt.ArrayLike) -> None:
        rows = _as_rows(vectors, self.dim)
        if not len(rows):
            return
        end = self.count + len(rows)
        if end > len(self._buffer):
            # The first buffer may be the caller's array: grow into one of our own.
            grown = np.empty((max(end, self.count + self.count // 4, 1024), self.dim), dtype=np.float32)
            grown[: self.count] = self._buffer[: self.count]
            self._buffer = grown
        self._buffer[self.count : end] = rows
        self.removed = np.concatenate([self.removed, np.zeros(len(rows), dtype=np.bool_)])
        self.count = end
        self.live += len(rows)
        self._live_rows = None if self.live == self.count else np.flatnonzero(~self.removed)

    def remove(self, rows: npt.ArrayLike) -> Rows:
        """Mark rows removed; return those that were live until now."""
        wanted = np.unique(np.asarray(rows))
        if wanted.size and wanted.dtype.kind not in "iu":
            raise ValueError(f"row numbers must be integers, not {wanted.dtype}")
        checked: Rows = wanted.astype(np.intp)
        if checked.size and (checked[0] < 0 or checked[-1] >= self.count):
            raise ValueError(f"row numbers must lie in 0..{self.count - 1}")
        fresh = checked[~self.removed[checked]]
        self.removed[fresh] = True
        self.live -= len(fresh)
        self._live_rows = np.flatnonzero(~self.removed)
        return fresh

    def exact_top(self, unit: Vector, k: int) -> tuple[Rows, Scores]:
        if self.live == 0:
            return _empty()
        scores = self.matrix @ unit
        if self._live_rows is None:
            return _top(np.arange(self.count, dtype=np.intp), scores, k)
        return _top(self._live_rows, scores[self._live_rows], k)


def _top(rows: Rows, scores: Scores, k: int) -> tuple[Rows, Scores]:
    """The best ``k`` (row, score) pairs: score descending, then row ascending."""
    if len(rows) > k:
        # Keep every row tied with the k-th score, so that ties can break on row number.
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= kth
        rows, scores = rows[keep], scores[keep]
    order = np.lexsort((rows, -scores))[:k]
    return rows[order], scores[order].astype(np.float32, copy=False)


def _unit_query(query: Vector, dim: int) -> Vector | None:
    """The query as a float32 unit vector, or ``None`` if it is zero or not finite."""
    vector = np.asarray(query, dtype=np.float32).reshape(-1)
    if vector.shape != (dim,):
        raise ValueError(f"query has {vector.size} values, the index {dim}")
    norm = float(np.linalg.norm(vector.astype(np.float64)))
    if not math.isfinite(norm) or norm == 0.0:
        return None
    return np.ascontiguousarray(vector / np.float32(norm), dtype=np.float32)


def _as_rows(vectors: npt.ArrayLike, dim: int | None) -> Vector:
    rows = np.ascontiguousarray(vectors, dtype=np.float32)
    if rows.ndim != 2 or (dim is not None and rows.shape[1] != dim):
        wanted = "2-D" if dim is None else f"(n, {dim})"
        raise ValueError(f"vectors must be a {wanted} array, not of shape {rows.shape}")
    # A row sum is finite only if every value in the row is, and needs no n-by-d temporary.
    bad = np.flatnonzero(~np.isfinite(rows.sum(axis=1)))
    if bad.size:
        raise ValueError(f"row {int(bad[0])} holds a NaN or an infinity")
    return rows


def _empty() -> tuple[Rows, Scores]:
    return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
