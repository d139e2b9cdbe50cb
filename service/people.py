"""People's data and rights, for every entry point (API routes, CLI commands, pages).

Each function takes the store, the accounts (keys, audit, erasure requests) and the acting
principal, checks what the principal may do, does it, records it in the audit log, and returns
a domain object. Staff (admin, lab staff) act on anyone; an agent acts on their own data only
and sees others' contact details only when they consented to show them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from graph.errors import Forbidden, InvalidInput, NotFound, Problem
from graph.model import NodeKind, Person, kind_of
from graph.store import ErasureReport, GraphStore
from service.accounts import AccessRole, Accounts, AuditAction, ErasureRequest, Principal, pseudonym
from service.desk import Desk, DeskErasure
from service.introductions import forget_projects

CLI = Principal(key_id=0, name="ligne de commande", role=AccessRole.ADMIN)
"""Who acts from the command line: whoever can open the store file is its administrator."""


@dataclass(frozen=True)
class PersonView:
    """A person as the principal may see them: contact details only when allowed."""

    person: Person
    contact_shown: bool


def _person(store: GraphStore, person_id: str) -> Person:
    try:
        is_person = kind_of(person_id) is NodeKind.PERSON
    except ValueError:
        is_person = False
    if not is_person:
        raise NotFound(f"no person {person_id!r}")
    node = store.get(person_id)
    assert isinstance(node, Person)
    return node


def _own_or_staff(principal: Principal, person_id: str, what: str) -> None:
    if principal.is_staff():
        return
    if principal.role is AccessRole.AGENT and principal.person_id == person_id:
        return
    raise Forbidden(f"{what} : réservé à la personne elle-même et à l'équipe du laboratoire")


def view(store: GraphStore, accounts: Accounts, principal: Principal, person_id: str) -> PersonView:
    """A directory entry. Contact details: to staff, to the person, or to anyone if consented."""
    principal.require_network_access("l'annuaire")
    person = _person(store, person_id)
    shown = person.contact_consent or principal.is_staff() or principal.person_id == person_id
    if shown and (person.email or person.phone):
        accounts.record(principal.actor, AuditAction.VIEW, person_id, "coordonnées affichées")
    if not shown:
        person = person.model_copy(update={"email": None, "phone": None})
    return PersonView(person, shown)


def export(
    store: GraphStore, desk: Desk, accounts: Accounts, principal: Principal, person_id: str
) -> dict[str, object]:
    """Right of access: everything stored about the person, in the network and at the desk."""
    _own_or_staff(principal, person_id, "l'export des données")
    _person(store, person_id)
    data = {**store.export_person(person_id), "desk": desk.about(person_id)}
    accounts.record(principal.actor, AuditAction.EXPORT, person_id)
    return data


def change_preferences(
    store: GraphStore,
    accounts: Accounts,
    principal: Principal,
    person_id: str,
    *,
    contact_consent: bool | None = None,
    suggestion_opt_out: bool | None = None,
) -> Person:
    """Consent to show contact details, and the opt-out from suggestions; in effect at once."""
    _own_or_staff(principal, person_id, "la modification des préférences")
    person = _person(store, person_id)
    changes: dict[str, object] = {}
    if contact_consent is not None and contact_consent != person.contact_consent:
        changes["contact_consent"] = contact_consent
    if suggestion_opt_out is not None and suggestion_opt_out != person.suggestion_opt_out:
        changes["suggestion_opt_out"] = suggestion_opt_out
    if not changes:
        return person
    changed = person.model_copy(update=changes)
    store.upsert([changed])
    accounts.record(
        principal.actor,
        AuditAction.CHANGE,
        person_id,
        ", ".join(f"{name}={value}" for name, value in sorted(changes.items())),
    )
    return changed


def edit_profile(
    store: GraphStore,
    accounts: Accounts,
    principal: Principal,
    person_id: str,
    changes: dict[str, object],
) -> Person:
    """A person's own text and contact details (``bio``, ``email``, ``phone``); the person or
    staff. The bio is matched against drafts from the next answer on.

    Raises:
        InvalidInput: a value the model refuses (an email that is not one, a bio too long).
    """
    _own_or_staff(principal, person_id, "la modification du profil")
    person = _person(store, person_id)
    wanted = {name: value for name, value in changes.items() if getattr(person, name) != value}
    if not wanted:
        return person
    try:
        changed = Person.model_validate({**person.model_dump(), **wanted})
    except ValidationError as e:
        raise InvalidInput(
            [Problem(person_id, ".".join(str(p) for p in err["loc"]), err["msg"]) for err in e.errors()]
        ) from None
    store.upsert([changed])
    accounts.record(principal.actor, AuditAction.CHANGE, person_id, ", ".join(sorted(wanted)))
    return changed


def request_erasure(
    store: GraphStore, accounts: Accounts, principal: Principal, person_id: str
) -> ErasureRequest:
    """Right to erasure, asked: staff process it (``process_erasure``)."""
    _own_or_staff(principal, person_id, "la demande d'effacement")
    _person(store, person_id)
    request = accounts.request_erasure(person_id, principal.actor)
    accounts.record(principal.actor, AuditAction.ERASURE_REQUEST, person_id, f"demande {request.id}")
    return request


def pending_erasures(accounts: Accounts, principal: Principal) -> list[ErasureRequest]:
    principal.require_staff("les demandes d'effacement")
    return accounts.erasure_requests(pending=True)


def process_erasure(
    store: GraphStore, desk: Desk, accounts: Accounts, principal: Principal, request_id: int
) -> Erasure:
    """Erase the person of a pending request from the store, its vectors and the audit log."""
    principal.require_staff("les demandes d'effacement")
    request = accounts.erasure_request(request_id)
    if request.processed_at is not None:
        raise NotFound(f"erasure request {request_id} was already processed")
    report = erase(store, desk, accounts, principal, request.person_id)
    accounts.close_erasure_request(request_id, principal.actor)
    return report


@dataclass(frozen=True)
class Erasure:
    graph: ErasureReport
    desk: DeskErasure


def erase(store: GraphStore, desk: Desk, accounts: Accounts, principal: Principal, person_id: str) -> Erasure:
    """Erase a person now (staff, or the command line): the projects their drafts became while
    no one else works on them, the desk's drafts, decisions and introductions naming them, the
    person with their links and vectors, and the audit log's mentions (a pseudonym stays). Each
    step can be run again, so an erasure cut short is completed by asking for it again."""
    principal.require_staff("l'effacement")
    _person(store, person_id)
    forget_projects(store, desk.drafts.submitted_by(person_id), person_id)
    at_desk = desk.forget(person_id)
    report = store.erase_person(person_id)
    accounts.forget(person_id)
    accounts.record(
        principal.actor,
        AuditAction.ERASE,
        pseudonym(person_id),
        f"{report.edges} liens, {report.vectors} vecteurs, {at_desk.drafts} brouillons, "
        f"{at_desk.decisions} décisions, {at_desk.introductions} mises en relation",
    )
    return Erasure(report, at_desk)
