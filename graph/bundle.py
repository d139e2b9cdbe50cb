"""The import/export bundle: one file per node kind plus one for edges, as JSON Lines or CSV.

A bundle is a folder holding any of ``persons``, ``organisations``, ``labs``, ``projects``,
``skills``, ``territories`` and ``edges``, each as ``.jsonl`` (one JSON object per line) or
``.csv`` (a header row; list fields joined with ``|``; an empty cell means "not given").
Reading validates every record and every reference before anything is written, and reports
each problem with its file, line and field.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from graph.errors import InvalidInput, Problem, first_causes
from graph.model import NODE_MODELS, Edge, Node, NodeKind, Record

BUNDLE_FILES: dict[str, NodeKind | None] = {
    "territories": NodeKind.TERRITORY,
    "organisations": NodeKind.ORGANISATION,
    "labs": NodeKind.LAB,
    "skills": NodeKind.SKILL,
    "persons": NodeKind.PERSON,
    "projects": NodeKind.PROJECT,
    "edges": None,
}
"""File stem -> node kind (``None`` for edges), in writing order."""

LIST_FIELDS = frozenset({"roles", "themes", "missions", "synonyms"})
BundleFormat = Literal["jsonl", "csv"]


def read_bundle(
    folder: Path, *, known_ids: Callable[[Iterable[str]], set[str]] | None = None
) -> list[Record]:
    """Read and validate a whole bundle.

    Args:
        folder: the bundle folder.
        known_ids: given ids, returns those already stored; edges may point at them.

    Raises:
        InvalidInput: one ``Problem`` per bad record or field, with file and line.
    """
    if not folder.is_dir():
        raise InvalidInput([Problem(str(folder), "path", "is not a folder holding a bundle")])
    problems: list[Problem] = []
    records: list[Record] = []
    where: dict[int, tuple[str, int]] = {}
    seen_nodes: dict[str, tuple[str, int]] = {}
    seen_edges: dict[tuple[str, str, str], tuple[str, int]] = {}
    found_any = False
    unknown = sorted(
        p.name for p in folder.iterdir() if p.suffix in (".jsonl", ".csv") and p.stem not in BUNDLE_FILES
    )
    for name in unknown:
        problems.append(
            Problem(name, "file", f"unknown bundle file; expected one of {', '.join(BUNDLE_FILES)}")
        )
    for stem, kind in BUNDLE_FILES.items():
        for path in _files_for(folder, stem):
            found_any = True
            for line, raw, error in _rows(path):
                record_name = _record_name(raw, kind)
                if error is not None:
                    problems.append(Problem(record_name, "line", error, path.name, line))
                    continue
                try:
                    record: Record = (
                        Edge.model_validate(raw) if kind is None else NODE_MODELS[kind].model_validate(raw)
                    )
                except ValidationError as e:
                    problems.extend(_problems(e, record_name, path.name, line))
                    continue
                if isinstance(record, Node):
                    if record.id in seen_nodes:
                        f, ln = seen_nodes[record.id]
                        problems.append(
                            Problem(record.id, "id", f"duplicate id, first at {f}:{ln}", path.name, line)
                        )
                        continue
                    seen_nodes[record.id] = (path.name, line)
                else:
                    key = (record.kind.value, record.source, record.target)
                    if key in seen_edges:
                        f, ln = seen_edges[key]
                        problems.append(
                            Problem(
                                record_name, "kind", f"duplicate edge, first at {f}:{ln}", path.name, line
                            )
                        )
                        continue
                    seen_edges[key] = (path.name, line)
                where[len(records)] = (path.name, line)
                records.append(record)
    if not found_any and not unknown:
        problems.append(
            Problem(str(folder), "path", f"no bundle file found (expected {', '.join(BUNDLE_FILES)})")
        )
    problems.extend(_dangling(records, seen_nodes, where, known_ids))
    if problems:
        raise InvalidInput(problems)
    return records


def _files_for(folder: Path, stem: str) -> list[Path]:
    return [p for p in (folder / f"{stem}.jsonl", folder / f"{stem}.csv") if p.is_file()]


def _rows(path: Path) -> Iterator[tuple[int, dict[str, object], str | None]]:
    """Yield (line number, raw record, error) for each non-empty row of one file."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        bad_line = path.read_bytes()[: e.start].count(b"\n") + 1
        yield bad_line, {}, f"not UTF-8 text (byte {e.start})"
        return
    if path.suffix == ".jsonl":
        # Only "\n" ends a record: str.splitlines() would also split on U+2028 inside strings.
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as e:
                yield number, {}, f"not valid JSON: {e.msg} (column {e.colno})"
                continue
            if not isinstance(raw, dict):
                yield number, {}, "a line must hold one JSON object"
                continue
            yield number, raw, None
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for row in reader:
        number = reader.line_num
        if None in row:
            yield number, {}, "more cells than header columns"
            continue
        raw = {}
        for name, cell in row.items():
            if cell is None or cell == "":
                continue
            raw[name] = cell.split("|") if name in LIST_FIELDS else cell
        yield number, raw, None


def _record_name(raw: dict[str, object], kind: NodeKind | None) -> str:
    if kind is not None:
        return str(raw.get("id") or "(record without id)")
    return f"{raw.get('kind', '?')} {raw.get('source', '?')} -> {raw.get('target', '?')}"


def _problems(error: ValidationError, record: str, file: str, line: int) -> list[Problem]:
    out = []
    for item in first_causes(error.errors()):
        field = ".".join(str(part) for part in item["loc"]) or "record"
        message = str(item["msg"]).removeprefix("Value error, ")
        out.append(Problem(record, field, message, file, line))
    return out


def _dangling(
    records: Sequence[Record],
    bundle_ids: dict[str, tuple[str, int]],
    where: dict[int, tuple[str, int]],
    known_ids: Callable[[Iterable[str]], set[str]] | None,
) -> list[Problem]:
    refs = {
        ref
        for r in records
        if isinstance(r, Edge)
        for ref in (r.source, r.target, r.project)
        if ref is not None and ref not in bundle_ids
    }
    stored = known_ids(refs) if known_ids and refs else set()
    problems = []
    for index, r in enumerate(records):
        if not isinstance(r, Edge):
            continue
        for field, ref in (("source", r.source), ("target", r.target), ("project", r.project)):
            if ref is not None and ref not in bundle_ids and ref not in stored:
                file, line = where[index]
                problems.append(
                    Problem(
                        f"{r.kind} {r.source} -> {r.target}", field, f"{ref!r} does not exist", file, line
                    )
                )
    return problems


def write_bundle(
    folder: Path, nodes: Iterable[Node], edges: Iterable[Edge], *, fmt: BundleFormat = "jsonl"
) -> dict[str, int]:
    """Write a bundle (one file per kind); returns the row count per file."""
    folder.mkdir(parents=True, exist_ok=True)
    by_kind: dict[NodeKind, list[dict[str, object]]] = {}
    for node in nodes:
        by_kind.setdefault(node.node_kind, []).append(node.model_dump(mode="json"))
    edge_rows = [e.model_dump(mode="json") for e in edges]
    counts = {}
    for stem, kind in BUNDLE_FILES.items():
        rows = edge_rows if kind is None else by_kind.get(kind, [])
        if not rows:
            continue
        model_fields = list(Edge.model_fields) if kind is None else list(NODE_MODELS[kind].model_fields)
        path = folder / f"{stem}.{fmt}"
        with path.open("w", encoding="utf-8", newline="") as out:
            if fmt == "jsonl":
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                writer = csv.DictWriter(out, fieldnames=model_fields)
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        counts[path.name] = len(rows)
    return counts


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
