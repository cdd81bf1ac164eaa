"""/api/v1/documents on the demo ledger: the five seed plans listed; each document's outline places every
target under exactly one heading whose span holds its quote; the text endpoint's spans slice the text to
the quotes; uploads store a revised plan as a new version, the same bytes as unchanged, and refuse a bad
file with the reader's error naming the file as uploaded (never the server's temporary path).
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from greentrack.services.documents import sample_paths

AS_OF = "2025-06-30"
SEED_TITLES = {
    "金乡县推动城乡建设绿色发展实施方案": ("370828", 53),
    "金乡县“十四五”绿色低碳循环发展规划": ("370828", 38),
    "关于推动城乡建设绿色发展的实施意见": ("620000", 9),
    "平陆县县城绿色低碳建设工作实施方案": ("140829", 3),
    "赤峰市推动城乡建设绿色发展实施方案": ("150400", 21),
}


def test_list_documents_gives_the_five_seed_plans(api: TestClient) -> None:
    response = api.get("/api/v1/documents")
    assert response.status_code == 200
    items = response.json()["items"]
    assert {d["title"]: (d["jurisdiction_code"], d["targets"]) for d in items} == SEED_TITLES
    assert [d["id"] for d in items] == [1, 2, 3, 4, 5]
    assert all(d["version"] == 1 and d["previous_id"] is None for d in items)


def test_document_detail_places_every_target_under_the_heading_holding_it(api: TestClient) -> None:
    body = api.get("/api/v1/documents/1", params={"as_of": AS_OF}).json()
    assert body["document"]["doc_number"] == "金政办字〔2023〕28号"
    assert body["newest_id"] == 1 and body["as_of"] == AS_OF
    targets = {t["id"]: t for t in body["targets"]}
    assert len(targets) == 53
    placed = [i for s in body["sections"] for i in s["target_ids"]] + body["unsectioned_target_ids"]
    assert sorted(placed) == sorted(targets)  # each target exactly once
    spans = {s["target_id"]: s for s in api.get("/api/v1/documents/1/text").json()["spans"]}
    for section in body["sections"]:
        for target_id in section["target_ids"]:
            assert section["start"] <= spans[target_id]["start"] < section["end"]
    green = next(s for s in body["sections"] if 14 in s["target_ids"])
    assert (green["number"], green["title"][:7]) == ("（六）", "大力度实施城市")
    assert targets[14]["status"] == {"code": "overdue", "zh": "逾期未完成", "en": "overdue"}


def test_document_text_spans_slice_the_text_to_each_quote(api: TestClient) -> None:
    for document_id in (1, 2, 3, 4, 5):
        body = api.get(f"/api/v1/documents/{document_id}/text").json()
        assert body["document_id"] == document_id
        assert body["spans"], "every seed plan has targets"
        for span in body["spans"]:
            assert body["text"][span["start"]:span["end"]] == span["quote"]
    quote = next(s for s in api.get("/api/v1/documents/1/text").json()["spans"] if s["target_id"] == 14)
    assert quote["quote"] == "城市建成区绿地率达到40.11%以上"


def test_unknown_document_is_404_in_the_error_shape(api: TestClient) -> None:
    for path in ("/api/v1/documents/999", "/api/v1/documents/999/text"):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json() == {"error": {
            "status": 404, "code": "unknown_document", "details": [],
            "message": "no document 999 in the ledger — see the list of plans"}}


def test_document_id_that_is_no_number_is_422_naming_the_field(api: TestClient) -> None:
    response = api.get("/api/v1/documents/first")
    assert response.status_code == 422
    detail = response.json()["error"]["details"][0]
    assert (detail["field"], detail["location"]) == ("document_id", "path")


def test_upload_of_a_revised_plan_is_a_new_version_and_the_same_bytes_are_unchanged(
        api_writable: TestClient) -> None:
    seed = next(p for p in sample_paths() if p.name.startswith("003_"))  # 平陆县, 3 targets
    revised = seed.read_bytes() + "\n（本文件为修订稿。）\n".encode()
    response = api_writable.post("/api/v1/documents", files={"file": ("平陆县方案-修订.txt", revised, "text/plain")})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "new_version"
    assert (body["document"]["version"], body["document"]["previous_id"]) == (2, 4)
    assert body["document"]["name"] == "平陆县方案-修订.txt"
    assert body["document"]["targets"] == 3
    again = api_writable.post("/api/v1/documents", files={"file": ("again.txt", revised)})
    assert again.status_code == 200
    assert again.json()["status"] == "unchanged" and again.json()["document"]["id"] == body["document"]["id"]
    listed = api_writable.get("/api/v1/documents").json()["items"]
    assert len(listed) == 6
    # the ledger's targets are the newest versions': still 124, the new version's in place of the old
    targets = api_writable.get("/api/v1/targets", params={"jurisdiction": "平陆县", "limit": 10}).json()
    assert targets["total"] == 3
    assert {t["document_id"] for t in targets["items"]} == {body["document"]["id"]}


def test_upload_of_a_bad_file_says_why_and_names_the_file_as_uploaded(api_writable: TestClient) -> None:
    cases = [
        (("plan.exe", b"MZ\x90\x00"), 422, "unsupported_format",
         "cannot read plan.exe: unknown file type '.exe' — greentrack reads .txt, .docx, .pdf, .html, .htm"),
        (("empty.txt", b""), 422, "empty_document", "cannot read empty.txt: the file is empty (0 bytes)"),
        (("scan.pdf", b"%PDF-1.4 not really"), 422, "corrupt_document", None),
    ]
    for (name, data), status, code, message in cases:
        response = api_writable.post("/api/v1/documents", files={"file": (name, data)})
        assert response.status_code == status, name
        error = response.json()["error"]
        assert error["code"] == code
        assert error["message"].startswith(f"cannot read {name}: ")
        assert "/tmp" not in error["message"] and "greentrack-upload" not in error["message"]
        if message:
            assert error["message"] == message
    assert len(api_writable.get("/api/v1/documents").json()["items"]) == 5  # nothing stored


def test_upload_larger_than_the_setting_is_413(api_writable: TestClient, monkeypatch) -> None:
    monkeypatch.setenv("GREENTRACK_MAX_FILE_MB", "0.001")
    response = api_writable.post("/api/v1/documents", files={"file": ("big.txt", "绿色".encode() * 1000)})
    assert response.status_code == 413
    assert response.json()["error"] == {"status": 413, "code": "file_too_large", "details": [],
                                        "message": "cannot read big.txt: larger than 0.001 MB (setting max_file_mb)"}
    sheet = api_writable.post("/api/v1/observations/import", files={"file": ("big.csv", b"x," * 2000)})
    assert (sheet.status_code, sheet.json()["error"]["code"]) == (413, "file_too_large")


def test_upload_without_a_file_is_422_naming_the_field(api: TestClient) -> None:
    response = api.post("/api/v1/documents", data={"name": "x"})
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {"field": "file", "location": "body", "reason": "Field required", "type": "missing"}]
