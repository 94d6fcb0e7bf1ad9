"""collab.change.request: an applied change request keeps the plan it made as a baseline."""

from odoo import models


class CollabChangeRequestBaseline(models.Model):
    _inherit = "collab.change.request"

    def _apply(self):
        result = super()._apply()
        # named after the change request, linked to it: the reason of the tasks it moved
        self.project_id._collab_take_baseline(self.name, "change", change_request=self)
        return result
