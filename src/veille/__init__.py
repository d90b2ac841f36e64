"""veille: French news to a source-attributed database of international-relations events."""
__version__ = "0.1.0"

from .pipeline import Pipeline, Report, extract, process  # noqa: E402
from .records import Document, Failure, Paragraph, Source  # noqa: E402
from .store import Store  # noqa: E402

__all__ = ["Document", "Failure", "Paragraph", "Pipeline", "Report", "Source", "Store", "extract", "process"]
