"""Territories, skills and labs of the fictional Normandy network (hand-written)."""

REGIONS = [
    ("reg-28", "Normandie", "28"),
    # Seat of the central administrations (DITP, DINUM, DGAFP, DGCL) and their experts.
    ("reg-11", "Île-de-France", "11"),
]

DEPARTEMENTS = [
    ("14", "Calvados"),
    ("27", "Eure"),
    ("50", "Manche"),
    ("61", "Orne"),
    ("76", "Seine-Maritime"),
]

COMMUNES = [
    ("76540", "Rouen"),
    ("14118", "Caen"),
    ("61001", "Alençon"),
    ("27229", "Évreux"),
    ("50502", "Saint-Lô"),
    ("76351", "Le Havre"),
    ("50129", "Cherbourg-en-Cotentin"),
    ("76217", "Dieppe"),
    ("14366", "Lisieux"),
    ("61006", "Argentan"),
    ("27681", "Vernon"),
    ("14047", "Bayeux"),
    ("50147", "Coutances"),
    ("61169", "Flers"),
    ("76259", "Fécamp"),
    ("27375", "Louviers"),
    ("50218", "Granville"),
    ("14333", "Honfleur"),
    ("50025", "Avranches"),
    ("61214", "L'Aigle"),
]

# (slug, label, synonyms)
SKILLS = [
    (
        "design-de-service",
        "Design de service",
        ["design des politiques publiques", "conception centrée usager", "design thinking"],
    ),
    (
        "recherche-utilisateur",
        "Recherche utilisateur",
        ["enquête de terrain", "entretiens usagers", "immersion", "observation des usages"],
    ),
    (
        "ux-design",
        "Design d'interface (UX/UI)",
        ["ergonomie", "maquettage", "prototypage d'interface", "expérience utilisateur"],
    ),
    (
        "donnees-ouvertes",
        "Données ouvertes",
        ["open data", "ouverture des données publiques", "publication de jeux de données"],
    ),
    (
        "analyse-de-donnees",
        "Analyse de données",
        ["data analyse", "statistiques", "tableaux de bord", "datavisualisation"],
    ),
    (
        "gouvernance-des-donnees",
        "Gouvernance des données",
        ["qualité des données", "administrateur des données", "référentiels de données"],
    ),
    (
        "protection-des-donnees",
        "Protection des données personnelles",
        ["RGPD", "délégué à la protection des données", "analyse d'impact"],
    ),
    ("juridique", "Droit public", ["conseil juridique", "droit administratif", "sécurisation juridique"]),
    (
        "commande-publique",
        "Commande publique",
        ["marchés publics", "achat public", "achat innovant", "clauses sociales"],
    ),
    (
        "rh-management",
        "Ressources humaines et management",
        ["gestion des ressources humaines", "GRH", "encadrement", "management d'équipe"],
    ),
    (
        "qualite-de-vie-au-travail",
        "Qualité de vie au travail",
        ["QVCT", "bien-être au travail", "prévention des risques psychosociaux"],
    ),
    (
        "participation-citoyenne",
        "Participation citoyenne",
        ["concertation", "démocratie participative", "budget participatif", "consultation du public"],
    ),
    ("tiers-lieux", "Tiers-lieux", ["lieu hybride", "troisième lieu", "fablab", "espace de coworking"]),
    (
        "mediation-numerique",
        "Médiation numérique",
        ["inclusion numérique", "accompagnement au numérique", "conseiller numérique", "illectronisme"],
    ),
    (
        "accessibilite",
        "Accessibilité",
        ["accessibilité numérique", "RGAA", "handicap", "conception universelle"],
    ),
    (
        "transition-ecologique",
        "Transition écologique",
        ["développement durable", "adaptation au changement climatique", "sobriété"],
    ),
    ("mobilite", "Mobilité", ["transports", "mobilité rurale", "covoiturage", "mobilité solidaire"]),
    ("sante", "Santé publique", ["prévention", "promotion de la santé", "accès aux soins"]),
    ("education", "Éducation", ["école", "enseignement", "vie scolaire", "pédagogie"]),
    (
        "agriculture-alimentation",
        "Agriculture et alimentation",
        [
            "projet alimentaire territorial",
            "circuits courts",
            "restauration collective",
            "installation agricole",
        ],
    ),
    (
        "logement",
        "Logement et hébergement",
        ["habitat", "hébergement d'urgence", "mal-logement", "rénovation de l'habitat"],
    ),
    (
        "culture-lecture-publique",
        "Culture et lecture publique",
        ["bibliothèque", "médiathèque", "action culturelle", "éducation artistique et culturelle"],
    ),
    (
        "inclusion-sociale",
        "Inclusion sociale",
        ["lutte contre la pauvreté", "accès aux droits", "non-recours", "action sociale"],
    ),
    (
        "facilitation",
        "Facilitation",
        ["animation d'ateliers", "intelligence collective", "conduite de réunion participative"],
    ),
    (
        "evaluation-politiques-publiques",
        "Évaluation des politiques publiques",
        ["mesure d'impact", "évaluation", "indicateurs de résultat"],
    ),
    (
        "simplification-administrative",
        "Simplification administrative",
        ["allègement des démarches", "dites-le-nous une fois", "simplification des formulaires"],
    ),
    (
        "sciences-comportementales",
        "Sciences comportementales",
        ["nudge", "économie comportementale", "incitations douces"],
    ),
    (
        "intelligence-artificielle",
        "Intelligence artificielle",
        ["IA", "IA générative", "apprentissage automatique", "traitement automatique des langues"],
    ),
    (
        "cartographie-sig",
        "Cartographie et SIG",
        ["système d'information géographique", "géomatique", "QGIS", "cartes interactives"],
    ),
    ("financement-europeen", "Financements européens", ["fonds européens", "FEDER", "FSE+", "LEADER"]),
    (
        "gestion-de-projet-agile",
        "Gestion de projet agile",
        ["méthode agile", "Scrum", "itérations courtes", "produit minimum viable"],
    ),
    (
        "formation",
        "Formation et ingénierie pédagogique",
        ["ingénierie de formation", "formation-action", "pédagogie pour adultes", "e-learning"],
    ),
    (
        "communication-publique",
        "Communication publique",
        ["campagne d'information", "communication de crise", "relations avec le public"],
    ),
    (
        "langage-clair",
        "Langage clair",
        [
            "rédaction administrative simplifiée",
            "facile à lire et à comprendre",
            "FALC",
            "écrits compréhensibles",
        ],
    ),
    (
        "conduite-du-changement",
        "Conduite du changement",
        ["accompagnement du changement", "transformation des organisations"],
    ),
    (
        "developpement-web",
        "Développement web et logiciel libre",
        ["développement logiciel", "logiciel libre", "low-code", "application web"],
    ),
    (
        "relation-usager",
        "Relation usager et accueil",
        ["accueil du public", "qualité de service", "guichet", "parcours usager"],
    ),
    (
        "eau-biodiversite",
        "Eau et biodiversité",
        ["milieux naturels", "gestion de l'eau", "captages", "trame verte et bleue"],
    ),
    (
        "risques-naturels",
        "Risques naturels et littoral",
        ["submersion marine", "érosion côtière", "inondation", "recul du trait de côte"],
    ),
    (
        "urbanisme-amenagement",
        "Urbanisme et aménagement",
        ["planification urbaine", "revitalisation de centre-bourg", "aménagement du territoire"],
    ),
    (
        "emploi-insertion",
        "Emploi et insertion professionnelle",
        ["insertion par l'activité économique", "retour à l'emploi", "accompagnement vers l'emploi"],
    ),
    (
        "jeunesse",
        "Jeunesse",
        ["politiques de jeunesse", "jeunes éloignés des institutions", "engagement des jeunes"],
    ),
    (
        "economie-sociale-solidaire",
        "Économie sociale et solidaire",
        ["ESS", "coopérative", "entrepreneuriat social", "structures d'utilité sociale"],
    ),
    ("prospective", "Prospective", ["scénarios", "futurs possibles", "veille stratégique"]),
    (
        "numerique-responsable",
        "Numérique responsable",
        ["sobriété numérique", "écoconception de services numériques"],
    ),
    ("energie", "Énergie", ["maîtrise de l'énergie", "efficacité énergétique", "énergies renouvelables"]),
    (
        "vieillissement",
        "Autonomie et grand âge",
        ["personnes âgées", "perte d'autonomie", "proches aidants", "maintien à domicile"],
    ),
    ("protection-enfance", "Protection de l'enfance", ["aide sociale à l'enfance", "ASE", "jeunes majeurs"]),
    ("patrimoine", "Patrimoine", ["monuments historiques", "valorisation patrimoniale", "archives"]),
    (
        "gestion-de-crise",
        "Gestion de crise",
        ["sécurité civile", "planification d'urgence", "plan communal de sauvegarde"],
    ),
    (
        "finances-publiques",
        "Finances publiques",
        ["budget", "pilotage budgétaire", "finances locales", "contrôle de gestion"],
    ),
    (
        "cybersecurite",
        "Cybersécurité",
        ["sécurité des systèmes d'information", "SSI", "hygiène informatique"],
    ),
    (
        "outils-collaboratifs",
        "Outils collaboratifs",
        ["travail à distance", "suite collaborative", "travail en réseau"],
    ),
]

_NETWORK = "Laboratoire territorial d'innovation publique membre du réseau animé par la DITP."

# (slug, name, description, opened_on)
LABS = [
    (
        "innovmandie",
        "Innov'mandie",
        "Laboratoire d'innovation publique de Normandie, installé auprès de la préfecture de région à "
        "Rouen. Il accompagne les projets des agents publics, les forme aux méthodes d'innovation, "
        "les conseille et les met en relation avec des experts, d'autres administrations et des acteurs "
        "de la société civile.",
        "2022-02-24",
    ),
    ("ti-lab", "Ti-Lab", _NETWORK, None),
    ("siilab", "Siilab", _NETWORK, None),
    ("la-fabrique-rh", "La Fabrique RH", _NETWORK, None),
    ("la-base", "La Base", _NETWORK, None),
    ("le-lab-o", "Le Lab'O", _NETWORK, None),
    ("inso-lab", "InSo Lab", _NETWORK, None),
    ("le-liric", "Le Liric", _NETWORK, None),
    ("lab-zero", "Lab Zéro", _NETWORK, None),
    ("etat-lin", "Etat'LIN", _NETWORK, None),
    ("labarchipel", "LabArchipel", _NETWORK, None),
    (
        "lab-grand-est",
        "Laboratoire d'innovation publique du Grand Est",
        "Laboratoire territorial d'innovation publique de la région Grand Est, l'un des quatre labs "
        "rejoignant le réseau animé par la DITP en 2021.",
        None,
    ),
    (
        "lab-centre-val-de-loire",
        "Laboratoire d'innovation publique du Centre-Val de Loire",
        "Laboratoire territorial d'innovation publique de la région Centre-Val de Loire, l'un des "
        "quatre labs rejoignant le réseau animé par la DITP en 2021.",
        None,
    ),
    (
        "lab-bourgogne-franche-comte",
        "Laboratoire d'innovation publique de Bourgogne-Franche-Comté",
        "Laboratoire territorial d'innovation publique de la région Bourgogne-Franche-Comté, l'un des "
        "quatre labs rejoignant le réseau animé par la DITP en 2021.",
        None,
    ),
]
