from odoo import api, fields, models

from .collab_request_revision import render_changes


class CollabRequestDecision(models.Model):
    """The decision log of a request: who moved it, when, to where and why."""

    _name = "collab.request.decision"
    _description = "Collaboration Request Decision"
    _order = "date desc, id desc"

    request_id = fields.Many2one("collab.request", required=True, ondelete="cascade", index=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True)
    action = fields.Selection(
        [
            ("submit", "Submitted"),
            ("return", "Returned to the initiator"),
            ("reject", "Rejected"),
            ("accept", "Accepted by the PMO"),
            ("confirm_lead", "Lead department confirmed"),
            ("object", "Lead department objected"),
            ("open_second_coordination", "Second coordination opened"),
            ("restart_review", "Department review restarted"),
            ("reviews_complete", "All departments approved"),
            ("sponsor_approve", "Approved by the sponsor"),
            ("sponsor_return", "Sent back by the sponsor"),
            ("extra_approve", "Approved at a step of the flow"),
            ("cancel", "Cancelled"),
            ("plan_confirmed", "Plan confirmed, execution started"),
            ("accepted", "Deliverables accepted"),
            ("close", "Closed"),
            ("withdraw", "Withdrawn by the initiator"),
            ("return_to", "Returned to an earlier step"),
            ("urge", "Deciders urged"),
            ("cc", "CC changed"),
        ],
        required=True,
        readonly=True,
    )
    state_to = fields.Char("New State", readonly=True)
    flow_step_id = fields.Many2one(
        "collab.flow.step", string="Flow Step", readonly=True, help="The step of its approval flow the request went to."
    )
    reason = fields.Text(readonly=True)
    review_round = fields.Integer("Round", readonly=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    # restarting a review: what second coordination revised (data, rendered in the reader's language)
    changes = fields.Json("Revision Data", readonly=True)
    changes_text = fields.Text("Changes", compute="_compute_changes_text")

    @api.depends_context("lang")
    @api.depends("changes")
    def _compute_changes_text(self):
        for decision in self:
            decision.changes_text = "\n".join(decision._render_changes()) or False

    def _render_changes(self):
        self.ensure_one()
        return render_changes(self.env, self.changes)
