"""A lab's day in Chromium, on the seed network served with the real model: a staffer imports the
procedure's démarches-simplifiées export, opens a draft, accepts a suggested expert and finds the
introduction in the follow-ups; an agent never sees the address of a person who did not consent.
Each step leaves a screenshot in test-artefacts/browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, LiveServer, shot

EXPORT = ROOT / "seed_data" / "demarches" / "export.csv"
MAPPING = ROOT / "seed_data" / "demarches" / "mapping.toml"
NEW_SUBMITTER = "person:camille-fauvel"
"""Created by the export (camille.fauvel@mairie-bernay.example), without consent to show it."""
NEW_ADDRESS = "camille.fauvel@mairie-bernay.example"


def log_in(page: Page, who: tuple[str, str]) -> None:
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill(who[0])
    page.get_by_label("Mot de passe").fill(who[1])
    page.get_by_role("button", name="Se connecter").click()


def test_a_staffer_imports_an_export_accepts_a_suggestion_and_follows_it_up(
    page: Page, live_server: LiveServer
) -> None:
    log_in(page, live_server.staff)
    expect(page).to_have_url(re.compile(r"/guichet"))
    page.goto("/guichet/import")
    page.get_by_label(re.compile(r"^Export \(CSV ou XLSX\)")).set_input_files(EXPORT)
    page.get_by_label(re.compile(r"^Correspondance \(TOML\)")).set_input_files(MAPPING)
    shot(page, "import-formulaire")
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("heading", name="Import terminé")).to_be_visible()
    imported = page.get_by_role("table", name="Brouillons importés")
    expect(imported.get_by_role("row")).to_have_count(6)  # the header and five dossiers
    shot(page, "import-resultat")

    # The tiers-lieu of Bernay: its submitter is the new agent, created from the export.
    imported.get_by_role("link", name=re.compile("tiers-lieu", re.IGNORECASE)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("tiers-lieu")
    first = page.locator(".pas-candidat").first
    expert = first.locator("h4 a").inner_text().strip()
    assert expert, "the draft has no suggested expert"
    expect(first.locator(".pas-explication li").first).to_be_visible()  # each comes with why
    shot(page, "brouillon-suggestions")
    first.get_by_role("button", name=re.compile("^Accepter")).click()
    expect(page.locator(".pas-candidat").filter(has_text=expert).first).to_contain_text("Accept")
    shot(page, "brouillon-accepte")

    page.goto("/mises-en-relation")
    everything = page.locator("main")
    expect(everything).to_contain_text(expert)
    expect(everything).to_contain_text("Camille Fauvel")
    shot(page, "mises-en-relation")


def test_an_agent_never_sees_the_address_of_a_person_who_did_not_consent(
    page: Page, live_server: LiveServer
) -> None:
    # The same export again creates nobody twice: Camille Fauvel exists once, without consent.
    live_server.cli("intake", "export", str(EXPORT), "--mapping", str(MAPPING))
    log_in(page, live_server.agent)
    page.goto(f"/annuaire/{NEW_SUBMITTER}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Camille Fauvel")
    assert NEW_ADDRESS not in page.content()
    shot(page, "annuaire-vu-par-un-agent")
    # Staff see it, on the same page.
    page.context.clear_cookies()
    log_in(page, live_server.staff)
    page.goto(f"/annuaire/{NEW_SUBMITTER}")
    expect(page.locator("main")).to_contain_text(NEW_ADDRESS)
    shot(page, "annuaire-vu-par-le-guichet")


def test_the_neighbourhood_of_a_person_is_drawn_with_cytoscape(page: Page, live_server: LiveServer) -> None:
    log_in(page, live_server.staff)
    page.goto("/voisinage?personne=person:lea-bourgeois")
    # The script fetched the JSON and Cytoscape.js drew it on its canvases.
    expect(page.locator("#graphe-etat")).to_have_text(re.compile(r"^\d+ éléments et \d+ liens affichés\.$"))
    assert page.locator("#graphe canvas").count() > 0
    # The same content as a list, for keyboard and screen-reader users.
    expect(page.get_by_role("heading", name="Contenu du graphe")).to_be_visible()
    assert page.locator("main ul li a").count() > 1
    shot(page, "voisinage")
