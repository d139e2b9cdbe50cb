"""Copying a whole network from one store to another, resumably, with a verification at the end.

Nodes go first (kind by kind, in id order), then edges (in key order), then profile vectors
(model by model, owner by owner). Every batch is an idempotent upsert, so a copy that stops
half-way can simply be run again; a checkpoint file lets the rerun skip the batches already
written. The verification compares per-kind counts and a SHA-256 over every id and attribute
(and every vector) on both sides.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TypeVar

import numpy as np

from graph.model import EdgeKind, NodeKind, Record
from graph.store import Counts, GraphStore, ProfileChunk

logger = logging.getLogger(__name__)

T = TypeVar("T")
MigrationProgress = Callable[[str, int], None]
"""Called as ``progress(step, rows_done_in_step)`` after each batch."""


@dataclass(frozen=True)
class Verification:
    source_counts: Counts
    target_counts: Counts
    source_checksum: str
    target_checksum: str

    @property
    def ok(self) -> bool:
        return self.source_counts == self.target_counts and self.source_checksum == self.target_checksum


@dataclass(frozen=True)
class MigrationReport:
    copied: dict[str, int]
    skipped: dict[str, int]
    verification: Verification


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Checkpoint:
    """Which batches of each step were written, kept in a small JSON file between runs."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._done: dict[str, int] = {}
        if path is not None and path.exists():
            self._done = {str(k): int(v) for k, v in json.loads(path.read_text()).items()}

    def batches_done(self, step: str) -> int:
        return self._done.get(step, 0)

    def mark(self, step: str, batches: int) -> None:
        self._done[step] = batches
        if self._path is not None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._done))
            tmp.replace(self._path)

    def clear(self) -> None:
        self._done = {}
        if self._path is not None:
            self._path.unlink(missing_ok=True)


def checksum(store: GraphStore) -> str:
    """SHA-256 over every node, edge and profile vector, in a canonical order and encoding."""
    digest = hashlib.sha256()
    for node in store.nodes():
        digest.update(_canonical({"node_kind": node.node_kind.value, **node.model_dump(mode="json")}))
    for edge in store.edges():
        digest.update(_canonical(edge.model_dump(mode="json")))
    for model_id in sorted(store.vector_models()):
        for owner, chunks in _profiles(store, model_id, sorted(store.profile_hashes(model_id))):
            for i, chunk in enumerate(chunks):
                digest.update(_canonical([model_id, owner, i, chunk.text_hash]))
                digest.update(np.round(chunk.vector.astype(np.float64), 6).tobytes())
    return digest.hexdigest()


def _canonical(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _profiles(
    store: GraphStore, model_id: str, owners: Sequence[str]
) -> Iterator[tuple[str, list[ProfileChunk]]]:
    hashes = store.profile_hashes(model_id)
    for batch in batched(owners, 500):
        vectors = store.cached_vectors(model_id, {h for o in batch for h in hashes[o]})
        for owner in batch:
            yield owner, [ProfileChunk(h, vectors[h]) for h in hashes[owner]]


def verify(source: GraphStore, target: GraphStore) -> Verification:
    return Verification(source.counts(), target.counts(), checksum(source), checksum(target))


def migrate(
    source: GraphStore,
    target: GraphStore,
    *,
    batch_size: int = 5000,
    checkpoint: Checkpoint | None = None,
    progress: MigrationProgress | None = None,
) -> MigrationReport:
    """Copy everything from ``source`` into ``target`` (whose schema must exist), then verify.

    Rows already in ``target`` are overwritten with the source's values; rows only in
    ``target`` are left alone, and the verification then reports the difference.
    """
    checkpoint = checkpoint or Checkpoint(None)
    copied: dict[str, int] = {}
    skipped: dict[str, int] = {}

    def run(
        step: str, batches: Iterable[Sequence[object]], write: Callable[[Sequence[object]], None]
    ) -> None:
        done = checkpoint.batches_done(step)
        copied[step] = skipped[step] = 0
        for index, batch in enumerate(batches):
            if index < done:
                skipped[step] += len(batch)
                continue
            write(batch)
            copied[step] += len(batch)
            checkpoint.mark(step, index + 1)
            if progress:
                progress(step, copied[step] + skipped[step])

    def write_records(batch: Sequence[object]) -> None:
        records: list[Record] = [r for r in batch if isinstance(r, Record)]
        target.upsert(records)

    for kind in NodeKind:
        run(f"nodes:{kind.value}", batched(source.nodes(kind), batch_size), write_records)
    for edge_kind in EdgeKind:
        run(f"edges:{edge_kind.value}", batched(source.edges(edge_kind), batch_size), write_records)
    for model_id in sorted(source.vector_models()):
        owners = sorted(source.profile_hashes(model_id))

        def write_profiles(batch: Sequence[object], model_id: str = model_id) -> None:
            target.set_profiles(model_id, dict(batch))  # type: ignore[arg-type]

        run(f"vectors:{model_id}", batched(_profiles(source, model_id, owners), 500), write_profiles)
    verification = verify(source, target)
    if verification.ok:
        checkpoint.clear()
    return MigrationReport(copied, skipped, verification)
