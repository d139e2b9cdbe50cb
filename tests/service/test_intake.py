"""Incoming drafts recorded at the desk: submitters found by address (case aside), created when
unknown, flagged when ambiguous; a batch all or nothing; a second reading updates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import Forbidden, InvalidInput
from graph.incoming import Attachment, IncomingDraft
from graph.model import EdgeKind, Person, Role
from service import intake
from service.accounts import AccessRole, Principal
from service.drafts import DraftFilter, Drafts, DraftStatus
from service.people import CLI
from tests.world import tiny_world

LAB = "lab:innovmandie"
ALICE = "person:alice-martin"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "store.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    yield store
    store.close()


@pytest.fixture
def drafts(tmp_path: Path) -> Iterator[Drafts]:
    drafts = Drafts(tmp_path / "desk.db")
    yield drafts
    drafts.close()


def dossier(ref: str, email: str | None, **changes: object) -> IncomingDraft:
    fields: dict[str, object] = {
        "channel": "demarches_simplifiees",
        "external_ref": ref,
        "title": f"Dossier {ref}",
        "text": "Un tiers-lieu pour les associations du quartier.",
        "source": f"export.csv, ligne {ref}",
        "submitter_email": email,
    }
    fields.update(changes)
    return IncomingDraft(**fields)  # type: ignore[arg-type]


def test_a_known_address_whatever_its_case_is_the_submitter(store: EmbeddedStore, drafts: Drafts) -> None:
    done = intake.receive(store, drafts, CLI, [dossier("1", "Alice.MARTIN@normandie.example")], lab=LAB)
    assert [d.submitter for d in done.drafts] == [ALICE]
    assert done.people == [] and done.flagged == []


def test_an_unknown_address_creates_one_agent_once(store: EmbeddedStore, drafts: Drafts) -> None:
    batch = [
        dossier("1", "c.durand@eure.example", submitter_name="Claire Durand", organisation="ddtm"),
        dossier("2", "C.Durand@eure.example", submitter_name="Claire Durand"),
    ]
    done = intake.receive(store, drafts, CLI, batch, lab=LAB)
    assert done.people == ["person:claire-durand"]
    assert {d.submitter for d in done.drafts} == {"person:claire-durand"}
    person = store.get("person:claire-durand")
    assert isinstance(person, Person)
    assert (person.email, person.roles, person.contact_consent) == (
        "c.durand@eure.example",
        (Role.AGENT,),
        False,
    )
    employer = [n.node.id for n in store.neighbours(person.id, edge_kind=EdgeKind.WORKS_AT)]
    assert employer == ["org:ddtm-eure"]  # matched by its acronym, case aside
    # The same export again: the same drafts, updated; nobody created twice.
    again = intake.receive(store, drafts, CLI, batch, lab=LAB)
    assert (again.created, again.people) == (0, [])
    assert [d.id for d in again.drafts] == [d.id for d in done.drafts]
    assert drafts.page(DraftFilter(), limit=10).total == 2


def test_an_address_two_people_share_is_flagged_never_merged(store: EmbeddedStore, drafts: Drafts) -> None:
    store.upsert(
        [
            Person(
                id="person:alice-bis",
                name="Alice M.",
                roles=(Role.AGENT,),
                email="ALICE.martin@normandie.example",
            )
        ]
    )
    done = intake.receive(store, drafts, CLI, [dossier("1", "alice.martin@normandie.example")], lab=LAB)
    draft = done.drafts[0]
    assert draft.submitter is None
    assert done.flagged == [draft.id]
    assert draft.attention and "person:alice-bis" in draft.attention and ALICE in draft.attention
    assert done.people == []
    # Staff resolve it; a new reading of the dossier keeps their choice.
    resolved = intake.resolve_submitter(store, drafts, CLI, draft.id, ALICE)
    assert (resolved.submitter, resolved.attention) == (ALICE, None)
    again = intake.receive(store, drafts, CLI, [dossier("1", "alice.martin@normandie.example")], lab=LAB)
    assert (again.drafts[0].submitter, again.flagged) == (ALICE, [])


def test_territory_state_and_attachments(store: EmbeddedStore, drafts: Drafts) -> None:
    batch = [
        dossier(
            "1", None, territory="27 - Eure", state="refuse", attachments=(Attachment("plan.pdf", 1200),)
        ),
        dossier("2", "alice.martin@normandie.example", territory="Calvados"),
    ]
    first, second = intake.receive(store, drafts, CLI, batch, lab=LAB).drafts
    assert (first.territory, first.status, first.attachments) == (
        "territory:dep-27",
        DraftStatus.CLOSED,
        (Attachment("plan.pdf", 1200),),
    )
    assert first.attention == "aucune adresse : qui l'envoie ?"
    assert second.territory is None and second.attention == "territoire « Calvados » introuvable"


def test_a_bad_batch_writes_nothing(store: EmbeddedStore, drafts: Drafts) -> None:
    before = list(store.nodes())
    batch = [
        dossier("1", "new.person@eure.example"),
        dossier("2", "pas-une-adresse", title=" "),
        dossier("3", None, state="perdu"),
    ]
    with pytest.raises(InvalidInput) as raised:
        intake.receive(store, drafts, CLI, batch, lab=LAB)
    where = {(p.record, p.field) for p in raised.value.problems}
    assert where == {
        ("export.csv, ligne 2", "title"),
        ("export.csv, ligne 2", "submitter_email"),
        ("export.csv, ligne 3", "state"),
    }
    assert list(store.nodes()) == before
    assert drafts.page(DraftFilter(), limit=10).total == 0
    with pytest.raises(InvalidInput, match="lab"):
        intake.receive(store, drafts, CLI, [dossier("1", None)], lab="lab:nulle-part")


def test_only_staff_import_and_only_into_their_lab(store: EmbeddedStore, drafts: Drafts) -> None:
    agent = Principal(key_id=2, name="Alice", role=AccessRole.AGENT, person_id=ALICE)
    with pytest.raises(Forbidden):
        intake.receive(store, drafts, agent, [dossier("1", None)], lab=LAB)
    elsewhere = Principal(key_id=3, name="autre", role=AccessRole.LAB_STAFF, lab_id="lab:ailleurs")
    with pytest.raises(InvalidInput, match="lab"):
        intake.receive(store, drafts, elsewhere, [dossier("1", None)], lab=LAB)
