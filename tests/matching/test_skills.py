"""Skill mentions through lemmas and stems, order-free within a short window, on tiny vocabularies."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.model import NodeKind
from matching.skills import SkillVocabulary, phrase_words, skill_overlap

VOCABULARY = SkillVocabulary.from_labels(
    {
        "skill:donnees-ouvertes": "Données ouvertes",
        "skill:evaluation": "Évaluation",
        "skill:etat": "État",
        "skill:sobriete-etat": "Sobriété énergétique de l'État",
        "skill:tiers-lieux": "Tiers-lieux",
        "skill:gestion-de-projet": "Gestion de projet",
        "skill:simplification": "Simplification administrative",
        "skill:rien": "de la",
    },
    {
        "skill:donnees-ouvertes": ["open data", "ouverture des données publiques"],
        "skill:simplification": ["dites-le-nous une fois"],
    },
)


def mentioned(text: str) -> set[str]:
    return VOCABULARY.mentioned(text)


def test_ouvrir_les_donnees_meets_donnees_ouvertes() -> None:
    assert mentioned("Nous voulons ouvrir les données de nos services") == {"skill:donnees-ouvertes"}


def test_a_draft_typed_without_accents_meets_the_accented_label() -> None:
    assert mentioned("Nous voulons ouvrir les donnees de nos services") == {"skill:donnees-ouvertes"}
    assert mentioned("evaluer le dispositif") == {"skill:evaluation"}


def test_a_synonym_is_mentioned_as_the_skill() -> None:
    assert mentioned("Un projet d'open data en Normandie") == {"skill:donnees-ouvertes"}


def test_ouverture_and_donnee_meet_the_label_in_any_order() -> None:
    assert mentioned("la donnée publique et son ouverture") == {"skill:donnees-ouvertes"}


def test_words_far_apart_do_not_make_a_mention() -> None:
    text = "Nous suivons les données de fréquentation des bibliothèques dont la porte reste ouverte"
    assert mentioned(text) == set()


def test_words_in_two_sentences_do_not_make_a_mention() -> None:
    assert mentioned("Nous avons des données. Le guichet est ouvert.") == set()


@pytest.mark.parametrize("text", ["évaluer le dispositif", "des évaluations régulières", "Évaluation"])
def test_one_word_skill_meets_its_inflections(text: str) -> None:
    assert mentioned(text) == {"skill:evaluation"}


def test_etat_civil_mentions_neither_the_state_nor_its_energy_savings() -> None:
    assert mentioned("Moderniser le guichet d'état civil et la sobriété énergétique de l'accueil") == set()


def test_the_state_is_mentioned_by_its_capital() -> None:
    assert mentioned("Les services de l'État en Normandie") == {"skill:etat"}
    assert mentioned("la sobriété énergétique des bâtiments de l'État") == {
        "skill:etat",
        "skill:sobriete-etat",
    }


def test_tiers_lieux_meets_spaced_singular_and_hyphenated_forms() -> None:
    for text in ("un tiers-lieu rural", "des tiers lieux", "les Tiers-Lieux de l'Orne"):
        assert mentioned(text) == {"skill:tiers-lieux"}, text


def test_the_parts_of_a_hyphenated_label_must_stand_together() -> None:
    assert mentioned("un tiers des agents sur le lieu de travail") == set()
    assert mentioned("des lieux tiers") == set()


def test_filler_in_a_label_is_still_required() -> None:
    assert mentioned("la gestion des déchets") == set()
    assert mentioned("la gestion de notre projet") == {"skill:gestion-de-projet"}


def test_hyphenated_name_of_function_words_matches_whole() -> None:
    assert phrase_words("dites-le-nous une fois") == ("dir le nous",)
    assert mentioned("le programme Dites-le-nous une fois") == {"skill:simplification"}
    assert mentioned("dites-nous ce que vous voulez dire") == set()


def test_a_label_of_function_words_only_is_never_mentioned() -> None:
    assert phrase_words("de la") == ()
    assert mentioned("de la") == set()


def test_labels_keep_every_skill() -> None:
    assert VOCABULARY.labels["skill:etat"] == "État"
    assert len(VOCABULARY.labels) == 8


def test_vocabulary_from_graph_reads_skill_nodes_only() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node(
        "skill:donnees-ouvertes",
        node_kind=NodeKind.SKILL.value,
        label="Données ouvertes",
        synonyms=["open data"],
    )
    graph.add_node("skill:sans-synonyme", node_kind=NodeKind.SKILL.value, label="Facilitation")
    graph.add_node("person:ada", node_kind=NodeKind.PERSON.value, name="Données ouvertes")
    vocabulary = SkillVocabulary(graph)
    assert vocabulary.labels == {
        "skill:donnees-ouvertes": "Données ouvertes",
        "skill:sans-synonyme": "Facilitation",
    }
    assert vocabulary.mentioned("open data et facilitation") == {
        "skill:donnees-ouvertes",
        "skill:sans-synonyme",
    }


def test_skill_overlap_is_zero_when_nothing_is_mentioned() -> None:
    assert skill_overlap({"a": ["s1"]}, set()) == {"a": 0.0}


def test_skill_overlap_is_the_share_of_mentioned_skills_held() -> None:
    assert skill_overlap({"a": ["s1", "s2"], "b": []}, {"s1", "s2"}) == {"a": 1.0, "b": 0.0}
