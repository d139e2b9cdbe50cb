"""Hand-written lab staff and experts (part 1). Bios are fictional and specific (25-60 words)."""


def E(name, gender, org, job, since, skills, consent, bio, roles=("expert",)):
    return {
        "name": name,
        "female": gender == "f",
        "org": org,
        "job": job,
        "since": since,
        "skills": skills,
        "consent": consent,
        "bio": bio,
        "roles": list(roles),
    }


LAB_STAFF = [
    E(
        "Hélène Quesnel",
        "f",
        "lab:innovmandie",
        "directrice du laboratoire",
        "2021-11-02",
        {"conduite-du-changement": 3, "facilitation": 3, "design-de-service": 2, "formation": 2},
        True,
        "Directrice d'Innov'mandie depuis sa préfiguration, elle a auparavant dirigé un service de "
        "modernisation en préfecture. Elle accompagne les équipes dirigeantes dans la conduite du "
        "changement, anime des séminaires d'intelligence collective et co-conçoit les formations du "
        "lab avec la plateforme RH.",
        roles=("lab_staff", "expert"),
    ),
    E(
        "Maxime Lebas",
        "m",
        "lab:innovmandie",
        "designer de service",
        "2022-02-01",
        {"design-de-service": 3, "recherche-utilisateur": 3, "ux-design": 2, "facilitation": 2},
        True,
        "Designer de service du lab, il conduit les immersions et les entretiens usagers au démarrage "
        "des projets, puis les ateliers de prototypage. Il a accompagné un outil RH pour les managers, "
        "un parcours d'accueil des nouveaux agents, la transformation d'une médiathèque et un accueil "
        "partagé en sous-préfecture.",
        roles=("lab_staff", "expert"),
    ),
    E(
        "Solène Anquetil",
        "f",
        "lab:innovmandie",
        "chargée d'accompagnement des projets",
        "2022-02-14",
        {"facilitation": 3, "gestion-de-projet-agile": 3, "participation-citoyenne": 2, "tiers-lieux": 2},
        True,
        "Chargée d'accompagnement des projets au lab, elle aide les équipes à cadrer un problème, à "
        "organiser des itérations courtes et à associer les partenaires. Elle a suivi une plateforme "
        "de données interadministrations, la conversion d'une médiathèque en tiers-lieu et une "
        "concertation avec des agriculteurs.",
        roles=("lab_staff", "expert"),
    ),
    E(
        "Romain Hamel",
        "m",
        "lab:innovmandie",
        "chargé de formation",
        "2022-09-01",
        {"formation": 3, "facilitation": 2, "outils-collaboratifs": 2},
        True,
        "Chargé de formation du lab, il conçoit des formations-actions à l'innovation publique pour "
        "les agents de l'État et des collectivités : cadrage de projet, entretiens usagers, "
        "prototypage. Il anime aussi un réseau d'entraide entre secrétaires de mairie de l'Orne.",
        roles=("lab_staff",),
    ),
    E(
        "Gaëlle Osmont",
        "f",
        "lab:innovmandie",
        "chargée de la mise en réseau",
        "2023-03-01",
        {"communication-publique": 2, "facilitation": 2},
        False,
        "Chargée de la mise en réseau au lab, elle tient à jour le carnet d'experts et de partenaires, "
        "organise les rencontres du réseau normand de l'innovation publique et fait le lien avec les "
        "autres laboratoires territoriaux.",
        roles=("lab_staff",),
    ),
]

EXPERTS_A = [
    E(
        "Claire Lemonnier",
        "f",
        "studio-clairiere",
        "designer de service, associée",
        "2013-09-01",
        {"design-de-service": 3, "recherche-utilisateur": 3, "facilitation": 2, "relation-usager": 2},
        True,
        "Designer de service et associée du Studio Clairière. Elle mène des immersions dans les "
        "guichets et les services instructeurs, observe les parcours réels des usagers puis prototype "
        "avec les agents de nouveaux formulaires, courriers et modes d'accueil. Elle a travaillé avec "
        "des DDT, un conseil départemental et la plateforme RH de l'État.",
    ),
    E(
        "Baptiste Leroux",
        "m",
        "studio-clairiere",
        "designer d'interface",
        "2018-03-05",
        {"ux-design": 3, "design-de-service": 3, "accessibilite": 2},
        True,
        "Designer d'interface au Studio Clairière, il transforme les résultats d'enquêtes usagers en "
        "maquettes cliquables testées dès la deuxième semaine. Il a conçu les écrans d'un outil RH "
        "pour des managers de l'État et ceux d'un téléservice régional d'aide aux entreprises, en "
        "respectant le référentiel d'accessibilité.",
    ),
    E(
        "Mathilde Carpentier",
        "f",
        "atelier-pontil",
        "développeuse et cheffe de projet",
        "2016-01-04",
        {"developpement-web": 3, "gestion-de-projet-agile": 3, "ux-design": 2},
        True,
        "Développeuse et cheffe de projet à l'Atelier Pontil, coopérative de logiciel libre. Elle "
        "construit en itérations de deux semaines des applications web sobres pour des acteurs "
        "publics : portail d'inscriptions scolaires, suivi de places d'hébergement. Elle aide les "
        "équipes à exprimer leurs besoins sous forme de récits utilisateurs.",
    ),
    E(
        "Yann Le Gall",
        "m",
        "atelier-pontil",
        "auditeur accessibilité numérique",
        "2019-06-03",
        {"accessibilite": 3, "developpement-web": 2, "numerique-responsable": 3},
        False,
        "Auditeur en accessibilité numérique, il réalise des audits selon le RGAA, forme développeurs "
        "et rédacteurs web et accompagne la correction des démarches en ligne. Il promeut aussi "
        "l'écoconception : pages légères, formulaires courts, compatibilité avec les téléphones "
        "anciens.",
    ),
    E(
        "Julien Duhamel",
        "m",
        "donnea-conseil",
        "consultant associé en données publiques",
        "2014-10-01",
        {"donnees-ouvertes": 3, "gouvernance-des-donnees": 3, "analyse-de-donnees": 2},
        True,
        "Consultant associé chez Donnéa Conseil, il aide les administrations à inventorier leurs "
        "données, à désigner des responsables de jeux de données et à publier en open data selon des "
        "schémas communs. Il a accompagné une plateforme départementale partagée par plusieurs "
        "services et l'ouverture de comptages de mobilité.",
    ),
    E(
        "Inès Benoit",
        "f",
        "donnea-conseil",
        "data analyste",
        "2020-02-17",
        {"analyse-de-donnees": 3, "evaluation-politiques-publiques": 2, "gouvernance-des-donnees": 1},
        True,
        "Data analyste, elle construit des indicateurs et des tableaux de bord utiles aux équipes de "
        "terrain plutôt qu'aux seuls décideurs. Elle a travaillé sur les délais d'entrée en "
        "accompagnement d'allocataires du RSA et sur des signaux d'absentéisme scolaire, en limitant "
        "les données collectées.",
    ),
    E(
        "Pauline Roussel",
        "f",
        "donnea-conseil",
        "juriste, déléguée à la protection des données",
        "2017-04-03",
        {"protection-des-donnees": 3, "juridique": 3, "gouvernance-des-donnees": 2},
        True,
        "Juriste spécialisée en protection des données, elle exerce comme déléguée externalisée pour "
        "des collectivités. Elle rédige des analyses d'impact, cadre les durées de conservation et "
        "intervient tôt dans les projets sensibles, comme un repérage d'élèves décrocheurs ou un test "
        "d'IA générative sur des courriers d'usagers.",
    ),
    E(
        "Karim Mercier",
        "m",
        "parvis-numerique",
        "fondateur et développeur",
        "2019-01-07",
        {"participation-citoyenne": 3, "developpement-web": 3, "numerique-responsable": 3},
        True,
        "Fondateur de Parvis Numérique, il développe des plateformes libres de consultation et de "
        "budget participatif, hébergées en France. Il a paramétré le vote en ligne et sur papier d'un "
        "budget participatif métropolitain consacré au climat et forme les agents à la modération des "
        "propositions.",
    ),
    E(
        "Élise Garnier",
        "f",
        "parvis-numerique",
        "cheffe de projet participation",
        "2020-09-01",
        {"participation-citoyenne": 3, "facilitation": 3, "jeunesse": 3},
        False,
        "Cheffe de projet participation, elle conçoit des concertations pour des publics peu entendus : "
        "collégiens, habitants de quartiers populaires, riverains du littoral. Elle combine ateliers "
        "sur site, questionnaires courts et restitutions publiques, et aide les élus à expliquer ce "
        "qui a été retenu.",
    ),
    E(
        "Tristan Lecoq",
        "m",
        "geobocage",
        "géomaticien, gérant",
        "2012-05-02",
        {"cartographie-sig": 3, "risques-naturels": 3, "donnees-ouvertes": 2},
        True,
        "Géomaticien et gérant de Géobocage, il produit avec des outils libres des cartes interactives "
        "de risques, de foncier et d'équipements publics. Il a conçu des cartes de submersion "
        "compréhensibles par les habitants et aidé un collectif de services à publier des couches "
        "géographiques ouvertes.",
    ),
    E(
        "Anaïs Marchand",
        "f",
        "geobocage",
        "chargée d'études aménagement et SIG",
        "2018-11-05",
        {"cartographie-sig": 3, "urbanisme-amenagement": 3, "eau-biodiversite": 2},
        True,
        "Chargée d'études en aménagement, elle combine diagnostic de terrain et analyse cartographique "
        "pour les petites communes. Elle a réalisé un diagnostic partagé de centre-bourg dans l'Orne "
        "et une carte d'aide à la décision pour les projets d'urbanisme de communes rurales de l'Eure.",
    ),
    E(
        "Cédric Fontaine",
        "m",
        "tessiture-evaluation",
        "évaluateur, directeur associé",
        "2010-03-01",
        {"evaluation-politiques-publiques": 3, "analyse-de-donnees": 2, "prospective": 1},
        True,
        "Évaluateur de politiques publiques depuis quinze ans, il a conduit des évaluations pour des "
        "collectivités et des services de l'État : aides à l'emploi, contrats de ville, dispositifs de "
        "prévention. Il défend des protocoles simples, fixés avant le lancement d'une expérimentation, "
        "et forme les équipes à construire leurs indicateurs.",
    ),
    E(
        "Laure Hébert",
        "f",
        "tessiture-evaluation",
        "chercheuse appliquée en sciences comportementales",
        "2016-09-12",
        {"sciences-comportementales": 3, "langage-clair": 2, "evaluation-politiques-publiques": 3},
        True,
        "Spécialiste des sciences comportementales appliquées, elle conçoit et teste des messages, "
        "rappels et formulaires qui facilitent le passage à l'action. Elle a travaillé sur la "
        "préparation des habitants au risque de submersion et sur la prévention santé auprès des "
        "jeunes, avec des tests comparatifs rigoureux.",
    ),
    E(
        "Samir Lambert",
        "m",
        "lanterne-ia",
        "ingénieur en IA, cofondateur",
        "2021-01-04",
        {"intelligence-artificielle": 3, "protection-des-donnees": 2, "analyse-de-donnees": 2},
        True,
        "Cofondateur de Lanterne IA, il conçoit des assistants de rédaction et de classement de "
        "documents fondés sur des modèles de langage hébergés localement. Il insiste sur l'évaluation "
        "des erreurs avec les agents, la traçabilité des réponses et l'abandon assumé quand le gain "
        "n'est pas démontré.",
    ),
    E(
        "Noémie Fleury",
        "f",
        "lanterne-ia",
        "chercheuse en traitement automatique des langues",
        "2021-09-01",
        {"intelligence-artificielle": 3, "recherche-utilisateur": 2},
        False,
        "Docteure en traitement automatique des langues, elle évalue les outils d'IA générative sur "
        "des cas réels : qualité des réponses, biais, temps réellement gagné par les agents. Elle "
        "mène des entretiens avec les utilisateurs pour comprendre où l'outil aide et où il gêne.",
    ),
    E(
        "Arnaud Deschamps",
        "m",
        "cabinet-aubepine",
        "juriste-conseil en commande publique",
        "2011-02-01",
        {"commande-publique": 3, "juridique": 3, "economie-sociale-solidaire": 1},
        True,
        "Juriste-conseil en commande publique, il aide les acheteurs à rédiger des marchés accessibles "
        "aux petites structures : allotissement, clauses sociales, critères compatibles avec le droit. "
        "Il a accompagné des cuisines collectives vers l'approvisionnement local et des services de "
        "l'État vers les achats auprès de structures d'insertion.",
    ),
    E(
        "Cécile Maillard",
        "f",
        "cabinet-aubepine",
        "juriste en droit public",
        "2015-09-07",
        {"juridique": 3, "simplification-administrative": 3, "protection-des-donnees": 1},
        True,
        "Juriste en droit public, elle vérifie ce que les textes imposent réellement avant de "
        "simplifier une procédure : pièces exigibles, délais, consultations obligatoires. Elle a aidé "
        "une DDTM à alléger un dossier d'autorisation sur le domaine public maritime et prépare un "
        "guide pour les porteurs de projets environnementaux.",
    ),
    E(
        "Agathe Leblond",
        "f",
        "mots-passants",
        "rédactrice spécialisée en langage clair",
        "2014-06-02",
        {"langage-clair": 3, "communication-publique": 2, "accessibilite": 1},
        True,
        "Rédactrice spécialisée en langage clair, elle réécrit avec les agents des courriers, notices "
        "et formulaires, puis les fait tester par des usagers. Elle a travaillé sur les convocations "
        "d'un service des étrangers et sur le dossier remis aux jeunes de l'aide sociale à l'enfance.",
    ),
    E(
        "Hugo Perrot",
        "m",
        "mots-passants",
        "consultant en communication publique",
        "2017-01-09",
        {"communication-publique": 3, "langage-clair": 2},
        False,
        "Ancien journaliste de presse locale devenu consultant en communication publique, il conçoit "
        "des campagnes d'information pour des publics difficiles à joindre : saisonniers, allocataires, "
        "habitants éloignés du numérique. Il privilégie les relais de terrain, l'affichage et les "
        "messages courts traduits en plusieurs langues.",
    ),
    E(
        "Florence Levasseur",
        "f",
        "univ-rouen",
        "maîtresse de conférences en sociologie des organisations",
        "2009-09-01",
        {"qualite-de-vie-au-travail": 3, "conduite-du-changement": 3, "rh-management": 2},
        True,
        "Maîtresse de conférences en sociologie des organisations, elle étudie le travail des agents "
        "publics, l'intégration des nouveaux arrivants et les effets des réorganisations. Elle a mené "
        "des entretiens dans plusieurs services de l'État pour concevoir un parcours d'accueil et "
        "conseille sur la qualité de vie au travail.",
    ),
    E(
        "Olivier Lecanu",
        "m",
        "univ-caen",
        "professeur de droit public",
        "2008-09-01",
        {"juridique": 3, "simplification-administrative": 3, "commande-publique": 1},
        True,
        "Professeur de droit public, il travaille sur les relations entre administration et usagers, "
        "le droit à l'erreur et les téléservices. Il apporte un regard juridique aux projets de "
        "simplification, comme la refonte d'un formulaire régional d'aide aux entreprises, et encadre "
        "des mémoires d'étudiants sur ces questions.",
    ),
    E(
        "Mehdi Renard",
        "m",
        "labo-liso",
        "géographe, ingénieur de recherche",
        "2015-02-02",
        {"risques-naturels": 3, "participation-citoyenne": 2, "prospective": 3},
        True,
        "Géographe au laboratoire Littoraux et Sociétés, il étudie la perception du risque de "
        "submersion et les scénarios de recul du trait de côte. Il anime des ateliers de prospective "
        "avec habitants et élus et a contribué à des démarches d'information des riverains sur le "
        "littoral normand.",
    ),
    E(
        "Béatrice Jouen",
        "f",
        "univ-le-havre",
        "maîtresse de conférences en économie",
        "2011-09-01",
        {"economie-sociale-solidaire": 3, "tiers-lieux": 3, "evaluation-politiques-publiques": 2},
        False,
        "Économiste, elle étudie les modèles économiques des tiers-lieux et des structures de "
        "l'économie sociale et solidaire : mutualisation, bénévolat, financements publics. Elle a "
        "construit une grille d'évaluation de l'utilité sociale utilisée par plusieurs lieux hybrides "
        "et conseille les collectivités qui en ouvrent un.",
    ),
    E(
        "Adrien Royer",
        "m",
        "insa-rouen",
        "enseignant-chercheur en science des données",
        "2016-09-01",
        {"analyse-de-donnees": 3, "intelligence-artificielle": 3, "energie": 1},
        True,
        "Enseignant-chercheur en science des données, il encadre des projets d'élèves ingénieurs pour "
        "des administrations : détection d'anomalies de consommation dans des bâtiments publics, "
        "prévision de fréquentation, classement de documents. Il aide à vérifier si un problème "
        "relève vraiment de l'apprentissage automatique.",
    ),
    E(
        "Nathalie Hue",
        "f",
        "insa-rouen",
        "chercheuse en modélisation des mobilités",
        "2013-01-07",
        {"mobilite": 3, "analyse-de-donnees": 3, "transition-ecologique": 1},
        True,
        "Chercheuse en modélisation des déplacements, elle analyse comptages, enquêtes ménages et "
        "données de billettique pour comprendre les mobilités du quotidien, en ville comme à la "
        "campagne. Elle a aidé une métropole à interpréter ses comptages vélo et un département rural "
        "à estimer les besoins de transport solidaire.",
    ),
    E(
        "Fabrice Aubry",
        "m",
        "ensicaen",
        "ingénieur de recherche en sécurité informatique",
        "2010-10-01",
        {"cybersecurite": 3, "protection-des-donnees": 2, "outils-collaboratifs": 1},
        False,
        "Ingénieur de recherche en sécurité informatique, il conseille des services publics sur "
        "l'hygiène numérique, le choix d'outils collaboratifs et le partage de données sensibles. Il a "
        "analysé les risques d'un annuaire de compétences d'agents et accompagné le déploiement "
        "d'espaces de travail partagés entre services.",
    ),
    E(
        "Marie Lebrun",
        "f",
        "labo-ltap",
        "politiste, chargée de recherche",
        "2014-10-01",
        {"evaluation-politiques-publiques": 3, "participation-citoyenne": 3, "prospective": 2},
        True,
        "Politiste, elle étudie la fabrique des politiques locales et les dispositifs participatifs "
        "en milieu rural. Elle accompagne des collectivités dans l'évaluation de leurs concertations "
        "et anime un séminaire réunissant chercheurs et agents publics normands autour de "
        "l'expérimentation.",
    ),
    E(
        "Gaël Delaunay",
        "m",
        "labo-ltap",
        "sociologue, spécialiste du non-recours",
        "2012-09-01",
        {"inclusion-sociale": 3, "sciences-comportementales": 2, "relation-usager": 2},
        True,
        "Sociologue spécialiste du non-recours aux droits sociaux, il enquête auprès des personnes qui "
        "ne demandent pas les aides auxquelles elles ont droit. Il a travaillé avec un département sur "
        "l'entrée dans le RSA et avec une caisse d'assurance maladie sur la complémentaire santé "
        "solidaire.",
    ),
    E(
        "Sophie Lemarchand",
        "f",
        "labo-liso",
        "écologue, chargée de recherche",
        "2013-03-04",
        {"eau-biodiversite": 3, "risques-naturels": 2, "participation-citoyenne": 2},
        True,
        "Écologue spécialiste des zones humides et des estuaires, elle travaille sur la qualité de "
        "l'eau et la restauration des milieux littoraux. Elle organise des relevés participatifs avec "
        "habitants et agriculteurs et a contribué à protéger des captages et à concerter sur le "
        "littoral.",
    ),
    E(
        "Vincent Charpentier",
        "m",
        "univ-rouen",
        "professeur en sciences de l'éducation",
        "2007-09-01",
        {"education": 3, "formation": 3, "evaluation-politiques-publiques": 2},
        False,
        "Professeur en sciences de l'éducation, il étudie le décrochage scolaire et la formation des "
        "enseignants. Il conseille les équipes académiques sur les dispositifs de prévention, met en "
        "garde contre l'étiquetage des élèves et conçoit des formations-actions pour les personnels "
        "d'éducation.",
    ),
    E(
        "Clémence Poirier",
        "f",
        "univ-caen",
        "enseignante-chercheuse en santé publique",
        "2015-09-01",
        {"sante": 3, "vieillissement": 3, "evaluation-politiques-publiques": 2},
        True,
        "Enseignante-chercheuse en santé publique, elle travaille sur la prévention en milieu rural et "
        "la santé des proches aidants. Elle a conduit des enquêtes auprès de jeunes et de familles et "
        "aide les équipes à choisir des indicateurs réalistes pour suivre un projet de prévention.",
    ),
]
