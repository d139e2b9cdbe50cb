"""Brokers: the people who sit between others in the tie graph.

Three families of measures, each taking the undirected tie graph first:

* :func:`betweenness`: the share of shortest paths between other people that go through a
  person, exact on small graphs and sampled (with the sample size stated) on large ones;
* :func:`constraint` and :func:`effective_size`: Burt's structural holes, how much a person's
  contacts are tied to one another;
* :func:`brokerage_roles`: Gould and Fernandez's roles, which say *which* groups a broker joins.

The heavy lifting is done by python-igraph (betweenness) and by scipy.sparse products restricted
to the ties (structural holes, brokerage), so that the measures stay usable at 100k people and
500k ties where networkx takes minutes or hours (``../shared/FACTS.md``). networkx stays the
reference: the tests check each measure against it.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from graph.analytics.ties import as_igraph, edge_arrays

__all__ = [
    "DEFAULT_SAMPLE",
    "EXACT_UP_TO",
    "ROLES",
    "BetweennessResult",
    "Role",
    "betweenness",
    "brokerage_roles",
    "constraint",
    "effective_size",
]

EXACT_UP_TO = 5_000
"""Graphs with at most this many nodes get exact betweenness (igraph: about a second at 5,000)."""
DEFAULT_SAMPLE = 500
"""Source nodes sampled for betweenness on larger graphs."""

Role = Literal["coordinator", "gatekeeper_representative", "consultant", "liaison"]
ROLES: tuple[Role, ...] = ("coordinator", "gatekeeper_representative", "consultant", "liaison")
"""Gould and Fernandez's roles on undirected ties (gatekeeper and representative merged)."""

_PRODUCT_BUDGET = 20_000_000
"""Upper bound on the non-zeros of one block of a sparse product (about 250 MB)."""

N = TypeVar("N", bound=Hashable)
G = TypeVar("G", bound=Hashable)
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


# ---------------------------------------------------------------------------------------------
# Betweenness


@dataclass(frozen=True)
class BetweennessResult:
    """Betweenness scores, and how they were obtained."""

    scores: dict[Hashable, float]
    """Score per node, on the scale of ``nx.betweenness_centrality`` with the same options."""
    sampled_sources: int | None
    """Number of source nodes sampled, or ``None`` when the scores are exact."""
    nodes: int
    """Number of nodes in the graph."""

    @property
    def exact(self) -> bool:
        """Whether every node was used as a source (no sampling)."""
        return self.sampled_sources is None


def betweenness(
    ties: nx.Graph,
    *,
    sample: int | None = None,
    seed: int = 0,
    normalized: bool = True,
    weight: str | None = None,
    exact_up_to: int = EXACT_UP_TO,
) -> BetweennessResult:
    r"""Shortest-path betweenness of every node, exact or estimated from sampled sources.

    .. math::

       c_B(v) = \sum_{s \ne v \ne t} \frac{\sigma(s, t \mid v)}{\sigma(s, t)}

    where :math:`\sigma(s, t)` is the number of shortest paths between ``s`` and ``t`` and
    :math:`\sigma(s, t \mid v)` the number of those through ``v``. Each unordered pair counts
    once; ``normalized`` divides by the number of pairs that exclude ``v``,
    :math:`(n-1)(n-2)/2`. The values are those of ``nx.betweenness_centrality`` with the same
    ``normalized`` and ``weight``.

    The scores are exact when the graph has at most ``exact_up_to`` nodes (or when ``sample``
    covers every node). Otherwise ``sample`` source nodes (:data:`DEFAULT_SAMPLE` when ``None``) are
    drawn with ``random.Random(seed).sample(list(ties), sample)`` and the accumulated
    dependencies are scaled by ``n / k`` (precisely: by the number of sources that could have
    counted ``v``, ``k - 1`` for a sampled ``v`` and ``k`` otherwise), which is what
    ``nx.betweenness_centrality(ties, k=sample, seed=seed)`` returns. Sampling is an estimate:
    it ranks the main brokers well (Spearman 0.94–0.98 over the exact top 50 of a 2,000-node
    graph with 500 sources, seeds 0–2) but not the long tail.

    Runs in python-igraph after one conversion: exact costs O(n·m) unweighted, the sample
    O(k·m). Self-loops do not change shortest paths and are ignored.

    Args:
        ties: Undirected tie graph.
        sample: Number of source nodes to sample when the graph is larger than ``exact_up_to``.
        seed: Seed of the source sample.
        normalized: Divide by the number of node pairs that exclude ``v``.
        weight: Edge attribute read as a *distance* (larger = farther), as in networkx; a
            tie strength must be inverted first. ``None`` counts hops.
        exact_up_to: Largest graph computed exactly.

    Returns:
        The scores, the number of sampled sources (``None`` when exact) and the node count.

    Raises:
        ValueError: ``sample`` is below 2 (one source cannot estimate its own score).

    Example: on the path a–b–c–d–e, ``b`` is on the paths of 3 pairs ({a,c}, {a,d}, {a,e})
    and ``c`` on 4, out of 6 pairs that exclude each of them.

    >>> ties = nx.path_graph("abcde")
    >>> result = betweenness(ties)
    >>> {v: round(s, 4) for v, s in result.scores.items()}
    {'a': 0.0, 'b': 0.5, 'c': 0.6667, 'd': 0.5, 'e': 0.0}
    >>> result.sampled_sources is None, result.nodes
    (True, 5)
    >>> betweenness(ties, normalized=False).scores["c"]
    4.0
    """
    if sample is not None and sample < 2:
        raise ValueError(f"sample must be at least 2 sources, got {sample}")
    nodes = list(ties)
    n = len(nodes)
    k = DEFAULT_SAMPLE if sample is None else sample
    if n <= exact_up_to or k >= n:
        return BetweennessResult(_exact_betweenness(ties, nodes, normalized, weight), None, n)
    sources = random.Random(seed).sample(nodes, k)
    return BetweennessResult(_sampled_betweenness(ties, nodes, sources, normalized, weight), k, n)


def _exact_betweenness(
    ties: nx.Graph, nodes: list[Hashable], normalized: bool, weight: str | None
) -> dict[Hashable, float]:
    n = len(nodes)
    if n == 0:
        return {}
    graph, weights = as_igraph(ties, nodes, weight)
    raw = np.asarray(graph.betweenness(directed=False, weights=weights), dtype=np.float64)
    # igraph counts each unordered pair once, like networkx's undirected values.
    if normalized and n > 2:
        raw *= 2.0 / ((n - 1) * (n - 2))
    return dict(zip(nodes, raw.tolist(), strict=True))


def _sampled_betweenness(
    ties: nx.Graph,
    nodes: list[Hashable],
    sources: list[Hashable],
    normalized: bool,
    weight: str | None,
) -> dict[Hashable, float]:
    n, k = len(nodes), len(sources)
    graph, weights = as_igraph(ties, nodes, weight)
    index = {node: i for i, node in enumerate(nodes)}
    picked = [index[s] for s in sources]
    # igraph halves the subset sums on undirected graphs; Brandes' ordered sum is twice that.
    ordered = 2.0 * np.asarray(
        graph.betweenness(directed=False, weights=weights, sources=picked, targets=None),
        dtype=np.float64,
    )
    # A sampled node never counts paths from itself: it was seen by k - 1 sources, others by k.
    seen_by = np.full(n, float(k))
    seen_by[picked] = k - 1
    # Normalized: the mean over the ordered pairs (s, t) that exclude v; otherwise that mean
    # times the (n - 1)(n - 2) / 2 unordered pairs of the exact count.
    scale = 1.0 / (seen_by * (n - 2)) if normalized else (n - 1) / (2.0 * seen_by)
    return dict(zip(nodes, (ordered * scale).tolist(), strict=True))


# ---------------------------------------------------------------------------------------------
# Structural holes


def constraint(ties: nx.Graph, *, weight: str | None = None) -> dict[Hashable, float]:
    r"""Burt's constraint of every node: how much its contacts are tied to one another.

    .. math::

       c(u) = \sum_{v \in N(u)} \Big(p_{uv} + \sum_{w \in N(u) \setminus \{v\}} p_{uw}\,p_{wv}\Big)^2,
       \qquad p_{uv} = \frac{a_{uv}}{\sum_{x \in N(u)} a_{ux}}

    where :math:`a_{uv}` is the tie's weight (1 when ``weight`` is ``None``). A person whose
    contacts all know one another is constrained (up to 1.125 in a triangle, more with fewer
    contacts); a broker between unconnected contacts has a constraint near :math:`1/\deg`. The
    values are those of ``nx.constraint``; an isolated node's is ``nan``, as there.

    Computed for all nodes at once as sparse products restricted to the ties,
    :math:`P + (P P) \circ A`: O(sum of degree²) time in compiled code, with memory bounded by
    working on blocks of rows (networkx's matrix path is O(n²) in memory, its per-node path
    O(n·d²) in Python). Self-loops are ignored; weights must be positive.

    Args:
        ties: Undirected tie graph.
        weight: Edge attribute holding tie strength; ``None`` counts every tie as 1.

    Returns:
        Constraint per node.

    Example: in the star 0–{1, 2, 3}, the centre has :math:`p = 1/3` with each leaf and no
    indirect path, so :math:`c(0) = 3 \cdot (1/3)^2 = 1/3`; a leaf has one contact,
    :math:`c = 1^2 = 1`. In a triangle, :math:`c = 2 \cdot (1/2 + 1/2 \cdot 1/2)^2 = 9/8`.

    >>> {v: round(c, 4) for v, c in constraint(nx.star_graph(3)).items()}
    {0: 0.3333, 1: 1.0, 2: 1.0, 3: 1.0}
    >>> constraint(nx.complete_graph(3))[0]
    1.125
    """
    nodes = list(ties)
    if not nodes:
        return {}
    adjacency = _adjacency(ties, nodes, weight)
    strength = np.asarray(adjacency.sum(axis=1)).ravel()
    shares = _scale_rows(adjacency, _safe_inverse(strength))
    indirect = _masked_product(shares, shares, adjacency)
    local = (shares + indirect).power(2)
    values = np.asarray(local.sum(axis=1), dtype=np.float64).ravel()
    values[strength == 0] = np.nan
    return dict(zip(nodes, values.tolist(), strict=True))


def effective_size(ties: nx.Graph, *, weight: str | None = None) -> dict[Hashable, float]:
    r"""Burt's effective size of every node: its contacts, minus their redundancy.

    .. math::

       e(u) = \sum_{v \in N(u)} \Big(1 - \sum_{w \in N(u)} p_{uw}\, m_{vw}\Big),
       \qquad m_{vw} = \frac{a_{vw}}{\max_{x \in N(v)} a_{vx}}

    with :math:`p_{uw}` as in :func:`constraint`. Without weights this is Borgatti's
    :math:`e(u) = n - 2t/n`, for :math:`n` contacts with :math:`t` ties among them. The values
    are those of ``nx.effective_size``; an isolated node's is ``nan``, as there. (Weighted, they
    are those of its per-node path, ``nodes=list(ties)``: networkx 3.6's matrix path divides by
    the wrong row's maximum, networkx PR #8906.)

    Computed as :math:`\deg(u) - \sum_w P_{uw} \, ((B M) \circ A)_{uw}` with ``B`` the binary
    adjacency: sparse products restricted to the ties, O(sum of degree²) time in compiled code
    and memory bounded by row blocks. Self-loops are ignored; weights must be positive.

    Args:
        ties: Undirected tie graph.
        weight: Edge attribute holding tie strength; ``None`` counts every tie as 1.

    Returns:
        Effective size per node.

    Example: the centre of a star with 3 leaves has 3 non-redundant contacts,
    :math:`e = 3 - 0/3 = 3`; in a triangle each node has 2 contacts tied to each other,
    :math:`e = 2 - 2 \cdot 1/2 = 1`.

    >>> effective_size(nx.star_graph(3))
    {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    >>> effective_size(nx.complete_graph(3))[0]
    1.0
    """
    nodes = list(ties)
    if not nodes:
        return {}
    adjacency = _adjacency(ties, nodes, weight)
    strength = np.asarray(adjacency.sum(axis=1)).ravel()
    shares = _scale_rows(adjacency, _safe_inverse(strength))
    top = adjacency.max(axis=1).toarray().ravel()
    relative = _scale_rows(adjacency, _safe_inverse(top))
    binary = adjacency.copy()
    binary.data[:] = 1.0
    redundancy = shares.multiply(_masked_product(binary, relative, adjacency))
    degree = np.diff(adjacency.indptr).astype(np.float64)
    values = degree - np.asarray(redundancy.sum(axis=1), dtype=np.float64).ravel()
    values[degree == 0] = np.nan
    return dict(zip(nodes, values.tolist(), strict=True))


def _adjacency(ties: nx.Graph, nodes: list[Hashable], weight: str | None) -> Any:
    """Symmetric CSR adjacency (row ``i`` is ``nodes[i]``, ``nodes`` being ``list(ties)``),
    weights or ones, no self-loops."""
    u, v, w = edge_arrays(ties, weight)
    loop = u != v
    r, c, d = u[loop], v[loop], w[loop]
    n = len(nodes)
    matrix = sp.coo_array((np.concatenate([d, d]), (np.concatenate([r, c]), np.concatenate([c, r]))), (n, n))
    return matrix.tocsr()


def _safe_inverse(values: FloatArray) -> FloatArray:
    out = np.zeros_like(values)
    np.divide(1.0, values, out=out, where=values != 0)
    return out


def _scale_rows(matrix: Any, factors: FloatArray) -> Any:
    """``diag(factors) @ matrix`` without leaving CSR."""
    scaled = matrix.copy()
    scaled.data = scaled.data * np.repeat(factors, np.diff(scaled.indptr))
    return scaled


def _masked_product(left: Any, right: Any, mask: Any) -> Any:
    """``(left @ right) ∘ pattern(mask)`` in CSR, computed in blocks of rows.

    The full product has up to sum-of-degree² non-zeros; a block's rows are chosen so that its
    product stays under :data:`_PRODUCT_BUDGET` non-zeros (a single row may exceed it alone).
    """
    n = left.shape[0]
    if n == 0:
        return sp.csr_array(left.shape, dtype=left.dtype)
    pattern = mask.copy()
    pattern.data = np.ones_like(pattern.data, dtype=left.dtype)
    binary_left = left.copy()
    binary_left.data = np.ones_like(binary_left.data, dtype=np.float64)
    # Upper bound on the non-zeros of each row of the product.
    row_cost = binary_left @ np.diff(right.indptr).astype(np.float64)
    ends = _block_ends(np.cumsum(row_cost), _PRODUCT_BUDGET)
    blocks = []
    start = 0
    for end in ends:
        blocks.append((left[start:end] @ right).multiply(pattern[start:end]).tocsr())
        start = end
    return blocks[0] if len(blocks) == 1 else sp.vstack(blocks, format="csr")


def _block_ends(cumulative: FloatArray, budget: float) -> list[int]:
    """Row indices ending each block, so that each block's cost stays within ``budget``."""
    n = len(cumulative)
    ends: list[int] = []
    start, offset = 0, 0.0
    while start < n:
        end = int(np.searchsorted(cumulative, offset + budget, side="right"))
        end = max(end, start + 1)
        ends.append(end)
        offset = float(cumulative[end - 1])
        start = end
    return ends


# ---------------------------------------------------------------------------------------------
# Brokerage roles


def brokerage_roles(ties: nx.Graph, groups: Mapping[N, G]) -> dict[N, dict[Role, int]]:
    r"""Gould and Fernandez's brokerage roles of every person with a group.

    A person ``b`` brokers each pair ``{a, c}`` of their contacts who are not tied to each
    other (the two-path a–b–c with no a–c tie). The pair's role depends on the groups
    :math:`g` (organisations, administrations…) of the three:

    =============================  ===================================  ======================
    role                           groups                               picture
    =============================  ===================================  ======================
    ``coordinator``                :math:`g_a = g_b = g_c`              inside one group
    ``gatekeeper_representative``  exactly one of :math:`g_a, g_c`      at the group's edge
                                   equals :math:`g_b`
    ``consultant``                 :math:`g_a = g_c \ne g_b`            an outsider between
                                                                        two insiders
    ``liaison``                    :math:`g_a, g_b, g_c` all differ     between three groups
    =============================  ===================================  ======================

    Undirected ties convention: each unordered pair ``{a, c}`` counts once per broker, as in
    the usual reading of Gould and Fernandez on symmetric data. Gatekeeper (the outsider sends
    to ``b``, who passes inside) and representative (``b`` passes an insider's word outside)
    differ only in the direction of flow, which undirected ties do not record, so they are
    reported together; a count of each direction would be this number twice.

    Only ties among people with a group count: a person absent from ``groups`` (or mapped to
    ``None``) is neither a broker nor an end of a two-path. The result holds every person of
    the graph with a group, with all four roles (zeros included).

    Counted without listing two-paths: for each broker, the pairs of contacts by group
    composition follow from the number of contacts in each group
    (:math:`\binom{n_b}{2}`, :math:`n_b (N - n_b)`, :math:`\sum_{g \ne g_b} \binom{n_g}{2}`,
    the rest), and the tied pairs are subtracted, found as triangles through sparse products
    restricted to the ties, split by group (e.g. coordinator triangles
    :math:`\tfrac12 ((S S) \circ S)\mathbf 1` for the same-group adjacency ``S``). Cost:
    O(sum of degree²) in compiled code, memory bounded by row blocks; no hub is skipped.

    Args:
        ties: Undirected tie graph (weights are ignored).
        groups: Group of each person, e.g. person → organisation.

    Returns:
        Per person with a group, the number of pairs brokered in each role.

    Example: ``b`` (group X) has contacts ``a1``, ``a2`` (X), ``c`` (Y) and ``d`` (Z), with no
    ties among them. Pairs: {a1, a2} coordinator; {a1, c}, {a1, d}, {a2, c}, {a2, d}
    gatekeeper/representative; {c, d} liaison.

    >>> ties = nx.star_graph(["b", "a1", "a2", "c", "d"])
    >>> roles = brokerage_roles(ties, {"b": "X", "a1": "X", "a2": "X", "c": "Y", "d": "Z"})
    >>> roles["b"]
    {'coordinator': 1, 'gatekeeper_representative': 4, 'consultant': 0, 'liaison': 1}
    >>> sum(roles["a1"].values())
    0
    """
    grouped = np.fromiter((groups.get(v) is not None for v in ties), dtype=bool, count=len(ties))
    people = [v for v, kept in zip(ties, grouped.tolist(), strict=True) if kept]
    if not people:
        return {}
    codes, group_of = _group_codes(people, groups)
    adjacency = _group_adjacency(ties, grouped)
    same, other = _split_by_group(adjacency, group_of)

    contacts = _row_sums(adjacency)
    insiders = _row_sums(same)
    outsiders = contacts - insiders
    per_group = adjacency @ sp.csr_array(
        (np.ones(len(people), dtype=np.int64), (np.arange(len(people)), group_of)),
        shape=(len(people), len(codes)),
    )
    same_pairs_any_group = _row_sums(_choose_two_sparse(per_group))
    outsider_same_pairs = same_pairs_any_group - _choose_two(insiders)

    coordinator = _choose_two(insiders) - _row_sums(_masked_product(same, same, same)) // 2
    gatekeeper = insiders * outsiders - _row_sums(_masked_product(same, other, other))
    consultant = outsider_same_pairs - _row_sums(_masked_product(other, same, other)) // 2
    liaison = (
        _choose_two(outsiders) - outsider_same_pairs - _row_sums(_masked_product(other, other, other)) // 2
    )
    counts = np.column_stack([coordinator, gatekeeper, consultant, liaison]).tolist()
    return {person: dict(zip(ROLES, row, strict=True)) for person, row in zip(people, counts, strict=True)}


def _group_codes(people: list[N], groups: Mapping[N, G]) -> tuple[dict[G, int], IntArray]:
    codes: dict[G, int] = {}
    group_of = np.fromiter((codes.setdefault(groups[v], len(codes)) for v in people), dtype=np.int64)
    return codes, group_of


def _group_adjacency(ties: nx.Graph, grouped: npt.NDArray[np.bool_]) -> Any:
    """Binary int64 CSR adjacency among the grouped nodes only (in the order of ``ties``),
    without self-loops."""
    u, v, _ = edge_arrays(ties)
    kept = grouped[u] & grouped[v] & (u != v)
    position = np.cumsum(grouped) - 1  # a grouped node's place among the grouped ones
    rows, cols = position[u[kept]], position[v[kept]]
    n = int(grouped.sum())
    both = (np.concatenate([rows, cols]), np.concatenate([cols, rows]))
    return sp.csr_array((np.ones(2 * len(rows), dtype=np.int64), both), shape=(n, n))


def _split_by_group(adjacency: Any, group_of: IntArray) -> tuple[Any, Any]:
    """The ties within a group and the ties across groups, as two CSR matrices."""
    coo = adjacency.tocoo()
    inside = group_of[coo.row] == group_of[coo.col]
    shape = adjacency.shape

    def part(keep: npt.NDArray[np.bool_]) -> Any:
        return sp.csr_array((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=shape)

    return part(inside), part(~inside)


def _row_sums(matrix: Any) -> IntArray:
    return np.asarray(matrix.sum(axis=1), dtype=np.int64).ravel()


def _choose_two(counts: IntArray) -> IntArray:
    return counts * (counts - 1) // 2


def _choose_two_sparse(matrix: Any) -> Any:
    out = matrix.copy()
    out.data = _choose_two(out.data.astype(np.int64))
    return out
