"""Projects supported by Innov'mandie (part 3)."""

from seed_data.tools.projects_a import AD, AI, NW, TR, P

PROJECTS_C = [
    P(
        "guichet-familles-cherbourg",
        "Un guichet unique pour les inscriptions scolaires et périscolaires",
        "ville-cherbourg",
        "com-50129",
        "done",
        "2022-08-29",
        "2023-09-01",
        ["relation aux familles", "démarches en ligne"],
        [AI, AD],
        ["relation-usager", "simplification-administrative", "developpement-web", "education"],
        ["atelier-pontil", "ditp"],
        4,
        [],
        [
            ("mathilde-carpentier", "développement du portail"),
            ("yann-le-gall", "audit d'accessibilité"),
            ("charlotte-riviere", "designer de service"),
        ],
        ["mathilde-carpentier"],
        """Pour inscrire un enfant à l'école, à la cantine, à la garderie et au centre de loisirs, une
      famille de Cherbourg-en-Cotentin devait remplir quatre dossiers, fournir quatre fois les mêmes
      justificatifs et se rendre parfois dans deux bâtiments différents. Les agents de l'accueil
      des familles passaient la rentrée à ressaisir des informations et à relancer des pièces
      manquantes. La Ville a sollicité le lab pour bâtir un guichet unique. L'équipe a d'abord suivi
      des familles pendant la période d'inscription, dont plusieurs parents peu à l'aise avec
      l'écrit, puis a cartographié les informations réellement nécessaires à chaque service : un
      tiers des pièces demandées ne servaient plus. Avec une designer de service de la DITP, les
      agents ont conçu un dossier unique valable pour l'année, un rendez-vous d'inscription combiné
      et un portail en ligne développé en logiciel libre par une coopérative caennaise. Un audit
      d'accessibilité a été réalisé avant l'ouverture. À la rentrée suivante, la majorité des
      familles ont utilisé le portail et les files d'attente de fin août ont disparu.""",
    ),
    P(
        "jeunes-eloignes-emploi-havre",
        "Aller à la rencontre des jeunes éloignés de l'emploi dans les quartiers du Havre",
        "france-travail-normandie",
        "com-76351",
        "accompanied",
        "2024-09-16",
        None,
        ["emploi des jeunes", "aller-vers"],
        [AI, NW],
        ["emploi-insertion", "jeunesse", "facilitation"],
        ["ateliers-citoyens-estuaire"],
        3,
        [],
        [("leila-masson", "pilotage des partenariats"), ("juliette-barbier", "ateliers avec les jeunes")],
        ["juliette-barbier"],
        """Dans certains quartiers du Havre, une partie des jeunes sans emploi ni formation n'est
      inscrite nulle part. Les conseillers de France Travail veulent aller à leur rencontre sans
      reproduire les codes du rendez-vous en agence. Le lab a mis l'équipe en relation avec une
      association d'éducation populaire qui anime déjà des ateliers dans ces quartiers. Ensemble,
      ils testent des permanences informelles dans un club de sport et une salle associative, et
      co-construisent avec des jeunes un premier contact plus simple, sans dossier à remplir.""",
    ),
    P(
        "courriers-caf-orne-langage-clair",
        "Réécrire les courriers de la CAF de l'Orne en langage clair",
        "caf-orne",
        "com-61001",
        "done",
        "2023-01-09",
        "2023-11-30",
        ["langage clair", "accès aux droits"],
        [AD, TR],
        ["langage-clair", "relation-usager", "inclusion-sociale"],
        ["mots-passants", "passe-muraille"],
        3,
        [],
        [("hugo-perrot", "rédaction"), ("justine-vasseur", "tests en facile à lire et à comprendre")],
        ["hugo-perrot"],
        """Une grande partie des appels reçus par la CAF de l'Orne portait sur la compréhension des
      courriers : demande de pièce, indu, changement de montant. L'équipe de la relation
      allocataires a choisi dix courriers parmi les plus envoyés et les a réécrits avec l'appui du
      lab. Chaque version a été testée auprès d'allocataires, dont des personnes accompagnées par une
      association spécialisée dans le facile à lire et à comprendre. Une formation au langage clair
      a ensuite été proposée à tous les rédacteurs. Sur les courriers modifiés, les appels de
      demande d'explication ont baissé d'environ un tiers.""",
    ),
    P(
        "complementaire-sante-solidaire-eure",
        "Faire reculer le non-recours à la complémentaire santé solidaire",
        "cpam-eure",
        "com-27229",
        "accompanied",
        "2024-02-19",
        None,
        ["accès aux droits", "santé"],
        [AD, NW],
        ["inclusion-sociale", "sante", "sciences-comportementales"],
        ["labo-ltap", "ditp"],
        3,
        [],
        [("gael-delaunay", "enquête sur le non-recours"), ("antoine-giraud", "conception des relances")],
        ["gael-delaunay"],
        """Beaucoup d'assurés de l'Eure qui pourraient bénéficier de la complémentaire santé solidaire
      ne la demandent pas : ils pensent ne pas y avoir droit, redoutent la démarche ou l'ont
      abandonnée en cours de route. L'équipe accès aux droits de la CPAM a demandé au lab de l'aider à
      mieux cibler ses actions. Un sociologue spécialiste du non-recours a interrogé une trentaine
      d'assurés, et un conseiller en sciences comportementales de la DITP a aidé à concevoir des
      relances plus simples : un courrier pré-rempli, un SMS rappelant la date limite et une
      proposition d'appel. Les relances sont testées sur des groupes comparables avant toute
      généralisation.""",
    ),
    P(
        "sobriete-batiments-etat",
        "Suivre et réduire la consommation d'énergie des bâtiments de l'État",
        "dreal-normandie",
        "com-76540",
        "done",
        "2022-10-17",
        "2024-03-29",
        ["énergie", "sobriété"],
        [AD, NW],
        ["energie", "transition-ecologique", "analyse-de-donnees"],
        ["ademe-normandie", "insa-rouen", "sgar-normandie"],
        4,
        [],
        [
            ("thomas-baron", "pilotage énergie"),
            ("stephane-breton", "conseil ADEME"),
            ("adrien-royer", "détection d'anomalies de consommation"),
        ],
        ["stephane-breton"],
        """À l'automne 2022, les services de l'État ont dû réduire rapidement leur consommation
      d'énergie. En Normandie, les relevés des bâtiments étaient dispersés, parfois saisis à la main
      et rarement comparés. La DREAL a proposé au lab de construire avec les gestionnaires un suivi
      simple et partagé. Après des entretiens avec des responsables immobiliers et des agents de
      maintenance, l'équipe a retenu un tableau mensuel par site, alimenté par les factures, et une
      alerte lorsque la consommation s'écarte nettement de celle de l'année précédente. Des élèves
      ingénieurs ont développé la détection d'anomalies, qui a permis de repérer des chauffages
      restés allumés le week-end. L'ADEME a aidé à prioriser les travaux. Le suivi est désormais
      utilisé par une trentaine de sites.""",
    ),
    P(
        "guide-autorisation-environnementale",
        "Un guide interactif pour les porteurs de projets soumis à autorisation environnementale",
        "dreal-normandie",
        "com-14118",
        "draft",
        "2025-01-20",
        None,
        ["simplification", "environnement"],
        [AD],
        ["simplification-administrative", "transition-ecologique", "juridique"],
        ["cabinet-aubepine"],
        3,
        [],
        [("cecile-maillard", "analyse juridique"), ("olivier-lecanu", "relecture juridique")],
        [],
        """Les porteurs de projets soumis à autorisation environnementale découvrent souvent tard les
      études et consultations nécessaires, ce qui retarde l'instruction. L'équipe de la DREAL
      souhaite un guide interactif qui indique, selon le type de projet, les étapes, les pièces et
      les délais. Le projet en est au cadrage : le lab aide l'équipe à interroger des porteurs de
      projets récents et à vérifier avec des juristes ce que le guide peut affirmer.""",
    ),
    P(
        "restauration-collective-locale",
        "Aider les cuisines des collèges et lycées à s'approvisionner localement",
        "draaf-normandie",
        "reg-28",
        "incubated",
        "2023-04-17",
        None,
        ["alimentation", "restauration collective", "achat public"],
        [AI, NW],
        ["agriculture-alimentation", "commande-publique", "education"],
        ["region-normandie", "cd-manche", "assiettes-locales"],
        3,
        [],
        [
            ("isabelle-brunet", "politique de l'alimentation"),
            ("benoit-guillot", "lien avec les producteurs"),
            ("audrey-joly", "lutte contre le gaspillage"),
            ("arnaud-deschamps", "rédaction des marchés"),
        ],
        ["benoit-guillot"],
        """Les cuisines des collèges et des lycées normands doivent proposer davantage de produits
      durables et locaux, mais beaucoup de gestionnaires ne savent pas comment y parvenir avec des
      budgets serrés et des marchés publics déjà passés. Les producteurs, de leur côté, trouvent les
      appels d'offres trop lourds et les volumes trop variables. La DRAAF a proposé au lab de
      travailler sur les deux côtés à la fois. L'équipe a suivi pendant plusieurs semaines trois
      cuisines du sud Manche et deux lycées agricoles, puis réuni cuisiniers, gestionnaires,
      producteurs et acheteurs des collectivités lors d'ateliers. Il en est ressorti que le principal
      blocage n'était pas le prix mais l'organisation : commandes passées trop tard, absence de
      légumerie, produits mal calibrés pour les équipements. Trois outils sont en incubation. Un
      calendrier partagé des productions permet aux cuisiniers de construire des menus de saison.
      Des modèles de marchés, relus par un juriste spécialisé, découpent les achats en petits lots
      accessibles aux producteurs locaux. Enfin, une association de circuits courts organise des
      tournées de livraison mutualisées entre établissements voisins. L'ADEME suit la part de
      gaspillage, qui baisse lorsque les élèves sont associés aux menus. La Région et le
      Département de la Manche, qui gèrent respectivement les lycées et les collèges, ont rejoint le
      projet pour étendre l'expérimentation à d'autres territoires.""",
    ),
    P(
        "offre-education-artistique-rurale",
        "Rendre visible l'offre d'éducation artistique et culturelle en zone rurale",
        "drac-normandie",
        "com-14118",
        "abandoned",
        "2023-02-01",
        "2023-09-15",
        ["culture", "éducation artistique"],
        [AD],
        ["culture-lecture-publique", "education", "cartographie-sig"],
        ["lire-en-pays-d-auge"],
        3,
        [],
        [("chloe-dupuis", "lecture publique"), ("morgane-collet", "connaissance de l'offre rurale")],
        ["morgane-collet"],
        """La DRAC voulait une carte en ligne de l'offre d'éducation artistique et culturelle pour aider
      les écoles rurales à trouver des intervenants proches. Les entretiens menés avec le lab ont
      montré que les enseignants passaient surtout par des personnes connues et qu'une carte serait
      vite obsolète. L'équipe a arrêté le projet et soutient plutôt des rencontres locales entre
      écoles et acteurs culturels.""",
    ),
    P(
        "droits-travailleurs-saisonniers",
        "Informer les travailleurs saisonniers agricoles de leurs droits",
        "dreets-normandie",
        "com-50218",
        "accompanied",
        "2023-07-03",
        None,
        ["droit du travail", "information des publics"],
        [AI, NW],
        ["emploi-insertion", "communication-publique", "inclusion-sociale"],
        ["mots-passants"],
        4,
        [],
        [("hugo-perrot", "campagne d'information"), ("sandrine-aubert", "accès aux droits sociaux")],
        [],
        """Chaque été, des saisonniers viennent travailler dans les exploitations maraîchères et
      conchylicoles du sud Manche. Beaucoup ignorent leurs droits en matière de logement, de temps
      de travail ou de prestations sociales, et les contrôles révèlent des situations
      préoccupantes. L'équipe de la DREETS a voulu informer ces travailleurs là où ils se trouvent.
      Avec le lab, elle a interrogé des saisonniers, des employeurs et des associations, puis conçu
      un dépliant en cinq langues, des affiches dans les lieux de passage et une permanence mobile
      avec la CAF. Un consultant en communication publique a adapté les messages, qui sont testés
      pendant deux saisons.""",
    ),
    P(
        "achats-inclusifs-etat",
        "Faciliter l'achat public auprès des structures d'insertion et du handicap",
        "dreets-normandie",
        "com-76540",
        "done",
        "2022-05-09",
        "2023-02-17",
        ["commande publique", "insertion"],
        [AD, NW],
        ["commande-publique", "economie-sociale-solidaire", "emploi-insertion"],
        ["cabinet-aubepine"],
        3,
        [],
        [
            ("arnaud-deschamps", "juriste en commande publique"),
            ("delphine-meunier", "connaissance des acteurs de l'ESS"),
        ],
        ["delphine-meunier"],
        """Les services de l'État achètent peu auprès des structures d'insertion et des entreprises
      adaptées, souvent par méconnaissance. La DREETS a réuni avec le lab des acheteurs, des
      structures et un juriste pour identifier les freins. Un annuaire des offres par type d'achat et
      des clauses types ont été diffusés aux acheteurs de la région. Une rencontre annuelle entre
      acheteurs et structures a été lancée, et la part des marchés réservés a progressé dès
      l'année suivante.""",
    ),
]
