"""Who may do what: the documented access matrix of cross_dept_collab.

This table is the contract. ``tests/test_access_matrix.py`` performs every operation as every role
(through ``with_user``, the path XML-RPC takes) and fails on any difference; docs/security.md's
section prints the same table (``python3 tests/access_matrix.py`` renders it, and the test checks
that page holds it verbatim).
"""

ROLES = {
    "initiator": "Initiator (Marketing employee)",
    "emp_involved": "Employee of an involved department (R&D, task owner)",
    "emp_other": "Employee of another department",
    "head_own": "Head of an involved department (R&D)",
    "head_other": "Head of another department",
    "project_lead": "Project lead (head of the lead department)",
    "coordinator": "Coordinator (PMO)",
    "sponsor": "Sponsor",
    "internal": "Internal user without collaboration role",
    "portal": "Portal user",
}
SHORT = {
    "initiator": "Init",
    "emp_involved": "Emp+",
    "emp_other": "Emp-",
    "head_own": "Head+",
    "head_other": "Head-",
    "project_lead": "Lead",
    "coordinator": "PMO",
    "sponsor": "Spon",
    "internal": "Int",
    "portal": "Port",
}
COLLAB_USERS = {"initiator", "emp_involved", "emp_other", "head_own", "head_other", "project_lead"} | {
    "coordinator",
    "sponsor",
}
NOBODY = frozenset()

# (key, model, what is tried, roles that may)
OPERATIONS = [
    ("request_create", "collab.request", "create a draft request", COLLAB_USERS),
    ("request_edit_draft", "collab.request", "edit a draft (title)", {"initiator", "coordinator"}),
    ("request_edit_submitted", "collab.request", "edit a submitted request (title)", {"coordinator"}),
    ("request_write_state", "collab.request", "write `state`", NOBODY),
    ("request_write_number", "collab.request", "write `name`, `review_round`", NOBODY),
    ("request_choose_sponsor", "collab.request", "choose another sponsor", {"coordinator"}),
    ("request_unlink_draft", "collab.request", "delete a never-submitted draft", {"initiator", "coordinator"}),
    ("request_unlink_submitted", "collab.request", "delete a submitted request", NOBODY),
    ("request_submit", "collab.request", "`action_submit` (draft)", {"initiator", "coordinator"}),
    ("request_accept", "collab.request", "`action_accept` (PMO review)", {"coordinator"}),
    ("request_confirm_lead", "collab.request", "`action_confirm_lead`", {"project_lead"}),
    ("request_sponsor_approve", "collab.request", "`action_sponsor_approve`", {"sponsor"}),
    ("request_cancel", "collab.request", "`action_cancel` (under review)", {"initiator", "coordinator"}),
    ("request_withdraw", "collab.request", "`action_withdraw` (under review)", {"initiator"}),
    ("request_urge", "collab.request", "`action_urge` (under review)", {"initiator", "coordinator"}),
    ("request_cc_draft", "collab.request", "set `cc_user_ids` of a draft", {"initiator", "coordinator"}),
    ("request_cc_submitted", "collab.request", "set `cc_user_ids` of a submitted request", {"coordinator"}),
    ("request_return", "collab.request", "`action_return` (PMO review)", {"coordinator"}),
    ("request_reject", "collab.request", "`action_reject` (PMO review)", {"coordinator"}),
    ("request_object", "collab.request", "`action_object` (lead confirmation)", {"project_lead"}),
    ("request_sponsor_return", "collab.request", "`action_sponsor_return`", {"sponsor"}),
    (
        "request_return_to",
        "collab.request",
        "`action_return_to` an earlier step (sponsor approval)",
        {"sponsor"},
    ),
    ("line_add_draft", "collab.request.line", "add an ask to a draft", {"initiator", "coordinator"}),
    ("line_edit_submitted", "collab.request.line", "edit an ask of a submitted request", {"coordinator"}),
    ("line_move", "collab.request.line", "move an ask to another request", NOBODY),
    ("decision_write", "collab.request.decision", "edit or delete the decision log", NOBODY),
    ("approval_feedback", "collab.approval", "write feedback on a pending review", {"head_own", "coordinator"}),
    ("approval_write_state", "collab.approval", "write `state`, `approver_id`, `round`", NOBODY),
    ("approval_create", "collab.approval", "create a review", NOBODY),
    ("approval_unlink", "collab.approval", "delete a review", NOBODY),
    ("approval_approve", "collab.approval", "`action_approve`", {"head_own"}),
    ("approval_feedback_decided", "collab.approval", "rewrite a decided review", NOBODY),
    ("approval_request_changes", "collab.approval", "`action_request_changes`", {"head_own"}),
    (
        "approval_transfer",
        "collab.approval",
        "`action_transfer` to the department's deputy",
        {"head_own", "coordinator"},
    ),
    (
        "approval_transfer_anyone",
        "collab.approval",
        "`action_transfer` to another department's member",
        {"coordinator"},
    ),
    ("approval_add_approver", "collab.approval", "`action_add_approver` (before)", {"head_own", "coordinator"}),
    ("approval_write_trail", "collab.approval", "write `previous_decider_ids`, `decision_step`", NOBODY),
    ("signoff_write_state", "collab.signoff", "write `state`, `user_id`, `active`", NOBODY),
    ("signoff_unlink", "collab.signoff", "delete a sign-off", NOBODY),
    ("signoff_sign", "collab.signoff", "`action_sign` (charter)", {"head_own"}),
    ("signoff_refuse", "collab.signoff", "`action_refuse` (charter)", {"head_own"}),
    ("signoff_add_approver", "collab.signoff", "`action_add_approver` (parallel)", {"head_own", "coordinator"}),
    ("acceptance_write_result", "collab.acceptance", "write `result`", NOBODY),
    ("acceptance_pass", "collab.acceptance", "`action_pass`", {"head_own", "project_lead", "coordinator"}),
    ("acceptance_fail", "collab.acceptance", "`action_fail`", {"head_own", "project_lead", "coordinator"}),
    (
        "change_create",
        "collab.change.request",
        "file a change request",
        {"head_own", "project_lead", "coordinator", "sponsor"},
    ),
    ("change_write_state", "collab.change.request", "write `state`, `approver_id`", NOBODY),
    ("change_approve", "collab.change.request", "`action_approve`", {"sponsor"}),
    ("change_reject", "collab.change.request", "`action_reject`", {"sponsor"}),
    ("change_transfer", "collab.change.request", "`action_transfer` to another user", {"coordinator"}),
    ("delegation_own", "collab.delegation", "set a delegation for oneself", COLLAB_USERS | {"internal"}),
    ("delegation_other", "collab.delegation", "set a delegation for someone else", {"coordinator"}),
    ("meeting_write_state", "collab.meeting", "write `state`", NOBODY),
    ("retrospective_write_state", "collab.retrospective", "write `state`", NOBODY),
    (
        "risk_create",
        "collab.risk",
        "file a risk",
        {"emp_involved", "head_own", "project_lead", "coordinator", "sponsor"},
    ),
    ("risk_write_state", "collab.risk", "write `state`, `escalation_level`", NOBODY),
    ("risk_write_deadline", "collab.risk", "push `date_response_due`", NOBODY),
    ("risk_escalate", "collab.risk", "`action_escalate` (owner: the project lead)", {"project_lead", "coordinator"}),
    (
        "progress_own_task",
        "collab.progress.update",
        "report progress on the task (owner, department head)",
        {"emp_involved", "head_own", "coordinator"},
    ),
    ("progress_forge_reporter", "collab.progress.update", "report in someone else's name", NOBODY),
    (
        "member_own_liaison",
        "collab.project.member",
        "change own department's liaison",
        {"head_own", "project_lead", "coordinator"},
    ),
    (
        "member_other_liaison",
        "collab.project.member",
        "change another department's liaison",
        {"project_lead", "coordinator"},
    ),
    ("task_write_status", "project.task", "write `acceptance_state`, `collab_status`, `wbs_code`", NOBODY),
    ("project_write_state", "project.project", "write `charter_state`, `plan_state`", NOBODY),
    ("project_change_sponsor", "project.project", "change the sponsor of a request's project", {"coordinator"}),
    ("project_plan_signoff", "project.project", "`action_request_plan_signoff`", {"project_lead", "coordinator"}),
    ("project_repoint_group", "project.project", "write `collab_channel_id` (the project group)", NOBODY),
    (
        "group_read",
        "discuss.channel",
        "read the project group and its posts",
        {"emp_involved", "head_own", "project_lead", "coordinator", "sponsor"},
    ),
    (
        "document_read",
        "collab.document",
        "read a library document and its file",
        {"emp_involved", "head_own", "project_lead", "coordinator", "sponsor"},
    ),
    (
        "document_upload",
        "collab.document",
        "upload a document to the library",
        {"emp_involved", "head_own", "project_lead", "coordinator"},
    ),
    (
        "document_new_version",
        "collab.document",
        "Upload New Version of a document",
        {"emp_involved", "head_own", "project_lead", "coordinator"},
    ),
    ("document_version_rewrite", "collab.document.version", "write a version's `number`, `attachment_id`", NOBODY),
    ("document_category_create", "collab.document.category", "create a library category", {"coordinator"}),
    (
        "project_save_template",
        "project.project",
        "`action_collab_save_as_template`",
        {"project_lead", "coordinator"},
    ),
    ("request_template_draft", "collab.request", "set `project_template_id` of a draft", {"initiator", "coordinator"}),
    (
        "request_template_submitted",
        "collab.request",
        "set `project_template_id` of a submitted request",
        {"coordinator"},
    ),
    ("baseline_take", "project.project", "`action_collab_take_baseline`", {"project_lead", "coordinator"}),
    (
        "baseline_choose",
        "project.project",
        "write `collab_baseline_id` (the baseline compared with)",
        {"project_lead", "coordinator"},
    ),
    (
        "baseline_read",
        "collab.plan.baseline",
        "read a plan baseline and its tasks",
        {"emp_involved", "head_own", "project_lead", "coordinator", "sponsor"},
    ),
    ("baseline_rewrite", "collab.plan.baseline", "write a baseline's or its task's dates", NOBODY),
    ("baseline_delete", "collab.plan.baseline", "delete a baseline", NOBODY),
    (
        "load_read",
        "collab.report.department.load",
        "read a department's weekly load (R&D)",
        {"head_own", "coordinator"},
    ),
    (
        "load_person_read",
        "collab.task.load",
        "read a department's load per person (R&D)",
        {"head_own", "coordinator"},
    ),
    ("load_rewrite", "collab.report.department.load", "write or delete a department's load", NOBODY),
    (
        "lag_set",
        "collab.task.dependency.lag",
        "give a task's predecessor a lag (who may edit the task)",
        {"emp_involved", "head_own", "project_lead", "coordinator", "sponsor"},
    ),
    (
        "resource_commit",
        "collab.resource.line",
        "commit people or budget in a pending review",
        {"head_own"},
    ),
    ("resource_commit_decided", "collab.resource.line", "change a decided review's commitment", NOBODY),
    (
        "resource_line_read",
        "collab.resource.line",
        "read a review's commitment",
        {"initiator", "emp_involved", "head_own", "project_lead", "coordinator", "sponsor"},
    ),
    (
        "resource_request_create",
        "collab.resource.request",
        "ask a department of the project for resources (draft)",
        {"project_lead", "coordinator"},
    ),
    ("resource_request_approve", "collab.resource.request", "`action_approve` (asked of R&D)", {"head_own"}),
    (
        "resource_request_withdraw",
        "collab.resource.request",
        "`action_withdraw` (asked)",
        {"project_lead", "coordinator"},
    ),
    (
        "resource_request_read",
        "collab.resource.request",
        "read a resource request",
        {"emp_involved", "head_own", "project_lead", "coordinator", "sponsor"},
    ),
    ("resource_request_write_state", "collab.resource.request", "write `state`, `user_id`", NOBODY),
    (
        "register_read",
        "collab.resource.register",
        "read a department's resources of the project",
        {"emp_involved", "head_own", "project_lead", "coordinator", "sponsor"},
    ),
    (
        "register_record_used",
        "collab.resource.register",
        "record what R&D used",
        {"head_own", "project_lead", "coordinator"},
    ),
    ("register_write_department", "collab.resource.register", "move a register row to another department", NOBODY),
    ("flow_read", "collab.flow", "read an approval flow", COLLAB_USERS),
    ("flow_create", "collab.flow", "create an approval flow", {"coordinator"}),
    ("flow_edit", "collab.flow", "edit an approval flow (its rules)", {"coordinator"}),
    ("flow_step_edit", "collab.flow.step", "edit a step of an approval flow", {"coordinator"}),
    ("flow_version_write", "collab.flow", "edit a frozen version of a flow", NOBODY),
    (
        "flow_review_approve",
        "collab.request.step",
        "`action_approve` a step of the company's flow (asked of Logistics' head)",
        {"head_other"},
    ),
    (
        "flow_review_read",
        "collab.request.step",
        "read a flow step's decision and the request's path",
        {"initiator", "emp_involved", "head_own", "head_other", "project_lead", "coordinator", "sponsor"},
    ),
]


# Why a refused cell is refused: a reason code per operation (the same for every refused role) or
# ``(code, {role: code})`` when some roles are refused for another reason. The test matches the
# code's pattern against the refusal's text ("a|b": either reason): a refusal for the wrong reason (an outsider stopped by
# a missing right where the workflow should have spoken, a crash turned into an AccessError…)
# fails like a wrong outcome.
REASONS = {
    # Odoo: the role has no right on the model at all (ir.model.access)
    "acl": r"You are not allowed to (access|create|modify|delete) '[^']+' \(",
    "rule": r"Looks like you have stumbled upon some top-secret records",
    "workflow": r"change only through its buttons \(the workflow\), not by editing",
    "not_editable": r"it can no longer be edited",
    "keeps_log": r"keeps its decision log: cancel it instead of deleting it",
    "not_decider": r"Only .+ can decide on ",
    "not_operator": r"Only .+ or the coordinator can do this on ",
    "coordinator_only": r"Only the coordinator can set ",
    "initiator_or_coordinator": r"Only the initiator of .+ or the coordinator can do this\.",
    "initiator_only": r"Only the initiator of .+ can withdraw it",
    "cc_rights": r"Only the initiator \(while drafting\) or the coordinator \(while it is open\) can change who is CC'd",
    "not_a_candidate": r"may not decide on .+: transfer it to a head or deputy of the department, or ask the coordinator",
    "own_delegations": r"You can set delegations for yourself only; HR officers and the coordinator set them for others",
    "not_in_project": r"You cannot file a risk or issue on the project .+: you do not have access to it",
    "portal_task_fields": r"You cannot write on the following fields on tasks",
    "own_deliverable": r"its deliverable is accepted by someone else, not by you",
    "risk_owner": r"Only the owner of .+, the project lead or the coordinator can do this",
    "progress_owner": r"Only the owners of .+ or their department's head can report its progress",
    "signoff_asker": r"Only the project lead, the lead department's head or the coordinator can ask for sign-offs",
    "template_rights": r"Only the initiator \(while drafting\) or the coordinator \(while it is open\) can choose the "
    r"project template",
    "template_saver": r"Only the project lead or the coordinator can save .+ as a template",
    "not_in_team": r"Only the project's team .+ add documents and versions to its library",
    "baseline_taker": r"Only the project lead or the coordinator can take or choose a baseline of ",
    "lag_planner": r"You cannot set the lags of .+: only who may edit the task's plan \(its predecessors\) can",
    "decided": r"has already been decided",
    "resource_asker": r"Only the lead of .+ or the coordinator can ask its departments for resources",
    "resource_preparer": r"Only the requester of .+, the project lead or the coordinator can do this",
    "used_recorder": r"Only the liaison of .+ in .+, the project lead or the coordinator can record what it used",
}

# Odoo's rights and rules name the model they refuse: the operation's own, or for these the record
# it belongs to (an ask is checked through its request; a portal user's write on a review stops at
# the first related record it reads: its request or its department)
REFUSED_ON = {
    "line_add_draft": ("collab.request",),
    "approval_feedback_decided": ("collab.request", "hr.department"),
    # a commitment is checked through its review (its decider)
    "resource_commit": ("collab.approval",),
    "resource_commit_decided": ("collab.approval",),
}

REFUSAL_REASONS = {
    "project_repoint_group": (
        "workflow",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "rule", "portal": "rule"},
    ),
    "group_read": "rule",
    "document_read": ("rule", {"internal": "acl", "portal": "acl"}),
    "document_upload": ("not_in_team", {"internal": "acl", "portal": "acl"}),
    "document_new_version": (
        "not_in_team",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "document_version_rewrite": (
        "workflow",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "document_category_create": "acl",
    "project_save_template": (
        "template_saver",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "rule", "portal": "rule"},
    ),
    "baseline_take": (
        "baseline_taker",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "rule", "portal": "rule"},
    ),
    "baseline_choose": (
        "baseline_taker",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "rule", "portal": "rule"},
    ),
    "baseline_read": ("rule", {"internal": "acl", "portal": "acl"}),
    "baseline_rewrite": (
        "workflow",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "baseline_delete": "acl",
    "load_read": ("rule", {"internal": "acl", "portal": "acl"}),
    "load_person_read": ("rule", {"internal": "acl", "portal": "acl"}),
    "load_rewrite": "acl",
    "lag_set": ("lag_planner", {"internal": "acl", "portal": "acl"}),
    "resource_commit": ("not_decider", {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"}),
    "resource_commit_decided": (
        "decided",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "resource_line_read": ("rule", {"internal": "acl", "portal": "acl"}),
    "resource_request_create": ("resource_asker", {"internal": "acl", "portal": "acl"}),
    "resource_request_approve": (
        "not_decider",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "resource_request_withdraw": (
        "resource_preparer",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "resource_request_read": ("rule", {"internal": "acl", "portal": "acl"}),
    "resource_request_write_state": (
        "workflow",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "register_read": ("rule", {"internal": "acl", "portal": "acl"}),
    "register_record_used": (
        "used_recorder",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "register_write_department": (
        "workflow",
        {"initiator": "rule", "emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "flow_read": "acl",
    "flow_create": "acl",
    "flow_edit": "acl",
    "flow_step_edit": "acl",
    "flow_version_write": ("not_editable", {"internal": "acl", "portal": "acl"}),
    "flow_review_approve": ("not_decider", {"emp_other": "rule", "internal": "acl", "portal": "acl"}),
    "flow_review_read": ("rule", {"internal": "acl", "portal": "acl"}),
    "request_template_draft": (
        "template_rights",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_template_submitted": (
        "template_rights",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_create": "acl",
    "request_edit_draft": ("rule", {"internal": "acl", "portal": "acl"}),
    "request_edit_submitted": (
        "not_editable",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_write_state": (
        "workflow",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_write_number": (
        "workflow",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_choose_sponsor": (
        "coordinator_only",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_unlink_draft": ("rule", {"internal": "acl", "portal": "acl"}),
    "request_unlink_submitted": ("rule", {"coordinator": "keeps_log", "internal": "acl", "portal": "acl"}),
    "request_submit": (
        "initiator_or_coordinator",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_accept": ("not_decider", {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"}),
    "request_confirm_lead": (
        "not_decider",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_sponsor_approve": (
        "not_decider",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_cancel": (
        "initiator_or_coordinator",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_withdraw": (
        "initiator_only",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_urge": (
        "initiator_or_coordinator",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_cc_draft": ("cc_rights", {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"}),
    "request_cc_submitted": (
        "cc_rights",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_return": ("not_decider", {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"}),
    "request_reject": ("not_decider", {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"}),
    "request_object": ("not_decider", {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"}),
    "request_sponsor_return": (
        "not_decider",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "request_return_to": (
        "not_decider",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "line_add_draft": ("rule", {"internal": "acl", "portal": "acl"}),
    "line_edit_submitted": "not_editable",
    "line_move": "workflow",
    "decision_write": "acl",
    "approval_feedback": ("rule", {"internal": "acl", "portal": "acl"}),
    "approval_write_state": "workflow",
    "approval_create": "workflow",
    "approval_unlink": "acl",
    "approval_approve": (
        "not_decider",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "approval_feedback_decided": ("not_editable", {"portal": "acl"}),
    "approval_request_changes": (
        "not_decider",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "approval_transfer": (
        "not_operator",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "approval_transfer_anyone": (
        "not_operator",
        {"emp_other": "rule", "head_own": "not_a_candidate", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "approval_add_approver": (
        "not_operator",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "approval_write_trail": "workflow",
    "signoff_write_state": (
        "rule",
        {
            "head_own": "workflow",
            "project_lead": "workflow",
            "coordinator": "workflow",
            "sponsor": "workflow",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "signoff_unlink": "acl",
    "signoff_sign": (
        "rule",
        {
            "project_lead": "not_decider",
            "coordinator": "not_decider",
            "sponsor": "not_decider",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "signoff_refuse": (
        "rule",
        {
            "project_lead": "not_decider",
            "coordinator": "not_decider",
            "sponsor": "not_decider",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "signoff_add_approver": (
        "rule",
        {"project_lead": "not_operator", "sponsor": "not_operator", "internal": "acl", "portal": "acl"},
    ),
    # outsiders: the record's rules or the workflow guard speak first, depending on what the
    # write reads before it checks (both say they may not)
    "acceptance_write_result": (
        "workflow",
        {
            "emp_other": "rule|workflow",
            "head_other": "rule|workflow",
            "internal": "acl|workflow",
            "portal": "acl|workflow",
        },
    ),
    "acceptance_pass": (
        "not_decider",
        {
            "emp_involved": "own_deliverable",
            "emp_other": "rule",
            "head_other": "rule",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "acceptance_fail": (
        "not_decider",
        {
            "emp_involved": "own_deliverable",
            "emp_other": "rule",
            "head_other": "rule",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "change_create": ("rule", {"internal": "acl", "portal": "acl"}),
    "change_write_state": (
        "rule",
        {
            "head_own": "workflow",
            "project_lead": "workflow",
            "coordinator": "workflow",
            "sponsor": "workflow",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "change_approve": (
        "rule",
        {
            "head_own": "not_decider",
            "project_lead": "not_decider",
            "coordinator": "not_decider",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "change_reject": (
        "rule",
        {
            "head_own": "not_decider",
            "project_lead": "not_decider",
            "coordinator": "not_decider",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "change_transfer": (
        "rule",
        {
            "head_own": "not_operator",
            "project_lead": "not_operator",
            "sponsor": "not_a_candidate",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "delegation_own": "acl",
    "delegation_other": "own_delegations",
    "meeting_write_state": (
        "rule",
        {
            "head_own": "workflow",
            "project_lead": "workflow",
            "coordinator": "workflow",
            "sponsor": "workflow",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "retrospective_write_state": (
        "rule",
        {
            "head_own": "workflow",
            "project_lead": "workflow",
            "coordinator": "workflow",
            "sponsor": "workflow",
            "internal": "acl",
            "portal": "acl",
        },
    ),
    "risk_create": "not_in_project",
    "risk_write_state": ("workflow", {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"}),
    "risk_write_deadline": (
        "workflow",
        {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"},
    ),
    "risk_escalate": ("risk_owner", {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"}),
    "progress_own_task": ("progress_owner", {"internal": "acl", "portal": "acl"}),
    "progress_forge_reporter": "workflow",
    "member_own_liaison": ("rule", {"internal": "acl", "portal": "acl"}),
    "member_other_liaison": ("rule", {"internal": "acl", "portal": "acl"}),
    "task_write_status": (
        "workflow",
        {
            "initiator": "rule",
            "emp_other": "rule",
            "head_other": "rule",
            "internal": "rule",
            "portal": "portal_task_fields",
        },
    ),
    "project_write_state": (
        "rule",
        {
            "emp_involved": "workflow",
            "head_own": "workflow",
            "project_lead": "workflow",
            "coordinator": "workflow",
            "sponsor": "workflow",
        },
    ),
    "project_change_sponsor": (
        "rule",
        {
            "emp_involved": "coordinator_only",
            "head_own": "coordinator_only",
            "project_lead": "coordinator_only",
            "sponsor": "coordinator_only",
        },
    ),
    "project_plan_signoff": (
        "rule",
        {"emp_involved": "signoff_asker", "head_own": "signoff_asker", "sponsor": "signoff_asker"},
    ),
}


def refusal_reason(key, role):
    """The reason code documented for ``role`` being refused ``key`` ("a|b": either)."""
    spec = REFUSAL_REASONS[key]
    default, overrides = (spec, {}) if isinstance(spec, str) else spec
    reason = overrides.get(role, default)
    # a write of workflow fields by someone who may not even read or write the record: the workflow
    # guard speaks first when the record is already in the cache, the rights or rules when they are
    # read first (what a cold RPC call sees) — both refuse for a documented reason
    workflow_write = default == "workflow" or key.endswith(("_write_state", "_write_result", "_write_trail"))
    if workflow_write and reason in ("rule", "acl"):
        reason = f"{reason}|workflow"
    elif workflow_write and reason == "workflow" and role in OUTSIDERS:
        reason = f"{OUTSIDERS[role]}|workflow"
    elif reason == "not_editable" and role in OUTSIDERS and OUTSIDERS[role] not in reason:
        # rewriting a decided record one may not even read: the same, the rules or the "decided" check
        reason = f"{OUTSIDERS[role]}|not_editable"
    return reason


# who may neither read nor write a department's records: what refuses them first besides the
# workflow guard (the record rules, or the access rights of a user without the module's groups)
OUTSIDERS = {"emp_other": "rule", "head_other": "rule", "internal": "acl", "portal": "acl"}


def refusal_pattern(key, role):
    """The pattern the refusal's text must match."""
    return "|".join(f"(?:{REASONS[code]})" for code in refusal_reason(key, role).split("|"))


def expected(key):
    for op_key, _model, _label, roles in OPERATIONS:
        if op_key == key:
            return {role: role in roles for role in ROLES}
    raise KeyError(key)


def render_markdown():
    """The matrix as a Markdown table (✓ may, · may not), one row per operation."""
    header = "| model | operation | " + " | ".join(SHORT[r] for r in ROLES) + " |"
    lines = [header, "|" + " --- |" * (len(ROLES) + 2)]
    for _key, model, label, roles in OPERATIONS:
        cells = " | ".join("✓" if role in roles else "·" for role in ROLES)
        lines.append(f"| `{model}` | {label} | {cells} |")
    legend = ", ".join(f"{SHORT[r]} = {ROLES[r]}" for r in ROLES)
    return "\n".join(lines) + "\n\n" + legend + "\n"


if __name__ == "__main__":
    print(render_markdown())
