"""Import throughput into Neo4j: Passerelle's ``Neo4jStore.upsert`` against a plain-driver
``UNWIND`` loop written here, on the same server, in the same run.

    .venv/bin/python -m bench.neo4j_import --people 100000

Both sides write the same rows with the same Cypher shape (MERGE by id, then MATCH both ends and
MERGE the relationship) onto a wiped database with the same constraints. Passerelle additionally
validates every record (pydantic) and checks every edge's endpoints before writing; that cost is
part of its figure. Target: at least 0.8x the loop's rows per second.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections import defaultdict

from bench.server import benchmark_neo4j
from bench.synthetic import synthetic_network
from graph.model import Edge, Node, Record, kind_of
from graph.neo4j_store import Neo4jStore, connect, wipe_database
from graph.snapshot import edge_attributes


def baseline(driver: object, records: list[Record], batch: int) -> float:
    """The plain loop: one managed transaction per batch of ``batch`` rows."""
    nodes: dict[str, list[dict[str, object]]] = defaultdict(list)
    edges: dict[tuple[str, str, str], list[dict[str, object]]] = defaultdict(list)
    for r in records:
        if isinstance(r, Node):
            nodes[r.node_kind.value].append(r.model_dump(mode="json", exclude_none=True))
        else:
            shape = (r.kind.value, kind_of(r.source).value, kind_of(r.target).value)
            props = {k: v for k, v in edge_attributes(r).items() if v is not None}
            edges[shape].append({"source": r.source, "target": r.target, "props": props})
    started = time.perf_counter()
    with driver.session(database="neo4j") as session:  # type: ignore[attr-defined]
        for label, rows in nodes.items():
            query = f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row"
            for i in range(0, len(rows), batch):
                session.execute_write(
                    lambda tx, q=query, part=rows[i : i + batch]: tx.run(q, rows=part).consume()
                )
        for (kind, source, target), rows in edges.items():
            query = (
                f"UNWIND $rows AS row MATCH (s:{source} {{id: row.source}}) "
                f"MATCH (t:{target} {{id: row.target}}) "
                f"MERGE (s)-[r:{kind}]->(t) SET r = row.props"
            )
            for i in range(0, len(rows), batch):
                session.execute_write(
                    lambda tx, q=query, part=rows[i : i + batch]: tx.run(q, rows=part).consume()
                )
    return time.perf_counter() - started


def passerelle(store: Neo4jStore, records: list[Record], call_size: int) -> float:
    """Passerelle's path: ``upsert`` calls of ``call_size`` records, each one transaction."""
    started = time.perf_counter()
    nodes = [r for r in records if isinstance(r, Node)]
    edges = [r for r in records if isinstance(r, Edge)]
    for group in (nodes, edges):
        for i in range(0, len(group), call_size):
            store.upsert(group[i : i + call_size])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000, help="rows per UNWIND")
    parser.add_argument("--call-size", type=int, default=100_000, help="records per upsert call")
    args = parser.parse_args()

    started = time.perf_counter()
    records = list(synthetic_network(args.people))
    print(f"generated and validated {len(records)} records in {time.perf_counter() - started:.1f} s")
    n_edges = sum(isinstance(r, Edge) for r in records)
    with benchmark_neo4j() as uri:
        driver = connect(uri, "neo4j", "")
        store = Neo4jStore(driver, batch_size=args.batch)
        results = {}
        for name in ("baseline", "passerelle", "baseline again", "passerelle again"):
            wipe_database(driver)
            store.ensure_schema()
            if name.startswith("baseline"):
                seconds = baseline(driver, records, args.batch)
            else:
                seconds = passerelle(store, records, args.call_size)
            counts = store.counts()
            assert sum(counts.edges.values()) == n_edges, counts
            results[name] = len(records) / seconds
            print(f"{name:<17} {seconds:7.1f} s  {results[name]:>9,.0f} rows/s")
        driver.close()
    best_base = max(results["baseline"], results["baseline again"])
    best_ours = max(results["passerelle"], results["passerelle again"])
    print(
        f"machine: {platform.machine()}, {platform.python_version()}, people={args.people}, edges={n_edges}"
    )
    print(
        f"ratio passerelle / plain UNWIND loop (best of two each): {best_ours / best_base:.2f}",
        "(target >= 0.8)",
    )


if __name__ == "__main__":
    main()
