"""Introductions the lab makes, and their follow-up until the agent has been helped.

An accepted person becomes an introduction of that person to the draft's submitter, and an
``INTRODUCED`` edge of the network whose provenance is the lab: the reports count on it. The
edge names a project, so the draft enters the network as a project in its ``draft`` status (its
submitter, its lab and its territory linked), once, at its first introduction.

States: proposed → contacted → taken_in_hand → done; or, from any open state, done without help,
unreachable, or declined by the person. Every change records who made it and when. A done
introduction that led to real work adds the person to the project (``CONTRIBUTES_TO``, the lab as
provenance). Reminders list the open introductions with no news for 9, 21 or 45 days (settings).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from graph.errors import Conflict, InvalidInput, NotFound, Problem
from graph.model import Edge, EdgeKind, Project, ProjectStatus
from graph.store import GraphStore
from service.accounts import Principal
from service.drafts import Draft, Drafts
from service.drafts import find as find_draft
from service.sqlite_file import SqliteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS introductions (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL,
    person TEXT NOT NULL,
    submitter TEXT NOT NULL,
    lab TEXT NOT NULL,
    project TEXT NOT NULL,
    state TEXT NOT NULL,
    UNIQUE (draft_id, person)
);
CREATE TABLE IF NOT EXISTS introduction_events (
    introduction_id INTEGER NOT NULL REFERENCES introductions (id),
    state TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
"""


class IntroductionState(StrEnum):
    PROPOSED = "proposed"
    CONTACTED = "contacted"
    TAKEN_IN_HAND = "taken_in_hand"
    DONE = "done"
    DONE_WITHOUT_HELP = "done_without_help"
    UNREACHABLE = "unreachable"
    DECLINED_BY_PERSON = "declined_by_person"


OPEN = (IntroductionState.PROPOSED, IntroductionState.CONTACTED, IntroductionState.TAKEN_IN_HAND)
_ENDS = {
    IntroductionState.DONE,
    IntroductionState.DONE_WITHOUT_HELP,
    IntroductionState.UNREACHABLE,
    IntroductionState.DECLINED_BY_PERSON,
}
NEXT: dict[IntroductionState, frozenset[IntroductionState]] = {
    IntroductionState.PROPOSED: frozenset({IntroductionState.CONTACTED} | _ENDS - {IntroductionState.DONE}),
    IntroductionState.CONTACTED: frozenset(
        {IntroductionState.TAKEN_IN_HAND} | _ENDS - {IntroductionState.DONE}
    ),
    IntroductionState.TAKEN_IN_HAND: frozenset(_ENDS),
}
"""The moves allowed from each open state; an ended introduction moves no more."""


@dataclass(frozen=True)
class Event:
    state: IntroductionState
    changed_by: str
    changed_at: str


@dataclass(frozen=True)
class Introduction:
    id: int
    draft_id: int
    person: str
    submitter: str
    lab: str
    project: str
    state: IntroductionState
    history: tuple[Event, ...]

    @property
    def last_news(self) -> str:
        return self.history[-1].changed_at


@dataclass(frozen=True)
class Reminder:
    introduction: Introduction
    days_without_news: int
    delay: int
    """The longest configured delay it has passed."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Introductions(SqliteFile):
    SCHEMA = _SCHEMA

    def add(
        self, draft_id: int, person: str, submitter: str, lab: str, project: str, by: str
    ) -> Introduction:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO introductions (draft_id, person, submitter, lab, project, state) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (draft_id, person, submitter, lab, project, IntroductionState.PROPOSED.value),
            )
            introduction_id = int(cur.lastrowid or 0)
            db.execute(
                "INSERT INTO introduction_events VALUES (?, ?, ?, ?)",
                (introduction_id, IntroductionState.PROPOSED.value, by, _now()),
            )
        return self.get(introduction_id)

    def move(self, introduction_id: int, state: IntroductionState, by: str, at: str | None = None) -> None:
        with self.transaction() as db:
            db.execute("UPDATE introductions SET state = ? WHERE id = ?", (state.value, introduction_id))
            db.execute(
                "INSERT INTO introduction_events VALUES (?, ?, ?, ?)",
                (introduction_id, state.value, by, at or _now()),
            )

    def _load(self, where: str, args: Sequence[object]) -> list[Introduction]:
        with self._lock:
            db = self._db()
            rows = db.execute(
                f"SELECT id, draft_id, person, submitter, lab, project, state FROM introductions {where} "
                "ORDER BY id",
                list(args),
            ).fetchall()
            events: dict[int, list[Event]] = {}
            for introduction_id, state, by, at in db.execute(
                "SELECT introduction_id, state, changed_by, changed_at FROM introduction_events "
                f"WHERE introduction_id IN (SELECT id FROM introductions {where}) "
                "ORDER BY changed_at, rowid",
                list(args),
            ):
                events.setdefault(int(introduction_id), []).append(Event(IntroductionState(state), by, at))
        return [
            Introduction(
                int(r[0]),
                int(r[1]),
                r[2],
                r[3],
                r[4],
                r[5],
                IntroductionState(r[6]),
                tuple(events.get(int(r[0]), [])),
            )
            for r in rows
        ]

    def get(self, introduction_id: int) -> Introduction:
        found = self._load("WHERE id = ?", [introduction_id])
        if not found:
            raise NotFound(f"no introduction {introduction_id}")
        return found[0]

    def for_candidate(self, draft_id: int, person: str) -> Introduction | None:
        found = self._load("WHERE draft_id = ? AND person = ?", [draft_id, person])
        return found[0] if found else None

    def about(self, person_id: str, draft_ids: Sequence[int]) -> list[Introduction]:
        """The introductions of the person, to them, or on the drafts they submitted."""
        marks = ", ".join("?" for _ in draft_ids) or "NULL"
        return self._load(
            f"WHERE person = ? OR submitter = ? OR draft_id IN ({marks})", [person_id, person_id, *draft_ids]
        )

    def forget(self, person_id: str, draft_ids: Sequence[int]) -> int:
        """Delete what ``about`` finds, with its history; returns how many introductions."""
        found = [i.id for i in self.about(person_id, draft_ids)]
        with self.transaction() as db:
            for introduction_id in found:
                db.execute("DELETE FROM introduction_events WHERE introduction_id = ?", (introduction_id,))
                db.execute("DELETE FROM introductions WHERE id = ?", (introduction_id,))
        return len(found)

    def of_labs(self, labs: frozenset[str] | None) -> list[Introduction]:
        if labs is None:
            return self._load("", [])
        return self._load(f"WHERE lab IN ({', '.join('?' for _ in labs)})", sorted(labs)) if labs else []


def project_of(draft: Draft) -> str:
    return f"project:brouillon-{draft.id}"


def forget_projects(store: GraphStore, drafts: Sequence[Draft], person_id: str) -> list[str]:
    """Delete the projects these drafts of ``person_id`` became, when nothing else came of them
    (no one else joined them for real work); returns their ids. A project others work on stays:
    it is the network's, and the person's links to it go with the person."""
    deleted: list[str] = []
    for project in sorted(store.existing(project_of(d) for d in drafts)):
        workers = {
            n.node.id for n in store.neighbours(project, edge_kind=EdgeKind.CONTRIBUTES_TO, direction="in")
        }
        if workers - {person_id}:
            continue
        store.delete(project)
        deleted.append(project)
    return deleted


def introduce(
    store: GraphStore, introductions: Introductions, principal: Principal, draft: Draft, person: str
) -> Introduction:
    """Introduce ``person`` to the draft's submitter: the desk's record and the network's edge."""
    if draft.submitter is None:
        raise InvalidInput(
            [Problem("decision", "candidate", "the draft has no submitter to introduce them to")]
        )
    if person == draft.submitter:
        raise InvalidInput([Problem("decision", "candidate", "the submitter is not introduced to themself")])
    project = project_of(draft)
    today = datetime.now(UTC).date()
    records: list[Project | Edge] = []
    if not store.existing([project]):
        records.append(
            Project(
                id=project,
                title=draft.title[:300],
                description=draft.text[:20000],
                status=ProjectStatus.DRAFT,
                start_date=draft.drafted_on,
            )
        )
        records.append(
            Edge(
                kind=EdgeKind.SUBMITTED,
                source=draft.submitter,
                target=project,
                since=draft.drafted_on,
                provenance=draft.lab,
            )
        )
        records.append(
            Edge(kind=EdgeKind.SUPPORTED_BY, source=project, target=draft.lab, provenance=draft.lab)
        )
        if draft.territory is not None:
            records.append(
                Edge(kind=EdgeKind.LOCATED_IN, source=project, target=draft.territory, provenance=draft.lab)
            )
    # An edge is one per (kind, source, target): a second introduction of the same two people
    # keeps the first edge (its date and project are the history the reports read).
    known = {
        n.node.id for n in store.neighbours(draft.submitter, edge_kind=EdgeKind.INTRODUCED, direction="out")
    }
    if person not in known:
        records.append(
            Edge(
                kind=EdgeKind.INTRODUCED,
                source=draft.submitter,
                target=person,
                since=today,
                provenance=draft.lab,
                project=project,
            )
        )
    store.upsert(records)  # all or nothing
    return introductions.add(draft.id, person, draft.submitter, draft.lab, project, principal.actor)


def _scope(principal: Principal) -> frozenset[str] | None:
    principal.require_staff("le suivi des mises en relation")
    return frozenset({principal.lab_id}) if principal.lab_id else None


def visible(introductions: Introductions, principal: Principal, introduction_id: int) -> Introduction:
    labs = _scope(principal)
    found = introductions.get(introduction_id)
    if labs is not None and found.lab not in labs:
        raise NotFound(f"no introduction {introduction_id}")
    return found


def listing(introductions: Introductions, principal: Principal) -> list[Introduction]:
    return introductions.of_labs(_scope(principal))


def follow_up(
    store: GraphStore,
    introductions: Introductions,
    principal: Principal,
    introduction_id: int,
    state: IntroductionState,
    *,
    real_work: bool = False,
) -> Introduction:
    """Move an introduction along. ``real_work`` on ``done``: the person joined the project.

    Raises:
        Conflict: the move is not allowed from the current state (an ended one moves no more).
        InvalidInput: ``real_work`` on another state than ``done``.
    """
    current = visible(introductions, principal, introduction_id)
    if real_work and state is not IntroductionState.DONE:
        raise InvalidInput(
            [Problem("introduction", "real_work", "only a done introduction led to real work")]
        )
    if state is current.state:
        return current
    if state not in NEXT.get(current.state, frozenset()):
        raise Conflict(f"introduction {introduction_id}: {current.state.value} cannot become {state.value}")
    if real_work:
        store.upsert(
            [
                Edge(
                    kind=EdgeKind.CONTRIBUTES_TO,
                    source=current.person,
                    target=current.project,
                    since=datetime.now(UTC).date(),
                    provenance=current.lab,
                )
            ]
        )
    introductions.move(introduction_id, state, principal.actor)
    return introductions.get(introduction_id)


def reminders(
    introductions: Introductions, principal: Principal, *, delays: Sequence[int], today: date | None = None
) -> list[Reminder]:
    """Open introductions with no news for at least the shortest delay, the oldest news first."""
    day = today or datetime.now(UTC).date()
    out = []
    for introduction in listing(introductions, principal):
        if introduction.state not in OPEN:
            continue
        days = (day - datetime.fromisoformat(introduction.last_news).date()).days
        passed = [d for d in sorted(delays) if days >= d]
        if passed:
            out.append(Reminder(introduction, days, passed[-1]))
    return sorted(out, key=lambda r: (-r.days_without_news, r.introduction.id))


def drafts_introductions(
    drafts: Drafts, introductions: Introductions, principal: Principal, draft_id: int
) -> list[Introduction]:
    draft = find_draft(drafts, principal, draft_id)
    return [i for i in listing(introductions, principal) if i.draft_id == draft.id]
