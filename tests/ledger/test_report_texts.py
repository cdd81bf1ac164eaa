"""The report as the office shapes it, on the demo ledger, on SQLite and PostgreSQL: an edited section stands in
for the draft in every later report (who and when), is audited (entity report_text) and resets to the draft;
bad input — an empty or too long text, control characters, an unknown section, another place's coordinator, a
viewer or a reporter — is refused with its reason and NOTHING is stored; the 公文 settings round-trip and the
command's options override them part by part; a kept evaluation is the next report's `previous`; and the
departments' answers to 督办 items are quoted in sections 三 and 四."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from greentrack.auth import COORDINATOR, Principal
from greentrack.errors import Forbidden, InvalidField
from greentrack.ledger import repository
from greentrack.ledger.db import Ledger
from greentrack.ledger.schema import EvaluationRow, ReportSettingRow, ReportTextRow
from greentrack.reports.midterm import ReportFrame
from greentrack.services import report_texts as rt
from greentrack.services import supervision_items as sv
from greentrack.services.ledger import open_ledger
from greentrack.services.reports import midterm_report
from greentrack.services.scope import user_principal

AS_OF = dt.date(2025, 6, 30)
PLACE = "金乡县"
OTHER_OFFICE = Principal("jiaxiang", COORDINATOR, "370829", "嘉祥县", places=frozenset({"370829"}))


@pytest.fixture(params=["sqlite", "postgresql"])
def demo(request: pytest.FixtureRequest, demo_ledger_copy: Path) -> Iterator[Ledger]:
    """The demo ledger: a private SQLite copy, or the module's PostgreSQL one (emptied of this module's rows)."""
    if request.param == "postgresql":
        ledger = request.getfixturevalue("pg_demo")
        yield ledger
        with ledger.session() as session:
            for table in (ReportTextRow, ReportSettingRow, EvaluationRow):
                session.query(table).delete()
        return
    ledger = open_ledger(db=demo_ledger_copy)
    yield ledger
    ledger.close()


def stored(ledger: Ledger) -> tuple[int, int, int]:
    with ledger.session() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
                     for t in (ReportTextRow, ReportSettingRow, EvaluationRow))


def test_an_edit_stands_in_for_the_draft_and_is_audited(demo: Ledger) -> None:
    office = user_principal(demo, "jinxiang")
    draft = midterm_report(demo, PLACE, AS_OF).narrative
    saved = rt.save_section(demo, PLACE, "problems", "  资金缺口较大。\r\n\r\n项目前期手续慢。 ", who=office)
    assert saved.paragraphs == ("资金缺口较大。", "项目前期手续慢。") and saved.edited_by == "jinxiang"

    again = midterm_report(demo, PLACE, AS_OF).narrative
    assert [s.key for s in again] == ["basic", "progress", "problems", "plans"]
    assert again[2].paragraphs == saved.paragraphs and again[2].edited and again[2].edited_at is not None
    assert again[0] == draft[0] and not again[0].edited  # the others stay drafts
    assert rt.report_sections(demo, PLACE, AS_OF, office)[2].paragraphs == saved.paragraphs

    rt.save_section(demo, "370828", "problems", "资金缺口较大。", who=office)  # by code too: replaces
    with demo.session() as session:
        entries = repository.audit.audit_entries(session, "report_text")
    assert [(e.action, e.actor) for e in entries] == [("create", "jinxiang"), ("update", "jinxiang")]
    assert entries[1].after is not None and entries[1].after["text"] == "资金缺口较大。"

    assert rt.reset_section(demo, PLACE, "problems", who=office) is True
    assert rt.reset_section(demo, PLACE, "problems", who=office) is False
    assert midterm_report(demo, PLACE, AS_OF).narrative == draft
    with demo.session() as session:
        assert repository.audit.audit_entries(session, "report_text")[-1].action == "delete"


@pytest.mark.parametrize(("section", "text", "error", "reason"), [
    ("basic", "   \n ", InvalidField, "empty"),
    ("basic", "字" * (rt.TEXT_LIMIT + 1), InvalidField, "more than 20000"),
    ("basic", "有\x00控制字符", InvalidField, "control characters"),
    ("summary", "正文", InvalidField, "unknown section 'summary'"),
])
def test_bad_text_is_refused_and_nothing_stored(demo: Ledger, section: str, text: str, error: type,
                                                reason: str) -> None:
    with pytest.raises(error, match=reason):
        rt.save_section(demo, PLACE, section, text, who=user_principal(demo, "jinxiang"))
    assert stored(demo) == (0, 0, 0)


@pytest.mark.parametrize("name", ["viewer", "zhujian", "jiaxiang"])
def test_only_the_places_office_edits(demo: Ledger, name: str) -> None:
    who = OTHER_OFFICE if name == "jiaxiang" else user_principal(demo, name)
    with pytest.raises(Forbidden):
        rt.save_section(demo, PLACE, "basic", "正文", who=who)
    with pytest.raises(Forbidden):
        rt.save_report_settings(demo, PLACE, issuer="某局", who=who)
    with pytest.raises(Forbidden):
        rt.keep_evaluation(demo, PLACE, midterm_report(demo, PLACE, AS_OF), who=who)
    assert stored(demo) == (0, 0, 0)


def test_settings_round_trip_and_options_override_them_part_by_part(demo: Ledger) -> None:
    office = user_principal(demo, "jinxiang")
    assert rt.report_settings(demo, PLACE, office).frame == ReportFrame()
    rt.save_report_settings(demo, PLACE, " 金乡县住房和城乡建设局 ", "金建发〔2026〕3号", "县人民政府", "", who=office)
    settings = rt.report_settings(demo, PLACE, user_principal(demo, "viewer"))
    assert settings.frame == ReportFrame("金乡县住房和城乡建设局", "金建发〔2026〕3号", "县人民政府", None)
    assert settings.updated_by == "jinxiang"
    report = midterm_report(demo, PLACE, AS_OF, frame=ReportFrame(doc_number="金建发〔2026〕9号", copies="市住建局"))
    assert report.frame == ReportFrame("金乡县住房和城乡建设局", "金建发〔2026〕9号", "县人民政府", "市住建局")
    with pytest.raises(InvalidField, match="control characters"):
        rt.save_report_settings(demo, PLACE, issuer="某局\n某处", who=office)
    with pytest.raises(InvalidField, match="more than 1000"):
        rt.save_report_settings(demo, PLACE, recipients="局" * 1001, who=office)
    assert rt.report_settings(demo, PLACE, office).frame == settings.frame
    with demo.session() as session:
        assert [e.action for e in repository.audit.audit_entries(session, "report_setting")] == ["create"]


def test_a_kept_evaluation_is_the_next_reports_previous(demo: Ledger) -> None:
    office = user_principal(demo, "jinxiang")
    report = midterm_report(demo, PLACE, AS_OF)
    assert report.previous is None
    kept = rt.keep_evaluation(demo, PLACE, report, who=office)
    assert kept > 0
    assert rt.previous_evaluation(demo, PLACE, AS_OF) is None  # only those before the date
    snapshot = rt.previous_evaluation(demo, PLACE, dt.date(2026, 6, 30), office)
    assert snapshot is not None and snapshot.as_of == AS_OF
    score = report.own_score
    assert score is not None and snapshot.overall is not None
    assert round(snapshot.overall, 1) == score.overall
    assert {d: round(v, 1) for d, v in snapshot.dimensions.items()} == {
        d.dimension: d.score for d in score.dimensions if d.score is not None}
    assert snapshot.statuses == {r.record.id: r.assessment.status for r in report.status.rows}
    assert midterm_report(demo, PLACE, dt.date(2026, 6, 30)).previous == snapshot


def test_the_departments_answers_are_quoted(demo: Ledger) -> None:
    office, department = user_principal(demo, "jinxiang"), user_principal(demo, "zhujian")
    with demo.session() as session:
        records = repository.documents.current_targets(session, jurisdiction="370828")
    target = next(r.id for r in records if "金乡县住房和城乡建设局" in r.lead_departments
                  and sv.target_warning(demo, r.id) is not None)
    due = dt.date.today() + dt.timedelta(days=60)
    item = sv.create_from_warning(demo, target, due, who=office)
    sv.answer(demo, item.id, "已完成六成", "项目资金到位慢", "争取专项债资金", dt.date(2026, 12, 31), who=department)
    report = midterm_report(demo, PLACE, AS_OF)
    assert [w.department for w in report.loop.words] == ["金乡县住房和城乡建设局"]
    assert report.loop.open_items == ((item.id, item.title, due, "answered"),)
    problems, plans = ("\n".join(s.paragraphs) for s in report.narrative[2:])
    assert "金乡县住房和城乡建设局就" in problems and "反映：“项目资金到位慢”" in problems
    assert "“争取专项债资金”，2026年底前完成" in plans
    assert f"（{due.year}年{due.month}月{due.day}日前答复）" in plans or f"（{due.year}年底前答复）" in plans
