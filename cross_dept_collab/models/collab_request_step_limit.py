"""The time limit of a flow step on the request's own decisions: when it fired and the system acted."""

from odoo import fields, models

from .collab_request_step import CollabRequestStep as BaseStep


class CollabRequestStep(models.Model):
    _inherit = "collab.request.step"

    _collab_workflow_fields = (*BaseStep._collab_workflow_fields, "limit_fired_on")

    limit_fired_on = fields.Datetime(
        "Time Limit Fired",
        readonly=True,
        copy=False,
        help="When the time limit of the flow step passed and the system acted on this decision.",
    )
