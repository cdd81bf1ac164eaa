"""Targets modelled on 金乡县's two plans, and writers of real .xlsx and .csv reporting sheets."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from greentrack.ledger.intake_records import IntakeTarget

HOUSING = "金乡县住房和城乡建设局"
DEVELOPMENT = "金乡县发展和改革局"
WATER = "金乡县水务局"
JINXIANG = "370828"
AS_OF = date(2025, 6, 30)
HEADER = ("目标编号 target id", "指标 indicator", "期间 period", "数值 value", "单位 unit", "来源 source", "备注 note")


def _target(ident: str, indicator: str, indicator_id: str | None, unit: str, kind: str, value: float,
            departments: tuple[str, ...], target_unit: str | None = None, year: int | None = 2025,
            lead: tuple[str, ...] = ()) -> IntakeTarget:
    return IntakeTarget(id=ident, indicator=indicator, indicator_id=indicator_id, unit=unit, kind=kind,
                        comparator="=" if kind == "cumulative" else ">=", value=value,
                        target_unit=unit if target_unit is None else target_unit, year=year, deadline=None,
                        jurisdiction=JINXIANG, departments=departments, lead_departments=lead,
                        doc="金乡县推动城乡建设绿色发展实施方案")


TARGETS: tuple[IntakeTarget, ...] = (
    _target("101", "常住人口城镇化率", "urbanisation_rate", "%", "level", 65, (DEVELOPMENT, HOUSING), year=2026,
            lead=(DEVELOPMENT, HOUSING)),
    _target("102", "新增绿色建筑", "green_building_area_added", "万平方米", "cumulative", 200, (HOUSING,),
            lead=(HOUSING,)),
    _target("103", "累计新增绿色建筑面积", "green_building_area_added", "万平方米", "cumulative", 610, (HOUSING,)),
    _target("104", "充电桩", "charging_piles", "个", "cumulative", 1600, (HOUSING, DEVELOPMENT)),
    _target("105", "人均公园绿地面积", "park_green_space_per_capita", "平方米/人", "level", 18.54, (HOUSING,),
            year=2023),
    _target("106", "公共机构单位建筑面积能耗", None, "%", "change", -5, (HOUSING, DEVELOPMENT)),
    _target("107", "污泥无害化处置率", "sludge_safe_disposal_rate", "%", "level", 95, (HOUSING,), year=2023),
    _target("201", "农田灌溉水有效利用系数", "irrigation_efficiency", "", "level", 0.6702, (WATER,)),
)
BY_ID = {t.id: t for t in TARGETS}


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], header: Sequence[object] = HEADER,
               formats: dict[str, str] | None = None) -> Path:
    """A one-sheet workbook: the header, then the rows; `formats` sets number formats by cell (H2 → 0%)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    book.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], header: Sequence[object] = HEADER,
              encoding: str = "utf-8") -> Path:
    """A CSV file in `encoding` (utf-8, utf-8-sig, gbk)."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
