"""Blocks of the 中期评估报告 that depend on the place's level and history: a city's or province's places ranked
with a table per place, and the comparison with the previous evaluation (年度对比, 一年一体检).

`reports/layout.py` calls these where they belong; each returns no block when it has nothing to say (a county has
no places below it; a first evaluation has nothing to compare with). They read the report's data only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from greentrack.analyse import JurisdictionScore, score_counts
from greentrack.reports import cells
from greentrack.reports.blocks import Block, Heading, Paragraph, TableBlock, numbered
from greentrack.reports.labels import check_lang, dimension_word, status_word
from greentrack.reports.midterm import BEHIND, DONE
from greentrack.resolve.catalog import DIMENSIONS
from greentrack.track import STATUSES

if TYPE_CHECKING:
    from greentrack.ledger.status import StatusRow
    from greentrack.reports.midterm import MidtermReport

LAGGING_SHOWN = 5  # a place's most lagging targets listed in its table
CHANGES_SHOWN = 10  # targets whose status changed, listed in 年度对比
# the statuses behind, worst first: what "most lagging" orders by before the progress ratio
WORST_FIRST = ("overdue", "regressing", "non_compliant", "off_track", "lagging")
# statuses from best to worst, for "improved" and "worsened" between two evaluations; the unknown ones rank apart
STANDING = {"achieved": 0, "compliant": 0, "late_achieved": 1, "on_track": 1, "lagging": 2, "off_track": 3,
            "regressing": 4, "overdue": 4, "non_compliant": 4}

# key → (Chinese, English): the words of these blocks only (labels.py holds the rest of the report's)
WORDS: dict[str, tuple[str, str]] = {
    "s.places": ("各地区评估情况", "Places below 各地区评估情况"),
    "places.intro": ("{place}下辖{n}个地区纳入评估，按综合得分排名如下（得分相同并列）。",
                     "{n} places below {place} are evaluated, ranked by overall score (ties share a rank)."),
    "places.ranking": ("各地区综合得分排名", "Places ranked by overall score 各地区综合得分排名"),
    "col.rank": ("排名", "Rank"), "col.place": ("地区", "Place"), "col.overall": ("综合得分", "Overall"),
    "col.targets": ("目标数", "Targets"), "col.done": ("已完成", "Done"), "col.behind": ("滞后", "Behind"),
    "col.number": ("序号", "No."), "col.indicator": ("指标", "Indicator"), "col.target": ("目标值", "Target"),
    "col.latest": ("最新值", "Latest"), "col.ratio": ("进度比", "Ratio R"), "col.status": ("状态", "Status"),
    "col.count": ("数量", "Count"), "col.item": ("项目", "Item"), "col.then": ("上次", "Then"),
    "col.now": ("本次", "Now"), "col.change": ("变化", "Change"),
    "place.heading": ("{place}（综合得分{score}，{rank}）", "{place} (overall {score}, {rank})"),
    "place.rank": ("第{rank}名", "rank {rank}"), "place.unranked": ("未排名", "not ranked"),
    "place.by_status": ("{place}目标状态", "{place}: targets by status"),
    "place.lagging": ("{place}最滞后的目标（至多{n}项）", "{place}: the most lagging targets (at most {n})"),
    "place.none_behind": ("{place}暂无滞后目标。", "{place} has no target behind."),
    "places.decomposition": ("目标分解落实方面：下级目标低于上级{weaker}项，下级合计不足上级{shortfalls}项，"
                             "上级目标未被下级承接{uncovered}项。",
                             "Decomposition: {weaker} targets below the level above, {shortfalls} sums short of "
                             "the level above, {uncovered} targets of a level not taken up below."),
    "places.weaker_by_place": ("下级目标低于上级的地区：{places}。", "Places whose targets are weaker: {places}."),
    "s.comparison": ("年度对比", "Comparison with the last evaluation 年度对比"),
    "comparison.dates": ("上次评估：{then}；本次评估：{now}。", "Last evaluation: {then}; this one: {now}."),
    "comparison.scores": ("综合得分及分维度得分对比", "Overall and dimension scores then and now"),
    "comparison.statuses": ("与上次评估相比，{both}项目标两次均有评估：状态好转{better}项，变差{worse}项，"
                            "未变{same}项，其他变化{other}项；本次新增{new}项。",
                            "Of {both} targets evaluated both times, {better} improved, {worse} worsened, "
                            "{same} stayed and {other} changed otherwise; {new} are new this time."),
    "comparison.changed": ("状态变化的目标（至多{n}项）", "Targets whose status changed (at most {n})"),
    "up": ("↑", "↑"), "down": ("↓", "↓"), "same": ("持平", "same"),
    "better": ("↑好转", "↑ better"), "worse": ("↓变差", "↓ worse"),
}


def _w(key: str, lang: str, **values: object) -> str:
    text = WORDS[key][0 if lang == "zh" else 1]
    return text.format(**values) if values else text


def subordinate_blocks(report: MidtermReport, lang: str = "zh") -> list[Block]:
    """The places below the report's place, ranked by their evaluation, and a table per place."""
    check_lang(lang)
    rows = _rows_by_place(report.status.rows, report.place.code)
    scores = {s.code: s for s in report.scores if s.code != report.place.code}
    codes = set(rows) | set(scores)
    if not codes:
        return []
    names = {code: scores[code].name if code in scores else rows[code][0].record.jurisdiction_name or code
             for code in codes}
    ranked = ranking([scores.get(code) or JurisdictionScore(code, names[code], None, 0, 0, 0, ())
                      for code in codes])
    blocks: list[Block] = [Heading(_w("s.places", lang)),
                           Paragraph(_w("places.intro", lang, place=report.place.name, n=len(ranked))),
                           _ranking_table(ranked, rows, lang)]
    for position, (rank, score) in enumerate(ranked):
        standing = _w("place.rank", lang, rank=rank) if rank else _w("place.unranked", lang)
        blocks.append(Heading(numbered(position, _w("place.heading", lang, place=score.name,
                                                     score=_score(score.overall), rank=standing), lang), level=2))
        blocks.extend(_place_tables(score.name, rows.get(score.code, []), lang))
    blocks.extend(_decomposition_summary(report, lang))
    return blocks


def ranking(scores: Sequence[JurisdictionScore]) -> list[tuple[int | None, JurisdictionScore]]:
    """Places best first with their rank (ties on the shown score share one; unscored last, without a rank)."""
    ordered = sorted(scores, key=lambda s: (s.overall is None, -(s.overall or 0.0), s.code))
    ranked: list[tuple[int | None, JurisdictionScore]] = []
    for position, score in enumerate(ordered, 1):
        if score.overall is None:
            ranked.append((None, score))
        elif ranked and ranked[-1][1].overall == score.overall:
            ranked.append((ranked[-1][0], score))
        else:
            ranked.append((position, score))
    return ranked


def _rows_by_place(rows: Sequence[StatusRow], own: str) -> dict[str, list[StatusRow]]:
    found: dict[str, list[StatusRow]] = {}
    for row in rows:
        code = row.record.jurisdiction_code
        if code and code != own:
            found.setdefault(code, []).append(row)
    return found


def _score(value: float | None) -> str:
    return cells.NONE if value is None else f"{value:.1f}"


def _scored_dimensions(scores: Sequence[JurisdictionScore]) -> list[str]:
    return [d for d in DIMENSIONS if any(x.dimension == d and x.score is not None for s in scores
                                         for x in s.dimensions)]


def _ranking_table(ranked: list[tuple[int | None, JurisdictionScore]], rows: dict[str, list[StatusRow]],
                   lang: str) -> Block:
    dimensions = _scored_dimensions([s for _, s in ranked])
    header = (_w("col.rank", lang), _w("col.place", lang), _w("col.overall", lang),
              *(dimension_word(d, lang) for d in dimensions), _w("col.done", lang), _w("col.behind", lang))
    table = []
    for rank, score in ranked:
        by_dimension = {x.dimension: x.score for x in score.dimensions}
        counts = Counter(r.assessment.status for r in rows.get(score.code, []))
        table.append((str(rank) if rank else cells.NONE, score.name, _score(score.overall),
                      *(_score(by_dimension.get(d)) for d in dimensions),
                      str(sum(counts[s] for s in DONE)), str(sum(counts[s] for s in BEHIND))))
    widths = (0.9, 2.0, 1.3, *(1.2,) * len(dimensions), 1.0, 1.0)
    return TableBlock(_w("places.ranking", lang), header, tuple(table), widths)


def _place_tables(name: str, rows: list[StatusRow], lang: str) -> list[Block]:
    """A place's targets by status (one row of counts) and its most lagging targets."""
    counts = Counter(r.assessment.status for r in rows)
    present = [s for s in STATUSES if counts[s]]
    blocks: list[Block] = []
    if present:
        blocks.append(TableBlock(_w("place.by_status", lang, place=name),
                                 (_w("col.targets", lang), *(status_word(s, lang) for s in present)),
                                 ((str(len(rows)), *(str(counts[s]) for s in present)),),
                                 (1.0, *(1.0,) * len(present))))
    behind = sorted((r for r in rows if r.assessment.status in WORST_FIRST),
                    key=lambda r: (WORST_FIRST.index(r.assessment.status),
                                   r.assessment.ratio if r.assessment.ratio is not None else float("inf"),
                                   r.record.id))[:LAGGING_SHOWN]
    if not behind:
        return [*blocks, Paragraph(_w("place.none_behind", lang, place=name))]
    header = (_w("col.number", lang), _w("col.indicator", lang), _w("col.target", lang), _w("col.latest", lang),
              _w("col.ratio", lang), _w("col.status", lang))
    blocks.append(TableBlock(
        _w("place.lagging", lang, place=name, n=LAGGING_SHOWN), header,
        tuple((str(n), r.record.target.indicator, cells.target_text(r.record.target, lang), cells.latest_text(r),
               cells.ratio_text(r), status_word(r.assessment.status, lang)) for n, r in enumerate(behind, 1)),
        (0.8, 2.6, 1.8, 1.6, 1.0, 1.4), status_column=5, statuses=tuple(r.assessment.status for r in behind)))
    return blocks


def _decomposition_summary(report: MidtermReport, lang: str) -> list[Block]:
    found = report.decomposition
    if not (found.weaker or found.shortfalls or found.uncovered):
        return []
    blocks: list[Block] = [Paragraph(_w("places.decomposition", lang, weaker=len(found.weaker),
                                        shortfalls=len(found.shortfalls), uncovered=len(found.uncovered)))]
    weaker = Counter(w.child.jurisdiction.name for w in found.weaker)
    if weaker:
        listed = "、".join(f"{name}{n}项" if lang == "zh" else f"{name} ({n})" for name, n in weaker.most_common())
        blocks.append(Paragraph(_w("places.weaker_by_place", lang, places=listed)))
    return blocks


def evaluation_of(report: MidtermReport) -> JurisdictionScore | None:
    """The score a report stands on: the place's own when it states targets itself, else that of every target the
    report covers taken together (a city whose targets are all its counties'). 年度对比 compares it with the one
    kept before; a kept evaluation (table `evaluations`) should be this one."""
    if report.own_score is not None:
        return report.own_score
    counts: dict[str, Counter[str]] = {}
    for score in report.scores:
        for dimension in score.dimensions:
            counts.setdefault(dimension.dimension, Counter()).update(dict(dimension.statuses))
    if not counts:
        return None
    return score_counts(report.place.code, report.place.name, counts,
                        sum(s.unclassified for s in report.scores))


def comparison_blocks(report: MidtermReport, lang: str = "zh") -> list[Block]:
    """Scores and statuses then (report.previous) and now."""
    check_lang(lang)
    before = report.previous
    if before is None:
        return []
    now = evaluation_of(report)
    dates = _w("comparison.dates", lang, then=_day(before.as_of, lang), now=_day(report.as_of, lang))
    blocks: list[Block] = [Heading(_w("s.comparison", lang)), Paragraph(dates)]
    current = {d.dimension: d.score for d in now.dimensions if d.score is not None} if now else {}
    dimensions = [d for d in DIMENSIONS if d in current or d in before.dimensions]
    table = [(_w("col.overall", lang), _score(before.overall), _score(now.overall if now else None),
              _change(before.overall, now.overall if now else None, lang))]
    table += [(dimension_word(d, lang), _score(before.dimensions.get(d)), _score(current.get(d)),
               _change(before.dimensions.get(d), current.get(d), lang)) for d in dimensions]
    blocks.append(TableBlock(_w("comparison.scores", lang), (_w("col.item", lang), _w("col.then", lang),
                                                             _w("col.now", lang), _w("col.change", lang)),
                             tuple(table), (2.4, 1.2, 1.2, 1.4)))
    blocks.extend(_status_changes(report, lang))
    return blocks


def _day(day: date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def _change(then: float | None, now: float | None, lang: str) -> str:
    """↑3.2 / ↓1.5 / 持平 from the shown (rounded) figures, so the change adds up with the two columns."""
    if then is None or now is None:
        return cells.NONE
    delta = round(round(now, 1) - round(then, 1), 1)
    if delta == 0:
        return _w("same", lang)
    return f"{_w('up' if delta > 0 else 'down', lang)}{abs(delta):.1f}"


def _status_changes(report: MidtermReport, lang: str) -> list[Block]:
    assert report.previous is not None
    kept = {int(k): v for k, v in report.previous.statuses.items()}  # keys may come back from JSON as text
    changed: list[tuple[StatusRow, str, bool]] = []  # (row, status then, worse)
    same = other = new = 0
    for row in report.status.rows:
        then, now = kept.get(row.record.id), row.assessment.status
        if then is None:
            new += 1
        elif then == now:
            same += 1
        elif then in STANDING and now in STANDING and STANDING[then] != STANDING[now]:
            changed.append((row, then, STANDING[now] > STANDING[then]))
        else:  # to or from no data, or between statuses of one standing (overdue ↔ regressing)
            other += 1
    worse = [c for c in changed if c[2]]
    better = [c for c in changed if not c[2]]
    blocks: list[Block] = [Paragraph(_w("comparison.statuses", lang, both=same + other + len(changed),
                                        better=len(better), worse=len(worse), same=same, other=other, new=new))]
    shown = (worse + better)[:CHANGES_SHOWN]  # the worsened first: they need the attention
    if shown:
        header = (_w("col.number", lang), _w("col.indicator", lang), _w("col.then", lang), _w("col.now", lang),
                  _w("col.change", lang))
        blocks.append(TableBlock(
            _w("comparison.changed", lang, n=CHANGES_SHOWN), header,
            tuple((str(n), _indicator(row), status_word(then, lang), status_word(row.assessment.status, lang),
                   _w("worse" if down else "better", lang)) for n, (row, then, down) in enumerate(shown, 1)),
            (0.8, 3.2, 1.6, 1.6, 0.8), status_column=3, statuses=tuple(row.assessment.status for row, _, _ in shown)))
    return blocks


def _indicator(row: StatusRow) -> str:
    place = row.record.jurisdiction_name
    return f"{place}·{row.record.target.indicator}" if place else row.record.target.indicator
