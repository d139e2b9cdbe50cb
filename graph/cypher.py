"""Every Cypher query of the Neo4j store, named, with a one-line comment each.

Values always travel as ``$parameters``. Labels and relationship types come only from
``NodeKind`` and ``EdgeKind``: the per-kind dictionaries below are generated once, at import,
from those enums (and the model's field names), never from input.
"""

from __future__ import annotations

import typing

from graph.model import EDGE_ENDPOINTS, NODE_MODELS, EdgeKind, NodeKind

CHUNK_LABEL = "ProfileChunk"
"""Label of the nodes that hold one embedded window of an owner's profile."""

CHUNK_KIND_LABEL: dict[NodeKind, str] = {kind: f"{kind.value}Chunk" for kind in NodeKind}
"""Second label of a chunk, after its owner's kind: each kind has its own vector index, so a
search for organisations never wades through the far more numerous people's chunks."""

META_LABEL = "PasserelleMeta"
"""Label of the store's bookkeeping nodes, one per key; not part of the network."""

GRAPH_META_KEY = "graph"
"""Key of the bookkeeping node that holds the graph revision."""

VECTOR_INDEXES: dict[NodeKind, str] = {
    kind: f"profile_chunk_{kind.value.lower()}_embedding" for kind in NodeKind
}
"""Name of the vector index on ``:<Kind>Chunk(embedding)``, per owner kind."""

EdgeShape = tuple[EdgeKind, NodeKind, NodeKind]
"""An edge kind with the kinds of its two ends: what a query needs to name both labels."""

EDGE_SHAPES: tuple[EdgeShape, ...] = tuple(
    (kind, source, target)
    for kind, (sources, targets) in EDGE_ENDPOINTS.items()
    for source in sorted(sources)
    for target in sorted(targets)
)


def _is_list_field(kind: NodeKind, field: str) -> bool:
    return typing.get_origin(NODE_MODELS[kind].model_fields[field].annotation) is tuple


# -- schema -----------------------------------------------------------------------------------

# One node per id and kind; the constraint's index also serves every lookup by id.
NODE_ID_CONSTRAINT: dict[NodeKind, str] = {
    kind: (
        f"CREATE CONSTRAINT {kind.value.lower()}_id IF NOT EXISTS FOR (n:{kind.value}) REQUIRE n.id IS UNIQUE"
    )
    for kind in NodeKind
}

LOOKUP_FIELDS: dict[NodeKind, tuple[str, ...]] = {
    NodeKind.PERSON: ("name",),
    NodeKind.ORGANISATION: ("kind", "name"),
    NodeKind.LAB: ("name",),
    NodeKind.PROJECT: ("status",),
    NodeKind.SKILL: ("label",),
    NodeKind.TERRITORY: ("kind", "code"),
}
"""Scalar properties that ``find`` filters on often enough to deserve a range index."""

# Range indexes for the equality lookups of ``find``.
LOOKUP_INDEX: dict[tuple[NodeKind, str], str] = {
    (kind, field): (
        f"CREATE INDEX {kind.value.lower()}_{field} IF NOT EXISTS FOR (n:{kind.value}) ON (n.{field})"
    )
    for kind, fields in LOOKUP_FIELDS.items()
    for field in fields
}

# At most one chunk per owner, model and position.
CHUNK_KEY_CONSTRAINT = (
    f"CREATE CONSTRAINT profile_chunk_key IF NOT EXISTS FOR (c:{CHUNK_LABEL}) "
    "REQUIRE (c.owner_id, c.model_id, c.chunk) IS UNIQUE"
)

# One bookkeeping node per key, so that concurrent first writes MERGE the same node.
META_KEY_CONSTRAINT = (
    f"CREATE CONSTRAINT passerelle_meta_key IF NOT EXISTS FOR (m:{META_LABEL}) REQUIRE m.key IS UNIQUE"
)

# Finds an owner's chunks (replace, delete, erase, export).
CHUNK_OWNER_INDEX = f"CREATE INDEX profile_chunk_owner IF NOT EXISTS FOR (c:{CHUNK_LABEL}) ON (c.owner_id)"

# Finds one model's chunks (profile hashes).
CHUNK_MODEL_INDEX = f"CREATE INDEX profile_chunk_model IF NOT EXISTS FOR (c:{CHUNK_LABEL}) ON (c.model_id)"

# Finds chunks by text hash (the embedding cache).
CHUNK_HASH_INDEX = f"CREATE INDEX profile_chunk_hash IF NOT EXISTS FOR (c:{CHUNK_LABEL}) ON (c.text_hash)"

# The HNSW index for vector search; unquantised, so its scores are exact float32 cosines.
CREATE_VECTOR_INDEX: dict[NodeKind, str] = {
    kind: (
        f"CREATE VECTOR INDEX {VECTOR_INDEXES[kind]} IF NOT EXISTS "
        f"FOR (c:{CHUNK_KIND_LABEL[kind]}) ON (c.embedding) "
        "OPTIONS {indexConfig: {`vector.dimensions`: $dimensions, `vector.similarity_function`: 'cosine', "
        "`vector.quantization.enabled`: false}}"
    )
    for kind in NodeKind
}

# State, progress and configuration of one vector index (no row when it does not exist).
SHOW_VECTOR_INDEX = (
    "SHOW VECTOR INDEXES YIELD name, state, populationPercent, options WHERE name = $name "
    "RETURN state, populationPercent AS progress, options"
)

# Blocks until every index is online (or the timeout in seconds passes).
AWAIT_INDEXES = "CALL db.awaitIndexes($timeout)"

# Removes the vector index, e.g. between tests that use other dimensions.
DROP_VECTOR_INDEX: dict[NodeKind, str] = {
    kind: f"DROP INDEX {VECTOR_INDEXES[kind]} IF EXISTS" for kind in NodeKind
}

# Deletes up to $limit nodes with their relationships; repeat until it deletes none.
WIPE_SOME = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"

# -- node and edge writes -------------------------------------------------------------------------

# Inserts or replaces nodes by id; SET n = row drops properties the new version lacks.
UPSERT_NODES: dict[NodeKind, str] = {
    kind: f"UNWIND $rows AS row MERGE (n:{kind.value} {{id: row.id}}) SET n = row" for kind in NodeKind
}

# Which of these ids exist as nodes of one kind.
EXISTING_IDS: dict[NodeKind, str] = {
    kind: f"UNWIND $ids AS id MATCH (n:{kind.value} {{id: id}}) RETURN n.id AS id" for kind in NodeKind
}

# Inserts or replaces edges by (kind, source, target); both ends were checked beforehand.
UPSERT_EDGES: dict[EdgeShape, str] = {
    (kind, source, target): (
        f"UNWIND $rows AS row MATCH (s:{source.value} {{id: row.source}}) "
        f"MATCH (t:{target.value} {{id: row.target}}) "
        f"MERGE (s)-[r:{kind.value}]->(t) SET r = row.props"
    )
    for kind, source, target in EDGE_SHAPES
}

# Deletes one node, its relationships and its profile chunks; no row when the node is absent.
DELETE_NODE: dict[NodeKind, str] = {
    kind: (
        f"MATCH (n:{kind.value} {{id: $id}}) "
        f"CALL (n) {{ MATCH (c:{CHUNK_LABEL} {{owner_id: n.id}}) DELETE c RETURN count(c) AS vectors }} "
        "CALL (n) { MATCH (n)-[r]-() RETURN count(DISTINCT r) AS edges } "
        "DETACH DELETE n RETURN edges, vectors"
    )
    for kind in NodeKind
}

# Deletes one edge; returns how many were deleted (0 or 1).
DELETE_EDGE: dict[EdgeShape, str] = {
    (kind, source, target): (
        f"OPTIONAL MATCH (:{source.value} {{id: $source}})-[r:{kind.value}]->"
        f"(:{target.value} {{id: $target}}) "
        "DELETE r RETURN count(r) AS deleted"
    )
    for kind, source, target in EDGE_SHAPES
}

# -- graph revision -------------------------------------------------------------------------------

# Adds one to the graph revision, last in every node or edge write (reading m.revision locks m first).
BUMP_REVISION = (
    f"MERGE (m:{META_LABEL} {{key: $key}}) "
    # A random start: a database wiped and filled again never repeats the revisions it had.
    "ON CREATE SET m.revision = toInteger(rand() * 1000000000000) SET m.revision = m.revision + 1"
)

# The graph revision: one row, null before the first write.
REVISION = f"OPTIONAL MATCH (m:{META_LABEL} {{key: $key}}) RETURN m.revision AS revision"

# -- node and edge reads --------------------------------------------------------------------------

# One node's properties.
GET_NODE: dict[NodeKind, str] = {
    kind: f"MATCH (n:{kind.value} {{id: $id}}) RETURN properties(n) AS props" for kind in NodeKind
}

# Every node of one kind.
NODES: dict[NodeKind, str] = {
    kind: f"MATCH (n:{kind.value}) RETURN properties(n) AS props" for kind in NodeKind
}

# Nodes of one kind whose scalar property equals $value (a superset; the store refines in Python).
FIND_EQUALS: dict[tuple[NodeKind, str], str] = {
    (kind, field): f"MATCH (n:{kind.value}) WHERE n.{field} = $value RETURN properties(n) AS props"
    for kind in NodeKind
    for field in NODE_MODELS[kind].model_fields
    if not _is_list_field(kind, field)
}

# Nodes of one kind whose list property contains $value.
FIND_CONTAINS: dict[tuple[NodeKind, str], str] = {
    (kind, field): f"MATCH (n:{kind.value}) WHERE $value IN n.{field} RETURN properties(n) AS props"
    for kind in NodeKind
    for field in NODE_MODELS[kind].model_fields
    if _is_list_field(kind, field)
}

# Every edge of one kind with the ids of its ends.
EDGES: dict[EdgeKind, str] = {
    kind: f"MATCH (s)-[r:{kind.value}]->(t) RETURN s.id AS source, t.id AS target, properties(r) AS props"
    for kind in EdgeKind
}

_NEIGHBOUR_PATTERN = {"out": "(n)-[r]->(m)", "in": "(n)<-[r]-(m)", "both": "(n)-[r]-(m)"}

# A node's edges in one direction (optionally of type $edge_kind) with the node at the other end;
# one row with a null edge when the node has none, no row when the node is absent.
NEIGHBOURS: dict[tuple[NodeKind, str], str] = {
    (kind, direction): (
        f"MATCH (n:{kind.value} {{id: $id}}) "
        f"OPTIONAL MATCH {pattern} WHERE $edge_kind IS NULL OR type(r) = $edge_kind "
        "RETURN type(r) AS kind, startNode(r).id AS source, endNode(r).id AS target, "
        "properties(r) AS props, properties(m) AS other"
    )
    for kind in NodeKind
    for direction, pattern in _NEIGHBOUR_PATTERN.items()
}

# Number of nodes of one kind (answered from the count store).
COUNT_NODES: dict[NodeKind, str] = {kind: f"MATCH (n:{kind.value}) RETURN count(n) AS n" for kind in NodeKind}

# Number of edges of one kind (answered from the count store).
COUNT_EDGES: dict[EdgeKind, str] = {
    kind: f"MATCH ()-[r:{kind.value}]->() RETURN count(r) AS n" for kind in EdgeKind
}

# Every node's properties, for audits such as checking an erasure.
SCAN_NODE_PROPERTIES = "MATCH (n) RETURN properties(n) AS props"

# Every relationship's properties, for audits such as checking an erasure.
SCAN_RELATIONSHIP_PROPERTIES = "MATCH ()-[r]->() RETURN properties(r) AS props"

# -- profile chunks -------------------------------------------------------------------------------

# Removes the chunks of these owners for one model.
DELETE_CHUNKS = (
    f"UNWIND $owner_ids AS owner MATCH (c:{CHUNK_LABEL} {{owner_id: owner}}) "
    "WHERE c.model_id = $model_id DELETE c"
)

# Creates chunks from rows {owner_id, owner_kind, model_id, chunk, text_hash, embedding}.
CREATE_CHUNKS: dict[NodeKind, str] = {
    kind: f"UNWIND $rows AS row CREATE (c:{CHUNK_LABEL}:{CHUNK_KIND_LABEL[kind]}) SET c = row"
    for kind in NodeKind
}

# The models that produced stored chunks (read from the model_id index).
VECTOR_MODELS = f"MATCH (c:{CHUNK_LABEL}) WHERE c.model_id IS NOT NULL RETURN DISTINCT c.model_id AS model_id"

# Every (owner, position, text hash) of one model.
PROFILE_HASHES = (
    f"MATCH (c:{CHUNK_LABEL} {{model_id: $model_id}}) "
    "RETURN c.owner_id AS owner_id, c.chunk AS chunk, c.text_hash AS text_hash"
)

# One stored vector per wanted text hash of one model (the embedding cache).
CACHED_VECTORS = (
    "UNWIND $text_hashes AS hash "
    f"CALL (hash) {{ MATCH (c:{CHUNK_LABEL} {{text_hash: hash}}) WHERE c.model_id = $model_id "
    "RETURN c.embedding AS embedding LIMIT 1 } "
    "RETURN hash AS text_hash, embedding"
)

# Every chunk vector of these owners for one model.

# Each owner's best cosine over its chunks of one model, normalised as (1 + cos) / 2.
OWNER_BEST_SCORE = (
    f"UNWIND $owner_ids AS owner MATCH (c:{CHUNK_LABEL} {{owner_id: owner}}) "
    "WHERE c.model_id = $model_id "
    "RETURN owner AS owner_id, max(vector.similarity.cosine(c.embedding, $query)) AS score"
)

# Number of chunks of one owner per model (right of access).
OWNER_CHUNK_COUNTS = (
    f"MATCH (c:{CHUNK_LABEL} {{owner_id: $owner_id}}) RETURN c.model_id AS model_id, count(c) AS n"
)

# Number of chunks of every model: the most the vector index can return.
COUNT_CHUNKS: dict[NodeKind, str] = {
    kind: f"MATCH (c:{CHUNK_KIND_LABEL[kind]}) RETURN count(c) AS n" for kind in NodeKind
}

# The $n nearest chunks of any model; keeps those of $model_id whose owner kind is wanted.
# `returned` tells whether the index ran out of chunks; scores are (1 + cosine) / 2.
VECTOR_QUERY: dict[NodeKind, str] = {
    kind: (
        f"CALL db.index.vector.queryNodes('{VECTOR_INDEXES[kind]}', $n, $query) YIELD node, score "
        "WITH collect({node: node, score: score}) AS hits "
        "RETURN size(hits) AS returned, "
        "[h IN hits WHERE h.node.model_id = $model_id | {owner_id: h.node.owner_id, score: h.score}] AS kept"
    )
    for kind in NodeKind
}

# The first $k owners by id with chunks of one model and a wanted kind (ranking a zero query).
MODEL_OWNERS = (
    f"MATCH (c:{CHUNK_LABEL} {{model_id: $model_id}}) WHERE c.owner_kind IN $owner_kinds "
    "RETURN DISTINCT c.owner_id AS owner_id ORDER BY owner_id LIMIT $k"
)
