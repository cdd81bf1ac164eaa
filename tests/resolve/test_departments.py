"""Every department named in the gold and the seeds resolves to a canonical department; short and full names agree."""

from __future__ import annotations

import pytest

from greentrack.resolve.departments import load_departments, resolve_department, search_departments

# names in the seeds' responsibility notes that the gold does not list
SEED_ONLY = [
    "人民银行金乡支行", "县委党校", "县委宣传部", "县文化和旅游局", "县科技局", "县税务局", "县金融工作服务中心",
    "银保监组", "中国人民银行赤峰市分行", "人力资源社会保障局", "国动办", "国家税务总局赤峰市税务局",
    "国家金融监督管理总局赤峰监管分局", "宣传部", "市委宣传部", "市委组织部", "市委网信办", "应急局", "政务服务局",
    "消防救援支队", "科技局", "金融办", "县交通运\n\n输局", "市生态环境局金乡县分\n\n局",
]


def test_every_gold_department_resolves(gold: list[dict]) -> None:
    names = sorted({name for record in gold for name in record["departments"] + record["lead_departments"]})
    missing = [name for name in names if resolve_department(name) is None]
    assert missing == []


@pytest.mark.parametrize("name", SEED_ONLY)
def test_every_seed_department_resolves(name: str) -> None:
    assert resolve_department(name) is not None


@pytest.mark.parametrize(("short", "full", "department_id"), [
    ("县住建局", "县住房和城乡建设局", "housing"),
    ("住房城乡建设局", "住房和城乡建设局", "housing"),
    ("县发改局", "县发展和改革局", "development_reform"),
    ("市发展改革委", "市发展和改革委员会", "development_reform"),
    ("县教体局", "县教育和体育局", "education_sports"),
    ("县卫健局", "县卫生健康局", "health"),
    ("卫生健康委", "卫生健康委员会", "health"),
    ("卫健委", "卫生健康委员会", "health"),
    ("县人社局", "县人力资源和社会保障局", "human_resources"),
    ("工信局", "工业和信息化局", "industry_it"),
    ("工科局", "工业和科技局", "industry_science"),
    ("林草局", "林业和草原局", "forestry"),
    ("市场监管局", "市场监督管理局", "market_regulation"),
    ("文旅局", "文化和旅游局", "culture_tourism"),
    ("县市容环卫中心", "县市容环卫服务中心", "sanitation"),
    ("县机关事务中心", "县机关事务服务中心", "government_affairs_admin"),
])
def test_short_and_full_names_are_one_department(short: str, full: str, department_id: str) -> None:
    first, second = resolve_department(short), resolve_department(full)
    assert first is not None and second is not None
    assert first.department.id == second.department.id == department_id
    assert first.canonical_name == second.canonical_name


@pytest.mark.parametrize(("name", "other", "department_id"), [
    ("行政审批局", "行政审批服务局", "approval"),
    ("自然资源局", "自然资源和规划局", "natural_resources"),
    ("农牧局", "农业农村局", "agriculture"),
    ("水利局", "水务局", "water"),
])
def test_official_variants_share_a_department_and_keep_their_names(name: str, other: str, department_id: str) -> None:
    first, second = resolve_department(name, "赤峰市"), resolve_department(other, "赤峰市")
    assert first.department.id == second.department.id == department_id
    assert (first.canonical_name, second.canonical_name) == (f"赤峰市{name}", f"赤峰市{other}")


def test_jurisdiction_prefix_and_context() -> None:
    assert resolve_department("县住建局", "金乡县").canonical_name == "金乡县住房和城乡建设局"
    assert resolve_department("住房城乡建设局", "赤峰市").canonical_name == "赤峰市住房和城乡建设局"
    assert resolve_department("市发展改革委", "赤峰市").canonical_name == "赤峰市发展和改革委员会"
    assert resolve_department("县住建局").canonical_name == "县住房和城乡建设局"
    matched = resolve_department("市工业和信息化局", "赤峰市")
    assert (matched.level, matched.place) == ("prefecture", "赤峰市")


def test_branches_of_a_higher_bureau() -> None:
    for written in ("市生态环境局金乡县分局", "生态环境局金乡县分局"):
        matched = resolve_department(written, "金乡县")
        assert matched.department.id == "ecology_environment"
        assert (matched.level, matched.place, matched.branch_in) == ("prefecture", "济宁市", "金乡县")
        assert matched.canonical_name == "济宁市生态环境局金乡县分局"


def test_non_government_units() -> None:
    power = resolve_department("国网赤峰供电公司")
    assert (power.department.category, power.department.kind, power.place) == ("电力", "enterprise", "赤峰市")
    bank = resolve_department("人民银行金乡支行")
    assert (bank.department.id, bank.branch_in, bank.canonical_name) == (
        "central_bank", "金乡县", "中国人民银行金乡县支行")
    assert resolve_department("县大数据中心").department.kind == "public_institution"
    assert resolve_department("园林绿化服务中心").department.id == "landscaping"
    assert resolve_department("县委组织部", "金乡县").canonical_name == "金乡县委组织部"


def test_unknown_names_stay_unresolved() -> None:
    assert resolve_department("县长") is None
    assert resolve_department("各乡镇") is None


def test_registry_is_consistent() -> None:
    departments = load_departments()
    assert len({d.id for d in departments}) == len(departments)
    names = [n for d in departments for n in (d.full_name, *d.short_names)]
    assert len(names) == len(set(names))
    assert {d.kind for d in departments} <= {"government", "party", "public_institution", "enterprise", "financial",
                                             "regulator"}
    assert [d.id for d in search_departments("住建")] == ["housing"]
