"""Department reviews under a flow step with a time limit: the step they decide, and when its
limit fired and the system acted."""

from odoo import fields, models

from .collab_approval import CollabApproval as BaseApproval


class CollabApproval(models.Model):
    _inherit = "collab.approval"

    _collab_workflow_fields = (*BaseApproval._collab_workflow_fields, "flow_step_id", "flow_position", "limit_fired_on")

    flow_step_id = fields.Many2one(
        "collab.flow.step", string="Flow Step", readonly=True, index="btree_not_null", ondelete="set null"
    )
    flow_position = fields.Integer(readonly=True, default=-1, help="The request's step of its path it decides.")
    limit_fired_on = fields.Datetime(
        "Time Limit Fired",
        readonly=True,
        copy=False,
        help="When the time limit of the flow step passed and the system acted on this review.",
    )
