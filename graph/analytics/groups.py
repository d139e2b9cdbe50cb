"""Who belongs where: the groups whose silos the network-health metrics look for.

A person's group is their organisation, its administration (the root of its ``PART_OF``
chain), its sector, or their territory. People without a group are absent from the mappings,
and the metrics leave them out.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar, get_args

import networkx as nx
import numpy as np
import numpy.typing as npt

from graph.analytics.ties import as_day
from graph.model import EdgeKind, NodeKind, OrgKind

Sector = Literal["État", "collectivité", "société civile", "entreprise", "recherche"]
SECTORS: tuple[Sector, ...] = get_args(Sector)

SECTOR_OF_KIND: Mapping[OrgKind, Sector] = {
    OrgKind.STATE_CENTRAL: "État",
    OrgKind.STATE_DECONCENTRATED: "État",
    OrgKind.PUBLIC_OPERATOR: "État",
    OrgKind.LOCAL_AUTHORITY: "collectivité",
    OrgKind.ASSOCIATION: "société civile",
    OrgKind.COMPANY: "entreprise",
    OrgKind.UNIVERSITY: "recherche",
}
"""Each kind of organisation's sector (see :func:`sector_of`)."""

LAB_SECTOR: Sector = "État"
"""The sector of a lab: the labs of the DITP network are State labs."""

GroupBy = Literal["organisation", "administration", "sector", "territory"]
GROUPINGS: tuple[GroupBy, ...] = get_args(GroupBy)

N = TypeVar("N", bound=Hashable)
G = TypeVar("G", bound=Hashable)

_PERSON = NodeKind.PERSON.value
_ORGANISATION = NodeKind.ORGANISATION.value
_UNITS = frozenset({NodeKind.ORGANISATION.value, NodeKind.LAB.value})
_TERRITORY = NodeKind.TERRITORY.value


def organisation_of(network: nx.MultiDiGraph, *, until: date | None = None) -> dict[str, str]:
    """Each person's organisation: the target of their ``WORKS_AT`` edge.

    A person working at a lab belongs to the lab (``lab:…``), not to the lab's host: the lab is
    its own group. With several employers: edges whose ``since`` is after ``until`` are out;
    then an employment still running on that day beats one that had ended (running: the edge
    has no end date of its own, or one on or after ``until``; with ``until=None``, only edges
    without an end date run); then the most recent ``since`` (undated counts as oldest); then
    the smallest id. So a person whose every employment has ended keeps their last employer.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("person:a", {"node_kind": "Person"}), ("org:x", {"node_kind": "Organisation"}),
    ...                   ("org:y", {"node_kind": "Organisation"}), ("lab:z", {"node_kind": "Lab"})])
    >>> _ = g.add_edge("person:a", "org:x", key="WORKS_AT", since="2015-01-01")
    >>> _ = g.add_edge("person:a", "org:y", key="WORKS_AT", since="2021-06-01")
    >>> organisation_of(g), organisation_of(g, until=date(2020, 1, 1))
    ({'person:a': 'org:y'}, {'person:a': 'org:x'})
    """
    return Employments.of(network).as_of(until)


@dataclass(frozen=True)
class _Candidates:
    """The edges of one kind between nodes of the given kinds, read once, with their days.

    Each row is ``(source, target, since, recency, ended)``: ``recency`` is ``−ordinal(since)``
    (undated: the oldest), so that the smallest rank is the chosen edge (see :meth:`chosen`).
    """

    rows: tuple[tuple[str, str, date | None, int, date | None], ...]

    @classmethod
    def of(
        cls, network: nx.MultiDiGraph, kind: EdgeKind, sources: Iterable[str], targets: Iterable[str]
    ) -> _Candidates:
        source_kinds, target_kinds = frozenset(sources), frozenset(targets)
        kind_of = dict(network.nodes(data="node_kind"))
        wanted = kind.value
        rows = []
        for source, neighbours in network.adjacency():
            if kind_of.get(source) not in source_kinds:
                continue
            for target, keyed in neighbours.items():
                data = keyed.get(wanted)  # edges are keyed by kind: at most one per pair
                if data is None or kind_of.get(target) not in target_kinds:
                    continue
                since = as_day(data.get("since"))
                rows.append(
                    (source, target, since, -(since or date.min).toordinal(), as_day(data.get("until")))
                )
        return cls(tuple(rows))

    def chosen(self, until: date | None) -> dict[str, str]:
        """For each source, the target of its one chosen edge as of ``until`` (the rule of
        :func:`organisation_of`), sorted by source."""
        best: dict[str, tuple[bool, int, str]] = {}
        for source, target, since, recency, ended in self.rows:
            if until is not None and since is not None and since > until:
                continue
            ongoing = ended is None or (until is not None and ended >= until)
            # Ongoing first, then the most recent start, then the smallest id: the smallest tuple.
            rank = (not ongoing, recency, target)
            if source not in best or rank < best[source]:
                best[source] = rank
        return {source: rank[2] for source, rank in sorted(best.items())}


@dataclass(frozen=True)
class Employments:
    """People's ``WORKS_AT`` edges, read from the network once, to tell their organisation on
    many days: ``Employments.of(network).as_of(day) == organisation_of(network, until=day)``.

    Built from a snapshot, it does not follow later changes to the network: build another.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("person:a", {"node_kind": "Person"}), ("org:x", {"node_kind": "Organisation"}),
    ...                   ("org:y", {"node_kind": "Organisation"})])
    >>> _ = g.add_edge("person:a", "org:x", key="WORKS_AT", since="2015-01-01")
    >>> _ = g.add_edge("person:a", "org:y", key="WORKS_AT", since="2021-06-01")
    >>> employments = Employments.of(g)
    >>> employments.as_of(None), employments.as_of(date(2020, 1, 1)), employments.as_of(date(2014, 1, 1))
    ({'person:a': 'org:y'}, {'person:a': 'org:x'}, {})
    """

    edges: _Candidates

    @classmethod
    def of(cls, network: nx.MultiDiGraph) -> Employments:
        """The employment edges of ``network``: one pass over its adjacency."""
        return cls(_Candidates.of(network, EdgeKind.WORKS_AT, {_PERSON}, _UNITS))

    def as_of(self, until: date | None = None) -> dict[str, str]:
        """Each person's organisation on ``until``, chosen as by :func:`organisation_of`."""
        return self.edges.chosen(until)


def administration_of(network: nx.MultiDiGraph) -> dict[str, str]:
    """Each organisation's and lab's administration: the root of its ``PART_OF`` chain.

    An organisation without a parent is its own root. With several parents, the one chosen as
    for :func:`organisation_of`. A cycle of ``PART_OF`` edges has no root: its smallest id
    stands for it, for every organisation on or below the cycle.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["org:ddt", "org:prefecture", "lab:l"], node_kind="Organisation")
    >>> g.nodes["lab:l"]["node_kind"] = "Lab"
    >>> _ = g.add_edge("org:ddt", "org:prefecture", key="PART_OF")
    >>> _ = g.add_edge("lab:l", "org:ddt", key="PART_OF")
    >>> administration_of(g)
    {'lab:l': 'org:prefecture', 'org:ddt': 'org:prefecture', 'org:prefecture': 'org:prefecture'}
    """
    units = sorted(n for n, kind in network.nodes(data="node_kind") if kind in _UNITS)
    parent = _chosen_targets(network, EdgeKind.PART_OF, _UNITS, {_ORGANISATION}, None)
    root: dict[str, str] = {}
    for start in units:
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in root and node not in position:
            position[node] = len(path)
            path.append(node)
            node = parent.get(node)
        if node is None:
            top = path[-1]
        elif node in root:
            top = root[node]
        else:
            top = min(path[position[node] :])
        for unit in path:
            root[unit] = top
    return {unit: root[unit] for unit in units}


def sector_of(network: nx.MultiDiGraph) -> dict[str, str]:
    """Each organisation's and lab's sector, from its ``kind``.

    ======================================================  ==================
    ``OrgKind``                                             sector
    ======================================================  ==================
    ``state_central``, ``state_deconcentrated``             ``État``
    ``public_operator`` (France Travail, CAF, ADEME, …)     ``État``
    ``local_authority``                                     ``collectivité``
    ``association``                                         ``société civile``
    ``company``                                             ``entreprise``
    ``university``                                          ``recherche``
    a lab                                                   ``État``
    ======================================================  ==================

    An organisation whose ``kind`` is missing or unknown is absent.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("org:caf", node_kind="Organisation", kind="public_operator")
    >>> g.add_node("org:ville", node_kind="Organisation", kind="local_authority")
    >>> g.add_node("lab:l", node_kind="Lab")
    >>> sector_of(g)
    {'lab:l': 'État', 'org:caf': 'État', 'org:ville': 'collectivité'}
    """
    known = {kind.value: sector for kind, sector in SECTOR_OF_KIND.items()}
    sectors: dict[str, str] = {}
    for node, data in sorted(network.nodes(data=True)):
        kind = data.get("node_kind")
        if kind == NodeKind.LAB.value:
            sectors[node] = LAB_SECTOR
        elif kind == _ORGANISATION and data.get("kind") in known:
            sectors[node] = known[data["kind"]]
    return sectors


def territory_of(
    network: nx.MultiDiGraph, *, until: date | None = None, employments: Employments | None = None
) -> dict[str, str]:
    """Each person's territory: their ``LOCATED_IN``, else their organisation's.

    The territory is the one recorded (a commune, a département or a région), not rolled up.
    Several are chosen between as for :func:`organisation_of`, and the organisation is
    :func:`organisation_of`'s (as of ``until``; read from ``employments``, the network's
    :class:`Employments`, when the caller already has it).

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["person:a", "person:b"], node_kind="Person")
    >>> g.add_node("org:x", node_kind="Organisation")
    >>> g.add_nodes_from(["territory:dep-27", "territory:dep-61"], node_kind="Territory")
    >>> _ = g.add_edge("person:a", "territory:dep-61", key="LOCATED_IN")
    >>> _ = g.add_edge("person:b", "org:x", key="WORKS_AT")
    >>> _ = g.add_edge("org:x", "territory:dep-27", key="LOCATED_IN")
    >>> territory_of(g)
    {'person:a': 'territory:dep-61', 'person:b': 'territory:dep-27'}
    """
    located = _chosen_targets(network, EdgeKind.LOCATED_IN, {_PERSON} | _UNITS, {_TERRITORY}, until)
    people = sorted(n for n, kind in network.nodes(data="node_kind") if kind == _PERSON)
    if employments is None:
        employments = Employments.of(network)
    employer = employments.as_of(until)
    territories: dict[str, str] = {}
    for person in people:
        territory = located.get(person)
        if territory is None and person in employer:
            territory = located.get(employer[person])
        if territory is not None:
            territories[person] = territory
    return territories


def person_groups(network: nx.MultiDiGraph, *, by: GroupBy, until: date | None = None) -> dict[str, str]:
    """Each person's group: their organisation, its administration or sector, or their territory.

    ``"organisation"`` is :func:`organisation_of`; ``"administration"`` the root of that
    organisation (:func:`administration_of`); ``"sector"`` its :func:`sector_of`; and
    ``"territory"`` :func:`territory_of`. People without a group are absent.

    Raises:
        ValueError: an unknown ``by``.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["person:a", "person:b"], node_kind="Person")
    >>> g.add_node("org:ddt", node_kind="Organisation", kind="state_deconcentrated")
    >>> g.add_node("org:prefecture", node_kind="Organisation", kind="state_deconcentrated")
    >>> _ = g.add_edge("person:a", "org:ddt", key="WORKS_AT")
    >>> _ = g.add_edge("org:ddt", "org:prefecture", key="PART_OF")
    >>> person_groups(g, by="administration"), person_groups(g, by="sector")
    ({'person:a': 'org:prefecture'}, {'person:a': 'État'})
    """
    if by not in GROUPINGS:
        raise ValueError(f"by: unknown grouping {by!r}; expected one of {', '.join(GROUPINGS)}")
    if by == "territory":
        return territory_of(network, until=until)
    employer = organisation_of(network, until=until)
    if by == "organisation":
        return employer
    above = administration_of(network) if by == "administration" else sector_of(network)
    return {person: above[unit] for person, unit in employer.items() if unit in above}


def group_codes(nodes: Sequence[N], groups: Mapping[N, G]) -> npt.NDArray[np.int64]:
    """Each node's group as a number (groups numbered as first met), -1 without a group: what
    numpy compares, tie by tie, with the ends from :func:`graph.analytics.ties.edge_arrays`.

    >>> group_codes(["a", "b", "c", "d"], {"a": "X", "b": "Y", "d": "X"}).tolist()
    [0, 1, -1, 0]
    """
    numbered: dict[G, int] = {}
    return np.fromiter(
        (numbered.setdefault(groups[n], len(numbered)) if n in groups else -1 for n in nodes),
        dtype=np.int64,
        count=len(nodes),
    )


def across(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which ties join two different groups, from their ends' :func:`group_codes` (a tie with an
    end without a group is not across).

    >>> across(np.array([0, 0, -1]), np.array([1, 0, 1])).tolist()
    [True, False, False]
    """
    crossing: npt.NDArray[np.bool_] = (a >= 0) & (b >= 0) & (a != b)
    return crossing


def _chosen_targets(
    network: nx.MultiDiGraph,
    kind: EdgeKind,
    sources: Iterable[str],
    targets: Iterable[str],
    until: date | None,
) -> dict[str, str]:
    """For each node of the source kinds, the target of its one chosen edge of this kind."""
    return _Candidates.of(network, kind, sources, targets).chosen(until)
