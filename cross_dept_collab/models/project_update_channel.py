"""project.update: the published weekly status is posted in the project group."""

from odoo import api, models


class ProjectUpdateChannel(models.Model):
    _inherit = "project.update"

    @api.model_create_multi
    def create(self, vals_list):
        updates = super().create(vals_list)
        for update in updates:
            update.project_id._collab_group_post(
                update,
                lambda local: local.env._(
                    "Weekly status %(update)s published by %(user)s: %(status)s, %(progress)s%% done.",
                    update=local.name,
                    user=local.user_id.name or self.env.user.name,
                    status=dict(local._fields["status"]._description_selection(local.env)).get(local.status, ""),
                    progress=local.progress,
                ),
            )
        return updates
