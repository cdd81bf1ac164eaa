"""The authorization policy: who may do what, and on which targets and places. Pure: no SQL, no HTTP.

A `Principal` is the acting user with its scope already looked up (`ledger/users.py` builds it): the
GB/T 2260 codes of its jurisdiction and everything below it, and — for a department reporter — the
ids of the targets its department answers for (lead or supporting). The service layer asks
`require(principal, action)` before it works and `sees_target` / `may_report` while it works, so the
CLI, the API and the dashboard are held to the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from greentrack.errors import Forbidden, UsageError

ADMINISTRATOR = "administrator"
COORDINATOR = "coordinator"
REPORTER = "reporter"
VIEWER = "viewer"
ROLES = (ADMINISTRATOR, COORDINATOR, REPORTER, VIEWER)
ROLE_LABELS = {ADMINISTRATOR: "管理员 administrator", COORDINATOR: "协调办公室 coordinator",
               REPORTER: "部门填报员 department reporter", VIEWER: "只读用户 viewer"}
# Names people type for a role.
ROLE_ALIASES = {"admin": ADMINISTRATOR, "department reporter": REPORTER, "department": REPORTER,
                "管理员": ADMINISTRATOR, "协调": COORDINATOR, "填报": REPORTER, "只读": VIEWER}

# action → the roles that may take it at all; the scope checks below narrow it to targets and places.
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),  # the ledger, targets, documents, departments, status, warnings, exports
    "report": frozenset({ADMINISTRATOR, COORDINATOR, REPORTER}),  # record observations, import sheets
    "template": frozenset({ADMINISTRATOR, COORDINATOR, REPORTER}),  # a department's reporting workbook
    "upload_plan": frozenset({ADMINISTRATOR, COORDINATOR}),
    "review": frozenset({ADMINISTRATOR, COORDINATOR}),  # confirm, correct, reject, add targets and tasks (审核)
    "analyse": frozenset({ADMINISTRATOR, COORDINATOR, VIEWER}),  # contradictions, decomposition, ambition …
    "midterm_report": frozenset({ADMINISTRATOR, COORDINATOR, VIEWER}),
    "edit_report": frozenset({ADMINISTRATOR, COORDINATOR}),  # the report's sections, 公文 frame, kept evaluation
    "audit": frozenset({ADMINISTRATOR, COORDINATOR}),
    "manage_users": frozenset({ADMINISTRATOR}),
    # the supervision loop (docs/supervision.md): the office runs cycles and items in its place; a department
    # reports its tasks and answers its items, for its own department only (the services check which)
    "run_cycles": frozenset({ADMINISTRATOR, COORDINATOR}),  # open, close a reporting cycle; 催报
    "supervise": frozenset({ADMINISTRATOR, COORDINATOR}),  # create, issue, close, return, escalate 督办 items
    "report_task": frozenset({ADMINISTRATOR, COORDINATOR, REPORTER}),  # a task's state, note and evidence
    "answer": frozenset({ADMINISTRATOR, COORDINATOR, REPORTER}),  # answer a 督办 item
}
ACTION_LABELS = {"read": "查看台账 read the ledger", "report": "填报数据 report values",
                 "template": "下载填报表 get a reporting sheet", "upload_plan": "上传规划 upload plans",
                 "review": "审核目标 review targets and tasks",
                 "analyse": "规划分析 analyses", "midterm_report": "中期评估报告 the mid-term report",
                 "edit_report": "编辑评估报告 edit the mid-term report",
                 "audit": "审计日志 the audit log", "manage_users": "用户管理 manage users",
                 "run_cycles": "管理填报周期 run reporting cycles", "supervise": "督查督办 supervise",
                 "report_task": "填报任务进展 report task progress", "answer": "答复督办 answer a supervision item"}


@dataclass(frozen=True)
class Principal:
    """The acting user and its scope.

    `places` None means every place (an administrator); `target_ids` is set for a department reporter
    only: the targets (any plan version) its department answers for.
    """

    name: str
    role: str
    jurisdiction_code: str | None = None
    jurisdiction_name: str | None = None
    department_id: int | None = None
    department: str | None = None
    places: frozenset[str] | None = None
    target_ids: frozenset[int] | None = None
    user_id: int | None = None

    @property
    def label(self) -> str:
        """The role as shown to people (Chinese with the English term)."""
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def everywhere(self) -> bool:
        """True when no place narrows what this user sees (an administrator)."""
        return self.places is None and self.target_ids is None


def normalise_role(text: str) -> str:
    """A role name as stored (administrator, coordinator, reporter, viewer) from what a person typed."""
    key = text.strip().lower()
    role = key if key in ROLES else ROLE_ALIASES.get(key)
    if role is None:
        raise UsageError(f"unknown role {text!r} — use one of {', '.join(ROLES)}")
    return role


def allowed(principal: Principal, action: str) -> bool:
    """Whether the role may take `action` at all."""
    return principal.role in PERMISSIONS[action]


def require(principal: Principal, action: str) -> None:
    """Forbidden, naming the user, its role and the action, unless the role may take it."""
    if not allowed(principal, action):
        raise Forbidden(f"{principal.name}（{principal.label}）无权{ACTION_LABELS[action]} — "
                        f"the role {principal.role} may not do this; ask an administrator")


def sees_place(principal: Principal, code: str | None) -> bool:
    """Whether a place (and so its plans and values) lies inside the user's jurisdiction."""
    return principal.places is None or (code is not None and code in principal.places)


def sees_target(principal: Principal, target_id: int, jurisdiction_code: str | None) -> bool:
    """Whether the user may see a target: its department's for a reporter, its jurisdiction's otherwise."""
    if principal.target_ids is not None:
        return target_id in principal.target_ids
    return principal.places is None or (jurisdiction_code is not None and jurisdiction_code in principal.places)


def require_target(principal: Principal, target_id: int, jurisdiction_code: str | None) -> None:
    """Forbidden with the reason unless the user may see the target."""
    if sees_target(principal, target_id, jurisdiction_code):
        return
    if principal.role == REPORTER:
        raise Forbidden(f"目标 {target_id} 不属于 {principal.department or '你的部门'} — target {target_id} is not one "
                        "your department answers for (lead or supporting); only its own departments may see or "
                        "report it")
    raise Forbidden(f"目标 {target_id} 不在 {principal.jurisdiction_name or '你的辖区'} 范围内 — target {target_id} "
                    "lies outside your jurisdiction")


def may_report(principal: Principal, target_id: int, jurisdiction_code: str | None) -> None:
    """Forbidden unless the user may record values for the target (the role may report, and it sees it)."""
    require(principal, "report")
    if principal.role == REPORTER and principal.target_ids is not None and target_id not in principal.target_ids:
        raise Forbidden(f"{principal.department or principal.name} 不能为目标 {target_id} 填报 — target "
                        f"{target_id} belongs to other departments; a reporter may report only targets its "
                        "own department answers for (lead or supporting)")
    require_target(principal, target_id, jurisdiction_code)


def require_place(principal: Principal, code: str | None, name: str | None = None) -> None:
    """Forbidden unless the place lies inside the user's jurisdiction."""
    if principal.places is None or (code is not None and code in principal.places):
        return
    raise Forbidden(f"{name or code or '该地区'} 不在 {principal.jurisdiction_name or '你的辖区'} 范围内 — "
                    f"{name or code} lies outside your jurisdiction")


def visible(principal: Principal, items: Iterable[tuple[int, str | None]]) -> set[int]:
    """The ids among (target id, jurisdiction code) pairs the user may see."""
    return {target_id for target_id, code in items if sees_target(principal, target_id, code)}
