"""Code lists: ISO codes to the English names INCLUDE uses, and INCLUDE's tag vocabularies."""

# ISO 639-1 / 639-3 code -> English name as INCLUDE's configs spell it.
LANGUAGES = {
    "es": "Spanish", "spa": "Spanish",
    "pt": "Portuguese", "por": "Portuguese",
    "ca": "Catalan", "cat": "Catalan",
    "eu": "Basque", "eus": "Basque",
    "gl": "Galician", "glg": "Galician",
    "en": "English", "eng": "English",
    "fr": "French", "fra": "French",
    "it": "Italian", "ita": "Italian",
    "de": "German", "deu": "German",
    "gn": "Guarani", "grn": "Guarani",
    "qu": "Quechua", "que": "Quechua",
    "ay": "Aymara", "aym": "Aymara",
    "agr": "Awajun", "shp": "Shipibo-Konibo",
    "oc": "Occitan", "oci": "Occitan",
    "ast": "Asturian",
}

# ISO 3166-1 alpha-2 -> English short name.
COUNTRIES = {
    "ES": "Spain", "PT": "Portugal", "BR": "Brazil", "AR": "Argentina", "BO": "Bolivia",
    "CL": "Chile", "CO": "Colombia", "CR": "Costa Rica", "CU": "Cuba",
    "DO": "Dominican Republic", "EC": "Ecuador", "SV": "El Salvador", "GT": "Guatemala",
    "HN": "Honduras", "MX": "Mexico", "NI": "Nicaragua", "PA": "Panama", "PY": "Paraguay",
    "PE": "Peru", "PR": "Puerto Rico", "UY": "Uruguay", "VE": "Venezuela", "AD": "Andorra",
    "AO": "Angola", "MZ": "Mozambique", "CV": "Cabo Verde", "GQ": "Equatorial Guinea",
    "US": "United States", "GB": "United Kingdom", "FR": "France", "IT": "Italy",
}

# INCLUDE's level and domain labels (paper, table 2 and the dataset's columns).
LEVELS = (
    "Academic", "Professional", "Licenses", "High school", "Middle school",
    "Elementary school", "University entrance", "Other",
)
DOMAINS = (
    "Social Science", "Humanities", "STEM", "Health oriented education",
    "Business & Commerce", "Other", "Applied Science", "Arts & Humanities",
)
REGIONAL_FEATURES = ("region explicit", "region implicit", "culture", "region agnostic")

# INCLUDE's academic areas (`subject`), as the paper's appendix lists them.
SUBJECTS = (
    "Accounting", "Agriculture", "Anthropology", "Architecture and Design", "Arts & Humanities",
    "Biology", "Business", "Chemistry", "Computer Science", "Culturology", "Driving License",
    "Earth science", "Economics", "Education", "Engineering", "Environmental studies and forestry",
    "Family and consumer science", "Finance", "Geography", "Health", "History",
    "Human physical performance and recreation", "Industrial and labor relations",
    "International trade", "Journalism, media studies, and communication", "Language", "Law",
    "Library and museum studies", "Literature", "Logic", "Management", "Marine License", "Marketing",
    "Math", "Medical License", "Medicine", "Military Sciences", "Multiple exams", "Performing arts",
    "Philosophy", "Physics", "Political sciences", "Professional certification", "Psychology",
    "Public Administration", "Public Policy", "Qualimetry", "Religious studies",
    "Risk management and insurance", "Social Work", "Sociology", "Visual Arts",
)
