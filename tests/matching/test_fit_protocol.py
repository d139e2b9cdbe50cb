"""The fitting protocol: cross-fitted folds, the fingerprint of the data a fusion learned from,
and a fit that does not depend on the day it runs.

The networks are those of ``tests/matching/test_evaluation.py``: the synthetic one of five
themes (forty dated projects), and, for the day, the same with undated projects and a handful of
dated ``INTRODUCED`` edges a few days before the network's latest date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import networkx as nx
import numpy as np
import pytest

import matching.evaluation as evaluation
import matching.ranking as ranking
from graph.model import Edge, EdgeKind, NodeKind, Project
from graph.snapshot import add_edge, add_node
from graph.store import Vector
from graph.tables import EdgeRow, GraphTables
from matching.context import DraftContext
from matching.evaluation import Report, answer_day, build_with, network_fingerprint
from matching.fusion import Examples, FusionModel, fit_model
from matching.index import as_tables, day_number
from matching.ranking import prepare_query
from matching.signals import availability
from tests.matching.test_evaluation import (
    MAX_WORDS,
    analyzer,
    edge,
    graph_of,
    introduced,
    judged_draft,
    recording,
    run,
    synthetic_network,
    vectors_of,
    world,
)

FOLDS = 4


@pytest.fixture(scope="module")
def synthetic() -> nx.MultiDiGraph:
    return synthetic_network()


@pytest.fixture(scope="module")
def synthetic_vectors(synthetic: nx.MultiDiGraph) -> dict[str, Vector]:
    return vectors_of(synthetic, 32)


# -- cross-fitting --------------------------------------------------------------------------------


def test_each_folds_drafts_are_ranked_by_a_fusion_fitted_only_on_the_other_folds(
    synthetic: nx.MultiDiGraph, synthetic_vectors: dict[str, Vector], monkeypatch: pytest.MonkeyPatch
) -> None:
    trained_on: dict[int, frozenset[str]] = {}
    kept: list[FusionModel] = []  # alive, so that no id is reused
    real_fit = fit_model  # the function ``evaluate`` calls

    def fit_spy(examples: Examples, *, seed: int = 0) -> FusionModel | None:
        model = real_fit(examples, seed=seed)
        if model is not None:
            kept.append(model)
            trained_on[id(model)] = frozenset(examples.groups)
        return model

    ranked: list[tuple[str, str, str, int, bool]] = []  # draft, who, setting, model, pooled
    real_fused: Callable[[evaluation._Case, FusionModel], list[tuple[str, float]]] = evaluation._fused

    def fused_spy(case: evaluation._Case, model: FusionModel) -> list[tuple[str, float]]:
        ranked.append((case.draft, case.who, case.setting, id(model), len(case.pool.rows) > 0))
        return real_fused(case, model)

    monkeypatch.setattr(evaluation, "fit_model", fit_spy)
    monkeypatch.setattr(evaluation, "_fused", fused_spy)
    made = recording(monkeypatch)
    run(synthetic, synthetic_vectors, folds=FOLDS)

    # A fold is the projects hidden together: the drafts made against the same index.
    fold_of: dict[str, int] = {draft.project: id(index) for draft, index in made}
    assert len(set(fold_of.values())) == FOLDS
    pooled: dict[tuple[str, str], set[str]] = {}
    for draft, who, setting, _, has_pool in ranked:
        if has_pool:
            pooled.setdefault((who, setting), set()).add(draft)
    checked: set[tuple[str, str]] = set()
    for draft, who, setting, model, _ in ranked:
        if model not in trained_on:
            continue  # the default weights: nothing learned, nothing to leak
        training = trained_on[model]
        own_fold = {p for p, f in fold_of.items() if f == fold_of[draft]}
        assert draft not in training, (draft, who, setting)
        assert not training & own_fold, (draft, who, setting)
        # ...and every other fold's draft with a pool is an example: nothing else is left out.
        assert training == pooled[(who, setting)] - own_fold, (draft, who, setting)
        checked.add((who, setting))
    # The people's models are fitted in every fold: the check above was not vacuous.
    assert {("people", "text"), ("people", "context")} <= checked


# -- the data's fingerprint ---------------------------------------------------------------------------


def test_the_fingerprint_is_the_same_for_the_same_data_in_any_order() -> None:
    records = world()
    assert network_fingerprint(graph_of(records)) == network_fingerprint(graph_of(records[::-1]))
    # A networkx snapshot and the tables a store reads give the same digest.
    assert network_fingerprint(graph_of(records)) == network_fingerprint(as_tables(graph_of(records)))


def test_the_fingerprint_changes_when_a_projects_text_is_edited() -> None:
    records = world()
    edited = [
        r.model_copy(update={"description": "Installer des ruchers et former des apiculteurs."})
        if isinstance(r, Project) and r.id == "project:cantine"
        else r
        for r in records
    ]
    assert network_fingerprint(graph_of(edited)) != network_fingerprint(graph_of(records))


def test_the_fingerprint_changes_when_an_edge_is_added() -> None:
    records = world()
    more = [*records, edge(EdgeKind.WORKS_AT, "person:ana-morel", "org:ville-evreux")]
    assert network_fingerprint(graph_of(more)) != network_fingerprint(graph_of(records))


def test_the_fingerprint_changes_when_an_edges_attribute_changes() -> None:
    records = world()
    later = [
        r.model_copy(update={"since": date(2021, 1, 1)})
        if isinstance(r, Edge) and r.kind is EdgeKind.WORKS_AT and r.source == "person:chloe-roux"
        else r
        for r in records
    ]
    assert network_fingerprint(graph_of(later)) != network_fingerprint(graph_of(records))


# -- the day a past draft is answered on ------------------------------------------------------------


def test_answer_day_is_the_latest_date_of_the_network() -> None:
    # The velo project starts on 2024-02-01; every other date of the tiny world is earlier.
    assert answer_day(as_tables(graph_of(world()))) == date(2024, 2, 1)


def test_answer_day_reads_end_dates_and_edge_dates_too() -> None:
    records = world()
    ended = [
        *records,
        Project(id="project:fini", title="Fini", start_date="2020-01-01", end_date="2024-09-30"),
    ]
    assert answer_day(as_tables(graph_of(ended))) == date(2024, 9, 30)
    joined = [*records, edge(EdgeKind.WORKS_AT, "person:ana-morel", "org:ville-evreux", since="2025-01-15")]
    assert answer_day(as_tables(graph_of(joined))) == date(2025, 1, 15)
    left = [
        *records,
        edge(
            EdgeKind.WORKS_AT, "person:bruno-petit", "org:ddtm-eure", since="2019-01-01", until="2025-03-31"
        ),
    ]
    assert answer_day(as_tables(graph_of(left))) == date(2025, 3, 31)


def test_answer_day_reads_timestamps_and_dates() -> None:
    tables = GraphTables.build(
        [
            ("project:a", {"node_kind": "Project", "start_date": "2024-05-01T10:00:00"}),
            ("person:x", {"node_kind": "Person"}),
        ],
        [EdgeRow(EdgeKind.CONTRIBUTES_TO, "person:x", "project:a", {"since": date(2023, 1, 1)})],
    )
    assert answer_day(tables) == date(2024, 5, 1)


def test_answer_day_of_a_network_without_any_date() -> None:
    assert answer_day(GraphTables.build([("person:x", {"node_kind": "Person"})], [])) == date(1970, 1, 1)


UNDATED = {
    "donnees": ("portail", "catalogue", "statistiques"),
    "mobilite": ("covoiturage", "navette", "stationnement"),
    "alimentation": ("cantine", "maraîchers", "gaspillage"),
    "culture": ("médiathèque", "lecture", "musée"),
}
INTRODUCTIONS = (
    ("agent-sante-0", "donnees-0"),
    ("agent-culture-0", "donnees-0"),
    ("agent-mobilite-1", "donnees-0"),
    ("agent-sante-1", "donnees-1"),
    ("agent-donnees-0", "mobilite-0"),
    ("agent-donnees-1", "culture-2"),
    ("agent-alimentation-0", "sante-1"),
)


def introduced_world() -> nx.MultiDiGraph:
    """The synthetic network, plus four undated projects (answered on the network's latest day)
    and seven introductions made in the twenty days before that day."""
    graph = synthetic_network()
    for theme, words in UNDATED.items():
        project = f"project:sans-date-{theme}"
        add_node(
            graph,
            Project(
                id=project,
                title=f"Projet {words[0]} sans date",
                description=f"Améliorer {words[1]} et {words[2]} pour les habitants.",
            ),
        )
        for expert_ in (f"person:{theme}-0", f"person:{theme}-1"):
            add_edge(graph, edge(EdgeKind.CONTRIBUTES_TO, expert_, project))
        add_edge(graph, edge(EdgeKind.PARTNER_IN, f"org:{theme}-0", project))
    last = answer_day(as_tables(graph))
    for i, (source, target) in enumerate(INTRODUCTIONS):
        since = (last - timedelta(days=3 * i + 2)).isoformat()
        add_edge(graph, introduced(f"person:{source}", f"person:{target}", since, f"project:p{i:02d}"))
    return graph


def fixed_today(day: date) -> type[date]:
    """A ``date`` whose ``today()`` is ``day``."""

    class Fixed(date):
        @classmethod
        def today(cls) -> Fixed:
            return cls(day.year, day.month, day.day)

    return Fixed


@pytest.fixture(scope="module")
def introduced_network() -> nx.MultiDiGraph:
    return introduced_world()


@pytest.fixture(scope="module")
def introduced_vectors(introduced_network: nx.MultiDiGraph) -> dict[str, Vector]:
    return vectors_of(introduced_network, 32)


def test_in_this_network_the_day_changes_who_is_available(
    introduced_network: nx.MultiDiGraph,
    introduced_vectors: dict[str, Vector],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What the next test relies on: a query read on "today" sees the introductions on the
    # network's latest day, and none of them years later.
    last = answer_day(as_tables(introduced_network))
    builder = build_with(introduced_vectors, analyzer=analyzer, max_words=MAX_WORDS, dimensions=32)
    index = builder(introduced_network)
    people = index.candidates[NodeKind.PERSON]
    seen: dict[date, np.ndarray] = {}
    for day in (last, date(2100, 1, 1)):
        monkeypatch.setattr(ranking, "date", fixed_today(day))
        query = prepare_query(index, "Un portail", np.zeros(32, dtype=np.float32), DraftContext(), sources=[])
        assert query.today == day_number(day)
        seen[day] = availability(people, query.today, window_days=90, cap=3)
    busy = seen[last]
    assert busy[people.row["person:donnees-0"]] == 0.0  # three introductions: at the cap
    assert busy[people.row["person:donnees-1"]] == pytest.approx(2 / 3)
    assert (seen[date(2100, 1, 1)] == 1.0).all()


def evaluated_on(
    day: date, network: nx.MultiDiGraph, vectors: dict[str, Vector], monkeypatch: pytest.MonkeyPatch
) -> Report:
    # Both modules that could read the clock while ranking a past draft read this day.
    monkeypatch.setattr(ranking, "date", fixed_today(day))
    monkeypatch.setattr(evaluation, "date", fixed_today(day))
    undated = replace(
        judged_draft("brouillon sans date", relevant=frozenset({"person:donnees-1"})),
        context=DraftContext(lab="lab:nord", submitter="person:agent-donnees-0"),
    )
    return run(network, vectors, folds=FOLDS, judged=[undated])


def test_fit_and_evaluation_do_not_depend_on_the_day_they_run(
    introduced_network: nx.MultiDiGraph,
    introduced_vectors: dict[str, Vector],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    last = answer_day(as_tables(introduced_network))
    on_the_day = evaluated_on(last, introduced_network, introduced_vectors, monkeypatch)
    years_later = evaluated_on(date(2100, 1, 1), introduced_network, introduced_vectors, monkeypatch)
    # The people's models are fitted (the comparison is of learned weights, not of defaults).
    assert on_the_day.fusion.models["people/text"].fitted
    assert on_the_day.fusion.models["people/context"].fitted
    assert on_the_day.fusion.models == years_later.fusion.models
    assert on_the_day.scores == years_later.scores
    assert on_the_day.fusion.evaluation == years_later.fusion.evaluation
    assert on_the_day.fusion.examples == years_later.fusion.examples
    assert on_the_day.judged == years_later.judged
    assert on_the_day.fusion.fingerprint == years_later.fusion.fingerprint
