from odoo import _, api, fields, models
from odoo.exceptions import UserError

NEEDS_REASON = ("return", "reject", "object", "sponsor_return", "cancel", "restart_review")


class CollabRequestReason(models.TransientModel):
    """The small dialog behind the buttons that need a reason or a lead department."""

    _name = "collab.request.reason"
    _description = "Collaboration Request Decision Dialog"

    request_id = fields.Many2one("collab.request", required=True)
    action = fields.Selection(
        [
            ("return", "Return to initiator"),
            ("reject", "Reject"),
            ("accept", "Accept and assign the lead department"),
            ("object", "Object"),
            ("sponsor_return", "Send back"),
            ("cancel", "Cancel the request"),
            ("withdraw", "Withdraw the request"),
            ("urge", "Urge the deciders"),
            ("restart_review", "Restart the department review"),
        ],
        required=True,
    )
    reason = fields.Text()
    lead_department_id = fields.Many2one("hr.department", string="Lead Department")
    sponsor_id = fields.Many2one(related="request_id.sponsor_id", readonly=False)
    needs_reason = fields.Boolean(compute="_compute_needs_reason")

    @api.depends("action")
    def _compute_needs_reason(self):
        for wizard in self:
            wizard.needs_reason = wizard.action in NEEDS_REASON

    @api.model_create_multi
    def create(self, vals_list):
        # the sponsor is chosen when accepting; other dialogs must not write it back to the request
        # (a revised request in second coordination refuses any other field)
        for vals in vals_list:
            if vals.get("action", self.env.context.get("default_action")) != "accept":
                vals.pop("sponsor_id", None)
        return super().create(vals_list)

    @api.model
    def _dialog_title(self, action):
        """The dialog's title: what the button does, in the reader's language."""
        return dict(self._fields["action"]._description_selection(self.env)).get(action) or _("Decision")

    @api.onchange("action", "request_id")
    def _onchange_action(self):
        if self.action == "accept" and not self.lead_department_id:
            self.lead_department_id = self.request_id.lead_department_id or self.request_id.initiating_department_id

    def action_confirm(self):
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        request = self.request_id
        if self.action == "accept":
            if not self.lead_department_id:
                raise UserError(_("Choose the lead department."))
            request.action_accept(self.lead_department_id.id)
        else:
            method = {
                "return": request.action_return,
                "reject": request.action_reject,
                "object": request.action_object,
                "sponsor_return": request.action_sponsor_return,
                "cancel": request.action_cancel,
                "withdraw": request.action_withdraw,
                "urge": request.action_urge,
                "restart_review": request.action_restart_review,
            }[self.action]
            method(self.reason)
        return {"type": "ir.actions.act_window_close"}
