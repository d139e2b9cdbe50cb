"""Staff decisions on a draft's suggestions: accept a candidate, or decline them with a reason.

A declined candidate is never suggested again for that draft. The same decision twice changes
nothing; the opposite decision on the same candidate is a conflict (409), since an accepted
candidate has already been introduced. Accepting a person introduces them to the draft's
submitter (``service.introductions``); accepting an organisation records the decision only.

Decisions live in the desk's SQLite file, beside the drafts. They are also labels:
``passerelle fit`` learns from them beside the network's history (``as_labels``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from graph.errors import Conflict, InvalidInput, NotFound, Problem
from graph.model import NodeKind, kind_of
from graph.store import GraphStore
from matching.evaluation import Judged
from matching.matcher import Matcher, SuggestionSet
from service import drafts as draft_cases
from service import introductions as introduction_cases
from service.accounts import Principal
from service.drafts import Drafts
from service.introductions import Introduction, Introductions
from service.sqlite_file import SqliteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    draft_id INTEGER NOT NULL,
    candidate TEXT NOT NULL,
    verdict TEXT NOT NULL,
    reason TEXT,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (draft_id, candidate)
);
"""


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


class DeclineReason(StrEnum):
    NOT_RELEVANT = "not_relevant"
    ALREADY_IN_CONTACT = "already_in_contact"
    UNAVAILABLE = "unavailable"
    CONFLICT_OF_INTEREST = "conflict_of_interest"


@dataclass(frozen=True)
class Decision:
    draft_id: int
    candidate: str
    verdict: Verdict
    reason: DeclineReason | None
    decided_by: str
    decided_at: str


class Decisions(SqliteFile):
    SCHEMA = _SCHEMA

    def get(self, draft_id: int, candidate: str) -> Decision | None:
        with self._lock:
            row = (
                self._db()
                .execute(
                    "SELECT draft_id, candidate, verdict, reason, decided_by, decided_at FROM decisions "
                    "WHERE draft_id = ? AND candidate = ?",
                    (draft_id, candidate),
                )
                .fetchone()
            )
        return None if row is None else _decision(row)

    def of_draft(self, draft_id: int) -> list[Decision]:
        with self._lock:
            rows = (
                self._db()
                .execute(
                    "SELECT draft_id, candidate, verdict, reason, decided_by, decided_at FROM decisions "
                    "WHERE draft_id = ? ORDER BY decided_at, candidate",
                    (draft_id,),
                )
                .fetchall()
            )
        return [_decision(r) for r in rows]

    def all(self) -> list[Decision]:
        with self._lock:
            rows = (
                self._db()
                .execute(
                    "SELECT draft_id, candidate, verdict, reason, decided_by, decided_at FROM decisions "
                    "ORDER BY draft_id, candidate"
                )
                .fetchall()
            )
        return [_decision(r) for r in rows]

    def about(self, person_id: str, draft_ids: Sequence[int]) -> list[Decision]:
        """The decisions naming the person as a candidate, or on the drafts they submitted."""
        return [d for d in self.all() if d.candidate == person_id or d.draft_id in set(draft_ids)]

    def forget(self, person_id: str, draft_ids: Sequence[int]) -> int:
        """Delete what ``about`` finds; returns how many."""
        with self.transaction() as db:
            removed = db.execute("DELETE FROM decisions WHERE candidate = ?", (person_id,)).rowcount
            for draft_id in draft_ids:
                removed += db.execute("DELETE FROM decisions WHERE draft_id = ?", (draft_id,)).rowcount
        return removed

    def record(self, decision: Decision) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?)",
                (
                    decision.draft_id,
                    decision.candidate,
                    decision.verdict.value,
                    None if decision.reason is None else decision.reason.value,
                    decision.decided_by,
                    decision.decided_at,
                ),
            )


def _decision(row: tuple[object, ...]) -> Decision:
    return Decision(
        draft_id=int(str(row[0])),
        candidate=str(row[1]),
        verdict=Verdict(str(row[2])),
        reason=None if row[3] is None else DeclineReason(str(row[3])),
        decided_by=str(row[4]),
        decided_at=str(row[5]),
    )


@dataclass(frozen=True)
class Outcome:
    decision: Decision
    introduction: Introduction | None
    changed: bool
    """False when the same decision had already been taken."""


def decide(
    store: GraphStore,
    drafts: Drafts,
    decisions: Decisions,
    introductions: Introductions,
    principal: Principal,
    draft_id: int,
    candidate: str,
    verdict: Verdict,
    reason: DeclineReason | None = None,
) -> Outcome:
    """Accept or decline one candidate for a draft (staff).

    Raises:
        InvalidInput: a decline without a reason, an accept with one, or a candidate that is
            not a person or organisation of the network.
        Conflict: the opposite decision was already taken for this candidate.
    """
    draft = draft_cases.find(drafts, principal, draft_id)
    principal.require_staff("les décisions")
    if (verdict is Verdict.DECLINED) != (reason is not None):
        raise InvalidInput([Problem("decision", "reason", "a decline gives a reason; an accept gives none")])
    try:
        kind = kind_of(candidate)
    except ValueError:
        kind = None
    if kind not in (NodeKind.PERSON, NodeKind.ORGANISATION) or not store.existing([candidate]):
        raise InvalidInput([Problem("decision", "candidate", f"{candidate!r} is no person or organisation")])
    earlier = decisions.get(draft.id, candidate)
    if earlier is not None:
        if (earlier.verdict, earlier.reason) != (verdict, reason):
            raise Conflict(f"{candidate} was already {earlier.verdict.value} for draft {draft.id}")
        return Outcome(earlier, introductions.for_candidate(draft.id, candidate), changed=False)
    introduction = None
    if verdict is Verdict.ACCEPTED and kind is NodeKind.PERSON:
        introduction = introduction_cases.introduce(store, introductions, principal, draft, candidate)
    decision = Decision(
        draft_id=draft.id,
        candidate=candidate,
        verdict=verdict,
        reason=reason,
        decided_by=principal.actor,
        decided_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    decisions.record(decision)
    return Outcome(decision, introduction, changed=True)


def of_draft(drafts: Drafts, decisions: Decisions, principal: Principal, draft_id: int) -> list[Decision]:
    """The decisions taken on a draft's suggestions (staff)."""
    draft = draft_cases.find(drafts, principal, draft_id)
    principal.require_staff("les décisions")
    return decisions.of_draft(draft.id)


def suggestions_without_declined(
    matcher: Matcher, drafts: Drafts, decisions: Decisions, principal: Principal, draft_id: int, *, k: int
) -> SuggestionSet:
    """The draft's suggestions, leaving out every candidate declined for it."""
    declined = {d.candidate for d in decisions.of_draft(draft_id) if d.verdict is Verdict.DECLINED}
    result = draft_cases.suggestions_for(matcher, drafts, principal, draft_id, k=min(k + len(declined), 100))
    if not declined:
        return result
    return replace(
        result,
        experts=[s for s in result.experts if s.id not in declined][:k],
        organisations=[s for s in result.organisations if s.id not in declined][:k],
        alternates={
            who: [s for s in items if s.id not in declined] for who, items in result.alternates.items()
        },
    )


RELEVANT_REASONS = frozenset({DeclineReason.ALREADY_IN_CONTACT})
"""Declines that still say the candidate fits the draft (the staff only spared a useless
introduction): positives for the fusion. ``not_relevant`` is a negative; the other reasons say
nothing of relevance and are left out."""


def as_labels(matcher: Matcher, drafts: Drafts, decisions: Decisions) -> list[Judged]:
    """Every decided draft as labels for ``passerelle fit``, with the vector the matcher gives
    its text and the project it became in the network (hidden while it is scored)."""
    by_draft: dict[int, list[Decision]] = {}
    for decision in decisions.all():
        by_draft.setdefault(decision.draft_id, []).append(decision)
    judged: list[Judged] = []
    for draft_id, decided in sorted(by_draft.items()):
        try:
            draft = drafts.get(draft_id)
        except NotFound:
            continue  # a draft erased with its submitter; its decisions went with it
        relevant = {
            d.candidate for d in decided if d.verdict is Verdict.ACCEPTED or d.reason in RELEVANT_REASONS
        }
        not_relevant = {d.candidate for d in decided if d.reason is DeclineReason.NOT_RELEVANT}
        judged.append(
            Judged(
                key=f"brouillon {draft.id}",
                text=draft.text,
                vector=matcher.embed_query(draft.text),
                context=draft.context(),
                relevant=frozenset(relevant),
                not_relevant=frozenset(not_relevant),
                unknown=frozenset(d.candidate for d in decided) - relevant - not_relevant,
                hides=frozenset({introduction_cases.project_of(draft)}),
            )
        )
    return judged
