"""One JSON error shape for every API error: {"error": {"code", "message", "status", "details"}}."""

from __future__ import annotations

from fastapi import FastAPI


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every error into the one JSON shape."""
