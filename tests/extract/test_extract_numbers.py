"""Numbers, units and time phrases are read as written: Chinese numerals, percent, rate units, deadlines."""

from __future__ import annotations

import pytest

from greentrack.extract.numbers import iter_mentions, parse_cn_integer
from greentrack.extract.times import find_time_phrases, issue_year


@pytest.mark.parametrize(("text", "value"), [
    ("十", 10), ("十五", 15), ("二十", 20), ("一百零五", 105), ("两千三百", 2300), ("三万", 30000),
    ("二〇二五", 2025), ("九", 9),
])
def test_chinese_integers(text: str, value: int) -> None:
    assert parse_cn_integer(text) == value


def test_malformed_chinese_numeral_is_none() -> None:
    assert parse_cn_integer("十x") is None


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("达到4.4亿斤以上", 4.4, "亿斤"),
    ("控制在8.5公里/平方公里", 8.5, "公里/平方公里"),
    ("不高于300吨/万平方米", 300, "吨/万平方米"),
    ("提高到百分之三十", 30, "%"),
    ("达到65％", 65, "%"),
    ("执行二星级及以上", 2, "星级"),
    ("按照50年一遇", 50, "年一遇"),
    ("新增1,600个", 1600, "个"),
    ("建成两个示范区", 2, "个"),
    ("实现清零", 0, ""),
    ("绿色建筑面积新增120万m2", 120, "万m2"),  # a symbol unit after 万/亿, as tables and some prose write it
    ("改造面积达到35万㎡", 35, "万㎡"),
    ("装机容量达到10万kW", 10, "万kW"),
])
def test_mentions(text: str, value: float, unit: str) -> None:
    mentions = iter_mentions(text)
    assert [(m.value, m.unit) for m in mentions] == [(value, unit)]


@pytest.mark.parametrize("text", ["5G基站", "PM2.5浓度", "GB55015-2021", "一批项目", "三线一单", "千亿元级"])
def test_names_are_not_mentions(text: str) -> None:
    assert [m for m in iter_mentions(text) if m.unit] == []


@pytest.mark.parametrize(("text", "year", "deadline", "standing"), [
    ("到2025年，", 2025, None, False),
    ("2023年10月底前全面完成", 2023, "2023-10-31", False),
    ("2024年2月底前", 2024, "2024-02-29", False),
    ("2023年底前", 2023, "2023-12-31", False),
    ("自2023年起，", 2023, None, True),
    ("“十四五”期间，", 2025, None, False),
    ("十五五末", 2030, None, False),
    ("2035年远景目标", 2035, None, False),
    ("启动阶段（2023年1月—6月）", 2023, "2023-06-30", False),  # a period within one year: due at its end
    ("到二〇二五年，", 2025, None, False),
])
def test_time_phrases(text: str, year: int, deadline: str | None, standing: bool) -> None:
    phrase = find_time_phrases(text)[0]
    assert (phrase.year, phrase.deadline, phrase.standing) == (year, deadline, standing)


@pytest.mark.parametrize("text", ["比2020年下降5%", "较2015年增长", "由2015年的14.88%", "2000年前建成的小区"])
def test_reference_years_are_not_time_phrases(text: str) -> None:
    assert find_time_phrases(text) == []


def test_year_range_keeps_its_first_year() -> None:
    phrase = find_time_phrases("2022至2025年，")[0]
    assert (phrase.first_year, phrase.year) == (2022, 2025)


def test_issue_year_from_the_first_full_date() -> None:
    assert issue_year("某某市人民政府办公室\n2022年3月8日\n到2025年，") == 2022
    assert issue_year("到2025年，没有日期") is None
