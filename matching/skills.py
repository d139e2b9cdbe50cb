"""Skill overlap: the vocabulary skills a draft mentions, matched against a candidate's."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import networkx as nx

from graph.model import NodeKind
from matching.lexical import fold

_PLURAL = re.compile(r"(?<=[a-z]{3})[sx](?![a-z0-9])")


def normalise(text: str) -> str:
    """Fold accents and case, and drop plural endings so "Tiers-lieux" meets "tiers-lieu".

    >>> normalise("Données ouvertes et Tiers-Lieux")
    'donnee ouverte et tier-lieu'
    """
    return _PLURAL.sub("", fold(text))


class SkillVocabulary:
    """Finds the skills a text mentions by label or synonym (accent- and case-folded)."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.labels: dict[str, str] = {}
        patterns: dict[str, re.Pattern[str]] = {}
        for node_id, data in graph.nodes(data=True):
            if data.get("node_kind") != NodeKind.SKILL.value:
                continue
            self.labels[node_id] = str(data["label"])
            phrases = [str(data["label"]), *map(str, data.get("synonyms") or [])]
            alternatives = "|".join(re.escape(normalise(p)) for p in phrases if p.strip())
            patterns[node_id] = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")
        self._patterns = patterns

    def mentioned(self, text: str) -> set[str]:
        """Skill ids whose label or a synonym occurs in the text."""
        folded = normalise(text)
        return {skill for skill, pattern in self._patterns.items() if pattern.search(folded)}


def skill_overlap(candidate_skills: Mapping[str, Sequence[str]], mentioned: set[str]) -> dict[str, float]:
    """Share of the mentioned skills that each candidate holds, in [0, 1].

    >>> skill_overlap({"a": ["s1", "s2"], "b": ["s3"]}, {"s1", "s3", "s4"})
    {'a': 0.3333333333333333, 'b': 0.3333333333333333}
    """
    if not mentioned:
        return {c: 0.0 for c in candidate_skills}
    return {c: len(mentioned.intersection(s)) / len(mentioned) for c, s in candidate_skills.items()}
