from odoo import _, api, models

from .project_project_status import WEEKLY_STATUS_ACTIVITY


class ProjectUpdate(models.Model):
    _inherit = "project.update"

    @api.model_create_multi
    def create(self, vals_list):
        updates = super().create(vals_list)
        updates._close_weekly_status_asks()
        return updates

    def _close_weekly_status_asks(self):
        """Publishing a status answers the week's "Publish the weekly status" activity."""
        for update in self:
            # sudo: the ask is assigned to the project lead; any published update answers it
            update.project_id.sudo().activity_feedback(
                [WEEKLY_STATUS_ACTIVITY], feedback=_("Published: %(update)s", update=update.name)
            )
