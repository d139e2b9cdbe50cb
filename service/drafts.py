"""Drafts (« brouillons de projet ») that reach a lab, and the use cases around them.

A draft is kept at the front desk, not in the network: it is an agent's request, not yet a
project. It holds its title and text, its submitter, the receiving lab, its territory, the
channel it came by and its reference there (a démarches-simplifiées dossier number, a mail's
Message-ID). A second draft with the same channel and reference updates the first: an export
read twice never duplicates a dossier.

Drafts live in one SQLite file beside the store (``desk.path``, ``var/desk.db``). Who sees what:
admins every draft; lab staff their lab's drafts (every lab's when their key names no lab); an
agent their own. A draft one may not see answers as if it did not exist (404).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum

from graph.errors import Conflict, Forbidden, InvalidInput, NotFound, Problem
from graph.incoming import Attachment
from graph.store import GraphStore
from matching.context import DraftContext
from matching.matcher import Matcher, SuggestionSet
from service.accounts import AccessRole, Principal
from service.sqlite_file import SqliteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    submitter TEXT,
    lab TEXT NOT NULL,
    territory TEXT,
    channel TEXT NOT NULL,
    external_ref TEXT,
    status TEXT NOT NULL,
    drafted_on TEXT NOT NULL,
    received_at TEXT NOT NULL,
    submitter_email TEXT,
    attention TEXT,
    attachments TEXT NOT NULL DEFAULT '[]',
    UNIQUE (channel, external_ref)
);
CREATE INDEX IF NOT EXISTS drafts_lab ON drafts (lab, drafted_on);
"""


class Channel(StrEnum):
    FORM = "form"
    EMAIL = "email"
    API = "api"
    DEMARCHES_SIMPLIFIEES = "demarches_simplifiees"


class DraftStatus(StrEnum):
    NEW = "new"
    """Received, not yet looked at."""
    IN_PROGRESS = "in_progress"
    """Staff asked for its suggestions."""
    CLOSED = "closed"


@dataclass(frozen=True)
class Draft:
    id: int
    title: str
    text: str
    submitter: str | None
    lab: str
    territory: str | None
    channel: Channel
    external_ref: str | None
    status: DraftStatus
    drafted_on: date
    received_at: str
    submitter_email: str | None = None
    """The address it came from, when a channel gave one (kept to resolve the submitter)."""
    attention: str | None = None
    """Why staff must look at it before anything else (a submitter to resolve by hand)."""
    attachments: tuple[Attachment, ...] = ()
    """Listed by name and size; their content is never kept."""

    def context(self) -> DraftContext:
        """What the matcher knows of it besides its text."""
        return DraftContext(
            lab=self.lab, date=self.drafted_on, submitter=self.submitter, territory=self.territory
        )


@dataclass(frozen=True)
class DraftFilter:
    status: DraftStatus | None = None
    lab: str | None = None
    channel: Channel | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Page:
    items: list[Draft]
    total: int
    limit: int
    offset: int


_FIELDS = (
    "title, text, submitter, lab, territory, channel, external_ref, status, drafted_on, received_at, "
    "submitter_email, attention, attachments"
)
_COLUMNS = f"id, {_FIELDS}"


def _draft(row: tuple[object, ...]) -> Draft:
    return Draft(
        id=int(str(row[0])),
        title=str(row[1]),
        text=str(row[2]),
        submitter=None if row[3] is None else str(row[3]),
        lab=str(row[4]),
        territory=None if row[5] is None else str(row[5]),
        channel=Channel(str(row[6])),
        external_ref=None if row[7] is None else str(row[7]),
        status=DraftStatus(str(row[8])),
        drafted_on=date.fromisoformat(str(row[9])),
        received_at=str(row[10]),
        submitter_email=None if row[11] is None else str(row[11]),
        attention=None if row[12] is None else str(row[12]),
        attachments=tuple(Attachment(str(a["name"]), int(a["size"])) for a in json.loads(str(row[13]))),
    )


class Drafts(SqliteFile):
    """The drafts table, in one SQLite file."""

    SCHEMA = _SCHEMA

    def _migrate(self, conn: sqlite3.Connection) -> None:
        have = {row[1] for row in conn.execute("PRAGMA table_info(drafts)")}
        for column, kind in (
            ("submitter_email", "TEXT"),
            ("attention", "TEXT"),
            ("attachments", "TEXT NOT NULL DEFAULT '[]'"),
        ):
            if column not in have:
                conn.execute(f"ALTER TABLE drafts ADD COLUMN {column} {kind}")

    def save(self, draft: Draft) -> Draft:
        """Insert a draft (its ``id`` is ignored), or update the one with the same channel and
        external reference; returns it as stored."""
        return self.save_all([draft])[0]

    def save_all(self, drafts: Sequence[Draft]) -> list[Draft]:
        """``save`` for a batch, in one transaction: all of them are stored, or none.

        A new reading of a dossier already stored keeps its status and its first reception,
        unless the new reading closes it."""
        ids: list[int] = []
        with self.transaction() as db:
            for draft in drafts:
                attachments = json.dumps([{"name": a.name, "size": a.size} for a in draft.attachments])
                row = None
                if draft.external_ref is not None:
                    row = db.execute(
                        "SELECT id FROM drafts WHERE channel = ? AND external_ref = ?",
                        (draft.channel.value, draft.external_ref),
                    ).fetchone()
                if row is None:
                    values = (
                        draft.title,
                        draft.text,
                        draft.submitter,
                        draft.lab,
                        draft.territory,
                        draft.channel.value,
                        draft.external_ref,
                        draft.status.value,
                        draft.drafted_on.isoformat(),
                        draft.received_at,
                        draft.submitter_email,
                        draft.attention,
                        attachments,
                    )
                    cur = db.execute(
                        f"INSERT INTO drafts ({_FIELDS}) VALUES ({', '.join('?' * len(values))})", values
                    )
                    ids.append(int(cur.lastrowid or 0))
                    continue
                draft_id = int(row[0])
                db.execute(
                    "UPDATE drafts SET title = ?, text = ?, submitter = ?, lab = ?, territory = ?, "
                    "drafted_on = ?, submitter_email = ?, attention = ?, attachments = ?"
                    + (", status = ?" if draft.status is DraftStatus.CLOSED else "")
                    + " WHERE id = ?",
                    (
                        draft.title,
                        draft.text,
                        draft.submitter,
                        draft.lab,
                        draft.territory,
                        draft.drafted_on.isoformat(),
                        draft.submitter_email,
                        draft.attention,
                        attachments,
                        *([draft.status.value] if draft.status is DraftStatus.CLOSED else []),
                        draft_id,
                    ),
                )
                ids.append(draft_id)
        return [self.get(i) for i in ids]

    def get(self, draft_id: int) -> Draft:
        with self._lock:
            row = self._db().execute(f"SELECT {_COLUMNS} FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise NotFound(f"no draft {draft_id}")
        return _draft(row)

    def submitted_by(self, person_id: str) -> list[Draft]:
        with self._lock:
            rows = (
                self._db()
                .execute(f"SELECT {_COLUMNS} FROM drafts WHERE submitter = ? ORDER BY id", (person_id,))
                .fetchall()
            )
        return [_draft(r) for r in rows]

    def forget(self, draft_ids: Sequence[int]) -> int:
        """Delete these drafts (their submitter's erasure); returns how many there were."""
        with self.transaction() as db:
            return sum(db.execute("DELETE FROM drafts WHERE id = ?", (i,)).rowcount for i in draft_ids)

    def by_reference(self, channel: Channel, external_ref: str) -> Draft | None:
        with self._lock:
            row = (
                self._db()
                .execute(
                    f"SELECT {_COLUMNS} FROM drafts WHERE channel = ? AND external_ref = ?",
                    (channel.value, external_ref),
                )
                .fetchone()
            )
        return None if row is None else _draft(row)

    def set_submitter(self, draft_id: int, person: str) -> None:
        """Name the submitter; what asked staff to resolve it goes (a territory to find stays)."""
        draft = self.get(draft_id)
        kept = "; ".join(a for a in (draft.attention or "").split("; ") if a.startswith("territoire")) or None
        with self._lock:
            self._db().execute(
                "UPDATE drafts SET submitter = ?, attention = ? WHERE id = ?", (person, kept, draft_id)
            )

    def set_status(self, draft_id: int, status: DraftStatus) -> None:
        with self._lock:
            self._db().execute("UPDATE drafts SET status = ? WHERE id = ?", (status.value, draft_id))

    def page(
        self,
        wanted: DraftFilter,
        *,
        submitter: str | None = None,
        labs: frozenset[str] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Newest draft first. ``submitter`` and ``labs`` restrict to what a principal may see."""
        clauses: list[str] = []
        args: list[object] = []
        for column, value in (
            ("status", wanted.status),
            ("lab", wanted.lab),
            ("channel", wanted.channel),
            ("submitter", submitter),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(str(value))
        if wanted.since is not None:
            clauses.append("drafted_on >= ?")
            args.append(wanted.since.isoformat())
        if wanted.until is not None:
            clauses.append("drafted_on <= ?")
            args.append(wanted.until.isoformat())
        if labs is not None:
            clauses.append(f"lab IN ({', '.join('?' for _ in labs)})" if labs else "0")
            args.extend(sorted(labs))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._lock:
            db = self._db()
            total = int(db.execute(f"SELECT count(*) FROM drafts {where}", args).fetchone()[0])
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM drafts {where} ORDER BY drafted_on DESC, id DESC LIMIT ? OFFSET ?",
                [*args, limit, offset],
            ).fetchall()
        return Page([_draft(r) for r in rows], total, limit, offset)


# -- use cases -----------------------------------------------------------------------------
def _visible(draft: Draft, principal: Principal) -> bool:
    if principal.role is AccessRole.ADMIN:
        return True
    if principal.role is AccessRole.LAB_STAFF:
        return principal.lab_id is None or principal.lab_id == draft.lab
    if principal.role is AccessRole.AGENT:
        return draft.submitter is not None and draft.submitter == principal.person_id
    return False


def submit(
    store: GraphStore,
    drafts: Drafts,
    principal: Principal,
    *,
    title: str,
    text: str,
    lab: str,
    channel: Channel,
    submitter: str | None = None,
    territory: str | None = None,
    external_ref: str | None = None,
    drafted_on: date | None = None,
) -> Draft:
    """Record a draft (or update the one with the same channel and reference).

    An agent submits for themself; staff for anyone, into their lab.

    Raises:
        InvalidInput: the lab, the submitter or the territory is not in the network, or the
            title or text is empty (each problem names its field).
    """
    principal.require_network_access("les brouillons")
    if principal.role is AccessRole.AGENT:
        if submitter not in (None, principal.person_id):
            raise Forbidden("un agent dépose ses propres brouillons")
        submitter = principal.person_id
    problems = []
    if not title.strip():
        problems.append(Problem("draft", "title", "is empty"))
    if not text.strip():
        problems.append(Problem("draft", "text", "is empty"))
    wanted = {
        "lab": (lab, "lab:"),
        "submitter": (submitter, "person:"),
        "territory": (territory, "territory:"),
    }
    named = {name: value for name, (value, _) in wanted.items() if value is not None}
    found = store.existing(named.values())
    for name, value in named.items():
        prefix = wanted[name][1]
        if not value.startswith(prefix) or value not in found:
            problems.append(Problem("draft", name, f"{value!r} is not a {prefix}… of the network"))
    if problems:
        raise InvalidInput(problems)
    if principal.role is AccessRole.LAB_STAFF and principal.lab_id not in (None, lab):
        raise Forbidden(f"cette clé sert le laboratoire {principal.lab_id}, pas {lab}")
    if external_ref is not None:
        earlier = drafts.by_reference(channel, external_ref)
        if earlier is not None and (not _visible(earlier, principal) or earlier.lab != lab):
            # A guessed dossier number must not take over someone else's draft.
            raise Conflict(f"{channel.value} {external_ref!r} is already the reference of another draft")
    draft = Draft(
        id=0,
        title=title.strip(),
        text=text,
        submitter=submitter,
        lab=lab,
        territory=territory,
        channel=channel,
        external_ref=external_ref,
        status=DraftStatus.NEW,
        drafted_on=drafted_on or datetime.now(UTC).date(),
        received_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return drafts.save(draft)


def find(drafts: Drafts, principal: Principal, draft_id: int) -> Draft:
    """One draft; 404 when it does not exist or the principal may not see it."""
    principal.require_network_access("les brouillons")
    draft = drafts.get(draft_id)
    if not _visible(draft, principal):
        raise NotFound(f"no draft {draft_id}")
    return draft


def listing(drafts: Drafts, principal: Principal, wanted: DraftFilter, *, limit: int, offset: int) -> Page:
    """The drafts the principal may see that match ``wanted``, newest first."""
    principal.require_network_access("les brouillons")
    if principal.role is AccessRole.AGENT:
        return drafts.page(wanted, submitter=principal.person_id or "", limit=limit, offset=offset)
    labs = (
        frozenset({principal.lab_id}) if principal.role is AccessRole.LAB_STAFF and principal.lab_id else None
    )
    return drafts.page(wanted, labs=labs, limit=limit, offset=offset)


def suggestions_for(
    matcher: Matcher, drafts: Drafts, principal: Principal, draft_id: int, *, k: int = 10
) -> SuggestionSet:
    """The draft's suggestions, with its context (lab, date, submitter, territory); staff only.
    A new draft moves to in progress."""
    draft = find(drafts, principal, draft_id)
    principal.require_staff("les suggestions")
    result = matcher.suggest(draft.text, k=k, context=draft.context())
    if draft.status is DraftStatus.NEW:
        drafts.set_status(draft.id, DraftStatus.IN_PROGRESS)
    return result


def change_status(drafts: Drafts, principal: Principal, draft_id: int, status: DraftStatus) -> Draft:
    draft = find(drafts, principal, draft_id)
    principal.require_staff("le suivi des brouillons")
    drafts.set_status(draft.id, status)
    return replace(draft, status=status)
