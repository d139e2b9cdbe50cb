"""The matcher: from a French draft to ranked experts and organisations, with reasons."""

from __future__ import annotations

import heapq
import logging
import threading
from dataclasses import dataclass, field

import numpy as np

from graph.errors import InvalidInput, Problem
from graph.model import NodeKind
from graph.store import GraphStore, Vector
from matching.chunks import chunk_words
from matching.embedder import Embedder
from matching.embedding_cache import EmbeddingStats, refresh_profile_vectors
from matching.lexical import LexicalIndex
from matching.profiles import Profile, build_profiles, project_text
from matching.ranking import Evidence, Suggestion, Weights, blend
from matching.skills import SkillVocabulary, skill_overlap

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 20_000
"""A draft longer than this is refused: drafts are a few pages at most."""


@dataclass(frozen=True)
class SuggestionSet:
    """The answer to one draft: experts and organisations, best first."""

    experts: list[Suggestion]
    organisations: list[Suggestion]
    without_text: list[str] = field(default_factory=list)
    """Candidates skipped because nothing is known about them yet."""


@dataclass(frozen=True)
class _State:
    profiles: dict[str, Profile]
    lexical: LexicalIndex
    projects: LexicalIndex
    project_titles: dict[str, str]
    vocabulary: SkillVocabulary
    owners: dict[NodeKind, list[str]]
    """Candidates with text, by kind."""
    without_text: list[str]


class Matcher:
    """Ranks candidates for a draft by a blend of semantic, lexical and skill signals.

    Args:
        store: where the graph and profile vectors live.
        embedder: the embedding model.
        weights: the blend.
        max_words: window size in words; ``None`` asks the embedder (``max_words`` attribute)
            or uses 110.
        pool: how many candidates each signal nominates before the exact blend.
    """

    def __init__(
        self,
        store: GraphStore,
        embedder: Embedder,
        *,
        weights: Weights | None = None,
        max_words: int | None = None,
        pool: int = 50,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.weights = weights or Weights()
        self._max_words = max_words
        self.pool = pool
        self._state: _State | None = None
        self._lock = threading.Lock()

    @property
    def max_words(self) -> int:
        if self._max_words is None:
            self._max_words = int(getattr(self.embedder, "max_words", 110))
        return self._max_words

    def refresh(self) -> EmbeddingStats:
        """Rebuild profiles and the lexical index from the store; embed what changed."""
        with self._lock:
            graph = self.store.snapshot()
            profiles = build_profiles(graph)
            with_text = {o: p for o, p in profiles.items() if p.has_text}
            stats = refresh_profile_vectors(
                self.store,
                self.embedder,
                {o: p.sections for o, p in with_text.items()},
                max_words=self.max_words,
            )
            project_texts = {
                n: project_text(graph, n)
                for n, d in graph.nodes(data=True)
                if d["node_kind"] == NodeKind.PROJECT.value
            }
            self._state = _State(
                profiles=profiles,
                lexical=LexicalIndex({o: p.text for o, p in with_text.items()}),
                projects=LexicalIndex(project_texts),
                project_titles={n: str(graph.nodes[n]["title"]) for n in project_texts},
                vocabulary=SkillVocabulary(graph),
                owners={
                    kind: sorted(o for o, p in with_text.items() if p.kind is kind)
                    for kind in (NodeKind.PERSON, NodeKind.ORGANISATION)
                },
                without_text=sorted(o for o in profiles if o not in with_text),
            )
            return stats

    def _ready(self) -> _State:
        if self._state is None:
            self.refresh()
        assert self._state is not None
        return self._state

    def embed_query(self, text: str) -> Vector:
        """One vector for a draft: the normalised mean of its first windows."""
        windows = chunk_words(text, max_words=self.max_words)[:6]
        vectors = self.embedder.embed(windows)
        mean = vectors.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        unit: Vector = (mean / norm if norm > 0 else mean).astype(np.float32)
        return unit

    def suggest(self, text: str, *, k: int = 10) -> SuggestionSet:
        """Rank experts and organisations for a draft.

        Raises:
            InvalidInput: the text is empty or too long, or ``k`` is not positive.
        """
        problems = []
        if not text or not text.strip():
            problems.append(Problem("draft", "text", "is empty"))
        elif len(text) > MAX_QUERY_CHARS:
            problems.append(Problem("draft", "text", f"is longer than {MAX_QUERY_CHARS} characters"))
        if k < 1:
            problems.append(Problem("draft", "k", "must be at least 1"))
        if problems:
            raise InvalidInput(problems)
        state = self._ready()
        query = self.embed_query(text)
        lexical = state.lexical.scores(text)
        mentioned = state.vocabulary.mentioned(text)
        skills = skill_overlap({o: p.skills for o, p in state.profiles.items()}, mentioned)
        project_scores = state.projects.scores(text)
        groups = {}
        for kind in (NodeKind.PERSON, NodeKind.ORGANISATION):
            owners = state.owners[kind]
            pool = max(self.pool, k)
            semantic = dict(
                self.store.vector_search(self.embedder.model_id, query, k=pool, owner_kinds=[kind])
            )
            nominated = set(semantic)
            nominated |= set(heapq.nsmallest(pool, owners, key=lambda o: (-lexical.get(o, 0.0), o)))
            nominated |= {o for o in owners if skills.get(o, 0.0) > 0}
            candidates = sorted(nominated)
            # Only the lexical and skill nominees still need their semantic score.
            missing = [o for o in candidates if o not in semantic]
            semantic.update(self.store.vector_scores(self.embedder.model_id, query, missing))
            rows = blend(
                {"semantic": semantic, "lexical": lexical, "skills": skills},
                candidates,
                self.weights,
            )[:k]
            terms = state.lexical.top_terms(text, [row[0] for row in rows])
            groups[kind] = [
                self._suggestion(
                    state, mentioned, project_scores, terms[owner], owner, score, raw, contributions
                )
                for owner, score, raw, contributions in rows
            ]
        return SuggestionSet(groups[NodeKind.PERSON], groups[NodeKind.ORGANISATION], list(state.without_text))

    def _suggestion(
        self,
        state: _State,
        mentioned: set[str],
        project_scores: dict[str, float],
        shared_terms: list[str],
        owner: str,
        score: float,
        raw: dict[str, float],
        contributions: dict[str, float],
    ) -> Suggestion:
        profile = state.profiles[owner]
        closest = None
        if profile.projects:
            best = max(profile.projects, key=lambda p: (project_scores.get(p, 0.0), p))
            closest = f"{state.project_titles[best]} ({best})"
        evidence = Evidence(
            shared_skills=tuple(
                sorted(state.vocabulary.labels[s] for s in mentioned.intersection(profile.skills))
            ),
            closest_project=closest,
            shared_terms=tuple(shared_terms),
        )
        return Suggestion(
            id=owner,
            kind=profile.kind.value,
            name=profile.name,
            score=score,
            raw=raw,
            contributions=contributions,
            evidence=evidence,
            has_text=profile.has_text,
        )
