"""The lab's impact over a period: the introductions it made, the work that followed, and the
share of the new cross-organisation ties its introductions account for.

A lab's introduction is an ``INTRODUCED`` edge whose ``provenance`` names the lab (``lab:…``);
real work that followed is a ``CONTRIBUTES_TO`` edge with a lab as provenance (the desk adds one
when an introduction ends in joint work). A cross-organisation tie joins two people of two
different organisations (:func:`graph.analytics.groups.organisation_of`, as of the same day).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

import networkx as nx
import numpy as np

from graph.analytics.groups import Employments, across, group_codes
from graph.analytics.ties import as_day, edge_arrays, person_ties, tie_days
from graph.model import ID_PREFIX, EdgeKind, NodeKind

__all__ = ["Impact", "cross_organisation_ties", "impact", "lab_edge_days"]

_LAB_PREFIX = ID_PREFIX[NodeKind.LAB] + ":"
_PERSON = NodeKind.PERSON.value

N = TypeVar("N", bound=Hashable)
G = TypeVar("G", bound=Hashable)


@dataclass(frozen=True)
class Impact:
    """What a lab's introductions did over a period (see :func:`impact`)."""

    introductions: int
    """Lab introductions dated in the period."""
    real_work: int
    """``CONTRIBUTES_TO`` edges with a lab provenance dated in the period."""
    cross_ties_before: int
    """Cross-organisation ties the day before the period starts."""
    cross_ties_after: int
    """Cross-organisation ties on the period's last day."""
    from_lab_introductions: int
    """New cross-organisation ties (there at the end, not before) that carry a lab introduction."""

    @property
    def cross_ties_change(self) -> int:
        """``cross_ties_after − cross_ties_before``."""
        return self.cross_ties_after - self.cross_ties_before

    @property
    def share_from_lab(self) -> float | None:
        """``min(1, from_lab_introductions / cross_ties_change)``; ``None`` when the change is ≤ 0.

        A share of a loss or of no change means nothing, hence ``None``. The ratio exceeds 1 when
        cross ties were lost meanwhile (people changing organisation) while the lab made new
        ones: the lab then made all of the net change, and the share is 1.
        """
        change = self.cross_ties_change
        if change <= 0:
            return None
        return min(1.0, self.from_lab_introductions / change)


def lab_edge_days(network: nx.MultiDiGraph, kind: EdgeKind, *, lab: str | None = None) -> list[date]:
    """The days of a person's edges of this kind whose provenance is a lab (``lab`` only, if
    given), sorted; undated edges are left out, since no period holds them.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["person:a", "person:b"], node_kind="Person")
    >>> _ = g.add_edge("person:a", "person:b", key="INTRODUCED", since="2026-10-02", provenance="lab:x")
    >>> _ = g.add_edge("person:b", "person:a", key="INTRODUCED", since="2026-09-30", provenance="import")
    >>> lab_edge_days(g, EdgeKind.INTRODUCED)
    [datetime.date(2026, 10, 2)]
    """
    wanted = kind.value
    kind_of = dict(network.nodes(data="node_kind"))
    days: list[date] = []
    # ``adjacency()`` of people only: several times faster than every edge with its key and data.
    for source, targets in network.adjacency():
        if kind_of.get(source) != _PERSON:
            continue
        for keyed in targets.values():
            data = keyed.get(wanted)  # edges are keyed by kind: at most one per pair
            if data is None:
                continue
            provenance = data.get("provenance")
            if not isinstance(provenance, str) or not provenance.startswith(_LAB_PREFIX):
                continue
            if lab is not None and provenance != lab:
                continue
            day = as_day(data.get("since"))
            if day is not None:
                days.append(day)
    return sorted(days)


def cross_organisation_ties(ties: nx.Graph, organisations: Mapping[N, G]) -> set[frozenset[N]]:
    """The ties between two people who both have an organisation, and not the same one.

    >>> t = nx.Graph([("a", "b"), ("b", "c"), ("c", "x")])
    >>> sorted(sorted(pair) for pair in cross_organisation_ties(t, {"a": "O", "b": "O", "c": "P"}))
    [['b', 'c']]
    """
    return {frozenset((u, v)) for u, v in _crossing(ties, organisations)}


def _crossing(ties: nx.Graph, organisations: Mapping[N, G]) -> Iterator[tuple[N, N]]:
    for u, v in ties.edges():
        a, b = organisations.get(u), organisations.get(v)
        if a is not None and b is not None and a != b:
            yield u, v


def _carries_introduction(data: Mapping[str, object], lab: str | None) -> bool:
    kinds = data.get("kinds")
    provenance = data.get("provenance")
    if not isinstance(kinds, frozenset) or "introduction" not in kinds:
        return False
    if not isinstance(provenance, frozenset) or not provenance:
        return False
    return lab is None or lab in provenance


def impact(
    network: nx.MultiDiGraph,
    *,
    start: date,
    end: date,
    lab: str | None = None,
    ties: nx.Graph | None = None,
    employments: Employments | None = None,
) -> Impact:
    r"""What a lab's introductions did between ``start`` and ``end`` (both included).

    * introductions: ``INTRODUCED`` edges with a lab provenance whose ``since`` is in the period;
    * real work: ``CONTRIBUTES_TO`` edges with a lab provenance whose ``since`` is in the period;
    * cross ties before and after: the cross-organisation ties of
      ``person_ties(network, until=start − 1 day)`` and of ``person_ties(network, until=end)``,
      each with the organisations as of that day (the first read from the second: the ties of
      ``end`` dated before ``start``);
    * from lab introductions: the ties cross at the end and not before (new, or newly crossing)
      whose ``kinds`` holds ``"introduction"`` and whose ``provenance`` names a lab.

    .. math::

       \text{share} = \min\Big(1, \frac{\text{from lab introductions}}{C_\text{after} - C_\text{before}}\Big)
       \quad\text{when } C_\text{after} > C_\text{before}, \text{ else undefined (None)}

    A tie that both a project and an introduction made counts as the lab's: the introduction is
    recorded on it, whichever came first.

    Args:
        network: a snapshot, as ``GraphStore.snapshot`` makes it.
        start: the period's first day.
        end: the period's last day.
        lab: count this lab's introductions and work only (default: every lab's).
        ties: ``person_ties(network, until=end)``, when the caller already has it.
        employments: ``Employments.of(network)``, when the caller already has it.

    Raises:
        ValueError: ``end`` is before ``start``.

    Example: A1, A2 at organisation A, B1, B2 at B; A1–A2 and B1–B2 share projects since 2026;
    the lab introduces A2 to B1 in October: the only new cross tie, so the share is 1.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["org:a", "org:b"], node_kind="Organisation")
    >>> for p, org in (("a1", "a"), ("a2", "a"), ("b1", "b"), ("b2", "b")):
    ...     g.add_node(f"person:{p}", node_kind="Person", name=p.upper())
    ...     _ = g.add_edge(f"person:{p}", f"org:{org}", key="WORKS_AT", since="2020-01-01")
    >>> g.add_nodes_from(["project:pa", "project:pb"], node_kind="Project", start_date="2026-01-05")
    >>> for p, project in (("a1", "pa"), ("a2", "pa"), ("b1", "pb"), ("b2", "pb")):
    ...     _ = g.add_edge(f"person:{p}", f"project:{project}", key="CONTRIBUTES_TO")
    >>> _ = g.add_edge("person:a2", "person:b1", key="INTRODUCED", since="2026-10-14",
    ...                provenance="lab:x", project="project:pa")
    >>> result = impact(g, start=date(2026, 10, 1), end=date(2026, 10, 31))
    >>> result.introductions, result.cross_ties_before, result.cross_ties_after, result.from_lab_introductions
    (1, 0, 1, 1)
    >>> result.cross_ties_change, result.share_from_lab
    (1, 1.0)
    """
    if end < start:
        raise ValueError(f"end: {end} is before start {start}")
    before_day = start - timedelta(days=1)
    if employments is None:
        employments = Employments.of(network)
    if ties is None:
        ties = person_ties(network, until=end)
    # The ties of the day before are those of the end whose day is not later (person_ties):
    # the pairs are exact; their kinds then are not needed, only whether they crossed.
    nodes = list(ties)
    u, v, _ = edge_arrays(ties)
    existed = tie_days(ties) <= before_day.toordinal()
    before_codes = group_codes(nodes, employments.as_of(before_day))
    after_codes = group_codes(nodes, employments.as_of(end))
    crossed = existed & across(before_codes[u], before_codes[v])
    crossing = across(after_codes[u], after_codes[v])
    new = np.flatnonzero(crossing & ~crossed)
    from_lab = sum(
        1 for i in new.tolist() if _carries_introduction(ties.edges[nodes[u[i]], nodes[v[i]]], lab)
    )

    def in_period(kind: EdgeKind) -> int:
        return sum(1 for day in lab_edge_days(network, kind, lab=lab) if start <= day <= end)

    return Impact(
        introductions=in_period(EdgeKind.INTRODUCED),
        real_work=in_period(EdgeKind.CONTRIBUTES_TO),
        cross_ties_before=int(np.count_nonzero(crossed)),
        cross_ties_after=int(np.count_nonzero(crossing)),
        from_lab_introductions=from_lab,
    )
