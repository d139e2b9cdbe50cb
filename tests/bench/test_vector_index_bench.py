"""``bench.vector_index --store``: real rows read back from a SQLite store's embedding cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.vector_index import stored
from graph.embedded import EmbeddedStore
from graph.model import Person, Role
from graph.store import ProfileChunk


def test_stored_rows_are_the_distinct_windows_as_unit_rows(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store.db")
    store.ensure_schema()
    people = [Person(id=f"person:p{i}", name=f"P{i}", roles=(Role.EXPERT,)) for i in range(2)]
    store.upsert(people)
    rng = np.random.default_rng(0)
    raw = {h: rng.standard_normal(8).astype(np.float32) * 3 for h in ("a", "b", "c")}
    # Two owners share the window "b" (a project both worked on): one row, not two.
    store.set_profiles(
        "model",
        {
            "person:p0": [ProfileChunk("a", raw["a"]), ProfileChunk("b", raw["b"])],
            "person:p1": [ProfileChunk("b", raw["b"]), ProfileChunk("c", raw["c"])],
        },
    )
    rows = stored(tmp_path / "store.db")
    assert rows.shape == (3, 8) and rows.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1, atol=1e-6)
    expected = np.vstack([raw[h] / np.linalg.norm(raw[h]) for h in ("a", "b", "c")])
    np.testing.assert_allclose(rows, expected, atol=1e-6)


def test_a_store_without_vectors_is_refused(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "empty.db").ensure_schema()
    with pytest.raises(SystemExit, match="no embedded windows"):
        stored(tmp_path / "empty.db")
