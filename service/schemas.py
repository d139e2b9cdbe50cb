"""HTTP request and response schemas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from matching.matcher import MAX_QUERY_CHARS
from matching.ranking import Suggestion


class SuggestionQuery(BaseModel):
    """A draft ("brouillon de projet") to find experts and partner organisations for."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="Texte du brouillon")
    k: int = Field(default=10, ge=1, le=100, description="Nombre de suggestions par catégorie")


class EvidencePublic(BaseModel):
    shared_skills: list[str]
    closest_project: str | None
    shared_terms: list[str]


class SuggestionPublic(BaseModel):
    id: str
    kind: str
    name: str
    score: float
    signals: dict[str, float] = Field(description="Raw value of each signal")
    contributions: dict[str, float] = Field(description="Weighted share of each signal; sums to score")
    evidence: EvidencePublic

    @classmethod
    def of(cls, s: Suggestion) -> SuggestionPublic:
        return cls(
            id=s.id,
            kind=s.kind,
            name=s.name,
            score=round(s.score, 6),
            signals={k: round(v, 6) for k, v in s.raw.items()},
            contributions={k: round(v, 6) for k, v in s.contributions.items()},
            evidence=EvidencePublic(
                shared_skills=list(s.evidence.shared_skills),
                closest_project=s.evidence.closest_project,
                shared_terms=list(s.evidence.shared_terms),
            ),
        )


class SuggestionsPublic(BaseModel):
    model: str
    experts: list[SuggestionPublic]
    organisations: list[SuggestionPublic]
    without_text: list[str] = Field(description="Candidates skipped: nothing known about them yet")


class HealthPublic(BaseModel):
    status: str
    store: str
    nodes: int
