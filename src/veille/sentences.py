"""Which sentences of an article the parser reads. Tagging and parsing take most of the
language analysis time, and most news sentences tell no event: a body is tokenized and
split into sentences by rule, and only the sentences the coder can read something from
are parsed (those with a trigger candidate and an actor or a word pointing back to one,
those holding direct speech, those that may state a person's role) together with the
sentences their pronouns may point back to. The others keep their tokens only."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy
from spacy.attrs import LOWER, SENT_START
from spacy.tokens import Doc, Span

from .actors import Mention
from .events import GROUPS, PRONOUNS, REFLEXIVE, SPEAKER_PRONOUNS, lexicon
from .quotes import QuoteSpan

ENDS = {".", "!", "?", "…", "..."}
CLOSERS = {"»", "”", ")", '"'}
OPENERS = {"«", "“", '"', "(", "—", "–", "-"}
# every part of speech the lemmatizer reads a form under: a trigger's lemma under any of them
TAGS = ("NOUN", "VERB", "ADJ", "AUX", "ADV", "ADP", "PRON", "DET", "CCONJ", "SCONJ", "PROPN")


@dataclass(slots=True)
class Sentence:
    """A sentence of a paragraph: parsed ones hold the parser's sentences (usually one)."""

    span: Span
    parsed: list[Span]


@dataclass(slots=True)
class Paragraph:
    """A tokenized body paragraph, its dictionary mentions and its sentences in order."""

    doc: Doc
    mentions: list[Mention]
    sentences: list[Sentence]


def split(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences: a sentence ends at a final stop, the punctuation
    closing it ("… . »") included, when the next word opens a new one (a capital, a digit,
    an opening quote). Abbreviations ("M.", "janv.", "J.") are single tokens already."""
    texts = [t.text for t in doc]
    starts, n = [0], len(texts)
    for i, text in enumerate(texts[:-1]):
        if text not in ENDS or i + 1 <= starts[-1]:
            continue
        j = i + 1
        while j < n and (texts[j] in CLOSERS or texts[j] in ENDS):
            j += 1
        if j < n and j > starts[-1] and (texts[j][:1].isupper() or texts[j][:1].isdigit() or texts[j] in OPENERS):
            starts.append(j)
    return list(zip(starts, starts[1:] + [n]))


class Forms:
    """The lemmas a word form can take, whatever its tag: a superset of what the coder
    will see, so a skipped sentence holds no trigger. Cached per form."""

    def __init__(self, nlp) -> None:
        self.vocab = nlp.vocab
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        self.table: dict[int, frozenset[str]] = {}
        self.nouns = frozenset(self.lemmatizer.lookups.get_table("lemma_index")["noun"])

    def lemmas(self, doc: Doc) -> list[frozenset[str]]:
        table = self.table
        return [table.get(h) or self._learn(h) for h in doc.to_array(LOWER).tolist()]

    def _learn(self, key: int) -> frozenset[str]:
        form = self.vocab.strings[key]
        found = {form}
        if any(c.isalpha() for c in form):
            for tag in TAGS:
                token = Doc(self.vocab, words=[form], pos=[tag])[0]
                found.update(lemma.lower() for lemma in self.lemmatizer.rule_lemmatize(token))
        self.table[key] = frozenset(found)
        return self.table[key]


@cache
def _cues() -> tuple[frozenset[str], frozenset[str]]:
    """Words that point back to an actor named before: (forms, lemmas)."""
    from .actors import get_dictionary

    return frozenset(PRONOUNS | SPEAKER_PRONOUNS), frozenset(GROUPS | set(get_dictionary().anaphors))


def _triggers(lemmas: list[frozenset[str]], start: int, end: int) -> bool:
    """Whether the tokens start..end hold a word that may be a trigger with its context:
    the rest of a multiword trigger after it, one of its required words in the sentence."""
    table = lexicon()
    sentence: set[str] | None = None
    for i in range(start, end):
        for key in lemmas[i] & table.keys():
            for trigger in table[key]:
                rest = trigger.lemmas[1:]
                if any(i + 1 + k >= len(lemmas) or word not in lemmas[i + 1 + k] for k, word in enumerate(rest)):
                    continue
                if not trigger.requires:
                    return True
                if sentence is None:
                    sentence = set().union(*lemmas[start:min(end + 3, len(lemmas))])
                if trigger.requires & sentence or "se" in trigger.requires and sentence & REFLEXIVE:
                    return True
    return False


def select(docs: list[Doc], mentions: list[list[Mention]], quotes: list[list[QuoteSpan]],
           forms: Forms) -> list[list[tuple[int, int, bool]]]:
    """The sentences of one article's paragraphs, each as (start, end, to parse)."""
    cue_forms, cue_lemmas = _cues()
    chosen: list[list[list]] = []
    roles: set[str] = set()
    states = []  # per sentence: (paragraph, index, actor, pronoun cue, trigger, lemma cue)
    for p, (doc, found, spans) in enumerate(zip(docs, mentions, quotes)):
        lemmas = forms.lemmas(doc)
        starts = [m.span.start for m in found]
        kinds = [m.actor.kind == "person" for m in found]
        sentences = []
        for start, end in split(doc):
            inside = [person for s, person in zip(starts, kinds) if start <= s < end]
            words = set().union(*lemmas[start:end])
            span = doc[start:end]
            quoted = any(span.start_char < q.end and q.start < span.end_char for q in spans)
            states.append((p, len(sentences), bool(inside), bool(words & cue_forms), _triggers(lemmas, start, end),
                           bool(words & cue_lemmas), words))
            # a person named with another actor: the sentence may say whom the person speaks for
            role_sentence = any(inside) and not all(inside)
            if role_sentence:
                roles |= words & forms.nouns
            sentences.append([start, end, quoted or role_sentence])
        chosen.append(sentences)
    previous_actor = None
    for p, index, actor, pronoun, trigger, group, words in states:
        sentence = chosen[p][index]
        if trigger and (actor or pronoun or group or words & roles):
            sentence[2] = True
        if sentence[2] and pronoun and previous_actor is not None:
            chosen[previous_actor[0]][previous_actor[1]][2] = True  # what "il", "ils" may stand for
        if actor:
            previous_actor = (p, index)
    return [[tuple(s) for s in sentences] for sentences in chosen]


def _one_sentence(span: Span) -> Doc:
    """The span as a document the parser reads as one sentence, as it would within its
    paragraph: a lone sentence is otherwise often cut at a comma."""
    doc = span.as_doc()
    starts = numpy.full((len(doc), 1), -1, dtype="int64").astype("uint64")
    starts[0] = 1
    return doc.from_array([SENT_START], starts)


@cache
def _forms() -> Forms:
    from .nlp import get_nlp

    return Forms(get_nlp())


def read(articles: list[list[str]], batch_size: int = 64) -> list[list[Paragraph]]:
    """The paragraphs of each article (lists of texts): tokenized, with their dictionary
    mentions, and parsed where the coder can read something. The chosen sentences of all
    articles go through the parser in one stream, and their annotations are copied into
    the paragraph documents, so token indices and character offsets stay the paragraph's."""
    from .actors import get_dictionary
    from .nlp import ANNOTATIONS, get_nlp, join_capitalised_compounds
    from .quotes import find_quotes

    nlp, dictionary, forms = get_nlp(), get_dictionary(), _forms()
    docs = [[join_capitalised_compounds(nlp.make_doc(text)) for text in texts] for texts in articles]
    mentions = [[dictionary.find(doc) for doc in paragraphs] for paragraphs in docs]
    selections = [select(paragraphs, found, [find_quotes(text) for text in texts], forms)
                  for paragraphs, found, texts in zip(docs, mentions, articles)]
    wanted = [_one_sentence(doc[s:e]) for paragraphs, chosen in zip(docs, selections)
              for doc, sentences in zip(paragraphs, chosen) for s, e, parse in sentences if parse]
    parsed = iter(nlp.pipe(wanted, batch_size=batch_size, disable=["join_capitalised_compounds"]))
    out = []
    for paragraphs, found, chosen in zip(docs, mentions, selections):
        article = []
        for doc, known, sentences in zip(paragraphs, found, chosen):
            array = numpy.zeros((len(doc), len(ANNOTATIONS)), dtype="uint64")
            bounds = []
            for start, end, parse in sentences:
                sub = next(parsed) if parse else None
                if sub is not None:
                    array[start:end] = sub.to_array(ANNOTATIONS)
                bounds.append((start, end, [(start + s.start, start + s.end) for s in sub.sents] if sub else []))
            doc.from_array(ANNOTATIONS, array)
            article.append(Paragraph(doc, known, [Sentence(doc[s:e], [doc[a:b] for a, b in inner])
                                                  for s, e, inner in bounds]))
        out.append(article)
    return out
