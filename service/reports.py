"""The monthly network-health report: silos, brokers, trends and what the lab's introductions
changed, for the lab's staff (people named) or for the public (small groups held back).

One use case for the CLI (``passerelle report``) and the API (``GET /v1/reports/health``):
:func:`for_principal` checks who asks, reads the store's snapshot and the desk's introductions,
and :func:`health_report` computes. :meth:`HealthReport.to_json` is the one place where the
audience's privacy rules apply: in the public audience, every figure about a group of fewer than
``min_group`` people reads ``"< 5"`` (for ``min_group=5``), and no person is named or identified.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal, get_args

import networkx as nx

from graph.analytics import (
    TieCounts,
    betweenness,
    brokerage_roles,
    communities,
    constraint,
    effective_size,
    ei_index,
    group_ei_counts,
    isolates,
    modularity,
    nmi,
    person_ei,
    reach_within,
    silos,
    tie_matrix,
    without_outside_ties,
)
from graph.analytics.brokers import ROLES
from graph.analytics.ei import TieArrays
from graph.analytics.groups import Employments, administration_of, sector_of, territory_of
from graph.analytics.impact import Impact, impact
from graph.analytics.ties import as_day, person_ties
from graph.analytics.trends import Change, Month, MonthFigures, changes, monthly_figures
from graph.errors import Forbidden, InvalidInput, Problem
from graph.model import NodeKind
from graph.store import GraphStore
from service.accounts import AccessRole, Principal
from service.desk import Desk
from service.introductions import Introduction, IntroductionState

__all__ = [
    "AUDIENCES",
    "MIN_GROUP",
    "Audience",
    "HealthReport",
    "accepted_in",
    "for_principal",
    "health_report",
    "parse_period",
]

Audience = Literal["staff", "public"]
AUDIENCES: tuple[Audience, ...] = get_args(Audience)
MIN_GROUP = 5
"""Smallest group whose figures the public report shows (setting ``reports.min_group``)."""
EARLIEST = Month(2000, 1)
"""No report before this month: the network holds nothing older, and the trend goes back a year."""
TREND_MONTHS = 12
TOP_BROKERS = 10
ACCEPTED = frozenset({IntroductionState.TAKEN_IN_HAND, IntroductionState.DONE})
"""An introduction is accepted when it first reaches one of these states."""

CHANGE_LABELS: dict[str, str] = {
    "people": "Personnes ayant au moins un lien",
    "ties": "Liens entre personnes",
    "ei_administration": "Indice E-I par administration",
    "cross_ties": "Liens entre organisations différentes",
    "lab_introductions": "Mises en relation du laboratoire dans le mois",
}
NO_ORGANISATION = (
    "Organisations, administrations et secteurs : sans objet : aucune organisation dans le réseau."
)
_PERIOD = re.compile(r"(\d{4})-(\d{2})")
_ORGANISATION_KINDS = frozenset({NodeKind.ORGANISATION.value, NodeKind.LAB.value})

Cell = int | float | str | None


# ---------------------------------------------------------------------------------------------
# Input


def parse_period(value: str, *, today: date | None = None) -> Month:
    """A report's month, written ``AAAA-MM``: not after the current month, not before 2000-01.

    Raises:
        InvalidInput: naming the field ``period``.

    >>> str(parse_period("2026-10", today=date(2026, 12, 1)))
    '2026-10'
    >>> parse_period("2026-13", today=date(2026, 12, 1))
    Traceback (most recent call last):
    graph.errors.InvalidInput: 1 invalid record(s): rapport: period: « 2026-13 » n'est pas un mois AAAA-MM
    """
    found = _PERIOD.fullmatch(value.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        raise _bad("period", f"« {value} » n'est pas un mois AAAA-MM")
    month = Month(int(found[1]), int(found[2]))
    current = Month.of(today or datetime.now(UTC).date())
    if month > current:
        raise _bad("period", f"{month} est après le mois en cours ({current}) : rien à mesurer encore")
    if month < EARLIEST:
        raise _bad("period", f"{month} est avant {EARLIEST} : aucun rapport si tôt")
    return month


def _bad(name: str, message: str) -> InvalidInput:
    return InvalidInput([Problem("rapport", name, message)])


def _audience(value: str) -> Audience:
    for audience in AUDIENCES:
        if value == audience:
            return audience
    raise _bad("audience", f"« {value} » : attendu staff ou public")


def accepted_in(introductions: Sequence[Introduction], month: Month) -> int:
    """The introductions that first reached ``taken_in_hand`` or ``done`` in the month."""
    count = 0
    for introduction in introductions:
        reached = [as_day(e.changed_at) for e in introduction.history if e.state in ACCEPTED]
        days = [d for d in reached if d is not None]
        if days and month.first_day <= min(days) <= month.last_day:
            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Shapes


@dataclass(frozen=True)
class GroupFigures:
    """One group's ties (its E-I index and size)."""

    group: str
    label: str
    counts: TieCounts


@dataclass(frozen=True)
class Matrix:
    """Group-to-group tie counts, with each group's size (to hold back small ones)."""

    labels: list[str]
    sizes: list[int]
    counts: list[list[int]]


@dataclass(frozen=True)
class Broker:
    person: str
    name: str
    organisation: str | None
    """The organisation's name."""
    organisation_people: int
    betweenness: float
    constraint: float | None
    effective_size: float | None
    roles: Mapping[str, int]


@dataclass(frozen=True)
class SiloFigures:
    group: str
    label: str
    members: int
    share: float
    external_share: float


@dataclass(frozen=True)
class Isolation:
    isolates: int
    without_outside_ties: int
    median_reach_2: float | None


@dataclass(frozen=True)
class NetworkFigures:
    people: int
    people_with_ties: int
    ties: int
    ei_organisation: float | None
    ei_administration: float | None
    ei_sector: float | None
    ei_territory: float | None
    modularity: float | None
    nmi: float | None
    communities: int
    """Communities of at least two people (an isolated person is no community)."""


@dataclass(frozen=True)
class PersonFigures:
    """What the staff's graph export (GEXF) shows of a person."""

    community: int
    organisation: str | None
    administration: str | None
    betweenness: float
    ei: float | None


@dataclass(frozen=True)
class Structure:
    """Everything read from the ties of the period's last day."""

    network: NetworkFigures
    ei_by_administration: list[GroupFigures] = field(default_factory=list)
    ei_by_sector: list[GroupFigures] = field(default_factory=list)
    matrix_sector: Matrix = field(default_factory=lambda: Matrix([], [], []))
    matrix_administration: Matrix = field(default_factory=lambda: Matrix([], [], []))
    brokers: list[Broker] = field(default_factory=list)
    betweenness_sample: int | None = None
    silos: list[SiloFigures] = field(default_factory=list)
    isolation: Isolation = Isolation(0, 0, None)
    people: dict[str, PersonFigures] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthReport:
    """A month's report, before the audience's rules apply (see :meth:`to_json`)."""

    period: Month
    audience: Audience
    min_group: int
    generated_at: datetime
    empty: bool
    notices: list[str]
    structure: Structure
    impact: Impact
    accepted: int | None
    trend: list[MonthFigures]
    changes: list[Change]

    def to_json(self) -> dict[str, object]:
        """The report as JSON-ready data, in the audience's version (``report.json``)."""
        return _Render(self).json()


# ---------------------------------------------------------------------------------------------
# Computing


@dataclass(frozen=True)
class _Groups:
    """Each person's groups on the period's last day, and the names that label them."""

    organisation: dict[str, str]
    administration: dict[str, str]
    sector: dict[str, str]
    territory: dict[str, str]
    names: dict[str, str]
    units: dict[str, str]
    """Each organisation's and lab's administration (:func:`administration_of`)."""

    @classmethod
    def of(cls, network: nx.MultiDiGraph, day: date, employments: Employments) -> _Groups:
        employer = employments.as_of(day)
        above = administration_of(network)
        sectors = sector_of(network)
        names = {
            node: str(data.get("name") or node)
            for node, data in network.nodes(data=True)
            if data.get("node_kind") in _ORGANISATION_KINDS
            or data.get("node_kind") == NodeKind.TERRITORY.value
        }
        return cls(
            organisation=employer,
            administration={p: above[o] for p, o in employer.items() if o in above},
            sector={p: sectors[o] for p, o in employer.items() if o in sectors},
            territory=territory_of(network, until=day, employments=employments),
            names=names,
            units=above,
        )

    def label(self, group: str) -> str:
        return self.names.get(group, group)


def health_report(
    network: nx.MultiDiGraph,
    *,
    period: Month | str,
    audience: Audience,
    min_group: int = MIN_GROUP,
    introductions: Sequence[Introduction] | None = None,
    generated_at: datetime | None = None,
    today: date | None = None,
) -> HealthReport:
    """The network-health report of a month, from a store's snapshot.

    Everything is read from the ties on the month's last day (``person_ties(until=…)``: shared
    projects and introductions) and people's groups on that day. A month without any tie gives a
    report marked ``empty``; a network without organisations leaves the figures by organisation,
    administration and sector out (``None``), with a notice.

    Args:
        network: ``GraphStore.snapshot()``.
        period: the month (``AAAA-MM``; not after the current month).
        audience: ``"staff"`` (people named) or ``"public"`` (small groups held back).
        min_group: the smallest group whose figures the public version shows.
        introductions: the desk's introductions, to count those accepted in the month.
        generated_at: when the report is made (default: now).
        today: the current day, for the check of ``period`` (default: today).

    Raises:
        InvalidInput: a bad ``period``, ``audience`` or ``min_group``.
    """
    month = period if isinstance(period, Month) else parse_period(period, today=today)
    chosen = _audience(audience)
    if min_group < 1:
        raise _bad("min_group", f"{min_group} : au moins 1")
    end = month.last_day
    ties = person_ties(network, until=end)
    employments = Employments.of(network)
    groups = _Groups.of(network, end, employments)
    empty = ties.number_of_edges() == 0
    notices = []
    if empty:
        notices.append(f"Aucun lien entre personnes n'est connu à la fin de {month} : le rapport est vide.")
    elif not groups.organisation:
        notices.append(NO_ORGANISATION)
    structure = Structure(network=_empty_network(ties)) if empty else _structure(ties, groups)
    if not empty and groups.organisation and not structure.silos:
        notices.append(
            "Aucun silo : aucune communauté n'est à 80 % une seule administration avec au plus 20 % "
            "de ses liens vers l'extérieur."
        )
    if structure.betweenness_sample is not None:
        notices.append(
            f"Intermédiarité estimée à partir de {structure.betweenness_sample} personnes tirées au "
            f"hasard (graine 0), sur {structure.network.people} : un classement, pas une mesure exacte."
        )
    trend = monthly_figures(
        network,
        last=month,
        months=TREND_MONTHS,
        ties=ties,
        employments=employments,
        administration=groups.units,
    )
    made = impact(network, start=month.first_day, end=end, ties=ties, employments=employments)
    if made.share_from_lab is None:
        notices.append(
            "Part des nouveaux liens entre organisations due aux mises en relation : sans objet, "
            "ces liens n'ont pas augmenté sur le mois."
        )
    if month == Month.of(today or datetime.now(UTC).date()):
        notices.append(f"{month} est le mois en cours : ses chiffres sont provisoires jusqu'à sa fin.")
    if chosen == "public":
        notices.append(
            f"Version publique : les chiffres des groupes de moins de {min_group} personnes sont "
            f"masqués (« < {min_group} ») et aucune personne n'est nommée."
        )
    return HealthReport(
        period=month,
        audience=chosen,
        min_group=min_group,
        generated_at=generated_at or datetime.now(UTC),
        empty=empty,
        notices=notices,
        structure=structure,
        impact=made,
        accepted=None if introductions is None else accepted_in(introductions, month),
        trend=trend,
        changes=changes(trend[-1].headline(), trend[-2].headline()),
    )


def _empty_network(ties: nx.Graph) -> NetworkFigures:
    return NetworkFigures(ties.number_of_nodes(), 0, 0, None, None, None, None, None, None, 0)


def _structure(ties: nx.Graph, groups: _Groups) -> Structure:
    found = [frozenset(str(p) for p in c) for c in communities(ties, seed=0)]
    clusters = [c for c in found if len(c) > 1]
    community_of = {person: i for i, c in enumerate(found) for person in c}
    between = betweenness(ties)
    has_organisations = bool(groups.organisation)
    arrays: TieArrays[str] = TieArrays.of(ties)  # the edges read once for every count below

    def ei_of(by: Mapping[str, str], *, needs_organisation: bool = True) -> float | None:
        return None if needs_organisation and not has_organisations else ei_index(arrays, by)

    reach = [r for person, r in reach_within(ties, steps=2).items() if ties.degree(person) > 0]
    without_ties = isolates(ties)
    network = NetworkFigures(
        people=ties.number_of_nodes(),
        people_with_ties=ties.number_of_nodes() - len(without_ties),
        ties=ties.number_of_edges(),
        ei_organisation=ei_of(groups.organisation),
        ei_administration=ei_of(groups.administration),
        ei_sector=ei_of(groups.sector),
        ei_territory=ei_of(groups.territory, needs_organisation=False),
        modularity=modularity(ties, found),
        nmi=nmi(clusters, groups.organisation) if has_organisations else None,
        communities=len(clusters),
    )
    person_ei_of = person_ei(arrays, groups.administration)
    return Structure(
        network=network,
        ei_by_administration=_group_figures(arrays, groups.administration, groups),
        ei_by_sector=_group_figures(arrays, groups.sector, groups),
        matrix_sector=_matrix(arrays, groups.sector, groups),
        matrix_administration=_matrix(arrays, groups.administration, groups),
        brokers=_brokers(ties, groups, between.scores),
        betweenness_sample=between.sampled_sources,
        silos=_silos(ties, found, groups),
        isolation=Isolation(
            isolates=len(without_ties),
            without_outside_ties=len(without_outside_ties(ties, groups.organisation)),
            median_reach_2=float(statistics.median(reach)) if reach else None,
        ),
        people={
            str(person): PersonFigures(
                community=community_of[person],
                organisation=_label_of(groups.organisation.get(person), groups),
                administration=_label_of(groups.administration.get(person), groups),
                betweenness=between.scores.get(person, 0.0),
                ei=person_ei_of.get(person),
            )
            for person in ties
        },
    )


def _label_of(group: str | None, groups: _Groups) -> str | None:
    return None if group is None else groups.label(group)


def _group_figures(ties: TieArrays[str], by: Mapping[str, str], groups: _Groups) -> list[GroupFigures]:
    rows = [GroupFigures(g, groups.label(g), counts) for g, counts in group_ei_counts(ties, by).items()]
    return sorted(rows, key=lambda r: (r.counts.ei is None, r.counts.ei or 0.0, r.label, r.group))


def _matrix(ties: TieArrays[str], by: Mapping[str, str], groups: _Groups) -> Matrix:
    found = tie_matrix(ties, by)
    sizes = Counter(by[p] for p in ties.nodes if p in by)
    return Matrix(
        labels=[groups.label(g) for g in found.labels],
        sizes=[sizes[g] for g in found.labels],
        counts=[[int(c) for c in row] for row in found.counts.tolist()],
    )


def _brokers(ties: nx.Graph, groups: _Groups, scores: Mapping[Hashable, float]) -> list[Broker]:
    ranked = sorted(((s, str(p)) for p, s in scores.items() if s > 0), key=lambda x: (-x[0], x[1]))
    top = [p for _, p in ranked[:TOP_BROKERS]]
    if not top:
        return []
    burt = constraint(ties)
    size = effective_size(ties)
    roles = brokerage_roles(ties, groups.organisation)
    people_at = Counter(groups.organisation.values())
    out = []
    for person in top:
        organisation = groups.organisation.get(person)
        out.append(
            Broker(
                person=person,
                name=str(ties.nodes[person].get("name", person)),
                organisation=_label_of(organisation, groups),
                organisation_people=people_at[organisation] if organisation else 0,
                betweenness=scores[person],
                constraint=_finite(burt.get(person)),
                effective_size=_finite(size.get(person)),
                roles={str(role): n for role, n in roles.get(person, dict.fromkeys(ROLES, 0)).items()},
            )
        )
    return out


def _finite(value: float | None) -> float | None:
    return None if value is None or value != value else value  # NaN: an isolated person


def _silos(ties: nx.Graph, found: Sequence[Collection[str]], groups: _Groups) -> list[SiloFigures]:
    if not groups.administration:
        return []
    return [
        SiloFigures(str(s.group), groups.label(str(s.group)), s.members, s.share, s.external_share)
        for s in silos(ties, found, groups.administration)
    ]


# ---------------------------------------------------------------------------------------------
# The audience's version


class _Render:
    """The JSON of a report; in the public audience, small groups masked and nobody named."""

    def __init__(self, report: HealthReport) -> None:
        self.report = report
        self.public = report.audience == "public"
        self.hidden = f"< {report.min_group}"

    def small(self, size: int) -> bool:
        return self.public and size < self.report.min_group

    def json(self) -> dict[str, object]:
        r, s = self.report, self.report.structure
        no_organisation = NO_ORGANISATION in r.notices
        return {
            "period": str(r.period),
            "previous_period": str(r.period.previous()),
            "audience": r.audience,
            "generated_at": r.generated_at.isoformat(timespec="seconds"),
            "min_group": r.min_group,
            "empty": r.empty,
            "notices": list(r.notices),
            "network": {k: _rounded(v) for k, v in s.network.__dict__.items()},
            "ei_by_administration": self.groups(s.ei_by_administration),
            "ei_by_sector": self.groups(s.ei_by_sector),
            "matrix_sector": self.matrix(s.matrix_sector),
            "matrix_administration": self.matrix(s.matrix_administration),
            "brokers": [self.broker(b, no_organisation) for b in s.brokers],
            "betweenness_sample": s.betweenness_sample,
            "silos": [self.silo(silo) for silo in s.silos],
            "isolation": {k: _rounded(v) for k, v in s.isolation.__dict__.items()},
            "impact": self.impact(),
            "trend": [{k: _rounded(v) for k, v in m.__dict__.items()} for m in r.trend],
            "changes": [
                {
                    "metric": c.metric,
                    "label": CHANGE_LABELS.get(c.metric, c.metric),
                    "previous": _rounded(c.previous),
                    "current": _rounded(c.current),
                    "delta": _rounded(c.delta),
                }
                for c in r.changes
            ],
            "node_attributes": {} if self.public else self.people(),
        }

    def groups(self, rows: Sequence[GroupFigures]) -> list[dict[str, Cell]]:
        shown = [self.group(row) for row in rows if not self.small(row.counts.people)]
        held = [self.group(row) for row in rows if self.small(row.counts.people)]
        # Held-back groups go last, by name: their place in the ranking would tell their E-I.
        return shown + sorted(held, key=lambda g: (str(g["label"]), str(g["group"])))

    def group(self, row: GroupFigures) -> dict[str, Cell]:
        c = row.counts
        masked = self.small(c.people)
        hide = self.hidden
        return {
            "group": row.group,
            "label": row.label,
            "people": hide if masked else c.people,
            "external": hide if masked else c.external,
            "internal": hide if masked else c.internal,
            "ei": hide if masked else _rounded(c.ei),
        }

    def matrix(self, m: Matrix) -> dict[str, object]:
        counts = [
            [
                self.hidden if self.small(m.sizes[i]) or self.small(m.sizes[j]) else n
                for j, n in enumerate(row)
            ]
            for i, row in enumerate(m.counts)
        ]
        return {
            "labels": list(m.labels),
            "counts": counts,
            "people": [self.hidden if self.small(n) else n for n in m.sizes],
        }

    def broker(self, b: Broker, no_organisation: bool) -> dict[str, object]:
        organisation: str | None = b.organisation
        if organisation is not None and self.small(b.organisation_people):
            organisation = self.hidden
        return {
            "person": None if self.public else b.person,
            "name": None if self.public else b.name,
            "organisation": organisation,
            "betweenness": _rounded(b.betweenness),
            "constraint": _rounded(b.constraint),
            "effective_size": _rounded(b.effective_size),
            "roles": None if no_organisation else dict(b.roles),
        }

    def silo(self, silo: SiloFigures) -> dict[str, Cell]:
        masked = self.small(silo.members)
        return {
            "group": silo.group,
            "label": silo.label,
            "members": self.hidden if masked else silo.members,
            "share": self.hidden if masked else _rounded(silo.share),
            "external_share": self.hidden if masked else _rounded(silo.external_share),
        }

    def impact(self) -> dict[str, object]:
        i = self.report.impact
        return {
            "introductions": i.introductions,
            "accepted": self.report.accepted,
            "real_work": i.real_work,
            "cross_ties_before": i.cross_ties_before,
            "cross_ties_after": i.cross_ties_after,
            "cross_ties_change": i.cross_ties_change,
            "from_lab_introductions": i.from_lab_introductions,
            "share_from_lab": _rounded(i.share_from_lab),
        }

    def people(self) -> dict[str, object]:
        return {
            person: {
                "community": f.community,
                "organisation": f.organisation,
                "administration": f.administration,
                "betweenness": _rounded(f.betweenness),
                "ei": _rounded(f.ei),
            }
            for person, f in sorted(self.report.structure.people.items())
        }


def _rounded(value: Cell) -> Cell:
    """Floats to 4 decimals (6 when small, for betweenness): what a reader can compare."""
    if isinstance(value, float):
        return round(value, 4 if abs(value) >= 0.01 else 6)
    return value


# ---------------------------------------------------------------------------------------------
# Who may read what


def check_access(principal: Principal, audience: str) -> Audience:
    """Staff and admins read both versions; readers the public one; agents neither.

    Raises:
        Forbidden: an agent, or a reader asking for the staff version.
        InvalidInput: an unknown audience.
    """
    chosen = _audience(audience)
    if principal.role is AccessRole.AGENT:
        raise Forbidden("les rapports sur le réseau : réservés à l'équipe du laboratoire et aux lecteurs")
    if principal.role is AccessRole.READER and chosen == "staff":
        raise Forbidden(
            "la version équipe du rapport (personnes nommées) : réservée à l'équipe du laboratoire ; "
            "demandez la version publique (audience=public)"
        )
    return chosen


def for_principal(
    store: GraphStore,
    desk: Desk,
    principal: Principal,
    period: Month | str,
    audience: str,
    *,
    min_group: int = MIN_GROUP,
    today: date | None = None,
) -> HealthReport:
    """The report of a month as ``principal`` may read it (see :func:`check_access`), from the
    store's snapshot and the desk's introductions.

    Raises:
        Forbidden: see :func:`check_access`.
        InvalidInput: a bad period, audience or ``min_group``.
    """
    chosen = check_access(principal, audience)
    month = period if isinstance(period, Month) else parse_period(period, today=today)
    return health_report(
        store.snapshot(),
        period=month,
        audience=chosen,
        min_group=min_group,
        introductions=desk.introductions.of_labs(None),
    )
