"""Projects supported by Innov'mandie (part 4)."""

from seed_data.tools.projects_a import AD, AI, NW, TR, P

PROJECTS_D = [
    P(
        "places-hebergement-urgence-orne",
        "Connaître en temps réel les places d'hébergement d'urgence disponibles",
        "ddets-orne",
        "com-61001",
        "accompanied",
        "2024-10-07",
        None,
        ["hébergement", "outil numérique"],
        [AI, AD],
        ["logement", "inclusion-sociale", "developpement-web"],
        ["atelier-pontil"],
        3,
        [],
        [
            ("alexandre-picard", "pilotage de l'hébergement"),
            ("mathilde-carpentier", "développement de l'outil"),
        ],
        ["mathilde-carpentier"],
        """Dans l'Orne, connaître les places d'hébergement d'urgence libres le soir même demande encore
      de nombreux appels entre le service d'orientation, les centres et les associations. Les
      travailleurs sociaux perdent un temps précieux, et certaines places restent vides faute
      d'information. La DDETS a demandé au lab de l'aider à concevoir un outil très simple, que les
      structures mettent à jour en quelques secondes depuis un téléphone. Après une observation de
      deux soirées de régulation et des entretiens avec les veilleurs de nuit, une première version
      développée par une coopérative est testée avec quatre structures.""",
    ),
    P(
        "aide-regionale-tpe-formulaire",
        "Simplifier la demande d'aide régionale pour les très petites entreprises",
        "region-normandie",
        "com-14118",
        "done",
        "2023-02-13",
        "2024-01-19",
        ["simplification", "développement économique"],
        [AD, AI],
        ["simplification-administrative", "ux-design", "juridique"],
        ["studio-clairiere", "univ-caen"],
        4,
        [],
        [("baptiste-leroux", "maquettes du téléservice"), ("olivier-lecanu", "regard juridique")],
        [],
        """Le téléservice de demande d'aide destiné aux très petites entreprises comptait onze étapes et
      près de quarante pièces possibles. Un tiers des dossiers commencés n'étaient jamais déposés.
      L'équipe de la Région a observé avec le lab des artisans et des commerçants remplir le
      formulaire, souvent le soir et sur téléphone. Un professeur de droit public a aidé à distinguer
      les informations exigées par les textes de celles demandées par habitude. Le nouveau parcours,
      maquetté par un designer d'interface puis développé par les services de la Région, ne compte
      plus que cinq étapes, et les pièces sont demandées seulement lorsque l'aide est accordée. Le
      taux d'abandon a été divisé par deux dans les six mois suivant la mise en ligne.""",
    ),
    P(
        "fonds-europeens-petites-structures",
        "Aider les petites structures à monter un dossier de financement européen",
        "sgar-normandie",
        "reg-28",
        "draft",
        "2025-03-03",
        None,
        ["fonds européens", "appui aux porteurs de projets"],
        [AD, TR],
        ["financement-europeen", "simplification-administrative", "formation"],
        ["region-normandie"],
        3,
        [],
        [("eric-lemaire", "règles des fonds européens"), ("delphine-meunier", "instruction côté Région")],
        [],
        """Les petites communes et les associations renoncent souvent aux fonds européens, jugés trop
      complexes et trop lents à verser. L'équipe du SGAR envisage, avec la Région, un accompagnement
      pas à pas : sessions collectives, modèles de plans de financement et relecture des dossiers
      avant dépôt. Le lab aide à cadrer le projet à partir d'entretiens avec des porteurs qui ont
      renoncé.""",
    ),
    P(
        "ia-generative-courriers-usagers",
        "Tester une IA générative pour préparer les réponses aux courriers des usagers",
        "prefecture-normandie",
        "com-76540",
        "abandoned",
        "2023-10-02",
        "2024-06-28",
        ["intelligence artificielle", "relation usager"],
        [AD, NW],
        ["intelligence-artificielle", "protection-des-donnees", "relation-usager"],
        ["lanterne-ia"],
        3,
        [],
        [
            ("samir-lambert", "conception de l'assistant"),
            ("noemie-fleury", "évaluation avec les agents"),
            ("pauline-roussel", "protection des données"),
        ],
        ["samir-lambert"],
        """Le service chargé du courrier des usagers de la préfecture de région reçoit chaque semaine
      plusieurs centaines de messages, dont beaucoup posent des questions proches : délais de
      traitement d'un titre, pièces à fournir, interlocuteur compétent. Les agents rédigent les
      réponses en copiant des paragraphes d'un modèle à l'autre. L'équipe a proposé de tester un
      assistant fondé sur l'IA générative, qui proposerait un brouillon de réponse à relire. Le lab a
      insisté pour cadrer le test avant toute installation. Avec une juriste spécialisée, l'équipe a
      limité le test à des messages sans données sensibles et choisi un modèle hébergé sur des
      serveurs maîtrisés. Une jeune entreprise caennaise a construit le prototype, et une
      chercheuse en traitement automatique des langues a évalué les brouillons avec les agents
      pendant deux mois. Les résultats ont été mitigés : les brouillons étaient bien rédigés mais
      contenaient régulièrement des erreurs de délais ou de procédure, et leur vérification prenait
      presque autant de temps que l'écriture. Les agents ont en revanche apprécié la bibliothèque
      de réponses types construite pour le test. L'équipe a décidé d'arrêter l'expérimentation de
      l'assistant et de conserver cette bibliothèque, mise à jour chaque mois. Le retour
      d'expérience a été partagé avec d'autres préfectures intéressées par ces outils.""",
    ),
    P(
        "outils-collaboratifs-interservices",
        "Des outils collaboratifs communs pour les équipes interservices",
        "sgar-normandie",
        "com-76540",
        "done",
        "2022-03-21",
        "2022-12-09",
        ["travail hybride", "outils collaboratifs"],
        [AD, TR],
        ["outils-collaboratifs", "conduite-du-changement", "cybersecurite"],
        ["prefecture-normandie", "ensicaen"],
        3,
        [],
        [("laetitia-gauthier", "conduite du changement"), ("fabrice-aubry", "sécurité des outils")],
        [],
        """Les équipes qui travaillent entre plusieurs services de l'État utilisaient une dizaine
      d'outils différents pour partager des documents et se réunir à distance, avec des problèmes
      d'accès et de sécurité. Le SGAR a recensé les usages avec le lab, retenu un socle commun
      compatible avec les règles de sécurité et formé des référents dans chaque service. Un guide
      d'une page rappelle quel outil utiliser pour quel besoin.""",
    ),
    P(
        "protection-captages-cotentin",
        "Protéger les captages d'eau potable avec les agriculteurs du Cotentin",
        "ddtm-manche",
        "com-50129",
        "accompanied",
        "2024-06-03",
        None,
        ["eau", "agriculture", "concertation"],
        [NW, AD],
        ["eau-biodiversite", "agriculture-alimentation", "participation-citoyenne"],
        ["ofb-normandie", "labo-liso"],
        3,
        [],
        [
            ("philippe-cousin", "pratiques agricoles et qualité de l'eau"),
            ("sophie-lemarchand", "relevés participatifs"),
            ("solene-anquetil", "animation de la concertation"),
        ],
        ["philippe-cousin"],
        """Autour de plusieurs captages du Cotentin, la qualité de l'eau se dégrade et les mesures
      réglementaires sont mal acceptées par les agriculteurs, qui se sentent désignés comme seuls
      responsables. L'équipe eau de la DDTM a voulu changer de méthode. Le lab l'aide à organiser
      une concertation sur le terrain : visites de parcelles, relevés de qualité de l'eau réalisés
      avec des exploitants et une écologue, ateliers pour choisir ensemble les pratiques à tester.
      L'OFB apporte sa connaissance des aides mobilisables.""",
    ),
    P(
        "demarches-en-ligne-accessibles-evreux",
        "Rendre accessibles les démarches en ligne de l'agglomération d'Évreux",
        "evreux-portes-normandie",
        "com-27229",
        "accompanied",
        "2024-11-12",
        None,
        ["accessibilité numérique"],
        [AD],
        ["accessibilite", "developpement-web", "langage-clair"],
        ["passe-muraille"],
        2,
        [],
        [("yann-le-gall", "audit RGAA"), ("emilie-dufour", "composants d'interface accessibles")],
        ["emilie-dufour"],
        """Les démarches en ligne de l'agglomération (inscriptions, réservations de salles, demandes de
      bacs) étaient difficiles à utiliser avec un lecteur d'écran. L'équipe numérique a fait réaliser
      un audit avec l'aide du lab et corrige les formulaires un par un. Une association vérifie les
      textes d'aide, réécrits en langage plus simple, et des usagers aveugles ou malvoyants testent
      chaque démarche corrigée avant sa remise en ligne.""",
    ),
    P(
        "vulnerabilite-logements-inondables",
        "Aider les propriétaires en zone inondable à réduire la vulnérabilité de leur logement",
        "ddtm-calvados",
        "com-14333",
        "draft",
        "2025-02-10",
        None,
        ["inondation", "habitat"],
        [AD],
        ["risques-naturels", "logement", "communication-publique"],
        [],
        3,
        [],
        [("helene-caron", "réduction de la vulnérabilité")],
        [],
        """Des aides existent pour surélever une chaudière, installer des batardeaux ou créer une zone
      refuge, mais peu de propriétaires en zone inondable les sollicitent. L'équipe risques de la
      DDTM veut comprendre pourquoi et tester une visite de diagnostic gratuite proposée au moment
      d'une vente ou de travaux. Le projet en est au stade du brouillon ; le lab a proposé une série
      d'entretiens avec des propriétaires de l'estuaire de la Seine avant tout choix.""",
    ),
    P(
        "reseau-secretaires-mairie-orne",
        "Un réseau d'entraide entre secrétaires de mairie de l'Orne",
        "prefecture-orne",
        "com-61001",
        "accompanied",
        "2024-04-15",
        None,
        ["appui aux communes", "formation"],
        [TR, NW],
        ["juridique", "formation", "outils-collaboratifs"],
        ["dgcl"],
        2,
        [],
        [
            ("margaux-perrin", "ressources juridiques et budgétaires"),
            ("romain-hamel", "animation des sessions"),
        ],
        ["margaux-perrin"],
        """Dans les petites communes de l'Orne, la secrétaire de mairie est souvent seule face à des
      questions juridiques, budgétaires ou électorales de plus en plus techniques. La préfecture
      reçoit ces questions au fil de l'eau et y répond au cas par cas. Avec le lab, l'équipe chargée
      des relations avec les collectivités a lancé un réseau d'entraide : des matinées d'échange par
      arrondissement, un espace en ligne où les réponses sont partagées et des fiches pratiques
      relues par une juriste spécialisée en droit des collectivités.""",
    ),
]
