"""A department's reporting workbook (填报表): one row per target it answers for, columns to fill, checks built in.

The sheet guards what Excel can guard (numbers, unit lists, the period's shape, locked target
columns); `greentrack import` checks everything again, because a CSV or a copied sheet has no guards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from greentrack.ledger.intake_records import IntakeTarget
from greentrack.ledger.intake_values import value_bounds
from greentrack.ledger.safe_cells import xlsx_text
from greentrack.ledger.series import ANNUAL, RUNNING
from greentrack.resolve.units import UNITS, dimension, normalise_unit

DATA_SHEET, HELP_SHEET, LISTS_SHEET = "填报 report", "填报说明 instructions", "可选项 lists"
# (header, width, filled by the reporter)
COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("目标编号 target id", 12, False), ("规划 plan", 30, False), ("指标 indicator", 34, False),
    ("目标值 target", 18, False), ("完成时限 deadline", 14, False), ("牵头 lead", 9, False),
    ("期间 period", 13, True), ("数值 value", 13, True), ("单位 unit", 14, True),
    ("来源 source", 28, True), ("备注 note", 28, True),
)
ID, PLAN, INDICATOR, TARGET, DEADLINE, LEAD, PERIOD, VALUE, UNIT, SOURCE, NOTE = range(1, 12)
MIN_EXTRA_ROWS = 20  # blank rows under the targets, for a second period of a target
MAX_UNIT_CHOICES = 40
COUNTED = ("count", "people")
SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
HEADER_FILL = PatternFill("solid", fgColor="D9EAD3")
FILL_FILL = PatternFill("solid", fgColor="FFF2CC")
# YYYY or YYYY-MM with a month 01–12; relative to the range's first cell, as Excel reads it
PERIOD_RULE = ('OR(AND(LEN({c})=4,ISNUMBER(--{c})),AND(LEN({c})=7,MID({c},5,1)="-",ISNUMBER(--LEFT({c},4)),'
               'ISNUMBER(--RIGHT({c},2)),--RIGHT({c},2)>=1,--RIGHT({c},2)<=12))')


@dataclass(frozen=True)
class TemplateSummary:
    """What a written template holds: where it is, for whom, how many target rows and blank rows."""

    path: Path
    department: str
    targets: int
    extra_rows: int


def compatible_units(unit: str) -> list[str]:
    """Units a value for `unit` may be written in (the unit itself first); only itself when it is not in the table."""
    canonical = normalise_unit(unit)
    if dimension(canonical) is None:
        return [canonical] if canonical else []
    top, _, bottom = canonical.partition("/")
    tops = _same_dimension(top)
    choices = tops
    if bottom:
        choices = [f"{t}/{bottom}" for t in tops] + [f"{top}/{b}" for b in _same_dimension(bottom)]
    ordered = [canonical, *(c for c in choices if c != canonical)]
    return [c for c in dict.fromkeys(ordered) if c][:MAX_UNIT_CHOICES]


def _same_dimension(unit: str) -> list[str]:
    kind = UNITS[unit][0]
    if kind in COUNTED:  # 个 converts to 座 in the table, but only 个 and 万个 make sense for a count of 个
        return [name for name in (unit, f"万{unit}", unit.removeprefix("万")) if name in UNITS]
    return [name for name, (other, _) in UNITS.items() if other == kind]


def write_template(path: str | Path, department: str, targets: Sequence[IntakeTarget],
                   as_of: date | None = None, period: str | None = None) -> TemplateSummary:
    """Write the reporting workbook of `department` for `targets` (those it answers for) to `path`; `period`
    (a reporting cycle's) is written into each target's period cell, ready to fill."""
    path = Path(path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = DATA_SHEET
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    extra = max(MIN_EXTRA_ROWS, len(targets))
    _header(sheet)
    for number, target in enumerate(targets, 2):
        _target_row(sheet, number, target, department)
        if period:
            sheet.cell(row=number, column=PERIOD, value=period)
    last = len(targets) + 1 + extra
    _unlock_fill_cells(sheet, len(targets) + 2, last)
    _validations(sheet, lists, targets, last)
    _instructions(book.create_sheet(HELP_SHEET, 1), department, targets, as_of or date.today())
    sheet.freeze_panes = "B2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column is allowed; the locked cells are not
    book.properties.title = f"{department} 监测数据填报表"
    book.properties.subject = department
    book.properties.creator = "greentrack"
    book.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return TemplateSummary(path, department, len(targets), extra)


def _header(sheet: Worksheet) -> None:
    for position, (title, width, filled) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=1, column=position, value=title)
        cell.font = Font(bold=True)
        cell.fill = FILL_FILL if filled else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.row_dimensions[1].height = 30


def _target_row(sheet: Worksheet, number: int, target: IntakeTarget, department: str) -> None:
    values = {ID: target.id, PLAN: target.doc, INDICATOR: target.indicator, TARGET: _target_text(target),
              DEADLINE: target.deadline or (str(target.year) if target.year else "—"),
              LEAD: "是" if department in target.lead_departments else "否",
              UNIT: normalise_unit(target.unit) or None}
    for column, value in values.items():
        xlsx_text(sheet.cell(row=number, column=column, value=value))  # a plan's text is never a formula
    sheet.cell(row=number, column=INDICATOR).alignment = Alignment(wrap_text=True, vertical="top")
    _unlock(sheet, number, (PERIOD, VALUE, UNIT, SOURCE, NOTE))


def _target_text(target: IntakeTarget) -> str:
    number = f"{SYMBOLS.get(target.comparator, target.comparator)} {target.value:g}{target.target_unit}"
    if target.kind == "change":
        since = f"较{target.reference_year}年 " if target.reference_year else "变化 "
        # observations are the indicator's level where it is in the catalog, else the change itself
        return f"{since}{number}（{'填实际水平' if target.indicator_id else '填变化幅度'}）"
    if target.kind == "cumulative":
        return f"累计 {number}（{_RULE_HINTS[target.reporting or ANNUAL]}）"
    return f"标准 {number}" if target.kind == "standard" else number


_RULE_HINTS = {ANNUAL: "填当年新增", RUNNING: "填累计值"}  # the target's reporting rule (ledger/series.py)


def _unlock(sheet: Worksheet, number: int, columns: Sequence[int]) -> None:
    for column in columns:
        cell = sheet.cell(row=number, column=column)
        cell.protection = Protection(locked=False)
        cell.fill = FILL_FILL
        if column == PERIOD:
            cell.number_format = "@"  # text, so Excel keeps 2024-06 as typed instead of making it a date


def _unlock_fill_cells(sheet: Worksheet, first: int, last: int) -> None:
    """The blank rows under the targets: the id is chosen from a list, the rest is typed."""
    for number in range(first, last + 1):
        _unlock(sheet, number, (ID, PERIOD, VALUE, UNIT, SOURCE, NOTE))


def _validations(sheet: Worksheet, lists: Worksheet, targets: Sequence[IntakeTarget], last: int) -> None:
    period = _validation("custom", PERIOD_RULE.format(c=f"{get_column_letter(PERIOD)}2"),
                         "期间格式", "填年份（2024）或年月（2024-06），不能是未来的期间。")
    period.add(f"{get_column_letter(PERIOD)}2:{get_column_letter(PERIOD)}{last}")
    any_number = _validation("decimal", None, "数值", "只填数字，不带单位或“约”“左右”等文字。")
    any_number.operator, any_number.formula1, any_number.formula2 = "between", "-1E+15", "1E+15"
    shares = _validation("decimal", None, "数值（比例）", "比例填0到100之间的数字，单位为%。")
    shares.operator, shares.formula1, shares.formula2 = "between", "0", "100"
    counts = _validation("decimal", "0", "数值（数量）", "数量、面积、长度等不能为负数。")
    counts.operator = "greaterThanOrEqual"
    for number, target in enumerate(targets, 2):
        {"share": shares, "count": counts}.get(_bounds(target), any_number).add(
            f"{get_column_letter(VALUE)}{number}")
    if len(targets) + 2 <= last:
        any_number.add(f"{get_column_letter(VALUE)}{len(targets) + 2}:{get_column_letter(VALUE)}{last}")
    _unit_lists(sheet, lists, targets)
    _id_list(sheet, lists, targets, last)
    for rule in (period, any_number, shares, counts):
        if rule.sqref:
            sheet.add_data_validation(rule)


def _validation(kind: str, formula: str | None, title: str, text: str) -> DataValidation:
    rule = DataValidation(type=kind, formula1=formula, allow_blank=True, showErrorMessage=True,
                          showInputMessage=True, errorStyle="stop")
    rule.errorTitle, rule.error, rule.promptTitle, rule.prompt = title, text, title, text
    return rule


def _bounds(target: IntakeTarget) -> str:
    low, high = value_bounds(target)
    return "share" if high is not None else "count" if low is not None else "any"


def _unit_lists(sheet: Worksheet, lists: Worksheet, targets: Sequence[IntakeTarget]) -> None:
    """One list column per canonical unit on the hidden sheet; each row's unit cell picks from its own."""
    columns: dict[str, DataValidation] = {}
    for number, target in enumerate(targets, 2):
        unit = normalise_unit(target.unit)
        if unit not in columns:
            choices = compatible_units(unit)
            if not choices:
                continue
            position = len(columns) + 2  # column A holds the target ids
            letter = get_column_letter(position)
            lists.cell(row=1, column=position, value=unit or "（无）")
            for offset, choice in enumerate(choices, 2):
                lists.cell(row=offset, column=position, value=choice)
            source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(choices) + 1}"
            columns[unit] = _validation("list", source, "单位", f"从列表中选择可换算为“{unit or '无'}”的单位。")
        columns[unit].add(f"{get_column_letter(UNIT)}{number}")
    for rule in columns.values():
        sheet.add_data_validation(rule)


def _id_list(sheet: Worksheet, lists: Worksheet, targets: Sequence[IntakeTarget], last: int) -> None:
    lists.cell(row=1, column=1, value="目标编号")
    for offset, target in enumerate(targets, 2):
        lists.cell(row=offset, column=1, value=target.id)
    first = len(targets) + 2
    if not targets or first > last:
        return
    rule = _validation("list", f"{quote_sheetname(LISTS_SHEET)}!$A$2:$A${len(targets) + 1}", "目标编号",
                       "同一目标再报一个期间时，在此选择目标编号。")
    rule.add(f"{get_column_letter(ID)}{first}:{get_column_letter(ID)}{last}")
    sheet.add_data_validation(rule)


GUIDE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("一、填写哪些列", (
        "黄色列由填报部门填写：期间、数值、单位、来源、备注；"
        "绿色列（目标编号、规划、指标、目标值、完成时限、牵头）已锁定，请勿改动。",
        "期间 period：填年份（2024）或年月（2024-06）。当年或当月可以填截至目前的数值；尚未开始的期间不能填。",
        "数值 value：只填数字，如 62.5；不要写“约30%”“30左右”“≥30”等文字；比例填0–100，数量、面积不能为负。",
        "单位 unit：已预填为该目标的单位，可从下拉列表换成可换算的单位（如 万平方米 ↔ 平方米），"
        "导入时自动换算。",
        "来源 source：必填，写明数据来源（统计年鉴、部门台账、监测报告等）；备注 note：选填。",
        "同一目标要报多个期间时，在表格下方的空行中选择目标编号再填写；没有数据的目标整行留空即可。",
        "同一指标出现在多个规划中时，数值对所有相关目标都有效；若两行都填，数值必须一致。",
        "目标为“较某年下降/提高”（目标值列写有“较20XX年”）时，按目标值列括号中的提示填报："
        "“填实际水平”即该指标当期的水平值（单位见单位列），系统据此计算变化；“填变化幅度”即较基准年的变化百分比。",
        "累计类目标（目标值列以“累计”开头）按括号中的填报口径填写：“填当年新增”即该期间新增的量（如2024年新增的面积），"
        "“填累计值”即自规划期起始至该期间末的累计总量。口径由台账为每个目标设定，可在目标页面查看。",
    )),
    ("二、导入时检查什么", (
        "未知的目标编号、其他部门的目标、单位无法换算、数值不是数字、数值不可能（比例超出0–100、数量为负）、"
        "同一期间重复、台账中该期间已有不同数值、未来的期间、期间格式错误（如 2025-13）、必填项为空；"
        "累计类目标：累计值小于上期累计值、一期新增超过目标总量、新增看似累计值（不小于此前各期新增之和）。",
        "只要有一处问题，整个文件都不导入；系统逐条列出每个问题所在的行、列和原因，改正后重新导入即可。",
        "重复导入同一文件不会产生重复数据：与台账完全相同的行会被跳过；"
        "要修改已报数值，导入时加 --replace（修改前后均记入审计日志）。",
    )),
    ("三、如何导入", (
        "greentrack import 本文件.xlsx --department 部门名称",
        "也可以导入 CSV（UTF-8 或 GBK 编码），表头用中文或英文："
        "目标编号/target id、期间/period、数值/value、单位/unit、来源/source、备注/note。",
    )),
)


def _instructions(sheet: Worksheet, department: str, targets: Sequence[IntakeTarget], today: date) -> None:
    lead = sum(1 for t in targets if department in t.lead_departments)
    lines: list[tuple[str, bool]] = [
        (f"{department} 监测数据填报表 填报说明", True),
        (f"生成日期：{today:%Y-%m-%d}　　目标数：{len(targets)}（其中牵头 {lead} 项）", False),
    ]
    for heading, paragraphs in GUIDE:
        lines += [("", False), (heading, True)]
        lines += [(text.replace("部门名称", department), False) for text in paragraphs]
    for number, (text, bold) in enumerate(lines, 1):
        cell = sheet.cell(row=number, column=1, value=text or None)
        xlsx_text(cell)  # the department's name is in some lines
        cell.font = Font(bold=bold, size=14 if number == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 120
