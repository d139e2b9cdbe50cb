"""A draft as an intake channel delivers it (a démarches-simplifiées dossier, an email), before
the desk knows who sent it.

The channel mappers (``graph.dossiers``, ``graph.emails``) are pure: they turn an export row, a
dossier or a message into an :class:`IncomingDraft`, or raise ``InvalidInput`` naming the file,
the row and the column. ``service.intake`` then finds the submitter, the territory and the lab,
and records the batch at the desk, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Attachment:
    """An attached file, listed by name and size: never opened, never stored."""

    name: str
    size: int


@dataclass(frozen=True)
class IncomingDraft:
    channel: str
    """``demarches_simplifiees``, ``email`` or ``form`` (``service.drafts.Channel``)."""
    external_ref: str
    """The dossier number, or the message's Message-ID: the same reference again updates."""
    title: str
    text: str
    source: str
    """Where it was read, for messages: ``export.csv, ligne 3``, ``dossier 1234``, a file name."""
    submitter_email: str | None = None
    submitter_name: str | None = None
    organisation: str | None = None
    """The submitter's organisation, as written."""
    territory: str | None = None
    """As written: a name (« Eure ») or a code (« 27 »)."""
    drafted_on: date | None = None
    state: str | None = None
    """The dossier's state where the channel has one: en_construction, en_instruction, accepte,
    refuse, sans_suite."""
    attachments: tuple[Attachment, ...] = ()
