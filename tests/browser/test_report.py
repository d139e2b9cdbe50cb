"""The monthly report as a reader opens it: written by ``passerelle report`` for the live server's
seed network, served from its folder on 127.0.0.1, and read in Chromium: every section, every
chart drawn, no script."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, shot

# The last month of the seed network's dated year (seed_data/tools/recent_year.py): the lab's introductions.
PERIOD = "2026-10"
SECTIONS = (
    "L'essentiel",
    "Indice E-I par administration",
    "Liens entre secteurs",
    "Évolution sur douze mois",
    "Les passeurs",
    "Les silos",
    "L'effet des mises en relation du laboratoire",
    "Méthode",
)


@pytest.fixture
def report_url(live_server: LiveServer, tmp_path: Path) -> Iterator[str]:
    """The report's folder served on 127.0.0.1 (the page may load nothing from elsewhere, and
    a ``file://`` URL is not 127.0.0.1)."""
    live_server.cli("report", "--period", PERIOD, "--out", str(tmp_path), "--audience", "staff")
    assert (tmp_path / "report.html").is_file()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/report.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_report_shows_every_section_and_its_charts(page: Page, report_url: str) -> None:
    response = page.goto(report_url)
    assert response is not None and response.ok, response and response.status
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("octobre 2026")
    for title in SECTIONS:
        expect(page.get_by_role("heading", level=2, name=title, exact=True)).to_be_visible()
    charts = page.locator("svg.graphique")
    expect(charts).to_have_count(3)
    for i in range(3):
        chart = charts.nth(i)
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100, box
        # Drawn, not an empty frame: the chart holds shapes and French text.
        assert chart.locator("path").count() > 5
        assert chart.locator("text").count() > 3
    expect(page.get_by_text("des nouveaux liens entre organisations", exact=False).first).to_be_visible()
    assert page.evaluate("() => document.scripts.length") == 0
    shot(page, "rapport")
