"""The ``passerelle`` command line. It reuses the API's wiring (``service.wiring``)."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import networkx as nx
import typer
from pydantic import ValidationError
from tqdm import tqdm

from graph import snapshot
from graph.bundle import read_bundle, write_bundle
from graph.errors import InvalidInput, PasserelleError
from graph.store import GraphStore
from matching.context import DraftContext
from matching.matcher import Matcher
from service import decisions, drafts, intake, introductions, people
from service.accounts import AccessRole, Accounts, AuditAction
from service.decisions import DeclineReason, Verdict
from service.desk import Desk
from service.drafts import Channel, DraftFilter, DraftStatus
from service.introductions import IntroductionState
from service.peers import find_peers
from service.schemas import ISO_DATE, PeersPublic, SuggestionsPublic
from service.settings import Settings
from service.suggestions import suggest as suggest_for
from service.wiring import build_matcher, build_store, seed_folder, store_from_uri

if TYPE_CHECKING:
    from matching.evaluation import Report

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
def domain_errors(*, writes: bool = True) -> Iterator[None]:
    """Domain errors end the command with code 2 and a message naming the record and field
    (saying that nothing was written, for a command that writes)."""
    try:
        yield
    except InvalidInput as e:
        for problem in e.problems:
            typer.echo(f"erreur : {problem}", err=True)
        written = " ; rien n'a été écrit" if writes else ""
        typer.echo(f"{len(e.problems)} problème(s){written}.", err=True)
        raise typer.Exit(code=2) from None
    except PasserelleError as e:
        raise fail(str(e)) from None
    except sqlite3.Error as e:
        # A full disk, a damaged or locked file: the transaction rolled back, nothing was written.
        raise fail(f"la base SQLite a refusé l'opération ({e}) ; rien n'a été écrit") from None
    except OSError as e:
        raise fail(f"{e.filename or 'fichier'} : {e.strerror or e}") from None


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


EmbedOption = Annotated[
    bool,
    typer.Option(
        "--embed/--no-embed",
        help="Vectoriser tout de suite les textes nouveaux (sinon : au premier démarrage du service)",
    ),
]


def embed_now(settings: Settings, store: GraphStore) -> None:
    """Embed the windows the network's texts need now, with a progress bar, so that the first
    ``serve`` answers at once."""
    matcher = build_matcher(settings, store)
    bar: tqdm[None] | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc="vectorisation", unit="fenêtres", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        stats = matcher.refresh(progress)
    finally:
        if bar is not None:
            bar.close()
    typer.echo(str(stats), err=True)


@app.command("import")
def import_bundle(
    path: Annotated[Path, typer.Argument(help="Dossier du lot (JSONL ou CSV)")], embed: EmbedOption = True
) -> None:
    """Import a bundle: everything is validated first; a bad record means nothing is written."""
    settings = load_settings()
    with opened_store() as store:
        count = import_records(store, path)
        typer.echo(f"{count} enregistrements importés depuis {path}")
        if embed:
            embed_now(settings, store)


@app.command()
def seed(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Ne rien faire si la base contient déjà des données")
    ] = False,
    embed: EmbedOption = True,
) -> None:
    """Load the fictional Normandy seed network."""
    settings = load_settings()
    with opened_store() as store:
        if if_empty and sum(store.counts().nodes.values()) > 0:
            typer.echo("la base contient déjà des données : réseau d'exemple non chargé")
            return
        count = import_records(store, seed_folder())
        typer.echo(f"réseau d'exemple chargé : {count} enregistrements")
        if embed:
            embed_now(settings, store)


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
            counts = write_bundle(
                path, store.nodes(), store.edges(), fmt="csv" if fmt is ExportFormat.csv else "jsonl"
            )
            typer.echo(", ".join(f"{name}: {n}" for name, n in counts.items()))
            return
        flat = snapshot.flatten_for_interchange(store.snapshot())
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt is ExportFormat.graphml:
            nx.write_graphml(flat, path)
        else:
            nx.write_gexf(flat, path)
        typer.echo(f"{flat.number_of_nodes()} nœuds, {flat.number_of_edges()} liens écrits dans {path}")


def iso_date(option: str, value: str | None) -> date | None:
    """An option's ISO date; a malformed one ends the command with code 2, naming the option."""
    if value is None:
        return None
    try:
        if ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise fail(f"{option} : {value!r} n'est pas une date AAAA-MM-JJ")


def draft_context(
    lab: str | None,
    when: str | None,
    submitter: str | None,
    organisations: list[str] | None,
    territory: str | None,
) -> DraftContext:
    """The context given on the command line; a malformed date ends with code 2."""
    day = iso_date("--date", when)
    return DraftContext(
        lab=lab, date=day, submitter=submitter, organisations=tuple(organisations or ()), territory=territory
    )


def ready_matcher(settings: Settings, store: GraphStore) -> Matcher:
    matcher = build_matcher(settings, store)
    stats = matcher.refresh()
    typer.echo(str(stats), err=True)
    return matcher


@app.command()
def suggest(
    text: Annotated[str, typer.Argument(help="Texte du brouillon de projet")],
    k: Annotated[int, typer.Option("--k", min=1, max=100)] = 10,
    lab: Annotated[str | None, typer.Option(help="Laboratoire destinataire (lab:…)")] = None,
    when: Annotated[str | None, typer.Option("--date", help="Date du brouillon (AAAA-MM-JJ)")] = None,
    submitter: Annotated[str | None, typer.Option(help="Agent qui envoie le brouillon (person:…)")] = None,
    organisation: Annotated[
        list[str] | None, typer.Option("--organisation", help="Organisation de l'agent (org:…), répétable")
    ] = None,
    territory: Annotated[str | None, typer.Option(help="Territoire du projet (territory:…)")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Suggest experts and partner organisations for a draft."""
    settings = load_settings()
    context = draft_context(lab, when, submitter, organisation, territory)
    with opened_store() as store, domain_errors(writes=False):
        matcher = ready_matcher(settings, store)
        result = suggest_for(matcher, people.CLI, text, k=k, context=context)
    show_suggestions(SuggestionsPublic.of(matcher.embedder.model_id, result), as_json=as_json)


def show_suggestions(public: SuggestionsPublic, *, as_json: bool) -> None:
    if as_json:
        typer.echo(public.model_dump_json(indent=2))
        return
    for notice in public.notices:
        typer.echo(f"note : {notice.message}")
    for title, items in (("Experts", public.experts), ("Organisations", public.organisations)):
        typer.echo(title)
        for rank, s in enumerate(items, start=1):
            parts = " · ".join(f"{name} {value:+.2f}" for name, value in s.contributions.items() if value)
            typer.echo(f"{rank:>3}. {s.name} ({s.id})  probabilité {s.probability:.2f}  [{parts}]")
            typer.echo(f"      {explanation_line(s.evidence)}")
    for who, silo in public.silo_bridging.items():
        if silo.applied:
            typer.echo(
                f"décloisonnement ({who}) : {silo.candidate} remonté dans les 5 premiers ({silo.reason})"
            )
    if public.without_text:
        typer.echo(f"{len(public.without_text)} candidat(s) sans texte, non classé(s)")


def explanation_line(evidence: object) -> str:
    from service.schemas import EvidencePublic

    assert isinstance(evidence, EvidencePublic)
    reasons = []
    if evidence.source == "project" and evidence.title:
        reasons.append(f"projet proche : {evidence.title}")
    elif evidence.source == "profile" and evidence.excerpt:
        reasons.append(f"profil : « {evidence.excerpt} »")
    if evidence.shared_skills:
        reasons.append("compétences : " + ", ".join(evidence.shared_skills))
    if evidence.key_terms:
        reasons.append("termes : " + ", ".join(evidence.key_terms))
    if evidence.path:
        reasons.append("chemin : " + " → ".join(evidence.path))
    return " ; ".join(reasons) or "aucune raison textuelle"


@app.command()
def peers(
    text: Annotated[str | None, typer.Argument(help="Texte d'un brouillon")] = None,
    project: Annotated[str | None, typer.Option(help="Un projet (project:…)")] = None,
    person: Annotated[str | None, typer.Option(help="Une personne (person:…)")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Who already did something similar: similar projects and the people on them."""
    settings = load_settings()
    with opened_store() as store, domain_errors(writes=False):
        matcher = ready_matcher(settings, store)
        public = PeersPublic.of(
            find_peers(matcher, people.CLI, text=text, project=project, person=person, k=k)
        )
    if as_json:
        typer.echo(public.model_dump_json(indent=2))
        return
    for notice in public.notices:
        typer.echo(f"note : {notice.message}")
    typer.echo("Projets similaires")
    for rank, p in enumerate(public.projects, start=1):
        typer.echo(
            f"{rank:>3}. {p.title} ({p.id})  similarité {p.similarity:.2f}  termes : {', '.join(p.key_terms)}"
        )
    typer.echo("Personnes")
    for rank, person_ in enumerate(public.people, start=1):
        path = f"  chemin : {' → '.join(person_.path)}" if person_.path else ""
        typer.echo(f"{rank:>3}. {person_.name} ({person_.id})  projets : {', '.join(person_.projects)}{path}")


@contextmanager
def opened_accounts() -> Iterator[Accounts]:
    """API keys, the audit log and erasure requests (``auth.accounts_path``)."""
    accounts = Accounts(load_settings().auth.accounts_path)
    try:
        with domain_errors():
            yield accounts
    finally:
        accounts.close()


@app.command("export-person")
def export_person(person_id: str) -> None:
    """Right of access: print everything stored about a person, as JSON (recorded in the audit log)."""
    with opened_store() as store, opened_desk() as desk, opened_accounts() as accounts:
        data = people.export(store, desk, accounts, people.CLI, person_id)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@app.command("erase-person")
def erase_person(person_id: str) -> None:
    """Right to erasure: remove a person, their links and derived vectors from the store, the
    drafts they submitted and the decisions and introductions naming them from the desk, and
    their id from the audit log (a pseudonym stays)."""
    with opened_store() as store, opened_desk() as desk, opened_accounts() as accounts:
        erased = people.erase(store, desk, accounts, people.CLI, person_id)
    typer.echo(
        f"{person_id} effacé : {erased.graph.edges} lien(s), {erased.graph.vectors} vecteur(s), "
        f"{erased.desk.drafts} brouillon(s), {erased.desk.decisions} décision(s), "
        f"{erased.desk.introductions} mise(s) en relation"
    )


draft_app = typer.Typer(help="Brouillons reçus par le laboratoire.")
app.add_typer(draft_app, name="draft")


@contextmanager
def opened_desk() -> Iterator[Desk]:
    """The desk's drafts, decisions and introductions (``desk.path``)."""
    desk = Desk.at(load_settings().desk.path)
    try:
        with domain_errors():
            yield desk
    finally:
        desk.close()


@draft_app.command("add")
def draft_add(
    title: Annotated[str, typer.Option(help="Titre")],
    lab: Annotated[str, typer.Option(help="Laboratoire destinataire (lab:…)")],
    text: Annotated[str, typer.Argument(help="Texte du brouillon")],
    submitter: Annotated[str | None, typer.Option(help="Agent qui l'envoie (person:…)")] = None,
    territory: Annotated[str | None, typer.Option(help="Territoire (territory:…)")] = None,
    channel: Annotated[Channel, typer.Option(help="Canal d'arrivée")] = Channel.API,
    ref: Annotated[str | None, typer.Option("--ref", help="Référence dans ce canal")] = None,
    when: Annotated[str | None, typer.Option("--date", help="Date du brouillon (AAAA-MM-JJ)")] = None,
) -> None:
    """Record a draft (the same channel and reference again updates it); prints its number."""
    day = iso_date("--date", when)
    with opened_store() as store, opened_desk() as desk:
        draft = drafts.submit(
            store,
            desk.drafts,
            people.CLI,
            title=title,
            text=text,
            lab=lab,
            channel=channel,
            submitter=submitter,
            territory=territory,
            external_ref=ref,
            drafted_on=day,
        )
    typer.echo(draft.id)


@draft_app.command("list")
def draft_list(
    status: Annotated[DraftStatus | None, typer.Option()] = None,
    lab: Annotated[str | None, typer.Option()] = None,
    channel: Annotated[Channel | None, typer.Option()] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
) -> None:
    """The drafts, newest first."""
    with opened_desk() as desk:
        page = drafts.listing(
            desk.drafts, people.CLI, DraftFilter(status, lab, channel), limit=limit, offset=offset
        )
    for d in page.items:
        typer.echo(f"{d.id:>5}  {d.drafted_on}  {d.status:<11} {d.channel:<21} {d.lab}  {d.title}")
    typer.echo(f"{len(page.items)} sur {page.total}", err=True)


@draft_app.command("suggest")
def draft_suggest(
    draft_id: int,
    k: Annotated[int, typer.Option("--k", min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Suggestions for a recorded draft, with its context (lab, date, submitter, territory),
    without the candidates declined for it."""
    settings = load_settings()
    with opened_store() as store, opened_desk() as desk:
        matcher = ready_matcher(settings, store)
        result = decisions.suggestions_without_declined(
            matcher, desk.drafts, desk.decisions, people.CLI, draft_id, k=k
        )
    show_suggestions(SuggestionsPublic.of(matcher.embedder.model_id, result), as_json=as_json)


@draft_app.command("decide")
def draft_decide(
    draft_id: int,
    candidate: Annotated[str, typer.Argument(help="person:… ou org:…")],
    decline: Annotated[
        DeclineReason | None, typer.Option(help="Refuser, avec ce motif (sinon : accepter)")
    ] = None,
) -> None:
    """Accept a suggested candidate (a person is introduced to the submitter), or decline them."""
    verdict = Verdict.ACCEPTED if decline is None else Verdict.DECLINED
    with opened_store() as store, opened_desk() as desk:
        outcome = decisions.decide(
            store,
            desk.drafts,
            desk.decisions,
            desk.introductions,
            people.CLI,
            draft_id,
            candidate,
            verdict,
            decline,
        )
    state = "déjà enregistrée" if not outcome.changed else "enregistrée"
    typer.echo(f"décision {state} : {candidate} {outcome.decision.verdict.value}")
    if outcome.introduction is not None:
        typer.echo(f"mise en relation {outcome.introduction.id} ({outcome.introduction.state.value})")


@draft_app.command("submitter")
def draft_submitter(
    draft_id: int, person: Annotated[str, typer.Argument(help="La personne qui l'a envoyé (person:…)")]
) -> None:
    """Name the submitter of a draft flagged at intake (an address two people share, none at all)."""
    with opened_store() as store, opened_desk() as desk:
        draft = intake.resolve_submitter(store, desk.drafts, people.CLI, draft_id, person)
    typer.echo(f"brouillon {draft.id} : déposé par {draft.submitter}")


intake_app = typer.Typer(help="Brouillons reçus par démarches-simplifiées ou par courriel.")
app.add_typer(intake_app, name="intake")


def _mapping_path(given: Path | None) -> Path:
    path = given or load_settings().intake.mapping
    if path is None:
        raise fail("--mapping : aucun fichier de correspondance (ni PASSERELLE_INTAKE__MAPPING)")
    return path


def _show_intake(done: intake.Intake) -> None:
    updated = len(done.drafts) - done.created
    typer.echo(
        f"{done.created} brouillon(s) créé(s), {updated} mis à jour, {len(done.people)} personne(s) créée(s)"
    )
    for draft in done.drafts:
        if draft.attention:
            typer.echo(f"  à vérifier : brouillon {draft.id} ({draft.external_ref}) : {draft.attention}")


@intake_app.command("export")
def intake_export(
    path: Annotated[Path, typer.Argument(help="Export CSV ou XLSX d'une démarche")],
    mapping: Annotated[Path | None, typer.Option(help="Correspondance des champs (TOML)")] = None,
) -> None:
    """Import a démarches-simplifiées spreadsheet export, all or nothing; the same export again
    updates its dossiers."""
    from graph.dossier_exports import read_export
    from graph.dossiers import load_mapping

    with domain_errors():
        found = load_mapping(_mapping_path(mapping))
        if found.columns is None:
            raise fail(f"{mapping or 'PASSERELLE_INTAKE__MAPPING'} : section [columns] absente")
        try:
            data = path.read_bytes()
        except OSError as e:
            raise fail(f"{path} : {e.strerror}") from None
        incoming = read_export(data, path.name, found.columns)
    with opened_store() as store, opened_desk() as desk:
        _show_intake(intake.receive(store, desk.drafts, people.CLI, incoming, lab=found.lab))


@intake_app.command("email")
def intake_email(
    path: Annotated[Path, typer.Argument(help="Un fichier .eml, un dossier de .eml ou une Maildir")],
    lab: Annotated[str, typer.Option(help="Laboratoire destinataire (lab:…)")],
) -> None:
    """Import drafts sent by email: subject, text, sender; attachments listed, never kept."""
    from graph.emails import read_path

    with domain_errors():
        incoming = read_path(path)
    with opened_store() as store, opened_desk() as desk:
        _show_intake(intake.receive(store, desk.drafts, people.CLI, incoming, lab=lab))


@intake_app.command("demarches")
def intake_demarches(
    mapping: Annotated[Path | None, typer.Option(help="Correspondance des champs (TOML)")] = None,
) -> None:
    """Fetch the dossiers of the mapping's procedure changed since the last run (GraphQL API)."""
    from graph.dossiers import load_mapping
    from service import demarches

    settings = load_settings()
    with domain_errors():
        found = load_mapping(_mapping_path(mapping))
    with opened_store() as store, opened_desk() as desk:
        client = demarches.DemarchesClient(settings.intake)
        state = demarches.PollState(settings.desk.path)
        try:
            _show_intake(demarches.import_demarche(store, desk.drafts, people.CLI, client, state, found))
        finally:
            state.close()
            client.close()


intro_app = typer.Typer(help="Mises en relation et relances.")
app.add_typer(intro_app, name="intro")


def _show_introduction(i: introductions.Introduction, extra: str = "") -> None:
    typer.echo(f"{i.id:>5}  {i.state:<18} {i.person} → {i.submitter}  (brouillon {i.draft_id}){extra}")


@intro_app.command("list")
def intro_list() -> None:
    """Every introduction and its state."""
    with opened_desk() as desk:
        for i in introductions.listing(desk.introductions, people.CLI):
            _show_introduction(i)


@intro_app.command("move")
def intro_move(
    introduction_id: int,
    state: IntroductionState,
    real_work: Annotated[
        bool, typer.Option("--real-work", help="Terminée par un vrai travail commun")
    ] = False,
) -> None:
    """Follow an introduction up: contacted, taken_in_hand, done, done_without_help, …"""
    with opened_store() as store, opened_desk() as desk:
        moved = introductions.follow_up(
            store, desk.introductions, people.CLI, introduction_id, state, real_work=real_work
        )
    _show_introduction(moved)


@intro_app.command("reminders")
def intro_reminders() -> None:
    """Open introductions with no news for 9, 21 or 45 days (``desk.reminder_days``)."""
    delays = load_settings().desk.reminder_days
    with opened_desk() as desk:
        for r in introductions.reminders(desk.introductions, people.CLI, delays=delays):
            _show_introduction(r.introduction, f"  sans nouvelles depuis {r.days_without_news} j")


class ReportAudience(StrEnum):
    staff = "staff"
    public = "public"


@app.command()
def report(
    period: Annotated[str, typer.Option("--period", help="Mois du rapport (AAAA-MM)")],
    out: Annotated[Path, typer.Option("--out", help="Dossier où écrire le rapport")],
    audience: Annotated[
        ReportAudience, typer.Option(help="staff (personnes nommées) ou public (petits groupes masqués)")
    ] = ReportAudience.staff,
) -> None:
    """The month's network-health report: report.json, and the HTML, CSV and GEXF files
    (``service.report_files``) when that module is installed."""
    from service import reports

    settings = load_settings()
    try:
        month = reports.parse_period(period)
    except InvalidInput as e:
        raise fail(f"--period : {'; '.join(p.message for p in e.problems)}") from None
    with opened_store() as store, opened_desk() as desk:
        data = reports.for_principal(
            store, desk, people.CLI, month, audience.value, min_group=settings.reports.min_group
        ).to_json()
        network = store.snapshot()
    with domain_errors():
        out.mkdir(parents=True, exist_ok=True)
        path = out / "report.json"
        # Written first: the figures are kept even if the rendering below fails.
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written = [path]
        try:
            from service.report_files import write_report
        except ModuleNotFoundError as e:
            if e.name != "service.report_files":
                raise
            typer.echo("note : service.report_files absent : seul report.json est écrit", err=True)
        else:
            files = write_report(data, out, network=network)
            written += [p for p in files.paths if p != path]
            for notice in files.notices:
                typer.echo(f"note : {notice}", err=True)
    for file in written:
        typer.echo(str(file))


def require_existing(options: dict[str, str | None]) -> None:
    """Each id given on the command line is in the network, or the command ends with code 2."""
    given = {option: node_id for option, node_id in options.items() if node_id is not None}
    if not given:
        return
    with opened_store() as store:
        found = store.existing(given.values())
    for option, node_id in given.items():
        if node_id not in found:
            raise fail(f"{option} : {node_id} n'existe pas")


login_app = typer.Typer(help="Connexions des personnes (mot de passe, session dans le navigateur).")
app.add_typer(login_app, name="login")


@login_app.command("set")
def login_set(
    person: Annotated[str, typer.Argument(help="La personne (person:…)")],
    role: Annotated[AccessRole, typer.Option(help="admin, lab_staff ou agent")],
    lab: Annotated[str | None, typer.Option(help="Le laboratoire d'un membre de l'équipe (lab:…)")] = None,
    password: Annotated[
        str,
        typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help="12 caractères au moins"),
    ] = "",
) -> None:
    """Create a person's login, or replace its password and role (their sessions end)."""
    require_existing({"person": person, "--lab": lab})
    with opened_accounts() as accounts:
        accounts.set_password(person, role, password, lab_id=lab)
        accounts.record(people.CLI.actor, AuditAction.CHANGE, person, f"connexion ({role})")
    typer.echo(f"connexion de {person} enregistrée ({role})")


key_app = typer.Typer(help="Clés d'API : chaque outil ou personne a la sienne, avec son rôle.")
app.add_typer(key_app, name="key")


@key_app.command("create")
def key_create(
    name: Annotated[str, typer.Argument(help="Qui ou quoi s'en sert")],
    role: Annotated[AccessRole, typer.Option(help="admin, lab_staff, agent ou reader")],
    person: Annotated[str | None, typer.Option(help="La personne d'une clé d'agent (person:…)")] = None,
    lab: Annotated[str | None, typer.Option(help="Le laboratoire d'une clé d'équipe (lab:…)")] = None,
) -> None:
    """Create a key and print it once: only its hash is kept."""
    require_existing({"--person": person, "--lab": lab})
    with opened_accounts() as accounts:
        key, secret = accounts.create_key(name, role, person_id=person, lab_id=lab)
        accounts.record(people.CLI.actor, AuditAction.KEY_CREATED, f"key:{key.id}", f"{key.name}, {key.role}")
    typer.echo(secret)
    typer.echo(f"clé {key.id} ({key.role}) créée ; elle ne sera plus affichée", err=True)


@key_app.command("list")
def key_list() -> None:
    """The keys (never their secrets)."""
    with opened_accounts() as accounts:
        for key in accounts.api_keys():
            state = f"révoquée le {key.revoked_at}" if key.revoked_at else "active"
            owner = f" {key.person_id}" if key.person_id else ""
            typer.echo(f"{key.id:>4}  {key.role:<9} {key.name}{owner}  ({state})")


@key_app.command("revoke")
def key_revoke(key_id: int) -> None:
    """Revoke a key: it is refused from the next request on."""
    with opened_accounts() as accounts:
        accounts.revoke_key(key_id)
        accounts.record(people.CLI.actor, AuditAction.KEY_REVOKED, f"key:{key_id}")
    typer.echo(f"clé {key_id} révoquée")


def run_evaluation(
    settings: Settings,
    store: GraphStore,
    *,
    folds: int,
    split: str | None,
    seed: int,
    desk: Desk | None = None,
) -> tuple[Matcher, Report]:
    """Refresh the matcher, then leave projects out as ``matching.evaluation`` describes; with a
    desk, its decisions join the examples the fusion learns from."""

    from matching.evaluation import build_with, evaluate

    day = iso_date("--split", split)
    if folds < 2:
        raise fail("--folds : au moins 2")
    if not store.counts().nodes.get("Project"):
        raise fail("le réseau ne contient aucun projet : rien à apprendre ni à évaluer (importez un réseau)")
    matcher = ready_matcher(settings, store)
    vectors = matcher.vectors
    build = build_with(
        vectors,
        analyzer=matcher.analyzer,
        max_words=matcher.max_words,
        dimensions=matcher.embedder.dimensions,
    )
    report = evaluate(
        store.snapshot(),
        vectors,
        build=build,
        max_words=matcher.max_words,
        options=matcher.options,
        folds=folds,
        split=day,
        seed=seed,
        progress=lambda message: typer.echo(message, err=True),
        judged=decisions.as_labels(matcher, desk.drafts, desk.decisions) if desk else (),
    )
    return matcher, report


def print_report(report: object) -> None:
    from matching.evaluation import Report

    assert isinstance(report, Report)
    typer.echo(f"Évaluation : {report.protocol}, {report.drafts} projets joués comme brouillons")
    for who, by_setting in report.scores.items():
        for setting, table in by_setting.items():
            base = table["tf-idf baseline"]
            title = "texte seul" if setting == "text" else "avec le contexte"
            typer.echo(f"\n{who} — {title} ({base.n} brouillons)")
            width = max(18, *(len(name) for name in table))
            header = f"{'recall@10':>9} {'nDCG@10':>8} {'MRR':>6} {'/ TF-IDF':>9}"
            typer.echo(f"  {'classement':<{width}} {header}")
            for name, s in table.items():
                # Three decimals: with two, 1.077 reads as a target of 1.08 met.
                ratio = s.ndcg / base.ndcg if base.ndcg > 0 else float("nan")
                typer.echo(f"  {name:<{width}} {s.recall:>9.3f} {s.ndcg:>8.3f} {s.mrr:>6.3f} {ratio:>8.3f}×")
    typer.echo(
        "\nCalibration de la fusion (les 10 premières suggestions de chaque brouillon, par tranches "
        "égales : probabilité moyenne -> part de bonnes réponses) :"
    )
    for who, calibrated in report.calibration.items():
        for setting, calibration in calibrated.items():
            cut = ", ".join(f"{p:.3f} -> {y:.3f} ({n})" for p, y, n in calibration.bins)
            typer.echo(f"  {who}/{setting}: {cut} ; Brier {calibration.brier:.4f}")
    typer.echo("\nPoids appris sur tout l'historique (valeur / valeur rapportée au meilleur du brouillon) :")
    for key, model in sorted(report.fusion.models.items()):
        weights = ", ".join(
            f"{name} {w:+.2f}/{model.relative_weights.get(name, 0.0):+.2f}"
            for name, w in model.weights.items()
            if w or model.relative_weights.get(name)
        )
        typer.echo(f"  {key}: constante {model.intercept:+.2f} ; {weights}")
    for note in report.fusion.notes:
        typer.echo(f"  {note}")


@app.command()
def evaluate(
    folds: Annotated[int, typer.Option(help="Nombre de plis (le nombre de projets : un par un)")] = 10,
    split: Annotated[str | None, typer.Option(help="Date de coupure AAAA-MM-JJ au lieu des plis")] = None,
    seed: Annotated[int, typer.Option(help="Graine du tirage des plis")] = 0,
    out: Annotated[Path | None, typer.Option(help="Écrire aussi les chiffres en JSON")] = None,
) -> None:
    """Leave-project-out evaluation: each signal, the fusion and the TF-IDF baseline, text only and
    with context."""
    settings = load_settings()
    with opened_store() as store, domain_errors(writes=False):
        _, report = run_evaluation(settings, store, folds=folds, split=split, seed=seed)
    print_report(report)
    if out is not None:
        from dataclasses import asdict

        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps(asdict(report), ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )


@app.command()
def fit(
    folds: Annotated[int, typer.Option(help="Nombre de plis")] = 10,
    split: Annotated[str | None, typer.Option(help="Date de coupure AAAA-MM-JJ au lieu des plis")] = None,
    seed: Annotated[int, typer.Option(help="Graine (l'ajustement est reproductible)")] = 0,
) -> None:
    """Learn the fusion from the network's own history and the desk's decisions, and store it
    (with its evaluation on the history)."""
    from matching.evaluation import Report
    from matching.fusion import save_fusion

    settings = load_settings()
    with opened_store() as store, opened_desk() as desk:
        _, report = run_evaluation(settings, store, folds=folds, split=split, seed=seed, desk=desk)
    assert isinstance(report, Report)
    print_report(report)
    save_fusion(report.fusion, settings.ranking.fusion_path)
    used = sum(c["projects"] for c in report.fusion.examples.values())
    judged = report.judged
    typer.echo(
        f"\ndécisions du guichet utilisées : {judged.get('relevant', 0)} pertinente(s), "
        f"{judged.get('not_relevant', 0)} non pertinente(s), sur {judged.get('drafts', 0)} brouillon(s) "
        f"({judged.get('outside_pool', 0)} hors du vivier du matcher, non utilisée(s))"
    )
    typer.echo(
        f"modèle enregistré dans {settings.ranking.fusion_path} "
        f"({len(report.fusion.models)} modèle(s) appris sur 4 ; exemples : {used} projets-brouillons)"
    )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Adresse d'écoute")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
    workers: Annotated[int | None, typer.Option(help="Processus (chacun charge le modèle une fois)")] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs). Each worker builds its index in the background;
    /health shows how far it is."""
    import uvicorn

    settings = load_settings()
    host = host or settings.host
    port = port or settings.port
    workers = workers or settings.server.workers
    with opened_store():
        # The store is reached before serving, so an unreachable Neo4j ends here with code 2.
        pass
    typer.echo(f"Passerelle sur http://{host}:{port} (documentation : http://{host}:{port}/docs)")
    uvicorn.run(
        "service.app:make_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        timeout_graceful_shutdown=10,
    )


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
