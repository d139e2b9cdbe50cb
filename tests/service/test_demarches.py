"""The démarches-simplifiées import through the real client, against the local fake API: every
page walked, only what changed read again, failures retried as the API asks, nothing advanced or
imported twice when something fails on the way."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from graph.dossier_graphql import DOSSIERS_QUERY, from_graphql
from graph.dossiers import Descriptors, DossierMapping
from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput, StoreUnavailable
from graph.incoming import Attachment
from service.demarches import (
    DemarchesClient,
    DemarchesError,
    DemarchesTokenRefused,
    DemarchesUnavailable,
    PollState,
    import_demarche,
    poll,
    retry_after_seconds,
)
from service.drafts import Channel, DraftFilter, Drafts, listing
from service.people import CLI
from service.settings import IntakeSettings
from tests.service.fake_demarches import (
    DEMARCHE,
    DESCRIPTION,
    ORGANISATION,
    PIECES,
    TERRITORY,
    TITLE,
    TOKEN,
    FakeDemarches,
    company,
    dossier,
    files_champ,
    five_dossiers,
    person,
    text_champ,
)
from tests.world import tiny_world

LAB = "lab:innovmandie"
DESCRIPTORS = Descriptors(
    title=TITLE, description=DESCRIPTION, organisation=ORGANISATION, territory=TERRITORY
)
MAPPING = DossierMapping(lab=LAB, demarche=DEMARCHE, descriptors=DESCRIPTORS)
BACKOFF = 0.01


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake listens on 127.0.0.1: no proxy from the environment may stand in between."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake() -> Iterator[FakeDemarches]:
    with FakeDemarches(five_dossiers()) as server:
        yield server


@pytest.fixture
def waits() -> list[float]:
    """What the client asked to sleep, instead of sleeping."""
    return []


def client_for(
    fake: FakeDemarches,
    waits: list[float],
    *,
    token: str | None = TOKEN,
    attempts: int = 3,
    timeout: float = 5.0,
    page_size: int = 2,
) -> DemarchesClient:
    settings = IntakeSettings(
        demarches_url=fake.url,
        demarches_token=SecretStr(token) if token is not None else None,
        demarches_timeout=timeout,
        demarches_attempts=attempts,
    )
    return DemarchesClient(settings, sleep=waits.append, page_size=page_size, backoff=BACKOFF)


@pytest.fixture
def client(fake: FakeDemarches, waits: list[float]) -> Iterator[DemarchesClient]:
    with client_for(fake, waits) as client:
        yield client


@pytest.fixture
def state(tmp_path: Path) -> Iterator[PollState]:
    state = PollState(tmp_path / "desk.db")
    yield state
    state.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "store.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    yield store
    store.close()


@pytest.fixture
def drafts(tmp_path: Path) -> Iterator[Drafts]:
    drafts = Drafts(tmp_path / "desk.db")  # the same file as the poll state, as in production
    yield drafts
    drafts.close()


def total(drafts: Drafts) -> int:
    return listing(drafts, CLI, DraftFilter(channel=Channel.DEMARCHES_SIMPLIFIEES), limit=100, offset=0).total


# -- the client ------------------------------------------------------------------------------


def test_pagination_walks_every_page_with_the_schema_query_and_the_bearer_token(
    fake: FakeDemarches, client: DemarchesClient, state: PollState
) -> None:
    polled = poll(client, state, DEMARCHE, DESCRIPTORS)
    assert [d.external_ref for d in polled.drafts] == ["1", "2", "3", "4", "5"]
    assert polled.pages == 3  # 2 + 2 + 1
    assert polled.mark == datetime.fromisoformat("2026-03-15T10:00:00+01:00")
    assert polled.since is None
    sent = fake.requests
    assert {r.authorization for r in sent} == {f"Bearer {TOKEN}"}
    assert {r.query for r in sent} == {DOSSIERS_QUERY}
    assert {r.operation_name for r in sent} == {"getDemarche"}
    assert [r.variables.get("after") is None for r in sent] == [True, False, False]
    assert all(r.variables["demarcheNumber"] == DEMARCHE and r.variables["first"] == 2 for r in sent)
    assert "updatedSince" not in sent[0].variables  # the first poll reads everything


def test_the_second_poll_reads_only_what_changed_since_the_mark(
    fake: FakeDemarches, client: DemarchesClient, state: PollState
) -> None:
    first = poll(client, state, DEMARCHE, DESCRIPTORS)
    assert first.mark is not None
    state.advance(DEMARCHE, first.mark)
    changed = five_dossiers()[1]
    changed["dateDerniereModification"] = "2026-04-01T08:30:00+02:00"
    fake.put(
        changed,
        dossier(
            6,
            title="Accueil des nouveaux habitants en mairie",
            description="Un livret et une visite pour les nouveaux arrivants de la commune.",
            email="paul.girard@exemple.fr",
            demandeur=person("Paul", "Girard"),
            deposited="2026-04-02T09:00:00+02:00",
            modified="2026-04-02T09:00:00+02:00",
        ),
    )
    fake.requests.clear()
    second = poll(client, state, DEMARCHE, DESCRIPTORS)
    # Dossier 5 sits on the mark itself: the API's updatedSince is inclusive, so it comes again
    # (harmless, the desk updates it); 1, 3 and 4 have not changed and do not.
    assert [d.external_ref for d in second.drafts] == ["5", "2", "6"]
    assert fake.requests[0].variables["updatedSince"] == "2026-03-15T10:00:00+01:00"
    assert second.since == first.mark
    assert second.mark == datetime.fromisoformat("2026-04-02T09:00:00+02:00")


def test_a_429_waits_as_long_as_retry_after_says(
    fake: FakeDemarches, client: DemarchesClient, waits: list[float]
) -> None:
    fake.fail("429")
    page = client.fetch_page(DEMARCHE)
    assert [n["number"] for n in page.nodes] == [1, 2]
    assert waits == [pytest.approx(1.0)]
    assert len(fake.requests) == 2


def test_retry_after_may_be_an_http_date() -> None:
    now = datetime.fromisoformat("2026-12-02T10:00:00+00:00")
    assert retry_after_seconds("Wed, 02 Dec 2026 10:00:02 GMT", now=now) == pytest.approx(2.0)
    assert retry_after_seconds("Wed, 02 Dec 2026 09:59:00 GMT", now=now) == 0.0  # already past
    assert retry_after_seconds("3", now=now) == 3.0
    assert retry_after_seconds(None) is None and retry_after_seconds("dans un moment") is None


def test_a_429_asking_for_too_long_a_wait_is_reported_at_once(
    fake: FakeDemarches, waits: list[float]
) -> None:
    fake.retry_after = "3600"
    fake.fail("429")
    with client_for(fake, waits) as client, pytest.raises(DemarchesUnavailable, match="3600 s"):
        client.fetch_page(DEMARCHE)
    assert waits == [] and len(fake.requests) == 1


def test_a_500_then_an_answer_is_retried_with_backoff(
    fake: FakeDemarches, client: DemarchesClient, waits: list[float]
) -> None:
    fake.fail("500")
    assert len(client.fetch_page(DEMARCHE).nodes) == 2
    assert waits == [pytest.approx(BACKOFF)]
    assert len(fake.requests) == 2


def test_a_dropped_connection_is_retried(
    fake: FakeDemarches, client: DemarchesClient, waits: list[float]
) -> None:
    fake.fail("drop", "drop")
    assert len(client.fetch_page(DEMARCHE).nodes) == 2
    assert waits == [pytest.approx(BACKOFF), pytest.approx(2 * BACKOFF)]  # exponential
    assert len(fake.requests) == 3


def test_a_timeout_is_retried(fake: FakeDemarches, waits: list[float]) -> None:
    fake.stall_seconds = 0.6
    fake.fail("stall")
    with client_for(fake, waits, timeout=0.2) as client:
        assert len(client.fetch_page(DEMARCHE).nodes) == 2
    assert len(waits) == 1 and len(fake.requests) == 2


def test_when_every_attempt_fails_the_error_says_what_and_how_many_times(
    fake: FakeDemarches, waits: list[float]
) -> None:
    fake.fail("500", "drop", "500")
    with client_for(fake, waits, attempts=3) as client, pytest.raises(DemarchesUnavailable) as caught:
        client.fetch_page(DEMARCHE)
    assert "erreur 500 du serveur" in str(caught.value) and "3 tentative(s)" in str(caught.value)
    assert isinstance(caught.value, StoreUnavailable)  # the API answers it with 503
    assert len(fake.requests) == 3 and len(waits) == 2


def test_a_refused_token_fails_at_once_without_retry(fake: FakeDemarches, waits: list[float]) -> None:
    with (
        client_for(fake, waits, token="jeton-perime") as client,
        pytest.raises(DemarchesTokenRefused) as caught,
    ):
        client.fetch_page(DEMARCHE)
    assert "401" in str(caught.value) and "PASSERELLE_INTAKE__DEMARCHES_TOKEN" in str(caught.value)
    assert len(fake.requests) == 1 and waits == []


def test_a_missing_token_names_the_setting(fake: FakeDemarches, waits: list[float]) -> None:
    with pytest.raises(InvalidInput) as caught:
        client_for(fake, waits, token=None)
    assert caught.value.problems[0].field == "PASSERELLE_INTAKE__DEMARCHES_TOKEN"
    with pytest.raises(InvalidInput):
        client_for(fake, waits, token="   ")
    assert fake.requests == []


def test_graphql_errors_are_reported_with_their_message(
    fake: FakeDemarches, client: DemarchesClient, waits: list[float]
) -> None:
    fake.fail("errors")
    with pytest.raises(DemarchesError, match=r"Timeout on Demarche\.dossiers \(timeout\)"):
        client.fetch_page(DEMARCHE)
    with pytest.raises(DemarchesError, match=r"Demarche not found \(not_found\)"):
        client.fetch_page(99999)  # executed by the schema: a procedure the token does not open
    assert len(fake.requests) == 2 and waits == []  # never retried


# -- the mapping -----------------------------------------------------------------------------


def test_champs_are_read_by_descriptor_id_whatever_their_label_or_order() -> None:
    node = five_dossiers()[0]
    node["champs"] = [
        text_champ(TERRITORY, "Titre du projet", "Eure"),  # labels swapped on purpose
        text_champ(DESCRIPTION, "Département", "Réunir les démarches des aidants."),
        text_champ(TITLE, "Votre administration", "Guichet unique des aidants familiaux"),
        text_champ(ORGANISATION, "Décrivez votre projet", "DDTM de l'Eure"),
    ]
    draft = from_graphql(node, DESCRIPTORS)
    assert (draft.title, draft.text, draft.organisation, draft.territory) == (
        "Guichet unique des aidants familiaux",
        "Réunir les démarches des aidants.",
        "DDTM de l'Eure",
        "Eure",
    )
    assert (draft.channel, draft.external_ref, draft.source) == ("demarches_simplifiees", "1", "dossier 1")
    assert (draft.submitter_email, draft.submitter_name) == ("lea.dubois@exemple.fr", "Léa Dubois")
    assert (draft.state, draft.drafted_on) == ("en_construction", datetime(2026, 3, 2).date())


def test_a_company_gives_its_name_as_organisation_and_files_are_listed_not_fetched(
    fake: FakeDemarches, client: DemarchesClient, state: PollState
) -> None:
    polled = poll(client, state, DEMARCHE, DESCRIPTORS)  # through the schema: aliases and fragments
    by_ref = {d.external_ref: d for d in polled.drafts}
    assert by_ref["4"].organisation == "Les Ateliers du Bocage"
    assert by_ref["4"].submitter_name is None
    assert by_ref["5"].attachments == (
        Attachment("note-de-cadrage.pdf", 48213),
        Attachment("budget-previsionnel.xlsx", 10577),
    )
    assert by_ref["3"].state == "en_instruction"


def test_a_dossier_without_its_title_champ_is_invalid_naming_the_dossier() -> None:
    node = dossier(
        8,
        title=None,
        description="Un texte sans titre.",
        email="sans.titre@exemple.fr",
        demandeur=company("Régie des eaux", "00000000000025"),
        deposited="2026-03-09T09:00:00+01:00",
        modified="2026-03-09T09:00:00+01:00",
        extra=[files_champ(PIECES, "Pièces", ("plan.pdf", 100))],
    )
    with pytest.raises(InvalidInput) as caught:
        from_graphql(node, DESCRIPTORS)
    (problem,) = caught.value.problems
    assert (problem.record, problem.field) == ("dossier 8", "title")
    assert TITLE in problem.message and "dossier 8: title" in str(caught.value)


def test_a_bad_dossier_stops_the_poll_and_the_import_advances_nothing(
    fake: FakeDemarches,
    client: DemarchesClient,
    state: PollState,
    store: EmbeddedStore,
    drafts: Drafts,
) -> None:
    broken = five_dossiers()[2]
    champs = broken["champs"]
    assert isinstance(champs, list)
    broken["champs"] = [c for c in champs if c["id"] != TITLE]
    fake.put(broken)
    with pytest.raises(InvalidInput, match="dossier 3: title"):
        import_demarche(store, drafts, CLI, client, state, MAPPING)
    assert state.mark(DEMARCHE) is None and total(drafts) == 0


# -- the mark and the desk -------------------------------------------------------------------


def test_the_mark_never_moves_back(state: PollState) -> None:
    later = datetime.fromisoformat("2026-03-15T10:00:00+01:00")
    assert state.advance(DEMARCHE, later) == later
    assert state.advance(DEMARCHE, datetime.fromisoformat("2026-03-01T10:00:00+01:00")) == later
    assert state.mark(DEMARCHE) == later and state.mark(DEMARCHE + 1) is None


def test_importing_twice_creates_each_draft_once_then_updates_it(
    fake: FakeDemarches,
    client: DemarchesClient,
    state: PollState,
    store: EmbeddedStore,
    drafts: Drafts,
) -> None:
    first = import_demarche(store, drafts, CLI, client, state, MAPPING)
    assert first.created == 5 and total(drafts) == 5
    assert state.mark(DEMARCHE) == datetime.fromisoformat("2026-03-15T10:00:00+01:00")
    by_ref = {d.external_ref: d for d in first.drafts}
    assert by_ref["3"].submitter == "person:alice-martin"  # a known address
    assert by_ref["1"].territory == "territory:dep-27" and by_ref["2"].territory == "territory:dep-61"
    assert len(first.people) == 4  # the four unknown addresses became agents

    renamed = five_dossiers()[0]
    renamed["champs"][0]["stringValue"] = "Guichet unique des aidants, version 2"  # type: ignore[index]
    renamed["dateDerniereModification"] = "2026-04-01T10:00:00+02:00"
    fake.put(renamed)
    second = import_demarche(store, drafts, CLI, client, state, MAPPING)
    assert second.created == 0 and second.people == []
    assert total(drafts) == 5
    again = drafts.by_reference(Channel.DEMARCHES_SIMPLIFIEES, "1")
    assert again is not None and again.id == by_ref["1"].id
    assert again.title == "Guichet unique des aidants, version 2"
    assert state.mark(DEMARCHE) == datetime.fromisoformat("2026-04-01T10:00:00+02:00")


def test_a_failure_on_page_two_keeps_the_mark_and_the_next_run_imports_everything_once(
    fake: FakeDemarches,
    waits: list[float],
    state: PollState,
    store: EmbeddedStore,
    drafts: Drafts,
) -> None:
    newer = [
        dossier(
            n,
            title=f"Projet d'atelier citoyen n° {n}",
            description="Associer les habitants à la rénovation de la place du marché.",
            email=f"habitant.{n}@exemple.fr",
            demandeur=person("Camille", f"Habitant{n}"),
            deposited=f"2026-04-0{n - 5}T09:00:00+02:00",
            modified=f"2026-04-0{n - 5}T09:00:00+02:00",
        )
        for n in range(6, 10)
    ]
    with client_for(fake, waits, attempts=2) as client:
        import_demarche(store, drafts, CLI, client, state, MAPPING)
        mark = state.mark(DEMARCHE)
        fake.put(*newer)
        fake.fail("ok", "drop", "drop")  # page 1 answers, page 2 never does
        with pytest.raises(DemarchesUnavailable, match="2 tentative"):
            import_demarche(store, drafts, CLI, client, state, MAPPING)
        assert state.mark(DEMARCHE) == mark  # not advanced
        assert total(drafts) == 5  # page 1 was not recorded either

        done = import_demarche(store, drafts, CLI, client, state, MAPPING)
    assert sorted(int(d.external_ref or 0) for d in done.drafts) == [5, 6, 7, 8, 9]  # 5: on the mark
    assert done.created == 4 and total(drafts) == 9
    assert state.mark(DEMARCHE) == datetime.fromisoformat("2026-04-04T09:00:00+02:00")


def test_every_attempt_failing_leaves_the_mark_and_the_desk_as_they_were(
    fake: FakeDemarches,
    waits: list[float],
    state: PollState,
    store: EmbeddedStore,
    drafts: Drafts,
) -> None:
    fake.fail("500", "500", "500")
    with client_for(fake, waits, attempts=3) as client, pytest.raises(DemarchesUnavailable):
        import_demarche(store, drafts, CLI, client, state, MAPPING)
    assert state.mark(DEMARCHE) is None and total(drafts) == 0


def test_a_mapping_without_the_api_part_is_refused_before_any_request(
    fake: FakeDemarches,
    client: DemarchesClient,
    state: PollState,
    store: EmbeddedStore,
    drafts: Drafts,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_demarche(store, drafts, CLI, client, state, DossierMapping(lab=LAB))
    assert {p.field for p in caught.value.problems} == {"demarche", "descriptors"}
    assert fake.requests == []
