"""Labelled query set: new drafts ("brouillons") as agents would write them to the lab.

Each query lists the experts and organisations a knowledgeable lab staffer would suggest.
`topics` (skill slugs) is used only by the generator to check that every answer fits; it is not
written out. Queries marked "paraphrase" avoid the vocabulary of the experts' bios.
"""


def Q(qid, topics, experts, organisations, text):
    return {
        "id": qid,
        "topics": topics,
        "experts": [f"person:{e}" for e in experts],
        "organisations": [f"org:{o}" for o in organisations],
        "text": " ".join(text.split()),
    }


QUERIES = [
    Q(
        "q01",
        ["langage-clair"],
        ["agathe-leblond", "hugo-perrot", "justine-vasseur", "laure-hebert"],
        ["mots-passants", "passe-muraille", "caf-orne"],
        """Bonjour, je suis responsable d'un service de gestion des prestations. Nos lettres de relance
      et nos notifications de trop-perçu génèrent énormément d'appels : les allocataires ne
      comprennent ni ce qu'on leur reproche ni ce qu'ils doivent faire. Nous voudrions réécrire nos
      modèles de courriers les plus envoyés, les tester auprès de personnes qui ont des difficultés
      de lecture et former nos rédacteurs. Pouvez-vous nous aider à trouver des spécialistes ?""",
    ),
    # paraphrase
    Q(
        "q02",
        ["donnees-ouvertes", "gouvernance-des-donnees"],
        ["julien-duhamel", "pierre-lemoine", "tristan-lecoq"],
        ["donnea-conseil", "dinum", "cd-eure"],
        """Notre intercommunalité voudrait mettre en libre accès ses fichiers : horaires des
      équipements, subventions versées, arrêtés, emplacements des bornes de recharge. Les élus sont
      d'accord mais personne ne sait par où commencer : quelle licence choisir, sous quel format,
      sur quel portail, et surtout qui se chargera de tenir chaque fichier à jour une fois publié.
      Nous cherchons un appui méthodologique et des retours d'expérience de collectivités
      voisines.""",
    ),
    Q(
        "q03",
        ["tiers-lieux", "culture-lecture-publique", "economie-sociale-solidaire"],
        ["erwan-lefrancois", "beatrice-jouen", "chloe-dupuis", "delphine-meunier"],
        ["les-lisieres", "cu-alencon", "drac-normandie"],
        """Brouillon de projet : notre commune rurale de 2 500 habitants souhaite regrouper la
      bibliothèque, une salle associative et un espace de coworking dans l'ancienne poste, pour en
      faire un tiers-lieu ouvert le soir et le week-end. Nous nous interrogeons sur la gouvernance
      avec les habitants, sur le modèle économique à moyen terme et sur les financements possibles,
      y compris pour la partie lecture publique. Qui pourrait nous conseiller ?""",
    ),
    # paraphrase
    Q(
        "q04",
        ["sciences-comportementales", "evaluation-politiques-publiques"],
        ["laure-hebert", "antoine-giraud", "cedric-fontaine", "gael-delaunay"],
        ["tessiture-evaluation", "ditp"],
        """Près d'un tiers des personnes que nous convoquons ne se présentent pas et ne préviennent
      pas. Nous aimerions essayer autre chose que les relances classiques : changer la formulation
      de la convocation, envoyer un rappel la veille, proposer de choisir soi-même le créneau. Mais
      nous voulons savoir honnêtement si cela marche, en comparant avec un groupe qui garde
      l'ancien courrier. Avez-vous des contacts pour monter ce test correctement ?""",
    ),
    Q(
        "q05",
        ["rh-management", "qualite-de-vie-au-travail"],
        ["florence-levasseur", "virginie-hamon", "bruno-lacroix"],
        ["pfrh-normandie", "univ-rouen", "dgafp"],
        """Je suis secrétaire générale d'une direction départementale. Nous perdons beaucoup de
      nouveaux agents dans leur première année : ils disent s'être sentis isolés, mal informés, et
      les managers de proximité ne savent pas comment les accompagner. J'aimerais travailler sur
      l'intégration des arrivants et sur le bien-être au travail des équipes, en m'appuyant sur ce
      qui a déjà été fait dans d'autres services de l'État en Normandie.""",
    ),
    Q(
        "q06",
        ["accessibilite"],
        ["yann-le-gall", "emilie-dufour", "justine-vasseur", "baptiste-leroux"],
        ["atelier-pontil", "passe-muraille", "dinum"],
        """Notre site de démarches en ligne (inscriptions, réservations, paiement de la cantine) a reçu
      plusieurs plaintes de personnes aveugles et malvoyantes. Nous savons que nous devons
      respecter le référentiel d'accessibilité mais nous n'avons jamais fait d'audit. Nous
      cherchons des experts pour évaluer nos formulaires, former nos développeurs et vérifier que
      les textes d'aide sont compréhensibles par tous.""",
    ),
    # paraphrase
    Q(
        "q07",
        ["risques-naturels", "cartographie-sig"],
        ["mehdi-renard", "tristan-lecoq", "helene-caron", "gilles-lecarpentier"],
        ["labo-liso", "geobocage", "cerema-normandie", "ddtm-seine-maritime"],
        """Dans notre station balnéaire, la falaise recule chaque hiver et la mer monte parfois
      jusqu'aux maisons du front de mer. Les habitants ne savent pas quelles rues seront concernées
      dans vingt ou trente ans et les rumeurs circulent. Nous voudrions leur montrer, rue par rue,
      ce qui est su et ce qui ne l'est pas, avec des visuels simples, avant d'ouvrir le débat sur
      l'avenir du quartier.""",
    ),
    Q(
        "q08",
        ["agriculture-alimentation", "commande-publique"],
        ["benoit-guillot", "isabelle-brunet", "arnaud-deschamps", "audrey-joly"],
        ["assiettes-locales", "draaf-normandie", "cabinet-aubepine"],
        """Notre ville gère la restauration de six écoles élémentaires. Nous voulons servir davantage
      de produits locaux et de saison sans exploser le budget, mais notre marché actuel est attribué
      à un grossiste et nos cuisiniers ne connaissent pas les producteurs du secteur. Nous aurions
      besoin d'aide pour revoir l'achat des denrées, trouver des agriculteurs partenaires et réduire
      le gaspillage dans les assiettes.""",
    ),
    Q(
        "q09",
        ["mobilite", "emploi-insertion"],
        ["loic-marchal", "damien-rolland", "nathalie-hue", "leila-masson"],
        ["mobil-bocage", "cerema-normandie", "france-travail-normandie"],
        """Dans notre bassin d'emploi rural, des demandeurs d'emploi refusent des offres ou des
      formations parce qu'ils n'ont ni permis ni voiture, et que le car ne passe que deux fois par
      jour. Nous aimerions monter une solution de mobilité pour le retour à l'emploi : prêt de
      véhicules, transport à la demande, covoiturage avec les entreprises. Qui a déjà fait cela et
      pourrait nous aider à estimer les besoins ?""",
    ),
    # paraphrase
    Q(
        "q10",
        ["intelligence-artificielle", "protection-des-donnees"],
        ["samir-lambert", "noemie-fleury", "adrien-royer", "pauline-roussel"],
        ["lanterne-ia", "insa-rouen", "donnea-conseil"],
        """Notre boîte de messagerie reçoit plusieurs centaines de demandes par semaine et il faut
      une personne à plein temps pour les orienter vers le bon bureau. On nous parle d'outils
      automatiques capables de lire et de trier ces messages. Avant d'acheter quoi que ce soit, nous
      voudrions savoir si c'est fiable, ce que l'on gagne vraiment et comment éviter que des
      informations personnelles sur les administrés sortent de nos serveurs.""",
    ),
    Q(
        "q11",
        ["mediation-numerique"],
        ["amandine-leprevost", "ronan-guerout", "quentin-roger"],
        ["bocage-numerique", "cd-manche"],
        """Bonjour, je travaille dans une communauté de communes très rurale. Les secrétaires de mairie
      passent un temps fou à aider des personnes âgées à faire leurs démarches en ligne, sans y être
      formées. Nous aimerions organiser un accompagnement au numérique de proximité, peut-être
      itinérant, et former les agents d'accueil. Auriez-vous des contacts de médiateurs numériques
      ou de collectivités qui l'ont déjà fait ?""",
    ),
    Q(
        "q12",
        ["participation-citoyenne", "facilitation", "jeunesse"],
        ["elise-garnier", "juliette-barbier", "karim-mercier", "maelle-le-roux"],
        ["ateliers-citoyens-estuaire", "parvis-numerique", "metropole-rouen-normandie"],
        """Notre ville va réaménager un grand parc au cœur d'un quartier prioritaire. Les élus
      souhaitent une vraie concertation, en particulier avec les adolescents, qui ne viennent jamais
      aux réunions publiques. Nous cherchons des personnes capables d'animer des ateliers sur place,
      de proposer aussi une participation en ligne et de nous aider à rendre compte de ce qui aura
      été retenu.""",
    ),
    # paraphrase
    Q(
        "q13",
        ["inclusion-sociale", "sciences-comportementales"],
        ["gael-delaunay", "sandrine-aubert", "antoine-giraud"],
        ["labo-ltap", "caf-calvados", "caf-orne"],
        """Nos données montrent que beaucoup de familles qui pourraient bénéficier de nos aides
      facultatives ne les demandent jamais. Nous ne savons pas si elles ignorent leur existence,
      trouvent le dossier trop compliqué ou ont honte de demander. Nous voudrions d'abord
      comprendre, en allant à leur rencontre, puis tester des façons plus simples de leur proposer
      l'aide. Qui pourrait nous accompagner ?""",
    ),
    Q(
        "q14",
        ["vieillissement"],
        ["valerie-duval", "clemence-poirier", "amandine-leprevost"],
        ["relais-aidants-albatre", "cd-calvados", "ars-normandie"],
        """Notre centre communal d'action sociale constate que les proches aidants de personnes âgées
      arrivent chez nous épuisés, après des mois sans aide. Nous aimerions les repérer plus tôt,
      mieux les orienter vers les solutions de répit et construire un parcours plus lisible avec le
      Département et les associations. Pouvez-vous nous mettre en relation avec des personnes qui
      ont travaillé sur le sujet ?""",
    ),
    Q(
        "q15",
        ["energie", "transition-ecologique"],
        ["stephane-breton", "thomas-baron", "adrien-royer"],
        ["ademe-normandie", "dreal-normandie"],
        """Notre collectivité possède une soixantaine de bâtiments (écoles, gymnases, salles) et nos
      factures d'énergie ont doublé. Nous n'avons pas de suivi des consommations site par site, les
      relevés sont faits à la main quand quelqu'un y pense. Nous voudrions un outil de suivi simple,
      repérer les dérives et prioriser les travaux. Qui pourrait nous conseiller ?""",
    ),
    # paraphrase
    Q(
        "q16",
        ["simplification-administrative", "juridique", "ux-design", "design-de-service"],
        ["olivier-lecanu", "cecile-maillard", "baptiste-leroux", "claire-lemonnier"],
        ["cabinet-aubepine", "univ-caen", "studio-clairiere"],
        """Notre dossier de demande de subvention pour les associations fait douze pages et exige une
      vingtaine de pièces. Les petites associations abandonnent, les agents passent leur temps à
      réclamer des documents. Nous aimerions le réduire au strict nécessaire, mais nous craignons
      d'oublier une obligation réglementaire. Nous voudrions aussi le repenser avec des
      responsables associatifs et le proposer en ligne.""",
    ),
    Q(
        "q17",
        ["education", "jeunesse"],
        ["nadia-carre", "vincent-charpentier", "juliette-barbier"],
        ["rectorat-normandie", "univ-rouen"],
        """Je suis proviseure adjointe d'un lycée professionnel. Chaque année, une quarantaine d'élèves
      de première année quittent l'établissement sans solution, souvent après une orientation
      subie. Nous voudrions repérer plus tôt les élèves qui décrochent et construire avec eux et
      leurs familles des actions de raccrochage, en évitant de les stigmatiser. Nous cherchons des
      appuis pour concevoir la démarche.""",
    ),
    Q(
        "q18",
        ["financement-europeen"],
        ["eric-lemaire", "delphine-meunier"],
        ["sgar-normandie", "region-normandie"],
        """Notre association d'insertion a un projet de ressourcerie qui pourrait être éligible à des
      fonds européens, mais nous n'avons jamais monté ce type de dossier. Nous avons peur des
      règles de justification des dépenses et des délais de paiement, qui pourraient mettre notre
      trésorerie en danger. Nous cherchons quelqu'un qui connaisse bien ces financements pour nous
      aider à évaluer si cela vaut la peine.""",
    ),
    # paraphrase
    Q(
        "q19",
        ["protection-enfance", "participation-citoyenne", "langage-clair"],
        ["agnes-fabre", "elise-garnier", "agathe-leblond"],
        ["cd-calvados", "mots-passants"],
        """Les jeunes que nous suivons jusqu'à leur majorité quittent nos services sans savoir comment
      trouver un logement, ouvrir leurs droits ou se soigner. Les documents qu'on leur remet sont
      illisibles pour eux. Nous voudrions concevoir avec eux un guide de la sortie, dans leurs mots,
      et les associer plus largement aux décisions qui les concernent.""",
    ),
    Q(
        "q20",
        ["eau-biodiversite"],
        ["philippe-cousin", "sophie-lemarchand", "anais-marchand"],
        ["ofb-normandie", "ddtm-manche", "labo-liso"],
        """Notre syndicat d'eau potable voit les taux de nitrates augmenter dans deux captages. Les
      mesures imposées ont été mal reçues par les exploitants agricoles et le dialogue est bloqué.
      Nous aimerions relancer la discussion autrement, avec des visites de terrain et des mesures
      faites ensemble, et identifier les aides qui pourraient accompagner un changement de
      pratiques.""",
    ),
    Q(
        "q21",
        ["gestion-de-crise", "risques-naturels"],
        ["guillaume-rey", "helene-caron"],
        ["prefecture-manche", "cerema-normandie"],
        """Je suis directeur général des services d'une petite commune. Notre plan communal de
      sauvegarde date de 2011 et personne ne l'a ouvert depuis. Lors de la dernière tempête, nous
      avons improvisé. Nous voudrions un plan court, réellement utilisable, et organiser un premier
      exercice avec les élus et les agents. Existe-t-il des personnes qui ont accompagné d'autres
      communes ?""",
    ),
    Q(
        "q22",
        ["cybersecurite", "outils-collaboratifs"],
        ["fabrice-aubry", "laetitia-gauthier"],
        ["ensicaen", "sgar-normandie"],
        """Notre service travaille avec trois autres administrations sur un projet commun, et chacun
      utilise ses propres outils de partage de fichiers et de visioconférence. Nous échangeons des
      documents sensibles par courriel faute de mieux. Nous cherchons des conseils pour choisir des
      outils communs sûrs, définir quelques règles simples et accompagner les équipes dans ce
      changement.""",
    ),
    # paraphrase
    Q(
        "q23",
        ["logement", "inclusion-sociale", "developpement-web"],
        ["alexandre-picard", "mathilde-carpentier", "gael-delaunay"],
        ["ddets-orne", "atelier-pontil"],
        """Le soir, quand une personne à la rue appelle, nos équipes passent parfois une heure au
      téléphone pour trouver un lit libre, alors que des structures ont de la place. Nous
      aimerions que chaque foyer signale ses lits disponibles en un geste, et que les équipes
      d'orientation voient la situation d'un coup d'œil. Il nous faut des personnes qui
      connaissent ce secteur et d'autres capables de fabriquer un petit outil robuste.""",
    ),
    Q(
        "q24",
        ["sante", "sciences-comportementales"],
        ["jerome-huet", "clemence-poirier", "laure-hebert"],
        ["ars-normandie", "univ-caen"],
        """Nous sommes une maison de santé pluriprofessionnelle en zone rurale. Nous voudrions monter
      des actions de prévention auprès des adolescents et des jeunes adultes du canton, sur la santé
      mentale et les addictions, mais nos affiches et nos réunions n'attirent personne. Nous
      cherchons des conseils pour toucher ce public, choisir les bons messages et mesurer ce que
      nous faisons.""",
    ),
    # paraphrase
    Q(
        "q25",
        ["design-de-service", "relation-usager"],
        ["charlotte-riviere", "claire-lemonnier", "maxime-lebas"],
        ["ditp", "studio-clairiere"],
        """À l'accueil de notre mairie, les gens attendent longtemps, se trompent de bureau et
      repartent souvent sans avoir pu terminer leur démarche. Les agents sont fatigués des
      tensions. Nous voudrions comprendre ce que vivent les personnes qui viennent, de la prise
      d'information à la fin de la démarche, puis essayer de nouvelles façons de les recevoir
      avant de réaménager les locaux.""",
    ),
    Q(
        "q26",
        ["formation", "conduite-du-changement"],
        ["helene-quesnel", "virginie-hamon", "florence-levasseur", "vincent-charpentier"],
        ["pfrh-normandie", "univ-rouen"],
        """Notre direction générale souhaite former une vingtaine de cadres à l'innovation publique et
      à la conduite du changement, non pas avec des conférences mais à partir de leurs propres
      projets. Nous cherchons des intervenants capables de concevoir une formation-action sur
      plusieurs mois et de suivre les participants entre les sessions.""",
    ),
    Q(
        "q27",
        ["juridique", "finances-publiques"],
        ["margaux-perrin", "olivier-lecanu"],
        ["dgcl", "prefecture-orne"],
        """Je coordonne l'appui aux communes dans une communauté de communes. Les secrétaires de mairie
      nous posent sans cesse des questions sur les budgets, les délibérations et les marchés, et
      nous n'avons pas de juriste. Nous voudrions créer des fiches pratiques et un espace
      d'entraide, validés par des spécialistes du droit et des finances des collectivités.""",
    ),
    Q(
        "q28",
        ["culture-lecture-publique"],
        ["morgane-collet", "chloe-dupuis"],
        ["lire-en-pays-d-auge", "drac-normandie"],
        """Notre réseau de bibliothèques rurales voudrait aller vers les familles qui ne fréquentent
      jamais nos équipements : lectures dans les crèches et les salles d'attente, portage de livres,
      ateliers pour les adultes fâchés avec l'écrit. Nous cherchons des partenaires qui l'ont déjà
      fait et des conseils sur les soutiens possibles de l'État.""",
    ),
]
