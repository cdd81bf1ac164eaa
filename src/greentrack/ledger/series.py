"""Which series a target's monitoring values are read from, and how a cumulative target's values are reported.

A series is named by a key (`observations.scope_key`). A target reads its default series unless a person
shared or split it (`targets.series_key`):

- a resolved target: `indicator:<place>:<indicator id>`, then `|added` for a cumulative target (values are
  additions, not levels), `|<what>`: what it counts, its indicator as written without the words of how
  (累计建成充电桩 → 充电桩; 公共充电桩 stays), and `|<scope>` when the plan gives it a scope (全县 and the like
  name the whole place and count as none). Targets of one indicator, place, measure, quantity and scope
  therefore share one series; 充电桩 and 公共充电桩, or new buildings and 其他新建民用建筑, do not;
- a target whose indicator is not in the catalog: `target:<id>`, its own.

Pure: no SQL here (repository/observations.py `series_sql` builds the same key in SQL).
"""

from __future__ import annotations

ANNUAL, RUNNING = "annual", "running"
RULES = (ANNUAL, RUNNING)
RULE_LABELS = {ANNUAL: ("当年新增", "this period's addition"),
               RUNNING: ("累计", "running total since the period start")}
SCOPE_CHARS = 200  # a scope longer than this is cut in the key (the key column holds 512 characters)
ADDED = "|added"
# A scope that names the whole place (全县 in a county's plan) limits nothing: read as no scope.
WHOLE_PLACE = tuple(f"全{level}" for level in "国省市县区州盟旗镇乡域")


def measure_suffix(kind: str) -> str:
    """`|added` for a cumulative target (values are additions), empty for the level every other kind reads."""
    return ADDED if kind == "cumulative" else ""


def scope_suffix(scope: str | None) -> str:
    """`|<scope>` for a target limited to a scope, empty for one without (or one of the whole place)."""
    text = (scope or "").strip(" ")  # as SQL trim() does (repository/observations.py builds the same key)
    return f"|{text[:SCOPE_CHARS]}" if text and text not in WHOLE_PLACE else ""


# Words that say how a quantity is counted or reached, not what it is of: 累计建成充电桩 and 充电桩 are one
# quantity, 公共充电桩 another. Removed in this order (SQL does the same with nested replace()).
GENERIC_WORDS = ("累计", "新增", "建成", "完成", "达到", "面积", "数量", "总量", "规模", "总数",
                 "全县", "全市", "全省", " ")
WHAT_CHARS = 100


def what_of(indicator: str) -> str:
    """What a target counts, from its indicator as written without the words of how (GENERIC_WORDS)."""
    text = indicator
    for word in GENERIC_WORDS:
        text = text.replace(word, "")
    return text[:WHAT_CHARS]


def default_series_key(jurisdiction_code: str | None, indicator_id: str | None, kind: str, scope: str | None,
                       target_id: int, indicator: str = "") -> str:
    """The series a target reads unless a person shared or split it."""
    if not indicator_id:
        return f"target:{target_id}"
    return (f"indicator:{jurisdiction_code or ''}:{indicator_id}{measure_suffix(kind)}|{what_of(indicator)}"
            f"{scope_suffix(scope)}")


def own_key(target_id: int) -> str:
    """The key of values filed for one target alone."""
    return f"target:{target_id}"


def reporting_rule(kind: str, stored: str | None) -> str | None:
    """How a target's values are reported: the stored rule, else by kind (a cumulative target: 当年新增);
    None for a target whose values are levels (no rule to choose)."""
    if kind != "cumulative":
        return None
    return stored if stored in RULES else ANNUAL


def rule_label(rule: str | None, lang: str = "zh") -> str:
    """当年新增 / 累计 (or English); empty for a level target."""
    if rule is None:
        return ""
    zh, en = RULE_LABELS[rule]
    return zh if lang == "zh" else en


def as_additions(values: list[float]) -> list[float]:
    """Running totals (累计, since the period start, oldest first) as each period's addition."""
    return [value - (values[i - 1] if i else 0.0) for i, value in enumerate(values)]
