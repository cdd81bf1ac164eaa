"""The API's own pages: an index, and the OpenAPI document rendered by Swagger UI served from the package.

FastAPI's built-in docs page loads Swagger UI from a CDN; this one loads the copy shipped in the
`swagger-ui-bundle-v2` wheel (mounted by `app.py` at /api/v1/docs/assets), so no request leaves
the server. URLs are relative, so the page works behind a path prefix too.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from greentrack.services.documents import list_documents
from greentrack.web.api import LedgerDep
from greentrack.web.auth import Who
from greentrack.web.schemas import ApiIndex

router = APIRouter(tags=["about 说明"])
API_VERSION = "1"

DOCS_PAGE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>greentrack API 接口文档</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script>
// validatorUrl null: the bundle would otherwise send the document to an outside validator
SwaggerUIBundle({url: "openapi.json", dom_id: "#swagger-ui", validatorUrl: null, deepLinking: true,
                 presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout"});
</script>
</body>
</html>
"""


def index(ledger: LedgerDep, who: Who) -> ApiIndex:
    """The API's version, where its OpenAPI document and docs are, and how many documents the ledger holds."""
    return ApiIndex(name="greentrack", version=API_VERSION, openapi="/api/v1/openapi.json", docs="/api/v1/docs",
                    documents=len(list_documents(ledger, who)))


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs() -> HTMLResponse:
    """Swagger UI over /api/v1/openapi.json, from local assets."""
    return HTMLResponse(DOCS_PAGE)
