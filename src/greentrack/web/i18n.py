"""Every label the dashboard shows, in Chinese (the default) and English.

Pages never hold a literal label: templates call `t("key")`. In English mode a domain term keeps
its Chinese name beside the English one (Ledger 台账), because the plans, the departments and the
people reading a report over the user's shoulder use the Chinese word.
"""

from __future__ import annotations

from collections.abc import Callable

from greentrack.resolve.catalog import DIMENSIONS
from greentrack.track import SEVERITY_LABELS, STATUS_LABELS
from greentrack.web.i18n_report_edit import LABELS as report_edit_labels
from greentrack.web.i18n_supervision import LABELS as supervision_labels
from greentrack.web.i18n_tasks import TASK_LABELS

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
COOKIE = "lang"

# key → (Chinese, English). Domain terms carry their Chinese in the English text on purpose.
LABELS: dict[str, tuple[str, str]] = {
    "app": ("greentrack 绿色发展目标台账", "greentrack — green-development commitments"),
    "switch": ("English", "中文"),
    "nav.overview": ("总览", "Overview 总览"),
    "nav.ledger": ("台账", "Ledger 台账"),
    "nav.documents": ("规划文件", "Plans 规划文件"),
    "nav.departments": ("责任部门", "Departments 责任部门"),
    "nav.compare": ("横向比较", "Comparison 横向比较"),
    "nav.analysis": ("规划分析", "Analysis 规划分析"),
    "nav.upload": ("上传", "Upload 上传"),
    "nav.loop": ("督查督办", "Follow-up 督查督办"),
    "illustrative": ("示例数据", "illustrative 示例数据"),
    "illustrative.note": ("标有“示例数据”的数值为虚构的演示数据，不代表真实监测结果。",
                          "Values marked 示例数据 are made up for the demo; they are not real monitoring data."),
    "as_of": ("统计日期", "As of"),
    "overview.title": ("总览", "Overview 总览"),
    "overview.by_status": ("目标进度状态", "Targets by status"),
    "overview.by_department": ("各责任部门目标状态", "Targets by department (责任部门)"),
    "overview.unassigned": ("另有 {n} 项目标未明确责任单位。", "{n} more targets name no responsible department."),
    "overview.deadlines": ("即将到期的目标", "Upcoming deadlines"),
    "overview.warnings": ("最新预警", "Latest warnings 预警"),
    "overview.totals": ("目标 {targets} 项 · 规划 {documents} 份 · 预警 {warnings} 条",
                        "{targets} targets · {documents} plans · {warnings} warnings"),
    "overview.none_due": ("近期没有到期的目标。", "No target falls due soon."),
    "overview.none_warned": ("没有预警。", "No warnings."),
    "ledger.title": ("目标台账", "Ledger of targets 台账"),
    "ledger.filter": ("筛选", "Filter"),
    "ledger.clear": ("清除筛选", "Clear filters"),
    "ledger.export": ("导出 Excel", "Export to Excel"),
    "ledger.export_filtered": ("导出筛选结果 Excel（{total} 项）", "Export the {total} filtered targets to Excel"),
    "ledger.count": ("共 {total} 项，第 {first}–{last} 项", "{total} targets, showing {first}–{last}"),
    "ledger.empty": ("没有符合条件的目标。", "No target matches these filters."),
    "ledger.empty_filtered": ("没有符合筛选条件的目标（{filters}）。", "No target matches the filters {filters}."),
    "ledger.other_departments": ("其他", "Other"),
    "ledger.type_to_find": ("输入名称或其中的字（共 {total} 项）", "Type a name or part of it ({total} in all)"),
    "ledger.prev": ("上一页", "Previous"),
    "ledger.next": ("下一页", "Next"),
    "ledger.page": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "any": ("全部", "all"),
    "col.id": ("编号", "ID"),
    "col.jurisdiction": ("辖区", "Jurisdiction 辖区"),
    "col.department": ("责任部门", "Department 责任部门"),
    "col.lead": ("牵头/责任单位", "Responsible unit 牵头/责任单位"),
    "col.completion": ("完成率", "Completion 完成率"),
    "responsible.first": ("责任单位", "responsible (first named) 责任单位"),
    "col.indicator": ("指标", "Indicator 指标"),
    "col.dimension": ("维度", "Dimension 维度"),
    "col.target": ("目标", "Target"),
    "col.year": ("目标年", "Year"),
    "col.due": ("期限", "Due"),
    "col.latest": ("最新值", "Latest value"),
    "col.progress": ("进度比", "Pace ratio 进度比 R"),
    "col.status": ("状态", "Status 状态"),
    "col.data": ("数据", "Data"),
    "col.document": ("规划文件", "Plan 规划文件"),
    "col.severity": ("预警等级", "Severity 预警等级"),
    "col.message": ("预警内容", "Warning"),
    "col.days_left": ("剩余天数", "Days left"),
    "days.overdue": ("逾期{n}天", "{n} days overdue"),
    "days.left": ("{n}天", "{n} days"),
    "col.period": ("期间", "Period"),
    "col.value": ("数值", "Value"),
    "col.unit": ("单位", "Unit"),
    "col.source": ("来源", "Source"),
    "col.note": ("备注", "Note"),
    "col.role": ("职责", "Role"),
    "col.targets": ("目标数", "Targets"),
    "col.section": ("章节", "Section"),
    "col.expected": ("应达值", "Expected"),
    "col.forecast": ("趋势预测", "Forecast"),
    "col.row": ("行", "Row"),
    "col.column": ("列", "Column"),
    "col.reason": ("问题", "Reason"),
    "col.version": ("版本", "Version"),
    "col.issuer": ("发文机关", "Issuer"),
    "col.date": ("日期", "Date"),
    "col.doc_number": ("文号", "Document number 文号"),
    "lead": ("牵头", "lead 牵头"),
    "support": ("配合", "supporting"),
    "target.title": ("目标 #{id}", "Target #{id}"),
    "target.source": ("原文出处", "Source sentence in the plan"),
    "target.chart": ("监测数据与预期进度", "Observations and expected path"),
    "target.observations": ("监测数据", "Observations 监测数据"),
    "series.title": ("监测数据序列", "Series of values 监测数据序列"),
    "series.key": ("序列", "Series"),
    "series.chosen": ("人工指定", "chosen by a person"),
    "series.default_key": ("按指标、地区、计量方式和范围", "by indicator, place, measure and scope"),
    "series.sharing": ("共用此序列的目标", "Targets sharing it"),
    "series.reporting": ("填报口径", "Reporting rule 填报口径"),
    "series.rule.annual": ("当年新增：每期填该期新增的量", "当年新增 — each period's addition"),
    "series.rule.running": ("累计：填自规划期起至该期末的累计总量", "累计 — the running total since the period start"),
    "series.rule.default": ("默认（按目标类型）", "default (by the target's kind)"),
    "series.set_rule": ("设置口径", "Set rule"),
    "series.state": ("状态", "State"),
    "series.counted": ("有效", "counted"),
    "series.withdrawn": ("已撤回", "withdrawn"),
    "series.corrected": ("已更正", "corrected"),
    "series.correct": ("更正", "Correct"),
    "series.withdraw": ("撤回", "Withdraw"),
    "series.reason": ("原因", "Reason"),
    "series.changes": ("更正与撤回记录", "Corrections and withdrawals"),
    "series.none": ("—", "—"),
    "target.no_observations": ("尚无监测数据。", "No observations yet."),
    "target.computation": ("计算过程", "How the status was computed"),
    "target.formula": ("公式", "Formula"),
    "target.inputs": ("输入", "Inputs"),
    "target.history": ("状态变化（按各监测日期重新评估）",
                       "Status history (re-assessed on each observation date)"),
    "target.departments": ("责任部门", "Departments 责任部门"),
    "target.series.observed": ("监测值", "observed"),
    "target.series.expected": ("预期进度", "expected path"),
    "target.series.target": ("目标值", "target"),
    "target.series.forecast": ("趋势预测：{year}年末约{value}", "trend forecast: about {value} by the end of {year}"),
    "target.series.reached": ("，{year}年达到目标", "; reaches the target in {year}"),
    "target.axis.year": ("年份", "year"),
    "target.unit_problem": ("单位无法换算：", "Unit does not convert: "),
    "target.skipped": ("{n} 条数据单位无法换算，未参与计算。",
                       "{n} observations in units that do not convert were left out."),
    "document.title": ("规划文件", "Plan 规划文件"),
    "document.outline": ("目录与各章节目标", "Outline with the targets of each section"),
    "document.no_targets": ("本节无量化目标", "no quantitative target here"),
    "document.older": ("此文件已有更新版本", "A newer version of this plan exists"),
    "documents.title": ("规划文件", "Plans 规划文件"),
    "departments.title": ("责任部门", "Departments 责任部门"),
    "department.targets": ("承担的目标", "Its targets"),
    "department.docket": ("督办清单", "Supervision list 督办清单"),
    "department.no_docket": ("没有需要督办的目标。", "Nothing on the supervision list."),
    "compare.title": ("横向比较", "Comparison 横向比较"),
    "compare.indicator": ("指标", "Indicator 指标"),
    "compare.show": ("比较", "Compare"),
    "compare.chart": ("各辖区目标值与最新值", "Target and latest value by jurisdiction"),
    "compare.none": ("台账中没有可比较的指标。", "No indicator in the ledger to compare."),
    "compare.series.target": ("目标值", "target"),
    "compare.series.latest": ("最新值", "latest"),
    "upload.title": ("上传", "Upload 上传"),
    "upload.plan": ("上传规划文件", "Upload a plan"),
    "upload.review": ("审核抽取结果", "Review the extracted targets 审核"),
    "upload.open": ("查看规划", "Open the plan"),
    "upload.plan.help": ("支持 .txt、.docx、.pdf、.html；入库后自动抽取目标。",
                         ".txt, .docx, .pdf or .html; its targets are extracted when it is stored."),
    "upload.data": ("上传监测数据", "Upload monitoring data 监测数据"),
    "upload.data.help": ("填报表（.xlsx 或 .csv）：逐行校验，全部正确才导入，否则一条也不导入。",
                         "A filled reporting sheet (.xlsx or .csv): every row is checked; all rows go in or none."),
    "upload.department": ("以此部门身份导入（可选）", "Import as this department (optional)"),
    "upload.replace": ("覆盖已有数值", "Overwrite values already recorded"),
    "upload.submit": ("上传", "Upload"),
    "upload.rejected": ("文件有 {n} 处问题，未导入任何数据。", "The file has {n} problems; nothing was imported."),
    "upload.rejected_one": ("文件有 1 处问题，未导入任何数据。", "The file has 1 problem; nothing was imported."),
    "upload.imported": ("导入成功：新增 {added} 条，覆盖 {replaced} 条，未变 {unchanged} 条，空行 {skipped} 行。",
                        "Imported: {added} added, {replaced} replaced, {unchanged} unchanged, {skipped} blank."),
    "upload.stored": ("已入库：{title}，{targets} 项目标。", "Stored: {title}, {targets} targets."),
    "upload.unchanged": ("此文件已在台账中，未重复入库。", "This file is already in the ledger; nothing changed."),
    "upload.failed": ("上传失败：", "Upload failed: "),
    "job.title": ("处理进度", "Processing 处理进度"),
    "job.queued": ("排队中：前面还有 {n} 个文件", "Queued: {n} files ahead"),
    "job.reading": ("正在读取和抽取……", "Reading and extracting…"),
    "job.storing": ("正在写入台账……", "Storing in the ledger…"),
    "job.wait": ("本页每秒自动刷新，处理完成后显示结果。",
                 "This page reloads itself every second and shows the result when done."),
    "job.again": ("继续上传", "Upload another file"),
    "job.ledger": ("查看台账", "See the ledger"),
    "job.report_title": ("报告生成进度", "Report progress"),
    "job.assessing": ("正在汇总数据……", "Assessing the data…"),
    "job.writing": ("正在生成文档……", "Writing the document…"),
    "job.converting": ("正在转换为 PDF……", "Converting to PDF…"),
    "job.elapsed": ("已用时 {s} 秒", "{s} s elapsed"),
    "job.refresh": ("刷新", "Refresh"),
    "job.report_ready": ("报告已生成", "The report is ready"),
    "job.report_download": ("下载 {name}", "Download {name}"),
    "job.report_failed": ("报告生成失败：", "The report failed: "),
    "job.report_back": ("返回规划分析", "Back to the analysis"),
    "error.title": ("出错了", "Something went wrong"),
    "error.not_found": ("找不到该页面或记录", "Not found"),
    "error.back": ("返回总览", "Back to the overview"),
    "error.no_record": ("台账中没有编号为 {ident} 的{what}。", "No {what} {ident} in the ledger."),
    "error.lang": ("不支持的语言：{code}（可用 zh 或 en）", "Unknown language {code} — use zh or en"),
    "what.target": ("目标", "target"),
    "what.document": ("规划文件", "plan"),
    "what.department": ("部门", "department"),
    "none": ("—", "—"),
    "yes": ("是", "yes"),
    "kind.level": ("水平", "level 水平"),
    "kind.change": ("变化", "change 变化"),
    "kind.cumulative": ("累计", "cumulative 累计"),
    "kind.standard": ("标准", "standard 标准"),
    "footer": ("greentrack · 开源 · 数据保存在本机台账中", "greentrack · open source · data stays in the local ledger"),
    # login, the user box and the audit log (web/auth.py, pages_audit.py)
    "nav.audit": ("审计日志", "Audit log 审计日志"),
    "login.title": ("登录", "Log in 登录"),
    "login.name": ("用户名", "User name"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Log in"),
    "login.failed": ("用户名或密码错误。", "Wrong user name or password."),
    "login.demo": ("演示账号（仅供演示，密码公开）：", "Demo accounts (demo only — the passwords are public):"),
    "login.csrf": ("登录表单已过期，请重试。", "The login form expired; try again."),
    "logout": ("退出", "Log out"),
    "menu": ("菜单", "Menu"),
    "audit.title": ("审计日志", "Audit log 审计日志"),
    "audit.help": ("台账的每一次新增、修改、删除：操作人、时间（UTC）、对象、修改前后。日志只能追加，不能修改或删除。",
                   "Every create, update and delete in the ledger: who, when (UTC), what, before and after. "
                   "The log is append-only."),
    "audit.entity": ("对象类型", "Entity"),
    "audit.actor": ("操作人", "Actor"),
    "audit.since": ("起始时间", "Since"),
    "audit.filter": ("筛选", "Filter"),
    "audit.at": ("时间 (UTC)", "At (UTC)"),
    "audit.action": ("操作", "Action"),
    "audit.change": ("变化", "Change"),
    "audit.none": ("没有符合条件的记录。", "No entries match."),
    # the review (审核): pages_review.py, review.html, static/review.js
    "unreviewed": ("未审核", "unreviewed 未审核"),
    "unreviewed.note": ("标有“未审核”的记录是机器抽取的结果，尚未经人工核对。",
                        "Records marked 未审核 are machine output nobody has checked yet."),
    "col.review": ("审核", "Review 审核"),
    "review.open": ("审核", "Review 审核"),
    "review.title": ("审核 · {title}", "Review 审核 · {title}"),
    "review.progress": ("{total} 项目标 · 已确认 {confirmed} · 已修正 {corrected} · 已剔除 {rejected} · "
                        "已补录 {added} · 待审核 {to_review}",
                        "{total} targets · {confirmed} confirmed · {corrected} corrected · {rejected} rejected · "
                        "{added} added · {to_review} to review"),
    "review.task_progress": ("{total} 项任务 · 已确认 {confirmed} · 已修正 {corrected} · 已剔除 {rejected} · "
                             "已补录 {added} · 待审核 {to_review}",
                             "{total} tasks · {confirmed} confirmed · {corrected} corrected · {rejected} rejected · "
                             "{added} added · {to_review} to review"),
    "review.short": ("{total} 项 · 确认 {confirmed} · 修正 {corrected} · 补录 {added} · 剔除 {rejected} · "
                     "待审核 {to_review}",
                     "{total} targets · {confirmed} confirmed · {corrected} corrected · {added} added · "
                     "{rejected} rejected · {to_review} to review"),
    "review.tab.targets": ("目标", "Targets 目标"),
    "review.tab.tasks": ("任务", "Tasks 任务"),
    "review.keys": ("快捷键：j 或 ↓ 下一条 · k 或 ↑ 上一条 · c 确认 · x 剔除 · e 修改 · a 以选中的原文补录",
                    "Keys: j or ↓ next · k or ↑ previous · c confirm · x reject · e edit · a add from the "
                    "selected text"),
    "review.text": ("规划原文（选中文字可补录或改原文）",
                    "The plan's text (select words to add a record or set a quote)"),
    "review.records": ("记录（置信度由低到高）", "Records, lowest confidence first"),
    "review.confirm": ("确认", "Confirm"),
    "review.edit": ("修改", "Edit"),
    "review.reject": ("剔除", "Reject"),
    "review.add": ("补录", "Add"),
    "review.add_target": ("补录目标", "Add a target"),
    "review.add_task": ("补录任务", "Add a task"),
    "review.use_selection": ("以选中文字为原文", "Use the selected text as the quote"),
    "review.selection": ("已选中 {n} 字", "{n} characters selected"),
    "review.select_first": ("请先在左侧原文中选中文字。", "Select words in the plan's text first."),
    "review.reason": ("剔除理由", "Why it is not one"),
    "review.save": ("保存", "Save"),
    "review.cancel": ("取消", "Cancel"),
    "review.saved": ("已保存", "Saved"),
    "review.failed": ("未保存：", "Not saved: "),
    "review.confidence": ("置信度", "Confidence"),
    "review.doubts": ("存疑", "Doubts"),
    "review.previous": ("上一版本的审核结论：{state}（{by}）原文“{quote}”",
                        "The previous version's decision: {state} ({by}), quote “{quote}”"),
    "review.vanished": ("上一版本中已审核、但本版本找不到原文的记录", "Reviewed records of the previous version whose "
                        "statement is gone from this one"),
    "review.none": ("本文件没有这类记录。", "No such record in this plan."),
    "review.state.extracted": ("未审核", "unreviewed 未审核"),
    "review.state.confirmed": ("已确认", "confirmed 已确认"),
    "review.state.corrected": ("已修正", "corrected 已修正"),
    "review.state.rejected": ("已剔除", "rejected 已剔除"),
    "review.state.added": ("已补录", "added 已补录"),
    "review.field.indicator": ("指标", "Indicator 指标"),
    "review.field.indicator_id": ("指标库编码", "Catalog indicator"),
    "review.field.value": ("目标值", "Value"),
    "review.field.unit": ("单位", "Unit"),
    "review.field.comparator": ("比较", "Comparator"),
    "review.field.year": ("目标年", "Year"),
    "review.field.deadline": ("截止日期", "Deadline"),
    "review.field.kind": ("类型", "Kind"),
    "review.field.reference_year": ("比较基准年", "Reference year"),
    "review.field.baseline_value": ("基期值", "Baseline"),
    "review.field.baseline_year": ("基期年", "Baseline year"),
    "review.field.scope": ("范围", "Scope 范围"),
    "review.field.aspirational": ("力争（留有余地）", "Hedged 力争"),
    "review.field.binding": ("约束性/预期性", "Binding 约束性/预期性"),
    "review.field.departments": ("责任部门（用、分隔）", "Departments (separated by 、)"),
    "review.field.lead_departments": ("牵头部门（用、分隔）", "Lead departments 牵头 (separated by 、)"),
    "review.field.quote": ("原文", "Quote"),
    "review.field.text": ("任务内容", "Task"),
    # reporting cycles (填报周期) and reminders (催报): pages_cycles.py, cycles.html, cycle.html, _reminders.html
    "nav.cycles": ("填报周期", "Reporting 填报周期"),
    "cycles.title": ("填报周期", "Reporting cycles 填报周期"),
    "cycles.help": ("每个填报周期要求各责任部门在截止日期前报送所负责目标的监测数据和任务进展"
                    "（牵头部门报送；无牵头部门的由全部责任部门报送）。",
                    "Each reporting cycle asks the departments to report their targets' values and their tasks' "
                    "progress by its due date (the lead departments report; where none leads, all of them)."),
    "cycles.name": ("名称", "Name"),
    "cycles.period": ("填报期间", "Period"),
    "cycles.due": ("截止日期", "Due"),
    "cycles.opens": ("开始日期", "Opens"),
    "cycles.covers": ("范围", "Covers"),
    "cycles.counts": ("目标 {targets} 项 · 任务 {tasks} 项", "{targets} targets · {tasks} tasks"),
    "cycles.open_state": ("状态", "State"),
    "cycles.is_open": ("进行中", "open"),
    "cycles.is_closed": ("已关闭", "closed"),
    "cycles.none": ("还没有填报周期。", "No reporting cycle yet."),
    "cycles.open_new": ("发起填报周期", "Open a reporting cycle"),
    "cycles.open_help": ("周期涵盖该地区（含下辖地区）规划中的全部现行目标和任务。",
                         "The cycle covers every current target and task of the place's plans, places below "
                         "included."),
    "cycles.open_submit": ("发起", "Open"),
    "cycles.cycle_title": ("填报周期 · {name}", "Reporting cycle 填报周期 · {name}"),
    "cycles.targets": ("目标", "Targets"),
    "cycles.tasks": ("任务", "Tasks"),
    "cycles.reported": ("已报/应报", "Reported"),
    "cycles.state": ("填报状态", "State"),
    "cycles.last_report": ("最近报送", "Last report"),
    "cycles.reminders": ("催报次数", "Reminders"),
    "cycles.remind": ("催报", "Remind 催报"),
    "cycles.my_sheet": ("下载填报表", "Download my sheet"),
    "cycles.cycle": ("填报周期", "Cycle"),
    "cycles.upload_help": ("填好后在“上传”页面上传监测数据表。", "Once filled, upload it on the upload page:"),
    "cycles.close": ("关闭周期", "Close the cycle"),
    "cycles.unowned": ("另有 {n} 项未明确责任部门。", "{n} more items name no responsible department."),
    "cycles.owes_nothing": ("本部门在此周期无需填报。", "Your department owes no report in this cycle."),
    "cycles.nobody": ("没有部门需要填报。", "No department owes a report."),
    "cycles.reminded": ("已向 {department} 催报。", "Reminder sent to {department}."),
    "cycles.mailed": ("已发送邮件：{to}。", "E-mailed to {to}."),
    "cycles.mail_failed": ("催报已记录，但邮件未能发送：{reason}", "The reminder is stored, but the e-mail failed: "
                                                                   "{reason}"),
    "cycles.unknown": ("没有编号为 {ident} 的填报周期", "no reporting cycle {ident}"),
    "cycles.reminders_title": ("催报提醒", "Reminders 催报"),
    "cycles.no_reminders": ("没有催报提醒。", "No reminders."),
    "cycles.sent_by": ("{who} 于 {at} (UTC) 发出", "sent by {who} at {at} (UTC)"),
    "cycles.emailed": ("已邮件通知", "e-mailed"),
    "cycles.read": ("（最近一次已读）", "(latest read)"),
    "cycles.unread": ("（最近一次未读）", "(latest unread)"),
    "cycles.new": ("新", "new"),
}
LABELS.update(TASK_LABELS)  # task progress and 我的工作 (web/i18n_tasks.py)
LABELS.update(supervision_labels)  # the supervision pages' (督办事项), kept in their own module
LABELS.update(report_edit_labels)  # the report's edit page (报告文字编辑)


def normalise_lang(value: str | None) -> str | None:
    """`zh` or `en` when `value` names one, else None."""
    if value is None:
        return None
    value = value.strip().lower()
    return value if value in LANGS else None


def label(key: str, lang: str, **values: object) -> str:
    """The label for `key` in `lang`, with `{name}` placeholders filled; an unknown key shows itself."""
    pair = LABELS.get(key)
    text = key if pair is None else pair[LANGS.index(lang)]
    return text.format(**values) if values else text


def translator(lang: str) -> Callable[..., str]:
    """A `t(key, **values)` bound to one language, for templates."""

    def t(key: str, **values: object) -> str:
        return label(key, lang, **values)

    return t


def status_label(status: str, lang: str) -> str:
    """A track status in `lang`; English keeps the Chinese term beside (lagging 进度滞后)."""
    zh, en = STATUS_LABELS.get(status, (status, status))
    return zh if lang == "zh" else f"{en} {zh}"


def severity_label(severity: str, lang: str) -> str:
    """A warning level in `lang` (红色预警 / red 红色预警)."""
    zh, en = SEVERITY_LABELS.get(severity, (severity, severity))
    return zh if lang == "zh" else f"{en} {zh}"


def dimension_label(dimension: str, lang: str) -> str:
    """A catalog dimension (生态宜居) in `lang`."""
    english = DIMENSIONS.get(dimension)
    return dimension if lang == "zh" or english is None else f"{english} {dimension}"
