from odoo import fields, models


class CollabChangeRequestReject(models.TransientModel):
    """The dialog behind the approver's Reject button: the reason is required."""

    _name = "collab.change.request.reject"
    _description = "Reject a Change Request"

    change_request_id = fields.Many2one("collab.change.request", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        self.change_request_id.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
