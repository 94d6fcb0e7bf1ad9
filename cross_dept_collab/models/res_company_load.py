"""res.company: the planned load of its collaboration tasks follows its working calendar."""

from odoo import models


class ResCompanyLoad(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        result = super().write(vals)
        if "resource_calendar_id" in vals:
            self.env["collab.task.load"]._collab_refresh_all(
                [("project_id.collab_request_id", "!=", False), ("project_id.company_id", "in", self.ids)]
            )
        return result
