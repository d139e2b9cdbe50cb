"""The recent, dated year (2025-11 to 2026-10) and one silo. Hand-written, fictional.

Three things a monthly network-health report should find in the seed network:

* a dated year: new projects, people joining running projects and the lab's introductions,
  spread so that each month from ``FIRST_MONTH`` to ``LAST_MONTH`` has a few dated edges;
* the Eure open-data story: from June 2026 the lab introduces members of the group of
  ``project:opendata-eure`` to people of other administrations, and some of them join the
  project a few weeks later (``CONTRIBUTES_TO`` with the lab's provenance);
* one silo: a State service whose people work together on internal projects only, with nobody
  outside (no shared project with outsiders, no introduction).

References to people, resolved by the generator:

* ``"submitter"``, ``"lead:<i>"`` (the i-th agent of the lead organisation's team) and
  ``"guest:<org>"``: the members of a project;
* ``"new:<key>"``: a person of ``NEW_PEOPLE``;
* ``"agent:<org>"``: a generated agent of that organisation, chosen with the year's own random
  generator among those who are neither isolated nor already picked for the year, preferring
  those whose job fits (``prefer`` tags, else the project's skills) and who have no project yet.
"""

from seed_data.tools.organisations import SD, org

AI, TR, AD, NW = "accompaniment_incubation", "training", "advice", "networking"

FIRST_MONTH, LAST_MONTH = "2025-11", "2026-10"
"""The year of monthly reports: 12 months, the last full month before 2026-12-01."""

STORY_PROJECT = "opendata-eure"
"""The Eure open-data group is the team of this project."""

DATA_TAGS = ["donnees-ouvertes", "analyse-de-donnees", "gouvernance-des-donnees", "cartographie-sig"]
"""The jobs the lab looks for when it introduces the open-data group to other administrations."""

# --- the silo ---------------------------------------------------------------------------------
SILO_ORG = org(
    "sdcaf-manche",
    "Service départemental du cadastre et des archives foncières de la Manche",
    SD,
    "SDCAF",
    "com-50502",
    None,
    {"patrimoine": 2, "urbanisme-amenagement": 1},
    "au service départemental du cadastre et des archives foncières de la Manche",
    None,
    0,
    "Service de l'État qui actualise le plan cadastral de la Manche, conserve les plans et les "
    "actes fonciers anciens et répond aux demandes des notaires, des géomètres et des particuliers.",
)


def N(key, org_slug, gender, job, since, consent, skills, bio):
    """A new person: an agent (never an expert, so never a candidate of the matcher)."""
    return {
        "key": key,
        "org": org_slug,
        "female": gender == "f",
        "job": job,
        "since": since,
        "consent": consent,
        "skills": skills,
        "bio": " ".join(bio.split()),
    }


SILO = "sdcaf-manche"
NEW_PEOPLE = [
    # The silo: seven people of one service.
    N(
        "silo-cheffe",
        SILO,
        "f",
        "cheffe du service",
        "2017-09-01",
        True,
        {"urbanisme-amenagement": 1},
        """Cheffe du service départemental du cadastre et des archives foncières de la Manche, elle
        pilote les chantiers de modernisation du service.""",
    ),
    N(
        "silo-geometre",
        SILO,
        "m",
        "géomètre du cadastre",
        "2009-03-02",
        True,
        {"urbanisme-amenagement": 2, "cartographie-sig": 2},
        """Géomètre du cadastre depuis 2009, il met à jour le plan cadastral de la Manche après les
        divisions de parcelles et les constructions nouvelles.""",
    ),
    N(
        "silo-archiviste",
        SILO,
        "f",
        "archiviste",
        "2012-01-16",
        False,
        {"patrimoine": 2},
        """Archiviste du service, elle conserve les plans cadastraux anciens et les registres
        fonciers de la Manche et en organise la consultation.""",
    ),
    N(
        "silo-actes-1",
        SILO,
        "m",
        "gestionnaire des actes fonciers",
        "2011-05-09",
        True,
        {"juridique": 1},
        """Gestionnaire des actes fonciers, il enregistre les actes transmis par les notaires de la
        Manche et en vérifie les références cadastrales.""",
    ),
    N(
        "silo-actes-2",
        SILO,
        "f",
        "gestionnaire des actes fonciers",
        "2015-10-01",
        True,
        {"relation-usager": 1},
        """Gestionnaire des actes fonciers depuis 2015, elle traite les demandes de renseignements
        des notaires et des particuliers.""",
    ),
    N(
        "silo-technicien",
        SILO,
        "m",
        "technicien géomètre",
        "2019-02-04",
        False,
        {"cartographie-sig": 2, "patrimoine": 1},
        """Technicien géomètre, il numérise et géoréférence les plans anciens et contrôle les levés
        transmis par les géomètres-experts.""",
    ),
    N(
        "silo-accueil",
        SILO,
        "f",
        "chargée de l'accueil des professionnels",
        "2020-06-15",
        True,
        {"relation-usager": 2},
        """Chargée de l'accueil des professionnels, elle reçoit les notaires et les géomètres et
        organise les rendez-vous de consultation des archives.""",
    ),
    # The Eure open-data story: people of other administrations the lab introduces to the group.
    N(
        "statisticienne-univ-rouen",
        "univ-rouen",
        "f",
        "ingénieure d'études en statistique",
        "2018-09-03",
        True,
        {"analyse-de-donnees": 2},
        """Ingénieure d'études en statistique à l'université de Rouen Normandie, elle encadre des
        étudiants de master qui travaillent sur les données publiques des territoires.""",
    ),
    N(
        "donnees-cerema",
        "cerema-normandie",
        "m",
        "chargé d'études en données territoriales",
        "2016-04-01",
        True,
        {"cartographie-sig": 2, "gouvernance-des-donnees": 1},
        """Chargé d'études en données territoriales au Cerema, il aide les services publics à
        décrire et à croiser leurs données d'équipements et de zonages.""",
    ),
    N(
        "accessibilite-passe-muraille",
        "passe-muraille",
        "f",
        "chargée de mission accessibilité",
        "2021-02-15",
        False,
        {"accessibilite": 2},
        """Chargée de mission à Passe-Muraille Accessibilité, elle recense avec des bénévoles
        l'accessibilité des lieux recevant du public dans l'Eure.""",
    ),
]


def S(slug, title, lead, loc, status, start, end, themes, missions, about, team, joins, description):
    """A project, with the generator's fields; ``team`` lists people (submitter first)."""
    return {
        "slug": slug,
        "title": title,
        "lead": lead,
        "loc": loc,
        "status": status,
        "start": start,
        "end": end,
        "themes": themes,
        "missions": missions,
        "about": about,
        "partners": [],
        "team": team,
        "guests": [],
        "intros": [],
        "joins": joins,
        "description": " ".join(description.split()),
    }


SILO_PROJECTS = [
    S(
        "plans-cadastraux-anciens-manche",
        "Numériser les plans cadastraux anciens de la Manche",
        SILO,
        "com-50502",
        "done",
        "2023-03-06",
        "2024-06-28",
        ["archives", "numérisation"],
        [TR, AD],
        ["patrimoine", "cartographie-sig"],
        ["new:silo-archiviste", "new:silo-technicien", "new:silo-geometre", "new:silo-cheffe"],
        [],
        """Le service conserve plusieurs milliers de plans cadastraux dessinés à la main entre 1820
      et 1960, consultés chaque semaine par les notaires et les géomètres. Les feuilles les plus
      demandées s'abîment et certaines ne peuvent plus être communiquées. L'archiviste du service a
      proposé de les numériser par ordre de demande, en commençant par les communes du littoral.
      L'équipe a établi les priorités, choisi une résolution de numérisation et une règle de
      classement des images, puis géoréférencé les feuilles numérisées pour les superposer au plan actuel.
      Innov'mandie a accueilli deux agents du service dans une formation à la conduite de projet
      et leur a donné quelques conseils d'organisation ; le service a mené seul le reste du
      chantier, terminé à l'été 2024.""",
    ),
    S(
        "registre-actes-fonciers-manche",
        "Un registre numérique unique des actes fonciers",
        SILO,
        "com-50502",
        "incubated",
        "2024-09-02",
        None,
        ["archives", "outils internes"],
        [AD],
        ["patrimoine", "outils-collaboratifs"],
        ["new:silo-actes-1", "new:silo-actes-2", "new:silo-cheffe", "new:silo-archiviste"],
        [],
        """Les actes transmis par les notaires sont enregistrés dans trois tableurs différents
      selon leur date d'arrivée, ce qui oblige les gestionnaires à chercher chaque référence
      plusieurs fois. Deux gestionnaires des actes ont proposé de les réunir dans un registre
      numérique unique, relié au plan cadastral, où chaque acte retrouve ses parcelles. Le service
      a décrit ses besoins, repris une à une les colonnes des tableurs, puis testé un prototype
      sur les actes d'une année. Le lab a conseillé l'équipe sur la façon de tester le prototype
      avec ses utilisateurs, qui sont ici les agents du service eux-mêmes. Le registre est en
      incubation : il sert pour les nouveaux actes, et les actes anciens y sont repris au fil de
      l'eau.""",
    ),
    S(
        "rendez-vous-professionnels-cadastre-manche",
        "Un agenda en ligne pour les rendez-vous des notaires et des géomètres",
        SILO,
        "com-50502",
        "accompanied",
        "2026-01-12",
        None,
        ["accueil des professionnels", "outils internes"],
        [AD],
        ["relation-usager", "outils-collaboratifs"],
        ["new:silo-accueil", "new:silo-cheffe", "new:silo-geometre", "new:silo-technicien"],
        [("2026-10-12", "new:silo-actes-2", "membre de l'équipe projet")],
        """Les notaires et les géomètres-experts qui viennent consulter les plans et les actes
      prennent rendez-vous par téléphone, aux heures d'ouverture, et les consultations se
      chevauchent souvent dans la petite salle de lecture du service. La chargée de l'accueil des
      professionnels a proposé un agenda en ligne où chacun réserve un créneau et indique les
      communes et les parcelles qu'il veut consulter, pour que les documents soient sortis avant
      son arrivée. Le service a choisi un outil déjà en usage au ministère, l'a paramétré avec ses
      jours d'ouverture et a testé la réservation avec trois études notariales de Saint-Lô. Innov'mandie
      conseille l'équipe sur les questions à poser au moment de la réservation.""",
    ),
]
"""The silo's projects: its own people only, no partner, no guest, no expert, no introduction."""


def Y(slug, title, lead, loc, start, themes, missions, about, team, guests, intros, joins, description):
    """A project started during the year: ``team`` agents of the lead organisation (the first
    submits it), one agent of each ``guests`` organisation, the lab's ``intros`` (day, person)
    of the submitter and the ``joins`` (day, person, role) of people who came later."""
    return {
        "slug": slug,
        "title": title,
        "lead": lead,
        "loc": loc,
        "status": "accompanied",
        "start": start,
        "end": None,
        "themes": themes,
        "missions": missions,
        "about": about,
        "partners": [],
        "team": team,
        "guests": guests,
        "intros": intros,
        "joins": joins,
        "description": " ".join(description.split()),
    }


MEMBER = "membre de l'équipe projet"

YEAR_PROJECTS = [
    Y(
        "covoiturage-agents-etat-caen",
        "Encourager le covoiturage entre les agents de l'État à Caen",
        "prefecture-calvados",
        "com-14118",
        "2025-11-17",
        ["mobilité des agents", "transition écologique"],
        [AI, NW],
        ["mobilite", "transition-ecologique"],
        3,
        ["draaf-normandie", "drac-normandie"],
        [
            ("2025-11-28", "agent:ddtm-calvados"),
            ("2025-12-16", "agent:caen-la-mer"),
            ("2026-01-22", "agent:dreal-normandie"),
        ],
        [("2026-02-09", "agent:prefecture-calvados", MEMBER)],
        """Plusieurs centaines d'agents de l'État travaillent dans les services installés à Caen,
      et beaucoup viennent chaque jour en voiture depuis le Bessin ou le pays d'Auge, le plus
      souvent seuls. L'équipe de la préfecture du Calvados a proposé au lab de chercher avec eux ce
      qui les retient de partager leurs trajets : journées décalées, crainte d'être bloqué le soir,
      méconnaissance des collègues qui habitent à côté. Innov'mandie a conduit une enquête courte
      puis deux ateliers avec des agents de la préfecture, de la DRAAF et de la DRAC. L'équipe
      teste un service de mise en relation par commune de départ, avec une garantie de retour en
      cas d'imprévu, et compte chaque mois les trajets partagés.""",
    ),
    Y(
        "permanences-numeriques-maisons-sante-caux",
        "Des permanences d'aide numérique dans les maisons de santé du pays de Caux",
        "cd-seine-maritime",
        "dep-76",
        "2026-01-19",
        ["inclusion numérique", "santé"],
        [AI, NW],
        ["mediation-numerique", "sante", "inclusion-sociale"],
        3,
        ["ars-normandie"],
        [("2026-02-03", "agent:france-travail-normandie"), ("2026-02-24", "agent:cd-manche")],
        [
            ("2026-04-13", "agent:cd-seine-maritime", MEMBER),
            ("2026-10-05", "agent:cd-seine-maritime", MEMBER),
        ],
        """Dans les communes rurales du pays de Caux, les patients âgés ou isolés peinent à
      utiliser leur espace santé, à prendre rendez-vous en ligne ou à suivre une téléconsultation,
      et les secrétariats des maisons de santé passent un temps croissant à les dépanner. Le
      Département de la Seine-Maritime a proposé d'y ouvrir des permanences d'aide numérique,
      animées par ses conseillers numériques une demi-journée par semaine. Innov'mandie a réuni
      des secrétaires médicales, des patients et l'ARS pour fixer ce que couvrent les permanences
      et ce qui reste du ressort des soignants. Le lab a aussi mis l'équipe en relation avec le
      Département de la Manche, qui a mené un accompagnement numérique itinérant. Quatre maisons
      de santé testent les permanences depuis le printemps.""",
    ),
    Y(
        "gaspillage-cantines-lycees",
        "Mesurer le gaspillage alimentaire dans les cantines des lycées",
        "region-normandie",
        "com-14118",
        "2026-03-09",
        ["alimentation", "lycées"],
        [AI, AD],
        ["agriculture-alimentation", "education", "analyse-de-donnees"],
        3,
        ["draaf-normandie", "rectorat-normandie"],
        [("2026-03-30", "agent:cd-calvados"), ("2026-04-20", "agent:caen-la-mer")],
        [("2026-07-06", "agent:region-normandie", MEMBER)],
        """La Région Normandie sert chaque jour des dizaines de milliers de repas dans les lycées,
      et les équipes de cuisine voient beaucoup de plateaux revenir à moitié pleins sans savoir
      quels plats ni quels jours sont en cause. Le service de la restauration des lycées a demandé
      au lab une méthode simple de pesée des restes, praticable par les équipes sans surcharge. Avec
      la DRAAF et des enseignants volontaires du rectorat, l'équipe a testé trois façons de peser
      et de noter les restes dans six lycées pilotes, puis retenu la plus rapide. Les élèves des
      filières hôtelières analysent les relevés avec leurs professeurs, et les premiers résultats
      serviront à revoir les grammages et les menus à la rentrée.""",
    ),
    Y(
        "accueil-nouveaux-habitants-cherbourg",
        "Un accueil commun pour les nouveaux habitants de Cherbourg-en-Cotentin",
        "ville-cherbourg",
        "com-50129",
        "2026-05-11",
        ["accueil des usagers", "vie locale"],
        [AI, AD],
        ["relation-usager", "simplification-administrative"],
        3,
        ["sous-prefecture-cherbourg"],
        [
            ("2026-05-27", "agent:cd-manche"),
            ("2026-06-15", "agent:france-travail-normandie"),
            ("2026-10-20", "agent:prefecture-manche"),
        ],
        [("2026-09-14", "agent:ville-cherbourg", MEMBER)],
        """Chaque année, plusieurs milliers de personnes s'installent à Cherbourg-en-Cotentin,
      notamment pour les grands chantiers industriels, et enchaînent les démarches auprès de la
      mairie, de la sous-préfecture, des écoles et des fournisseurs d'énergie. La ville a proposé à
      Innov'mandie de concevoir avec la sous-préfecture un accueil commun : un rendez-vous unique à
      l'arrivée, un livret des démarches par situation et une liste de contacts nommés. Le lab a
      mené des entretiens avec des familles arrivées dans l'année et avec les agents d'accueil des
      deux administrations. Un premier parcours est testé depuis l'été avec les nouveaux salariés
      de deux entreprises du port.""",
    ),
]
"""Projects started during the year. No expert and no partner organisation: the matcher's
candidates (experts and organisations) keep the profiles the labelled query set was written for."""

YEAR_JOINS = [
    ("2025-12-08", "mediatheque-alencon-tiers-lieu", "agent:cu-alencon", MEMBER),
    ("2025-12-11", "transport-solidaire-orne", "agent:cd-orne", MEMBER),
    ("2026-04-07", "reperage-decrochage-scolaire", "agent:rectorat-normandie", MEMBER),
    ("2026-05-18", "guichet-projets-agricoles-orne", "agent:ddt-orne", MEMBER),
]
"""People joining a project that started before the year: (day, project slug, person, role)."""

STORY_INTRODUCTIONS = [
    # (day, introduced member of the group, person of another administration, day they join
    #  the project or None, their role on it)
    ("2026-06-09", "submitter", "new:statisticienne-univ-rouen", "2026-08-24", "statistiques publiques"),
    ("2026-06-18", "guest:cd-eure", "agent:region-normandie", None, None),
    (
        "2026-06-25",
        "guest:evreux-portes-normandie",
        "new:accessibilite-passe-muraille",
        "2026-09-07",
        "accessibilité des lieux d'accueil du public",
    ),
    (
        "2026-07-02",
        "guest:ddt-eure",
        "new:donnees-cerema",
        "2026-09-14",
        "description des données d'équipements",
    ),
    ("2026-07-09", "guest:ddets-eure", "agent:france-travail-normandie", None, None),
    (
        "2026-07-21",
        "submitter",
        "agent:metropole-rouen-normandie",
        "2026-09-28",
        "retour d'expérience sur l'ouverture des données",
    ),
    ("2026-08-25", "lead:1", "agent:cpam-eure", None, None),
    ("2026-08-27", "guest:cd-eure", "agent:dreal-normandie", None, None),
    ("2026-09-08", "guest:evreux-portes-normandie", "agent:region-normandie", None, None),
    ("2026-09-17", "submitter", "agent:ars-normandie", None, None),
    ("2026-09-29", "guest:ddt-eure", "agent:draaf-normandie", None, None),
    ("2026-10-05", "submitter", "agent:rectorat-normandie", None, None),
    ("2026-10-08", "guest:cd-eure", "agent:dreets-normandie", None, None),
    ("2026-10-13", "guest:ddets-eure", "agent:cd-seine-maritime", None, None),
    ("2026-10-19", "lead:1", "agent:france-travail-normandie", None, None),
    ("2026-10-26", "new:statisticienne-univ-rouen", "agent:ars-normandie", None, None),
]
"""The lab introduces the Eure open-data group to other administrations, June to October 2026;
four of the people introduced join ``STORY_PROJECT`` a few weeks later."""
