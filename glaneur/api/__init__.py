"""The read API and its HTML pages (`glaneur api`): FastAPI over a read-only connection to the store."""

from glaneur.api.app import create_app

__all__ = ["create_app"]
