"""HTTP request and response schemas. Types are strict: « "5" » is not a number, « true » is not 5."""

from __future__ import annotations

import dataclasses
import re
from datetime import date as Date
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    StrictBool,
    StrictStr,
    field_validator,
)

from graph.model import Lab, Organisation, Person, Project, Skill, Territory
from matching.context import DraftContext
from matching.explanations import Suggestion
from matching.matcher import MAX_K, MAX_QUERY_CHARS, SuggestionSet
from matching.peers import PeerSet
from service.accounts import AccessRole, AuditEntry, ErasureRequest, pseudonym
from service.decisions import Decision, DeclineReason, Verdict
from service.directory import Listing
from service.drafts import Channel, Draft, DraftStatus, Page
from service.introductions import Introduction, IntroductionState, Reminder
from service.people import Erasure, PersonView

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
"""How every date is written at the entry points (``date.fromisoformat`` also takes 20260101)."""


def _iso_date_text(value: object) -> object:
    if value is not None and not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        raise ValueError("must be a date written AAAA-MM-JJ (ISO 8601)")
    return value


def _text_only(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("holds a character that is not text (a lone surrogate)") from None
    return value


Id = Annotated[StrictStr, Field(min_length=3, max_length=130)]


def _a_json_integer(value: object) -> object:
    """JSON's integers: ``5`` and ``5.0`` (JSON Schema counts both), never ``"5"``, ``true`` or
    ``5.5`` (which pydantic then refuses as not whole)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a whole number")
    return value


Count = Annotated[int, BeforeValidator(_a_json_integer)]


class ContextIn(BaseModel):
    """What the lab knows about the draft besides its text. Every field is optional."""

    model_config = ConfigDict(extra="forbid")
    lab: Id | None = Field(default=None, description="Laboratoire destinataire", examples=["lab:innovmandie"])
    date: Date | None = Field(
        default=None, description="Date du brouillon (AAAA-MM-JJ)", examples=["2026-11-18"]
    )
    submitter: Id | None = Field(
        default=None, description="Agent qui envoie le brouillon", examples=["person:ronan-bertrand"]
    )
    organisations: list[Id] = Field(
        default_factory=list,
        max_length=20,
        description="Organisations de l'agent",
        examples=[["org:ddt-eure"]],
    )
    territory: Id | None = Field(
        default=None, description="Territoire du projet", examples=["territory:dep-27"]
    )

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        return _iso_date_text(value)

    @field_validator("lab", "submitter", "territory")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return None if value is None else _text_only(value)

    @field_validator("organisations")
    @classmethod
    def _texts(cls, value: list[str]) -> list[str]:
        return [_text_only(v) for v in value]

    def to_domain(self) -> DraftContext:
        return DraftContext(
            lab=self.lab,
            date=self.date,
            submitter=self.submitter,
            organisations=tuple(dict.fromkeys(self.organisations)),
            territory=self.territory,
        )


class SuggestionQuery(BaseModel):
    """A draft (« brouillon de projet ») to find experts and partner organisations for."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Nous voulons ouvrir les données de nos services sur un portail commun avec les "
                    "communes de l'Eure.",
                    "k": 5,
                    "context": {
                        "lab": "lab:innovmandie",
                        "date": "2026-11-18",
                        "organisations": ["org:ddt-eure"],
                        "territory": "territory:dep-27",
                    },
                }
            ]
        },
    )
    text: StrictStr = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="Texte du brouillon")
    k: Count = Field(default=10, ge=1, le=MAX_K, description="Nombre de suggestions par catégorie")
    context: ContextIn | None = Field(default=None, description="Contexte du brouillon (facultatif)")

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return _text_only(value)


class PeersQuery(BaseModel):
    """Who already did something similar: give a draft's text, a project or a person."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"project": "project:opendata-eure", "k": 5}]},
    )
    text: StrictStr | None = Field(default=None, min_length=1, max_length=MAX_QUERY_CHARS)
    project: Id | None = None
    person: Id | None = None
    k: Count = Field(default=10, ge=1, le=MAX_K, description="Nombre de projets similaires")

    @field_validator("text", "project", "person")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return None if value is None else _text_only(value)


class EvidencePublic(BaseModel):
    source: Literal["project", "profile"] | None = Field(description="Ce qui correspond le mieux")
    project: str | None
    title: str | None
    excerpt: str | None
    similarity: float | None = Field(description="Similarité sémantique du passage (cosinus)")
    lexical_similarity: float | None
    shared_skills: list[str]
    key_terms: list[str] = Field(description="Termes communs, tels qu'écrits dans les textes")
    path: list[str] = Field(description="Chemin depuis l'agent dans le réseau")
    path_ids: list[str]
    organisations: list[str]
    territory: str | None


class SuggestionPublic(BaseModel):
    id: str
    kind: str
    name: str
    score: float = Field(description="Somme des contributions : classe les candidats d'un même brouillon")
    probability: float = Field(
        description="Probabilité estimée de pertinence, comparable d'un brouillon à l'autre"
    )
    signals: dict[str, float] = Field(description="Valeur de chaque signal, dans [0, 1]")
    contributions: dict[str, float] = Field(
        description="Poids × valeur de chaque signal ; leur somme est le score"
    )
    evidence: EvidencePublic
    alternate: bool

    @classmethod
    def of(cls, s: Suggestion) -> SuggestionPublic:
        e = s.evidence
        return cls(
            id=s.id,
            kind=s.kind,
            name=s.name,
            score=round(s.score, 6),
            probability=round(s.probability, 6),
            signals={k: round(v, 6) for k, v in s.signals.items()},
            contributions={k: round(v, 6) for k, v in s.contributions.items()},
            evidence=EvidencePublic(
                source=e.source,
                project=e.project,
                title=e.title,
                excerpt=e.excerpt,
                similarity=e.similarity,
                lexical_similarity=e.lexical_similarity,
                shared_skills=list(e.shared_skills),
                key_terms=list(e.key_terms),
                path=list(e.path),
                path_ids=list(e.path_ids),
                organisations=list(e.organisations),
                territory=e.territory,
            ),
            alternate=s.alternate,
        )


class SiloPublic(BaseModel):
    applicable: bool
    applied: bool = Field(description="Un candidat hors de l'administration de l'agent a été remonté")
    candidate: str | None
    reason: str


class NoticePublic(BaseModel):
    code: str
    message: str


class PairPublic(BaseModel):
    experts: list[SuggestionPublic]
    organisations: list[SuggestionPublic]


class SuggestionsPublic(BaseModel):
    model: str
    setting: Literal["text", "context"]
    fitted: bool = Field(description="Poids appris sur l'historique du réseau (sinon : poids par défaut)")
    matched: bool = Field(description="Faux quand rien dans le réseau ne correspond au texte")
    notices: list[NoticePublic]
    experts: list[SuggestionPublic]
    organisations: list[SuggestionPublic]
    alternates: PairPublic = Field(description="Trois suppléants après les k premiers")
    silo_bridging: dict[str, SiloPublic]
    excluded: dict[str, dict[str, int]] = Field(description="Candidats écartés, par règle")
    without_text: list[str] = Field(description="Candidats sans aucun texte, non classés")
    revision: int | None

    @classmethod
    def of(cls, model: str, result: SuggestionSet) -> SuggestionsPublic:
        return cls(
            model=model,
            setting=result.setting,
            fitted=result.fitted,
            matched=result.matched,
            notices=[NoticePublic(code=n.code, message=n.message) for n in result.notices],
            experts=[SuggestionPublic.of(s) for s in result.experts],
            organisations=[SuggestionPublic.of(s) for s in result.organisations],
            alternates=PairPublic(
                experts=[SuggestionPublic.of(s) for s in result.alternates.get("people", [])],
                organisations=[SuggestionPublic.of(s) for s in result.alternates.get("organisations", [])],
            ),
            silo_bridging={
                ("experts" if who == "people" else who): SiloPublic(
                    applicable=b.applicable, applied=b.applied, candidate=b.candidate, reason=b.reason
                )
                for who, b in result.silo.items()
            },
            excluded={("experts" if who == "people" else who): dict(v) for who, v in result.excluded.items()},
            without_text=result.without_text,
            revision=result.revision,
        )


class PeerProjectPublic(BaseModel):
    id: str
    title: str
    similarity: float
    lexical_similarity: float
    semantic_similarity: float
    key_terms: list[str]
    people: list[str]


class PeerPublic(BaseModel):
    id: str
    name: str
    score: float
    projects: list[str]
    organisations: list[str]
    path: list[str]


class PeersPublic(BaseModel):
    projects: list[PeerProjectPublic]
    people: list[PeerPublic]
    notices: list[NoticePublic]

    @classmethod
    def of(cls, result: PeerSet) -> PeersPublic:
        return cls(
            projects=[
                PeerProjectPublic(
                    id=p.id,
                    title=p.title,
                    similarity=round(p.similarity, 6),
                    lexical_similarity=round(p.lexical_similarity, 6),
                    semantic_similarity=round(p.semantic_similarity, 6),
                    key_terms=list(p.key_terms),
                    people=list(p.people),
                )
                for p in result.projects
            ],
            people=[
                PeerPublic(
                    id=p.id,
                    name=p.name,
                    score=round(p.score, 6),
                    projects=list(p.projects),
                    organisations=list(p.organisations),
                    path=list(p.path),
                )
                for p in result.people
            ],
            notices=[NoticePublic(code=n.code, message=n.message) for n in result.notices],
        )


class HealthPublic(BaseModel):
    status: Literal["ok", "warming_up", "failed"]
    store: str
    phase: str = Field(description="waiting, reading, embedding, indexing, ready, failed")
    done: int = Field(description="Fenêtres de texte déjà vectorisées pendant la préparation")
    total: int
    message: str


class ErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ErrorPublic(BaseModel):
    """Every error: a message, or one item per bad field (never echoing the input)."""

    detail: str | list[ErrorItem]


class PersonPublic(BaseModel):
    """A directory entry; ``email`` and ``phone`` are empty unless the caller may see them."""

    id: str
    name: str
    roles: list[str]
    bio: str
    email: str | None
    phone: str | None
    contact_shown: bool = Field(
        description="Coordonnées visibles : consentement, la personne elle-même, ou l'équipe"
    )
    contact_consent: bool
    suggestion_opt_out: bool

    @classmethod
    def of(cls, view: PersonView) -> PersonPublic:
        p = view.person
        return cls(
            id=p.id,
            name=p.name,
            roles=[r.value for r in p.roles],
            bio=p.bio,
            email=p.email,
            phone=p.phone,
            contact_shown=view.contact_shown,
            contact_consent=p.contact_consent,
            suggestion_opt_out=p.suggestion_opt_out,
        )


class PreferencesIn(BaseModel):
    """What a person may change about how they appear; an absent field is left as it is."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"contact_consent": True, "suggestion_opt_out": False}]},
    )

    contact_consent: StrictBool | None = Field(default=None, description="Montrer mes coordonnées aux agents")
    suggestion_opt_out: StrictBool | None = Field(default=None, description="Ne plus être proposé·e")


class ErasureRequestPublic(BaseModel):
    id: int
    person_id: str
    requested_by: str
    requested_at: str
    processed_by: str | None
    processed_at: str | None

    @classmethod
    def of(cls, request: ErasureRequest) -> ErasureRequestPublic:
        return cls(**dataclasses.asdict(request))


class ErasurePublic(BaseModel):
    person_id: str = Field(description="Pseudonyme : l'identifiant effacé n'est plus conservé")
    edges: int
    vectors: int
    drafts: int = Field(description="Brouillons qu'elle avait déposés, effacés")
    decisions: int
    introductions: int

    @classmethod
    def of(cls, erasure: Erasure) -> ErasurePublic:
        return cls(
            person_id=pseudonym(erasure.graph.person_id),
            edges=erasure.graph.edges,
            vectors=erasure.graph.vectors,
            drafts=erasure.desk.drafts,
            decisions=erasure.desk.decisions,
            introductions=erasure.desk.introductions,
        )


class AuditEntryPublic(BaseModel):
    id: int
    at: str
    actor: str
    action: str
    subject: str
    detail: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryPublic:
        return cls(**{**dataclasses.asdict(entry), "action": entry.action.value})


IsoDate = Annotated[Date, BeforeValidator(_iso_date_text)]
Text = Annotated[StrictStr, AfterValidator(_text_only)]


class DraftIn(BaseModel):
    """A draft received by a lab. An agent files only their own (``submitter`` empty or
    themself)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Portail commun de données ouvertes",
                    "text": "Nous voulons ouvrir les données de nos services sur un portail commun avec "
                    "les communes de l'Eure.",
                    "lab": "lab:innovmandie",
                    "submitter": "person:ronan-bertrand",
                    "territory": "territory:dep-27",
                    "channel": "email",
                    "external_ref": "<message-id@prefecture.example>",
                    "date": "2026-11-18",
                }
            ]
        },
    )
    title: Text = Field(min_length=1, max_length=300, description="Titre du brouillon")
    text: Text = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="Texte du brouillon")
    lab: Id = Field(description="Laboratoire destinataire")
    submitter: Id | None = Field(default=None, description="Agent qui l'envoie")
    territory: Id | None = Field(default=None, description="Territoire du projet")
    channel: Channel = Field(default=Channel.API, description="Canal d'arrivée")
    external_ref: Annotated[Text, Field(max_length=300)] | None = Field(
        default=None,
        description="Référence dans ce canal (numéro de dossier, Message-ID) : une seconde "
        "arrivée la met à jour au lieu de la dupliquer",
    )
    date: IsoDate | None = Field(
        default=None, description="Date du brouillon (AAAA-MM-JJ) ; aujourd'hui sinon"
    )


class DraftPublic(BaseModel):
    id: int
    title: str
    text: str
    submitter: str | None
    lab: str
    territory: str | None
    channel: Channel
    external_ref: str | None
    status: DraftStatus
    date: Date
    received_at: str

    @classmethod
    def of(cls, draft: Draft) -> DraftPublic:
        fields = dataclasses.asdict(draft)
        fields["date"] = fields.pop("drafted_on")
        return cls(**fields)


class DraftPage(BaseModel):
    items: list[DraftPublic]
    total: int = Field(description="Brouillons qui répondent au filtre, toutes pages comprises")
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page) -> DraftPage:
        return cls(
            items=[DraftPublic.of(d) for d in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


class DraftStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"status": "closed"}]})
    status: DraftStatus


class DecisionIn(BaseModel):
    """Accept a suggested candidate, or decline them with a reason."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"candidate": "person:julien-duhamel", "verdict": "accepted"},
                {"candidate": "org:donnea-conseil", "verdict": "declined", "reason": "already_in_contact"},
            ]
        },
    )
    candidate: Id = Field(description="La personne ou l'organisation suggérée")
    verdict: Verdict
    reason: DeclineReason | None = Field(default=None, description="Motif du refus (refus seulement)")


class EventPublic(BaseModel):
    state: IntroductionState
    changed_by: str
    changed_at: str


class IntroductionPublic(BaseModel):
    id: int
    draft_id: int
    person: str = Field(description="La personne présentée")
    submitter: str = Field(description="L'agent à qui elle est présentée")
    lab: str
    project: str = Field(description="Le projet du réseau où le brouillon est entré")
    state: IntroductionState
    history: list[EventPublic]

    @classmethod
    def of(cls, introduction: Introduction) -> IntroductionPublic:
        return cls(**dataclasses.asdict(introduction))


class DecisionPublic(BaseModel):
    draft_id: int
    candidate: str
    verdict: Verdict
    reason: DeclineReason | None
    decided_by: str
    decided_at: str
    introduction: IntroductionPublic | None = Field(
        description="La mise en relation qu'une acceptation a créée"
    )

    @classmethod
    def of(cls, decision: Decision, introduction: Introduction | None) -> DecisionPublic:
        return cls(
            **dataclasses.asdict(decision),
            introduction=None if introduction is None else IntroductionPublic.of(introduction),
        )


class FollowUpIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"state": "contacted"}]})
    state: IntroductionState
    real_work: StrictBool = Field(
        default=False, description="Terminée par un vrai travail commun : la personne rejoint le projet"
    )


class ReminderPublic(BaseModel):
    introduction: IntroductionPublic
    days_without_news: int
    delay: int = Field(description="Le plus long délai de relance dépassé (jours)")

    @classmethod
    def of(cls, reminder: Reminder) -> ReminderPublic:
        return cls(
            introduction=IntroductionPublic.of(reminder.introduction),
            days_without_news=reminder.days_without_news,
            delay=reminder.delay,
        )


class PeoplePage(BaseModel):
    items: list[PersonPublic] = Field(description="Sans coordonnées : voir la fiche de chaque personne")
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, listing: Listing) -> PeoplePage:
        items = [
            PersonPublic.of(PersonView(p, contact_shown=False))
            for p in listing.items
            if isinstance(p, Person)
        ]
        return cls(items=items, total=listing.total, limit=listing.limit, offset=listing.offset)


N = TypeVar("N", Organisation, Lab, Project, Skill, Territory)


class NodePage(BaseModel, Generic[N]):
    """One page of a directory listing, sorted by name."""

    items: list[N]
    total: int = Field(description="Entrées qui répondent à la recherche, toutes pages comprises")
    limit: int
    offset: int

    @classmethod
    def of(cls, listing: Listing) -> NodePage[N]:
        return cls.model_validate(
            {"items": listing.items, "total": listing.total, "limit": listing.limit, "offset": listing.offset}
        )


class LoginIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"person": "person:x", "password": "un long mot de passe"}]},
    )
    person: Id = Field(description="Votre identifiant (person:…)")
    password: SecretStr = Field(min_length=1, max_length=200)


class SessionPublic(BaseModel):
    person: str
    role: AccessRole
    csrf_token: str = Field(description="À renvoyer dans l'en-tête X-CSRF-Token de chaque modification")


class ImportIn(BaseModel):
    """Records to import, as the bundle's files: all or nothing."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "persons": [
                        {"id": "person:x", "name": "Camille Exemple", "roles": ["expert"], "bio": "…"}
                    ],
                    "edges": [{"kind": "WORKS_AT", "source": "person:x", "target": "org:ddt-eure"}],
                }
            ]
        },
    )
    persons: list[dict[str, object]] = Field(default_factory=list, max_length=10_000)
    organisations: list[dict[str, object]] = Field(default_factory=list, max_length=10_000)
    labs: list[dict[str, object]] = Field(default_factory=list, max_length=10_000)
    projects: list[dict[str, object]] = Field(default_factory=list, max_length=10_000)
    skills: list[dict[str, object]] = Field(default_factory=list, max_length=10_000)
    territories: list[dict[str, object]] = Field(default_factory=list, max_length=10_000)
    edges: list[dict[str, object]] = Field(default_factory=list, max_length=50_000)


class ImportPublic(BaseModel):
    counts: dict[str, int] = Field(description="Enregistrements écrits, par fichier")


class ProfileIn(BaseModel):
    """What a person may change of their own entry; an absent field is left as it is."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"bio": "Cheffe de projet données ouvertes à la DDTM de l'Eure.", "phone": None}]
        },
    )
    bio: Annotated[Text, Field(max_length=2000)] | None = Field(default=None, description="Présentation")
    email: Annotated[Text, Field(max_length=254)] | None = Field(default=None, description="Courriel")
    phone: Annotated[Text, Field(max_length=40)] | None = Field(default=None, description="Téléphone")
