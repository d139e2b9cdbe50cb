"""Hand-written experts (part 2): civil society, operators and State or local experts."""

from seed_data.tools.experts_a import E

AE = ("agent", "expert")

EXPERTS_B = [
    E(
        "Ronan Guérout",
        "m",
        "bocage-numerique",
        "coordinateur",
        "2016-04-04",
        {"mediation-numerique": 3, "inclusion-sociale": 3, "formation": 2},
        True,
        "Coordinateur de Bocage Numérique, il organise des permanences d'aide aux démarches en ligne "
        "dans les bourgs ruraux et forme les agents d'accueil à repérer les difficultés numériques. Il "
        "a participé à la conception d'un accompagnement itinérant dans le sud Manche et d'un accueil "
        "partagé en sous-préfecture.",
    ),
    E(
        "Amandine Leprévost",
        "f",
        "bocage-numerique",
        "médiatrice numérique",
        "2019-02-11",
        {"mediation-numerique": 3, "vieillissement": 3, "accessibilite": 2},
        True,
        "Médiatrice numérique, elle accompagne surtout des personnes âgées et des personnes en "
        "situation de handicap dans leurs démarches. Elle a animé les premières tournées d'un "
        "dispositif itinérant et conçu des fiches pas à pas en gros caractères, testées avec les "
        "usagers.",
    ),
    E(
        "Erwan Lefrançois",
        "m",
        "les-lisieres",
        "coordinateur du réseau",
        "2015-05-04",
        {"tiers-lieux": 3, "economie-sociale-solidaire": 3, "facilitation": 3},
        True,
        "Coordinateur d'un réseau de tiers-lieux ruraux, il a accompagné l'ouverture d'une dizaine de "
        "lieux hybrides : gouvernance avec les habitants, modèle économique, programmation. Il aide "
        "les collectivités à transformer un équipement existant, comme une bibliothèque, sans perdre "
        "son public historique.",
    ),
    E(
        "Juliette Barbier",
        "f",
        "ateliers-citoyens-estuaire",
        "facilitatrice",
        "2017-09-04",
        {"facilitation": 3, "participation-citoyenne": 3, "jeunesse": 2},
        True,
        "Facilitatrice aux Ateliers citoyens de l'estuaire, elle conçoit des ateliers où habitants, "
        "jeunes et agents travaillent ensemble. Elle a animé des démarches avec des collégiens, des "
        "jeunes ruraux, des porteurs de propositions d'un budget participatif et des jeunes éloignés "
        "de l'emploi.",
    ),
    E(
        "Morgane Collet",
        "f",
        "lire-en-pays-d-auge",
        "directrice",
        "2012-01-02",
        {"culture-lecture-publique": 3, "inclusion-sociale": 3, "education": 2},
        True,
        "Directrice de Lire en Pays d'Auge, elle développe des actions de lecture hors les murs : "
        "lectures en crèche, portage de livres, ateliers pour adultes en difficulté avec l'écrit. "
        "Elle connaît bien l'offre culturelle des petites communes et les freins d'accès des familles "
        "rurales.",
    ),
    E(
        "Loïc Marchal",
        "m",
        "mobil-bocage",
        "directeur",
        "2014-03-03",
        {"mobilite": 3, "inclusion-sociale": 3, "economie-sociale-solidaire": 2},
        False,
        "Directeur de Mobil'Bocage, il gère un réseau de chauffeurs bénévoles, de location de scooters "
        "et de conseil en mobilité pour les personnes sans voiture. Il maîtrise les questions "
        "d'assurance, de défraiement et de coordination avec les transports publics en zone rurale.",
    ),
    E(
        "Justine Vasseur",
        "f",
        "passe-muraille",
        "experte accessibilité et FALC",
        "2016-06-06",
        {"accessibilite": 3, "langage-clair": 3, "relation-usager": 2},
        True,
        "Experte en accessibilité, elle audite les lieux d'accueil et les documents administratifs et "
        "transcrit des courriers en facile à lire et à comprendre avec des relecteurs en situation de "
        "handicap intellectuel. Elle a contribué à rendre lisibles des convocations et des courriers "
        "de prestations.",
    ),
    E(
        "Benoît Guillot",
        "m",
        "assiettes-locales",
        "animateur circuits courts",
        "2018-09-03",
        {"agriculture-alimentation": 3, "economie-sociale-solidaire": 2, "commande-publique": 1},
        True,
        "Ancien cuisinier de collège, il anime Assiettes Locales et met en relation producteurs et "
        "cuisines collectives. Il connaît les contraintes de volumes, de calibrage et de logistique, "
        "et aide les gestionnaires à construire des menus compatibles avec l'offre agricole locale.",
    ),
    E(
        "Valérie Duval",
        "f",
        "relais-aidants-albatre",
        "coordinatrice",
        "2013-04-02",
        {"vieillissement": 3, "sante": 2, "inclusion-sociale": 1},
        True,
        "Coordinatrice d'une association de soutien aux proches aidants, elle organise écoute, groupes "
        "de parole et solutions de répit. Elle a aidé à cartographier le parcours d'un aidant, de la "
        "première alerte à la demande d'aide, et à repérer les moments où il décroche.",
    ),
    E(
        "Damien Rolland",
        "m",
        "cerema-normandie",
        "chargé d'études mobilité et aménagement",
        "2011-09-01",
        {"mobilite": 3, "urbanisme-amenagement": 3, "analyse-de-donnees": 2},
        True,
        "Chargé d'études au Cerema, il réalise des diagnostics de mobilité et d'aménagement pour les "
        "villes moyennes et les territoires ruraux. Il a participé à un diagnostic de centre-bourg "
        "dans l'Orne et conseille sur l'organisation du transport solidaire et du covoiturage.",
    ),
    E(
        "Hélène Caron",
        "f",
        "cerema-normandie",
        "ingénieure risques côtiers",
        "2009-03-02",
        {"risques-naturels": 3, "cartographie-sig": 3, "gestion-de-crise": 2},
        True,
        "Ingénieure spécialiste des risques côtiers et des inondations, elle produit des cartographies "
        "d'aléas et prépare les communes à la crise. Elle a aidé des petites communes à simplifier "
        "leur plan communal de sauvegarde et conseille sur la réduction de la vulnérabilité des "
        "logements.",
    ),
    E(
        "Stéphane Breton",
        "m",
        "ademe-normandie",
        "ingénieur énergie bâtiment",
        "2010-06-01",
        {"energie": 3, "transition-ecologique": 3, "numerique-responsable": 1},
        True,
        "Ingénieur énergie à l'ADEME, il accompagne les gestionnaires de patrimoine public dans le "
        "suivi des consommations, les plans de sobriété et le financement des travaux de rénovation. "
        "Il a contribué à un outil de suivi des bâtiments de l'État en Normandie.",
    ),
    E(
        "Audrey Joly",
        "f",
        "ademe-normandie",
        "chargée de mission économie circulaire et alimentation",
        "2015-11-02",
        {"transition-ecologique": 3, "sciences-comportementales": 2, "agriculture-alimentation": 3},
        False,
        "Chargée de mission à l'ADEME, elle suit les projets de réduction des déchets, de tri des "
        "biodéchets et de lutte contre le gaspillage alimentaire en restauration collective. Elle "
        "s'appuie sur les sciences comportementales pour concevoir des consignes et des dispositifs "
        "de tri plus efficaces.",
    ),
    E(
        "Philippe Cousin",
        "m",
        "ofb-normandie",
        "chargé de mission eau et agriculture",
        "2012-04-02",
        {"eau-biodiversite": 3, "agriculture-alimentation": 3, "formation": 2},
        True,
        "Chargé de mission à l'OFB, il travaille sur la protection des captages et les pratiques "
        "agricoles favorables à la qualité de l'eau. Il organise des visites de terrain et des "
        "formations pour agents et agriculteurs, et connaît bien les aides mobilisables.",
    ),
    E(
        "Leïla Masson",
        "f",
        "france-travail-normandie",
        "responsable des partenariats jeunesse",
        "2011-05-02",
        {"emploi-insertion": 3, "jeunesse": 3, "relation-usager": 2},
        True,
        "Responsable des partenariats jeunesse à France Travail Normandie, elle a monté des actions "
        "d'aller-vers avec des associations de quartier et des missions locales. Elle connaît les "
        "dispositifs d'accompagnement des jeunes et l'orientation rapide des allocataires du RSA vers "
        "un accompagnement.",
        roles=AE,
    ),
    E(
        "Sandrine Aubert",
        "f",
        "caf-calvados",
        "responsable de l'accès aux droits",
        "2008-01-07",
        {"inclusion-sociale": 3, "langage-clair": 2, "simplification-administrative": 3},
        True,
        "Responsable de l'accès aux droits à la CAF du Calvados, elle pilote des rendez-vous des droits "
        "et des campagnes ciblées vers les allocataires qui ne demandent pas leurs prestations. Elle "
        "simplifie régulièrement courriers et pièces justificatives avec les équipes de production.",
    ),
    E(
        "Pierre Lemoine",
        "m",
        "dinum",
        "chef de projet données ouvertes",
        "2016-03-01",
        {"donnees-ouvertes": 3, "gestion-de-projet-agile": 2, "developpement-web": 2},
        True,
        "Chef de projet à la DINUM, il accompagne les administrations qui publient leurs données : "
        "choix des licences, schémas de données, publication sur les plateformes nationales. Il a "
        "conseillé un collectif de services de l'Eure sur la structuration d'une plateforme "
        "territoriale.",
    ),
    E(
        "Émilie Dufour",
        "f",
        "dinum",
        "experte accessibilité et design des services numériques",
        "2018-01-08",
        {"accessibilite": 3, "ux-design": 3, "gestion-de-projet-agile": 2},
        False,
        "Experte en accessibilité et en design des services numériques publics, elle aide les équipes "
        "à utiliser des composants d'interface éprouvés et à corriger leurs démarches en ligne. Elle "
        "accompagne des collectivités dans leurs premiers audits d'accessibilité.",
    ),
    E(
        "Antoine Giraud",
        "m",
        "ditp",
        "conseiller en sciences comportementales",
        "2017-09-04",
        {
            "sciences-comportementales": 3,
            "simplification-administrative": 3,
            "evaluation-politiques-publiques": 2,
        },
        True,
        "Conseiller en sciences comportementales à la DITP, il aide les administrations à "
        "diagnostiquer les freins des usagers et à tester des interventions : rappels, reformulations, "
        "choix par défaut. Il a accompagné une expérimentation sur le tri des biodéchets et une autre "
        "sur l'accès à une complémentaire santé.",
    ),
    E(
        "Charlotte Rivière",
        "f",
        "ditp",
        "designer de service",
        "2019-03-04",
        {"design-de-service": 3, "relation-usager": 3, "facilitation": 2},
        True,
        "Designer de service à la DITP, elle aide les services publics à améliorer l'accueil et les "
        "parcours usagers, avec des observations au guichet et des prototypes testés rapidement. Elle "
        "est intervenue sur l'accueil d'un service des étrangers et sur un guichet unique municipal.",
    ),
    E(
        "Bruno Lacroix",
        "m",
        "dgafp",
        "chef de projet outils RH",
        "2012-09-03",
        {"rh-management": 3, "qualite-de-vie-au-travail": 2, "formation": 2},
        True,
        "Chef de projet à la DGAFP, il connaît les systèmes d'information RH de l'État et les attentes "
        "des gestionnaires de proximité. Il a conseillé la conception d'un outil d'aide aux managers "
        "et aux gestionnaires RH en Normandie et facilite les liens avec les équipes nationales.",
    ),
    E(
        "Margaux Perrin",
        "f",
        "dgcl",
        "juriste en droit des collectivités",
        "2015-01-05",
        {"juridique": 3, "finances-publiques": 3},
        True,
        "Juriste spécialiste du droit des collectivités et des finances locales, elle répond aux "
        "questions des préfectures sur les budgets communaux, les délibérations et le fonctionnement "
        "des syndicats. Elle contribue à des ressources pratiques pour les secrétaires de mairie des "
        "petites communes.",
    ),
    E(
        "Gilles Lecarpentier",
        "m",
        "ddtm-seine-maritime",
        "responsable du pôle géomatique",
        "2006-09-01",
        {"cartographie-sig": 3, "risques-naturels": 3, "donnees-ouvertes": 2},
        True,
        "Responsable du pôle géomatique de la DDTM de la Seine-Maritime, il produit les cartes de zones "
        "inondables et de submersion utilisées pour l'urbanisme. Il milite pour leur diffusion en "
        "données ouvertes et pour des versions lisibles par les habitants.",
        roles=AE,
    ),
    E(
        "Virginie Hamon",
        "f",
        "pfrh-normandie",
        "conseillère formation et management",
        "2014-09-01",
        {"formation": 3, "rh-management": 3, "conduite-du-changement": 2},
        True,
        "Conseillère formation à la plateforme RH de Normandie, elle construit des parcours "
        "interministériels pour managers et nouveaux arrivants. Elle a co-conçu un cycle de "
        "formation-action à l'innovation avec le lab et représente les gestionnaires RH dans les "
        "projets d'outillage.",
        roles=AE,
    ),
    E(
        "Thomas Baron",
        "m",
        "dreal-normandie",
        "chargé de mission énergie",
        "2013-02-01",
        {"energie": 3, "transition-ecologique": 3, "analyse-de-donnees": 1},
        False,
        "Chargé de mission énergie à la DREAL Normandie, il pilote le suivi des consommations des "
        "bâtiments de l'État et les plans de sobriété des services. Il connaît les outils nationaux de "
        "suivi énergétique et aide les gestionnaires à fiabiliser leurs relevés.",
        roles=AE,
    ),
    E(
        "Chloé Dupuis",
        "f",
        "drac-normandie",
        "conseillère livre et lecture",
        "2016-09-01",
        {"culture-lecture-publique": 3, "tiers-lieux": 2, "patrimoine": 1},
        True,
        "Conseillère livre et lecture, elle accompagne les collectivités dans leurs projets de "
        "bibliothèques : extension des horaires, rénovation, nouveaux services. Elle a suivi la "
        "transformation d'une médiathèque en lieu de vie partagé et soutient la lecture en milieu "
        "rural.",
    ),
    E(
        "Jérôme Huet",
        "m",
        "ars-normandie",
        "responsable du pôle prévention",
        "2010-01-04",
        {"sante": 3, "evaluation-politiques-publiques": 3, "analyse-de-donnees": 2},
        True,
        "Responsable d'un pôle prévention à l'ARS Normandie, il finance et suit les actions de "
        "promotion de la santé : nutrition, addictions, santé mentale des jeunes. Il s'attache à "
        "mesurer ce qui marche et à relier les porteurs de projets aux données de santé territoriales.",
    ),
    E(
        "Nadia Carré",
        "f",
        "rectorat-normandie",
        "cheffe de la mission de lutte contre le décrochage",
        "2012-09-01",
        {"education": 3, "jeunesse": 3, "analyse-de-donnees": 2},
        True,
        "Cheffe de la mission de lutte contre le décrochage scolaire au rectorat, elle coordonne les "
        "réseaux de repérage des élèves en difficulté et les solutions de retour en formation. Elle "
        "connaît les systèmes d'information scolaires et leurs limites.",
    ),
    E(
        "Éric Lemaire",
        "m",
        "sgar-normandie",
        "chargé de mission fonds européens",
        "2009-05-04",
        {"financement-europeen": 3, "evaluation-politiques-publiques": 2, "simplification-administrative": 1},
        True,
        "Chargé de mission fonds européens au SGAR, il suit la programmation et aide les porteurs de "
        "projets à comprendre les règles d'éligibilité, de cofinancement et de justification des "
        "dépenses. Il anime des sessions d'information pour les petites communes et les associations.",
    ),
    E(
        "Isabelle Brunet",
        "f",
        "draaf-normandie",
        "cheffe du pôle alimentation",
        "2011-03-01",
        {"agriculture-alimentation": 3, "education": 2, "transition-ecologique": 2},
        True,
        "Cheffe du pôle alimentation de la DRAAF, elle accompagne les projets alimentaires "
        "territoriaux et l'approvisionnement local de la restauration collective. Elle connaît les "
        "aides aux agriculteurs et les acteurs de l'installation, ce qui l'a menée à conseiller un "
        "guichet unique agricole dans l'Orne.",
    ),
    E(
        "Guillaume Rey",
        "m",
        "prefecture-manche",
        "chef du service de protection civile",
        "2014-09-01",
        {"gestion-de-crise": 3, "risques-naturels": 3, "communication-publique": 2},
        False,
        "Chef du service de protection civile de la préfecture de la Manche, il prépare les exercices "
        "de crise et accompagne les maires dans leurs plans communaux de sauvegarde. Il sait ce qui "
        "bloque dans les petites communes : manque de temps, annuaires périmés, documents trop longs.",
    ),
    E(
        "Delphine Meunier",
        "f",
        "region-normandie",
        "cheffe de service fonds européens et ESS",
        "2012-10-01",
        {"financement-europeen": 3, "economie-sociale-solidaire": 3, "tiers-lieux": 2},
        True,
        "Cheffe de service à la Région Normandie, elle instruit des projets de l'économie sociale et "
        "solidaire et des tiers-lieux cofinancés par des fonds européens. Elle aide les petites "
        "structures à bâtir des plans de financement réalistes et à anticiper les délais de paiement.",
    ),
    E(
        "Maëlle Le Roux",
        "f",
        "metropole-rouen-normandie",
        "cheffe de projet participation citoyenne",
        "2018-04-03",
        {"participation-citoyenne": 3, "facilitation": 2, "transition-ecologique": 2},
        True,
        "Cheffe de projet participation citoyenne à la Métropole Rouen Normandie, elle a piloté un "
        "budget participatif consacré au climat, de l'appel à idées au vote. Elle cherche maintenant à "
        "associer les habitants à l'ouverture des données de mobilité.",
        roles=AE,
    ),
    E(
        "Quentin Roger",
        "m",
        "cd-manche",
        "chef de projet inclusion numérique",
        "2017-02-01",
        {"mediation-numerique": 3, "inclusion-sociale": 3, "gestion-de-projet-agile": 2},
        True,
        "Chef de projet inclusion numérique au Département de la Manche, il coordonne conseillers "
        "numériques, médiathèques et associations. Il a lancé un accompagnement numérique itinérant "
        "dans le sud du département et en suit la fréquentation mois par mois.",
    ),
    E(
        "Agnès Fabre",
        "f",
        "cd-calvados",
        "responsable de l'observatoire de la protection de l'enfance",
        "2010-09-01",
        {"protection-enfance": 3, "evaluation-politiques-publiques": 2, "participation-citoyenne": 3},
        False,
        "Responsable de l'observatoire départemental de la protection de l'enfance, elle analyse les "
        "parcours des enfants confiés et fait participer les jeunes accompagnés aux décisions qui les "
        "concernent. Elle a lancé la refonte du dossier remis aux jeunes.",
    ),
    E(
        "Alexandre Picard",
        "m",
        "ddets-orne",
        "chef du pôle hébergement et logement",
        "2015-03-02",
        {"logement": 3, "inclusion-sociale": 3, "analyse-de-donnees": 1},
        True,
        "Chef du pôle hébergement et accès au logement de la DDETS de l'Orne, il coordonne l'accueil et "
        "l'orientation des personnes sans abri, les places d'urgence et les dispositifs de logement "
        "d'abord. Il connaît les tensions quotidiennes du suivi des places disponibles.",
    ),
    E(
        "Laetitia Gauthier",
        "f",
        "prefecture-normandie",
        "cheffe de projet transformation",
        "2016-01-04",
        {"conduite-du-changement": 3, "outils-collaboratifs": 3, "gestion-de-projet-agile": 2},
        True,
        "Cheffe de projet transformation à la préfecture de région, elle a accompagné le passage des "
        "services au travail hybride : choix d'outils collaboratifs, formation des équipes, règles de "
        "partage des documents. Elle aide les services à conduire le changement sans multiplier les "
        "outils.",
    ),
]
