"""An ``Embedder`` whose forward passes run in a pool of processes, each with its own model.

A server answers many drafts at once. Run in the request threads, their forward passes share
one process's cores: a one-thread model serves one core, and a model on every core makes
concurrent requests fight over them (on 2 cores, 20 clients got fewer answers a second than 2).
uvicorn workers each with their own model scale by process, but the kernel hands a burst of
connections to whichever worker wakes first, so one worker may serve every client while the
other idles. A pool spreads the *work*, not the connections: each request's encode goes to the
next free process, every process runs a one-thread model, and the ranking stays in the server's
process with its one index.

The pool is built from a zero-argument factory that the child processes can unpickle (a
module-level function, or a ``functools.partial`` of one); each child calls it once. Children
are started with ``spawn``, never ``fork``: a forked child would inherit torch's thread pools
in an undefined state.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from graph.store import Vector
from matching.embedder import Embedder, embed_queries

logger = logging.getLogger(__name__)

_CHILD: Embedder | None = None
"""The embedder of a pool's child process, built once by ``_start``."""


def _start(factory: Callable[[], Embedder]) -> None:
    global _CHILD
    # Ctrl-C in a terminal reaches the whole process group; the server stops the pool itself
    # (EmbedderPool.close), so a child leaves SIGINT to it instead of dying with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CHILD = factory()


def _child() -> Embedder:
    if _CHILD is None:  # pragma: no cover - _start runs before any task
        raise RuntimeError("the pool's embedder was not built")
    return _CHILD


def _embed(texts: list[str], query: bool) -> Vector:
    embedder = _child()
    return embed_queries(embedder, texts) if query else embedder.embed(texts)


def _describe() -> tuple[int, int | None]:
    embedder = _child()
    return embedder.dimensions, getattr(embedder, "max_words", None)


class EmbedderPool:
    """``processes`` child processes, each holding the embedder ``factory`` builds.

    One call of ``embed`` goes to one free process, so concurrent callers (a server's request
    threads) run side by side, one per process. A long list (a bulk refresh) is cut into one
    slice per process, so that every process works on it.

    Args:
        factory: builds the embedder in each child; it must pickle (module-level, or a partial
            of a module-level function).
        processes: child processes, usually one per core, each with a one-thread model.
        bulk_from: lists at least this long are split across the processes.
    """

    def __init__(self, factory: Callable[[], Embedder], processes: int, *, bulk_from: int = 16) -> None:
        if processes < 1:
            raise ValueError("an embedder pool needs at least one process")
        self.processes = processes
        self._factory = factory
        self._bulk_from = max(bulk_from, processes)
        self._local = factory()  # never loaded here: it names the model (model_id) without loading it
        self._executor: ProcessPoolExecutor | None = None
        self._description: tuple[int, int | None] | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                logger.info("starting %d embedding processes", self.processes)
                self._executor = ProcessPoolExecutor(
                    max_workers=self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start,
                    initargs=(self._factory,),
                )
            return self._executor

    def _describe(self) -> tuple[int, int | None]:
        if self._description is None:
            self._description = self._pool().submit(_describe).result()
        return self._description

    @property
    def model_id(self) -> str:
        return self._local.model_id

    @property
    def dimensions(self) -> int:
        return self._describe()[0]

    @property
    def max_words(self) -> int | None:
        return self._describe()[1]

    def embed(self, texts: Sequence[str]) -> Vector:
        return self._run(list(texts), query=False)

    def embed_query(self, texts: Sequence[str]) -> Vector:
        """The child embedder's query side when it has one (E5), else its ``embed``."""
        return self._run(list(texts), query=True)

    def _run(self, texts: list[str], *, query: bool) -> Vector:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        pool = self._pool()
        if len(texts) < self._bulk_from:
            return pool.submit(_embed, texts, query).result()
        size = -(-len(texts) // self.processes)
        futures = [pool.submit(_embed, texts[i : i + size], query) for i in range(0, len(texts), size)]
        return np.concatenate([f.result() for f in futures]).astype(np.float32, copy=False)

    def close(self) -> None:
        """Stop the child processes; queued calls are cancelled. The pool restarts on next use."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
