"""Month-by-month figures of the network, read from the days its edges carry.

The ties on a month's last day are those of :func:`graph.analytics.ties.person_ties` whose
``since`` is not after it (undated ties count every month): the ties are built once, up to the
last month, and each month keeps its share of them, which is exactly ``person_ties(until=day)``.
People's organisations are taken as of each month's last day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Self

import networkx as nx
import numpy as np
import numpy.typing as npt

from graph.analytics.groups import Employments, across, administration_of, group_codes
from graph.analytics.impact import lab_edge_days
from graph.analytics.ties import edge_arrays, person_ties, tie_days
from graph.model import EdgeKind

__all__ = ["Change", "Month", "MonthFigures", "changes", "monthly_figures"]

Number = int | float
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written ``AAAA-MM``.

    >>> m = Month(2026, 1)
    >>> str(m), str(m.previous()), m.last_day, str(m.shifted(-13))
    ('2026-01', '2025-12', datetime.date(2026, 1, 31), '2024-12')
    """

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month: {self.month} is not between 1 and 12")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year: {self.year} is not between 1 and 9999")

    @classmethod
    def of(cls, day: date) -> Self:
        """The month of a day."""
        return cls(day.year, day.month)

    def shifted(self, months: int) -> Month:
        """This month moved by ``months`` (negative: earlier)."""
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def previous(self) -> Month:
        return self.shifted(-1)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        following = self.shifted(1)
        return date(following.year, following.month, 1) - timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class MonthFigures:
    """The network's headline figures on a month's last day."""

    period: str
    """The month, ``AAAA-MM``."""
    people: int
    """People with at least one tie."""
    ties: int
    ei_administration: float | None
    """The E-I index of the whole network by administration (``None`` without counted ties)."""
    cross_ties: int
    """Ties between people of two different organisations."""
    lab_introductions: int
    """Lab introductions (``INTRODUCED`` with a lab provenance) dated in the month."""

    def headline(self) -> dict[str, Number | None]:
        """The figures without the month, for :func:`changes`."""
        figures = asdict(self)
        del figures["period"]
        return figures


@dataclass(frozen=True)
class Change:
    """One figure, last period and this one."""

    metric: str
    previous: Number | None
    current: Number | None
    delta: Number | None
    """``current − previous``; ``None`` when either is unknown."""


def changes(current: Mapping[str, Number | None], previous: Mapping[str, Number | None]) -> list[Change]:
    """Each figure of ``current``, in its order, with the previous value and the difference.

    A figure missing from ``previous`` has no previous value. Differences of floats are rounded
    to 12 decimals, so that 0.3 − 0.1 reads 0.2.

    >>> changes({"ties": 12, "ei": -0.2}, {"ties": 10, "ei": None})  # doctest: +NORMALIZE_WHITESPACE
    [Change(metric='ties', previous=10, current=12, delta=2),
     Change(metric='ei', previous=None, current=-0.2, delta=None)]
    """
    out = []
    for metric, now in current.items():
        before = previous.get(metric)
        delta: Number | None = None
        if now is not None and before is not None:
            delta = now - before
            if isinstance(delta, float):
                delta = round(delta, 12)
        out.append(Change(metric, before, now, delta))
    return out


def monthly_figures(
    network: nx.MultiDiGraph,
    *,
    last: Month,
    months: int = 12,
    ties: nx.Graph | None = None,
    lab: str | None = None,
    employments: Employments | None = None,
    administration: Mapping[str, str] | None = None,
) -> list[MonthFigures]:
    """The headline figures of each of ``months`` months, the oldest first, ending with ``last``.

    For each month's last day ``D``: the ties whose ``since`` is ``≤ D`` or unknown; the people
    with one of them; the E-I index by administration, (E − I) / (E + I) over those ties between
    people with an administration (:func:`graph.analytics.ei.ei_index`); the ties between two
    organisations (:func:`graph.analytics.impact.cross_organisation_ties`), with organisations
    as of ``D``; and the lab introductions dated in the month (``lab``'s only, if given).

    Cost: the ties once (or none, given ``ties``), the people's employment edges once (or
    never, given ``employments``), then per month a pass over those edges and a numpy pass over
    the ties.

    Args:
        network: a snapshot, as ``GraphStore.snapshot`` makes it.
        last: the last month of the series.
        months: how many months.
        ties: ``person_ties(network, until=last.last_day)``, when the caller already has it.
        lab: count this lab's introductions only.
        employments: ``Employments.of(network)``, when the caller already has it.
        administration: ``administration_of(network)``, when the caller already has it.

    Raises:
        ValueError: ``months`` is below 1.

    Example: A1 and B1 (organisations A and B, one administration each) share a project from
    2026-09-10; the lab introduces A1 to A2 (also at A) on 2026-10-03.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["org:a", "org:b"], node_kind="Organisation")
    >>> for p, org in (("a1", "a"), ("a2", "a"), ("b1", "b")):
    ...     g.add_node(f"person:{p}", node_kind="Person")
    ...     _ = g.add_edge(f"person:{p}", f"org:{org}", key="WORKS_AT")
    >>> g.add_node("project:p", node_kind="Project", start_date="2026-09-10")
    >>> _ = g.add_edge("person:a1", "project:p", key="CONTRIBUTES_TO")
    >>> _ = g.add_edge("person:b1", "project:p", key="CONTRIBUTES_TO")
    >>> _ = g.add_edge("person:a1", "person:a2", key="INTRODUCED", since="2026-10-03", provenance="lab:x")
    >>> for f in monthly_figures(g, last=Month(2026, 10), months=3):
    ...     print(f.period, f.people, f.ties, f.ei_administration, f.cross_ties, f.lab_introductions)
    2026-08 0 0 None 0 0
    2026-09 2 1 1.0 1 0
    2026-10 3 2 0.0 1 1
    """
    if months < 1:
        raise ValueError(f"months: at least 1, not {months}")
    series = [last.shifted(-i) for i in reversed(range(months))]
    if ties is None:
        ties = person_ties(network, until=last.last_day)
    nodes = list(ties)
    source, target, _ = edge_arrays(ties)
    loops = source == target
    since = np.where(loops, np.iinfo(np.int64).max, tie_days(ties))  # a self-loop is no tie
    if employments is None:
        employments = Employments.of(network)
    if administration is None:
        administration = administration_of(network)
    introduced = lab_edge_days(network, EdgeKind.INTRODUCED, lab=lab)
    figures = []
    for month in series:
        day = month.last_day
        employer = employments.as_of(day)
        organisation = group_codes(nodes, employer)
        above = group_codes(nodes, {p: administration[o] for p, o in employer.items() if o in administration})
        kept = since <= day.toordinal()
        u, v = source[kept], target[kept]
        figures.append(
            MonthFigures(
                period=str(month),
                people=int(np.unique(np.concatenate([u, v])).size),
                ties=int(kept.sum()),
                ei_administration=_ei(above[u], above[v]),
                cross_ties=int(np.count_nonzero(across(organisation[u], organisation[v]))),
                lab_introductions=bisect_right(introduced, day) - bisect_left(introduced, month.first_day),
            )
        )
    return figures


def _ei(a: IntArray, b: IntArray) -> float | None:
    counted = (a >= 0) & (b >= 0)
    external = int(np.count_nonzero(counted & (a != b)))
    internal = int(np.count_nonzero(counted & (a == b)))
    total = external + internal
    return None if total == 0 else (external - internal) / total
