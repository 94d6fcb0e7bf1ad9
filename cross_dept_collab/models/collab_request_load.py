"""collab.request: its project's tasks count in the departments' load while the request is open
(closed, rejected or cancelled: they drop out; reopened: they come back)."""

from odoo import models

from .collab_request import END_STATES


class CollabRequestLoad(models.Model):
    _inherit = "collab.request"

    def write(self, vals):
        if "state" not in vals and "project_id" not in vals and "review_round" not in vals:
            return super().write(vals)
        was_open = {request.id: request.state not in END_STATES for request in self}
        result = super().write(vals)
        # sudo: the load is derived data of every department, whoever moved the request
        changed = self.sudo().filtered(
            lambda r: r.project_id and ("project_id" in vals or was_open[r.id] != (r.state not in END_STATES))
        )
        changed.project_id._collab_refresh_load()
        if "project_id" in vals or "review_round" in vals:
            # the reviews' commitments count for the project of the current round
            self.env["collab.task.load"]._collab_refresh_resources(self.sudo().approval_ids.resource_line_ids.ids)
        return result
