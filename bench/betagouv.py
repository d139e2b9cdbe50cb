"""Convert the beta.gouv.fr open data into a Passerelle bundle (JSON Lines).

The data (projects, pseudonymised members, sponsor organisations and incubators of the
beta.gouv.fr network; CC BY-NC-SA 4.0, see its README) is read from where it lies, by default
``../shared/datasets/betagouv``, and is never copied into the repository: the bundle is written
outside it or under the git-ignored ``var/``. Run from the repository root:

    .venv/bin/python -m bench.betagouv --data ../shared/datasets/betagouv --out var/betagouv-bundle
    PASSERELLE_STORE__SQLITE_PATH=var/betagouv.db .venv/bin/passerelle import var/betagouv-bundle

Mapping (ids are the kind's prefix and a slug of the source id; two source ids with the same
slug are told apart by a short hash of the source id, so an id never depends on the other rows):

- organisations -> ``Organisation``; kind from ``ORG_KINDS`` (``autre`` is a public operator:
  every such body in the data is public: agencies, courts, GIPs, constitutional institutions);
  the description gives the source kind and the ministry domain in French.
- labs (incubators) -> ``Lab``, with ``PART_OF`` to a known host organisation.
- projects -> ``Project``; status from the latest phase (``PHASE_STATUS``); an end date before
  the start date is dropped; a project with a lab gets the ``accompaniment_incubation`` mission.
  ``SUPPORTED_BY`` to its lab and co-labs; ``PARTNER_IN`` from each known sponsor, the first
  listed (the lead sponsor) with role ``porteur``. When the first listed sponsor is unknown, no
  edge gets that role: the next one is not the lead. Both edges start on the project's start.
- people -> ``Person`` (role ``expert``; the pseudonym as name; no contact details); each
  distinct competence is a ``Skill`` with ``HAS_SKILL`` (spellings with the same slug are one
  skill, labelled by the most frequent spelling, ties to the first in code-point order; the
  others are synonyms unless they differ only in case); ``WORKS_AT`` to known employer
  organisations and to labs, from the first mission to the last.
- memberships -> ``CONTRIBUTES_TO`` with the member's role.

No territory (the network is national) and no ``SUBMITTED`` edge (the data has no submitter).
A date pair out of order keeps its start and drops its end. References to unknown records are
skipped and counted. Every edge has provenance ``beta.gouv.fr``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from graph.bundle import BUNDLE_FILES, read_bundle, write_bundle
from graph.errors import InvalidInput, Problem
from graph.model import (
    Edge,
    EdgeKey,
    EdgeKind,
    Lab,
    LabMission,
    Node,
    Organisation,
    OrgKind,
    Person,
    Project,
    ProjectStatus,
    Role,
    Skill,
)

ROOT = Path(__file__).resolve().parents[1]
PROVENANCE = "beta.gouv.fr"
SOURCE_FILES = ("organisations", "labs", "projects", "people", "memberships")
LEAD_SPONSOR_ROLE = "porteur"

ORG_KINDS: dict[str, OrgKind] = {
    "administration-centrale": OrgKind.STATE_CENTRAL,
    "operateur": OrgKind.PUBLIC_OPERATOR,
    "service-deconcentre": OrgKind.STATE_DECONCENTRATED,
    "securite-sociale": OrgKind.PUBLIC_OPERATOR,
    "collectivite-territoriale": OrgKind.LOCAL_AUTHORITY,
    "autre": OrgKind.PUBLIC_OPERATOR,
}
"""Source organisation kind -> Passerelle kind."""

MINISTRY_DOMAINS: dict[str, str] = {
    "affaires-etrangeres": "Europe et Affaires étrangères",
    "agriculture": "Agriculture et Alimentation",
    "armees": "Armées",
    "bercy": "Économie et Finances",
    "culture": "Culture",
    "education": "Éducation nationale",
    "enseignement-sup": "Enseignement supérieur et Recherche",
    "environnement": "Transition écologique",
    "interieur": "Intérieur",
    "justice": "Justice",
    "solidarite-sante": "Solidarités et Santé",
    "spm": "Services du Premier ministre",
    "sport": "Sports",
    "territoires": "Cohésion des territoires",
    "travail": "Travail et Emploi",
}
"""Source ``ministry_domain`` -> French label; ``autres`` (none in particular) is left out."""

PHASE_STATUS: dict[str, ProjectStatus] = {
    # Exploring the problem with the incubator's coaches, before any decision to build.
    "investigation": ProjectStatus.ACCOMPANIED,
    # Building, then growing, the service inside the incubator.
    "construction": ProjectStatus.INCUBATED,
    "acceleration": ProjectStatus.INCUBATED,
    "consolidation": ProjectStatus.INCUBATED,
    # Handed over to, or run by, the administration: the lab's part is over.
    "transfere": ProjectStatus.DONE,
    "opere": ProjectStatus.DONE,
    "abandon": ProjectStatus.ABANDONED,
    "abandon-investigation": ProjectStatus.ABANDONED,
}
"""Source phase (the latest one) -> project status; a project without a phase is a draft."""

Row = Mapping[str, object]

_MAX_SLUG = 120
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def slugify(text: str, *, max_length: int = _MAX_SLUG) -> str:
    """Lowercase ASCII letters, digits and single hyphens, at most ``max_length`` characters.

    >>> slugify("latelier.numerique  du Ministère")
    'latelier-numerique-du-ministere'
    >>> slugify("++")
    ''
    """
    folded = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_length].rstrip("-")


def _hashed(base: str, source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:6]
    head = base[: _MAX_SLUG - len(digest) - 1].rstrip("-")
    return f"{head}-{digest}" if head else f"x-{digest}"


def allocate_ids(prefix: str, source_ids: Iterable[str]) -> dict[str, str]:
    """Map each source id to a unique Passerelle id ``prefix:slug``.

    A source id keeps its bare slug when no other source id has the same slug, or when it is
    that slug already; otherwise a hash of the source id is appended. So an id depends only on
    its own source id and on whether it collides.

    >>> allocate_ids("org", ["DINUM", "dinum", "Cour des comptes"])
    {'DINUM': 'org:dinum-424c3d', 'dinum': 'org:dinum', 'Cour des comptes': 'org:cour-des-comptes'}
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for source in dict.fromkeys(source_ids):
        groups[slugify(source)].append(source)
    ids: dict[str, str] = {}
    for base, sources in groups.items():
        for source in sources:
            alone = len(sources) == 1 or source == base
            ids[source] = f"{prefix}:{base if alone and base else _hashed(base, source)}"
    if len(set(ids.values())) != len(ids):
        raise ValueError(f"{prefix}: two source ids give the same id even with their hashes")
    return ids


def cut(text: str, limit: int) -> str:
    """The text, or its head ending on a word and an ellipsis, in at most ``limit`` characters.

    >>> cut("une phrase assez longue", 12)
    'une phrase…'
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip() + "…"


def _text(row: Row, name: str) -> str:
    value = row.get(name)
    return value.strip() if isinstance(value, str) else ""


def _texts(row: Row, name: str) -> list[str]:
    """A list field's distinct non-empty strings, in order."""
    value = row.get(name)
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(v.strip() for v in value if isinstance(v, str) and v.strip()))


def _date(row: Row, name: str) -> date | None:
    value = row.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected an ISO date, got {value!r}")
    try:
        return date.fromisoformat(value[:10])
    except ValueError as e:
        raise ValueError(f"{name}: {value!r} is not an ISO date") from e


@dataclass(frozen=True)
class Line:
    """One row of a source file, with where it was read."""

    file: str
    number: int
    row: Row

    @property
    def id(self) -> str:
        return _text(self.row, "id")


def read_rows(path: Path) -> Iterator[Line]:
    """The JSON objects of one JSON Lines file, with their line numbers.

    Raises:
        InvalidInput: the file is missing, or a line is not a JSON object.
    """
    if not path.is_file():
        raise InvalidInput([Problem(str(path), "file", "missing (is --data the dataset folder?)")])
    text = path.read_text(encoding="utf-8")
    problems = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as e:
            problems.append(Problem("(line)", "line", f"not valid JSON: {e.msg}", path.name, number))
            continue
        if not isinstance(row, dict):
            problems.append(Problem("(line)", "line", "a line must hold one JSON object", path.name, number))
            continue
        yield Line(path.name, number, row)
    if problems:
        raise InvalidInput(problems)


@dataclass
class Conversion:
    """The bundle's records, and what was left out of it (reason -> count)."""

    nodes: list[Node] = field(default_factory=list)
    edges: dict[EdgeKey, Edge] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)

    def add_edge(self, kind: EdgeKind, source: str, target: str, **attributes: object) -> None:
        """Add an edge; a second edge with the same (kind, source, target) is skipped."""
        edge = Edge.model_validate(
            {"kind": kind, "source": source, "target": target, "provenance": PROVENANCE, **attributes}
        )
        if edge.key in self.edges:
            self.skipped[f"duplicate {kind} edge"] += 1
        else:
            self.edges[edge.key] = edge


class _Converter:
    """Converts the five source files in order; each later file refers to the earlier ones."""

    def __init__(self) -> None:
        self.out = Conversion()
        self.problems: list[Problem] = []
        self.org_ids: dict[str, str] = {}
        self.lab_ids: dict[str, str] = {}
        self.project_ids: dict[str, str] = {}
        self.person_ids: dict[str, str] = {}

    def each(self, lines: Sequence[Line], ids: Mapping[str, str] | None = None) -> Iterator[Line]:
        """Yield each line; with ``ids``, skip (as problems) lines without an id or repeating one."""
        first: dict[str, int] = {}
        for line in lines:
            if ids is not None:
                if not line.id:
                    self.problems.append(Problem("(row)", "id", "missing", line.file, line.number))
                    continue
                if line.id in first:
                    message = f"duplicate id, first at line {first[line.id]}"
                    self.problems.append(Problem(line.id, "id", message, line.file, line.number))
                    continue
                first[line.id] = line.number
            yield line

    @contextmanager
    def reading(self, line: Line) -> Iterator[Row]:
        """Turn a bad value of this line into a ``Problem`` naming its file, line and field."""
        record = line.id or "(row)"
        try:
            yield line.row
        except ValidationError as e:
            for item in e.errors():
                where = ".".join(str(p) for p in item["loc"]) or "record"
                message = str(item["msg"]).removeprefix("Value error, ")
                self.problems.append(Problem(record, where, message, line.file, line.number))
        except ValueError as e:
            name, _, message = str(e).partition(": ")
            self.problems.append(Problem(record, name, message, line.file, line.number))

    def known(self, ids: Mapping[str, str], source: str, what: str) -> str | None:
        """The Passerelle id of a referenced source id, or ``None`` (counted) when unknown."""
        if source in ids:
            return ids[source]
        self.out.skipped[f"unknown {what}"] += 1
        return None

    def organisations(self, lines: Sequence[Line]) -> None:
        self.org_ids = allocate_ids("org", (line.id for line in lines if line.id))
        for line in self.each(lines, self.org_ids):
            with self.reading(line) as row:
                kind = _text(row, "kind")
                if kind not in ORG_KINDS:
                    known = ", ".join(ORG_KINDS)
                    raise ValueError(f"kind: unknown organisation kind {kind!r}; known: {known}")
                about = [f"{(_text(row, 'kind_label') or kind).capitalize()}."]
                domain = _text(row, "ministry_domain")
                if domain and domain != "autres":
                    about.append(f"Domaine ministériel : {MINISTRY_DOMAINS.get(domain, domain)}.")
                self.out.nodes.append(
                    Organisation(
                        id=self.org_ids[line.id],
                        name=cut(_text(row, "name") or line.id, 300),
                        kind=ORG_KINDS[kind],
                        acronym=cut(_text(row, "acronym"), 40) or None,
                        description=" ".join(about),
                    )
                )

    def labs(self, lines: Sequence[Line]) -> None:
        self.lab_ids = allocate_ids("lab", (line.id for line in lines if line.id))
        for line in self.each(lines, self.lab_ids):
            with self.reading(line) as row:
                short, long = _text(row, "short_description"), _text(row, "description")
                text = long if long.startswith(short) else f"{short}\n\n{long}"
                lab_id = self.lab_ids[line.id]
                name = cut(_text(row, "name") or line.id, 200)
                self.out.nodes.append(Lab(id=lab_id, name=name, description=cut(text, 4000)))
                host = _text(row, "host_organisation_id")
                if host and (org_id := self.known(self.org_ids, host, "lab host organisation")):
                    self.out.add_edge(EdgeKind.PART_OF, lab_id, org_id)

    def projects(self, lines: Sequence[Line]) -> None:
        self.project_ids = allocate_ids("project", (line.id for line in lines if line.id))
        for line in self.each(lines, self.project_ids):
            with self.reading(line) as row:
                self.project(self.project_ids[line.id], row)

    def project(self, project_id: str, row: Row) -> None:
        phase = _text(row, "status")
        if phase and phase not in PHASE_STATUS:
            raise ValueError(f"status: unknown phase {phase!r}; known: {', '.join(PHASE_STATUS)}")
        start, end = _date(row, "start_date"), _date(row, "end_date")
        if start and end and end < start:
            self.out.skipped["project end_date before start_date (end dropped)"] += 1
            end = None
        main_lab = _text(row, "lab_id")
        labs = [self.known(self.lab_ids, main_lab, "project lab")] if main_lab else []
        labs += [self.known(self.lab_ids, lab, "project co-lab") for lab in _texts(row, "co_lab_ids")]
        lab_ids = [lab for lab in labs if lab]
        self.out.nodes.append(
            Project(
                id=project_id,
                title=cut(_text(row, "title") or _text(row, "id"), 300),
                description=cut(f"{_text(row, 'pitch')}\n{_text(row, 'description')}", 20000),
                status=PHASE_STATUS[phase] if phase else ProjectStatus.DRAFT,
                start_date=start,
                end_date=end,
                themes=tuple(_texts(row, "thematiques")),
                missions=(LabMission.ACCOMPANIMENT_INCUBATION,) if lab_ids else (),
            )
        )
        for lab_id in lab_ids:
            self.out.add_edge(EdgeKind.SUPPORTED_BY, project_id, lab_id, since=start)
        for rank, sponsor in enumerate(_texts(row, "sponsor_ids")):
            if org_id := self.known(self.org_ids, sponsor, "project sponsor"):
                role = LEAD_SPONSOR_ROLE if rank == 0 else None
                self.out.add_edge(EdgeKind.PARTNER_IN, org_id, project_id, since=start, role=role)

    def people(self, lines: Sequence[Line]) -> None:
        self.person_ids = allocate_ids("person", (line.id for line in lines if line.id))
        skills = self.skills(line.row for line in lines)
        for line in self.each(lines, self.person_ids):
            with self.reading(line) as row:
                self.person(self.person_ids[line.id], row, skills)

    def person(self, person_id: str, row: Row, skills: Mapping[str, str]) -> None:
        role, domain, bio = _text(row, "role"), _text(row, "domain"), _text(row, "bio")
        headline = f"{role} ({domain})" if role and domain else role or domain
        self.out.nodes.append(
            Person(
                id=person_id,
                name=cut(_text(row, "id"), 200),
                roles=(Role.EXPERT,),
                bio=cut(". ".join(t for t in (headline, bio) if t), 2000),
            )
        )
        for competence in _texts(row, "competences"):
            self.out.add_edge(EdgeKind.HAS_SKILL, person_id, skills[competence])
        dates = self.span(_date(row, "first_mission_start"), _date(row, "last_mission_end"), "person")
        places = [self.known(self.org_ids, o, "employer") for o in _texts(row, "employer_organisation_ids")]
        places += [self.known(self.lab_ids, lab, "person lab") for lab in _texts(row, "lab_ids")]
        for place in places:
            if place:
                self.out.add_edge(EdgeKind.WORKS_AT, person_id, place, **dates)

    def skills(self, rows: Iterable[Row]) -> dict[str, str]:
        """Add one ``Skill`` per distinct slug of the competences; return spelling -> skill id."""
        spellings: Counter[str] = Counter(c for row in rows for c in _texts(row, "competences"))
        by_slug: dict[str, list[str]] = defaultdict(list)
        for spelling in spellings:
            by_slug[slugify(spelling) or _hashed("", spelling)].append(spelling)
        ids: dict[str, str] = {}
        for slug, group in sorted(by_slug.items()):
            group.sort(key=lambda s: (-spellings[s], s))
            label = group[0]
            synonyms = tuple(s for s in group[1:] if s.casefold() != label.casefold())
            skill = Skill(id=f"skill:{slug}", label=cut(label, 200), synonyms=synonyms)
            self.out.nodes.append(skill)
            ids.update((s, skill.id) for s in group)
        return ids

    def memberships(self, lines: Sequence[Line]) -> None:
        for line in self.each(lines):
            with self.reading(line) as row:
                person = self.known(self.person_ids, _text(row, "person_id"), "membership person")
                project = self.known(self.project_ids, _text(row, "project_id"), "membership project")
                if not (person and project):
                    continue
                dates = self.span(_date(row, "start"), _date(row, "end"), "membership")
                role = cut(_text(row, "role"), 200) or None
                self.out.add_edge(EdgeKind.CONTRIBUTES_TO, person, project, role=role, **dates)

    def span(self, start: date | None, end: date | None, what: str) -> dict[str, object]:
        """``since`` and ``until`` of an edge; an end before the start is dropped (and counted)."""
        if start and end and end < start:
            self.out.skipped[f"{what} end before start (end dropped)"] += 1
            end = None
        return {"since": start, "until": end}


def convert(data: Path) -> Conversion:
    """Map the five files of the beta.gouv.fr dataset onto Passerelle records.

    Raises:
        InvalidInput: a file is missing, or rows break the model (each named with file and line).
    """
    lines = {name: list(read_rows(data / f"{name}.jsonl")) for name in SOURCE_FILES}
    converter = _Converter()
    converter.organisations(lines["organisations"])
    converter.labs(lines["labs"])
    converter.projects(lines["projects"])
    converter.people(lines["people"])
    converter.memberships(lines["memberships"])
    if converter.problems:
        raise InvalidInput(converter.problems)
    return converter.out


def write(conversion: Conversion, out: Path) -> dict[str, int]:
    """Write the bundle, replacing any bundle file already in ``out``; return rows per file."""
    out.mkdir(parents=True, exist_ok=True)
    for stem in BUNDLE_FILES:
        for stale in (out / f"{stem}.jsonl", out / f"{stem}.csv"):
            stale.unlink(missing_ok=True)
    return write_bundle(out, conversion.nodes, conversion.edges.values())


def check_outside_repository(out: Path) -> None:
    """The licensed data may land in the repository only under the git-ignored ``var/``."""
    target = out.resolve()
    if target.is_relative_to(ROOT) and not target.is_relative_to(ROOT / "var"):
        raise InvalidInput(
            [
                Problem(
                    str(out),
                    "--out",
                    "inside the repository: write the bundle under var/ (git-ignored) or outside it; "
                    "the beta.gouv.fr data (CC BY-NC-SA 4.0) must not be committed",
                )
            ]
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.betagouv",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets/betagouv"))
    parser.add_argument("--out", type=Path, default=Path("var/betagouv-bundle"))
    args = parser.parse_args(argv)
    try:
        check_outside_repository(args.out)
        started = time.perf_counter()
        conversion = convert(args.data)
        converted = time.perf_counter()
        counts = write(conversion, args.out)
        written = time.perf_counter()
        records = read_bundle(args.out)
        checked = time.perf_counter()
    except InvalidInput as e:
        for problem in e.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    if len(records) != sum(counts.values()):
        print(f"error: wrote {sum(counts.values())} records but read back {len(records)}", file=sys.stderr)
        return 1
    for name, count in counts.items():
        print(f"{name:<20} {count:>7}")
    by_kind = Counter(edge.kind.value for edge in conversion.edges.values())
    print("edges by kind: " + ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items())))
    for reason, count in sorted(conversion.skipped.items()):
        print(f"skipped: {reason}: {count}")
    print(
        f"{len(records)} records in {args.out}: converted in {converted - started:.2f} s, "
        f"written in {written - converted:.2f} s, read back and validated in {checked - written:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
