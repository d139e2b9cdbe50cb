"""The web pages, through the real app on a real SQLite file with the hashing embedder: logins
and CSRF, what each role sees, stored HTML shown as text, labels on every field, nothing loaded
from elsewhere, the import, and the neighbourhood graph's data."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.embedded import EmbeddedStore
from graph.model import Edge, EdgeKind, Lab, Person, Record, Role
from service import drafts as drafts_use_case
from service import people
from service.accounts import AccessRole, Accounts
from service.drafts import Channel, Drafts
from service.settings import Settings
from tests.service.conftest import warm_app
from tests.world import tiny_world

ROOT = Path(__file__).resolve().parents[2]
ALICE = "person:alice-martin"
BRUNO = "person:bruno-lefevre"
STAFF = "person:camille-guichet"
OTHER_STAFF = "person:dominique-ailleurs"
ADMIN = "person:admin-reseau"
OTHER_LAB = "lab:ailleurs"
PASSWORD = "un mot de passe assez long"
BRUNO_EMAIL = "bruno@alencon.example"
TIERS_LIEU = "Nous voulons transformer la médiathèque en tiers-lieu ouvert aux associations du quartier."
SCRIPT = "<script>alert(1)</script>"


@dataclass
class Site:
    client: TestClient
    store: EmbeddedStore
    settings: Settings

    def log_in(self, person: str, password: str = PASSWORD) -> str:
        """Log in through the form as ``person``; returns the session's CSRF token."""
        self.client.cookies.clear()
        form = self.client.get("/connexion")
        done = self.client.post(
            "/connexion",
            data={"csrf_token": token_of(form.text), "identifiant": person, "mot_de_passe": password},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
        return token_of(self.client.get("/annuaire").text)

    def drafts(self) -> list[int]:
        opened = Drafts(self.settings.desk.path)
        try:
            return [d.id for d in opened.page(drafts_use_case.DraftFilter(), limit=1000).items]
        finally:
            opened.close()


def token_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no csrf_token field"
    return found.group(1)


def _world() -> list[Record]:
    bruno = next(r for r in tiny_world() if isinstance(r, Person) and r.id == BRUNO)
    return [
        *(r for r in tiny_world() if not (isinstance(r, Person) and r.id == BRUNO)),
        bruno.model_copy(update={"email": BRUNO_EMAIL, "contact_consent": False}),
        Lab(id=OTHER_LAB, name="Lab d'ailleurs"),
        Person(id=STAFF, name="Camille Guichet", roles=(Role.LAB_STAFF,)),
        Edge(kind=EdgeKind.WORKS_AT, source=STAFF, target="lab:innovmandie"),
    ]


@pytest.fixture
def site(tmp_path: Path, accounts: Accounts, api_settings: Settings) -> Iterator[Site]:
    """The tiny world; Alice's draft 1 and a draft 2 of another lab, and one login per role."""
    settings = api_settings.model_copy(
        update={"server": api_settings.server.model_copy(update={"assets": ROOT / "node_modules"})}
    )
    store = EmbeddedStore(tmp_path / "pages.db")
    store.ensure_schema()
    store.upsert(_world())
    for person, role, lab in (
        (ALICE, AccessRole.AGENT, None),
        (BRUNO, AccessRole.AGENT, None),
        (STAFF, AccessRole.LAB_STAFF, "lab:innovmandie"),
        (OTHER_STAFF, AccessRole.LAB_STAFF, OTHER_LAB),
        (ADMIN, AccessRole.ADMIN, None),
    ):
        accounts.set_password(person, role, PASSWORD, lab_id=lab)
    desk = Drafts(settings.desk.path)
    for title, text, lab in (
        ("Tiers-lieu", TIERS_LIEU, "lab:innovmandie"),
        ("Ailleurs", "Un projet d'un autre laboratoire.", OTHER_LAB),
    ):
        drafts_use_case.submit(
            store, desk, people.CLI, title=title, text=text, lab=lab, channel=Channel.API, submitter=ALICE
        )
    desk.close()
    with TestClient(warm_app(settings, store, accounts), raise_server_exceptions=False) as client:
        yield Site(client, store, settings)
    store.close()


def test_a_login_sets_the_session_cookie_and_the_desk_lists_the_draft(site: Site) -> None:
    form = site.client.get("/connexion")
    assert form.status_code == 200 and 'lang="fr"' in form.text
    wrong = site.client.post(
        "/connexion",
        data={"csrf_token": token_of(form.text), "identifiant": STAFF, "mot_de_passe": "pas le bon"},
        follow_redirects=False,
    )
    assert wrong.status_code == 401 and "Identifiant ou mot de passe incorrect" in wrong.text
    assert "passerelle_session" not in site.client.cookies
    form = site.client.get("/connexion")
    done = site.client.post(
        "/connexion",
        data={"csrf_token": token_of(form.text), "identifiant": STAFF, "mot_de_passe": PASSWORD},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/guichet"
    cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("passerelle_session="))
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower() and "path=/" in cookie.lower()
    desk = site.client.get("/guichet")
    assert desk.status_code == 200
    assert 'href="/brouillons/1"' in desk.text and "Tiers-lieu" in desk.text
    assert "Ailleurs" not in desk.text  # another lab's draft
    # An agent lands on their own page.
    site.log_in(ALICE)
    assert site.client.get("/", follow_redirects=False).headers["location"] == "/moi"


def test_a_page_without_a_session_redirects_to_the_login(site: Site) -> None:
    for path in ("/", "/guichet", "/brouillons/1", "/mises-en-relation", "/moi", "/annuaire", "/deposer"):
        response = site.client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/connexion"), path
    back = site.client.get("/brouillons/1", follow_redirects=False).headers["location"]
    assert back == "/connexion?suivant=%2Fbrouillons%2F1"
    assert site.client.get("/voisinage/donnees?personne=" + ALICE).status_code == 401
    # Logging in from there goes back where one was going, never to another site.
    form = site.client.get(back)
    done = site.client.post(
        "/connexion",
        data={
            "csrf_token": token_of(form.text),
            "identifiant": STAFF,
            "mot_de_passe": PASSWORD,
            "suivant": "/brouillons/1",
        },
        follow_redirects=False,
    )
    assert done.headers["location"] == "/brouillons/1"
    site.client.cookies.clear()
    form = site.client.get("/connexion")
    elsewhere = site.client.post(
        "/connexion",
        data={
            "csrf_token": token_of(form.text),
            "identifiant": STAFF,
            "mot_de_passe": PASSWORD,
            "suivant": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert elsewhere.headers["location"] == "/guichet"


def test_a_post_without_or_with_a_wrong_csrf_token_is_403_and_changes_nothing(site: Site) -> None:
    csrf = site.log_in(BRUNO)
    for data in (
        {"retrait": "1"},
        {"retrait": "1", "csrf_token": "faux"},
        {"retrait": "1", "csrf_token": "é"},
    ):
        refused = site.client.post("/moi/preferences", data=data, follow_redirects=False)
        assert refused.status_code == 403 and "Accès refusé" in refused.text
    bruno = site.store.get(BRUNO)
    assert isinstance(bruno, Person) and not bruno.suggestion_opt_out
    site.log_in(STAFF)
    refused = site.client.post(
        "/brouillons/1/decisions",
        data={"candidat": BRUNO, "verdict": "accepted", "csrf_token": csrf},  # Bruno's token
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert "Aucune décision pour l'instant" in site.client.get("/brouillons/1").text
    # The login form has its own token: without it, no login.
    site.client.cookies.clear()
    no_token = site.client.post(
        "/connexion", data={"identifiant": STAFF, "mot_de_passe": PASSWORD}, follow_redirects=False
    )
    assert no_token.status_code == 403 and "passerelle_session" not in site.client.cookies
    # Logging out needs the token too.
    csrf = site.log_in(STAFF)
    assert site.client.post("/deconnexion", follow_redirects=False).status_code == 403
    out = site.client.post("/deconnexion", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303
    assert site.client.get("/guichet", follow_redirects=False).status_code == 303


def test_stored_html_is_shown_as_text(site: Site) -> None:
    csrf = site.log_in(STAFF)
    filed = site.client.post(
        "/deposer",
        data={"csrf_token": csrf, "titre": f"{SCRIPT} tiers-lieu", "texte": f"{SCRIPT} {TIERS_LIEU}"},
        follow_redirects=False,
    )
    assert filed.status_code == 303
    page_path = filed.headers["location"].split("?")[0]
    for path in (page_path, "/guichet", f"/voisinage?brouillon={page_path.rsplit('/', 1)[1]}"):
        page = site.client.get(path)
        assert page.status_code == 200, path
        assert SCRIPT not in page.text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, path


def test_another_labs_draft_is_a_404_page(site: Site) -> None:
    site.log_in(STAFF)
    for path in (
        "/brouillons/2",
        "/brouillons/999",
        "/brouillons/99999999999999999999999",
        "/voisinage?brouillon=2",
    ):
        page = site.client.get(path)
        assert page.status_code == 404, path
        assert "Page introuvable" in page.text and "Ailleurs" not in page.text
    site.log_in(OTHER_STAFF)
    assert site.client.get("/brouillons/2").status_code == 200
    assert site.client.get("/brouillons/1").status_code == 404
    # The agent who submitted it sees her draft, without suggestions, and no staff page.
    site.log_in(ALICE)
    own = site.client.get("/brouillons/1")
    assert own.status_code == 200 and "Tiers-lieu" in own.text and "Accepter" not in own.text
    for path in ("/guichet", "/guichet/import", "/mises-en-relation"):
        refused = site.client.get(path)
        assert refused.status_code == 403 and "Accès refusé" in refused.text, path


def test_accepting_a_suggestion_makes_an_introduction_to_follow_up(site: Site) -> None:
    csrf = site.log_in(STAFF)
    draft = site.client.get("/brouillons/1")
    assert f'name="candidat" value="{BRUNO}"' in draft.text and "Bruno Lefèvre" in draft.text
    accepted = site.client.post(
        "/brouillons/1/decisions",
        data={"csrf_token": csrf, "candidat": BRUNO, "verdict": "accepted"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    assert "la mise en relation est créée" in site.client.get(accepted.headers["location"]).text
    follow = site.client.get("/mises-en-relation")
    assert follow.status_code == 200
    assert "Bruno Lefèvre" in follow.text and "Alice Martin" in follow.text and "Proposée" in follow.text
    moved = site.client.post(
        "/mises-en-relation/1", data={"csrf_token": csrf, "etat": "contacted"}, follow_redirects=False
    )
    assert moved.status_code == 303
    assert "Contact pris" in site.client.get("/mises-en-relation").text
    # A move the follow-up does not allow is a 409 page, not a 500.
    back = site.client.post("/mises-en-relation/1", data={"csrf_token": csrf, "etat": "proposed"})
    assert back.status_code == 409 and "Action impossible" in back.text
    # A month passes without news: a reminder.
    month_ago = (datetime.now(UTC) - timedelta(days=30)).isoformat(timespec="seconds")
    with closing(sqlite3.connect(site.settings.desk.path)) as db, db:
        db.execute("UPDATE introduction_events SET changed_at = ?", (month_ago,))
    assert "sans nouvelles depuis 30 jours" in site.client.get("/mises-en-relation").text
    taken = site.client.post(
        "/mises-en-relation/1", data={"csrf_token": csrf, "etat": "taken_in_hand"}, follow_redirects=False
    )
    assert taken.status_code == 303
    assert "sans nouvelles depuis" not in site.client.get("/mises-en-relation").text
    done = site.client.post(
        "/mises-en-relation/1",
        data={"csrf_token": csrf, "etat": "done", "travail_reel": "1"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "Aboutie" in site.client.get("/mises-en-relation").text
    assert any(
        n.node.id == BRUNO
        for n in site.store.neighbours("project:brouillon-1", edge_kind=EdgeKind.CONTRIBUTES_TO)
    )


def test_declining_with_a_reason_removes_the_candidate_from_the_page(site: Site) -> None:
    csrf = site.log_in(STAFF)
    without_reason = site.client.post(
        "/brouillons/1/decisions", data={"csrf_token": csrf, "candidat": BRUNO, "verdict": "declined"}
    )
    assert without_reason.status_code == 422 and "un refus donne un motif" in without_reason.text
    declined = site.client.post(
        "/brouillons/1/decisions",
        data={"csrf_token": csrf, "candidat": BRUNO, "verdict": "declined", "motif": "not_relevant"},
        follow_redirects=False,
    )
    assert declined.status_code == 303
    page = site.client.get("/brouillons/1").text
    assert f'name="candidat" value="{BRUNO}"' not in page
    assert "Refusée" in page and "Non pertinent" in page


def test_contact_details_on_a_directory_page_follow_consent(site: Site) -> None:
    site.log_in(ALICE)
    seen_by_agent = site.client.get(f"/annuaire/{BRUNO}")
    assert seen_by_agent.status_code == 200 and "Bruno Lefèvre" in seen_by_agent.text
    assert BRUNO_EMAIL not in seen_by_agent.text and "Non communiquées" in seen_by_agent.text
    site.log_in(STAFF)
    assert BRUNO_EMAIL in site.client.get(f"/annuaire/{BRUNO}").text
    found = site.client.get("/annuaire", params={"q": "bruno"})
    assert f'href="/annuaire/{BRUNO}"' in found.text and BRUNO_EMAIL not in found.text
    assert site.client.get("/annuaire/pas-un-identifiant").status_code == 404


def test_my_data_downloads_as_json(site: Site) -> None:
    site.log_in(ALICE)
    me = site.client.get("/moi")
    assert me.status_code == 200 and "Alice Martin" in me.text and 'href="/brouillons/1"' in me.text
    exported = site.client.get("/moi/export")
    assert exported.status_code == 200
    assert exported.headers["content-disposition"].startswith("attachment;")
    assert exported.headers["content-type"].startswith("application/json")
    data = json.loads(exported.text)
    assert data["person"]["id"] == ALICE
    assert [d["title"] for d in data["desk"]["drafts"]] == ["Tiers-lieu", "Ailleurs"]


def test_opting_out_on_my_page_takes_effect_at_once(site: Site) -> None:
    csrf = site.log_in(BRUNO)
    changed = site.client.post(
        "/moi/preferences", data={"csrf_token": csrf, "retrait": "1"}, follow_redirects=False
    )
    assert changed.status_code == 303
    bruno = site.store.get(BRUNO)
    assert isinstance(bruno, Person) and bruno.suggestion_opt_out and not bruno.contact_consent
    assert 'id="retrait" name="retrait" value="1" checked' in site.client.get("/moi").text
    site.log_in(STAFF)
    assert f'name="candidat" value="{BRUNO}"' not in site.client.get("/brouillons/1").text
    # Erasure is asked from the same page.
    csrf = site.log_in(BRUNO)
    asked = site.client.post("/moi/effacement", data={"csrf_token": csrf}, follow_redirects=False)
    assert (
        asked.status_code == 303
        and "effacement est enregistrée" in site.client.get(asked.headers["location"]).text
    )


class Fields(HTMLParser):
    """The form fields of a page and the ``for`` of its labels."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str | None]] = []
        self.labelled: set[str] = set()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "label" and found.get("for"):
            self.labelled.add(str(found["for"]))
        if tag in ("input", "select", "textarea") and found.get("type") not in ("hidden", "submit"):
            self.fields.append((f"{tag} {found.get('name')}", found.get("id")))
        for name in ("src", "href", "action"):
            if found.get(name):
                self.sources.append(str(found[name]))


PAGES = {
    STAFF: [
        "/guichet",
        "/guichet/import",
        "/brouillons/1",
        "/mises-en-relation",
        "/deposer",
        "/annuaire?q=a",
        f"/annuaire/{BRUNO}",
        "/moi",
        f"/voisinage?personne={ALICE}",
        "/voisinage?brouillon=1",
        "/brouillons/999",
    ],
    ALICE: ["/moi", "/deposer", "/brouillons/1", "/annuaire", f"/annuaire/{BRUNO}", "/voisinage?brouillon=1"],
}


def test_every_field_has_a_label_and_nothing_loads_from_elsewhere(site: Site) -> None:
    csrf = site.log_in(STAFF)
    site.client.post(
        "/brouillons/1/decisions",
        data={"csrf_token": csrf, "candidat": BRUNO, "verdict": "accepted"},
    )
    site.client.cookies.clear()
    pages = {"/connexion": site.client.get("/connexion").text}
    for person, paths in PAGES.items():
        site.log_in(person)
        pages |= {f"{path} ({person})": site.client.get(path).text for path in paths}
    sources: set[str] = set()
    for name, html in pages.items():
        assert '<html lang="fr"' in html, name
        parsed = Fields()
        parsed.feed(html)
        unlabelled = [field for field, id_ in parsed.fields if id_ is None or id_ not in parsed.labelled]
        assert not unlabelled, (name, unlabelled)
        outside = [s for s in parsed.sources if not s.startswith(("/", "#", "mailto:"))]
        assert not outside, (name, outside)
        assert not re.search(r"""(?:src|href|action)=["']?(?:https?:)?//""", html), name
        sources |= {s for s in parsed.sources if s.startswith(("/assets/", "/static/"))}
    assert {
        "/assets/dsfr/dsfr.min.css",
        "/assets/cytoscape/cytoscape.min.js",
        "/static/neighbourhood.js",
    } <= sources
    for source in sources:
        assert site.client.get(source).status_code == 200, source


def test_the_neighbourhood_data_has_typed_nodes_and_edges_and_no_contact_details(site: Site) -> None:
    site.log_in(STAFF)
    data = site.client.get("/voisinage/donnees", params={"brouillon": 1}).json()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["brouillon:1"]["center"] and nodes["brouillon:1"]["href"] == "/brouillons/1"
    assert nodes[ALICE]["type"] == "personne" and nodes["org:ddtm-eure"]["type"] == "organisation"
    assert nodes["lab:innovmandie"]["type"] == "laboratoire"
    assert nodes["project:opendata-eure"]["type"] == "projet"
    assert nodes[BRUNO]["candidate"]
    assert {n["type"] for n in data["nodes"]} <= {"personne", "organisation", "projet", "laboratoire"}
    edges = {(e["source"], e["target"]): e["label"] for e in data["edges"]}
    assert edges[(ALICE, "brouillon:1")] == "a déposé"
    assert edges[(ALICE, "org:ddtm-eure")] == "travaille à"
    assert edges[("brouillon:1", BRUNO)] == "suggestion"
    assert "@" not in json.dumps(data)
    # An agent: her own draft without its suggestions; a person's neighbourhood without contacts.
    site.log_in(ALICE)
    own = site.client.get("/voisinage/donnees", params={"brouillon": 1}).json()
    assert not any(n["candidate"] for n in own["nodes"])
    around = site.client.get("/voisinage/donnees", params={"personne": BRUNO})
    assert around.status_code == 200 and BRUNO_EMAIL not in around.text and "@" not in around.text
    assert site.client.get("/voisinage/donnees").status_code == 422
    page = site.client.get("/voisinage", params={"personne": BRUNO})
    assert page.status_code == 200 and 'id="graphe"' in page.text and "Ville d&#39;Alençon" in page.text
    site.log_in(BRUNO)  # not his draft
    assert site.client.get("/voisinage/donnees", params={"brouillon": 1}).status_code == 404


def test_an_agent_files_a_draft_for_themself(site: Site) -> None:
    csrf = site.log_in(ALICE)
    form = site.client.get("/deposer").text
    assert 'name="deposant"' not in form  # staff only
    filed = site.client.post(
        "/deposer",
        data={"csrf_token": csrf, "laboratoire": "lab:innovmandie"},
        files={"fichier": ("projet.txt", b"Covoiturage rural\nOrganiser le covoiturage des agents.")},
        follow_redirects=False,
    )
    assert filed.status_code == 303, filed.text
    page = site.client.get(filed.headers["location"])
    assert "Covoiturage rural" in page.text and "Le brouillon est enregistré" in page.text
    empty = site.client.post("/deposer", data={"csrf_token": csrf, "laboratoire": "lab:innovmandie"})
    assert empty.status_code == 422 and "est vide" in empty.text
    wrong = site.client.post(
        "/deposer",
        data={"csrf_token": csrf, "laboratoire": "lab:innovmandie"},
        files={"fichier": ("projet.pdf", b"%PDF-1.4")},
    )
    assert wrong.status_code == 422 and "seuls les fichiers .txt et .eml" in wrong.text


MAPPING = """lab = "lab:innovmandie"

[columns]
title = "Titre du projet"
description = "Décrivez votre projet"
submitter_email = "Email"
submitter_name = ["Prénom", "Nom"]
territory = "Département"
"""
EXPORT = """ID,Email,Prénom,Nom,État du dossier,Déposé le,Titre du projet,Décrivez votre projet,Département
101,alice.martin@normandie.example,Alice,Martin,En construction,2026-10-02,Données ouvertes,Publier.,Eure
102,nouvelle@mairie.example,Jeanne,Nouvelle,En instruction,2026-10-03,Un tiers-lieu,Une médiathèque.,Orne
"""


def test_an_export_is_imported_and_a_missing_column_imports_nothing(site: Site) -> None:
    pytest.importorskip("graph.dossier_exports")
    csrf = site.log_in(STAFF)
    before = site.drafts()
    no_mapping = site.client.post(
        "/guichet/import", data={"csrf_token": csrf}, files={"export": ("export.csv", EXPORT.encode())}
    )
    assert no_mapping.status_code == 422 and "aucune correspondance" in no_mapping.text
    missing = EXPORT.replace("Titre du projet", "Intitulé")
    refused = site.client.post(
        "/guichet/import",
        data={"csrf_token": csrf},
        files=[
            ("export", ("export.csv", missing.encode())),
            ("correspondance", ("demarche.toml", MAPPING.encode())),
        ],
    )
    assert refused.status_code == 422
    assert "export.csv" in refused.text and "Titre du projet" in refused.text and "titre" in refused.text
    assert site.drafts() == before
    done = site.client.post(
        "/guichet/import",
        data={"csrf_token": csrf},
        files=[
            ("export", ("export.csv", EXPORT.encode())),
            ("correspondance", ("demarche.toml", MAPPING.encode())),
        ],
    )
    assert done.status_code == 200, done.text
    assert "2 brouillons créés" in done.text and "1 personne créée" in done.text
    assert len(site.drafts()) == len(before) + 2
    desk = site.client.get("/guichet").text
    assert "Données ouvertes" in desk and "Un tiers-lieu" in desk
    again = site.client.post(
        "/guichet/import",
        data={"csrf_token": csrf},
        files=[
            ("export", ("export.csv", EXPORT.encode())),
            ("correspondance", ("demarche.toml", MAPPING.encode())),
        ],
    )
    assert "0 brouillon créé" in again.text and "2 brouillons mis à jour" in again.text


def test_bad_input_gets_a_french_page_never_a_500(site: Site) -> None:
    csrf = site.log_in(STAFF)
    for path, status in (
        ("/guichet?statut=nimporte", 422),
        ("/guichet?page=0", 422),
        ("/guichet?page=abc", 422),
        ("/brouillons/abc", 404),
        ("/nulle-part", 404),
        ("/voisinage?brouillon=1&personne=" + ALICE, 422),
        ("/voisinage?personne=person:personne", 404),
        ("/annuaire?q=" + "x" * 300, 422),
    ):
        page = site.client.get(path)
        assert page.status_code == status, path
        assert page.headers["content-type"].startswith("text/html"), path
    for data in (
        {"candidat": BRUNO, "verdict": "peut-etre"},
        {"candidat": "pas un id", "verdict": "accepted"},
        {"candidat": BRUNO, "verdict": "declined", "motif": "flemme"},
    ):
        page = site.client.post("/brouillons/1/decisions", data={"csrf_token": csrf, **data})
        assert page.status_code == 422, data
    assert (
        site.client.post("/brouillons/1/deposant", data={"csrf_token": csrf, "deposant": "x"}).status_code
        == 422
    )
    assert site.client.get("/deconnexion").status_code == 405
    # The API keeps its JSON answers.
    assert site.client.get("/v1/nulle-part").json() == {"detail": "Not Found"}


def test_uploads_may_be_larger_than_other_bodies(
    tmp_path: Path, accounts: Accounts, api_settings: Settings
) -> None:
    settings = api_settings.model_copy(
        update={
            "server": api_settings.server.model_copy(update={"max_body_bytes": 2048}),
            "intake": api_settings.intake.model_copy(update={"max_upload_bytes": 16384}),
        }
    )
    store = EmbeddedStore(tmp_path / "limits.db")
    store.ensure_schema()
    store.upsert(tiny_world())
    accounts.set_password(STAFF, AccessRole.LAB_STAFF, PASSWORD, lab_id="lab:innovmandie")
    with TestClient(warm_app(settings, store, accounts), raise_server_exceptions=False) as client:
        site = Site(client, store, settings)
        csrf = site.log_in(STAFF)
        text = "Un tiers-lieu pour les associations. " * 200  # about 7 kB: past the 2 kB of others
        filed = client.post(
            "/deposer",
            data={"csrf_token": csrf, "titre": "Long"},
            files={"fichier": ("long.txt", text.encode())},
            follow_redirects=False,
        )
        assert filed.status_code == 303, filed.text
        too_large = client.post(
            "/deposer", data={"csrf_token": csrf}, files={"fichier": ("long.txt", (text * 3).encode())}
        )
        assert too_large.status_code == 413 and "Envoi trop volumineux" in too_large.text
        api = client.post("/v1/suggestions", json={"text": text})
        assert api.status_code == 413 and "detail" in api.json()
    store.close()


def test_the_report_page_is_the_report_file_for_staff_only(site: Site) -> None:
    site.log_in(STAFF)
    page = site.client.get("/rapport?periode=2024-01")
    assert page.status_code == 200, page.text
    assert "Santé du réseau" in page.text and "janvier 2024" in page.text
    assert "<script" not in page.text and "script-src" not in page.headers["content-security-policy"]
    assert "Version interne" in page.text
    public = site.client.get("/rapport?periode=2024-01&public=1")
    assert public.status_code == 200
    assert "Version publique" in public.text and "Version interne" not in public.text
    assert site.client.get("/rapport?periode=2024-13").status_code == 422
    site.log_in(ALICE)
    assert site.client.get("/rapport").status_code == 403
