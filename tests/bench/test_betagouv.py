"""The beta.gouv.fr converter: a tiny hand-made dataset with known answers, then the real data."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.betagouv import main
from graph.bundle import read_bundle
from graph.embedded import EmbeddedStore
from graph.model import Edge, EdgeKind, Lab, Node, Organisation, OrgKind, Person, Project, Skill
from service.cli import app

REAL_DATA = Path(__file__).resolve().parents[3] / "shared/datasets/betagouv"
LONG_ROLE = "Coach " * 50

ORGANISATIONS = [
    {
        "id": "dinum",
        "name": "Direction interministérielle du numérique",
        "acronym": "DINUM",
        "kind": "administration-centrale",
        "kind_label": "administration centrale",
        "ministry_domain": "spm",
    },
    {
        "id": "Cour-Comptes",
        "name": "Cour des comptes",
        "acronym": "C. comptes",
        "kind": "autre",
        "kind_label": "autre",
        "ministry_domain": "autres",
    },
]
LABS = [
    {
        "id": "incubateur.dinum",
        "name": "Incubateur de la DINUM",
        "host_organisation_id": "dinum",
        "host_organisation_ref": "dinum",
        "short_description": "L'incubateur des services numériques interministériels.",
        "description": "Il accompagne des startups d'État.",
        "website": None,
    }
]


def project(
    pid: str, status: str, start: str | None, end: str | None, sponsors: list[str]
) -> dict[str, object]:
    return {
        "id": pid,
        "title": pid.replace(".", " ").capitalize(),
        "pitch": f"Pitch de {pid}.",
        "description": f"Description de {pid}.",
        "lab_id": "incubateur.dinum",
        "co_lab_ids": [],
        "sponsor_ids": sponsors,
        "thematiques": ["Social", "Emploi"],
        "usertypes": [],
        "techno": [],
        "start_date": start,
        "end_date": end,
        "status": status,
        "phases": [],
        "events": [],
        "website": None,
        "repository": None,
    }


PROJECTS = [
    project("aides.jeunes", "acceleration", "2020-01-01", None, ["dinum", "Cour-Comptes"]),
    # The lead sponsor is unknown, and the end comes before the start.
    project("ancien-service", "abandon-investigation", "2021-05-01", "2021-01-01", ["inconnue", "dinum"]),
    project("nouveau", "investigation", None, None, []),
]


def person(
    pid: str, competences: list[str], employers: list[str], labs: list[str], first: str, last: str
) -> dict[str, object]:
    return {
        "id": pid,
        "role": "Designer",
        "domain": "Design",
        "competences": competences,
        "employer_kinds": ["admin"] if employers else ["independent"],
        "employer_organisation_ids": employers,
        "lab_ids": labs,
        "first_mission_start": first,
        "last_mission_end": last,
        "bio": "Conçoit des services publics simples." if pid == "p_aaaaaaaaaa" else None,
    }


PEOPLE = [
    person(
        "p_aaaaaaaaaa",
        ["Design", "Product owner"],
        ["dinum", "inconnue"],
        ["incubateur.dinum"],
        "2020-01-01",
        "2022-12-31",
    ),
    person("p_bbbbbbbbbb", ["design", "Node.js"], ["Cour-Comptes"], [], "2021-02-01", "2020-01-01"),
    person("p_cccccccccc", ["Product Owner", "Design"], [], [], "2022-01-01", "2023-01-01"),
    person("p_dddddddddd", [], [], [], "2023-01-01", "2023-06-30"),
]


def membership(
    who: str, pid: str, role: str, start: str | None, end: str | None, source: str = "mission"
) -> dict[str, object]:
    return {
        "person_id": who,
        "project_id": pid,
        "role": role,
        "domain": "Design",
        "employer_kind": "admin" if start else None,
        "start": start,
        "end": end,
        "source": source,
    }


MEMBERSHIPS = [
    membership("p_aaaaaaaaaa", "aides.jeunes", "Designer", "2020-01-01", "2021-06-30"),
    membership("p_bbbbbbbbbb", "aides.jeunes", "Développeur", "2021-03-01", "2021-01-01"),
    membership("p_bbbbbbbbbb", "ancien-service", "Développeur", None, None, "previously"),
    membership("p_cccccccccc", "nouveau", LONG_ROLE, "2022-01-01", None),
]


def write_dataset(folder: Path, files: Mapping[str, Sequence[Mapping[str, object]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        (folder / f"{name}.jsonl").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def tiny_dataset(tmp_path: Path) -> Path:
    return write_dataset(
        tmp_path / "betagouv",
        {
            "organisations": ORGANISATIONS,
            "labs": LABS,
            "projects": PROJECTS,
            "people": PEOPLE,
            "memberships": MEMBERSHIPS,
        },
    )


def convert_to(data: Path, out: Path) -> tuple[dict[str, Node], dict[tuple[str, str, str], Edge]]:
    assert main(["--data", str(data), "--out", str(out)]) == 0
    records = read_bundle(out)
    nodes = {r.id: r for r in records if isinstance(r, Node)}
    edges = {(r.kind.value, r.source, r.target): r for r in records if isinstance(r, Edge)}
    return nodes, edges


def test_tiny_dataset_nodes(tiny_dataset: Path, tmp_path: Path) -> None:
    nodes, _ = convert_to(tiny_dataset, tmp_path / "bundle")
    assert sorted(nodes) == [
        "lab:incubateur-dinum",
        "org:cour-comptes",
        "org:dinum",
        "person:p-aaaaaaaaaa",
        "person:p-bbbbbbbbbb",
        "person:p-cccccccccc",
        "person:p-dddddddddd",
        "project:aides-jeunes",
        "project:ancien-service",
        "project:nouveau",
        "skill:design",
        "skill:node-js",
        "skill:product-owner",
    ]
    dinum, cour = nodes["org:dinum"], nodes["org:cour-comptes"]
    assert isinstance(dinum, Organisation) and isinstance(cour, Organisation)
    assert (dinum.kind, dinum.acronym) == (OrgKind.STATE_CENTRAL, "DINUM")
    assert "Services du Premier ministre" in dinum.description
    assert (cour.kind, cour.acronym) == (OrgKind.PUBLIC_OPERATOR, "C. comptes")
    lab = nodes["lab:incubateur-dinum"]
    assert isinstance(lab, Lab)
    assert lab.description.startswith("L'incubateur") and lab.description.endswith("startups d'État.")
    statuses = {pid: p.status.value for pid, p in nodes.items() if isinstance(p, Project)}
    assert statuses == {
        "project:aides-jeunes": "incubated",
        "project:ancien-service": "abandoned",
        "project:nouveau": "accompanied",
    }
    ancien, nouveau = nodes["project:ancien-service"], nodes["project:nouveau"]
    assert isinstance(ancien, Project) and isinstance(nouveau, Project)
    assert (ancien.start_date, ancien.end_date) == (date(2021, 5, 1), None)
    assert nouveau.start_date is None
    assert ancien.description == "Pitch de ancien-service.\nDescription de ancien-service."
    assert ancien.themes == ("Social", "Emploi")
    alice = nodes["person:p-aaaaaaaaaa"]
    assert isinstance(alice, Person)
    assert (alice.name, alice.roles, alice.email, alice.phone) == ("p_aaaaaaaaaa", ("expert",), None, None)
    assert alice.bio == "Designer (Design). Conçoit des services publics simples."
    design, owner = nodes["skill:design"], nodes["skill:product-owner"]
    assert isinstance(design, Skill) and isinstance(owner, Skill)
    # "Design" is written twice, "design" once; a spelling that differs only in case is no synonym.
    assert (design.label, design.synonyms) == ("Design", ())
    # A tie goes to the first spelling in code-point order.
    assert (owner.label, owner.synonyms) == ("Product Owner", ())
    node = nodes["skill:node-js"]
    assert isinstance(node, Skill) and (node.label, node.synonyms) == ("Node.js", ())


def test_tiny_dataset_edges(tiny_dataset: Path, tmp_path: Path) -> None:
    _, edges = convert_to(tiny_dataset, tmp_path / "bundle")
    assert Counter(kind for kind, _, _ in edges) == {
        "PART_OF": 1,
        "SUPPORTED_BY": 3,
        "PARTNER_IN": 3,
        "HAS_SKILL": 6,
        "WORKS_AT": 3,
        "CONTRIBUTES_TO": 4,
    }
    assert ("PART_OF", "lab:incubateur-dinum", "org:dinum") in edges
    supported = edges["SUPPORTED_BY", "project:aides-jeunes", "lab:incubateur-dinum"]
    assert supported.since == date(2020, 1, 1)
    lead = edges["PARTNER_IN", "org:dinum", "project:aides-jeunes"]
    other = edges["PARTNER_IN", "org:cour-comptes", "project:aides-jeunes"]
    assert (lead.role, lead.since, other.role) == ("porteur", date(2020, 1, 1), None)
    # The first sponsor listed is unknown: the next one is not promoted to lead.
    assert edges["PARTNER_IN", "org:dinum", "project:ancien-service"].role is None
    works = edges["WORKS_AT", "person:p-aaaaaaaaaa", "org:dinum"]
    assert (works.since, works.until) == (date(2020, 1, 1), date(2022, 12, 31))
    assert ("WORKS_AT", "person:p-aaaaaaaaaa", "lab:incubateur-dinum") in edges
    out_of_order = edges["WORKS_AT", "person:p-bbbbbbbbbb", "org:cour-comptes"]
    assert (out_of_order.since, out_of_order.until) == (date(2021, 2, 1), None)
    assert ("HAS_SKILL", "person:p-bbbbbbbbbb", "skill:design") in edges
    assert ("HAS_SKILL", "person:p-bbbbbbbbbb", "skill:node-js") in edges
    dated = edges["CONTRIBUTES_TO", "person:p-aaaaaaaaaa", "project:aides-jeunes"]
    assert (dated.role, dated.since, dated.until) == ("Designer", date(2020, 1, 1), date(2021, 6, 30))
    swapped = edges["CONTRIBUTES_TO", "person:p-bbbbbbbbbb", "project:aides-jeunes"]
    assert (swapped.since, swapped.until) == (date(2021, 3, 1), None)
    undated = edges["CONTRIBUTES_TO", "person:p-bbbbbbbbbb", "project:ancien-service"]
    assert (undated.since, undated.until) == (None, None)
    long_role = edges["CONTRIBUTES_TO", "person:p-cccccccccc", "project:nouveau"].role
    assert long_role is not None and len(long_role) <= 200 and long_role.startswith("Coach Coach")
    assert {e.provenance for e in edges.values()} == {"beta.gouv.fr"}
    assert not {"SUBMITTED", "LOCATED_IN"} & {kind for kind, _, _ in edges}


def test_tiny_bundle_imports_with_the_cli(
    tiny_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "passerelle.db"
    monkeypatch.setenv("PASSERELLE_STORE__SQLITE_PATH", str(db))
    nodes, edges = convert_to(tiny_dataset, tmp_path / "bundle")
    result = CliRunner().invoke(app, ["import", str(tmp_path / "bundle")])
    assert result.exit_code == 0, result.output
    store = EmbeddedStore(db)
    counts = store.counts()
    store.close()
    assert sum(counts.nodes.values()) == len(nodes)
    assert sum(counts.edges.values()) == len(edges)


def test_rerun_replaces_the_bundle(tiny_dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    (out).mkdir()
    (out / "territories.jsonl").write_text('{"id": "territory:dep-27"}\n', encoding="utf-8")
    first, _ = convert_to(tiny_dataset, out)
    again, _ = convert_to(tiny_dataset, out)
    assert first == again
    assert not (out / "territories.jsonl").exists()


def test_bad_date_is_named_with_file_and_line(
    tiny_dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = [*PROJECTS, project("casse", "construction", "le 3 mai", None, [])]
    write_dataset(tiny_dataset, {"projects": bad})
    assert main(["--data", str(tiny_dataset), "--out", str(tmp_path / "bundle")]) == 2
    assert "projects.jsonl:4: casse: start_date: 'le 3 mai' is not an ISO date" in capsys.readouterr().err
    assert not (tmp_path / "bundle").exists()


def test_unknown_phase_is_named(
    tiny_dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_dataset(tiny_dataset, {"projects": [project("x", "pause", None, None, [])]})
    assert main(["--data", str(tiny_dataset), "--out", str(tmp_path / "bundle")]) == 2
    assert "projects.jsonl:1: x: status: unknown phase 'pause'" in capsys.readouterr().err


def test_refuses_to_write_into_the_repository(tiny_dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inside = Path(__file__).resolve().parent / "betagouv-bundle"
    assert main(["--data", str(tiny_dataset), "--out", str(inside)]) == 2
    assert "must not be committed" in capsys.readouterr().err
    assert not inside.exists()


@pytest.mark.slow
def test_real_dataset_counts_match_its_readme(tmp_path: Path) -> None:
    if not (REAL_DATA / "projects.jsonl").is_file():
        pytest.skip(f"the beta.gouv.fr dataset is not at {REAL_DATA}")
    nodes, edges = convert_to(REAL_DATA, tmp_path / "bundle")
    by_kind = Counter(type(n).__name__ for n in nodes.values())
    assert by_kind["Organisation"] == 143
    assert by_kind["Lab"] == 23
    assert by_kind["Project"] == 465
    assert by_kind["Person"] == 3484
    assert by_kind["Skill"] > 0
    by_edge = Counter(kind for kind, _, _ in edges)
    assert by_edge[EdgeKind.CONTRIBUTES_TO.value] == 3621
    assert by_edge["SUPPORTED_BY"] >= 465
    leads = sum(1 for e in edges.values() if e.kind is EdgeKind.PARTNER_IN and e.role == "porteur")
    assert 0 < leads <= 465
