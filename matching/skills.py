"""Skill overlap: the vocabulary skills a draft mentions, matched against a candidate's."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from graph.model import NodeKind
from matching.text import Term, terms

SLACK = 2
"""Words a mention may have between its own, beyond its length: « ouvrir les données de nos
services » mentions « données ouvertes », and so does « ouverture et qualité des données »."""

_SENTENCE_GAP = 1_000
"""Added to positions at each new sentence, so that no window spans two sentences."""


@dataclass(frozen=True)
class _Phrase:
    """A skill's label or synonym, as the content words a draft must hold close together."""

    skill: str
    words: tuple[str, ...]


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The words a draft must hold to mention a phrase: lemma-based stems of its non-function words.

    Filler stays (« projet alimentaire territorial » needs « projet »), and a hyphenated word or
    a fixed phrase stays whole: a draft holds « tiers-lieux » as written or as « tiers lieux »,
    side by side, not « un tiers des agents sur le lieu de travail ».

    >>> phrase_words("Ouverture des données publiques")
    ('ouvr', 'don', 'public')
    >>> phrase_words("Tiers-lieux"), phrase_words("Dites-le-nous une fois"), phrase_words("État civil")
    (('tier lieu',), ('dir le nous',), ('etat_civil',))
    """
    return tuple(dict.fromkeys(t.feature for t in terms(phrase) if t.kind != "function"))


def _positions(draft_terms: Sequence[Term]) -> dict[str, list[int]]:
    """Where each word occurs, counted in non-function terms, sentences kept apart.

    A hyphenated word also stands for each of its parts, and two neighbours for the hyphenated
    word they would make (« tiers lieux » for « tiers-lieux »).
    """
    where: dict[str, list[int]] = defaultdict(list)
    position = 0
    previous: Term | None = None
    for term in draft_terms:
        if term.kind == "function":
            continue
        if previous is not None and term.sentence != previous.sentence:
            position += _SENTENCE_GAP
            previous = None
        position += 1
        where[term.feature].append(position)
        for part in term.parts:
            where[part].append(position)
        if previous is not None:
            where[f"{previous.feature} {term.feature}"].append(position - 1)
        previous = term
    return where


def _span(positions: Sequence[Sequence[int]]) -> int:
    """The narrowest span holding one position of each list (sliding window over merged lists)."""
    events = sorted((p, i) for i, ps in enumerate(positions) for p in ps)
    held: Counter[int] = Counter()
    best = _SENTENCE_GAP
    left = 0
    for right_position, i in events:
        held[i] += 1
        while len(held) == len(positions):
            left_position, j = events[left]
            best = min(best, right_position - left_position)
            held[j] -= 1
            if not held[j]:
                del held[j]
            left += 1
    return best


def _mentions(phrase: _Phrase, where: Mapping[str, list[int]]) -> bool:
    positions = [where[w] for w in phrase.words if w in where]
    if len(positions) < len(phrase.words):
        return False
    return len(positions) == 1 or _span(positions) <= len(positions) - 1 + SLACK


class SkillVocabulary:
    """Finds the skills a text mentions by label or synonym.

    A label or synonym is mentioned when all its content words occur within a few words of each
    other in the draft, in any order, as lemmas and stems: « Nous voulons ouvrir les données de
    nos services » mentions « Données ouvertes », « évaluer » mentions « Évaluation ». Fixed
    phrases and « État » are told apart as in :func:`matching.text.terms`, so « état civil »
    does not mention « État ».

    Each phrase is indexed by its rarest word in the vocabulary; a draft only checks the phrases
    whose rarest word it holds.

    Args:
        graph: the network; its skill nodes give labels and synonyms.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        labels: dict[str, str] = {}
        synonyms: dict[str, list[str]] = {}
        for node_id, data in graph.nodes(data=True):
            if data.get("node_kind") == NodeKind.SKILL.value:
                labels[node_id] = str(data["label"])
                synonyms[node_id] = [str(s) for s in data.get("synonyms") or []]
        self._index(labels, synonyms)

    @classmethod
    def from_labels(
        cls, labels: Mapping[str, str], synonyms: Mapping[str, Sequence[str]] | None = None
    ) -> SkillVocabulary:
        """A vocabulary from skill id -> label, and optionally skill id -> synonyms.

        >>> vocabulary = SkillVocabulary.from_labels(
        ...     {"skill:open": "Données ouvertes", "skill:eval": "Évaluation"}, {"skill:open": ["open data"]}
        ... )
        >>> sorted(vocabulary.mentioned("Nous voulons ouvrir les données et évaluer le service."))
        ['skill:eval', 'skill:open']
        """
        vocabulary = cls.__new__(cls)
        vocabulary._index(labels, synonyms or {})
        return vocabulary

    def _index(self, labels: Mapping[str, str], synonyms: Mapping[str, Sequence[str]]) -> None:
        self.labels: dict[str, str] = dict(labels)
        phrases = [
            _Phrase(skill, words)
            for skill, label in labels.items()
            for text in dict.fromkeys([label, *synonyms.get(skill, ())])
            if (words := phrase_words(text))
        ]
        frequency = Counter(w for p in phrases for w in p.words)
        self._by_anchor: dict[str, list[_Phrase]] = defaultdict(list)
        for phrase in phrases:
            anchor = min(phrase.words, key=lambda w: (frequency[w], -len(w), w))
            self._by_anchor[anchor].append(phrase)

    def mentioned(self, text: str) -> set[str]:
        """Skill ids whose label or a synonym occurs in the text."""
        where = _positions(terms(text))
        found: set[str] = set()
        for anchor in where.keys() & self._by_anchor.keys():
            for phrase in self._by_anchor[anchor]:
                if phrase.skill not in found and _mentions(phrase, where):
                    found.add(phrase.skill)
        return found


def skill_overlap(candidate_skills: Mapping[str, Sequence[str]], mentioned: set[str]) -> dict[str, float]:
    """Share of the mentioned skills that each candidate holds, in [0, 1].

    >>> skill_overlap({"a": ["s1", "s2"], "b": ["s3"]}, {"s1", "s3", "s4"})
    {'a': 0.3333333333333333, 'b': 0.3333333333333333}
    """
    if not mentioned:
        return {c: 0.0 for c in candidate_skills}
    return {c: len(mentioned.intersection(s)) / len(mentioned) for c, s in candidate_skills.items()}
