"""French text analysis: folding, tokens, stop words, analysed features, surface forms, places, language.

Everything here is a plain function of its text and the bundled dictionaries of PyStemmer
(Snowball French), simplemma (lemmas), stop-words (function words) and py3langid (language
identification), so it runs offline and gives the same answer on every machine.

The analysis goes in three steps:

1. :func:`tokenize` cuts a text into :class:`Token` s. A token keeps its surface (as written),
   its folded form (lowercase, no accents), its lemma and its stem. Elisions are split off
   (« l'État » gives « l' » and « État »), hyphenated words stay whole and carry their parts,
   and tokens made only of digits are dropped.
2. :func:`terms` resolves tokens into :class:`Term` s, the units that carry a meaning: a fixed
   phrase (« état civil ») becomes one term, and « État » the institution is told from « état »
   the common noun.
3. :func:`analyze` turns terms into features for TF-IDF or BM25: the stems of the terms that are
   not stop words, and the bigrams of adjacent ones.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import simplemma
import Stemmer
from simplemma.strategies.dictionaries import DefaultDictionaryFactory
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from stop_words import get_stop_words

# NFKD leaves the French ligatures whole; « œuvre » is also typed « oeuvre ».
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Lowercase, strip accents and undo ligatures.

    >>> fold("Élaboré à Alençon, mise en Œuvre")
    'elabore a alencon, mise en oeuvre'
    """
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- stop words --------------------------------------------------------------------------------

# The library list holds a few words that are content in public-service drafts: « état » (état
# civil), « personnes » (personnes âgées), « pièce » (pièces justificatives), « voie » (voirie)...
_CONTENT_WORDS = frozenset(
    fold(w) for w in "état personne personnes essai valeur voie parole pièce droite haut grande plein".split()
)

# Elided articles and pronouns, as the tokenizer splits them off (« l'État » -> « l' », « État »).
ELISIONS = frozenset("c d j l m n s t qu jusqu lorsqu puisqu quoiqu".split())

# Function words the library list lacks: demonstrative and relative pronouns, conjunctions,
# quantifiers and adverbs of degree and time.
_MISSING_FUNCTION_WORDS = frozenset(
    fold(w)
    for w in (
        "celui celle celles celui-ci celle-ci ceux-ci celles-ci celui-là celle-là ceux-là celles-là "
        "lequel laquelle lesquels lesquelles auquel auxquels auxquelles duquel desquels desquelles "
        "auprès afin ainsi lorsque puisque quelque quelques chacun chacune aucune certains certaines "
        "toujours jamais déjà ensuite enfin cependant toutefois néanmoins beaucoup assez autant rien toute"
    ).split()
)

FUNCTION_WORDS: frozenset[str] = (
    (frozenset(fold(w) for w in get_stop_words("french")) - _CONTENT_WORDS)
    | _MISSING_FUNCTION_WORDS
    | frozenset(f"{e}'" for e in ELISIONS)
)
"""French function words (articles, pronouns, auxiliaries...), folded: the stop-words list."""

# Drafting filler of French administrative emails: words a lab staffer does not accept as
# evidence that a draft and an expert share a subject. Folded.
FILLER_WORDS = frozenset(
    fold(w)
    for w in (
        # greetings and politeness
        "bonjour bonsoir madame monsieur mesdames messieurs cordialement salutations merci "
        "remercie remerciant remerciements svp "
        # asking: wanting, looking for, being able to, helping
        "souhaite souhaitons souhaitez souhaiterions souhaiterais souhaiterait souhaitent souhaiter "
        "voudrions voudrais voudrait voulons voulez veut veux vouloir "
        "cherche cherchons cherchez chercher trouver "
        "peut peuvent pouvons pouvez pourrions pourriez pourrait pouvoir peut-être "
        "aider aidez aidiez faire "
        # empty nouns and adverbs of administrative prose (« dans le cadre du projet »)
        "projet projets besoin besoins cadre niveau question questions sujet idée idées exemple "
        "fois quoi chose choses etc également notamment actuellement aujourd'hui vraiment possible "
        # adverbs of manner and degree (« tout simplement », « très rapidement »)
        "simplement rapidement facilement directement réellement particulièrement principalement "
        "essentiellement éventuellement potentiellement globalement généralement entièrement "
        "totalement complètement seulement uniquement absolument clairement concrètement "
        "régulièrement progressivement finalement naturellement évidemment forcément justement "
        "vite bien mieux plutôt surtout "
        # counting time and rank (« depuis une quinzaine d'années », « pour la première fois »)
        "an ans année années mois semaine semaines jour jours quinzaine dizaine vingtaine centaine "
        "moitié premier première premiers premières dernier dernière derniers dernières "
        "prochain prochaine prochains prochaines même mêmes "
        # set phrases (« d'abord », « de son côté », « à peu près », « d'avance », « en fait »,
        # « d'accord », « plein de », « dans ce cas », « de la part de »)
        "abord côté près avance fait accord plein cas part sorte façon manière "
        # light verbs (« mettre en place », « quoi qu'il arrive », « cela permet »)
        "mettre met mettons mis mise mises place tenir tient tiennent arriver arrive arrivent "
        "prendre prend permettre permet permettent concerné concernée concernés concernées"
    ).split()
)

# Verbs of asking: every conjugated form is filler, so they are also recognised by lemma.
FILLER_LEMMAS = frozenset({"souhaiter", "vouloir", "chercher", "pouvoir", "aider", "remercier"})

STOP_WORDS: frozenset[str] = FUNCTION_WORDS | FILLER_WORDS | FILLER_LEMMAS
"""French function words and drafting filler, folded: the words :func:`analyze` leaves out (it
reads filler by its lemma too, through :func:`_kind`), and the cues of French for :func:`is_french`."""

TermKind = Literal["function", "filler", "content"]

# Pronouns and particles that end a hyphenated inversion (« a-t-il », « pouvez-vous », « celle-ci »).
_CLITICS = frozenset(
    "t il ils elle elles on je tu nous vous le la les moi toi lui leur y en ci meme memes".split()
)

# --- tokens ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"(?P<word>[^\W_](?:[^\W_]|[-'’](?=[^\W_]))*)|(?P<end>[.!?…;:]|\n\s*\n)")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})
_LOCAL = threading.local()


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...


def _stemmer() -> _Stemmer:
    # A PyStemmer instance is not thread-safe: one per thread.
    stemmer: _Stemmer | None = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = Stemmer.Stemmer("french")
    return stemmer


@dataclass(frozen=True, slots=True)
class Word:
    """A spelling and what it says, wherever it occurs (computed once per spelling).

    Attributes:
        surface: as written, accents and case kept (« État »).
        folded: lowercase without accents (« etat »); elisions keep their apostrophe (« l' »).
        lemma: the dictionary form from simplemma, lowercase (« données » -> « donnée »).
        stem: the Snowball French stem of the lemma, folded (« données » -> « don »).
        kind: function word, drafting filler or content word.
        parts: the words of a hyphenated word (« tiers-lieux » -> « tiers », « lieux »), else empty.
        feature: the stem, or for a hyphenated word its parts' stems joined by spaces (« tier lieu »).
        content_parts: the stems of a hyphenated word's parts that are content words with letters.
    """

    surface: str
    folded: str
    lemma: str
    stem: str
    kind: TermKind
    parts: tuple[Word, ...]
    feature: str
    content_parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Token:
    """One occurrence of a word in a text.

    Attributes:
        word: the spelling and its analysis (surface, folded form, lemma, stem, kind, parts).
        start: offset of the first character in the text.
        sentence: index of the sentence the token belongs to.
        initial: whether the token opens its sentence.
    """

    word: Word
    start: int
    sentence: int
    initial: bool

    @property
    def surface(self) -> str:
        return self.word.surface

    @property
    def folded(self) -> str:
        return self.word.folded

    @property
    def lemma(self) -> str:
        return self.word.lemma

    @property
    def stem(self) -> str:
        return self.word.stem

    @property
    def kind(self) -> TermKind:
        return self.word.kind

    @property
    def parts(self) -> tuple[Word, ...]:
        return self.word.parts

    @property
    def end(self) -> int:
        return self.start + len(self.word.surface)


@functools.lru_cache(maxsize=200_000)
def _lemma_and_stem(lower: str) -> tuple[str, str]:
    """The lemma and stem of a lowercase word; a word typed without its accents reads as with them.

    >>> _lemma_and_stem("données"), _lemma_and_stem("donnees"), _lemma_and_stem("collectivite")
    (('donnée', 'don'), ('donnée', 'don'), ('collectivité', 'collect'))
    """
    readings = {_lemma_and_stem(spelling) for spelling in _accented(lower)}
    # Only when every accented spelling reads the same: « referent » may be « référent » or
    # « réfèrent », and stays as typed.
    if len({stem for _, stem in readings}) == 1:
        return min(readings)
    lemma = simplemma.lemmatize(lower, lang="fr")
    # simplemma maps some words to an unrelated lemma (« eure » -> « avoir »): keep only lemmas
    # that start like the word.
    if not lemma or fold(lemma[0]) != fold(lower[0]):
        lemma = lower
    lemma = _irregular_participle(lemma)
    return lemma, fold(_stemmer().stemWord(lemma))


_FRENCH_ACCENTS = str.maketrans("àâäéèêëîïôöùûüÿç", "aaaeeeeiioouuuyc")


@functools.cache
def _accented_spellings() -> dict[str, tuple[str, ...]]:
    """simplemma's French words that carry accents, under their spelling without them.

    Drafts sent by email are often typed without accents (« donnees », « collectivite »); read
    through this, they meet the same lemmas and stems as the accented texts. Built once, in
    about half a second, the first time a text holds an unknown word without accents.
    """
    dictionary = DefaultDictionaryFactory().get_dictionary("fr")
    spellings: dict[str, list[str]] = defaultdict(list)
    for word in {*dictionary.keys(), *dictionary.values()}:
        if not word.isascii() and (bare := word.translate(_FRENCH_ACCENTS)).isascii():
            spellings[bare].append(word)
    return {bare: tuple(sorted(words)) for bare, words in spellings.items()}


def _accented(lower: str) -> tuple[str, ...]:
    """The accented spellings of a lowercase word typed without accents and unknown as typed."""
    if not lower.isascii() or simplemma.is_known(lower, lang="fr"):
        return ()
    return _accented_spellings().get(lower, ())


_PARTICIPLE = re.compile(r"(.+)ert(?:e|ure)?")


def _irregular_participle(lemma: str) -> str:
    """The verb of « ouvert », « ouverture », « couverte », which neither lemma nor stem reach.

    The -rir verbs (ouvrir, couvrir, offrir, souffrir and their compounds) have a participle in
    -ert and nouns in -erture; the verb must be in the dictionary, so « expert » stays as it is.
    """
    match = _PARTICIPLE.fullmatch(lemma)
    if match and simplemma.is_known(verb := match.group(1) + "rir", lang="fr"):
        return verb
    return lemma


def _kind(folded: str, lemma: str, parts: Sequence[Word]) -> TermKind:
    if folded in FUNCTION_WORDS:
        return "function"
    if folded in FILLER_WORDS or lemma in FILLER_LEMMAS:
        return "filler"
    # An inversion is what its first word is: « a-t-il », « celle-ci », « pouvez-vous ».
    if parts and all(p.folded in _CLITICS for p in parts[1:]):
        return parts[0].kind
    return "content"


def _word(surface: str) -> Word:
    lower = surface.lower().translate(_APOSTROPHES)
    if lower.endswith("'"):
        return Word(surface, lower, lower, lower, "function", (), lower, ())
    if "-" not in lower:
        lemma, stem = _lemma_and_stem(lower)
        folded = fold(lower)
        return Word(surface, folded, lemma, stem, _kind(folded, lemma, ()), (), stem, ())
    parts = tuple(_word(piece) for piece in surface.split("-"))
    folded, lemma = fold(lower), "-".join(p.lemma for p in parts)
    return Word(
        surface,
        folded,
        lemma,
        "-".join(p.stem for p in parts),
        _kind(folded, lemma, parts),
        parts,
        " ".join(p.stem for p in parts),
        tuple(p.stem for p in parts if p.kind == "content" and not p.folded.isdigit()),
    )


@functools.lru_cache(maxsize=200_000)
def _words(surface: str) -> tuple[Word, ...]:
    """The words of one match of the token pattern: none for digits, two for an elision."""
    if not any(c.isalpha() for c in surface):
        return ()
    cut = surface.translate(_APOSTROPHES).find("'")
    if 0 < cut < len(surface) - 1 and surface[:cut].lower() in ELISIONS:
        return (_word(surface[: cut + 1]), *_words(surface[cut + 1 :]))
    return (_word(surface),)


def tokenize(text: str) -> list[Token]:
    """The words of a text, with elisions split and digits-only tokens dropped.

    The last texts' tokens are kept: a draft is read for its features, its skills, the names
    it mentions and its language, and is cut into tokens once.

    >>> [t.surface for t in tokenize("Les services de l'État ouvrent 12 tiers-lieux.")]
    ['Les', 'services', 'de', "l'", 'État', 'ouvrent', 'tiers-lieux']
    >>> [(t.folded, t.stem) for t in tokenize("d'accueil")]
    [("d'", "d'"), ('accueil', 'accueil')]
    >>> [p.stem for p in tokenize("Tiers-Lieux")[0].parts]
    ['tier', 'lieu']

    A hyphenated token is a function word when it is an inversion of function words and
    clitics, filler when it asks:

    >>> [t.kind for t in tokenize("Pourriez-vous nous aider à ouvrir les données ?")]
    ['filler', 'function', 'filler', 'function', 'content', 'function', 'content']
    """
    return list(_tokenize(text))


@functools.lru_cache(maxsize=4096)
def _tokenize(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    sentence, initial = 0, True
    for match in _TOKEN.finditer(text):
        surface = match.group("word")
        if surface is None:
            sentence, initial = sentence + (not initial), True
            continue
        start = match.start()
        for word in _words(surface):
            tokens.append(Token(word, start, sentence, initial))
            start += len(word.surface)
            initial = False
    return tuple(tokens)


# --- terms -------------------------------------------------------------------------------------

COMPOUNDS: tuple[str, ...] = (
    "état civil",
    "état des lieux",
    "état de l'art",
    "mise en œuvre",
    "mise en place",
    "prise en charge",
    "pouvoir d'achat",
    "chef de file",
    "en ligne",
)
"""Fixed phrases whose words, taken apart, point elsewhere: each is one term and none of its
words counts on its own. « état civil » is the register of births and marriages, not a state;
« démarches en ligne » have nothing to do with a bus line."""

INSTITUTION = "État"
"""The feature of « État », the State, kept apart from « état » (condition) by its capital."""


@dataclass(frozen=True, slots=True)
class Term:
    """A unit of meaning: one token, or the tokens of a fixed phrase.

    Attributes:
        feature: what :func:`analyze` emits: the stem, ``"État"`` for the institution, the
            compound with underscores (``"etat_civil"``), or the stems of a hyphenated word
            joined by spaces (``"tier lieu"``, as the bigram of « tiers lieux » reads).
        parts: the stems of a hyphenated word's content parts (``("tier", "lieu")``).
        kind: function word, filler or content.
        first: its first token.
        last: its last token (the first, but for a fixed phrase).
    """

    feature: str
    parts: tuple[str, ...]
    kind: TermKind
    first: Token
    last: Token

    @property
    def start(self) -> int:
        return self.first.start

    @property
    def end(self) -> int:
        return self.last.end

    @property
    def sentence(self) -> int:
        return self.first.sentence

    @property
    def initial(self) -> bool:
        return self.first.initial


@functools.cache
def _compounds() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First stem -> (stems, feature) of each compound, longest first."""
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for phrase in COMPOUNDS:
        stems = tuple(t.stem for t in tokenize(phrase))
        by_first[stems[0]].append((stems, fold(phrase).replace(" ", "_").replace("'", "_")))
    for candidates in by_first.values():
        candidates.sort(key=lambda c: -len(c[0]))
    return dict(by_first)


def _compound_at(
    tokens: Sequence[Token], i: int, candidates: Sequence[tuple[tuple[str, ...], str]]
) -> tuple[int, Term] | None:
    for stems, feature in candidates:
        window = tokens[i : i + len(stems)]
        if (
            len(window) == len(stems)
            and all(t.word.stem == s for t, s in zip(window, stems, strict=True))
            and window[-1].sentence == tokens[i].sentence
        ):
            return len(stems), Term(feature, (), "content", tokens[i], window[-1])
    return None


def _is_institution(tokens: Sequence[Token], i: int) -> bool:
    """« État » with a capital, unless it opens a sentence as « État de/des/d'... » (« État des
    routes », « État d'avancement »), where the capital is only the sentence's."""
    token = tokens[i]
    if token.word.folded != "etat" or not token.word.surface[0].isupper():
        return False
    following = tokens[i + 1].word.folded if i + 1 < len(tokens) else ""
    return not (token.initial and following in {"de", "du", "des", "d'"})


def terms_of(tokens: Sequence[Token]) -> list[Term]:
    """The terms of a token list: fixed phrases joined, « État » told from « état »."""
    compounds = _compounds()
    out = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        word = token.word
        candidates = compounds.get(word.stem)
        compound = _compound_at(tokens, i, candidates) if candidates else None
        if compound:
            n, term = compound
        elif word.folded == "etat" and _is_institution(tokens, i):
            n, term = 1, Term(INSTITUTION, (), "content", token, token)
        else:
            n, term = 1, Term(word.feature, word.content_parts, word.kind, token, token)
        out.append(term)
        i += n
    return out


def terms(text: str) -> list[Term]:
    """The terms of a text.

    >>> [(t.feature, t.kind) for t in terms("L'État gère l'état civil.")]  # doctest: +NORMALIZE_WHITESPACE
    [("l'", 'function'), ('État', 'content'), ('ger', 'content'),
     ("l'", 'function'), ('etat_civil', 'content')]
    """
    return list(_terms(text))


@functools.lru_cache(maxsize=4096)
def _terms(text: str) -> tuple[Term, ...]:
    return tuple(terms_of(_tokenize(text)))


# --- features ----------------------------------------------------------------------------------


def _features(text: str) -> Iterator[tuple[str, Term, Term]]:
    """The features of :func:`analyze`, each with the terms it spans."""
    previous: Term | None = None
    for term in terms(text):
        if term.kind != "content":
            continue
        yield term.feature, term, term
        if len(term.parts) > 1:
            for part in term.parts:
                yield part, term, term
        if previous is not None and previous.sentence == term.sentence:
            yield f"{previous.feature} {term.feature}", previous, term
        previous = term


def analyze(text: str) -> list[str]:
    """Features for TF-IDF or BM25: the stems of content terms, and bigrams of adjacent ones.

    Use it as ``TfidfVectorizer(analyzer=analyze)``. Stop words and filler are left out before
    bigrams are formed, and bigrams do not cross sentences. A hyphenated word gives its whole
    and its parts, so « tiers-lieux » and « tiers lieux » give the same features.

    « État » (the State) and « état » (a condition) are kept apart two ways. A fixed phrase
    (:data:`COMPOUNDS`) is one feature whose words do not count alone: « un guichet d'état
    civil » gives ``etat_civil``, never ``etat``. And « État » with a capital is the institution
    (feature ``"État"``), except at the opening of a sentence as « État de... », where the
    capital is the sentence's. A capital elsewhere is no evidence, so only this one word, whose
    two senses share nothing, is told apart by case; « Région » and « région » name the same
    territory and stay one feature.

    >>> analyze("Un guichet d'état civil")
    ['guichet', 'etat_civil', 'guichet etat_civil']
    >>> analyze("Les services de l'État en Normandie")
    ['servic', 'État', 'servic État', 'normand', 'État normand']
    >>> analyze("Bonjour, nous souhaitons ouvrir les données.")
    ['ouvr', 'don', 'ouvr don']
    """
    return [name for name, _, _ in _features(text)]


# --- surface forms -----------------------------------------------------------------------------


def _accents(form: str) -> int:
    return sum(1 for c in unicodedata.normalize("NFKD", form) if unicodedata.combining(c))


_WORD = re.compile(r"[^\W\d_]+")


def with_accents(form: str) -> str:
    """A form typed without accents, with the accents of the one spelling the dictionary knows.

    Words the dictionary spells in more than one way (« eleve »: « élève », « élevé ») stay as
    typed, and so do words it knows without accents.

    >>> with_accents("donnees"), with_accents("Collectivites locales"), with_accents("eleve")
    ('données', 'Collectivités locales', 'eleve')
    """

    def one(match: re.Match[str]) -> str:
        word = match.group()
        spellings = {s.lower() for s in _accented(word.lower())}
        if len(spellings) != 1:
            return word
        (spelling,) = spellings
        return spelling[0].upper() + spelling[1:] if word[0].isupper() else spelling

    return _WORD.sub(one, form)


def _as_written(text: str, name: str, first: Term, last: Term) -> str:
    form = " ".join(text[first.start : last.end].split()).translate(_APOSTROPHES)
    # A capital that only opens the sentence is not part of the word.
    if first.initial and form[:1].isupper() and not form[1:2].isupper() and name != INSTITUTION:
        form = form[0].lower() + form[1:]
    return form


class SurfaceForms:
    """For each analysed feature, the words a reader should see: its most frequent surface form.

    Forms that fold alike are pooled (« données » and « donnees » count together), and the pool
    shows its accented form, so explanations read « données », never « donnees » or a stem. A
    text typed without accents shows the dictionary's spelling (:func:`with_accents`).

    Args:
        texts: the corpus whose features will be explained.

    >>> forms = SurfaceForms(["Les données ouvertes.", "Données des étrangers.", "L'état civil."])
    >>> forms.show("don"), forms.show("etrang"), forms.show("etat_civil"), forms.show("inconnu")
    ('données', 'étrangers', 'état civil', 'inconnu')
    >>> SurfaceForms(["ouvrir les donnees des collectivites"]).show("collect")
    'collectivités'
    """

    def __init__(self, texts: Iterable[str]) -> None:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for text in texts:
            for name, first, last in _features(text):
                counts[name][_as_written(text, name, first, last)] += 1
        self._counts = counts
        self._forms: dict[str, str] = {}  # chosen when first shown: a draft shows few of its features

    @staticmethod
    def _choose(forms: Counter[str]) -> str:
        pools: dict[str, int] = Counter()
        for form, n in forms.items():
            pools[fold(form)] += n
        best = min(pools, key=lambda f: (-pools[f], f))
        return min(
            (f for f in forms if fold(f) == best),
            key=lambda f: (-_accents(f), -forms[f], f),
        )

    def show(self, feature: str) -> str:
        """The surface form of a feature; the feature itself when the corpus never produced it."""
        form = self._forms.get(feature)
        if form is None:
            forms = self._counts.get(feature)
            form = self._choose(forms) if forms else feature
            if forms and not _accents(form):
                form = with_accents(form)
            self._forms[feature] = form
        return form


# --- place names -------------------------------------------------------------------------------


_ARTICLES = frozenset({"le", "la", "les", "l'"})


class PlaceNames:
    """Marks the tokens that name a place, so evidence lists can leave territories out.

    A name matches its words in sequence, accents and case folded, but a one-word name must be
    written with a capital: « la Manche » is a place, « une manche » is not. A name's leading
    article may be missing, as it is after « du » or « au » (« Le Havre », « au Havre »).

    Args:
        names: place names (« Eure », « Seine-Maritime », « Le Havre »).

    >>> places = PlaceNames(["Eure", "Seine-Maritime", "Le Havre"])
    >>> places.mark(tokenize("Du Havre à la Seine-Maritime et l'eure"))
    [False, True, False, False, True, False, False, False]
    >>> sorted(places.features)
    ['eur', 'havr', 'maritim', 'sein', 'sein maritim']
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._names: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        features: set[str] = set()
        for name in names:
            words = tuple(t.folded for t in tokenize(name))
            if words:
                self._names[words[-1]].add(words)
                if len(words) > 1 and words[0] in _ARTICLES:
                    self._names[words[-1]].add(words[1:])
                features.update(analyze(name))
        self.features = frozenset(features)
        """The analysed features of the names, to leave out of evidence lists."""

    def mark(self, tokens: Sequence[Token]) -> list[bool]:
        """For each token, whether it belongs to a place name."""
        marks = [False] * len(tokens)
        for end, token in enumerate(tokens):
            for words in self._names.get(token.folded, ()):
                start = end - len(words) + 1
                span = tokens[max(start, 0) : end + 1]
                if start < 0 or tuple(t.folded for t in span) != words:
                    continue
                if len(span) == 1 and "-" not in token.surface and not token.surface[0].isupper():
                    continue
                marks[start : end + 1] = [True] * len(span)
        return marks


def mark_places(tokens: Sequence[Token], names: Iterable[str]) -> list[bool]:
    """For each token, whether it belongs to one of the place names (see :class:`PlaceNames`)."""
    return PlaceNames(names).mark(tokens)


# --- language ----------------------------------------------------------------------------------

LANGUAGES = ("fr", "en", "de", "es", "it", "pt", "nl", "ar", "tr", "ro", "pl", "ru", "uk", "zh", "vi")
"""What a French public service receives: French, its neighbours and the main languages of
people settled in France. A short list keeps short texts from being called Breton or Latin."""

CONFIDENT = 0.5
"""The identifier's probability above which its answer stands alone."""


@dataclass(frozen=True)
class Language:
    """A language guess: ISO 639-1 code (``"und"`` when there is no word) and its probability."""

    code: str
    confidence: float


class _Classifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@functools.cache
def _identifier() -> _Classifier:
    # Loaded on first use: the model takes about a second to unpack.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier: _Classifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))  # type: ignore[attr-defined]
    return identifier


def detect_language(text: str) -> Language:
    """The most likely language among :data:`LANGUAGES`, with its probability.

    >>> detect_language("Nous voulons ouvrir les données de nos services.").code
    'fr'
    >>> detect_language("12 345")
    Language(code='und', confidence=0.0)
    """
    if not tokenize(text):
        return Language("und", 0.0)
    code, confidence = _identifier().classify(text)
    return Language(str(code), float(confidence))


# French stop words that are not English ones: « a », « on », « me » say nothing about French.
_FRENCH_CUES = STOP_WORDS - ENGLISH_STOP_WORDS


def is_french(text: str) -> bool:
    """Whether a text is French, robust for short texts.

    A text without letters, or mostly in another script, is not. Then the identifier decides when
    it is confident, and a short text it hesitates on is French when it has a French stop word.

    >>> is_french("Merci"), is_french("Guichet d'état civil"), is_french("open data")
    (True, True, False)
    >>> is_french("🙂🙂"), is_french("2024"), is_french("نريد فتح البيانات")
    (False, False, False)
    """
    words = tokenize(text)
    letters = [c for t in words for c in t.surface if c.isalpha()]
    if not letters or sum(_latin(c) for c in letters) * 2 < len(letters):
        return False
    cues = sum(1 for t in words if t.folded in _FRENCH_CUES)
    if cues >= 3 and cues * 6 >= len(words):
        return True  # plainly French: a sixth of its words are French function words
    guess = detect_language(text)
    if guess.confidence >= CONFIDENT:
        return guess.code == "fr"
    return any(t.folded in _FRENCH_CUES for t in words)


def _latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def content_tokens(text: str) -> list[Token]:
    """The tokens that can serve as evidence: neither function words nor filler.

    An empty list means the text has no usable word at all.

    >>> [t.surface for t in content_tokens("Bonjour, merci de votre aide !")]
    ['aide']
    >>> content_tokens("Bonjour, merci !")
    []
    """
    return [t for t in tokenize(text) if t.kind == "content"]
