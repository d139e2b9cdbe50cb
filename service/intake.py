"""Drafts that arrive by a channel (démarches-simplifiées exports and API, email), recorded at
the desk: each linked to its submitter, its territory and the receiving lab, a batch at a time.

The channel mappers (``graph.dossiers``, ``graph.emails``) read the files into
:class:`graph.incoming.IncomingDraft`; this module decides who sent each one:

* an email address is matched to the people of the network without regard to case;
* no match: a new person is created (an agent, with the address and the name the channel gave,
  never shown to other agents without their consent);
* several people with that address: the draft is recorded without a submitter and flagged for
  staff to resolve (``attention``); nothing is merged.

A batch is all or nothing: every problem is found before anything is written, and the drafts
are saved in one transaction. The people a batch creates are written first; were the desk to
fail after them, the same batch again finds them by their address and creates nobody twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from graph.errors import InvalidInput, Problem
from graph.incoming import IncomingDraft
from graph.model import Edge, EdgeKind, Organisation, Person, Role, Territory
from graph.store import GraphStore
from matching.text import fold
from service.accounts import Principal
from service.drafts import Channel, Draft, Drafts, DraftStatus, find

STATUS_OF_STATE: dict[str, DraftStatus] = {
    "en_construction": DraftStatus.NEW,
    "en_instruction": DraftStatus.NEW,
    "accepte": DraftStatus.IN_PROGRESS,
    "refuse": DraftStatus.CLOSED,
    "sans_suite": DraftStatus.CLOSED,
}
"""A dossier's state at démarches-simplifiées, as the desk's status: a refused or dismissed
dossier closes its draft; the others leave the desk's own status as it is."""


@dataclass(frozen=True)
class Intake:
    """What a batch did."""

    drafts: list[Draft]
    created: int
    """Drafts new at the desk (the others were new readings of stored ones)."""
    people: list[str]
    """People created for submitters the network did not know."""
    flagged: list[int]
    """Drafts waiting for staff to resolve their submitter."""


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "agent"


class _Network:
    """The people, territories and organisations a batch is resolved against, read once."""

    def __init__(self, store: GraphStore) -> None:
        self.ids: set[str] = set()
        self.by_email: dict[str, list[str]] = {}
        self.territories: dict[str, list[str]] = {}
        self.organisations: dict[str, list[str]] = {}
        for node in store.nodes():
            self.ids.add(node.id)
            if isinstance(node, Person) and node.email:
                self.by_email.setdefault(node.email.strip().lower(), []).append(node.id)
            elif isinstance(node, Territory):
                for name in {
                    node.name,
                    node.code,
                    f"{node.code} - {node.name}",
                    f"{node.name} ({node.code})",
                }:
                    self.territories.setdefault(_key(name), []).append(node.id)
            elif isinstance(node, Organisation):
                for name in {node.name, node.acronym or ""} - {""}:
                    self.organisations.setdefault(_key(name), []).append(node.id)

    def new_person_id(self, name: str) -> str:
        base = f"person:{_slug(name)}"
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.ids.add(candidate)
        return candidate


def _one(found: list[str] | None) -> str | None:
    return found[0] if found and len(set(found)) == 1 else None


def receive(
    store: GraphStore,
    drafts: Drafts,
    principal: Principal,
    incoming: Sequence[IncomingDraft],
    *,
    lab: str,
) -> Intake:
    """Record a batch of incoming drafts for ``lab`` (staff).

    Raises:
        InvalidInput: the lab is not in the network, or a draft has no title or no text, or an
            address that is not one (each problem names where it was read and the field).
    """
    principal.require_staff("l'import de brouillons")
    network = _Network(store)
    problems: list[Problem] = []
    if not lab.startswith("lab:") or lab not in network.ids:
        problems.append(Problem("import", "lab", f"{lab!r} is not a lab of the network"))
    elif principal.lab_id not in (None, lab):
        problems.append(Problem("import", "lab", f"this key serves {principal.lab_id}, not {lab}"))
    for one in incoming:
        if not one.title.strip():
            problems.append(Problem(one.source, "title", "is empty"))
        if not one.text.strip():
            problems.append(Problem(one.source, "text", "is empty"))
        if one.submitter_email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", one.submitter_email.strip()):
            problems.append(Problem(one.source, "submitter_email", f"{one.submitter_email!r} is no address"))
        if one.state is not None and one.state not in STATUS_OF_STATE:
            problems.append(Problem(one.source, "state", f"{one.state!r} is no dossier state"))
    if problems:
        raise InvalidInput(problems)

    records: list[Person | Edge] = []
    created: dict[str, str] = {}
    received_at = datetime.now(UTC).isoformat(timespec="seconds")
    ready: list[Draft] = []
    new_refs: set[str] = set()
    for one in incoming:
        email = one.submitter_email.strip().lower() if one.submitter_email else None
        submitter: str | None = None
        unresolved: str | None = None
        if email is None:
            unresolved = "aucune adresse : qui l'envoie ?"
        elif email in created:
            submitter = created[email]
        else:
            known = sorted(set(network.by_email.get(email, [])))
            if len(known) == 1:
                submitter = known[0]
            elif len(known) > 1:
                unresolved = f"plusieurs personnes ont l'adresse {email} : {', '.join(known)}"
            else:
                name = (one.submitter_name or "").strip() or email.split("@")[0]
                submitter = network.new_person_id(name)
                created[email] = submitter
                records.append(Person(id=submitter, name=name[:200], roles=(Role.AGENT,), email=email))
                organisation = _one(network.organisations.get(_key(one.organisation or "")))
                if organisation:
                    records.append(Edge(kind=EdgeKind.WORKS_AT, source=submitter, target=organisation))
        existing = drafts.by_reference(Channel(one.channel), one.external_ref)
        if existing is not None and existing.lab != lab:
            problems.append(Problem(one.source, "external_ref", f"already recorded for {existing.lab}"))
            continue
        if existing is None:
            new_refs.add(one.external_ref)
        if existing is not None and submitter is None and existing.submitter is not None:
            submitter, unresolved = existing.submitter, None  # staff resolved it: their choice stays
        attention = [unresolved] if unresolved else []
        territory = _one(network.territories.get(_key(one.territory or ""))) if one.territory else None
        if one.territory and territory is None:
            attention.append(f"territoire « {one.territory} » introuvable")
        ready.append(
            Draft(
                id=0,
                title=one.title.strip()[:300],
                text=one.text,
                submitter=submitter,
                lab=lab,
                territory=territory,
                channel=Channel(one.channel),
                external_ref=one.external_ref,
                status=STATUS_OF_STATE.get(one.state or "", DraftStatus.NEW),
                drafted_on=one.drafted_on or datetime.now(UTC).date(),
                received_at=received_at,
                submitter_email=email,
                attention="; ".join(attention) or None,
                attachments=one.attachments,
            )
        )
    if problems:
        raise InvalidInput(problems)
    if records:
        store.upsert(records)
    saved = drafts.save_all(ready)
    return Intake(
        drafts=saved,
        created=len(new_refs),
        people=sorted(created.values()),
        flagged=[d.id for d in saved if d.attention],
    )


def resolve_submitter(
    store: GraphStore, drafts: Drafts, principal: Principal, draft_id: int, person: str
) -> Draft:
    """Staff name the submitter of a flagged draft; the flag goes."""
    draft = find(drafts, principal, draft_id)
    principal.require_staff("le choix du déposant")
    if not person.startswith("person:") or not store.existing([person]):
        raise InvalidInput(
            [Problem(f"draft {draft_id}", "submitter", f"{person!r} is not a person of the network")]
        )
    drafts.set_submitter(draft.id, person)
    return drafts.get(draft.id)
