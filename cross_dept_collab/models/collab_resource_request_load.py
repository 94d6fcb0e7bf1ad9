"""collab.resource.request: what a request asks counts in the department's load once approved."""

from odoo import models


class CollabResourceRequestLoad(models.Model):
    _inherit = "collab.resource.request"

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:
            # derived data, see collab.task.load._collab_refresh_resources
            self.env["collab.task.load"]._collab_refresh_resources(self.sudo().line_ids.ids)
        return result
