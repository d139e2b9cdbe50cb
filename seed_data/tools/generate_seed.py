"""Assemble, validate and write the fictional Normandy seed network (stdlib only).

Run from the repository root:  python3 seed_data/tools/generate_seed.py
Writes seed_data/network/*.jsonl, seed_data/queries.jsonl and seed_data/README.md.

The recent, dated year (``recent_year.py``) is drawn with its own random generator after
everything else, so that adding to it leaves the rest of the network as it was.
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent
sys.path.insert(0, str(SEED.parent))

from seed_data.tools import catalogue, people, recent_year  # noqa: E402
from seed_data.tools.experts_a import EXPERTS_A, LAB_STAFF  # noqa: E402
from seed_data.tools.experts_b import EXPERTS_B  # noqa: E402
from seed_data.tools.organisations import ORGANISATIONS  # noqa: E402
from seed_data.tools.organisations_b import ORGANISATIONS_B  # noqa: E402
from seed_data.tools.projects_a import PROJECTS_A  # noqa: E402
from seed_data.tools.projects_b import PROJECTS_B  # noqa: E402
from seed_data.tools.projects_c import PROJECTS_C  # noqa: E402
from seed_data.tools.projects_d import PROJECTS_D  # noqa: E402
from seed_data.tools.queries import QUERIES  # noqa: E402
from seed_data.tools.readme import render_readme  # noqa: E402

RANDOM_SEED = 20220224
YEAR_SEED = 20251101
"""The recent year's own generator: its draws never shift those of the older network."""
N_ISOLATED = 20
LAB = "lab:innovmandie"
ID_RE = re.compile(r"^(person|org|lab|project|skill|territory):[a-z0-9]([a-z0-9-]*[a-z0-9])?$")

rng = random.Random(RANDOM_SEED)
nodes: dict[str, dict[str, list[dict]]] = defaultdict(dict)  # file -> id -> record
edges: list[dict] = []
edge_keys: set[tuple[str, str, str]] = set()
problems: list[str] = []


def check(cond: bool, message: str) -> None:
    if not cond:
        problems.append(message)


def slugify(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def words(text: str) -> int:
    return len(text.split())


def add_node(file: str, record: dict) -> None:
    check(record["id"] not in nodes[file], f"duplicate id {record['id']}")
    check(bool(ID_RE.match(record["id"])), f"bad id {record['id']}")
    nodes[file][record["id"]] = record


def add_edge(
    kind, source, target, since=None, until=None, role=None, level=None, provenance="seed", project=None
) -> bool:
    key = (kind, source, target)
    if key in edge_keys:
        return False
    edge_keys.add(key)
    edges.append(
        {
            "kind": kind,
            "source": source,
            "target": target,
            "since": since,
            "until": until,
            "role": role,
            "level": level,
            "provenance": provenance,
            "project": project,
        }
    )
    return True


def rand_date(start: date, end: date) -> str:
    return (start + timedelta(days=rng.randrange((end - start).days + 1))).isoformat()


# --- territories ------------------------------------------------------------------------------
for slug, name, code in catalogue.REGIONS:
    add_node("territories", {"id": f"territory:{slug}", "kind": "region", "name": name, "code": code})
for code, name in catalogue.DEPARTEMENTS:
    add_node(
        "territories", {"id": f"territory:dep-{code}", "kind": "departement", "name": name, "code": code}
    )
    add_edge("LOCATED_IN", f"territory:dep-{code}", "territory:reg-28")
for code, name in catalogue.COMMUNES:
    add_node("territories", {"id": f"territory:com-{code}", "kind": "commune", "name": name, "code": code})
    add_edge("LOCATED_IN", f"territory:com-{code}", f"territory:dep-{code[:2]}")

# --- skills -----------------------------------------------------------------------------------
for slug, label, synonyms in catalogue.SKILLS:
    add_node("skills", {"id": f"skill:{slug}", "label": label, "synonyms": synonyms})
LABEL = {f"skill:{s}": label for s, label, _ in catalogue.SKILLS}

# --- organisations ------------------------------------------------------------------------------
ALL_ORGANISATIONS = ORGANISATIONS + ORGANISATIONS_B + [recent_year.SILO_ORG]
ORGS = {o["slug"]: o for o in ALL_ORGANISATIONS}
check(len(ORGS) == len(ALL_ORGANISATIONS), "duplicate organisation slug")
for o in ORGS.values():
    oid = f"org:{o['slug']}"
    add_node(
        "organisations",
        {
            "id": oid,
            "name": o["name"],
            "kind": o["kind"],
            "acronym": o["acronym"],
            "description": o["description"],
        },
    )
    add_edge("LOCATED_IN", oid, f"territory:{o['loc']}")
    if o["parent"]:
        add_edge("PART_OF", oid, f"org:{o['parent']}")
    for skill, level in o["skills"].items():
        add_edge("HAS_SKILL", oid, f"skill:{skill}", level=level)

# --- labs ---------------------------------------------------------------------------------------
for slug, name, description, opened in catalogue.LABS:
    lid = f"lab:{slug}"
    add_node("labs", {"id": lid, "name": name, "description": description, "opened_on": opened})
    add_edge("MEMBER_OF_NETWORK", lid, "org:ditp", since=opened)
add_edge("PART_OF", LAB, "org:sgar-normandie", since="2022-02-24")
add_edge("LOCATED_IN", LAB, "territory:com-76540")

# --- people -------------------------------------------------------------------------------------
PEOPLE: dict[str, dict] = {}  # id -> working record (with private keys)
phone_counter = iter(range(11, 10_000))


def contact(first: str, last: str, domain: str, consent: bool, central: bool, rand: random.Random) -> tuple:
    if not consent:
        return None, None
    email = f"{slugify(first).replace('-', '')}.{slugify(last)}@{domain}.example"
    phone = None
    if rand.random() < 0.35:
        n = next(phone_counter)
        phone = f"+33 {1 if central else 2} 00 00 {n // 100:02d} {n % 100:02d}"
    return email, phone


def add_person(name, female, roles, employer, job, since, consent, skills, bio=None, kind="named", rand=rng):
    pid = f"person:{slugify(name)}"
    if pid in PEOPLE:
        pid += "-2"
    first, last = name.split(" ", 1)
    if employer == LAB:
        domain, loc, central = "innovmandie", "com-76540", False
    else:
        org = ORGS[employer]
        domain, loc, central = employer, org["loc"], org["loc"] == "reg-11"
    email, phone = contact(first, last, domain, consent, central, rand)
    PEOPLE[pid] = {
        "id": pid,
        "name": name,
        "roles": roles,
        "bio": bio,
        "email": email,
        "phone": phone,
        "contact_consent": consent,
        "_female": female,
        "_employer": employer,
        "_job": job,
        "_since": since,
        "_loc": loc,
        "_skills": dict(skills),
        "_kind": kind,
        "_projects": [],
    }
    return pid


for e in LAB_STAFF + EXPERTS_A + EXPERTS_B:
    add_person(
        e["name"],
        e["female"],
        e["roles"],
        e["org"],
        e["job"],
        e["since"],
        e["consent"],
        e["skills"],
        e["bio"],
    )
named_names = {p["name"] for p in PEOPLE.values()}
used_surnames_named = {p["name"].split(" ", 1)[1] for p in PEOPLE.values()}

AGENTS_BY_ORG: dict[str, list[str]] = defaultdict(list)
used_names = set(named_names)
for slug, o in ORGS.items():
    for _ in range(o["n_agents"]):
        while True:
            female = rng.random() < 0.55
            first = rng.choice(people.FIRST_F if female else people.FIRST_M)
            last = rng.choice([s for s in people.SURNAMES if s not in used_surnames_named])
            name = f"{first} {last}"
            if name not in used_names:
                break
        used_names.add(name)
        job = None  # chosen when the agent joins a project, or at random afterwards
        since = rand_date(date(2004, 1, 5), date(2021, 12, 20))
        pid = add_person(name, female, ["agent"], slug, job, since, rng.random() < 0.68, {}, kind="agent")
        AGENTS_BY_ORG[slug].append(pid)
for pid, p in PEOPLE.items():
    if p["_kind"] == "named" and "agent" in p["roles"]:
        AGENTS_BY_ORG[p["_employer"]].append(pid)

# --- projects -----------------------------------------------------------------------------------
PROJECTS = PROJECTS_A + PROJECTS_B + PROJECTS_C + PROJECTS_D
ACTIVE: dict[str, list[str]] = defaultdict(list)  # org -> agents already on one of its projects
SUBMITTER: dict[str, str] = {}
TEAM: dict[str, list[str]] = {}  # project -> agents of the lead organisation, submitter first
LEAD: dict[str, str] = {}
GUEST_OF: dict[tuple[str, str], str] = {}
intro_count = 0
MEMBER_ROLE = "membre de l'équipe projet"


JOB_TAGS = {
    people.gendered(j, f): tags.split()
    for jobs in people.JOBS.values()
    for j, tags in jobs
    for f in (False, True)
}


def fits(agent: str, spec: dict) -> bool:
    """An agent already staffed keeps its job: reuse it only on a project matching that job."""
    return bool(set(JOB_TAGS.get(PEOPLE[agent]["_job"], [])) & set(spec["about"]))


def pick_agent(org: str, taken: set[str], prefer_active: float, spec: dict) -> str:
    pool = [a for a in AGENTS_BY_ORG[org] if a not in taken and PEOPLE[a]["_kind"] == "agent"]
    active = [a for a in pool if a in ACTIVE[org] and fits(a, spec)]
    fresh = [a for a in pool if a not in ACTIVE[org]]
    check(bool(pool), f"no agent left in {org}")
    if not active and not fresh:
        active = pool
    if active and (not fresh or rng.random() < prefer_active):
        choice = rng.choice(active)
    else:
        choice = rng.choice(fresh)
    return choice


USED_JOBS: dict[str, set[str]] = defaultdict(set)
COASTAL = {
    "ddtm-seine-maritime",
    "ddtm-calvados",
    "ddtm-manche",
    "le-havre-seine-metropole",
    "ville-cherbourg",
    "prefecture-manche",
}


def assign_job(agent: str, spec: dict | None) -> None:
    """Give a generated agent a job title of its organisation's family, fitting the project."""
    p = PEOPLE[agent]
    if p["_job"] is not None:
        return
    org = p["_employer"]
    jobs = [
        (j, tags) for j, tags in people.JOBS[ORGS[org]["family"]] if "littoral" not in j or org in COASTAL
    ]
    if spec is not None:
        fitting = [j for j, tags in jobs if set(tags.split()) & set(spec["about"])]
        fresh = [j for j in fitting if j not in USED_JOBS[org]]
        choice = rng.choice(fresh or fitting) if fitting else f"chargé{{e}} de mission {spec['themes'][0]}"
    else:
        unused = [j for j, _ in jobs if j not in USED_JOBS[org]]
        choice = rng.choice(unused or [j for j, _ in jobs])
    USED_JOBS[org].add(choice)
    p["_job"] = people.gendered(choice, p["_female"])


def add_project(spec: dict) -> str:
    """The project's node and the edges that do not depend on its people."""
    pj = f"project:{spec['slug']}"
    add_node(
        "projects",
        {
            "id": pj,
            "title": spec["title"],
            "description": spec["description"],
            "status": spec["status"],
            "start_date": spec["start"],
            "end_date": spec["end"],
            "themes": spec["themes"],
            "missions": spec["missions"],
        },
    )
    LEAD[pj] = spec["lead"]
    add_edge("SUPPORTED_BY", pj, LAB, since=spec["start"])
    add_edge("LOCATED_IN", pj, f"territory:{spec['loc']}")
    for skill in spec["about"]:
        add_edge("ABOUT", pj, f"skill:{skill}")
    for partner in spec["partners"]:
        add_edge("PARTNER_IN", f"org:{partner}", pj, since=spec["start"])
    return pj


for spec in PROJECTS:
    pj = add_project(spec)
    named_here = {f"person:{slug}" for slug, _ in spec["experts"]}
    team: list[str] = []
    for i in range(spec["team"]):
        team.append(pick_agent(spec["lead"], set(team) | named_here, 0.45 if i else 0.3, spec))
    for agent in team:
        assign_job(agent, spec)
    submitter = team[0]
    SUBMITTER[pj] = submitter
    TEAM[pj] = team
    add_edge("SUBMITTED", submitter, pj, since=spec["start"])
    for i, agent in enumerate(team):
        p = PEOPLE[agent]
        role = (
            ("porteuse du projet" if p["_female"] else "porteur du projet")
            if i == 0
            else "membre de l'équipe projet"
        )
        add_edge("CONTRIBUTES_TO", agent, pj, since=spec["start"], until=spec["end"], role=role)
        p["_projects"].append((pj, "submitter" if i == 0 else "member"))
        ACTIVE[spec["lead"]].append(agent)
    for guest_org in spec["guests"]:
        agent = pick_agent(guest_org, set(), 0.5, spec)
        GUEST_OF[(pj, guest_org)] = agent
        assign_job(agent, spec)
        add_edge(
            "CONTRIBUTES_TO",
            agent,
            pj,
            since=spec["start"],
            until=spec["end"],
            role=f"partenaire ({ORGS[guest_org]['acronym'] or ORGS[guest_org]['name']})",
        )
        PEOPLE[agent]["_projects"].append((pj, "guest"))
        ACTIVE[guest_org].append(agent)
    for slug, role in spec["experts"]:
        eid = f"person:{slug}"
        check(eid in PEOPLE, f"{pj}: unknown expert {eid}")
        if eid not in PEOPLE:
            continue
        add_edge("CONTRIBUTES_TO", eid, pj, since=spec["start"], until=spec["end"], role=role)
        PEOPLE[eid]["_projects"].append((pj, "expert"))
        if "lab_staff" not in PEOPLE[eid]["roles"]:
            overlap = set(PEOPLE[eid]["_skills"]) & set(spec["about"])
            check(bool(overlap), f"{pj}: expert {eid} shares no skill with the project")
    start = date.fromisoformat(spec["start"])
    for target in spec["intros"]:
        tid = GUEST_OF.get((pj, target[6:])) if target.startswith("guest:") else f"person:{target}"
        check(tid in PEOPLE, f"{pj}: unknown intro target {target}")
        if tid == submitter or tid not in PEOPLE:
            continue
        check(PEOPLE[tid]["_employer"] != spec["lead"], f"{pj}: intro inside the same organisation")
        since = (start + timedelta(days=rng.randrange(10, 60))).isoformat()
        if spec["end"] and since > spec["end"]:
            since = spec["end"]
        if add_edge("INTRODUCED", submitter, tid, since=since, provenance=LAB, project=pj):
            intro_count += 1

# --- agent skills and bios ----------------------------------------------------------------------
project_title = {pid: r["title"] for pid, r in nodes["projects"].items()}
project_about = defaultdict(list)
for e in edges:
    if e["kind"] == "ABOUT":
        project_about[e["source"]].append(e["target"])

generated = [pid for pid, p in PEOPLE.items() if p["_kind"] == "agent"]
for pid in generated:
    assign_job(pid, None)
idle = [pid for pid in generated if not PEOPLE[pid]["_projects"]]
isolated = set(rng.sample(idle, min(N_ISOLATED, len(idle))))


def lower_label(skill: str) -> str:
    label = LABEL[skill]
    return label[0].lower() + label[1:]


def fill(template: str, p: dict, **extra) -> str:
    f = p["_female"]
    job = p["_job"]
    at = ORGS[p["_employer"]]["at"]
    values = {
        "Job": job[0].upper() + job[1:],
        "at": at,
        "year": p["_since"][:4],
        "il": "elle" if f else "il",
        "Il": "Elle" if f else "Il",
        "e": "e" if f else "",
        "se": "se" if f else "r",
    }
    values.update(extra)
    return template.format(**values)


for pid in generated:
    p = PEOPLE[pid]
    if p["_projects"]:
        pool = []
        for pj, _ in p["_projects"]:
            pool += [s for s in project_about[pj] if s not in pool]
        k = min(len(pool), rng.choice([0, 1, 1, 2, 2, 3]))
        submitter = any(r == "submitter" for _, r in p["_projects"])
        for s in rng.sample(pool, k):
            p["_skills"][s[6:]] = 2 if (submitter and rng.random() < 0.6) or rng.random() < 0.25 else 1
        pj, role = p["_projects"][0]
        templates = {
            "submitter": people.BIO_SUBMITTER,
            "member": people.BIO_MEMBER,
            "guest": people.BIO_GUEST,
        }[role]
        bio = fill(rng.choice(templates), p, title=project_title[pj])
        if words(bio) > 30:
            bio = fill("{Job} {at}, membre de l'équipe « {title} ».", p, title=project_title[pj])
        if words(bio) > 30:
            theme = nodes["projects"][pj]["themes"][0]
            de = "d'" if theme[0] in "aeéèiouyh" else "de "
            bio = fill("{Job} {at}. Contribue à un projet " + de + theme + " accompagné par Innov'mandie.", p)
    elif pid in isolated:
        bio = fill(rng.choice(people.BIO_ISOLATED), p)
    else:
        org_skills = list(ORGS[p["_employer"]]["skills"])
        tags = JOB_TAGS.get(p["_job"], [])
        candidates = [t for t in tags if t in org_skills] or tags or org_skills
        chosen = rng.sample(candidates, min(len(candidates), rng.choice([1, 1, 2])))
        for s in chosen:
            p["_skills"][s] = 1
        names = [lower_label(f"skill:{s}") for s in chosen]
        bio = fill(rng.choice(people.BIO_SKILLED), p, skills=" et en ".join(names))
    p["bio"] = bio

# --- the recent year: dated activity, the Eure open-data story, one silo ----------------------
year_rng = random.Random(YEAR_SEED)
YEAR_PICKED: set[str] = set()  # generated agents given something to do during the year
NEW: dict[str, str] = {}  # NEW_PEOPLE key -> person id
year_intros = 0
STORY = f"project:{recent_year.STORY_PROJECT}"


def members_of(pj: str) -> set[str]:
    return {e["source"] for e in edges if e["target"] == pj and e["kind"] in ("CONTRIBUTES_TO", "SUBMITTED")}


story_group = members_of(STORY)  # the Eure open-data group before the year


def tied_to(person: str) -> set[str]:
    """Everyone who shares a project or an introduction with the person, and the person."""
    projects = {
        e["target"] for e in edges if e["source"] == person and e["kind"] in ("CONTRIBUTES_TO", "SUBMITTED")
    }
    tied = {person}
    for pj in projects:
        tied |= members_of(pj)
    for e in edges:
        if e["kind"] == "INTRODUCED" and person in (e["source"], e["target"]):
            tied |= {e["source"], e["target"]}
    return tied


def year_agent(org: str, prefer: list[str], exclude: set[str]) -> str | None:
    """A generated agent of org for the year: not isolated, not in the open-data group, not
    excluded; preferring one not yet picked this year, whose job fits ``prefer``, without a
    project yet (so that nobody becomes a broker by accident)."""
    pool = [
        a
        for a in AGENTS_BY_ORG[org]
        if PEOPLE[a]["_kind"] == "agent" and a not in isolated and a not in story_group and a not in exclude
    ]
    if not pool:
        check(False, f"recent year: no agent left in {org}")
        return None

    def rank(a: str) -> tuple[bool, bool, bool]:
        fit = bool(set(JOB_TAGS.get(PEOPLE[a]["_job"], [])) & set(prefer))
        return (a in YEAR_PICKED, not fit, bool(PEOPLE[a]["_projects"]))

    best = min(rank(a) for a in pool)
    choice = year_rng.choice([a for a in pool if rank(a) == best])
    YEAR_PICKED.add(choice)
    return choice


def year_person(ref: str, pj: str | None, prefer: list[str], exclude: set[str]) -> str | None:
    """Resolve a person reference of recent_year.py (see its docstring)."""
    kind, _, value = ref.partition(":")
    if ref == "submitter":
        return SUBMITTER[pj]
    if kind == "lead":
        return TEAM[pj][int(value)]
    if kind == "guest":
        return GUEST_OF[(pj, value)]
    if kind == "new":
        check(value in NEW, f"recent year: unknown new person {value}")
        return NEW.get(value)
    if kind == "agent":
        return year_agent(value, prefer, exclude)
    check(False, f"recent year: bad reference {ref}")
    return None


def year_name(female: bool) -> str:
    while True:
        first = year_rng.choice(people.FIRST_F if female else people.FIRST_M)
        last = year_rng.choice([s for s in people.SURNAMES if s not in used_surnames_named])
        name = f"{first} {last}"
        if name not in used_names:
            used_names.add(name)
            return name


def join(pj: str, person: str | None, since: str, role: str, provenance: str = "seed", until=None) -> None:
    if person is None:
        return
    check(person not in members_of(pj) - {SUBMITTER.get(pj)}, f"{pj}: {person} joins twice")
    add_edge("CONTRIBUTES_TO", person, pj, since=since, until=until, role=role, provenance=provenance)
    PEOPLE[person]["_projects"].append((pj, "member"))


def introduce(pj: str, source: str | None, target: str | None, since: str) -> None:
    global year_intros
    if source is None or target is None:
        return
    check(PEOPLE[source]["_employer"] != PEOPLE[target]["_employer"], f"{pj}: intro inside one organisation")
    check(target not in tied_to(source), f"{pj}: {source} and {target} already knew each other")
    if add_edge("INTRODUCED", source, target, since=since, provenance=LAB, project=pj):
        year_intros += 1


for n in recent_year.NEW_PEOPLE:
    NEW[n["key"]] = add_person(
        year_name(n["female"]),
        n["female"],
        ["agent"],
        n["org"],
        n["job"],
        n["since"],
        n["consent"],
        n["skills"],
        n["bio"],
        kind="year",
        rand=year_rng,
    )

for spec in recent_year.SILO_PROJECTS + recent_year.YEAR_PROJECTS:
    pj = add_project(spec)
    if isinstance(spec["team"], int):  # a year project: agents of the lead organisation
        team = []
        for _ in range(spec["team"]):
            team.append(year_agent(spec["lead"], spec["about"], set(team)))
    else:  # the silo: people named in the module
        team = [year_person(ref, pj, [], set()) for ref in spec["team"]]
    SUBMITTER[pj], TEAM[pj] = team[0], team
    add_edge("SUBMITTED", team[0], pj, since=spec["start"])
    for i, agent in enumerate(team):
        female = PEOPLE[agent]["_female"]
        role = ("porteuse du projet" if female else "porteur du projet") if i == 0 else MEMBER_ROLE
        join(pj, agent, spec["start"], role, until=spec["end"])
    for guest_org in spec["guests"]:
        agent = year_agent(guest_org, spec["about"], set())
        GUEST_OF[(pj, guest_org)] = agent
        join(
            pj, agent, spec["start"], f"partenaire ({ORGS[guest_org]['acronym'] or ORGS[guest_org]['name']})"
        )
    for since, ref in spec["intros"]:
        introduce(pj, team[0], year_person(ref, pj, spec["about"], tied_to(team[0])), since)
    for since, ref, role in spec["joins"]:
        join(pj, year_person(ref, pj, spec["about"], members_of(pj)), since, role)

for since, slug, ref, role in recent_year.YEAR_JOINS:
    pj = f"project:{slug}"
    about = [e["target"][6:] for e in edges if e["kind"] == "ABOUT" and e["source"] == pj]
    join(pj, year_person(ref, pj, about, members_of(pj)), since, role)

story_joined: list[str] = []
for since, source_ref, target_ref, joins_on, role in recent_year.STORY_INTRODUCTIONS:
    source = year_person(source_ref, STORY, [], set())
    target = year_person(target_ref, STORY, recent_year.DATA_TAGS, tied_to(source))
    introduce(STORY, source, target, since)
    if joins_on is not None:
        check(joins_on > since, f"{STORY}: {target} joins before being introduced")
        join(STORY, target, joins_on, role, provenance=LAB)
        story_joined.append(target)

for pid, p in PEOPLE.items():
    add_edge(
        "WORKS_AT",
        pid,
        p["_employer"] if p["_employer"] == LAB else f"org:{p['_employer']}",
        since=p["_since"],
        role=p["_job"],
    )
    add_edge("LOCATED_IN", pid, f"territory:{p['_loc']}")
    for s, level in p["_skills"].items():
        add_edge("HAS_SKILL", pid, f"skill:{s}", level=level)
    add_node(
        "persons", {k: p[k] for k in ("id", "name", "roles", "bio", "email", "phone", "contact_consent")}
    )

# --- validation ---------------------------------------------------------------------------------
ALL = {i: f for f, recs in nodes.items() for i in recs}
PREFIX = lambda i: i.split(":", 1)[0]  # noqa: E731
ENDPOINTS = {
    "WORKS_AT": ({"person"}, {"org", "lab"}),
    "PART_OF": ({"org", "lab"}, {"org"}),
    "HAS_SKILL": ({"person", "org"}, {"skill"}),
    "CONTRIBUTES_TO": ({"person"}, {"project"}),
    "SUBMITTED": ({"person"}, {"project"}),
    "PARTNER_IN": ({"org"}, {"project"}),
    "SUPPORTED_BY": ({"project"}, {"lab"}),
    "ABOUT": ({"project"}, {"skill"}),
    "LOCATED_IN": ({"person", "org", "lab", "project", "territory"}, {"territory"}),
    "MEMBER_OF_NETWORK": ({"lab"}, {"org"}),
    "INTRODUCED": ({"person"}, {"person"}),
}
out_count: dict[str, Counter] = defaultdict(Counter)
for e in edges:
    src_ok, dst_ok = ENDPOINTS[e["kind"]]
    check(e["source"] in ALL and e["target"] in ALL, f"dangling edge {e}")
    check(PREFIX(e["source"]) in src_ok and PREFIX(e["target"]) in dst_ok, f"bad endpoints {e}")
    check(e["since"] is None or e["until"] is None or e["until"] >= e["since"], f"until<since {e}")
    if e["kind"] == "INTRODUCED":
        check(e["provenance"] == LAB and e["project"] in ALL, f"bad INTRODUCED {e}")
    elif e["kind"] == "CONTRIBUTES_TO" and e["provenance"] == LAB:
        # Work that followed one of the lab's introductions: the Eure open-data story only.
        check(e["target"] == STORY and e["since"][:7] >= recent_year.FIRST_MONTH, f"bad lab work {e}")
    else:
        check(e["provenance"] == "seed" and e["project"] is None, f"bad provenance {e}")
    if e["kind"] == "HAS_SKILL":
        check(isinstance(e["level"], int) and 1 <= e["level"] <= 3, f"bad level {e}")
    else:
        check(e["level"] is None, f"level on non-skill edge {e}")
    out_count[e["kind"]][e["source"]] += 1
in_count = Counter((e["kind"], e["target"]) for e in edges)

persons = nodes["persons"]
role_count = Counter(r for p in persons.values() for r in p["roles"])
expert_levels: list[int] = []
for pid, p in persons.items():
    check(out_count["WORKS_AT"][pid] == 1, f"{pid}: WORKS_AT != 1")
    check(out_count["LOCATED_IN"][pid] == 1, f"{pid}: LOCATED_IN != 1")
    n_skills = out_count["HAS_SKILL"][pid]
    levels = [e["level"] for e in edges if e["kind"] == "HAS_SKILL" and e["source"] == pid]
    if "expert" in p["roles"]:
        check(2 <= n_skills <= 5 and 3 in levels, f"{pid}: expert skills")
        expert_levels += levels
        check(25 <= words(p["bio"]) <= 60, f"{pid}: expert bio {words(p['bio'])} words")
    elif "agent" in p["roles"]:
        check(n_skills <= 3 and all(lv <= 2 for lv in levels), f"{pid}: agent skills")
        check(10 <= words(p["bio"]) <= 30, f"{pid}: agent bio {words(p['bio'])} words: {p['bio']}")
    check(p["email"] is None or p["email"].endswith(".example"), f"{pid}: email")
    check(p["contact_consent"] or (p["email"] is None and p["phone"] is None), f"{pid}: contact w/o consent")
check(
    expert_levels.count(3) / len(expert_levels) >= 0.55,
    f"experts mostly level 3: {expert_levels.count(3) / len(expert_levels):.2f}",
)
for oid in nodes["organisations"]:
    check(out_count["LOCATED_IN"][oid] == 1, f"{oid}: LOCATED_IN != 1")
    check(1 <= out_count["HAS_SKILL"][oid] <= 4, f"{oid}: org skills")
check(out_count["LOCATED_IN"][LAB] == 1, "innovmandie LOCATED_IN")
kinds = Counter(o["kind"] for o in nodes["organisations"].values())
check(
    all(
        kinds[k] >= 3
        for k in (
            "state_central",
            "state_deconcentrated",
            "local_authority",
            "public_operator",
            "association",
            "company",
            "university",
        )
    ),
    f"org kinds {kinds}",
)
proj_words = []
for pj, r in nodes["projects"].items():
    n = words(r["description"])
    proj_words.append(n)
    check(60 <= n <= 300, f"{pj}: {n} words")
    check(r["start_date"] >= "2022-02-01", f"{pj}: start before 2022-02")
    check(r["end_date"] is None or r["end_date"] >= r["start_date"], f"{pj}: dates")
    check((r["end_date"] is not None) == (r["status"] in ("done", "abandoned")), f"{pj}: status/end")
    check(out_count["LOCATED_IN"][pj] == 1 and out_count["SUPPORTED_BY"][pj] == 1, f"{pj}: loc/lab")
    check(1 <= out_count["ABOUT"][pj] <= 4, f"{pj}: ABOUT")
    check(in_count[("SUBMITTED", pj)] == 1, f"{pj}: SUBMITTED != 1")
check(
    min(proj_words) < 80 and max(proj_words) > 250,
    f"project lengths not varied {min(proj_words)}-{max(proj_words)}",
)

# structure: brokers and isolated agents
lead_orgs = defaultdict(set)
for e in edges:
    if e["kind"] == "CONTRIBUTES_TO":
        lead_orgs[e["source"]].add(LEAD[e["target"]])
brokers = sorted(pid for pid, orgs in lead_orgs.items() if len(orgs) >= 3)
touched = Counter(e["source"] for e in edges) + Counter(e["target"] for e in edges)
isolated_agents = [
    pid
    for pid, p in persons.items()
    if "agent" in p["roles"] and out_count["WORKS_AT"][pid] + out_count["LOCATED_IN"][pid] == touched[pid]
]
check(4 <= len(brokers) <= 6, f"brokers {brokers}")
check(15 <= len(isolated_agents) <= 25, f"isolated agents {len(isolated_agents)}")
check(25 <= intro_count <= 50, f"INTRODUCED {intro_count}")

# the recent year: every month has a few dated participations and introductions
MONTHS = []
year, month = map(int, recent_year.FIRST_MONTH.split("-"))
while f"{year}-{month:02d}" <= recent_year.LAST_MONTH:
    MONTHS.append(f"{year}-{month:02d}")
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
DATED = ("SUBMITTED", "CONTRIBUTES_TO", "INTRODUCED")
by_month = {m: Counter() for m in MONTHS}
for e in edges:
    if e["kind"] in DATED and e["since"] and e["since"][:7] in by_month:
        by_month[e["since"][:7]][e["kind"]] += 1
check(len(MONTHS) == 12, f"the year has {len(MONTHS)} months")
for m, n in by_month.items():
    check(sum(n.values()) >= 3 and n["INTRODUCED"] >= 1, f"{m}: only {dict(n)}")
check(
    all(e["since"] is None or e["since"][:7] <= recent_year.LAST_MONTH for e in edges), "edge after the year"
)
year_projects = [f"project:{s['slug']}" for s in recent_year.YEAR_PROJECTS + recent_year.SILO_PROJECTS]
started = [pj for pj in year_projects if nodes["projects"][pj]["start_date"][:7] in by_month]
check(len(started) >= 4, f"projects started during the year: {started}")

# the Eure open-data story: introductions to other organisations, some followed by work
story_intros = [
    e for e in edges if e["kind"] == "INTRODUCED" and e["project"] == STORY and e["since"] >= "2026-06"
]
check(len(story_intros) >= 12 and len(story_joined) >= 3, f"story {len(story_intros)} / {len(story_joined)}")
for e in story_intros:
    check(PEOPLE[e["target"]]["_employer"] not in {PEOPLE[m]["_employer"] for m in story_group}, f"story {e}")

# the silo: people of one organisation working together, tied to nobody outside
silo_org = recent_year.SILO
silo_people = {pid for pid, p in PEOPLE.items() if p["_employer"] == silo_org}
silo_projects = {e["target"] for e in edges if e["kind"] == "CONTRIBUTES_TO" and e["source"] in silo_people}
check(
    6 <= len(silo_people) <= 8 and 2 <= len(silo_projects) <= 3, f"silo {len(silo_people)} / {silo_projects}"
)
for pj in silo_projects:
    check(members_of(pj) <= silo_people, f"silo: {pj} has outside members")
check(
    not any(e["kind"] == "INTRODUCED" and {e["source"], e["target"]} & silo_people for e in edges),
    "silo: an introduction",
)
check(all(PEOPLE[p]["_projects"] for p in silo_people), "silo: someone without a project")
consent = sum(p["contact_consent"] for p in persons.values()) / len(persons)
check(0.6 <= consent <= 0.8, f"consent ratio {consent:.2f}")

counts = {
    "territories": len(nodes["territories"]),
    "organisations": len(nodes["organisations"]),
    "labs": len(nodes["labs"]),
    "skills": len(nodes["skills"]),
    "persons": len(persons),
    "projects": len(nodes["projects"]),
    "edges": len(edges),
}
check(counts["organisations"] >= 45 and counts["labs"] == 14 and counts["skills"] >= 45, "node counts")
check(counts["projects"] >= 42, "projects count")
check(
    role_count["agent"] >= 155 and role_count["expert"] >= 62 and role_count["lab_staff"] == 5,
    f"roles {role_count}",
)

# queries
qids = set()
for q in QUERIES:
    check(q["id"] not in qids, f"duplicate query {q['id']}")
    qids.add(q["id"])
    n = words(q["text"])
    check(40 <= n <= 180, f"{q['id']}: {n} words")
    check(2 <= len(q["experts"]) <= 5 and 1 <= len(q["organisations"]) <= 4, f"{q['id']}: answer sizes")
    topics = {f"skill:{t}" for t in q["topics"]}
    check(all(t in ALL for t in topics), f"{q['id']}: unknown topic")
    for pid in q["experts"]:
        check(pid in persons and "expert" in persons[pid]["roles"], f"{q['id']}: {pid} not an expert")
        if pid in PEOPLE:
            check(
                bool(topics & {f"skill:{s}" for s in PEOPLE[pid]["_skills"]}), f"{q['id']}: {pid} off topic"
            )
    for oid in q["organisations"]:
        check(oid in nodes["organisations"], f"{q['id']}: unknown org {oid}")
        if oid in nodes["organisations"]:
            check(
                bool(topics & {f"skill:{s}" for s in ORGS[oid[4:]]["skills"]}), f"{q['id']}: {oid} off topic"
            )
    for pj in project_title:
        desc = nodes["projects"][pj]["description"]
        check(q["text"][:60] not in desc, f"{q['id']}: copies {pj}")
check(len(QUERIES) >= 24, "queries count")
edge_kinds = Counter(e["kind"] for e in edges)

if problems:
    print(f"{len(problems)} PROBLEMS:")
    for m in problems[:80]:
        print(" -", m)
    sys.exit(1)

# --- write --------------------------------------------------------------------------------------
out = SEED / "network"
out.mkdir(exist_ok=True)
for f in ("territories", "organisations", "labs", "skills", "persons", "projects"):
    with open(out / f"{f}.jsonl", "w", encoding="utf-8") as fh:
        for rec in nodes[f].values():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
with open(out / "edges.jsonl", "w", encoding="utf-8") as fh:
    for e in edges:
        fh.write(json.dumps(e, ensure_ascii=False) + "\n")
with open(SEED / "queries.jsonl", "w", encoding="utf-8") as fh:
    for q in QUERIES:
        fh.write(
            json.dumps({k: q[k] for k in ("id", "text", "experts", "organisations")}, ensure_ascii=False)
            + "\n"
        )


def short_name(slug: str) -> str:
    o = ORGS[slug]
    return o["acronym"] if o["acronym"] and len(o["name"]) > 40 else o["name"]


stats = {
    "counts": counts,
    "roles": dict(role_count),
    "edge_kinds": dict(edge_kinds),
    "queries": len(QUERIES),
    "brokers": brokers,
    "isolated": len(isolated_agents),
    "introduced": intro_count,
    "consent": round(consent, 2),
    "project_words": (min(proj_words), max(proj_words)),
    "year": {
        "months": {m: dict(n) for m, n in by_month.items()},
        "projects": [nodes["projects"][pj]["title"] for pj in started],
        "introduced": year_intros,
        "story_introductions": len(story_intros),
        "story_joined": len(story_joined),
        "story_orgs": list(dict.fromkeys(short_name(PEOPLE[e["target"]]["_employer"]) for e in story_intros)),
        "story_title": nodes["projects"][STORY]["title"],
        "silo": ORGS[silo_org]["name"],
        "silo_people": len(silo_people),
        "silo_projects": len(silo_projects),
    },
}
(SEED / "README.md").write_text(render_readme(stats), encoding="utf-8")
print(json.dumps(stats, ensure_ascii=False, indent=1))
