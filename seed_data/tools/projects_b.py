"""Projects supported by Innov'mandie (part 2)."""

from seed_data.tools.projects_a import AD, AI, NW, TR, P

PROJECTS_B = [
    P(
        "cours-de-college-participatives",
        "Repenser les cours de collège avec les élèves",
        "rectorat-normandie",
        "com-14047",
        "done",
        "2022-09-01",
        "2023-07-07",
        ["éducation", "adaptation au climat", "participation des jeunes"],
        [AI, TR],
        ["education", "participation-citoyenne", "transition-ecologique", "facilitation"],
        ["parvis-numerique", "ateliers-citoyens-estuaire"],
        3,
        [],
        [("elise-garnier", "conception de la concertation"), ("juliette-barbier", "facilitatrice")],
        ["juliette-barbier"],
        """Plusieurs collèges du Bessin ont des cours entièrement goudronnées, brûlantes en juin et
      dominées par les jeux de ballon. Le rectorat et les départements financent des travaux de
      végétalisation, mais les élèves étaient rarement consultés. Une équipe du rectorat a proposé au
      lab d'expérimenter une démarche participative dans trois établissements. Des délégués de
      classe ont été formés à l'enquête : ils ont observé les usages de la cour à chaque récréation
      et interrogé leurs camarades, y compris ceux qui restent à l'écart. Une facilitatrice a animé
      des ateliers de maquette mêlant élèves, agents d'entretien, enseignants et services
      techniques. Les propositions retenues (coins calmes, ombrage, partage des espaces de jeu) ont
      été intégrées au cahier des charges des travaux. Un guide pour les autres collèges a été rédigé
      avec les élèves.""",
    ),
    P(
        "prevention-sante-jeunes-ruraux",
        "Aller vers les jeunes des territoires ruraux de l'Orne pour parler santé",
        "ars-normandie",
        "com-61169",
        "accompanied",
        "2024-03-04",
        None,
        ["santé des jeunes", "aller-vers", "ruralité"],
        [AI, NW],
        ["sante", "jeunesse", "sciences-comportementales"],
        ["cd-orne", "univ-caen"],
        3,
        [],
        [
            ("jerome-huet", "pilotage prévention"),
            ("clemence-poirier", "enquête et indicateurs"),
            ("laure-hebert", "conception des messages"),
            ("juliette-barbier", "ateliers avec les jeunes"),
        ],
        ["clemence-poirier"],
        """Dans le bocage ornais, les jeunes de 16 à 25 ans consultent peu : le médecin est loin, les
      horaires des structures de prévention coïncident avec ceux des cours ou du travail, et
      beaucoup ne se reconnaissent pas dans les campagnes diffusées sur les réseaux sociaux. Les
      acteurs locaux constatent une hausse des situations de mal-être, des consommations à risque et
      des renoncements aux soins dentaires et visuels. L'équipe prévention de l'ARS a souhaité
      tester une autre façon d'aller vers ces jeunes. Innov'mandie a d'abord proposé de partir de
      leur quotidien. Une enseignante-chercheuse en santé publique a conçu avec l'équipe une enquête
      courte, passée dans des lycées agricoles, des centres de formation d'apprentis, des clubs de
      sport et lors d'une fête de village ; une facilitatrice a animé quatre ateliers où des jeunes
      ont décrit leurs lieux de passage, les personnes à qui ils font confiance et les messages
      qu'ils jugent crédibles. Les résultats ont surpris l'équipe : les jeunes citent d'abord
      l'entraîneur, le maître d'apprentissage et la pharmacie, bien avant les professionnels de la
      prévention. Le projet teste donc trois pistes. Des intervenants de prévention tiennent des
      permanences dans les lieux déjà fréquentés, sans rendez-vous. Des adultes relais (entraîneurs,
      maîtres d'apprentissage) reçoivent une courte formation pour savoir orienter. Enfin, les
      messages de prévention ont été réécrits avec une spécialiste des sciences comportementales :
      ils proposent une action concrète et immédiate plutôt qu'un avertissement. Le lab a mis en
      relation l'ARS et le conseil départemental, qui finance des actions jeunesse sur les mêmes
      territoires, pour éviter les doublons. Les premiers résultats sont attendus à la fin de
      l'année scolaire, avec des indicateurs simples choisis avec les partenaires.""",
    ),
    P(
        "parcours-proches-aidants-calvados",
        "Simplifier le parcours des proches aidants de personnes âgées",
        "cd-calvados",
        "com-14366",
        "incubated",
        "2023-01-16",
        None,
        ["autonomie", "aidants", "parcours usager"],
        [AI, NW],
        ["vieillissement", "design-de-service", "relation-usager"],
        ["relais-aidants-albatre", "studio-clairiere"],
        4,
        [],
        [
            ("valerie-duval", "expérience des associations d'aidants"),
            ("clemence-poirier", "santé des aidants"),
            ("claire-lemonnier", "designer de service"),
        ],
        ["valerie-duval"],
        """Lorsqu'un parent âgé perd son autonomie, son proche aidant doit comprendre en quelques
      semaines un paysage complexe : allocation personnalisée d'autonomie, services d'aide à
      domicile, accueil de jour, solutions de répit, aides de la caisse de retraite. Les agents du
      Département, dans le pays d'Auge, recevaient des aidants épuisés qui avaient déjà frappé à
      plusieurs portes. Le lab a accompagné l'équipe dans une démarche de design de service : une
      vingtaine d'entretiens avec des aidants, dont plusieurs jamais venus au Département, et la
      reconstitution de leurs parcours sur une frise. Une coordinatrice associative et une
      chercheuse en santé publique ont aidé à repérer les moments où l'aidant décroche. Le prototype
      associe un appel de suivi systématique un mois après la première demande et un carnet de
      l'aidant, papier et en ligne. Il est en incubation sur le territoire de Lisieux.""",
    ),
    P(
        "dossier-jeune-aide-sociale-enfance",
        "Un dossier que le jeune de l'aide sociale à l'enfance peut lire et compléter",
        "cd-calvados",
        "com-14118",
        "accompanied",
        "2024-02-05",
        None,
        ["protection de l'enfance", "langage clair", "participation des jeunes"],
        [AD, AI],
        ["protection-enfance", "langage-clair", "participation-citoyenne"],
        ["mots-passants"],
        3,
        [],
        [("agnes-fabre", "pilotage de la refonte"), ("agathe-leblond", "réécriture en langage clair")],
        ["agathe-leblond"],
        """Les jeunes accueillis à l'aide sociale à l'enfance ont rarement accès à leur dossier, et les
      documents qu'on leur remet (projet pour l'enfant, comptes rendus d'audience) sont écrits pour
      des professionnels. À l'approche de la majorité, beaucoup ne savent pas quelles démarches les
      attendent. Avec le lab, l'observatoire départemental et des référents ont réuni un groupe de
      jeunes de 15 à 20 ans pour réécrire ensemble ces documents. Une rédactrice spécialisée en
      langage clair accompagne les ateliers. Les premières versions, plus courtes et illustrées,
      sont testées dans deux maisons d'enfants.""",
    ),
    P(
        "accompagnement-numerique-itinerant-manche",
        "Un accompagnement numérique itinérant dans le sud Manche",
        "cd-manche",
        "com-50025",
        "done",
        "2022-03-07",
        "2023-06-30",
        ["inclusion numérique", "ruralité"],
        [AI, NW],
        ["mediation-numerique", "inclusion-sociale", "mobilite"],
        ["bocage-numerique"],
        4,
        [],
        [
            ("quentin-roger", "chef de projet"),
            ("amandine-leprevost", "médiatrice numérique"),
            ("ronan-guerout", "organisation des permanences"),
        ],
        ["amandine-leprevost"],
        """Dans le sud de la Manche, de nombreux habitants âgés ou sans voiture ne peuvent pas se rendre
      dans les espaces numériques des villes. Le Département a souhaité tester un accompagnement
      itinérant plutôt que d'ouvrir un nouveau lieu. L'équipe inclusion numérique a travaillé avec
      le lab pour choisir les étapes : enquête auprès des mairies et des secrétaires de mairie,
      repérage des jours de marché, puis tournée hebdomadaire dans huit communes autour d'Avranches
      avec un véhicule équipé. Une association de médiation numérique de l'Orne a partagé ses fiches
      pas à pas et formé deux agents du Département. Après quinze mois, la tournée a été pérennisée et
      étendue, avec des rendez-vous pris par téléphone en mairie pour éviter les déplacements
      inutiles. Les démarches les plus fréquentes concernent la santé, la retraite et les impôts.""",
    ),
    P(
        "rsa-premier-rendez-vous",
        "Réduire le délai entre l'ouverture du droit au RSA et le premier rendez-vous",
        "cd-seine-maritime",
        "com-76540",
        "accompanied",
        "2023-06-12",
        None,
        ["insertion", "accès aux droits"],
        [AI, NW, AD],
        ["inclusion-sociale", "emploi-insertion", "analyse-de-donnees", "design-de-service"],
        ["france-travail-normandie", "labo-ltap"],
        4,
        ["france-travail-normandie"],
        [
            ("leila-masson", "articulation avec France Travail"),
            ("gael-delaunay", "sociologue du non-recours"),
            ("ines-benoit", "mesure des délais"),
        ],
        ["gael-delaunay"],
        """En Seine-Maritime, plusieurs semaines pouvaient s'écouler entre l'ouverture du droit au RSA
      et le premier rendez-vous d'accompagnement. Pendant ce temps, une partie des allocataires
      décrochaient : courrier non lu, changement d'adresse, découragement. L'équipe insertion du
      Département a sollicité le lab pour comprendre où se perdait le temps. Une data analyste a
      reconstitué les délais à partir des dates enregistrées dans les différents outils, sans
      données nominatives. Un sociologue du non-recours a mené des entretiens avec des allocataires
      qui n'étaient jamais venus au premier rendez-vous. Le lab a ensuite réuni le Département et
      France Travail, dont les équipes ne se connaissaient pas, pour un atelier sur le parcours
      complet. Deux changements sont testés sur le territoire de Rouen : un rendez-vous collectif
      proposé dans les quinze jours, avec un SMS de rappel, et une orientation décidée en commun
      pendant ce rendez-vous plutôt que sur dossier.""",
    ),
    P(
        "transport-solidaire-orne",
        "Structurer le transport solidaire dans les communes rurales de l'Orne",
        "cd-orne",
        "com-61006",
        "accompanied",
        "2023-11-06",
        None,
        ["mobilité rurale", "solidarité"],
        [NW, AD],
        ["mobilite", "inclusion-sociale", "economie-sociale-solidaire"],
        ["mobil-bocage", "cerema-normandie", "insa-rouen"],
        3,
        [],
        [
            ("loic-marchal", "expérience du transport solidaire"),
            ("nathalie-hue", "estimation des besoins"),
            ("damien-rolland", "organisation de l'offre"),
        ],
        ["loic-marchal"],
        """Dans l'Orne, des dizaines de communes rurales ont un service de transport par chauffeurs
      bénévoles, chacun avec ses règles, ses tarifs et son numéro de téléphone. Les habitants
      l'ignorent souvent et les bénévoles s'épuisent. Le Département a voulu structurer l'offre sans
      la centraliser. Le lab a mis l'équipe en relation avec une association de mobilité solidaire,
      une chercheuse qui a estimé les besoins à partir des données de population et un chargé
      d'études du Cerema. Une charte commune, un numéro unique par bassin de vie et une assurance
      mutualisée sont en préparation avec les communes volontaires.""",
    ),
    P(
        "budget-participatif-climat",
        "Un budget participatif consacré à l'adaptation au changement climatique",
        "metropole-rouen-normandie",
        "com-76540",
        "done",
        "2022-06-20",
        "2023-10-31",
        ["participation citoyenne", "climat"],
        [AD, NW],
        ["participation-citoyenne", "transition-ecologique", "developpement-web"],
        ["parvis-numerique", "ateliers-citoyens-estuaire"],
        3,
        [],
        [
            ("maelle-le-roux", "pilotage du budget participatif"),
            ("karim-mercier", "plateforme de vote"),
            ("juliette-barbier", "ateliers d'émergence des projets"),
        ],
        ["karim-mercier"],
        """La Métropole souhaitait consacrer une enveloppe à des projets d'habitants pour s'adapter aux
      fortes chaleurs et aux pluies intenses : plantations, récupération d'eau, îlots de fraîcheur.
      Lors d'une précédente consultation, la plupart des idées venaient des mêmes quartiers et des
      mêmes profils. Le lab a aidé l'équipe à concevoir une démarche plus ouverte. Des ateliers
      d'émergence ont été organisés dans des centres sociaux, des marchés et des résidences, avec
      une association d'éducation populaire. Les services techniques ont étudié la faisabilité des
      propositions dans un délai annoncé à l'avance. Le vote a combiné une plateforme en ligne libre,
      paramétrée par une jeune entreprise locale, et des urnes dans les mairies. Vingt-deux projets
      ont été retenus. Le bilan souligne la participation plus forte des quartiers populaires et la
      nécessité d'informer les porteurs de projets pendant la réalisation des travaux.""",
    ),
    P(
        "ouverture-donnees-mobilite-rouen",
        "Ouvrir les comptages vélo et les données de fréquentation des transports",
        "metropole-rouen-normandie",
        "com-76540",
        "incubated",
        "2024-04-02",
        None,
        ["données ouvertes", "mobilité"],
        [AI, AD],
        ["donnees-ouvertes", "mobilite", "analyse-de-donnees", "participation-citoyenne"],
        ["donnea-conseil", "insa-rouen"],
        3,
        [],
        [
            ("maelle-le-roux", "association des habitants"),
            ("julien-duhamel", "publication des données"),
            ("nathalie-hue", "interprétation des comptages"),
        ],
        ["nathalie-hue"],
        """La Métropole dispose de compteurs vélo et de données de fréquentation des lignes de bus, mais
      les publie irrégulièrement. Des associations d'usagers les réclament. Avec le lab, l'équipe
      mobilité prépare une publication mensuelle automatisée, accompagnée d'une note de lecture, et
      teste avec une chercheuse et des habitants les visualisations réellement utiles. Un consultant
      en données aide à choisir les formats et à documenter les limites des compteurs, souvent en
      panne l'hiver.""",
    ),
    P(
        "tri-biodechets-caen-la-mer",
        "Encourager le tri des biodéchets grâce aux sciences comportementales",
        "caen-la-mer",
        "com-14118",
        "done",
        "2023-03-13",
        "2024-02-29",
        ["déchets", "sciences comportementales"],
        [AD, NW],
        ["sciences-comportementales", "transition-ecologique", "evaluation-politiques-publiques"],
        ["ademe-normandie", "ditp"],
        3,
        [],
        [("audrey-joly", "expertise déchets"), ("antoine-giraud", "conception de l'expérimentation")],
        ["antoine-giraud"],
        """La collectivité a distribué des bioseaux et installé des points de collecte des déchets
      alimentaires, mais les quantités collectées restaient faibles dans plusieurs quartiers
      d'habitat collectif. Plutôt que de lancer une nouvelle campagne d'affichage, l'équipe du
      service déchets a demandé au lab de l'aider à comprendre les freins. Des observations au pied
      des immeubles et de courts entretiens ont fait ressortir trois obstacles : le bioseau est
      rangé loin de la cuisine, le point de collecte n'est pas sur le trajet habituel et les odeurs
      inquiètent. Avec un conseiller en sciences comportementales de la DITP et l'ADEME, l'équipe a
      testé des sacs compostables fournis par défaut, un autocollant à placer près de l'évier et le
      déplacement de quelques bornes. Les quantités ont été comparées entre quartiers testés et
      quartiers témoins pendant six mois : la hausse est nette là où les bornes ont été déplacées.""",
    ),
    P(
        "concertation-littoral-estuaire",
        "Concerter les habitants sur l'adaptation du littoral de l'estuaire",
        "le-havre-seine-metropole",
        "com-76351",
        "accompanied",
        "2024-05-13",
        None,
        ["littoral", "concertation"],
        [NW, AI],
        ["participation-citoyenne", "risques-naturels", "eau-biodiversite", "facilitation"],
        ["labo-liso", "ateliers-citoyens-estuaire"],
        3,
        [],
        [
            ("sophie-lemarchand", "écologue"),
            ("mehdi-renard", "scénarios d'évolution du trait de côte"),
            ("elise-garnier", "conception de la concertation"),
        ],
        ["sophie-lemarchand"],
        """L'intercommunalité doit décider de l'avenir de plusieurs secteurs littoraux exposés à
      l'érosion et à la submersion : protéger, laisser évoluer ou réaménager. Les premières réunions
      publiques ont été tendues, car les habitants découvraient les scénarios au dernier moment.
      Accompagnée par le lab, l'équipe prépare une concertation en amont des choix. Un laboratoire
      de géographie a traduit les scénarios en cartes et en images du littoral à trente ans, et une
      écologue a organisé des sorties de terrain sur les zones humides. Des ateliers en petits
      groupes, conçus avec une cheffe de projet participation, permettent aux habitants de comparer
      les options et leurs conséquences. Un compte rendu public précise ce que chaque contribution a
      changé.""",
    ),
]
