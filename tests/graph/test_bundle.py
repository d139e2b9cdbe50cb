"""Bundle import validation: one test per kind of bad record; nothing is ever half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.bundle import read_bundle, write_bundle
from graph.embedded import EmbeddedStore
from graph.errors import InvalidInput
from graph.model import Edge, EdgeKind, Node, Person, Record
from service.cli import app
from tests.world import tiny_world


def write_world(folder: Path, fmt: str = "jsonl") -> None:
    world = tiny_world()
    write_bundle(
        folder,
        [r for r in world if isinstance(r, Node)],
        [r for r in world if isinstance(r, Edge)],
        fmt=fmt,  # type: ignore[arg-type]
    )


def append_line(path: Path, line: str) -> int:
    """Append a raw line; return its line number."""
    existing = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    path.write_text("\n".join([*existing, line]) + "\n", encoding="utf-8")
    return len(existing) + 1


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store already holding the tiny world, so we can check that a bad import keeps it."""
    path = tmp_path / "passerelle.db"
    monkeypatch.setenv("PASSERELLE_STORE__SQLITE_PATH", str(path))
    store = EmbeddedStore(path)
    store.ensure_schema()
    store.upsert(tiny_world())
    store.close()
    return path


def import_bundle(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["import", str(folder)])
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def stored(db: Path) -> tuple[dict[str, int], dict[str, int], list[str]]:
    store = EmbeddedStore(db)
    counts = store.counts()
    ids = [n.id for n in store.nodes()]
    store.close()
    return counts.nodes, counts.edges, ids


def assert_rejected(db: Path, folder: Path, *needles: str) -> str:
    before = stored(db)
    code, output = import_bundle(folder)
    assert code == 2, output
    for needle in needles:
        assert needle in output, f"{needle!r} not in {output!r}"
    assert "rien n'a été écrit" in output
    assert stored(db) == before
    return output


def bundle_with(tmp_path: Path, file: str, line: str) -> tuple[Path, int]:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "persons.jsonl").write_text(
        json.dumps({"id": "person:zoe-perrin", "name": "Zoé Perrin", "roles": ["agent"]}) + "\n",
        encoding="utf-8",
    )
    number = append_line(folder / file, line)
    return folder, number


def test_valid_bundle_imports(db: Path, tmp_path: Path) -> None:
    folder, _ = bundle_with(
        tmp_path,
        "edges.jsonl",
        json.dumps({"kind": "WORKS_AT", "source": "person:zoe-perrin", "target": "org:ddtm-eure"}),
    )
    code, output = import_bundle(folder)
    assert code == 0, output
    _, edges, ids = stored(db)
    assert "person:zoe-perrin" in ids
    assert edges["WORKS_AT"] == 3


def test_malformed_json_line(db: Path, tmp_path: Path) -> None:
    folder, line = bundle_with(tmp_path, "persons.jsonl", '{"id": "person:x", "name": ')
    assert_rejected(db, folder, f"persons.jsonl:{line}", "not valid JSON")


def test_missing_required_field(db: Path, tmp_path: Path) -> None:
    folder, line = bundle_with(
        tmp_path, "persons.jsonl", json.dumps({"id": "person:sans-nom", "roles": ["agent"]})
    )
    assert_rejected(db, folder, f"persons.jsonl:{line}", "person:sans-nom", "name", "Field required")


def test_unknown_enum_value(db: Path, tmp_path: Path) -> None:
    record = {"id": "org:ministere-x", "name": "Ministère X", "kind": "ministere"}
    folder, line = bundle_with(tmp_path, "organisations.jsonl", json.dumps(record))
    assert_rejected(db, folder, f"organisations.jsonl:{line}", "org:ministere-x", ": kind:", "state_central")


def test_a_bad_item_is_reported_once_not_again_as_a_short_list(db: Path, tmp_path: Path) -> None:
    record = {"id": "person:camille-roy", "name": "Camille Roy", "roles": ["stagiaire"]}
    folder, line = bundle_with(tmp_path, "persons.jsonl", json.dumps(record))
    output = assert_rejected(db, folder, f"persons.jsonl:{line}", "person:camille-roy: roles.0:", "'agent'")
    assert "at least 1 item" not in output
    assert "1 problème(s)" in output


def test_id_of_the_wrong_kind(db: Path, tmp_path: Path) -> None:
    folder, line = bundle_with(
        tmp_path, "persons.jsonl", json.dumps({"id": "org:camille", "name": "Camille", "roles": ["agent"]})
    )
    assert_rejected(db, folder, f"persons.jsonl:{line}", "org:camille: id:", "must start with person:")


def test_unreadable_id(db: Path, tmp_path: Path) -> None:
    folder, line = bundle_with(
        tmp_path, "persons.jsonl", json.dumps({"id": "person:Camille Roy", "name": "C", "roles": ["agent"]})
    )
    assert_rejected(db, folder, f"persons.jsonl:{line}", "lowercase letters, digits and hyphens")


def test_unknown_field(db: Path, tmp_path: Path) -> None:
    record = {"id": "person:lea-roux", "name": "Léa Roux", "roles": ["agent"], "salaire": 3000}
    folder, line = bundle_with(tmp_path, "persons.jsonl", json.dumps(record))
    assert_rejected(db, folder, f"persons.jsonl:{line}", "salaire", "Extra inputs are not permitted")


def test_edge_between_wrong_kinds(db: Path, tmp_path: Path) -> None:
    edge = {"kind": "WORKS_AT", "source": "person:zoe-perrin", "target": "skill:tiers-lieux"}
    folder, line = bundle_with(tmp_path, "edges.jsonl", json.dumps(edge))
    assert_rejected(
        db, folder, f"edges.jsonl:{line}", "WORKS_AT person:zoe-perrin -> skill:tiers-lieux", "target"
    )


def test_edge_to_missing_node(db: Path, tmp_path: Path) -> None:
    edge = {"kind": "WORKS_AT", "source": "person:zoe-perrin", "target": "org:inconnue"}
    folder, line = bundle_with(tmp_path, "edges.jsonl", json.dumps(edge))
    assert_rejected(db, folder, f"edges.jsonl:{line}", ": target: 'org:inconnue' does not exist")


def test_introduced_needs_the_lab_and_the_project(db: Path, tmp_path: Path) -> None:
    edge = {"kind": "INTRODUCED", "source": "person:zoe-perrin", "target": "person:alice-martin"}
    folder, line = bundle_with(tmp_path, "edges.jsonl", json.dumps(edge))
    assert_rejected(db, folder, f"edges.jsonl:{line}", "INTRODUCED edge names the project")


def test_dates_out_of_order(db: Path, tmp_path: Path) -> None:
    record = {"id": "project:p1", "title": "P", "start_date": "2024-05-01", "end_date": "2023-01-01"}
    folder, line = bundle_with(tmp_path, "projects.jsonl", json.dumps(record))
    assert_rejected(db, folder, f"projects.jsonl:{line}", "project:p1", "end_date is before start_date")


def test_duplicate_id(db: Path, tmp_path: Path) -> None:
    folder, line = bundle_with(
        tmp_path, "persons.jsonl", json.dumps({"id": "person:zoe-perrin", "name": "Zoé", "roles": ["agent"]})
    )
    assert_rejected(db, folder, f"persons.jsonl:{line}", "duplicate id, first at persons.jsonl:1")


def test_not_utf8(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "persons.jsonl").write_bytes(b'{"id": "person:a", "name": "Z\xe9o", "roles": ["agent"]}\n')
    assert_rejected(db, folder, "persons.jsonl:1", "not UTF-8")


def test_csv_row_with_extra_cells(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "persons.csv").write_text(
        "id,name,roles\nperson:a,A,agent\nperson:b,B,agent,extra\n", encoding="utf-8"
    )
    assert_rejected(db, folder, "persons.csv:3", "more cells than header columns")


def test_unknown_file(db: Path, tmp_path: Path) -> None:
    folder, _ = bundle_with(tmp_path, "people.jsonl", "{}")
    assert_rejected(db, folder, "people.jsonl", "unknown bundle file")


def test_every_problem_is_reported_at_once(db: Path, tmp_path: Path) -> None:
    folder, _ = bundle_with(tmp_path, "persons.jsonl", json.dumps({"id": "person:a"}))
    append_line(folder / "organisations.jsonl", json.dumps({"id": "org:b", "name": "B", "kind": "x"}))
    output = assert_rejected(db, folder, "persons.jsonl:2", "organisations.jsonl:1")
    assert "3 problème(s)" in output  # name and roles of one person, kind of one organisation


def test_missing_folder(db: Path, tmp_path: Path) -> None:
    assert_rejected(db, tmp_path / "absent", "is not a folder")


def test_csv_bundle_reads_like_jsonl(tmp_path: Path) -> None:
    write_world(tmp_path / "j", "jsonl")
    write_world(tmp_path / "c", "csv")
    assert read_bundle(tmp_path / "c") == read_bundle(tmp_path / "j")


def test_read_bundle_raises_invalid_input_with_problems(tmp_path: Path) -> None:
    folder, line = bundle_with(tmp_path, "persons.jsonl", json.dumps({"id": "person:b", "roles": []}))
    with pytest.raises(InvalidInput) as caught:
        read_bundle(folder)
    fields = {(p.file, p.line, p.field) for p in caught.value.problems}
    assert fields == {("persons.jsonl", line, "name"), ("persons.jsonl", line, "roles")}


def world_with_opt_out_and_conflicts() -> list[Record]:
    """The tiny world where Bruno opted out of suggestions, with a conflict of each shape."""
    world = [
        r.model_copy(update={"suggestion_opt_out": True})
        if isinstance(r, Person) and r.id == "person:bruno-lefevre"
        else r
        for r in tiny_world()
    ]
    conflicts = [
        Edge(
            kind=EdgeKind.CONFLICT_OF_INTEREST,
            source="person:bruno-lefevre",
            target="person:alice-martin",
            role="conjoints",
        ),
        Edge(kind=EdgeKind.CONFLICT_OF_INTEREST, source="person:alice-martin", target="org:ville-alencon"),
        Edge(kind=EdgeKind.CONFLICT_OF_INTEREST, source="org:ddtm-eure", target="person:bruno-lefevre"),
        Edge(
            kind=EdgeKind.CONFLICT_OF_INTEREST,
            source="org:ville-alencon",
            target="org:ddtm-eure",
            since="2024-01-01",
        ),
    ]
    return [*world, *conflicts]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_opt_out_and_conflicts_round_trip_through_a_bundle(tmp_path: Path, fmt: str) -> None:
    records = world_with_opt_out_and_conflicts()
    write_bundle(
        tmp_path,
        [r for r in records if isinstance(r, Node)],
        [r for r in records if isinstance(r, Edge)],
        fmt=fmt,  # type: ignore[arg-type]
    )
    back = read_bundle(tmp_path)
    assert {r.id: r for r in back if isinstance(r, Node)} == {r.id: r for r in records if isinstance(r, Node)}
    assert {r.key: r for r in back if isinstance(r, Edge)} == {
        r.key: r for r in records if isinstance(r, Edge)
    }
    bruno = next(r for r in back if isinstance(r, Person) and r.id == "person:bruno-lefevre")
    assert bruno.suggestion_opt_out is True
    if fmt == "csv":
        rows = (tmp_path / "persons.csv").read_text(encoding="utf-8").splitlines()
        assert "suggestion_opt_out" in rows[0].split(",")
        assert rows[1].endswith(",false") and rows[2].endswith(",true")  # Alice, then Bruno


def test_csv_booleans_accept_the_usual_spellings_and_reject_others(tmp_path: Path) -> None:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "persons.csv").write_text(
        "id,name,roles,contact_consent,suggestion_opt_out\n"
        "person:a,A,agent,,\n"
        "person:b,B,agent,TRUE,true\n"
        "person:c,C,agent,1,False\n",
        encoding="utf-8",
    )
    people = {r.id: r for r in read_bundle(folder) if isinstance(r, Person)}
    assert [(p.contact_consent, p.suggestion_opt_out) for p in people.values()] == [
        (False, False),
        (True, True),
        (True, False),
    ]
    append_line(folder / "persons.csv", "person:d,D,agent,false,oui")
    with pytest.raises(InvalidInput) as caught:
        read_bundle(folder)
    assert [(p.file, p.line, p.record, p.field) for p in caught.value.problems] == [
        ("persons.csv", 5, "person:d", "suggestion_opt_out")
    ]


def test_conflicts_with_stored_nodes_import(db: Path, tmp_path: Path) -> None:
    folder, _ = bundle_with(
        tmp_path,
        "edges.jsonl",
        json.dumps(
            {"kind": "CONFLICT_OF_INTEREST", "source": "person:zoe-perrin", "target": "org:ddtm-eure"}
        ),
    )
    conflict = {
        "kind": "CONFLICT_OF_INTEREST",
        "source": "org:ville-alencon",
        "target": "person:alice-martin",
    }
    append_line(folder / "edges.jsonl", json.dumps(conflict))
    code, output = import_bundle(folder)
    assert code == 0, output
    _, edges, _ = stored(db)
    assert edges["CONFLICT_OF_INTEREST"] == 2


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        ("person:zoe-perrin", "CONFLICT_OF_INTEREST edge joins two different nodes"),
        ("skill:tiers-lieux", "a CONFLICT_OF_INTEREST edge ends at Organisation, Person"),
        ("lab:innovmandie", "a CONFLICT_OF_INTEREST edge ends at Organisation, Person"),
    ],
)
def test_conflict_of_interest_between_wrong_ends_is_rejected(
    db: Path, tmp_path: Path, target: str, needle: str
) -> None:
    edge = {"kind": "CONFLICT_OF_INTEREST", "source": "person:zoe-perrin", "target": target}
    folder, line = bundle_with(tmp_path, "edges.jsonl", json.dumps(edge))
    assert_rejected(db, folder, f"edges.jsonl:{line}", needle)
