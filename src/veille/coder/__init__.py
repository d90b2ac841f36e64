"""The French event coder: PLOVER events, with their mode, context, date, place and
provenance, and attributed quotes, read from spaCy's dependency parse of an article body.

Modules, in reading order: `sentences` (which sentences are parsed), `lexicon` (triggers),
`coref` (who a phrase refers to), `arguments` (the sides of an event), `modality` (whether
it happened), `when` (date and place), `attribution` (quotes), `document` (the article)."""
from .document import code_document, code_documents
from .lexicon import lexicon, plover
from .words import CODER_VERSION

__all__ = ["CODER_VERSION", "code_document", "code_documents", "lexicon", "plover"]
