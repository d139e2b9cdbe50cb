"""The matcher: from a French draft and its context to a shortlist of experts and partner
organisations, with reasons.

It keeps one :class:`~matching.index.MatchingIndex` per revision of the store. Before each
answer it reads the store's revision (a cheap read) and rebuilds the index when the graph
changed, embedding only the windows whose text is new; an import, an erasure or a change of
consent is therefore in the very next answer, without a restart.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from graph.collector import collector_paused
from graph.errors import InvalidInput, Problem
from graph.model import NodeKind
from graph.store import GraphStore, Vector
from matching.chunks import chunk_words
from matching.context import DraftContext
from matching.dense import MemoryNominator, StoreNominator
from matching.embedder import Embedder, embed_queries
from matching.embedding_cache import EmbeddingStats, Progress, sync_vectors
from matching.explanations import Suggestion, explain
from matching.fusion import DEFAULT_FUSION, Fusion, Setting, Who, load_fusion
from matching.index import MatchingIndex, administration_of, build_index, index_windows, with_superiors
from matching.lexical import TermCounts
from matching.peers import PeerSet, find_peers, person_text
from matching.ranking import KIND_OF, Options, Query, Ranked, fuse, prepare_query, score_pool
from matching.shortlist import SiloBridge, shortlist, submitter_organisations
from matching.text import analyze, content_tokens, is_french

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 20_000
"""A draft longer than this is refused: drafts are a few pages at most."""
MAX_K = 100
QUERY_WINDOWS = 6
"""A draft's vector is the mean of its first windows (about 650 words)."""

LEXICAL_MATCH_FLOOR = 0.02
SEMANTIC_MATCH_FLOOR = 0.5
"""Below both, with no skill and no name in common, nothing in the network matches the draft."""

EXPECTED_KIND: dict[str, NodeKind] = {
    "lab": NodeKind.LAB,
    "submitter": NodeKind.PERSON,
    "organisations": NodeKind.ORGANISATION,
    "territory": NodeKind.TERRITORY,
}


@dataclass(frozen=True)
class Notice:
    """Something the answer must say besides its lists (in French, for the front desk)."""

    code: Literal["not_french", "nothing_matched", "default_weights"]
    message: str


NOT_FRENCH = Notice(
    "not_french",
    "Ce texte ne semble pas rédigé en français : la mise en relation est réglée pour le français, "
    "les suggestions peuvent être moins pertinentes.",
)
NOTHING_MATCHED = Notice(
    "nothing_matched",
    "Rien dans le réseau ne correspond à ce texte (aucun terme, aucune compétence en commun) : "
    "aucune suggestion n'est proposée.",
)
DEFAULT_WEIGHTS = Notice(
    "default_weights",
    "Les poids du classement sont ceux par défaut : l'historique du réseau est encore trop petit "
    "pour les apprendre (passerelle fit).",
)


@dataclass(frozen=True)
class SuggestionSet:
    """The answer to one draft: experts and organisations, best first, and what shaped them."""

    experts: list[Suggestion]
    organisations: list[Suggestion]
    alternates: dict[Who, list[Suggestion]]
    silo: dict[Who, SiloBridge]
    excluded: dict[Who, dict[str, int]]
    matched: bool
    notices: list[Notice]
    setting: Setting
    fitted: bool
    without_text: list[str] = field(default_factory=list)
    """Candidates skipped because nothing is known about them yet."""
    revision: int | None = None


@dataclass(frozen=True)
class WarmUp:
    """How far the matcher is in building its index: the first, or a rebuild after a change
    (``/health`` shows it)."""

    phase: Literal["waiting", "reading", "embedding", "indexing", "ready", "failed"]
    done: int = 0
    total: int = 0
    message: str = ""


class Matcher:
    """Ranks and shortlists candidates for a draft.

    Args:
        store: where the graph and the profile vectors live.
        embedder: the embedding model.
        options: the knobs of ranking and of the shortlist.
        fusion: fixed fusion weights; otherwise read from ``fusion_path`` (reloaded when the file
            changes), or the defaults.
        fusion_path: where ``passerelle fit`` writes the fitted fusion.
        dense: ``"memory"`` (the matcher's own index of windows) or ``"store"`` (the store's vector
            index nominates, for Neo4j).
        max_words: window size in words; ``None`` asks the embedder, or uses 110.
        embedding_lock: held while missing windows are embedded (a lock file shared by the
            server's workers, so that they embed once).
    """

    def __init__(
        self,
        store: GraphStore,
        embedder: Embedder,
        *,
        options: Options | None = None,
        fusion: Fusion | None = None,
        fusion_path: Path | None = None,
        dense: Literal["memory", "store"] = "memory",
        max_words: int | None = None,
        embedding_lock: Callable[[], AbstractContextManager[object]] | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.options = options or Options()
        self._fixed_fusion = fusion
        self._fusion_path = fusion_path
        self._fusion: Fusion = fusion or DEFAULT_FUSION
        self._fusion_stamp: float | None = None
        self._dense = dense
        self._max_words = max_words
        self._embedding_lock = embedding_lock or contextlib.nullcontext
        self._index: MatchingIndex | None = None
        self._nominator: MemoryNominator | StoreNominator | None = None
        self._vectors: dict[str, Vector] = {}
        self._lock = threading.Lock()
        self._status = WarmUp("waiting")
        self._analyze: Callable[[str], list[str]] = functools.lru_cache(maxsize=100_000)(analyze)
        self._counts = TermCounts(self._analyze)

    # -- state ----------------------------------------------------------------------------------
    @property
    def max_words(self) -> int:
        if self._max_words is None:
            self._max_words = int(getattr(self.embedder, "max_words", 110))
        return self._max_words

    @property
    def status(self) -> WarmUp:
        return self._status

    @property
    def serving(self) -> bool:
        """Whether an index was built: from then on a request waits for a rebuild in progress
        (it holds the lock) and gets the new index, instead of being turned away."""
        return self._index is not None

    @property
    def vectors(self) -> dict[str, Vector]:
        """Text hash -> vector of every window of the current index."""
        return dict(self._vectors)

    @property
    def analyzer(self) -> Callable[[str], list[str]]:
        """The lexical analyzer, memoised across refreshes."""
        return self._analyze

    @property
    def fusion(self) -> Fusion:
        """The fusion in use, re-read when its file changed."""
        if self._fixed_fusion is None and self._fusion_path is not None:
            try:
                stamp: float | None = os.stat(self._fusion_path).st_mtime_ns
            except OSError:
                stamp = None
            if stamp != self._fusion_stamp:
                self._fusion = load_fusion(self._fusion_path) if stamp is not None else DEFAULT_FUSION
                self._fusion_stamp = stamp
        return self._fusion

    def refresh(self, progress: Progress | None = None) -> EmbeddingStats:
        """Rebuild the index from the store now; embed the windows whose text is new."""
        with self._lock:
            return self._refresh(progress)

    # The whole rebuild runs with the cyclic collector paused: each collection would walk the
    # serving index too (10k people: median 2.11 s a refresh with it running, 1.53 s paused;
    # pausing only the reading and the indexing, not the embedding, gained nothing: collections
    # are only put off to the next allocation; bench/README.md).
    @collector_paused()
    def _refresh(self, progress: Progress | None) -> EmbeddingStats:
        started = time.perf_counter()
        try:
            self._status = WarmUp("reading")
            revision = self.store.revision()
            graph = self.store.tables()
            prepared = index_windows(graph, max_words=self.max_words)
            owners = prepared[2]
            total = len({h for ws in owners.values() for h, _ in ws} - self._vectors.keys())

            def report(done: int, all_: int) -> None:
                self._status = WarmUp("embedding", done, all_, f"{done}/{all_} fenêtres de texte")
                if progress is not None:
                    progress(done, all_)

            self._status = WarmUp("embedding", 0, total)
            # Workers starting together embed once: the others wait, then find the vectors stored.
            with self._embedding_lock():
                stats, vectors = sync_vectors(
                    self.store, self.embedder, owners, known=self._vectors, progress=report
                )
            self._status = WarmUp("indexing", total, total)
            index = build_index(
                graph,
                vectors,
                analyzer=self._analyze,
                max_words=self.max_words,
                dimensions=self.embedder.dimensions,
                revision=revision,
                windows=prepared,
                counts=self._counts,
            )
            # Texts that left the network are forgotten; their columns stay, unused.
            self._counts.keep_only(
                [*index.projects.texts, *(p.own_text for c in index.candidates.values() for p in c.profiles)]
            )
            nominator: MemoryNominator | StoreNominator = (
                StoreNominator(self.store, self.embedder.model_id)
                if self._dense == "store"
                else MemoryNominator(index)
            )
        except BaseException:
            self._status = WarmUp("failed", message="la construction de l'index a échoué")
            raise
        self._index, self._nominator, self._vectors = index, nominator, vectors
        self._status = WarmUp("ready", total, total)
        logger.info("matching index of revision %s built in %.2f s", revision, time.perf_counter() - started)
        return stats

    def current(self) -> tuple[MatchingIndex, MemoryNominator | StoreNominator]:
        """The index of the store's current revision, rebuilt first if the graph changed."""
        with self._lock:
            if self._index is None or self._index.revision != self.store.revision():
                self._refresh(None)
            assert self._index is not None and self._nominator is not None
            return self._index, self._nominator

    # -- queries --------------------------------------------------------------------------------
    def embed_query(self, text: str) -> Vector:
        """One vector for a draft: the normalised mean of its first windows."""
        windows = chunk_words(text, max_words=self.max_words)[:QUERY_WINDOWS] or [text]
        vectors = np.asarray(embed_queries(self.embedder, windows), dtype=np.float32)
        mean = vectors.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        unit: Vector = (mean / norm if norm > 0 else mean).astype(np.float32)
        return unit

    def suggest(self, text: str, *, k: int = 10, context: DraftContext | None = None) -> SuggestionSet:
        """Shortlist experts and partner organisations for a draft.

        Raises:
            InvalidInput: the text is empty, too long or not text, ``k`` is out of range, or the
                context names an id the network does not hold (each problem names its field).
        """
        context = context or DraftContext()
        check_draft(text, k)
        index, nominator = self.current()
        check_context(index, context)
        vector = self.embed_query(text)
        query = prepare_query(index, text, vector, context, sources=sources_of(index, context))
        fusion = self.fusion
        setting = query.setting
        employers = _employers(index, context.submitter)
        organisations = submitter_organisations(context, employers)
        administrations = frozenset(administration_of(index, o) for o in organisations)
        own = with_superiors(index, organisations)
        lists: dict[Who, list[Suggestion]] = {}
        alternates: dict[Who, list[Suggestion]] = {}
        silos: dict[Who, SiloBridge] = {}
        excluded: dict[Who, dict[str, int]] = {}
        rankings: dict[Who, Ranked] = {}
        for who in ("people", "organisations"):
            kind = KIND_OF[who]
            pool = score_pool(
                index,
                query,
                who,
                options=self.options,
                nominate=lambda kind_, n: nominator.nominate(vector, kind_, n),
            )
            ranked = fuse(pool, fusion.model(who, setting), index.candidates[kind].ids)
            rankings[who] = ranked
            chosen = shortlist(
                ranked,
                index.candidates[kind],
                k=k,
                context=context,
                organisations=organisations,
                own=own,
                administrations=administrations,
                options=self.options,
            )
            lists[who], alternates[who] = explain(index, query, ranked, chosen.chosen, chosen.alternates)
            silos[who] = chosen.silo
            excluded[who] = chosen.excluded
        notices: list[Notice] = []
        if not is_french(text):
            notices.append(NOT_FRENCH)
        matched = _matched(text, query, rankings)
        if not matched:
            notices.append(NOTHING_MATCHED)
            lists = {who: [] for who in lists}
            alternates = {who: [] for who in alternates}
        fitted = all(fusion.model(who, setting).fitted for who in lists)
        if not fitted:
            notices.append(DEFAULT_WEIGHTS)
        return SuggestionSet(
            experts=lists["people"],
            organisations=lists["organisations"],
            alternates=alternates,
            silo=silos,
            excluded=excluded,
            matched=matched,
            notices=notices,
            setting=setting,
            fitted=fitted,
            without_text=list(index.without_text),
            revision=index.revision,
        )

    def peers(
        self,
        *,
        text: str | None = None,
        project: str | None = None,
        person: str | None = None,
        k: int = 10,
        requester: str | None = None,
    ) -> PeerSet:
        """Similar past projects and the people on them, for a draft's text, a project or a person.

        ``requester``, the person asking (an agent's key), is never among the peers either.

        Raises:
            InvalidInput: not exactly one of text, project and person; an unknown id; a bad text.
        """
        given = {name: v for name, v in (("text", text), ("project", project), ("person", person)) if v}
        if len(given) != 1:
            raise InvalidInput([Problem("peers", "text", "give exactly one of text, project and person")])
        index, _ = self.current()
        exclude_projects: frozenset[str] = frozenset()
        exclude_people: frozenset[str] = frozenset()
        if project is not None:
            _check_id(index, "project", project, NodeKind.PROJECT)
            draft = index.projects.texts[index.projects.row[project]]
            exclude_projects = frozenset({project})
            exclude_people = frozenset(index.projects.members[index.projects.row[project]])
        elif person is not None:
            _check_id(index, "person", person, NodeKind.PERSON)
            draft, exclude_projects = person_text(index, person)
            exclude_people = frozenset({person})
            if not draft:
                raise InvalidInput([Problem("peers", "person", f"{person!r} has no bio and no project yet")])
        else:
            draft = text or ""
        # A given text is checked whole; a project's or a person's own texts may be longer than a
        # draft, and their beginning is read.
        check_draft(draft if text is not None else draft[:MAX_QUERY_CHARS], k, record="peers")
        found = find_peers(
            index,
            draft[:MAX_QUERY_CHARS],
            self.embed_query(draft[:MAX_QUERY_CHARS]),
            k=k,
            exclude_projects=exclude_projects,
            exclude_people=exclude_people | ({requester} if requester else set()),
            origin=person,
        )
        notices: list[Notice] = []
        if text is not None and not is_french(text):
            notices.append(NOT_FRENCH)
        if text is not None and not found.projects:
            notices.append(NOTHING_MATCHED)
        return PeerSet(found.projects, found.people, notices)


def _check_id(index: MatchingIndex, field_name: str, node_id: str, kind: NodeKind) -> None:
    data = index.tables.nodes.get(node_id)
    if data is None or data.get("node_kind") != kind.value:
        raise InvalidInput(
            [Problem("peers", field_name, f"{node_id!r} is not a {kind.value} of the network")]
        )


def check_draft(text: str, k: int, *, record: str = "draft") -> None:
    """Refuse what no draft can be, naming the field (of ``record``: a draft, or a peers query)."""
    problems = []
    if not isinstance(text, str) or not _visible(text):
        problems.append(Problem(record, "text", "is empty"))
    elif len(text) > MAX_QUERY_CHARS:
        problems.append(
            Problem(record, "text", f"is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
        )
    else:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(
                Problem(
                    record,
                    "text",
                    "holds a character that is not text (a lone surrogate, or bytes not in UTF-8)",
                )
            )
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        problems.append(Problem(record, "k", f"must be a whole number from 1 to {MAX_K}"))
    if problems:
        raise InvalidInput(problems)


def _visible(text: str) -> bool:
    """Whether a text shows anything: not only spaces, control or format characters (NUL,
    zero-width spaces)."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf") for ch in text)


def check_context(index: MatchingIndex, context: DraftContext) -> None:
    """Every id of the context must be in the network, and of the right kind."""
    problems = []
    for name, ids in context.ids().items():
        expected = EXPECTED_KIND[name]
        for node_id in ids:
            data = index.tables.nodes.get(node_id)
            if data is None:
                problems.append(Problem("context", name, f"{node_id!r} is not in the network"))
            elif data.get("node_kind") != expected.value:
                problems.append(Problem("context", name, f"{node_id!r} is not a {expected.value}"))
    if problems:
        raise InvalidInput(problems)


def sources_of(index: MatchingIndex, context: DraftContext) -> list[str]:
    """Where graph proximity starts: the submitter, else their organisations."""
    if context.submitter:
        return [context.submitter, *context.organisations]
    return list(context.organisations)


def _employers(index: MatchingIndex, person: str | None) -> tuple[str, ...]:
    return index.employers.get(person, ()) if person else ()


def _matched(text: str, query: Query, rankings: dict[Who, Ranked]) -> bool:
    """Whether anything in the network really matches the draft (not just the least bad)."""
    if not content_tokens(text):
        return False
    if query.mentioned_skills or any(query.named.values()):
        return True
    for ranked in rankings.values():
        lexical = ranked.values.get("lexical")
        semantic = ranked.values.get("semantic")
        if lexical is not None and len(lexical) and float(lexical.max()) >= LEXICAL_MATCH_FLOOR:
            return True
        if semantic is not None and len(semantic) and float(semantic.max()) >= SEMANTIC_MATCH_FLOOR:
            return True
    return False


def draft_windows(text: str, max_words: int) -> Sequence[str]:
    return chunk_words(text, max_words=max_words)[:QUERY_WINDOWS]
