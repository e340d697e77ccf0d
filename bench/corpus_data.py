"""Word lists and named things for the benchmark corpus (bench/generate.py, bench/to_hugo.py).

Standard library only. Countries carry their UN M49 sub-region and continent so that the Hugo
site (which cannot derive regions) gets the same region pages as fiche.
"""

LANGS = ("fr", "en", "es")

# Sub-regions and continents (UN M49) with names per language.
REGIONS = {
    "northern-africa": ("africa", {"fr": "Afrique du Nord", "en": "Northern Africa", "es": "África septentrional"}),
    "western-africa": ("africa", {"fr": "Afrique de l'Ouest", "en": "Western Africa", "es": "África occidental"}),
    "eastern-africa": ("africa", {"fr": "Afrique de l'Est", "en": "Eastern Africa", "es": "África oriental"}),
    "middle-africa": ("africa", {"fr": "Afrique centrale", "en": "Middle Africa", "es": "África central"}),
    "southern-africa": ("africa", {"fr": "Afrique australe", "en": "Southern Africa", "es": "África austral"}),
    "caribbean": ("americas", {"fr": "Caraïbes", "en": "Caribbean", "es": "Caribe"}),
    "central-america": ("americas", {"fr": "Amérique centrale", "en": "Central America", "es": "Centroamérica"}),
    "south-america": ("americas", {"fr": "Amérique du Sud", "en": "South America", "es": "Sudamérica"}),
    "central-asia": ("asia", {"fr": "Asie centrale", "en": "Central Asia", "es": "Asia central"}),
    "south-eastern-asia": ("asia", {"fr": "Asie du Sud-Est", "en": "South-eastern Asia", "es": "Sudeste asiático"}),
    "southern-asia": ("asia", {"fr": "Asie du Sud", "en": "Southern Asia", "es": "Asia meridional"}),
    "western-asia": ("asia", {"fr": "Asie de l'Ouest", "en": "Western Asia", "es": "Asia occidental"}),
    "eastern-europe": ("europe", {"fr": "Europe de l'Est", "en": "Eastern Europe", "es": "Europa oriental"}),
    "southern-europe": ("europe", {"fr": "Europe du Sud", "en": "Southern Europe", "es": "Europa meridional"}),
    "melanesia": ("oceania", {"fr": "Mélanésie", "en": "Melanesia", "es": "Melanesia"}),
    "polynesia": ("oceania", {"fr": "Polynésie", "en": "Polynesia", "es": "Polinesia"}),
    "micronesia": ("oceania", {"fr": "Micronésie", "en": "Micronesia", "es": "Micronesia"}),
}
CONTINENTS = {
    "africa": {"fr": "Afrique", "en": "Africa", "es": "África"},
    "americas": {"fr": "Amériques", "en": "Americas", "es": "América"},
    "asia": {"fr": "Asie", "en": "Asia", "es": "Asia"},
    "europe": {"fr": "Europe", "en": "Europe", "es": "Europa"},
    "oceania": {"fr": "Océanie", "en": "Oceania", "es": "Oceanía"},
}

# alpha-2, alpha-3, sub-region, names (fr, en, es). A name is written in front matter only
# when `named` is true (names that CLDR spells the same way).
_C = [
    ("MA", "MAR", "northern-africa", "Maroc", "Morocco", "Marruecos", True),
    ("DZ", "DZA", "northern-africa", "Algérie", "Algeria", "Argelia", True),
    ("TN", "TUN", "northern-africa", "Tunisie", "Tunisia", "Túnez", True),
    ("EG", "EGY", "northern-africa", "Égypte", "Egypt", "Egipto", True),
    ("LY", "LBY", "northern-africa", "Libye", "Libya", "Libia", True),
    ("SD", "SDN", "northern-africa", "Soudan", "Sudan", "Sudán", True),
    ("SN", "SEN", "western-africa", "Sénégal", "Senegal", "Senegal", True),
    ("ML", "MLI", "western-africa", "Mali", "Mali", "Mali", True),
    ("NE", "NER", "western-africa", "Niger", "Niger", "Níger", True),
    ("BF", "BFA", "western-africa", "Burkina Faso", "Burkina Faso", "Burkina Faso", True),
    ("CI", "CIV", "western-africa", "Côte d’Ivoire", "Côte d’Ivoire", "Côte d’Ivoire", False),
    ("GH", "GHA", "western-africa", "Ghana", "Ghana", "Ghana", True),
    ("NG", "NGA", "western-africa", "Nigeria", "Nigeria", "Nigeria", True),
    ("GN", "GIN", "western-africa", "Guinée", "Guinea", "Guinea", True),
    ("BJ", "BEN", "western-africa", "Bénin", "Benin", "Benín", True),
    ("TG", "TGO", "western-africa", "Togo", "Togo", "Togo", True),
    ("MR", "MRT", "western-africa", "Mauritanie", "Mauritania", "Mauritania", True),
    ("CV", "CPV", "western-africa", "Cap-Vert", "Cape Verde", "Cabo Verde", False),
    ("KE", "KEN", "eastern-africa", "Kenya", "Kenya", "Kenia", True),
    ("ET", "ETH", "eastern-africa", "Éthiopie", "Ethiopia", "Etiopía", True),
    ("TZ", "TZA", "eastern-africa", "Tanzanie", "Tanzania", "Tanzania", True),
    ("UG", "UGA", "eastern-africa", "Ouganda", "Uganda", "Uganda", True),
    ("RW", "RWA", "eastern-africa", "Rwanda", "Rwanda", "Ruanda", True),
    ("MZ", "MOZ", "eastern-africa", "Mozambique", "Mozambique", "Mozambique", True),
    ("MG", "MDG", "eastern-africa", "Madagascar", "Madagascar", "Madagascar", True),
    ("SO", "SOM", "eastern-africa", "Somalie", "Somalia", "Somalia", True),
    ("CD", "COD", "middle-africa", "Congo-Kinshasa", "Congo - Kinshasa", "República Democrática del Congo", False),
    ("CM", "CMR", "middle-africa", "Cameroun", "Cameroon", "Camerún", True),
    ("TD", "TCD", "middle-africa", "Tchad", "Chad", "Chad", True),
    ("CF", "CAF", "middle-africa", "République centrafricaine", "Central African Republic", "República Centroafricana", False),
    ("GA", "GAB", "middle-africa", "Gabon", "Gabon", "Gabón", True),
    ("ZA", "ZAF", "southern-africa", "Afrique du Sud", "South Africa", "Sudáfrica", True),
    ("NA", "NAM", "southern-africa", "Namibie", "Namibia", "Namibia", True),
    ("BW", "BWA", "southern-africa", "Botswana", "Botswana", "Botsuana", True),
    ("HT", "HTI", "caribbean", "Haïti", "Haiti", "Haití", True),
    ("DO", "DOM", "caribbean", "République dominicaine", "Dominican Republic", "República Dominicana", True),
    ("JM", "JAM", "caribbean", "Jamaïque", "Jamaica", "Jamaica", True),
    ("CU", "CUB", "caribbean", "Cuba", "Cuba", "Cuba", True),
    ("MX", "MEX", "central-america", "Mexique", "Mexico", "México", True),
    ("GT", "GTM", "central-america", "Guatemala", "Guatemala", "Guatemala", True),
    ("HN", "HND", "central-america", "Honduras", "Honduras", "Honduras", True),
    ("SV", "SLV", "central-america", "Salvador", "El Salvador", "El Salvador", True),
    ("NI", "NIC", "central-america", "Nicaragua", "Nicaragua", "Nicaragua", True),
    ("CR", "CRI", "central-america", "Costa Rica", "Costa Rica", "Costa Rica", True),
    ("PA", "PAN", "central-america", "Panama", "Panama", "Panamá", True),
    ("BR", "BRA", "south-america", "Brésil", "Brazil", "Brasil", True),
    ("AR", "ARG", "south-america", "Argentine", "Argentina", "Argentina", True),
    ("CO", "COL", "south-america", "Colombie", "Colombia", "Colombia", True),
    ("PE", "PER", "south-america", "Pérou", "Peru", "Perú", True),
    ("BO", "BOL", "south-america", "Bolivie", "Bolivia", "Bolivia", True),
    ("EC", "ECU", "south-america", "Équateur", "Ecuador", "Ecuador", True),
    ("CL", "CHL", "south-america", "Chili", "Chile", "Chile", True),
    ("PY", "PRY", "south-america", "Paraguay", "Paraguay", "Paraguay", True),
    ("UY", "URY", "south-america", "Uruguay", "Uruguay", "Uruguay", True),
    ("KZ", "KAZ", "central-asia", "Kazakhstan", "Kazakhstan", "Kazajistán", True),
    ("KG", "KGZ", "central-asia", "Kirghizstan", "Kyrgyzstan", "Kirguistán", True),
    ("TJ", "TJK", "central-asia", "Tadjikistan", "Tajikistan", "Tayikistán", True),
    ("UZ", "UZB", "central-asia", "Ouzbékistan", "Uzbekistan", "Uzbekistán", True),
    ("VN", "VNM", "south-eastern-asia", "Viêt Nam", "Vietnam", "Vietnam", False),
    ("KH", "KHM", "south-eastern-asia", "Cambodge", "Cambodia", "Camboya", True),
    ("LA", "LAO", "south-eastern-asia", "Laos", "Laos", "Laos", True),
    ("TH", "THA", "south-eastern-asia", "Thaïlande", "Thailand", "Tailandia", True),
    ("ID", "IDN", "south-eastern-asia", "Indonésie", "Indonesia", "Indonesia", True),
    ("PH", "PHL", "south-eastern-asia", "Philippines", "Philippines", "Filipinas", True),
    ("BD", "BGD", "southern-asia", "Bangladesh", "Bangladesh", "Bangladés", False),
    ("NP", "NPL", "southern-asia", "Népal", "Nepal", "Nepal", True),
    ("PK", "PAK", "southern-asia", "Pakistan", "Pakistan", "Pakistán", True),
    ("LK", "LKA", "southern-asia", "Sri Lanka", "Sri Lanka", "Sri Lanka", True),
    ("JO", "JOR", "western-asia", "Jordanie", "Jordan", "Jordania", True),
    ("LB", "LBN", "western-asia", "Liban", "Lebanon", "Líbano", True),
    ("IQ", "IRQ", "western-asia", "Irak", "Iraq", "Irak", True),
    ("GE", "GEO", "western-asia", "Géorgie", "Georgia", "Georgia", True),
    ("AM", "ARM", "western-asia", "Arménie", "Armenia", "Armenia", True),
    ("UA", "UKR", "eastern-europe", "Ukraine", "Ukraine", "Ucrania", True),
    ("MD", "MDA", "eastern-europe", "Moldavie", "Moldova", "Moldavia", True),
    ("AL", "ALB", "southern-europe", "Albanie", "Albania", "Albania", True),
    ("RS", "SRB", "southern-europe", "Serbie", "Serbia", "Serbia", True),
    ("ME", "MNE", "southern-europe", "Monténégro", "Montenegro", "Montenegro", True),
    ("FJ", "FJI", "melanesia", "Fidji", "Fiji", "Fiyi", True),
    ("PG", "PNG", "melanesia", "Papouasie-Nouvelle-Guinée", "Papua New Guinea", "Papúa Nueva Guinea", True),
    ("SB", "SLB", "melanesia", "Îles Salomon", "Solomon Islands", "Islas Salomón", True),
    ("VU", "VUT", "melanesia", "Vanuatu", "Vanuatu", "Vanuatu", True),
    ("WS", "WSM", "polynesia", "Samoa", "Samoa", "Samoa", True),
    ("TO", "TON", "polynesia", "Tonga", "Tonga", "Tonga", True),
    ("KI", "KIR", "micronesia", "Kiribati", "Kiribati", "Kiribati", True),
    ("MH", "MHL", "micronesia", "Îles Marshall", "Marshall Islands", "Islas Marshall", True),
    ("NR", "NRU", "micronesia", "Nauru", "Nauru", "Nauru", True),
    ("PW", "PLW", "micronesia", "Palaos", "Palau", "Palaos", True),
]
COUNTRIES = [
    {"a2": a2, "a3": a3, "region": reg, "names": {"fr": fr, "en": en, "es": es}, "named": named}
    for (a2, a3, reg, fr, en, es, named) in _C
]

# Themes: key, names (fr, en, es), and a noun phrase with its article for titles.
THEMES = [
    ("justice", "Justice", "Justice", "Justicia", "la justice", "justice", "la justicia"),
    ("police-cooperation", "Coopération policière", "Police cooperation", "Cooperación policial", "la coopération policière", "police cooperation", "la cooperación policial"),
    ("anti-corruption", "Lutte contre la corruption", "Anti-corruption", "Lucha contra la corrupción", "la lutte contre la corruption", "the fight against corruption", "la lucha contra la corrupción"),
    ("border-management", "Gestion des frontières", "Border management", "Gestión de fronteras", "la gestion des frontières", "border management", "la gestión de fronteras"),
    ("cybercrime", "Cybercriminalité", "Cybercrime", "Ciberdelincuencia", "la lutte contre la cybercriminalité", "the fight against cybercrime", "la lucha contra la ciberdelincuencia"),
    ("drug-trafficking", "Trafic de drogues", "Drug trafficking", "Narcotráfico", "la lutte contre le trafic de drogues", "action against drug trafficking", "la lucha contra el narcotráfico"),
    ("human-trafficking", "Traite des êtres humains", "Human trafficking", "Trata de personas", "la lutte contre la traite", "action against human trafficking", "la lucha contra la trata de personas"),
    ("migration", "Migrations", "Migration", "Migración", "la gouvernance des migrations", "migration governance", "la gobernanza migratoria"),
    ("gender-equality", "Égalité de genre", "Gender equality", "Igualdad de género", "l'égalité de genre", "gender equality", "la igualdad de género"),
    ("human-rights", "Droits humains", "Human rights", "Derechos humanos", "les droits humains", "human rights", "los derechos humanos"),
    ("governance", "Gouvernance", "Governance", "Gobernanza", "la gouvernance démocratique", "democratic governance", "la gobernanza democrática"),
    ("public-finance", "Finances publiques", "Public finance", "Finanzas públicas", "les finances publiques", "public finance", "las finanzas públicas"),
    ("health", "Santé", "Health", "Salud", "les systèmes de santé", "health systems", "los sistemas de salud"),
    ("education", "Éducation", "Education", "Educación", "l'éducation de base", "basic education", "la educación básica"),
    ("water-sanitation", "Eau et assainissement", "Water and sanitation", "Agua y saneamiento", "l'accès à l'eau", "access to water", "el acceso al agua"),
    ("climate-adaptation", "Adaptation au climat", "Climate adaptation", "Adaptación climática", "l'adaptation au changement climatique", "climate adaptation", "la adaptación al cambio climático"),
    ("food-security", "Sécurité alimentaire", "Food security", "Seguridad alimentaria", "la sécurité alimentaire", "food security", "la seguridad alimentaria"),
    ("energy", "Énergie", "Energy", "Energía", "les énergies renouvelables", "renewable energy", "las energías renovables"),
    ("digital", "Transformation numérique", "Digital transformation", "Transformación digital", "la transformation numérique", "digital transformation", "la transformación digital"),
    ("training", "Formation", "Training", "Formación", "la formation professionnelle", "vocational training", "la formación profesional"),
]

# Donors: key, names (fr, en, es), short name (one for all languages or None).
DONORS = [
    ("eu", "Union européenne", "European Union", "Unión Europea", "EU"),
    ("afd", "Agence française de développement", "French Development Agency", "Agencia Francesa de Desarrollo", "AFD"),
    ("giz", "Coopération allemande (GIZ)", "German Agency for International Cooperation", "Cooperación Alemana (GIZ)", "GIZ"),
    ("bmz", "Ministère fédéral allemand de la Coopération", "German Federal Ministry for Economic Cooperation", "Ministerio Federal Alemán de Cooperación", "BMZ"),
    ("fcdo", "Ministère britannique des Affaires étrangères et du Développement", "Foreign, Commonwealth & Development Office", "Ministerio británico de Asuntos Exteriores y Desarrollo", "FCDO"),
    ("sida", "Agence suédoise de coopération", "Swedish International Development Cooperation Agency", "Agencia Sueca de Cooperación", "Sida"),
    ("norad", "Agence norvégienne de coopération", "Norwegian Agency for Development Cooperation", "Agencia Noruega de Cooperación", "Norad"),
    ("danida", "Coopération danoise", "Danish International Development Agency", "Cooperación Danesa", "Danida"),
    ("jica", "Agence japonaise de coopération internationale", "Japan International Cooperation Agency", "Agencia de Cooperación Internacional del Japón", "JICA"),
    ("koica", "Agence coréenne de coopération internationale", "Korea International Cooperation Agency", "Agencia de Cooperación Internacional de Corea", "KOICA"),
    ("world-bank", "Banque mondiale", "World Bank", "Banco Mundial", None),
    ("afdb", "Banque africaine de développement", "African Development Bank", "Banco Africano de Desarrollo", "BAD"),
    ("idb", "Banque interaméricaine de développement", "Inter-American Development Bank", "Banco Interamericano de Desarrollo", "BID"),
    ("adb", "Banque asiatique de développement", "Asian Development Bank", "Banco Asiático de Desarrollo", "BAsD"),
    ("aecid", "Agence espagnole de coopération", "Spanish Agency for International Development Cooperation", "Agencia Española de Cooperación Internacional para el Desarrollo", "AECID"),
    ("enabel", "Enabel, agence belge de développement", "Enabel, Belgian development agency", "Enabel, agencia belga de desarrollo", "Enabel"),
    ("luxdev", "Agence luxembourgeoise pour la coopération", "Luxembourg Development Cooperation Agency", "Agencia Luxemburguesa de Cooperación", "LuxDev"),
    ("sdc", "Direction du développement et de la coopération (Suisse)", "Swiss Agency for Development and Cooperation", "Agencia Suiza para el Desarrollo y la Cooperación", "DDC"),
    ("irish-aid", "Coopération irlandaise", "Irish Aid", "Cooperación Irlandesa", None),
    ("finland", "Ministère finlandais des Affaires étrangères", "Ministry for Foreign Affairs of Finland", "Ministerio de Asuntos Exteriores de Finlandia", None),
    ("netherlands", "Ministère néerlandais des Affaires étrangères", "Netherlands Ministry of Foreign Affairs", "Ministerio de Asuntos Exteriores de los Países Bajos", None),
    ("gac", "Affaires mondiales Canada", "Global Affairs Canada", "Asuntos Mundiales Canadá", "AMC"),
    ("dfat", "Ministère australien des Affaires étrangères", "Australian Department of Foreign Affairs and Trade", "Departamento de Asuntos Exteriores de Australia", "DFAT"),
    ("mfat", "Ministère néo-zélandais des Affaires étrangères", "New Zealand Ministry of Foreign Affairs and Trade", "Ministerio de Asuntos Exteriores de Nueva Zelanda", "MFAT"),
    ("aics", "Agence italienne de coopération", "Italian Agency for Development Cooperation", "Agencia Italiana de Cooperación", "AICS"),
    ("camoes", "Camões, institut de coopération (Portugal)", "Camões, Institute for Cooperation (Portugal)", "Camões, Instituto de Cooperación (Portugal)", None),
    ("austria-ada", "Agence autrichienne de développement", "Austrian Development Agency", "Agencia Austriaca de Desarrollo", "ADA"),
    ("gavi", "Gavi, l'Alliance du vaccin", "Gavi, the Vaccine Alliance", "Gavi, la Alianza para las Vacunas", "Gavi"),
]

# Partners: institutions of the programmes' countries, and a few international organisations
# (one name for all languages, or one per language).
PARTNER_KINDS = [
    ("moj", "Ministère de la Justice", "Ministry of Justice", "Ministerio de Justicia"),
    ("police", "Police nationale", "National Police", "Policía Nacional"),
    ("supreme-court", "Cour suprême", "Supreme Court", "Corte Suprema"),
    ("customs", "Administration des douanes", "Customs Administration", "Administración de Aduanas"),
    ("health", "Ministère de la Santé", "Ministry of Health", "Ministerio de Salud"),
]
PARTNER_COUNTRIES = ["SN", "ML", "MA", "KE", "CO", "BR", "PE", "VN", "KH", "FJ", "UA", "JO", "HT"]
INTERNATIONAL_PARTNERS = [
    ("unodc", "UNODC"),
    ("interpol", "INTERPOL"),
    ("undp", {"fr": "PNUD", "en": "UNDP", "es": "PNUD"}),
    ("iom", {"fr": "OIM", "en": "IOM", "es": "OIM"}),
    ("unicef", "UNICEF"),
    ("oecd", {"fr": "OCDE", "en": "OECD", "es": "OCDE"}),
    ("who", {"fr": "OMS", "en": "WHO", "es": "OMS"}),
]

STATUSES = ("planned", "ongoing", "completed", "suspended", "cancelled")

# Titles: an action with its preposition, then a theme's noun phrase.
ACTIONS = {
    "fr": ["Appui à", "Renforcement de", "Modernisation de", "Promotion de", "Consolidation de", "Programme régional pour"],
    "en": ["Support to", "Strengthening", "Modernising", "Promoting", "Consolidating", "Regional programme for"],
    "es": ["Apoyo a", "Fortalecimiento de", "Modernización de", "Promoción de", "Consolidación de", "Programa regional para"],
}
CONTRACTIONS = {
    "fr": [("à le ", "au "), ("à les ", "aux "), ("de le ", "du "), ("de les ", "des "), ("de l'", "de l'")],
    "en": [],
    "es": [("a el ", "al "), ("de el ", "del ")],
}

# Sentences: subject (text, plural), verb (singular, plural), object, complement.
SUBJECTS = {
    "fr": [("Le programme", 0), ("L'équipe", 0), ("Les autorités nationales", 1), ("Les partenaires locaux", 1), ("Le comité de pilotage", 0), ("Les organisations de la société civile", 1), ("Le ministère", 0), ("Les experts du projet", 1), ("Les réseaux régionaux", 1), ("Les institutions bénéficiaires", 1)],
    "en": [("The programme", 0), ("The team", 0), ("National authorities", 1), ("Local partners", 1), ("The steering committee", 0), ("Civil society organisations", 1), ("The ministry", 0), ("Project experts", 1), ("Regional networks", 1), ("Beneficiary institutions", 1)],
    "es": [("El programa", 0), ("El equipo", 0), ("Las autoridades nacionales", 1), ("Los socios locales", 1), ("El comité directivo", 0), ("Las organizaciones de la sociedad civil", 1), ("El ministerio", 0), ("Los expertos del proyecto", 1), ("Las redes regionales", 1), ("Las instituciones beneficiarias", 1)],
}
VERBS = {
    "fr": [("soutient", "soutiennent"), ("renforce", "renforcent"), ("coordonne", "coordonnent"), ("évalue", "évaluent"), ("finance", "financent"), ("forme", "forment"), ("accompagne", "accompagnent"), ("suit", "suivent"), ("développe", "développent"), ("promeut", "promeuvent")],
    "en": [("supports", "support"), ("strengthens", "strengthen"), ("coordinates", "coordinate"), ("evaluates", "evaluate"), ("funds", "fund"), ("trains", "train"), ("assists", "assist"), ("monitors", "monitor"), ("develops", "develop"), ("promotes", "promote")],
    "es": [("apoya", "apoyan"), ("fortalece", "fortalecen"), ("coordina", "coordinan"), ("evalúa", "evalúan"), ("financia", "financian"), ("forma", "forman"), ("acompaña", "acompañan"), ("supervisa", "supervisan"), ("desarrolla", "desarrollan"), ("promueve", "promueven")],
}
OBJECTS = {
    "fr": ["les capacités du personnel judiciaire", "la coopération transfrontalière", "l'accès aux services de base", "la réforme des politiques publiques", "les systèmes d'information", "un dialogue inclusif", "la collecte de données fiables", "la protection des victimes", "la gouvernance locale", "l'échange de bonnes pratiques", "les procédures d'enquête", "la gestion des ressources humaines"],
    "en": ["the capacity of judicial staff", "cross-border cooperation", "access to basic services", "the reform of public policies", "information systems", "an inclusive dialogue", "the collection of reliable data", "the protection of victims", "local governance", "the exchange of good practices", "investigation procedures", "human resources management"],
    "es": ["las capacidades del personal judicial", "la cooperación transfronteriza", "el acceso a los servicios básicos", "la reforma de las políticas públicas", "los sistemas de información", "un diálogo inclusivo", "la recopilación de datos fiables", "la protección de las víctimas", "la gobernanza local", "el intercambio de buenas prácticas", "los procedimientos de investigación", "la gestión de los recursos humanos"],
}
COMPLEMENTS = {
    "fr": ["dans les zones rurales", "dans toute la région", "avec l'appui d'experts internationaux", "au cours des prochaines années", "en étroite coopération avec les bailleurs", "grâce à des échanges entre pairs", "aux niveaux national et local", "selon le plan de travail annuel", "en particulier pour les femmes et les jeunes", "conformément aux priorités nationales"],
    "en": ["in rural areas", "across the region", "with the support of international experts", "over the coming years", "in close cooperation with donors", "through peer exchanges", "at national and local level", "according to the annual work plan", "with a focus on women and young people", "in line with national priorities"],
    "es": ["en las zonas rurales", "en toda la región", "con el apoyo de expertos internacionales", "en los próximos años", "en estrecha cooperación con los donantes", "mediante intercambios entre pares", "a nivel nacional y local", "según el plan de trabajo anual", "con especial atención a las mujeres y los jóvenes", "de acuerdo con las prioridades nacionales"],
}
SECTIONS = {
    "fr": ["Contexte", "Objectifs", "Activités", "Résultats attendus", "Partenariat", "Suivi et évaluation"],
    "en": ["Context", "Objectives", "Activities", "Expected results", "Partnership", "Monitoring and evaluation"],
    "es": ["Contexto", "Objetivos", "Actividades", "Resultados esperados", "Asociación", "Seguimiento y evaluación"],
}
SUBSECTIONS = {
    "fr": ["Composante 1", "Composante 2", "Enseignements", "Calendrier"],
    "en": ["Component 1", "Component 2", "Lessons learnt", "Timeline"],
    "es": ["Componente 1", "Componente 2", "Lecciones aprendidas", "Calendario"],
}
TABLE_HEAD = {
    "fr": ("Année", "Activité", "Budget (EUR)"),
    "en": ("Year", "Activity", "Budget (EUR)"),
    "es": ("Año", "Actividad", "Presupuesto (EUR)"),
}
LINK_TEXT = {
    "fr": ["le rapport annuel", "la note de cadrage", "l'évaluation à mi-parcours", "le site du partenaire"],
    "en": ["the annual report", "the concept note", "the mid-term evaluation", "the partner's website"],
    "es": ["el informe anual", "la nota conceptual", "la evaluación intermedia", "el sitio del socio"],
}
SUMMARIES = {
    "fr": "Un programme de {years} ans pour {phrase} avec {partners}.",
    "en": "A {years}-year programme for {phrase} with {partners}.",
    "es": "Un programa de {years} años para {phrase} con {partners}.",
}
SUMMARY_PARTNERS = {
    "fr": ["les autorités nationales", "la société civile", "les collectivités locales", "les institutions régionales"],
    "en": ["national authorities", "civil society", "local governments", "regional institutions"],
    "es": ["las autoridades nacionales", "la sociedad civil", "los gobiernos locales", "las instituciones regionales"],
}
SITE_TITLE = {"fr": "Programmes de coopération", "en": "Cooperation programmes", "es": "Programas de cooperación"}
SITE_DESCRIPTION = {
    "fr": "Les fiches des programmes de l'agence, par pays, thème et bailleur.",
    "en": "The agency's programme fact sheets, by country, theme and donor.",
    "es": "Las fichas de los programas de la agencia, por país, tema y donante.",
}
ABOUT = {
    "fr": ("À propos", "Qui nous sommes et ce que font nos programmes."),
    "en": ("About", "Who we are and what our programmes do."),
    "es": ("Acerca de", "Quiénes somos y qué hacen nuestros programas."),
}
