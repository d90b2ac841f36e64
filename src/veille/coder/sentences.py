"""Which sentences of an article the parser reads. Tagging and parsing take most of the
language analysis time, and most news sentences tell no event: a body is tokenized and
split into sentences by rule, and only the sentences the coder can read something from
are parsed (those with a trigger candidate and an actor or a word pointing back to one,
those holding direct speech, those that may state a person's role) together with the
sentences their pronouns may point back to. The others keep their tokens only."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import numpy
from spacy.attrs import DEP, HEAD, IDX, LOWER, NORM, SPACY
from spacy.tokens import Doc, Span

from ..actors import Mention, get_dictionary
from ..nlp import (
    ANNOTATIONS,
    get_nlp,
    join_capitalised_compounds,
    parsing,
    receptive_field,
    token_texts,
)
from ..quotes import QuoteSpan, find_quotes
from .lexicon import lexicon
from .words import (
    CONSULT_LIKE,
    GROUPS,
    PRONOUNS,
    REFLEXIVE,
    SPEAKER_PRONOUNS,
    STATE_NOUNS,
)

ENDS = {".", "!", "?", "…", "..."}
CLOSERS = {"»", "”", ")", '"'}
OPENERS = {"«", "“", '"', "(", "—", "–", "-"}
# every part of speech the lemmatizer reads a form under: a trigger's lemma under any of them
TAGS = ("NOUN", "VERB", "ADJ", "AUX", "ADV", "ADP", "PRON", "DET", "CCONJ", "SCONJ", "PROPN")
_HEAD, _DEP = ANNOTATIONS.index(HEAD), ANNOTATIONS.index(DEP)


@dataclass(slots=True)
class Paragraph:
    """A tokenized body paragraph, its dictionary mentions, its sentences in order as
    (span, parsed), and the tokens that may be event triggers."""

    doc: Doc
    mentions: list[Mention]
    sentences: list[tuple[Span, bool]]
    triggers: list[int]


def split(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences: a sentence ends at a final stop, the punctuation
    closing it ("… . »") included, when the next word opens a new one (a capital, a digit,
    an opening quote). Abbreviations ("M.", "janv.", "J.") are single tokens already."""
    texts = token_texts(doc)
    starts, n = [0], len(texts)
    for i, text in enumerate(texts[:-1]):
        if text not in ENDS or i + 1 <= starts[-1]:
            continue
        j = i + 1
        while j < n and (texts[j] in CLOSERS or texts[j] in ENDS):
            j += 1
        if j < n and j > starts[-1] and (texts[j][:1].isupper() or texts[j][:1].isdigit() or texts[j] in OPENERS):
            starts.append(j)
    return list(zip(starts, starts[1:] + [n])) if n else []


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
        if any(map(str.isalpha, form)):
            for token in Doc(self.vocab, words=[form] * len(TAGS), pos=list(TAGS)):
                found.update(lemma.lower() for lemma in self.lemmatizer.rule_lemmatize(token))
        self.table[key] = frozenset(found)
        return self.table[key]


@cache
def _cues() -> tuple[frozenset[str], frozenset[str]]:
    """Words that point back to an actor named before: (forms, lemmas)."""
    return frozenset(PRONOUNS | SPEAKER_PRONOUNS), frozenset(GROUPS | STATE_NOUNS | set(get_dictionary().anaphors))


def _triggers(lemmas: list[frozenset[str]], start: int, end: int) -> set[str]:
    """The event types the tokens start..end may trigger: a word that may be a trigger
    with the rest of its multiword expression after it and one of its required words in
    the sentence."""
    table = lexicon()
    types: set[str] = set()
    sentence: set[str] | None = None
    for i in range(start, end):
        for key in lemmas[i] & table.keys():
            for trigger in table[key]:
                rest = trigger.lemmas[1:]
                if trigger.type in types or any(i + 1 + k >= len(lemmas) or word not in lemmas[i + 1 + k]
                                                for k, word in enumerate(rest)):
                    continue
                if trigger.requires and sentence is None:
                    sentence = set().union(*lemmas[start:min(end + 3, len(lemmas))])
                if not trigger.requires or trigger.requires & sentence or "se" in trigger.requires and sentence & REFLEXIVE:
                    types.add(trigger.type)
    return types


def select(docs: list[Doc], mentions: list[list[Mention]], quotes: list[list[QuoteSpan]],
           forms: Forms) -> tuple[list[list[tuple[int, int, bool]]], list[list[int]]]:
    """The sentences of one article's paragraphs, each as (start, end, to parse), and
    the tokens of each paragraph that may be triggers. A sentence is parsed when it may
    tell an event (a trigger, and an actor or a word standing for one: a pronoun, a group
    or role noun, a name given a role elsewhere, a meeting word that may mean the meeting
    told before), when it holds direct speech or may state whom a person speaks for, and
    when a parsed sentence's pronoun may stand for its actors."""
    cue_forms, cue_lemmas = _cues()
    keys = lexicon().keys()
    chosen: list[list[list]] = []
    candidates: list[list[int]] = []
    stated: set[str] = set()  # role nouns and names of sentences that may state a person's role
    facts = []
    for p, (doc, found, spans) in enumerate(zip(docs, mentions, quotes)):
        lemmas = forms.lemmas(doc)
        texts = token_texts(doc)
        candidates.append([i for i, words in enumerate(lemmas) if words & keys])
        covered = [False] * len(doc)
        for m in found:
            covered[m.span.start:m.span.end] = [True] * len(m.span)
        capital = [text[:1].isupper() for text in texts]
        name_start = [capital[i] and capital[i + 1] and not covered[i] and not covered[i + 1]
                      for i in range(len(texts) - 1)]  # a name the dictionary lacks
        starts = doc.to_array(IDX).tolist()
        sentences = []
        for start, end in split(doc):
            is_person = [m.actor.kind == "person" for m in found if start <= m.span.start < end]
            unknown = any(name_start[start + 1:end - 1])
            words = set().union(*lemmas[start:end])
            first, last = starts[start], starts[end - 1] + len(texts[end - 1])
            quoted = any(first < q.end and q.start < last for q in spans)
            role = (any(is_person) or unknown) and not all(is_person)  # a person next to another actor
            if role:
                stated |= words & forms.nouns | {texts[i].lower() for i in range(start + 1, end) if texts[i][:1].isupper()}
            types = _triggers(lemmas, start, end)
            pronoun = bool(words & cue_forms)
            facts.append((p, len(sentences), bool(is_person), pronoun, bool(types),
                          pronoun or bool(words & cue_lemmas or types & CONSULT_LIKE), words))
            sentences.append([start, end, quoted or role])
        chosen.append(sentences)
    previous_actor = None
    for p, index, actor, pronoun, trigger, cue, words in facts:
        sentence = chosen[p][index]
        if trigger and (actor or cue or words & stated):
            sentence[2] = True
        if sentence[2] and pronoun and previous_actor is not None:
            chosen[previous_actor[0]][previous_actor[1]][2] = True  # what "il", "ils" may stand for
        if actor:
            previous_actor = (p, index)
    return [[tuple(s) for s in sentences] for sentences in chosen], candidates


def _windows(sentences: list[tuple[int, int, bool]], context: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """What the parser reads of a paragraph, as (start, end, runs): runs of consecutive
    sentences to parse, each with `context` tokens before it and `context` + 1 after it
    (windows that touch are joined), so the parser reads each run's words as it would in
    the whole paragraph: its network sees that many tokens on each side of a word, and its
    transitions look one word past a sentence's end."""
    windows: list[tuple[int, int, list[tuple[int, int]]]] = []
    length = sentences[-1][1] if sentences else 0
    for i, (start, end, parse) in enumerate(sentences):
        if not parse:
            continue
        if i and sentences[i - 1][2]:
            windows[-1][2][-1] = (windows[-1][2][-1][0], end)
        elif windows and windows[-1][1] >= start - context:
            windows[-1][2].append((start, end))
        else:
            windows.append((max(0, start - context), 0, [(start, end)]))
        first, _, runs = windows[-1]
        windows[-1] = (first, min(length, end + context + 1), runs)
    return windows


def _documents(doc: Doc, sentences: list[tuple[int, int, bool]],
               windows: list[tuple[int, int, list[tuple[int, int]]]]) -> list[Doc]:
    """Each window of `doc` as a document whose sentence boundaries are set, so the parser
    keeps them (a sentence read alone is otherwise often cut at a comma). Tokens keep their
    norms: a joined compound reads as its first part."""
    words = token_texts(doc)
    array = doc.to_array([SPACY, NORM])
    spaces = array[:, 0].astype(bool).tolist()
    boundaries = [False] * len(doc)
    for start, _, _ in sentences:
        boundaries[start] = True
    out = []
    for first, last, _ in windows:
        starts = boundaries[first:last]
        starts[0] = True
        sub = Doc(doc.vocab, words=words[first:last], spaces=spaces[first:last], sent_starts=starts)
        out.append(sub.from_array([NORM], array[first:last, 1:]))
    return out


@cache
def _forms() -> Forms:
    return Forms(get_nlp())


def read(articles: list[list[str]], batch_size: int = 64, every_sentence: bool = False) -> list[list[Paragraph]]:
    """The paragraphs of each article (lists of texts): tokenized, with their dictionary
    mentions, and parsed where the coder can read something (or, with `every_sentence`,
    everywhere: what the prefilter is checked against). The chosen sentences of all
    articles go through the parser in one stream, and their annotations are copied into
    the paragraph documents, so token indices and character offsets stay the paragraph's."""
    nlp, dictionary, forms = get_nlp(), get_dictionary(), _forms()
    docs = [[join_capitalised_compounds(nlp.make_doc(text)) for text in texts] for texts in articles]
    mentions = [[dictionary.find(doc) for doc in paragraphs] for paragraphs in docs]
    selections = [select(paragraphs, found, [find_quotes(text) for text in texts], forms)
                  for paragraphs, found, texts in zip(docs, mentions, articles)]
    if every_sentence:
        selections = [([[(start, end, True) for start, end, _ in sentences] for sentences in chosen], candidates)
                      for chosen, candidates in selections]
    context = receptive_field(nlp)
    windows = [[_windows(sentences, context) for sentences in chosen] for chosen, _ in selections]
    wanted = [sub for paragraphs, (chosen, _), article in zip(docs, selections, windows)
              for doc, sentences, doc_windows in zip(paragraphs, chosen, article)
              for sub in _documents(doc, sentences, doc_windows)]
    with parsing():
        parsed = iter(list(nlp.pipe(wanted, batch_size=batch_size, disable=["join_capitalised_compounds"])))
    out = []
    for paragraphs, found, (chosen, candidates), article_windows in zip(docs, mentions, selections, windows):
        article = []
        for doc, known, sentences, triggers, doc_windows in zip(paragraphs, found, chosen, candidates, article_windows):
            kept = write_back(doc, doc_windows, [next(parsed) for _ in doc_windows])
            runs = [run for _, _, window_runs in doc_windows for run in window_runs]
            if len(kept) < len(runs):  # a sentence of a run left unparsed is read as such
                sentences = [(s, e, parse and _within(kept, s)) for s, e, parse in sentences]
            article.append(Paragraph(doc, known, [(doc[s:e], parse) for s, e, parse in sentences], triggers))
        out.append(article)
    return out


def write_back(doc: Doc, windows: list[tuple[int, int, list[tuple[int, int]]]],
               parsed: list[Doc]) -> list[tuple[int, int]]:
    """Copy the parses of the runs of `windows` (as `_documents` made them) into `doc`, the
    context around each run left unparsed, and return the token ranges written. A run whose
    parse is not a tree of its own tokens (a length that differs, an arc leaving the run, a
    token without a label) stays unparsed: spaCy follows a token's arcs without bounds
    checks, so one bad arc is a crash."""
    array = numpy.zeros((len(doc), len(ANNOTATIONS)), dtype="uint64")
    kept = []
    for (first, last, runs), sub in zip(windows, parsed, strict=True):
        values = sub.to_array(ANNOTATIONS)
        if len(values) != last - first:
            continue
        for start, end in runs:
            part = values[start - first:end - first]
            if consistent(part, end - start):
                array[start:end] = part
                kept.append((start, end))
    doc.from_array(ANNOTATIONS, array)
    return kept


def _within(ranges: list[tuple[int, int]], i: int) -> bool:
    k = bisect_right(ranges, (i, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= i < ranges[k][1]


def consistent(values: numpy.ndarray, length: int) -> bool:
    """Whether annotation rows (ANNOTATIONS order) make a parse of `length` tokens:
    every token labelled, every head among them."""
    if values.shape != (length, len(ANNOTATIONS)):
        return False
    heads = numpy.arange(length) + values[:, _HEAD].astype("int64")
    return bool(values[:, _DEP].all() and (heads >= 0).all() and (heads < length).all())
