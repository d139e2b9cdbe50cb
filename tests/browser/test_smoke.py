"""The live server as Chromium sees it: the API's documentation, its health and the login page,
all from 127.0.0.1."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, shot


def test_docs_renders_swagger_ui_from_local_assets(page: Page) -> None:
    response = page.goto("/docs")
    assert response is not None and response.ok, response and response.status
    expect(page).to_have_title("Passerelle — API")
    # Swagger UI builds its page from /openapi.json: the title block and an operation for /health.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Passerelle")
    expect(page.locator(".swagger-ui .opblock-summary-path[data-path='/health']")).to_be_visible()
    shot(page, "docs")


def test_health_says_ready(page: Page) -> None:
    response = page.goto("/health")
    assert response is not None and response.ok, response and response.status
    assert response.headers["content-type"].startswith("application/json")
    health = json.loads(page.locator("body").inner_text())
    assert health["status"] == "ok"
    assert health["phase"] == "ready"
    assert health["store"] == "sqlite"


DSFR_SHEET_LOADED = """() => [...document.styleSheets].some(
    (sheet) => sheet.href && new URL(sheet.href).pathname.startsWith("/assets/dsfr/")
        && sheet.cssRules.length > 0)"""


def test_login_page_is_french_with_dsfr_and_takes_staff_to_the_desk(
    page: Page, live_server: LiveServer
) -> None:
    response = page.goto("/connexion")
    assert response is not None and response.status == 200, response and response.status
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.evaluate(DSFR_SHEET_LOADED), "no DSFR stylesheet from /assets/dsfr/ was applied"
    button = page.get_by_role("button", name="Se connecter")
    # DSFR's primary button is blue France (#000091) on the light scheme Chromium shows by default.
    assert button.evaluate("(b) => getComputedStyle(b).backgroundColor") == "rgb(0, 0, 145)"
    shot(page, "connexion")

    person, password = live_server.staff
    page.get_by_label("Identifiant").fill(person)
    page.get_by_label("Mot de passe").fill(password)
    button.click()
    expect(page).to_have_url(re.compile(r"/guichet(\?.*)?$"))
