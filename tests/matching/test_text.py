"""French text analysis on tiny hand-made texts, through the real stemmer, lemmatiser and identifier."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from matching import lexical
from matching.text import (
    COMPOUNDS,
    INSTITUTION,
    STOP_WORDS,
    PlaceNames,
    SurfaceForms,
    analyze,
    content_tokens,
    detect_language,
    fold,
    is_french,
    mark_places,
    terms,
    tokenize,
)

GUICHET = "Nous voulons moderniser un guichet d'état civil."
SERVICES_DE_L_ETAT = "Les services de l'État en Normandie économisent l'énergie."


# --- folding and tokens ------------------------------------------------------------------------


def test_fold_drops_case_accents_and_ligatures() -> None:
    assert fold("Élaboré À Alençon, Œuvre") == "elabore a alencon, oeuvre"


def test_fold_is_still_importable_from_lexical() -> None:
    assert lexical.fold is fold


def test_token_keeps_surface_folded_and_stem() -> None:
    [token] = tokenize("Données")
    assert (token.surface, token.folded, token.lemma, token.stem) == ("Données", "donnees", "donnée", "don")


def test_elision_is_split_from_the_state() -> None:
    assert [t.surface for t in tokenize("l'État")] == ["l'", "État"]


def test_typographic_elision_is_split_and_folded() -> None:
    elided, word = tokenize("d’accueil")
    assert (elided.surface, elided.folded, elided.kind) == ("d’", "d'", "function")
    assert (word.surface, word.start) == ("accueil", 2)


def test_aujourdhui_is_one_word_not_an_elision() -> None:
    assert [t.surface for t in tokenize("aujourd'hui")] == ["aujourd'hui"]


def test_hyphenated_word_stays_whole_with_its_parts() -> None:
    [token] = tokenize("tiers-lieux")
    assert token.surface == "tiers-lieux"
    assert [p.surface for p in token.parts] == ["tiers", "lieux"]
    assert [p.stem for p in token.parts] == ["tier", "lieu"]


def test_digits_only_tokens_are_dropped_but_not_mixed_ones() -> None:
    assert [t.surface for t in tokenize("En 2024, 12 000 agents ; la 3D et le COVID-19.")] == [
        "En",
        "agents",
        "la",
        "3D",
        "et",
        "le",
        "COVID-19",
    ]


def test_tokens_know_their_sentence_and_whether_they_open_it() -> None:
    tokens = tokenize("Bonjour. État des routes : rien.")
    assert [(t.surface, t.sentence, t.initial) for t in tokens] == [
        ("Bonjour", 0, True),
        ("État", 1, True),
        ("des", 1, False),
        ("routes", 1, False),
        ("rien", 2, True),
    ]


def test_offsets_point_into_the_text() -> None:
    text = "Ouvrir l’État-civil ?"
    assert [text[t.start : t.end] for t in tokenize(text)] == ["Ouvrir", "l’", "État-civil"]


# --- stop words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    (
        "de les nous l' celle lequel "  # function words
        "fois quoi peut faire bonjour merci souhaite voudrions cherchons aider projet besoin cordialement"
    ).split(),
)
def test_stop_words_hold_function_words_and_filler(word: str) -> None:
    assert word in STOP_WORDS


@pytest.mark.parametrize("word", ["etat", "personnes", "donnees", "ouvertes", "public", "aide", "recherche"])
def test_stop_words_leave_content_words(word: str) -> None:
    assert word not in STOP_WORDS


def test_filler_verbs_are_filler_in_any_form() -> None:
    assert [t.kind for t in tokenize("souhaitions cherchaient voulions")] == ["filler"] * 3


def test_inversions_are_what_their_verb_is() -> None:
    kinds = {t.surface: t.kind for t in tokenize("a-t-il celle-ci pourriez-vous bien-être tiers-lieux")}
    assert kinds == {
        "a-t-il": "function",
        "celle-ci": "function",
        "pourriez-vous": "filler",
        "bien-être": "content",
        "tiers-lieux": "content",
    }


def test_content_tokens_are_empty_for_a_greeting() -> None:
    assert content_tokens("Bonjour, merci ! Cordialement.") == []
    assert content_tokens("🙂 2024") == []
    assert [t.surface for t in content_tokens("Nous voulons ouvrir les données")] == ["ouvrir", "données"]


def test_words_typed_without_accents_read_as_with_them() -> None:
    assert analyze("ouvrir les donnees des collectivites") == analyze("ouvrir les données des collectivités")
    assert analyze("la securite du reseau") == analyze("la sécurité du réseau")


def test_terms_of_a_draft_typed_without_accents_are_shown_with_them() -> None:
    forms = SurfaceForms(["Ouvrir les donnees des collectivites et des eleves"])
    assert [forms.show(f) for f in ("don", "collect", "elev")] == ["données", "collectivités", "eleves"]


def test_a_word_whose_accents_are_ambiguous_stays_as_typed() -> None:
    # « referent » may be « référent » (a person) or « réfèrent » (a verb): the stems differ.
    assert [t.stem for t in tokenize("referent")] == ["referent"]
    assert [t.stem for t in tokenize("réfèrent")] == ["refer"]


# --- the analyzer ------------------------------------------------------------------------------


def test_analyzer_gives_stems_and_bigrams_of_content_words() -> None:
    assert analyze("Bonjour, nous souhaitons ouvrir les données publiques.") == [
        "ouvr",
        "don",
        "ouvr don",
        "public",
        "don public",
    ]


def test_ouvrir_ouvertes_and_ouverture_share_a_stem() -> None:
    assert analyze("ouvrir")[0] == analyze("ouvertes")[0] == analyze("ouverture")[0] == "ouvr"


def test_expert_is_not_taken_for_a_participle() -> None:
    assert analyze("expert") == ["expert"]


def test_bigrams_do_not_cross_sentences() -> None:
    assert analyze("Données. Ouvertes.") == ["don", "ouvr"]


def test_guichet_detat_civil_shares_no_feature_with_the_services_of_the_state() -> None:
    assert set(analyze(GUICHET)).isdisjoint(analyze(SERVICES_DE_L_ETAT))


def test_actes_detat_civil_and_etat_civil_share_a_feature() -> None:
    assert set(analyze("Dématérialiser les actes d'état civil")) & set(analyze("état civil")) == {
        "etat_civil"
    }


def test_compound_words_do_not_count_alone() -> None:
    assert analyze("l'état civil") == ["etat_civil"]
    assert analyze("démarches en ligne") == ["demarch", "en_ligne", "demarch en_ligne"]
    assert "état civil" in COMPOUNDS


def test_capital_etat_is_the_institution_and_lowercase_etat_a_condition() -> None:
    assert analyze("les moyens de l'État") == ["moyen", INSTITUTION, f"moyen {INSTITUTION}"]
    assert analyze("l'état du bâtiment") == ["etat", "bat", "etat bat"]


def test_sentence_initial_etat_de_is_the_condition() -> None:
    assert analyze("État des routes.")[0] == "etat"
    assert analyze("ÉTAT D'AVANCEMENT")[0] == "etat"
    assert analyze("État et communes coopèrent.")[0] == INSTITUTION


def test_hyphenated_and_spaced_tiers_lieux_give_the_same_features() -> None:
    assert sorted(analyze("tiers-lieux")) == sorted(analyze("tiers lieux")) == ["lieu", "tier", "tier lieu"]


def test_terms_join_fixed_phrases() -> None:
    [term] = [t for t in terms("un guichet d'état civil") if t.feature == "etat_civil"]
    assert (term.start, term.end, term.kind) == (13, 23, "content")


def test_analyzer_works_inside_a_tfidf_vectorizer() -> None:
    corpus = [SERVICES_DE_L_ETAT, "Registre et actes d'état civil de la commune.", "Un tiers-lieu rural."]
    vectorizer = TfidfVectorizer(analyzer=analyze)
    matrix = vectorizer.fit_transform(corpus)
    query = vectorizer.transform([GUICHET]).toarray().ravel()
    scores = matrix @ query
    assert scores[0] == 0
    assert scores[1] > 0
    assert np.argmax(scores) == 1


# --- surface forms -----------------------------------------------------------------------------


def test_surface_forms_show_accented_words_not_stems() -> None:
    forms = SurfaceForms(["Les données des étrangers.", "Données ouvertes", "données"])
    assert forms.show("don") == "données"
    assert forms.show("etrang") == "étrangers"
    assert forms.show("don ouvr") == "données ouvertes"


def test_surface_forms_pool_unaccented_spellings_and_show_the_accented_one() -> None:
    forms = SurfaceForms(["les etrangers", "des etrangers", "aux étrangers"])
    assert forms.show("etrang") == "étrangers"


def test_surface_forms_drop_only_the_sentence_capital() -> None:
    forms = SurfaceForms(["Accueil en Normandie.", "Normandie et Bretagne.", "L'accueil.", "Accueil."])
    assert forms.show("accueil") == "accueil"
    assert forms.show("normand") == "Normandie"


def test_surface_forms_show_fixed_phrases_and_the_state() -> None:
    forms = SurfaceForms(["Un guichet d'état civil.", "Les services de l'État."])
    assert forms.show("etat_civil") == "état civil"
    assert forms.show("guichet etat_civil") == "guichet d'état civil"
    assert forms.show(INSTITUTION) == "État"


def test_surface_forms_show_an_unknown_feature_as_is() -> None:
    assert SurfaceForms([]).show("don") == "don"


# --- place names -------------------------------------------------------------------------------

TERRITORIES = ["Eure", "Rouen", "Seine-Maritime", "Normandie", "Alençon", "Le Havre"]


def test_place_names_are_marked() -> None:
    tokens = tokenize("Un tiers-lieu à Alencon, dans l'Eure, en Normandie, près de Rouen et du Havre.")
    marked = [t.surface for t, place in zip(tokens, mark_places(tokens, TERRITORIES), strict=True) if place]
    assert marked == ["Alencon", "Eure", "Normandie", "Rouen", "Havre"]


def test_hyphenated_place_name_is_one_token() -> None:
    tokens = tokenize("la Seine-Maritime")
    assert mark_places(tokens, TERRITORIES) == [False, True]


def test_lowercase_one_word_name_is_not_a_place() -> None:
    places = PlaceNames(["Manche"])
    assert places.mark(tokenize("la Manche")) == [False, True]
    assert places.mark(tokenize("une manche")) == [False, False]


def test_place_features_let_evidence_leave_places_out() -> None:
    places = PlaceNames(TERRITORIES)
    evidence = [f for f in analyze("Accueil des étrangers à Rouen et en Seine-Maritime") if " " not in f]
    assert [f for f in evidence if f not in places.features] == ["accueil", "etrang"]


# --- language ----------------------------------------------------------------------------------


def test_detect_language_names_french_with_confidence() -> None:
    language = detect_language("Nous souhaitons ouvrir les données de nos services au public.")
    assert language.code == "fr"
    assert language.confidence > 0.9


def test_detect_language_without_words_is_undetermined() -> None:
    assert detect_language("🙂 2024 !").code == "und"


@pytest.mark.parametrize(
    "text",
    [
        "Nous voulons ouvrir nos données publiques.",  # six words
        "Merci",
        "Bonjour",
        "Guichet d'état civil",
        "Transformer la médiathèque en tiers-lieu",
    ],
)
def test_french_texts_are_french(text: str) -> None:
    assert is_french(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "🙂🎉🙂",
        "12 345 678",
        "نريد فتح بيانات الخدمات العامة",
        "We want to open the data of our services.",
        "Queremos abrir los datos de la ciudad.",
        "open data",
    ],
)
def test_other_texts_are_not_french(text: str) -> None:
    assert not is_french(text)
