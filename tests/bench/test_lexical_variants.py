"""The lexical-variants benchmark on a tiny world: every variant measured, BM25 computed right."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from bench.lexical_variants import (
    BASELINE,
    VARIANTS,
    aggregated,
    analyzed,
    best_of,
    bm25_weights,
    counter,
    measure,
    render,
    verdict,
)
from graph.model import Edge, EdgeKind, Organisation, OrgKind, Person, Project, Role
from graph.snapshot import build_graph
from tests.world import tiny_world

EXPERTS = {
    "person:chloe-dubois": "Data scientist, données ouvertes et publication de jeux de données.",
    "person:david-morel": "Bibliothécaire, médiathèques et tiers-lieux culturels.",
    "person:emma-petit": "Designer de services publics numériques.",
}
PROJECTS = {
    "project:opendata-orne": (
        "Données ouvertes de l'Orne",
        "Publier les jeux de données du département en open data.",
        ["person:chloe-dubois", "person:emma-petit"],
        ["org:ddtm-eure"],
    ),
    "project:catalogue-donnees": (
        "Catalogue des données publiques",
        "Un catalogue pour publier et réutiliser les données ouvertes des administrations.",
        ["person:chloe-dubois"],
        ["org:ddtm-eure", "org:departement-orne"],
    ),
    "project:tiers-lieu-argentan": (
        "Un tiers-lieu à la médiathèque d'Argentan",
        "La médiathèque devient un tiers-lieu culturel ouvert aux habitants.",
        ["person:david-morel", "person:bruno-lefevre"],
        ["org:ville-alencon", "org:departement-orne"],
    ),
    "project:lecture-publique": (
        "Lecture publique en milieu rural",
        "Des médiathèques et des bibliothèques itinérantes pour la lecture publique.",
        ["person:david-morel", "person:bruno-lefevre"],
        ["org:ville-alencon"],
    ),
    "project:demarches-en-ligne": (
        "Démarches en ligne simplifiées",
        "Concevoir avec les usagers un service public numérique de démarches en ligne.",
        ["person:emma-petit"],
        ["org:departement-orne"],
    ),
}


def small_network() -> nx.MultiDiGraph:
    """The tiny world, three more experts, one more organisation and five more projects."""
    records = [
        *tiny_world(),
        Organisation(id="org:departement-orne", name="Département de l'Orne", kind=OrgKind.LOCAL_AUTHORITY),
        *(
            Person(id=pid, name=pid.split(":")[1], roles=(Role.EXPERT,), bio=bio)
            for pid, bio in EXPERTS.items()
        ),
    ]
    for pid, (title, description, people, organisations) in PROJECTS.items():
        records.append(Project(id=pid, title=title, description=description))
        records.extend(Edge(kind=EdgeKind.CONTRIBUTES_TO, source=p, target=pid) for p in people)
        records.extend(Edge(kind=EdgeKind.PARTNER_IN, source=o, target=pid) for o in organisations)
    nodes = [r for r in records if not isinstance(r, Edge)]
    return build_graph(nodes, [r for r in records if isinstance(r, Edge)])


def test_every_variant_is_measured_on_both_kinds_within_bounds() -> None:
    table = measure(small_network(), folds=2, seed=0, progress=lambda _: None)
    assert list(table.metrics) == [v.name for v in VARIANTS]
    for variant, by_who in table.metrics.items():
        assert set(by_who) == {"people", "organisations"}
        for who in by_who:
            scores = table.scores(variant, who)
            assert scores.n > 0, (variant, who)
            assert all(0.0 <= value <= 1.0 for value in (scores.ndcg, scores.recall, scores.mrr))
            # Every variant ranks the same drafts.
            assert scores.n == table.scores(BASELINE, who).n
    text = render(table)
    assert all(v.name in text for v in VARIANTS)
    assert verdict(table).startswith("verdict: ")


def test_bm25_weight_follows_the_okapi_formula() -> None:
    # Two documents of lengths 3 and 1 (average 2); term 0 in both, term 1 in the first only.
    weights = bm25_weights(sp.csr_matrix(np.array([[2, 1], [1, 0]])), k1=1.2, b=0.75)
    idf_shared, idf_rare = math.log(1 + 0.5 / 2.5), math.log(1 + 1.5 / 1.5)
    long_doc, short_doc = 1.2 * (0.25 + 0.75 * 3 / 2), 1.2 * (0.25 + 0.75 * 1 / 2)
    assert weights[0, 0] == pytest.approx(idf_shared * 2 / (2 + long_doc))
    assert weights[0, 1] == pytest.approx(idf_rare * 1 / (1 + long_doc))
    assert weights[1, 0] == pytest.approx(idf_shared * 1 / (1 + short_doc))
    assert weights[1, 1] == 0


def test_bm25_scores_match_the_bm25s_library() -> None:
    bm25s = pytest.importorskip("bm25s")
    network = small_network()
    texts = [f"{d['title']}. {d.get('description', '')}" for _, d in network.nodes(data=True) if "title" in d]
    vectorizer = counter("stems", cutoffs=False)
    counts = sp.csr_matrix(vectorizer.fit_transform(texts))
    draft = "Ouvrir les données de la médiathèque et du tiers-lieu"
    query = sp.csr_matrix(vectorizer.transform([draft]), dtype=np.float64)
    ours = (bm25_weights(counts) @ query.T).toarray().ravel()
    # bm25s sees each text as the features kept in our vocabulary, so both count the same lengths.
    vocabulary = vectorizer.vocabulary_
    retriever = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    retriever.index([[f for f in analyzed(t) if f in vocabulary] for t in texts], show_progress=False)
    theirs = retriever.get_scores([f for f in analyzed(draft) if f in vocabulary])
    assert ours.max() > 0
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_a_candidate_vector_sums_its_projects_then_adds_its_own_text() -> None:
    projects = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 1.0]]))
    own = sp.csr_matrix(np.array([[0.0, 0.0], [1.0, 0.0]]))
    incidence = sp.csr_matrix(np.array([[1.0, 1.0], [0.0, 1.0]]))
    scores = aggregated(projects, own, incidence, sp.csr_matrix(np.array([[1.0, 0.0]])))
    # First: (1, 1)/sqrt 2, no own text -> cosine 1/sqrt 2. Second: (0.3, 1) normalised -> 0.3/sqrt 1.09.
    assert scores.ravel() == pytest.approx([1 / math.sqrt(2), 0.3 / math.sqrt(1.09)])


def test_best_of_takes_the_best_project_or_own_text() -> None:
    incidence = sp.csr_matrix(np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]))
    project_scores = np.array([[0.4, 0.0], [0.9, 0.1]])
    own_scores = np.array([[0.5, 0.2], [0.0, 0.0], [0.3, 0.0]])
    assert best_of(project_scores, own_scores, incidence).tolist() == [[0.5, 0.2], [0.9, 0.1], [0.3, 0.0]]
