"""`veille serve`: a read-only REST API and web dashboard over the store (see `app`)."""
from .app import create_app, run

__all__ = ["create_app", "run"]
