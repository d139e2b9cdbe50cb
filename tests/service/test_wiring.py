"""The service's wiring on a real SQLite file: the environment's ranking settings reach the
matcher, ``passerelle fit`` stores the fingerprint of the data it learned from, and the matcher
keeps one index (and its graph distances) per revision of the store.

The world is the tiny one of ``tests/world.py`` (Alice at the DDTM, Bruno at the Ville
d'Alençon), loaded by ``cli_env`` with or without Alice's introduction of Bruno. The hashing
embedder stands in for the model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import matching.signals as signals
import service.wiring as wiring
from graph.embedded import EmbeddedStore
from graph.model import Edge, EdgeKind, Project
from matching.context import DraftContext
from matching.evaluation import network_fingerprint
from matching.index import Collaboration
from matching.matcher import Matcher
from matching.ranking import Options, prepare_query
from service.cli import app
from service.settings import Settings
from service.wiring import build_matcher, build_store, ranking_options
from tests.fakes import HashingEmbedder
from tests.matching.test_matcher import OPEN_DATA
from tests.service.conftest import cli_env
from tests.service.test_drafts import ALICE, BRUNO, TIERS_LIEU
from tests.world import tiny_world

RANKING = ("HALF_LIFE_DAYS", "LOAD_CAP", "LOAD_WINDOW_DAYS", "SILO_THRESHOLD", "EXCLUDE_TEAM", "POOL")
OPENDATA = "project:opendata-eure"


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The tiny world without Alice's introduction of Bruno, and the environment that points at
    it, set in this process; no ranking variable is set."""
    for name in RANKING:
        monkeypatch.delenv(f"PASSERELLE_RANKING__{name}", raising=False)
    env = cli_env(tmp_path, without_introduction=True)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def served(environment: dict[str, str]) -> Iterator[tuple[EmbeddedStore, Matcher]]:
    """The store and the matcher the service builds from the environment."""
    settings = Settings()
    store = build_store(settings)
    store.ensure_schema()
    assert isinstance(store, EmbeddedStore)
    yield store, build_matcher(settings, store, HashingEmbedder(64))
    store.close()


# -- settings to ranking options ------------------------------------------------------------------


def test_without_ranking_variables_the_matcher_ranks_with_the_documented_defaults(
    served: tuple[EmbeddedStore, Matcher],
) -> None:
    _, matcher = served
    assert matcher.options == Options()
    assert (matcher.options.half_life_days, matcher.options.load_cap, matcher.options.pool) == (365.0, 3, 100)


@pytest.mark.parametrize(
    ("variable", "value", "field", "expected"),
    [
        ("HALF_LIFE_DAYS", "200.5", "half_life_days", 200.5),
        ("LOAD_CAP", "7", "load_cap", 7),
        ("LOAD_WINDOW_DAYS", "30", "load_window_days", 30.0),
        ("SILO_THRESHOLD", "0.45", "silo_threshold", 0.45),
        ("EXCLUDE_TEAM", "false", "exclude_team", False),
        ("POOL", "37", "pool", 37),
    ],
)
def test_each_ranking_variable_reaches_the_matchers_options_and_only_its_own(
    environment: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
    field: str,
    expected: object,
) -> None:
    assert getattr(Options(), field) != expected  # a value the default would not give
    monkeypatch.setenv(f"PASSERELLE_RANKING__{variable}", value)
    settings = Settings()
    store = build_store(settings)
    try:
        matcher = build_matcher(settings, store, HashingEmbedder(64))
        assert matcher.options == replace(Options(), **{field: expected})  # type: ignore[arg-type]
    finally:
        store.close()


def test_all_ranking_variables_at_once(environment: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    values = {
        "HALF_LIFE_DAYS": "200.5",
        "LOAD_CAP": "7",
        "LOAD_WINDOW_DAYS": "30",
        "SILO_THRESHOLD": "0.45",
        "EXCLUDE_TEAM": "0",
        "POOL": "37",
    }
    for name, value in values.items():
        monkeypatch.setenv(f"PASSERELLE_RANKING__{name}", value)
    expected = Options(
        pool=37,
        half_life_days=200.5,
        load_window_days=30.0,
        load_cap=7,
        silo_threshold=0.45,
        exclude_team=False,
    )
    assert ranking_options(Settings()) == expected
    settings = Settings()
    store = build_store(settings)
    try:
        assert build_matcher(settings, store, HashingEmbedder(64)).options == expected
    finally:
        store.close()


# -- what ``passerelle fit`` stores -----------------------------------------------------------------


def test_fit_stores_the_fingerprint_of_the_network_it_learned_from(
    environment: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wiring, "build_embedder", lambda settings: HashingEmbedder(64))
    runner = CliRunner()
    path = Path(environment["PASSERELLE_RANKING__FUSION_PATH"])

    def fit() -> str:
        done = runner.invoke(app, ["fit", "--folds", "2"], env=environment)
        assert done.exit_code == 0, done.output
        fingerprint = json.loads(path.read_text(encoding="utf-8"))["fingerprint"]
        assert isinstance(fingerprint, str) and fingerprint
        return fingerprint

    def current() -> str:
        store = EmbeddedStore(tmp_path / "cli.db")
        try:
            return network_fingerprint(store.snapshot())
        finally:
            store.close()

    def write(records: list[Edge] | list[Project]) -> None:
        store = EmbeddedStore(tmp_path / "cli.db")
        try:
            store.upsert(records)
        finally:
            store.close()

    first = fit()
    assert first == current()
    assert fit() == first  # the same data, fitted again
    write([r for r in tiny_world() if isinstance(r, Project)])  # written again, unchanged
    assert fit() == first
    opendata = next(r for r in tiny_world() if isinstance(r, Project) and r.id == OPENDATA)
    write([opendata.model_copy(update={"description": "Publier les données des communes de l'Orne."})])
    edited = fit()
    assert edited != first
    assert edited == current()
    write([Edge(kind=EdgeKind.CONTRIBUTES_TO, source=BRUNO, target=OPENDATA)])
    linked = fit()
    assert linked not in (first, edited)
    assert linked == current()


# -- one index, and its graph distances, per revision -----------------------------------------------


def spy_on_hops(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """Record the sources of every computation of graph distances."""
    calls: list[tuple[str, ...]] = []
    real = signals.hops_from

    def spy(collaboration: Collaboration, sources: list[str], **kwargs: int) -> object:
        calls.append(tuple(sources))
        return real(collaboration, sources, **kwargs)

    monkeypatch.setattr(signals, "hops_from", spy)
    return calls


def test_without_a_change_in_the_store_the_matcher_keeps_its_index(
    served: tuple[EmbeddedStore, Matcher],
) -> None:
    _, matcher = served
    index, nominator = matcher.current()
    matcher.suggest(TIERS_LIEU, k=3, context=DraftContext(submitter=ALICE))
    again, same_nominator = matcher.current()
    assert again is index
    assert same_nominator is nominator


def test_queries_from_the_same_sources_reuse_the_distances_of_the_index(
    served: tuple[EmbeddedStore, Matcher], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, matcher = served
    calls = spy_on_hops(monkeypatch)
    alice = DraftContext(submitter=ALICE)
    matcher.suggest(TIERS_LIEU, k=3, context=alice)
    matcher.suggest(OPEN_DATA, k=3, context=alice)
    assert calls == [(ALICE,)]
    # The same sources in another order are the same sources.
    index, _ = matcher.current()
    vector = matcher.embed_query(TIERS_LIEU)
    both = [ALICE, "org:ddtm-eure"]
    first = prepare_query(index, TIERS_LIEU, vector, alice, sources=both)
    second = prepare_query(index, OPEN_DATA, vector, alice, sources=both[::-1])
    assert calls == [(ALICE,), tuple(sorted(both))]
    np.testing.assert_array_equal(first.distances, second.distances)
    # Other sources are other distances.
    matcher.suggest(TIERS_LIEU, k=3, context=DraftContext(organisations=("org:ville-alencon",)))
    assert calls[-1] == ("org:ville-alencon",)
    assert len(calls) == 3


def test_a_committed_edge_rebuilds_the_index_and_its_distances(
    served: tuple[EmbeddedStore, Matcher], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, matcher = served
    calls = spy_on_hops(monkeypatch)
    alice = DraftContext(submitter=ALICE)
    before = matcher.suggest(TIERS_LIEU, k=3, context=alice)
    old, _ = matcher.current()
    far = prepare_query(old, TIERS_LIEU, matcher.embed_query(TIERS_LIEU), alice, sources=[ALICE])
    # Without the introduction, nothing links Alice to Bruno.
    assert np.isinf(far.distances[old.collaboration.row[BRUNO]])
    assert [s.evidence.path_ids for s in before.experts if s.id == BRUNO] == [()]
    assert calls == [(ALICE,)]

    store.upsert([Edge(kind=EdgeKind.CONTRIBUTES_TO, source=BRUNO, target=OPENDATA)])
    after = matcher.suggest(TIERS_LIEU, k=3, context=alice)
    new, _ = matcher.current()
    assert new is not old
    assert new.revision != old.revision
    assert matcher.current()[0] is new  # rebuilt once, then kept
    assert calls == [(ALICE,), (ALICE,)]  # computed again, for the new index
    near = prepare_query(new, TIERS_LIEU, matcher.embed_query(TIERS_LIEU), alice, sources=[ALICE])
    assert len(calls) == 2  # ...and then reused
    assert near.distances[new.collaboration.row[BRUNO]] == 2.0  # Alice → the open-data project → Bruno
    assert [s.evidence.path_ids for s in after.experts if s.id == BRUNO] == [(ALICE, OPENDATA, BRUNO)]
    # The old index's distances are its own: the rebuild did not write into them.
    assert np.isinf(far.distances[old.collaboration.row[BRUNO]])
