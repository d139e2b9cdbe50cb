"""The report's files from its figures: a fictional report dict (a label with ``<script>``,
suppressed « < 5 » figures, nulls, an empty month), a hand-made network for the GEXF, and what
each file must hold, for the staff and for the public."""

from __future__ import annotations

import copy
import csv
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from service import report_files
from service.report_files import PDF_MISSING, render_html, write_report

SCRIPT_LABEL = "DDTS <script>alert(1)</script>"
DOLLAR_LABEL = "Fonds 5 $ à 10 $ du Calvados"
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
CSV_FILES = (
    "ei_administrations.csv",
    "ei_secteurs.csv",
    "matrice_secteurs.csv",
    "matrice_administrations.csv",
    "passeurs.csv",
    "silos.csv",
    "tendance.csv",
    "changements.csv",
)
STAFF_NAMES = ("Aline Fictive", "Basile Imaginaire", "Chloé Inventée")


def trend_month(
    period: str, people: int, ties: int, ei: float | None, cross: int, intro: int
) -> dict[str, object]:
    return {
        "period": period,
        "people": people,
        "ties": ties,
        "ei_administration": ei,
        "cross_ties": cross,
        "lab_introductions": intro,
    }


def fake_report(audience: str = "staff") -> dict[str, object]:
    """A staff report of October 2026 on a fictional network; ``"public"`` strips the names."""
    staff = audience == "staff"
    months = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]
    trend = [trend_month(p, 40 + i, 60 + 3 * i, -0.5 + 0.03 * i, 10 + i, i % 3) for i, p in enumerate(months)]
    trend[4] = trend_month(months[4], 0, 0, None, 0, 0)  # a month without data
    return {
        "period": "2026-10",
        "previous_period": "2026-09",
        "audience": audience,
        "generated_at": "2026-11-02T09:30:00+01:00",
        "min_group": 5,
        "empty": False,
        "notices": ["Les mises en relation d'avant mars 2026 ne sont pas datées."],
        "network": {
            "people": 52,
            "ties": 93,
            "ei_organisation": 0.12,
            "ei_administration": -0.38,
            "ei_sector": -0.55,
            "ei_territory": None,
            "modularity": 0.41,
            "nmi": 0.62,
            "communities": 6,
        },
        "ei_by_administration": [
            {
                "group": "org:ddts",
                "label": SCRIPT_LABEL,
                "people": 12,
                "external": 4,
                "internal": 30,
                "ei": -0.76,
            },
            {
                "group": "org:prefecture",
                "label": "Préfecture de l'Orne",
                "people": 9,
                "external": 10,
                "internal": 14,
                "ei": -0.17,
            },
            {
                "group": "org:fonds",
                "label": DOLLAR_LABEL,
                "people": 6,
                "external": 9,
                "internal": 3,
                "ei": 0.5,
            },
            {
                "group": "org:cnam",
                "label": "Antenne du CNAM",
                "people": 5,
                "external": 0,
                "internal": 0,
                "ei": None,
            },
            {
                "group": "org:petite",
                "label": "Mission très discrète",
                "people": "< 5",
                "external": "< 5",
                "internal": "< 5",
                "ei": "< 5",
            },
        ],
        "ei_by_sector": [
            {"group": "État", "label": "État", "people": 30, "external": 20, "internal": 50, "ei": -0.43},
            {
                "group": "collectivité",
                "label": "collectivité",
                "people": 15,
                "external": 18,
                "internal": 10,
                "ei": 0.29,
            },
            {
                "group": "recherche",
                "label": "recherche",
                "people": "< 5",
                "external": "< 5",
                "internal": "< 5",
                "ei": "< 5",
            },
        ],
        "matrix_sector": {
            "labels": ["État", "collectivité", "recherche"],
            "counts": [[50, 17, "< 5"], [17, 10, "< 5"], ["< 5", "< 5", "< 5"]],
        },
        "matrix_administration": {
            "labels": [SCRIPT_LABEL, "Préfecture de l'Orne"],
            "counts": [[30, 4], [4, 14]],
        },
        "brokers": [
            {
                "person": "person:aline-fictive" if staff else None,
                "name": STAFF_NAMES[0] if staff else None,
                "organisation": "Préfecture de l'Orne",
                "betweenness": 0.214,
                "constraint": 0.18,
                "effective_size": 7.5,
                "roles": {"coordinator": 2, "gatekeeper_representative": 5, "consultant": 0, "liaison": 3},
            },
            {
                "person": "person:basile-imaginaire" if staff else None,
                "name": STAFF_NAMES[1] if staff else None,
                "organisation": "< 5",
                "betweenness": 0.102,
                "constraint": None,
                "effective_size": None,
                "roles": {"coordinator": 0, "gatekeeper_representative": 0, "consultant": 0, "liaison": 0},
            },
        ],
        "betweenness_sample": 400,
        "silos": [
            {
                "group": "org:ddts",
                "label": SCRIPT_LABEL,
                "members": 11,
                "share": 0.91,
                "external_share": 0.08,
            },
            {
                "group": "org:petite",
                "label": "Mission très discrète",
                "members": "< 5",
                "share": 1.0,
                "external_share": 0.0,
            },
        ],
        "isolation": {"isolates": 3, "without_outside_ties": 14, "median_reach_2": 6.0},
        "impact": {
            "introductions": 8,
            "accepted": None,
            "real_work": 2,
            "cross_ties_before": 19,
            "cross_ties_after": 24,
            "cross_ties_change": 5,
            "from_lab_introductions": 3,
            "share_from_lab": 0.6,
        },
        "trend": trend,
        "changes": [
            {"metric": "ties", "label": "Liens", "previous": 88, "current": 93, "delta": 5},
            {
                "metric": "ei_administration",
                "label": "Indice E-I (administrations)",
                "previous": -0.41,
                "current": -0.38,
                "delta": 0.03,
            },
            {
                "metric": "isolates",
                "label": "Personnes isolées",
                "previous": None,
                "current": 3,
                "delta": None,
            },
        ],
        "node_attributes": (
            {
                "person:aline-fictive": {
                    "community": 0,
                    "organisation": "Préfecture de l'Orne",
                    "administration": "Préfecture de l'Orne",
                    "betweenness": 0.214,
                    "ei": 0.5,
                },
                "person:basile-imaginaire": {
                    "community": 1,
                    "organisation": None,
                    "administration": None,
                    "betweenness": 0,
                    "ei": None,
                },
                "person:chloe-inventee": {
                    "community": 1,
                    "organisation": "DDTS",
                    "administration": SCRIPT_LABEL,
                    "betweenness": 0.0,
                    "ei": -1.0,
                },
            }
            if staff
            else {}
        ),
    }


def empty_report() -> dict[str, object]:
    report = fake_report()
    report.update(
        empty=True,
        notices=[],
        network={key: None for key in fake_report()["network"]} | {"people": 0, "ties": 0, "communities": 0},  # type: ignore[operator]
        ei_by_administration=[],
        ei_by_sector=[],
        matrix_sector={"labels": [], "counts": []},
        matrix_administration={"labels": [], "counts": []},
        brokers=[],
        silos=[],
        trend=[],
        changes=[],
        node_attributes={},
    )
    return report


def snapshot() -> nx.MultiDiGraph:
    """Aline and Chloé on one project, Basile introduced to Aline by the lab, as a store's snapshot."""
    g = nx.MultiDiGraph()
    people = {"person:aline-fictive": 0, "person:basile-imaginaire": 1, "person:chloe-inventee": 2}
    for (person, i), name in zip(people.items(), STAFF_NAMES, strict=True):
        g.add_node(person, node_kind="Person", name=name)
        g.add_edge(person, "org:prefecture" if i != 2 else "org:ddts", key="WORKS_AT", since="2020-01-01")
    g.add_node(
        "org:prefecture", node_kind="Organisation", kind="state_deconcentrated", name="Préfecture de l'Orne"
    )
    g.add_node("org:ddts", node_kind="Organisation", kind="state_deconcentrated", name="DDTS")
    g.add_node("project:p", node_kind="Project", start_date="2026-03-01")
    g.add_edge("person:aline-fictive", "project:p", key="CONTRIBUTES_TO", since="2026-03-01")
    g.add_edge("person:chloe-inventee", "project:p", key="CONTRIBUTES_TO", since="2026-04-01")
    g.add_edge(
        "person:basile-imaginaire",
        "person:aline-fictive",
        key="INTRODUCED",
        since="2026-10-05",
        provenance="lab:x",
    )
    # After the period: not a tie of October's network.
    g.add_edge(
        "person:basile-imaginaire",
        "person:chloe-inventee",
        key="INTRODUCED",
        since="2026-12-01",
        provenance="lab:x",
    )
    return g


class Page(HTMLParser):
    """The headings, attributes and text of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in_h2 = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h2:
            self.h2[-1] += data

    @property
    def words(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no byte-order mark"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture
def no_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import weasyprint`` fails, even where it is installed."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)


@pytest.fixture
def staff_files(tmp_path: Path, no_weasyprint: None) -> tuple[Path, report_files.ReportFiles]:
    out = tmp_path / "rapport" / "2026-10"
    return out, write_report(fake_report(), out, network=snapshot())


def test_every_file_is_written_and_no_pdf_without_weasyprint(
    staff_files: tuple[Path, report_files.ReportFiles],
) -> None:
    out, written = staff_files
    expected = {"report.html", "report.json", "network.gexf", *CSV_FILES}
    assert {p.name for p in written.paths} == expected
    assert {p.name for p in out.iterdir()} == expected
    assert all(p.parent == out and p.stat().st_size > 0 for p in written.paths)
    assert written.notices == [PDF_MISSING]
    assert "pip install weasyprint" in PDF_MISSING and PDF_MISSING.startswith("PDF non produit")


def test_a_pdf_is_written_when_weasyprint_is_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []

    class FakeHTML:
        def __init__(self, *, string: str) -> None:
            self.string = string

        def write_pdf(self, target: str) -> None:
            made.append(self.string)
            Path(target).write_bytes(b"%PDF-1.7 fictif")

    fake = type(sys)("weasyprint")
    fake.HTML = FakeHTML  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "weasyprint", fake)
    written = write_report(fake_report(), tmp_path)
    assert tmp_path / "report.pdf" in written.paths
    assert PDF_MISSING not in written.notices
    assert made == [(tmp_path / "report.html").read_text(encoding="utf-8")]
    assert not (tmp_path / "network.gexf").exists()  # no network given


def test_report_json_round_trips_with_accents_as_they_are(
    staff_files: tuple[Path, report_files.ReportFiles],
) -> None:
    out, _ = staff_files
    text = (out / "report.json").read_text(encoding="utf-8")
    assert json.loads(text) == fake_report()
    assert "Préfecture de l'Orne" in text and "\\u00e9" not in text
    assert text.startswith('{\n  "period": "2026-10"')


def test_the_page_has_every_section_and_inline_charts(
    staff_files: tuple[Path, report_files.ReportFiles],
) -> None:
    out, _ = staff_files
    html = (out / "report.html").read_text(encoding="utf-8")
    page = Page(html)
    assert page.h2 == list(SECTIONS)
    assert html.count("<svg") == 3  # E-I bars, sector heatmap, twelve months
    assert '<html lang="fr">' in html
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html


def test_the_page_loads_nothing_from_elsewhere_and_runs_no_script(
    staff_files: tuple[Path, report_files.ReportFiles],
) -> None:
    out, _ = staff_files
    html = (out / "report.html").read_text(encoding="utf-8")
    page = Page(html)
    linked = [(t, n, v) for t, n, v in page.attributes if n in ("src", "href", "xlink:href", "action")]
    assert not [a for a in linked if re.match(r"\s*(https?:)?//", a[2])], linked
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "<script" not in html.lower()
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert not [a for a in page.attributes if a[1].startswith("on")]  # no inline handlers either


def test_labels_are_escaped_in_the_text_and_in_the_charts(
    staff_files: tuple[Path, report_files.ReportFiles],
) -> None:
    out, _ = staff_files
    html = (out / "report.html").read_text(encoding="utf-8")
    outside_charts = re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)
    assert "<td>DDTS &lt;script&gt;alert(1)&lt;/script&gt;</td>" in outside_charts  # the table
    assert "<strong>DDTS &lt;script&gt;alert(1)&lt;/script&gt;</strong>" in outside_charts  # the silo
    # The label is drawn too (matplotlib escapes it), and its « $ » are not read as mathematics.
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL)
    assert any("&lt;script&gt;" in svg for svg in svgs)
    assert any("Fonds 5 $ à 10 $" in svg for svg in svgs)


def test_the_page_writes_numbers_the_french_way(staff_files: tuple[Path, report_files.ReportFiles]) -> None:
    out, _ = staff_files
    words = Page((out / "report.html").read_text(encoding="utf-8")).words
    assert "\u22120,38" in words  # E-I by administration
    assert "+0,03" in words  # its change
    assert (
        "60 % des nouveaux liens entre organisations viennent des mises en relation du laboratoire" in words
    )
    assert "octobre 2026" in words and "septembre 2026" in words
    assert "0.38" not in words


def test_suppressed_figures_show_as_such_and_nulls_as_not_applicable(
    staff_files: tuple[Path, report_files.ReportFiles],
) -> None:
    out, _ = staff_files
    html = (out / "report.html").read_text(encoding="utf-8")
    words = Page(html).words
    assert "&lt; 5" in html and "< 5" in words
    assert "sans objet" in words  # impact.accepted, ei of the CNAM, ei_territory
    assert (
        "Non dessinées : Antenne du CNAM (sans objet), Mission très discrète (moins de 5 personnes)." in words
    )
    svgs = " ".join(re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL))
    assert "Mission très discrète" not in svgs  # a suppressed group is not drawn in the bars
    assert "&lt; 5" in svgs  # but the heatmap writes « < 5 » in its greyed cells


def test_staff_page_names_the_brokers_and_public_page_does_not(tmp_path: Path) -> None:
    staff = Page(render_html(fake_report("staff"))).words
    assert (
        STAFF_NAMES[0] in staff
        and "coordinateur (2), gardien ou représentant (5), agent de liaison (3)" in staff
    )
    leaky = fake_report("public")
    leaky["brokers"] = fake_report("staff")["brokers"]  # a public report that still held names
    public = Page(render_html(leaky)).words
    assert "Préfecture de l'Orne" in public
    assert not [name for name in STAFF_NAMES if name in public]
    assert "Version publique" in public


def test_a_change_that_rounds_to_zero_is_neither_a_rise_nor_a_fall() -> None:
    report = fake_report()
    report["changes"] = [
        {
            "metric": "ei_administration",
            "label": "Indice E-I",
            "previous": 0.301,
            "current": 0.3,
            "delta": -0.001,
        }
    ]
    html = render_html(report)
    changed = html[
        html.index("<h3>Ce qui a changé</h3>") : html.index("</table>", html.index("Ce qui a changé"))
    ]
    assert '<td class="n">0,00</td>' in changed
    assert 'class="baisse"' not in changed and 'class="hausse"' not in changed


def test_no_silo_is_said_in_words() -> None:
    report = fake_report()
    report["silos"] = []
    assert "Aucun silo net" in Page(render_html(report)).words
    assert "Aucun silo net" not in Page(render_html(fake_report())).words


def test_an_unknown_share_from_the_lab_is_said_not_invented() -> None:
    report = fake_report()
    report["impact"] = {**report["impact"], "share_from_lab": None}  # type: ignore[dict-item]
    words = Page(render_html(report)).words
    assert "des nouveaux liens entre organisations viennent" not in words
    assert "Aucun nouveau lien entre organisations ce mois-ci" in words


def test_an_empty_period_says_there_is_no_data(tmp_path: Path, no_weasyprint: None) -> None:
    written = write_report(empty_report(), tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    page = Page(html)
    assert page.h2 == ["L'essentiel", "Méthode"]
    assert "Aucune donnée pour la période octobre 2026" in page.words
    assert "<svg" not in html
    assert {p.name for p in written.paths} >= set(CSV_FILES)
    assert read_csv(tmp_path / "tendance.csv")[1:] == []


def test_the_method_gives_the_sample_and_the_threshold() -> None:
    words = Page(render_html(fake_report())).words
    assert "(E − I) / (E + I)" in words
    assert "échantillon de 400 personnes" in words
    assert "La version publique masque les groupes de moins de 5 personnes" in words
    assert "moins de 5 personnes sont masqués" in Page(render_html(fake_report("public"))).words
    report = fake_report()
    report["betweenness_sample"] = None
    assert "Calculée exactement" in Page(render_html(report)).words


def test_rendering_twice_gives_the_same_page() -> None:
    assert render_html(fake_report()) == render_html(copy.deepcopy(fake_report()))


def test_csv_tables_have_their_headers_and_rows(staff_files: tuple[Path, report_files.ReportFiles]) -> None:
    out, _ = staff_files
    tables = {name: read_csv(out / name) for name in CSV_FILES}
    administrations = tables["ei_administrations.csv"]
    assert administrations[0] == [
        "groupe",
        "libellé",
        "personnes",
        "liens externes",
        "liens internes",
        "indice E-I",
    ]
    assert administrations[1] == ["org:ddts", SCRIPT_LABEL, "12", "4", "30", "-0.76"]
    assert administrations[4] == ["org:cnam", "Antenne du CNAM", "5", "0", "0", ""]
    assert administrations[5] == ["org:petite", "Mission très discrète", "< 5", "< 5", "< 5", "< 5"]
    assert len(tables["ei_secteurs.csv"]) == 1 + 3
    assert tables["matrice_secteurs.csv"] == [
        ["secteur", "État", "collectivité", "recherche"],
        ["État", "50", "17", "< 5"],
        ["collectivité", "17", "10", "< 5"],
        ["recherche", "< 5", "< 5", "< 5"],
    ]
    assert tables["matrice_administrations.csv"][0] == [
        "administration",
        SCRIPT_LABEL,
        "Préfecture de l'Orne",
    ]
    brokers = tables["passeurs.csv"]
    assert brokers[0][:7] == [
        "rang",
        "personne",
        "nom",
        "organisation",
        "intermédiarité",
        "contrainte",
        "taille effective",
    ]
    assert brokers[1] == [
        "1",
        "person:aline-fictive",
        STAFF_NAMES[0],
        "Préfecture de l'Orne",
        "0.214",
        "0.18",
        "7.5",
        "2",
        "5",
        "0",
        "3",
    ]
    assert brokers[2][3:7] == ["< 5", "0.102", "", ""]
    assert tables["silos.csv"][1] == ["org:ddts", SCRIPT_LABEL, "11", "0.91", "0.08"]
    trend = tables["tendance.csv"]
    assert trend[0][0] == "période" and len(trend) == 1 + 12
    assert trend[5] == ["2026-03", "0", "0", "", "0", "0"]  # the month without data
    assert tables["changements.csv"][0] == ["indicateur", "libellé", "mois précédent", "ce mois", "écart"]
    assert tables["changements.csv"][3] == ["isolates", "Personnes isolées", "", "3", ""]


def test_public_csv_has_no_names_even_if_the_report_had_them(tmp_path: Path, no_weasyprint: None) -> None:
    leaky = fake_report("public")
    leaky["brokers"] = fake_report("staff")["brokers"]
    write_report(leaky, tmp_path)
    text = (tmp_path / "passeurs.csv").read_text(encoding="utf-8-sig")
    assert "person:" not in text and not [name for name in STAFF_NAMES if name in text]
    assert "Préfecture de l'Orne" in text


def test_staff_gexf_carries_the_people_and_their_attributes(
    staff_files: tuple[Path, report_files.ReportFiles],
) -> None:
    out, _ = staff_files
    graph = nx.read_gexf(out / "network.gexf")
    assert set(graph) == {"person:aline-fictive", "person:basile-imaginaire", "person:chloe-inventee"}
    aline = graph.nodes["person:aline-fictive"]
    assert aline["label"] == STAFF_NAMES[0]
    assert aline["community"] == 0
    assert aline["betweenness"] == pytest.approx(0.214)
    assert aline["administration"] == "Préfecture de l'Orne"
    assert graph.nodes["person:chloe-inventee"]["administration"] == SCRIPT_LABEL
    assert "organisation" not in graph.nodes["person:basile-imaginaire"]  # null is left out
    # October's ties: the project and the lab's introduction, not December's introduction.
    assert {frozenset(e) for e in graph.edges} == {
        frozenset({"person:aline-fictive", "person:chloe-inventee"}),
        frozenset({"person:aline-fictive", "person:basile-imaginaire"}),
    }
    assert graph.edges["person:aline-fictive", "person:basile-imaginaire"]["kinds"] == "introduction"


def test_public_gexf_has_no_ids_or_names(tmp_path: Path, no_weasyprint: None) -> None:
    report = fake_report("public")
    report["min_group"] = 2  # two people at the Préfecture: shown; one at the DDTS: withheld
    written = write_report(report, tmp_path, network=snapshot())
    text = (tmp_path / "network.gexf").read_text(encoding="utf-8")
    assert "person:" not in text
    assert not [
        name for name in (*STAFF_NAMES, "aline", "basile", "chloe") if name in text.lower() or name in text
    ]
    graph = nx.read_gexf(tmp_path / "network.gexf")
    assert sorted(graph) == ["1", "2", "3"]
    for _, data in graph.nodes(data=True):
        assert set(data) - {"label"} <= {"community", "administration"}
        assert isinstance(data["community"], int)
    assert sorted(a for _, a in graph.nodes(data="administration")) == [
        "< 2",
        "Préfecture de l'Orne",
        "Préfecture de l'Orne",
    ]
    assert graph.number_of_edges() == 2
    assert any("version publique" in notice for notice in written.notices)


def test_public_gexf_keeps_only_community_and_administration_of_given_attributes(
    tmp_path: Path, no_weasyprint: None
) -> None:
    report = fake_report("public")
    report["node_attributes"] = fake_report("staff")["node_attributes"]
    write_report(report, tmp_path, network=snapshot())
    graph = nx.read_gexf(tmp_path / "network.gexf")
    assert {key for _, data in graph.nodes(data=True) for key in data} == {
        "label",
        "community",
        "administration",
    }
    assert "person:" not in (tmp_path / "network.gexf").read_text(encoding="utf-8")


def test_french_numbers() -> None:
    assert report_files.french_number(0.38) == "0,38"
    assert report_files.french_number(-0.001) == "0,00"
    assert report_files.french_number(12345) == "12\u202f345"
    assert report_files.french_number("< 5") == "< 5"
    assert report_files.french_number(None) == "sans objet"
    assert report_files.signed_number(0.03) == "+0,03"
    assert report_files.signed_number(0) == "0"
    assert report_files.percent(0.6) == "60 %"
    assert report_files.month("2026-02") == "février 2026"


def test_a_masked_silo_is_named_without_its_figures() -> None:
    report = fake_report("public")
    report["silos"] = [
        {
            "group": "org:petite",
            "label": "Mission très discrète",
            "members": "< 5",
            "share": "< 5",
            "external_share": "< 5",
        }
    ]
    words = Page(render_html(report)).words
    assert (
        "Mission très discrète : une communauté de moins de 5 personnes, presque fermée (chiffres masqués)."
        in words
    )
    assert "< 5 %" not in words


def test_the_seed_networks_report(tmp_path: Path, no_weasyprint: None) -> None:
    """The real report of October 2026 (the seed's last dated month), staff and public, in every file."""
    from graph.bundle import read_bundle
    from graph.embedded import EmbeddedStore
    from service.reports import health_report
    from service.wiring import seed_folder

    store = EmbeddedStore(tmp_path / "seed.db")
    store.ensure_schema()
    store.upsert(read_bundle(seed_folder()))
    network = store.snapshot()
    store.close()
    names = [str(name) for _, name in network.nodes(data="name") if name]
    for audience in ("staff", "public"):
        report = health_report(network, period="2026-10", audience=audience).to_json()
        out = tmp_path / audience
        written = write_report(report, out, network=network)
        assert {p.name for p in written.paths} == {"report.html", "report.json", "network.gexf", *CSV_FILES}
        html = (out / "report.html").read_text(encoding="utf-8")
        page = Page(html)
        assert page.h2 == list(SECTIONS)
        assert html.count("<svg") == 3
        assert json.loads((out / "report.json").read_text(encoding="utf-8")) == json.loads(json.dumps(report))
        assert len(read_csv(out / "tendance.csv")) == 1 + len(report["trend"])  # type: ignore[arg-type]
        graph = nx.read_gexf(out / "network.gexf")
        assert graph.number_of_nodes() == sum(
            1 for _, kind in network.nodes(data="node_kind") if kind == "Person"
        )
        assert all("community" in data for _, data in graph.nodes(data=True))
        gexf = (out / "network.gexf").read_text(encoding="utf-8")
        if audience == "staff":
            assert "person:maxime-lebas" in graph
        else:
            assert "person:" not in gexf
            person_names = [n for n, k in network.nodes(data="node_kind") if k == "Person"]
            assert not [p for p in person_names if str(network.nodes[p].get("name")) in gexf]
            assert not [p for p in person_names if str(network.nodes[p].get("name")) in page.words]
    assert names


def test_a_long_list_draws_the_most_inward_and_folds_the_table() -> None:
    report = fake_report()
    report["ei_by_administration"] = [
        {
            "group": f"org:{i}",
            "label": f"Administration numéro {i:02d}",
            "people": 6,
            "external": i,
            "internal": 30 - i,
            "ei": round((2 * i - 30) / 30, 4),
        }
        for i in range(30)
    ]
    html = render_html(report)
    chart = re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL)[0]
    drawn = sorted(set(re.findall(r"Administration numéro (\d\d)", chart)))
    assert drawn == [f"{i:02d}" for i in range(15)]  # the fifteen lowest E-I
    words = Page(html).words
    assert "Seules les 15 administrations les plus repliées sont dessinées ; les 15 autres" in words
    assert "Le tableau complet (30 administrations)" in words
    assert "Administration numéro 29" in words  # in the folded table
