"""Closed word classes and dependency labels the coder reads French by."""
CODER_VERSION = "veille-fr/0.1"
SUBJECTS = {"nsubj", "nsubj:pass", "csubj"}
CLAUSES = {"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "advcl:cleft"}
RECIPIENT_CASES = {"avec", "contre", "à", "auprès", "envers", "vis-à-vis", "entre", "au", "aux"}
NEGATORS = {"pas", "jamais", "plus", "guère", "aucunement", "nullement", "point"}
ABSENCE = {"défaut", "faute", "absence", "manque"}  # nouns whose "de" complement did not happen: "à défaut de médiation"
PRONOUNS = {"il", "elle", "ils", "elles", "lui", "eux", "on", "celui-ci", "celle-ci", "ceux-ci", "celles-ci"}
SUBJECT_PRONOUNS = {"il", "elle", "ils", "elles"}
SPEAKER_PRONOUNS = {"je", "j'", "j’", "nous", "moi", "me", "m'", "m’"}
POSSESSIVES = {"son", "sa", "ses", "leur", "leurs", "notre", "nos"}
UNREAL = {"tout", "toute", "tous", "toutes", "aucun", "aucune", "éventuel", "éventuelle", "possible", "potentiel",
          "potentielle", "hypothétique"}
GROUPS = {"participant", "dirigeant", "leader", "partie", "délégation", "signataire", "protagoniste"}
REFLEXIVE = {"se", "s'", "s’", "me", "m'", "m’", "nous", "vous", "te"}
CONSULT_LIKE = {"CONSULT", "COOPERATE"}
TERRITORIAL = {"ASSAULT", "COERCE"}  # their genitive is the target: "l'annexion de la Crimée"
ABOUT_SOMEONE = {"ACCUSE", "REJECT", "SUPPORT"}  # "s'inquiéter de X", "se féliciter de X"
CLAUSE_BOUNDARIES = {"conj", "punct", "parataxis", "advcl", "acl:relcl", "csubj", "advmod", "appos"}
DEMONSTRATIVES = {"ce", "cet", "cette", "ces"}
PURPOSE = {"pour", "afin"}
CONTRASTS = {"tandis", "alors", "pendant", "lorsque", "quand"}  # a clause they open tells an act of its own
CONDITIONAL_ENDINGS = ("rais", "rait", "rions", "riez", "raient")
SUPPORT_VERBS = {"tenir", "avoir", "effectuer", "mener", "organiser", "conduire", "lancer", "procéder", "participer",
                 "faire", "accélérer", "poursuivre", "entamer", "reprendre", "annoncer", "prévoir"}
PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})  # spaCy splits sentences better
CASE_FORMS = {"à": ("à", "au", "aux"), "de": ("de", "du", "des", "d'", "d’"), "auprès": ("auprès",),
              "envers": ("envers", "vis-à-vis")}  # a frame's preposition and the forms it takes
GOVERNING = {"REQUEST", "AGREE", "REJECT", "THREATEN"}  # their target may sit in the event they govern
CLITIC_RECIPIENTS = {"lui", "leur", "les", "la", "l'", "l’"}  # "il lui a livré", "les a exhortés"
COMPANY_NOUNS = {"présence", "compagnie"}  # "en présence de X": X takes part
RELATIVES = {"qui", "lequel", "laquelle", "lesquels", "lesquelles"}  # relative pronouns standing for their antecedent
ADVERBIAL_PREPOSITIONS = {"auprès", "vis-à-vis"}  # the parser may make them adverbs with the phrase below
AGAINST = {"contre", "envers", "vis-à-vis"}  # a phrase headed by these names a target, never a source
TOWARDS = AGAINST | {"à", "au", "aux", "auprès"}  # nor, inside a source's phrase, these: "la livraison de missiles à X"
# verbs whose subject is the author of the event noun they take ("mener des frappes", "imposer des sanctions")
LIGHT_VERBS = {
    "mener", "lancer", "imposer", "décider", "annoncer", "adopter", "prendre", "effectuer", "procéder", "tenir",
    "organiser", "signer", "conclure", "décréter", "ordonner", "poursuivre", "entamer", "intensifier", "multiplier",
    "accélérer", "renforcer", "reprendre", "avoir", "faire", "porter", "infliger", "exercer", "commettre", "perpétrer",
    "conduire", "livrer", "engager", "opérer", "déclencher", "ouvrir", "participer", "accorder", "octroyer", "fournir",
    "apporter", "offrir", "proposer", "formuler", "adresser", "présenter", "exprimer", "réitérer", "renouveler",
    "prolonger", "étendre", "durcir", "voter", "approuver", "planifier", "préparer", "programmer", "prévoir",
    "envisager", "entreprendre", "achever", "terminer", "démarrer", "commencer", "continuer", "recevoir", "accueillir",
    "héberger", "assurer", "garantir", "promettre", "débloquer", "verser", "envoyer", "dépêcher", "déployer", "émettre",
    "publier", "lever", "suspendre", "rompre", "geler", "instaurer", "mettre", "appliquer",
}
# what one rejects in a REJECT event, besides an actor or an action: proposals, demands, accusations
PROPOSALS = {"proposition", "offre", "demande", "plan", "ultimatum", "accord", "initiative", "résolution", "projet",
             "appel", "invitation", "condition", "exigence", "accusation", "allégation", "candidature", "compromis",
             "cessez-le-feu", "trêve", "texte", "traité", "requête", "revendication", "médiation", "aide", "ingérence",
             "responsabilité", "implication", "participation", "rapport", "version", "information", "affirmation",
             "veto", "décision", "mesure", "projet", "feuille", "garantie", "exigence", "assertion", "propos"}
# nouns that count or frame the event noun they take: "un train de sanctions", "une série de frappes"
COUNTING_NOUNS = {"train", "série", "paquet", "vague", "ensemble", "salve", "volet", "batterie", "mesure", "nombre",
                  "dizaine", "centaine", "millier", "multitude", "succession", "cycle", "round", "tour", "session"}
PRONOUN_GENDER = {"il": "Masc", "elle": "Fem", "celui-ci": "Masc", "celle-ci": "Fem", "ceux-ci": "Masc",
                  "celles-ci": "Fem"}
RECENT_WINDOW = 4  # how many actors back a pronoun may point
# a state's organs named without their state: "le gouvernement", "l'armée", "les autorités"
STATE_NOUNS = {"gouvernement", "administration", "autorité", "régime", "armée", "exécutif", "diplomatie", "ministère",
               "parlement", "état-major", "pouvoir", "présidence", "chancellerie", "junte", "cabinet", "cour",
               "tribunal", "justice", "police", "parquet", "douane", "marine", "aviation"}
REFUSALS = {"refuser", "rejeter", "repousser", "récuser", "décliner"}  # what they refuse must be a proposal, an actor or an act
TOPICAL = {"PROTEST", "CONSULT"}
JUDGEMENTS = {"ACCUSE", "SUPPORT"}  # negated, what they take is only their topic  # events whose object noun is what they are about, not a second event
DEMONSTRATIVE_PRONOUNS = {"celui", "celle", "ceux", "celles"}  # with "-ci": the actor just named
JOURNEYS = {"arriver", "venir", "rendre", "aller", "partir", "voyager", "retourner", "atterrir", "débarquer", "gagner",
            "entamer", "effectuer", "entreprendre"}  # verbs of a trip a meeting may be the purpose of
ANCHORS = {"depuis"}  # "depuis l'annexion": an event named as the start of a period is background
AMOUNTS = {"milliard", "million", "millier", "dollar", "euro", "fonds", "somme", "montant", "argent", "financement"}
COMMANDS = {"ordonner", "commander"}  # "a ordonné un réarmement": the act ordered is the subject's own
STOPPING = {"suspendre", "interrompre", "arrêter", "stopper", "geler", "cesser"}  # verbs that stop what they take
HOSTILE = {"ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "PROTEST"}  # acts whose stopping is a RETREAT
# a preposition's other forms (with an article, elided) -> the preposition: "au" counts as "à"
CONTRACTIONS = {form: base for base, forms in CASE_FORMS.items() for form in forms if form != base and base in ("à", "de")}
