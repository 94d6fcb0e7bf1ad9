from odoo import models


class ResConfigSettings(models.TransientModel):
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "collab.company.settings.mixin"]

    def set_values(self):
        # Project's Milestones and Task Dependencies settings switch the feature on or off on every
        # project. A collaboration project's plan is built on both (phases, predecessors), so they
        # stay on there whatever the global setting says; the other projects follow core.
        collab_projects = self.env["project.project"].search([("collab_request_id", "!=", False)])
        result = super().set_values()
        collab_projects.filtered(lambda p: not (p.allow_milestones and p.allow_task_dependencies)).write(
            {"allow_milestones": True, "allow_task_dependencies": True}
        )
        return result
