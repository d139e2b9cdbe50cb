"""The matcher on a tiny world: ranking, shortlist rules, explanations and live refresh.

The fast hashing embedder stands in for the model here; ``test_real_model_*`` and
``tests/matching/test_seed_quality.py`` go through the real one.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import Literal

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput
from graph.model import Edge, EdgeKind, Organisation, OrgKind, Person, Project, Role
from graph.store import GraphStore, Vector
from matching.context import DraftContext
from matching.embedder import Embedder
from matching.matcher import Matcher
from matching.ranking import Options
from tests.fakes import HashingEmbedder
from tests.world import tiny_world

TIERS_LIEU = "Transformer la médiathèque municipale en tiers-lieu avec les associations du quartier."
OPEN_DATA = "Nous voulons ouvrir les données de nos services sur un portail commun."


@pytest.fixture
def world_store(sqlite_store: EmbeddedStore) -> EmbeddedStore:
    sqlite_store.upsert(tiny_world())
    return sqlite_store


def ids(suggestions: list[object]) -> list[str]:
    return [s.id for s in suggestions]  # type: ignore[attr-defined]


def test_refresh_embeds_only_what_changed(world_store: EmbeddedStore) -> None:
    embedder = HashingEmbedder()
    matcher = Matcher(world_store, embedder)
    first = matcher.refresh()
    # Owners: one expert, two organisations, two projects. Seven windows, five distinct texts:
    # the médiathèque project's window is shared by Bruno, the Ville d'Alençon and the project.
    assert (first.owners, first.chunks, first.embedded) == (5, 7, 5)
    assert matcher.refresh().embedded == 0
    world_store.upsert(
        [Person(id="person:bruno-lefevre", name="Bruno Lefèvre", roles=(Role.EXPERT,), bio="Nouvelle bio.")]
    )
    assert matcher.refresh().embedded == 1  # the new bio; his project window is still cached
    assert embedder.calls == [first.embedded, 1]


def test_the_rebuild_runs_with_the_cyclic_collector_paused_and_restores_it(
    world_store: EmbeddedStore,
) -> None:
    seen: list[bool] = []

    class Watching(HashingEmbedder):
        def embed(self, texts: Sequence[str]) -> Vector:
            seen.append(gc.isenabled())
            return super().embed(texts)

    assert gc.isenabled()
    Matcher(world_store, Watching()).refresh()
    assert seen == [False]
    assert gc.isenabled()


def test_suggest_ranks_the_right_expert_and_explains(world_store: EmbeddedStore) -> None:
    result = Matcher(world_store, HashingEmbedder()).suggest(TIERS_LIEU, k=5)
    top = result.experts[0]
    assert top.id == "person:bruno-lefevre"
    assert top.evidence.shared_skills == ("Tiers-lieux",)
    assert top.evidence.project == "project:mediatheque-alencon"
    assert "tiers-lieu" in top.evidence.key_terms  # as the draft writes it
    assert "médiathèque" in top.evidence.key_terms  # accents kept
    assert sum(top.contributions.values()) == pytest.approx(top.score)
    assert 0 < top.probability < 1
    assert result.organisations[0].id == "org:ville-alencon"
    assert result.matched and result.setting == "text"


def test_expert_without_text_is_reported_not_scored(world_store: EmbeddedStore) -> None:
    world_store.upsert([Person(id="person:expert-muet", name="Expert Muet", roles=(Role.EXPERT,))])
    result = Matcher(world_store, HashingEmbedder()).suggest(TIERS_LIEU)
    assert result.without_text == ["person:expert-muet"]
    assert "person:expert-muet" not in ids(result.experts)


@pytest.mark.parametrize(
    ("text", "k", "field"),
    [
        ("", 5, "text"),
        ("   ", 5, "text"),
        ("x" * 20_001, 5, "text"),
        ("ok", 0, "k"),
        ("ok", 101, "k"),
        ("\ud800", 5, "text"),
    ],
)
def test_bad_queries_name_the_field(world_store: EmbeddedStore, text: str, k: int, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Matcher(world_store, HashingEmbedder()).suggest(text, k=k)
    assert [p.field for p in caught.value.problems] == [field]


def test_too_long_draft_says_the_limit(world_store: EmbeddedStore) -> None:
    with pytest.raises(InvalidInput, match="20000"):
        Matcher(world_store, HashingEmbedder()).suggest("mot " * 6000)


@pytest.mark.parametrize(
    ("context", "field", "named"),
    [
        (DraftContext(lab="lab:inconnu"), "lab", "lab:inconnu"),
        (DraftContext(submitter="person:personne"), "submitter", "person:personne"),
        (DraftContext(organisations=("org:ddtm-eure", "org:fantome")), "organisations", "org:fantome"),
        (DraftContext(territory="territory:dep-99"), "territory", "territory:dep-99"),
        (DraftContext(lab="org:ddtm-eure"), "lab", "org:ddtm-eure"),
    ],
)
def test_unknown_context_ids_name_the_field_and_the_id(
    world_store: EmbeddedStore, context: DraftContext, field: str, named: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        Matcher(world_store, HashingEmbedder()).suggest(TIERS_LIEU, context=context)
    assert [(p.field, named in p.message) for p in caught.value.problems] == [(field, True)]


def test_submitter_and_own_organisation_are_never_suggested(world_store: EmbeddedStore) -> None:
    world_store.upsert(
        [
            Person(
                id="person:alice-martin", name="Alice Martin", roles=(Role.AGENT, Role.EXPERT), bio="Données."
            )
        ]
    )
    context = DraftContext(submitter="person:alice-martin", organisations=("org:ddtm-eure",))
    result = Matcher(world_store, HashingEmbedder()).suggest(OPEN_DATA, context=context)
    every = ids(result.experts) + ids(result.alternates["people"])
    assert "person:alice-martin" not in every
    assert "org:ddtm-eure" not in ids(result.organisations) + ids(result.alternates["organisations"])
    assert result.setting == "context"


def test_the_path_from_the_submitter_reads_as_steps(world_store: EmbeddedStore) -> None:
    context = DraftContext(submitter="person:alice-martin", organisations=("org:ddtm-eure",))
    result = Matcher(world_store, HashingEmbedder()).suggest(TIERS_LIEU, context=context)
    bruno = next(s for s in result.experts if s.id == "person:bruno-lefevre")
    # Alice was introduced to Bruno by the lab: one step.
    assert bruno.evidence.path == ("vous", "Bruno Lefèvre")
    assert bruno.evidence.organisations == ("Ville d'Alençon",)


def test_opted_out_person_is_never_suggested(world_store: EmbeddedStore) -> None:
    matcher = Matcher(world_store, HashingEmbedder())
    assert "person:bruno-lefevre" in ids(matcher.suggest(TIERS_LIEU).experts)
    world_store.upsert(
        [
            Person(
                id="person:bruno-lefevre",
                name="Bruno Lefèvre",
                roles=(Role.EXPERT, Role.AGENT),
                bio="Spécialiste des tiers-lieux et de la lecture publique.",
                suggestion_opt_out=True,
            )
        ]
    )
    result = matcher.suggest(TIERS_LIEU)  # no refresh call: the revision changed
    assert "person:bruno-lefevre" not in ids(result.experts) + ids(result.alternates["people"])
    assert result.excluded["people"] == {"opted_out": 1}


def test_conflict_of_interest_keeps_the_candidate_away(world_store: EmbeddedStore) -> None:
    world_store.upsert(
        [Edge(kind=EdgeKind.CONFLICT_OF_INTEREST, source="person:bruno-lefevre", target="org:ddtm-eure")]
    )
    matcher = Matcher(world_store, HashingEmbedder())
    assert "person:bruno-lefevre" in ids(matcher.suggest(TIERS_LIEU).experts)
    result = matcher.suggest(TIERS_LIEU, context=DraftContext(organisations=("org:ddtm-eure",)))
    assert "person:bruno-lefevre" not in ids(result.experts)
    assert result.excluded["people"]["conflict_of_interest"] == 1


def test_the_submitters_team_is_left_out_unless_the_setting_says_otherwise(
    world_store: EmbeddedStore,
) -> None:
    context = DraftContext(organisations=("org:ville-alencon",))
    assert ids(Matcher(world_store, HashingEmbedder()).suggest(TIERS_LIEU, context=context).experts) == []
    kept = Matcher(world_store, HashingEmbedder(), options=Options(exclude_team=False))
    assert ids(kept.suggest(TIERS_LIEU, context=context).experts) == ["person:bruno-lefevre"]


def test_load_cap_rests_a_much_introduced_person(world_store: EmbeddedStore) -> None:
    agents = [Person(id=f"person:agent-{i}", name=f"Agent {i}", roles=(Role.AGENT,)) for i in range(3)]
    introductions = [
        Edge(
            kind=EdgeKind.INTRODUCED,
            source=f"person:agent-{i}",
            target="person:bruno-lefevre",
            since=f"2026-10-0{i + 1}",
            provenance="lab:innovmandie",
            project="project:mediatheque-alencon",
        )
        for i in range(3)
    ]
    world_store.upsert([*agents, *introductions])
    matcher = Matcher(world_store, HashingEmbedder(), options=Options(load_cap=3, load_window_days=90))
    busy = matcher.suggest(TIERS_LIEU, context=DraftContext(date=__import__("datetime").date(2026, 11, 1)))
    assert "person:bruno-lefevre" not in ids(busy.experts)
    assert busy.excluded["people"]["load_cap"] == 1
    later = matcher.suggest(TIERS_LIEU, context=DraftContext(date=__import__("datetime").date(2027, 6, 1)))
    assert "person:bruno-lefevre" in ids(later.experts)


def test_nothing_matched_says_so_instead_of_picking(world_store: EmbeddedStore) -> None:
    matcher = Matcher(world_store, HashingEmbedder())
    for text in ("🙂🙂🚀🎉", "نريد فتح بيانات خدماتنا على بوابة مشتركة", "1234 5678"):
        result = matcher.suggest(text)
        assert not result.matched, text
        assert result.experts == [] and result.organisations == []
        assert "nothing_matched" in [n.code for n in result.notices]
    arabic = matcher.suggest("نريد فتح بيانات خدماتنا على بوابة مشتركة")
    assert "not_french" in [n.code for n in arabic.notices]
    french = matcher.suggest(TIERS_LIEU)
    assert "not_french" not in [n.code for n in french.notices]


def test_default_weights_are_announced(world_store: EmbeddedStore) -> None:
    result = Matcher(world_store, HashingEmbedder()).suggest(TIERS_LIEU)
    assert not result.fitted
    assert "default_weights" in [n.code for n in result.notices]


def test_alternates_follow_the_top_k(sqlite_store: EmbeddedStore) -> None:
    experts = [
        Person(
            id=f"person:expert-{i}",
            name=f"Expert {i}",
            roles=(Role.EXPERT,),
            bio=f"Tiers-lieu et médiathèque {i}.",
        )
        for i in range(8)
    ]
    sqlite_store.upsert([*tiny_world(), *experts])
    result = Matcher(sqlite_store, HashingEmbedder()).suggest(TIERS_LIEU, k=3)
    assert len(result.experts) == 3
    assert len(result.alternates["people"]) == 3
    assert all(s.alternate for s in result.alternates["people"])
    assert not set(ids(result.experts)) & set(ids(result.alternates["people"]))


def test_silo_rule_brings_civil_society_into_the_top_5(sqlite_store: EmbeddedStore) -> None:
    """Six experts of the submitter's own administration match best; a weaker association
    expert is brought to place 5 by the quota, and the answer says so."""
    state = [
        Organisation(id="org:prefecture", name="Préfecture", kind=OrgKind.STATE_DECONCENTRATED),
        Organisation(id="org:ddt", name="DDT", kind=OrgKind.STATE_DECONCENTRATED),
        Organisation(id="org:asso", name="Association Lire", kind=OrgKind.ASSOCIATION),
        Edge(kind=EdgeKind.PART_OF, source="org:ddt", target="org:prefecture"),
    ]
    insiders = [
        Person(
            id=f"person:insider-{i}",
            name=f"Insider {i}",
            roles=(Role.EXPERT,),
            bio="Tiers-lieu médiathèque quartier associations transformer municipale.",
        )
        for i in range(6)
    ]
    outsider = Person(
        id="person:outsider", name="Outsider", roles=(Role.EXPERT,), bio="Tiers-lieu et lecture."
    )
    edges = [
        *(Edge(kind=EdgeKind.WORKS_AT, source=p.id, target="org:prefecture") for p in insiders),
        Edge(kind=EdgeKind.WORKS_AT, source="person:outsider", target="org:asso"),
    ]
    sqlite_store.upsert([*state, *insiders, outsider, *edges])
    matcher = Matcher(
        sqlite_store, HashingEmbedder(), options=Options(silo_threshold=0.0, exclude_team=False)
    )
    result = matcher.suggest(TIERS_LIEU, k=5, context=DraftContext(organisations=("org:ddt",)))
    assert ids(result.experts)[4] == "person:outsider"
    assert result.silo["people"].applied
    assert result.silo["people"].candidate == "person:outsider"
    without_context = matcher.suggest(TIERS_LIEU, k=5)
    assert not without_context.silo["people"].applicable
    assert "person:outsider" not in ids(without_context.experts)


def test_peers_never_include_the_person_asking(world_store: EmbeddedStore) -> None:
    matcher = Matcher(world_store, HashingEmbedder())
    found = matcher.peers(person="person:bruno-lefevre")
    assert "person:bruno-lefevre" not in [p.id for p in found.people]
    by_text = matcher.peers(text=TIERS_LIEU, k=3)
    assert by_text.projects[0].id == "project:mediatheque-alencon"
    assert [p.id for p in by_text.people] == ["person:bruno-lefevre"]
    asked_by_bruno = matcher.peers(text=TIERS_LIEU, k=3, requester="person:bruno-lefevre")
    assert asked_by_bruno.projects[0].id == "project:mediatheque-alencon"
    assert "person:bruno-lefevre" not in [p.id for p in asked_by_bruno.people]
    by_project = matcher.peers(project="project:mediatheque-alencon")
    assert "project:mediatheque-alencon" not in [p.id for p in by_project.projects]
    with pytest.raises(InvalidInput):
        matcher.peers(text=TIERS_LIEU, person="person:bruno-lefevre")
    with pytest.raises(InvalidInput):
        matcher.peers(project="project:inconnu")


# -- live refresh: the same contract on both stores ----------------------------------------------


@pytest.fixture(params=["memory", "store"])
def dense(request: pytest.FixtureRequest) -> Literal["memory", "store"]:
    """Both dense searches: the matcher's own window index, and the store's (Neo4j's served one)."""
    value: Literal["memory", "store"] = request.param
    return value


def test_a_person_added_while_serving_is_suggested_at_once(
    store: GraphStore, dense: Literal["memory", "store"]
) -> None:
    store.upsert(tiny_world())
    matcher = Matcher(store, HashingEmbedder(64), dense=dense)
    matcher.refresh()
    newcomer = Person(
        id="person:nadia-roux",
        name="Nadia Roux",
        roles=(Role.EXPERT,),
        bio="Tiers-lieu culturel, médiathèque de quartier et associations : vingt ans d'expérience.",
    )
    store.upsert([newcomer])
    result = matcher.suggest(TIERS_LIEU, k=5)  # no restart, no explicit refresh
    assert "person:nadia-roux" in ids(result.experts)
    nadia = next(s for s in result.experts if s.id == "person:nadia-roux")
    assert nadia.evidence.key_terms  # her terms are in the lexical index too


def test_a_demoted_expert_leaves_the_answers_and_the_vectors(
    store: GraphStore, dense: Literal["memory", "store"]
) -> None:
    store.upsert(tiny_world())
    matcher = Matcher(store, HashingEmbedder(64), dense=dense)
    matcher.refresh()
    assert "person:bruno-lefevre" in store.profile_hashes("test/hashing-64")
    store.upsert([Person(id="person:bruno-lefevre", name="Bruno Lefèvre", roles=(Role.AGENT,))])
    for k in (1, 5, 50):
        assert "person:bruno-lefevre" not in ids(matcher.suggest(TIERS_LIEU, k=k).experts)
    assert "person:bruno-lefevre" not in store.profile_hashes("test/hashing-64")


def test_an_erased_person_is_gone_from_the_next_answer(
    store: GraphStore, dense: Literal["memory", "store"]
) -> None:
    store.upsert(tiny_world())
    matcher = Matcher(store, HashingEmbedder(64), dense=dense)
    assert "person:bruno-lefevre" in ids(matcher.suggest(TIERS_LIEU).experts)
    store.erase_person("person:bruno-lefevre")
    result = matcher.suggest(TIERS_LIEU)
    assert "person:bruno-lefevre" not in ids(result.experts)
    assert all("person:bruno-lefevre" not in s.evidence.path_ids for s in result.organisations)


def test_a_new_project_changes_the_answer_without_restart(
    store: GraphStore, dense: Literal["memory", "store"]
) -> None:
    store.upsert(tiny_world())
    matcher = Matcher(store, HashingEmbedder(64), dense=dense)
    before = matcher.suggest("Cartographie des circuits courts alimentaires", k=5)
    assert not before.matched
    store.upsert(
        [
            Project(
                id="project:circuits-courts",
                title="Circuits courts alimentaires",
                description="Cartographie.",
            ),
            Edge(
                kind=EdgeKind.CONTRIBUTES_TO, source="person:bruno-lefevre", target="project:circuits-courts"
            ),
        ]
    )
    after = matcher.suggest("Cartographie des circuits courts alimentaires", k=5)
    assert after.matched
    assert ids(after.experts) == ["person:bruno-lefevre"]


@pytest.mark.model
def test_real_model_ranks_the_tiers_lieu_expert_first(
    world_store: EmbeddedStore, real_embedder: Embedder
) -> None:
    matcher = Matcher(world_store, real_embedder)
    stats = matcher.refresh()
    assert (stats.chunks, stats.embedded) == (7, 5)
    result = matcher.suggest(TIERS_LIEU, k=3)
    assert result.experts[0].id == "person:bruno-lefevre"
    assert result.experts[0].signals["semantic"] > 0.2
    assert result.organisations[0].id == "org:ville-alencon"
    vectors = real_embedder.embed(["bonjour", "au revoir"])
    assert vectors.shape == (2, 384)
    assert vectors.dtype.name == "float32"
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
