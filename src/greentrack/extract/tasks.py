"""Qualitative tasks with a deadline and no number: "2024年6月底前全面完成城镇燃气管道排查".

A task is a clause opened by a deadline phrase (到…年, …年…月底前, …年底前) whose text up to the
end of the clause or sentence states an action and holds no target number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from greentrack.extract.numbers import iter_mentions
from greentrack.extract.structure import Paragraph
from greentrack.extract.times import find_time_phrases

_ACTION_RE = re.compile(r"完成|建成|实现|形成|建立|消除|覆盖|达标|淘汰|关停|出台|制定|编制|开展|推广|"
                        r"落实|全面|基本|实施|取缔|整治|设立|启动|具备|退出|清理")
_STOP_RE = re.compile(r"[。；;！？!?]")


@dataclass(frozen=True)
class FoundTask:
    """A task found in a paragraph, offsets relative to the paragraph."""

    text: str
    year: int
    deadline: str | None
    start: int
    end: int


def find_tasks(para: Paragraph, issue_year: int | None) -> list[FoundTask]:
    """Deadline clauses of a paragraph that commit to an action without a number."""
    text = para.text
    tasks: list[FoundTask] = []
    for phrase in find_time_phrases(text):
        if phrase.standing or phrase.past or (issue_year and phrase.year < issue_year):
            continue
        if phrase.start < para.number_end:
            continue
        stop = _STOP_RE.search(text, phrase.end)
        end = stop.start() if stop else len(text)
        body = text[phrase.end:end].lstrip("，, ")
        # A clause holding a quantity is a target; a following deadline starts its own task.
        nxt = [p for p in find_time_phrases(body) if p.start > 0]
        if nxt:
            body = body[:nxt[0].start].rstrip("，,、 ")
        if not 4 <= len(body) <= 120 or not _ACTION_RE.search(body):
            continue
        if any(m.unit or m.value == 0 for m in iter_mentions(body)):
            continue
        tasks.append(FoundTask(text=body, year=phrase.year, deadline=phrase.deadline,
                               start=phrase.start, end=phrase.end + len(text[phrase.end:end]) -
                               len(text[phrase.end:end].lstrip("，, ")) + len(body)))
    return tasks
