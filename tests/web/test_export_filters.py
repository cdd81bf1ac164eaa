"""The download of the ledger carries the ledger page's filters: the page's export link names its filters and date,
and /api/v1/export with them holds exactly the rows the filtered table lists (xlsx and csv); a filter naming
nothing the ledger holds is refused with the reason, never an empty file.
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from greentrack.reports.xlsx import LEDGER_SHEET
from greentrack.services.ledger import open_ledger
from greentrack.services.target_query import TargetFilter
from greentrack.services.targets import list_targets

AS_OF = "2025-06-30"
HOUSING = "金乡县住房和城乡建设局"


def _shown(db: Path, chosen: TargetFilter) -> list[int]:
    ledger = open_ledger(db=db)
    try:
        return sorted(r.record.id for r in list_targets(ledger, chosen, limit=1000,
                                                       as_of=date.fromisoformat(AS_OF)).rows)
    finally:
        ledger.close()


def test_the_export_link_carries_the_pages_filters(api: TestClient, api_demo_db: Path) -> None:
    page = api.get("/ledger", params={"department": HOUSING, "status": "on_track", "as_of": AS_OF}).text
    link = html.unescape(re.search(r'id="export-link" href="([^"]+)"', page).group(1))
    assert urlsplit(link).path == "/api/v1/export"
    assert dict(parse_qsl(urlsplit(link).query)) == {"format": "xlsx", "department": HOUSING, "status": "on_track",
                                                     "as_of": AS_OF}
    response = api.get(link)
    assert response.status_code == 200
    header, *rows = load_workbook(io.BytesIO(response.content))[LEDGER_SHEET].iter_rows(values_only=True)
    expected = _shown(api_demo_db, TargetFilter(department=HOUSING, status="on_track"))
    assert sorted(r[header.index("台账编号")] for r in rows) == expected and expected


@pytest.mark.parametrize("query", [{"jurisdiction": "金乡县", "year": "2025"}, {"status": "lagging"},
                                   {"indicator": "城镇化率"}])
def test_the_api_export_holds_the_filtered_rows(api: TestClient, api_demo_db: Path, query: dict[str, str]) -> None:
    chosen = TargetFilter(**{k: int(v) if k == "year" else v for k, v in query.items()})
    expected = _shown(api_demo_db, chosen)
    assert expected
    response = api.get("/api/v1/export", params={"format": "csv", "as_of": AS_OF, **query})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert sorted(int(r[0]) for r in rows) == expected


def test_a_filter_naming_nothing_is_refused(api: TestClient) -> None:
    response = api.get("/api/v1/export", params={"format": "xlsx", "jurisdiction": "嘉祥县"})
    assert response.status_code == 404
    assert "嘉祥县" in response.json()["error"]["message"]
    response = api.get("/api/v1/export", params={"format": "xlsx", "status": "late"})
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == ["status"]
