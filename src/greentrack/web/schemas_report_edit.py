"""The API models of the report's words and frame: its sections 一–四 (the office's text or the draft) and the
place's 公文 settings (发文机关, 文号, 主送, 抄送)."""

from __future__ import annotations

from pydantic import Field

from greentrack.web.schemas import Model


class ReportSection(Model):
    """One section of the report's body: the office's text where it edited one, else the draft from the data."""

    key: str = Field(description="basic · progress · problems · plans (一 … 四)")
    title: str = Field(description="基本情况 · 主要进展成效 · 存在问题及原因 · 下步工作打算")
    paragraphs: list[str]
    edited: bool = Field(description="true: the office's text; false: the draft")
    edited_by: str | None = None
    edited_at: str | None = Field(None, description="when it was edited, UTC (ISO 8601 with Z)")


class ReportSections(Model):
    """The four sections of a place's report, in order."""

    jurisdiction: str
    as_of: str
    sections: list[ReportSection]


class SectionText(Model):
    """The office's text of one section: paragraphs one a line (blank lines ignored)."""

    section: str = Field(description="basic · progress · problems · plans")
    text: str = Field(description="the section's text, at most 20,000 characters")


class ReportSettings(Model):
    """A place's 公文 frame of its report; a field sent empty or null is cleared."""

    issuer: str | None = Field(None, description="发文机关 (also its 落款)")
    doc_number: str | None = Field(None, description="文号, e.g. 金绿发〔2026〕3号")
    recipients: str | None = Field(None, description="主送机关")
    copies: str | None = Field(None, description="抄送")
    updated_by: str | None = Field(None, description="who set them last (ignored when sent)")
    updated_at: str | None = Field(None, description="when, UTC (ignored when sent)")
