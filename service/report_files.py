"""The monthly network-health report's files, written from its figures (``report.json``).

``service.reports`` computes the figures as a plain dict; this module only lays them out: a
self-contained French HTML page (inline CSS and SVG charts, no script, nothing loaded from
elsewhere) a lab director reads in five minutes, the same figures as CSV tables for an analyst's
spreadsheet, the people's network as GEXF for Gephi, and a PDF when WeasyPrint is installed.

Two kinds of value are not numbers: a suppressed figure (a group under ``min_group`` people) is
the string « < 5 » and is shown as such, never drawn; ``None`` is « sans objet ».
"""

from __future__ import annotations

import calendar
import csv
import html
import importlib
import io
import json
import logging
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import jinja2
import matplotlib
import networkx as nx
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from graph.analytics import communities, person_groups, person_ties

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"

NOT_APPLICABLE = "sans objet"
PDF_MISSING = "PDF non produit : installez WeasyPrint (pip install weasyprint)"
PUBLIC_NETWORK = (
    "network.gexf (version publique) : ni noms ni identifiants ; chaque personne est un numéro "
    "tiré au hasard, avec sa communauté et son administration (masquée sous {min_group} personnes)."
)

MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
SHORT_MONTHS = "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split()

ROLE_LABELS: Mapping[str, str] = {
    "coordinator": "coordinateur",
    "gatekeeper_representative": "gardien ou représentant",
    "consultant": "consultant",
    "liaison": "agent de liaison",
}
"""Gould and Fernandez's brokerage roles, as the report names them."""

MAX_BARS = 15
"""The E-I chart draws the most inward groups only: a five-minute read, not a census (the table
and ``ei_administrations.csv`` have them all)."""

NODE_ATTRIBUTES = ("community", "organisation", "administration", "betweenness", "ei")
"""What the staff's GEXF tells of each person (from the report's ``node_attributes``)."""
PUBLIC_NODE_ATTRIBUTES = ("community", "administration")
"""What the public's GEXF tells of each person."""

# Colours that stay distinct for the colour-blind (Okabe-Ito).
BLUE = "#0072B2"
ORANGE = "#D55E00"
GREEN = "#009E73"
GREY = "#9e9e9e"


@dataclass(frozen=True)
class ReportFiles:
    """What :func:`write_report` wrote, and why anything expected is missing."""

    paths: list[Path]
    """The files written, in the order written."""
    notices: list[str]
    """French sentences for the person who asked for the report (« PDF non produit : … »)."""


# --- Numbers as French writes them ---------------------------------------------------------


def is_suppressed(value: object) -> bool:
    """A figure withheld for privacy: « < 5 »."""
    return isinstance(value, str) and value.lstrip().startswith("<")


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def french_number(value: object, digits: int = 2) -> str:
    """« 0,38 », « 1 234 », « −0,05 »; « < 5 » as it is; ``None`` is « sans objet ».

    >>> french_number(0.3812), french_number(1234), french_number(-0.05), french_number(None)
    ('0,38', '1\\u202f234', '\\u22120,05', 'sans objet')
    >>> french_number("< 5"), french_number(0.5, 0)
    ('< 5', '0')
    """
    if value is None:
        return NOT_APPLICABLE
    if isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    elif isinstance(value, float):
        text = f"{value:,.{digits}f}"
        if float(text.replace(",", "")) == 0:
            text = text.lstrip("-")  # « 0,00 », not « −0,00 »
    else:
        return str(value)
    return text.replace(",", "\u202f").replace(".", ",").replace("-", "\u2212")


def signed_number(value: object, digits: int = 2) -> str:
    """A change: « +3 », « −0,05 », « 0 »."""
    text = french_number(value, digits)
    if is_number(value) and float(str(value)) > 0 and text.strip("0,") != "":
        return "+" + text
    return text


def percent(value: object) -> str:
    """« 60 % » from 0.6 (« 60 % », as the site's pages write it)."""
    if not is_number(value):
        return french_number(value)
    return f"{round(float(str(value)) * 100)} %"


def month(period: object, *, short: bool = False) -> str:
    """« octobre 2026 » (or « oct. 26 ») from « 2026-10 »; anything else as it is."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(period or ""))
    if not match or not 1 <= int(match[2]) <= 12:
        return str(period or "")
    year, number = match[1], int(match[2])
    if short:
        return f"{SHORT_MONTHS[number - 1]} {year[2:]}"
    return f"{MONTHS[number - 1]} {year}"


def moment(value: object) -> str:
    """« 18/11/2026 à 09:30 » from an ISO datetime."""
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    return when.strftime("%d/%m/%Y à %H:%M")


def period_end(period: object) -> date | None:
    """The last day of « 2026-10 »: the day the report's network is taken at."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(period or ""))
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    year, number = int(match[1]), int(match[2])
    return date(year, number, calendar.monthrange(year, number)[1])


# --- Reading the report's dict -------------------------------------------------------------


def _mapping(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


def _rows(value: object) -> list[Mapping[str, object]]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return []
    return [row for row in value if isinstance(row, Mapping)]


def _list(value: object) -> list[object]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return []
    return list(value)


def _is_public(report: Mapping[str, object]) -> bool:
    return report.get("audience") != "staff"


# --- Charts --------------------------------------------------------------------------------


def _svg(draw: Callable[[Figure], None], *, size: tuple[float, float], salt: str, label: str) -> str:
    """An inline ``<svg>`` element of a chart: no XML prologue, no metadata, same bytes each run.

    No pyplot: a bare ``Figure`` renders headless without touching matplotlib's global backend
    (what Agg is chosen for), and ``rc_context`` keeps the style out of everyone else's charts.
    The hash salt fixes the ids of clip paths; it differs per chart so that two charts of one
    page never share an id.
    """
    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",  # text stays text: crisp, searchable, in the page's font
            "svg.hashsalt": f"passerelle-{salt}",
            "font.family": "sans-serif",
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "text.parse_math": False,  # an organisation named « 5 $ à 10 $ » is not mathematics
        }
    ):
        figure = Figure(figsize=size, layout="constrained")
        draw(figure)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    return text.replace(
        "<svg ",
        f'<svg role="img" aria-label="{html.escape(label)}" class="graphique" ',
        1,
    )


def _short(label: object, width: int = 42) -> str:
    text = str(label)
    return text if len(text) <= width else text[: width - 1] + "…"


def _french_ticks(digits: int) -> FuncFormatter:
    return FuncFormatter(lambda value, _: french_number(float(value), digits))


def drawable(rows: Sequence[Mapping[str, object]]) -> list[Mapping[str, object]]:
    """The groups the E-I chart draws: those with an index, the ``MAX_BARS`` most inward."""
    with_index = (row for row in rows if is_number(row.get("ei")))
    return sorted(with_index, key=lambda row: float(str(row["ei"])))[:MAX_BARS]


def ei_chart(rows: Sequence[Mapping[str, object]], *, title: str) -> str | None:
    """Horizontal bars of the groups' E-I index, most inward on top (see :func:`drawable`)."""
    shown = drawable(rows)
    if not shown:
        return None
    values = [float(str(row["ei"])) for row in shown]
    labels = [_short(row.get("label", row.get("group", ""))) for row in shown]

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        positions = range(len(values))
        axes.barh(positions, values, color=[ORANGE if v < 0 else BLUE for v in values], height=0.65)
        axes.axvline(0, color="#333333", linewidth=0.8)
        for y, v in zip(positions, values, strict=True):
            axes.text(
                v + (0.03 if v >= 0 else -0.03),
                y,
                french_number(v),
                va="center",
                ha="left" if v >= 0 else "right",
                fontsize=9,
            )
        axes.set_yticks(list(positions), labels)
        axes.set_ylim(len(values) - 0.5, -0.5)  # the first row on top, no empty margin
        axes.set_xlim(-1.4, 1.4)  # room for « −1,00 » written beside its bar
        axes.xaxis.set_major_formatter(_french_ticks(1))
        axes.set_xlabel("Indice E-I  (−1 : tout reste dedans ; +1 : tout sort)")

    return _svg(draw, size=(7.5, 0.9 + 0.32 * len(values)), salt="ei", label=title)


def matrix_chart(matrix: Mapping[str, object], *, title: str) -> str | None:
    """A heatmap of the ties between groups, counts written in; suppressed cells grey and hatched."""
    labels = [str(label) for label in _list(matrix.get("labels"))]
    counts = [_list(row) for row in _list(matrix.get("counts"))]
    if not labels or len(counts) != len(labels):
        return None
    values = np.array(
        [[float(str(c)) if is_number(c) else np.nan for c in row] for row in counts], dtype=float
    )
    top = float(np.nanmax(values)) if not np.all(np.isnan(values)) else 1.0
    n = len(labels)

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        # Vector cells (not imshow's embedded bitmap): crisp at any zoom and in print.
        axes.set_facecolor("#e6e6e6")  # what a suppressed (masked) cell shows
        axes.pcolormesh(
            np.arange(n + 1) - 0.5,
            np.arange(n + 1) - 0.5,
            np.ma.masked_invalid(values),
            cmap="Blues",
            vmin=0,
            vmax=max(top, 1.0),
            edgecolors="white",
            linewidth=1.5,
        )
        axes.set_xlim(-0.5, n - 0.5)
        axes.set_ylim(n - 0.5, -0.5)
        axes.set_aspect("equal")
        for i, row in enumerate(counts):
            for j, count in enumerate(row):
                if not is_number(count):
                    axes.add_patch(
                        Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor=GREY, lw=0)
                    )
                dark = is_number(count) and float(str(count)) > 0.6 * top
                axes.text(
                    j,
                    i,
                    french_number(count),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if dark else "#222222",
                )
        short = [_short(label, 24) for label in labels]
        axes.set_xticks(range(n), short, rotation=35, ha="right")
        axes.set_yticks(range(n), short)
        axes.tick_params(length=0)
        for side in axes.spines.values():
            side.set_visible(False)

    side = 1.8 + 0.55 * n
    return _svg(draw, size=(side + 1.0, side), salt="matrice", label=title)


def trend_chart(trend: Sequence[Mapping[str, object]], *, title: str) -> str | None:
    """Ties and ties between organisations (top), the E-I index by administration (bottom).

    A month without data is a zero for the counts and a gap in the E-I line.
    """
    if not trend:
        return None
    periods = [month(row.get("period"), short=True) for row in trend]

    def series(key: str) -> list[float]:
        return [float(str(row[key])) if is_number(row.get(key)) else np.nan for row in trend]

    ties, cross, ei = series("ties"), series("cross_ties"), series("ei_administration")

    def draw(figure: Figure) -> None:
        counts, index = figure.subplots(2, 1, sharex=True, height_ratios=[3, 2])
        x = list(range(len(trend)))
        counts.plot(x, ties, marker="o", color=BLUE, label="liens")
        counts.plot(x, cross, marker="s", color=GREEN, label="liens entre organisations")
        highest = max((v for v in ties + cross if v == v), default=0.0)  # v == v: not NaN
        counts.set_ylim(0, max(highest * 1.3, 1.0))  # headroom for the legend above the lines
        counts.yaxis.set_major_formatter(_french_ticks(0))
        counts.legend(loc="upper left", frameon=False, ncols=2)
        counts.set_ylabel("nombre de liens")
        index.plot(x, ei, marker="o", color=ORANGE, label="indice E-I (administrations)")
        index.axhline(0, color="#333333", linewidth=0.8)
        index.set_ylim(-1.05, 1.05)
        index.yaxis.set_major_formatter(_french_ticks(1))
        index.set_ylabel("indice E-I")
        index.legend(loc="upper left", frameon=False)
        index.set_xticks(x, periods, rotation=45, ha="right")

    return _svg(draw, size=(7.5, 4.8), salt="tendance", label=title)


# --- HTML ----------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        nombre=french_number,
        signe=signed_number,
        pourcent=percent,
        mois=month,
        moment=moment,
    )
    env.tests.update(masque=is_suppressed, nombre=is_number)
    env.globals.update(ROLE_LABELS=ROLE_LABELS, NOT_APPLICABLE=NOT_APPLICABLE)
    return env


def render_html(report: Mapping[str, object]) -> str:
    """The report as one self-contained French HTML page.

    Inline CSS, charts as inline SVG, no script and no address elsewhere: it opens from a
    mail attachment and prints as it shows. Every text of the report is escaped (Jinja's
    autoescape; matplotlib escapes the charts' text). The public audience shows no one's name.
    """
    public = _is_public(report)
    empty = bool(report.get("empty"))
    by_administration = _rows(report.get("ei_by_administration"))
    charts: dict[str, str | None] = {"ei": None, "matrix": None, "trend": None}
    if not empty:
        charts = {
            "ei": ei_chart(by_administration, title="Indice E-I par administration"),
            "matrix": matrix_chart(
                _mapping(report.get("matrix_sector")), title="Nombre de liens entre secteurs"
            ),
            "trend": trend_chart(_rows(report.get("trend")), title="Évolution sur douze mois"),
        }
    brokers = _rows(report.get("brokers"))[:10]
    if public:
        brokers = [{**row, "person": None, "name": None} for row in brokers]
    template = _environment().get_template("report.html")
    return template.render(
        report=report,
        public=public,
        empty=empty,
        charts=charts,
        network=_mapping(report.get("network")),
        isolation=_mapping(report.get("isolation")),
        impact=_mapping(report.get("impact")),
        changes=_rows(report.get("changes")),
        by_administration=by_administration,
        by_sector=_rows(report.get("ei_by_sector")),
        not_drawn=[row for row in by_administration if not is_number(row.get("ei"))],
        drawn=len(drawable(by_administration)),
        with_index=sum(is_number(row.get("ei")) for row in by_administration),
        brokers=brokers,
        silos=_rows(report.get("silos")),
        notices=[str(n) for n in _list(report.get("notices"))],
        files=[name for name, *_ in TABLES],
    )


# --- CSV -----------------------------------------------------------------------------------

Cell = str | int | float


def _cell(value: object) -> Cell:
    """A spreadsheet cell: numbers as numbers (dot decimal), « < 5 » as text, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    return str(value)


def _group_rows(rows: Iterable[Mapping[str, object]]) -> list[list[object]]:
    return [
        [r.get("group"), r.get("label"), r.get("people"), r.get("external"), r.get("internal"), r.get("ei")]
        for r in rows
    ]


def _matrix_rows(matrix: Mapping[str, object]) -> list[list[object]]:
    labels = _list(matrix.get("labels"))
    return [[label, *_list(row)] for label, row in zip(labels, _list(matrix.get("counts")), strict=False)]


def _broker_rows(report: Mapping[str, object]) -> list[list[object]]:
    public = _is_public(report)
    rows: list[list[object]] = []
    for rank, broker in enumerate(_rows(report.get("brokers")), start=1):
        roles = _mapping(broker.get("roles"))
        rows.append(
            [
                rank,
                None if public else broker.get("person"),
                None if public else broker.get("name"),
                broker.get("organisation"),
                broker.get("betweenness"),
                broker.get("constraint"),
                broker.get("effective_size"),
                *(roles.get(role) for role in ROLE_LABELS),
            ]
        )
    return rows


GROUP_HEADER = ["groupe", "libellé", "personnes", "liens externes", "liens internes", "indice E-I"]

TABLES: tuple[tuple[str, Callable[[Mapping[str, object]], list[str]], Callable[..., list[list[object]]]], ...]
TABLES = (
    (
        "ei_administrations.csv",
        lambda report: GROUP_HEADER,
        lambda report: _group_rows(_rows(report.get("ei_by_administration"))),
    ),
    (
        "ei_secteurs.csv",
        lambda report: GROUP_HEADER,
        lambda report: _group_rows(_rows(report.get("ei_by_sector"))),
    ),
    (
        "matrice_secteurs.csv",
        lambda report: ["secteur", *map(str, _list(_mapping(report.get("matrix_sector")).get("labels")))],
        lambda report: _matrix_rows(_mapping(report.get("matrix_sector"))),
    ),
    (
        "matrice_administrations.csv",
        lambda report: [
            "administration",
            *map(str, _list(_mapping(report.get("matrix_administration")).get("labels"))),
        ],
        lambda report: _matrix_rows(_mapping(report.get("matrix_administration"))),
    ),
    (
        "passeurs.csv",
        lambda report: [
            "rang",
            "personne",
            "nom",
            "organisation",
            "intermédiarité",
            "contrainte",
            "taille effective",
            *ROLE_LABELS.values(),
        ],
        _broker_rows,
    ),
    (
        "silos.csv",
        lambda report: ["groupe", "libellé", "membres", "part du groupe", "part de liens externes"],
        lambda report: [
            [s.get("group"), s.get("label"), s.get("members"), s.get("share"), s.get("external_share")]
            for s in _rows(report.get("silos"))
        ],
    ),
    (
        "tendance.csv",
        lambda report: [
            "période",
            "personnes",
            "liens",
            "indice E-I (administrations)",
            "liens entre organisations",
            "mises en relation du laboratoire",
        ],
        lambda report: [
            [
                t.get("period"),
                t.get("people"),
                t.get("ties"),
                t.get("ei_administration"),
                t.get("cross_ties"),
                t.get("lab_introductions"),
            ]
            for t in _rows(report.get("trend"))
        ],
    ),
    (
        "changements.csv",
        lambda report: ["indicateur", "libellé", "mois précédent", "ce mois", "écart"],
        lambda report: [
            [c.get("metric"), c.get("label"), c.get("previous"), c.get("current"), c.get("delta")]
            for c in _rows(report.get("changes"))
        ],
    ),
)
"""Each CSV file: its name, its header and its rows, from the report."""


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    # The byte-order mark is how Excel knows the file is UTF-8 (« é » rather than « Ã© »).
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([_cell(value) for value in row] for row in rows)


# --- GEXF ----------------------------------------------------------------------------------


def _typed(attribute: str, value: object) -> str | int | float | None:
    """One GEXF column keeps one type: a community is an integer, a score a float, else text."""
    if value is None:
        return None
    if attribute == "community":
        return int(str(value)) if is_number(value) else str(value)
    if attribute in ("betweenness", "ei"):
        return float(str(value)) if is_number(value) else None
    return str(value)


def _derived_attributes(
    report: Mapping[str, object], network: nx.MultiDiGraph, ties: nx.Graph
) -> dict[str, dict[str, object]]:
    """Community and administration of each person when the report does not give them (public).

    An administration of fewer than ``min_group`` people is withheld (« < 5 »), as in the tables.
    """
    min_group = int(str(report.get("min_group", 5)))
    labels = {str(row.get("group")): row.get("label") for row in _rows(report.get("ei_by_administration"))}
    groups = person_groups(network, by="administration", until=period_end(report.get("period")))
    size = Counter(groups.values())
    found: dict[str, dict[str, object]] = {str(p): {} for p in ties}
    for index, members in enumerate(communities(ties)):
        for person in members:
            found[str(person)]["community"] = index
    for person, group in groups.items():
        if person not in found:
            continue
        if size[group] < min_group:
            found[person]["administration"] = f"< {min_group}"
        else:
            found[person]["administration"] = labels.get(group) or network.nodes[group].get("name", group)
    return found


def network_graph(report: Mapping[str, object], network: nx.MultiDiGraph) -> nx.Graph:
    """The people's ties as of the period's last day, ready for ``nx.write_gexf``.

    Staff: nodes are person ids labelled by name, with the report's ``node_attributes``.
    Public: nodes are numbers drawn at random (their order says nothing of the ids), with only
    the community and the administration.
    """
    ties = person_ties(network, until=period_end(report.get("period")))
    given = {str(k): _mapping(v) for k, v in _mapping(report.get("node_attributes")).items()}
    public = _is_public(report)
    attributes: Mapping[str, Mapping[str, object]] = given
    if public and not given:
        attributes = _derived_attributes(report, network, ties)
    kept = PUBLIC_NODE_ATTRIBUTES if public else NODE_ATTRIBUTES

    people = [str(p) for p in ties]
    if public:
        secrets.SystemRandom().shuffle(people)
    node_of = {person: (str(i) if public else person) for i, person in enumerate(people, start=1)}
    graph = nx.Graph()
    for person in people:
        label = node_of[person] if public else ties.nodes[person].get("name", person)
        data: dict[str, object] = {"label": label}
        of_person = attributes.get(person, {})
        for attribute in kept:
            value = _typed(attribute, of_person.get(attribute))
            if value is not None:
                data[attribute] = value
        graph.add_node(node_of[person], **data)
    for u, v, tie in ties.edges(data=True):
        graph.add_edge(
            node_of[str(u)],
            node_of[str(v)],
            weight=float(tie.get("weight", 1)),
            kinds=",".join(sorted(tie.get("kinds", ()))),
        )
    return graph


# --- The files -----------------------------------------------------------------------------


def _pdf(page: str, path: Path) -> bool:
    """``report.pdf`` through WeasyPrint, if it is installed; ``False`` when it is not."""
    try:
        weasyprint = importlib.import_module("weasyprint")
    except ImportError:
        return False
    weasyprint.HTML(string=page).write_pdf(str(path))
    return True


def write_report(
    report: Mapping[str, object], out: Path, *, network: nx.MultiDiGraph | None = None
) -> ReportFiles:
    """Write the report's files into ``out`` (created if needed).

    * ``report.html``: :func:`render_html`;
    * ``report.json``: the figures as given (UTF-8, indented, accents as they are);
    * one CSV per table (``ei_administrations.csv``, ``ei_secteurs.csv``, ``matrice_secteurs.csv``,
      ``matrice_administrations.csv``, ``passeurs.csv``, ``silos.csv``, ``tendance.csv``,
      ``changements.csv``): comma-separated, UTF-8 with a byte-order mark so that Excel opens
      accents correctly; numbers with a dot decimal point, « < 5 » as text, « sans objet » as an
      empty cell; French headers. The public audience's ``passeurs.csv`` has no names or ids;
    * ``network.gexf`` when ``network`` (a store's snapshot) is given: :func:`network_graph`;
    * ``report.pdf`` when WeasyPrint is installed; otherwise a notice says so.

    Returns:
        The paths written and the notices (French) to show whoever asked for the report.
    """
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    notices: list[str] = []

    page = render_html(report)
    paths.append(out / "report.html")
    paths[-1].write_text(page, encoding="utf-8")
    paths.append(out / "report.json")
    paths[-1].write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name, header, rows in TABLES:
        paths.append(out / name)
        _write_csv(paths[-1], header(report), rows(report))
    if network is not None:
        paths.append(out / "network.gexf")
        nx.write_gexf(network_graph(report, network), paths[-1])
        if _is_public(report):
            notices.append(PUBLIC_NETWORK.format(min_group=report.get("min_group", 5)))
    if _pdf(page, out / "report.pdf"):
        paths.append(out / "report.pdf")
    else:
        notices.append(PDF_MISSING)
    for notice in notices:
        log.info("%s", notice)
    return ReportFiles(paths=paths, notices=notices)
