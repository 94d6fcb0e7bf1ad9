from odoo import _, api, fields, models
from odoo.exceptions import UserError

NEEDS_REASON = ("return", "reject", "object", "sponsor_return", "cancel", "restart_review")
# the request's refusals and the decision's own word asking for their reason (collab.decision.mixin)
PROMPT_OF_ACTION = {
    "return": "return",
    "reject": "reject",
    "object": "object",
    "sponsor_return": "send_back",
    "cancel": "cancel",
}


class CollabRequestReason(models.TransientModel):
    """The small dialog behind the buttons that need a reason or a lead department: the request's
    own buttons (``action``), and every negative decision of a decision record — objecting,
    returning, sending back, rejecting, requesting changes, refusing, failing — named by its model,
    id and choice (``res_model``, ``res_id``, ``decision``: a key of its ``_collab_decision_choices``)."""

    _name = "collab.request.reason"
    _description = "Collaboration Request Decision Dialog"

    request_id = fields.Many2one("collab.request")
    res_model = fields.Char("Decision Model", readonly=True)
    res_id = fields.Many2oneReference("Decision Record", model_field="res_model", readonly=True)
    decision = fields.Char(readonly=True)
    prompt = fields.Char(compute="_compute_prompt")
    reason_label = fields.Char(compute="_compute_prompt")
    date_label = fields.Char(compute="_compute_prompt")
    needs_date = fields.Boolean(compute="_compute_prompt")
    date_value = fields.Date("Date")
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
    )
    reason = fields.Text()
    lead_department_id = fields.Many2one(
        "hr.department", string="Lead Department", domain="[('id', 'in', request_department_ids)]"
    )
    request_department_ids = fields.Many2many(
        "hr.department", string="Departments of the Request", compute="_compute_request_department_ids"
    )
    sponsor_id = fields.Many2one(related="request_id.sponsor_id", readonly=False)
    needs_reason = fields.Boolean(compute="_compute_needs_reason")

    @api.depends("request_id")
    def _compute_request_department_ids(self):
        """The lead is chosen among the request's departments (initiating, involved, proposed):
        the coordinator adds a department to the request before making it the lead."""
        for wizard in self:
            wizard.request_department_ids = wizard.request_id._collab_departments()

    @api.depends("action", "decision")
    def _compute_needs_reason(self):
        for wizard in self:
            wizard.needs_reason = wizard.action in NEEDS_REASON or bool(wizard.decision)

    @api.depends("action", "res_model", "res_id", "decision")
    def _compute_prompt(self):
        Decision = self.env["collab.decision.mixin"]
        for wizard in self:
            wizard.prompt = wizard.reason_label = wizard.date_label = False
            wizard.needs_date = False
            if wizard.decision:
                choice = wizard._decision_choice()
                for item in choice["inputs"]:
                    if item["type"] == "date":
                        wizard.date_label = item["label"]
                        wizard.needs_date = True
                    else:
                        wizard.reason_label = item["label"]
                        wizard.prompt = item.get("prompt") or False
            elif wizard.action in PROMPT_OF_ACTION:
                wizard.prompt = Decision._decision_reason_prompt(PROMPT_OF_ACTION[wizard.action])

    def _decision_record(self):
        """The decision record the dialog decides (a decision model only), as the caller."""
        self.ensure_one()
        model = self.res_model
        if not model or model not in self.env or not hasattr(self.env[model], "_collab_take_decision"):
            raise UserError(_("This dialog does not decide anything."))
        record = self.env[model].browse(self.res_id).exists()
        if not record:
            raise UserError(_("The decision no longer exists."))
        return record

    def _decision_choice(self):
        return self._decision_record()._collab_decision_choice(self.decision)

    @api.model
    def _decision_dialog(self, record, choice):
        """The dialog of ``choice`` (a negative decision) on ``record``, titled with its word; what
        the decider already typed on the form (the button saved it) is carried into it."""
        context = {
            "default_res_model": record._name,
            "default_res_id": record.id,
            "default_decision": choice["key"],
        }
        for item in choice["inputs"]:
            typed = record[item["name"]] if item["name"] in record._fields else False
            if item["type"] == "date":
                context["default_date_value"] = fields.Date.to_string(typed) if typed else False
            else:
                context["default_reason"] = typed or record[record._decision_comment_field] or False
        return {
            "type": "ir.actions.act_window",
            "name": choice["label"],
            "res_model": self._name,
            "view_mode": "form",
            "views": [(self.env.ref("cross_dept_collab.collab_request_reason_view_form").id, "form")],
            "target": "new",
            "context": context,
        }

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
        if self.decision:
            return self._confirm_decision()
        request = self.request_id
        if not request or not self.action:
            raise UserError(_("This dialog does not decide anything."))
        if self.action in PROMPT_OF_ACTION and not (self.reason or "").strip():
            raise UserError(self.prompt)
        if self.action == "accept":
            if not self.lead_department_id:
                raise UserError(_("Choose the lead department."))
            request.action_accept(self.lead_department_id.id, reason=self.reason)
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

    def _confirm_decision(self):
        record = self._decision_record()
        choice = record._collab_decision_choice(self.decision)
        values = {}
        for item in choice["inputs"]:
            if item["type"] == "date":
                values[item["name"]] = fields.Date.to_string(self.date_value) if self.date_value else False
            else:
                values[item["name"]] = self.reason or False
        record._collab_take_decision(self.decision, values)
        return {"type": "ir.actions.act_window_close"}
