"""Closed word classes and dependency labels the coder reads French by.

The French word classes live in data/grammar/words.toml, read once here into the names the coder
imports; dependency labels, PLOVER type groupings and constants stay in code.
"""
import tomllib
from importlib.resources import files
from importlib.resources.abc import Traversable

WORDS_FILE = files("veille") / "data" / "grammar" / "words.toml"


class WordClassError(ValueError):
    """The word-class file lacks a class or holds one of the wrong shape."""


class WordClasses:
    """The tables of a word-class file: each key of a table a non-empty list of distinct words."""

    def __init__(self, source: Traversable):
        self.source = source
        try:
            self.tables = tomllib.loads(source.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise WordClassError(f"{source}: cannot read the word classes: {error}") from None

    def lists(self, name: str) -> dict[str, list[str]]:
        """Class `name`'s lists by key, checked: a bad class fails at import, not mid-batch."""
        table = self.tables.get(name)
        if not isinstance(table, dict) or not table:
            raise WordClassError(f"{self.source}: no word class [{name}]")
        for key, words in table.items():
            if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
                raise WordClassError(f"{self.source}: [{name}] {key} must be a non-empty list of words")
            if twice := sorted({w for w in words if words.count(w) > 1}):
                raise WordClassError(f"{self.source}: [{name}] {key} lists {', '.join(twice)} twice")
        return table

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self.ordered(name))

    def ordered(self, name: str) -> tuple[str, ...]:
        table = self.lists(name)
        if set(table) != {"words"}:
            raise WordClassError(f"{self.source}: [{name}] must hold one key, words")
        return tuple(table["words"])

    def forms(self, name: str) -> dict[str, tuple[str, ...]]:
        return {key: tuple(words) for key, words in self.lists(name).items()}


_FILE = WordClasses(WORDS_FILE)

CODER_VERSION = "veille-fr/0.1"
CLAUSES = {"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "advcl:cleft"}
CLAUSE_BOUNDARIES = {"conj", "punct", "parataxis", "advcl", "acl:relcl", "csubj", "advmod", "appos"}
CONSULT_LIKE = {"CONSULT", "COOPERATE"}
TERRITORIAL = {"ASSAULT", "COERCE"}  # their genitive is the target: "l'annexion de la Crimée"
ABOUT_SOMEONE = {"ACCUSE", "REJECT", "SUPPORT"}  # "s'inquiéter de X", "se féliciter de X"
GOVERNING = {"REQUEST", "AGREE", "REJECT", "THREATEN"}  # their target may sit in the event they govern
TOPICAL = {"PROTEST", "CONSULT"}  # events whose object noun is what they are about, not a second event
JUDGEMENTS = {"ACCUSE", "SUPPORT"}  # negated, what they take is only their topic
HOSTILE = {"ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "PROTEST"}  # acts whose stopping is a RETREAT
PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})  # spaCy splits sentences better
RECENT_WINDOW = 4  # how many actors back a pronoun may point

RECIPIENT_CASES = _FILE.words("recipient_cases")
NEGATORS = _FILE.words("negators")
ABSENCE = _FILE.words("absence")
PRONOUNS = _FILE.words("pronouns")
SUBJECT_PRONOUNS = _FILE.words("subject_pronouns")
SPEAKER_PRONOUNS = _FILE.words("speaker_pronouns")
POSSESSIVES = _FILE.words("possessives")
UNREAL = _FILE.words("unreal")
GROUPS = _FILE.words("groups")
REFLEXIVE = _FILE.words("reflexive")
DEMONSTRATIVES = _FILE.words("demonstratives")
PURPOSE = _FILE.words("purpose")
CONTRASTS = _FILE.words("contrasts")
CONDITIONAL_ENDINGS = _FILE.ordered("conditional_endings")  # a tuple: str.endswith takes one
SUPPORT_VERBS = _FILE.words("support_verbs")
CASE_FORMS = _FILE.forms("case_forms")
CLITIC_RECIPIENTS = _FILE.words("clitic_recipients")
COMPANY_NOUNS = _FILE.words("company_nouns")
RELATIVES = _FILE.words("relatives")
ADVERBIAL_PREPOSITIONS = _FILE.words("adverbial_prepositions")
AGAINST = _FILE.words("against")
LIGHT_VERBS = _FILE.words("light_verbs")
PROPOSALS = _FILE.words("proposals")
COUNTING_NOUNS = _FILE.words("counting_nouns")
PRONOUN_GENDER = {word: gender.capitalize() for gender, words in _FILE.forms("pronoun_gender").items()
                  for word in words}  # spaCy's Gender values: "Masc", "Fem"
STATE_NOUNS = _FILE.words("state_nouns")
REFUSALS = _FILE.words("refusals")
DEMONSTRATIVE_PRONOUNS = _FILE.words("demonstrative_pronouns")
JOURNEYS = _FILE.words("journeys")
ANCHORS = _FILE.words("anchors")
AMOUNTS = _FILE.words("amounts")
COMMANDS = _FILE.words("commands")
STOPPING = _FILE.words("stopping")
ANY = _FILE.words("any")
NO_ONE = _FILE.words("no_one")
INSTEAD_OF = _FILE.ordered("instead_of")  # a tuple: str.endswith takes one
SAYING_SENSE = _FILE.words("saying_sense")

TOWARDS = AGAINST | {"à", "au", "aux", "auprès"}  # nor, inside a source's phrase, these: "la livraison de missiles à X"
# a preposition's other forms (with an article, elided) -> the preposition: "au" counts as "à"
CONTRACTIONS = {form: base for base, forms in CASE_FORMS.items() for form in forms if form != base and base in ("à", "de")}
