"""The shipped catalog is well formed, covers the 城市体检 reference rows and every chapter, and searches sensibly."""

from __future__ import annotations

import fnmatch
import tomllib
from collections import Counter
from pathlib import Path

import greentrack
from greentrack.resolve.catalog import DIMENSIONS, get_indicator, load_catalog, search_catalog
from greentrack.resolve.text import normalise
from greentrack.resolve.units import is_known

# the rows of shared/reference/chengshi_tijian.csv (2021 edition): verified, secondary and unconfirmed names
TIJIAN_2021 = [
    "区域开发强度", "组团规模", "人口密度超过每平方公里1.5万人的城市建设用地规模", "新建住宅建筑高度超过80米的数量",
    "城市生态廊道达标率", "单位GDP二氧化碳排放降低", "新建建筑中绿色建筑占比", "城市绿道服务半径覆盖率",
    "公园绿地服务半径覆盖率", "城市环境噪声达标地段覆盖率", "空气质量优良天数比率", "地表水达到或好于Ⅲ类水体比例",
    "城市生活污水集中收集率", "再生水利用率", "城市生活垃圾资源转化利用率", "城市可渗透地面面积比例",
    "社区低碳能源设施覆盖率", "绿色交通出行分担率",
]


def test_catalog_size_and_ids() -> None:
    catalog = load_catalog()
    assert len(catalog) >= 80
    assert len({i.id for i in catalog}) == len(catalog)


def test_every_dimension_is_used_and_known() -> None:
    used = Counter(i.dimension for i in load_catalog())
    assert set(used) == set(DIMENSIONS)


def test_fields_are_filled_and_units_known() -> None:
    for indicator in load_catalog():
        assert indicator.zh and indicator.en and indicator.description, indicator.id
        assert is_known(indicator.unit), f"{indicator.id}: unit '{indicator.unit}' not in the unit table"


def test_no_name_belongs_to_two_indicators() -> None:
    owners: dict[str, set[str]] = {}
    for indicator in load_catalog():
        for name in indicator.names:
            owners.setdefault(normalise(name), set()).add(indicator.id)
    assert {name: ids for name, ids in owners.items() if len(ids) > 1} == {}


def test_reference_rows_are_in_the_catalog() -> None:
    names = {normalise(n) for i in load_catalog() for n in i.names}
    assert [n for n in TIJIAN_2021 if normalise(n) not in names] == []


def test_reference_directions_are_kept() -> None:
    assert get_indicator("cluster_size").direction == "target_range"
    assert get_indicator("tall_new_housing_count").direction == "lower_better"
    assert get_indicator("region_development_intensity").direction == ""
    assert get_indicator("msw_resource_conversion_rate").basis == "tijian2021-unconfirmed"


def test_search() -> None:
    assert search_catalog("装配式")[0].id == "prefab_building_share"
    assert search_catalog("prefab_building_share")[0].id == "prefab_building_share"
    assert search_catalog("PM2.5")[0].id == "pm25_concentration"
    assert search_catalog("charging")[0].id in {"charging_stations", "charging_piles", "charging_service_radius"}
    assert {i.dimension for i in search_catalog("能源")} >= {"能源"}
    assert len(search_catalog()) == len(load_catalog())
    assert search_catalog("完全无关的词语") == []


def test_data_files_are_declared_as_package_data() -> None:
    root = Path(greentrack.__file__).parent
    config = tomllib.loads((root.parents[1] / "pyproject.toml").read_text("utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["greentrack"]
    data = [p.relative_to(root).as_posix() for p in (root / "resolve" / "data").iterdir()]
    assert [p for p in data if not any(fnmatch.fnmatch(p, g) for g in globs)] == []
