from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.collab_decision_mixin import ADD_MODES


class CollabDecisionTransfer(models.TransientModel):
    """The small dialog behind the Transfer (转交) and Add Approver (加签) buttons of a decision."""

    _name = "collab.decision.transfer"
    _description = "Transfer a Decision or Add Approvers"

    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(required=True, readonly=True)
    operation = fields.Selection(
        [("transfer", "Transfer"), ("add", "Add Approvers")], default="transfer", required=True, readonly=True
    )
    user_id = fields.Many2one("res.users", string="Transfer To", domain=[("share", "=", False)])
    # no field domain: the ORM would silently drop a user outside it; the picker offers internal
    # users (view) and the operation refuses any other with its reason
    user_ids = fields.Many2many("res.users", string="Approvers to Add")
    mode = fields.Selection(ADD_MODES, default="parallel", required=True)
    reason = fields.Text(required=True)

    def _decision(self):
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        # a model's ``_inherit`` is its last extension's: ask the class whether it is a decision
        if self.res_model not in self.env or not isinstance(
            self.env[self.res_model], self.env.registry["collab.decision.mixin"]
        ):
            raise UserError(_("This dialog works on decisions only."))
        decision = self.env[self.res_model].browse(self.res_id).exists()
        if not decision:
            raise UserError(_("The decision no longer exists."))
        return decision

    @api.model
    def _check_chosen(self, users):
        if not users:
            raise UserError(_("Choose who should decide."))

    def action_confirm(self):
        decision = self._decision()
        if self.operation == "transfer":
            self._check_chosen(self.user_id)
            decision.action_transfer(self.user_id.id, self.reason)
        else:
            self._check_chosen(self.user_ids)
            decision.action_add_approver(self.user_ids.ids, self.mode, self.reason)
        return {"type": "ir.actions.act_window_close"}
