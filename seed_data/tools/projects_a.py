"""Projects supported by Innov'mandie (part 1). Hand-written, fictional texts.

P(...) fields: slug, title, lead organisation (the submitter's employer), territory, status,
start, end, themes, missions, ABOUT skills, partner organisations, team (number of agents of the
lead organisation, submitter included), guests (one agent from each of these organisations),
experts [(person slug, role)], intros (persons the lab introduced to the submitter: a person
slug or "guest:<org>"), description.
"""

AI, TR, AD, NW = "accompaniment_incubation", "training", "advice", "networking"


def P(
    slug,
    title,
    lead,
    loc,
    status,
    start,
    end,
    themes,
    missions,
    about,
    partners,
    team,
    guests,
    experts,
    intros,
    description,
):
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
        "partners": partners,
        "team": team,
        "guests": guests,
        "experts": experts,
        "intros": intros,
        "description": " ".join(description.split()),
    }


PROJECTS_A = [
    P(
        "opendata-eure",
        "Une plateforme de données ouvertes partagée par les services publics de l'Eure",
        "prefecture-eure",
        "dep-27",
        "incubated",
        "2022-05-16",
        None,
        ["données ouvertes", "coopération entre administrations"],
        [AI, NW, AD],
        ["donnees-ouvertes", "gouvernance-des-donnees", "cartographie-sig"],
        ["ddt-eure", "cd-eure", "evreux-portes-normandie", "dinum"],
        2,
        ["ddt-eure", "cd-eure", "evreux-portes-normandie", "ddets-eure"],
        [
            ("julien-duhamel", "consultant en gouvernance des données"),
            ("tristan-lecoq", "géomaticien"),
            ("pierre-lemoine", "conseil sur les licences et les schémas de données"),
            ("solene-anquetil", "accompagnement par le lab"),
        ],
        ["julien-duhamel", "pierre-lemoine", "guest:cd-eure"],
        """Dans l'Eure, plusieurs services publics produisaient chacun leurs propres tableaux sur les
      mêmes sujets (équipements, zonages, aides versées, lieux d'accueil) sans les partager ni les
      publier. Un groupe d'agents de la préfecture, de la DDT, du conseil départemental, de
      l'agglomération d'Évreux et de la DDETS, qui se croisaient en réunion sans jamais travailler
      ensemble, a proposé au lab de bâtir une plateforme commune de données ouvertes à l'échelle du
      département. Innov'mandie a d'abord organisé deux ateliers d'inventaire : chaque service a
      listé les jeux de données qu'il maîtrisait, leur fréquence de mise à jour et les personnes
      capables d'en répondre. Le groupe a retenu une première vague d'une quinzaine de jeux utiles
      aux communes et aux associations, comme la liste des lieux d'accueil du public, les arrêtés de
      catastrophe naturelle ou les équipements sportifs. Le lab a ensuite mis l'équipe en relation
      avec un consultant en gouvernance des données, un géomaticien pour les couches
      cartographiques et la DINUM pour les licences et les schémas nationaux. Une charte fixe le
      rôle de chaque administration et la règle « un jeu, un responsable nommé ». Le projet est en
      incubation : la plateforme fonctionne en version test, les premiers réutilisateurs (une
      association de randonnée, deux mairies) sont interrogés pour prioriser la suite, et le groupe
      se réunit chaque mois, à tour de rôle dans chaque administration.""",
    ),
    P(
        "outil-rh-managers",
        "Concevoir avec les gestionnaires RH et les managers un outil web de proximité",
        "pfrh-normandie",
        "com-76540",
        "done",
        "2022-09-05",
        "2024-01-31",
        ["ressources humaines", "design de service"],
        [AI, AD, NW],
        ["design-de-service", "rh-management", "ux-design", "recherche-utilisateur"],
        ["sgar-normandie", "dgafp", "studio-clairiere"],
        4,
        [],
        [
            ("virginie-hamon", "représentante des gestionnaires RH"),
            ("maxime-lebas", "designer de service du lab"),
            ("claire-lemonnier", "designer de service"),
            ("baptiste-leroux", "designer d'interface"),
            ("bruno-lacroix", "conseil sur les outils RH nationaux"),
        ],
        ["claire-lemonnier", "bruno-lacroix"],
        """Les gestionnaires RH de proximité et les managers des services de l'État en Normandie
      cherchaient l'information dans une multitude de sources : circulaires, intranets ministériels,
      messages de la plateforme RH. Les nouveaux managers, en particulier, ne savaient pas qui
      contacter pour un temps partiel, un entretien professionnel ou une situation difficile dans
      leur équipe. La plateforme régionale RH a sollicité Innov'mandie pour concevoir un outil web
      répondant à ces questions du quotidien. Plutôt que de partir d'une liste de fonctionnalités,
      le lab a proposé une démarche de design de service : une trentaine d'entretiens avec des
      gestionnaires et des managers de six administrations, des observations de situations réelles,
      puis une cartographie des moments clés de la vie d'un manager. Trois prototypes ont été testés
      successivement : une foire aux questions, un annuaire de contacts par situation, puis un
      parcours guidé question par question. C'est ce dernier, plus simple, que les testeurs ont
      préféré. Une agence de design a réalisé les maquettes définitives et la DGAFP a été associée
      pour vérifier la cohérence avec les outils nationaux. L'outil est en service depuis le début de
      l'année 2024 et la plateforme RH en assure la mise à jour.""",
    ),
    P(
        "mediatheque-alencon-tiers-lieu",
        "Transformer la médiathèque d'Alençon en tiers-lieu",
        "cu-alencon",
        "com-61001",
        "incubated",
        "2022-10-03",
        None,
        ["tiers-lieux", "lecture publique", "participation des habitants"],
        [AI, AD, NW],
        ["tiers-lieux", "culture-lecture-publique", "participation-citoyenne", "design-de-service"],
        ["ville-alencon", "drac-normandie", "les-lisieres"],
        4,
        ["ville-alencon"],
        [
            ("erwan-lefrancois", "partage d'expérience sur les tiers-lieux"),
            ("chloe-dupuis", "conseil en lecture publique"),
            ("solene-anquetil", "accompagnement par le lab"),
            ("maxime-lebas", "enquête usagers et ateliers"),
        ],
        ["erwan-lefrancois", "chloe-dupuis", "beatrice-jouen"],
        """La médiathèque d'Alençon voyait sa fréquentation baisser alors que les demandes d'espaces de
      travail, d'aide aux démarches et d'activités en soirée se multipliaient dans la ville. La
      communauté urbaine a souhaité transformer l'équipement en tiers-lieu sans renoncer à sa
      mission de lecture publique. Innov'mandie a accompagné l'équipe de la médiathèque et les
      services de la Ville d'Alençon pendant la conception. Le lab a conduit une enquête auprès des
      usagers et surtout des non-usagers : lycéens, télétravailleurs, associations, parents de jeunes
      enfants. Des ateliers ont réuni bibliothécaires, habitants et partenaires pour imaginer les
      futurs usages : espace de travail partagé, atelier de réparation, cuisine pour des rencontres,
      coin de médiation numérique. Le lab a mis l'équipe en relation avec un réseau de tiers-lieux de
      la Manche, qui a partagé ses modèles de gouvernance, et avec la DRAC pour articuler le projet
      avec les financements de la lecture publique. Une économiste spécialiste des tiers-lieux a été
      sollicitée sur le modèle économique. Des tests grandeur nature ont eu lieu pendant l'été :
      ouverture le samedi soir, programmation construite avec des associations, mobilier
      déplaçable. Les bibliothécaires ont été formés à l'animation d'ateliers participatifs pour que
      la démarche se poursuive après l'accompagnement.""",
    ),
    P(
        "accueil-nouveaux-arrivants-etat",
        "Un parcours d'accueil commun pour les nouveaux arrivants dans les services de l'État",
        "pfrh-normandie",
        "reg-28",
        "done",
        "2023-01-09",
        "2023-12-15",
        ["ressources humaines", "accueil des agents"],
        [AI, TR],
        ["rh-management", "design-de-service", "qualite-de-vie-au-travail"],
        ["univ-rouen"],
        3,
        ["ddtm-seine-maritime"],
        [
            ("virginie-hamon", "co-pilote du parcours"),
            ("florence-levasseur", "sociologue des organisations"),
            ("maxime-lebas", "designer de service du lab"),
        ],
        ["florence-levasseur"],
        """Chaque année, plusieurs centaines d'agents rejoignent un service de l'État en Normandie,
      souvent loin de leur région d'origine. Les retours recueillis par la plateforme RH montraient
      un accueil très inégal : certains arrivants attendaient des semaines un poste informatique ou
      un badge, d'autres ne savaient pas à qui s'adresser pour l'action sociale ou le logement. Avec
      l'appui d'Innov'mandie et d'une sociologue des organisations, la plateforme a interrogé des
      agents arrivés récemment et leurs encadrants dans une dizaine de services. Le lab a animé la
      construction d'un parcours commun en trois temps : avant l'arrivée, la première semaine et les
      six premiers mois. Le parcours comprend une lettre de bienvenue type, une liste de vérification
      pour les managers, une matinée d'accueil interministérielle chaque trimestre et un binôme
      référent. Il a été testé dans deux directions départementales avant d'être proposé à
      l'ensemble des services.""",
    ),
    P(
        "formation-innover-dans-son-service",
        "« Innover dans son service » : un cycle de formation-action",
        "pfrh-normandie",
        "com-76540",
        "done",
        "2022-11-14",
        "2023-06-30",
        ["formation", "culture de l'innovation"],
        [TR],
        ["formation", "design-de-service", "facilitation"],
        [],
        2,
        [],
        [
            ("virginie-hamon", "ingénierie de formation"),
            ("romain-hamel", "formateur du lab"),
            ("helene-quesnel", "co-conception du cycle"),
        ],
        [],
        """La plateforme RH et Innov'mandie ont construit ensemble un cycle de formation-action destiné
      aux agents de l'État qui veulent faire évoluer un service ou une procédure. Le cycle dure trois
      journées espacées de quelques semaines : cadrer un problème à partir des usagers, conduire des
      entretiens, fabriquer et tester un prototype. Entre deux journées, chaque participant avance
      sur un cas réel de son service. Quatre sessions ont eu lieu à Rouen et à Caen la première
      année. Plusieurs projets accompagnés ensuite par le lab sont nés de ces sessions, et l'offre
      figure désormais au plan régional de formation interministérielle.""",
    ),
    P(
        "annuaire-competences-rares",
        "Un annuaire des compétences rares entre services de l'État",
        "pfrh-normandie",
        "com-76540",
        "abandoned",
        "2023-03-06",
        "2023-10-20",
        ["ressources humaines", "coopération entre administrations"],
        [AD],
        ["rh-management", "protection-des-donnees"],
        [],
        2,
        [],
        [("fabrice-aubry", "analyse des risques")],
        ["fabrice-aubry"],
        """L'idée était de recenser les compétences rares présentes dans les services de l'État en
      Normandie (géomatique, langues étrangères, animation d'ateliers, marchés complexes) pour
      permettre des coups de main entre administrations. La plateforme RH a monté un premier
      prototype sous forme de tableur partagé. Le lab a organisé une revue du projet avec un
      spécialiste de la sécurité informatique : la collecte d'informations sur les agents posait des
      questions de consentement, de mise à jour et d'exposition à des sollicitations non souhaitées.
      Faute de pouvoir garantir une maintenance durable, l'équipe a décidé d'arrêter. Les
      enseignements ont servi au réseau des formateurs internes.""",
    ),
    P(
        "submersion-marine-information",
        "Mieux informer les habitants du littoral sur le risque de submersion",
        "ddtm-seine-maritime",
        "com-76217",
        "accompanied",
        "2023-04-03",
        None,
        ["risques littoraux", "information des habitants"],
        [AI, NW],
        ["risques-naturels", "sciences-comportementales", "cartographie-sig", "communication-publique"],
        ["sous-prefecture-dieppe", "labo-liso", "tessiture-evaluation"],
        3,
        [],
        [
            ("gilles-lecarpentier", "cartographie des zones exposées"),
            ("laure-hebert", "conception et test des messages"),
            ("mehdi-renard", "géographe du risque"),
            ("tristan-lecoq", "carte interactive"),
        ],
        ["laure-hebert", "mehdi-renard"],
        """Sur le littoral de la Seine-Maritime, de nombreux habitants ignorent que leur logement se
      situe en zone exposée à la submersion marine, même lorsque ce risque figure dans les documents
      d'urbanisme. Les cartes réglementaires sont précises mais difficiles à lire, et les réunions
      publiques attirent surtout les personnes déjà informées. La DDTM a sollicité Innov'mandie pour
      rendre cette information compréhensible et utile. L'équipe, qui réunit le pôle géomatique et
      le service risques, travaille avec un laboratoire de géographie et une spécialiste des
      sciences comportementales. Ensemble, ils ont conçu une carte interactive consultable adresse
      par adresse, un courrier d'information testé auprès d'habitants de Dieppe et un kit d'actions
      simples à réaliser avant l'hiver. Deux versions du courrier sont comparées sur des quartiers
      similaires pour savoir laquelle incite le plus à consulter la carte et à préparer un sac
      d'urgence. La sous-préfecture de Dieppe relaie la démarche auprès des maires.""",
    ),
    P(
        "autorisations-domaine-maritime",
        "Simplifier les demandes d'occupation du domaine public maritime",
        "ddtm-seine-maritime",
        "com-76351",
        "done",
        "2022-06-13",
        "2023-05-26",
        ["simplification", "littoral"],
        [AD, AI],
        ["simplification-administrative", "juridique", "design-de-service"],
        ["cabinet-aubepine"],
        3,
        [],
        [("cecile-maillard", "juriste"), ("claire-lemonnier", "designer de service")],
        ["cecile-maillard"],
        """Les demandes d'autorisation d'occupation temporaire du domaine public maritime (terrasses de
      plage, cabines, mouillages, activités nautiques) arrivaient souvent incomplètes à la DDTM, ce
      qui allongeait les délais et multipliait les échanges. Le lab a observé le traitement d'une
      vingtaine de dossiers et interrogé des demandeurs. Avec une juriste, l'équipe a vérifié quelles
      pièces étaient réellement obligatoires : trois ont pu être supprimées. Un formulaire guidé, une
      notice illustrée et un échange téléphonique préalable ont été mis en place. Le délai moyen
      d'instruction a nettement diminué la saison suivante.""",
    ),
    P(
        "guichet-projets-agricoles-orne",
        "Un point d'entrée unique pour les agriculteurs qui montent un projet dans l'Orne",
        "ddt-orne",
        "com-61001",
        "accompanied",
        "2023-09-18",
        None,
        ["agriculture", "parcours usager"],
        [AI, NW],
        ["agriculture-alimentation", "relation-usager", "simplification-administrative"],
        ["draaf-normandie"],
        4,
        [],
        [
            ("isabelle-brunet", "connaissance des dispositifs d'installation"),
            ("claire-lemonnier", "conception du parcours"),
        ],
        ["isabelle-brunet"],
        """Un agriculteur de l'Orne qui veut s'installer, se diversifier ou construire un bâtiment doit
      contacter plusieurs interlocuteurs : la DDT pour les aides et l'urbanisme, la chambre
      consulaire, les services de l'environnement, sa banque et parfois la DRAAF. Les agents de la
      DDT constatent que beaucoup de porteurs de projet arrivent tard, avec un dossier déjà engagé
      qui ne respecte pas une règle essentielle. L'équipe a proposé au lab de créer un point d'entrée
      unique. Innov'mandie a accompagné une phase d'écoute : entretiens avec une quinzaine
      d'exploitants et de jeunes installés, puis représentation de leurs démarches sur une frise. Le
      lab a mis l'équipe en relation avec la DRAAF, qui suit les dispositifs d'installation, et avec
      une designer de service pour concevoir le parcours. Le prototype prend la forme d'un
      rendez-vous « premier projet » d'une heure, réunissant si besoin plusieurs services, suivi
      d'une feuille de route écrite. Il est testé depuis l'automne 2023 sur deux secteurs du
      département.""",
    ),
    P(
        "diagnostic-centre-bourg-l-aigle",
        "Un diagnostic partagé du centre-bourg de L'Aigle",
        "ddt-orne",
        "com-61214",
        "done",
        "2022-04-04",
        "2022-12-16",
        ["revitalisation", "aménagement"],
        [AI, NW],
        ["urbanisme-amenagement", "participation-citoyenne", "cartographie-sig"],
        ["cerema-normandie", "geobocage"],
        3,
        [],
        [("anais-marchand", "cartographie du diagnostic"), ("damien-rolland", "données de mobilité")],
        ["damien-rolland"],
        """La DDT de l'Orne accompagne plusieurs petites villes qui veulent redynamiser leur centre. À
      L'Aigle, l'équipe souhaitait établir un diagnostic partagé avec les habitants et les
      commerçants plutôt qu'un rapport d'expert. Le lab a proposé des balades urbaines, une carte
      participative des lieux appréciés ou évités et un atelier de synthèse. Le Cerema a apporté des
      données sur les déplacements et le stationnement, et une chargée d'études en aménagement a
      produit les cartes. Le diagnostic a nourri le programme d'actions de la commune.""",
    ),
    P(
        "carte-contraintes-urbanisme-eure",
        "Une carte des contraintes d'urbanisme pour les petites communes de l'Eure",
        "ddt-eure",
        "com-27375",
        "incubated",
        "2023-02-06",
        None,
        ["urbanisme", "cartographie", "appui aux communes"],
        [AI, AD],
        ["cartographie-sig", "urbanisme-amenagement", "donnees-ouvertes"],
        ["donnea-conseil"],
        3,
        [],
        [
            ("anais-marchand", "adaptation de la carte aux élus"),
            ("julien-duhamel", "identification des données ouvertes"),
        ],
        ["anais-marchand"],
        """Les petites communes de l'Eure sollicitent souvent la DDT trop tard, une fois leur projet de
      lotissement ou d'équipement déjà dessiné, alors que des contraintes (zone inondable, captage,
      terres agricoles) le rendent impossible. L'équipe d'appui aux territoires a voulu donner aux
      maires un outil simple pour vérifier ces contraintes en amont. Accompagnée par le lab, elle a
      testé avec six maires une carte interactive qui superpose les principales servitudes à partir
      d'une adresse ou d'une parcelle. Un consultant en données ouvertes a aidé à identifier les
      couches déjà publiées et celles à ouvrir, et une chargée d'études SIG a adapté la légende au
      vocabulaire des élus. L'outil est en incubation et sera étendu à tout le département.""",
    ),
    P(
        "accueil-sejour-etrangers-calvados",
        "Revoir l'accueil du service des étrangers",
        "prefecture-calvados",
        "com-14118",
        "done",
        "2022-05-02",
        "2023-03-31",
        ["accueil du public", "langage clair"],
        [AI, NW],
        ["relation-usager", "langage-clair", "design-de-service", "simplification-administrative"],
        ["ditp", "passe-muraille", "mots-passants"],
        4,
        [],
        [
            ("charlotte-riviere", "designer de service"),
            ("agathe-leblond", "réécriture des convocations"),
            ("justine-vasseur", "relecture en facile à lire et à comprendre"),
        ],
        ["charlotte-riviere"],
        """Au service des étrangers de la préfecture du Calvados, les files d'attente, les convocations
      mal comprises et les dossiers incomplets créaient de la tension pour les usagers comme pour les
      agents. Beaucoup de personnes se présentaient sans la bonne pièce ou au mauvais guichet, faute
      d'avoir compris le courrier reçu. L'équipe d'accueil a sollicité Innov'mandie. Le lab a
      organisé une semaine d'observation au guichet et des entretiens avec des usagers, accompagnés
      si besoin d'un interprète. Avec une designer de service de la DITP, les agents ont redessiné
      le parcours : signalétique en plusieurs langues, pré-accueil pour vérifier les pièces,
      créneaux dédiés aux renouvellements simples. Les convocations ont été réécrites avec une
      rédactrice spécialisée en langage clair, puis relues par une association experte du facile à
      lire et à comprendre. Les nouvelles versions indiquent d'abord ce que la personne doit
      apporter, sous forme de liste à cocher. Après six mois, les dossiers incomplets au guichet ont
      diminué et les agents signalent moins de situations conflictuelles.""",
    ),
    P(
        "accueil-partage-argentan",
        "Faire du hall de la sous-préfecture d'Argentan un lieu de services partagé",
        "sous-prefecture-argentan",
        "com-61006",
        "accompanied",
        "2024-01-15",
        None,
        ["accueil du public", "inclusion numérique"],
        [AI, NW],
        ["relation-usager", "mediation-numerique", "design-de-service"],
        ["cd-orne", "bocage-numerique"],
        3,
        ["cd-orne"],
        [("ronan-guerout", "médiation numérique"), ("maxime-lebas", "observation de l'accueil")],
        ["ronan-guerout", "guest:cd-orne"],
        """La sous-préfecture d'Argentan reçoit chaque jour des personnes venues pour des démarches qui
      ne relèvent pas de l'État : aides sociales, démarches en ligne, dossiers de retraite. Plutôt
      que de les réorienter, l'équipe veut faire de son hall un lieu de services partagé avec le
      Département et une association de médiation numérique. Le lab a observé l'accueil pendant deux
      semaines et animé un atelier avec les partenaires. Un calendrier de permanences communes est
      en test depuis le printemps 2024.""",
    ),
    P(
        "plans-communaux-sauvegarde-manche",
        "Aider les petites communes de la Manche à tenir à jour leur plan communal de sauvegarde",
        "prefecture-manche",
        "com-50502",
        "accompanied",
        "2023-10-02",
        None,
        ["sécurité civile", "appui aux communes"],
        [AI, AD],
        ["gestion-de-crise", "risques-naturels", "langage-clair"],
        ["cerema-normandie"],
        3,
        ["sous-prefecture-cherbourg"],
        [
            ("guillaume-rey", "pilotage côté protection civile"),
            ("helene-caron", "ingénieure risques côtiers"),
        ],
        ["helene-caron"],
        """Dans la Manche, beaucoup de petites communes disposent d'un plan communal de sauvegarde
      rédigé il y a longtemps et rarement mis à jour : numéros périmés, élus qui ont changé, moyens
      recensés qui n'existent plus. Le service de protection civile de la préfecture a voulu
      comprendre pourquoi. Avec le lab, il a interrogé des maires et des secrétaires de mairie, puis
      conçu avec une ingénieure du Cerema un plan allégé de quelques pages, accompagné d'une fiche
      annuelle de mise à jour à remplir en une demi-heure. Le modèle est testé dans une vingtaine de
      communes des arrondissements de Saint-Lô et de Cherbourg.""",
    ),
    P(
        "reperage-decrochage-scolaire",
        "Repérer plus tôt les élèves en risque de décrochage, sans les étiqueter",
        "rectorat-normandie",
        "com-14118",
        "accompanied",
        "2023-05-15",
        None,
        ["éducation", "données", "décrochage scolaire"],
        [AD, NW],
        ["education", "analyse-de-donnees", "protection-des-donnees"],
        ["donnea-conseil", "univ-rouen"],
        4,
        [],
        [
            ("nadia-carre", "pilotage académique"),
            ("ines-benoit", "analyse des signaux"),
            ("pauline-roussel", "analyse d'impact sur la protection des données"),
            ("vincent-charpentier", "conseil scientifique"),
        ],
        ["pauline-roussel"],
        """Le rectorat dispose de nombreuses informations sur les absences, les changements
      d'établissement ou les résultats des élèves, mais le repérage des jeunes en risque de
      décrochage repose encore surtout sur la vigilance individuelle des équipes. Une équipe de la
      mission de lutte contre le décrochage a voulu savoir si un indicateur d'alerte précoce pouvait
      aider les établissements. Le lab a d'abord posé la question de l'usage : qui recevrait
      l'alerte, pour faire quoi, et avec quel risque d'étiqueter un élève ? Des entretiens avec des
      conseillers principaux d'éducation et des professeurs principaux ont montré qu'ils voulaient
      un support de dialogue plutôt qu'un score. Une data analyste a testé sur des données
      anonymisées quelques signaux simples, et une juriste a cadré l'analyse d'impact relative à la
      protection des données. Un chercheur en sciences de l'éducation conseille l'équipe sur les
      biais possibles. Le projet se poursuit par une expérimentation prudente dans quelques collèges
      volontaires du Calvados.""",
    ),
]
