"""Targets from tables read as a grid of cells (Word, HTML, ruled PDF tables, or rebuilt cell-per-line text).

The header rows name the columns; each column is read for what its header says it holds:

- a serial, the indicator name (the row label), a unit, 约束性/预期性, responsible units (责任单位,
  牵头单位), remarks;
- a base year (基期值, 现状值, the 2020年 of a 2020年/2025年 pair) → `baseline_value`;
- values: a year column (2021年 … 2025年 one record per year), a target column (目标值, 规划目标:
  the year of the table's title, else of the plan), a total (总计, 合计: the period's sum, cumulative),
  or a breakdown column headed by an area (全市, 甲区 …: `scope` = that area).

Rows whose label is a year (a year per row) take that year and the indicator from the column
headers; rows whose labels are areas (地区 column) take the area as `scope`. A value's bracketed
qualifier ("30%（全省）") is its scope. Tables reviewing a past period (完成情况, 完成率, 十三五…)
and forecasts (测算, 预测) give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from greentrack.extract.departments import split_units
from greentrack.extract.table_cells import CellValue, read_cell
from greentrack.extract.tables import TableRow
from greentrack.extract.times import find_time_phrases
from greentrack.extract.vocab import CEILING_RE, CUMULATIVE_WORD_RE, LEVEL_AMOUNT_RE, LOWER_BETTER_RE, RATE_UNITS
from greentrack.models import Cell, Grid, Table
from greentrack.outline.grid_tables import column_headers, header_depth, is_group_row
from greentrack.outline.lines import squeeze

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年?")
_YEAR_LABEL_RE = re.compile(r"^((?:19|20)\d{2})\s*年?(?:度|末|底)?$")
_YEAR_END_RE = re.compile(r"(?:19|20)\d{2}\s*年\s*(?:末|底)")
_SERIAL_WORDS = re.compile(r"^序号?$")
_NAME_WORDS = re.compile(r"^(?:主要)?(?:指标|指标名称|名称|项目|分类|类别|类型|领域|内容|任务|主要任务|指标内容)$")
_PLACE_HEADS = re.compile(r"^(?:地区|区域|区县|县区|市县|县市|地市|城市|辖区|行政区|各区|各县|单位名称)$")
_ROW_YEAR_HEADS = re.compile(r"时间|年份|年度")
_UNIT_WORDS = re.compile(r"^(?:计量)?单位$")
_ATTR_WORDS = re.compile(r"属性|性质|指标类型")
_LEAD_WORDS = re.compile(r"牵头(?:单位|部门)")
_DEPT_WORDS = re.compile(r"责任(?:部门|单位|主体|处室)|配合(?:单位|部门)|实施主体|协同(?:单位|部门)|负责(?:部门|单位)|"
                         r"主管(?:部门|单位)|主责(?:部门|单位)")
_REMARK_WORDS = re.compile(r"备注|说明|主要内容|工作内容|重点工作|完成时限|时间节点|标准名称|依托单位")
_REVIEW_WORDS = re.compile(r"完成情况|完成率|完成值|实际完成|超额完成|实际值|执行情况")
_FORECAST_WORDS = re.compile(r"测算|预测|估算|需求分析")
_PAST_TITLE = re.compile(r"十[一二三]五")
_CURRENT = re.compile(r"十[四五六]五")
# In a table reviewing 十三五, a year column after this one is a new target.
_REVIEW_YEAR = 2020
_BASE_WORDS = re.compile(r"基期|基准|现状|基数|基年")
_TOTAL_WORDS = re.compile(r"总计|合计|累计")
_TARGET_WORDS = re.compile(r"目标|规划值|预期值|指标值")
_GENERIC_HEAD = re.compile(
    r"^(?:具体|主要|总体|年度)?(?:创建|发展|工作|规划|建设)?(?:目标|指标)(?:值)?$|^(?:项目|时间.*|年份)$")
_PLACE_RE = re.compile(
    r"^(?:全[省市县区州旗国]|[\u4e00-\u9fff]{1,10}(?:省|市|县|区|州|盟|旗|镇|乡|街道|地区|新区|开发区|经开区|高新区|"
    r"城镇群|都市区|城市群))(?:总计|合计|小计)?$|^(?:总计|合计)$"
)
# Names of kinds of area that are counted, not places (示范区, 生态城区, 园区, 小区 …).
_COUNTED_AREA_RE = re.compile(r"(?:示范|生态|集中|产业|工业|科技|物流|保护|风景|旅游|园|小|社|景|片|功能|试点|先行)区$")
_UNIT_TAIL_RE = re.compile(r"\s*[（(]\s*([^（）()]{1,12}?)\s*[)）]$")
_SERIAL_PREFIX_RE = re.compile(r"^\d{1,2}\s*[.、．]\s*(?!\d)")
_CHANGE_DOWN_RE = re.compile(r"(?:降低|下降|减少|削减|压减)(?:率|幅度|比例)?$")
_CHANGE_UP_RE = re.compile(r"(?:提高|提升|增长)(?:率|幅度|比例)?$")
# A total of consumption or emissions is a ceiling; names of building types (超低能耗建筑) are not.
_TYPE_NAMES_RE = re.compile(r"(?:超低|近零|零|低)能耗|低碳|零碳")
_NOTE_CUMULATIVE_RE = re.compile(r"数值[^。；;]{0,12}累计|累计值|五年累计")
_BRACKET_TOTAL_RE = re.compile(r"[\[［]\s*[\]］][^。；;]{0,6}累计")
_MAX_LABEL = 80
_SHARE_RE = re.compile(r"(?:比例|比重|占比)$")

TABLE_YEAR_FAR = "table_year_far"
TABLE_INDICATOR_FROM_TITLE = "table_indicator_from_title"


@dataclass(frozen=True)
class _Column:
    index: int
    role: str  # serial, name, rowyear, unit, attr, lead, dept, remark, baseline, value, total
    year: int | None = None
    deadline: str | None = None
    indicator: str | None = None  # what a breakdown column measures, from the header over the areas
    scope: str | None = None  # the area a breakdown column is for
    unit: str = ""  # a unit its header gives （%）


@dataclass(frozen=True)
class _Context:
    """What the whole table says: its year, binding, how to read amounts, the indicator of its title."""

    title: str
    year: int | None
    year_far: bool
    binding: str | None
    cumulative_amounts: bool
    bracket_total: bool
    baseline_year: int | None
    last_year: int | None  # the latest year column: the year a 总计 column sums up to
    first_year: int | None  # the earliest year column of a breakdown by year: where a 总计 column's sum opens
    unit: str  # the unit the caption gives every value: 单位：万平方米, or …测算（万平方米）


def plan_year(title: str | None) -> int | None:
    """The year a plan's title points to (“十四五” → 2025, （2021—2025年） → 2025)."""
    years = [p.year for p in find_time_phrases(title or "") if not p.past]
    return max(years) if years else None


def rows_from_grid(table: Table, doc_year: int | None) -> list[TableRow] | None:
    """Target rows of a table with a grid; None when it is not a table of targets (its text stays prose)."""
    grid = table.grid
    if grid is None or len(grid.rows) < 2:
        return None
    depth = header_depth(grid)
    headers = column_headers(grid, depth)
    title = table.title or ""
    if _FORECAST_WORDS.search(title) or (_PAST_TITLE.search(title) and not _CURRENT.search(title)):
        return []
    if _REVIEW_WORDS.search(title):
        return []
    review = any(_REVIEW_WORDS.search("".join(texts)) for texts in headers)
    columns = _columns(grid, depth, headers, review)
    if not any(c.role in ("value", "total") for c in columns) or not _has_values(grid, depth, columns):
        return None  # a table of words (tasks, lists): its sentences are the prose reader's
    context = _context(table, columns, doc_year)
    rows: list[TableRow] = []
    group: str | None = None
    place_rows = _place_rows(grid, depth, columns)
    for number, row in enumerate(grid.rows[depth:], start=depth):
        if is_group_row(row):
            group = re.sub(r"^[（(][一二三四五六七八九十]{1,3}[)）]", "", squeeze(row[0].text or row[-1].text))
            continue
        rows.extend(_row_targets(grid, number, row, columns, context, place_rows, group, table.title))
    return rows


# ---- columns -------------------------------------------------------------------------------------

def _has_values(grid: Grid, depth: int, columns: list[_Column]) -> bool:
    """Whether any cell of a value column holds a number."""
    return any(read_cell(row[c.index].text) for row in grid.rows[depth:] for c in columns
               if c.role in ("value", "total"))


def _role(texts: list[str]) -> str:
    joined = "".join(texts)
    last = texts[-1] if texts else ""
    if any(_SERIAL_WORDS.match(t) for t in texts):
        return "serial"
    if any(_UNIT_WORDS.match(t) for t in texts):
        return "unit"
    if _LEAD_WORDS.search(joined):
        return "lead"
    if _DEPT_WORDS.search(joined):
        return "dept"
    if _ATTR_WORDS.search(joined) and not _YEAR_RE.search(joined):
        return "attr"
    if _REMARK_WORDS.search(joined):
        return "remark"
    if any(_NAME_WORDS.match(t) for t in texts) or any(_PLACE_HEADS.match(t) for t in texts):
        return "name"
    if _ROW_YEAR_HEADS.search(last) and not _YEAR_RE.search(last):
        return "rowyear"
    if _BASE_WORDS.search(joined):
        return "baseline"
    if _TOTAL_WORDS.search(last) and not _YEAR_RE.search(last):
        return "total"
    return "value"


def _columns(grid: Grid, depth: int, headers: list[list[str]], review: bool = False) -> list[_Column]:
    """The columns by role. In a table that reviews a past period beside the new targets (完成情况
    columns), only value columns headed by the new period (“十四五”, a year from 2021) are read."""
    roles = [_role(texts) for texts in headers]
    if review:
        roles = [role if role not in ("value", "total", "baseline") or _current_column(texts) else "remark"
                 for role, texts in zip(roles, headers, strict=True)]
    body = grid.rows[depth:]
    if "name" not in roles and "rowyear" not in roles:
        # No header names the label column: the first column whose cells are mostly words.
        for index, role in enumerate(roles):
            if role in ("value", "baseline") and _mostly_text(body, index):
                roles[index] = "name"
                break
    if "rowyear" not in roles:
        name = next((i for i, r in enumerate(roles) if r == "name"), None)
        if name is not None and body and all(_YEAR_LABEL_RE.match(squeeze(r[name].text)) or not r[name].text
                                             for r in body):
            roles[name] = "rowyear"
    columns = [_column(index, role, headers[index]) for index, role in enumerate(roles)]
    return _with_base_year(columns)


def _current_column(texts: list[str]) -> bool:
    joined = "".join(texts)
    if _REVIEW_WORDS.search(joined) or _PAST_TITLE.search(joined):
        return False
    year = _YEAR_RE.search(joined)
    return bool(_CURRENT.search(joined) or (year and int(year.group(1)) > _REVIEW_YEAR))


def _mostly_text(body: tuple[tuple[Cell, ...], ...], index: int) -> bool:
    texts = [squeeze(r[index].text) for r in body if r[index].text]
    return bool(texts) and sum(1 for t in texts if not read_cell(t)) >= 0.6 * len(texts)


def _column(index: int, role: str, texts: list[str]) -> _Column:
    joined = "".join(texts)
    year_match = _YEAR_RE.search(texts[-1]) if texts else None
    if year_match is None and texts:
        year_match = _YEAR_RE.search(joined)
    year = int(year_match.group(1)) if year_match else plan_year(joined)  # “十四五”目标 → 2025
    deadline = f"{year:04d}-12-31" if year and _YEAR_END_RE.search(joined) else None
    unit = ""
    indicator = scope = None
    if role == "value" and year is None:
        indicator, scope, unit = _breakdown(texts)
    elif texts:
        tail = _UNIT_TAIL_RE.search(texts[-1])
        unit = tail.group(1) if tail and _unitlike(tail.group(1)) else ""
    return _Column(index, role, year, deadline, indicator, scope, unit)


def _breakdown(texts: list[str]) -> tuple[str | None, str | None, str]:
    """(indicator, area, unit) of a value column headed by neither a year nor a target word."""
    useful = [t for t in texts if not _GENERIC_HEAD.match(t) and not _TARGET_WORDS.fullmatch(t)]
    scope = useful.pop() if useful and is_place(useful[-1]) else None
    if not useful:
        return None, scope, ""
    name, unit = split_label(useful[-1])
    if _TARGET_WORDS.search(name) and len(name) <= 6:
        return None, scope, unit
    return name or None, scope, unit


def _with_base_year(columns: list[_Column]) -> list[_Column]:
    """The first year column is the base year where it is a plan's base year (2015, 2020) and the years jump
    from it (2020年 → 2025年; 2021年 … 2025年 are all targets)."""
    years = [c for c in columns if c.role == "value" and c.year is not None]
    if len(years) >= 2 and years[1].year is not None and years[0].year is not None \
            and years[0].year % 5 == 0 and years[1].year - years[0].year >= 2:
        first = years[0]
        columns = [_Column(c.index, "baseline", c.year, c.deadline, c.indicator, c.scope, c.unit) if c is first else c
                   for c in columns]
    return columns


def is_place(text: str) -> bool:
    """Whether a header or row label names an area (全市, 甲区, 北山县), not a kind of area counted (示范区)."""
    return bool(_PLACE_RE.match(text)) and not _COUNTED_AREA_RE.search(text)


def _place_rows(grid: Grid, depth: int, columns: list[_Column]) -> bool:
    """Whether the rows are areas (a 地区 column, or labels that are mostly place names)."""
    name = next((c for c in columns if c.role == "name"), None)
    if name is None:
        return False
    labels = [squeeze(row[name.index].text) for row in grid.rows[depth:] if row[name.index].text]
    header = "".join(squeeze(row[name.index].text) for row in grid.rows[:depth])
    if _PLACE_HEADS.match(header):
        return True
    return bool(labels) and sum(1 for label in labels if is_place(label)) >= 0.6 * len(labels)


def _context(table: Table, columns: list[_Column], doc_year: int | None) -> _Context:
    title = table.title or ""
    year = plan_year(title)
    far = False
    if year is None:
        year, far = doc_year, doc_year is not None
    note = table.note or ""
    binding = None
    if "约束性" in note and "预期性" not in note:
        binding = "约束性"
    elif "预期性" in note and "约束性" not in note:
        binding = "预期性"
    base = next((c.year for c in columns if c.role == "baseline" and c.year), None)
    years = sorted({c.year for c in columns if c.role == "value" and c.year})
    last = years[-1] if years else None
    first = years[0] if len(years) >= 2 else None  # one year column is a target date, not a breakdown
    unit = table.unit or split_label(title)[1]
    return _Context(title, year, far, binding, bool(_NOTE_CUMULATIVE_RE.search(note)),
                    bool(_BRACKET_TOTAL_RE.search(note)), base, last, first, unit)


# ---- rows ----------------------------------------------------------------------------------------

def split_label(text: str) -> tuple[str, str]:
    """A row label without its serial and the unit in brackets at its end: `…面积（万平方米）` → (…面积, 万平方米)."""
    text = _SERIAL_PREFIX_RE.sub("", squeeze(text))
    tail = _UNIT_TAIL_RE.search(text)
    if tail and _unitlike(tail.group(1)):
        return text[:tail.start()].strip(), tail.group(1).replace("％", "%").replace(" ", "")
    return text, ""


def _unitlike(text: str) -> bool:
    return text in ("%", "％") or (bool(read_cell("1" + text.replace(" ", ""))) and not re.search(r"\d", text))


def _binding(text: str) -> str | None:
    text = squeeze(text)
    if text.startswith("约束"):
        return "约束性"
    if text.startswith("预期"):
        return "预期性"
    return None


def _row_targets(grid: Grid, number: int, row: tuple[Cell, ...], columns: list[_Column], context: _Context,
                 place_rows: bool, group: str | None, title: str | None) -> list[TableRow]:
    by_role: dict[str, _Column] = {}
    for column in columns:
        by_role.setdefault(column.role, column)
    names = [c for c in columns if c.role == "name"]
    if names:  # 分类 | 指标 | …: the last label column names the indicator, the ones before it group rows
        by_role["name"] = names[-1]
    label_cell = row[by_role["name"].index] if "name" in by_role else None
    label, label_unit = split_label(label_cell.text) if label_cell is not None else ("", "")
    if len(label) > _MAX_LABEL:
        return []
    row_year = None
    if "rowyear" in by_role:
        match = _YEAR_LABEL_RE.match(squeeze(row[by_role["rowyear"].index].text))
        row_year = int(match.group(1)) if match else None
        label_cell = row[by_role["rowyear"].index]
    unit_text = squeeze(row[by_role["unit"].index].text) if "unit" in by_role else ""
    binding = _binding(row[by_role["attr"].index].text) if "attr" in by_role else None
    departments, leads = _departments(row, by_role)
    baseline = None
    if "baseline" in by_role:
        found = read_cell(row[by_role["baseline"].index].text)
        baseline = found[0].value if found else None
    common = _RowCommon(label, label_unit or unit_text, row_year, binding or context.binding, departments, leads,
                        baseline, place_rows, group, title, label_cell)
    targets: list[TableRow] = []
    for column in columns:
        if column.role not in ("value", "total"):
            continue
        if not grid.is_origin(number, column.index):
            continue  # a value merged over several columns or rows is read once
        cell = row[column.index]
        for value in read_cell(cell.text):
            target = _target(value, cell, column, common, context)
            if target is not None:
                targets.append(target)
    return targets


@dataclass(frozen=True)
class _RowCommon:
    """What every value of one row shares."""

    label: str
    unit: str
    year: int | None
    binding: str | None
    departments: tuple[str, ...]
    leads: tuple[str, ...]
    baseline: float | None
    place_rows: bool
    group: str | None
    title: str | None
    label_cell: Cell | None


def _departments(row: tuple[Cell, ...], by_role: dict[str, _Column]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Units of the 责任单位 / 牵头单位 columns: all are departments, those of a 牵头 column or marked 牵头 lead."""
    departments: list[str] = []
    leads: list[str] = []
    for role in ("lead", "dept"):
        if role not in by_role:
            continue
        text = row[by_role[role].index].text
        units = split_units(text)
        departments.extend(u for u in units if u not in departments)
        marked = units if role == "lead" else _marked_leads(text)
        leads.extend(u for u in marked if u not in leads)
    return tuple(departments), tuple(leads)


def _marked_leads(text: str) -> list[str]:
    """Units a cell marks as leading: `A（牵头）`, or `A牵头，B配合`."""
    leads: list[str] = []
    for part in re.split(r"[；;。，,]", text):
        if "牵头" in part:
            leads.extend(split_units(re.sub(r"[（(]?牵头[)）]?.*$", "", part)) or split_units(part))
    return leads


def _target(value: CellValue, cell: Cell, column: _Column, common: _RowCommon, context: _Context) -> TableRow | None:
    doubts: list[str] = []
    indicator = common.label
    scope = column.scope
    if common.year is not None or common.place_rows or not indicator:
        indicator = column.indicator or ""
        if common.place_rows:
            scope = common.label or scope
    if not indicator:
        indicator = _title_indicator(common.title)
        doubts.append(TABLE_INDICATOR_FROM_TITLE)
    if not indicator:
        return None
    scope = value.scope or scope
    year = common.year or column.year or (context.last_year if column.role == "total" else None)
    if year is None:
        year = context.year
        if context.year_far:
            doubts.append(TABLE_YEAR_FAR)
    unit = value.unit or common.unit or column.unit or context.unit
    kind, comparator, signed, reference = _kind(indicator, unit, value, column, context)
    if kind == "cumulative" and signed == 0:
        return None  # nothing to add in that year or area
    start, end = _span(cell, value, common.label_cell, breakdown=common.year is not None or common.place_rows)
    period = _period_start(kind, value, column, common.year, context)
    return TableRow(
        indicator=indicator, comparator=comparator, value=signed, unit=unit, year=year, kind=kind,
        reference_year=reference, baseline_value=common.baseline if column.role == "value" else None,
        baseline_year=context.baseline_year if common.baseline is not None and column.role == "value" else None,
        binding=common.binding, departments=common.departments, lead_departments=common.leads,
        table_title=common.title, group=common.group, start=start, end=end, doubts=tuple(doubts),
        scope=scope, deadline=column.deadline if year == column.year else None, period_start=period)


def _period_start(kind: str, value: CellValue, column: _Column, row_year: int | None, context: _Context
                  ) -> int | None:
    """The first year an amount of a breakdown by year is added in: its own year for a year's cell (the 2023
    column holds what 2023 adds), the first year column for a total (总计, [17], a note saying values are
    running totals). None where the table says nothing (the plan's period then applies)."""
    if kind != "cumulative":
        return None
    if column.role == "total" or value.bracketed or context.cumulative_amounts:
        return context.first_year
    if row_year is not None:
        return row_year
    return column.year if context.first_year is not None else None


def _title_indicator(title: str | None) -> str:
    """What a table measures, from its title: the title without a leading area, period and bracketed unit."""
    text = split_label(title or "")[0]
    text = re.sub(r"^(?:[\u4e00-\u9fff]{1,10}(?:省|市|县|区)(?:及各[市县区]{1,2})?)", "", text)
    text = re.sub(r"[“”\"]?十[一二三四五六]五[”\"]?(?:期间|时期)?|(?:19|20)\d{2}\s*年", "", text)
    text = re.sub(r"(?:主要)?(?:目标值?|任务|指标|分解表?|一览表|情况|表)+$", "", text.strip("的 "))  # "…占比目标"
    return text.strip("的 ")


def _kind(name: str, unit: str, value: CellValue, column: _Column, context: _Context
          ) -> tuple[str, str, float, int | None]:
    """(kind, comparator, signed value, reference year) of a table value, from its name, unit and column."""
    if _CHANGE_DOWN_RE.search(name):
        return "change", value.comparator or "=", -value.value, context.baseline_year
    if _CHANGE_UP_RE.search(name) and "增长率" not in name:
        return "change", value.comparator or "=", value.value, context.baseline_year
    rate = unit in RATE_UNITS or "/" in unit
    if not rate and (column.role == "total" or value.bracketed or context.cumulative_amounts
                     or CUMULATIVE_WORD_RE.search(name) or not LEVEL_AMOUNT_RE.search(name)) \
            and not CEILING_RE.search(name):
        return "cumulative", value.comparator or "=", value.value, None
    if value.bracketed and context.bracket_total:
        return "cumulative", value.comparator or "=", value.value, None
    lower = CEILING_RE.search(name) or LOWER_BETTER_RE.search(_TYPE_NAMES_RE.sub("", _measured(name)))
    return "level", value.comparator or ("<=" if lower else ">="), value.value, None


def _measured(name: str) -> str:
    """The part of a share's name that is measured: `供暖能耗中热泵供热比例` measures 热泵供热比例."""
    if _SHARE_RE.search(name) and "中" in name:
        return name[name.rindex("中") + 1:]
    return name


def _span(cell: Cell, value: CellValue, label: Cell | None, breakdown: bool) -> tuple[int, int]:
    """The quote: from the row's label to the value where the label stands before it, else the value alone
    (its own part of a cell of several values)."""
    start, end = cell.start, cell.end
    if cell.end - cell.start == len(cell.text) and len(read_cell(cell.text)) > 1:
        start, end = cell.start + value.start, cell.start + value.end
    if not breakdown and label is not None and label.text and label.end <= start:
        start = label.start
    return start, end
