"""The web layer: the REST API under /api/v1 and the dashboard pages, one FastAPI app (`create_app`)."""

from greentrack.web.app import create_app

__all__ = ["create_app"]
