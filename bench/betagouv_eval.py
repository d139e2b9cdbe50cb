"""Evaluate the matcher on real French data: the beta.gouv.fr network (CC BY-NC-SA 4.0).

Time split: projects that started before ``--split`` form the history (people's and sponsors'
profiles); each later project is a query whose members and sponsors, when they have a history,
are the answers to recover. The data is read from ``../shared/datasets/betagouv`` and never
copied into the repository. Run:

    .venv/bin/python -m bench.betagouv_eval --split 2023-01-01

It prints recall@10, nDCG@10 and MRR for experts and organisations under several weightings,
including each signal alone, so the blend is compared with its parts in the same run.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.model import (
    Edge,
    EdgeKind,
    Organisation,
    OrgKind,
    Person,
    Project,
    Record,
    Role,
    Skill,
)
from matching.embedder import SentenceTransformerEmbedder
from matching.evaluation import mrr, ndcg_at_k, recall_at_k
from matching.matcher import MAX_QUERY_CHARS, Matcher
from matching.ranking import Weights

ORG_KINDS = {
    "administration-centrale": OrgKind.STATE_CENTRAL,
    "operateur": OrgKind.PUBLIC_OPERATOR,
    "service-deconcentre": OrgKind.STATE_DECONCENTRATED,
    "securite-sociale": OrgKind.PUBLIC_OPERATOR,
    "collectivite-territoriale": OrgKind.LOCAL_AUTHORITY,
}


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:100] or "x"


def read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def project_text(p: dict[str, object]) -> str:
    return f"{p.get('pitch') or ''}\n{p.get('description') or ''}".strip()[:MAX_QUERY_CHARS]


def build(data: Path, split: str) -> tuple[list[Record], list[tuple[str, str, set[str], set[str]]]]:
    projects = {str(p["id"]): p for p in read(data / "projects.jsonl")}
    people = {str(p["id"]): p for p in read(data / "people.jsonl")}
    memberships = read(data / "memberships.jsonl")
    history = {pid for pid, p in projects.items() if p.get("start_date") and str(p["start_date"]) < split}
    queries_ids = sorted(
        pid for pid, p in projects.items() if p.get("start_date") and str(p["start_date"]) >= split
    )
    members: dict[str, set[str]] = defaultdict(set)
    for m in memberships:
        members[str(m["project_id"])].add(str(m["person_id"]))

    records: list[Record] = []
    skill_ids: dict[str, str] = {}
    with_history: set[str] = {person for pid in history for person in members[pid]}
    sponsors_with_history = {str(s) for pid in history for s in projects[pid].get("sponsor_ids") or []}  # type: ignore[union-attr]
    orgs = {str(o["id"]): o for o in read(data / "organisations.jsonl")}
    for oid, o in orgs.items():
        if oid in sponsors_with_history:
            records.append(
                Organisation(
                    id=f"org:{slug(oid)}",
                    name=str(o["name"]),
                    acronym=(str(o["acronym"])[:40] if o.get("acronym") else None),
                    kind=ORG_KINDS.get(str(o["kind"]), OrgKind.ASSOCIATION),
                )
            )
    for pid in sorted(history):
        p = projects[pid]
        records.append(
            Project(id=f"project:{slug(pid)}", title=str(p["title"]), description=project_text(p)[:20000])
        )
        for sponsor in p.get("sponsor_ids") or []:  # type: ignore[union-attr]
            if str(sponsor) in orgs:
                records.append(
                    Edge(
                        kind=EdgeKind.PARTNER_IN,
                        source=f"org:{slug(str(sponsor))}",
                        target=f"project:{slug(pid)}",
                    )
                )
    for person_id in sorted(with_history):
        person = people[person_id]
        bio = " ".join(str(x) for x in (person.get("role"), person.get("domain"), person.get("bio")) if x)
        records.append(
            Person(id=f"person:{slug(person_id)}", name=person_id, roles=(Role.EXPERT,), bio=bio[:2000])
        )
        for competence in person.get("competences") or []:  # type: ignore[union-attr]
            sid = skill_ids.setdefault(str(competence), f"skill:{slug(str(competence))}")
            records.append(Edge(kind=EdgeKind.HAS_SKILL, source=f"person:{slug(person_id)}", target=sid))
        for pid in sorted(history):
            if person_id in members[pid]:
                records.append(
                    Edge(
                        kind=EdgeKind.CONTRIBUTES_TO,
                        source=f"person:{slug(person_id)}",
                        target=f"project:{slug(pid)}",
                    )
                )
    records.extend(Skill(id=sid, label=label) for label, sid in skill_ids.items())
    # Deduplicate skills whose labels slug to the same id.
    unique: dict[object, Record] = {}
    for r in records:
        unique[r.key if isinstance(r, Edge) else r.id] = r
    queries = []
    for pid in queries_ids:
        p = projects[pid]
        experts = {f"person:{slug(m)}" for m in members[pid] if m in with_history}
        sponsors = {
            f"org:{slug(str(s))}" for s in p.get("sponsor_ids") or [] if str(s) in sponsors_with_history
        }  # type: ignore[union-attr]
        if experts or sponsors:
            queries.append((pid, project_text(p), experts, sponsors))
    return list(unique.values()), queries


WEIGHTINGS = {
    "semantic only": Weights(semantic=1, lexical=0, skills=0),
    "lexical only": Weights(semantic=0, lexical=1, skills=0),
    "default blend": Weights(),
    "0.5/0.5/0": Weights(semantic=0.5, lexical=0.5, skills=0),
    "0.25/0.75/0": Weights(semantic=0.25, lexical=0.75, skills=0),
    "0.2/0.6/0.2": Weights(semantic=0.2, lexical=0.6, skills=0.2),
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets/betagouv"))
    parser.add_argument("--split", default="2023-01-01")
    parser.add_argument("--db", type=Path, default=Path("bench/results/betagouv.db"))
    parser.add_argument("--model", default=None, help="sentence-transformers name or path")
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    records, queries = build(args.data, args.split)
    store = EmbeddedStore(args.db)
    store.ensure_schema()
    store.upsert(records)
    embedder = SentenceTransformerEmbedder(args.model)
    matcher = Matcher(store, embedder)
    print(matcher.refresh())
    print(f"{len(records)} records, {len(queries)} queries (projects started on or after {args.split})")
    query_vectors = {}
    started = time.perf_counter()
    for pid, text, _, _ in queries:
        query_vectors[pid] = matcher.embed_query(text)
    print(f"embedded {len(queries)} queries in {time.perf_counter() - started:.1f} s")
    matcher.embed_query = lambda text: query_vectors[_by_text[text]]  # type: ignore[method-assign]
    _by_text.update({text: pid for pid, text, _, _ in queries})

    print(f"{'weighting':<16} {'who':<14} {'recall@10':>9} {'nDCG@10':>8} {'MRR':>6} {'n':>4}")
    for name, weights in WEIGHTINGS.items():
        matcher.weights = weights
        scores: dict[str, list[tuple[float, float, float]]] = {"experts": [], "organisations": []}
        for _, text, experts, sponsors in queries:
            result = matcher.suggest(text, k=args.k)
            for who, relevant, ranked in (
                ("experts", experts, [s.id for s in result.experts]),
                ("organisations", sponsors, [s.id for s in result.organisations]),
            ):
                if relevant:
                    scores[who].append(
                        (
                            recall_at_k(ranked, relevant, args.k),
                            ndcg_at_k(ranked, relevant, args.k),
                            mrr(ranked, relevant),
                        )
                    )
        for who, rows in scores.items():
            r, n, m = (statistics.fmean(col) for col in zip(*rows, strict=True))
            print(f"{name:<16} {who:<14} {r:>9.3f} {n:>8.3f} {m:>6.3f} {len(rows):>4}")


_by_text: dict[str, str] = {}

if __name__ == "__main__":
    main()
