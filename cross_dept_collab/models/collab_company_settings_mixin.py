from odoo import fields, models


class CollabCompanySettingsMixin(models.AbstractModel):
    """The company's collaboration settings, as editable fields of a settings form.

    One declaration for the two forms that show them: Odoo's Settings (``res.config.settings``,
    administrators) and the coordinator's own form (``collab.settings``). The values live on the
    company (``res.company``); each form has the company in ``company_id``.
    """

    _name = "collab.company.settings.mixin"
    _description = "Collaboration settings of a company"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    collab_coordinator_id = fields.Many2one(related="company_id.collab_coordinator_id", readonly=False)
    collab_default_sponsor_id = fields.Many2one(related="company_id.collab_default_sponsor_id", readonly=False)
    collab_allow_self_approval = fields.Boolean(related="company_id.collab_allow_self_approval", readonly=False)
    collab_review_hours = fields.Integer(related="company_id.collab_review_hours", readonly=False)
    collab_lead_confirmation_hours = fields.Integer(related="company_id.collab_lead_confirmation_hours", readonly=False)
    collab_department_review_hours = fields.Integer(related="company_id.collab_department_review_hours", readonly=False)
    collab_sponsor_approval_hours = fields.Integer(related="company_id.collab_sponsor_approval_hours", readonly=False)
    collab_urge_hours = fields.Integer(related="company_id.collab_urge_hours", readonly=False)
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
    collab_decision_coordinator_factor = fields.Float(
        related="company_id.collab_decision_coordinator_factor", readonly=False
    )
    collab_decision_sponsor_factor = fields.Float(related="company_id.collab_decision_sponsor_factor", readonly=False)
    collab_group_post = fields.Boolean(related="company_id.collab_group_post", readonly=False)
