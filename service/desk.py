"""The lab's front desk: its drafts, the decisions on their suggestions and the introductions,
kept together in one SQLite file (``desk.path``).

The desk holds people's data too: the drafts a person submitted, the decisions naming them as a
candidate and the introductions made to or for them. ``about`` gathers it for the right of
access; ``forget`` deletes it for the right to erasure (``service.people`` calls both).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from service.decisions import Decisions
from service.drafts import Drafts
from service.introductions import Introductions


@dataclass(frozen=True)
class DeskErasure:
    drafts: int
    decisions: int
    introductions: int


@dataclass(frozen=True)
class Desk:
    drafts: Drafts
    decisions: Decisions
    introductions: Introductions

    @classmethod
    def at(cls, path: Path | str) -> Desk:
        return cls(Drafts(path), Decisions(path), Introductions(path))

    def close(self) -> None:
        for part in (self.drafts, self.decisions, self.introductions):
            part.close()

    def about(self, person_id: str) -> dict[str, object]:
        """Everything the desk holds about a person, as JSON-ready lists."""
        drafts = self.drafts.submitted_by(person_id)
        ids = [d.id for d in drafts]
        return {
            "drafts": [asdict(d) for d in drafts],
            "decisions": [asdict(d) for d in self.decisions.about(person_id, ids)],
            "introductions": [asdict(i) for i in self.introductions.about(person_id, ids)],
        }

    def forget(self, person_id: str) -> DeskErasure:
        """Delete what ``about`` finds. Each step is idempotent and the drafts go last, so an
        erasure interrupted halfway is completed by running it again."""
        ids = [d.id for d in self.drafts.submitted_by(person_id)]
        introductions = self.introductions.forget(person_id, ids)
        decisions = self.decisions.forget(person_id, ids)
        drafts = self.drafts.forget(ids)
        self.drafts.checkpoint()
        return DeskErasure(drafts=drafts, decisions=decisions, introductions=introductions)
