"""The labels of the report's edit page (报告文字编辑), in Chinese and English; `i18n.LABELS` takes them in."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "re.title": ("{place}中期评估报告 · 编辑正文", "{place} mid-term report 中期评估报告 · edit the text"),
    "re.intro": ("正文四部分由系统根据台账数据起草；编辑后保存，以后生成的报告使用编辑后的文字。“恢复草稿”放弃编辑，"
                 "重新使用根据数据起草的文字。每段一行。",
                 "The body's four sections are drafted from the ledger's data; once edited and saved, every later "
                 "report uses the edited text. Reset goes back to the draft from the data. One paragraph a line."),
    "re.open": ("编辑报告正文", "Edit the report's text"),
    "re.draft": ("草稿", "Draft 草稿"),
    "re.edited": ("已编辑 · {by} · {at}", "Edited 已编辑 · {by} · {at}"),
    "re.save": ("保存", "Save"),
    "re.reset": ("恢复草稿", "Reset to the draft"),
    "re.saved": ("已保存。", "Saved."),
    "re.was_reset": ("已恢复为草稿。", "Reset to the draft."),
    "re.settings": ("公文格式", "Document frame 公文格式"),
    "re.settings.help": ("报告首页和版记使用的发文机关、文号、主送和抄送；生成报告时可逐项另行指定。",
                         "The issuing office, number, recipients and copies the report's first page and colophon "
                         "show; a report made from the command line may override each."),
    "re.issuer": ("发文机关", "Issuing office 发文机关"),
    "re.doc_number": ("文号", "Document number 文号"),
    "re.recipients": ("主送机关", "Recipients 主送"),
    "re.copies": ("抄送", "Copies 抄送"),
    "re.settings.save": ("保存公文格式", "Save the frame"),
    "re.settings.by": ("最近修改：{by} · {at}", "Last changed by {by} · {at}"),
    "re.back": ("返回规划分析", "Back to the analysis"),
    "re.section.basic": ("一、基本情况", "1. Overview 基本情况"),
    "re.section.progress": ("二、主要进展成效", "2. Progress and results 主要进展成效"),
    "re.section.problems": ("三、存在问题及原因", "3. Problems and their causes 存在问题及原因"),
    "re.section.plans": ("四、下步工作打算", "4. Next steps 下步工作打算"),
}
