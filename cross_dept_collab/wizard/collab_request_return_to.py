from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CollabRequestReturnTo(models.TransientModel):
    """The "Return to a Step" dialog: the current step's decider picks a step of the path already
    passed (or the initiator) and says why (collab_request_return.py decides)."""

    _name = "collab.request.return.to"
    _description = "Return to a Step"

    request_id = fields.Many2one("collab.request", required=True, ondelete="cascade", readonly=True)
    # the deciding record: the caller's step or department review (none: the coordinator, in
    # second coordination, returns the request itself)
    step_id = fields.Many2one("collab.request.step", ondelete="cascade", readonly=True)
    approval_id = fields.Many2one("collab.approval", ondelete="cascade", readonly=True)
    request_label = fields.Char("Request Name", readonly=True)
    option_ids = fields.One2many("collab.request.return.to.option", "wizard_id", readonly=True)
    option_id = fields.Many2one(
        "collab.request.return.to.option",
        string="Return To",
        domain="[('wizard_id', '=', id)]",
        help="A step the request has passed, or its initiator.",
    )
    reason = fields.Text(help="Why the request goes back: its deciders read it.")

    @api.model_create_multi
    def create(self, vals_list):
        # the choice is checked against the dialog's own options (over RPC anything can be sent)
        choices = [vals.pop("option_id", None) for vals in vals_list]
        wizards = super().create(vals_list)
        for wizard, choice in zip(wizards, choices, strict=True):
            if choice:
                wizard.write({"option_id": choice})
        return wizards

    def write(self, vals):
        choice = vals.get("option_id")
        if choice:
            for wizard in self:
                if not isinstance(choice, int) or isinstance(choice, bool) or choice not in wizard.option_ids.ids:
                    raise UserError(_("Choose the step to return the request to among those the dialog offers."))
        return super().write(vals)

    @api.model
    def _collab_open(self, request, decision):
        """The dialog for ``request``, returned by ``decision`` (the caller's; the request itself
        in second coordination): one option per step passed, and the initiator."""
        request = request.sudo()
        options = [
            fields.Command.create({"sequence": 0, "target_index": -1, "name": request._collab_step_label(-1)})
        ] + [
            fields.Command.create(
                {"sequence": index + 1, "target_index": index, "name": request._collab_step_label(index)}
            )
            for index in request._collab_return_targets()
        ]
        # sudo: the dialog is the caller's own (its decider's authority was checked by the caller);
        # it names a request the caller may not read in full (a decider from outside its departments)
        wizard = self.sudo().create(
            {
                "request_id": request.id,
                "step_id": decision.id if decision._name == "collab.request.step" else False,
                "approval_id": decision.id if decision._name == "collab.approval" else False,
                "request_label": request.display_name,
                "option_ids": options,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Return to a Step"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_confirm(self):
        self.env["collab.workflow.guard"]._collab_records_arg(self)
        if not self.option_id or self.option_id.wizard_id != self:
            raise UserError(_("Choose the step to return the request to."))
        decision = self.step_id or self.approval_id or self.request_id
        decision.action_return_to(self.option_id.target_index, self.reason or None)
        return {"type": "ir.actions.act_window_close"}
