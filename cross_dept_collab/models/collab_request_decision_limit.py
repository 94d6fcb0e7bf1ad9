"""The decision log's line of a time limit the system acted on (a hand-over to the coordinator,
or an automatic decision the workflow could not take)."""

from odoo import fields, models


class CollabRequestDecision(models.Model):
    _inherit = "collab.request.decision"

    action = fields.Selection(selection_add=[("time_limit", "Time limit passed")], ondelete={"time_limit": "cascade"})
