"""Dense nomination: the candidates whose windows lie nearest a draft's vector.

Two sources, one interface (:data:`matching.ranking.Nominate`): the matcher's own in-memory
vector index over the distinct windows (exact below 50k windows, faiss above), or the store's
vector index (Neo4j). Either only nominates; every nominee's semantic score is then computed
exactly from the window vectors in memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from graph.model import NodeKind
from graph.store import GraphStore, Vector
from matching.index import CANDIDATE_KINDS, MatchingIndex
from matching.vector_index import VectorIndex, build_index

WINDOWS_PER_NOMINEE = 6
"""Windows fetched per wanted nominee: a project's window is shared by all its members."""


class MemoryNominator:
    """Nominates from the matcher's in-memory index of windows."""

    def __init__(self, index: MatchingIndex, *, exact_below: int = 50_000) -> None:
        self._index = index
        self._vectors: VectorIndex = build_index(index.windows.matrix, exact_below=exact_below)
        self._last: tuple[tuple[bytes, int], npt.NDArray[np.intp]] | None = None
        self._owners: dict[NodeKind, sp.csr_matrix] = {
            kind: sp.csr_matrix(index.candidates[kind].all_windows.T) for kind in CANDIDATE_KINDS
        }

    def _nearest(self, query: Vector, k: int) -> npt.NDArray[np.intp]:
        """The nearest windows; the last search is kept, since every kind asks the same query."""
        key = (query.tobytes(), k)
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        rows, _ = self._vectors.search(query, k)
        self._last = (key, rows)
        return rows

    def nominate(self, query: Vector, kind: NodeKind, n: int) -> list[str]:
        """Up to ``n`` candidate ids, nearest first (by their best window)."""
        candidates = self._index.candidates[kind]
        if n <= 0 or len(candidates) == 0 or self._vectors.size == 0:
            return []
        rows = self._nearest(query, min(self._vectors.size, n * WINDOWS_PER_NOMINEE))
        found = self._owners[kind][rows].indices  # owners, nearest window first
        if not len(found):
            return []
        _, first = np.unique(found, return_index=True)
        ordered = found[np.sort(first)][:n]
        return [candidates.ids[i] for i in ordered]


_SEARCHES: ThreadPoolExecutor | None = None
_SEARCHES_LOCK = threading.Lock()


def _searches() -> ThreadPoolExecutor:
    """The threads that send vector searches ahead, shared by every ``StoreNominator``."""
    global _SEARCHES
    with _SEARCHES_LOCK:
        if _SEARCHES is None:
            _SEARCHES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="vector-search")
        return _SEARCHES


class StoreNominator:
    """Nominates through the store's own vector index (Neo4j's), for a network kept on a server.

    The matcher asks for people, then for organisations, with the same query. Each is a round
    trip to the server and a search of its own index, so the first request for a query sends
    the search for every candidate kind at once, each in its own session, and the next request
    takes its answer from there: a draft waits for the slower search, not for the sum.
    """

    KEPT = 64
    """Queries whose searches are kept (the concurrent drafts of a busy server). A nominator
    serves one revision of the graph: a new one comes with the next index, so nothing kept here
    outlives a change."""

    def __init__(self, store: GraphStore, model_id: str) -> None:
        self._store = store
        self._model_id = model_id
        self._pending: OrderedDict[tuple[bytes, int], dict[NodeKind, Future[list[str]]]] = OrderedDict()
        self._lock = threading.Lock()

    def _search(self, query: Vector, kind: NodeKind, n: int) -> list[str]:
        return [
            owner for owner, _ in self._store.vector_search(self._model_id, query, k=n, owner_kinds=[kind])
        ]

    def nominate(self, query: Vector, kind: NodeKind, n: int) -> list[str]:
        if n <= 0 or not np.any(query):
            return []
        key = (np.asarray(query, dtype=np.float32).tobytes(), n)
        with self._lock:
            searches = self._pending.get(key)
            if searches is None:
                others = [k for k in CANDIDATE_KINDS if k != kind]
                searches = {k: _searches().submit(self._search, query, k, n) for k in others}
                self._pending[key] = searches
                while len(self._pending) > self.KEPT:
                    self._pending.popitem(last=False)
            mine = searches.pop(kind, None)
            if not searches:
                self._pending.pop(key, None)
        return mine.result() if mine is not None else self._search(query, kind, n)


def nominate_none(query: Vector, kind: NodeKind, n: int) -> Sequence[str]:
    """No dense nominees (evaluation of text signals alone)."""
    return []
