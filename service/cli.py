"""The ``passerelle`` command line. It reuses the API's wiring (``service.wiring``)."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import networkx as nx
import typer
from pydantic import ValidationError
from tqdm import tqdm

from graph import snapshot
from graph.bundle import read_bundle, write_bundle
from graph.errors import InvalidInput, PasserelleError
from graph.store import GraphStore
from service.schemas import SuggestionPublic, SuggestionsPublic
from service.settings import Settings
from service.wiring import build_matcher, build_store, seed_folder, store_from_uri

app = typer.Typer(
    help="Passerelle : mise en relation pour les laboratoires d'innovation publique.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
logger = logging.getLogger("passerelle")

PROGRESS_FROM = 2000
"""Batches larger than this show a progress bar."""


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def fail(message: str) -> typer.Exit:
    typer.echo(f"erreur : {message}", err=True)
    return typer.Exit(code=2)


def load_settings() -> Settings:
    """Settings from the environment; a bad variable ends the command with code 2."""
    try:
        return Settings()
    except ValidationError as e:
        for error in e.errors():
            name = "PASSERELLE_" + "__".join(str(part) for part in error["loc"]).upper()
            typer.echo(f"erreur : {name} : {error['msg']}", err=True)
        raise typer.Exit(code=2) from None


@contextmanager
def domain_errors() -> Iterator[None]:
    """Domain errors end the command with code 2 and a message naming the record and field."""
    try:
        yield
    except InvalidInput as e:
        for problem in e.problems:
            typer.echo(f"erreur : {problem}", err=True)
        typer.echo(f"{len(e.problems)} problème(s) ; rien n'a été écrit.", err=True)
        raise typer.Exit(code=2) from None
    except PasserelleError as e:
        raise fail(str(e)) from None


@contextmanager
def opened_store(uri: str | None = None) -> Iterator[GraphStore]:
    """The configured store (or the one a URI names) with its schema ensured."""
    store: GraphStore | None = None
    settings = load_settings()
    with domain_errors():
        try:
            store = build_store(settings) if uri is None else store_from_uri(uri, settings)
            store.ensure_schema()
            yield store
        finally:
            if store is not None:
                store.close()


def known_ids(store: GraphStore) -> Callable[[Iterable[str]], set[str]]:
    return store.existing


def import_records(store: GraphStore, folder: Path) -> int:
    """Validate a whole bundle, then write it in one transaction. Returns the record count."""
    records = read_bundle(folder, known_ids=known_ids(store))
    bar: tqdm[None] | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if total < PROGRESS_FROM:
            return
        if bar is None:
            bar = tqdm(total=total, desc="écriture", unit="lignes", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        store.upsert(records, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    return len(records)


@app.command("import")
def import_bundle(path: Annotated[Path, typer.Argument(help="Dossier du lot (JSONL ou CSV)")]) -> None:
    """Import a bundle: everything is validated first; a bad record means nothing is written."""
    with opened_store() as store:
        count = import_records(store, path)
    typer.echo(f"{count} enregistrements importés depuis {path}")


@app.command()
def seed(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Ne rien faire si la base contient déjà des données")
    ] = False,
) -> None:
    """Load the fictional Normandy seed network."""
    with opened_store() as store:
        if if_empty and sum(store.counts().nodes.values()) > 0:
            typer.echo("la base contient déjà des données : réseau d'exemple non chargé")
            return
        count = import_records(store, seed_folder())
    typer.echo(f"réseau d'exemple chargé : {count} enregistrements")


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    graphml = "graphml"
    gexf = "gexf"


@app.command("export")
def export_graph(
    path: Annotated[Path, typer.Argument(help="Dossier (jsonl, csv) ou fichier (graphml, gexf)")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
) -> None:
    """Export the whole graph as a bundle, or as GraphML / GEXF for Gephi."""
    with opened_store() as store:
        if fmt in (ExportFormat.jsonl, ExportFormat.csv):
            counts = write_bundle(path, store.nodes(), store.edges(), fmt=fmt.value)
            typer.echo(", ".join(f"{name}: {n}" for name, n in counts.items()))
            return
        flat = snapshot.flatten_for_interchange(store.snapshot())
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt is ExportFormat.graphml:
            nx.write_graphml(flat, path)
        else:
            nx.write_gexf(flat, path)
        typer.echo(f"{flat.number_of_nodes()} nœuds, {flat.number_of_edges()} liens écrits dans {path}")


@app.command()
def suggest(
    text: Annotated[str, typer.Argument(help="Texte du brouillon de projet")],
    k: Annotated[int, typer.Option("--k", min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Suggest experts and partner organisations for a draft."""
    settings = load_settings()
    with opened_store() as store, domain_errors():
        matcher = build_matcher(settings, store)
        stats = matcher.refresh()
        typer.echo(str(stats), err=True)
        result = matcher.suggest(text, k=k)
    public = SuggestionsPublic(
        model=matcher.embedder.model_id,
        experts=[SuggestionPublic.of(s) for s in result.experts],
        organisations=[SuggestionPublic.of(s) for s in result.organisations],
        without_text=result.without_text,
    )
    if as_json:
        typer.echo(public.model_dump_json(indent=2))
        return
    for title, items in (("Experts", public.experts), ("Organisations", public.organisations)):
        typer.echo(title)
        for rank, s in enumerate(items, start=1):
            parts = " · ".join(f"{name} {value:.3f}" for name, value in s.contributions.items())
            typer.echo(f"{rank:>3}. {s.name} ({s.id})  score {s.score:.3f}  [{parts}]")
            reasons = []
            if s.evidence.shared_skills:
                reasons.append("compétences : " + ", ".join(s.evidence.shared_skills))
            if s.evidence.closest_project:
                reasons.append("projet proche : " + s.evidence.closest_project)
            if reasons:
                typer.echo("      " + " ; ".join(reasons))
    if public.without_text:
        typer.echo(f"{len(public.without_text)} candidat(s) sans texte, non classé(s)")


@app.command("export-person")
def export_person(person_id: str) -> None:
    """Right of access: print everything stored about a person, as JSON."""
    with opened_store() as store:
        data = store.export_person(person_id)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command("erase-person")
def erase_person(person_id: str) -> None:
    """Right to erasure: remove a person, their links and derived vectors from the store."""
    with opened_store() as store:
        report = store.erase_person(person_id)
    typer.echo(f"{report.person_id} effacé : {report.edges} lien(s), {report.vectors} vecteur(s)")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Adresse d'écoute")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs)."""
    import uvicorn

    from service.api import create_app

    settings = load_settings()
    host = host or settings.host
    port = port or settings.port
    with opened_store() as store:
        # The store is reached before serving, so an unreachable Neo4j ends here with code 2.
        app_ = create_app(settings, store=store)
        typer.echo(f"Passerelle sur http://{host}:{port} (documentation : http://{host}:{port}/docs)")
        uvicorn.run(app_, host=host, port=port, log_level="info")


@app.command()
def migrate(
    source: Annotated[str, typer.Option("--from", help="sqlite:PATH ou URI Neo4j")],
    target: Annotated[str, typer.Option("--to", help="sqlite:PATH ou URI Neo4j")],
    batch_size: Annotated[int, typer.Option(min=1, max=100_000)] = 5000,
    restart: Annotated[bool, typer.Option("--restart", help="Ignorer le point de reprise")] = False,
) -> None:
    """Copy everything between stores, resumably, and verify counts and checksums."""
    import hashlib

    from graph.migration import Checkpoint
    from graph.migration import migrate as copy_all

    if source == target:
        raise fail("--from and --to name the same store")
    key = hashlib.sha256(f"{source}\n{target}".encode()).hexdigest()[:16]
    checkpoint = Checkpoint(Path("var") / f"migrate-{key}.json")
    if restart:
        checkpoint.clear()
    bars: dict[str, tqdm[None]] = {}

    def progress(step: str, done: int) -> None:
        bar = bars.setdefault(step, tqdm(desc=step, unit="lignes", file=sys.stderr, leave=False))
        bar.update(done - bar.n)

    with opened_store(source) as from_store, opened_store(target) as to_store:
        report = copy_all(
            from_store, to_store, batch_size=batch_size, checkpoint=checkpoint, progress=progress
        )
    for bar in bars.values():
        bar.close()
    for step in report.copied:
        if report.copied[step] or report.skipped[step]:
            typer.echo(f"{step}: {report.copied[step]} copiés, {report.skipped[step]} déjà faits")
    v = report.verification
    for kind in sorted(set(v.source_counts.nodes) | set(v.target_counts.nodes)):
        typer.echo(f"  {kind}: {v.source_counts.nodes.get(kind, 0)} -> {v.target_counts.nodes.get(kind, 0)}")
    typer.echo(f"somme de contrôle : {v.source_checksum[:16]}… -> {v.target_checksum[:16]}…")
    if not v.ok:
        raise fail("verification failed: counts or checksums differ (the target holds other data?)")
    typer.echo("vérification réussie")


if __name__ == "__main__":
    app()
