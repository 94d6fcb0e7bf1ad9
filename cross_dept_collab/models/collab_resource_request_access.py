from odoo import models


class CollabResourceRequest(models.Model):
    """A resource request is read by who reads its project (its read rule), besides its deciders.

    Kept apart from the model's base file: the base is loaded before My Approvals (whose SQL view
    reads its table), the project mixin only later."""

    _name = "collab.resource.request"
    _inherit = ["collab.resource.request", "collab.project.readable"]
