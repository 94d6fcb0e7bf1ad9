from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    collab_coordinator_id = fields.Many2one(
        "res.users",
        string="Collaboration Coordinator",
        domain=lambda self: [("groups_id", "in", self.env.ref("cross_dept_collab.group_collab_coordinator").id)],
        help="The PMO coordinator who reviews requests and stands in for departments without a manager.",
    )
    collab_default_sponsor_id = fields.Many2one(
        "res.users",
        string="Default Sponsor",
        domain=lambda self: [("groups_id", "in", self.env.ref("cross_dept_collab.group_collab_sponsor").id)],
        help="Proposed as sponsor on new collaboration requests.",
    )
    collab_review_hours = fields.Integer(
        string="PMO Review Deadline (hours)", default=24, help="Time the coordinator has to review a submitted request."
    )
    collab_lead_confirmation_hours = fields.Integer(string="Lead Confirmation Deadline (hours)", default=24)
    collab_department_review_hours = fields.Integer(string="Department Review Deadline (hours)", default=48)
    collab_sponsor_approval_hours = fields.Integer(string="Sponsor Approval Deadline (hours)", default=48)

    collab_remind_owner_days = fields.Integer(
        string="Remind Owners (days before end)",
        default=3,
        help="Days before a task's planned end its owners are reminded.",
    )
    collab_remind_head_days = fields.Integer(
        string="Remind Heads (days before end)",
        default=1,
        help="Days before a task's planned end the department head and the coordinator are reminded.",
    )
    collab_stale_hours = fields.Integer(
        string="Chase Silence After (hours)",
        default=24,
        help="An in-progress task without a progress update for this long chases its owners and their managers.",
    )
    # risks and issues (section 5): reporting window and the deadlines set at report time
    collab_risk_report_hours = fields.Integer(
        string="Risk Reporting Window (hours)",
        default=24,
        help="A risk or issue reported longer than this after its discovery is flagged as reported late.",
    )
    collab_risk_high_response_hours = fields.Integer(string="High Risk Response (hours)", default=24)
    collab_risk_medium_response_hours = fields.Integer(string="Medium Risk Response (hours)", default=72)
    collab_issue_normal_resolution_hours = fields.Integer(string="Normal Issue Resolution (hours)", default=72)
    collab_issue_urgent_response_hours = fields.Integer(string="Urgent Issue Response Plan (hours)", default=4)
    collab_issue_urgent_resolution_hours = fields.Integer(string="Urgent Issue Resolution (hours)", default=24)
    collab_issue_critical_response_hours = fields.Integer(string="Critical Issue Response Plan (hours)", default=1)
    collab_issue_critical_resolution_hours = fields.Integer(string="Critical Issue Resolution (hours)", default=24)

    _sql_constraints = [
        (
            "collab_deadlines_positive",
            "CHECK(collab_review_hours > 0 AND collab_lead_confirmation_hours > 0 "
            "AND collab_department_review_hours > 0 AND collab_sponsor_approval_hours > 0 "
            "AND collab_remind_owner_days >= 0 AND collab_remind_head_days >= 0 AND collab_stale_hours > 0)",
            "Collaboration deadlines must be positive numbers of hours.",
        ),
        (
            "collab_risk_deadlines_positive",
            "CHECK(collab_risk_report_hours > 0 AND collab_risk_high_response_hours > 0 "
            "AND collab_risk_medium_response_hours > 0 AND collab_issue_normal_resolution_hours > 0 "
            "AND collab_issue_urgent_response_hours > 0 AND collab_issue_urgent_resolution_hours > 0 "
            "AND collab_issue_critical_response_hours > 0 AND collab_issue_critical_resolution_hours > 0)",
            "Risk and issue deadlines must be positive numbers of hours.",
        ),
    ]
