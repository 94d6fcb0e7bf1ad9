from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    collab_coordinator_id = fields.Many2one(related="company_id.collab_coordinator_id", readonly=False)
    collab_default_sponsor_id = fields.Many2one(related="company_id.collab_default_sponsor_id", readonly=False)
    collab_review_hours = fields.Integer(related="company_id.collab_review_hours", readonly=False)
    collab_lead_confirmation_hours = fields.Integer(related="company_id.collab_lead_confirmation_hours", readonly=False)
    collab_department_review_hours = fields.Integer(related="company_id.collab_department_review_hours", readonly=False)
    collab_sponsor_approval_hours = fields.Integer(related="company_id.collab_sponsor_approval_hours", readonly=False)
    collab_remind_owner_days = fields.Integer(related="company_id.collab_remind_owner_days", readonly=False)
    collab_remind_head_days = fields.Integer(related="company_id.collab_remind_head_days", readonly=False)
    collab_stale_hours = fields.Integer(related="company_id.collab_stale_hours", readonly=False)
    collab_risk_report_hours = fields.Integer(related="company_id.collab_risk_report_hours", readonly=False)
    collab_risk_high_response_hours = fields.Integer(
        related="company_id.collab_risk_high_response_hours", readonly=False
    )
    collab_risk_medium_response_hours = fields.Integer(
        related="company_id.collab_risk_medium_response_hours", readonly=False
    )
    collab_issue_normal_resolution_hours = fields.Integer(
        related="company_id.collab_issue_normal_resolution_hours", readonly=False
    )
    collab_issue_urgent_response_hours = fields.Integer(
        related="company_id.collab_issue_urgent_response_hours", readonly=False
    )
    collab_issue_urgent_resolution_hours = fields.Integer(
        related="company_id.collab_issue_urgent_resolution_hours", readonly=False
    )
    collab_issue_critical_response_hours = fields.Integer(
        related="company_id.collab_issue_critical_response_hours", readonly=False
    )
    collab_issue_critical_resolution_hours = fields.Integer(
        related="company_id.collab_issue_critical_resolution_hours", readonly=False
    )
    collab_sla_time = fields.Selection(related="company_id.collab_sla_time", readonly=False)
    collab_urge_hours = fields.Integer(related="company_id.collab_urge_hours", readonly=False)

    def set_values(self):
        # Project's Milestones and Task Dependencies settings switch the feature on or off on every
        # project. A collaboration project's plan is built on both (phases, predecessors), so they
        # stay on there whatever the global setting says; the other projects follow core.
        collab_projects = self.env["project.project"].search([("collab_request_id", "!=", False)])
        result = super().set_values()
        collab_projects.filtered(lambda p: not (p.allow_milestones and p.allow_task_dependencies)).write(
            {"allow_milestones": True, "allow_task_dependencies": True}
        )
        return result
