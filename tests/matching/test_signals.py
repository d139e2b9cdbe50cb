"""Every ranking signal on a tiny world whose answers are computed by hand in the comments.

The world (the draft is dated D = 2024-01-01, the half-life is 100 days)::

    Sam Durand (agent, the submitter) ── works at ── DDTM de l'Eure (Évreux) ── works at ── Zoé Blanc
        │ submitted                                     │ partner in                          │
        ▼                                               ▼                                     ▼
    project:open (2023-01-01 → 2024-12-31, running)   project:old (2022-01-01 → 2023-09-23 = D - 100 days)
        │   ├── Ana Morel, Nina Garnier (until 2023-06-15 = D - 200 days), ANN (partner)
        │   └── supported by lab:innovmandie ── Léo Petit works at the lab
        └── Ana Morel also on project:old and project:undated (no date at all)
    project:undated ── Ana Morel, Ève Roux;  Ève ── introduced ── Rémi Caron
    project:future (starts 2024-06-01 = D + 152 days) ── Hugo Girard alone
    Max Leroy: Sam's skill-mates and neighbours in Évreux, with a conflict declared towards Sam; no tie.
    Lou Faure and Hugo Girard: introduced by agents who know no one else.

Collaboration hops from the sources {Sam, DDTM}: Zoé, open, old 1; Ana, Nina, ANN, the lab 2;
undated, Léo 3; Ève 4; Rémi 5; Hugo, Lou, Max, Bernay, Rennes unreachable.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from graph.model import (
    Edge,
    EdgeKind,
    Lab,
    NodeKind,
    Organisation,
    OrgKind,
    Person,
    Project,
    Record,
    Role,
    Skill,
    Territory,
    TerritoryKind,
)
from graph.snapshot import build_graph
from graph.store import Vector
from matching import signals
from matching.chunks import chunk_words, text_hash
from matching.context import DraftContext
from matching.fusion import Who
from matching.index import OWN_TEXT_WEIGHT, Candidates, MatchingIndex, build_index, day_number
from matching.profiles import build_profiles, project_text
from matching.ranking import Nominate, Options, names_in, prepare_query, score_pool
from matching.text import analyze

D = day_number("2024-01-01")
HALF_LIFE = 100.0
HUGO = 0.5**1.52
"""The weight of Hugo's only link at D: project:future starts 152 days (1.52 half-lives) later."""
DIMENSIONS = 4
MAX_WORDS = 110
DRAFT = "Ouvrir les données publiques et évaluer le guichet des usagers."
DRAFT_VECTOR = np.array([0.8, 0.6, 0.0, 0.0], dtype=np.float32)
CONTEXT = DraftContext(
    lab="lab:innovmandie",
    date=date(2024, 1, 1),
    submitter="person:sam-durand",
    organisations=("org:ddtm-eure",),
    territory="territory:27229",
)
SOURCES = ("person:sam-durand", "org:ddtm-eure")


def expert(slug: str, name: str, bio: str = "") -> Person:
    return Person(id=f"person:{slug}", name=name, roles=(Role.EXPERT,), bio=bio)


def edge(kind: EdgeKind, source: str, target: str, **attributes: object) -> Edge:
    return Edge(kind=kind, source=source, target=target, **attributes)


def introduced(source: str, target: str, since: str) -> Edge:
    return edge(
        EdgeKind.INTRODUCED,
        source,
        target,
        since=since,
        provenance="lab:innovmandie",
        project="project:undated",
    )


def world() -> list[Record]:
    places: list[Record] = [
        Territory(id="territory:reg-28", kind=TerritoryKind.REGION, name="Normandie", code="28"),
        Territory(id="territory:reg-53", kind=TerritoryKind.REGION, name="Bretagne", code="53"),
        Territory(id="territory:dep-27", kind=TerritoryKind.DEPARTEMENT, name="Eure", code="27"),
        Territory(id="territory:dep-61", kind=TerritoryKind.DEPARTEMENT, name="Orne", code="61"),
        Territory(id="territory:27229", kind=TerritoryKind.COMMUNE, name="Évreux", code="27229"),
        Territory(id="territory:27056", kind=TerritoryKind.COMMUNE, name="Bernay", code="27056"),
        edge(EdgeKind.LOCATED_IN, "territory:dep-27", "territory:reg-28"),
        edge(EdgeKind.LOCATED_IN, "territory:dep-61", "territory:reg-28"),
        edge(EdgeKind.LOCATED_IN, "territory:27229", "territory:dep-27"),
        edge(EdgeKind.LOCATED_IN, "territory:27056", "territory:dep-27"),
    ]
    things: list[Record] = [
        Skill(id="skill:donnees-ouvertes", label="Données ouvertes"),
        Skill(id="skill:evaluation", label="Évaluation"),
        Lab(id="lab:innovmandie", name="Innov'mandie"),
        Organisation(
            id="org:ddtm-eure", name="DDTM de l'Eure", kind=OrgKind.STATE_DECONCENTRATED, acronym="DDTM"
        ),
        Organisation(
            id="org:ann", name="Agence normande du numérique", kind=OrgKind.PUBLIC_OPERATOR, acronym="ANN"
        ),
        Organisation(id="org:bernay", name="Ville de Bernay", kind=OrgKind.LOCAL_AUTHORITY),
        Organisation(id="org:rennes", name="Ville de Rennes", kind=OrgKind.LOCAL_AUTHORITY),
        Project(
            id="project:open",
            title="Portail de données ouvertes",
            description="Publier les données publiques de l'Eure sur un portail commun.",
            start_date="2023-01-01",
            end_date="2024-12-31",
        ),
        Project(
            id="project:old",
            title="Évaluation du guichet unique",
            description="Mesurer la satisfaction des usagers du guichet.",
            start_date="2022-01-01",
            end_date="2023-09-23",
        ),
        Project(
            id="project:future",
            title="Jardins partagés",
            description="Créer des jardins partagés au pied des immeubles.",
            start_date="2024-06-01",
        ),
        Project(
            id="project:undated",
            title="Médiathèque tiers-lieu",
            description="Transformer la médiathèque en tiers-lieu.",
        ),
    ]
    people: list[Record] = [
        Person(id="person:sam-durand", name="Sam Durand", roles=(Role.AGENT,)),
        expert("ana-morel", "Ana Morel", "Experte des données publiques et de leur ouverture."),
        expert("zoe-blanc", "Zoé Blanc", "Cheffe de projet numérique."),
        expert("nina-garnier", "Nina Garnier", "Designer de services."),
        expert("hugo-girard", "Hugo Girard"),
        expert("leo-petit", "Léo Petit", "Animateur culturel."),
        expert("eve-roux", "Ève Roux", "Bibliothécaire."),
        expert("remi-caron", "Rémi Caron", "Photographe."),
        expert("max-leroy", "Max Leroy", "Statisticien des politiques publiques."),
        expert("lou-faure", "Lou Faure", "Juriste en droit des collectivités."),
        *(Person(id=f"person:agent-{i}", name=f"Agent {i}", roles=(Role.AGENT,)) for i in range(1, 8)),
    ]
    ties: list[Record] = [
        edge(EdgeKind.WORKS_AT, "person:sam-durand", "org:ddtm-eure"),
        edge(EdgeKind.WORKS_AT, "person:zoe-blanc", "org:ddtm-eure"),
        edge(EdgeKind.WORKS_AT, "person:leo-petit", "lab:innovmandie"),
        edge(EdgeKind.SUBMITTED, "person:sam-durand", "project:open"),
        edge(EdgeKind.CONTRIBUTES_TO, "person:ana-morel", "project:open"),
        edge(EdgeKind.CONTRIBUTES_TO, "person:ana-morel", "project:old"),
        edge(EdgeKind.CONTRIBUTES_TO, "person:ana-morel", "project:undated"),
        edge(EdgeKind.CONTRIBUTES_TO, "person:zoe-blanc", "project:old"),
        edge(
            EdgeKind.CONTRIBUTES_TO,
            "person:nina-garnier",
            "project:open",
            since="2023-01-01",
            until="2023-06-15",
        ),
        edge(EdgeKind.CONTRIBUTES_TO, "person:hugo-girard", "project:future"),
        edge(EdgeKind.CONTRIBUTES_TO, "person:eve-roux", "project:undated"),
        edge(EdgeKind.PARTNER_IN, "org:ddtm-eure", "project:open"),
        edge(EdgeKind.PARTNER_IN, "org:ddtm-eure", "project:old"),
        edge(EdgeKind.PARTNER_IN, "org:ann", "project:open"),
        edge(EdgeKind.SUPPORTED_BY, "project:open", "lab:innovmandie"),
        edge(EdgeKind.SUPPORTED_BY, "project:old", "lab:innovmandie"),
        introduced("person:eve-roux", "person:remi-caron", "2022-01-01"),
        # Max: same skills and same commune as the submitter's side, and a declared conflict.
        edge(EdgeKind.HAS_SKILL, "person:ana-morel", "skill:donnees-ouvertes"),
        edge(EdgeKind.HAS_SKILL, "person:max-leroy", "skill:donnees-ouvertes"),
        edge(EdgeKind.HAS_SKILL, "person:max-leroy", "skill:evaluation"),
        edge(EdgeKind.CONFLICT_OF_INTEREST, "person:max-leroy", "person:sam-durand"),
        edge(EdgeKind.LOCATED_IN, "person:sam-durand", "territory:27229"),
        edge(EdgeKind.LOCATED_IN, "person:max-leroy", "territory:27229"),
        edge(EdgeKind.LOCATED_IN, "person:ana-morel", "territory:dep-27"),
        edge(EdgeKind.LOCATED_IN, "org:ddtm-eure", "territory:27229"),
        edge(EdgeKind.LOCATED_IN, "org:ann", "territory:dep-61"),
        edge(EdgeKind.LOCATED_IN, "org:bernay", "territory:27056"),
        edge(EdgeKind.LOCATED_IN, "org:rennes", "territory:reg-53"),
        # Lou: introduced on D, D - 89, D - 90 (outside a 90-day window) and D + 1 (after the draft).
        introduced("person:agent-1", "person:lou-faure", "2024-01-01"),
        introduced("person:agent-2", "person:lou-faure", "2023-10-04"),
        introduced("person:agent-3", "person:lou-faure", "2023-10-03"),
        introduced("person:agent-4", "person:lou-faure", "2024-01-02"),
        # Hugo: three introductions within the window, the cap.
        introduced("person:agent-5", "person:hugo-girard", "2023-12-01"),
        introduced("person:agent-6", "person:hugo-girard", "2023-12-10"),
        introduced("person:agent-7", "person:hugo-girard", "2023-12-20"),
    ]
    return [*places, *things, *people, *ties]


def window(text: str) -> str:
    (only,) = chunk_words(text, max_words=MAX_WORDS)
    return only


def make_graph(records: list[Record] | None = None) -> nx.MultiDiGraph:
    records = world() if records is None else records
    return build_graph(
        [r for r in records if not isinstance(r, Edge)], [r for r in records if isinstance(r, Edge)]
    )


def make_vectors(graph: nx.MultiDiGraph) -> dict[str, Vector]:
    """Hand-made window vectors; every other window is a zero vector.

    Against the draft's (0.8, 0.6, 0, 0): open 0.8, old 0.96, Ana's own text 0.6, Max's -0.8.
    """
    profiles = build_profiles(graph)
    chosen = {
        window(project_text(graph.nodes["project:open"])): [1.0, 0.0, 0.0, 0.0],
        window(project_text(graph.nodes["project:old"])): [0.6, 0.8, 0.0, 0.0],
        window(project_text(graph.nodes["project:future"])): [0.0, 0.0, 1.0, 0.0],
        window(profiles["person:ana-morel"].own_text): [0.0, 1.0, 0.0, 0.0],
        window(profiles["person:max-leroy"].own_text): [-1.0, 0.0, 0.0, 0.0],
    }
    return {text_hash(w): np.array(v, dtype=np.float32) for w, v in chosen.items()}


@pytest.fixture(scope="module")
def index() -> MatchingIndex:
    graph = make_graph()
    return build_index(
        graph, make_vectors(graph), analyzer=analyze, max_words=MAX_WORDS, dimensions=DIMENSIONS
    )


@pytest.fixture(scope="module")
def people(index: MatchingIndex) -> Candidates:
    return index.candidates[NodeKind.PERSON]


@pytest.fixture(scope="module")
def organisations(index: MatchingIndex) -> Candidates:
    return index.candidates[NodeKind.ORGANISATION]


def by_id(candidates: Candidates, values: np.ndarray) -> dict[str, float]:
    assert len(values) == len(candidates)
    return {c: round(float(v), 6) for c, v in zip(candidates.ids, values, strict=True)}


def link_weight(
    candidates: Candidates, weights: np.ndarray, candidate: str, project: str, index: MatchingIndex
) -> float:
    row = candidates.row[candidate]
    start, end = candidates.projects.indptr[row], candidates.projects.indptr[row + 1]
    position = list(candidates.projects.indices[start:end]).index(index.projects.row[project])
    return float(weights[start + position])


def similarity(index: MatchingIndex, **by_project: float) -> np.ndarray:
    """A hand-set draft-to-project similarity, aligned with ``index.projects.ids``."""
    out = np.zeros(len(index.projects.ids))
    for slug, value in by_project.items():
        out[index.projects.row[f"project:{slug}"]] = value
    return out


def weights_at(candidates: Candidates, day: float | None = D) -> np.ndarray:
    return signals.evidence_weights(candidates, day, half_life_days=HALF_LIFE)


def third(x: float) -> float:
    return round(x / 3, 6)


# -- the index holds what the signals read ---------------------------------------------------------


def test_candidates_are_the_experts_and_organisations_with_text(
    people: Candidates, organisations: Candidates
) -> None:
    # Sam and the agents are not experts; Hugo has no bio but a project.
    assert people.ids == [
        "person:ana-morel",
        "person:eve-roux",
        "person:hugo-girard",
        "person:leo-petit",
        "person:lou-faure",
        "person:max-leroy",
        "person:nina-garnier",
        "person:remi-caron",
        "person:zoe-blanc",
    ]
    assert organisations.ids == ["org:ann", "org:bernay", "org:ddtm-eure", "org:rennes"]


# -- evidence weights --------------------------------------------------------------------------------


def test_evidence_weight_of_later_work_fades_with_the_wait(index: MatchingIndex, people: Candidates) -> None:
    # project:future starts on 2024-06-01, 152 days after D: 0.5 ** 1.52.
    weight = link_weight(people, weights_at(people), "person:hugo-girard", "project:future", index)
    assert weight == pytest.approx(HUGO)
    # On the day it starts, it runs: 1.
    at_start = weights_at(people, day_number("2024-06-01"))
    assert link_weight(people, at_start, "person:hugo-girard", "project:future", index) == 1.0


def test_evidence_weight_is_one_while_the_project_runs(index: MatchingIndex, people: Candidates) -> None:
    # project:open runs from 2023-01-01 to 2024-12-31, across D.
    assert link_weight(people, weights_at(people), "person:ana-morel", "project:open", index) == 1.0


def test_evidence_weight_halves_after_one_half_life(index: MatchingIndex, people: Candidates) -> None:
    # project:old ended on 2023-09-23, 100 days (one half-life) before D: 0.5 ** 1.
    assert link_weight(people, weights_at(people), "person:ana-morel", "project:old", index) == pytest.approx(
        0.5
    )


def test_evidence_weight_of_an_undated_link_is_one_half(index: MatchingIndex, people: Candidates) -> None:
    # project:undated has no date and the membership has none either: UNDATED_WEIGHT.
    assert link_weight(people, weights_at(people), "person:ana-morel", "project:undated", index) == 0.5
    assert link_weight(people, weights_at(people), "person:eve-roux", "project:undated", index) == 0.5


def test_evidence_weights_without_a_date_are_all_one(people: Candidates) -> None:
    # Seven links: Ana 3, Ève 1, Hugo 1 (not started yet, but no date to compare with), Nina 1, Zoé 1.
    weights = weights_at(people, None)
    assert weights.tolist() == [1.0] * 7


def test_membership_dates_take_precedence_over_the_project_dates(
    index: MatchingIndex, people: Candidates
) -> None:
    # Nina left project:open (still running) on 2023-06-15, 200 days before D: 0.5 ** 2.
    weight = link_weight(people, weights_at(people), "person:nina-garnier", "project:open", index)
    assert weight == pytest.approx(0.25)


def test_evidence_weights_of_organisations_follow_their_partnerships(
    index: MatchingIndex, organisations: Candidates
) -> None:
    weights = weights_at(organisations)
    assert link_weight(organisations, weights, "org:ddtm-eure", "project:old", index) == pytest.approx(0.5)
    assert link_weight(organisations, weights, "org:ddtm-eure", "project:open", index) == 1.0
    assert link_weight(organisations, weights, "org:ann", "project:open", index) == 1.0


# -- text signals ------------------------------------------------------------------------------------


def window_scores(index: MatchingIndex, vector: np.ndarray = DRAFT_VECTOR) -> np.ndarray:
    return np.asarray(index.windows.matrix @ vector, dtype=np.float64)


def test_semantic_is_the_best_window_of_own_text_and_projects(
    index: MatchingIndex, people: Candidates
) -> None:
    values = by_id(people, signals.semantic(window_scores(index), people.all_windows))
    # Ana: open 0.8, old 0.96, undated 0 (no vector), her own text 0.6: the best is 0.96.
    assert values["person:ana-morel"] == pytest.approx(0.96, abs=1e-6)
    assert values["person:zoe-blanc"] == pytest.approx(0.96, abs=1e-6)  # old
    assert values["person:nina-garnier"] == pytest.approx(0.8, abs=1e-6)  # open
    assert values["person:eve-roux"] == 0.0  # undated: a zero vector


def test_semantic_clips_negative_cosines_to_zero(index: MatchingIndex, people: Candidates) -> None:
    # Max's only window points away from the draft: cosine -0.8, clipped to 0.
    own = people.profiles[people.row["person:max-leroy"]].own_text
    assert window_scores(index)[index.windows.row[text_hash(window(own))]] == pytest.approx(-0.8, abs=1e-6)
    values = by_id(people, signals.semantic(window_scores(index), people.all_windows))
    assert values["person:max-leroy"] == 0.0
    flipped = by_id(people, signals.semantic(window_scores(index, -DRAFT_VECTOR), people.all_windows))
    assert flipped["person:max-leroy"] == pytest.approx(0.8, abs=1e-6)
    assert all(0.0 <= v <= 1.0 for v in flipped.values())


def test_semantic_of_organisations(index: MatchingIndex, organisations: Candidates) -> None:
    values = by_id(organisations, signals.semantic(window_scores(index), organisations.all_windows))
    assert values == {
        "org:ann": pytest.approx(0.8, abs=1e-6),
        "org:bernay": 0.0,
        "org:ddtm-eure": pytest.approx(0.96, abs=1e-6),
        "org:rennes": 0.0,
    }


def explicit_lexical(index: MatchingIndex, candidates: Candidates, draft: str) -> np.ndarray:
    """normalise(normalise(sum of the candidate's project vectors) + 0.3 * own) . normalise(draft)."""
    vectorizer = index.lexical
    projects = sp.csr_matrix(vectorizer.transform(index.projects.texts))
    query = normalize(vectorizer.transform([draft])).toarray().ravel()
    out = []
    for row, profile in enumerate(candidates.profiles):
        summed = np.zeros(len(vectorizer.terms))
        for p in profile.projects:
            summed += projects[index.projects.row[p]].toarray().ravel()
        if np.linalg.norm(summed) > 0:
            summed /= np.linalg.norm(summed)
        own = vectorizer.transform([profile.own_text]).toarray().ravel()
        vector = summed + 0.3 * own
        norm = np.linalg.norm(vector)
        out.append(float(vector @ query / norm) if norm > 0 else 0.0)
        assert candidates.ids[row] == profile.owner_id
    return np.array(out)


def lexical_of(index: MatchingIndex, kind: NodeKind, draft: str) -> np.ndarray:
    """The lexical signal of every candidate of a kind, as ``score_pool`` computes it."""
    query = prepare_query(index, draft, DRAFT_VECTOR, DraftContext(), sources=())
    own_similarity = np.asarray((index.lexical.own[kind] @ query.lexical.T).todense()).ravel()
    return signals.lexical(
        index.candidates[kind],
        query.project_similarity,
        own_similarity,
        sum_norm=index.lexical.sum_norm[kind],
        total_norm=index.lexical.total_norm[kind],
        own_weight=OWN_TEXT_WEIGHT,
    )


@pytest.mark.parametrize("kind", [NodeKind.PERSON, NodeKind.ORGANISATION])
@pytest.mark.parametrize(
    "draft",
    [
        DRAFT,
        "Des jardins partagés dans une médiathèque tiers-lieu, avec la ville.",
        "Le droit des collectivités et le numérique.",
    ],
)
def test_lexical_equals_the_cosine_with_the_explicit_candidate_vector(
    index: MatchingIndex, kind: NodeKind, draft: str
) -> None:
    expected = explicit_lexical(index, index.candidates[kind], draft)
    np.testing.assert_allclose(lexical_of(index, kind, draft), expected, atol=1e-12)
    assert expected.max() > 0  # each draft shares words with someone of each kind


def test_lexical_of_a_draft_equal_to_the_only_project_is_one(
    index: MatchingIndex, people: Candidates
) -> None:
    # Hugo has no bio and one project: his vector is that project's, so the same text scores 1.
    draft = project_text(index.tables.nodes["project:future"])
    values = by_id(people, lexical_of(index, NodeKind.PERSON, draft))
    assert values["person:hugo-girard"] == pytest.approx(1.0)


def test_lexical_of_own_text_alone_is_its_cosine(index: MatchingIndex, people: Candidates) -> None:
    # Lou has no project: her vector is her own text's, so the signal is the plain cosine.
    draft = "Le droit des collectivités."
    vectorizer = index.lexical
    own = people.profiles[people.row["person:lou-faure"]].own_text
    cosine = float((vectorizer.transform([draft]) @ vectorizer.transform([own]).T)[0, 0])
    values = by_id(people, lexical_of(index, NodeKind.PERSON, draft))
    assert values["person:lou-faure"] == pytest.approx(cosine, abs=1e-6)
    assert 0 < cosine < 1


def test_similar_projects_squares_and_weighs_the_similarities(
    index: MatchingIndex, people: Candidates
) -> None:
    sim = similarity(index, future=0.9, old=0.5, open=0.5, undated=0.5)
    values = by_id(people, signals.similar_projects(people, sim, weights_at(people)))
    # Ana: 0.5 * 0.25 (old) + 1 * 0.25 (open) + 0.5 * 0.25 (undated) = 0.5 -> 0.5 / 0.75.
    assert values["person:ana-morel"] == third(2)
    assert values["person:eve-roux"] == third(1)  # 0.5 * 0.25 = 0.125 -> 0.125 / 0.375
    assert values["person:nina-garnier"] == 0.2  # 0.25 * 0.25 = 0.0625 -> 0.0625 / 0.3125
    assert values["person:zoe-blanc"] == third(1)  # 0.5 * 0.25
    # 0.81 * 0.5 ** 1.52: the project starts 152 days after the draft.
    assert values["person:hugo-girard"] == round(0.81 * HUGO / (0.81 * HUGO + 0.25), 6)
    undated = by_id(people, signals.similar_projects(people, sim, weights_at(people, None)))
    assert undated["person:hugo-girard"] == round(0.81 / 1.06, 6)


def test_continuity_prefers_who_stayed_to_a_similar_projects_end(
    index: MatchingIndex, people: Candidates, organisations: Candidates
) -> None:
    sim = similarity(index, future=0.9, old=0.5, open=0.8, undated=0.6)
    values = by_id(people, signals.continuity(people, sim, half_life_days=HALF_LIFE))
    # project:open ends on 2024-12-31, and so does Ana's link (no dates of its own). Nina left it
    # on 2023-06-15, 565 days (5.65 half-lives) before its last: 0.8 * 0.5 ** 5.65.
    assert values["person:nina-garnier"] == round(0.8 * 0.5**5.65, 6)
    # Ana: the best of open 0.8 (to its end), old 0.5 (to its end) and undated 0.6 * 0.5.
    assert values["person:ana-morel"] == 0.8
    assert values["person:zoe-blanc"] == 0.5  # on project:old to its end, with Ana
    assert values["person:eve-roux"] == 0.3  # project:undated: no date, UNDATED_WEIGHT
    assert values["person:hugo-girard"] == 0.9  # alone on project:future, so the last
    assert values["person:lou-faure"] == 0.0  # no project
    # Both partners of project:open have its dates, so both stayed to its end.
    orgs = by_id(organisations, signals.continuity(organisations, sim, half_life_days=HALF_LIFE))
    assert orgs == {"org:ann": 0.8, "org:bernay": 0.0, "org:ddtm-eure": 0.8, "org:rennes": 0.0}


def test_link_gap_is_the_wait_to_the_projects_last_link(index: MatchingIndex, people: Candidates) -> None:
    gaps = people.link_gap
    nina = link_weight(people, gaps, "person:nina-garnier", "project:open", index)
    ana = link_weight(people, gaps, "person:ana-morel", "project:open", index)
    assert (nina, ana) == (565.0, 0.0)
    assert math.isnan(link_weight(people, gaps, "person:eve-roux", "project:undated", index))


def test_skills_is_the_share_of_the_mentioned_skills_held(people: Candidates) -> None:
    values = by_id(people, signals.skills(people, {"skill:donnees-ouvertes", "skill:evaluation"}))
    assert values["person:max-leroy"] == 1.0
    assert values["person:ana-morel"] == 0.5
    assert sum(values.values()) == 1.5


def test_skills_without_a_mention_are_zero(people: Candidates) -> None:
    assert signals.skills(people, set()).tolist() == [0.0] * len(people)


def test_skills_are_found_by_the_vocabulary_in_the_draft(index: MatchingIndex) -> None:
    query = prepare_query(
        index, "Ouvrir les données et évaluer le service.", DRAFT_VECTOR, DraftContext(), sources=()
    )
    assert query.mentioned_skills == {"skill:donnees-ouvertes", "skill:evaluation"}


def named(index: MatchingIndex, kind: NodeKind, text: str) -> list[str]:
    candidates = index.candidates[kind]
    rows = names_in(index, text)[kind]
    values = signals.named(candidates, rows)
    assert sorted(np.flatnonzero(values).tolist()) == sorted(rows)
    return sorted(candidates.ids[r] for r in rows)


def test_named_finds_full_names_without_case_or_accents(index: MatchingIndex) -> None:
    assert named(index, NodeKind.PERSON, "Nous aimerions associer zoe blanc et ANA MOREL.") == [
        "person:ana-morel",
        "person:zoe-blanc",
    ]
    assert named(index, NodeKind.ORGANISATION, "Avec la ville de bernay.") == ["org:bernay"]


def test_named_ignores_a_first_name_alone(index: MatchingIndex) -> None:
    assert named(index, NodeKind.PERSON, "Ana et Zoé viendront.") == []


def test_named_finds_acronyms_written_in_capitals_only(index: MatchingIndex) -> None:
    assert named(index, NodeKind.ORGANISATION, "Un projet avec l'ANN et la DDTM.") == [
        "org:ann",
        "org:ddtm-eure",
    ]
    assert named(index, NodeKind.ORGANISATION, "Un projet avec l'ann et la ddtm.") == []


def test_named_values_are_one_for_the_named_rows(people: Candidates) -> None:
    assert signals.named(people, {0, 8}).tolist() == [1.0, 0, 0, 0, 0, 0, 0, 0, 1.0]


def test_experience_of_three_projects_is_one_half(people: Candidates, organisations: Candidates) -> None:
    values = by_id(people, signals.experience(people))
    assert values["person:ana-morel"] == 0.5  # 3 / (3 + 3)
    assert values["person:zoe-blanc"] == 0.25  # 1 / (1 + 3)
    assert values["person:lou-faure"] == 0.0
    assert by_id(organisations, signals.experience(organisations))["org:ddtm-eure"] == 0.4  # 2 / 5


# -- context signals ----------------------------------------------------------------------------------


def proximity(index: MatchingIndex, candidates: Candidates) -> dict[str, float]:
    distances, _ = signals.hops_from(index.collaboration, list(SOURCES))
    return by_id(candidates, signals.proximity(candidates, index.collaboration, distances))


def test_proximity_is_one_over_the_hops_from_the_submitter(index: MatchingIndex, people: Candidates) -> None:
    values = proximity(index, people)
    assert values["person:zoe-blanc"] == 1.0  # DDTM -> Zoé
    assert values["person:ana-morel"] == 0.5  # Sam -> open -> Ana
    assert values["person:nina-garnier"] == 0.5
    assert values["person:leo-petit"] == third(1)  # DDTM -> open -> lab -> Léo
    assert values["person:eve-roux"] == 0.25  # ... -> Ana -> undated -> Ève


def test_proximity_of_organisations_leaves_the_sources_at_zero(
    index: MatchingIndex, organisations: Candidates
) -> None:
    values = proximity(index, organisations)
    assert values == {"org:ann": 0.5, "org:bernay": 0.0, "org:ddtm-eure": 0.0, "org:rennes": 0.0}


def test_proximity_beyond_four_hops_is_zero(index: MatchingIndex, people: Candidates) -> None:
    distances, _ = signals.hops_from(index.collaboration, list(SOURCES), limit=5)
    assert distances[index.collaboration.row["person:remi-caron"]] == 5.0  # Ève -> Rémi
    assert proximity(index, people)["person:remi-caron"] == 0.0


def test_unreachable_candidates_are_zero(index: MatchingIndex, people: Candidates) -> None:
    values = proximity(index, people)
    # Hugo's only project and introducers, Lou's introducers, know no one of Sam's side.
    assert values["person:hugo-girard"] == 0.0
    assert values["person:lou-faure"] == 0.0


def test_skills_and_territories_are_not_paths(index: MatchingIndex, people: Candidates) -> None:
    # Max shares Ana's skill and Sam's commune: neither is a tie.
    assert "skill:donnees-ouvertes" not in index.collaboration.row
    assert "territory:27229" not in index.collaboration.row
    assert proximity(index, people)["person:max-leroy"] == 0.0


def test_a_conflict_edge_is_not_a_path(index: MatchingIndex) -> None:
    collaboration = index.collaboration
    max_row, sam_row = collaboration.row["person:max-leroy"], collaboration.row["person:sam-durand"]
    assert collaboration.adjacency[max_row, sam_row] == 0
    assert collaboration.adjacency[max_row].nnz == 0
    distances, _ = signals.hops_from(collaboration, list(SOURCES))
    assert math.isinf(distances[max_row])


def test_sponsors_count_the_projects_shared_with_the_submitters_organisations(
    index: MatchingIndex, people: Candidates, organisations: Candidates
) -> None:
    # The DDTM was a partner in open and old.
    values = by_id(people, signals.sponsors(people, index.projects, ["org:ddtm-eure"], weights_at(people)))
    assert values["person:ana-morel"] == 0.6  # 1 (open) + 0.5 (old) = 1.5 -> 1.5 / 2.5
    assert values["person:zoe-blanc"] == third(1)  # 0.5 -> 0.5 / 1.5
    assert values["person:nina-garnier"] == 0.2  # 0.25 -> 0.25 / 1.25
    assert values["person:eve-roux"] == 0.0
    undated = by_id(
        people, signals.sponsors(people, index.projects, ["org:ddtm-eure"], weights_at(people, None))
    )
    assert undated["person:ana-morel"] == third(2)  # 2 -> 2 / 3
    orgs = by_id(
        organisations,
        signals.sponsors(organisations, index.projects, ["org:ddtm-eure"], weights_at(organisations)),
    )
    assert orgs == {"org:ann": 0.5, "org:bernay": 0.0, "org:ddtm-eure": 0.6, "org:rennes": 0.0}


def test_sponsors_without_a_known_organisation_are_zero(index: MatchingIndex, people: Candidates) -> None:
    assert signals.sponsors(people, index.projects, [], weights_at(people)).tolist() == [0.0] * len(people)
    assert signals.sponsors(people, index.projects, ["org:bernay"], weights_at(people)).tolist() == [0.0] * 9


def test_lab_counts_the_projects_it_supported_and_its_staff(
    index: MatchingIndex, people: Candidates, organisations: Candidates
) -> None:
    # The lab supported open and old; Léo works there (an undated edge: still in the team at D).
    values = by_id(
        people,
        signals.lab(
            people, index.projects, "lab:innovmandie", weights_at(people), day=D, half_life_days=HALF_LIFE
        ),
    )
    assert values["person:ana-morel"] == 0.6  # 1 + 0.5 = 1.5 -> 0.6
    assert values["person:leo-petit"] == 0.5  # no project, staff bonus 1 -> 1 / 2
    assert values["person:zoe-blanc"] == third(1)  # 0.5
    assert values["person:eve-roux"] == 0.0
    orgs = by_id(
        organisations,
        signals.lab(organisations, index.projects, "lab:innovmandie", weights_at(organisations)),
    )
    assert orgs["org:ann"] == 0.5
    assert orgs["org:ddtm-eure"] == 0.6


def test_lab_weighs_its_staff_by_their_time_in_the_team() -> None:
    # Léo's WORKS_AT edge is dated here: in the lab's team from 2022-01-01 to 2023-06-15 (D - 200
    # days, two half-lives): 0.25 at D -> 0.25 / 1.25; 1 on a day he was there -> 1 / 2; 1
    # without a date. An edge without dates (the module's world) is a current member: 1 at D.
    records = [
        edge(EdgeKind.WORKS_AT, "person:leo-petit", "lab:innovmandie", since="2022-01-01", until="2023-06-15")
        if isinstance(r, Edge) and r.source == "person:leo-petit" and r.kind is EdgeKind.WORKS_AT
        else r
        for r in world()
    ]
    graph = make_graph(records)
    index = build_index(
        graph, make_vectors(graph), analyzer=analyze, max_words=MAX_WORDS, dimensions=DIMENSIONS
    )
    people = index.candidates[NodeKind.PERSON]
    rows, since, until = people.lab_staff["lab:innovmandie"]
    assert [people.ids[r] for r in rows] == ["person:leo-petit"]
    assert (since.tolist(), until.tolist()) == ([day_number("2022-01-01")], [day_number("2023-06-15")])

    def leo(day: float | None) -> float:
        weights = weights_at(people, day)
        values = signals.lab(
            people, index.projects, "lab:innovmandie", weights, day=day, half_life_days=HALF_LIFE
        )
        return by_id(people, values)["person:leo-petit"]

    assert leo(D) == 0.2
    assert leo(day_number("2023-01-01")) == 0.5
    assert leo(None) == 0.5


def test_lab_of_another_lab_is_zero(index: MatchingIndex, people: Candidates) -> None:
    assert signals.lab(people, index.projects, "lab:ailleurs", weights_at(people)).tolist() == [0.0] * 9


def test_lab_similarity_weighs_the_similarity_of_the_labs_projects(
    index: MatchingIndex, people: Candidates
) -> None:
    sim = similarity(index, future=0.9, old=0.5, open=0.5, undated=0.5)
    values = by_id(
        people, signals.lab_similarity(people, index.projects, "lab:innovmandie", sim, weights_at(people))
    )
    assert values["person:ana-morel"] == 0.75  # 0.5 * 0.5 (old) + 1 * 0.5 (open) = 0.75 -> 0.75 / 1
    assert values["person:zoe-blanc"] == 0.5  # 0.5 * 0.5 = 0.25 -> 0.25 / 0.5
    assert values["person:nina-garnier"] == third(1)  # 0.25 * 0.5 = 0.125 -> 0.125 / 0.375
    assert values["person:leo-petit"] == 0.0  # staff, but no similar work
    assert values["person:eve-roux"] == 0.0  # undated is not the lab's


def test_related_labs_spread_the_closest_projects_over_their_labs(
    index: MatchingIndex, people: Candidates
) -> None:
    # The two closest projects are old (0.8) and open (0.6): the lab holds all their mass,
    # so each of its projects weighs 1 and undated (no lab) weighs 0.
    sim = similarity(index, old=0.8, open=0.6, undated=0.5)
    values = by_id(people, signals.related(people, index.projects.lab_matrix, sim, weights_at(people), top=2))
    assert values["person:ana-morel"] == 0.6  # 1 (open) + 0.5 (old) + 0 (undated) = 1.5 -> 0.6
    assert values["person:zoe-blanc"] == third(1)  # 0.5 (old) -> 0.5 / 1.5
    assert values["person:nina-garnier"] == 0.2  # 0.25 (open, ended D - 200) -> 0.25 / 1.25
    assert values["person:eve-roux"] == 0.0
    assert values["person:hugo-girard"] == 0.0


def test_related_partners_share_the_mass_by_squared_similarity(
    index: MatchingIndex, people: Candidates, organisations: Candidates
) -> None:
    # Top 3: old 0.64, open 0.36, undated 0.25 (total 1.25). DDTM is partner in old and open:
    # 1.0 / 1.25 = 0.8; ANN in open: 0.36 / 1.25 = 0.288. So open weighs 1.088, old 0.8.
    sim = similarity(index, old=0.8, open=0.6, undated=0.5, future=0.1)
    matrix = index.projects.partner_matrix
    values = by_id(people, signals.related(people, matrix, sim, weights_at(people), top=3))
    assert values["person:ana-morel"] == round(1.488 / 2.488, 6)  # 1 * 1.088 + 0.5 * 0.8
    assert values["person:zoe-blanc"] == round(0.4 / 1.4, 6)  # 0.5 * 0.8
    orgs = by_id(organisations, signals.related(organisations, matrix, sim, weights_at(organisations), top=3))
    assert orgs["org:ann"] == round(1.088 / 2.088, 6)
    assert orgs["org:ddtm-eure"] == round(1.488 / 2.488, 6)
    assert orgs["org:bernay"] == 0.0


def test_related_without_a_similar_project_is_zero(index: MatchingIndex, people: Candidates) -> None:
    sim = similarity(index)
    matrix = index.projects.lab_matrix
    assert signals.related(people, matrix, sim, weights_at(people)).tolist() == [0.0] * 9


def test_territory_same_commune_is_one(organisations: Candidates) -> None:
    # The draft is in Évreux: {Évreux, Eure, Normandie}.
    draft = frozenset({"territory:27229", "territory:dep-27", "territory:reg-28"})
    values = by_id(organisations, signals.territory(organisations, draft))
    assert values["org:ddtm-eure"] == 1.0  # Évreux


def test_territory_same_departement_is_two_thirds(organisations: Candidates, people: Candidates) -> None:
    draft = frozenset({"territory:27229", "territory:dep-27", "territory:reg-28"})
    assert by_id(organisations, signals.territory(organisations, draft))["org:bernay"] == third(2)  # Bernay
    assert by_id(people, signals.territory(people, draft))["person:ana-morel"] == third(2)  # the Eure


def test_territory_same_region_is_one_third(organisations: Candidates) -> None:
    draft = frozenset({"territory:27229", "territory:dep-27", "territory:reg-28"})
    values = by_id(organisations, signals.territory(organisations, draft))
    assert values["org:ann"] == third(1)  # the Orne, in Normandie
    assert values["org:rennes"] == 0.0  # Bretagne


def test_territory_of_a_person_without_one_is_their_employers(people: Candidates) -> None:
    draft = frozenset({"territory:27229", "territory:dep-27", "territory:reg-28"})
    values = by_id(people, signals.territory(people, draft))
    assert values["person:zoe-blanc"] == 1.0  # works at the DDTM, in Évreux
    assert values["person:max-leroy"] == 1.0
    assert values["person:leo-petit"] == 0.0  # the lab has no territory
    assert signals.territory(people, frozenset()).tolist() == [0.0] * 9


def test_the_drafts_territory_chain_is_read_from_the_graph(index: MatchingIndex) -> None:
    query = prepare_query(index, DRAFT, DRAFT_VECTOR, CONTEXT, sources=SOURCES)
    pool = score_pool(index, query, "organisations", options=Options(), nominate=lambda kind, n: [])
    values = dict(
        zip(
            (index.candidates[NodeKind.ORGANISATION].ids[r] for r in pool.rows),
            pool.values["territory"],
            strict=True,
        )
    )
    assert values["org:ddtm-eure"] == 1.0
    assert values["org:ann"] == pytest.approx(1 / 3)


def test_activity_is_the_freshest_link(people: Candidates) -> None:
    values = by_id(people, signals.activity(people, weights_at(people), dated=True))
    assert values["person:ana-morel"] == 1.0  # open is running
    assert values["person:zoe-blanc"] == 0.5  # old ended one half-life ago
    assert values["person:eve-roux"] == 0.5  # undated
    assert values["person:nina-garnier"] == 0.25  # left open two half-lives ago
    assert values["person:hugo-girard"] == round(HUGO, 6)  # starts 152 days after D
    assert values["person:lou-faure"] == 0.0  # no project


def test_activity_without_a_date_is_zero(people: Candidates) -> None:
    assert signals.activity(people, weights_at(people, None), dated=False).tolist() == [0.0] * 9


def test_recent_introductions_count_the_window_before_the_day(people: Candidates) -> None:
    values = by_id(people, signals.recent_introductions(people, D, window_days=90))
    # Lou: D and D - 89 count; D - 90 is out of the window, D + 1 after the draft.
    assert values["person:lou-faure"] == 2.0
    assert values["person:hugo-girard"] == 3.0
    assert values["person:remi-caron"] == 0.0  # introduced two years before


def test_availability_falls_with_recent_introductions(people: Candidates) -> None:
    values = by_id(people, signals.availability(people, D, window_days=90, cap=3))
    assert values["person:lou-faure"] == third(1)  # 1 - 2 / 3
    assert values["person:hugo-girard"] == 0.0  # at the cap
    assert values["person:ana-morel"] == 1.0
    later = by_id(people, signals.availability(people, day_number("2024-06-01"), window_days=90, cap=3))
    assert later["person:hugo-girard"] == 1.0


# -- the pool -----------------------------------------------------------------------------------------


def everyone(index: MatchingIndex) -> Nominate:
    """Dense search nominates every candidate: only the evidence rule decides who is pooled."""

    def nominate(kind: NodeKind, n: int) -> list[str]:
        return list(index.candidates[kind].ids)

    return nominate


@pytest.mark.parametrize("context", [DraftContext(), CONTEXT], ids=["text", "context"])
@pytest.mark.parametrize("who", ["people", "organisations"])
def test_score_pool_values_are_all_within_zero_and_one(
    index: MatchingIndex, context: DraftContext, who: Who
) -> None:
    sources = SOURCES if not context.is_empty else ()
    query = prepare_query(index, DRAFT, DRAFT_VECTOR, context, sources=sources)
    pool = score_pool(index, query, who, options=Options(half_life_days=HALF_LIFE), nominate=everyone(index))
    assert len(pool.rows) > 0
    expected = signals.TEXT_SIGNALS if context.is_empty else signals.SIGNALS
    assert set(pool.values) == set(expected)
    for name, values in pool.values.items():
        assert len(values) == len(pool.rows)
        assert np.all((values >= 0.0) & (values <= 1.0)), name


def test_experience_and_availability_alone_do_not_enter_the_pool(
    index: MatchingIndex, people: Candidates
) -> None:
    query = prepare_query(index, DRAFT, DRAFT_VECTOR, DraftContext(), sources=())
    pool = score_pool(index, query, "people", options=Options(), nominate=everyone(index))
    pooled = [people.ids[r] for r in pool.rows]
    # Hugo (one project about gardens) and Lou (a lawyer) share nothing with the draft.
    assert signals.experience(people)[people.row["person:hugo-girard"]] > 0
    assert "person:hugo-girard" not in pooled
    assert "person:lou-faure" not in pooled
    assert "person:ana-morel" in pooled


def test_a_shared_territory_alone_does_not_enter_the_pool(
    index: MatchingIndex, organisations: Candidates
) -> None:
    query = prepare_query(index, DRAFT, DRAFT_VECTOR, CONTEXT, sources=SOURCES)
    pool = score_pool(index, query, "organisations", options=Options(), nominate=everyone(index))
    pooled = [organisations.ids[r] for r in pool.rows]
    assert "org:bernay" not in pooled  # same département, nothing else
    assert "org:ann" in pooled


# -- what a dated draft may see -----------------------------------------------------------------------


def test_work_starting_after_the_drafts_date_counts_less_in_every_time_aware_signal(
    index: MatchingIndex, people: Candidates
) -> None:
    text = "Des jardins partagés au pied des immeubles."
    at_d = prepare_query(index, text, DRAFT_VECTOR, CONTEXT, sources=SOURCES)
    at_start = prepare_query(
        index, text, DRAFT_VECTOR, dataclasses.replace(CONTEXT, date=date(2024, 6, 1)), sources=SOURCES
    )
    # Hugo's only project starts on 2024-06-01, 152 days after the draft of 2024-01-01: every
    # time-aware signal weighs it 0.5 ** 1.52 (similar_projects saturates it), against 1 for a
    # draft of its first day...
    values = {}
    for name, query in (("D", at_d), ("start", at_start)):
        options = Options(half_life_days=HALF_LIFE)
        pool = score_pool(index, query, "people", options=options, nominate=everyone(index))
        hugo = [people.ids[r] for r in pool.rows].index("person:hugo-girard")
        values[name] = {signal: float(v[hugo]) for signal, v in pool.values.items()}
    assert values["D"]["activity"] == pytest.approx(HUGO)
    assert values["start"]["activity"] == 1.0
    for name in ("similar_projects", "activity"):
        assert 0.0 < values["D"][name] < values["start"][name], name
    # ...while the text signals describe him by all the work the network records, whatever the
    # date, as the TF-IDF baseline does (the module docstring says so).
    for name in ("lexical", "own_text", "semantic"):
        assert values["D"][name] == values["start"][name], name
    assert values["D"]["lexical"] > 0.0


def test_text_signals_read_every_recorded_project(index: MatchingIndex, people: Candidates) -> None:
    toward_future = np.array([0.0, 0.0, 1.0, 0.0], dtype=np.float32)  # project:future's window
    query = prepare_query(index, "Des jardins partagés.", toward_future, CONTEXT, sources=SOURCES)
    pool = score_pool(index, query, "people", options=Options(), nominate=everyone(index))
    values = dict(zip((people.ids[r] for r in pool.rows), pool.values["semantic"], strict=True))
    assert values["person:hugo-girard"] == 1.0
