"""Qualitative tasks: a deadline and an action without a number; dated targets are not tasks."""

from __future__ import annotations

from .helpers import tasks_of


def test_deadline_task_found() -> None:
    text = ("（三）农房安全。加快推进排查整治，2023年10月底前全面完成农村房屋安全隐患排查整治。"
            "（县住建局牵头，县应急局负责）")
    tasks = tasks_of(text)
    assert len(tasks) == 1
    task = tasks[0]
    assert (task.year, task.deadline) == (2023, "2023-10-31")
    assert task.text == "全面完成农村房屋安全隐患排查整治"
    assert task.lead_departments == ("县住建局",)


def test_numbers_make_targets_not_tasks() -> None:
    assert tasks_of("到2025年，城市生活污水集中收集率达到70%。") == []


def test_standing_and_past_phrases_are_not_tasks() -> None:
    text = "某某县人民政府\n2023年5月1日\n自2023年起，新建政府投资项目全面采用装配式建筑。2021年已全面完成排查。"
    assert tasks_of(text) == []
