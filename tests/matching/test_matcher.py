"""Matcher behaviour on a tiny world, with the fast hashing embedder and with the real model."""

from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput
from graph.model import Person, Role
from matching.embedder import Embedder
from matching.lexical import LexicalIndex
from matching.matcher import Matcher
from matching.ranking import Weights, blend
from tests.fakes import HashingEmbedder
from tests.world import tiny_world

TIERS_LIEU = "Transformer la médiathèque municipale en tiers-lieu avec les associations du quartier."


@pytest.fixture
def world_store(sqlite_store: EmbeddedStore) -> EmbeddedStore:
    sqlite_store.upsert(tiny_world())
    return sqlite_store


def test_refresh_embeds_only_what_changed(world_store: EmbeddedStore) -> None:
    embedder = HashingEmbedder()
    matcher = Matcher(world_store, embedder)
    first = matcher.refresh()
    assert first.owners == 3  # one expert and two organisations
    # Five windows, but Bruno and the Ville d'Alençon share the médiathèque project's window.
    assert (first.chunks, first.embedded) == (5, 4)
    again = matcher.refresh()
    assert again.embedded == 0
    world_store.upsert(
        [Person(id="person:bruno-lefevre", name="Bruno Lefèvre", roles=(Role.EXPERT,), bio="Nouvelle bio.")]
    )
    changed = matcher.refresh()
    assert changed.embedded == 1  # the new bio; his project window is still cached
    assert embedder.calls == [first.embedded, 1]


def test_cached_vectors_survive_a_new_matcher(world_store: EmbeddedStore) -> None:
    Matcher(world_store, HashingEmbedder()).refresh()
    assert Matcher(world_store, HashingEmbedder()).refresh().embedded == 0


def test_suggest_ranks_the_right_expert_and_explains(world_store: EmbeddedStore) -> None:
    result = Matcher(world_store, HashingEmbedder()).suggest(TIERS_LIEU, k=5)
    top = result.experts[0]
    assert top.id == "person:bruno-lefevre"
    assert top.evidence.shared_skills == ("Tiers-lieux",)
    assert top.evidence.closest_project is not None
    assert "project:mediatheque-alencon" in top.evidence.closest_project
    assert sum(top.contributions.values()) == pytest.approx(top.score)
    assert result.organisations[0].id == "org:ville-alencon"


def test_expert_without_text_is_reported_not_scored(world_store: EmbeddedStore) -> None:
    world_store.upsert([Person(id="person:expert-muet", name="Expert Muet", roles=(Role.EXPERT,))])
    result = Matcher(world_store, HashingEmbedder()).suggest(TIERS_LIEU)
    assert result.without_text == ["person:expert-muet"]
    assert "person:expert-muet" not in [s.id for s in result.experts]


@pytest.mark.parametrize(
    ("text", "k", "field"), [("", 5, "text"), ("   ", 5, "text"), ("x" * 20_001, 5, "text"), ("ok", 0, "k")]
)
def test_bad_queries_name_the_field(world_store: EmbeddedStore, text: str, k: int, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Matcher(world_store, HashingEmbedder()).suggest(text, k=k)
    assert [p.field for p in caught.value.problems] == [field]


def test_blend_contributions_sum_and_ties_break_on_id() -> None:
    rows = blend(
        {"semantic": {"b": 0.5, "a": 0.5, "c": 0.25}, "lexical": {"a": 0.2, "b": 0.2, "c": 0.4}},
        ["c", "b", "a"],
        Weights(semantic=0.5, lexical=0.5, skills=0),
    )
    assert [r[0] for r in rows] == ["a", "b", "c"]
    assert rows[0][1] == pytest.approx(0.5 * 1.0 + 0.5 * 0.5)
    assert rows[2][3] == {"semantic": pytest.approx(0.25), "lexical": pytest.approx(0.5)}


def test_negative_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="lexical"):
        Weights(lexical=-1)


def test_lexical_folds_accents() -> None:
    index = LexicalIndex({"a": "Électricité et énergie", "b": "Lecture publique"})
    scores = index.scores("electricite")
    assert scores["a"] > 0
    assert scores["b"] == 0


@pytest.mark.model
def test_real_model_ranks_the_tiers_lieu_expert_first(
    world_store: EmbeddedStore, real_embedder: Embedder
) -> None:
    matcher = Matcher(world_store, real_embedder)
    stats = matcher.refresh()
    assert (stats.chunks, stats.embedded) == (5, 4)
    result = matcher.suggest(TIERS_LIEU, k=3)
    assert result.experts[0].id == "person:bruno-lefevre"
    assert result.experts[0].raw["semantic"] > 0.2
    assert result.organisations[0].id == "org:ville-alencon"
    vectors = real_embedder.embed(["bonjour", "au revoir"])
    assert vectors.shape == (2, 384)
    assert vectors.dtype.name == "float32"
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
