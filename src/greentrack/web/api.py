"""The REST API under /api/v1: thin routes over `greentrack.services`."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
