"""Leave-projects-out evaluation: hidden means hidden, the past as a lab knew it, and the protocol.

The tiny world::

    Sam Durand (agent) ── works at ── DDTM de l'Eure, and at the lab
        │ submitted
        ▼
    project:ruchers (2023-03-01, the one we hide) ── Ana, Bruno; partners Les Butineurs (porteur),
        │                                            Ville d'Évreux; supported by the lab; in the Eure
        └── Sam introduced Bruno for it (2023-04-01)
    project:cantine (2022-05-01) ── Ana, Chloé; submitted by Bruno; partner DDTM (porteuse)
    project:velo (2024-02-01) ── Bruno, Chloé; partners Ville d'Évreux (porteur), Les Butineurs
    project:archives (no date) ── Chloé
    Ana introduced Chloé for the cantine (2023-07-01); Bruno introduced Ana for the velo (2023-01-15).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, timedelta

import networkx as nx
import numpy as np
import pytest

import matching.evaluation as evaluation
from graph.model import (
    Edge,
    EdgeKind,
    Lab,
    Node,
    NodeKind,
    Organisation,
    OrgKind,
    Person,
    Project,
    Record,
    Role,
    Territory,
    TerritoryKind,
)
from graph.snapshot import build_graph
from graph.store import Vector
from matching.chunks import chunk_words, text_hash
from matching.context import DraftContext
from matching.dense import MemoryNominator
from matching.evaluation import Draft, answers_in, as_of, build_with, context_of, draft_of, evaluate
from matching.fusion import SETTINGS, WHO, Setting, Who, signals_for
from matching.index import (
    MatchingIndex,
    build_index,
    day_number,
    hide_projects,
    index_windows,
    projects_after,
)
from matching.profiles import project_text
from matching.ranking import Options, Pool, prepare_query, score_pool
from matching.text import analyze
from tests.fakes import HashingEmbedder

MAX_WORDS = 110
DIMENSIONS = 16
HIDDEN = "project:ruchers"
analyzer = functools.lru_cache(maxsize=None)(analyze)


def expert(slug: str, name: str, bio: str) -> Person:
    return Person(id=f"person:{slug}", name=name, roles=(Role.EXPERT,), bio=bio)


def edge(kind: EdgeKind, source: str, target: str, **attributes: object) -> Edge:
    return Edge(kind=kind, source=source, target=target, **attributes)


def introduced(source: str, target: str, since: str, project: str) -> Edge:
    return edge(
        EdgeKind.INTRODUCED, source, target, since=since, provenance="lab:innovmandie", project=project
    )


def world() -> list[Record]:
    return [
        Territory(id="territory:dep-27", kind=TerritoryKind.DEPARTEMENT, name="Eure", code="27"),
        Lab(id="lab:innovmandie", name="Innov'mandie"),
        Organisation(id="org:ddtm-eure", name="DDTM de l'Eure", kind=OrgKind.STATE_DECONCENTRATED),
        Organisation(id="org:ville-evreux", name="Ville d'Évreux", kind=OrgKind.LOCAL_AUTHORITY),
        Organisation(id="org:butineurs", name="Les Butineurs", kind=OrgKind.ASSOCIATION),
        Person(id="person:sam-durand", name="Sam Durand", roles=(Role.AGENT,)),
        expert("ana-morel", "Ana Morel", "Restauration collective et alimentation durable."),
        expert("bruno-petit", "Bruno Petit", "Urbaniste, mobilités douces."),
        expert("chloe-roux", "Chloé Roux", "Archiviste et historienne."),
        Project(
            id=HIDDEN,
            title="Ruchers pédagogiques sur les toits",
            description="Installer des ruchers et former des apiculteurs municipaux.",
            start_date="2023-03-01",
        ),
        Project(
            id="project:cantine",
            title="Cantine durable",
            description="Des produits locaux dans la restauration collective.",
            start_date="2022-05-01",
        ),
        Project(
            id="project:velo",
            title="Pistes cyclables",
            description="Relier les quartiers par des pistes cyclables.",
            start_date="2024-02-01",
        ),
        Project(id="project:archives", title="Archives numérisées", description="Numériser les archives."),
        edge(EdgeKind.WORKS_AT, "person:sam-durand", "org:ddtm-eure", since="2020-01-01"),
        edge(EdgeKind.WORKS_AT, "person:sam-durand", "lab:innovmandie"),
        edge(EdgeKind.WORKS_AT, "person:chloe-roux", "org:ddtm-eure", since="2023-09-01"),
        edge(EdgeKind.SUBMITTED, "person:sam-durand", HIDDEN),
        edge(EdgeKind.CONTRIBUTES_TO, "person:ana-morel", HIDDEN),
        edge(EdgeKind.CONTRIBUTES_TO, "person:bruno-petit", HIDDEN),
        edge(EdgeKind.PARTNER_IN, "org:butineurs", HIDDEN, role="porteur"),
        edge(EdgeKind.PARTNER_IN, "org:ville-evreux", HIDDEN),
        edge(EdgeKind.SUPPORTED_BY, HIDDEN, "lab:innovmandie"),
        edge(EdgeKind.LOCATED_IN, HIDDEN, "territory:dep-27"),
        edge(EdgeKind.SUBMITTED, "person:bruno-petit", "project:cantine"),
        edge(EdgeKind.CONTRIBUTES_TO, "person:ana-morel", "project:cantine"),
        edge(EdgeKind.CONTRIBUTES_TO, "person:chloe-roux", "project:cantine"),
        edge(EdgeKind.PARTNER_IN, "org:ddtm-eure", "project:cantine", role="porteuse"),
        edge(EdgeKind.CONTRIBUTES_TO, "person:bruno-petit", "project:velo"),
        edge(EdgeKind.CONTRIBUTES_TO, "person:chloe-roux", "project:velo"),
        edge(EdgeKind.PARTNER_IN, "org:ville-evreux", "project:velo", role="porteur"),
        edge(EdgeKind.PARTNER_IN, "org:butineurs", "project:velo"),
        edge(EdgeKind.CONTRIBUTES_TO, "person:chloe-roux", "project:archives"),
        introduced("person:sam-durand", "person:bruno-petit", "2023-04-01", HIDDEN),
        introduced("person:ana-morel", "person:chloe-roux", "2023-07-01", "project:cantine"),
        introduced("person:bruno-petit", "person:ana-morel", "2023-01-15", "project:velo"),
    ]


def graph_of(records: list[Record]) -> nx.MultiDiGraph:
    return build_graph(
        [r for r in records if isinstance(r, Node)], [r for r in records if isinstance(r, Edge)]
    )


def names(record: Record, project: str) -> bool:
    """Whether a record is the project, one of its edges, or an introduction made for it."""
    if isinstance(record, Edge):
        return project in (record.source, record.target) or record.project == project
    return record.id == project


def vectors_of(graph: nx.MultiDiGraph, dimensions: int = DIMENSIONS) -> dict[str, Vector]:
    """Fake vectors (the hashing embedder) for every window of the network."""
    _, _, owners = index_windows(graph, max_words=MAX_WORDS)
    windows = {h: w for ws in owners.values() for h, w in ws}
    embedded = HashingEmbedder(dimensions).embed(list(windows.values()))
    return dict(zip(windows, embedded, strict=True))


def build(graph: nx.MultiDiGraph, vectors: dict[str, Vector]) -> MatchingIndex:
    return build_index(graph, vectors, analyzer=analyzer, max_words=MAX_WORDS, dimensions=DIMENSIONS)


@pytest.fixture(scope="module")
def full() -> nx.MultiDiGraph:
    return graph_of(world())


@pytest.fixture(scope="module")
def vectors(full: nx.MultiDiGraph) -> dict[str, Vector]:
    return vectors_of(full)


@pytest.fixture(scope="module")
def hidden(full: nx.MultiDiGraph, vectors: dict[str, Vector]) -> MatchingIndex:
    return build(hide_projects(full, {HIDDEN}), vectors)


@pytest.fixture(scope="module")
def never(vectors: dict[str, Vector]) -> MatchingIndex:
    """The index of a network in which the project was never recorded."""
    return build(graph_of([r for r in world() if not names(r, HIDDEN)]), vectors)


# -- hidden means hidden -----------------------------------------------------------------------------


def test_hiding_a_project_removes_it_its_edges_and_its_introductions(full: nx.MultiDiGraph) -> None:
    kept = hide_projects(full, {HIDDEN})
    assert HIDDEN not in kept
    assert all(d.get("project") != HIDDEN for _, _, d in kept.edges(data=True))
    # Its edges (7) and Sam's introduction of Bruno for it (1) are gone; nothing else is.
    assert full.number_of_edges() - kept.number_of_edges() == 8
    assert kept.number_of_nodes() == full.number_of_nodes() - 1
    assert HIDDEN in full  # the graph itself is untouched


def test_a_hidden_project_leaves_the_same_candidates_as_one_never_recorded(
    hidden: MatchingIndex, never: MatchingIndex
) -> None:
    for kind in (NodeKind.PERSON, NodeKind.ORGANISATION):
        a, b = hidden.candidates[kind], never.candidates[kind]
        assert a.ids == b.ids
        assert [p.own_text for p in a.profiles] == [p.own_text for p in b.profiles]
        assert (a.projects != b.projects).nnz == 0
        assert (a.all_windows != b.all_windows).nnz == 0
        assert a.experience.tolist() == b.experience.tolist()
        assert [x.tolist() for x in a.introduced_on] == [x.tolist() for x in b.introduced_on]
        assert a.organisations == b.organisations and a.territories == b.territories
    assert (
        hidden.projects.ids == never.projects.ids == ["project:archives", "project:cantine", "project:velo"]
    )
    assert hidden.without_text == never.without_text


def test_a_hidden_project_leaves_the_same_vocabulary_and_windows(
    hidden: MatchingIndex, never: MatchingIndex
) -> None:
    assert hidden.lexical.terms.tolist() == never.lexical.terms.tolist()
    assert hidden.windows.hashes == never.windows.hashes
    np.testing.assert_array_equal(hidden.windows.matrix, never.windows.matrix)


def test_a_hidden_project_leaves_the_same_collaboration_graph(
    hidden: MatchingIndex, never: MatchingIndex
) -> None:
    assert hidden.collaboration.nodes == never.collaboration.nodes
    assert hidden.collaboration.adjacency.shape == never.collaboration.adjacency.shape
    assert (hidden.collaboration.adjacency != never.collaboration.adjacency).nnz == 0


def pool_of_hidden(
    full: nx.MultiDiGraph, vectors: dict[str, Vector], index: MatchingIndex, who: Who, setting: Setting
) -> Pool:
    """The hidden project's draft scored against an index, as ``evaluate`` scores it."""
    draft = draft_of(full, index, HIDDEN, vectors, max_words=MAX_WORDS)
    context = draft.context if setting == "context" else DraftContext()
    sources = [s for s in [context.submitter, *context.organisations] if s]
    query = prepare_query(index, draft.text, draft.vector, context, sources=sources)
    nominator = MemoryNominator(index)

    def nominate(kind: NodeKind, n: int) -> list[str]:
        return nominator.nominate(draft.vector, kind, n)

    return score_pool(index, query, who, options=Options(), nominate=nominate)


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("who", WHO)
def test_a_hidden_project_gets_the_same_scores_as_one_never_recorded(
    full: nx.MultiDiGraph,
    vectors: dict[str, Vector],
    hidden: MatchingIndex,
    never: MatchingIndex,
    who: Who,
    setting: Setting,
) -> None:
    a = pool_of_hidden(full, vectors, hidden, who, setting)
    b = pool_of_hidden(full, vectors, never, who, setting)
    assert len(a.rows) > 0
    assert a.rows.tolist() == b.rows.tolist()
    assert set(a.values) == set(b.values)
    for name in a.values:
        np.testing.assert_array_equal(a.values[name], b.values[name], err_msg=name)
    np.testing.assert_array_equal(a.window_scores, b.window_scores)


def test_a_visible_project_would_have_changed_the_scores(
    full: nx.MultiDiGraph, vectors: dict[str, Vector], hidden: MatchingIndex
) -> None:
    # The comparison above can tell: left in, the project is its own best evidence.
    seen = pool_of_hidden(full, vectors, build(full, vectors), "people", "text")
    unseen = pool_of_hidden(full, vectors, hidden, "people", "text")
    assert seen.values["lexical"].max() > unseen.values["lexical"].max()


def test_the_hidden_projects_words_are_not_in_the_vocabulary(
    full: nx.MultiDiGraph, vectors: dict[str, Vector], hidden: MatchingIndex
) -> None:
    distinctive = {"ruch", "toit", "apiculteur", "pedagog"}  # the stems of its own words
    assert distinctive <= set(analyze(project_text(full.nodes[HIDDEN])))
    assert distinctive <= set(build(full, vectors).lexical.terms.tolist())
    assert not distinctive & set(hidden.lexical.terms.tolist())
    assert not distinctive & set(analyzer(" ".join(hidden.windows.texts)))


def test_the_hidden_projects_windows_are_not_in_the_index(
    full: nx.MultiDiGraph, hidden: MatchingIndex
) -> None:
    windows = {text_hash(w) for w in chunk_words(project_text(full.nodes[HIDDEN]), max_words=MAX_WORDS)}
    assert windows
    assert not windows & set(hidden.windows.hashes)


def test_no_edge_reaches_the_hidden_project(hidden: MatchingIndex) -> None:
    assert HIDDEN not in hidden.tables.nodes
    assert HIDDEN not in hidden.collaboration.row
    assert all(e.attributes.get("project") != HIDDEN for e in hidden.tables.all_edges())
    # Bruno's only introduction was made for the hidden project.
    people = hidden.candidates[NodeKind.PERSON]
    assert people.introduced_on[people.row["person:bruno-petit"]].tolist() == []
    assert HIDDEN not in hidden.labels


def test_the_draft_of_a_hidden_project_finds_its_members_known_from_other_work(
    full: nx.MultiDiGraph, vectors: dict[str, Vector], hidden: MatchingIndex
) -> None:
    draft = draft_of(full, hidden, HIDDEN, vectors, max_words=MAX_WORDS)
    assert draft.text == project_text(full.nodes[HIDDEN])
    assert draft.answers == {
        "people": frozenset({"person:ana-morel", "person:bruno-petit"}),
        # Les Butineurs and the Ville d'Évreux are both partners in the velo project.
        "organisations": frozenset({"org:butineurs", "org:ville-evreux"}),
    }
    # With the context, Sam and the DDTM are given; neither is an answer, so none is removed.
    assert answers_in(draft, "people", "context") == draft.answers["people"]
    assert answers_in(draft, "organisations", "context") == draft.answers["organisations"]
    assert float(np.linalg.norm(draft.vector)) == pytest.approx(1.0, abs=1e-6)


# -- the past as a lab knew it ------------------------------------------------------------------------


def test_as_of_drops_later_projects(full: nx.MultiDiGraph) -> None:
    kept = as_of(full, date(2023, 6, 1))
    assert "project:velo" not in kept  # 2024-02-01
    assert {HIDDEN, "project:cantine", "project:archives"} <= set(kept)  # earlier, or undated


def test_as_of_drops_a_project_starting_on_the_day(full: nx.MultiDiGraph) -> None:
    assert "project:velo" not in as_of(full, date(2024, 2, 1))
    assert "project:velo" in as_of(full, date(2024, 2, 2))


def test_as_of_drops_later_dated_edges(full: nx.MultiDiGraph) -> None:
    kept = as_of(full, date(2023, 6, 1)).to_graph()
    # Chloé joined the DDTM on 2023-09-01; Ana introduced Chloé on 2023-07-01.
    assert not kept.has_edge("person:chloe-roux", "org:ddtm-eure", key="WORKS_AT")
    assert not kept.has_edge("person:ana-morel", "person:chloe-roux", key="INTRODUCED")
    # Sam's job (2020) and his undated lab membership stay; so does his 2023-04-01 introduction.
    assert kept.has_edge("person:sam-durand", "org:ddtm-eure", key="WORKS_AT")
    assert kept.has_edge("person:sam-durand", "lab:innovmandie", key="WORKS_AT")
    assert kept.has_edge("person:sam-durand", "person:bruno-petit", key="INTRODUCED")


def test_as_of_drops_introductions_made_for_a_later_project(full: nx.MultiDiGraph) -> None:
    # Bruno introduced Ana on 2023-01-15, before the day, but for the velo project of 2024.
    kept = as_of(full, date(2023, 6, 1)).to_graph()
    assert not kept.has_edge("person:bruno-petit", "person:ana-morel", key="INTRODUCED")
    assert full.has_edge("person:bruno-petit", "person:ana-morel", key="INTRODUCED")


def test_context_of_a_submitted_project(full: nx.MultiDiGraph) -> None:
    # Sam works at the DDTM and at the lab: only the organisation counts as his.
    assert context_of(full, HIDDEN) == DraftContext(
        lab="lab:innovmandie",
        date=date(2023, 3, 1),
        submitter="person:sam-durand",
        organisations=("org:ddtm-eure",),
        territory="territory:dep-27",
    )


def test_context_without_a_submitter_takes_the_lead_partner(full: nx.MultiDiGraph) -> None:
    assert context_of(full, "project:velo") == DraftContext(
        date=date(2024, 2, 1), organisations=("org:ville-evreux",)
    )


def test_context_of_a_submitter_without_an_organisation_takes_the_lead_partner(
    full: nx.MultiDiGraph,
) -> None:
    context = context_of(full, "project:cantine")
    assert context.submitter == "person:bruno-petit"
    assert context.organisations == ("org:ddtm-eure",)  # the partner « porteuse »


def test_context_of_an_undated_project_without_anyone(full: nx.MultiDiGraph) -> None:
    context = context_of(full, "project:archives")
    assert context == DraftContext()
    assert context.is_empty


# -- the protocol on a small synthetic network -------------------------------------------------------

THEMES = {
    "donnees": "données ouvertes portail publication catalogue transparence statistiques tableaux",
    "mobilite": "vélo pistes cyclables covoiturage transport navette stationnement trottoirs",
    "alimentation": "cantine circuits courts producteurs locaux restauration gaspillage maraîchers",
    "culture": "médiathèque lecture bibliothèque animation jeunesse patrimoine musée spectacle",
    "sante": "santé médecins prévention soins télémédecine dépistage hôpital infirmiers",
}
START = date(2020, 1, 6)
PROJECTS = 40


def synthetic_network(projects: int = PROJECTS) -> nx.MultiDiGraph:
    """Five themes; per theme three experts, two organisations with an agent, and eight projects.

    Project ``i`` (theme ``i % 5``) starts ``40 * i`` days after 2020-01-06, has two of its
    theme's experts, one or two of its organisations, and is submitted by the first
    organisation's agent when ``i`` is even; otherwise its partner « porteur » leads it.
    """
    rng = np.random.RandomState(3)
    records: list[Record] = [
        Territory(id="territory:dep-27", kind=TerritoryKind.DEPARTEMENT, name="Eure", code="27"),
        Territory(id="territory:dep-61", kind=TerritoryKind.DEPARTEMENT, name="Orne", code="61"),
        Lab(id="lab:nord", name="Lab du Nord"),
        Lab(id="lab:sud", name="Lab du Sud"),
    ]
    for t, (theme, words) in enumerate(THEMES.items()):
        vocabulary = words.split()
        for e in range(3):
            records.append(
                expert(
                    f"{theme}-{e}",
                    f"Expert {theme.capitalize()} {e}",
                    f"Spécialiste {vocabulary[e]} et {vocabulary[e + 3]}.",
                )
            )
        for o in range(2):
            org = f"org:{theme}-{o}"
            kind = OrgKind.ASSOCIATION if o else OrgKind.LOCAL_AUTHORITY
            records.append(
                Organisation(
                    id=org,
                    name=f"Structure {theme} {o}",
                    kind=kind,
                    description=f"Au service de la {vocabulary[o + 5]}.",
                )
            )
            records.append(
                Person(id=f"person:agent-{theme}-{o}", name=f"Agent {theme} {o}", roles=(Role.AGENT,))
            )
            records.append(edge(EdgeKind.WORKS_AT, f"person:agent-{theme}-{o}", org))
            records.append(edge(EdgeKind.LOCATED_IN, org, f"territory:dep-{27 if t % 2 else 61}"))
    for i in range(projects):
        theme = list(THEMES)[i % 5]
        vocabulary = THEMES[theme].split()
        chosen = rng.choice(vocabulary, size=4, replace=False)
        project = f"project:p{i:02d}"
        start = START + timedelta(days=40 * i)
        records.append(
            Project(
                id=project,
                title=f"Projet {chosen[0]} {i}",
                description=f"Améliorer {chosen[1]}, {chosen[2]} et {chosen[3]} pour les habitants.",
                start_date=start,
                end_date=start + timedelta(days=300),
            )
        )
        for e in ((i // 5) % 3, ((i // 5) + 1) % 3):
            records.append(edge(EdgeKind.CONTRIBUTES_TO, f"person:{theme}-{e}", project))
        records.append(
            edge(EdgeKind.PARTNER_IN, f"org:{theme}-0", project, role=None if i % 2 == 0 else "porteur")
        )
        if i % 3 == 0:
            records.append(edge(EdgeKind.PARTNER_IN, f"org:{theme}-1", project))
        if i % 2 == 0:
            records.append(edge(EdgeKind.SUBMITTED, f"person:agent-{theme}-0", project))
        records.append(edge(EdgeKind.SUPPORTED_BY, project, "lab:nord" if i % 2 else "lab:sud"))
        records.append(edge(EdgeKind.LOCATED_IN, project, "territory:dep-27"))
    return graph_of(records)


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph:
    return synthetic_network()


@pytest.fixture(scope="module")
def network_vectors(network: nx.MultiDiGraph) -> dict[str, Vector]:
    return vectors_of(network, 32)


def run(network: nx.MultiDiGraph, vectors: dict[str, Vector], **kwargs: object) -> evaluation.Report:
    """``evaluate`` as ``passerelle evaluate`` calls it, quietly."""
    dimensions = len(next(iter(vectors.values())))
    builder = build_with(vectors, analyzer=analyzer, max_words=MAX_WORDS, dimensions=dimensions)
    return evaluate(
        network,
        vectors,
        build=builder,
        max_words=MAX_WORDS,
        options=Options(),
        progress=lambda _: None,
        **kwargs,  # type: ignore[arg-type]
    )


def check_scores(report: evaluation.Report) -> None:
    assert set(report.scores) == set(WHO)
    for who in WHO:
        assert set(report.scores[who]) == set(SETTINGS)
        for setting in SETTINGS:
            table = report.scores[who][setting]
            assert {"fusion", "tf-idf baseline", "default weights", *signals_for(setting)} <= set(table)
            for ranking, scores in table.items():
                assert scores.n > 0, (who, setting, ranking)
                for value in (scores.recall, scores.ndcg, scores.mrr):
                    assert 0.0 <= value <= 1.0, (who, setting, ranking)


def recording(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Draft, MatchingIndex]]:
    """Record every draft the evaluation makes, with the index it was made against."""
    made: list[tuple[Draft, MatchingIndex]] = []
    real: Callable[..., Draft] = evaluation.draft_of

    def spy(
        graph: nx.MultiDiGraph, index: MatchingIndex, project: str, *args: object, **kwargs: object
    ) -> Draft:
        draft = real(graph, index, project, *args, **kwargs)
        made.append((draft, index))
        return draft

    monkeypatch.setattr(evaluation, "draft_of", spy)
    return made


def test_evaluate_by_folds_scores_both_kinds_both_settings_and_every_ranking(
    network: nx.MultiDiGraph, network_vectors: dict[str, Vector], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = recording(monkeypatch)
    report = run(network, network_vectors, folds=4)
    check_scores(report)
    # Every project is hidden once, and is absent from the index it is a draft against.
    drafted = [d.project for d, _ in made]
    assert sorted(drafted) == sorted(n for n in network if n.startswith("project:"))
    assert all(d.project not in index.projects.row for d, index in made)
    assert report.drafts == PROJECTS
    assert report.protocol == "4 folds (seed 0)"
    check_calibration(report)


def check_calibration(report: evaluation.Report) -> None:
    """The fused probabilities of the first 10 suggestions of each draft, binned: every bin holds
    suggestions, higher bins have higher probabilities and were right more often than the lowest."""
    for who in WHO:
        for setting in SETTINGS:
            calibration = report.calibration[who][setting]
            drafts = report.scores[who][setting]["fusion"].n
            assert 0 < calibration.n <= 10 * drafts
            assert sum(n for _, _, n in calibration.bins) == calibration.n
            predicted = [p for p, _, _ in calibration.bins]
            assert predicted == sorted(predicted)
            assert all(0.0 <= share <= 1.0 for _, share, _ in calibration.bins)
            assert calibration.bins[-1][1] > calibration.bins[0][1], (who, setting, calibration)
            assert 0.0 < calibration.brier < 0.25


def test_evaluate_with_a_date_split_drafts_only_the_projects_from_that_date(
    network: nx.MultiDiGraph, network_vectors: dict[str, Vector], monkeypatch: pytest.MonkeyPatch
) -> None:
    split = START + timedelta(days=40 * 30)  # projects p30 to p39 start on or after it
    later = projects_after(network, split)
    assert len(later) == 10
    made = recording(monkeypatch)
    report = run(network, network_vectors, folds=3, split=split)
    check_scores(report)
    tests = [(d, index) for d, index in made if d.project in later]
    # The drafts that are scored are the later projects, ranked against the network of the split day.
    assert {d.project for d, _ in tests} == later
    for _, index in tests:
        assert not later & set(index.projects.ids)
        assert all(
            day_number(d.get("since")) < day_number(split) or d.get("since") is None
            for d in (e.attributes for e in index.tables.all_edges())
        )
    with_answers = {
        d.project for d, _ in tests for who in WHO for setting in SETTINGS if answers_in(d, who, setting)
    }
    assert report.drafts == len(with_answers) > 0
    for who in WHO:
        for setting in SETTINGS:
            assert report.scores[who][setting]["fusion"].n <= len(later)
    # Everything else drafted was from before the split, for the fusion's folds.
    assert all(
        day_number(network.nodes[d.project]["start_date"]) < day_number(split)
        for d, _ in made
        if d.project not in later
    )
    assert report.protocol == f"date split at {split.isoformat()}"


def test_evaluate_a_network_of_four_projects(full: nx.MultiDiGraph, vectors: dict[str, Vector]) -> None:
    report = run(full, vectors, folds=2)
    assert report.drafts <= 4


def test_as_many_folds_as_projects_is_leave_one_out(monkeypatch: pytest.MonkeyPatch) -> None:
    network = synthetic_network(10)
    made = recording(monkeypatch)
    run(network, vectors_of(network, 32), folds=10)
    assert sorted(d.project for d, _ in made) == [f"project:p{i:02d}" for i in range(10)]
    assert [len(index.projects.ids) for _, index in made] == [9] * 10


def apiculture(*, with_expert: bool = True) -> nx.MultiDiGraph:
    """A town hall leads four hive projects; an association joined r1 and r2 (r2 starts 2023-01-01).

    Drafted after the split, r2's answers are the town hall (its « porteur », so given in the
    context setting) and the association (known from r1).
    """
    records: list[Record] = [
        Organisation(
            id="org:mairie",
            name="Mairie de Lisieux",
            kind=OrgKind.LOCAL_AUTHORITY,
            description="Ruches et apiculture urbaine en ville.",
        ),
        Organisation(id="org:abeilles", name="Les Amis des Abeilles", kind=OrgKind.ASSOCIATION),
        Organisation(
            id="org:port",
            name="Port de Honfleur",
            kind=OrgKind.PUBLIC_OPERATOR,
            description="Quais et ruches.",
        ),
    ]
    if with_expert:
        records.append(expert("noe-lenoir", "Noé Lenoir", "Apiculteur."))
    projects = {
        "r1": ("2021-01-01", "Ruches sur les quais du port."),
        "r3": ("2021-06-01", "Miel de ville et apiculture urbaine."),
        "r4": ("2022-01-01", "Apiculture urbaine et ruches."),
        "r2": ("2023-01-01", "Ruches et miel des quais."),
    }
    for slug, (start, text) in projects.items():
        records.append(
            Project(id=f"project:{slug}", title=f"Ruches {slug}", description=text, start_date=start)
        )
        records.append(edge(EdgeKind.PARTNER_IN, "org:mairie", f"project:{slug}", role="porteur"))
    records.append(edge(EdgeKind.PARTNER_IN, "org:abeilles", "project:r1"))
    records.append(edge(EdgeKind.PARTNER_IN, "org:abeilles", "project:r2"))
    return graph_of(records)


def test_with_a_context_the_baseline_ranks_only_what_is_not_given() -> None:
    graph = apiculture()
    report = run(graph, vectors_of(graph, 32), folds=2, split=date(2023, 1, 1))
    organisations = report.scores["organisations"]
    # Text alone: the town hall and the association are both answers, and one of them comes first.
    assert (organisations["text"]["fusion"].mrr, organisations["text"]["fusion"].n) == (1.0, 1)
    # With the context, the town hall is given: the association is the baseline's first.
    assert (organisations["context"]["tf-idf baseline"].mrr, organisations["context"]["fusion"].n) == (1.0, 1)


def test_with_a_context_the_fusion_is_scored_without_what_is_given() -> None:
    graph = apiculture()
    report = run(graph, vectors_of(graph, 32), folds=2, split=date(2023, 1, 1))
    assert report.scores["organisations"]["context"]["fusion"].mrr == 1.0
    assert report.scores["organisations"]["context"]["default weights"].mrr == 1.0


def test_evaluate_a_network_without_experts() -> None:
    graph = apiculture(with_expert=False)
    report = run(graph, vectors_of(graph, 32), folds=2, split=date(2023, 1, 1))
    assert report.scores["people"]["text"]["fusion"].n == 0


# -- the lab's decisions as labels -------------------------------------------------------------------


def judged_network() -> tuple[nx.MultiDiGraph, dict[str, Vector]]:
    network = synthetic_network()
    return network, vectors_of(network, 32)


def judged_draft(key: str, **labels: frozenset[str]) -> evaluation.Judged:
    text = "Ouvrir les données du portail : catalogue, publication et statistiques en tableaux."
    vector = HashingEmbedder(32).embed([text])[0]
    context = DraftContext(lab="lab:nord", date=date(2025, 6, 1), submitter="person:agent-donnees-0")
    return evaluation.Judged(key=key, text=text, vector=vector, context=context, **labels)  # type: ignore[arg-type]


def test_judged_drafts_are_examples_for_the_fusion_and_never_tests() -> None:
    network, vectors = judged_network()
    plain = run(network, vectors, folds=4)
    # Against their text, the staff keep choosing the culture experts for open-data drafts.
    judged = [
        judged_draft(
            f"brouillon {i}",
            relevant=frozenset({"person:culture-0", "person:culture-1"}),
            not_relevant=frozenset({"person:donnees-0"}),
        )
        for i in range(12)
    ]
    taught = run(network, vectors, folds=4, judged=judged)
    # The figures are the history's alone: the same drafts, the same baseline.
    for who in WHO:
        for setting in SETTINGS:
            before, after = plain.scores[who][setting], taught.scores[who][setting]
            assert after["fusion"].n == before["fusion"].n
            assert after["tf-idf baseline"] == before["tf-idf baseline"]
    assert taught.drafts == plain.drafts
    assert taught.judged["drafts"] == 12
    assert taught.judged["relevant"] + taught.judged["outside_pool"] >= 12  # each draft's two, pooled or not
    assert taught.fusion.examples["people/context"]["judged_drafts"] > 0
    assert plain.fusion.examples["people/context"]["judged_drafts"] == 0
    # ...and what the fusion learned moved.
    assert taught.fusion.models["people/context"].weights != plain.fusion.models["people/context"].weights


def test_a_judged_draft_is_scored_without_the_project_it_became() -> None:
    network, vectors = judged_network()
    dimensions = len(next(iter(vectors.values())))
    builder = build_with(vectors, analyzer=analyzer, max_words=MAX_WORDS, dimensions=dimensions)
    built: list[MatchingIndex] = []

    def spying(graph: nx.MultiDiGraph) -> MatchingIndex:
        index = builder(graph)
        built.append(index)
        return index

    became = "project:p05"
    draft = judged_draft("brouillon 1", relevant=frozenset({"person:donnees-0"}), hides=frozenset({became}))
    cases, counts = evaluation._judged_cases(
        evaluation.as_tables(network), [draft], build=spying, options=Options()
    )
    assert became not in built[-1].projects.row
    assert len(built[-1].projects.ids) == PROJECTS - 1
    assert {c.fold for c in cases} == {evaluation.JUDGED_FOLD}
    assert counts["drafts"] == 1
    people = [c for c in cases if c.who == "people"]
    assert len(people) == 1 and people[0].setting == "context"
    assert people[0].answers == frozenset({"person:donnees-0"})


def test_candidates_declined_for_a_reason_other_than_relevance_are_left_out() -> None:
    network, vectors = judged_network()
    dimensions = len(next(iter(vectors.values())))
    builder = build_with(vectors, analyzer=analyzer, max_words=MAX_WORDS, dimensions=dimensions)
    tables = evaluation.as_tables(network)
    plain = judged_draft("brouillon 1", relevant=frozenset({"person:donnees-0"}))
    cases, _ = evaluation._judged_cases(tables, [plain], build=builder, options=Options())
    pooled = {c.ids[r] for c in cases if c.who == "people" for r in c.pool.rows}
    assert "person:donnees-1" in pooled  # an open-data expert is drawn for an open-data draft
    unavailable = judged_draft(
        "brouillon 1",
        relevant=frozenset({"person:donnees-0"}),
        unknown=frozenset({"person:donnees-1"}),
    )
    cases, _ = evaluation._judged_cases(tables, [unavailable], build=builder, options=Options())
    people = next(c for c in cases if c.who == "people")
    kept = {people.ids[r] for r in people.pool.rows}
    assert kept == pooled - {"person:donnees-1"}
    assert all(len(v) == len(people.pool.rows) for v in people.pool.values.values())
