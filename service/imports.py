"""Imports through the API: a batch of records, all or nothing, by an administrator.

The body holds the bundle's files as lists of objects (``persons``, ``organisations``, ``labs``,
``projects``, ``skills``, ``territories``, ``edges``). It is read exactly as a bundle folder is
(``graph.bundle.read_bundle``): every record and reference is checked before anything is
written, and each problem names the file, the line (the item's position, from 1) and the field.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from graph.bundle import BUNDLE_FILES, read_bundle
from graph.errors import Forbidden
from graph.model import Edge, Node
from graph.store import GraphStore
from service.accounts import AccessRole, Accounts, AuditAction, Principal


def import_batch(
    store: GraphStore, accounts: Accounts, principal: Principal, batch: Mapping[str, Sequence[object]]
) -> dict[str, int]:
    """Validate the whole batch, then write it in one transaction; the count per file.

    Raises:
        Forbidden: the principal is not an administrator.
        InvalidInput: any bad record or reference (nothing is written).
    """
    if principal.role is not AccessRole.ADMIN:
        raise Forbidden("les imports sont faits par un administrateur")
    with tempfile.TemporaryDirectory(prefix="passerelle-import-") as folder:
        for stem, rows in batch.items():
            if stem in BUNDLE_FILES and rows:
                lines = (json.dumps(row, ensure_ascii=False) for row in rows)
                Path(folder, f"{stem}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        records = read_bundle(Path(folder), known_ids=store.existing)
    store.upsert(records)
    counts = Counter("edges" if isinstance(r, Edge) else _stem(r) for r in records)
    accounts.record(principal.actor, AuditAction.IMPORT, "import", json.dumps(dict(sorted(counts.items()))))
    return dict(sorted(counts.items()))


def _stem(node: Node) -> str:
    return next(stem for stem, kind in BUNDLE_FILES.items() if kind is node.node_kind)
