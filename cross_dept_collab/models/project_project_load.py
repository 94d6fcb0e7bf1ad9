"""project.project: its tasks' planned load (``collab.task.load``) follows the project opening,
closing (archived) and moving company."""

from odoo import models

LOAD_FIELDS = ("active", "collab_request_id", "company_id")


class ProjectProjectLoad(models.Model):
    _inherit = "project.project"

    def write(self, vals):
        result = super().write(vals)
        if any(fname in vals for fname in LOAD_FIELDS):
            self._collab_refresh_load()
        return result

    def _collab_refresh_load(self):
        """Rewrite the load rows of these projects' tasks (archived ones included)."""
        if self:
            self.env["collab.task.load"]._collab_refresh_all([("project_id", "in", self.ids)])
